#!/usr/bin/env python3
"""Run every case of a normalization corpus on Keras and write a results file.

The implementation under test is keras.layers.Normalization from Keras 3 on the backend
named by KERAS_BACKEND (numpy, jax, tensorflow, torch, openvino), or with --keras2 the
tf-keras 2 layer.
Input: a corpus per shared/spec/CORPUS-FORMAT.md (format 1.1). Output: its "Results
file": per case, one group per executed step with status ok / error / unsupported, call
outputs and, after an adapt, the statistics (layer.adapt_mean and layer.adapt_variance, in
the statistics shape).

Format 1.1 (SEMANTICS 8): a case's `dtype_policy` is passed as Normalization(dtype=...);
a call's `input_dtype` and an adapt's `data_dtype` give the NumPy dtype the arrays are
handed to Keras in. Every ok step with values carries attribute `dtype`, the dtype Keras
produced (output, or adapt_mean); float16/bfloat16 values are stored as float32 (exact),
since h5py cannot store bfloat16.

The adapter judges nothing: an exception is recorded (class name and message) at the step
where it happened and the case stops there. Only a step the installed environment cannot
express at all is recorded `unsupported` instead (message: the exception and the SEMANTICS
clause), see UNSUPPORTED: never a wrong value, and never a passing step. Exceptions of the adapter's own code (reading
the corpus, converting values) are recorded the same way with attribute adapter_fault=1,
so one odd case never stops the run.

Root attribute `packages` names the version of every package that produced the results:
"keras=3.15.1 torch=2.13.0+cpu numpy=2.4.6 h5py=3.14.0 ml_dtypes=0.6.0 ...".

Writing: results go straight to RESULTS, flushed every --flush-every cases, so that a run
stopped by the harness's --timeout leaves a readable file whose finished cases are judged.
"""

import argparse
import hashlib
import importlib.metadata
import json
import os
import sys
import time
import warnings

import h5py
import ml_dtypes
import numpy as np

RESULTS_FORMAT = "keras-normalization-results"
RESULTS_VERSION = "1.1"  # written with knowledge of dtype_policy / input_dtype / data_dtype
CORPUS_FORMAT = "keras-normalization-corpus"
LARGE_CASE = 100_000  # elements; such cases get their own progress line

# The packages each Keras 3 backend runs on (distribution names), beside keras, numpy,
# h5py and ml_dtypes, for the results file's `packages` attribute.
BACKEND_PACKAGES = {
    "numpy": (), "jax": ("jax", "jaxlib"), "tensorflow": ("tensorflow", "tensorflow-cpu"),
    "torch": ("torch",), "openvino": ("openvino",),
}


def installed_version(distribution):
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def package_versions(front, backend_packages):
    """'name=version ...': FRONT (name, version) pairs, then the backend's distributions
    that are installed, then numpy, h5py and ml_dtypes, then tensorflow when the backend is
    not TensorFlow (adapt on batches imports it, SEMANTICS backends.tensorflow-import):
    its version, or "absent"."""
    pairs = list(front)
    pairs += [(d, v) for d in backend_packages if (v := installed_version(d))]
    pairs += [("numpy", np.__version__), ("h5py", h5py.__version__),
              ("ml_dtypes", ml_dtypes.__version__)]
    if not any(d.startswith("tensorflow") for d in backend_packages):
        pairs.append(("tensorflow", installed_version("tensorflow")
                      or installed_version("tensorflow-cpu") or "absent"))
    return " ".join(f"{name}={version}" for name, version in pairs)


def keras_to_numpy(tensor):
    """keras.ops.convert_to_numpy, except for a 0-d bfloat16 TensorFlow tensor: there
    np.asarray raises ValueError 'object __array__ method not producing an array' (an
    EagerTensor's __array__ returns an ml_dtypes scalar, not an array), so the value is
    taken with tensor.numpy() — a conversion fault, not behaviour of the layer."""
    import keras

    try:
        return keras.ops.convert_to_numpy(tensor)
    except ValueError as e:
        if "__array__" not in str(e) or not hasattr(tensor, "numpy"):
            raise
        return np.asarray(tensor.numpy())


