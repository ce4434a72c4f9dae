/// The fast path of adapt's statistics (clause adapt.moments): one compensated pass over the
/// data, then a proof that rounding it gives the exact path's result — or nil, and the exact
/// path (`ExactSum` per element) runs instead.
///
/// The pass (`CompensatedLanes`) yields, per cell, Σ(x − p) and Σ(x − p)² as pairs of doubles
/// with a rigorous bound on their error. The exact sums lie in those intervals, and
/// mean·n = n·p + Σ(x − p) grows with the sum, variance·n² = n·Σ(x − p)² − (Σ(x − p))² with
/// the sum of squares and against the sum's magnitude (the shift by p changes neither). So
/// each statistic's least and greatest value over the intervals is evaluated exactly, with
/// `ExactSum`; when both ends round to the same double, so does
/// every value between them, the exact one included — that double is the exact path's
/// result, bit for bit. When they differ (the value sits too close to a rounding boundary
/// for the bound), or a value is NaN or ±inf, or a sum leaves the range, nothing is certified.
enum CompensatedMoments {
    /// Lanes per cell when a cell's values come in runs of consecutive elements (the
    /// innermost axes reduced): enough independent chains to fill the vector units.
    static let lanesPerRun = 16
    /// Above this many cells, one lane per cell, so the lanes stay within a few MB.
    static let manyCells = 4096

    /// The statistics of `arrays` pooled per kept cell, as `Moments.pooled` defines them,
    /// or nil when the pass cannot certify every cell.
    static func certified(_ arrays: [NDArray], keeping kept: [Int]) -> Moments? {
        guard let first = arrays.first, arrays.allSatisfy({ $0.count > 0 }) else { return nil }
        let shape = kept.map { first.shape[$0] }
        let cells = NDArray.elementCount(shape)
        let samples = arrays.reduce(0) { $0 + $1.count } / cells
        let runs = arrays.map { CellRuns($0.shape, keeping: kept) }
        let lanesPerCell = runs[0].innerIsKept || cells > manyCells ? 1 : lanesPerRun
        // A long block of rows is split across the cores, each part into lanes of its own.
        let largest = arrays.map(\.count).max()!
        let parts = (0..<Parallel.parts(of: largest, minimum: Parallel.elementsPerPart).count).map { _ in
            let lanes = CompensatedLanes(count: cells * lanesPerCell)
            setPivots(lanes, from: first, keeping: kept, lanesPerCell: lanesPerCell)
            return lanes
        }

        var laneLength = 0  // the most values any one lane takes
        for (array, runs) in zip(arrays, runs) {
            let perCell = array.count / cells
            let full = runs.inner / lanesPerCell, rest = runs.inner % lanesPerCell
            laneLength += runs.innerIsKept ? perCell : perCell / runs.inner * (full + (rest > 0 ? 1 : 0))
            array.scalars.withUnsafeBufferPointer { buffer in
                var block = buffer.baseAddress!
                NDArray.walk(runs.outerShape, steps: runs.outerSteps) { cell in
                    if runs.innerIsKept {
                        add(block, rows: runs.repeats, width: runs.inner, firstLane: cell, to: parts)
                    } else {
                        add(block, rows: full, width: lanesPerCell, firstLane: cell * lanesPerCell, to: parts)
                        if rest > 0 {
                            parts[0].add(block.advanced(by: full * lanesPerCell), rows: 1, width: rest, firstLane: cell * lanesPerCell)
                        }
                    }
                    block = block.advanced(by: runs.inner * runs.repeats)
                }
            }
        }

        var means = [Double](), variances = [Double]()
        for cell in 0..<cells {
            let cellLanes = cell * lanesPerCell..<(cell + 1) * lanesPerCell
            guard parts.allSatisfy({ $0.isFinite(cellLanes) }),
                  let (mean, variance) = roundedOnce(parts, cellLanes, samples: samples, laneLength: laneLength)
            else { return nil }
            means.append(mean)
            variances.append(variance)
        }
        return Moments(mean: NDArray(shape: shape, scalars: means), variance: NDArray(shape: shape, scalars: variances))
    }

    /// `rows` rows of `width` values to lanes `firstLane…` (`CompensatedLanes.add`), split
    /// into consecutive runs of rows, one to each of `parts` at once, when there are enough.
    /// A run has at least `Parallel.elementsPerPart` values (rounded up to whole rows), so
    /// there are no more runs than `parts`, which were counted from the largest array's values.
    private static func add(_ values: UnsafePointer<Double>, rows: Int, width: Int, firstLane: Int, to parts: [CompensatedLanes]) {
        Parallel.forEachPart(of: rows, minimum: (Parallel.elementsPerPart + width - 1) / width) { part, rows in
            parts[part].add(values.advanced(by: rows.lowerBound * width), rows: rows.count, width: width, firstLane: firstLane)
        }
    }

