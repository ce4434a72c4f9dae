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
        var outputs = [Double]()
        outputs.reserveCapacity(x.count)
        NDArray.walk(shape, steps: statisticsSteps) { cell in
            let x = policy.callOperand(x[outputs.count])
            let exact = invert ? CallFormula.denormalize(x, prepared[cell]) : CallFormula.normalize(x, prepared[cell])
            outputs.append(policy.callResult(exact.value, tail: exact.tail))
        }
        return NDArray(shape: shape, scalars: outputs)
    }
}
