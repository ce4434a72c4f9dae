"""Exact arithmetic for the oracle: moments as rationals, rounding and ulp distances.

Why this file exists: the oracle must not trust any floating-point reduction (NumPy's or
Swift's), so every statistic is computed as an exact rational. A float64 is a dyadic
rational p / 2**k, so a whole column can be put over one common power of two and summed
as Python ints, which is exact and far faster than adding Fractions one by one.

Values that are NaN or infinite cannot be rationals; they travel as Python floats and
follow IEEE rules (SEMANTICS adapt.empty-array, adapt.degenerate, call.special-values).
So a "number" here is either a `Fraction` (finite, exact) or a non-finite `float`.
"""

import math
from fractions import Fraction

NAN = float("nan")
INF = float("inf")

#: One float64 ulp at 1.0 is 2**-52; the smallest subnormal is 2**-1074.
MANTISSA_BITS = 52
MIN_NORMAL_EXP = -1022


def is_special(q):
    """True for the non-finite floats that stand in for NaN/inf in exact computations."""
    return isinstance(q, float) and not math.isfinite(q)


def moments(values):
    """Exact mean and population variance (ddof 0) of a list of Python floats.

    SEMANTICS adapt.moments. Empty input gives NaN, NaN (adapt.empty-array). A NaN, or both
    infinities, give NaN, NaN; infinities of one sign give that infinity and a NaN variance
    (adapt.degenerate) - exactly what NumPy's IEEE arithmetic produces.
    """
    n = len(values)
    if n == 0:
        return NAN, NAN
    specials = [v for v in values if not math.isfinite(v)]
    if specials:
        if any(math.isnan(v) for v in specials) or len(set(specials)) > 1:
            return NAN, NAN
        return specials[0], NAN
    pairs = [v.as_integer_ratio() for v in values]
    # Denominators are powers of two: put everything over the largest one.
    shift = max(d for _, d in pairs).bit_length() - 1
    scaled = [p << (shift - (d.bit_length() - 1)) for p, d in pairs]
    s1 = sum(scaled)
    s2 = sum(t * t for t in scaled)
    mean = Fraction(s1, n << shift)
    variance = Fraction(n * s2 - s1 * s1, (n * n) << (2 * shift))
    return mean, variance


def merge(total, batch):
    """One step of the running merge of SEMANTICS adapt.batches, in exact rationals.

    `total` and `batch` are (mean, variance, count); returns the new total. With no
    reduced axis the caller passes count 1 per batch (adapt.batches: each batch is one
    sample). IEEE rules take over as soon as a NaN/inf is involved.
    """
    m_a, v_a, n_a = total
    m_b, v_b, n_b = batch
    n = n_a + n_b
    if n == 0:
        # Keras divides 0/0 here (a Python ZeroDivisionError); no statistics exist.
        return NAN, NAN, n
    w_b = Fraction(n_b, n)
    w_a = 1 - w_b
    if any(is_special(q) for q in (m_a, v_a, m_b, v_b)):
        m_a, v_a, m_b, v_b = (float(q) for q in (m_a, v_a, m_b, v_b))
        w_a, w_b = float(w_a), float(w_b)
    m_new = m_a * w_a + m_b * w_b
    d_a, d_b = m_a - m_new, m_b - m_new
    v_new = (v_a + d_a * d_a) * w_a + (v_b + d_b * d_b) * w_b
    return m_new, v_new, n


def round_float64(q):
    """Nearest float64 to q (ties to even), +-inf past the largest finite value.

    CPython's int / int true division is correctly rounded, so this is exact rounding.
    """
    if isinstance(q, float):
        return q
    try:
        return q.numerator / q.denominator
    except OverflowError:
        return INF if q > 0 else -INF


def ulp_exponent(q):
    """e such that 2**e is one float64 ulp at |q| (a Fraction): the binade's spacing.

    Uses the exact value's binade, not the binade of its rounding, so a value just below a
    power of two is measured in the smaller ulp. Zero and subnormals get 2**-1074.
    """
    n, d = abs(q.numerator), q.denominator
    if n == 0:
        return MIN_NORMAL_EXP - MANTISSA_BITS
    e = n.bit_length() - d.bit_length()
    if (n << max(-e, 0)) < (d << max(e, 0)):
        e -= 1
    return max(e, MIN_NORMAL_EXP) - MANTISSA_BITS


def is_rounding_of(golden, exact):
    """Whether golden is exact rounded to nearest float64, ties to even (NaN meets NaN; zero
    has no sign here)."""
    rounded = round_float64(exact)  # NaN and ±inf stand for themselves
    return golden == rounded or (math.isnan(golden) and math.isnan(rounded))


def stat_error(golden, exact):
    """Distance in ulps (of the exact value) from a golden float64 to an exact statistic.

    NaN must meet NaN and an infinity the same infinity (error 0, else inf). An exact value
    that rounds past the float64 range must be golden +-inf. Zero has no sign here.
    """
    if is_special(exact):
        same = (math.isnan(golden) and math.isnan(exact)) or golden == exact
        return 0.0 if same else INF
    rounded = round_float64(exact)
    if math.isinf(rounded):
        return 0.0 if golden == rounded else INF
    if not math.isfinite(golden):
        return INF
    diff = abs(Fraction(golden) - exact)
    return float(diff / Fraction(2) ** ulp_exponent(exact))
