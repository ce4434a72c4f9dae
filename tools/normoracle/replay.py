"""Replaying one case's steps on the layer model and judging every golden number.

construct -> build -> adapt -> call, in the corpus' order, on one `LayerModel`. An adapt's
golden statistics must be the exact moments correctly rounded; a call's golden outputs with
the call formula evaluated from the statistics the layer holds (2 ulps, see calls.py).
After a successful adapt the layer holds the *golden* statistics, so an error in one
adapt is reported once and does not spill into later calls.

Under a float16 or bfloat16 policy (SEMANTICS section 8, policy.py) the statistics are the
exact moments rounded to the variable dtype and the outputs the exact formula on operands
cast to the compute dtype, rounded once (halfcall.py); there the golden values must be
exactly those (0 ulps, whatever --stat-ulps/--output-ulps say), and errors are reported in
ulps of that narrow dtype. Declared input/data dtypes are checked to hold their values.
"""

import math

import numpy as np

from . import calls, corpus, dtypes, exact, halfcall
from .policy import Policy
from .layer import LayerModel, ModelError

#: None: a golden statistic must be the exact moment correctly rounded (the reference's
#: promise); a number accepts that many ulps of the exact value instead (--stat-ulps).
STAT_TOLERANCE = None
OUTPUT_TOLERANCE = calls.TOLERANCE


class Tolerances:
    """Bounds in ulps: statistics (adapt) and outputs (call); the CLI can widen them."""

    def __init__(self, stats=STAT_TOLERANCE, outputs=OUTPUT_TOLERANCE, lenient_normalise=False):
        self.stats, self.outputs = stats, outputs
        self.lenient_normalise = lenient_normalise


class CaseResult:
    """Worst errors of one case (None when nothing of that kind was checked) and failures."""

    def __init__(self, case_id):
        self.case_id = case_id
        self.stat_error = None
        self.output_error = None
        self.failures = []

    @property
    def passed(self):
        return not self.failures

    def record(self, kind, error):
        current = getattr(self, kind)
        if current is None or not error <= current:  # NaN never happens; inf wins
            setattr(self, kind, error)


def replay(case_id, case, default_eps, tolerances=None):
    """Replay a case; never raises for problems inside the case (they become failures)."""
    tol = tolerances or Tolerances()
    result = CaseResult(case_id)
    eps = corpus.case_epsilon(case, default_eps)
    policy = Policy(corpus.case_policy(case))  # an unknown name: a malformed case
    layer = None
    for name, step in corpus.steps(case):
        op = corpus.text(step.attrs.get("op", ""))
        if "error" in step.attrs:
            break  # An error expectation ends the case; nothing numeric to check.
        where = f"step {name} {op}"
        try:
            if op == "construct":
                layer = construct(step)
            elif layer is None:
                raise ModelError("no construct step before this one")
            elif op == "build":
                build(layer, step)
            elif op == "adapt":
                check_adapt(layer, step, result, where, tol.stats, policy)
            elif op == "call":
                check_call(layer, step, eps, result, where, tol, policy)
            else:
                raise ModelError(f"unknown op '{op}'")
        except ModelError as e:
            result.failures.append(f"{where}: {e}")
            break
        except KeyError as e:
            result.failures.append(f"{where}: missing {e}")
            break
    return result


def construct(step):
    """The construct step (always 000); supplied statistics per stats.pair / stats.same-shape."""
    given = [corpus.array(step, k) if k in step else None for k in ("mean", "variance")]
    mean, variance = given
    if (mean is None) != (variance is None):
        raise ModelError("only one of mean/variance given (stats.pair) cannot succeed")
    if mean is not None and mean.shape != variance.shape:
        raise ModelError(f"mean {mean.shape} and variance {variance.shape} differ (stats.same-shape)")
    invert = bool(int(step.attrs.get("invert", 0)))
    return LayerModel(corpus.text(step.attrs["axis"]), invert, mean, variance)


def build(layer, step):
    """An explicit build; input_shape null builds nothing (Keras returns early)."""
    shape = corpus.shape_attr(step)
    if shape is None:
        layer.built, layer.mean = True, None
        return
    layer.build(shape)


def require_statistics(layer):
    if layer.built and layer.mean is None:
        raise ModelError("the layer was built with input_shape=None and holds no statistics")


