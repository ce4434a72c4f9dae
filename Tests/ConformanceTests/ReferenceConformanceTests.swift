import Corpus
import Harness
import NormalizationReference
import Playback
import Testing
import TestSupport

/// `swift test` as the conformance run: the reference must reproduce every golden case of
/// the committed corpus bit for bit, and raise every error code at its step.
@Suite struct ReferenceConformanceTests {
    @Test func corpusIsReadable() throws {
        let corpus = try CommittedCorpus.loaded.get()
        #expect(corpus.cases.count >= 100)
    }

    @Test(arguments: CommittedCorpus.ids)
    func reproduces(caseID: String) throws {
        let (goldenCase, epsilon) = try CommittedCorpus.goldenCase(caseID)
        let results = ScriptRunner.run(goldenCase.steps, on: ReferenceImplementation(), epsilon: epsilon)
        #expect(results.count == goldenCase.steps.count, "the reference stopped at step \(results.count - 1)")
        for (index, (step, result)) in zip(goldenCase.steps, results).enumerated() {
            let mismatch = Self.mismatch(step.expectation, result)
            #expect(mismatch == nil, "step \(index) (\(step.operation.name)): \(mismatch ?? "")")
        }
    }

    /// Why `result` does not reproduce `expectation` exactly, or nil when it does.
    static func mismatch(_ expectation: StepExpectation, _ result: StepResult) -> String? {
        switch (expectation, result) {
        case (.nothing, .ok):
            return nil
        case (.output(let expected), .ok(let output?, _, _)):
            return identical(expected, output) ? nil : "output \(output) differs from \(expected)"
        case (.statistics(let mean, let variance), .ok(_, let statistics?, _)):
            return identical(mean, statistics.mean) && identical(variance, statistics.variance)
                ? nil : "statistics \(statistics.mean), \(statistics.variance) differ from \(mean), \(variance)"
        case (.error(let expected), .error(let raised)):
            if raised.code != expected.code { return "raised \(raised.code ?? "?") instead of \(expected.code)" }
            return expected.exceptions.contains(raised.exception) ? nil : "exception \(raised.exception) not in \(expected.exceptions)"
        default:
            return "expected \(expectation), got \(result)"
        }
    }

    /// Same shape and the same bits, except that any NaN matches any NaN.
    static func identical(_ a: NDArray, _ b: NDArray) -> Bool {
        a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }
}

/// Every clause of SEMANTICS.md sections 1–4 is covered by at least one golden case.
@Suite struct ClauseCoverageTests {
    @Test(arguments: Clauses.all)
    func isCovered(clause: String) throws {
        let corpus = try CommittedCorpus.loaded.get()
        let covering = corpus.cases.filter { $0.clauses.contains(clause) }
        #expect(!covering.isEmpty, "no golden case covers \(clause)")
    }

    @Test func casesCiteOnlyKnownClauses() throws {
        let corpus = try CommittedCorpus.loaded.get()
        let known = Set(Clauses.all)
        for goldenCase in corpus.cases {
            #expect(Set(goldenCase.clauses).isSubset(of: known), "\(goldenCase.id) cites \(goldenCase.clauses)")
        }
    }

    @Test func everyErrorCodeIsExpectedSomewhere() throws {
        let corpus = try CommittedCorpus.loaded.get()
        let codes = Set(corpus.cases.flatMap { $0.steps.compactMap { step -> String? in
            if case .error(let error) = step.expectation { return error.code } else { return nil }
        } })
        #expect(codes == Set(NormalizationError.allCodes))
    }
}
