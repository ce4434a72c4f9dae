import Testing
@testable import NormalizationReference

/// The call's common path (Dekker's halves, no branch) beside the formula evaluated with a
/// fused multiply-add for every element, as the reference did before it had that path: the
/// same bits for every input, including those where the common path must hand over.
@Suite struct CallFastPathTests {
    /// The same bits, or both NaN: which NaN an operation on two NaNs gives is the
    /// processor's choice, and the compiler may order the operands either way.
    private func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || a.isNaN && b.isNaN
    }

    /// The formula with `addingProduct` throughout: the bits the common path must give.
    private func normalizeByFMA(_ x: Double, _ statistic: CallFormula.Statistic) -> (Double, Double) {
        guard x.isFinite, !statistic.s.isNaN else { return ((x - statistic.mean) / statistic.plain, 0) }
        let (s, sTail) = (statistic.s, statistic.tail)
        let (difference, differenceTail) = ErrorFree.sum(x, -statistic.mean)
        guard difference.isFinite, difference != 0, s > 0 else { return (difference / s, 0) }
        // Scaled by 2⁹⁰⁰ where d − q·s would have bits under 2⁻¹⁰⁷⁴.
        let scale = difference.magnitude < 0x1p-900 && s < 0x1p100 ? 0x1p900 : 1.0
        let (d, dt, scaledS, scaledTail) = (difference * scale, differenceTail * scale, s * scale, sTail * scale)
        let quotient = d / scaledS
        guard quotient.isFinite else { return (quotient, 0) }
        let residual = d.addingProduct(-quotient, scaledS) + dt - quotient * scaledTail
        let (value, tail) = ErrorFree.sum(quotient, residual / scaledS)
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
        (1, 1e-14, 1e-7), (0, 1, 1e300), (0, 0x1p-80, 0),
    ]

    @Test func sameBitsAsTheFusedMultiplyAdd() {
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        var inputs: [Double] = [0, -0.0, 1, -1, 999.999, 1000, .nan, .infinity, -.infinity, 5e-324, -5e-324, 1e-310, 1e308, -1e308,
                                .greatestFiniteMagnitude, 0x1p995, 0x1p-960, 0x1p-1000,
                                // Splits whose high half rounds up to ±inf, times a small s.
                                0x1p1023, 0x1.ffffffep1023, -0x1.ffffffep1023]
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
                #expect(same(value, expected) && same(tail, expectedTail),
                        "normalize(\(x)) with \(statistic): \(value), \(tail) vs \(expected), \(expectedTail)")
                let (inverse, inverseTail) = CallFormula.denormalize(x, statistic)
                let (expectedInverse, expectedInverseTail) = denormalizeByFMA(x, statistic)
                #expect(same(inverse, expectedInverse) && same(inverseTail, expectedInverseTail),
                        "denormalize(\(x)) with \(statistic): \(inverse), \(inverseTail) vs \(expectedInverse), \(expectedInverseTail)")
                held += CallFormula.normalizeCommonly(x, statistic).holds ? 1 : 0
            }
        }
        // The comparison means something only if the common path takes most elements.
        #expect(held > inputs.count * Self.statistics.count / 3)
    }

    /// The certified path (`normalizeCertified`, the reciprocal and no division) gives
    /// `normalize`'s value or NaN (hands over), on random inputs and statistics, signed
    /// zeros, and quotients built to lie within 2⁻¹⁰⁰ of a rounding boundary or on it,
    /// where it must hand over; and it certifies most ordinary elements.
    @Test func certifiedGivesTheFormulasBitsOrHandsOver() throws {
        var state: UInt64 = 11
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state ^ (state >> 29) }
        var inputs: [Double] = [0, -0.0, 1, -1, 999.999, 1000, .nan, .infinity, -.infinity, 5e-324, 1e-310, 1e308, 0x1p993, 0x1p995]
        for _ in 0..<3000 {
            inputs.append(Double(bitPattern: next()))
            inputs.append(1000 + Double(Int64(bitPattern: next()) >> 40) * 0x1p-20)
            inputs.append(Double(Int64(bitPattern: next()) >> 11) * 0x1p-50)
        }
        var statistics = Self.statistics + [(0, 1, 1e-7), (0.1, 0.3, 1e-7), (-7, 1e10, 1e-7)]
        for _ in 0..<20 {
            statistics.append((Double(Int64(bitPattern: next()) >> 11) * 0x1p-40, Double(next() >> 11) * 0x1p-45, 1e-7))
        }
        var certified = 0, compared = 0
        for (mean, variance, epsilon) in statistics {
            let statistic = CallFormula.Statistic(mean: mean, variance: variance, epsilon: epsilon)
            for x in inputs {
                let value = CallFormula.normalizeCertified(x, statistic)
                let expected = CallFormula.normalize(x, statistic).value
                compared += 1
                guard !value.isNaN else { continue }
                certified += 1
                #expect(value.bitPattern == expected.bitPattern, "normalizeCertified(\(x)) with \(statistic): \(value) vs \(expected)")
            }
        }
        #expect(certified > compared / 2)

        // x = mean hands over, and the call gives d/s, a zero of d's sign: −0 for x = −0 and
        // mean +0, else +0.
        let identity = CallFormula.Statistic(mean: 0, variance: 1, epsilon: 1e-7)
        #expect(CallFormula.normalizeCertified(-0.0, identity).isNaN && CallFormula.normalizeCertified(0, identity).isNaN)
        var layer = try Normalization(mean: NDArray([0, -5]), variance: NDArray([1, 4]))
        let zeros = try layer.call(NDArray(shape: [2, 2], scalars: [-0.0, -5, 0, -5])).scalars
        #expect(zeros.map(\.bitPattern) == [(-0.0).bitPattern, 0, 0, 0])

        // (x − mean)/3 = 1 + 2⁻⁵³ + δ: x = 3 + 2⁻⁵¹ and mean = 2⁻⁵³ − 3δ, variance 9. With δ
        // = ±2⁻¹⁰⁰ the quotient lies that close to the midpoint between 1 and 1 + 2⁻⁵²; with
        // δ = 0 it is the midpoint. The path must hand over, and the formula rounds each way.
        for (delta, expected) in [(0x1p-100, 1 + 0x1p-52), (-0x1p-100, 1.0), (0.0, 1.0)] {
            let statistic = CallFormula.Statistic(mean: 0x1p-53 - 3 * delta, variance: 9, epsilon: 1e-7)
            #expect(CallFormula.normalizeCertified(3 + 0x1p-51, statistic).isNaN, "δ = \(delta)")
            #expect(CallFormula.normalize(3 + 0x1p-51, statistic).value == expected, "δ = \(delta)")
        }
    }

    /// The path for x near an offset mean (`normalizeNearMean`) gives `normalize`'s value or
    /// NaN: on random offset statistics, x on both sides of the reach |mean|/2 (inside, x −
    /// mean is exact; outside it must hand over), x = mean (+0, certified), NaN and ±inf; a
    /// statistic that is not offset certifies nothing; and the path certifies most x near
    /// the mean.
    @Test func nearMeanGivesTheFormulasBitsOrHandsOver() {
        var state: UInt64 = 5
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state ^ (state >> 29) }
        func uniform() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
        var certified = 0, near = 0
        for index in 0..<300 {
            // |mean| from 32s to 2⁴¹s, either sign, over scales from 2⁻⁶⁰ to 2⁶⁰.
            let deviation = Double(sign: .plus, exponent: Int(next() % 120) - 60, significand: 1 + (uniform() + 1) / 2)
            let magnitude = deviation * Double(sign: .plus, exponent: 5 + Int(next() % 37), significand: 1 + (uniform() + 1) / 2)
            let mean = index % 2 == 0 ? magnitude : -magnitude
            let statistic = CallFormula.Statistic(mean: mean, variance: deviation * deviation, epsilon: 0)
            #expect(statistic.isOffset, "mean \(mean), s \(deviation)")
            var inputs = [mean, mean / 2, mean * 1.5, mean * 2, -mean, 0, -0.0, .nan, .infinity, -.infinity]
            inputs += [mean / 2, mean * 1.5].flatMap { [$0.nextUp, $0.nextDown, $0.nextUp.nextUp, $0.nextDown.nextDown] }
            for _ in 0..<200 { inputs.append(mean + uniform() * 8 * deviation) }
            for _ in 0..<20 { inputs.append(mean * (1 + uniform())) }
            for x in inputs {
                let value = CallFormula.normalizeNearMean(x, statistic)
                let inside = (x - mean).magnitude < mean.magnitude / 2
                near += inside ? 1 : 0
                guard !value.isNaN else { continue }
                certified += 1
                #expect(inside, "x \(x) outside the reach of mean \(mean) certified")
                #expect(value.bitPattern == CallFormula.normalize(x, statistic).value.bitPattern,
                        "normalizeNearMean(\(x)) with \(statistic): \(value) vs \(CallFormula.normalize(x, statistic).value)")
            }
            #expect(CallFormula.normalizeNearMean(mean, statistic).bitPattern == (0.0).bitPattern || !statistic.isOffset)
        }
        #expect(certified > near * 9 / 10)

        // Not offset: a mean under 16s, a mean of 0, a negative variance.
        for (mean, variance) in [(15.0, 1.0), (0, 1), (1000, -1)] {
            let statistic = CallFormula.Statistic(mean: mean, variance: variance, epsilon: 1e-7)
            #expect(!statistic.isOffset)
            #expect([mean, mean * 1.01, mean + 0.5].allSatisfy { CallFormula.normalizeNearMean($0, statistic).isNaN })
        }
    }

    /// Found by review: a subnormal x − mean, whose head is not its leading 26 bits (the
    /// fast sum landed on a midpoint and rounded the wrong way); quotients just under the
    /// overflow threshold, where d/s is ±inf and so is the formula, while the fast paths'
    /// correctly rounded value is the largest double. Each path hands over or agrees, and so
    /// does a call.
    @Test(arguments: [
        (mean: 0.0, variance: 0x1.e2f55ec6ecd0ep-601, x: 0x0.00000067a6451p-1022),
        (mean: 0x1.8p+993, variance: 0x1.2e8403ef1c05ap-65, x: 0x1.e263b901aa777p+993),
        (mean: 0, variance: 0x1.6ef3ef5e88c19p-1, x: 0x1.b1737c58b7b1fp+1023),
    ])
    func reviewedCornersHandOver(mean: Double, variance: Double, x: Double) throws {
        let statistic = CallFormula.Statistic(mean: mean, variance: variance, epsilon: 0)
        let expected = CallFormula.normalize(x, statistic).value
        for value in [CallFormula.normalizeCertified(x, statistic), CallFormula.normalizeNearMean(x, statistic)] {
            #expect(value.isNaN || value.bitPattern == expected.bitPattern, "\(value) vs \(expected)")
        }
        var layer = try Normalization(mean: NDArray(scalar: mean), variance: NDArray(scalar: variance), epsilon: 0)
        #expect(try layer.call(NDArray([x, x])).scalars.allSatisfy { $0.bitPattern == expected.bitPattern })
    }

    /// x − mean near the subnormal range over a tiny deviation, and a subnormal variance: the
    /// remainder d − q·s and the square root's residual v − s² have bits under 2⁻¹⁰⁷⁴ unless
    /// scaled first. The quotients x/√v correctly rounded (200-digit decimal arithmetic).
    @Test(arguments: [(0x0.0000000001fa0p-1022, -0x1.428a3e79583cfp-491), (0x0.012688b70e62bp-1022, -0x1.a6c1de2a44907p-507),
                      (0x1.01297d23ab683p-995, -0x1.3feb55c895ee4p-524)])
    func tinyDifferencesRoundCorrectly(variance: Double, expected: Double) {
        let statistic = CallFormula.Statistic(mean: 0, variance: variance, epsilon: 0)
        let x = -3.941334952267064e-308
        #expect(CallFormula.normalize(x, statistic).value == expected)
        let certified = CallFormula.normalizeCertified(x, statistic)
        #expect(certified.isNaN || certified == expected)
    }

    /// A finite x − mean whose quotient overflows is ±inf, as IEEE and numpy give, not the
    /// NaN the double-double correction would make of it (inf · 0).
    @Test func overflowingQuotientIsInfinite() {
        let statistic = CallFormula.Statistic(mean: 0, variance: 0, epsilon: 1e-7)
        #expect(CallFormula.normalize(1e305, statistic).value == .infinity)
        #expect(CallFormula.normalize(-1e305, statistic).value == -.infinity)
        #expect(CallFormula.normalizeCertified(1e305, statistic).isNaN)
    }

    /// Calls large enough to be split across the cores (`Parallel`), with parts that begin
    /// and end inside rows: every element the bits of the formula, normalised and inverted,
    /// one statistic for all (flat) and one per column.
    @Test(arguments: [false, true])
    func splitAcrossTheCores(invert: Bool) throws {
        var state: UInt64 = 3
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state ^ (state >> 29) }
        let count = 3 * 200_001
        var values = (0..<count).map { _ in 1000 + Double(Int64(bitPattern: next()) >> 40) * 0x1p-20 }
        for index in stride(from: 11, to: count, by: 50_000) { values[index] = [.nan, .infinity, 0x1p1000, 1e-320, 1000][index % 5] }
        let formula = { (x: Double, statistic: CallFormula.Statistic) in
            invert ? CallFormula.denormalize(x, statistic).value : CallFormula.normalize(x, statistic).value
        }
        // One statistic for all: an offset mean (x near it takes `normalizeNearMean`) and one
        // of 999.5, not offset for a variance of 4000² (`normalizeCertified`).
        for (mean, variance) in [(1000.0, 2.0), (999.5, 1.6e7)] {
            var flat = try Normalization(mean: NDArray(scalar: mean), variance: NDArray(scalar: variance), invert: invert)
            let single = CallFormula.Statistic(mean: mean, variance: variance, epsilon: 1e-7)
            let output = try flat.call(NDArray(values)).scalars
            #expect(zip(output, values).allSatisfy { same($0, formula($1, single)) }, "mean \(mean)")
        }

        // Three rows of 200,001: the parts' boundaries fall inside rows.
        let means = [999.5, 1000, 1000.25], variances = [2.0, 0.5, 1e-300]
        var rows = try Normalization(axis: .index(0), mean: NDArray(means), variance: NDArray(variances), invert: invert)
        let output2 = try rows.call(NDArray(shape: [3, 200_001], scalars: values)).scalars
        var wrong = 0
        for (index, (value, x)) in zip(output2, values).enumerated() {
            let statistic = CallFormula.Statistic(mean: means[index / 200_001], variance: variances[index / 200_001], epsilon: 1e-7)
            wrong += same(value, formula(x, statistic)) ? 0 : 1
        }
        #expect(wrong == 0)

        // 200,001 rows of three columns, a statistic per column (axis −1): the rows share their
        // statistics and run as one loop, between parts that begin and end inside a row.
        var columns = try Normalization(mean: NDArray(means), variance: NDArray(variances), invert: invert)
        let output3 = try columns.call(NDArray(shape: [200_001, 3], scalars: values)).scalars
        wrong = 0
        for (index, (value, x)) in zip(output3, values).enumerated() {
            let statistic = CallFormula.Statistic(mean: means[index % 3], variance: variances[index % 3], epsilon: 1e-7)
            wrong += same(value, formula(x, statistic)) ? 0 : 1
        }
        #expect(wrong == 0)
    }

    /// Long rows with NaN, inf and extreme values among ordinary ones, normalised and
    /// inverted, with one statistic for the row (step 0) and one per column (step 1): each
    /// piece is computed by the common path, which marks what it cannot do, and the marked
    /// elements are redone by the whole formula.
    @Test(arguments: [false, true])
    func longRowsWithSpecialValues(invert: Bool) throws {
        var values = (0..<1000).map { 1000 + Double($0) / 7 }
        values[3] = .nan
        values[300] = .infinity
        values[301] = -.infinity
        values[998] = 0x1p1000
        values[999] = 1e-320
        let single = CallFormula.Statistic(mean: 1000, variance: 2, epsilon: 1e-7)
        let expected = { (x: Double, statistic: CallFormula.Statistic) in
            invert ? self.denormalizeByFMA(x, statistic).0 : self.normalizeByFMA(x, statistic).0
        }
        var row = try Normalization(mean: NDArray(scalar: 1000), variance: NDArray(scalar: 2), invert: invert)
        let output = try row.call(NDArray(values)).scalars
        #expect(zip(output, values).allSatisfy { same($0, expected($1, single)) })

        // 500 rows of two columns: column 1's variance 1e-300 makes its quotients huge.
        let means = [1000.0, 0], variances = [2.0, 1e-300]
        var columns = try Normalization(mean: NDArray(means), variance: NDArray(variances), invert: invert)
        let output2 = try columns.call(NDArray(shape: [500, 2], scalars: values)).scalars
        for (index, (value, x)) in zip(output2, values).enumerated() {
            let statistic = CallFormula.Statistic(mean: means[index % 2], variance: variances[index % 2], epsilon: 1e-7)
            #expect(same(value, expected(x, statistic)), "element \(index)")
        }
    }
}
