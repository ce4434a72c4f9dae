import Testing
@testable import NormalizationReference

/// SEMANTICS.md section 4: adapt.
@Suite struct AdaptTests {
    private func statistics(_ layer: Normalization) -> ([Double], [Double]) {
        (layer.adaptedStatistics?.mean.scalars ?? [], layer.adaptedStatistics?.variance.scalars ?? [])
    }

    // adapt.moments: mean and population variance (ddof 0): [1..5] → 3 and 2, not 2.5.
    @Test func populationMoments() throws {
        var layer = try Normalization(axis: .none)
        try layer.adapt(NDArray([1, 2, 3, 4, 5]))
        #expect(statistics(layer) == ([3], [2]))
        var columns = try Normalization()
        try columns.adapt(docAdaptData)
        #expect(statistics(columns) == ([1, 8, 5], [1, 1, 1]))
    }

    // adapt.moments, "as exact as float64 allows": cancellation a naive sum cannot survive.
    // Exact: mean = 1/3, variance = 2·10⁴⁰/3 + 2/9 (Python fractions: 6.666666666666666e+39).
    // Under the float64 policy: a float32 variable would hold that variance as inf.
    @Test func exactUnderCancellation() throws {
        var layer = try Normalization(axis: .none, policy: .float64)
        try layer.adapt(NDArray([1e20, 1, -1e20]))
        #expect(statistics(layer) == ([1.0 / 3.0], [6.666666666666666e+39]))
    }

    // Many rows far from zero (SEMANTICS section 5): alternating 1000, 1001 over 250,000 rows
    // has mean 1000.5 and variance 0.25 exactly.
    @Test func manyRowsWithAnOffset() throws {
        let rows = 250_000
        var layer = try Normalization()
        try layer.adapt(NDArray(shape: [rows, 1], scalars: (0..<rows).map { 1000 + Double($0 % 2) }))
        #expect(statistics(layer) == ([1000.5], [0.25]))
    }

    // adapt.builds: an unbuilt layer is built with the data's shape.
    @Test func buildsFromData() throws {
        var layer = try Normalization()
        try layer.adapt(docAdaptData)
        #expect(layer.geometry?.inputShape == [4, 3])
    }

