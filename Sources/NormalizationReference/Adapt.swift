/// `adapt()`: learning the statistics from an array or from a stream of batches.
extension Normalization {
    /// `layer.adapt(data)` on one array: builds an unbuilt layer from the data's shape
    /// (adapt.builds) or checks it against the build shape (adapt.shape-check), then
    /// replaces the statistics with the data's exact moments (adapt.moments, adapt.replaces).
    public mutating func adapt(_ data: NDArray) throws(NormalizationError) {
        let geometry = try buildOrCheck(firstShape: data.shape)
        try rejectSuppliedStatistics()
        // build.duplicate-axis: a duplicated kept axis of size 1 builds, but the moments have
        // one axis per distinct kept axis, and Keras cannot assign them to its variables.
        let (variables, moments) = Self.duplicateAxisShapes(geometry, data)
        if variables != moments { throw .adaptDuplicateAxis(variable: variables, value: moments) }
        store(Moments.of(data, keeping: geometry.keptAxes))
    }

    /// `layer.adapt(batches)` on a stream: the first batch builds or is checked like an
    /// array, every batch must match the build shape on the kept axes (adapt.batch-shape),
    /// and the statistics are Keras' running merge of the per-batch moments (adapt.batches).
    public mutating func adapt(batches: [NDArray]) throws(NormalizationError) {
        guard let first = batches.first else { throw .adaptEmptyStream }
        let geometry = try buildOrCheck(firstShape: first.shape)
        // Keras divides n_b by N = 0 at a first batch without samples, before it looks at
        // the next batch's shape.
        if Moments.samples(in: first, keeping: geometry.keptAxes) == 0 { throw .adaptEmptyFirstBatch }
        // build.duplicate-axis: the running totals have the variables' shape, each batch's
        // moments one size per distinct kept axis, and the merge broadcasts the two: shapes
        // that do not broadcast fail at the first batch, a broadcast shape other than the
        // variables' fails at the assign after the last.
        let (variables, moments) = Self.duplicateAxisShapes(geometry, first)
        let totals = Broadcasting.broadcastShape(variables, moments)
        if totals == nil { throw .adaptDuplicateAxis(variable: variables, value: moments) }
        for batch in batches where !Normalization.matches(batch.shape, geometry.inputShape, on: geometry.keptAxes) {
            throw .adaptBatchShape(expected: geometry.inputShape, got: batch.shape)
        }
        try rejectSuppliedStatistics()
        if let totals, totals != variables { throw .adaptDuplicateAxis(variable: variables, value: totals) }
        store(Moments.merged(batches, keeping: geometry.keptAxes))
    }

    /// The variables' shape (one size per axis entry) and the shape of `data`'s moments (one
    /// per distinct kept axis): equal unless an axis is kept twice.
    private static func duplicateAxisShapes(_ geometry: Geometry, _ data: NDArray) -> (variables: [Int], moments: [Int]) {
        (geometry.statisticsShape, Array(Set(geometry.keptAxes)).sorted().map { data.shape[$0] })
    }

    /// Builds from `firstShape` if unbuilt, else checks it against the build shape.
    private mutating func buildOrCheck(firstShape: [Int]) throws(NormalizationError) -> Geometry {
        if let geometry {
            guard Normalization.matches(firstShape, geometry.inputShape, on: geometry.keptAxes) else {
                throw .adaptShape(built: geometry.inputShape, data: firstShape)
            }
            return geometry
        }
        try build(inputShape: firstShape.map(Optional.some))
        return self.geometry!
    }

    /// adapt.supplied-error: Keras only notices after the data was read, when it stores
    /// the statistics into weights a supplied-statistics layer never created.
    private func rejectSuppliedStatistics() throws(NormalizationError) {
        if hasSuppliedStatistics { throw .adaptSuppliedStatistics }
    }

    /// Same rank and the same sizes on the kept axes; reduced sizes may differ.
    private static func matches(_ shape: [Int], _ built: [Int?], on keptAxes: [Int]) -> Bool {
        shape.count == built.count && keptAxes.allSatisfy { shape[$0] == built[$0] }
    }
}
