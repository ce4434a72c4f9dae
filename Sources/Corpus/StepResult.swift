import NormalizationReference

/// What an implementation did at one step (CORPUS-FORMAT.md, "Results file").
public enum StepResult: Sendable {
    /// The step succeeded; `output` for calls, `statistics` for adapts when exposed, and
    /// the dtype the implementation produced them in when it says (format 1.1).
    case ok(output: NDArray?, statistics: Statistics?, dtype: DType? = nil)
    /// The step raised.
    case error(RaisedError)
    /// The implementation cannot express this step.
    case unsupported(reason: String)

    /// The `status` attribute's value.
    public var status: String {
        switch self {
        case .ok: "ok"
        case .error: "error"
        case .unsupported: "unsupported"
        }
    }
}

/// Mean and variance in the statistics shape.
public struct Statistics: Sendable {
    public var mean: NDArray
    public var variance: NDArray
    public init(mean: NDArray, variance: NDArray) {
        self.mean = mean
        self.variance = variance
    }
}

/// An error an implementation raised: its exception class, message and, when the
/// implementation knows it, the corpus's stable code.
public struct RaisedError: Sendable, Equatable {
    public var exception: String
    public var message: String
    public var code: String?

    public init(exception: String, message: String, code: String?) {
        self.exception = exception
        self.message = message
        self.code = code
    }

    /// A reference error: its code and the first exception class Keras raises for it.
    public init(_ error: NormalizationError) {
        self.init(exception: error.exceptions[0], message: error.message, code: error.code)
    }
}
