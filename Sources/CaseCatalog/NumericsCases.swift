import Corpus
import NormalizationReference

/// Statistics that naive float32 accumulation or a one-pass variance get visibly wrong, and
/// float64-precision inputs.
extension Catalog {
    static let numericsCases: [CaseSpec] = {
        var random = SeededRandom(caseID: "numerics")
        // 200,000 rows x 2 columns within 1/4 of 1000.5: summing row by row in float32 rounds
        // every addition the same way once the sum passes 2^27, and the mean drifts by ~2.
        let rows = 200_000
        let manyRows = array([rows, 2], random.array([rows, 2], center: 1000.5, half: 16, step: 1.0 / 64))
        // 100,000 values at 10^4 with spread ~1: E[x²] - E[x]² cancels every significant bit in float32.
        let offset = vector(random.grid(100_000, center: 10_000, half: 32, step: 1.0 / 16))
        return [
            CaseSpec("numerics.many-rows-offset", "200,000 rows within 1/4 of 1000.5: a float32 row-by-row sum drifts the mean by about 2 and inflates the variance 200-fold.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     [adapt(manyRows), call(rowsOf([[1000, 1001], [999.5, 1000.25]]))]),
            CaseSpec("numerics.one-pass-variance", "100,000 values at 10^4 with unit spread: a one-pass variance loses every digit.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(offset), call(vector([10_000, 10_001, 9_998.5]))]),
            CaseSpec("numerics.batches-offset", "the running batch merge over 4 batches of data near 1000 stays accurate.",
                     clauses: "adapt.batches", tags: "numerics batches",
                     [adapt(batches: (0..<4).map { index in array([250, 2], Array(manyRows.scalars[(index * 500)..<((index + 1) * 500)])) }),
                      call(rowsOf([[1000, 1001]]))]),
            CaseSpec("numerics.float64-inputs", "inputs and statistics that float32 cannot hold: 0.1, 0.2, 0.7 stay float64.",
                     clauses: "call.dtype call.formula", tags: "numerics",
                     construct: supplied(mean: vector([0.1, 0.2]), variance: vector([0.7, 0.3])), [call(rowsOf([[0.3, 0.1], [1e-3, 2.2]]))]),
            CaseSpec("numerics.float64-adapt", "adapt on float64 values near 1 + 2^-40 that float32 rounds away.",
                     clauses: "call.dtype adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([1 + 0x1p-40, 1 + 0x1p-41, 1, 1 - 0x1p-42])), call(vector([1 + 0x1p-40]))]),
            CaseSpec("numerics.sum-tie-correction", "the sum 2^53 + 1 + 2^-60 rounds up to 2^53 + 2 only because of its last 2^-60 (an exactly rounded sum).",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([0x1p53, 1, 0x1p-60])), call(vector([0x1p53, 0]))]),
            CaseSpec("numerics.mean-not-exact", "a mean of 1 + 2^-23/3 is rounded, so the variance needs the correction for the rounded mean.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([1, 1, 1 + 0x1p-23])), call(vector([1, 1 + 0x1p-23]))]),
            CaseSpec("numerics.mean-rounding-drift", "float64 data 1, 1, 1 + 2^-52: the mean rounds to 1; the variance is about the exact mean, 2^-103/9, not 2^-104/3 about the rounded one.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([1, 1, 1 + 0x1p-52])), call(vector([1 + 0x1p-52]))]),
            CaseSpec("numerics.statistics-round-half-even",
                     "float64 columns whose exact means lie on a tie (1 + 2^-53, 1 + 3·2^-53, -(1 + 2^-53)), just above or below one: each statistic is the exact value rounded once, ties to even.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     [adapt(rowsOf([[1, 1 + 0x1p-52, -1, 2, 2, 2],
                                    [1 + 0x1p-52, 1 + 0x1p-51, -1 - 0x1p-52, 0x1p-52 + 0x1p-59, 0x1p-52 - 0x1p-60, 0x1p-52 + 0x1p-100]]))]),
            CaseSpec("numerics.subnormal-statistics",
                     "means of half and one and a half times the smallest subnormal, of both signs: ties among the subnormals go to even.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     [adapt(rowsOf([[0x1p-1074, 0x1p-1074 * 3, -0x1p-1074, -0x1p-1074 * 3], [0, 0, 0, 0]]))]),
            CaseSpec("numerics.mean-below-half-subnormal",
                     "means of ±2^-1074 over three rows, a third of the smallest subnormal, round to zero; normal values 2^-1000 and 2^-1053 - 2^-1000 have the subnormal mean 2^-1053/3.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     [adapt(rowsOf([[-0x1p-1074, 0x1p-1074, 0x1p-1000], [0, 0, -(0x1p-1000 - 0x1p-1053)], [0, 0, 0]]))]),
            CaseSpec("numerics.variance-remainder-decides",
                     "three float64 values near 1e-162 whose exact variance is 2^-1075 + 2/3·2^-1152, just above half the smallest subnormal: it rounds to 2^-1074, not to 0.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none),
                     [adapt(vector([0x1.af9986151e000p-537, 0x1.ff2001fc88000p-539, 0]))]),
            CaseSpec("numerics.float64-range-edges",
                     "under the float64 policy: the mean of 1e308 and 1e308 (whose sum overflows), the variance 9.025e307 of ±9.5e153 (whose squares sum past the range), and a variance of 2.25e616, which is inf.",
                     clauses: "adapt.moments dtype.float64-policy", tags: "numerics adapt dtype",
                     construct: layer(policy: .float64),
                     [adapt(rowsOf([[1e308, 9.5e153, -1.5e308], [1e308, -9.5e153, 1.5e308]]), dtype: .float64)]),
            CaseSpec("numerics.float64-variance-beyond-float32",
                     "under the float64 policy a variance of 1e300 is finite: only a float32 variable would hold inf.",
                     clauses: "adapt.moments dtype.float64-policy dtype.policy-variables", tags: "numerics adapt dtype",
                     construct: layer(axis: .none, policy: .float64),
                     [adapt(vector([1e150, -1e150, 1e150, -1e150]), dtype: .float64)]),
            CaseSpec("numerics.call-range-ends",
                     "epsilon 0 and operands at the ends of the range, each quotient correctly rounded: variance 2.77e-308 and 2.89e-301, whose square root's residual v - s^2 and the remainder (x - mean) - q*s have bits below 2^-1074 unless taken at another scale; x - mean near 2^-900 whose own rounding error decides; x - mean = 1.35e308 and a variance of 1e308, which such a scale would overflow; quotients of ±1e300 / 1e-150 past the range, ±inf.",
                     clauses: "call.formula call.eps-clamp call.special-values dtype.float64-policy", tags: "numerics epsilon dtype special-values", epsilon: 0,
                     construct: supplied(mean: vector([0, 0, -2.0313574230671531e-289, -0x1.8p1022, 0, 0]),
                                         variance: vector([2.774182648520307e-308, 2.8926556170834127e-301, 198.36834504515713, 1, 1e308, 1e-300]),
                                         policy: .float64),
                     [call(rowsOf([[-901.8523662155683, -1.6606901827503465e-307, 5.518589708092322e-272, 0x1.8p1022, 1, 1e300],
                                   [0, 0, 0, 0, 0, -1e300]]), dtype: .float64)]),
            CaseSpec("numerics.cancelling-difference", "supplied mean 4096.5 with inputs one float32 ulp away: x - mean cancels.",
                     clauses: "call.formula", tags: "numerics",
                     construct: supplied(mean: scalar(4096.5), variance: scalar(0x1p-20)), [call(vector([4096.5, 4096.5 + 0x1p-11, 4096.5 - 0x1p-11]))]),
        ]
    }()

    private static func rowsOf(_ values: [[Double]]) -> NDArray { NDArray(rows: values) }
}
