import Foundation
import Corpus
import Harness
import NormalizationReference
import Playback
import Testing

/// Every outcome the judge can give, from hand-made step results on small cases.
@Suite struct JudgeTests {
    /// adapt [1, 2, 3, 4, 5] with axis=None, then call [1, 2, 3] (doc example 1).
    static let adaptThenCall = GoldenCase(
        id: "t.adapt-call", description: "test", clauses: [], tags: [], level: .doc, exactIn: .float32,
        steps: [
            Step(.construct(Construction(axis: .none))),
            Step(.adapt(.array(NDArray([1, 2, 3, 4, 5]))), expecting: .statistics(mean: NDArray(scalar: 3), variance: NDArray(scalar: 2))),
            Step(.call(input: NDArray([1, 2, 3])), expecting: .output(NDArray([-1.4142135623730951, -0.7071067811865476, 0]))),
        ])

    /// build on (None, 3) with axis=3: out of range at step 1.
    static let buildError = GoldenCase(
        id: "t.build-error", description: "test", clauses: [], tags: [], level: .keras, exactIn: .float16,
        steps: [
            Step(.construct(Construction(axis: .index(3)))),
            Step(.build(inputShape: [nil, 3]), expecting: .error(ErrorExpectation(NormalizationError.axisOutOfRange(ndim: 2, axis: [3])))),
        ])

    static let float32 = JudgeOptions(tolerance: .defaults(for: .float32))
    static let ok = StepResult.ok(output: nil, statistics: nil)

    func verdict(_ results: [StepResult]?, on goldenCase: GoldenCase = adaptThenCall, options: JudgeOptions = float32) -> CaseVerdict {
        Judge.verdict(on: goldenCase, epsilon: 1e-7, results: results, options: options)
    }

    func output(_ values: [Double], shape: [Int]? = nil) -> StepResult {
        .ok(output: NDArray(shape: shape ?? [values.count], scalars: values), statistics: nil)
    }

    func statistics(_ mean: Double, _ variance: Double) -> StepResult {
        .ok(output: nil, statistics: Statistics(mean: NDArray(scalar: mean), variance: NDArray(scalar: variance)))
    }

    @Test func float32AnswerPasses() {
        let float32Output = [-1.4142135, -0.70710677, 0].map { Double(Float($0)) }
        let result = verdict([Self.ok, statistics(3, 2), output(float32Output)])
        #expect(result.outcome == .pass)
        #expect((result.outputs?.maxULP ?? 9) <= 1)
    }

    @Test func valuesShapesNaNAndMissingOutputsFail() {
        #expect(verdict([Self.ok, statistics(3, 2), output([-1.4142135623730951, -0.70710677, 0.001])]).outcome == .fail)
        #expect(verdict([Self.ok, statistics(3, 2), output([-1.4, -0.7, 0], shape: [1, 3])]).detail.contains("shape"))
        #expect(verdict([Self.ok, statistics(3, 2), output([.nan, -0.70710677, 0])]).outcome == .fail)
        #expect(verdict([Self.ok, statistics(3, 2), Self.ok]).detail.contains("no output"))
        #expect(verdict([Self.ok, statistics(3, 2)]).detail.contains("no result for step 2"))
    }

    /// Reported statistics are judged, and the failure says adapt went wrong.
    @Test func wrongStatisticsBlameAdapt() {
        let result = verdict([Self.ok, statistics(3, 2.5), output([-1.4142135, -0.70710677, 0])])
        #expect(result.outcome == .fail && result.step == 1 && result.detail.contains("variance"))
    }

