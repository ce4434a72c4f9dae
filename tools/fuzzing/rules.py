"""The triage rules: every known mechanism by which Keras and the reference disagree.

Each rule has a stable name, a kind, the backends it applies to, the SEMANTICS clauses it
rests on, a reason (one paragraph, for people) and a predicate over one `evidence.Case` and
the backend name. Predicates are narrow on purpose: each inspects the case (policy, axis,
step kinds, data values) and the verdict (outcome, step, what Keras raised or held) so that
it matches the mechanism it names and nothing else — a value error with another cause stays
untriaged.

Kinds:
- keras-deviation: Keras does otherwise than the documented layer or than exact arithmetic
  allows, for the reason given;
- spec-gap: a behaviour SEMANTICS does not state; `pinned_by` names the golden case that
  will pin it once the reference models it (until then the rule matches);
- harness: the judge's model is wrong, not Keras and not the reference;
- reference-bug: the reference is wrong (reported with a reproduction); the rule goes stale
  when the Swift fix lands, and is then deleted.
"""

import math
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import numerics as nx

KINDS = ("keras-deviation", "spec-gap", "harness", "reference-bug")
ALL = ("numpy", "jax", "tensorflow")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    backends: tuple
    clauses: tuple
    reason: str
    predicate: Callable = field(repr=False)
    pinned_by: str | None = None

    def matches(self, case, backend):
        return backend in self.backends and bool(self.predicate(case, backend))


# ---- evidence helpers ---------------------------------------------------------------


def failing_stats_step(case):
    """The verdict's adapt step when the verdict is about adapted statistics, else None."""
    step, result = case.step, case.result
    if case.outcome != "fail" or step is None or step.op != "adapt" or result is None or result.status != "ok":
        return None
    return step


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


def precision_bound(mean, variance, dtype, k=8.0):
    """How far statistics computed with `dtype` arithmetic (operands and batch statistics
    rounded to it) may be from the exact ones: k ulps of the mean; for the variance k ulps
    of it plus the cross term of rounded deviations, 2·sqrt(V)·ulp(|M| + sqrt(V)), plus a
    rounded mean's square."""
    m, v = abs(float(mean)), abs(float(variance))
    root = math.sqrt(v)
    mean_bound = k * nx.ulp(m, dtype)
    var_bound = k * (nx.ulp(v, dtype) + 2 * root * nx.ulp(m + root, dtype) + nx.ulp(m, dtype) ** 2)
    return mean_bound, var_bound


def within_precision(got_mean, got_var, exp_mean, exp_var, dtype, k=8.0):
    """Element-wise: Keras' statistics within `precision_bound` of the exact ones (finite), or
    the same special value."""
    gm, gv, em, ev = np.broadcast_arrays(*(np.asarray(a, float) for a in (got_mean, got_var, exp_mean, exp_var)))
    ok = np.zeros(gm.shape, bool)
    for i in np.ndindex(gm.shape):
        if not (math.isfinite(em[i]) and math.isfinite(ev[i])):
            ok[i] = agree(gm[i], em[i], dtype)[()] and agree(gv[i], ev[i], dtype)[()]
            continue
        bm, bv = precision_bound(em[i], ev[i], dtype, k)
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
RANGE_MESSAGE = "All `axis` values must be in the range [-ndim, ndim)"


# ---- predicates ----------------------------------------------------------------------


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
    ok = within_precision(gm, gv, em, ev, c, k=16.0)
    if np.all(ok):
        return True
    rows = [reduced(b, case) for b in step.batches]
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


def tensorflow_bfloat16_scalar(case, backend):
    step, result = case.step, case.result
    return (nx.compute_dtype(case.policy) == "bfloat16" and case.outcome == "unexpected-error"
            and step is not None and step.op == "call" and "output" in step.expected
            and step.expected["output"].ndim == 0 and result is not None and result.exception == "ValueError"
            and result.message == "object __array__ method not producing an array")


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


def variable_overflow(case, backend):
    """A statistic beyond the variable dtype's range is ±inf there; the call follows it."""
    step = failing_call(case)
    if step is None or case.policy not in ("float32",):
        return False
    adapt = last_adapt_before(case, step.index)
    if adapt is None:
        return False
    got, exp = case.results[adapt.index].values, adapt.expected
    if "variance" not in got or "variance" not in exp:
        return False
    big = nx.largest("float32")
    overflowed = np.isinf(got["variance"]) & np.isfinite(exp["variance"]) & (np.abs(exp["variance"]) > big)
    if not np.any(overflowed):
        return False
    held = held_statistics(case, step.index, "keras")
    if held is None:
        return False
    with np.errstate(all="ignore"):
        again = nx.call_formula(step.input, *held, case.epsilon, case.invert)
    output = case.result.values["output"]
    if again.shape != output.shape:
        return False
    return bool(np.all(agree(output, again, "float32", ulps=4) | (output == again)))


