/// The fast path's accumulators: per lane, Σ(x − p) and Σ(x − p)² carried in two doubles
/// each, with what it takes to bound their error (clause adapt.moments; see
/// `CompensatedMoments` for how the bound certifies the rounding).
///
/// A lane is one chain of additions, kept in its own slot so that neighbouring lanes
/// (consecutive kept positions, or interleaved elements of one long run) are independent
/// and the loop over them vectorises. All lanes of one cell share its pivot p, a value of
/// that cell: data far from zero then cancels in `x − p` exactly, not in the moments.
///
/// Per value x: `d + t = x − p` exactly (TwoSum); `sums` takes d by TwoSum, its exact error
/// e and t go to `sumTails` (plain additions), |e + t| to `sumTailMagnitudes`; `squares` takes
/// p = fl(d²) by TwoSum, its error f, the exact error of the square and 2d·t go to
/// `squareTails`. So Σ(x − p) = sums + Σ(e + t) and Σ(x − p)² = squares + Σ(f + error + 2dt
/// + t²) exactly. Every `foldRows` rows the tails move, exactly, into an `ExactSum` and
/// start again from 0, so a tail's rounding accumulates over a bounded number of additions
/// (`errorBounds`). No fused multiply-add: it is not in baseline x86-64, where it costs a
/// library call.
///
/// Data far from zero next to its spread skips steps of this (`accumulate`): a piece whose
/// differences are exact drops the TwoSum of x − p, and one whose partial sums stay on their
/// grid adds them without rounding at all, so that only the squares are compensated.
final class CompensatedLanes {
    let count: Int
    private let storage: UnsafeMutablePointer<Double>
    // The rows from `sums` to `squareTails` are the accumulators (`accumulators`); the others
    // hold what a piece's loop reads or uses for scratch.
    private var pivots: UnsafeMutablePointer<Double> { storage }
    private var sums: UnsafeMutablePointer<Double> { storage.advanced(by: count) }
    private var sumTails: UnsafeMutablePointer<Double> { storage.advanced(by: 2 * count) }
    private var sumTailMagnitudes: UnsafeMutablePointer<Double> { storage.advanced(by: 3 * count) }
    private var squares: UnsafeMutablePointer<Double> { storage.advanced(by: 4 * count) }
    private var squareTails: UnsafeMutablePointer<Double> { storage.advanced(by: 5 * count) }
    /// What each difference must stay under for `Differences.exact`, and each partial sum of
    /// a block for `Differences.gridded` (`setPivot`).
    private var exactBounds: UnsafeMutablePointer<Double> { storage.advanced(by: 6 * count) }
    private var gridBounds: UnsafeMutablePointer<Double> { storage.advanced(by: 7 * count) }
    /// A block's partial sums, for `Differences.gridded`.
    private var gridSums: UnsafeMutablePointer<Double> { storage.advanced(by: 8 * count) }
    private static let rows = 9
    private static let accumulators = 1..<6
    /// The tails moved out so far, and the rows each lane took since.
    private var foldedSumTails: [ExactSum], foldedSquareTails: [ExactSum]
    private var rowsSinceFold: [Int]
    /// The cheapest way of taking the differences that held for every piece so far, where
    /// the next piece starts (`accumulate`): data that is not offset pays for a failed try
    /// once, not once per `add` (a layout with one `add` per cell would pay it per cell). The
    /// price: the cells after one that is not offset take the general loop too.
    private var differences = Differences.gridded

    /// Rows between folds: a lane's tails take fewer than 2·foldRows additions before one.
    static let foldRows = 1024
    /// Rows whose differences `Differences.gridded` adds up before it moves their sum into
    /// the lanes: partial sums of few rows stay small, and the move costs a TwoSum a block.
    static let gridRows = 16

    /// How a piece's loop takes the differences x − p, from the fewest operations to the most.
    enum Differences: Comparable {
        /// Added up in a block's partial sums, which stay under |p|/4: then every x lies
        /// within |p|/2 of p, so x − p is exact (Sterbenz) and a multiple of q = ulp(p)/2 (x
        /// is at least |p|/2), and so is every partial sum; one under |p|/4 < 2⁵³q is a
        /// double, so no addition rounds. (By induction: a sum under |p|/4 and the one before
        /// it mean |x − p| under |p|/2, since rounding is monotonic and |p|/2 a double.) The
        /// block's sum then takes one TwoSum into the lanes.
        case gridded
        /// Each under |p|/2, so exact (Sterbenz): no TwoSum of x − p, and no term of its error.
        case exact
        /// Any: TwoSum.
        case any
    }

