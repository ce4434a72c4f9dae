import Corpus
import NormalizationReference

/// NaN, ±inf, negative variance and overflow follow IEEE rules; values are not validated.
extension Catalog {
    static let specialValueCases: [CaseSpec] = [
        CaseSpec("special.nan-and-inf-inputs", "NaN stays NaN, ±inf stays ±inf through the formula.",
                 clauses: "call.special-values", tags: "special-values",
                 construct: supplied(mean: scalar(1), variance: scalar(4)), [call(vector([.nan, .infinity, -.infinity, 3]))]),
        CaseSpec("special.negative-variance", "a negative supplied variance is accepted and gives NaN outputs (sqrt is NaN).",
                 clauses: "stats.values-unchecked call.special-values", tags: "special-values",
                 construct: supplied(mean: vector([0, 1]), variance: vector([-1, 4])), [call(rows([[1, 3]]))]),
        CaseSpec("special.negative-variance-invert", "a negative variance gives NaN when inverting too.",
                 clauses: "stats.values-unchecked call.special-values call.invert", tags: "special-values invert",
                 construct: supplied(invert: true, mean: vector([0, 1]), variance: vector([-4, 4])), [call(rows([[1, 3]]))]),
        CaseSpec("special.nan-statistics", "NaN in supplied statistics propagates to the outputs it touches.",
                 clauses: "stats.values-unchecked call.special-values", tags: "special-values",
                 construct: supplied(mean: vector([.nan, 0]), variance: vector([1, .nan])), [call(rows([[1, 1]]))]),
        CaseSpec("special.infinite-statistics", "an infinite mean gives ∓inf; an infinite variance gives s = inf and 0 outputs.",
                 clauses: "stats.values-unchecked call.special-values", tags: "special-values",
                 construct: supplied(mean: vector([.infinity, 1]), variance: vector([1, .infinity])), [call(rows([[1, 5]]))]),
        CaseSpec("special.invert-non-finite", "inverting with ±inf inputs, an infinite variance (0 * inf is NaN) and an infinite mean.",
                 clauses: "call.invert call.special-values stats.values-unchecked", tags: "special-values invert",
                 construct: supplied(invert: true, mean: vector([-2, 1, .infinity]), variance: vector([4, .infinity, 4])),
                 [call(rows([[.infinity, 0, 3], [-.infinity, 3, -1]]))]),
        CaseSpec("special.invert-overflow", "inverting: x * s overflows float64 (1e300 * 1e10), and so does mean + x * s.",
                 clauses: "call.invert call.special-values", tags: "special-values invert numerics",
                 construct: supplied(invert: true, mean: vector([-2, 1.5e308]), variance: vector([1e20, 1])),
                 [call(rows([[1e300, 1e308], [-1e300, 1]]))]),
        CaseSpec("special.variance-beyond-float32", "a variance of 2^128 is inf in the float32 variable; the mean 2^64 is not.",
                 clauses: "dtype.policy-variables adapt.moments call.special-values", tags: "special-values adapt",
                 construct: layer(axis: .none), [adapt(vector([0, 0x1p65])), call(vector([0, 0x1p65]))]),
        CaseSpec("special.overflow", "x - mean overflows float64 to ±inf.",
                 clauses: "call.special-values", tags: "special-values numerics",
                 construct: supplied(mean: scalar(-1.5e308), variance: scalar(1)), [call(vector([1.5e308, -1.5e308]))]),
        CaseSpec("special.signed-zero", "x equal to the mean gives +0.",
                 clauses: "call.formula call.special-values", tags: "special-values",
                 construct: supplied(mean: scalar(-0.0), variance: scalar(1)), [call(vector([0, -0.0]))]),
    ]
}
