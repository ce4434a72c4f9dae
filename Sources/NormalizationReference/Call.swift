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
        // The output is written once, in place; the walk visits the outer positions, and the
        // last axis runs as a plain loop (its statistic moves by a fixed step: 0 or 1).
        let (outer, last) = (Array(shape.dropLast()), shape.last ?? 1)
        let (outerSteps, lastStep) = (Array(statisticsSteps.dropLast()), statisticsSteps.last ?? 0)
        let (rounds, elements) = (policy.roundsCall, x.count)
        let outputs = NDArray.scalars(count: elements) { output in
            x.withUnsafeBufferPointer { x in
                prepared.withUnsafeBufferPointer { prepared in
                    let (x, output, prepared) = (x.baseAddress!, output.baseAddress!, prepared.baseAddress!)
                    #if !NORMCONF_EXACT_ONLY
                    if !rounds {
                        // float64: the common path row by row, the output split across the cores.
                        Parallel.forEachPart(of: elements, minimum: Parallel.elementsPerPart) { _, part in
                            Self.forEachRow(of: part, outer: outer, steps: outerSteps, length: last, lastStep: lastStep) { offset, statistic, count in
                                Self.row(x.advanced(by: offset), prepared.advanced(by: statistic), step: lastStep, count: count, invert: invert,
                                         into: output.advanced(by: offset))
                            }
                        }
                        return
                    }
                    #endif
                    Self.forEachRow(of: 0..<elements, outer: outer, steps: outerSteps, length: last, lastStep: lastStep) { offset, statistic, count in
                        for j in 0..<count {
                            let exact = Self.formula(policy.callOperand(x[offset + j]), prepared[statistic + j * lastStep], invert: invert)
                            output[offset + j] = policy.callResult(exact.value, tail: exact.tail)
                        }
                    }
                }
            }
        }
        return NDArray(shape: shape, scalars: outputs)
    }

    /// Visits `elements` of an array of shape outer + [length] (row-major) row by row: the
    /// offset of the first in each row, its statistic's index (the walk of `outer` with
    /// `steps`, then `lastStep` a column), and how many of that row are in `elements`.
    private static func forEachRow(of elements: Range<Int>, outer: [Int], steps: [Int], length: Int, lastStep: Int,
                                   _ visit: (_ offset: Int, _ statistic: Int, _ count: Int) -> Void)
    {
        guard !elements.isEmpty else { return }
        let rows = elements.lowerBound / length..<(elements.upperBound - 1) / length + 1
        var rowStart = rows.lowerBound * length
        NDArray.walk(outer, steps: steps, positions: rows) { cell in
            let (first, end) = (max(elements.lowerBound, rowStart), min(elements.upperBound, rowStart + length))
            visit(first, cell + (first - rowStart) * lastStep, end - first)
            rowStart += length
        }
    }

    /// The common path's value, or NaN where it does not hold.
    @inline(__always)
    private static func marked(_ attempt: CallFormula.Attempt) -> Double {
        attempt.holds ? attempt.value : .nan
    }

    private static func formula(_ x: Double, _ statistic: CallFormula.Statistic, invert: Bool) -> (value: Double, tail: Double) {
        invert ? CallFormula.denormalize(x, statistic) : CallFormula.normalize(x, statistic)
    }

    /// One row of the last axis in float64, in pieces of `piece` elements: the common path
    /// over a piece, a loop without branches on the data that vectorises, writes NaN where it
    /// does not hold (NaN, ±inf, extreme magnitudes); then the whole formula redoes those
    /// elements, while the piece is still in cache. (A NaN the formula itself gives is redone
    /// too, to the same NaN.)
    private static func row(_ x: UnsafePointer<Double>, _ statistics: UnsafePointer<CallFormula.Statistic>, step: Int, count: Int,
                            invert: Bool, into output: UnsafeMutablePointer<Double>)
    {
        let piece = 256
        for start in stride(from: 0, to: count, by: piece) {
            let (x, output, count) = (x.advanced(by: start), output.advanced(by: start), min(piece, count - start))
            let statistics = statistics.advanced(by: start * step)
            // Four copies of one loop, so that each has its formula and its statistic's step fixed.
            switch (invert, step) {
            case (false, 0): for j in 0..<count { output[j] = CallFormula.normalizeCertified(x[j], statistics[0]) }
            case (false, _): for j in 0..<count { output[j] = CallFormula.normalizeCertified(x[j], statistics[j]) }
            case (true, 0): for j in 0..<count { output[j] = marked(CallFormula.denormalizeCommonly(x[j], statistics[0])) }
            case (true, _): for j in 0..<count { output[j] = marked(CallFormula.denormalizeCommonly(x[j], statistics[j])) }
            }
            guard anyMarked(output, count: count) else { continue }
            for j in 0..<count where output[j].isNaN {
                output[j] = formula(x[j], statistics[j * step], invert: invert).value
            }
        }
    }

    /// Whether any of `count` values is NaN, by a loop that vectorises (a search for the
    /// first would not): a NaN's magnitude bits exceed infinity's, 0x7ff0…0, so adding
    /// 2⁵² − 1 to them sets the top bit. Most pieces have none; then the search is skipped.
    private static func anyMarked(_ values: UnsafePointer<Double>, count: Int) -> Bool {
        var bits: UInt64 = 0
        for j in 0..<count { bits |= values[j].magnitude.bitPattern &+ (1 << 52 - 1) }
        return bits >> 63 != 0
    }
}
