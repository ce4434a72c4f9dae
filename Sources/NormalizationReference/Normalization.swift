/// The reference `keras.layers.Normalization`: construction and build.
///
/// A deliberately plain float64 model of the layer as SEMANTICS.md specifies it, written
/// for clarity, not speed: no SIMD, no generics, Double only, explicit loops. Every check
/// happens at the stage where Keras 3.15.1 makes it — construction here, build below,
/// `adapt` in Adapt.swift, `call` in Call.swift — so an error is raised by the same step.
public struct Normalization: Sendable {
    /// The axis argument as the user gave it.
    public let axis: AxisArgument
    /// True: `call` de-normalises (call.invert).
    public let invert: Bool
    /// The clamp on the standard deviation, read at call time (call.eps-clamp).
    public var epsilon: Double
    /// The dtype policy: what call computes in and adapted statistics are stored in (section 8).
    public let policy: DTypePolicy
    /// Supplied statistics in the shape the user passed them; nil in adapt mode.
    public let suppliedMean: NDArray?
    public let suppliedVariance: NDArray?

    /// `keras.config.epsilon()` unless changed: the clamp's default (call.eps-clamp).
    public static let defaultEpsilon = 1e-7

    /// What build fixed: nil until the layer is built.
    public private(set) var geometry: Geometry?
    /// The statistics `call` uses, in the broadcast shape (Keras' `self.mean`, `self.variance`).
    private var callMean: NDArray?
    private var callVariance: NDArray?

    /// The shapes fixed at build (build.shapes).
    public struct Geometry: Sendable, Equatable {
        /// The input shape the layer was built with; nil entries are unknown sizes.
        public let inputShape: [Int?]
        /// Sorted non-negative kept axes, duplicates included.
        public let keptAxes: [Int]
        /// The axes adapt reduces over.
        public let reducedAxes: [Int]
        /// Sizes of the kept axes: the shape of the adapted mean and variance.
        public let statisticsShape: [Int]
        /// Rank-ndim shape with kept sizes and 1 elsewhere: what call broadcasts against.
        public let broadcastShape: [Int]
    }

    /// `Normalization(axis=-1, mean=None, variance=None, invert=False, dtype=None)` with the
    /// checks Keras makes at construction: axis.type-error (non-iterables), stats.pair,
    /// stats.same-shape and stats.rank. Values are not validated (stats.values-unchecked).
    public init(
        axis: AxisArgument = .default, mean: NDArray? = nil, variance: NDArray? = nil,
        invert: Bool = false, epsilon: Double = Normalization.defaultEpsilon, policy: DTypePolicy = .float32
    ) throws(NormalizationError) {
        if case .invalid(let text) = axis { throw .axisType(axis: text) }
        switch (mean, variance) {
        case (nil, nil):
            break
        case (let mean?, let variance?):
            guard mean.shape == variance.shape else {
                throw .statsShape(mean: mean.shape, variance: variance.shape)
            }
            // An invalid-entries axis fails at build; its entry count is not checked here.
            if let count = axis.entryCount, mean.rank > count {
                throw .statsRank(mean: mean.shape, axis: axis.description, axisCount: count)
            }
        default:
            throw .statsPair(mean: Normalization.pythonValue(mean), variance: Normalization.pythonValue(variance))
        }
        self.axis = axis
        self.invert = invert
        self.epsilon = epsilon
        self.policy = policy
        suppliedMean = mean
        suppliedVariance = variance
    }

    /// True when mean and variance were given at construction.
    public var hasSuppliedStatistics: Bool { suppliedMean != nil }

    /// The adapted (or initial) statistics in the statistics shape, for adapt mode only.
    public var adaptedStatistics: Moments? {
        guard !hasSuppliedStatistics, let geometry, let callMean, let callVariance,
              let mean = callMean.reshaped(geometry.statisticsShape),
              let variance = callVariance.reshaped(geometry.statisticsShape)
        else { return nil }
        return Moments(mean: mean, variance: variance)
    }

