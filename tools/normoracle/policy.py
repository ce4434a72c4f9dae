"""The layer's dtype policy (SEMANTICS section 8, CORPUS-FORMAT 1.1 `dtype_policy`).

A policy names a compute dtype c (what call casts its operands to and returns in) and a
variable dtype v (what adapted statistics are stored in):
- float32 (the default, when the attribute is absent), float64, float16, bfloat16: c = v;
- mixed_float16, mixed_bfloat16: c is the name without "mixed_", v is float32
  (dtype.policy-variables).

Only formats narrower than float32 are rounded to. float32 and float64 policies are held in
float64, exactly as the default policy always was, and judged by the existing ulp bounds
(the float64 model of a float32 layer; dtype.float64-policy). Under float16 and bfloat16
compute dtypes the rounding of the operands changes results far beyond any tolerance
(eps becomes 2**-23 in float16, a mean of 70000 becomes inf), so there the oracle models
the rounding exactly and requires the golden values to be exactly the rounded result.
"""

import math

from . import dtypes

POLICIES = ("float32", "float64", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16")
NARROW = ("float16", "bfloat16")


class Policy:
    def __init__(self, name):
        if name not in POLICIES:
            raise ValueError(f"unknown dtype_policy '{name}' (CORPUS-FORMAT 1.1)")
        self.name = name
        self.compute = name.replace("mixed_", "")
        self.variable = "float32" if name.startswith("mixed_") else self.compute
        #: The format call rounds to, None when call is modelled in float64 (c >= float32).
        self.call_format = dtypes.FLOATS[self.compute] if self.compute in NARROW else None
        #: The format adapted statistics are rounded to, None when stored as float64 moments.
        self.stat_format = dtypes.FLOATS[self.variable] if self.variable in NARROW else None

    @property
    def rounds_call(self):
        return self.call_format is not None

    @property
    def rounds_statistics(self):
        return self.stat_format is not None

    def stored(self, exact_statistic):
        """An exact adapted moment as its variable holds it (dtype.policy-variables)."""
        return dtypes.round_to(self.stat_format, exact_statistic)

    def overflowed(self, exact_statistic):
        """The infinity a float32 variable holds for a statistic beyond float32's range, or
        None: within the range the golden is judged in float64 (dtype.policy-variables)."""
        if self.variable != "float32":
            return None
        held = dtypes.round_to(dtypes.FLOATS["float32"], exact_statistic)
        finite = not isinstance(exact_statistic, float) or math.isfinite(exact_statistic)
        return held if finite and math.isinf(held) else None

    def call_operand(self, value):
        """An input element or eps as call uses it: cast to c (dtype.input-cast; eps is a
        Python float meeting a compute-dtype tensor)."""
        return dtypes.round_to(self.call_format, value)

    def call_statistic(self, value):
        """A held mean or variance as call uses it (dtype.policy-call): Keras keeps supplied
        statistics as float32 tensors and mixed policies store float32 variables, and call
        casts those to c - so float32 first, then c (two roundings, as Keras does them)."""
        return dtypes.round_to(self.call_format, dtypes.round_to(dtypes.FLOAT32, value))

    def __repr__(self):
        return self.name
