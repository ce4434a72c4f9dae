"""Smoke tests of tools/adapters/keras_adapter.py on Keras 3 (numpy backend) and tf-keras.

They run the real layer on the small corpus of corpus_builder.smoke_cases() and check the
results file's structure (CORPUS-FORMAT.md "Results file") and the doc examples' values.
Skipped when Keras is not installed (use the venv made by tools/keras-conformance).
"""

import importlib.util
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER = os.path.join(os.path.dirname(HERE), "adapters", "keras_adapter.py")
sys.path.insert(0, HERE)

import corpus_builder as cb  # noqa: E402

pytest.importorskip("keras")


def run_adapter(corpus, results, *flags, backend="numpy"):
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run([sys.executable, ADAPTER, *flags, corpus, results],
                          capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return cb.write_corpus(str(tmp_path_factory.mktemp("c") / "smoke.h5"), cb.smoke_cases())


# tf-keras is installed only for `tools/keras-conformance tf-keras` (requirements-tf-keras.txt).
WITHOUT_TF_KERAS = pytest.mark.skipif(importlib.util.find_spec("tf_keras") is None,
                                      reason="tf-keras not installed (tools/make-venv tools/requirements-tf-keras.txt)")


@pytest.mark.parametrize("flags, name", [((), "keras 3.15.1 (numpy backend)"),
                                         pytest.param(("--keras2",), "tf-keras 2.21.0", marks=WITHOUT_TF_KERAS)])
def test_results_file(corpus, tmp_path, flags, name):
    results = str(tmp_path / "r.h5")
    proc = run_adapter(corpus, results, *flags)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not os.path.exists(results + ".partial")
    with h5py.File(results, "r") as f:
        assert f.attrs["format"] == "keras-normalization-results"
        assert f.attrs["format_version"] == "1.0"
        assert f.attrs["implementation"] == name
        assert f.attrs["dtype"] == "float32"
        assert len(f.attrs["corpus_sha256"]) == 64
        r = f["results"]
        assert sorted(r) == sorted(c["id"] for c in cb.smoke_cases())
        err = r["error.axis-out-of-range"]["steps"]["001"]
        assert err.attrs["status"] == "error" and err.attrs["exception"] == "ValueError"
        out = r["doc.axis-none"]["steps"]["002"]["output"]
        assert out.dtype == np.float32
        np.testing.assert_array_equal(out[()], np.float32([-1.4142135, -0.70710677, 0.0]))
        np.testing.assert_array_equal(r["doc.invert"]["steps"]["002"]["output"][()], [[2, 10, 8]])
        stats = r["doc.axis-last"]["steps"]["001"]
        np.testing.assert_array_equal(stats["mean"][()], [1, 8, 5])
        np.testing.assert_array_equal(stats["variance"][()], [1, 1, 1])
        assert r["batches.two"]["steps"]["002"].attrs["status"] == "ok"


def test_missing_arguments_is_usage_error():
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMCONF_")}
    proc = subprocess.run([sys.executable, ADAPTER], capture_output=True, env=env)
    assert proc.returncode == 2


def test_supplied_statistics_adapt_is_recorded_not_fatal(tmp_path):
    cases = [{"id": "supplied.adapt", "axis": -1, "mean": 1.0, "variance": 1.0,
              "steps": [("error", "adapt", [[1.0]], "adapt_on_supplied", "AttributeError ValueError")]},
             cb.smoke_cases()[0]]
    corpus = cb.write_corpus(str(tmp_path / "c.h5"), cases)
    results = str(tmp_path / "r.h5")
    assert run_adapter(corpus, results).returncode == 0
    with h5py.File(results, "r") as f:
        step = f["results"]["supplied.adapt"]["steps"]["001"]
        assert step.attrs["status"] == "error" and step.attrs["exception"] == "AttributeError"
        assert f["results"]["doc.axis-none"]["steps"]["002"].attrs["status"] == "ok"