    @Test func errorOutcomes() {
        let raise = { (code: String?, exception: String) in StepResult.error(RaisedError(exception: exception, message: "m", code: code)) }
        #expect(verdict([Self.ok, raise(nil, "ValueError")], on: Self.buildError).outcome == .pass)
        #expect(verdict([Self.ok, raise(nil, "KeyError")], on: Self.buildError).outcome == .wrongError)
        #expect(verdict([Self.ok, raise("stats_rank", "ValueError")], on: Self.buildError).outcome == .wrongError)
        #expect(verdict([Self.ok, Self.ok], on: Self.buildError).outcome == .missingError)
        #expect(verdict([raise("axis_out_of_range", "ValueError")], on: Self.buildError).outcome == .earlyError)
        #expect(verdict([raise("axis_out_of_range", "ValueError")], on: Self.buildError).conforms)
        let strict = JudgeOptions(tolerance: .defaults(for: .float32), strictStages: true)
        #expect(!verdict([raise("axis_out_of_range", "ValueError")], on: Self.buildError, options: strict).conforms)
        #expect(verdict([Self.ok, raise(nil, "ValueError")]).outcome == .unexpectedError)
    }

    @Test func notRunUnsupportedAndNotApplicable() {
        #expect(verdict(nil).outcome == .notRun && !verdict(nil).conforms)
        #expect(verdict([Self.ok, .unsupported(reason: "no batches")]).outcome == .unsupported)
        let float16 = JudgeOptions(tolerance: .defaults(for: .float16))
        #expect(verdict([Self.ok], options: float16).outcome == .notApplicable)
        let inexact = JudgeOptions(tolerance: .defaults(for: .float16), includeInexact: true)
        #expect(verdict([Self.ok], options: inexact).outcome == .fail)
    }

    @Test func expectationsTurnOutcomes() throws {
        let expectations = try ExpectationsFile(parsing: "t.adapt-call xfail  # known\n", file: "e")
        let cases = CorpusDocument(spec: "test", epsilon: 1e-7, generator: "test", cases: [Self.adaptThenCall])
        let failing = ResultsDocument(implementation: "i", implementationVersion: "1", dtype: "float32",
                                      cases: ["t.adapt-call": .steps([Self.ok, statistics(9, 2)])])
        let verdicts = ConformanceRun.judge(failing, corpus: cases, selection: Selection(), expectations: expectations, options: Self.float32)
        #expect(verdicts.map(\.outcome) == [.xfail] && verdicts[0].conforms)
        let passing = ResultsDocument(implementation: "i", implementationVersion: "1", dtype: "float32",
                                      cases: ["t.adapt-call": .steps([Self.ok, statistics(3, 2), output([-1.4142135, -0.70710677, 0])])])
        #expect(ConformanceRun.judge(passing, corpus: cases, selection: Selection(), expectations: expectations, options: Self.float32).map(\.outcome) == [.xpass])
        #expect(throws: ExpectationsFile.SyntaxError.self) { try ExpectationsFile(parsing: "t.adapt-call xfail\n", file: "e") }
    }

    /// Special values as the tolerance article says.
    @Test func specialValues() {
        let inf = GoldenCase(id: "t.inf", description: "t", clauses: [], tags: [], level: .keras, exactIn: .float32, steps: [
            Step(.construct(Construction(mean: NDArray(scalar: 1), variance: NDArray(scalar: 4)))),
            Step(.call(input: NDArray([.infinity, .nan, 1])), expecting: .output(NDArray([.infinity, .nan, 0]))),
        ])
        #expect(verdict([Self.ok, output([.infinity, .nan, -0.0])], on: inf).outcome == .pass)
        #expect(verdict([Self.ok, output([-.infinity, .nan, 0])], on: inf).outcome == .fail)
        #expect(verdict([Self.ok, output([.infinity, 0, 0])], on: inf).outcome == .fail)
    }

    /// A float16-policy case: mean 0.5, variance 0 (eps 2^-23), call [1.5, 0.5, 0.5 − 2^-12].
    static let halfPolicy = GoldenCase(
        id: "t.half", description: "test", clauses: [], tags: [], level: .keras, exactIn: .float16,
        steps: [
            Step(.construct(Construction(mean: NDArray(scalar: 0.5), variance: NDArray(scalar: 0), dtypePolicy: .float16))),
            Step(.call(input: NDArray([1.5, 0.5, 0.5 - 0x1p-12])), expecting: .output(NDArray([.infinity, 0, -2048]))),
        ])

