/// A layer's dtype policy (SEMANTICS section 8): the dtype its call computes in and the
/// dtype its adapted statistics are stored in.
///
/// The reference holds float32 and float64 values in float64 — it is the float64 model of
/// a float32 layer (call.dtype), and the harness judges float32 by tolerance. It rounds only
/// where a policy's dtype is narrower than float32 (float16, bfloat16), because there the
/// rounding of the operands changes results beyond any tolerance: eps becomes 2⁻²³ or
/// 215·2⁻³¹, a mean of 70000 becomes inf, a quotient of 2²³ overflows.
public enum DTypePolicy: String, Sendable, CaseIterable {
    case float32, float64, float16, bfloat16
    case mixedFloat16 = "mixed_float16"
    case mixedBfloat16 = "mixed_bfloat16"

    /// The dtype call computes and returns in: the policy's name without "mixed_".
    public var computeDtype: DType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        case .float16, .mixedFloat16: .float16
        case .bfloat16, .mixedBfloat16: .bfloat16
        }
    }

    /// The dtype of the adapted statistics (dtype.policy-variables): float32 under the
    /// mixed policies, the compute dtype otherwise.
    public var variableDtype: DType {
        switch self {
        case .mixedFloat16, .mixedBfloat16: .float32
        default: computeDtype
        }
    }

    /// Whether the reference rounds to the compute dtype: only when it is narrower than float32.
    var roundsCall: Bool { computeDtype.format!.precision < DType.float32.format!.precision }

    /// Whether the reference rounds adapted statistics to the variable dtype, likewise.
    var roundsStatistics: Bool { variableDtype.format!.precision < DType.float32.format!.precision }

    /// An adapted statistic as stored in its variable (dtype.policy-variables). A float32
    /// variable keeps the float64 value (the reference's model of float32, call.dtype) but
    /// not beyond float32's range: a variance of 2.6e76 is inf there.
    public func stored(_ statistic: Double) -> Double {
        if roundsStatistics { return variableDtype.rounded(statistic) }
        guard variableDtype == .float32 else { return statistic }
        let held = DType.float32.rounded(statistic)
        return held.isInfinite ? held : statistic
    }

    /// A statistic as call uses it (dtype.policy-call): Keras casts the stored variable —
    /// float32 under the mixed policies — or the supplied value, which it holds as a float32
    /// tensor, to the compute dtype.
    public func callStatistic(_ statistic: Double) -> Double {
        roundsCall ? computeDtype.rounded(DType.float32.rounded(statistic)) : statistic
    }

    /// An input element or eps as call uses it: converted to the compute dtype
    /// (dtype.input-cast; eps is a Python float meeting a compute-dtype tensor).
    public func callOperand(_ value: Double) -> Double {
        roundsCall ? computeDtype.rounded(value) : value
    }

    /// The formula's exact value `head + tail` as call returns it: rounded once to the
    /// compute dtype (overflow gives ±inf), or the float64 `head` when the reference does not round.
    public func callResult(_ head: Double, tail: Double) -> Double {
        roundsCall ? computeDtype.rounded(head, tail: tail) : head
    }
}
