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

        init(mean: Double, variance: Double, epsilon: Double) {
            self.mean = mean
            plain = plainDeviation(variance, epsilon: epsilon)
            let regular = mean.isFinite && variance.isFinite && variance >= 0
            (s, tail) = regular ? CallFormula.deviation(variance, epsilon: epsilon) : (.nan, .nan)
        }
    }

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
        // s = 0 (epsilon 0 and variance 0) divides by zero as IEEE does: ±inf, NaN where x = mean.
        guard difference.isFinite, difference != 0, s > 0 else { return (difference / s, 0) }
        // Where the common path does not hold (a tiny or huge quotient), d − q·s by one fused
        // multiply-add. It has bits under 2⁻¹⁰⁷⁴, and would round, only where d < 2⁻⁹⁰⁰ and
        // s < 2¹⁰⁰; there d, s and their tails are scaled by 2⁹⁰⁰ first, exactly and
        // without changing q.
        let scale = difference.magnitude < 0x1p-900 && s < 0x1p100 ? 0x1p900 : 1.0
        let (d, dt, scaledS, scaledTail) = (difference * scale, differenceTail * scale, s * scale, statistic.tail * scale)
        let quotient = d / scaledS
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
