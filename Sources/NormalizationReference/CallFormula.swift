/// The call formula for one element, rounded once.
///
/// With `s = max(sqrt(variance), epsilon)` (call.eps-clamp: the clamp is on the standard
/// deviation, not the variance), normalising is `(x − mean) / s` (call.formula) and
/// inverting is `mean + x·s` (call.invert). The reference evaluates both in double-double
/// arithmetic — the difference, the square root and the product carried with their exact
/// errors — and rounds once at the end, so each golden output is the float64 nearest the
/// formula's exact value for the given float64 input and statistics (up to a relative
/// error near 2⁻¹⁰⁶ before that rounding). Computing the float64 formula step by step would
/// instead bake a rounding error of its own into the golden values: (1 − 3)/√2 would be
/// −1.414213562373095, not −1.4142135623730951.
///
/// NaN and ±inf take the plain IEEE path (call.special-values): a negative variance gives
/// NaN (sqrt is NaN and numpy's `maximum` propagates it), overflow of `x − mean` gives ±inf.
///
/// Both return the result as `(value, tail)`: `value` is the float64 result, `tail` what is
/// left of the exact value beyond it, so that a policy narrower than float64 can round the
/// exact value once (DType.rounded(_:tail:)) instead of rounding `value` a second time.
public enum CallFormula {
    /// One statistic's operands, prepared once for all the elements that use it: the square
    /// root and its error term cost more than the per-element formula.
    struct Statistic {
        let mean: Double
        /// `max(sqrt(variance), epsilon)` in plain IEEE arithmetic (NaN propagates).
        let plain: Double
        /// The same as a double-double `s + tail`, or NaN where the plain IEEE path applies:
        /// a non-finite mean or variance, or a negative variance.
        let s: Double, tail: Double
        /// 1 / (s + tail) as `reciprocal + reciprocalTail` within 2⁻⁷⁸ of it, the first
        /// rounded to 26 significant bits so that its product with half a double is exact
        /// (`normalizeCertified`); NaN where that path does not apply: where `s` and `tail`
        /// are, or s or the mean is outside the range where its products stay exact.
        let reciprocal: Double, reciprocalTail: Double

        init(mean: Double, variance: Double, epsilon: Double) {
            self.mean = mean
            plain = plainDeviation(variance, epsilon: epsilon)
            let regular = mean.isFinite && variance.isFinite && variance >= 0
            (s, tail) = regular ? CallFormula.deviation(variance, epsilon: epsilon) : (.nan, .nan)
            (reciprocal, reciprocalTail) = CallFormula.reciprocal(s: s, tail: tail, mean: mean)
        }
    }

    /// 1 / (s + tail) as a 26-bit head and a tail: 1/s rounded, its residual 1 − r·s exact by
    /// one fused multiply-add, then the bits of r below the head moved to the tail. NaN where
    /// s or the mean lies outside the range `normalizeCertified` needs.
    private static func reciprocal(s: Double, tail: Double, mean: Double) -> (Double, Double) {
        guard s >= 0x1p-990 && s <= 0x1p990 && mean.magnitude < 0x1p994 else { return (.nan, .nan) }
        let rounded = 1 / s
        let roundedTail = ((1.0).addingProduct(-rounded, s) - rounded * tail) / s
        let head = Double(bitPattern: rounded.bitPattern & ~(1 << 27 - 1))
        return (head, (rounded - head) + roundedTail)
    }

