import Corpus
import NormalizationReference

/// adapt() over a stream of batches: the running merge, unequal sizes, no reduced axis,
/// shape checks and the empty stream.
extension Catalog {
    static let batchCases: [CaseSpec] = {
        var random = SeededRandom(caseID: "batches")
        func batch(_ rows: Int, _ features: Int = 3) -> NDArray {
            array([rows, features], random.array([rows, features], center: 1, half: 256, step: 1.0 / 8))
        }
        let probe = batch(2)
        return [
            CaseSpec("batches.equal-sizes", "two batches of 4 rows merge to the statistics of all 8 rows.",
                     clauses: "adapt.batches", tags: "batches adapt", [adapt(batches: [batch(4), batch(4)]), call(probe)]),
            CaseSpec("batches.unequal-sizes", "batches of 2, 5 and 1 rows merge with weights n_b / N.",
                     clauses: "adapt.batches", tags: "batches adapt", [adapt(batches: [batch(2), batch(5), batch(1)]), call(probe)]),
            CaseSpec("batches.single", "a stream of one batch gives that batch's own statistics.",
                     clauses: "adapt.batches adapt.moments", tags: "batches adapt", [adapt(batches: [batch(6)]), call(probe)]),
            CaseSpec("batches.axis-none", "axis=None over batches of 3 and 4 elements gives the statistics of all 7.",
                     clauses: "adapt.batches", tags: "batches adapt axis",
                     construct: layer(axis: .none), [adapt(batches: [vector([1, 2, 4]), vector([8, 16, 0.5, 0.25])]), call(vector([1, 2]))]),
            CaseSpec("batches.no-reduced-axis", "with axis=(0, 1) nothing is reduced: each 2x2 batch counts as one sample.",
                     clauses: "adapt.batches build.batch-axis-kept", tags: "batches adapt axis",
                     construct: layer(axis: .list([0, 1])),
                     [adapt(batches: [rows([[1, 2], [3, 4]]), rows([[3, 4], [5, 6]]), rows([[2, 0], [0, 2]])]), call(rows([[1, 1], [1, 1]]))]),
            CaseSpec("batches.replace-array", "a batched adapt replaces the statistics of an earlier array adapt.",
                     clauses: "adapt.batches adapt.replaces", tags: "batches adapt", [adapt(batch(5)), adapt(batches: [batch(3), batch(2)]), call(probe)]),
            CaseSpec("batches.after-build", "a layer built for (None, 3) adapts on batches of 3 features.",
                     clauses: "adapt.batches adapt.shape-check", tags: "batches adapt shape",
                     [build([nil, 3]), adapt(batches: [batch(2), batch(3)]), call(probe)]),
            CaseSpec("batches.shape-mismatch", "a later batch with 4 features where the first had 3 is rejected.",
                     clauses: "adapt.batch-shape", tags: "batches error shape",
                     [adapt(batches: [batch(2), batch(2, 4)])], error: "adapt_batch_shape"),
            CaseSpec("batches.first-mismatch-after-build", "on a layer built for (None, 3), a first batch of 4 features fails the adapt shape check.",
                     clauses: "adapt.shape-check", tags: "batches error shape",
                     [build([nil, 3]), adapt(batches: [batch(2, 4)])], error: "adapt_shape"),
            CaseSpec("batches.empty-first-batch", "a first batch with no rows makes the running merge divide by N = 0 (ZeroDivisionError).",
                     clauses: "adapt.batches", tags: "batches error", [adapt(batches: [array([0, 3], []), batch(2)])],
                     error: "adapt_empty_first_batch"),
            CaseSpec("batches.empty-later-batch", "a later batch with no rows has a NaN mean, and NaN * 0 makes the merged statistics NaN.",
                     clauses: "adapt.batches adapt.empty-array", tags: "batches adapt special",
                     [adapt(batches: [batch(3), array([0, 3], [])]), call(probe)]),
            CaseSpec("batches.empty-stream", "a stream with no batches is an error.",
                     clauses: "adapt.empty-stream", tags: "batches error", [adapt(batches: [])], error: "adapt_empty_stream"),
            CaseSpec("batches.supplied-statistics", "batched adapt on a layer given mean and variance is an error.",
                     clauses: "adapt.supplied-error adapt.batches", tags: "batches error",
                     construct: supplied(mean: scalar(1), variance: scalar(4)), [adapt(batches: [batch(2)])], error: "adapt_supplied_statistics"),
        ]
    }()
}
