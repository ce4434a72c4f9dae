import Testing
@testable import NormalizationReference

/// SEMANTICS.md section 3: call.
@Suite struct CallTests {
    private func supplied(_ mean: Double, _ variance: Double, invert: Bool = false, epsilon: Double = 1e-7) throws -> Normalization {
        try Normalization(mean: NDArray(scalar: mean), variance: NDArray(scalar: variance), invert: invert, epsilon: epsilon)
    }

    // call.formula: y = (x − mean) / sqrt(variance), rounded once: 1/√2 is 0.7071067811865476.
    @Test func formula() throws {
        var layer = try supplied(1, 4)
        #expect(try layer.call(NDArray([3, 5, -1])).scalars == [1, 2, -1])
        var irrational = try supplied(0, 2)
        #expect(try irrational.call(NDArray([1])).scalars == [0.7071067811865476])
    }

    // call.invert: y = mean + x·s.
    @Test func invert() throws {
        var layer = try supplied(1, 4, invert: true)
        #expect(try layer.call(NDArray([1, 2, -0.5])).scalars == [3, 5, 0])
    }

    // call.eps-clamp: the clamp is max(sqrt(v), eps), on the standard deviation.
    @Test(arguments: [0.0, 1e-15, 1e-16])
    func clampBelowThreshold(variance: Double) throws {
        var layer = try supplied(0, variance)
        #expect(try layer.call(NDArray([1])).scalars == [1 / 1e-7])
    }

    @Test func clampIsOnTheStandardDeviationNotTheVariance() throws {
        // sd 1e-4 is above eps: no clamp (clamping the variance would give sqrt(1e-7)).
        var layer = try supplied(0, 1e-8)
        #expect(try layer.call(NDArray([1])).scalars == [1e4])
        // sd 2e-7 = sqrt(4e-14) is above eps too.
        var above = try supplied(0, 4e-14)
        #expect(try above.call(NDArray([2])).scalars == [2 / 2e-7])
        var inverted = try supplied(5, 0, invert: true)
        #expect(try inverted.call(NDArray([1e7])).scalars == [5 + 1e7 * 1e-7])
    }

    // call.eps-clamp: epsilon is a parameter, read at call time.
    @Test func customEpsilon() throws {
        var layer = try supplied(0, 0.01, epsilon: 0.5)
        #expect(try layer.call(NDArray([1])).scalars == [2])
        layer.epsilon = 1e-7
        #expect(try layer.call(NDArray([1])).scalars == [10])
    }

    // call.special-values: IEEE NaN and inf; negative variance is NaN both ways; overflow.
    @Test func specialValues() throws {
        var layer = try supplied(1, 4)
        let output = try layer.call(NDArray([.nan, .infinity, -.infinity]))
        #expect(output.scalars[0].isNaN)
        #expect(output.scalars[1] == .infinity && output.scalars[2] == -.infinity)
        for invert in [false, true] {
            var negative = try supplied(0, -1, invert: invert)
            #expect(try negative.call(NDArray([1, 0])).scalars.allSatisfy(\.isNaN))
        }
        var overflow = try supplied(-1.5e308, 1)
        #expect(try overflow.call(NDArray([1.5e308, -1.5e308])).scalars == [.infinity, 0])
        var nanMean = try supplied(.nan, 1)
        #expect(try nanMean.call(NDArray([1])).scalars[0].isNaN)
    }

    // call.broadcasting: numpy rules against the broadcast-shaped statistics, no build-shape check.
    @Test func broadcasting() throws {
        var layer = try Normalization()
        try layer.adapt(docAdaptData)  // mean [1, 8, 5], variance [1, 1, 1]
        let flat = try layer.call(NDArray([1, 8, 5]))
        #expect(flat.shape == [1, 3] && flat.scalars == [0, 0, 0])
        let deeper = try layer.call(NDArray(shape: [2, 2, 3], scalars: Array(repeating: [2, 9, 6], count: 4).flatMap { $0 }))
        #expect(deeper.shape == [2, 2, 3] && deeper.scalars == Array(repeating: 1, count: 12))
        #expect(throws: NormalizationError.callShape(input: [2, 4], statistics: [1, 3])) {
            try layer.call(NDArray(repeating: 0, shape: [2, 4]))
        }
    }

    // call.dtype: the reference computes in float64; 0.1 stays the float64 0.1.
    @Test func float64Throughout() throws {
        var layer = try supplied(0.1, 1)
        #expect(try layer.call(NDArray([0.3])).scalars == [0.3 - 0.1])
        #expect(0.3 - 0.1 == 0.19999999999999998)
    }
}