    /// `normalize`'s float64 value, or NaN where this path cannot prove it; used where
    /// nothing but the float64 value is needed. No division: with d + dt = x − mean exactly
    /// (TwoSum), d = h + l (Dekker's halves) and 1/s as `reciprocal` + `reciprocalTail` (R₁ +
    /// R₂), the quotient is h·R₁ + (l·R₁ + d·R₂ + dt·R₁) within 2⁻⁷⁵ of it: h·R₁ and l·R₁ are
    /// exact, and the rest is 2⁻²⁵ of the value, so its roundings and the terms it leaves out
    /// are that small. Fast2Sum gives value + tail. Where |tail| + 2⁻⁷⁰ of value's binade is
    /// under half value's ulp, the exact quotient — and the double-double one `normalize`
    /// rounds, within 2⁻¹⁰⁰ of it — lie strictly inside value's rounding interval: both round
    /// to value. NaN where that fails (about one element in 2¹⁷), where value is a power of
    /// two (the interval below it is half as wide), below 2⁻⁹⁰⁰ (where products could
    /// underflow; x = mean among them) or for a NaN or ±inf, which every overflow of these
    /// operations also becomes (the mean, checked once, is below 2⁹⁹⁴).
    @inline(__always)
    static func normalizeCertified(_ x: Double, _ statistic: Statistic) -> Double {
        let (difference, differenceTail) = ErrorFree.sum(x, -statistic.mean)
        let (high, low) = ErrorFree.split(difference)
        let (reciprocal, reciprocalTail) = (statistic.reciprocal, statistic.reciprocalTail)
        let rest = low * reciprocal + (difference * reciprocalTail + differenceTail * reciprocal)
        let (value, tail) = ErrorFree.fastSum(high * reciprocal, rest)
        let binade = Double(bitPattern: value.bitPattern & Self.exponentBits)
        let inside = tail.magnitude < binade * (0x1p-53 - 0x1p-70) && value.magnitude != binade
        return inside && binade >= 0x1p-900 ? value : .nan
    }

    /// A double's exponent field: masked out of a finite nonzero value, its binade's power of two.
    private static let exponentBits: UInt64 = 0x7ff0_0000_0000_0000

    /// An element's result, and whether it came from the common path, where every
    /// operation is exact as written (`normalizeCommonly`, `denormalizeCommonly`).
    typealias Attempt = (value: Double, tail: Double, holds: Bool)

    static func normalize(_ x: Double, _ statistic: Statistic) -> (value: Double, tail: Double) {
        #if !NORMCONF_EXACT_ONLY
        let attempt = normalizeCommonly(x, statistic)
        if attempt.holds { return (attempt.value, attempt.tail) }
        #endif
        let s = statistic.s
        guard x.isFinite, !s.isNaN else { return ((x - statistic.mean) / statistic.plain, 0) }
        let (difference, differenceTail) = ErrorFree.sum(x, -statistic.mean)
        // x = mean: a zero, or NaN where s = 0 (epsilon 0 and variance 0), as IEEE divides.
        guard difference != 0 else { return (difference / s, 0) }
        // Where the common path does not hold (a tiny or huge quotient), d − q·s by one fused
        // multiply-add. It has bits under 2⁻¹⁰⁷⁴, and would round, only where d < 2⁻⁹⁰⁰ and
        // s < 2¹⁰⁰; there d, s and their tails are scaled by 2⁹⁰⁰ first, exactly and
        // without changing q.
        let scale = difference.magnitude < 0x1p-900 && s < 0x1p100 ? 0x1p900 : 1.0
        let (d, dt, scaledS, scaledTail) = (difference * scale, differenceTail * scale, s * scale, statistic.tail * scale)
        let quotient = d / scaledS
        // d/s past the range, d itself ±inf, or s = 0: ±inf as IEEE divides (the correction
        // below would make it NaN). The exact quotient differs from d/s by under 2⁻⁵² of it,
        // so only one that close to the overflow threshold could round to the largest double
        // instead; the reference, like any float64 implementation, gives ±inf there too.
        guard quotient.isFinite else { return (quotient, 0) }
        return quotientRounded(quotient, remainder: d.addingProduct(-quotient, scaledS), dt, s: scaledS, tail: scaledTail)
    }

    /// (d + dt) / (s + st) = q + r/s with r = d − q·s + dt − q·st. Where `holds` — x finite,
    /// q normal, and q, s and their product where Dekker's halves are exact — q·s = P + E
    /// exactly, P lies within a factor 2 of d, so d − P is exact (Sterbenz) and (d − P) − E
    /// is d − q·s rounded once, what a fused multiply-add gives. No branch on the data, so a
    /// loop of these vectorises, then redoes with `normalize` the elements where it does not
    /// hold.
    @inline(__always)
    static func normalizeCommonly(_ x: Double, _ statistic: Statistic) -> Attempt {
        let s = statistic.s
        let (difference, differenceTail) = ErrorFree.sum(x, -statistic.mean)
        let quotient = difference / s
        let (product, error) = ErrorFree.dekkerProduct(quotient, s)
        let (value, tail) = quotientRounded(quotient, remainder: (difference - product) - error, differenceTail, s: s, tail: statistic.tail)
        // q normal, as a comparison: `isNormal` would keep a loop of these from vectorising.
        let holds = x.isFinite && quotient.magnitude >= .leastNormalMagnitude && ErrorFree.dekkerIsExact(quotient, s, product)
        return (value, tail, holds)
    }

