/// What happened to one case (the harness's vocabulary, in reports and exit codes).
public enum Outcome: String, Sendable, CaseIterable {
    /// Every step matched within tolerance (errors: the right code at the right step).
    case pass
    /// A value was out of tolerance, a shape was wrong, or a result was missing.
    case fail
    /// An error was raised where expected, but of another code or exception class.
    case wrongError = "wrong-error"
    /// The step succeeded where Keras raises.
    case missingError = "missing-error"
    /// An error where Keras succeeds.
    case unexpectedError = "unexpected-error"
    /// The expected error, raised at an earlier step than Keras raises it.
    case earlyError = "early-error"
    /// The results hold nothing for this case.
    case notRun = "not-run"
    /// The implementation cannot express a step of this case.
    case unsupported
    /// The case's values are not exact in the implementation's dtype (see `exact_in`).
    case notApplicable = "not-applicable"
    /// Failed, as the expectations file says it will.
    case xfail
    /// Listed as xfail in the expectations file, but passed.
    case xpass
    /// Listed as skip in the expectations file.
    case skipped
    /// An in-process case that did not finish within the time limit; the others are still judged.
    case timeout

    /// The case conformed (an early error only when stages are not strict).
    public var isPass: Bool { [.pass, .earlyError, .xpass].contains(self) }
}

/// The verdict on one case.
public struct CaseVerdict: Sendable {
    public var id: String
    public var outcome: Outcome
    /// Whether this outcome lets the run exit 0.
    public var conforms: Bool
    /// The step that decided the outcome, if one did.
    public var step: Int?
    /// One line saying why.
    public var detail: String
    /// The worst deviation over the case's call outputs and over its adapted statistics.
    public var outputs: Deviation?
    public var statistics: Deviation?
    /// The reason from the expectations file, for xfail, xpass and skipped.
    public var expectationReason: String?
    /// Each comparison made, step by step: what the report's per-step detail shows.
    public var judged: [JudgedStep] = []

    public init(id: String, outcome: Outcome, conforms: Bool, step: Int? = nil, detail: String,
                outputs: Deviation? = nil, statistics: Deviation? = nil) {
        self.id = id
        self.outcome = outcome
        self.conforms = conforms
        self.step = step
        self.detail = detail
        self.outputs = outputs
        self.statistics = statistics
    }
}

/// One comparison of a case: a call's outputs, or an adapt's mean or variance.
public struct JudgedStep: Sendable {
    public var step: Int
    /// `outputs`, `mean` or `variance`.
    public var part: String
    public var deviation: Deviation
}

extension Deviation {
    /// The combination of two deviations: maxima, the worse worst element, summed counts.
    func merged(with other: Deviation?) -> Deviation {
        guard let other else { return self }
        var result = self
        result.maxAbsolute = max(maxAbsolute, other.maxAbsolute)
        result.maxRelative = max(maxRelative, other.maxRelative)
        result.maxULP = max(maxULP, other.maxULP)
        result.failing += other.failing
        result.count += other.count
        if other.toleranceUsed > toleranceUsed || worst == nil {
            result.toleranceUsed = other.toleranceUsed
            result.worst = other.worst
        }
        return result
    }
}
