/// The statistics `adapt` computes (clauses adapt.moments, adapt.batches).
///
/// Array path: mean and population variance (ddof 0) over the reduced axes, both within
/// 1 ulp of the exact rational result. The mean is an exactly rounded sum (`ExactSum`)
/// divided by the count with a remainder correction. The variance is two-pass: each
/// deviation `x − mean` is split exactly into a rounded part and its error (TwoSum), its
/// square is summed exactly (TwoProduct), and the exact `Σ(x − mean)` term corrects for the
/// mean having been rounded, since Σ(x − μ)² = Σ(x − m)² − (Σ(x − m))² / n.
/// A one-pass formula (E[x²] − E[x]²) is avoided: it cancels catastrophically on data far
/// from zero (SEMANTICS section 5).
///
/// Batch path: the exact value of Keras' running merge, which is the pooled moments of all
/// batches (see `merged`).
public struct Moments: Sendable {
    /// Mean in the statistics shape.
    public var mean: NDArray
    /// Population variance in the statistics shape.
    public var variance: NDArray

    /// Mean and population variance of `data` over every axis not in `kept` (adapt.moments).
    /// `kept` must be sorted, non-negative and free of duplicates. Zero elements on the
    /// reduced axes give NaN (adapt.empty-array); NaN and ±inf follow IEEE rules
    /// (adapt.degenerate).
    public static func of(_ data: NDArray, keeping kept: [Int]) -> Moments {
        pooled([data], keeping: kept)
    }

    /// The statistics Keras' running merge over a stream of batches converges to
    /// (adapt.batches), computed exactly. Keras updates, from M = V = N = 0, for each batch
    /// of n_b samples (its reduced sizes' product, or 1 when no axis is reduced):
    ///   N ← N + n_b, w_b = n_b / N, w_a = 1 − w_b, M' = M·w_a + m_b·w_b,
    ///   V' = (V + (M − M')²)·w_a + (v_b + (m_b − M')²)·w_b.
    /// In exact arithmetic this is the pooled mean and variance of every sample of every
    /// batch — and when no axis is reduced, each batch is one sample per cell, which pooling
    /// the batches' elements gives too. So the reference pools; evaluating the update step by
    /// step in float64 would add a few ulps of its own rounding to the golden values.
    public static func merged(_ batches: [NDArray], keeping kept: [Int]) -> Moments {
        pooled(batches, keeping: kept)
    }

    /// Mean and population variance per kept cell over every element of every array (the
    /// arrays share their kept sizes; their reduced sizes may differ).
    static func pooled(_ arrays: [NDArray], keeping kept: [Int]) -> Moments {
        guard let first = arrays.first else { preconditionFailure("pooled() needs an array") }
        let shape = kept.map { first.shape[$0] }
        let cells = NDArray.elementCount(shape)
        let positions = arrays.map { statisticsPositions(of: $0.shape, keeping: kept) }
        let count = cells == 0 ? 0 : arrays.reduce(0) { $0 + $1.count } / cells

        var sums = Array(repeating: ExactSum(), count: cells)
        for (array, cellOf) in zip(arrays, positions) {
            for (offset, value) in array.scalars.enumerated() { sums[cellOf[offset]].add(value) }
        }
        let means = sums.map { $0.quotient(dividingBy: count) }

        var squares = Array(repeating: ExactSum(), count: cells)
        var deviations = Array(repeating: ExactSum(), count: cells)
        for (array, cellOf) in zip(arrays, positions) {
            for (offset, value) in array.scalars.enumerated() {
                let cell = cellOf[offset]
                let (high, low) = ErrorFree.sum(value, -means[cell])
                deviations[cell].add(high)
                deviations[cell].add(low)
                squares[cell].addProduct(high, high)
                squares[cell].addProduct(2 * high, low)
                squares[cell].addProduct(low, low)
            }
        }
        let variances = (0..<cells).map { cell -> Double in
            let drift = deviations[cell].rounded  // n·(μ − m): tiny, so one rounding is enough
            var sum = squares[cell]
            if drift != 0, drift.isFinite { sum.add(-(drift * drift) / Double(count)) }
            return sum.quotient(dividingBy: count)
        }
        return Moments(mean: NDArray(shape: shape, scalars: means),
                       variance: NDArray(shape: shape, scalars: variances))
    }

    /// For each element of an array of `shape`, the row-major index of its statistics cell:
    /// its coordinates on the kept axes.
    private static func statisticsPositions(of shape: [Int], keeping kept: [Int]) -> [Int] {
        let cellStrides = NDArray.strides(kept.map { shape[$0] })
        let total = NDArray.elementCount(shape)
        return (0..<total).map { offset in
            let coordinates = NDArray.coordinates(of: offset, in: shape)
            return zip(kept, cellStrides).reduce(0) { $0 + coordinates[$1.0] * $1.1 }
        }
    }
}
