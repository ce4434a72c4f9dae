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
/// Batch path: each batch's moments as above, merged in float64 with Keras' running update.
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
        let shape = kept.map { data.shape[$0] }
        let positions = statisticsPositions(of: data.shape, keeping: kept)
        let cells = NDArray.elementCount(shape)
        let count = cells == 0 ? 0 : data.count / cells

        var sums = Array(repeating: ExactSum(), count: cells)
        for (offset, value) in data.scalars.enumerated() {
            sums[positions[offset]].add(value)
        }
        let means = sums.map { $0.quotient(dividingBy: count) }

        var squares = Array(repeating: ExactSum(), count: cells)
        var deviations = Array(repeating: ExactSum(), count: cells)
        for (offset, value) in data.scalars.enumerated() {
            let cell = positions[offset]
            let (high, low) = ErrorFree.sum(value, -means[cell])
            deviations[cell].add(high)
            deviations[cell].add(low)
            squares[cell].addProduct(high, high)
            squares[cell].addProduct(2 * high, low)
            squares[cell].addProduct(low, low)
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

    /// Keras' running merge over a stream of batches (adapt.batches), in float64: starting
    /// from M = V = N = 0, each batch of n_b samples (the product of its reduced sizes, or 1
    /// when no axis is reduced) updates
    ///   N ← N + n_b, w_b = n_b / N, w_a = 1 − w_b, M' = M·w_a + m_b·w_b,
    ///   V' = (V + (M − M')²)·w_a + (v_b + (m_b − M')²)·w_b.
    public static func merged(_ batches: [NDArray], keeping kept: [Int], reduced: [Int]) -> Moments {
        guard let first = batches.first else { preconditionFailure("merged() needs a batch") }
        let shape = kept.map { first.shape[$0] }
        var total = Moments(mean: NDArray(repeating: 0, shape: shape),
                            variance: NDArray(repeating: 0, shape: shape))
        var totalCount = 0
        for batch in batches {
            let batchMoments = Moments.of(batch, keeping: kept)
            let batchCount = reduced.reduce(1) { $0 * batch.shape[$1] }
            totalCount += batchCount
            let batchWeight = Double(batchCount) / Double(totalCount)
            let existingWeight = 1 - batchWeight
            var mean = [Double](), variance = [Double]()
            for cell in 0..<total.mean.count {
                let m = total.mean.scalars[cell], v = total.variance.scalars[cell]
                let mb = batchMoments.mean.scalars[cell], vb = batchMoments.variance.scalars[cell]
                let newMean = m * existingWeight + mb * batchWeight
                let gapExisting = m - newMean, gapBatch = mb - newMean
                mean.append(newMean)
                variance.append((v + gapExisting * gapExisting) * existingWeight
                                + (vb + gapBatch * gapBatch) * batchWeight)
            }
            total = Moments(mean: NDArray(shape: shape, scalars: mean),
                            variance: NDArray(shape: shape, scalars: variance))
        }
        return total
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
