import Corpus
import Harness
@testable import NormalizationReference
import Playback

/// A second, deliberately naive implementation of the layer for the harness's own tests:
/// plain loops, pairwise sums, every operation rounded to its `precision` (or, under a case's
/// dtype policy, to the policy's compute dtype, statistics stored in its variable dtype,
/// as Keras does it step by step), and one optional
/// `Mutation` — a known way of getting the layer wrong. Construction, build and the error
/// checks are delegated to the reference (`inner`), so each mutant is wrong in exactly one way.
struct PlainImplementation: NormalizationImplementation {
    enum Precision { case float64, float32 }

    enum Mutation: String, CaseIterable, Sendable {
        case sampleVariance = "sample variance (ddof 1)"
        case clampOnVariance = "clamp on the variance instead of the standard deviation"
        case noClamp = "no clamp"
        case otherEpsilon = "epsilon 1e-5 instead of the layer's"
        case unsortedKeptAxes = "kept axes in the user's order, not sorted"
        case reduceOverKeptAxes = "reducing over the kept axes instead of the others"
        case wrongInvert = "invert as mean + x / s"
        case unweightedBatchMerge = "batch merge that ignores batch sizes"
        case adaptMerges = "a second adapt merges with the first instead of replacing"
        case onePassFloat32Variance = "one-pass float32 variance E[x²] − E[x]²"
        case leftAlignedBroadcast = "supplied statistics aligned left with the kept axes"
        case noRangeCheck = "no axis range check: out-of-range axes wrap around"
        case noSuppliedStatisticsError = "adapt silently accepted on a layer given its statistics"
        case rowByRowFloat32Sums = "float32 sums accumulated row by row"
        case ignoresPolicy = "computes everything in float32, whatever the dtype policy"
        case unroundedEpsilon = "statistics cast to the compute dtype, epsilon not"
    }

    var precision: Precision = .float64
    var mutation: Mutation?

    var name: String { "plain \(precision)" + (mutation.map { " mutant: \($0.rawValue)" } ?? "") }
    var version: String { "test" }
    var dtype: ComputeType { precision == .float32 ? .float32 : .float64 }

    func makeLayer(_ construction: Construction, epsilon: Double) throws -> any NormalizationLayer {
        let inner = try Normalization(axis: construction.axis, mean: construction.mean, variance: construction.variance,
                                      invert: construction.invert, epsilon: epsilon)
        let own: DType = precision == .float32 ? .float32 : .float64
        let policy = mutation == .ignoresPolicy ? nil : construction.dtypePolicy
        return PlainLayer(inner: inner, construction: construction, precision: precision, mutation: mutation,
                          working: policy?.computeDtype ?? (mutation == .ignoresPolicy ? .float32 : own),
                          variable: policy?.variableDtype ?? (mutation == .ignoresPolicy ? .float32 : own),
                          statisticsWork: policy == .float64 ? .float64 : own)
    }
}

struct PlainLayer: NormalizationLayer {
    var inner: Normalization
    let construction: Construction
    let precision: PlainImplementation.Precision
    let mutation: PlainImplementation.Mutation?
    /// What call computes in, what adapted statistics are stored in, and what adapt sums in
    /// (numpy reduces in the data's dtype, float32 unless the policy is float64).
    let working: DType
    let variable: DType
    let statisticsWork: DType
    /// Adapted statistics in the statistics shape, and the samples they came from.
    var adapted: Statistics?
    var previousSamples: [NDArray] = []

    /// One rounding of call arithmetic; of adapt arithmetic; and a cast to the variable dtype.
    func r(_ x: Double) -> Double { working.rounded(x) }
    func rs(_ x: Double) -> Double { statisticsWork.rounded(x) }
    /// A float64 port keeps its statistics in float64, except that the float32 variables of
    /// the default policy cannot hold values beyond float32's range (dtype.policy-variables).
    func stored(_ x: Double) -> Double {
        let held = variable.rounded(x)
        let float32Variable = (construction.dtypePolicy ?? .float32).variableDtype == .float32
        return float32Variable && Float(held).isInfinite ? Double(Float(held)) : held
    }