class Implementation:
    """The layer class and the few global functions the adapter needs from one Keras."""

    def __init__(self, keras2):
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        # NumPy's "Mean of empty slice"/"invalid value" warnings are expected behaviour
        # here (adapt.empty-array, call.special-values) and would drown the progress lines.
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        if keras2:
            import tensorflow as tf
            import tf_keras

            tf.get_logger().setLevel("ERROR")  # tf.function retracing warnings, per case
            self.tf = tf
            self.module = tf_keras
            self.name = f"tf-keras {tf_keras.__version__}"
            self.version = tf_keras.__version__
            self.set_epsilon = tf_keras.backend.set_epsilon
            self.get_epsilon = tf_keras.backend.epsilon
            self.floatx = tf_keras.backend.floatx()
            self.to_numpy = lambda t: np.asarray(t.numpy() if hasattr(t, "numpy") else t)
            self.backend = "tensorflow"
            self.packages = package_versions(
                [("tf-keras", tf_keras.__version__)], ("tensorflow", "tensorflow-cpu"))
        else:
            import keras

            self.tf = None
            self.module = keras
            backend = keras.backend.backend()
            self.name = f"keras {keras.__version__} ({backend} backend)"
            self.version = keras.__version__
            self.set_epsilon = keras.config.set_epsilon
            self.get_epsilon = keras.config.epsilon
            self.floatx = keras.config.floatx()
            self.to_numpy = keras_to_numpy
            self.backend = backend
            self.packages = package_versions(
                [("keras", keras.__version__)], BACKEND_PACKAGES.get(backend, (backend,)))
        self.keras2 = keras2
        self.Normalization = self.module.layers.Normalization

    def adapt_stream(self, layer, batches):
        """adapt over a stream of batches (adapt.batches): a list for Keras 3, a
        tf.data.Dataset yielding each batch for tf-keras (which would stack a list)."""
        if not self.keras2:
            return layer.adapt(batches)
        shape = batches[0].shape if batches else ()
        # Dimensions that differ between batches are unknown; the others stay known.
        spec_shape = tuple(
            d if all(b.shape[i] == d for b in batches) else None for i, d in enumerate(shape)
        )
        spec = self.tf.TensorSpec(shape=spec_shape, dtype=batches[0].dtype if batches else "float32")
        dataset = self.tf.data.Dataset.from_generator(lambda: iter(batches), output_signature=spec)
        return layer.adapt(dataset)


class AdapterFault(Exception):
    """Wraps an exception raised by the adapter's own code rather than by Keras."""


def text(value):
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    return str(value)


def axis_argument(axis_json):
    """The axis as a user passes it: null -> None, list -> tuple, anything else as-is
    (including invalid values such as 1.5 or "a": Keras decides what they mean)."""
    value = json.loads(axis_json)
    return tuple(value) if isinstance(value, list) else value


def statistic_argument(step, name):
    """A supplied mean/variance: 0-d as a Python float (the doc's form), else float64 array."""
    if name not in step:
        return None
    value = np.asarray(step[name][()], dtype=np.float64)
    return float(value) if value.ndim == 0 else value


# The dtypes a corpus 1.1 step may ask for (CORPUS-FORMAT.md "Additions in 1.1").
# bfloat16 is not a NumPy dtype: ml_dtypes provides it (the type Keras itself uses).
INPUT_DTYPES = {
    "float16": np.float16, "bfloat16": ml_dtypes.bfloat16, "float32": np.float32,
    "float64": np.float64, "int32": np.int32, "int64": np.int64, "uint8": np.uint8,
    "bool": bool,
}


def array_in(dataset, dtype_name):
    """A corpus dataset (float64 values, exactly representable in dtype_name) as the NumPy
    array the user would hand to Keras (dtype.input-cast, dtype.adapt-array/-stream)."""
    if dtype_name not in INPUT_DTYPES:
        raise ValueError(f"unknown input dtype {dtype_name!r}")
    values = np.asarray(dataset[()], dtype=np.float64)
    # bool: 0/1 -> False/True; every other dtype holds the values exactly, so astype is exact.
    return values.astype(INPUT_DTYPES[dtype_name])


def tensorflow_import(impl, op, step, exc):
    """SEMANTICS backends.tensorflow-import: Keras 3's adapt of a list of batches imports
    TensorFlow (its lazy `tf` module, for `isinstance(data, tf.data.Dataset)`) on every
    backend; without TensorFlow installed it raises exactly this ImportError."""
    return (not impl.keras2 and op == "adapt" and "data" not in step
            and type(exc) is ImportError and str(exc).startswith("This requires the tensorflow module"))


# (clause, test) pairs: a step whose exception passes a test is recorded `unsupported`, with
# the exception's class and message and the clause, not `error`. Each test is narrow (an
# exact exception on an exact kind of step): the harness never judges such a step as
# passing, and a value Keras computes wrongly is never caught here.
UNSUPPORTED = (
    ("backends.tensorflow-import", tensorflow_import),
)


