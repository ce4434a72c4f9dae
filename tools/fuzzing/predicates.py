"""The predicates of the triage rules (rules.py): one function per mechanism, each taking
an evidence.Case and the backend name and answering whether the case shows that mechanism.
They inspect the case (policy, axis, steps, data) and the verdict (outcome, step, what Keras
raised or held), so that a disagreement with another cause stays untriaged.
"""

import math
import re

import numpy as np

from . import numerics as nx
from .checks import (ASSIGN_SHAPE, agree, accumulation_bound, failing_call, failing_stats_step,
                     held_statistics, keras_adapt_float32, last_adapt_before, reduced, stats_of, within_precision)

def _float64_produced_float32(case, op, what):
    """Under dtype='float64', the harness failed step `op` because Keras produced float32."""
    step = case.step
    return (case.policy == "float64" and case.outcome == "fail" and step is not None and step.op == op
            and case.result is not None and case.result.dtype == "float32"
            and f"{what} dtype float32, expected float64" in case.detail)


def float64_output_float32(case, backend):
    return _float64_produced_float32(case, "call", "output")


def _float64_statistics_in_float32(case, batched):
    step = failing_stats_step(case)
    if "statistics dtype" in case.detail:  # the variables' dtype decided: jax-float64-variables-float32
        return False
    if case.policy != "float64" or step is None or (step.batches is not None) != batched:
        return False
    if not batched and step.dtype not in (None, "float32"):
        return False
    gm, gv, em, ev = stats_of(step, case.results[step.index])
    if gm is None or em is None:
        return False
    # Keras' numbers are float32 values, within float32 arithmetic of the exact ones.
    return (nx.representable(gm, "float32") and nx.representable(gv, "float32")
            and bool(np.all(within_precision(gm, gv, em, ev, "float32"))))


def float64_array_adapt_float32(case, backend):
    return _float64_statistics_in_float32(case, batched=False)


def float64_stream_float32(case, backend):
    return _float64_statistics_in_float32(case, batched=True)


def half_array_adapt(case, backend):
    """np.mean/np.var of a float16/bfloat16 ndarray in that dtype (dtype.adapt-array)."""
    step = failing_stats_step(case)
    if "statistics dtype" in case.detail:  # the variables' dtype decided: jax-float64-variables-float32
        return False
    if step is None or step.data is None or step.dtype not in nx.HALF:
        return False
    gm, gv, em, ev = stats_of(step, case.results[step.index])
    if gm is None or em is None:
        return False
    rows = reduced(step.data, case)
    if rows is None:
        return False
    big = nx.largest(step.dtype)
    gm, gv, em, ev = np.broadcast_arrays(gm, gv, em, ev)
    for i in np.ndindex(gm.shape):
        if agree(gm[i], em[i], "float32")[()] and agree(gv[i], ev[i], "float32")[()]:
            continue
        row = rows[i]
        if np.all(np.isfinite([gm[i], gv[i], em[i], ev[i]])):
            bm, bv = accumulation_bound(row, step.dtype)
            if abs(gm[i] - em[i]) <= bm and abs(gv[i] - ev[i]) <= bv:
                continue
            return False
        # Only an overflow of the half-precision sum explains a special value here.
        spread = np.sum((row - np.mean(row)) ** 2)
        if not (np.sum(np.abs(row)) > big or spread > big):
            return False
    return True


def half_policy_stream(case, backend):
    """Each batch cast to a float16/bfloat16 compute dtype and its statistics computed there
    (dtype.adapt-stream)."""
    c = nx.compute_dtype(case.policy)
    step = failing_stats_step(case)
    if c not in nx.HALF or step is None or step.batches is None:
        return False
    gm, gv, em, ev = stats_of(step, case.results[step.index])
    if gm is None or em is None:
        return False
    rows = [reduced(b, case) for b in step.batches]
    magnitude = 0.0
    if rows and all(r is not None and r.shape[:-1] == np.shape(em) for r in rows):
        with np.errstate(all="ignore"):
            magnitude = np.max([np.abs(np.mean(r, axis=-1)) if r.shape[-1] else np.zeros(r.shape[:-1]) for r in rows], axis=0)
    ok = within_precision(gm, gv, em, ev, c, k=16.0, magnitude=magnitude)
    if np.all(ok):
        return True
    if any(r is None for r in rows):
        return False
    big = nx.largest(c)
    for i in (i for i in np.ndindex(ok.shape) if not ok[i]):
        # A special value needs a batch value or a batch's variance beyond the half range.
        if not (np.isnan(gv[i]) or np.isinf(gv[i]) or np.isinf(gm[i]) or np.isnan(gm[i])):
            return False
        cells = [r[i] for r in rows]
        if not any(nx.overflows(cell, c) or (cell.size and np.var(cell) > big) for cell in cells):
            return False
    return True


