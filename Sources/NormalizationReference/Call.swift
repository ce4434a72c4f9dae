/// `layer(x)`: the call formula (clauses call.formula, call.invert, call.eps-clamp).
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
        // One-way broadcasts to the common shape cannot fail once the shape exists.
        let x = Broadcasting.broadcast(input, to: shape)!.scalars
        let mean = Broadcasting.broadcast(statistics.mean, to: shape)!.scalars
        let variance = Broadcasting.broadcast(statistics.variance, to: shape)!.scalars
        let epsilon = self.epsilon
        let outputs = x.indices.map { index in
            invert
                ? CallFormula.denormalize(x[index], mean: mean[index], variance: variance[index], epsilon: epsilon)
                : CallFormula.normalize(x[index], mean: mean[index], variance: variance[index], epsilon: epsilon)
        }
        return NDArray(shape: shape, scalars: outputs)
    }
}
