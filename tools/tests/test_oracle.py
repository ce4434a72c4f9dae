"""Tests of tools/oracle: it passes good corpora, names the case of a perturbed golden, and
refuses bad files with exit status 3. Corpora are written per CORPUS-FORMAT.md by
corpus_builder.py; the repository's own corpus is checked too when it exists.
"""

import math
import os
import random
import shutil
import subprocess
import sys
from fractions import Fraction

import h5py
import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.dirname(HERE)
REPO = os.path.dirname(TOOLS)
ORACLE = os.path.join(TOOLS, "oracle")
REPO_CORPUS = os.path.join(REPO, "Vectors", "normalization.h5")
sys.path[:0] = [HERE, TOOLS]

import corpus_builder as cb  # noqa: E402
from normoracle import exact  # noqa: E402

NAN, INF = float("nan"), float("inf")


def extra_cases():
    """Cases beyond the smoke set: special values, clamps, replacement, no-reduce batches."""
    return [
        {"id": "special.nan-and-inf", "axis": -1, "tags": "special-values",
         "steps": [("adapt", [[1.0, NAN, INF], [2.0, 3.0, 1.0]]), ("call", [[1.0, 1.0, 1.0]])]},
        {"id": "special.empty", "axis": -1,
         "steps": [("adapt", np.zeros((0, 3))), ("call", [[1.0, 2.0, 3.0]])]},
        {"id": "special.negative-variance", "axis": None, "mean": 0.5, "variance": -1.0,
         "steps": [("call", [1.0, -INF, 0.0])]},
        {"id": "epsilon.custom", "axis": -1, "epsilon": 1e-3, "mean": [0.0, 1.0],
         "variance": [0.0, 1e-8], "steps": [("call", [[1.0, 2.0], [-3.0, 0.5]])]},
        {"id": "adapt.replaces", "axis": None,
         "steps": [("adapt", [0.0, 2.0, 0.0, 2.0]), ("adapt", [2.0, 4.0, 2.0, 4.0]),
                   ("call", [3.0, 5.0])]},
        {"id": "call.defaults", "axis": -1, "steps": [("call", [[1.5, -2.0]])]},
        {"id": "batches.no-reduce", "axis": [0, 1],
         "steps": [("batches", [[[1.0, 2.0], [3.0, 4.0]], [[3.0, 0.0], [3.0, 8.0]]]),
                   ("call", [[1.0, 2.0], [3.0, 4.0]])]},
        {"id": "invert.cancel", "axis": None, "invert": True, "mean": 1000.25, "variance": 2.0,
         "steps": [("call", [-707.0, -707.25, -707.1, 3.0])]},
    ]