ADDV2 = re.compile(r"cannot compute AddV2 as input #1\(zero-based\) was expected to be a float tensor but is a (half|bfloat16|double) tensor")


def tensorflow_stream_not_float32(case, backend):
    """TF adds batch statistics of the compute dtype to float32 running totals: AddV2 refuses."""
    step, result = case.step, case.result
    if nx.compute_dtype(case.policy) == "float32" or step is None or step.op != "adapt" or step.batches is None:
        return False
    if result is None or result.exception != "InvalidArgumentError" or not ADDV2.search(result.message):
        return False
    # TF fails merging the first batch: before any later batch's shape check.
    return case.outcome == "unexpected-error" or (case.outcome == "wrong-error" and step.error == "adapt_batch_shape")


def tensorflow_biasadd_empty(case, backend):
    """keras' TF add() takes x2 = inputs·s for a bias when its dimensions > 1 are one."""
    step, result = case.step, case.result
    return (case.invert and case.outcome == "unexpected-error" and step is not None and step.op == "call"
            and 0 in step.input.shape and result is not None and result.exception == "InvalidArgumentError"
            and "BiasAdd" in result.message and "Biases must be 1D" in result.message)



def stream_first_batch_overflow(case, backend):
    """(M − M')²·w_a with w_a = 0 on the first batch: inf·0 = NaN (adapt.batches)."""
    if case.policy not in ("float32",):
        return False
    step = failing_stats_step(case)
    if step is None or step.batches is None or not step.batches:
        return False
    gm, gv, em, ev = stats_of(step, case.results[step.index])
    if gv is None or ev is None:
        return False
    first = reduced(step.batches[0], case)
    if first is None:
        return False
    bad = ~agree(gv, ev, "float32") & ~(np.isinf(gv) & (np.abs(ev) > nx.largest("float32")))
    if not np.any(bad):
        return False
    limit = math.sqrt(nx.largest("float32"))
    with np.errstate(all="ignore"):
        first_mean = np.mean(first.astype(np.float32), axis=-1, dtype=np.float64)
    return bool(np.all(np.isnan(gv[bad]) & ~np.isnan(ev[bad]) & (np.abs(first_mean[bad]) > limit)))



def intermediate_overflow(case, backend):
    """The call evaluated step by step in its compute dtype, where x − m (or x·s when
    inverting) overflows to ±inf though x, m and s are finite there."""
    step = failing_call(case)
    if step is None or "output dtype" in case.detail:  # a dtype verdict: float64-policy-float32-output
        return False
    adapt = last_adapt_before(case, step.index)
    if adapt is not None:
        got, exp = case.results[adapt.index].values, adapt.expected
        variable = nx.variable_dtype(case.policy)
        if any(k not in got or k not in exp or got[k].shape != exp[k].shape
               or not np.all(agree(got[k], exp[k], variable)) for k in ("mean", "variance")):
            return False  # the statistics Keras holds differ: the adapt rules decide
    held = held_statistics(case, step.index, "keras" if adapt is not None else "expected")
    if held is None:
        return False
    got, exp = case.result.values["output"], step.expected["output"]
    dtype = case.result.dtype if case.result.dtype in nx.DTYPES else nx.compute_dtype(case.policy)
    if dtype not in nx.DTYPES:
        return False
    bad = ~agree(got, exp, dtype)
    if not np.any(bad):
        return False
    t = nx.DTYPES[dtype]
    with np.errstate(all="ignore"):
        x, m, v = (np.broadcast_to(np.asarray(a, float).astype(t).astype(float), got.shape) for a in (step.input, *held))
        s = np.maximum(np.sqrt(v), float(t(case.epsilon)))
    operands = np.isfinite(x) & (np.isfinite(s) if case.invert else np.isfinite(m))
    for order in ("divide", "reciprocal") if backend == "jax" else ("divide",):
        y, middle = nx.call_steps(step.input, *held, case.epsilon, case.invert, dtype, order)
        if y.shape != got.shape:
            return False
        overflowed = ~np.isfinite(middle) & operands
        if np.all(overflowed[bad] & agree(got[bad], y[bad], dtype)):
            return True
    return False