    // adapt.shape-check: kept sizes or rank differing from the build shape; reduced sizes may differ.
    @Test func shapeCheck() throws {
        var layer = try Normalization()
        try layer.build(inputShape: [nil, 3])
        try layer.adapt(NDArray(rows: [[1, 2, 3]]))
        #expect(throws: NormalizationError.adaptShape(built: [nil, 3], data: [4, 2])) {
            try layer.adapt(NDArray(repeating: 0, shape: [4, 2]))
        }
        #expect(throws: NormalizationError.adaptShape(built: [nil, 3], data: [3])) { try layer.adapt(NDArray([1, 2, 3])) }
    }

    // adapt.replaces: a second adapt replaces, never merges.
    @Test func replaces() throws {
        var layer = try Normalization(axis: .none)
        try layer.adapt(NDArray([0, 2, 0, 2]))
        try layer.adapt(NDArray([2, 4, 2, 4]))
        #expect(statistics(layer) == ([3], [1]))
    }

    // adapt.batches: the running merge equals the concatenation when axes are reduced:
    // [1, 3] + [5, 7] → mean 4, variance 5; batches of 1 and 3 rows → [0, 1, 1, 4]: 1.5, 2.25.
    @Test func batchesMergeLikeConcatenation() throws {
        var layer = try Normalization(axis: .none)
        try layer.adapt(batches: [NDArray([1, 3]), NDArray([5, 7])])
        #expect(statistics(layer) == ([4], [5]))
        var unequal = try Normalization()
        try unequal.adapt(batches: [NDArray(rows: [[0]]), NDArray(rows: [[1], [1], [4]])])
        #expect(statistics(unequal) == ([1.5], [2.25]))
    }

    // adapt.batches: with no reduced axis each batch is one sample, unlike an array adapt.
    @Test func batchesWithNoReducedAxis() throws {
        var layer = try Normalization(axis: .list([0, 1]))
        try layer.adapt(batches: [NDArray(rows: [[1, 2], [3, 4]]), NDArray(rows: [[3, 4], [5, 6]])])
        #expect(statistics(layer) == ([2, 3, 4, 5], [1, 1, 1, 1]))
        var array = try Normalization(axis: .list([0, 1]))
        try array.adapt(NDArray(rows: [[1, 2], [3, 4]]))
        #expect(statistics(array) == ([1, 2, 3, 4], [0, 0, 0, 0]))
    }

    // adapt.batch-shape: every batch must match the build shape on the kept axes.
    @Test func batchShape() throws {
        var layer = try Normalization()
        #expect(throws: NormalizationError.adaptBatchShape(expected: [2, 3], got: [2, 4])) {
            try layer.adapt(batches: [NDArray(repeating: 0, shape: [2, 3]), NDArray(repeating: 0, shape: [2, 4])])
        }
        var rows = try Normalization()
        try rows.adapt(batches: [NDArray(repeating: 1, shape: [2, 3]), NDArray(repeating: 3, shape: [6, 3])])
        #expect(statistics(rows).0 == [2.5, 2.5, 2.5])
    }

    // adapt.empty-stream.
    @Test func emptyStream() throws {
        var layer = try Normalization()
        #expect(throws: NormalizationError.adaptEmptyStream) { try layer.adapt(batches: []) }
    }

    // adapt.empty-array: zero elements on the reduced axes give NaN statistics, no error.
    @Test func emptyArray() throws {
        var layer = try Normalization()
        try layer.adapt(NDArray(repeating: 0, shape: [0, 3]))
        #expect(statistics(layer).0.allSatisfy(\.isNaN) && statistics(layer).1.allSatisfy(\.isNaN))
        #expect(try layer.call(NDArray(rows: [[1, 2, 3]])).scalars.allSatisfy(\.isNaN))
    }

    // adapt.degenerate: constant data → variance 0 → (x − c)·1e7; NaN and ±inf columns.
    @Test func degenerate() throws {
        var layer = try Normalization()
        try layer.adapt(NDArray(rows: [[5, .nan, .infinity], [5, 1, 2], [5, 1, 2]]))
        let (mean, variance) = statistics(layer)
        #expect(mean[0] == 5 && variance[0] == 0)
        #expect(mean[1].isNaN && variance[1].isNaN)
        #expect(mean[2] == .infinity && variance[2].isNaN)
        #expect(try layer.call(NDArray(rows: [[6, 0, 0]])).scalars[0] == 1 / 1e-7)
    }

    // adapt.supplied-error: adapting a layer given its statistics fails, after build checks.
    @Test func suppliedStatistics() throws {
        var layer = try Normalization(mean: NDArray(scalar: 0), variance: NDArray(scalar: 1))
        #expect(throws: NormalizationError.adaptSuppliedStatistics) { try layer.adapt(docAdaptData) }
        var batches = try Normalization(mean: NDArray(scalar: 0), variance: NDArray(scalar: 1))
        #expect(throws: NormalizationError.adaptSuppliedStatistics) { try batches.adapt(batches: [docAdaptData]) }
    }
}

/// adapt.batches: the reference pools the batches, which is the exact value of Keras'
/// running update. Evaluating the update literally in float64 must land within a few ulps.
@Suite struct RunningMergeTests {
    /// Keras' update, transcribed from SEMANTICS.md adapt.batches, for one statistics cell.
    private func runningMerge(_ batches: [[Double]], samplesPerBatch: [Int], batchMoments: [(Double, Double)]) -> (Double, Double) {
        var (mean, variance, count) = (0.0, 0.0, 0)
        for (n, (m, v)) in zip(samplesPerBatch, batchMoments) {
            count += n
            let wb = Double(n) / Double(count), wa = 1 - wb
            let newMean = mean * wa + m * wb
            variance = (variance + (mean - newMean) * (mean - newMean)) * wa + (v + (m - newMean) * (m - newMean)) * wb
            mean = newMean
        }
        return (mean, variance)
    }

