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
- reference-bug: the reference is wrong (reported with a reproduction). Its cases count as
  triaged but fail the run (tools/fuzz-keras exits 1) until the Swift fix lands; the rule then
  matches nothing and is deleted.
"""

from dataclasses import dataclass, field
from typing import Callable

from .predicates import (
    float32_accumulation_overflow, float64_array_adapt_float32, float64_output_float32,
    float64_stream_float32, flushes_subnormals, half_array_adapt, half_policy_stream, intermediate_overflow,
    jax_float64_variables, jax_half_reciprocal, stream_first_batch_overflow, tensorflow_biasadd_empty,
    tensorflow_stream_not_float32)

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
    Rule("stream-first-batch-overflow-nan", "keras-deviation", ALL, ("adapt.batches",),
         "The running merge weights the old variance term (V + (M − M')²) by w_a = 1 − n_b/N, which "
         "is 0 for the first batch. In exact arithmetic that term vanishes (SEMANTICS adapt.batches); "
         "in float32, when the first batch's mean exceeds sqrt(FLT_MAX) ≈ 1.84e19, (0 − M')² "
         "overflows to inf and inf·0 makes the variance NaN (normalization.py, the `total_var = ...` "
         "line of adapt). Predicate: every disagreeing variance is NaN where the exact one is not, and "
         "that column's first-batch mean exceeds sqrt(FLT_MAX).",
         stream_first_batch_overflow),
    Rule("float32-accumulation-overflow", "keras-deviation", ALL, ("adapt.moments", "dtype.adapt-array", "dtype.adapt-stream"),
         "Keras computes adapted statistics in float32 arithmetic: an array's np.mean/np.var in the "
         "array's dtype (normalization.py adapt: `np.mean(data, axis=self._reduce_axis)`), a stream's "
         "running merge from float32 zeros. A float32 sum of values, of squared deviations, or a "
         "merge's squared mean difference beyond FLT_MAX overflows to inf (inf − inf, inf·0: NaN), so a "
         "statistic is ±inf or NaN where the exact one is finite — under dtype='float64' even when the "
         "float64 variable could hold it — or NaN where it is ±inf (SEMANTICS adapt.moments says the "
         "data's statistics; section 5 names NumPy's reductions in the data's dtype). Predicate: every "
         "disagreeing special statistic is what that float32 evaluation gives, at least one is special, "
         "and the others are within float32 rounding of the exact ones.",
         float32_accumulation_overflow),
    Rule("intermediate-overflow", "keras-deviation", ALL, ("call.formula", "call.invert", "call.special-values", "dtype.policy-call"),
         "Keras evaluates the call step by step in the compute dtype c (float32, or float16/bfloat16 "
         "under those policies): x − mean, or x·s when inverting, can overflow c's range though the "
         "formula's exact value is in range, and the output becomes ±inf, or NaN through inf/inf, inf·0 "
         "or −inf + inf. The golden value is the exact formula on the operands rounded to c, rounded "
         "once (SEMANTICS dtype.policy-call, call.formula, call.invert): finite, or the exact special. "
         "E.g. float16, mean 25760, variance 59552, x = −52672: x − mean = −78432 is −inf in float16, "
         "exact −321.5. Predicate: at every disagreeing element the step-by-step evaluation in c "
         "(numpy's (x − m)/s, or XLA's (x − m)·(1/s) on jax) has an overflowed intermediate with finite "
         "operands, and equals Keras' output; the statistics Keras holds are the reference's.",
         intermediate_overflow),
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