    mutating func build(inputShape: [Int?]) throws {
        do {
            try inner.build(inputShape: inputShape)
        } catch {
            // inner.build throws NormalizationError only (typed throws).
            guard mutation == .noRangeCheck, case .axisOutOfRange(let ndim, let axis) = error, ndim > 0 else { throw error }
            inner = try Normalization(axis: .list(axis.map { (($0 % ndim) + ndim) % ndim }), mean: construction.mean,
                                      variance: construction.variance, invert: construction.invert, epsilon: inner.epsilon)
            try inner.build(inputShape: inputShape)
        }
    }

    mutating func adapt(_ data: NDArray) throws { try adapt(samples: [data], batched: false) }
    mutating func adapt(batches: [NDArray]) throws { try adapt(samples: batches, batched: true) }

    private mutating func adapt(samples: [NDArray], batched: Bool) throws {
        if mutation == .noSuppliedStatisticsError, inner.hasSuppliedStatistics { return }
        if inner.geometry == nil, let first = samples.first { try build(inputShape: first.shape.map(Optional.some)) }
        if batched { try inner.adapt(batches: samples) } else { try inner.adapt(samples[0]) }
        guard let geometry = inner.geometry else { return }
        var kept = geometry.keptAxes
        if mutation == .unsortedKeptAxes, let entries = inner.axis.entries {
            kept = entries.map { $0 < 0 ? $0 + geometry.inputShape.count : $0 }
        }
        if mutation == .reduceOverKeptAxes { kept = geometry.reducedAxes }
        let pool = mutation == .adaptMerges ? previousSamples + samples : samples
        previousSamples = pool
        if batched && mutation == .unweightedBatchMerge {
            // Every batch weighs the same, whatever its size.
            let each = try samples.map { try moments([$0], keeping: kept) }
            let mean = average(each.map(\.mean))
            let gaps = each.map { batch in
                NDArray(shape: mean.shape, scalars: zip(batch.mean.scalars, mean.scalars).map { rs(rs($0 - $1) * rs($0 - $1)) })
            }
            let variance = zip(average(each.map(\.variance)).scalars, average(gaps).scalars).map { rs($0 + $1) }
            adapted = Statistics(mean: mean.map(stored), variance: NDArray(shape: mean.shape, scalars: variance.map(stored)))
        } else {
            let pooled = try moments(pool, keeping: kept)
            // Keras' running merge: an empty later batch's NaN mean makes everything NaN.
            let emptyBatch = batched && samples.contains { batch in batch.shape.indices.contains { !kept.contains($0) && batch.shape[$0] == 0 } }
            adapted = Statistics(mean: pooled.mean.map { emptyBatch ? .nan : stored($0) },
                                 variance: pooled.variance.map { emptyBatch ? .nan : stored($0) })
        }
    }

    var statistics: Statistics? { adapted }

    mutating func call(_ input: NDArray) throws -> NDArray {
        if inner.geometry == nil { try build(inputShape: input.shape.map(Optional.some)) }
        guard let geometry = inner.geometry, var (mean, variance) = inner.broadcastStatistics.map({ ($0.mean, $0.variance) }) else {
            return input
        }
        if let adapted, let m = adapted.mean.reshaped(geometry.broadcastShape), let v = adapted.variance.reshaped(geometry.broadcastShape) {
            (mean, variance) = (m, v)
        }
        if mutation == .leftAlignedBroadcast, let supplied = construction.mean, let suppliedVariance = construction.variance, supplied.rank > 0 {
            mean = try leftAligned(supplied, geometry)
            variance = try leftAligned(suppliedVariance, geometry)
        }
        guard let shape = Broadcasting.broadcastShape(input.shape, mean.shape) else {
            throw NormalizationError.callShape(input: input.shape, statistics: mean.shape)
        }
        // Keras casts the input, the (float32-held) statistics and eps to the compute dtype.
        let toCompute = { (value: Double) in self.r(DType.float32.rounded(value)) }
        let x = Broadcasting.broadcast(input, to: shape)!.scalars.map(r)
        let m = Broadcasting.broadcast(mean, to: shape)!.scalars.map(working.format!.precision < 24 ? toCompute : r)
        let v = Broadcasting.broadcast(variance, to: shape)!.scalars.map(working.format!.precision < 24 ? toCompute : r)
        let epsilon = mutation == .otherEpsilon ? 1e-5 : mutation == .unroundedEpsilon ? inner.epsilon : r(inner.epsilon)
        let outputs = x.indices.map { i -> Double in
            let s: Double = switch mutation {
            case .clampOnVariance: r(r(max(v[i], epsilon)).squareRoot())
            case .noClamp: r(v[i].squareRoot())
            default: r(v[i].squareRoot()).isNaN ? .nan : max(r(v[i].squareRoot()), epsilon)
            }
            if inner.invert {
                return mutation == .wrongInvert ? r(m[i] + r(x[i] / s)) : r(m[i] + r(x[i] * s))
            }
            return r(r(x[i] - m[i]) / s)
        }
        return NDArray(shape: shape, scalars: outputs)
    }

