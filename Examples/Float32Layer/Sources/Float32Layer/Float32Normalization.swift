import Normconf

/// keras.layers.Normalization in `Float`: a small port, written for this example, that
/// normconf judges. It follows the documentation: statistics from pairwise sums and a
/// two-pass variance, `(x − mean) / max(sqrt(variance), eps)` per element. It runs the
/// float32 policy only and says so for the others.
public struct Float32Implementation: NormalizationImplementation {
    public init() {}
    public var name: String { "Float32Layer example" }
    public var version: String { "1.0" }
    public var dtype: ComputeType { .float32 }

    public func makeLayer(_ construction: Construction, epsilon: Double) throws -> any NormalizationLayer {
        if let policy = construction.dtypePolicy, policy != .float32 {
            throw Unsupported("this layer computes in float32 only, not under \(policy.rawValue)")
        }
        return try Float32Normalization(construction, epsilon: Float(epsilon))
    }
}

public struct Float32Normalization: NormalizationLayer {
    let axes: [Int]?
    /// The numbers of an axis sequence that is not all integers (nil: not a number), which
    /// Keras range-checks by value at build before failing on them.
    let nonIntegerAxes: [Double?]
    let axisText: String
    let invert: Bool
    let epsilon: Float
    let supplied: (mean: Tensor, variance: Tensor)?

    /// Fixed at build: the input shape, the kept axes (sorted) and the statistics in the
    /// broadcast shape (rank of the input, 1 on reduced axes).
    var inputShape: [Int?]?
    var kept: [Int] = []
    var mean = Tensor(shape: [], values: [0])
    var variance = Tensor(shape: [], values: [1])
    public private(set) var statistics: Statistics?

    init(_ construction: Construction, epsilon: Float) throws {
        if case .invalid = construction.axis { throw LayerError("axis_type", exception: "TypeError") }
        axes = construction.axis.entries
        if case .invalidEntries(_, let values) = construction.axis { nonIntegerAxes = values } else { nonIntegerAxes = [] }
        axisText = construction.axis.description
        invert = construction.invert
        self.epsilon = epsilon
        switch (construction.mean, construction.variance) {
        case (nil, nil):
            supplied = nil
        case (let mean?, let variance?):
            guard mean.shape == variance.shape else { throw LayerError("stats_shape") }
            // len(axis): a string axis "a" is the 1-tuple ('a',).
            if let count = construction.axis.entryCount, mean.rank > count { throw LayerError("stats_rank") }
            supplied = (Tensor(mean), Tensor(variance))
        default:
            throw LayerError("stats_pair")
        }
    }

    public mutating func build(inputShape shape: [Int?]) throws {
        let ndim = shape.count
        guard let axes else {
            for value in nonIntegerAxes {
                guard let value else { break }
                if value < -Double(ndim) || value >= Double(ndim) { throw LayerError("axis_out_of_range") }
            }
            throw LayerError("axis_type", exception: "TypeError")
        }
        guard axes.allSatisfy({ -ndim <= $0 && $0 < ndim }) else { throw LayerError("axis_out_of_range") }
        kept = axes.map { $0 < 0 ? $0 + ndim : $0 }.sorted()
        guard kept.allSatisfy({ shape[$0] != nil }) else { throw LayerError("unknown_kept_dimension") }
        let broadcastShape = (0..<ndim).map { kept.contains($0) ? shape[$0]! : 1 }
        if let supplied {
            mean = try place(supplied.mean, in: broadcastShape)
            variance = try place(supplied.variance, in: broadcastShape)
        } else {
            // Duplicate kept axes make the statistics shape larger than the broadcast shape.
            guard kept.map({ shape[$0]! }).reduce(1, *) == broadcastShape.reduce(1, *) else { throw LayerError("duplicate_axis") }
            mean = Tensor(shape: broadcastShape, repeating: 0)
            variance = Tensor(shape: broadcastShape, repeating: 1)
        }
        inputShape = shape
    }

