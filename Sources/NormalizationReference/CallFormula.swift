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
        /// |mean|/2, for `normalizeNearMean`: a computed x − mean under it in magnitude means
        /// the exact one is too (rounding is monotonic and reach a double), so x lies within a
        /// factor 2 of the mean, where x − mean is exact (Sterbenz). 0 — no x passes — unless
        /// the mean is offset (`reach(mean:s:reciprocal:)`: |mean| ≥ 16s among others), where
        /// that path's reasoning holds; then x passes up to 8s from the mean.
        let reach: Double

        init(mean: Double, variance: Double, epsilon: Double) {
            self.mean = mean
            plain = plainDeviation(variance, epsilon: epsilon)
            let regular = mean.isFinite && variance.isFinite && variance >= 0
            (s, tail) = regular ? CallFormula.deviation(variance, epsilon: epsilon) : (.nan, .nan)
            (reciprocal, reciprocalTail) = CallFormula.reciprocal(s: s, tail: tail, mean: mean)
            reach = CallFormula.reach(mean: mean, s: s, reciprocal: reciprocal)
        }

        /// Whether `normalizeNearMean` can certify anything for this statistic.
        var isOffset: Bool { reach > 0 }
    }

    /// `Statistic.reach`: |mean|/2 where the mean is offset, else 0. Offset: the reciprocal
    /// holds, 16s ≤ |mean| < 2¹⁰²⁰s, and |mean| ≥ 2⁻⁹⁶⁰ (see `normalizeNearMean`).
    private static func reach(mean: Double, s: Double, reciprocal: Double) -> Double {
        let offset = !reciprocal.isNaN && mean.magnitude >= 16 * s && mean.magnitude * 0x1p-1020 < s && mean.magnitude >= 0x1p-960
        return offset ? mean.magnitude / 2 : 0
    }

    /// 1 / (s + tail) as a 26-bit head and a tail: 1/s rounded, its residual 1 − r·s exact by
    /// one fused multiply-add, then the bits of r below the head moved to the tail. NaN where
    /// s or the mean lies outside the range `normalizeCertified` needs.
    private static func reciprocal(s: Double, tail: Double, mean: Double) -> (Double, Double) {
        guard s >= 0x1p-990 && s <= 0x1p990 && mean.magnitude < 0x1p994 else { return (.nan, .nan) }
        let rounded = 1 / s
        let roundedTail = ((1.0).addingProduct(-rounded, s) - rounded * tail) / s
        let head = ErrorFree.head(rounded)
        return (head, (rounded - head) + roundedTail)
    }

    /// `normalize`'s float64 value, or NaN where this path cannot prove it; used where
    /// nothing but the float64 value is needed. No division: with d + dt = x − mean exactly
    /// (TwoSum), d = h + l (h its 26-bit head) and 1/s as `reciprocal` + `reciprocalTail` (R₁
    /// + R₂), the quotient is h·R₁ + ((l + dt)·R₁ + d·R₂) within 2⁻⁷⁵ of it: h·R₁ is exact,
    /// and the rest is 2⁻²⁴ of the value, so its roundings and the terms it leaves out are
    /// that small. Fast2Sum gives value + tail exactly, and `roundsSurely` decides. NaN where
    /// it cannot (about one element in 2¹⁷); for a subnormal d, whose head is not its leading
    /// 26 bits; below 2⁻⁹⁰⁰ (where products could underflow; x = mean among them, whose zero's
    /// sign the formula keeps); from 2¹⁰²³, where d/s — within 2⁻⁵² of the quotient — may
    /// overflow, and the formula then gives ±inf as IEEE division does; and for a NaN or
    /// ±inf, which every overflow of these operations also becomes (the mean, checked once,
    /// is below 2⁹⁹⁴). The value goes through `marked`.
    @inline(__always)
    static func normalizeCertified(_ x: Double, mean: Double, reciprocal: Double, reciprocalTail: Double, marks: inout UInt64) -> Double {
        let (difference, differenceTail) = ErrorFree.sum(x, -mean)
        let head = ErrorFree.head(difference)
        let rest = ((difference - head) + differenceTail) * reciprocal + difference * reciprocalTail
        let (value, tail) = ErrorFree.fastSum(head * reciprocal, rest)
        let holds = roundsSurely(value, tail) && value.magnitude >= 0x1p-900 && value.magnitude < 0x1p1023
            && difference.magnitude >= .leastNormalMagnitude
        return marked(value, unless: holds, marks: &marks)
    }

    /// `normalizeCertified` for an x near an offset mean (|x − mean| under `reach`, see
    /// `Statistic`): there x − mean is exact, so the TwoSum and its term drop out — half the
    /// additions. A nonzero d is at least 2⁻⁵⁴ of the mean, so it is normal (the mean is at
    /// least 2⁻⁹⁶⁰) and the quotient at least 2⁻⁵⁰ (the mean is 16s or more): nothing
    /// underflows; the quotient stays under 2¹⁰¹⁹ (the mean is under 2¹⁰²⁰s): nothing
    /// overflows; and x = mean gives d = +0 and the quotient +0, the formula's zero. NaN for
    /// any other x (NaN and ±inf among them) and where the test cannot decide.
    @inline(__always)
    static func normalizeNearMean(_ x: Double, mean: Double, reciprocal: Double, reciprocalTail: Double, reach: Double,
                                  marks: inout UInt64) -> Double
    {
        let difference = x - mean
        let head = ErrorFree.head(difference)
        let rest = (difference - head) * reciprocal + difference * reciprocalTail
        let (value, tail) = ErrorFree.fastSum(head * reciprocal, rest)
        let holds = roundsSurely(value, tail) && difference.magnitude < reach
        return marked(value, unless: holds, marks: &marks)
    }

    /// Ziv's rounding test (as in CRlibm), for value + tail from Fast2Sum within 2⁻⁷⁵ of the
    /// exact quotient: where value + tail·(1 + 2⁻¹⁸) still rounds to value, |tail| lies about
    /// 2⁻⁷³ of value inside the half-gap to value's neighbour on tail's side (below a power of
    /// two that gap is half as wide, and the addition knows it), more than the error, so the
    /// exact quotient — and the double-double one `normalize` rounds, within 2⁻¹⁰⁰ of it —
    /// lie strictly inside value's rounding interval and round to value, bit for bit.
    @inline(__always)
    private static func roundsSurely(_ value: Double, _ tail: Double) -> Bool {
        value + tail * (1 + 0x1p-18) == value
    }

    /// `value`, or NaN (every bit set) where it does not hold, with the mark ORed into
    /// `marks`: a loop of these learns whether any element needs the general formula without
    /// a second pass or a branch.
    @inline(__always)
    private static func marked(_ value: Double, unless holds: Bool, marks: inout UInt64) -> Double {
        let mark: UInt64 = holds ? 0 : ~0
        marks |= mark
        return Double(bitPattern: value.bitPattern | mark)
    }

    /// The fast paths for one statistic, NaN where they hand over (tests; the call's loops
    /// read the operands column by column instead).
    static func normalizeCertified(_ x: Double, _ statistic: Statistic) -> Double {
        var marks: UInt64 = 0
        return normalizeCertified(x, mean: statistic.mean, reciprocal: statistic.reciprocal, reciprocalTail: statistic.reciprocalTail,
                                  marks: &marks)
    }

    static func normalizeNearMean(_ x: Double, _ statistic: Statistic) -> Double {
        var marks: UInt64 = 0
        return normalizeNearMean(x, mean: statistic.mean, reciprocal: statistic.reciprocal, reciprocalTail: statistic.reciprocalTail,
                                 reach: statistic.reach, marks: &marks)
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

    /// `denormalize`'s float64 value where the common path holds, else NaN.
    @inline(__always)
    static func denormalizeCertified(_ x: Double, _ statistic: Statistic, marks: inout UInt64) -> Double {
        let attempt = denormalizeCommonly(x, statistic)
        return marked(attempt.value, unless: attempt.holds, marks: &marks)
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
