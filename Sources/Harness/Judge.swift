import Corpus
import NormalizationReference
import Playback

/// How the judge treats a run.
public struct JudgeOptions: Sendable {
    public var tolerance: Tolerance
    /// Judge cases whose inputs are not exact in the implementation's dtype too.
    public var includeInexact = false
    /// An error raised at an earlier step than Keras raises it fails the case.
    public var strictStages = false
    /// How long an in-process case may run before it is abandoned as `timeout`.
    public var caseTimeout: Double = 60

    public init(tolerance: Tolerance, includeInexact: Bool = false, strictStages: Bool = false, caseTimeout: Double = 60) {
        self.tolerance = tolerance
        self.includeInexact = includeInexact
        self.strictStages = strictStages
        self.caseTimeout = caseTimeout
    }
}

/// Judges one case's step results against its golden expectations.
public enum Judge {
    /// `results` is nil when the implementation has no results for the case.
    public static func verdict(
        on goldenCase: GoldenCase, epsilon: Double, results: [StepResult]?, options: JudgeOptions
    ) -> CaseVerdict {
        let id = goldenCase.id
        let dtype = options.tolerance.dtype
        if !options.includeInexact, !receivesExactly(goldenCase, in: dtype) {
            return CaseVerdict(id: id, outcome: .notApplicable, conforms: true,
                               detail: "values exact in \(goldenCase.exactIn.rawValue) only; the implementation computes in \(dtype.rawValue) (--include-inexact judges it)")
        }
        guard let results, !results.isEmpty else {
            return CaseVerdict(id: id, outcome: .notRun, conforms: false, detail: "no results for this case")
        }
        // Outputs are judged in the compute dtype of the case's policy and statistics in its
        // variable dtype (SEMANTICS 8); a case without a policy in the implementation's dtype.
        let outputTolerance = options.tolerance.judging(in: goldenCase.dtypePolicy.map { ComputeType($0.computeDtype) })
        let statisticsTolerance = options.tolerance.judging(in: goldenCase.dtypePolicy.map { ComputeType($0.variableDtype) })
        let replay = ReferenceReplay(goldenCase, epsilon: epsilon, tolerance: outputTolerance, statisticsTolerance: statisticsTolerance)
        let errorStep = goldenCase.steps.lastIndex { if case .error = $0.expectation { true } else { false } }
        var outputs: Deviation?, statistics: Deviation?
        var judged: [JudgedStep] = []
        var failure: (step: Int, detail: String)?

        for (index, step) in goldenCase.steps.enumerated() {
            guard index < results.count else {
                return CaseVerdict(id: id, outcome: .fail, conforms: false, step: index,
                                   detail: "no result for step \(index) (\(step.operation.name)); the results stop without an error",
                                   outputs: outputs, statistics: statistics)
            }
            switch results[index] {
            case .unsupported(let reason):
                return CaseVerdict(id: id, outcome: .unsupported, conforms: true, step: index,
                                   detail: "step \(index) (\(step.operation.name)) unsupported: \(reason)")
            case .error(let raised):
                return errorVerdict(id: id, raised: raised, at: index, goldenCase: goldenCase, errorStep: errorStep, options: options)
            case .ok(let output, let reported, let reportedDtype):
                if let mismatch = dtypeMismatch(reportedDtype, step: step, index: index,
                                                outputs: outputTolerance.dtype, statistics: statisticsTolerance.dtype) {
                    failure = failure ?? (index, mismatch)
                }
                switch step.expectation {
                case .error(let expected):
                    return CaseVerdict(id: id, outcome: .missingError, conforms: false, step: index,
                                       detail: "step \(index) (\(step.operation.name)) succeeded; Keras raises \(expected.code) (\(expected.exceptions.joined(separator: " or ")))")
                case .nothing:
                    break
                case .output(let expected):
                    guard let output else {
                        failure = failure ?? (index, "call step \(index) returned no output")
                        continue
                    }
                    guard output.shape == expected.shape else {
                        failure = failure ?? (index, "call step \(index): output shape \(output.shape), expected \(expected.shape)")
                        continue
                    }
                    let deviation: Deviation
                    if let context = replay.calls[index] {
                        deviation = compare(expected: expected, got: output, tolerance: outputTolerance,
                                            bound: { replay.outputBound(context, $0, tolerance: outputTolerance) },
                                            input: { context.input[$0] })
                    } else {
                        deviation = compare(expected: expected, got: output, tolerance: outputTolerance, bound: { _ in .none })
                    }
                    outputs = deviation.merged(with: outputs)
                    judged.append(JudgedStep(step: index, part: "outputs", deviation: deviation))
                    if !deviation.passed, failure == nil {
                        failure = (index, "call step \(index): \(deviation.failing) of \(deviation.count) outputs out of tolerance")
                    }
                    if let stray = strays(output, expected: expected, in: outputTolerance.dtype, policy: goldenCase.dtypePolicy) {
                        failure = failure ?? (index, "call step \(index): \(stray)")
                    }
                case .statistics(let mean, let variance):
                    guard let reported else { continue }  // statistics are optional in results
                    guard reported.mean.shape == mean.shape, reported.variance.shape == variance.shape else {
                        failure = failure ?? (index, "adapt step \(index): statistics shape \(reported.mean.shape), expected \(mean.shape)")
                        continue
                    }
                    let allowance = replay.adapts[index]
                    let meanDeviation = compare(expected: mean, got: reported.mean, tolerance: statisticsTolerance,
                                                bound: { ToleranceParts(magnitude: 0, statistics: allowance?.meanError[$0] ?? 0) })
                    let varianceDeviation = compare(expected: variance, got: reported.variance, tolerance: statisticsTolerance,
                                                    bound: { ToleranceParts(magnitude: 0, statistics: allowance?.varianceError[$0] ?? 0) })
                    if let stray = strays(reported.mean, expected: mean, in: statisticsTolerance.dtype, policy: goldenCase.dtypePolicy)
                        ?? strays(reported.variance, expected: variance, in: statisticsTolerance.dtype, policy: goldenCase.dtypePolicy) {
                        failure = failure ?? (index, "adapt step \(index): statistics \(stray)")
                    }
                    judged += [JudgedStep(step: index, part: "mean", deviation: meanDeviation),
                               JudgedStep(step: index, part: "variance", deviation: varianceDeviation)]
                    let both = meanDeviation.merged(with: varianceDeviation)
                    statistics = both.merged(with: statistics)
                    if !both.passed, failure == nil {
                        let which = meanDeviation.passed ? "variance" : "mean"
                        failure = (index, "adapt step \(index): the adapted \(which) is out of tolerance")
                    }
                }
            }
        }
        var verdict = failure.map {
            CaseVerdict(id: id, outcome: .fail, conforms: false, step: $0.step, detail: $0.detail, outputs: outputs, statistics: statistics)
        } ?? CaseVerdict(id: id, outcome: .pass, conforms: true, detail: "all steps conform", outputs: outputs, statistics: statistics)
        verdict.judged = judged
        return verdict
    }

