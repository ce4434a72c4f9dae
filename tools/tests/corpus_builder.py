"""Small, well-formed corpora (CORPUS-FORMAT.md) from a Python description, for tests.

The golden values are made here with a deliberately different route from the oracle's:
naive Fraction sums and a two-pass variance for the moments, and mpmath at 300 bits
rounded through an exact Fraction for outputs. Cases are plain dicts:

    {"id": "doc.axis-none", "axis": None, "invert": False,
     "mean": None, "variance": None,          # optional supplied statistics
     "epsilon": None,                          # optional per-case clamp
     "steps": [("build", [None, 3]), ("adapt", array), ("batches", [a, b]),
               ("call", array), ("error", op, payload, code, exceptions)]}

Optional for CORPUS-FORMAT 1.1: a case key "dtype_policy" (written as the case attribute;
float16/bfloat16 compute dtypes get goldens per SEMANTICS section 8, see `narrow_output`),
and a third element on a step, a dict of step attributes such as {"input_dtype": "int32"}
or {"data_dtype": "float16"}, written as given.

An ("error", ...) step is written as the given op carrying the error expectation and ends
the case. Run as a script to write the smoke corpus used for the Keras adapter.
"""

import json
import math
import sys
import warnings
from fractions import Fraction

import h5py
import mpmath
import numpy as np

mpmath.mp.prec = 300


def kept_axes(axis, ndim):
    axes = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(sorted(a + ndim if a < 0 else a for a in axes))


def layout(data, keep):
    """Kept axes first, reduced axes flattened: one row per statistic."""
    reduce = tuple(d for d in range(data.ndim) if d not in keep)
    rows = math.prod(data.shape[d] for d in keep)
    return np.transpose(data, keep + reduce).reshape(rows, -1)


def fraction_moments(row):
    """Two-pass mean and population variance in Fractions; IEEE (numpy) for NaN/inf/empty."""
    if len(row) == 0 or not np.all(np.isfinite(row)):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # mean of an empty slice
            return float(np.mean(row)), float(np.var(row))
    values = [Fraction(v) for v in row.tolist()]
    mean = sum(values, Fraction(0)) / len(values)
    var = sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)
    return mean, var


def rounded(q):
    return float(q) if isinstance(q, Fraction) else q


def mp_round(y):
    """Nearest float64 to an mpf, through an exact Fraction."""
    sign, man, exp, _ = y._mpf_  # mpmath's raw (sign, mantissa, exponent, bits)
    return (-1) ** sign * float(Fraction(int(man)) * Fraction(2) ** int(exp))


def output(x, m, v, eps, invert):
    """Golden output: exact formula rounded once; IEEE float64 where NaN/inf are involved."""
    if not all(math.isfinite(t) for t in (x, m, v)) or v < 0:
        with np.errstate(all="ignore"):
            s = np.maximum(np.sqrt(np.float64(v)), eps)
            return float(m + x * s) if invert else float((x - m) / s)
    s = max(mpmath.sqrt(mpmath.mpf(v)), mpmath.mpf(eps))
    y = mpmath.mpf(m) + mpmath.mpf(x) * s if invert else (mpmath.mpf(x) - mpmath.mpf(m)) / s
    return 0.0 if y == 0 else mp_round(y)


# SEMANTICS section 8, by a different route from the oracle's (which rounds exact rationals
# itself): NumPy's float16/float32 casts, and bfloat16 by rounding the float64 bit pattern
# to 7 stored significand bits (normal range only, which is all the tests use).
NARROW_POLICIES = {"float16": "float16", "mixed_float16": "float16",
                   "bfloat16": "bfloat16", "mixed_bfloat16": "bfloat16"}


def to_bfloat16(v):
    """float64 -> bfloat16 (as a float64): round-to-nearest-even on the bit pattern."""
    if not math.isfinite(v) or v == 0:
        return v
    bits = int(np.float64(v).view(np.uint64))
    drop = 52 - 7
    bits += (1 << (drop - 1)) - 1 + ((bits >> drop) & 1)
    bits &= ~((1 << drop) - 1)
    r = float(np.uint64(bits).view(np.float64))
    return math.copysign(math.inf, r) if abs(r) > 3.3895313892515355e38 else r


def to_narrow(dtype, v):
    """float64 -> float16 or bfloat16, returned as float64."""
    if dtype == "float16":
        with np.errstate(all="ignore"):
            return float(np.float16(v))
    return to_bfloat16(v)



