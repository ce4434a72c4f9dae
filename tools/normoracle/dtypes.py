"""The dtypes of SEMANTICS section 8 and exact rounding to the floating ones.

Why this file exists: under the float16 and bfloat16 policies every operand and every
result is rounded to a narrow format (dtype.input-cast, dtype.policy-call,
dtype.policy-variables), and the golden values must then be *exactly* the rounded value.
So the rounding itself must be beyond doubt: it is written out here on exact values
(Fractions, or any exact real that can be compared with a rational), with integer
arithmetic only. It deliberately uses no NumPy cast and no float16/float32 conversion, so
it cannot share a bug with the library routes the reference or Keras take.

Rounding is IEEE 754 round-to-nearest, ties to even, with gradual underflow (subnormals)
and overflow: a magnitude at or past the greatest finite value plus half an ulp becomes
infinite (float16: 65520 -> inf, 65519.99 -> 65504). NaN and +-inf are kept. A negative
value that underflows keeps its sign (-0.0), as IEEE underflow does.

A rounded result is returned as a Python float: every value of every format here is a
float64 value, so nothing is lost.
"""

import math
from fractions import Fraction

import mpmath

NAN = float("nan")
INF = float("inf")


class Format:
    """An IEEE binary format: significand bits (implicit one included), normal exponents."""

    def __init__(self, name, precision, min_exp, max_exp):
        self.name = name
        self.precision = precision
        self.min_exp = min_exp
        self.max_exp = max_exp
        #: (2 - 2**(1-p)) * 2**emax, e.g. 65504 for float16.
        self.greatest = (2 - Fraction(2) ** (1 - precision)) * Fraction(2) ** max_exp
        #: Magnitudes at or past greatest + half an ulp round to infinity (65520 for float16).
        self.overflow = (2 - Fraction(2) ** -precision) * Fraction(2) ** max_exp

    def spacing_exponent(self, e):
        """log2 of the spacing of values in the binade [2**e, 2**(e+1)); subnormals share emin's."""
        return max(e, self.min_exp) - (self.precision - 1)

    def __repr__(self):
        return self.name


FLOAT16 = Format("float16", 11, -14, 15)  # subnormals down to 2**-24
BFLOAT16 = Format("bfloat16", 8, -126, 127)  # subnormals down to 2**-133
FLOAT32 = Format("float32", 24, -126, 127)
FLOAT64 = Format("float64", 53, -1022, 1023)

FLOATS = {f.name: f for f in (FLOAT16, BFLOAT16, FLOAT32, FLOAT64)}
#: Integer dtypes (CORPUS-FORMAT 1.1 input_dtype/data_dtype): inclusive value ranges.
INTEGERS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1), "uint8": (0, 255),
            "bool": (0, 1)}
DTYPES = tuple(FLOATS) + tuple(INTEGERS)


def sign(q):
    return (q > 0) - (q < 0)


def floor_log2(q):
    """floor(log2(q)) of a positive Fraction, exactly."""
    n, d = q.numerator, q.denominator
    e = n.bit_length() - d.bit_length()
    # Now 2**(e-1) < q < 2**(e+1); one comparison settles which side of 2**e it is.
    if (n << max(-e, 0)) < (d << max(e, 0)):
        e -= 1
    return e


def round_to(fmt, value):
    """`value` (a Fraction, an int, a float, or NaN/+-inf) rounded to `fmt`, as a float.

    Exact: the comparisons that decide the result are made on rationals.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        if value == 0:
            return value  # keeps the sign of zero
    q = Fraction(value)
    return round_real(fmt, lambda t: sign(q - t), q)


def round_real(fmt, compare, approx):
    """The exact real y rounded to `fmt`, given only `compare(t) = sign(y - t)` for Fractions t
    and an approximation `approx` of y (a Fraction or an mpmath mpf).

    This is what lets the call result (which involves a square root) be rounded exactly
    (dtype.policy-call): `approx` only gives a starting guess for the binade and the
    significand; every decision - binade, truncated significand, which side of the midpoint,
    and a tie - is settled by `compare`, which the caller makes exact. A wrong guess costs
    a few more comparisons, never a wrong result.
    """
    s = compare(Fraction(0))
    if s == 0:
        return 0.0

    def above(t):
        """sign(|y| - t) for t >= 0."""
        return s * compare(s * t)

    negative = s < 0
    if above(fmt.overflow) >= 0:
        return -INF if negative else INF
    magnitude = abs(approx)
    # The binade: 2**e <= |y| < 2**(e+1), or e = emin for anything below the normal range.
    if isinstance(magnitude, Fraction):
        e = floor_log2(magnitude) if magnitude > 0 else fmt.min_exp
    else:
        e = mpmath.frexp(magnitude)[1] - 1 if magnitude > 0 else fmt.min_exp
    e = min(max(e, fmt.min_exp), fmt.max_exp)
    while e > fmt.min_exp and above(Fraction(2) ** e) < 0:
        e -= 1
    while e < fmt.max_exp and above(Fraction(2) ** (e + 1)) >= 0:
        e += 1
    unit = Fraction(2) ** fmt.spacing_exponent(e)
    # The truncated significand k: k * unit <= |y| < (k + 1) * unit.
    if isinstance(magnitude, Fraction):
        k = math.floor(magnitude / unit)
    else:
        k = int(mpmath.floor(magnitude / mpmath.mpf(unit.numerator) * unit.denominator))
    while k > 0 and above(k * unit) < 0:
        k -= 1
    while above((k + 1) * unit) >= 0:
        k += 1
    # Nearest, ties to even. |y| < overflow, so k * unit stays finite (at most `greatest`).
    middle = above((k + Fraction(1, 2)) * unit)
    if middle > 0 or (middle == 0 and k % 2 == 1):
        k += 1
    result = float(k * unit)  # exact: a value of fmt is a float64 value
    return -result if negative else result  # -0.0 for a negative value that underflows


def represents(dtype, value):
    """Whether the float64 `value` is exactly a value of `dtype` (CORPUS-FORMAT 1.1:
    input_dtype/data_dtype values are exact in their dtype). NaN and +-inf count as values of
    every floating dtype, never of an integer one; bool holds 0 and 1.
    """
    if dtype in FLOATS:
        if not math.isfinite(value):
            return True
        return round_to(FLOATS[dtype], value) == value
    low, high = INTEGERS[dtype]
    return math.isfinite(value) and value == math.floor(value) and low <= value <= high
