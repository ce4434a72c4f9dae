/// The statistics `adapt` computes (clauses adapt.moments, adapt.batches).
///
/// Array path: mean and population variance (ddof 0) over the reduced axes, each the exact
/// rational result rounded once to the nearest double. One pass sums x and x² exactly
/// (`ExactSum`); then mean = Σx / n and variance = (n·Σx² − (Σx)²) / n². In floating point
/// that one-pass formula cancels catastrophically on data far from zero (SEMANTICS section
/// 5); held exactly it loses nothing, and only the final division rounds.
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
    ///
    /// A later batch with no samples (n_b = 0) has a NaN mean, and M·1 + NaN·0 is NaN: the
    /// whole merge becomes NaN, which pooling alone would not give. (A first batch with no
    /// samples divides by N = 0; `Normalization.adapt(batches:)` raises that.)
    public static func merged(_ batches: [NDArray], keeping kept: [Int]) -> Moments {
        let moments = pooled(batches, keeping: kept)
        guard batches.contains(where: { samples(in: $0, keeping: kept) == 0 }) else { return moments }
        return Moments(mean: moments.mean.map { _ in .nan }, variance: moments.variance.map { _ in .nan })
    }

    /// n_b: the product of the sizes on the reduced axes, 1 when no axis is reduced.
    public static func samples(in batch: NDArray, keeping kept: [Int]) -> Int {
        batch.shape.indices.filter { !kept.contains($0) }.reduce(1) { $0 * batch.shape[$1] }
    }

    /// Mean and population variance per kept cell over every element of every array (the
    /// arrays share their kept sizes; their reduced sizes may differ): the fast path when it
    /// can prove its rounding (`CompensatedMoments`), else the exact sums; the same bits.
    static func pooled(_ arrays: [NDArray], keeping kept: [Int]) -> Moments {
        #if !NORMCONF_EXACT_ONLY
        if let moments = CompensatedMoments.certified(arrays, keeping: kept) { return moments }
        #endif
        return exact(arrays, keeping: kept)
    }

    /// `pooled` by the exact sums of every element (`ExactSum`).
    static func exact(_ arrays: [NDArray], keeping kept: [Int]) -> Moments {
        guard let first = arrays.first else { preconditionFailure("exact() needs an array") }
        let shape = kept.map { first.shape[$0] }
        let cells = NDArray.elementCount(shape)
        let count = cells == 0 ? 0 : arrays.reduce(0) { $0 + $1.count } / cells

        var sums = Array(repeating: ExactSum(), count: cells)
        var squares = Array(repeating: ExactSum(), count: cells)
        for array in arrays {
            let values = array.scalars
            var offset = 0
            array.forEachCell(keeping: kept) { cell in
                let value = values[offset]
                offset += 1
                sums[cell].add(value)
                // A non-finite value makes the variance NaN (below); only finite squares count.
                if value.isFinite { squares[cell].addProduct(value, value) }
            }
        }
        let means = sums.map { $0.quotient(dividingBy: count) }
        let countSum = ExactSum(Double(count))
        let variances = zip(sums, squares).map { sum, squares -> Double in
            // A NaN or ±inf value makes the mean non-finite, and that value's deviation from
            // it NaN (inf − inf): numpy's two-pass variance is NaN (adapt.degenerate).
            if sum.hasNonFinite { return .nan }
            // n²·variance = n·Σx² − (Σx)², exact here, rounded once by the division.
            var scaled = ExactSum()
            scaled.addProduct(squares, countSum)
            scaled.addProduct(sum, sum, negated: true)
            return scaled.quotient(dividingBy: count, count)
        }
        return Moments(mean: NDArray(shape: shape, scalars: means),
                       variance: NDArray(shape: shape, scalars: variances))
    }
}