def narrow_output(x, m, v, eps, invert, dtype):
    """Golden output under a float16/bfloat16 compute dtype: operands cast (statistics via
    float32), the formula at 300 bits, then one cast of its float64 rounding to the dtype."""
    with np.errstate(all="ignore"):
        m32, v32 = float(np.float32(m)), float(np.float32(v))
    x, m, v, eps = (to_narrow(dtype, x), to_narrow(dtype, m32), to_narrow(dtype, v32),
                    to_narrow(dtype, eps))
    return to_narrow(dtype, output(x, m, v, eps, invert))


class Layer:
    """Just enough of the layer to compute goldens for the cases the tests describe."""

    def __init__(self, case):
        self.case = case
        self.keep = None

    def build(self, shape):
        ndim = len(shape)
        self.keep = kept_axes(self.case["axis"], ndim)
        self.bshape = tuple(shape[d] if d in self.keep else 1 for d in range(ndim))
        self.sshape = tuple(shape[d] for d in self.keep)
        reduce = [d for d in range(ndim) if d not in self.keep]
        self.reduce = reduce
        if self.case.get("mean") is None:
            self.mean, self.var = np.zeros(self.bshape), np.ones(self.bshape)
        else:
            # Right-aligned numpy broadcasting is build.broadcast for these simple cases.
            place = lambda a: np.broadcast_to(np.asarray(a, float), self.sshape).reshape(self.bshape)
            self.mean, self.var = place(self.case["mean"]), place(self.case["variance"])

    def adapt(self, data):
        if self.keep is None:
            self.build(data.shape)
        stats = [fraction_moments(r) for r in layout(data, self.keep)]
        return self._store(stats)

    def adapt_batches(self, batches):
        if self.keep is None:
            self.build(batches[0].shape)
        total = None
        for b in batches:
            n_b = math.prod(b.shape[d] for d in self.reduce) if self.reduce else 1
            rows = [fraction_moments(r) for r in layout(b, self.keep)]
            total = total or [(Fraction(0), Fraction(0), 0)] * len(rows)
            merged = []
            for (M, V, N), (mb, vb) in zip(total, rows):
                N2 = N + n_b
                wb = Fraction(n_b, N2)
                wa = 1 - wb
                M2 = M * wa + mb * wb
                merged.append((M2, (V + (M - M2) ** 2) * wa + (vb + (mb - M2) ** 2) * wb, N2))
            total = merged
        return self._store([(m, v) for m, v, _ in total])

    def _store(self, stats):
        store = rounded
        variable = self.case.get("dtype_policy")
        if variable in ("float16", "bfloat16"):  # dtype.policy-variables; mixed_* store float32
            store = lambda q: to_narrow(variable, rounded(q))
        mean = np.array([store(m) for m, _ in stats]).reshape(self.sshape)
        var = np.array([store(v) for _, v in stats]).reshape(self.sshape)
        self.mean, self.var = mean.reshape(self.bshape), var.reshape(self.bshape)
        return mean, var

    def call(self, x, eps):
        if self.keep is None:
            self.build(x.shape)
        xs, ms, vs = np.broadcast_arrays(x, self.mean, self.var)
        narrow = NARROW_POLICIES.get(self.case.get("dtype_policy"))
        invert = self.case.get("invert", False)
        if narrow:
            f = lambda a, b, c: narrow_output(a, b, c, eps, invert, narrow)
        else:
            f = lambda a, b, c: output(a, b, c, eps, invert)
        flat = [f(a, b, c)
                for a, b, c in zip(xs.ravel().tolist(), ms.ravel().tolist(), vs.ravel().tolist())]
        return np.array(flat, dtype=np.float64).reshape(xs.shape)


def write_step(steps, index, op, **attrs):
    g = steps.create_group(f"{index:03d}")
    g.attrs["op"] = op
    for k, v in attrs.items():
        g.attrs[k] = v
    return g


def write_payload(g, op, payload):
    if op == "adapt":
        g.create_dataset("data", data=np.asarray(payload, dtype=np.float64))
    elif op == "batches":
        g.attrs["batches"] = np.int64(len(payload))
        for i, b in enumerate(payload):
            g.create_dataset(f"batch_{i:03d}", data=np.asarray(b, dtype=np.float64))
    elif op == "call":
        g.create_dataset("input", data=np.asarray(payload, dtype=np.float64))
    elif op == "build":
        g.attrs["input_shape"] = json.dumps(payload)