def duplicate_size_one_axis(case, backend):
    step, result = case.step, case.result
    if case.outcome != "unexpected-error" or step is None or step.op != "adapt" or result is None:
        return False
    stream_broadcast = step.batches is not None and result.message.startswith("operands could not be broadcast together")
    if result.exception != "ValueError" or not (result.message.startswith(ASSIGN_SHAPE) or stream_broadcast):
        return False
    ndim = nx.layer_ndim(case)
    kept = nx.kept_axes(case.axis, ndim) if ndim is not None else None
    if kept is None or len(set(kept)) == len(kept):
        return False
    shape = next((s.input_shape for s in case.steps if s.op == "build"), None) or step.arrays[0].shape
    # build's reshape of the statistics shape to the broadcast shape succeeded: equal element
    # counts, i.e. every duplicated axis has size 1, or some kept axis has size 0.
    sizes = [shape[d] for d in kept]
    return None not in sizes and math.prod(sizes) == math.prod(shape[d] for d in set(kept))


def float_axis_entry_out_of_range(case, backend):
    step, result = case.step, case.result
    if case.outcome != "wrong-error" or step is None or step.error != "axis_type" or result is None:
        return False
    if result.exception != "ValueError" or not result.message.startswith(RANGE_MESSAGE):
        return False
    entries = nx.axis_entries(case.axis)
    ndim = nx.layer_ndim(case)
    if not entries or ndim is None:
        return False
    numbers = [e for e in entries if isinstance(e, (int, float)) and not isinstance(e, bool)]
    return (len(numbers) == len(entries) and any(not nx.is_integer(e) for e in entries)
            and any(not -ndim <= e < ndim for e in entries))


def zero_epsilon_division(case, backend):
    step = failing_call(case)
    if step is None or case.epsilon != 0:
        return False
    held = held_statistics(case, step.index, "expected")
    if held is None:
        return False
    mean, var = held
    exp, got = step.expected["output"], case.result.values["output"]
    c = nx.compute_dtype(case.policy)
    bad = ~agree(got, exp, c if c in nx.DTYPES else "float32")
    if not np.any(bad):
        return False
    x, mean, var = np.broadcast_arrays(step.input, mean, var)
    if x.shape != got.shape:
        return False
    with np.errstate(all="ignore"):
        direction = np.sign(x.astype(nx.DTYPES[c]).astype(float) - mean.astype(nx.DTYPES[c]).astype(float))
    # s = max(sqrt(0), 0) = 0: Keras divides by zero (±inf); the reference says NaN.
    return bool(np.all(np.isnan(exp[bad]) & np.isinf(got[bad]) & (var[bad] == 0)
                       & (np.sign(got[bad]) == direction[bad])))


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
    # s > 0: a reciprocal that overflows, not a division by zero (zero-epsilon-division).
    return bool(np.any(bad) and np.all(np.isinf(reciprocal[bad]) & (scale[bad] > 0))
                and np.all(agree(got[bad], product[bad], c)))


# ---- the rules -----------------------------------------------------------------------

