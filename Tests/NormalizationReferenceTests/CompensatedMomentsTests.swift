import Testing
@testable import NormalizationReference

/// The fast path of adapt (`CompensatedMoments`) beside the exact path (`Moments.exact`):
/// whenever the fast path certifies a cell it must give the exact path's bits, and on inputs
/// whose rounding it cannot prove it must hand over (nil) rather than guess.
@Suite struct CompensatedMomentsTests {
    /// A small deterministic generator (Knuth's MMIX LCG, high bits mixed down), so every run
    /// sees the same data.
    struct Source {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
        /// Uniform in [-1, 1).
        mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
        /// Roughly normal (sum of four uniforms).
        mutating func normal() -> Double { (0..<4).reduce(0) { sum, _ in sum + uniform() } }
    }

    /// Both paths on the same arrays: equal bits where the fast path certifies.
    /// Returns whether it certified.
    @discardableResult
    private func compare(_ arrays: [NDArray], keeping kept: [Int], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let exact = Moments.exact(arrays, keeping: kept)
        guard let fast = CompensatedMoments.certified(arrays, keeping: kept) else { return false }
        #expect(fast.mean.isBitwiseIdentical(to: exact.mean), "mean \(fast.mean.scalars) vs exact \(exact.mean.scalars)",
                sourceLocation: sourceLocation)
        #expect(fast.variance.isBitwiseIdentical(to: exact.variance),
                "variance \(fast.variance.scalars) vs exact \(exact.variance.scalars)", sourceLocation: sourceLocation)
        return true
    }

    /// Layouts that exercise every way elements reach the lanes: kept innermost with and
    /// without reduced axes above, reduced innermost with a tail shorter than the lanes, a
    /// kept axis between two reduced ones, and no kept axis at all.
    static let layouts: [(shape: [Int], kept: [Int])] = [
        ([600, 3], [1]), ([3, 601], [0]), ([5, 70, 4], [0, 2]), ([40, 3, 9], [1]), ([2000], []), ([2, 300, 2], [2]),
    ]

    typealias Generator = @Sendable (inout Source) -> Double
    /// Data the fast path should certify, at least now and then.
    static let benign: [(name: String, value: Generator)] = [
        ("1000 + N(0, 1)", { 1000 + $0.normal() }),
        // Near the pivot but for one value in 300: the loop for exact differences over most
        // pieces, the general one over the others.
        ("1000 + N(0, 1), now and then 1", { $0.next() % 300 == 0 ? 1 : 1000 + $0.normal() }),
        ("N(0, 1)", { $0.normal() }),
        ("small integers", { Double(Int($0.next() % 7)) - 3 }),
        ("constant", { _ in 0.1 }),
        ("1e15 + uniform", { 1e15 + $0.uniform() }),
        ("wide magnitudes", { $0.uniform() * Double(sign: .plus, exponent: Int($0.next() % 80) - 40, significand: 1) }),
    ]

    @Test(arguments: 0..<benign.count)
    func certifiedMeansTheExactBits(generator: Int) {
        var source = Source(state: UInt64(generator) + 1)
        var certified = 0
        for layout in Self.layouts {
            let count = NDArray.elementCount(layout.shape)
            let array = NDArray(shape: layout.shape, scalars: (0..<count).map { _ in Self.benign[generator].value(&source) })
            if compare([array], keeping: layout.kept) { certified += 1 }
            // Batches: the same layout split along the first axis, pooled.
            let half = layout.shape[0] / 2
            let rest = count / layout.shape[0]
            let batches = [NDArray(shape: [half] + layout.shape.dropFirst(), scalars: Array(array.scalars[..<(half * rest)])),
                           NDArray(shape: [layout.shape[0] - half] + layout.shape.dropFirst(), scalars: Array(array.scalars[(half * rest)...]))]
            if layout.kept.first != 0 { compare(batches, keeping: layout.kept) }
        }
        // A fast path that never certifies would pass the comparison vacuously.
        #expect(certified >= Self.layouts.count - 1, "\(Self.benign[generator].name): certified \(certified) of \(Self.layouts.count)")
    }

    /// Hard inputs: either the exact bits or a handover, and a handover where the pass
    /// cannot hold the sums (NaN, ±inf, squares past the range).
    @Test func hardInputsHandOverOrAgree() {
        var source = Source(state: 99)
        let n = 512
        func column(_ value: (inout Source) -> Double) -> [NDArray] {
            [NDArray(shape: [n, 1], scalars: (0..<n).map { _ in value(&source) })]
        }
        // Catastrophic cancellation around huge offsets, mixed signs and magnitudes.
        compare(column { 1e20 * ($0.next() % 2 == 0 ? 1 : -1) + $0.uniform() }, keeping: [1])
        compare(column { 2e15 + Double($0.next() % 4) * 0.25 }, keeping: [1])
        compare(column { $0.uniform() * 1e-300 + ($0.next() % 3 == 0 ? 1e300 : 0) }, keeping: [1])
        compare(column { Double(sign: $0.next() % 2 == 0 ? .plus : .minus, exponent: Int($0.next() % 400) - 200, significand: 1) }, keeping: [1])
        // Subnormals: the squares underflow; the mean may certify, the variance hands over or agrees.
        compare(column { Double(bitPattern: $0.next() % (1 << 40)) }, keeping: [1])
        // Values whose squares leave the range, or whose deviation overflows the split.
        #expect(CompensatedMoments.certified(column { 1e200 * $0.uniform() }, keeping: [1]) == nil)
        #expect(CompensatedMoments.certified(column { 1e300 * $0.uniform() }, keeping: [1]) == nil)
        // NaN and ±inf: the exact path's IEEE rules apply.
        for special in [Double.nan, .infinity, -.infinity] {
            var values = column { $0.normal() }[0].scalars
            values[n / 2] = special
            #expect(CompensatedMoments.certified([NDArray(shape: [n, 1], scalars: values)], keeping: [1]) == nil)
        }
        // Small arrays take the same path: eight rows of small integers add exactly.
        #expect(compare([NDArray(shape: [8, 2], scalars: (0..<16).map(Double.init))], keeping: [1]))
        // No values at all: the exact path's NaN (adapt.empty-array).
        #expect(CompensatedMoments.certified([NDArray(shape: [0, 2], scalars: [])], keeping: [1]) == nil)
    }

    /// A mean exactly halfway between two doubles: 299 ones and one 1 + 150·2⁻⁵² average to
    /// 1 + 2⁻⁵³, which rounds to even, 1. Every addition of the pass is exact here, so its
    /// bound is 0 and it certifies the tie itself.
    @Test func exactTieCertified() {
        var values = Array(repeating: 1.0, count: 300)
        values[17] = 1 + 150 * 0x1p-52
        let data = [NDArray(shape: [300], scalars: values)]
        #expect(compare(data, keeping: []))
        #expect(CompensatedMoments.certified(data, keeping: [])?.mean.scalars == [1])
    }

    /// Arrays long enough to be split across the cores (`Parallel`), each part into lanes of
    /// its own: the parts' totals together give the exact bits, in every layout that splits
    /// (a long run of rows, kept innermost or reduced innermost), batches included.
    @Test func splitAcrossTheCoresMeansTheExactBits() {
        var source = Source(state: 5)
        let count = 3 * Parallel.elementsPerPart + 17
        let values = (0..<count).map { _ in 1000 + source.normal() }
        #expect(compare([NDArray(values)], keeping: []))
        #expect(compare([NDArray(shape: [count / 17, 17], scalars: Array(values[..<(count / 17 * 17)]))], keeping: [1]))
        let half = count / 2
        #expect(compare([NDArray(Array(values[..<half])), NDArray(Array(values[half...]))], keeping: []))
        // Rows whose width does not divide the part size: the parts of each run of rows are
        // no more than the parts counted from all the values.
        for width in [3, 5, 7] {
            let rows = 2 * Parallel.elementsPerPart / width - 1
            #expect(compare([NDArray(shape: [rows, width], scalars: Array(values[..<(rows * width)]))], keeping: [1]))
        }
        // A NaN in the second part hands the whole adapt over.
        var poisoned = values
        poisoned[count - 5] = .nan
        #expect(CompensatedMoments.certified([NDArray(poisoned)], keeping: []) == nil)
    }

    /// Many pieces near their pivots, then one with a value far from its pivot: that piece's
    /// lanes go back to what they held before it and the general loop adds it, and the
    /// pieces after it; the exact bits either way, with far values in different columns.
    @Test func aFarValueSendsThePieceToTheGeneralLoop() {
        var source = Source(state: 8)
        let rows = 5 * CompensatedLanes.foldRows + 3
        for (row, column) in [(2 * CompensatedLanes.foldRows + 7, 1), (rows - 1, 0), (0, 2)] {
            var values = (0..<rows * 3).map { _ in 1000 + source.normal() }
            values[row * 3 + column] = -3
            #expect(compare([NDArray(shape: [rows, 3], scalars: values)], keeping: [1]))
            #expect(compare([NDArray(shape: [rows * 3], scalars: values)], keeping: []))
        }
    }

    /// The lanes themselves, whichever loop adds a piece (`CompensatedLanes.Differences`):
    /// their totals lie within their error bounds of Σ(x − p) and Σ(x − p)² worked out
    /// exactly. Spreads from far under the pivot to past it send pieces to every loop, and
    /// pairs of values built so that a block's partial sum stays small while one difference
    /// is not exact (x under p/2) catch a loop that trusts a bound it should not.
    @Test func lanesHoldTheirSumsWithinTheirBounds() {
        var source = Source(state: 21)
        let (rows, width) = (3 * CompensatedLanes.foldRows + 5, 3)
        for spread in [0x1p-20, 0.01, 0.1, 0.3, 0.7, 3] {
            for (pivot, pairs) in [(1.0, false), (1, true), (-1000, false), (-1000, true), (0x1.8p-1019, false)] {
                var values = (0..<rows * width).map { _ in pivot * (1 + spread * source.uniform()) }
                // Now and then x = 1.45p and then x = 0.3p with low bits that x − p cannot keep,
                // both in one block of `gridRows`.
                let block = CompensatedLanes.gridRows
                for row in stride(from: 2 * block + block / 2, to: rows - 1, by: 6 * block) where pairs {
                    values[row * width + 1] = pivot * 1.45
                    values[(row + 1) * width + 1] = pivot * Double(bitPattern: (0.3).bitPattern | 1)
                }
                let lanes = CompensatedLanes(count: width)
                lanes.setPivot(pivot, lanes: 0..<width)
                values.withUnsafeBufferPointer { lanes.add($0.baseAddress!, rows: rows, width: width, firstLane: 0) }
                for lane in 0..<width {
                    var sum = ExactSum(), squares = ExactSum()
                    for row in 0..<rows {
                        let x = values[row * width + lane]
                        var difference = ExactSum(x)
                        difference.add(-pivot)
                        sum.merge(difference)
                        squares.addProduct(difference, difference)
                    }
                    let totals = lanes.totals(lane)
                    let bounds = lanes.errorBounds(lane, length: rows)!
                    sum.addProduct(totals.sum, ExactSum(1), negated: true)
                    squares.addProduct(totals.squares, ExactSum(1), negated: true)
                    let (sumError, squaresError) = (sum.quotient(dividingBy: 1), squares.quotient(dividingBy: 1))
                    #expect(sumError.magnitude <= bounds.sum && squaresError.magnitude <= bounds.squares,
                            "spread \(spread), pivot \(pivot), pairs \(pairs), lane \(lane): errors \(sumError), \(squaresError), bounds \(bounds)")
                }
            }
        }
    }

    /// A constant column: every deviation from the pivot is 0, and the variance is +0.
    @Test func constantColumnCertified() {
        let data = [NDArray(repeating: 3.25, shape: [400, 2])]
        #expect(compare(data, keeping: [1]))
    }
}
