import Corpus
import NormalizationReference

/// Input dtypes and precision policies (SEMANTICS section 8): every input dtype under the
/// default policy; every policy with supplied statistics, adapted statistics and invert;
/// the clamp and overflow in float16 and bfloat16; array and stream adapt of narrow and
/// integer data. Values are exact in float16 unless a case is about a wider dtype.
extension Catalog {
    static let policyCases: [CaseSpec] = inputDtypeCases + perPolicyCases + halfPrecisionCases + adaptDtypeCases

    /// dtype.input-cast: the input is converted to the compute dtype before anything else.
    private static let inputDtypeCases: [CaseSpec] = {
        func cast(_ dtype: DType, _ values: [Double], _ note: String) -> CaseSpec {
            CaseSpec("dtype.input-\(dtype.rawValue)", "a \(dtype.rawValue) input is converted to float32 first \(note).",
                     clauses: "dtype.input-cast call.formula", tags: "dtype input-dtype",
                     construct: supplied(mean: scalar(0.5), variance: scalar(3)), [call(vector(values), dtype: dtype)])
        }
        return [
            cast(.int32, [1, -2, 3, 100_000], "(integers)"),
            cast(.int64, [1, 2, -3, 16_777_216], "(integers up to 2^24)"),
            cast(.uint8, [0, 1, 128, 255], "(unsigned bytes)"),
            cast(.bool, [1, 0, 1], "(True is 1, False is 0)"),
            cast(.float16, [0.5, -1.25, 65504, 0x1p-24], "(the largest and the smallest float16)"),
            cast(.bfloat16, [0.5, -1.25, 0x1.FEp100, 0x1p-126], "(bfloat16 spans float32's range)"),
            cast(.float64, [0.5, -1.25, 0x1.fffffep127], "(values exact in float32 stay exact)"),
        ]
    }()

    /// dtype.policy-call, dtype.policy-variables: each policy with supplied statistics,
    /// with adapted statistics, and inverting; outputs are rounded to the compute dtype.
    private static let perPolicyCases: [CaseSpec] = DTypePolicy.allCases.flatMap { policy -> [CaseSpec] in
        let name = String(policy.rawValue.map { $0 == "_" ? "-" : $0 })
        let mean = vector([0.5, -2]), variance = vector([3, 0.25])
        let input = rows([[1.5, -1], [3, 0.75], [-6.5, 2.125]])
        let compute = "computes in \(policy.computeDtype.rawValue)"
        return [
            CaseSpec("dtype.policy-\(name).supplied", "under \(policy.rawValue) the call \(compute): statistics cast, outputs rounded to it.",
                     clauses: "dtype.policy-call call.formula", tags: "dtype policy",
                     construct: supplied(mean: mean, variance: variance, policy: policy), [call(input)]),
            CaseSpec("dtype.policy-\(name).adapted",
                     "under \(policy.rawValue) adapted statistics are stored in \(policy.variableDtype.rawValue) and the call \(compute).",
                     clauses: "dtype.policy-variables dtype.policy-call adapt.moments", tags: "dtype policy adapt",
                     construct: layer(policy: policy),
                     [adapt(rows([[1, 2], [3, 5], [0.5, 7], [2.5, -4]])), call(rows([[1.5, 2.5], [-1, 0]]))]),
            CaseSpec("dtype.policy-\(name).invert", "under \(policy.rawValue) invert \(compute): mean + x * s rounded to it.",
                     clauses: "dtype.policy-call call.invert", tags: "dtype policy invert",
                     construct: supplied(invert: true, mean: mean, variance: variance, policy: policy), [call(rows([[1, 2], [-3, 1000]]))]),
        ]
    }

