"""Tests of the fuzz triage rules (tools/fuzzing/rules.py) on small hand-made cases.

Each rule gets a case showing its mechanism (it matches) and a near miss with another
cause (it must not match): the rules are meant to be narrow.
"""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
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


def test_zero_epsilon_division():
    c = case([Step(1, "call", input=A([3.0, 1.0, -2.0]), expected={"output": A([np.nan] * 3)})],
             [Outcome("ok", values={"output": A([np.inf, np.nan, -np.inf])})],
             {"outcome": "fail", "step": 1, "detail": "call step 1: 2 of 3 outputs out of tolerance"},
             epsilon=0.0, mean=A([1.0]), variance=A([0.0]))
    assert matches("zero-epsilon-division", c)
    c.epsilon = 1e-7  # a clamp in force: s > 0, no division by zero
    assert triage.classify(c, "numpy") == []


def test_stream_first_batch_overflow():
    first = A([3.0e38])  # one sample per feature: variance 0, mean squared overflows float32
    adapt = Step(1, "adapt", batches=[first, A([1.0])], expected={"mean": A([1.5e38]), "variance": A([2.25e76])})
    c = case([adapt], [Outcome("ok", values={"mean": A([1.5e38]), "variance": A([np.nan])})],
             {"outcome": "fail", "step": 1, "detail": "adapt step 1: the adapted variance is out of tolerance"}, axis=-1)
    assert matches("stream-first-batch-overflow-nan", c)
    adapt.batches = [A([1.0]), A([3.0e38])]  # the large batch second: w_a > 0, no inf·0
    assert triage.classify(c, "numpy") == []


def test_duplicate_size_one_axis_only_for_reshapeable_sizes():
    message = ("The shape of the target variable and the shape of the target value in `variable.assign(value)` "
               "must match. variable.shape=(1, 1), Received: value.shape=(1,).")
    adapt = Step(1, "adapt", data=np.zeros((2, 1, 4)), expected={"mean": A([[0.0]]), "variance": A([[0.0]])})
    c = case([adapt], [Outcome("error", exception="ValueError", message=message)],
             {"outcome": "unexpected-error", "step": 1, "detail": "step 1 (adapt) raised ValueError"}, axis=[1, 1])
    assert matches("duplicate-size-one-kept-axis", c, "jax")
    adapt.data = np.zeros((2, 3, 4))  # size 3: build itself fails in Keras; not this mechanism
    assert triage.classify(c, "jax") == []


def test_float_axis_entry_out_of_range():
    step = Step(1, "call", input=A(2.0), error="axis_type")
    message = "All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=0, while axis=(0.5,)"
    c = case([step], [Outcome("error", exception="ValueError", message=message)],
             {"outcome": "wrong-error", "step": 1, "detail": "step 1 raised ValueError"}, axis=[0.5])
    assert matches("float-axis-entry-out-of-range", c)
    c.axis = "a"  # a string is another mechanism
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