    /// Mean and variance per cell of the kept axes over every element of `arrays`.
    func moments(_ arrays: [NDArray], keeping kept: [Int]) throws -> Statistics {
        let shape = kept.map { arrays[0].shape[$0] }
        // A mutant keeping the wrong axes may meet batches it cannot pool: it fails, as code would.
        guard arrays.allSatisfy({ array in kept.map { array.shape[$0] } == shape }) else { throw InconsistentShapes() }
        var cells = Array(repeating: [Double](), count: NDArray.elementCount(shape))
        for array in arrays {
            for (value, cell) in zip(array.scalars, array.cellIndices(keeping: kept)) { cells[cell].append(rs(value)) }
        }
        var means: [Double] = [], variances: [Double] = []
        for values in cells {
            let n = Double(values.count)
            let mean = rs(sum(values) / n)
            let variance: Double
            if mutation == .onePassFloat32Variance {
                let f = { (x: Double) in Double(Float(x)) }
                variance = f(f(sum(values.map { f($0 * $0) }, rounding: f) / n) - f(mean * mean))
            } else {
                let divisor = mutation == .sampleVariance ? n - 1 : n
                variance = rs(sum(values.map { rs(rs($0 - mean) * rs($0 - mean)) }) / divisor)
            }
            means.append(mean)
            variances.append(variance)
        }
        return Statistics(mean: NDArray(shape: shape, scalars: means), variance: NDArray(shape: shape, scalars: variances))
    }

    /// Pairwise summation with every addition rounded (row by row for that mutant).
    func sum(_ values: [Double], rounding: ((Double) -> Double)? = nil) -> Double {
        if mutation == .rowByRowFloat32Sums { return values.reduce(0) { Double(Float($0 + $1)) } }
        return pairwise(values[...], rounding ?? rs)
    }

    private func pairwise(_ values: ArraySlice<Double>, _ round: (Double) -> Double) -> Double {
        if values.count <= 8 { return values.reduce(0) { round($0 + $1) } }
        let middle = values.startIndex + values.count / 2
        return round(pairwise(values[..<middle], round) + pairwise(values[middle...], round))
    }

    func average(_ arrays: [NDArray]) -> NDArray {
        let count = Double(arrays.count)
        return NDArray(shape: arrays[0].shape, scalars: arrays[0].scalars.indices.map { i in rs(sum(arrays.map { $0.scalars[i] }) / count) })
    }

    /// The mutant's placement: the statistics' dimensions on the first kept axes.
    func leftAligned(_ values: NDArray, _ geometry: Normalization.Geometry) throws -> NDArray {
        var shape = Array(repeating: 1, count: geometry.broadcastShape.count)
        for (index, axis) in geometry.keptAxes.prefix(values.rank).enumerated() { shape[axis] = values.shape[index] }
        guard let reshaped = values.reshaped(shape), let placed = Broadcasting.broadcast(reshaped, to: geometry.broadcastShape) else {
            throw NormalizationError.notBroadcastable(statistics: shape, target: geometry.broadcastShape)
        }
        return placed
    }
}

/// What the plain layer raises when a mutation leaves it unable to pool batches.
struct InconsistentShapes: Error {}
