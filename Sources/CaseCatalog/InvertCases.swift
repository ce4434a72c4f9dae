import Corpus
import NormalizationReference

/// invert=True: mean + x·s, after adapt and with supplied statistics, including outputs
/// near zero where the sum cancels.
extension Catalog {
    static let invertCases: [CaseSpec] = {
        var random = SeededRandom(caseID: "invert")
        let data = array([8, 3], random.array([8, 3], center: 2))
        // x·s lands next to −mean: outputs are tiny next to the magnitudes summed.
        let nearZero = rows([[-500, -500.0625, -499.9375], [-500.015625, -499.984375, -500.5]])
        return [
            CaseSpec("invert.after-adapt", "invert=True after adapting on seeded (8, 3) data.",
                     clauses: "call.invert adapt.moments", tags: "invert adapt", level: .doc,
                     construct: layer(invert: true), [adapt(data), call(array([2, 3], random.array([2, 3], half: 32)))]),
            CaseSpec("invert.supplied", "invert=True with supplied per-feature statistics.",
                     clauses: "call.invert build.broadcast", tags: "invert broadcast", level: .doc,
                     construct: supplied(invert: true, mean: vector([10, -3, 0.25]), variance: vector([2.25, 9, 0.0625])),
                     [call(rows([[1, -1, 0], [0.5, 2, -4]]))]),
            CaseSpec("invert.cancellation", "invert with mean 1000 and s = 2 on inputs near -500: outputs near zero from a cancelling sum.",
                     clauses: "call.invert call.formula", tags: "invert numerics",
                     construct: supplied(invert: true, mean: scalar(1000), variance: scalar(4)), [call(nearZero)]),
            CaseSpec("invert.cancellation-irrational", "invert with s = sqrt(3) and mean = 1000: x·s is irrational and nearly cancels the mean.",
                     clauses: "call.invert", tags: "invert numerics",
                     construct: supplied(invert: true, mean: scalar(1000), variance: scalar(3)),
                     [call(vector([-577.3502691896258 as Double].map { Double(Float($0)) } + [-577.25, -577.5]))]),
            CaseSpec("invert.identity-before-adapt", "an inverting layer called before any adapt is the identity (mean 0, variance 1).",
                     clauses: "call.invert build.defaults", tags: "invert",
                     construct: layer(invert: true), [call(rows([[1.5, -2, 7]]))]),
            CaseSpec("invert.batch-axis", "invert with axis=0 on a (3, 2) input: one mean and variance per batch position.",
                     clauses: "call.invert build.batch-axis-kept", tags: "invert axis",
                     construct: layer(axis: .index(0), invert: true),
                     [adapt(rows([[1, 2], [3, 5], [-1, 7]])), call(rows([[1, -1], [0, 2], [0.5, 0.5]]))]),
        ]
    }()
}
