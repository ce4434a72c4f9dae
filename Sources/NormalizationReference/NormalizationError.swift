/// Every error the layer raises, as data. Each case carries the values its message needs;
/// `code` is the stable, implementation-neutral name the corpus records, `exceptions` the
/// Python exception classes Keras 3.15.1 raises for it across backends, and `message`
/// renders Keras' "rule. Received: values" form in this one place.
public enum NormalizationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// axis.type-error: an axis that is not an int, a tuple/list of ints or None.
    case axisType(axis: String)
    /// stats.pair: exactly one of mean/variance given.
    case statsPair(mean: String, variance: String)
    /// stats.same-shape: mean and variance of different shapes.
    case statsShape(mean: [Int], variance: [Int])
    /// stats.rank: mean has more dimensions than there are axis entries (`axis` as Python
    /// prints the tuple).
    case statsRank(mean: [Int], axis: String, axisCount: Int)
    /// build.range: an axis entry outside [-ndim, ndim).
    case axisOutOfRange(ndim: Int, axis: [Int])
    /// build.range for a sequence holding a float, compared by value (`axis` as Python prints it).
    case nonIntegerAxisOutOfRange(ndim: Int, axis: String)
    /// build.unknown-dim: a kept axis whose size is unknown at build.
    case unknownKeptDimension(axis: [Int], inputShape: [Int?], index: Int)
    /// build.duplicate-axis: the statistics cannot be reshaped to the broadcast shape because
    /// an axis is kept twice.
    case duplicateAxis(size: Int, target: [Int])
    /// build.not-broadcastable: supplied statistics do not broadcast to the kept axes.
    case notBroadcastable(statistics: [Int], target: [Int])
    /// build.duplicate-axis: adapt on a layer whose duplicated kept axes have size 1 (so build
    /// succeeded): an array's moments, or a stream's merged totals, are not of the variables'
    /// shape, or a stream's first merge cannot broadcast them.
    case adaptDuplicateAxis(variable: [Int], value: [Int])
    /// adapt.shape-check: adapt data whose kept sizes or rank differ from the build shape.
    case adaptShape(built: [Int?], data: [Int])
    /// adapt.batch-shape: a batch whose kept sizes differ from the build shape.
    case adaptBatchShape(expected: [Int?], got: [Int])
    /// adapt.empty-stream: a stream with no batches.
    case adaptEmptyStream
    /// adapt.batches: a first batch with no samples; the running merge's n_b / N is 0 / 0.
    case adaptEmptyFirstBatch
    /// adapt.supplied-error: adapt on a layer constructed with mean and variance.
    case adaptSuppliedStatistics
    /// call.broadcasting: the input does not broadcast against the statistics.
    case callShape(input: [Int], statistics: [Int])

    /// The stable code recorded in the corpus's `error` attribute.
    public var code: String {
        switch self {
        case .axisType: "axis_type"
        case .statsPair: "stats_pair"
        case .statsShape: "stats_shape"
        case .statsRank: "stats_rank"
        case .axisOutOfRange, .nonIntegerAxisOutOfRange: "axis_out_of_range"
        case .unknownKeptDimension: "unknown_kept_dimension"
        case .duplicateAxis: "duplicate_axis"
        case .notBroadcastable: "not_broadcastable"
        case .adaptDuplicateAxis: "adapt_duplicate_axis"
        case .adaptShape: "adapt_shape"
        case .adaptBatchShape: "adapt_batch_shape"
        case .adaptEmptyStream: "adapt_empty_stream"
        case .adaptEmptyFirstBatch: "adapt_empty_first_batch"
        case .adaptSuppliedStatistics: "adapt_supplied_statistics"
        case .callShape: "call_shape"
        }
    }

    /// Every code, for documentation and coverage checks.
    public static let allCodes = [
        "axis_type", "stats_pair", "stats_shape", "stats_rank", "axis_out_of_range",
        "unknown_kept_dimension", "duplicate_axis", "not_broadcastable", "adapt_duplicate_axis", "adapt_shape",
        "adapt_batch_shape", "adapt_empty_stream", "adapt_empty_first_batch", "adapt_supplied_statistics", "call_shape",
    ]

    /// Where Keras raises an error of `code` and the clause that says so: what a porter needs
    /// beside the code itself (`normconf codes`, docs/PORTING.md).
    public static func stage(forCode code: String) -> (stage: String, clause: String) {
        switch code {
        case "axis_type": ("construction (not iterable, e.g. 1.5) or build (a string)", "axis.type-error")
        case "stats_pair": ("construction", "stats.pair")
        case "stats_shape": ("construction", "stats.same-shape")
        case "stats_rank": ("construction", "stats.rank")
        case "axis_out_of_range": ("build (explicit, or the first adapt or call)", "build.range")
        case "unknown_kept_dimension": ("build", "build.unknown-dim")
        case "duplicate_axis": ("build, in adapt mode", "build.duplicate-axis")
        case "not_broadcastable": ("build (explicit, or the first adapt or call)", "build.not-broadcastable")
        case "adapt_duplicate_axis": ("adapt, when every duplicated kept axis has size 1: an array at once, a stream at its first merge or after its last batch", "build.duplicate-axis")
        case "adapt_shape": ("adapt, on a built layer", "adapt.shape-check")
        case "adapt_batch_shape": ("adapt, on a stream of batches", "adapt.batch-shape")
        case "adapt_empty_stream": ("adapt, on a stream of batches", "adapt.empty-stream")
        case "adapt_empty_first_batch": ("adapt, on a stream whose first batch has no samples", "adapt.batches")
        case "adapt_supplied_statistics": ("adapt, after the data was read", "adapt.supplied-error")
        case "call_shape": ("call", "call.broadcasting")
        default: ("unknown", "-")
        }
    }

    /// The exception classes Keras raises here on the numpy, jax and tensorflow backends
    /// (and tf-keras where it differs), as the corpus's `exceptions` attribute lists them.
    public var exceptions: [String] { Self.exceptions(forCode: code) }

    /// The exception classes for an error code; they depend on the condition alone.
    public static func exceptions(forCode code: String) -> [String] {
        switch code {
        case "axis_type": ["TypeError"]
        // errors.backend-native: these three come from the backend's own array operation, so
        // their class is the backend's; torch raises RuntimeError for all three.
        // The backend's reshape error: numpy ValueError, jax TypeError, TF InvalidArgumentError.
        case "duplicate_axis": ["ValueError", "TypeError", "InvalidArgumentError", "RuntimeError"]
        // The backend's broadcast_to error: numpy and jax ValueError, TF InvalidArgumentError.
        case "not_broadcastable": ["ValueError", "InvalidArgumentError", "RuntimeError"]
        // Element-wise broadcasting at call: numpy ValueError, jax TypeError, TF InvalidArgumentError.
        case "call_shape": ["ValueError", "TypeError", "InvalidArgumentError", "RuntimeError"]
        // A lower-rank array makes Keras index past the data's shape tuple.
        case "adapt_shape": ["ValueError", "IndexError"]
        // Keras 3 fails on the missing adapt weights; tf-keras raises a ValueError.
        case "adapt_supplied_statistics": ["AttributeError", "ValueError"]
        // The variable's assign check, or the backend's broadcasting error in a stream's merge.
        case "adapt_duplicate_axis": ["ValueError", "InvalidArgumentError", "RuntimeError"]
        // Python's own float division n_b / N in the running merge.
        case "adapt_empty_first_batch": ["ZeroDivisionError"]
        default: ["ValueError"]
        }
    }

    /// Keras' message for this error (numpy backend wording where the backend speaks).
    public var message: String {
        switch self {
        case .axisType(let axis):
            return "`axis` must be an integer, a tuple of integers or None. Received: axis=\(axis)"
        case .statsPair(let mean, let variance):
            return "When setting values directly, both `mean` and `variance` must be set. "
                + "Received: mean=\(mean) and variance=\(variance)"
        case .statsShape(let mean, let variance):
            return "When setting values directly, `mean` and `variance` must have the same shape. "
                + "Received: mean shape \(python(mean)) and variance shape \(python(variance))"
        case .statsRank(let mean, let axis, let count):
            return "The rank of `mean` must be less than or equal to the number of axes "
                + "(\(count)). Received: mean shape \(python(mean)) for axis \(axis)"
        case .axisOutOfRange(let ndim, let axis):
            return Self.outOfRange(ndim: ndim, axis: python(axis))
        case .nonIntegerAxisOutOfRange(let ndim, let axis):
            return Self.outOfRange(ndim: ndim, axis: axis)
        case .unknownKeptDimension(let axis, let inputShape, let index):
            return "All `axis` values to be kept must have a known shape. Received axis=\(python(axis)), "
                + "inputs.shape=\(python(inputShape)), with unknown axis at index \(index)"
        case .duplicateAxis(let size, let target):
            return "cannot reshape array of size \(size) into shape \(python(target))"
        case .notBroadcastable(let statistics, let target):
            return "operands could not be broadcast together with remapped shapes "
                + "[original->remapped]: \(python(statistics)) and requested shape \(python(target))"
        case .adaptDuplicateAxis(let variable, let value):
            return "The shape of the target variable and the shape of the target value in `variable.assign(value)` "
                + "must match. variable.shape=\(python(variable)), Received: value.shape=\(python(value))"
        case .adaptShape(let built, let data):
            return "The layer was built with input_shape=\(python(built)), but adapt() is being "
                + "called with data with an incompatible shape, data.shape=\(python(data))"
        case .adaptBatchShape(let expected, let got):
            return "adapt() yielded a batch with incompatible shape. "
                + "Expected \(python(expected)), got \(python(got))."
        case .adaptEmptyStream:
            return "adapt() received an empty iterable (no batches). Expected at least one batch."
        case .adaptEmptyFirstBatch:
            return "float division by zero"
        case .adaptSuppliedStatistics:
            return "'Normalization' object has no attribute 'adapt_mean'"
        case .callShape(let input, let statistics):
            return "operands could not be broadcast together with shapes "
                + "\(python(input)) \(python(statistics))"
        }
    }

    public var description: String { "\(code): \(message)" }

    private static func outOfRange(ndim: Int, axis: String) -> String {
        "All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=\(ndim), while axis=\(axis)"
    }
}

/// A shape or axis tuple spelled as Python prints it: `(3,)`, `(None, 3)`, `()`.
func python(_ values: [Int?]) -> String {
    let items = values.map { $0.map(String.init) ?? "None" }
    return items.count == 1 ? "(\(items[0]),)" : "(" + items.joined(separator: ", ") + ")"
}

func python(_ values: [Int]) -> String {
    python(values.map(Optional.some))
}
