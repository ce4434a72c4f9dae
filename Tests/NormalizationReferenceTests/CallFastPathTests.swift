import Testing
@testable import NormalizationReference

/// The call's common path (Dekker's halves, no branch) beside the formula evaluated with a
/// fused multiply-add for every element, as the reference did before it had that path: the
/// same bits for every input, including those where the common path must hand over.
@Suite struct CallFastPathTests {
    /// The formula with `addingProduct` throughout: the bits the common path must give.
    private func normalizeByFMA(_ x: Double, _ statistic: CallFormula.Statistic) -> (Double, Double) {
        guard x.isFinite, !statistic.s.isNaN else { return ((x - statistic.mean) / statistic.plain, 0) }
        let (s, sTail) = (statistic.s, statistic.tail)
        let (difference, differenceTail) = ErrorFree.sum(x, -statistic.mean)
        guard difference.isFinite, difference != 0, s > 0 else { return (difference / s, 0) }
        let quotient = difference / s
        let residual = difference.addingProduct(-quotient, s) + differenceTail - quotient * sTail
        let (value, tail) = ErrorFree.sum(quotient, residual / s)
        return (value, tail)
    }

    private func denormalizeByFMA(_ x: Double, _ statistic: CallFormula.Statistic) -> (Double, Double) {
        guard x.isFinite, !statistic.s.isNaN else { return (statistic.mean + x * statistic.plain, 0) }
        let product = x * statistic.s
        let productError = (-product).addingProduct(x, statistic.s)
        guard product.isFinite else { return (statistic.mean + product, 0) }
        let (sum, sumTail) = ErrorFree.sum(statistic.mean, product)
        guard sum.isFinite else { return (sum, 0) }
        let (value, tail) = ErrorFree.sum(sum, sumTail + (productError + x * statistic.tail))
        return (value, tail)
    }

    /// Statistics from ordinary to degenerate: clamped, zero, negative, huge and tiny
    /// variances, non-finite means.
    static let statistics: [(mean: Double, variance: Double, epsilon: Double)] = [
        (1000, 1.0001, 1e-7), (0, 2, 1e-7), (-3.5, 1e-300, 1e-7), (1e300, 1e-20, 1e-7), (0, 0, 0), (0, 0, 1e-7),
        (2, -1, 1e-7), (.nan, 1, 1e-7), (.infinity, 1, 1e-7), (1, .infinity, 1e-7), (0, 1e300, 1e-7), (5e-324, 4e-320, 0),
        (1, 1e-14, 1e-7), (0, 1, 1e300),
    ]

    @Test func sameBitsAsTheFusedMultiplyAdd() {
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        var inputs: [Double] = [0, -0.0, 1, -1, 999.999, 1000, .nan, .infinity, -.infinity, 5e-324, -5e-324, 1e-310, 1e308, -1e308,
                                .greatestFiniteMagnitude, 0x1p995, 0x1p-960, 0x1p-1000]
        for _ in 0..<2000 {
            // Random bit patterns reach every exponent; the offsets land near the means.
            inputs.append(Double(bitPattern: next()))
            inputs.append(1000 + Double(Int64(bitPattern: next()) >> 40) * 0x1p-20)
        }
        var held = 0
        for (mean, variance, epsilon) in Self.statistics {
            let statistic = CallFormula.Statistic(mean: mean, variance: variance, epsilon: epsilon)
            for x in inputs {
                let (value, tail) = CallFormula.normalize(x, statistic)
                let (expected, expectedTail) = normalizeByFMA(x, statistic)
                #expect(value.bitPattern == expected.bitPattern && tail.bitPattern == expectedTail.bitPattern,
                        "normalize(\(x)) with \(statistic): \(value), \(tail) vs \(expected), \(expectedTail)")
                let (inverse, inverseTail) = CallFormula.denormalize(x, statistic)
                let (expectedInverse, expectedInverseTail) = denormalizeByFMA(x, statistic)
                #expect(inverse.bitPattern == expectedInverse.bitPattern && inverseTail.bitPattern == expectedInverseTail.bitPattern,
                        "denormalize(\(x)) with \(statistic): \(inverse), \(inverseTail) vs \(expectedInverse), \(expectedInverseTail)")
                held += CallFormula.normalizeCommonly(x, statistic).holds ? 1 : 0
            }
        }
        // The comparison means something only if the common path takes most elements.
        #expect(held > inputs.count * Self.statistics.count / 3)
    }

    /// A long row with NaN, inf and a huge value among ordinary ones: the row is computed in
    /// pieces by the common path, and each piece that meets them is redone element by element.
    @Test func longRowWithSpecialValues() throws {
        var layer = try Normalization(mean: NDArray(scalar: 1000), variance: NDArray(scalar: 2), invert: false)
        var values = (0..<1000).map { 1000 + Double($0) / 7 }
        values[3] = .nan
        values[300] = .infinity
        values[999] = 1e308
        let output = try layer.call(NDArray(values)).scalars
        let statistic = CallFormula.Statistic(mean: 1000, variance: 2, epsilon: 1e-7)
        #expect(zip(output, values).allSatisfy { $0.bitPattern == normalizeByFMA($1, statistic).0.bitPattern })
    }
}
