import Corpus
import NormalizationReference

/// adapt() on one array: moments, building, shape checks, replacement, degenerate data.
extension Catalog {
    static let adaptCases: [CaseSpec] = {
        var random = SeededRandom(caseID: "adapt")
        let seeded = array([50, 5], random.array([50, 5], center: 3, half: 512, step: 1.0 / 32))
        let probe = array([3, 5], random.array([3, 5], center: 3))
        return [
            CaseSpec("adapt.seeded-columns", "mean and population variance of 50 seeded rows, per column.",
                     clauses: "adapt.moments adapt.builds call.formula", tags: "adapt", level: .doc, [adapt(seeded), call(probe)]),
            CaseSpec("adapt.population-variance", "adapt on [1, 2, 3, 4] gives variance 1.25 (ddof 0), not 5/3.",
                     clauses: "adapt.moments", tags: "adapt", level: .doc,
                     construct: layer(axis: .none), [adapt(vector([1, 2, 3, 4])), call(vector([0, 2.5]))]),
            CaseSpec("adapt.two-reduced-axes", "axis=-1 on (3, 4, 2) reduces the first two axes: 12 samples per feature.",
                     clauses: "adapt.moments build.shapes", tags: "adapt axis",
                     [adapt(array([3, 4, 2], random.array([3, 4, 2]))), call(array([1, 1, 2], [0.5, -0.5]))]),
            CaseSpec("adapt.replaces", "a second adapt replaces the statistics: [0, 2, 0, 2] then [2, 4, 2, 4] gives mean 3, variance 1.",
                     clauses: "adapt.replaces adapt.moments", tags: "adapt",
                     construct: layer(axis: .none), [adapt(vector([0, 2, 0, 2])), adapt(vector([2, 4, 2, 4])), call(vector([1, 3, 5]))]),
            CaseSpec("adapt.after-build", "an explicit build with an unknown batch size, then adapt and call.",
                     clauses: "adapt.shape-check build.unknown-dim", tags: "adapt shape",
                     [build([nil, 5]), adapt(seeded), call(probe)]),
            CaseSpec("adapt.other-batch-size", "a second adapt may use another batch size: only kept sizes must match.",
                     clauses: "adapt.shape-check adapt.replaces", tags: "adapt shape",
                     [adapt(probe), adapt(seeded), call(probe)]),
            CaseSpec("adapt.shape-after-build", "adapt data with 2 features on a layer built for 3 is rejected.",
                     clauses: "adapt.shape-check", tags: "adapt error shape",
                     [build([nil, 3]), adapt(filled(1, [4, 2]))], error: "adapt_shape"),
            CaseSpec("adapt.shape-after-adapt", "after adapting on (3, 5), adapt on (4, 2) is rejected.",
                     clauses: "adapt.shape-check", tags: "adapt error shape",
                     [adapt(probe), adapt(filled(1, [4, 2]))], error: "adapt_shape"),
            CaseSpec("adapt.rank-differs", "after adapting on (3, 5), adapt on rank-1 data is rejected.",
                     clauses: "adapt.shape-check", tags: "adapt error shape",
                     [adapt(probe), adapt(vector([1, 2, 3, 4, 5]))], error: "adapt_shape"),
            CaseSpec("adapt.identity-before-adapt", "a layer called before any adapt is the identity (mean 0, variance 1).",
                     clauses: "build.defaults", tags: "adapt",
                     [call(probe)]),
            CaseSpec("adapt.identity-after-build", "an explicit build without adapt leaves mean 0 and variance 1.",
                     clauses: "build.defaults build.shapes", tags: "adapt",
                     construct: layer(axis: .list([0, 1])), [build([3, 5]), call(probe)]),
            CaseSpec("adapt.empty-array", "adapt on a (0, 3) array gives NaN statistics and NaN outputs, without error.",
                     clauses: "adapt.empty-array", tags: "adapt special-values",
                     [adapt(filled(0, [0, 3])), call(rows([[1, 2, 3]]))]),
            CaseSpec("adapt.constant-column", "a constant column has variance 0, so its outputs are (x - c) / eps.",
                     clauses: "adapt.degenerate call.eps-clamp", tags: "adapt epsilon",
                     [adapt(rows([[5, 1], [5, 2], [5, 3]])), call(rows([[6, 2], [4.5, 0]]))]),
            CaseSpec("adapt.nan-column", "a NaN in a column makes that column's mean and variance NaN; others are unaffected.",
                     clauses: "adapt.degenerate call.special-values", tags: "adapt special-values",
                     [adapt(rows([[1, .nan], [3, 2], [5, 4]])), call(rows([[3, 2]]))]),
            CaseSpec("adapt.inf-column", "+inf in a column makes its mean +inf and its variance NaN.",
                     clauses: "adapt.degenerate call.special-values", tags: "adapt special-values",
                     [adapt(rows([[1, .infinity], [3, 2], [5, -.infinity]])), call(rows([[3, 2]]))]),
            CaseSpec("adapt.same-sign-infinities", "two +inf in one column and two -inf in another: means +inf and -inf (inf + inf is inf), variances NaN.",
                     clauses: "adapt.degenerate call.special-values", tags: "adapt special-values",
                     [adapt(rows([[.infinity, -.infinity], [.infinity, 1], [1, -.infinity]])), call(rows([[3, 2]]))]),
            CaseSpec("adapt.supplied-statistics", "adapt on a layer constructed with mean and variance is an error.",
                     clauses: "adapt.supplied-error", tags: "adapt error",
                     construct: supplied(mean: scalar(0), variance: scalar(1)), [adapt(probe)], error: "adapt_supplied_statistics"),
        ]
    }()
}
