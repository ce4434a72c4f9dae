"""Tests of the fuzz triage rules (tools/fuzzing/rules.py) on small hand-made cases.

Each rule gets a case showing its mechanism (it matches) and a near miss with another
cause (it must not match): the rules are meant to be narrow.
"""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
from fuzzing import numerics as nx  # noqa: E402
from fuzzing import triage  # noqa: E402
from fuzzing.evidence import Case, Outcome, Step  # noqa: E402
from fuzzing.rules import BY_NAME, RULES  # noqa: E402

A = np.array


def case(steps, results, verdict, axis=-1, policy="float32", epsilon=1e-7, invert=False, mean=None, variance=None):
    steps = [Step(0, "construct")] + steps
    results = [Outcome("ok")] + results
    return Case("t.case", "a test case", frozenset(), policy, epsilon, axis, invert, mean, variance, steps, results,
                dict(verdict, id="t.case", conforms=False))


def matches(name, c, backend="numpy"):
    return triage.classify(c, backend) == [name] and BY_NAME[name].matches(c, backend)


def test_rules_are_named_once_and_have_reasons():
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.reason and r.clauses and r.backends for r in RULES)
    assert all(r.pinned_by for r in RULES if r.kind == "spec-gap")


def test_stream_first_batch_overflow():
    first = A([3.0e38])  # one sample per feature: variance 0, mean squared overflows float32
    adapt = Step(1, "adapt", batches=[first, A([1.0])], expected={"mean": A([1.5e38]), "variance": A([2.25e76])})
    c = case([adapt], [Outcome("ok", values={"mean": A([1.5e38]), "variance": A([np.nan])})],
             {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted variance is out of tolerance"}, axis=-1)
    assert matches("stream-first-batch-overflow-nan", c)
    adapt.batches = [A([1.0]), A([3.0e38])]  # the large batch second: w_a > 0, no inf·0
    assert triage.classify(c, "numpy") == []


def test_intermediate_overflow_in_float16():
    # float16: x - mean = -78432 overflows to -inf; the exact (x - mean)/s is -321.5.
    call = Step(1, "call", input=A([[-52672.0, 12096.0]]), expected={"output": A([[-321.5, -259.25]])})
    result = Outcome("ok", dtype="float16", values={"output": A([[-np.inf, -259.25]])})
    c = case([call], [result], {"outcome": "fail", "step": 1, "detail": "call step 1: 1 of 2 outputs out of tolerance"},
             policy="float16", mean=A([25760.0, 51072.0]), variance=A([59552.0, 22624.0]))
    assert matches("intermediate-overflow", c)
    c.policy = "float32"  # in float32 x - mean is finite: an inf output has another cause
    result.dtype = "float32"
    assert triage.classify(c, "numpy") == []


def test_intermediate_overflow_of_the_inverted_product():
    # float32 invert: x*s = inf, and -inf + inf = NaN; exactly, -inf + finite = -inf.
    call = Step(1, "call", input=A([3.4028234663852886e38, 1.0]), expected={"output": A([-np.inf, -np.inf])})
    result = Outcome("ok", dtype="float32", values={"output": A([np.nan, -np.inf])})
    c = case([call], [result], {"outcome": "fail", "step": 1, "detail": "call step 1: 1 of 2 outputs out of tolerance"},
             invert=True, mean=A([-np.inf]), variance=A([4.0]))
    assert matches("intermediate-overflow", c)
    c.variance = A([0.25])  # s = 0.5: x*s is finite, so a NaN is not this mechanism
    assert triage.classify(c, "numpy") == []


def test_float32_accumulation_overflow_of_an_array_mean():
    big = 3.4028234663852886e38  # FLT_MAX: the float32 sum of two is inf
    adapt = Step(1, "adapt", data=A([big, big]), expected={"mean": A(big), "variance": A(0.0)})
    result = Outcome("ok", dtype="float32", values={"mean": A(np.inf), "variance": A(np.inf)})
    c = case([adapt], [result], {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted mean is out of tolerance"},
             axis=[])
    assert matches("float32-accumulation-overflow", c)
    adapt.data = A([big, -big])  # the float32 sum is 0, finite: an inf mean has another cause
    adapt.expected = {"mean": A(0.0), "variance": A(big * big)}
    assert triage.classify(c, "numpy") == []


def test_float32_accumulation_overflow_of_a_float64_policy_stream():
    batches = [A([[1.0], [2.0]]), A([[4.0], [3.0e38]])]  # the second batch's variance overflows float32
    exact = np.concatenate(batches)
    adapt = Step(1, "adapt", batches=batches, expected={"mean": A([np.mean(exact)]), "variance": A([np.var(exact)])})
    result = Outcome("ok", dtype="float64", values={"mean": A([float(np.float32(np.mean(exact)))]), "variance": A([np.inf])})
    c = case([adapt], [result], {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted variance is out of tolerance"},
             policy="float64")
    assert matches("float32-accumulation-overflow", c)
    result.values["variance"] = A([np.nan])  # float32 arithmetic gives inf here, not NaN
    assert triage.classify(c, "numpy") == []


def test_half_policy_stream_mean_that_cancels():
    # No reduced axis: each batch is one sample; bfloat16 batch means of ~0.007 average to
    # ~-9e-6, whose error is bfloat16 rounding of the batch means, not of the mean.
    batches = [A([-0.0067100524902343750]), A([0.0033836364746093750]), A([0.0033264160156250000])]
    exact = float(np.mean(np.concatenate(batches)))
    adapt = Step(1, "adapt", batches=batches, expected={"mean": A([exact]), "variance": A([float(np.var(np.concatenate(batches)))])})
    result = Outcome("ok", dtype="float32", values={"mean": A([exact - 1.27e-6]), "variance": A([float(np.var(np.concatenate(batches)))])})
    c = case([adapt], [result], {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted mean is out of tolerance"},
             policy="mixed_bfloat16")
    assert matches("half-policy-stream", c)
    result.values["mean"] = A([exact - 1e-3])  # beyond 16 bfloat16 ulps of any batch mean
    assert triage.classify(c, "numpy") == []


def test_a_call_carrying_an_adapt_deviation_is_the_adapt_rule():
    # mixed_bfloat16 stream of one batch: the batch cast to bfloat16 is constant, so the
    # variance is 0 and the call divides by eps; the exact variance is 55552.
    batch = A([[-899395.0], [-899147.0], [-899722.5]])
    adapt = Step(1, "adapt", batches=[batch], expected={"mean": A([-901120.0]), "variance": A([55552.0])})
    call = Step(2, "call", input=A([[-897024.0]]), expected={"output": A([[17.375]])})
    got = nx.call_formula(A([[-897024.0]]), -901120.0, 0.0, 1e-7, False, "bfloat16")
    results = [Outcome("ok", dtype="bfloat16", values={"mean": A([-901120.0]), "variance": A([0.0])}),
               Outcome("ok", dtype="bfloat16", values={"output": got})]
    c = case([adapt, call], results, {"outcome": "fail", "step": 2, "detail": "call step 2: 1 of 1 outputs out of tolerance"},
             policy="bfloat16")
    assert matches("half-policy-stream", c)
    results[1].values["output"] = got * 2  # not the formula on what Keras holds
    assert triage.classify(c, "numpy") == []


def test_float64_output_dtype_is_numpy_and_jax_only():
    c = case([Step(1, "call", input=A([1.0]), expected={"output": A([0.5])})],
             [Outcome("ok", dtype="float32", values={"output": A([0.5])})],
             {"outcome": "fail", "step": 1, "detail": "call step 1: output dtype float32, expected float64"},
             policy="float64", mean=A([0.5]), variance=A([1.0]))
    assert matches("float64-policy-float32-output", c, "numpy")
    assert matches("float64-policy-float32-output", c, "jax")
    assert triage.classify(c, "tensorflow") == []


def test_float64_array_adapt_in_float32_but_not_a_wrong_value():
    data = A([[0.1], [0.2], [0.4]], dtype=np.float32).astype(float)
    exact_mean, exact_var = float(np.mean(data)), float(np.var(data))
    keras_mean, keras_var = float(np.mean(data.astype(np.float32))), float(np.var(data.astype(np.float32)))
    adapt = Step(1, "adapt", data=data, expected={"mean": A([exact_mean]), "variance": A([exact_var])})
    result = Outcome("ok", dtype="float64", values={"mean": A([keras_mean]), "variance": A([keras_var])})
    c = case([adapt], [result], {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted mean is out of tolerance"},
             policy="float64")
    assert matches("float64-policy-array-adapt-float32", c)
    result.values["mean"] = A([keras_mean * 1.001])  # far beyond float32 rounding
    assert triage.classify(c, "numpy") == []


def test_half_policy_stream_overflow_needs_an_overflowing_batch():
    adapt = Step(1, "adapt", batches=[A([[0.0], [600.0]]), A([[0.0], [600.0]])],
                 expected={"mean": A([300.0]), "variance": A([90000.0])})
    result = Outcome("ok", values={"mean": A([300.0]), "variance": A([np.inf])})
    c = case([adapt], [result], {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted variance is out of tolerance"},
             policy="mixed_float16")
    assert matches("half-policy-stream", c)  # batch variance 90000 > 65504
    adapt.batches = [A([[0.0], [6.0]]), A([[0.0], [6.0]])]
    adapt.expected = {"mean": A([3.0]), "variance": A([9.0])}
    assert triage.classify(c, "numpy") == []


def test_tensorflow_biasadd_needs_invert_and_an_empty_input():
    message = "{{function_node __wrapped__BiasAdd}} Biases must be 1D: [0,2] [Op:BiasAdd]"
    call = Step(1, "call", input=np.zeros((0, 2)), expected={"output": np.zeros((0, 2))})
    c = case([call], [Outcome("error", exception="InvalidArgumentError", message=message)],
             {"outcome": "unexpected-error", "step": 1, "detail": "step 1 (call) raised"}, invert=True)
    assert matches("tensorflow-biasadd-empty-input", c, "tensorflow")
    assert triage.classify(c, "numpy") == []
    c.invert = False
    assert triage.classify(c, "tensorflow") == []


def test_flushed_subnormal_only_when_expected_is_subnormal():
    tiny = 2.0 ** -140
    call = Step(1, "call", input=A([tiny, 1.0]), expected={"output": A([tiny, 1.0])})
    result = Outcome("ok", values={"output": A([0.0, 1.0])})
    c = case([call], [result], {"outcome": "fail", "step": 1, "detail": "call step 1: 1 of 2 outputs out of tolerance"})
    assert matches("flushes-subnormals", c, "jax")
    assert triage.classify(c, "numpy") == []
    result.values["output"] = A([0.0, 0.5])
    assert triage.classify(c, "jax") == []


def test_triage_counts_untriaged_and_representative():
    odd = case([Step(1, "call", input=A([1.0]), expected={"output": A([1.0])})],
               [Outcome("ok", values={"output": A([2.0])})], {"outcome": "fail", "step": 1, "detail": "call step 1"})
    result = triage.triage([odd], "numpy", total=10)
    assert result.untriaged == [odd] and result.disagreements == 1
    assert triage.representative([odd]) is odd


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_predicates_refuse_a_passing_case(rule):
    ok = case([Step(1, "call", input=A([1.0]), expected={"output": A([1.0])})],
              [Outcome("ok", values={"output": A([1.0])})], {"outcome": "pass", "step": None, "detail": ""})
    assert not any(rule.matches(ok, b) for b in ("numpy", "jax", "tensorflow"))