def exact_statistics(layer, step):
    """Exact (mean, variance) per statistics index for an adapt step (adapt.moments/batches)."""
    require_statistics(layer)
    if "data" in step:
        data = corpus.array(step, "data")
        if layer.built:
            layer.check_adapt_shape(data.shape)
        layer.ensure_built(data.shape)
        return [exact.moments(column) for column in layer.columns(data)]
    stream = corpus.batches(step)
    if not stream:
        raise ModelError("an empty stream of batches (adapt.empty-stream) cannot succeed")
    if layer.built:
        layer.check_adapt_shape(stream[0].shape)
    layer.ensure_built(stream[0].shape)
    totals = None
    for batch in stream:
        layer.check_adapt_shape(batch.shape)  # adapt.batch-shape
        count = layer.reduced_count(batch.shape)
        columns = layer.columns(batch)
        if totals is None:
            totals = [(exact.Fraction(0), exact.Fraction(0), 0)] * len(columns)
        totals = [
            exact.merge(total, (*exact.moments(column), count))
            for total, column in zip(totals, columns)
        ]
    return [(m, v) for m, v, _ in totals]


def check_declared_dtype(step, attribute, arrays, result, where):
    """CORPUS-FORMAT 1.1: values under input_dtype / data_dtype are exact in that dtype.

    A format rule, not a numeric bound: a violation is reported and the replay goes on
    (the oracle judges the stored float64 values either way).
    """
    dtype = corpus.step_dtype(step, attribute)
    if dtype is None:
        return
    if dtype not in dtypes.DTYPES:
        result.failures.append(f"{where}: unknown {attribute} '{dtype}'")
        return
    for name, values in arrays:
        for i, v in enumerate(values.ravel().tolist()):
            if not dtypes.represents(dtype, v):
                result.failures.append(
                    f"{where}: {name}[{index(i, values.shape)}] = {v!r} is not exact in {dtype} "
                    f"({attribute})"
                )
                return


def adapt_arrays(step):
    """The named arrays an adapt step reads: `data`, or every `batch_NNN`."""
    if "data" in step:
        return [("data", corpus.array(step, "data"))]
    return [(f"batch_{i:03d}", b) for i, b in enumerate(corpus.batches(step))]


def check_adapt(layer, step, result, where, tolerance, policy):
    """Golden adapt statistics are the exact ones correctly rounded (or within `tolerance`
    ulps, when one is given); the layer then holds them.

    Under float16/bfloat16 variables (dtype.policy-variables) the golden must instead be the
    exact moment rounded to that dtype, exactly (dtype.adapt-array, dtype.adapt-stream).
    """
    check_declared_dtype(step, "data_dtype", adapt_arrays(step), result, where)
    stats = exact_statistics(layer, step)
    for key, col in (("expected_mean", 0), ("expected_variance", 1)):
        golden = corpus.array(step, key)
        if golden.shape != layer.stat_shape:
            raise ModelError(f"{key} has shape {golden.shape}, statistics shape is {layer.stat_shape}")
        worst, worst_at, misrounded = None, None, None
        for i, g in enumerate(golden.ravel().tolist()):
            q = stats[i][col]
            overflow = policy.overflowed(q)
            if policy.rounds_statistics:
                err = halfcall.ulps(g, policy.stored(q), policy.stat_format)
            elif overflow is not None:
                err = 0.0 if g == overflow else math.inf
            else:
                err = exact.stat_error(g, q)
                if tolerance is None and misrounded is None and not exact.is_rounding_of(g, q):
                    misrounded = (i, g, q, err)
            if worst is None or not err <= worst:
                worst, worst_at = err, (i, g, q)
        if worst is None:
            continue
        result.record("stat_error", worst)
        if policy.rounds_statistics and worst != 0:
            i, g, q = worst_at
            fmt = policy.stat_format
            result.failures.append(
                f"{where}: {key}[{index(i, golden.shape)}] = {g!r}, exact {describe(q)} "
                f"stored in {fmt} is {policy.stored(q)!r}: {worst!r} {fmt} ulps, must be 0 "
                f"(dtype.policy-variables, policy {policy})"
            )
        elif not policy.rounds_statistics and tolerance is None and misrounded is not None:
            i, g, q, err = misrounded
            result.failures.append(
                f"{where}: {key}[{index(i, golden.shape)}] = {g!r}, exact {describe(q)} rounds "
                f"to {exact.round_float64(q)!r}: {err!r} ulps, must be correctly rounded (adapt.moments)"
            )
        elif not policy.rounds_statistics and tolerance is not None and not worst <= tolerance:
            i, g, q = worst_at
            result.failures.append(
                f"{where}: {key}[{index(i, golden.shape)}] = {g!r}, exact "
                f"{describe(q)}: {worst!r} ulps > {tolerance!r}"
            )
    layer.set_statistics(corpus.array(step, "expected_mean"), corpus.array(step, "expected_variance"))


