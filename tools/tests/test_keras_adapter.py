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
        assert f.attrs["format_version"] == "1.1"
        assert f.attrs["implementation"] == name
        assert f.attrs["dtype"] == "float32"
        assert len(f.attrs["corpus_sha256"]) == 64
        r = f["results"]
        assert sorted(r) == sorted(c["id"] for c in cb.smoke_cases())
        err = r["error.axis-out-of-range"]["steps"]["001"]
        assert err.attrs["status"] == "error" and err.attrs["exception"] == "ValueError"
        out = r["doc.axis-none"]["steps"]["002"]["output"]
        assert out.dtype == np.float32
        # Format 1.1: every ok step with values names the dtype Keras produced them in.
        assert r["doc.axis-none"]["steps"]["002"].attrs["dtype"] == "float32"
        assert r["doc.axis-none"]["steps"]["001"].attrs["dtype"] == "float32"
        assert "dtype" not in r["doc.axis-none"]["steps"]["000"].attrs
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


# Format 1.1 (SEMANTICS 8): a case's dtype_policy and a step's input_dtype / data_dtype, in
# corpus_builder's form (case key "dtype_policy"; a step's third element holds its
# attributes). Values are those probed on Keras 3.15.1, equal on all three
# backends; outputs in float16/bfloat16 are stored as float32 with attribute dtype.
DTYPE_CASES = [
    # dtype.policy-call: the doc-less mixed policies compute in float16 / bfloat16. 1-D input
    # as in the corpus: on jax a (3, 1) input gives [inf, nan, -inf] (XLA multiplies by the
    # reciprocal of the broadcast float16 scale, 1/2^-23 = inf, and 0 * inf is NaN).
    {"id": "policy.mixed-float16", "axis": -1, "mean": 0.5, "variance": 0.0, "level": "keras",
     "dtype_policy": "mixed_float16", "steps": [("call", [1.5, 0.5, -0.5])]},
    {"id": "policy.mixed-bfloat16", "axis": -1, "mean": 0.5, "variance": 0.0, "level": "keras",
     "dtype_policy": "mixed_bfloat16", "steps": [("call", [1.5, 0.5, -0.5])]},
    # A 0-d bfloat16 output: on TensorFlow keras.ops.convert_to_numpy raises on it (the
    # adapter falls back to tensor.numpy()); (2.5 - 0.5) / 2 = 1.
    {"id": "policy.bfloat16-scalar", "axis": None, "mean": 0.5, "variance": 4.0, "level": "keras",
     "dtype_policy": "bfloat16", "steps": [("call", 2.5)]},
    # dtype.policy-variables: under float16 the adapted statistics are float16.
    {"id": "policy.float16-adapt", "axis": -1, "level": "keras", "dtype_policy": "float16",
     "steps": [("adapt", [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), ("call", [[1.0, 2.0]])]},
    # dtype.input-cast: inputs of other dtypes give float32 outputs (bool -> 0/1).
    {"id": "input.bool", "axis": -1, "mean": 0.5, "variance": 4.0, "level": "keras",
     "steps": [("call", [1.0, 0.0, 1.0], {"input_dtype": "bool"})]},
    {"id": "input.int64", "axis": -1, "mean": 0.5, "variance": 4.0, "level": "keras",
     "steps": [("call", [1.0, 2.0, 3.0], {"input_dtype": "int64"})]},
    {"id": "input.bfloat16", "axis": -1, "mean": 0.5, "variance": 4.0, "level": "keras",
     "steps": [("call", [1.5, 2.0, -3.0], {"input_dtype": "bfloat16"})]},
    # dtype.adapt-stream: int32 batches.
    {"id": "data.int32-stream", "axis": -1, "level": "keras",
     "steps": [("batches", [[[1.0], [2.0]], [[3.0], [4.0]]], {"data_dtype": "int32"})]},
    # A dtype the format does not know is the adapter's fault, recorded, not fatal.
    {"id": "input.unknown", "axis": -1, "mean": 0.5, "variance": 4.0, "level": "keras",
     "steps": [("call", [1.0], {"input_dtype": "complex64"})]},
]


@pytest.mark.parametrize("backend", ["numpy", "jax", "tensorflow"])
def test_dtype_policies_and_input_dtypes(tmp_path, backend):
    pytest.importorskip(backend)
    corpus = cb.write_corpus(str(tmp_path / "c.h5"), DTYPE_CASES, version="1.1")
    results = str(tmp_path / "r.h5")
    proc = run_adapter(corpus, results, backend=backend)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with h5py.File(results, "r") as f:
        assert f.attrs["format_version"] == "1.1"
        assert f.attrs["dtype"] == "float32"  # the default policy's, not a case's
        r = f["results"]

        def ok(case, step):
            g = r[case]["steps"][step]
            assert g.attrs["status"] == "ok", dict(g.attrs)
            return g

        # float16/bfloat16 are stored as float32 (exact); attribute dtype keeps Keras' dtype.
        g = ok("policy.mixed-float16", "001")
        assert g.attrs["dtype"] == "float16" and g["output"].dtype == np.float32
        np.testing.assert_array_equal(g["output"][()], [np.inf, 0.0, -np.inf])
        g = ok("policy.mixed-bfloat16", "001")
        assert g.attrs["dtype"] == "bfloat16" and g["output"].dtype == np.float32
        np.testing.assert_array_equal(g["output"][()], [9961472.0, 0.0, -9961472.0])

        g = ok("policy.bfloat16-scalar", "001")
        assert g.attrs["dtype"] == "bfloat16" and g["output"].shape == ()
        assert g["output"][()] == 1.0

        g = ok("policy.float16-adapt", "001")
        assert g.attrs["dtype"] == "float16"
        np.testing.assert_array_equal(g["mean"][()], [3.0, 4.33203125])
        np.testing.assert_array_equal(g["variance"][()], [2.666015625, 4.22265625])
        g = ok("policy.float16-adapt", "002")
        assert g.attrs["dtype"] == "float16"
        np.testing.assert_array_equal(g["output"][()], [[-1.224609375, -1.134765625]])

        for case, expected in [("input.bool", [0.25, -0.25, 0.25]), ("input.int64", [0.25, 0.75, 1.25]),
                               ("input.bfloat16", [0.5, 0.75, -1.75])]:
            g = ok(case, "001")
            assert g.attrs["dtype"] == "float32" and g["output"].dtype == np.float32
            np.testing.assert_array_equal(g["output"][()], expected)

        g = ok("data.int32-stream", "001")
        assert g.attrs["dtype"] == "float32"
        np.testing.assert_array_equal(g["mean"][()], [2.5])
        np.testing.assert_array_equal(g["variance"][()], [1.25])

        g = r["input.unknown"]["steps"]["001"]
        assert g.attrs["status"] == "error" and g.attrs["adapter_fault"] == 1
        assert "complex64" in g.attrs["message"]


def test_packages_attribute(corpus, tmp_path):
    """Root attribute `packages` names the versions of what produced the results."""
    import keras

    results = str(tmp_path / "r.h5")
    assert run_adapter(corpus, results).returncode == 0
    with h5py.File(results, "r") as f:
        packages = dict(p.split("=", 1) for p in f.attrs["packages"].split())
    assert list(packages)[0] == "keras" and packages["keras"] == keras.__version__
    assert packages["numpy"] == np.__version__ and packages["h5py"] == h5py.__version__
    assert "tensorflow" in packages  # a version, or "absent": adapt on batches needs it


def test_batches_without_tensorflow_are_unsupported(corpus, tmp_path):
    """SEMANTICS backends.tensorflow-import: without TensorFlow, Keras 3's adapt on a list of
    batches raises ImportError on every backend; the adapter records that step unsupported
    (never ok, never error) with the exact message and the clause, and other steps run."""
    stub = tmp_path / "no-tf"
    (stub / "tensorflow").mkdir(parents=True)
    (stub / "tensorflow" / "__init__.py").write_text("raise ImportError(\"No module named 'tensorflow'\")\n")
    results = str(tmp_path / "r.h5")
    env = dict(os.environ, KERAS_BACKEND="numpy", PYTHONPATH=str(stub))
    proc = subprocess.run([sys.executable, ADAPTER, corpus, results],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with h5py.File(results, "r") as f:
        r = f["results"]
        step = r["batches.two"]["steps"]["001"]
        assert step.attrs["status"] == "unsupported" and "002" not in r["batches.two"]["steps"]
        assert step.attrs["message"] == (
            "ImportError: This requires the tensorflow module. You can install it via "
            "`pip install tensorflow` (SEMANTICS backends.tensorflow-import)")
        assert "exception" not in step.attrs
        assert r["doc.axis-last"]["steps"]["001"].attrs["status"] == "ok"  # adapt of an array
        assert r["error.axis-out-of-range"]["steps"]["001"].attrs["status"] == "error"