def unsupported_reason(impl, op, step, exc):
    """The `message` for a step the environment cannot express, or None."""
    for clause, test in UNSUPPORTED:
        if test(impl, op, step, exc):
            return f"{type(exc).__name__}: {exc} (SEMANTICS {clause})"
    return None


def run_step(impl, layer, op, step, adapt_dtype, policy):
    """Execute one corpus step on the layer. Returns (layer, datasets to record)."""
    try:
        if op == "construct":
            kwargs = dict(
                axis=axis_argument(text(step.attrs["axis"])),
                invert=bool(int(step.attrs.get("invert", 0))),
                mean=statistic_argument(step, "mean"),
                variance=statistic_argument(step, "variance"),
            )
            # SEMANTICS 8: the case's policy; absent means Keras' default (float32), and
            # then dtype is not passed at all, as a user of the default would write it.
            if policy is not None:
                kwargs["dtype"] = policy
        elif op == "build":
            shape = json.loads(text(step.attrs["input_shape"]))
            shape = None if shape is None else tuple(shape)
        elif op == "adapt":
            # data_dtype (1.1) names the dtype of `data` and of every batch; absent: the
            # --adapt-dtype default (float32, the doc's examples).
            data_dtype = text(step.attrs.get("data_dtype", adapt_dtype))
            if "data" in step:
                data = array_in(step["data"], data_dtype)
            else:
                count = int(step.attrs["batches"])
                batches = [array_in(step[f"batch_{i:03d}"], data_dtype) for i in range(count)]
        elif op == "call":
            # input_dtype (1.1), float32 when absent (dtype.input-cast).
            x = array_in(step["input"], text(step.attrs.get("input_dtype", "float32")))
    except Exception as e:  # the corpus step is not what the adapter expected
        raise AdapterFault(e) from e

    if op == "construct":
        return impl.Normalization(**kwargs), {}
    if op == "build":
        layer.build(shape)
        return layer, {}
    if op == "adapt":
        if "data" in step:
            layer.adapt(data)
        else:
            impl.adapt_stream(layer, batches)
        return layer, statistics(impl, layer)
    if op == "call":
        return layer, {"output": impl.to_numpy(layer(x))}
    raise NotImplementedError(op)


def statistics(impl, layer):
    """The adapted statistics in the statistics shape (the adapt_* weights), when exposed."""
    if not hasattr(layer, "adapt_mean"):
        return {}
    return {"mean": impl.to_numpy(layer.adapt_mean), "variance": impl.to_numpy(layer.adapt_variance)}


def run_case(impl, case, out, root_eps, adapt_dtype):
    """Run one case's steps into results group `out`; stop at the first error."""
    eps = float(case.attrs["epsilon"]) if "epsilon" in case.attrs else root_eps
    policy = text(case.attrs["dtype_policy"]) if "dtype_policy" in case.attrs else None
    previous = impl.get_epsilon()
    steps_out = out.create_group("steps")
    layer = None
    try:
        impl.set_epsilon(eps)  # call.eps-clamp: a global read at call time
        for name in sorted(case["steps"], key=int):
            step = case["steps"][name]
            op = text(step.attrs.get("op", ""))
            g = steps_out.create_group(name)
            if op not in ("construct", "build", "adapt", "call"):
                g.attrs["status"] = "unsupported"
                g.attrs["message"] = f"unknown op {op!r}"
                break
            try:
                layer, datasets = run_step(impl, layer, op, step, adapt_dtype, policy)
            except AdapterFault as fault:
                record_error(g, fault.__cause__, adapter_fault=True)
                break
            except Exception as e:
                reason = unsupported_reason(impl, op, step, e)
                if reason is not None:
                    g.attrs["status"] = "unsupported"
                    g.attrs["message"] = reason
                else:
                    record_error(g, e)
                break
            g.attrs["status"] = "ok"
            record_values(g, datasets)
    finally:
        impl.set_epsilon(previous)


def record_values(group, datasets):
    """Store an ok step's arrays, and as attribute `dtype` the dtype Keras produced them in
    (the output's, or for an adapt the statistics' = adapt_mean's): the harness checks it
    against the policy's compute / variable dtype (dtype.policy-call, -variables)."""
    if not datasets:
        return
    arrays = {key: np.asarray(value) for key, value in datasets.items()}
    produced = arrays["output"] if "output" in arrays else arrays["mean"]
    group.attrs["dtype"] = str(produced.dtype)  # "bfloat16" for ml_dtypes' bfloat16
    for key, value in arrays.items():
        # h5py cannot store bfloat16; float32 holds every float16 and bfloat16 value
        # exactly, and the dtype attribute keeps what Keras produced.
        if value.dtype in (np.float16, ml_dtypes.bfloat16):
            value = value.astype(np.float32)
        group.create_dataset(key, data=value)


