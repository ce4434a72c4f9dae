import Corpus
import NormalizationReference

/// Construction errors; errors of later stages live with their themes (axes, broadcasting,
/// adapt, batches), each at the step that raises it.
extension Catalog {
    static let errorCases: [CaseSpec] = [
        CaseSpec("error.mean-without-variance", "mean given without variance: ValueError at construction.",
                 clauses: "stats.pair", tags: "error", construct: layer(mean: scalar(1)), error: "stats_pair"),
        CaseSpec("error.variance-without-mean", "variance given without mean: ValueError at construction.",
                 clauses: "stats.pair", tags: "error", construct: layer(variance: vector([1, 2])), error: "stats_pair"),
        CaseSpec("error.stats-shape-differs", "mean (3,) with variance (2,): ValueError at construction.",
                 clauses: "stats.same-shape", tags: "error",
                 construct: supplied(mean: vector([1, 2, 3]), variance: vector([1, 2])), error: "stats_shape"),
        CaseSpec("error.stats-scalar-and-vector", "a scalar mean with a vector variance is rejected: no broadcasting between the two.",
                 clauses: "stats.same-shape", tags: "error",
                 construct: supplied(mean: scalar(1), variance: vector([1, 2, 3])), error: "stats_shape"),
        CaseSpec("error.stats-rank-default-axis", "a (1, 3) mean has rank 2 > 1 axis entry: ValueError at construction.",
                 clauses: "stats.rank", tags: "error",
                 construct: supplied(mean: rows([[1, 2, 3]]), variance: rows([[1, 1, 1]])), error: "stats_rank"),
        CaseSpec("error.stats-rank-axis-none", "with axis=None only scalar statistics are allowed.",
                 clauses: "stats.rank axis.normalise", tags: "error",
                 construct: supplied(axis: .none, mean: vector([1]), variance: vector([1])), error: "stats_rank"),
        CaseSpec("error.stats-rank-duplicates-count", "rank 2 statistics pass with axis=(1, 1): duplicates count as entries.",
                 clauses: "stats.rank axis.normalise", tags: "broadcast",
                 construct: supplied(axis: .list([1, 1]), mean: rows([[2]]), variance: rows([[4]])), [call(rows([[0, 4]]))]),
    ]
}