    /// q + (remainder + dt − q·st) / s as the rounded value and its tail.
    @inline(__always)
    private static func quotientRounded(_ quotient: Double, remainder: Double, _ differenceTail: Double, s: Double, tail sTail: Double)
        -> (value: Double, tail: Double)
    {
        let residual = remainder + differenceTail - quotient * sTail
        let (value, tail) = ErrorFree.sum(quotient, residual / s)
        return (value, tail)
    }

    static func denormalize(_ x: Double, _ statistic: Statistic) -> (value: Double, tail: Double) {
        #if !NORMCONF_EXACT_ONLY
        let attempt = denormalizeCommonly(x, statistic)
        if attempt.holds { return (attempt.value, attempt.tail) }
        #endif
        let s = statistic.s
        guard x.isFinite, !s.isNaN else { return (statistic.mean + x * statistic.plain, 0) }
        let (product, productError) = ErrorFree.product(x, s)
        guard product.isFinite else { return (statistic.mean + product, 0) }
        return productAdded(product, productError, x, statistic)
    }

    /// x·(s + st) = p + e + x·st with e the exact error of p = x·s, added to the mean. Where
    /// `holds`: x finite, x, s and p where Dekker's halves are exact, the result finite.
    @inline(__always)
    static func denormalizeCommonly(_ x: Double, _ statistic: Statistic) -> Attempt {
        let (product, error) = ErrorFree.dekkerProduct(x, statistic.s)
        let (value, tail) = productAdded(product, error, x, statistic)
        let holds = x.isFinite && ErrorFree.dekkerIsExact(x, statistic.s, product) && value.isFinite
        return (value, tail, holds)
    }

    /// mean + (p + e + x·st), rounded once: the value and its tail; where the mean plus p
    /// overflows, that infinity with tail 0.
    @inline(__always)
    private static func productAdded(_ product: Double, _ error: Double, _ x: Double, _ statistic: Statistic)
        -> (value: Double, tail: Double)
    {
        let productTail = error + x * statistic.tail
        let (sum, sumTail) = ErrorFree.sum(statistic.mean, product)
        let (value, tail) = ErrorFree.sum(sum, sumTail + productTail)
        return sum.isFinite ? (value, tail) : (sum, 0)
    }

    /// `max(sqrt(v), epsilon)` as a double-double `(s, tail)`: sqrt rounded, plus its exact
    /// residual `(v − s²) / 2s`; the comparison with epsilon uses both parts, so it decides
    /// `sqrt(v) < epsilon` exactly.
    static func deviation(_ variance: Double, epsilon: Double) -> (Double, Double) {
        // Below 2⁻⁹⁰⁰ the residual v − s² has bits under 2⁻¹⁰⁷⁴ and would round: it is taken
        // of v·2¹⁰⁰⁰ instead, whose root is s·2⁵⁰⁰ (s itself is at least 2⁻⁵³⁷, normal).
        let scale = variance < 0x1p-900 ? 0x1p500 : 1.0
        let scaled = variance * scale * scale
        let root = scaled.squareRoot()
        let tail = root > 0 ? scaled.addingProduct(-root, root) / (2 * root) : 0
        return clamp(root / scale, tail: tail / scale, epsilon: epsilon)
    }

    /// The same clamp in plain IEEE arithmetic, where NaN propagates like numpy's `maximum`.
    public static func plainDeviation(_ variance: Double, epsilon: Double) -> Double {
        clamp(variance.squareRoot(), tail: 0, epsilon: epsilon).0
    }

    /// The clamp itself, written once (call.eps-clamp): `max(root + tail, epsilon)` with NaN
    /// propagating; a root equal to epsilon whose exact value lies below it is clamped too.
    private static func clamp(_ root: Double, tail: Double, epsilon: Double) -> (Double, Double) {
        if root.isNaN { return (root, 0) }
        if root < epsilon || (root == epsilon && tail < 0) { return (epsilon, 0) }
        return (root, tail)
    }
}