    @Test(arguments: [[2, 5, 1], [7, 3], [1, 1, 1, 1]])
    func poolingMatchesTheUpdate(sizes: [Int]) throws {
        var state: UInt64 = 12345
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 40) / 4096 }
        let batches = sizes.map { n in (0..<n).map { _ in next() } }
        var layer = try Normalization(axis: .none)
        try layer.adapt(batches: batches.map { NDArray($0) })
        let moments = batches.map { Moments.of(NDArray($0), keeping: []) }.map { ($0.mean.scalars[0], $0.variance.scalars[0]) }
        let (mean, variance) = runningMerge(batches, samplesPerBatch: sizes, batchMoments: moments)
        let pooled = try #require(layer.adaptedStatistics)
        #expect(abs(pooled.mean.scalars[0] - mean) <= 8 * mean.ulp)
        #expect(abs(pooled.variance.scalars[0] - variance) <= 8 * variance.ulp)
    }

    // A variance beyond float64's range is inf, correctly rounded (not NaN), and computing
    // it does not slow down: an overflowing square no longer leaves a NaN partial behind.
    @Test func varianceBeyondTheRangeIsInfinite() throws {
        var layer = try Normalization(axis: .none, policy: .float64)
        try layer.adapt(NDArray([1.3e158] + Array(repeating: 1.0, count: 5_000)))
        let statistics = try #require(layer.adaptedStatistics)
        #expect(statistics.mean.scalars == [1.3e158 / 5001 + 5000.0 / 5001])
        #expect(statistics.variance.scalars == [.infinity])
    }

    // dtype.policy-variables: a float32 variable holds a variance beyond float32's range as
    // inf (found by differential fuzzing: Keras on every backend), the mean stays finite.
    @Test func float32VariableOverflowsToInfinity() throws {
        var layer = try Normalization(axis: .none)
        try layer.adapt(NDArray([0x1.fffffep127, 0, 1]))
        let statistics = try #require(layer.adaptedStatistics)
        #expect(statistics.mean.scalars[0].isFinite)
        #expect(statistics.variance.scalars == [.infinity])
    }

    @Test func exactSumPastTheRangeIsInfinite() {
        var sum = ExactSum()
        for _ in 0..<3 { sum.add(1e308) }
        sum.add(1)
        #expect(sum.quotient(dividingBy: 1) == .infinity)
        #expect(sum.quotient(dividingBy: 3) == 1e308)
    }

    // adapt.moments: each statistic is the exact value rounded once, so a tie goes to even,
    // also among the subnormals, and a value one bit past the tie goes away from it.
    @Test(arguments: [
        ([1, 1 + 0x1p-52], 1.0, 0x1p-106),                       // mean 1 + 2⁻⁵³: a tie, to even
        ([1 + 0x1p-52, 1 + 0x1p-51], 1 + 0x1p-51, 0x1p-106),      // 1 + 3·2⁻⁵³: to even, upward
        ([0x1p-1074, 0], 0, 0),                                  // 2⁻¹⁰⁷⁵: to even, 0
        ([0x1p-1074 * 3, 0], 0x1p-1074 * 2, 0),      // 1.5·2⁻¹⁰⁷⁴: to even, 2·2⁻¹⁰⁷⁴
        ([0x1p53 * 3, 3, 0x1p-60 * 3], 0x1p53 + 2, 0x1.fffffffffffffp106),  // 2⁵³ + 1 + 2⁻⁶⁰: past the tie
    ] as [([Double], Double, Double)])
    func statisticsAreRoundedOnce(data: [Double], mean: Double, variance: Double) throws {
        var layer = try Normalization(axis: .none, policy: .float64)
        try layer.adapt(NDArray(data))
        let statistics = try #require(layer.adaptedStatistics)
        #expect(statistics.mean.scalars == [mean])
        #expect(statistics.variance.scalars == [variance])
    }

    // Found by tools/oracle: the squares of ±9.5e153 sum past float64's range, their mean does
    // not; the exact sum has no range to leave.
    @Test func varianceWhoseSumOfSquaresOverflows() throws {
        var layer = try Normalization(axis: .none, policy: .float64)
        try layer.adapt(NDArray([9.5e153, -9.5e153]))
        let statistics = try #require(layer.adaptedStatistics)
        #expect(statistics.variance.scalars == [9.5e153 * 9.5e153])
    }
}