RULES = (
    Rule("float64-policy-float32-output", "keras-deviation", ("numpy", "jax"), ("dtype.float64-policy",),
         "Under dtype='float64' the numpy and jax backends return float32 call outputs: their "
         "result_type maps float64 to float32 (jax without x64), so the layer's float64 compute "
         "dtype is not honoured (SEMANTICS dtype.float64-policy, dtype.input-cast 'the output dtype is "
         "always c'). TensorFlow computes in float64 end to end.",
         float64_output_float32),
    Rule("float64-policy-array-adapt-float32", "keras-deviation", ("numpy", "tensorflow"), ("dtype.adapt-array", "dtype.float64-policy"),
         "adapt of a float32 ndarray under dtype='float64' computes np.mean/np.var in the array's own "
         "dtype (normalization.py adapt: `np.mean(data, axis=self._reduce_axis)`), so the float64 "
         "variables hold float32-rounded statistics, not the data's statistics (SEMANTICS "
         "dtype.adapt-array, adapt.moments). Predicate: every statistic is a float32 value within "
         "float32 arithmetic of the exact one.",
         float64_array_adapt_float32),
    Rule("float64-policy-stream-float32", "keras-deviation", ("numpy",), ("dtype.adapt-stream", "dtype.float64-policy"),
         "adapt of a stream under dtype='float64' on numpy merges batch statistics into "
         "running totals that start as float32 zeros (`ops.zeros(self._mean_and_var_shape)`) and "
         "whose arithmetic result_type keeps float32, so the float64 variables hold float32-rounded "
         "statistics (SEMANTICS dtype.adapt-stream). Predicate: every statistic is a float32 value "
         "within float32 arithmetic of the exact one.",
         float64_stream_float32),
    Rule("half-array-adapt", "keras-deviation", ALL, ("dtype.adapt-array",),
         "adapt of a float16 or bfloat16 ndarray computes np.mean/np.var in that dtype (SEMANTICS "
         "dtype.adapt-array), so the statistics carry half-precision rounding, and a sum beyond the "
         "dtype's range becomes inf/NaN, whatever the variable dtype. Predicate: every statistic is "
         "within half-precision arithmetic of the exact one, or is special where the half-precision "
         "sum of |x| or of squared deviations overflows.",
         half_array_adapt),
    Rule("half-policy-stream", "keras-deviation", ("numpy", "jax"), ("dtype.adapt-stream",),
         "adapt of a stream under a float16/bfloat16 compute dtype casts every batch to that dtype "
         "(`backend.convert_to_tensor(batch, dtype=self.compute_dtype)`) and rounds each batch's mean "
         "and variance to it before the float32 merge (SEMANTICS dtype.adapt-stream): data not exact "
         "in the dtype is rounded, values beyond its range become inf (mean inf, variance NaN), a batch "
         "variance beyond it becomes inf. Predicate: every statistic within half-precision arithmetic "
         "of the exact one, or special where a batch value or batch variance overflows the dtype.",
         half_policy_stream),
    Rule("tensorflow-stream-not-float32", "keras-deviation", ("tensorflow",), ("dtype.adapt-stream", "adapt.batches"),
         "adapt of a stream under a compute dtype other than float32 (float16, bfloat16, float64) on "
         "TensorFlow adds the batch statistics, in that dtype, to running totals that start as "
         "float32 zeros (`ops.zeros(self._mean_and_var_shape)`), which TF refuses: InvalidArgumentError "
         "'cannot compute AddV2 as input #1(zero-based) was expected to be a float tensor but is a "
         "half/bfloat16/double tensor' while merging the first batch, so a later batch's shape error "
         "(adapt.batch-shape) is never reached (SEMANTICS dtype.adapt-stream).",
         tensorflow_stream_not_float32),
    Rule("tensorflow-biasadd-empty-input", "keras-deviation", ("tensorflow",), ("call.invert", "call.broadcasting"),
         "With invert=True the call is add(mean, inputs·s). Keras' TensorFlow add() turns into "
         "tf.nn.bias_add when x2 'looks like a bias': it drops x2's dimensions of size ≤ 1 — 0 included "
         "— so an empty input (0, F) or (1, F, 0) with one dimension > 1 matching the mean's qualifies, "
         "and BiasAdd fails (InvalidArgumentError 'Biases must be 1D: [0,F]'), where the formula gives "
         "an empty output (SEMANTICS call.invert, call.broadcasting; numpy and jax return it).",
         tensorflow_biasadd_empty),
    Rule("tensorflow-bfloat16-scalar-to-numpy", "harness", ("tensorflow",), ("dtype.policy-call",),
         "Under a bfloat16 compute dtype the TensorFlow layer returns a 0-d bfloat16 EagerTensor "
         "correctly, but keras.ops.convert_to_numpy (np.asarray) of a 0-d bfloat16 tensor raises "
         "ValueError 'object __array__ method not producing an array'; the adapter records that as the "
         "layer's error. An adapter fault (tools/adapters/keras_adapter.py should fall back to "
         "tensor.numpy()), not behaviour of the layer.",
         tensorflow_bfloat16_scalar),
    Rule("stream-first-batch-overflow-nan", "keras-deviation", ALL, ("adapt.batches",),
         "The running merge weights the old variance term (V + (M − M')²) by w_a = 1 − n_b/N, which "
         "is 0 for the first batch. In exact arithmetic that term vanishes (SEMANTICS adapt.batches); "
         "in float32, when the first batch's mean exceeds sqrt(FLT_MAX) ≈ 1.84e19, (0 − M')² "
         "overflows to inf and inf·0 makes the variance NaN (normalization.py, the `total_var = ...` "
         "line of adapt). Predicate: every disagreeing variance is NaN where the exact one is not, and "
         "that column's first-batch mean exceeds sqrt(FLT_MAX).",
         stream_first_batch_overflow),
    Rule("variable-overflow-inf", "harness", ALL, ("dtype.policy-variables", "call.special-values"),
         "A statistic whose exact value exceeds FLT_MAX (e.g. the variance of data holding 3.4e38) "
         "is +inf once stored in the float32 variable (SEMANTICS dtype.policy-variables) — the "
         "correctly rounded value — and the call then divides by s = inf (outputs ±0, or ±inf when "
         "inverting). The reference keeps the float64 statistic and the judge compares outputs made "
         "from it. Predicate: Keras' variance is inf exactly where the exact one is finite beyond "
         "FLT_MAX, and Keras' outputs are the formula applied to the statistics it holds.",
         variable_overflow),
    Rule("duplicate-size-one-kept-axis", "spec-gap", ALL, ("build.duplicate-axis",),
         "A duplicated kept axis of size 1 or 0 (axis=(1, 1) on (N, 1, F)) does not fail at build, unlike "
         "SEMANTICS build.duplicate-axis says for duplicates in general: the statistics shape (1, 1) "
         "reshapes to the broadcast shape (1, 1, 1) (any other size d gives d·d elements for d). adapt of an array then fails when assigning its "
         "statistics (shape of the distinct kept axes) to the variables (shape of the axis entries): "
         "ValueError 'The shape of the target variable and the shape of the target value in "
         "variable.assign(value) must match' on every backend; a stream fails the same way unless "
         "the running totals broadcast back to the variable shape.",
         duplicate_size_one_axis, pinned_by="build.duplicate-axis-size-one"),
    Rule("float-axis-entry-out-of-range", "spec-gap", ALL, ("axis.type-error", "build.range"),
         "An axis sequence holding a float (axis=[0.5]) passes construction (tuple() accepts it) and "
         "build compares it by value first: outside [-ndim, ndim) — always on a rank-0 input — it is "
         "the range ValueError (build.range), not the TypeError SEMANTICS axis.type-error states; "
         "inside the range the float is later used as an index (TypeError).",
         float_axis_entry_out_of_range, pinned_by="axis.float-entry-rank0"),
    Rule("zero-epsilon-division", "reference-bug", ALL, ("call.eps-clamp", "call.special-values"),
         "With epsilon 0 and variance 0, s = max(sqrt(0), 0) = 0 and (x − mean)/0 is ±inf by IEEE "
         "rules (NaN only where x = mean), on every backend and policy. The reference answers NaN for "
         "every element (SEMANTICS call.eps-clamp, call.special-values).",
         zero_epsilon_division),
)

