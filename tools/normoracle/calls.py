"""The call formula evaluated to ~200 digits, and the distance of a golden output from it.

SEMANTICS call.formula: s = max(sqrt(variance), eps), y = (x - mean) / s;
call.invert: y = mean + x * s. The statistics here are the golden float64 values the layer
holds, so the only inexact operation is sqrt, which mpmath evaluates with 700 bits: its
error is ~2**-600 relative, invisible next to the 2**-52 a float64 ulp measures.

Tolerance (2 ulps), measured in ulps of the exact result's binade, except:
- invert: in ulps of |mean| + |x * s|. With mean and x*s of one sign this is |y| itself;
  with opposite signs the rounding of x*s is relative to |x*s|, not to |y|, and cancels
  badly near zero (SEMANTICS section 5: tens of ulps against a once-rounded result).
- normalise: x - mean is a single rounding of two exact operands, so its error is relative
  to the difference itself and cancellation costs nothing: y's own ulp is the honest unit.
  `lenient_normalise` (oracle --lenient-normalise) instead measures outputs where more than
  one bit cancels (|x - mean| < (|x| + |mean|) / 2) in ulps of (|x| + |mean|) / s, for a
  reference that evaluates the formula in some other order.
A float64 reference computing f64(f64(x - mean) / f64(sqrt v)) makes up to ~2.1 ulps
(three roundings; seen 2.08 on random data), so the bound can be widened (--output-ulps).
NaN and infinities follow IEEE rules and must match exactly (call.special-values).
Zero has no sign in the comparison: the exact result cannot give one.
"""

import math

import mpmath

from . import exact

mpmath.mp.prec = 700  # ~210 decimal digits

INF = float("inf")
#: Exact values at or past this round to infinity in float64 (halfway to 2**1024).
OVERFLOW = mpmath.mpf(2) ** 1024 - mpmath.mpf(2) ** 970
TOLERANCE = 2.0


class Statistic:
    """One (mean, variance) pair as held by the layer, prepared once for many inputs."""

    def __init__(self, mean, variance, eps, invert, lenient_normalise=False):
        self.mean, self.variance, self.eps, self.invert = mean, variance, eps, invert
        self.lenient_normalise = lenient_normalise
        self.s_float = ieee_scale(variance, eps)
        self.exact = (
            math.isfinite(mean) and math.isfinite(self.s_float) and self.s_float > 0
        )
        if self.exact:
            self.m = mpmath.mpf(mean)
            self.s = exact_scale(variance, eps)


def ieee_scale(variance, eps):
    """s = max(sqrt(v), eps) in IEEE float64: NaN for negative or NaN v (call.special-values)."""
    if math.isnan(variance) or variance < 0:
        return math.nan
    return max(math.sqrt(variance), eps)


def exact_scale(variance, eps):
    """s = max(sqrt(v), eps) to 700 bits; the clamp is on the root (call.eps-clamp).

    The comparison is made exactly (v <= eps**2 as rationals), so the clamp never depends on
    how sqrt rounds.
    """
    if exact.Fraction(variance) <= exact.Fraction(eps) ** 2:
        return mpmath.mpf(eps)
    return mpmath.sqrt(mpmath.mpf(variance))


def ieee_output(x, stat):
    """The output computed with float64 IEEE arithmetic, used only where NaN/inf appear."""
    s = stat.s_float
    if stat.invert:
        return stat.mean + x * s
    d = x - stat.mean
    if s == 0:
        return math.nan if d == 0 or math.isnan(d) else math.copysign(INF, d)
    return d / s


def ulp_of(y):
    """One float64 ulp at |y| (an mpf), using the exact value's binade (2**-1074 at 0)."""
    if y == 0:
        return mpmath.ldexp(1, exact.MIN_NORMAL_EXP - exact.MANTISSA_BITS)
    _, e = mpmath.frexp(y)  # |y| = f * 2**e with 0.5 <= f < 1
    return mpmath.ldexp(1, max(e - 1, exact.MIN_NORMAL_EXP) - exact.MANTISSA_BITS)


def special_error(golden, expected):
    """0 when golden equals an IEEE-computed expectation (NaN = NaN, +0 = -0), else inf."""
    if math.isnan(expected):
        return 0.0 if math.isnan(golden) else INF
    return 0.0 if golden == expected else INF


def output_error(golden, x, stat):
    """Error of one golden output in ulps (see the module docstring); inf on mismatch."""
    needs_ieee = not (stat.exact and math.isfinite(x))
    if not needs_ieee:
        # An intermediate that overflows float64 makes the reference's result infinite
        # (call.special-values: overflow of x - mean gives +-inf).
        inter = x * stat.s_float if stat.invert else x - stat.mean
        needs_ieee = math.isinf(inter)
    if needs_ieee:
        return special_error(golden, ieee_output(x, stat))
    xm = mpmath.mpf(x)
    if stat.invert:
        xs = xm * stat.s
        y = stat.m + xs
        unit = abs(stat.m) + abs(xs)
    else:
        d = xm - stat.m
        y = d / stat.s
        magnitude = abs(xm) + abs(stat.m)
        cancels = stat.lenient_normalise and 2 * abs(d) < magnitude
        unit = magnitude / stat.s if cancels else abs(y)
    if abs(y) >= OVERFLOW:
        return special_error(golden, INF if y > 0 else -INF)
    if not math.isfinite(golden):
        return INF
    return float(abs(mpmath.mpf(golden) - y) / ulp_of(unit))