    /// dtype.policy-call where half precision changes results beyond rounding: eps rounds to
    /// 2^-23 (float16) or 215·2^-31 (bfloat16), quotients overflow, a large mean is inf.
    private static let halfPrecisionCases: [CaseSpec] = {
        let tiny = vector([0x1p-20, -0x1p-16, 0x1p-10, 0x1p-7])
        return [
            CaseSpec("dtype.float16-largest-output",
                     "under float16 an output of 65504 stays finite, 65505 rounds down to it and 65520 (a tie) rounds up to inf.",
                     clauses: "dtype.policy-call call.special-values", tags: "dtype policy special-values",
                     construct: supplied(mean: vector([0, -1, -16]), variance: vector([1, 1, 1]), policy: .float16),
                     [call(rows([[65504, 65504, 65504], [-65504, -65504, -65504]]))]),
            CaseSpec("dtype.bfloat16-largest-output",
                     "under bfloat16 the largest value stays finite and one half-spacing more (a tie to even) overflows to inf.",
                     clauses: "dtype.policy-call call.special-values", tags: "dtype policy special-values",
                     construct: supplied(mean: vector([0, -0x1p119]), variance: vector([1, 1]), policy: .bfloat16),
                     [call(rows([[0x1.FEp127, 0x1.FEp127], [-0x1.FEp127, -0x1.FEp127]]))]),
            CaseSpec("dtype.float16-input-ties",
                     "under float16 the input is rounded to nearest, ties to even: 1 + 2^-11 to 1, 1 + 3 * 2^-11 up, subnormal ties, 65520 to inf.",
                     clauses: "dtype.input-cast dtype.policy-call", tags: "dtype policy",
                     construct: supplied(mean: scalar(0), variance: scalar(1), policy: .float16),
                     [call(vector([1 + 0x1p-11, 1 + 0x1.8p-10, -1 - 0x1p-11, 0x1.8p-24, 0x1p-25, 0x1p-14 + 0x1p-24, 65519, 65520]))]),
            CaseSpec("dtype.bfloat16-input-ties",
                     "under bfloat16 the input is rounded to nearest, ties to even: 1 + 2^-8 to 1, 1 + 3 * 2^-8 up, the normal edge 2^-126 kept.",
                     clauses: "dtype.input-cast dtype.policy-call", tags: "dtype policy",
                     construct: supplied(mean: scalar(0), variance: scalar(1), policy: .bfloat16),
                     [call(vector([1 + 0x1p-8, 1 + 0x1.8p-7, -1 - 0x1p-8, 0x1p-126 + 0x1p-133, 0x1.FFp127]))]),
            CaseSpec("dtype.bfloat16-invert-tail-decides",
                     "inverting under bfloat16 with variance 9 and means ±2^-100: x·s lies exactly on a bfloat16 midpoint and only the tiny mean decides the rounding (3.078125 up, 3.015625 down), not ties to even.",
                     clauses: "dtype.policy-call call.invert", tags: "dtype policy invert",
                     construct: supplied(invert: true, mean: vector([0x1p-100, -0x1p-100]), variance: vector([9, 9]), policy: .bfloat16),
                     [call(rows([[1 + 0x3p-7, 1 + 0x1p-7]]))]),
            CaseSpec("dtype.bfloat16-subnormal-output",
                     "under bfloat16 outputs of 1.5 and 2.5 times the smallest subnormal 2^-133 are ties to even: 2^-132 twice.",
                     clauses: "dtype.policy-call", tags: "dtype policy",
                     construct: supplied(mean: scalar(0), variance: scalar(0x1p26), policy: .bfloat16),
                     [call(vector([0x1.8p-120, 0x1.4p-119, -0x1.8p-120]))]),
            CaseSpec("dtype.float32-subnormal-edge-statistics",
                     "mixed_bfloat16 casts supplied means through float32 (subnormal below 2^-126) to bfloat16: 131·2^-134 − 2^-150 and 2^-126·(1 + 3·2^-8) − 2^-149 round to 131·2^-134 and then up, and to 129·2^-133.",
                     clauses: "dtype.policy-call", tags: "dtype policy",
                     construct: supplied(mean: vector([131 * 0x1p-134 - 0x1p-150, 0x1p-126 * (1 + 3 * 0x1p-8) - 0x1p-149]), variance: vector([1, 1]), policy: .mixedBfloat16),
                     [call(rows([[0, 0]]))]),
            CaseSpec("dtype.mixed-float16-double-rounding",
                     "mixed_float16 stores means 1 + 2^-11 + 2^-24 and 1 + 2^-11 + 2^-23 in float32, then casts to float16: 1 and 1 + 2^-10.",
                     clauses: "dtype.policy-variables dtype.policy-call adapt.moments", tags: "dtype policy adapt",
                     construct: layer(policy: .mixedFloat16),
                     [adapt(rows([[0.5 + 0x1p-11, 0.5 + 0x1p-11 + 0x1p-23], [1.5 + 0x1p-11 + 0x1p-23, 1.5 + 0x1p-11 + 0x1p-23]])),
                      call(rows([[1.5, 1.5]]))]),
            CaseSpec("dtype.mixed-bfloat16-large-statistics",
                     "mixed_bfloat16 casts a supplied mean of 1.5 * 2^127 (finite in float32 and bfloat16) to the compute dtype unchanged.",
                     clauses: "dtype.policy-call", tags: "dtype policy",
                     construct: supplied(mean: vector([0x1.8p127]), variance: vector([1]), policy: .mixedBfloat16),
                     [call(vector([0x1.8p127, 0x1p127]))]),
            CaseSpec("dtype.eps-float16", "under float16 eps is 2^-23, so variance 0 scales by 2^23: 2^-20 gives 8, 2^-7 overflows to inf.",
                     clauses: "dtype.policy-call call.eps-clamp", tags: "dtype policy epsilon",
                     construct: supplied(mean: scalar(0), variance: scalar(0), policy: .float16), [call(tiny)]),
            CaseSpec("dtype.eps-bfloat16", "under bfloat16 eps is 215 * 2^-31, so variance 0 scales by 2^31 / 215.",
                     clauses: "dtype.policy-call call.eps-clamp", tags: "dtype policy epsilon",
                     construct: supplied(mean: scalar(0), variance: scalar(0), policy: .bfloat16), [call(tiny)]),
            CaseSpec("dtype.eps-mixed-float16-overflow", "under mixed_float16 mean 0.5, variance 0 on [1.5, 0.5, -0.5] gives [inf, 0, -inf].",
                     clauses: "dtype.policy-call call.eps-clamp call.special-values", tags: "dtype policy epsilon special",
                     construct: supplied(mean: scalar(0.5), variance: scalar(0), policy: .mixedFloat16), [call(vector([1.5, 0.5, -0.5]))]),
            CaseSpec("dtype.eps-mixed-float16-overflow-column", "the same overflow on a (3, 1) column, where the scalar statistics broadcast: [[inf], [0], [-inf]].",
                     clauses: "dtype.policy-call call.eps-clamp call.special-values call.broadcasting", tags: "dtype policy epsilon special broadcast",
                     construct: supplied(mean: scalar(0.5), variance: scalar(0), policy: .mixedFloat16), [call(rows([[1.5], [0.5], [-0.5]]))]),
            CaseSpec("dtype.eps-mixed-bfloat16", "under mixed_bfloat16 mean 0.5, variance 0 on [1.5, 0.5, -0.5] gives [9961472, 0, -9961472].",
                     clauses: "dtype.policy-call call.eps-clamp", tags: "dtype policy epsilon",
                     construct: supplied(mean: scalar(0.5), variance: scalar(0), policy: .mixedBfloat16), [call(vector([1.5, 0.5, -0.5]))]),
            CaseSpec("dtype.eps-float16-invert", "inverting under float16 with variance 0 multiplies by eps = 2^-23.",
                     clauses: "dtype.policy-call call.eps-clamp call.invert", tags: "dtype policy epsilon invert",
                     construct: supplied(invert: true, mean: scalar(0), variance: scalar(0), policy: .float16), [call(vector([1, 1024, -3]))]),
            CaseSpec("dtype.large-mean-float16", "a mean of 70000 is inf in float16: x - mean is -inf, and inf - inf is NaN.",
                     clauses: "dtype.policy-call call.special-values", tags: "dtype policy special",
                     construct: supplied(mean: scalar(70000), variance: scalar(1), policy: .float16), [call(vector([1, 70000]))]),
            CaseSpec("dtype.large-mean-mixed-float16", "under mixed_float16 a mean of 70000 also becomes inf at the call.",
                     clauses: "dtype.policy-call call.special-values", tags: "dtype policy special",
                     construct: supplied(mean: scalar(70000), variance: scalar(1), policy: .mixedFloat16), [call(vector([1, 70000]))]),
            CaseSpec("dtype.float64-policy", "under float64 a float64 input is normalised in float64 end to end.",
                     clauses: "dtype.float64-policy dtype.input-cast", tags: "dtype policy",
                     construct: supplied(mean: vector([0.5, -2]), variance: vector([3, 0.25]), policy: .float64),
                     [call(rows([[0.1, 1.0 / 3], [-0.7, 1e-10]]), dtype: .float64)]),
            CaseSpec("dtype.float64-policy-adapt", "under float64 float64 data adapts to float64 statistics.",
                     clauses: "dtype.float64-policy dtype.policy-variables", tags: "dtype policy adapt",
                     construct: layer(axis: .none, policy: .float64),
                     [adapt(vector([0.1, 0.2, 0.7, 1e-3]), dtype: .float64), call(vector([0.1, 0.25]), dtype: .float64)]),
            CaseSpec("dtype.epsilon-read-at-call", "the clamp is the epsilon in force when the layer is called (1e-3), not a value fixed earlier.",
                     clauses: "epsilon.read-time call.eps-clamp", tags: "dtype epsilon", epsilon: 1e-3,
                     construct: supplied(mean: scalar(0.5), variance: scalar(0)), [build([nil, 2]), call(rows([[1.5, 0.5]]))]),
        ]
    }()

