import Testing
@testable import NormalizationReference

/// SEMANTICS.md section 2: build, explicit or implied by the first adapt or call.
@Suite struct BuildTests {
    // build.range: every entry in [-ndim, ndim); rank-0 input with the default axis fails.
    @Test func rangeCheck() throws {
        var layer = try Normalization(axis: .list([-3]))
        #expect(throws: NormalizationError.axisOutOfRange(ndim: 2, axis: [-3])) { try layer.build(inputShape: [4, 3]) }
        var rankZero = try Normalization()
        #expect(throws: NormalizationError.axisOutOfRange(ndim: 0, axis: [-1])) { try rankZero.call(NDArray(scalar: 1)) }
        var adaptZero = try Normalization()
        #expect(throws: NormalizationError.axisOutOfRange(ndim: 0, axis: [-1])) { try adaptZero.adapt(NDArray(scalar: 1)) }
        var edge = try Normalization(axis: .list([-2, 1]))
        try edge.build(inputShape: [4, 3])
    }

    // build.sort: (1, 2), (2, 1) and (-1, 1) give identical kept axes and identical results.
    @Test(arguments: [[1, 2], [2, 1], [-1, 1]])
    func userOrderNeverMatters(axes: [Int]) throws {
        var layer = try Normalization(axis: .list(axes))
        // x[i][j][k] = 100i + 10j + k over shape (2, 2, 3): mean over axis 0 is 50 + 10j + k,
        // variance over two values 100 apart is 50² = 2500.
        let values: [Double] = [0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]
        let data = NDArray(shape: [2, 2, 3], scalars: values)
        try layer.adapt(data)
        #expect(layer.geometry?.keptAxes == [1, 2])
        #expect(layer.adaptedStatistics?.mean.scalars == [50, 51, 52, 60, 61, 62])
        #expect(layer.adaptedStatistics?.variance.scalars == Array(repeating: 2500, count: 6))
        #expect(try layer.call(NDArray(shape: [1, 2, 3], scalars: [100, 101, 102, 110, 111, 112])).scalars == Array(repeating: 1, count: 6))
    }