def float32_accumulation_overflow(case, backend):
    """Statistics that are special where the exact ones are finite (or another special),
    exactly where Keras' float32 arithmetic (keras_adapt_float32) overflows."""
    step = failing_stats_step(case)
    if step is None or nx.compute_dtype(case.policy) not in ("float32", "float64"):
        return False
    if step.data is not None and step.dtype not in (None, "float32"):
        return False  # half data: half-array-adapt; float64/int data: numpy's float64 sums
    if step.batches is not None and stream_first_batch_overflow(case, backend):
        return False  # inf·0 of the first batch's weight: its own rule
    gm, gv, em, ev = stats_of(step, case.results[step.index])
    simulated = keras_adapt_float32(case, step)
    if gm is None or em is None or simulated is None:
        return False
    variable = nx.variable_dtype(case.policy)
    sm, sv = (nx.DTYPES[variable](np.asarray(a)).astype(float) for a in simulated)
    if np.shape(sm) != np.shape(gm):
        return False
    special = False
    for got, exp, sim in ((gm, em, sm), (gv, ev, sv)):
        bad = ~agree(got, exp, variable)
        overflow = bad & ~np.isfinite(got)
        if not np.all(agree(got[overflow], sim[overflow], variable)):
            return False
        special = special or bool(np.any(overflow))
    finite = ~(~np.isfinite(gm) | ~np.isfinite(gv))
    # The other elements: float32 arithmetic's rounding only.
    return special and bool(np.all(within_precision(gm[finite], gv[finite], em[finite], ev[finite], "float32")))


def flushes_subnormals(case, backend):
    """XLA and TensorFlow on CPU flush float32 subnormals to zero (inputs and results)."""
    step, result = case.step, case.result
    if case.outcome != "fail" or step is None or result is None or result.status != "ok":
        return False
    c = nx.compute_dtype(case.policy)
    if c != "float32":
        return False
    pairs = [(result.values.get(k), step.expected.get(k)) for k in ("output", "mean", "variance")]
    pairs = [(g, e) for g, e in pairs if g is not None and e is not None and g.shape == e.shape]
    tiny = float(nx.finfo("float32").smallest_normal)
    found = False
    for got, exp in pairs:
        bad = ~agree(got, exp, "float32")
        if not np.all((got[bad] == 0) & (exp[bad] != 0) & (np.abs(exp[bad]) < tiny)):
            return False
        found = found or bool(np.any(bad))
    return found


def jax_float64_variables(case, backend):
    return _float64_produced_float32(case, "adapt", "statistics")


def jax_half_reciprocal(case, backend):
    """XLA evaluates (x − m)/s as (x − m)·(1/s); in float16 1/s overflows for s < 2^-16."""
    c = nx.compute_dtype(case.policy)
    step = failing_call(case)
    if c != "float16" or step is None or case.invert:
        return False
    held = held_statistics(case, step.index, "expected")
    if held is None:
        return False
    t = nx.DTYPES[c]
    with np.errstate(all="ignore"):
        x, m, v = (np.asarray(a, float).astype(t) for a in (step.input, *held))
        s = np.maximum(np.sqrt(v), t(case.epsilon))
        reciprocal = np.asarray(t(1) / s)
        product = ((x - m) * reciprocal).astype(float)
    got, exp = case.result.values["output"], step.expected["output"]
    if product.shape != got.shape:
        return False
    bad = ~agree(got, exp, c)
    reciprocal = np.broadcast_to(reciprocal, got.shape)
    scale = np.broadcast_to(s, got.shape)
    # s > 0: a reciprocal that overflows, not a division by zero (epsilon 0, which the reference models).
    return bool(np.any(bad) and np.all(np.isinf(reciprocal[bad]) & (scale[bad] > 0))
                and np.all(agree(got[bad], product[bad], c)))