    /// Format 1.1: judged in float16, a reported dtype must be the compute dtype, and the
    /// values must be float16 values.
    @Test func policyCasesAreJudgedInTheComputeDtype() {
        #expect(verdict([Self.ok, output([.infinity, 0, -2048])], on: Self.halfPolicy).outcome == .pass)
        // One float16 ulp (2 at 2048) is within 2 ulps of float16, not of float32.
        #expect(verdict([Self.ok, output([.infinity, 0, -2050])], on: Self.halfPolicy).outcome == .pass)
        let wrongDtype = verdict([Self.ok, .ok(output: NDArray([.infinity, 0, -2048]), statistics: nil, dtype: .float32)], on: Self.halfPolicy)
        #expect(wrongDtype.outcome == .fail && wrongDtype.detail.contains("output dtype float32, expected float16"))
        let notHalf = verdict([Self.ok, output([.infinity, 0, -2049])], on: Self.halfPolicy)
        #expect(notHalf.outcome == .fail && notHalf.detail.contains("not float16 values"))
    }

    /// A results file of format 1.0 knew nothing of policies: such cases are not applicable.
    @Test func format10ResultsMakePolicyCasesNotApplicable() {
        let corpus = CorpusDocument(spec: "test", epsilon: 1e-7, generator: "test", cases: [Self.adaptThenCall, Self.halfPolicy])
        let ok = StepResult.ok(output: NDArray([-1.4142135, -0.70710677, 0].map { Double(Float($0)) }), statistics: nil)
        var document = ResultsDocument(implementation: "old", implementationVersion: "1", dtype: "float32", formatVersion: "1.0",
                                       cases: ["t.adapt-call": .steps([Self.ok, Self.ok, ok]), "t.half": .steps([Self.ok, Self.ok])])
        let verdicts = ConformanceRun.judge(document, corpus: corpus, selection: Selection(), expectations: ExpectationsFile(), options: Self.float32)
        #expect(verdicts.map(\.outcome) == [.pass, .notApplicable])
        document.formatVersion = "1.1"
        let judged = ConformanceRun.judge(document, corpus: corpus, selection: Selection(), expectations: ExpectationsFile(), options: Self.float32)
        #expect(judged.map(\.outcome) == [.pass, .fail])
    }

    /// An implementation names an error by its code, optionally with its exception class.
    @Test func layerErrorsAreJudgedByCode() {
        struct Raising: NormalizationImplementation {
            var name: String { "raising" }
            var version: String { "1" }
            var dtype: ComputeType { .float32 }
            func makeLayer(_ construction: Construction, epsilon: Double) throws -> any NormalizationLayer {
                throw LayerError("axis_out_of_range", message: "axis 3 on a rank-2 input")
            }
        }
        let results = ScriptRunner.run(Self.buildError.steps, on: Raising(), epsilon: 1e-7)
        guard case .error(let raised)? = results.first else { Issue.record("no error result"); return }
        #expect(raised.code == "axis_out_of_range" && raised.exception == "ValueError")
        #expect(verdict(results, on: Self.buildError).outcome == .earlyError)
        #expect(LayerError.codes.contains("call_shape"))
    }

    /// A case that hangs is abandoned as a timeout; the next case is still judged.
    @Test func hangingCaseTimesOutAndTheRunGoesOn() {
        struct Sleepy: NormalizationImplementation {
            var name: String { "sleepy" }
            var version: String { "1" }
            var dtype: ComputeType { .float64 }
            func makeLayer(_ construction: Construction, epsilon: Double) throws -> any NormalizationLayer {
                if construction.axis == .none { Thread.sleep(forTimeInterval: 5) }
                return try ReferenceImplementation().makeLayer(construction, epsilon: epsilon)
            }
        }
        let corpus = CorpusDocument(spec: "test", epsilon: 1e-7, generator: "test", cases: [Self.adaptThenCall, Self.buildError])
        var options = JudgeOptions(tolerance: .defaults(for: .float64))
        options.caseTimeout = 0.3
        let verdicts = ConformanceRun.judge(Sleepy(), corpus: corpus, selection: Selection(), expectations: ExpectationsFile(), options: options).verdicts
        #expect(verdicts.map(\.outcome) == [.timeout, .pass])
        #expect(!verdicts[0].conforms)
    }
}
