/// `layer(x)`: the call formula (clauses call.formula, call.invert, call.eps-clamp,
/// dtype.input-cast, dtype.policy-call).
extension Normalization {
    /// Normalises `input` — or de-normalises it when `invert` is set. An unbuilt layer is
    /// built from the input's shape first, as Keras' `__call__` does, so build errors
    /// surface here. Before any adapt the statistics are mean 0, variance 1: the identity
    /// (build.defaults).
    ///
    /// The input broadcasts against the broadcast-shaped statistics with numpy rules and
    /// no check against the build shape (call.broadcasting).
    public mutating func call(_ input: NDArray) throws(NormalizationError) -> NDArray {
        if geometry == nil { try build(inputShape: input.shape.map(Optional.some)) }
        guard let statistics = broadcastStatistics else { preconditionFailure("built without statistics") }
        guard let shape = Broadcasting.broadcastShape(input.shape, statistics.mean.shape) else {
            throw .callShape(input: input.shape, statistics: statistics.mean.shape)
        }
        // One-way broadcasts to the common shape cannot fail once the shape exists. The
        // statistics are read where they broadcast, not copied to the input's size; the input
        // is copied only in the rare call where it is the one that stretches.
        let x = input.shape == shape ? input.scalars : Broadcasting.broadcast(input, to: shape)!.scalars
        let statisticsSteps = Broadcasting.steps(reading: statistics.mean.shape, at: shape)!
        // dtype.input-cast, dtype.policy-call: the operands in the compute dtype, the exact
        // formula on them, rounded once to the compute dtype.
        let policy = self.policy
        let epsilon = policy.callOperand(self.epsilon)
        let prepared = zip(statistics.mean.scalars, statistics.variance.scalars).map { mean, variance in
            CallFormula.Statistic(mean: policy.callStatistic(mean), variance: policy.callStatistic(variance), epsilon: epsilon)
        }
        let invert = self.invert
        // The output is written once, in place.
        let (rounds, elements) = (policy.roundsCall, x.count)
        let outputs = NDArray.scalars(count: elements) { output in
            x.withUnsafeBufferPointer { x in
                prepared.withUnsafeBufferPointer { prepared in
                    let (x, output) = (x.baseAddress!, output.baseAddress!)
                    #if !NORMCONF_EXACT_ONLY
                    if !rounds {
                        // float64: the fast path run by run, the output split across the cores;
                        // the last axis runs as a plain loop (its statistic moves by a fixed
                        // step: 0 or 1).
                        let (outer, last) = (Array(shape.dropLast()), shape.last ?? 1)
                        let (outerSteps, lastStep) = (Array(statisticsSteps.dropLast()), statisticsSteps.last ?? 0)
                        let columns = Operands.columns(prepared)
                        columns.withUnsafeBufferPointer { columns in
                            let operands = Operands(prepared: prepared.baseAddress!, columns: columns.baseAddress!, count: prepared.count,
                                                    nearMean: prepared.allSatisfy(\.isOffset))
                            Parallel.forEachPart(of: elements, minimum: Parallel.elementsPerPart) { _, part in
                                Self.forEachRun(of: part, outer: outer, steps: outerSteps, length: last, lastStep: lastStep) { offset, statistic, count, rows in
                                    Self.run(x.advanced(by: offset), operands, statistic: statistic, step: lastStep, count: count,
                                             rows: rows, length: last, invert: invert, into: output.advanced(by: offset))
                                }
                            }
                        }
                        return
                    }
                    #endif
                    // Element by element: the walk gives each element's statistic.
                    var element = 0
                    NDArray.walk(shape, steps: statisticsSteps) { statistic in
                        let exact = Self.formula(policy.callOperand(x[element]), prepared[statistic], invert: invert)
                        output[element] = policy.callResult(exact.value, tail: exact.tail)
                        element += 1
                    }
                }
            }
        }
        return NDArray(shape: shape, scalars: outputs)
    }

    /// Visits `elements` of an array of shape outer + [length] (row-major) as runs of rows:
    /// the offset of a run's first element, its statistic's index (the walk of `outer` with
    /// `steps`, then `lastStep` a column), how many elements of each row are in `elements`,
    /// and how many rows, each `length` after the one before, read the same statistics. Where
    /// the statistics do not vary across rows (steps all 0, as for axis −1), the whole rows
    /// between a partial first and last one are one run; elsewhere each row is its own.
    private static func forEachRun(of elements: Range<Int>, outer: [Int], steps: [Int], length: Int, lastStep: Int,
                                   _ visit: (_ offset: Int, _ statistic: Int, _ count: Int, _ rows: Int) -> Void)
    {
        guard !elements.isEmpty else { return }
        if steps.allSatisfy({ $0 == 0 }) {
            var first = elements.lowerBound
            let column = first % length
            if column != 0 {
                let end = min(elements.upperBound, first - column + length)
                visit(first, column * lastStep, end - first, 1)
                first = end
            }
            let rows = (elements.upperBound - first) / length
            if rows > 0 { visit(first, 0, length, rows) }
            first += rows * length
            if first < elements.upperBound { visit(first, 0, elements.upperBound - first, 1) }
            return
        }
        let rows = elements.lowerBound / length..<(elements.upperBound - 1) / length + 1
        var rowStart = rows.lowerBound * length
        NDArray.walk(outer, steps: steps, positions: rows) { cell in
            let (first, end) = (max(elements.lowerBound, rowStart), min(elements.upperBound, rowStart + length))
            visit(first, cell + (first - rowStart) * lastStep, end - first, 1)
            rowStart += length
        }
    }

