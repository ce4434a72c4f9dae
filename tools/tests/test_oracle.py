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
