import Testing
@testable import NormalizationReference

/// The four examples of keras-normalization-doc.txt, bit-exact in float64. The expected
/// values are the exact results rounded once: −2/√2 = −√2 and −1/√2.
@Suite struct DocumentationExampleTests {
    @Test func globalMeanAndVarianceFromAdapt() throws {
        var layer = try Normalization(axis: .none)
        try layer.adapt(NDArray([1, 2, 3, 4, 5]))
        let output = try layer.call(NDArray([1, 2, 3]))
        #expect(output.shape == [3])
        #expect(bits(output.scalars) == bits([-1.4142135623730951, -0.7071067811865476, 0.0]))
    }

    @Test func perIndexOnTheLastAxis() throws {
        var layer = try Normalization(axis: .index(-1))
        try layer.adapt(docAdaptData)
        let output = try layer.call(NDArray(rows: [[0, 7, 4]]))
        #expect(output.shape == [1, 3])
        #expect(bits(output.scalars) == bits([-1, -1, -1]))
    }

    @Test func suppliedMeanAndVariance() throws {
        var layer = try Normalization(mean: NDArray(scalar: 3), variance: NDArray(scalar: 2))
        let output = try layer.call(NDArray(rows: [[1], [2], [3]]))
        #expect(output.shape == [3, 1])
        #expect(bits(output.scalars) == bits([-1.4142135623730951, -0.7071067811865476, 0.0]))
    }

    @Test func invertAfterAdapt() throws {
        var layer = try Normalization(axis: .index(-1), invert: true)
        try layer.adapt(docAdaptData)
        let output = try layer.call(NDArray(rows: [[1, 2, 3]]))
        #expect(bits(output.scalars) == bits([2, 10, 8]))
    }
}