def run_oracle(*args):
    proc = subprocess.run([ORACLE, *args], capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def good_corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "good.h5"
    return str(cb.write_corpus(str(path), cb.smoke_cases() + extra_cases()))


def perturb(src, dst, case_id, step, dataset, times=3, flat_index=0, value=None):
    """Copy a corpus and move one golden number `times` floats up (or set it to `value`)."""
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        ds = f["cases"][case_id]["steps"][step][dataset]
        a = np.array(ds[()], dtype=np.float64)
        flat = a.reshape(-1)
        if value is not None:
            flat[flat_index] = value
        else:
            for _ in range(times):
                flat[flat_index] = np.nextafter(flat[flat_index], INF)
        ds[...] = a
    return dst


def test_good_corpus_passes(good_corpus):
    rc, out, err = run_oracle(good_corpus)
    assert rc == 0, out + err
    n = len(cb.smoke_cases() + extra_cases())
    assert out.splitlines()[-1] == f"{n} passed, 0 failed"
    assert "ok doc.axis-none stats_ulp=0.0 " in out


@pytest.mark.parametrize(
    "case_id, step, dataset, index",
    [
        ("doc.axis-last", "001", "expected_mean", 1),
        ("doc.axis-none", "001", "expected_variance", 0),
        ("batches.two", "001", "expected_variance", 0),
        ("doc.axis-none", "002", "expected", 0),
        ("supplied.vector", "002", "expected", 3),
        ("invert.cancel", "001", "expected", 3),
    ],
)
def test_three_ulps_fail_and_name_the_case(good_corpus, tmp_path, case_id, step, dataset, index):
    bad = perturb(good_corpus, str(tmp_path / "bad.h5"), case_id, step, dataset, flat_index=index)
    rc, out, _ = run_oracle(bad)
    assert rc == 1, out
    assert f"FAIL {case_id} " in out
    assert f"step {step}" in out
    assert out.splitlines()[-1].endswith(" passed, 1 failed")


def test_cancelling_normalise_is_strict_unless_lenient(good_corpus, tmp_path):
    """adapt.replaces calls x=5 with mean 3: x - mean cancels two bits of x + mean."""
    bad = perturb(good_corpus, str(tmp_path / "bad.h5"), "adapt.replaces", "003", "expected",
                  flat_index=1)
    rc, out, _ = run_oracle(bad)
    assert rc == 1 and "FAIL adapt.replaces" in out
    assert run_oracle(bad, "--lenient-normalise")[0] == 0


def test_one_ulp_output_is_within_bounds(good_corpus, tmp_path):
    ok = perturb(good_corpus, str(tmp_path / "ok.h5"), "doc.axis-none", "002", "expected", times=1)
    rc, out, _ = run_oracle(ok)
    assert rc == 0, out


@pytest.mark.parametrize("value", [NAN, INF, 7.0])
def test_special_mismatch_fails(good_corpus, tmp_path, value):
    bad = perturb(good_corpus, str(tmp_path / "bad.h5"), "special.nan-and-inf", "002", "expected",
                  flat_index=0, value=value)
    rc, out, _ = run_oracle(bad)
    assert rc == 1 and "FAIL special.nan-and-inf" in out


def test_nan_expected_where_nan_is_right(good_corpus, tmp_path):
    bad = perturb(good_corpus, str(tmp_path / "bad.h5"), "special.nan-and-inf", "002", "expected",
                  flat_index=1, value=1.0)
    rc, out, _ = run_oracle(bad)
    assert rc == 1 and "FAIL special.nan-and-inf" in out


def test_naive_float64_invert_reference_passes(tmp_path):
    """A reference computing f64(m + f64(x * f64(sqrt v))) is within the cancellation bound."""
    path = cb.write_corpus(str(tmp_path / "c.h5"), [extra_cases()[-1]])
    with h5py.File(path, "r+") as f:
        ds = f["cases"]["invert.cancel"]["steps"]["001"]["expected"]
        x = np.array([-707.0, -707.25, -707.1, 3.0])
        ds[...] = 1000.25 + x * np.sqrt(2.0)
    rc, out, _ = run_oracle(path)
    assert rc == 0, out


@pytest.mark.parametrize(
    "content, needle",
    [(None, "no such file"), (b"not an hdf5 file\n", "not an HDF5 file")],
)
def test_unreadable_files_exit_3(tmp_path, content, needle):
    path = tmp_path / "x.h5"
    if content is not None:
        path.write_bytes(content)
    rc, out, err = run_oracle(str(path))
    assert rc == 3
    assert str(path) in err and needle in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "fmt, version, needle",
    [("keras-normalization-results", "1.0", "format is"), ("keras-normalization-corpus", "2.0", "format_version")],
)
def test_wrong_format_exit_3(tmp_path, fmt, version, needle):
    path = cb.write_corpus(str(tmp_path / "c.h5"), cb.smoke_cases()[:1], fmt=fmt, version=version)
    rc, _, err = run_oracle(path)
    assert rc == 3 and needle in err and path in err


def test_minor_version_is_accepted(tmp_path):
    path = cb.write_corpus(str(tmp_path / "c.h5"), cb.smoke_cases()[:1], version="1.7")
    assert run_oracle(path)[0] == 0


def test_usage_error_exit_2():
    assert run_oracle("--no-such-flag")[0] == 2


def test_exact_moments_match_fractions():
    rng = random.Random(7)
    for _ in range(50):
        values = [rng.choice([1, -1]) * rng.random() * 2.0 ** rng.randint(-60, 60)
                  for _ in range(rng.randint(1, 40))]
        fr = [Fraction(v) for v in values]
        mean = sum(fr) / len(fr)
        var = sum((v - mean) ** 2 for v in fr) / len(fr)
        assert exact.moments(values) == (mean, var)