def write_case(cases, case, root_eps):
    g = cases.create_group(case["id"])
    g.attrs["description"] = case.get("description", f"test case {case['id']}.")
    g.attrs["clauses"] = case.get("clauses", "call.formula")
    g.attrs["tags"] = case.get("tags", "test")
    g.attrs["level"] = case.get("level", "doc")
    g.attrs["exact_in"] = "float32"
    eps = root_eps if case.get("epsilon") is None else case["epsilon"]
    if case.get("epsilon") is not None:
        g.attrs["epsilon"] = np.float64(eps)
    if case.get("dtype_policy") is not None:
        g.attrs["dtype_policy"] = case["dtype_policy"]
    steps = g.create_group("steps")
    c = write_step(steps, 0, "construct", axis=json.dumps(case["axis"]),
                   invert=np.int8(bool(case.get("invert", False))))
    if case.get("mean") is not None:
        c.create_dataset("mean", data=np.asarray(case["mean"], dtype=np.float64))
        c.create_dataset("variance", data=np.asarray(case["variance"], dtype=np.float64))
    layer = Layer(case)
    for i, step in enumerate(case["steps"], start=1):
        if step[0] == "error":
            _, op, payload, code, exceptions = step
            s = write_step(steps, i, "adapt" if op == "batches" else op,
                           error=code, exceptions=exceptions, keras_message="(test)")
            write_payload(s, op, payload)
            break
        op, payload = step[:2]
        extra = step[2] if len(step) > 2 else {}  # CORPUS-FORMAT 1.1 step attributes
        s = write_step(steps, i, "adapt" if op == "batches" else op, **extra)
        write_payload(s, op, payload)
        if op == "build":
            layer.build(tuple(payload))
        elif op in ("adapt", "batches"):
            f = layer.adapt if op == "adapt" else layer.adapt_batches
            mean, var = f(np.asarray(payload, dtype=np.float64) if op == "adapt"
                          else [np.asarray(b, dtype=np.float64) for b in payload])
            s.create_dataset("expected_mean", data=mean)
            s.create_dataset("expected_variance", data=var)
        elif op == "call":
            s.create_dataset("expected", data=layer.call(np.asarray(payload, dtype=np.float64), eps))


def write_corpus(path, cases, epsilon=1e-7, fmt="keras-normalization-corpus", version="1.0"):
    """Write a corpus file for `cases` (see the module docstring)."""
    with h5py.File(path, "w") as f:
        f.attrs["format"] = fmt
        f.attrs["format_version"] = version
        f.attrs["spec"] = "keras.layers.Normalization (Keras 3.15.1)"
        f.attrs["epsilon"] = np.float64(epsilon)
        f.attrs["case_count"] = np.int64(len(cases))
        f.attrs["generator"] = "tools/tests/corpus_builder.py"
        cases_group = f.create_group("cases")
        for case in cases:
            write_case(cases_group, case, epsilon)
    return path


DOC_ADAPT = [[0.0, 7.0, 4.0], [2.0, 9.0, 6.0], [0.0, 7.0, 4.0], [2.0, 9.0, 6.0]]


def smoke_cases():
    """The doc examples plus an error, a batches and a supplied-statistics case."""
    return [
        {"id": "doc.axis-none", "axis": None, "tags": "doc-example adapt",
         "steps": [("adapt", [1.0, 2.0, 3.0, 4.0, 5.0]), ("call", [1.0, 2.0, 3.0])]},
        {"id": "doc.axis-last", "axis": -1, "tags": "doc-example adapt",
         "steps": [("adapt", DOC_ADAPT), ("call", [[0.0, 7.0, 4.0]])]},
        {"id": "doc.supplied-scalars", "axis": -1, "mean": 3.0, "variance": 2.0,
         "tags": "doc-example", "steps": [("call", [[1.0], [2.0], [3.0]])]},
        {"id": "doc.invert", "axis": -1, "invert": True, "tags": "doc-example invert",
         "steps": [("adapt", DOC_ADAPT), ("call", [[1.0, 2.0, 3.0]])]},
        {"id": "error.axis-out-of-range", "axis": 3, "tags": "error", "level": "keras",
         "clauses": "build.range",
         "steps": [("error", "build", [None, 2], "axis_out_of_range", "ValueError")]},
        {"id": "batches.two", "axis": -1, "tags": "batches", "level": "keras",
         "clauses": "adapt.batches",
         "steps": [("batches", [[[1.0, 2.0], [3.0, 5.0]], [[0.5, -1.0]]]),
                   ("call", [[1.0, 1.0], [2.0, 0.25]])]},
        {"id": "supplied.vector", "axis": [1, 2], "mean": [1.0, 2.0, 3.0, 4.0],
         "variance": [4.0, 0.25, 0.0, 9.0], "tags": "broadcast", "level": "keras",
         "clauses": "build.broadcast call.eps-clamp",
         "steps": [("build", [None, 2, 4]), ("call", np.arange(16.0).reshape(2, 2, 4) / 4)]},
    ]


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "smoke.h5"
    write_corpus(out, smoke_cases())
    print(out)