    /// One cell's mean and variance from its lanes in every part, each certified as above,
    /// or nil.
    private static func roundedOnce(_ parts: [CompensatedLanes], _ cellLanes: Range<Int>, samples: Int, laneLength: Int)
        -> (mean: Double, variance: Double)?
    {
        var sum = ExactSum(), squares = ExactSum()
        var sumBound = 0.0, squaresBound = 0.0
        for lanes in parts {
            for lane in cellLanes {
                let totals = lanes.totals(lane)
                sum.merge(totals.sum)
                squares.merge(totals.squares)
                guard let bounds = lanes.errorBounds(lane, length: laneLength) else { return nil }
                sumBound += bounds.sum
                squaresBound += bounds.squares
            }
        }
        let count = ExactSum(Double(samples))

        // mean·n = n·p + Σ(x − p).
        var center = sum
        center.addProduct(Double(samples), parts[0].pivot(cellLanes.lowerBound))
        let (centerLow, centerHigh) = center.interval(sumBound)
        guard let mean = agreed(centerLow.quotient(dividingBy: samples), centerHigh.quotient(dividingBy: samples)) else { return nil }

        // Every (x − p)² rounded to 0, so each is below 2⁻¹⁰⁷⁵ (1 + 2⁻⁵²), and the pivot's own
        // is 0: the variance, at most their mean, is below 2⁻¹⁰⁷⁵ and rounds to +0. (The bound
        // must allow for squares that underflow, so it cannot prove this itself.)
        if parts.allSatisfy({ cellLanes.allSatisfy($0.squaresVanish) }) { return (mean, 0) }
        // variance·n² = n·Σ(x − p)² − (Σ(x − p))²; the square of the sum is largest at the end
        // of its interval farther from 0, smallest at the nearer end, or 0 if that holds 0.
        let (sumLow, sumHigh) = sum.interval(sumBound)
        let (squaresLow, squaresHigh) = squares.interval(squaresBound)
        let (far, near) = sum.isNegative ? (sumLow, sumHigh) : (sumHigh, sumLow)
        var lowest = ExactSum(), highest = ExactSum()
        lowest.addProduct(squaresLow, count)
        lowest.addProduct(far, far, negated: true)
        highest.addProduct(squaresHigh, count)
        if near.isNegative == sum.isNegative { highest.addProduct(near, near, negated: true) }
        guard let variance = agreed(lowest.quotient(dividingBy: samples, samples), highest.quotient(dividingBy: samples, samples))
        else { return nil }
        return (mean, variance)
    }

    /// The value both ends of an interval round to, or nil if they differ (bit patterns: +0
    /// and -0 differ).
    private static func agreed(_ low: Double, _ high: Double) -> Double? {
        low.bitPattern == high.bitPattern ? low : nil
    }

    /// Each cell's pivot: its first value in `array` (0 if that is not finite), read where the
    /// cell starts — every reduced coordinate 0.
    private static func setPivots(_ lanes: CompensatedLanes, from array: NDArray, keeping kept: [Int], lanesPerCell: Int) {
        let strides = NDArray.strides(array.shape)
        var cell = 0
        NDArray.walk(kept.map { array.shape[$0] }, steps: kept.map { strides[$0] }) { offset in
            let value = array.scalars[offset]
            lanes.setPivot(value.isFinite ? value : 0, lanes: cell * lanesPerCell..<(cell + 1) * lanesPerCell)
            cell += 1
        }
    }
}

/// How a row-major array's elements fall into cells: blocks of `repeats` × `inner`
/// consecutive elements, one per position of `outerShape`, whose walk with `outerSteps`
/// gives each block's cell. The innermost axes (`inner` elements) are either kept
/// (`innerIsKept`: element j belongs to cell + j, and the reduced axes just above repeat
/// that `repeats` times) or reduced (all of them belong to one cell; `repeats` is 1).
struct CellRuns {
    let inner: Int
    let innerIsKept: Bool
    let repeats: Int
    let outerShape: [Int]
    let outerSteps: [Int]

    init(_ shape: [Int], keeping kept: [Int]) {
        let steps = NDArray.cellSteps(shape, keeping: kept)
        innerIsKept = kept.contains(shape.count - 1)
        var axis = shape.count - 1
        /// The product of the sizes of the axes from `axis` down while they are (not) kept.
        func group(kept isKept: Bool) -> Int {
            var size = 1
            while axis >= 0, kept.contains(axis) == isKept {
                size *= shape[axis]
                axis -= 1
            }
            return size
        }
        inner = group(kept: innerIsKept)
        repeats = innerIsKept ? group(kept: false) : 1
        outerShape = Array(shape[..<(axis + 1)])
        outerSteps = Array(steps[..<(axis + 1)])
    }
}