def test_merge_equals_concatenation_when_axes_are_reduced():
    a, b = [1.0, 2.5, -3.0], [0.125, 7.0]
    total = (Fraction(0), Fraction(0), 0)
    for batch in (a, b):
        total = exact.merge(total, (*exact.moments(batch), len(batch)))
    assert total[:2] == exact.moments(a + b)


def test_stat_error_in_ulps():
    assert exact.stat_error(1.0, Fraction(1)) == 0.0
    assert exact.stat_error(math.nextafter(1.0, 2.0), Fraction(1)) == 1.0
    assert exact.stat_error(NAN, NAN) == 0.0
    assert exact.stat_error(1.0, NAN) == INF
    assert exact.stat_error(INF, Fraction(2) ** 1024) == 0.0


@pytest.mark.skipif(not os.path.exists(REPO_CORPUS), reason="Vectors/normalization.h5 not generated yet")
def test_repository_corpus(tmp_path):
    rc, out, err = run_oracle()
    assert rc == 0, out[-3000:] + err
    with h5py.File(REPO_CORPUS, "r") as f:
        target = first_finite_output(f)
    assert target is not None
    case_id, step, dataset, index = target
    bad = perturb(REPO_CORPUS, str(tmp_path / "bad.h5"), case_id, step, dataset, flat_index=index)
    rc, out, _ = run_oracle(bad, "--quiet")
    assert rc == 1 and f"FAIL {case_id} " in out, out


def first_finite_output(f):
    """(case, step, 'expected', index) of the first finite nonzero golden output."""
    for case_id in sorted(f["cases"]):
        steps = f["cases"][case_id]["steps"]
        for name in sorted(steps):
            if "expected" in steps[name]:
                flat = np.asarray(steps[name]["expected"][()], dtype=np.float64).reshape(-1)
                for i, v in enumerate(flat.tolist()):
                    if math.isfinite(v) and v != 0:
                        return case_id, name, "expected", i
    return None


# --- SEMANTICS section 8: dtype policies (CORPUS-FORMAT 1.1) --------------------------------
# Under float16/bfloat16 compute dtypes the golden outputs (and, under float16/bfloat16
# variables, the adapted statistics) must be exactly the value of normoracle/halfcall.py.
# corpus_builder makes these goldens by another route (NumPy casts, bit-pattern bfloat16).

from normoracle import dtypes, halfcall  # noqa: E402
from normoracle.policy import Policy  # noqa: E402

F16, BF16 = dtypes.FLOAT16, dtypes.BFLOAT16
SUPPLIED = {"axis": -1, "mean": [0.5, -2.0], "variance": [3.0, 0.25]}
SUPPLIED_X = [[1.5, -1.0], [3.0, 0.75], [-6.5, 2.125]]
ADAPT_DATA = [[1.0, 2.0], [3.0, 5.0], [0.5, 7.0], [2.5, -4.0]]


def policy_cases():
    return [
        {"id": "policy.float16-supplied", "dtype_policy": "float16", **SUPPLIED,
         "steps": [("call", SUPPLIED_X)]},
        {"id": "policy.float16-adapted", "axis": -1, "dtype_policy": "float16",
         "steps": [("adapt", ADAPT_DATA, {"data_dtype": "float16"}),
                   ("call", [[1.5, 2.5], [-1.0, 0.0]])]},
        {"id": "policy.mixed-float16-invert", "dtype_policy": "mixed_float16", "invert": True,
         **SUPPLIED, "steps": [("call", [[1.0, 2.0], [-3.0, 1000.0]])]},
        {"id": "policy.bfloat16-batches", "axis": -1, "dtype_policy": "bfloat16",
         "steps": [("batches", [[[0.5], [1.5]], [[2.0], [4.0], [-1.0]]]),
                   ("call", [[1.0], [3.0], [-7.25]])]},
        {"id": "policy.mixed-bfloat16-eps", "axis": -1, "dtype_policy": "mixed_bfloat16",
         "mean": 0.5, "variance": 0.0, "steps": [("call", [1.5, 0.5, -0.5])]},
        {"id": "policy.float16-eps-overflow", "axis": -1, "dtype_policy": "float16",
         "mean": 0.0, "variance": 0.0,
         "steps": [("call", [2.0 ** -20, -(2.0 ** -16), 2.0 ** -10, 2.0 ** -7])]},
        {"id": "policy.float16-large-mean", "axis": -1, "dtype_policy": "float16",
         "mean": 70000.0, "variance": 1.0, "steps": [("call", [1.0, 70000.0])]},
        {"id": "policy.float16-int32-input", "axis": -1, "dtype_policy": "float16",
         "mean": 0.5, "variance": 3.0,
         "steps": [("call", [1.0, -2.0, 3.0, 100000.0], {"input_dtype": "int32"})]},
    ]


