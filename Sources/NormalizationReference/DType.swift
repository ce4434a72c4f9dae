/// The dtypes a layer meets (SEMANTICS section 8), and rounding to the floating ones.
///
/// This is the one place where the reference rounds to a narrower format. Rounding is
/// IEEE round-to-nearest, ties to even, with gradual underflow (subnormals) and overflow to
/// ±inf: a value at or beyond the greatest finite value plus half an ulp becomes infinite.
/// It is written out on the float64 value itself — scale by the spacing, round to an
/// integer, scale back, all exact in float64 — rather than through `Float`/`Float16`
/// conversions, so it reads the same for every format and runs where `Float16` does not.
public enum DType: String, Sendable, CaseIterable {
    case float16, bfloat16, float32, float64
    case int32, int64, uint8, bool

    /// Whether values of this dtype are IEEE binary floating point.
    public var isFloatingPoint: Bool { format != nil }

    /// The binary format of a floating dtype: significand bits (the implicit one included)
    /// and the exponent range of its normal numbers.
    public struct Format: Sendable, Equatable {
        public let precision: Int
        public let minimumExponent: Int
        public let maximumExponent: Int

        /// The largest finite value: (2 − 2^(1−p)) · 2^emax.
        public var greatestFinite: Double {
            Double(sign: .plus, exponent: maximumExponent, significand: 2 - Double(sign: .plus, exponent: 1 - precision, significand: 1))
        }

        /// 2^−p, half the spacing of the values in [1, 2).
        public var unitRoundoff: Double { Double(sign: .plus, exponent: -precision, significand: 1) }

        /// Whether every value of `other` is a value of this format: at least its precision,
        /// its largest exponent and its smallest subnormal.
        public func contains(_ other: Format) -> Bool {
            precision >= other.precision && maximumExponent >= other.maximumExponent
                && minimumExponent - precision <= other.minimumExponent - other.precision
        }

        /// The spacing of this format's values at `value`: the subnormal spacing below the
        /// normal range, infinity for non-finite values.
        public func spacing(at value: Double) -> Double {
            let magnitude = abs(value)
            guard magnitude.isFinite else { return .infinity }
            let exponent = magnitude == 0 ? minimumExponent : max(Int(magnitude.exponent), minimumExponent)
            return Double(sign: .plus, exponent: exponent - (precision - 1), significand: 1)
        }
    }

    /// The format of a floating dtype; nil for integers and bool.
    public var format: Format? {
        switch self {
        case .float16: Format(precision: 11, minimumExponent: -14, maximumExponent: 15)
        case .bfloat16: Format(precision: 8, minimumExponent: -126, maximumExponent: 127)
        case .float32: Format(precision: 24, minimumExponent: -126, maximumExponent: 127)
        case .float64: Format(precision: 53, minimumExponent: -1022, maximumExponent: 1023)
        case .int32, .int64, .uint8, .bool: nil
        }
    }

    /// `value` rounded to this floating dtype (ties to even, subnormals, overflow to ±inf);
    /// NaN, ±inf and ±0 are kept. Integers and bool are not a rounding target: they return
    /// `value` unchanged.
    public func rounded(_ value: Double) -> Double {
        rounded(value, tail: 0)
    }

    /// The value `head + tail` rounded once to this dtype, where `tail` is far below the
    /// float64 spacing at `head` (a double-double): `tail` decides only a `head` that lies
    /// exactly halfway between two values of the dtype, so the result is the correctly
    /// rounded value of the exact sum, not a double rounding of it.
    public func rounded(_ head: Double, tail: Double) -> Double {
        guard let format, self != .float64, head.isFinite, head != 0 else { return head }
        let spacing = format.spacing(at: head)
        // Exact: dividing by a power of two, and head's significand fits in 53 bits.
        let scaled = head / spacing
        let below = scaled.rounded(.down)
        let integer: Double
        if scaled - below == 0.5, tail != 0 {
            // The exact value lies above the midpoint when tail is positive, whatever head's sign.
            integer = tail > 0 ? below + 1 : below
        } else {
            integer = scaled.rounded(.toNearestOrEven)
        }
        let result = integer * spacing
        if abs(result) > format.greatestFinite { return head < 0 ? -.infinity : .infinity }
        // A result that rounded to zero keeps head's sign, as IEEE underflow does.
        return result == 0 ? (head < 0 ? -0.0 : 0.0) : result
    }

    /// Whether `value` is exactly a value of this dtype (integers: in range and whole;
    /// bool: 0 or 1). NaN counts as representable in every floating dtype.
    public func represents(_ value: Double) -> Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64:
            return value.isNaN || rounded(value).bitPattern == value.bitPattern
        case .int32: return value == value.rounded() && abs(value) <= 2_147_483_648 && value != 2_147_483_648
        case .int64: return value == value.rounded() && value >= -0x1p63 && value < 0x1p63
        case .uint8: return value == value.rounded() && value >= 0 && value <= 255
        case .bool: return value == 0 || value == 1
        }
    }
}