    /// numpy's two-way broadcast of two shapes, aligned right; nil when they do not broadcast.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let left = Array(repeating: 1, count: rank - a.count) + a, right = Array(repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(left, right) {
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.append(x == 1 ? y : x)
        }
        return shape
    }

    /// Supplied statistics: their dimensions align right to left with the kept axes, then
    /// broadcast one way to the broadcast shape.
    private func place(_ values: Tensor, in broadcastShape: [Int]) throws -> Tensor {
        var shape = Array(repeating: 1, count: broadcastShape.count)
        for back in 0..<values.shape.count {
            shape[kept[kept.count - 1 - back]] = values.shape[values.shape.count - 1 - back]
        }
        guard shape.reduce(1, *) == values.values.count else { throw LayerError("duplicate_axis") }
        guard let placed = Tensor(shape: shape, values: values.values).broadcast(to: broadcastShape) else {
            throw LayerError("not_broadcastable")
        }
        return placed
    }

    public mutating func adapt(_ data: NDArray) throws { try adapt(batches: [data], isStream: false) }
    public mutating func adapt(batches: [NDArray]) throws { try adapt(batches: batches, isStream: true) }

    private mutating func adapt(batches: [NDArray], isStream: Bool) throws {
        guard let first = batches.first else { throw LayerError("adapt_empty_stream") }
        if inputShape == nil {
            try build(inputShape: first.shape.map { $0 })
        } else if !matchesBuild(first.shape) {
            throw LayerError("adapt_shape")
        }
        // Keras' running merge divides by N = 0 at an empty first batch, and an empty later
        // batch's NaN mean makes the merge NaN (SEMANTICS adapt.batches).
        let kept = self.kept
        let samples = { (batch: NDArray) in batch.shape.indices.filter { !kept.contains($0) }.reduce(1) { $0 * batch.shape[$1] } }
        if isStream, samples(first) == 0 { throw LayerError("adapt_empty_first_batch", exception: "ZeroDivisionError") }
        // A duplicated kept axis that build let through (size 1): the variables have one
        // size per axis entry, the moments one per distinct kept axis. An array's moments
        // never fit; a stream's running totals broadcast the two at its first merge and must
        // come out in the variables' shape.
        let variables = kept.map { first.shape[$0] }, moments = Set(kept).sorted().map { first.shape[$0] }
        let totals = Self.broadcastShape(variables, moments)
        if isStream, totals == nil { throw LayerError("adapt_duplicate_axis") }
        for batch in batches where !matchesBuild(batch.shape) { throw LayerError("adapt_batch_shape") }
        if supplied != nil { throw LayerError("adapt_supplied_statistics", exception: "AttributeError") }
        if (isStream ? totals : moments) != variables { throw LayerError("adapt_duplicate_axis") }
        let poisoned = isStream && batches.contains { samples($0) == 0 }
        // Every batch pooled per kept cell: for a stream this is what Keras' running merge
        // computes, one sample per batch and cell when nothing is reduced.
        let shape = kept.map { first.shape[$0] }
        var cells = Array(repeating: [Float](), count: shape.reduce(1, *))
        for batch in batches {
            for (value, cell) in zip(batch.scalars, batch.cellIndices(keeping: kept)) { cells[cell].append(Float(value)) }
        }
        let means = cells.map { poisoned ? .nan : pairwiseSum($0) / Float($0.count) }
        let variances = zip(cells, means).map { values, mean in pairwiseSum(values.map { ($0 - mean) * ($0 - mean) }) / Float(values.count) }
        let meanTensor = Tensor(shape: shape, values: means), varianceTensor = Tensor(shape: shape, values: variances)
        statistics = Statistics(mean: meanTensor.ndarray, variance: varianceTensor.ndarray)
        mean = Tensor(shape: variance.shape, values: means)
        variance = Tensor(shape: variance.shape, values: variances)
    }

    private func matchesBuild(_ shape: [Int]) -> Bool {
        guard let inputShape else { return false }
        return shape.count == inputShape.count && kept.allSatisfy { shape[$0] == inputShape[$0] }
    }

    public mutating func call(_ input: NDArray) throws -> NDArray {
        if inputShape == nil { try build(inputShape: input.shape.map { $0 }) }
        guard let shape = Tensor.broadcastShape(input.shape, mean.shape) else { throw LayerError("call_shape") }
        let x = Tensor(input).broadcast(to: shape)!.values
        let m = mean.broadcast(to: shape)!.values, v = variance.broadcast(to: shape)!.values
        let outputs = x.indices.map { i -> Float in
            let root = v[i].squareRoot()
            let s = root.isNaN ? root : Swift.max(root, epsilon)  // NaN propagates, as numpy's maximum
            return invert ? m[i] + x[i] * s : (x[i] - m[i]) / s
        }
        return Tensor(shape: shape, values: outputs).ndarray
    }
}

/// Pairwise summation: error growing with log2(n), not n.
func pairwiseSum(_ values: [Float]) -> Float {
    func sum(_ slice: ArraySlice<Float>) -> Float {
        if slice.count <= 8 { return slice.reduce(0, +) }
        let middle = slice.startIndex + slice.count / 2
        return sum(slice[..<middle]) + sum(slice[middle...])
    }
    return sum(values[...])
}