@pytest.fixture(scope="module")
def policy_corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("policy") / "policy.h5"
    return str(cb.write_corpus(str(path), policy_cases(), version="1.1"))


def test_policy_corpus_passes(policy_corpus):
    rc, out, err = run_oracle(policy_corpus)
    assert rc == 0, out + err
    assert out.splitlines()[-1] == f"{len(policy_cases())} passed, 0 failed"
    # Narrow compute dtypes are judged exactly: the worst error of every such case is 0.
    assert "ok policy.float16-supplied stats_ulp=- output_ulp=0.0" in out
    assert "ok policy.float16-adapted stats_ulp=0.0 output_ulp=0.0" in out


def next_up(value, fmt):
    """The next value of fmt above a finite `value` (test-side, via NumPy for float16)."""
    if fmt is F16:
        return float(np.nextafter(np.float16(value), np.float16(INF)))
    e = max(math.frexp(value)[1] - 1, fmt.min_exp) if value != 0 else fmt.min_exp
    return value + 2.0 ** (e - (fmt.precision - 1)) if value >= 0 else -next_down(-value, fmt)


def next_down(value, fmt):
    e = math.frexp(value)[1] - 1
    step = 2.0 ** (max(e - (value == 2.0 ** e), fmt.min_exp) - (fmt.precision - 1))
    return value - step


def perturb_to(src, dst, case_id, step, dataset, flat_index, fmt):
    """Copy a corpus and move one golden value one `fmt` ulp up."""
    with h5py.File(src, "r") as f:
        value = float(np.asarray(f["cases"][case_id]["steps"][step][dataset][()]).reshape(-1)[flat_index])
    return perturb(src, dst, case_id, step, dataset, flat_index=flat_index,
                   value=next_up(value, fmt))


@pytest.mark.parametrize(
    "case_id, step, dataset, index, fmt",
    [
        ("policy.float16-supplied", "001", "expected", 0, F16),  # 0.5771484375
        ("policy.float16-supplied", "001", "expected", 4, F16),
        ("policy.float16-adapted", "001", "expected_mean", 0, F16),
        ("policy.float16-adapted", "002", "expected", 2, F16),
        ("policy.mixed-float16-invert", "001", "expected", 0, F16),
        ("policy.bfloat16-batches", "002", "expected", 1, BF16),
        ("policy.mixed-bfloat16-eps", "001", "expected", 0, BF16),
    ],
)
def test_one_narrow_ulp_fails(policy_corpus, tmp_path, case_id, step, dataset, index, fmt):
    """A golden moved by ONE float16 (bfloat16) ulp fails: half policies are judged exactly."""
    bad = perturb_to(policy_corpus, str(tmp_path / "bad.h5"), case_id, step, dataset, index, fmt)
    rc, out, _ = run_oracle(bad, "--quiet")
    assert rc == 1, out
    assert f"FAIL {case_id} " in out and f"step {step}" in out
    assert f"1.0 {fmt} ulps, must be 0" in out
    assert out.splitlines()[-1] == f"{len(policy_cases()) - 1} passed, 1 failed"


def test_one_float16_ulp_fails_even_with_wide_bounds(policy_corpus, tmp_path):
    bad = perturb_to(policy_corpus, str(tmp_path / "bad.h5"), "policy.float16-supplied", "001",
                     "expected", 0, F16)
    rc, out, _ = run_oracle(bad, "--output-ulps", "1e9", "--stat-ulps", "1e9")
    assert rc == 1 and "FAIL policy.float16-supplied" in out