    /// dtype.adapt-array, dtype.adapt-stream: the documented promise is the data's mean and
    /// variance whatever its dtype; where Keras' own accumulation breaks it, that is a listed
    /// deviation, not golden behaviour.
    private static let adaptDtypeCases: [CaseSpec] = {
        let probe = vector([1, 2.5])
        let column = { (values: [Double]) in array([values.count, 1], values) }
        return [
            CaseSpec("dtype.adapt-array-float16", "float16 data adapts to its own mean and variance.",
                     clauses: "dtype.adapt-array adapt.moments", tags: "dtype adapt",
                     construct: layer(axis: .none), [adapt(vector([0.5, 1.5, 2, 4, -3.25, 8]), dtype: .float16), call(probe)]),
            CaseSpec("dtype.adapt-array-float16-large", "float16 data whose sum exceeds 65504 still has mean 1000.5, variance 0.25.",
                     clauses: "dtype.adapt-array adapt.moments", tags: "dtype adapt numerics",
                     construct: layer(axis: .none),
                     [adapt(vector(Array(repeating: 1000, count: 40) + Array(repeating: 1001, count: 40)), dtype: .float16), call(vector([1000, 1001]))]),
            CaseSpec("dtype.adapt-array-int32", "int32 data adapts to its exact mean and variance.",
                     clauses: "dtype.adapt-array adapt.moments", tags: "dtype adapt",
                     construct: layer(axis: .none), [adapt(vector([1, 2, 3, 4, 5, -7, 100]), dtype: .int32), call(probe)]),
            CaseSpec("dtype.adapt-array-int64-large", "int64 data 1e8 + {0, 1, 2, 3} has variance 1.25, though float32 cannot hold it.",
                     clauses: "dtype.adapt-array adapt.moments", tags: "dtype adapt numerics",
                     construct: layer(axis: .none), [adapt(vector([1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3]), dtype: .int64), call(vector([1e8]), dtype: .int64)]),
            CaseSpec("dtype.adapt-stream-int32", "a stream of int32 batches adapts to the data's mean and variance.",
                     clauses: "dtype.adapt-stream adapt.batches", tags: "dtype adapt batches",
                     [adapt(batches: [column([1, 2]), column([3, 4, 9])], dtype: .int32), call(column([1, 2.5]))]),
            CaseSpec("dtype.adapt-stream-int64-large", "a stream of int64 batches 1e8 + {0, 1}, {2, 3} has variance 1.25, as the doc promises.",
                     clauses: "dtype.adapt-stream adapt.batches", tags: "dtype adapt batches numerics",
                     [adapt(batches: [column([1e8, 1e8 + 1]), column([1e8 + 2, 1e8 + 3])], dtype: .int64), call(column([1e8]), dtype: .int64)]),
            CaseSpec("dtype.adapt-stream-mixed-float16", "under mixed_float16 a stream [[0],[600]] twice adapts to mean 300, variance 90000, as the doc promises.",
                     clauses: "dtype.adapt-stream dtype.policy-variables adapt.batches", tags: "dtype policy adapt batches",
                     construct: layer(policy: .mixedFloat16), [adapt(batches: [column([0, 600]), column([0, 600])]), call(column([300, 600]))]),
            CaseSpec("dtype.adapt-stream-float16", "under float16 a stream of small batches adapts to the data's statistics in float16.",
                     clauses: "dtype.adapt-stream dtype.policy-variables adapt.batches", tags: "dtype policy adapt batches",
                     construct: layer(policy: .float16), [adapt(batches: [column([0.5, 1.5]), column([2, 4, -1])]), call(column([1, 3]))]),
        ]
    }()
}
