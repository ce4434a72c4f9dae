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
            CaseSpec("numerics.sum-tie-correction", "the sum 2^53 + 1 + 2^-60 rounds up to 2^53 + 2 only because of its last partial (an exactly rounded sum).",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([0x1p53, 1, 0x1p-60])), call(vector([0x1p53, 0]))]),
            CaseSpec("numerics.mean-not-exact", "a mean of 1 + 2^-23/3 is rounded, so the variance needs the correction for the rounded mean.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([1, 1, 1 + 0x1p-23])), call(vector([1, 1 + 0x1p-23]))]),
            CaseSpec("numerics.mean-rounding-drift", "float64 data 1, 1, 1 + 2^-52: the mean rounds to 1, and only the drift correction gives the variance 2^-103/9 * 4.",
                     clauses: "adapt.moments", tags: "numerics adapt",
                     construct: layer(axis: .none), [adapt(vector([1, 1, 1 + 0x1p-52])), call(vector([1 + 0x1p-52]))]),
            CaseSpec("numerics.float64-variance-beyond-float32",
                     "under the float64 policy a variance of 1e300 is finite: only a float32 variable would hold inf.",
                     clauses: "adapt.moments dtype.float64-policy dtype.policy-variables", tags: "numerics adapt dtype",
                     construct: layer(axis: .none, policy: .float64),
                     [adapt(vector([1e150, -1e150, 1e150, -1e150]), dtype: .float64)]),
            CaseSpec("numerics.cancelling-difference", "supplied mean 4096.5 with inputs one float32 ulp away: x - mean cancels.",
                     clauses: "call.formula", tags: "numerics",
                     construct: supplied(mean: scalar(4096.5), variance: scalar(0x1p-20)), [call(vector([4096.5, 4096.5 + 0x1p-11, 4096.5 - 0x1p-11]))]),
        ]
    }()

    private static func rowsOf(_ values: [[Double]]) -> NDArray { NDArray(rows: values) }
}
