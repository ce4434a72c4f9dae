import Corpus
import NormalizationReference

/// The clamp s = max(sqrt(variance), eps): on the standard deviation, below, at and above
/// the threshold, with the default and with another epsilon.
extension Catalog {
    static let epsilonCases: [CaseSpec] = {
        func clamp(_ id: String, _ description: String, variance: Double, epsilon: Double? = nil, invert: Bool = false) -> CaseSpec {
            CaseSpec(id, description, clauses: invert ? "call.eps-clamp call.invert" : "call.eps-clamp", tags: "epsilon", epsilon: epsilon,
                     construct: supplied(invert: invert, mean: scalar(0.5), variance: scalar(variance)),
                     [call(vector(invert ? [1, -3, 1e7] : [1.5, 0.5, -0.5]))])
        }
        return [
            clamp("epsilon.variance-zero", "variance 0 is clamped: s = eps, so outputs are (x - mean) * 1e7.", variance: 0),
            clamp("epsilon.below", "variance 2^-50 has sqrt 2^-25 < 1e-7: clamped to eps.", variance: 0x1p-50),
            clamp("epsilon.at-threshold", "variance float32(1e-14): sqrt sits at the threshold, s = eps up to rounding.",
                  variance: Double(Float(1e-14))),
            clamp("epsilon.just-above", "variance float32(1.01e-14) has sqrt just above eps: no clamp.",
                  variance: Double(Float(1.01e-14))),
            clamp("epsilon.on-deviation-not-variance", "variance 2^-30 (sd 2^-15) is below eps but its sqrt is not: no clamp.",
                  variance: 0x1p-30),
            clamp("epsilon.custom", "with epsilon 1e-3, variance 0 gives s = 1e-3.", variance: 0, epsilon: 1e-3),
            clamp("epsilon.custom-large", "with epsilon 0.5, variance 0.0625 (sd 0.25) is clamped to s = 0.5.", variance: 0.0625, epsilon: 0.5),
            clamp("epsilon.invert", "inverting with variance 0 uses s = eps: mean + x * 1e-7.", variance: 0, invert: true),
            CaseSpec("epsilon.zero-variance-zero", "with epsilon 0 and variance 0, s = 0 and (x - mean) / 0 is inf, NaN, -inf.",
                     clauses: "call.eps-clamp call.special-values", tags: "epsilon special-values", epsilon: 0,
                     construct: supplied(mean: vector([1]), variance: vector([0])), [call(rows([[3], [1], [-2]]))]),
            CaseSpec("epsilon.zero-invert-variance-zero", "inverting with epsilon 0 and variance 0: s = 0, so the output is the mean.",
                     clauses: "call.eps-clamp call.invert", tags: "epsilon invert", epsilon: 0,
                     construct: supplied(invert: true, mean: vector([1]), variance: vector([0])), [call(rows([[3], [-2]]))]),
            CaseSpec("epsilon.zero-invert-variance-zero-large-input",
                     "inverting with epsilon 0 and variance 0: s = 0 and its tail 0, so even the largest float32 input gives the mean.",
                     clauses: "call.eps-clamp call.invert", tags: "epsilon invert", epsilon: 0,
                     construct: supplied(invert: true, mean: vector([0]), variance: vector([0])), [call(rows([[0x1.fffffep127], [-3]]))]),
            CaseSpec("epsilon.variance-zero-inexact-difference",
                     "variance 0 and x - mean inexact in float64: (x - mean) / eps is rounded once, which differs from rounding the difference first.",
                     clauses: "call.eps-clamp call.formula", tags: "epsilon numerics",
                     construct: supplied(mean: vector([5.628045807171134e-10]), variance: vector([0])), [call(vector([387926.75]))]),
            CaseSpec("epsilon.invert-variance-zero-rounding",
                     "inverting with variance 0: mean + x * eps is rounded once (0.970237720626831), not after rounding x * eps.",
                     clauses: "call.eps-clamp call.invert", tags: "epsilon invert numerics",
                     construct: supplied(invert: true, mean: vector([0.886620283126831]), variance: vector([0])), [call(vector([836174.375]))]),
            CaseSpec("epsilon.root-rounds-to-eps",
                     "float64 variances whose square roots round to exactly 1e-7: below it (clamped, s = eps) and above it (kept with its tail).",
                     clauses: "call.eps-clamp call.formula", tags: "epsilon numerics",
                     construct: supplied(mean: vector([0, 0]), variance: vector([9.999999999999998e-15, 1e-14])),
                     [call(rows([[1, 1], [3, 3], [0.7, 0.7], [1e-3, 1e-3], [5e-8, 5e-8], [123456.789, 123456.789], [-2.5e-5, -2.5e-5]]))]),
            CaseSpec("epsilon.adapt-constant", "adapting on constant data gives variance 0 and the clamp applies.",
                     clauses: "call.eps-clamp adapt.degenerate", tags: "epsilon adapt",
                     construct: layer(axis: .none), [adapt(vector([2, 2, 2, 2])), call(vector([2, 2.5, 1]))]),
        ]
    }()
}
