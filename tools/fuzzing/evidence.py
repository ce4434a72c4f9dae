"""One judged case with everything a triage rule may look at.

A `Case` joins three files of one fuzz run: the corpus (what the script does and what the
reference expects, CORPUS-FORMAT.md), the implementation's results file (what Keras did:
outputs, statistics, the exception it raised) and the harness's JSON verdict
(docs/REPORT-SCHEMA.md: outcome, deciding step, detail, worst element). Arrays are float64
NumPy arrays; a results file's float16/bfloat16 values arrive as float32 (the adapter's
convention) with the produced dtype in `Outcome.dtype`.
"""

import json
import os
import sys
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
from normoracle import corpus as corpusfile  # noqa: E402  (tools/ on the path)

text = corpusfile.text


@dataclass
class Step:
    """A corpus step: its op, the arrays it carries and what the reference expects."""

    index: int
    op: str
    data: np.ndarray | None = None          # adapt of one array
    batches: list | None = None             # adapt of a stream (may be empty)
    input: np.ndarray | None = None         # call
    input_shape: tuple | None = None        # build (None entries: unknown sizes)
    dtype: str | None = None                # input_dtype / data_dtype (None: float32)
    error: str | None = None                # expected error code, when the step must fail
    expected: dict = field(default_factory=dict)   # output / mean / variance

    @property
    def arrays(self):
        """Every input array of the step (data, batches or call input)."""
        if self.data is not None:
            return [self.data]
        if self.batches is not None:
            return list(self.batches)
        return [self.input] if self.input is not None else []


@dataclass
class Outcome:
    """What the implementation did at one step (a results-file step group)."""

    status: str                             # ok / error / unsupported / missing
    exception: str | None = None
    message: str = ""
    dtype: str | None = None
    values: dict = field(default_factory=dict)     # output / mean / variance


@dataclass
class Case:
    """A judged case: the corpus script, Keras' results and the harness verdict."""

    id: str
    description: str
    tags: frozenset
    policy: str                             # "float32" when the case names none
    epsilon: float
    axis: object                            # decoded axis JSON
    invert: bool
    mean: np.ndarray | None
    variance: np.ndarray | None
    steps: list                             # Step, index 0 = construct
    results: list                           # Outcome per step index (missing: status "missing")
    verdict: dict                           # the JSON report's case object
    rule_errors: list = field(default_factory=list)   # predicates that raised on this case

    @property
    def outcome(self):
        return self.verdict.get("outcome")

    @property
    def step(self):
        """The corpus step the verdict names (None when it names none)."""
        index = self.verdict.get("step")
        return self.steps[index] if index is not None and index < len(self.steps) else None

    @property
    def result(self):
        """Keras' outcome at the verdict's step."""
        index = self.verdict.get("step")
        return self.results[index] if index is not None and index < len(self.results) else None

    @property
    def detail(self):
        return self.verdict.get("detail", "")

    @property
    def size(self):
        """Elements in every array of the script: the measure of a small representative."""
        total = sum(a.size for s in self.steps for a in s.arrays)
        for a in (self.mean, self.variance):
            total += 0 if a is None else a.size
        return total

    def ops(self):
        return [s.op for s in self.steps]

    def adapt_steps(self):
        return [s for s in self.steps if s.op == "adapt"]

    def worst(self, part):
        """The verdict's worst element of `outputs` or `statistics` (a dict, or {})."""
        return (self.verdict.get(part) or {}).get("worst") or {}


def _step(index, group):
    op = text(group.attrs.get("op", ""))
    step = Step(index, op)
    if "error" in group.attrs:
        step.error = text(group.attrs["error"])
    for attribute in ("input_dtype", "data_dtype"):
        if attribute in group.attrs:
            step.dtype = text(group.attrs[attribute])
    if op == "build":
        step.input_shape = corpusfile.shape_attr(group)
    elif op == "adapt":
        if "data" in group:
            step.data = corpusfile.array(group, "data")
        else:
            step.batches = corpusfile.batches(group)
        for name in ("mean", "variance"):
            if f"expected_{name}" in group:
                step.expected[name] = corpusfile.array(group, f"expected_{name}")
    elif op == "call":
        step.input = corpusfile.array(group, "input")
        if "expected" in group:
            step.expected["output"] = corpusfile.array(group, "expected")
    return step


def _outcome(group):
    if group is None:
        return Outcome("missing")
    out = Outcome(text(group.attrs.get("status", "")))
    if "exception" in group.attrs:
        out.exception = text(group.attrs["exception"])
    out.message = text(group.attrs.get("message", ""))
    if "dtype" in group.attrs:
        out.dtype = text(group.attrs["dtype"])
    for name in ("output", "mean", "variance"):
        if name in group:
            out.values[name] = np.asarray(group[name][()], dtype=np.float64)
    return out


def read_case(corpus, results, verdict, default_epsilon=1e-7):
    """The Case for `verdict` (a JSON report case object) from open h5py files."""
    case_id = verdict["id"]
    group = corpus["cases"][case_id]
    steps = [_step(int(name), g) for name, g in corpusfile.steps(group)]
    construct = group["steps"]["000"]
    axis = json.loads(text(construct.attrs["axis"]))
    stats = {n: corpusfile.array(construct, n) if n in construct else None for n in ("mean", "variance")}
    produced = results["results"].get(case_id) if results is not None and "results" in results else None
    outcomes = []
    for s in steps:
        g = None
        if produced is not None and "steps" in produced:
            g = produced["steps"].get(f"{s.index:03d}")
        outcomes.append(_outcome(g))
    return Case(
        id=case_id,
        description=text(group.attrs.get("description", "")),
        tags=frozenset(text(group.attrs.get("tags", "")).split()),
        policy=corpusfile.case_policy(group),
        epsilon=corpusfile.case_epsilon(group, default_epsilon),
        axis=axis,
        invert=bool(int(construct.attrs.get("invert", 0))),
        mean=stats["mean"],
        variance=stats["variance"],
        steps=steps,
        results=outcomes,
        verdict=verdict,
    )


def read_report(report_path, corpus_path, results_path, keep=lambda verdict: True):
    """The Cases of one JSON report whose verdicts `keep` selects, with the report object."""
    import h5py

    with open(report_path) as f:
        report = json.load(f)
    cases = []
    with h5py.File(corpus_path, "r") as corpus:
        eps = corpusfile.default_epsilon(corpus)
        results = h5py.File(results_path, "r") if results_path and os.path.exists(results_path) else None
        try:
            for verdict in report["cases"]:
                if keep(verdict):
                    cases.append(read_case(corpus, results, verdict, eps))
        finally:
            if results is not None:
                results.close()
    return report, cases

