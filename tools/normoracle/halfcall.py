"""The call formula under a float16 or bfloat16 compute dtype, evaluated exactly.

SEMANTICS dtype.policy-call with dtype.input-cast: the operands are cast to the compute
dtype c first - x' = c(x), m' = c(float32(mean)), v' = c(float32(variance)), eps' = c(eps) -
then s = max(sqrt(v'), eps') and y = (x' - m') / s (call.formula), or y = m' + x' * s
(call.invert), is evaluated exactly and rounded ONCE to c, overflow giving +-inf. The
golden output must be that value exactly: 0 ulps, NaN for NaN, the same infinity.

Why exactly and not to some precision: a result that lies on (or within 2**-600 of) a
midpoint between two values of c would be decided by the last bits, and with 11- or
8-bit significands ties are common (9961472 = 152 * 2**16 is one). So y is kept as an exact
real r + a * sqrt(V) with rationals r, a, V, and compared with any rational t exactly by
squaring (`Surd.compare`); dtypes.round_real uses only such comparisons to round it. The
700-bit mpmath value is just the starting guess. A perfect-square V (an exact root) needs
no special case: the comparison then finds the tie itself.

NaN and infinities follow IEEE rules (call.special-values): a NaN or infinite operand, or a
negative variance, takes the plain float64 IEEE route on the rounded operands - float64
holds every float16/bfloat16 value and the IEEE outcome (NaN, +-inf, +-0) does not depend
on the precision - and a huge finite mean in float16 is inf after the cast: 1 - inf = -inf,
c(70000) - inf = inf - inf = NaN.
"""

import math
from fractions import Fraction

import mpmath

from . import dtypes

mpmath.mp.prec = max(mpmath.mp.prec, 700)


def sign(q):
    return (q > 0) - (q < 0)


class Surd:
    """The exact real r + a * sqrt(V), with Fractions r, a and V >= 0."""

    def __init__(self, r, a=Fraction(0), V=Fraction(0)):
        self.r, self.a, self.V = Fraction(r), Fraction(a), Fraction(V)

    def compare(self, t):
        """sign(self - t), exactly: sign of (r - t) + a * sqrt(V)."""
        p = self.r - t
        q_sign = sign(self.a) if self.V != 0 else 0
        if q_sign == 0 or sign(p) == q_sign:
            return sign(p) if sign(p) != 0 else q_sign
        if p == 0:
            return q_sign
        # Opposite signs: the larger magnitude wins; compare p**2 with a**2 * V.
        d = p * p - self.a * self.a * self.V
        return sign(p) if d > 0 else q_sign if d < 0 else 0

    def approx(self):
        """A 700-bit approximation, only a starting guess for the rounding."""
        def mp(q):
            return mpmath.mpf(q.numerator) / q.denominator
        return mp(self.r) + mp(self.a) * mpmath.sqrt(mp(self.V))


def operands(policy, x, mean, variance, eps):
    """(x', m', v', eps') as float64 values of the compute dtype (dtype.policy-call)."""
    return (policy.call_operand(x), policy.call_statistic(mean),
            policy.call_statistic(variance), policy.call_operand(eps))


def ieee(x, m, v, eps, invert):
    """The formula in plain IEEE float64 on the rounded operands, only for NaN/inf outcomes.

    s = max(sqrt(v), eps) with a negative or NaN v giving NaN (numpy's maximum propagates
    NaN); x / 0 gives +-inf and 0 / 0 NaN, as IEEE division does.
    """
    if math.isnan(v) or v < 0:
        return math.nan
    s = max(math.sqrt(v), eps)
    if invert:
        return m + x * s  # 0 * inf = NaN, inf - inf = NaN, as IEEE
    d = x - m
    if s == 0:
        return math.nan if d == 0 or math.isnan(d) else math.copysign(math.inf, d)
    return d / s


def expected(policy, x, mean, variance, eps, invert):
    """The exact call output for one element under a narrow compute dtype, as a float."""
    fmt = policy.call_format
    xc, mc, vc, ec = operands(policy, x, mean, variance, eps)
    if not all(math.isfinite(t) for t in (xc, mc, vc)) or vc < 0:
        return dtypes.round_to(fmt, ieee(xc, mc, vc, ec, invert))
    X, M, V, E = (Fraction(t) for t in (xc, mc, vc, ec))
    # call.eps-clamp on the root, decided exactly: sqrt(v') <= eps' iff v' <= eps'**2.
    clamped = V <= E * E
    if clamped and E == 0:
        # s = 0 (an eps that underflows c, with v' = 0): IEEE division by zero.
        return dtypes.round_to(fmt, ieee(xc, mc, vc, ec, invert))
    if invert:
        y = Surd(M + X * E) if clamped else Surd(M, X, V)
    else:
        # (x' - m') / sqrt(V) = ((x' - m') / V) * sqrt(V); V > 0 here since V > E**2 >= 0.
        y = Surd((X - M) / E) if clamped else Surd(0, (X - M) / V, V)
    return dtypes.round_real(fmt, y.compare, y.approx())


def ulps(golden, value, fmt):
    """Distance of a golden output from the exact expectation, in ulps of fmt at `value`.

    0.0 when equal (NaN = NaN, +0 = -0, the same infinity), inf when one is NaN or infinite
    and the other is not, or the infinities differ. Any nonzero distance is a failure: the
    golden under a narrow compute dtype must be exactly the rounded value.
    """
    if math.isnan(value) or math.isnan(golden):
        return 0.0 if math.isnan(value) and math.isnan(golden) else math.inf
    if golden == value:
        return 0.0
    if not (math.isfinite(golden) and math.isfinite(value)):
        return math.inf
    v = Fraction(value)
    e = dtypes.floor_log2(abs(v)) if v != 0 else fmt.min_exp
    return float(abs(Fraction(golden) - v) / Fraction(2) ** fmt.spacing_exponent(e))
