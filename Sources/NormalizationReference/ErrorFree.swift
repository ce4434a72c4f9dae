/// Error-free transformations: a rounded result together with its exact rounding error,
/// the building blocks that let the reference carry twice the precision where it matters.
///
/// The fast paths split their operands into halves whose products are exact (Dekker) rather
/// than use a fused multiply-add: that is not in baseline x86-64, where it costs a library
/// call per use.
enum ErrorFree {
    /// `a + b` as the rounded sum and its exact error (Knuth's TwoSum, any magnitudes).
    @inline(__always)
    static func sum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let sum = a + b
        let bPart = sum - a
        return (sum, (a - (sum - bPart)) + (b - bPart))
    }

    /// `a + b` as the rounded sum and its exact error when |a| ≥ |b| or a is 0 (Dekker's
    /// Fast2Sum: three operations instead of six).
    @inline(__always)
    static func fastSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let sum = a + b
        return (sum, b - (sum - a))
    }

    /// `a · b` as the rounded product and its exact error (one fused multiply-add).
    static func product(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let product = a * b
        return (product, (-product).addingProduct(a, b))
    }

    /// `a · b` and its error from Dekker's halves, without a branch; exact where
    /// `dekkerIsExact`, meaningless elsewhere.
    @inline(__always)
    static func dekkerProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let product = a * b
        let (aHigh, aLow) = split(a), (bHigh, bLow) = split(b)
        return (product, ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow)
    }

    /// Whether `dekkerProduct(a, b)` is exact: neither split overflows (|a|, |b| < 2¹⁰²³),
    /// the product is below 2¹⁰⁰⁰, so no partial product overflows (each is within 2⁻²⁵ of
    /// it or below it), and at least 2⁻⁹⁶⁰, so that none has bits under 2⁻¹⁰⁷⁴ (the
    /// smallest is about 2⁻⁵² of it, or a subnormal operand's own product; a zero product
    /// fails).
    @inline(__always)
    static func dekkerIsExact(_ a: Double, _ b: Double, _ product: Double) -> Bool {
        a.magnitude < 0x1p1023 && b.magnitude < 0x1p1023 && product.magnitude >= 0x1p-960 && product.magnitude < 0x1p1000
    }

    /// `a²` as the rounded square and its error, Dekker's way without a branch: exact unless
    /// a product underflows (each is then off by at most 2⁻¹⁰⁷⁵) or |a| is 2⁵¹²(1 − 2⁻²⁷) or
    /// more, where high reaches 2⁵¹² and the error is ±inf or NaN (the lanes then hand over).
    @inline(__always)
    static func square(_ a: Double) -> (square: Double, error: Double) {
        let (high, low) = split(a)
        let square = a * a
        return (square, ((high * high - square) + (high + high) * low) + low * low)
    }

    /// `a` with the low 27 bits of its significand cleared: at most 26 significant bits, so
    /// that the product of two heads is exact and `a − head(a)` is exact, with at most 27.
    @inline(__always)
    static func head(_ a: Double) -> Double {
        Double(bitPattern: a.bitPattern & ~(1 << 27 - 1))
    }

    /// `a` as two halves of at most 26 significant bits each, high + low = a exactly: the
    /// `head` of a with half of the 27 cleared bits added first (a carry into the exponent
    /// included), so the low bits are rounded away rather than cut and |low| ≤ 2²⁶ units of
    /// a's last place; a normal a keeps its top 26 bits, a subnormal fewer. Two integer
    /// operations where Veltkamp's splitting takes a multiplication and two subtractions;
    /// exact for every finite a below 2¹⁰²³ (above, high may be ±inf).
    @inline(__always)
    static func split(_ a: Double) -> (high: Double, low: Double) {
        let high = head(Double(bitPattern: a.bitPattern &+ 1 << 26))
        return (high, a - high)
    }
}