    private static func formula(_ x: Double, _ statistic: CallFormula.Statistic, invert: Bool) -> (value: Double, tail: Double) {
        invert ? CallFormula.denormalize(x, statistic) : CallFormula.normalize(x, statistic)
    }

    /// The fast path's operands: the statistics, and what normalising reads of them column by
    /// column — every mean, then every reciprocal, … (`count` each) — so that a row's loop
    /// reads each contiguously and vectorises.
    private struct Operands {
        let prepared: UnsafePointer<CallFormula.Statistic>
        let columns: UnsafePointer<Double>, count: Int
        /// Every statistic offset (`CallFormula.Statistic.isOffset`): rows take `normalizeNearMean`.
        let nearMean: Bool

        enum Column: Int, CaseIterable {
            case mean, reciprocal, reciprocalTail, reach

            var operand: KeyPath<CallFormula.Statistic, Double> {
                switch self {
                case .mean: \.mean
                case .reciprocal: \.reciprocal
                case .reciprocalTail: \.reciprocalTail
                case .reach: \.reach
                }
            }
        }

        static func columns(_ statistics: UnsafeBufferPointer<CallFormula.Statistic>) -> [Double] {
            Column.allCases.flatMap { column in statistics.map { $0[keyPath: column.operand] } }
        }

        /// `column` from `statistic` on.
        func column(_ column: Column, from statistic: Int) -> UnsafePointer<Double> {
            columns.advanced(by: column.rawValue * count + statistic)
        }
    }

    /// A run of rows in float64 (see `forEachRun`), in pieces of about `piece` elements —
    /// whole rows, or a part of one long row: the fast path over a piece, loops without
    /// branches on the data that vectorise, writes NaN where it does not hold (NaN, ±inf,
    /// extreme magnitudes, a quotient too near a rounding boundary) and notes whether any did;
    /// then the whole formula redoes those elements, while the piece is still in cache. (A
    /// NaN the formula itself gives is redone too, to the same NaN.)
    private static func run(_ x: UnsafePointer<Double>, _ operands: Operands,
                            statistic: Int, step: Int, count: Int, rows: Int, length: Int, invert: Bool,
                            into output: UnsafeMutablePointer<Double>)
    {
        let piece = 4096
        let (rowsPerPiece, columnsPerPiece) = count >= piece ? (1, piece) : (piece / count, count)
        for firstRow in stride(from: 0, to: rows, by: rowsPerPiece) {
            for start in stride(from: 0, to: count, by: columnsPerPiece) {
                let (rows, count) = (min(rowsPerPiece, rows - firstRow), min(columnsPerPiece, count - start))
                let (x, output) = (x.advanced(by: firstRow * length + start), output.advanced(by: firstRow * length + start))
                let statistics = operands.prepared.advanced(by: statistic + start * step)
                var marks: UInt64 = 0
                for row in 0..<rows {
                    fastRow(x.advanced(by: row * length), operands, statistic: statistic + start * step, step: step, count: count,
                            invert: invert, into: output.advanced(by: row * length), marks: &marks)
                }
                guard marks != 0 else { continue }
                for row in 0..<rows {
                    for j in 0..<count where output[row * length + j].isNaN {
                        output[row * length + j] = formula(x[row * length + j], statistics[j * step], invert: invert).value
                    }
                }
            }
        }
    }

    /// The fast path over `count` elements of one row, ORing the marks of those it cannot do
    /// into `marks`.
    @inline(__always)
    private static func fastRow(_ x: UnsafePointer<Double>, _ operands: Operands, statistic: Int, step: Int, count: Int, invert: Bool,
                                into output: UnsafeMutablePointer<Double>, marks: inout UInt64)
    {
        let (mean, reciprocal, tail, reach) = (operands.column(.mean, from: statistic), operands.column(.reciprocal, from: statistic),
                                               operands.column(.reciprocalTail, from: statistic), operands.column(.reach, from: statistic))
        let statistics = operands.prepared.advanced(by: statistic)
        // One loop per formula and statistic's step, so that each has both fixed.
        switch (invert, step, operands.nearMean) {
        case (false, 0, true):
            for j in 0..<count {
                output[j] = CallFormula.normalizeNearMean(x[j], mean: mean[0], reciprocal: reciprocal[0], reciprocalTail: tail[0],
                                                          reach: reach[0], marks: &marks)
            }
        case (false, _, true):
            for j in 0..<count {
                output[j] = CallFormula.normalizeNearMean(x[j], mean: mean[j], reciprocal: reciprocal[j], reciprocalTail: tail[j],
                                                          reach: reach[j], marks: &marks)
            }
        case (false, 0, false):
            for j in 0..<count {
                output[j] = CallFormula.normalizeCertified(x[j], mean: mean[0], reciprocal: reciprocal[0], reciprocalTail: tail[0], marks: &marks)
            }
        case (false, _, false):
            for j in 0..<count {
                output[j] = CallFormula.normalizeCertified(x[j], mean: mean[j], reciprocal: reciprocal[j], reciprocalTail: tail[j], marks: &marks)
            }
        case (true, 0, _): for j in 0..<count { output[j] = CallFormula.denormalizeCertified(x[j], statistics[0], marks: &marks) }
        case (true, _, _): for j in 0..<count { output[j] = CallFormula.denormalizeCertified(x[j], statistics[j], marks: &marks) }
        }
    }
}