@pytest.mark.parametrize("index, value", [(3, 65504.0), (0, NAN), (1, 0.0)])
def test_narrow_specials_must_match(policy_corpus, tmp_path, index, value):
    """eps-overflow expects [8, -128, 8192, inf]; large-mean [-inf, nan]."""
    case_id = "policy.float16-eps-overflow" if index != 0 else "policy.float16-large-mean"
    bad = perturb(policy_corpus, str(tmp_path / "bad.h5"), case_id, "001", "expected",
                  flat_index=index, value=value)
    rc, out, _ = run_oracle(bad, "--quiet")
    assert rc == 1 and f"FAIL {case_id} " in out, out


def test_declared_dtype_must_hold_the_values(policy_corpus, tmp_path):
    """CORPUS-FORMAT 1.1: input under input_dtype int32 must be int32 values."""
    bad = perturb(policy_corpus, str(tmp_path / "bad.h5"), "policy.float16-int32-input", "001",
                  "input", flat_index=0, value=1.5)
    rc, out, _ = run_oracle(bad, "--quiet")
    assert rc == 1 and "input[(0,)] = 1.5 is not exact in int32 (input_dtype)" in out, out


def test_unknown_policy_is_a_failure(policy_corpus, tmp_path):
    bad = str(tmp_path / "bad.h5")
    shutil.copyfile(policy_corpus, bad)
    with h5py.File(bad, "r+") as f:
        f["cases"]["policy.float16-supplied"].attrs["dtype_policy"] = "float8"
    rc, out, _ = run_oracle(bad, "--quiet")
    assert rc == 1 and "unknown dtype_policy 'float8'" in out, out


@pytest.mark.parametrize(
    "value, expected",
    [
        (65504, 65504.0),
        (Fraction(131039, 2), 65504.0),  # 65519.5: below the overflow threshold
        (Fraction(6551999, 100), 65504.0),  # 65519.99
        (65520, INF),  # greatest + half an ulp: overflows
        (-65520, -INF),
        (10 ** 9, INF),
        (Fraction(1, 2 ** 24), 2.0 ** -24),  # smallest subnormal
        (Fraction(1, 2 ** 25), 0.0),  # tie between 0 and 2**-24: to even, 0
        (Fraction(-1, 2 ** 25), -0.0),
        (Fraction(3, 2 ** 25), 2.0 ** -23),  # tie between 2**-24 and 2**-23: to even
        (Fraction(1, 2 ** 25) + Fraction(1, 2 ** 80), 2.0 ** -24),  # just past the tie
        (Fraction(2049), 2048.0),  # tie, to even
        (Fraction(2051), 2052.0),  # tie, to even
        (Fraction(1, 3), 0.333251953125),
        (Fraction(1e-7), 2.0 ** -23),  # eps in float16
        (Fraction(2 ** 14 - 1, 2 ** 24), 2.0 ** -10),  # last subnormal rounds up into normals
    ],
)
def test_float16_rounding(value, expected):
    got = dtypes.round_to(F16, value)
    assert got == expected and math.copysign(1, got) == math.copysign(1, expected)


def test_bfloat16_and_float32_rounding():
    assert dtypes.round_to(BF16, Fraction(1e-7)) == 215 * 2.0 ** -31
    assert dtypes.round_to(BF16, Fraction(1, 2 ** 133)) == 2.0 ** -133
    assert dtypes.round_to(BF16, Fraction(1, 2 ** 134)) == 0.0  # tie to even (0)
    assert dtypes.round_to(BF16, 70000) == 70144.0
    assert dtypes.round_to(BF16, dtypes.BFLOAT16.overflow) == INF
    assert dtypes.round_to(BF16, dtypes.BFLOAT16.greatest) == 3.3895313892515355e38
    assert dtypes.round_to(dtypes.FLOAT32, Fraction(1, 10)) == float(np.float32(0.1))
    assert dtypes.round_to(F16, NAN) != dtypes.round_to(F16, NAN)  # NaN kept
    assert dtypes.round_to(F16, -INF) == -INF