    /// Builds the layer for inputs of `inputShape` (nil = unknown size): build.range,
    /// build.sort, build.unknown-dim, build.shapes, then build.defaults and
    /// build.duplicate-axis in adapt mode, or build.broadcast of the supplied statistics.
    public mutating func build(inputShape: [Int?]) throws(NormalizationError) {
        guard let entries = axis.entries else {
            // Keras compares each entry with the range first: a number out of range is
            // build.range, a string fails the comparison, and an in-range float fails as an
            // index (axis.type-error).
            if case .invalidEntries(_, let values) = axis {
                for value in values {
                    guard let value else { break }
                    let ndim = Double(inputShape.count)
                    if value < -ndim || value >= ndim { throw .nonIntegerAxisOutOfRange(ndim: inputShape.count, axis: axis.description) }
                }
            }
            throw .axisType(axis: axis.description)
        }
        let axes = try ResolvedAxes(entries: entries, ndim: inputShape.count)
        var known = [Int]()
        for (axis, size) in inputShape.enumerated() {
            // Reduced axes may stay unknown; they only matter through the data adapt sees.
            if axes.kept.contains(axis), size == nil {
                throw .unknownKeptDimension(axis: entries, inputShape: inputShape, index: axis)
            }
            known.append(size ?? 1)
        }
        let geometry = Geometry(
            inputShape: inputShape, keptAxes: axes.kept, reducedAxes: axes.reduced,
            statisticsShape: axes.statisticsShape(known), broadcastShape: axes.broadcastShape(known))

        if let suppliedMean, let suppliedVariance {
            callMean = try Normalization.place(suppliedMean, keptAxes: axes.kept, geometry: geometry)
            callVariance = try Normalization.place(suppliedVariance, keptAxes: axes.kept, geometry: geometry)
        } else {
            // Duplicate kept axes give a statistics shape whose size the broadcast shape cannot hold.
            let size = NDArray.elementCount(geometry.statisticsShape)
            guard size == NDArray.elementCount(geometry.broadcastShape) else {
                throw .duplicateAxis(size: size, target: geometry.broadcastShape)
            }
            callMean = NDArray(repeating: 0, shape: geometry.broadcastShape)
            callVariance = NDArray(repeating: 1, shape: geometry.broadcastShape)
        }
        self.geometry = geometry
    }

    /// Places supplied statistics on the kept axes (build.broadcast): a scalar broadcasts
    /// anywhere; otherwise its dimensions align right-to-left with the sorted kept axes and
    /// the result is broadcast one way to the broadcast shape (build.not-broadcastable).
    static func place(_ values: NDArray, keptAxes: [Int], geometry: Geometry) throws(NormalizationError) -> NDArray {
        var expanded = values
        if values.rank > 0 {
            var shape = Array(repeating: 1, count: geometry.broadcastShape.count)
            for back in 1...values.rank {
                shape[keptAxes[keptAxes.count - back]] = values.shape[values.rank - back]
            }
            // Only duplicate kept axes can make the sizes disagree.
            guard let reshaped = values.reshaped(shape) else {
                throw .duplicateAxis(size: values.count, target: shape)
            }
            expanded = reshaped
        }
        guard let placed = Broadcasting.broadcast(expanded, to: geometry.broadcastShape) else {
            throw .notBroadcastable(statistics: expanded.shape, target: geometry.broadcastShape)
        }
        return placed
    }

    /// Replaces the statistics after adapt (adapt.replaces): `moments` are in the statistics
    /// shape, and are stored in the policy's variable dtype (dtype.policy-variables).
    mutating func store(_ moments: Moments) {
        guard let geometry else { preconditionFailure("store() before build") }
        callMean = moments.mean.map(policy.stored).reshaped(geometry.broadcastShape)
        callVariance = moments.variance.map(policy.stored).reshaped(geometry.broadcastShape)
    }

    /// The statistics call uses, in the broadcast shape; nil before build.
    public var broadcastStatistics: (mean: NDArray, variance: NDArray)? {
        guard let callMean, let callVariance else { return nil }
        return (callMean, callVariance)
    }

    /// A value as the stats.pair message shows it: `None`, `1.0`, or an array's shape.
    private static func pythonValue(_ value: NDArray?) -> String {
        guard let value else { return "None" }
        return value.rank == 0 ? "\(value.scalars[0])" : "array of shape \(python(value.shape))"
    }
}