RULES += (
    Rule("flushes-subnormals", "keras-deviation", ("jax", "tensorflow"), ("call.formula", "adapt.moments"),
         "XLA (jax) and TensorFlow on CPU run with denormals flushed to zero, so a float32 subnormal input or result "
         "(0x1p-140 ≈ 7.2e-43) becomes ±0: an identity call returns 0 for it and a mean of it is 0, "
         "where IEEE float32 arithmetic (numpy) keeps it (SEMANTICS call.formula, "
         "adapt.moments). Predicate: every disagreeing value is 0 where the exact one is a nonzero "
         "float32 subnormal.",
         flushes_subnormals),
    Rule("jax-float64-variables-float32", "keras-deviation", ("jax",), ("dtype.float64-policy", "dtype.policy-variables"),
         "jax without x64 creates the adapt_mean/adapt_variance variables of a dtype='float64' layer "
         "as float32 (SEMANTICS dtype.float64-policy, dtype.policy-variables say float64).",
         jax_float64_variables),
    Rule("jax-half-reciprocal-overflow", "keras-deviation", ("jax",), ("call.formula", "dtype.policy-call"),
         "XLA rewrites the division (x − mean)/s as (x − mean)·(1/s); under a float16 compute dtype "
         "1/s overflows to inf once s < 2^-16 (e.g. the clamp s = eps = 2^-23), so outputs are ±inf "
         "and 0·inf = NaN where the formula gives finite values and 0 (SEMANTICS call.formula, "
         "dtype.policy-call). Predicate: 1/s is inf in float16 at every disagreeing element and Keras' "
         "output equals (x − m)·(1/s) evaluated in float16.",
         jax_half_reciprocal),
)

BY_NAME = {rule.name: rule for rule in RULES}
assert len(BY_NAME) == len(RULES), "rule names must be unique"
assert all(rule.kind in KINDS for rule in RULES)