    // build.unknown-dim: kept axes need a known size; reduced axes may be unknown.
    @Test func unknownKeptDimension() throws {
        var layer = try Normalization(axis: .index(1))
        #expect(throws: NormalizationError.unknownKeptDimension(axis: [1], inputShape: [nil, nil], index: 1)) {
            try layer.build(inputShape: [nil, nil])
        }
        var fine = try Normalization(axis: .index(1))
        try fine.build(inputShape: [nil, 3])
        #expect(fine.geometry?.statisticsShape == [3])
    }

    // build.shapes: the four examples of the clause.
    @Test func shapes() throws {
        let examples: [(AxisArgument, [Int?], [Int], [Int])] = [
            (.index(-1), [4, 3], [3], [1, 3]),
            (.index(-2), [2, 3, 4], [3], [1, 3, 1]),
            (.list([1, 2]), [2, 3, 4, 5], [3, 4], [1, 3, 4, 1]),
            (.none, [2, 3, 4], [], [1, 1, 1]),
        ]
        for (axis, input, statistics, broadcast) in examples {
            var layer = try Normalization(axis: axis)
            try layer.build(inputShape: input)
            #expect(layer.geometry?.statisticsShape == statistics)
            #expect(layer.geometry?.broadcastShape == broadcast)
        }
    }

    // build.batch-axis-kept: rank-1 input with the default axis keeps axis 0; afterwards only
    // that batch size (or a size that broadcasts) is accepted.
    @Test func batchAxisKept() throws {
        var layer = try Normalization()
        try layer.adapt(NDArray([1, 2, 3, 4, 5]))
        #expect(layer.geometry?.keptAxes == [0])
        // Each index is its own sample: mean = data, variance 0, so s = eps and x − mean = 0.
        #expect(layer.adaptedStatistics?.mean.scalars == [1, 2, 3, 4, 5])
        #expect(layer.adaptedStatistics?.variance.scalars == [0, 0, 0, 0, 0])
        #expect(try layer.call(NDArray([1, 2, 3, 4, 5])).scalars == [0, 0, 0, 0, 0])
        #expect(throws: NormalizationError.callShape(input: [3], statistics: [5])) { try layer.call(NDArray([1, 2, 3])) }
    }

    // build.defaults: before any adapt the layer is the identity.
    @Test func identityBeforeAdapt() throws {
        var layer = try Normalization()
        let input = NDArray(rows: [[1.5, -2, 1e30]])
        #expect(bits(try layer.call(input).scalars) == bits(input.scalars))
        #expect(layer.adaptedStatistics?.mean.scalars == [0, 0, 0])
        #expect(layer.adaptedStatistics?.variance.scalars == [1, 1, 1])
    }

    // build.duplicate-axis: fatal in adapt mode, harmless with supplied statistics.
    @Test func duplicateAxis() throws {
        var adaptMode = try Normalization(axis: .list([1, -1]))
        #expect(throws: NormalizationError.duplicateAxis(size: 9, target: [1, 3])) { try adaptMode.build(inputShape: [nil, 3]) }
        var implicit = try Normalization(axis: .list([1, 1]))
        #expect(throws: NormalizationError.duplicateAxis(size: 9, target: [1, 3])) { try implicit.adapt(docAdaptData) }
        var supplied = try Normalization(axis: .list([1, 1]), mean: NDArray([1, 8, 5]), variance: NDArray([1, 1, 1]))
        #expect(try supplied.call(NDArray(rows: [[0, 7, 4]])).scalars == [-1, -1, -1])
    }

    // build.broadcast: right-to-left alignment with the sorted kept axes, then one-way
    // broadcasting. axis=(1, 2) on (2, 3, 4): (3, 4), (4,), (3, 1), (1, 4) and () work.
    @Test(arguments: [[3, 4], [4], [3, 1], [1, 4], [], [1]])
    func suppliedStatisticsBroadcast(shape: [Int]) throws {
        let count = NDArray.elementCount(shape)
        // mean[i] = i, variance 4 (s = 2), so output = (x − mean) / 2.
        let mean = NDArray(shape: shape, scalars: (0..<count).map(Double.init))
        var layer = try Normalization(axis: .list([2, 1]), mean: mean, variance: NDArray(repeating: 4, shape: shape))
        let output = try layer.call(NDArray(repeating: 10, shape: [2, 3, 4]))
        #expect(output.shape == [2, 3, 4])
        // Element (b, i, j) sees mean at (i, j) of the expanded statistics.
        for offset in 0..<24 {
            let (i, j) = (offset / 4 % 3, offset % 4)
            let expectedMean: Double = switch shape {
            case [3, 4]: Double(4 * i + j)
            case [4], [1, 4]: Double(j)
            case [3, 1]: Double(i)
            default: 0
            }
            #expect(output.scalars[offset] == (10 - expectedMean) / 2)
        }
    }

    // build.not-broadcastable: (3,) and (4, 3) on axis=(1, 2) of (2, 3, 4) fail at build;
    // with an implicit build the first adapt or call raises it.
    @Test func notBroadcastable() throws {
        var explicit = try Normalization(axis: .list([1, 2]), mean: NDArray([1, 2, 3]), variance: NDArray([1, 1, 1]))
        #expect(throws: NormalizationError.notBroadcastable(statistics: [1, 1, 3], target: [1, 3, 4])) {
            try explicit.build(inputShape: [nil, 3, 4])
        }
        let transposed = NDArray(repeating: 1, shape: [4, 3])
        var implicit = try Normalization(axis: .list([1, 2]), mean: transposed, variance: transposed)
        #expect(throws: NormalizationError.notBroadcastable(statistics: [1, 4, 3], target: [1, 3, 4])) {
            try implicit.call(NDArray(repeating: 0, shape: [2, 3, 4]))
        }
        var onAdapt = try Normalization(mean: NDArray([1, 2]), variance: NDArray([1, 1]))
        #expect(throws: NormalizationError.notBroadcastable(statistics: [1, 2], target: [1, 3])) { try onAdapt.adapt(docAdaptData) }
    }
}
