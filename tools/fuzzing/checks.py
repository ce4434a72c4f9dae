"""What a triage rule can establish about one case (evidence.Case): which step the verdict
is about, whether values agree within ulps or within the rounding of a dtype's arithmetic,
the statistics the layer holds at a call, and Keras' own float32 adapt recomputed.

SEMANTICS clauses named in the docstrings; the rules themselves are in rules.py, their
predicates in predicates.py.
"""

import math
import warnings

import numpy as np

from . import numerics as nx

def failing_stats_step(case):
    """The adapt step whose statistics the verdict is about, else None: the verdict's own
    adapt step, or — when the verdict is a call — the adapt before it, provided Keras'
    statistics there differ from the reference's and Keras' output is the call formula
    applied to the statistics Keras holds (the call only carries the adapt's deviation)."""
    step, result = case.step, case.result
    if case.outcome != "fail" or step is None or result is None or result.status != "ok":
        return None
    if step.op == "adapt":
        return step
    return adapt_behind_call(case)


def adapt_behind_call(case):
    step = failing_call(case)
    if step is None:
        return None
    adapt = last_adapt_before(case, step.index)
    if adapt is None or case.results[adapt.index].status != "ok":
        return None
    got, exp = case.results[adapt.index].values, adapt.expected
    if any(k not in got or k not in exp or got[k].shape != exp[k].shape for k in ("mean", "variance")):
        return None
    if all(np.array_equal(got[k], exp[k], equal_nan=True) for k in ("mean", "variance")):
        return None  # the same statistics: the call's disagreement is the call's own
    held = held_statistics(case, step.index, "keras")
    if held is None or not call_explained(case, step, held):
        return None
    return adapt


def call_explained(case, step, held, orders=("divide", "reciprocal")):
    """Keras' output at call `step` is the formula on `held` statistics, evaluated in the
    dtype Keras produced, within 4 ulps or the same special value, in one of `orders`."""
    output = case.result.values["output"]
    dtype = case.result.dtype if case.result.dtype in nx.DTYPES else nx.compute_dtype(case.policy)
    dtype = dtype if dtype in nx.DTYPES else "float32"
    for order in orders:
        again = nx.call_formula(step.input, *held, case.epsilon, case.invert, dtype, order)
        if again.shape == output.shape and np.all(agree(output, again, dtype)):
            return True
    return False


def failing_call(case):
    step, result = case.step, case.result
    if case.outcome != "fail" or step is None or step.op != "call" or result is None or result.status != "ok":
        return None
    if "output" not in step.expected or "output" not in result.values:
        return None
    if step.expected["output"].shape != result.values["output"].shape:
        return None
    return step


def agree(got, expected, dtype, ulps=4):
    """Element-wise: the same special value, or finite values within `ulps` of `dtype`."""
    got, expected = np.broadcast_arrays(np.asarray(got, float), np.asarray(expected, float))
    same_special = (np.isnan(got) & np.isnan(expected)) | (np.isinf(got) & (got == expected))
    spacing = np.vectorize(lambda e: nx.ulp(e, dtype), otypes=[float])(expected) if expected.size else expected
    with np.errstate(invalid="ignore"):
        close = np.isfinite(got) & np.isfinite(expected) & (np.abs(got - expected) <= ulps * spacing)
    return same_special | close


def precision_bound(mean, variance, dtype, k=8.0, magnitude=0.0):
    """How far statistics computed with `dtype` arithmetic (operands and batch statistics
    rounded to it) may be from the exact ones: k ulps of the mean; for the variance k ulps
    of it plus the cross term of rounded deviations, 2·sqrt(V)·ulp(|M| + sqrt(V)), plus a
    rounded mean's square. `magnitude` (the largest |batch mean|) replaces |M| when larger:
    a mean that cancels to near 0 still carries the rounding of the means it averages."""
    m, v = max(abs(float(mean)), float(magnitude)), abs(float(variance))
    root = math.sqrt(v)
    mean_bound = k * nx.ulp(m, dtype)
    var_bound = k * (nx.ulp(v, dtype) + 2 * root * nx.ulp(m + root, dtype) + nx.ulp(m, dtype) ** 2)
    return mean_bound, var_bound


def within_precision(got_mean, got_var, exp_mean, exp_var, dtype, k=8.0, magnitude=0.0):
    """Element-wise: Keras' statistics within `precision_bound` of the exact ones (finite), or
    the same special value."""
    gm, gv, em, ev, mag = np.broadcast_arrays(*(np.asarray(a, float) for a in (got_mean, got_var, exp_mean, exp_var, magnitude)))
    ok = np.zeros(gm.shape, bool)
    for i in np.ndindex(gm.shape):
        if not (math.isfinite(em[i]) and math.isfinite(ev[i])):
            ok[i] = agree(gm[i], em[i], dtype)[()] and agree(gv[i], ev[i], dtype)[()]
            continue
        bm, bv = precision_bound(em[i], ev[i], dtype, k, mag[i] if math.isfinite(mag[i]) else 0.0)
        ok[i] = abs(gm[i] - em[i]) <= bm and abs(gv[i] - ev[i]) <= bv
    return ok