def test_rounding_agrees_with_numpy_casts():
    """Independent cross-check (test side only): NumPy's float64 -> float16/float32 casts
    are correctly rounded, so they must agree with the exact rounding everywhere."""
    rng = random.Random(16)
    for _ in range(3000):
        v = rng.choice([1, -1]) * rng.random() * 2.0 ** rng.randint(-30, 20)
        if rng.random() < 0.3:  # exact midpoints and their neighbours
            k = rng.randint(0, 4096)
            v = (k + 0.5) * 2.0 ** rng.randint(-26, 5) + rng.choice([0.0, 1e-300])
        with np.errstate(over="ignore"):
            assert dtypes.round_to(F16, v) == float(np.float16(v)), v
            assert dtypes.round_to(dtypes.FLOAT32, v * 2.0 ** 100) == float(np.float32(v * 2.0 ** 100))


def test_represents():
    assert dtypes.represents("float16", 2.0 ** -24) and not dtypes.represents("float16", 2.0 ** -25)
    assert dtypes.represents("bfloat16", 2.0 ** 100) and not dtypes.represents("bfloat16", 257.0)
    assert dtypes.represents("float16", INF) and dtypes.represents("float16", NAN)
    assert dtypes.represents("int32", -(2.0 ** 31)) and not dtypes.represents("int32", 2.0 ** 31)
    assert not dtypes.represents("int64", 2.0 ** 63) and dtypes.represents("int64", 2.0 ** 62)
    assert dtypes.represents("uint8", 255.0) and not dtypes.represents("uint8", -1.0)
    assert dtypes.represents("bool", 1.0) and not dtypes.represents("bool", 2.0)
    assert not dtypes.represents("int32", 0.5) and not dtypes.represents("int32", NAN)


@pytest.mark.parametrize(
    "policy, mean, variance, xs, invert, expected",
    [
        # The corpus' own examples (dtype.eps-float16, dtype.eps-mixed-float16-overflow,
        # dtype.eps-mixed-bfloat16, dtype.large-mean-float16).
        ("float16", 0.0, 0.0, [2.0 ** -20, -(2.0 ** -16), 2.0 ** -10, 2.0 ** -7], False,
         [8.0, -128.0, 8192.0, INF]),
        ("mixed_float16", 0.5, 0.0, [1.5, 0.5, -0.5], False, [INF, 0.0, -INF]),
        ("mixed_bfloat16", 0.5, 0.0, [1.5, 0.5, -0.5], False, [9961472.0, 0.0, -9961472.0]),
        ("float16", 70000.0, 1.0, [1.0, 70000.0], False, [-INF, NAN]),
        # Exact ties through a perfect-square root, decided to even: 1025.5 -> 1026,
        # 1024.5 -> 1024; with s = sqrt(2.25) = 1.5: 1024 + 1.5 = 1025.5 -> 1026, while
        # 1024 - 1.5 = 1022.5 is a float16 value (spacing 0.5 below 1024).
        ("float16", 1025.0, 1.0, [0.5, -0.5, 0.25], True, [1026.0, 1024.0, 1025.0]),
        ("float16", 1024.0, 2.25, [1.0, -1.0], True, [1026.0, 1022.5]),
        # Normalise with s = 1.5 (exact): (2049 -> 2048 in float16 - 2) / 1.5 = 1364, exact.
        ("float16", 2.0, 2.25, [2049.0, 5.0], False, [1364.0, 2.0]),
        # Negative variance and 0 * inf.
        ("float16", 0.0, -1.0, [1.0], False, [NAN]),
        ("float16", 1.0, INF, [0.0, 1.0], True, [NAN, INF]),
    ],
)
def test_narrow_call_values(policy, mean, variance, xs, invert, expected):
    got = [halfcall.expected(Policy(policy), x, mean, variance, 1e-7, invert) for x in xs]
    assert [halfcall.ulps(g, e, F16) for g, e in zip(got, expected)] == [0.0] * len(xs), got


def test_surd_compare_is_exact():
    root2 = halfcall.Surd(0, 1, 2)  # sqrt(2)
    assert root2.compare(Fraction(14142135623730951, 10 ** 16)) == -1
    assert root2.compare(Fraction(14142135623730950, 10 ** 16)) == 1
    assert halfcall.Surd(1, -1, Fraction(9, 4)).compare(Fraction(-1, 2)) == 0  # 1 - 1.5
    assert halfcall.Surd(3, -2, 2).compare(0) == 1  # 3 - 2 sqrt 2 > 0
