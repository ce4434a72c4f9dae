"""The few numeric facts the triage rules reason with: dtypes, ulps, the layer's axes.

Everything here is what SEMANTICS states (sections 1-3 and 8), restated for NumPy arrays
so that a rule can recompute what Keras should have held or returned from what it did hold.
"""

import math

import ml_dtypes
import numpy as np

from normoracle.policy import Policy

DTYPES = {"float16": np.float16, "bfloat16": ml_dtypes.bfloat16, "float32": np.float32, "float64": np.float64}
HALF = ("float16", "bfloat16")


def compute_dtype(policy):
    """SEMANTICS 8: the dtype call computes in (the oracle's Policy states the rule)."""
    return Policy(policy).compute


def variable_dtype(policy):
    """SEMANTICS dtype.policy-variables: the dtype adapted statistics are stored in."""
    return Policy(policy).variable


def finfo(name):
    return ml_dtypes.finfo(DTYPES[name]) if name == "bfloat16" else np.finfo(DTYPES[name])


def largest(name):
    return float(finfo(name).max)


def ulp(value, name):
    """The spacing of dtype `name` at |value| (its smallest subnormal spacing near 0)."""
    info = finfo(name)
    value = abs(float(value))
    if not math.isfinite(value):
        return math.inf
    tiny = float(info.smallest_normal)
    exponent = math.frexp(max(value, tiny))[1] - 1
    return 2.0 ** (exponent - info.nmant)


def representable(values, name):
    """True when every finite value is exactly a value of dtype `name`."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    with np.errstate(over="ignore"):
        return bool(np.all(finite.astype(DTYPES[name]).astype(np.float64) == finite))


def overflows(values, name):
    """True when some finite value rounds to ±inf in dtype `name`."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    with np.errstate(over="ignore"):
        return bool(np.any(np.isinf(finite.astype(DTYPES[name]))))


def axis_entries(axis):
    """The axis argument as a list of entries (SEMANTICS axis.normalise), None when invalid."""
    entries = [] if axis is None else [axis] if isinstance(axis, (int, float)) else axis
    return entries if isinstance(entries, list) else None


def is_integer(entry):
    return isinstance(entry, int) and not isinstance(entry, bool)


def kept_axes(axis, ndim):
    """SEMANTICS build.sort: the entries made non-negative, sorted, duplicates kept; None when
    the axis is not a valid list of in-range integers."""
    entries = axis_entries(axis)
    if entries is None or not all(is_integer(a) and -ndim <= a < ndim for a in entries):
        return None
    return sorted(a + ndim if a < 0 else a for a in entries)


def reduce_axes(kept, ndim):
    return tuple(d for d in range(ndim) if d not in kept)


def layer_ndim(case):
    """The rank the layer was built for: the first build, adapt or call that fixes it."""
    for step in case.steps:
        if step.op == "build" and step.input_shape is not None:
            return len(step.input_shape)
        if step.op in ("adapt", "call") and step.arrays:
            return step.arrays[0].ndim
    return None


def broadcast_statistic(stat, case):
    """A statistic in the statistics shape (SEMANTICS build.shapes) reshaped to the broadcast
    shape, for re-evaluating the call formula; None when the layer's axes are not plain."""
    ndim = layer_ndim(case)
    kept = kept_axes(case.axis, ndim) if ndim is not None else None
    if kept is None or len(set(kept)) != len(kept):
        return None
    stat = np.asarray(stat, dtype=np.float64)
    if stat.ndim != len(kept):
        return None
    shape = [1] * ndim
    for position, d in enumerate(kept):
        shape[d] = stat.shape[position]
    return stat.reshape(shape)


def call_formula(x, mean, variance, eps, invert, dtype="float32", order="divide"):
    """SEMANTICS call.formula / call.invert evaluated step by step in `dtype` with IEEE
    specials: `order` "divide" is (x − m) / s (numpy, TensorFlow), "reciprocal" is
    (x − m) · (1/s) (XLA's rewrite on jax). Invert is m + x·s in both."""
    return call_steps(x, mean, variance, eps, invert, dtype, order)[0]


def call_steps(x, mean, variance, eps, invert, dtype="float32", order="divide"):
    """(output, intermediate) of `call_formula`: the intermediate is x − m when normalising
    and x·s when inverting, each rounded to `dtype` — where a step-by-step evaluation can
    overflow though the formula's exact value is in range."""
    t = DTYPES[dtype]
    with np.errstate(all="ignore"):
        x, m, v = (np.asarray(a, dtype=np.float64).astype(t) for a in (x, mean, variance))
        s = np.maximum(np.sqrt(v), t(eps))
        if invert:
            middle = x * s
            y = m + middle
        else:
            middle = x - m
            y = middle / s if order == "divide" else middle * (t(1) / s)
        middle, y = np.broadcast_arrays(middle, y)
    return np.asarray(y, dtype=np.float64), np.asarray(middle, dtype=np.float64)
