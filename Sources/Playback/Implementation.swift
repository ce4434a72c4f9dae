import Corpus
import NormalizationReference

/// The one protocol through which the harness knows an in-process implementation.
///
/// An implementation makes layers; a layer performs the steps of a golden case. Throw
/// `LayerError` to raise one of the corpus's errors by its stable code, `Unsupported` for a
/// step the implementation cannot express, or any other error (reported by its type name,
/// and judged by that against the exception classes Keras raises).
public protocol NormalizationImplementation: Sendable {
    /// The implementation's name and version, as a results file records them.
    var name: String { get }
    var version: String { get }
    /// The precision of its outputs, which picks the default tolerances.
    var dtype: ComputeType { get }
    /// `Normalization(axis, mean, variance, invert, dtype)` with the clamp `epsilon`; the
    /// construction's `policy` is the layer's dtype policy (SEMANTICS section 8).
    func makeLayer(_ construction: Construction, epsilon: Double) throws -> any NormalizationLayer
}

/// A layer under test.
public protocol NormalizationLayer {
    mutating func build(inputShape: [Int?]) throws
    mutating func adapt(_ data: NDArray) throws
    mutating func adapt(batches: [NDArray]) throws
    mutating func call(_ input: NDArray) throws -> NDArray
    /// The adapted mean and variance in the statistics shape, if the implementation exposes
    /// them; the harness then judges adapt separately from call.
    var statistics: Statistics? { get }
}

/// An error of the layer, named by the corpus's stable code (`axis_out_of_range`,
/// `call_shape`, ...; `normconf show` and CORPUS-FORMAT.md list them), optionally with the
/// exception class the implementation would raise. The harness judges the code: the right
/// code at the right step conforms, whatever the class.
public struct LayerError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let exception: String?
    public let message: String

    public init(_ code: String, exception: String? = nil, message: String = "") {
        self.code = code
        self.exception = exception
        self.message = message
    }

    public var description: String { "\(code)\(exception.map { " (\($0))" } ?? ""): \(message)" }

    /// Every code the corpus uses.
    public static var codes: [String] { NormalizationError.allCodes }
}

/// Thrown for a step the implementation cannot express; the case is reported unsupported.
public struct Unsupported: Error, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// The compute dtype of an implementation's outputs.
public enum ComputeType: String, Sendable, CaseIterable {
    case float16, bfloat16, float32, float64
}

/// The reference itself, through the same protocol as any other implementation.
public struct ReferenceImplementation: NormalizationImplementation {
    public init() {}
    public var name: String { "normconf reference" }
    public var version: String { "1.0" }
    public var dtype: ComputeType { .float64 }

    public func makeLayer(_ construction: Construction, epsilon: Double) throws -> any NormalizationLayer {
        try Normalization(axis: construction.axis, mean: construction.mean, variance: construction.variance,
                          invert: construction.invert, epsilon: epsilon, policy: construction.policy)
    }
}

extension Normalization: NormalizationLayer {
    public var statistics: Statistics? {
        adaptedStatistics.map { Statistics(mean: $0.mean, variance: $0.variance) }
    }
}