def record_error(group, exc, adapter_fault=False):
    group.attrs["status"] = "error"
    group.attrs["exception"] = type(exc).__name__
    group.attrs["message"] = str(exc)
    if adapter_fault:
        group.attrs["adapter_fault"] = np.int8(1)


def case_size(case):
    """Number of input elements of a case, for progress reporting."""
    total = 0
    for name in case["steps"]:
        step = case["steps"][name]
        total += sum(step[k].size for k in step if k in ("data", "input") or k.startswith("batch_"))
    return total


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_root(results, impl, digest):
    results.attrs["format"] = RESULTS_FORMAT
    results.attrs["format_version"] = RESULTS_VERSION
    results.attrs["implementation"] = impl.name
    results.attrs["implementation_version"] = impl.version
    results.attrs["dtype"] = impl.floatx
    results.attrs["corpus_sha256"] = digest
    results.attrs["numpy_version"] = np.__version__
    results.attrs["packages"] = impl.packages


def open_corpus(path, prog):
    """The corpus as an open h5py file, or None after saying on stderr why it cannot be."""
    if not os.path.exists(path):
        print(f"{prog}: {path}: no such file", file=sys.stderr)
        return None
    try:
        corpus = h5py.File(path, "r")
    except OSError as e:
        print(f"{prog}: {path}: cannot open as HDF5 ({e})", file=sys.stderr)
        return None
    if text(corpus.attrs.get("format", "")) != CORPUS_FORMAT:
        corpus.close()
        print(f"{prog}: {path}: not a {CORPUS_FORMAT} file", file=sys.stderr)
        return None
    return corpus


def run(args):
    corpus = open_corpus(args.corpus, "keras_adapter")
    if corpus is None:
        return 3
    with corpus:
        impl = Implementation(args.keras2)
        digest = sha256(args.corpus)
        root_eps = float(corpus.attrs.get("epsilon", 1e-7))
        ids = sorted(corpus["cases"])
        started = time.monotonic()
        print(f"keras_adapter: {impl.name}: {len(ids)} cases -> {args.results}", file=sys.stderr)
        results = h5py.File(args.results, "w")
        try:
            write_root(results, impl, digest)
            top = results.create_group("results")
            for n, case_id in enumerate(ids, start=1):
                case = corpus["cases"][case_id]
                size = case_size(case)
                if size >= LARGE_CASE:
                    print(f"  case {case_id}: {size} elements ...", file=sys.stderr)
                run_case(impl, case, top.create_group(case_id), root_eps, args.adapt_dtype)
                if n % args.flush_every == 0 or n == len(ids):
                    results.flush()
                    print(f"  {n}/{len(ids)} cases, {time.monotonic() - started:.1f} s", file=sys.stderr)
        finally:
            results.close()
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="keras_adapter.py",
        description="Run a normalization corpus on keras.layers.Normalization and write results.",
        epilog="Backend: KERAS_BACKEND=numpy|jax|tensorflow|torch|openvino. "
               "Exit 0 written, 2 usage, 3 bad corpus.",
    )
    parser.add_argument("corpus", nargs="?", default=os.environ.get("NORMCONF_CORPUS"),
                        help="corpus file (default: $NORMCONF_CORPUS)")
    parser.add_argument("results", nargs="?", default=os.environ.get("NORMCONF_RESULTS"),
                        help="results file to write (default: $NORMCONF_RESULTS)")
    parser.add_argument("--keras2", action="store_true",
                        help="test tf_keras.layers.Normalization (tf-keras 2) instead of Keras 3")
    parser.add_argument("--adapt-dtype", choices=("float32", "float64"), default="float32",
                        help="dtype of arrays passed to adapt when the step names no data_dtype "
                             "(default float32, as in the doc)")
    parser.add_argument("--flush-every", type=int, default=20, metavar="N",
                        help="flush the results file every N cases (default 20)")
    args = parser.parse_args(argv)
    if not args.corpus or not args.results:
        parser.error("CORPUS and RESULTS are required (or set NORMCONF_CORPUS / NORMCONF_RESULTS)")
    if args.flush_every < 1:
        parser.error("--flush-every must be at least 1")
    return args


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