    /// Whether an implementation computing in `dtype` receives every value of the case
    /// exactly: `exact_in` says so, or else every array that declares no dtype of its own
    /// (format 1.1) is exact in `dtype`.
    private static func receivesExactly(_ goldenCase: GoldenCase, in dtype: ComputeType) -> Bool {
        if dtype.holdsExactly(goldenCase.exactIn) { return true }
        guard goldenCase.steps.contains(where: { $0.dataDtype != nil }) else { return false }
        return goldenCase.undeclaredArrays.allSatisfy { $0.scalars.allSatisfy(dtype.dtype.represents) }
    }

    /// Under a policy whose golden values are values of its dtype (the half-precision ones),
    /// the implementation's must be too (dtype.input-cast: the output is in the compute
    /// dtype; dtype.policy-variables): a float32 result under float16 is not a float16
    /// layer's, even when it is close.
    private static func strays(_ values: NDArray, expected: NDArray, in dtype: ComputeType, policy: DTypePolicy?) -> String? {
        guard policy != nil, expected.scalars.allSatisfy(dtype.dtype.represents) else { return nil }
        let count = values.scalars.count { !dtype.dtype.represents($0) }
        guard count > 0, let first = values.scalars.first(where: { !dtype.dtype.represents($0) }) else { return nil }
        return "\(count) of \(values.count) values are not \(dtype.rawValue) values (first \(first)): not computed in the policy's dtype"
    }

    /// A reported dtype that is not the one the policy produces: the compute dtype for a
    /// call's output, the variable dtype for adapted statistics (dtype.input-cast,
    /// dtype.policy-variables).
    private static func dtypeMismatch(_ reported: DType?, step: Step, index: Int, outputs: ComputeType, statistics: ComputeType) -> String? {
        guard let reported else { return nil }
        let (what, expected): (String, ComputeType)
        switch step.operation {
        case .call: (what, expected) = ("output", outputs)
        case .adapt: (what, expected) = ("statistics", statistics)
        case .construct, .build: return nil
        }
        guard reported != expected.dtype else { return nil }
        return "\(step.operation.name) step \(index): \(what) dtype \(reported.rawValue), expected \(expected.rawValue)"
    }

    private static func errorVerdict(
        id: String, raised: RaisedError, at index: Int, goldenCase: GoldenCase, errorStep: Int?, options: JudgeOptions
    ) -> CaseVerdict {
        let what = "\(raised.code.map { "\($0), " } ?? "")\(raised.exception): \(raised.message)"
        guard let errorStep, case .error(let expected) = goldenCase.steps[errorStep].expectation else {
            return CaseVerdict(id: id, outcome: .unexpectedError, conforms: false, step: index,
                               detail: "step \(index) (\(goldenCase.steps[index].operation.name)) raised \(what); Keras succeeds")
        }
        // A known code decides; without one, the exception class must be one Keras raises here.
        let matches = raised.code.map { $0 == expected.code } ?? expected.exceptions.contains(raised.exception)
        let accepted = "\(expected.code) (\(expected.exceptions.joined(separator: " or ")))"
        if index == errorStep {
            return matches
                ? CaseVerdict(id: id, outcome: .pass, conforms: true, step: index, detail: "raised \(accepted) at step \(index) as expected")
                : CaseVerdict(id: id, outcome: .wrongError, conforms: false, step: index, detail: "step \(index) raised \(what); expected \(accepted)")
        }
        if index < errorStep, matches {
            return CaseVerdict(id: id, outcome: .earlyError, conforms: !options.strictStages, step: index,
                               detail: "raised \(accepted) at step \(index); Keras raises it at step \(errorStep) (\(goldenCase.steps[errorStep].operation.name))")
        }
        return CaseVerdict(id: id, outcome: .unexpectedError, conforms: false, step: index,
                           detail: "step \(index) (\(goldenCase.steps[index].operation.name)) raised \(what); Keras raises \(accepted) at step \(errorStep)")
    }
}