def accumulation_bound(cell, dtype):
    """How far a mean and population variance summed in `dtype` over the values of `cell`
    may be from the exact ones (Higham's recursive-summation bound, doubled): with u the
    unit roundoff, n values, A = max|x| and D = max|x - mean|: mean ±2·n·u·A, variance
    ±2·(n·u·D² + 2·D·δm + δm²) where δm is the mean's bound."""
    cell = np.asarray(cell, float).ravel()
    if cell.size == 0 or not np.all(np.isfinite(cell)):
        return 0.0, 0.0
    u = 2.0 ** -(nx.finfo(dtype).nmant + 1)
    n, mean = cell.size, float(np.mean(cell))
    a, d = float(np.max(np.abs(cell))), float(np.max(np.abs(cell - mean)))
    bm = 2 * n * u * a + nx.ulp(mean, dtype)
    bv = 2 * (n * u * d * d + 2 * d * bm + bm * bm) + nx.ulp(float(np.var(cell)), dtype)
    return bm, bv


def stats_of(step, result):
    return (result.values.get("mean"), result.values.get("variance"),
            step.expected.get("mean"), step.expected.get("variance"))


def reduced(array, case):
    """`array` laid out as (statistics..., samples): kept axes first, reduced axes flattened."""
    kept = nx.kept_axes(case.axis, array.ndim)
    if kept is None or len(set(kept)) != len(kept):
        return None
    rest = nx.reduce_axes(kept, array.ndim)
    moved = np.transpose(array, tuple(kept) + rest)
    return moved.reshape(tuple(array.shape[d] for d in kept) + (-1,))


def last_adapt_before(case, index):
    for step in reversed(case.steps[:index]):
        if step.op == "adapt":
            return step
    return None


def held_statistics(case, index, source):
    """The (mean, variance) the layer holds at call step `index`, in the broadcast shape:
    `source` "expected" (the reference's) or "keras" (what Keras' adapt produced); supplied
    statistics are placed per SEMANTICS build.broadcast. None when not determinable."""
    adapt = last_adapt_before(case, index)
    if adapt is not None:
        if source == "expected":
            mean, var = adapt.expected.get("mean"), adapt.expected.get("variance")
        else:
            r = case.results[adapt.index]
            mean, var = r.values.get("mean"), r.values.get("variance")
        if mean is None or var is None:
            return None
        mean, var = nx.broadcast_statistic(mean, case), nx.broadcast_statistic(var, case)
        return None if mean is None or var is None else (mean, var)
    if case.mean is None:
        return None
    ndim = nx.layer_ndim(case)
    kept = nx.kept_axes(case.axis, ndim) if ndim is not None else None
    if kept is None:
        return None
    shape = [1] * ndim
    stats = []
    for stat in (case.mean, case.variance):
        if stat.ndim:
            expanded = [1] * ndim
            for i in range(1, stat.ndim + 1):
                expanded[kept[-i]] = stat.shape[-i]
            stat = stat.reshape(expanded)
        stats.append(stat)
    return stats[0] + np.zeros(shape), stats[1] + np.zeros(shape)


ASSIGN_SHAPE = "The shape of the target variable and the shape of the target value in `variable.assign(value)` must match"


def keras_adapt_float32(case, step):
    """(mean, variance) as Keras' adapt computes them in float32 arithmetic, or None: an
    array's np.mean / np.var in its own dtype (dtype.adapt-array), a stream's running merge
    of float32 batch statistics from float32 zeros (adapt.batches, dtype.adapt-stream)."""
    ndim = nx.layer_ndim(case)
    kept = nx.kept_axes(case.axis, ndim) if ndim is not None else None
    if kept is None or len(set(kept)) != len(kept):
        return None
    axes = nx.reduce_axes(kept, ndim)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # empty slices: NaN, as in Keras
        if step.data is not None:
            data = step.data.astype(nx.DTYPES[step.dtype or "float32"])
            return np.mean(data, axis=axes), np.var(data, axis=axes)
        mean = var = np.zeros(tuple(step.batches[0].shape[d] for d in kept), np.float32) if step.batches else None
        count = 0
        for batch in step.batches:
            batch = batch.astype(np.float32)
            batch_mean, batch_var = np.mean(batch, axis=axes), np.var(batch, axis=axes)
            n = math.prod(batch.shape[d] for d in axes)
            count += n
            if count == 0:
                return None  # Keras raises ZeroDivisionError
            w = float(n) / count
            new = mean * (1.0 - w) + batch_mean * w
            var = (var + (mean - new) ** 2) * (1.0 - w) + (batch_var + (batch_mean - new) ** 2) * w
            mean = new
        return (mean, var) if mean is not None else None