def check_call(layer, step, eps, result, where, tol, policy):
    """Golden outputs within 2 ulps of the exact call formula (call.formula, call.invert).

    Under a float16/bfloat16 compute dtype: exactly the formula on the cast operands,
    rounded once to that dtype (dtype.policy-call, halfcall.py).
    """
    require_statistics(layer)
    x = corpus.array(step, "input")
    check_declared_dtype(step, "input_dtype", [("input", x)], result, where)
    if policy.rounds_call:
        return check_narrow_call(layer, step, x, eps, result, where, policy)
    shape, flat = call_layout(layer, step, x)
    means = layer.mean.ravel().tolist()
    variances = layer.variance.ravel().tolist()
    prepared = {}
    worst, worst_at = None, None
    for i, (g, xv, k) in enumerate(flat):
        stat = prepared.get(k)
        if stat is None:
            stat = prepared[k] = calls.Statistic(
                means[k], variances[k], eps, layer.invert, tol.lenient_normalise
            )
        err = calls.output_error(g, xv, stat)
        if worst is None or not err <= worst:
            worst, worst_at = err, (i, g, xv, stat)
    if worst is None:
        return
    result.record("output_error", worst)
    if not worst <= tol.outputs:
        i, g, xv, stat = worst_at
        result.failures.append(
            f"{where}: expected[{index(i, shape)}] = {g!r} for x={xv!r}, mean={stat.mean!r}, "
            f"variance={stat.variance!r}, eps={eps!r}: {worst!r} ulps > {tol.outputs!r}"
        )


def call_layout(layer, step, x):
    """The output's shape, and per output (golden, input element, flat statistic index):
    the statistic indices are broadcast like the statistics (call.broadcasting)."""
    layer.ensure_built(x.shape)
    try:
        shape = np.broadcast_shapes(x.shape, layer.broadcast_shape)
    except ValueError:
        raise ModelError(
            f"input {x.shape} does not broadcast against {layer.broadcast_shape} (call.broadcasting)"
        ) from None
    golden = corpus.array(step, "expected")
    if golden.shape != shape:
        raise ModelError(f"expected has shape {golden.shape}, the output's shape is {shape}")
    which = np.broadcast_to(np.arange(layer.mean.size).reshape(layer.broadcast_shape), shape)
    flat = zip(golden.ravel().tolist(), np.broadcast_to(x, shape).ravel().tolist(),
               which.ravel().tolist())
    return shape, flat


def check_narrow_call(layer, step, x, eps, result, where, policy):
    """Every golden output equal to halfcall.expected: 0 ulps of the compute dtype."""
    shape, flat = call_layout(layer, step, x)
    means = layer.mean.ravel().tolist()
    variances = layer.variance.ravel().tolist()
    fmt = policy.call_format
    worst, worst_at = None, None
    for i, (g, xv, k) in enumerate(flat):
        want = halfcall.expected(policy, xv, means[k], variances[k], eps, layer.invert)
        err = halfcall.ulps(g, want, fmt)
        if worst is None or not err <= worst:
            worst, worst_at = err, (i, g, xv, k, want)
    if worst is None:
        return
    result.record("output_error", worst)
    if worst != 0:
        i, g, xv, k, want = worst_at
        xc, mc, vc, ec = halfcall.operands(policy, xv, means[k], variances[k], eps)
        result.failures.append(
            f"{where}: expected[{index(i, shape)}] = {g!r} for x={xv!r}, mean={means[k]!r}, "
            f"variance={variances[k]!r}, eps={eps!r} (in {fmt}: {xc!r}, {mc!r}, {vc!r}, "
            f"{ec!r}); exact result in {fmt} is {want!r}: {worst!r} {fmt} ulps, must be 0 "
            f"(dtype.policy-call, policy {policy})"
        )


def index(flat, shape):
    """A flat index as a tuple index, for messages."""
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def describe(q):
    """An exact statistic for a message: its nearest float64 (and that it is rounded)."""
    if exact.is_special(q):
        return repr(q)
    rounded = exact.round_float64(q)
    return repr(rounded) if exact.Fraction(rounded) == q else f"~{rounded!r}"