    /// `count` lanes, every sum zero and every pivot 0 until `setPivot`.
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: Self.rows * count)
        storage.initialize(repeating: 0, count: Self.rows * count)
        foldedSumTails = Array(repeating: ExactSum(), count: count)
        foldedSquareTails = foldedSumTails
        rowsSinceFold = Array(repeating: 0, count: count)
    }

    deinit { storage.deallocate() }

    /// Sets the pivot of `lanes`, and the bounds the cheaper loops check against: |p|/2 for
    /// each difference, |p|/4 for the partial sums, or 0 where p is too small for that to be
    /// exact.
    func setPivot(_ pivot: Double, lanes: Range<Int>) {
        for lane in lanes {
            pivots[lane] = pivot
            exactBounds[lane] = pivot.magnitude / 2
            gridBounds[lane] = pivot.magnitude >= 0x1p-1020 ? pivot.magnitude / 4 : 0
        }
    }

    func pivot(_ lane: Int) -> Double { pivots[lane] }

    /// Adds `rows` consecutive rows of `width` values: element j of every row to lane
    /// `firstLane + j`, folding the tails at least every `foldRows` rows.
    func add(_ values: UnsafePointer<Double>, rows: Int, width: Int, firstLane: Int) {
        var row = values
        var left = rows
        while left > 0 {
            let piece = min(left, Self.foldRows)
            differences = accumulate(row, rows: piece, width: width, firstLane: firstLane, trying: differences)
            for lane in firstLane..<firstLane + width {
                rowsSinceFold[lane] += piece
                if rowsSinceFold[lane] >= Self.foldRows { fold(lane) }
            }
            row = row.advanced(by: piece * width)
            left -= piece
        }
    }

    /// The loop itself, first the cheapest way of taking the differences that held for the
    /// pieces before (`Differences`). That loop also checks that its way holds for every
    /// value (for `exact` and `gridded` it may not); where it does not, the lanes go back to
    /// what they held and the next way adds the piece, down to `any`, which always holds.
    /// Returns the way that held, for the next piece to start from. (Many rows a call: the
    /// loop over a row vectorises, and its set-up, which checks that the lanes and the
    /// values do not overlap, runs once a row.)
    private func accumulate(_ values: UnsafePointer<Double>, rows: Int, width: Int, firstLane: Int, trying first: Differences) -> Differences {
        guard first != .any else {
            _ = accumulate(values, rows: rows, width: width, firstLane: firstLane, .any)
            return .any
        }
        let lanes = Self.accumulators.map { storage.advanced(by: $0 * count + firstLane) }
        let saved = lanes.flatMap { Array(UnsafeBufferPointer(start: $0, count: width)) }
        for differences in [Differences.gridded, .exact] where differences >= first {
            // One loop each, with its way fixed, so that each vectorises.
            let held = switch differences {
            case .gridded: accumulate(values, rows: rows, width: width, firstLane: firstLane, .gridded)
            default: accumulate(values, rows: rows, width: width, firstLane: firstLane, .exact)
            }
            if held { return differences }
            saved.withUnsafeBufferPointer { saved in
                for (index, lane) in lanes.enumerated() { lane.update(from: saved.baseAddress! + index * width, count: width) }
            }
        }
        _ = accumulate(values, rows: rows, width: width, firstLane: firstLane, .any)
        return .any
    }

    /// The loop for one way of taking the differences, returning whether it held for every
    /// value (`any` always does), in blocks of `gridRows` rows.
    @inline(__always)
    private func accumulate(_ values: UnsafePointer<Double>, rows: Int, width: Int, firstLane: Int, _ differences: Differences) -> Bool {
        let pivots = self.pivots.advanced(by: firstLane), sums = self.sums.advanced(by: firstLane)
        let sumTails = self.sumTails.advanced(by: firstLane), sumTailMagnitudes = self.sumTailMagnitudes.advanced(by: firstLane)
        let squares = self.squares.advanced(by: firstLane), squareTails = self.squareTails.advanced(by: firstLane)
        let exactBounds = self.exactBounds.advanced(by: firstLane), gridBounds = self.gridBounds.advanced(by: firstLane)
        let gridSums = self.gridSums.advanced(by: firstLane)
        // |value| − bound is negative exactly where the value (a difference or a partial sum)
        // is under its bound (a NaN is not: its magnitude is a NaN with the sign bit clear;
        // bounds are finite): ANDing the bits of all of them keeps the sign bit only if every
        // one is — without a branch.
        var signs = UInt64.max
        func check(_ value: Double, under bound: Double) { signs &= (value.magnitude - bound).bitPattern }
        var row = values
        for block in stride(from: 0, to: rows, by: Self.gridRows) {
            if differences == .gridded { gridSums.update(repeating: 0, count: width) }
            for _ in block..<min(block + Self.gridRows, rows) {
                for j in 0..<width {
                    let (d, t) = differences == .any ? ErrorFree.sum(row[j], -pivots[j]) : (row[j] - pivots[j], 0)
                    if differences == .gridded {
                        let sum = gridSums[j] + d
                        gridSums[j] = sum
                        check(sum, under: gridBounds[j])
                    } else {
                        if differences == .exact { check(d, under: exactBounds[j]) }
                        let (sum, e) = ErrorFree.sum(sums[j], d)
                        sums[j] = sum
                        let tail = differences == .exact ? e : e + t
                        sumTails[j] += tail
                        sumTailMagnitudes[j] += tail.magnitude
                    }
                    let (square, squareError) = ErrorFree.square(d)
                    let (newSquares, f) = ErrorFree.sum(squares[j], square)
                    squares[j] = newSquares
                    squareTails[j] += differences == .any ? f + (squareError + (d + d) * t) : f + squareError
                }
                row = row.advanced(by: width)
            }
            if differences == .gridded {
                for j in 0..<width {
                    let (sum, e) = ErrorFree.sum(sums[j], gridSums[j])
                    sums[j] = sum
                    sumTails[j] += e
                    sumTailMagnitudes[j] += e.magnitude
                }
            }
        }
        return differences == .any || signs >> 63 == 1
    }

    private func fold(_ lane: Int) {
        foldedSumTails[lane].add(sumTails[lane])
        foldedSquareTails[lane].add(squareTails[lane])
        sumTails[lane] = 0
        squareTails[lane] = 0
        rowsSinceFold[lane] = 0
    }

    /// Whether every accumulator of `lanes` is finite: a NaN or ±inf value, or a square or
    /// split past the range, shows up here and hands the cell to the exact path.
    func isFinite(_ lanes: Range<Int>) -> Bool {
        Self.accumulators.allSatisfy { row in lanes.allSatisfy { storage[row * count + $0].isFinite } }
            && lanes.allSatisfy { !foldedSumTails[$0].hasNonFinite && !foldedSquareTails[$0].hasNonFinite }
    }

    /// What lane `lane` holds, exactly: the sums plus their tails, Σ(x − p) and Σ(x − p)² up
    /// to `errorBounds`. The lane must be finite.
    func totals(_ lane: Int) -> (sum: ExactSum, squares: ExactSum) {
        var sum = foldedSumTails[lane], squares = foldedSquareTails[lane]
        sum.add(sums[lane])
        sum.add(sumTails[lane])
        squares.add(self.squares[lane])
        squares.add(squareTails[lane])
        return (sum, squares)
    }

    /// Squares of this lane all rounded to 0: see `CompensatedMoments.roundedOnce`.
    func squaresVanish(_ lane: Int) -> Bool { squares[lane] == 0 }

    /// Bounds on |Σ(x − p) − sum| and |Σ(x − p)² − squares| for the `totals` of a lane of at
    /// most `length` values, with u = 2⁻⁵³ and n = `length` ≤ 2³³ (so every γ_k = k·u / (1 −
    /// k·u) below is under 1.01·k·u). Between folds each value passes at most m = min(n,
    /// 2·foldRows) + 2 roundings into a tail, so a tail is off by at most γ_m times the sum of
    /// its terms' magnitudes:
    /// - sums: Σ|e + t| ≤ 1.01·sumTailMagnitudes, 0 when every addition was exact.
    /// - squares (all ≥ 0): Σ|f| ≤ n·u·squares, Σ|square error| ≤ 2u·squares, |2dt| and t²
    ///   add at most 6u²·squares.
    /// - A product that underflows is off by up to 2⁻¹⁰⁷⁵ more, five per value: n·2⁻¹⁰⁶⁰.
    /// Each bound is doubled, which covers the rounding of this arithmetic itself.
    func errorBounds(_ lane: Int, length: Int) -> (sum: Double, squares: Double)? {
        let u = Double.ulpOfOne / 2
        let n = Double(length)
        let m = Double(min(length, 2 * Self.foldRows) + 2)
        guard n * u <= 0x1p-20 else { return nil }
        let sumBound = 4 * m * u * sumTailMagnitudes[lane]
        let squaresBound = 4 * m * (n + 3) * u * u * squares[lane] + n * 0x1p-1060
        return (sumBound, squaresBound)
    }
}
