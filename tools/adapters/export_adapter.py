#!/usr/bin/env python3
"""Run every case of a normalization corpus through an *exported* Keras model.

SEMANTICS 9, export.forms: `Model.export(path, format=...)` freezes the statistics into
an artifact that computes `call` only. The implementation under test here is that
artifact, run in its own runtime, one artifact per call step:

    format          exported with (backend)       reloaded and run with
    tf_saved_model  Keras, tensorflow             tf.saved_model.load(path).serve
    onnx            Keras -> tf2onnx, tensorflow  onnxruntime.InferenceSession (CPU)
    openvino        Keras -> ov.convert_model     openvino.Core().compile_model(path, "CPU")
    litert          Keras -> TFLiteConverter      ai_edge_litert Interpreter
    torch           Keras -> torch.export, torch  torch.export.load(path).module()

Per case, the steps are replayed on keras.layers.Normalization exactly as
keras_adapter.py does (construction with the case's dtype_policy, adapt with its data in
data_dtype, build; its run_step is reused). At each `call` step the layer is wrapped in a
functional model whose input has exactly that call input's shape and dtype
(keras.Input(batch_shape=x.shape, dtype=...)), exported with that same static
input_signature, reloaded in the format's runtime, and the call input is run through it:
the artifact's output is that step's `output`, with attribute `dtype` as the runtime
produced it.

Steps that are not calls are recorded `ok` without values: the artifact was built from
them, but their results are Keras's, not the artifact's. A case whose expected outcome is
an error, or that has no call step, is not expressible by an artifact: its first step is
recorded `unsupported` ("export.forms: an exported artifact computes call only"). A
failure of Keras itself at a non-call step is recorded as keras_adapter.py records it;
a failure of export, conversion, reloading or running the artifact is recorded `error` at
the call step (exception class and message), with attribute `stage` (export, load, run).

Usage: export_adapter.py --format FORMAT CORPUS RESULTS
KERAS_BACKEND must be tensorflow (torch for --format torch); it is set when absent.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

FORMATS = ("tf_saved_model", "onnx", "openvino", "litert", "torch")
BACKEND_OF = {"torch": "torch"}  # every other format is exported from the tensorflow backend
UNSUPPORTED_MESSAGE = "export.forms: an exported artifact computes call only"
# Distributions that export / run each format, for the root attributes.
FORMAT_PACKAGES = {
    "tf_saved_model": ("tensorflow-cpu", "tensorflow"),
    "onnx": ("tf2onnx", "onnx", "onnxruntime", "tensorflow-cpu", "tensorflow"),
    "openvino": ("openvino", "tensorflow-cpu", "tensorflow"),
    "litert": ("ai-edge-litert", "tensorflow-cpu", "tensorflow"),
    "torch": ("torch",),
}
ARTIFACT_NAME = {"tf_saved_model": "model", "onnx": "model.onnx", "openvino": "model.xml",
                 "litert": "model.tflite", "torch": "model.pt2"}


def early_format(argv):
    """--format from argv before argparse, to set KERAS_BACKEND before keras is imported."""
    for i, a in enumerate(argv):
        if a == "--format" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--format="):
            return a.split("=", 1)[1]
    return None


_fmt = early_format(sys.argv[1:])
if _fmt in FORMATS:
    os.environ.setdefault("KERAS_BACKEND", BACKEND_OF.get(_fmt, "tensorflow"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h5py  # noqa: E402
import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402

import keras_adapter as ka  # noqa: E402


class Stage(Exception):
    """An exception of one stage of an artifact's life: export, load or run."""

    def __init__(self, stage, exc):
        super().__init__(str(exc))
        self.stage = stage
        self.exc = exc


def staged(stage, fn, *args):
    try:
        return fn(*args)
    except Exception as e:
        raise Stage(stage, e) from e


class Runtime:
    """Exports a model in one format and runs the reloaded artifact on one input."""

    def __init__(self, fmt, impl):
        self.fmt = fmt
        self.impl = impl
        self.keras = impl.module
        self.notes = []
        if fmt != "torch":
            import tensorflow as tf

            tf.get_logger().setLevel("ERROR")
            self.tf = tf
        if fmt == "onnx":
            import logging

            import onnxruntime as ort

            for name in ("tf2onnx", "onnx", "onnxruntime"):
                logging.getLogger(name).setLevel(logging.ERROR)
            self.ort = ort
        elif fmt == "openvino":
            import openvino as ov

            self.ov = ov
            self.core = ov.Core()
            hint = self.core.get_property("CPU", "INFERENCE_PRECISION_HINT")
            # The default a user gets: recorded, not changed.
            self.notes.append(f"openvino CPU INFERENCE_PRECISION_HINT={hint} (default)")
        elif fmt == "litert":
            from ai_edge_litert.interpreter import Interpreter

            self.Interpreter = Interpreter
        elif fmt == "torch":
            import torch

            self.torch = torch

    def run(self, layer, x, dtype_name, workdir):
        keras = self.keras
        path = os.path.join(workdir, ARTIFACT_NAME[self.fmt])

        def export():
            inp = keras.Input(batch_shape=x.shape, dtype=dtype_name)
            model = keras.Model(inp, layer(inp))
            spec = keras.InputSpec(shape=x.shape, dtype=dtype_name)
            model.export(path, format=self.fmt, verbose=False, input_signature=[spec])

        staged("export", export)
        loaded = staged("load", getattr(self, f"load_{self.fmt}"), path)
        out = staged("run", getattr(self, f"run_{self.fmt}"), loaded, x)
        if isinstance(out, (list, tuple)):
            out = out[0]
        if isinstance(out, dict):
            out = next(iter(out.values()))
        return np.asarray(out)

    # tf_saved_model
    def load_tf_saved_model(self, path):
        return self.tf.saved_model.load(path)

    def run_tf_saved_model(self, loaded, x):
        return loaded.serve(self.tf.constant(x)).numpy()

    # onnx
    def load_onnx(self, path):
        return self.ort.InferenceSession(path, providers=["CPUExecutionProvider"])

    def run_onnx(self, session, x):
        name = session.get_inputs()[0].name
        return session.run(None, {name: x})[0]

    # openvino
    def load_openvino(self, path):
        return self.core.compile_model(path, "CPU")

    def run_openvino(self, compiled, x):
        result = compiled([x])
        return result[compiled.output(0)]

    # litert
    def load_litert(self, path):
        interpreter = self.Interpreter(model_path=path)
        interpreter.allocate_tensors()
        return interpreter

    def run_litert(self, interpreter, x):
        index = interpreter.get_input_details()[0]["index"]
        interpreter.set_tensor(index, x)
        interpreter.invoke()
        return np.array(interpreter.get_tensor(interpreter.get_output_details()[0]["index"]))

    # torch
    def load_torch(self, path):
        return self.torch.export.load(path).module()

    def run_torch(self, module, x):
        torch = self.torch
        if x.dtype == ml_dtypes.bfloat16:  # torch.from_numpy has no ml_dtypes bfloat16
            t = torch.from_numpy(x.astype(np.float32)).to(torch.bfloat16)
        else:
            t = torch.from_numpy(np.ascontiguousarray(x))
        with torch.no_grad():
            y = module(t)
        if isinstance(y, (list, tuple)):
            y = y[0]
        if y.dtype == torch.bfloat16:
            return y.float().numpy().astype(ml_dtypes.bfloat16)
        return y.detach().numpy()


def expresses(case):
    """Whether an artifact can express the case: it succeeds and has a call step."""
    steps = case["steps"]
    ops = [ka.text(steps[s].attrs.get("op", "")) for s in steps]
    return "call" in ops and not any("error" in steps[s].attrs for s in steps)


def run_case(impl, runtime, case, out, root_eps, adapt_dtype, workroot):
    eps = float(case.attrs["epsilon"]) if "epsilon" in case.attrs else root_eps
    policy = ka.text(case.attrs["dtype_policy"]) if "dtype_policy" in case.attrs else None
    steps_out = out.create_group("steps")
    names = sorted(case["steps"], key=int)
    if not expresses(case):
        g = steps_out.create_group(names[0])
        g.attrs["status"] = "unsupported"
        g.attrs["message"] = UNSUPPORTED_MESSAGE
        return
    previous = impl.get_epsilon()
    layer = None
    try:
        # call.eps-clamp: read when the call is traced, i.e. frozen at export.
        impl.set_epsilon(eps)
        for name in names:
            step = case["steps"][name]
            op = ka.text(step.attrs.get("op", ""))
            g = steps_out.create_group(name)
            if op not in ("construct", "build", "adapt", "call"):
                g.attrs["status"] = "unsupported"
                g.attrs["message"] = f"unknown op {op!r}"
                break
            if op != "call":
                try:
                    layer, _ = ka.run_step(impl, layer, op, step, adapt_dtype, policy)
                except ka.AdapterFault as fault:
                    ka.record_error(g, fault.__cause__, adapter_fault=True)
                    break
                except Exception as e:
                    reason = ka.unsupported_reason(impl, op, step, e)
                    if reason is not None:
                        g.attrs["status"] = "unsupported"
                        g.attrs["message"] = reason
                    else:
                        ka.record_error(g, e)
                    break
                g.attrs["status"] = "ok"  # no values: they are Keras's, not the artifact's
                continue
            try:
                dtype_name = ka.text(step.attrs.get("input_dtype", "float32"))
                x = ka.array_in(step["input"], dtype_name)
            except Exception as e:
                ka.record_error(g, e, adapter_fault=True)
                break
            workdir = tempfile.mkdtemp(dir=workroot)
            try:
                output = runtime.run(layer, x, dtype_name, workdir)
            except Stage as s:
                ka.record_error(g, s.exc)
                g.attrs["stage"] = s.stage
                break
            except Exception as e:  # the adapter's own code
                ka.record_error(g, e, adapter_fault=True)
                break
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            g.attrs["status"] = "ok"
            ka.record_values(g, {"output": output})
    finally:
        impl.set_epsilon(previous)


def run(args):
    corpus = ka.open_corpus(args.corpus, "export_adapter")
    if corpus is None:
        return 3
    with corpus:
        impl = ka.Implementation(False)
        want = BACKEND_OF.get(args.format, "tensorflow")
        if impl.backend != want:
            print(f"export_adapter: format {args.format} is exported from the {want} backend; "
                  f"KERAS_BACKEND is {impl.backend}", file=sys.stderr)
            return 2
        runtime = Runtime(args.format, impl)
        digest = ka.sha256(args.corpus)
        root_eps = float(corpus.attrs.get("epsilon", 1e-7))
        ids = sorted(corpus["cases"])
        packages = [("keras", impl.version)]
        packages += [(d, v) for d in FORMAT_PACKAGES[args.format] if (v := ka.installed_version(d))]
        packages += [("numpy", np.__version__), ("h5py", h5py.__version__),
                     ("ml_dtypes", ml_dtypes.__version__)]
        packages = " ".join(f"{n}={v}" for n, v in packages)
        name = f"keras {impl.version} export format={args.format} ({impl.backend} backend)"
        started = time.monotonic()
        print(f"export_adapter: {name}: {len(ids)} cases -> {args.results}", file=sys.stderr)
        workroot = tempfile.mkdtemp(prefix="normconf-export-")
        results = h5py.File(args.results, "w")
        try:
            results.attrs["format"] = ka.RESULTS_FORMAT
            results.attrs["format_version"] = "1.1"
            results.attrs["implementation"] = name
            results.attrs["implementation_version"] = impl.version
            results.attrs["dtype"] = impl.floatx
            results.attrs["corpus_sha256"] = digest
            results.attrs["numpy_version"] = np.__version__
            results.attrs["export_format"] = args.format
            results.attrs["packages"] = packages
            if runtime.notes:
                results.attrs["runtime_notes"] = "; ".join(runtime.notes)
            top = results.create_group("results")
            for n, case_id in enumerate(ids, start=1):
                case = corpus["cases"][case_id]
                size = ka.case_size(case)
                if size >= ka.LARGE_CASE:
                    print(f"  case {case_id}: {size} elements ...", file=sys.stderr)
                run_case(impl, runtime, case, top.create_group(case_id), root_eps,
                         args.adapt_dtype, workroot)
                if n % args.flush_every == 0 or n == len(ids):
                    results.flush()
                    print(f"  {n}/{len(ids)} cases, {time.monotonic() - started:.1f} s", file=sys.stderr)
        finally:
            results.close()
            shutil.rmtree(workroot, ignore_errors=True)
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="export_adapter.py",
        description="Run a normalization corpus through exported Keras models "
                    "(SEMANTICS export.forms) and write results.",
        epilog="Exit 0 written, 2 usage, 3 bad corpus.",
    )
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("corpus", nargs="?", default=os.environ.get("NORMCONF_CORPUS"))
    parser.add_argument("results", nargs="?", default=os.environ.get("NORMCONF_RESULTS"))
    parser.add_argument("--adapt-dtype", choices=("float32", "float64"), default="float32",
                        help="dtype of adapt data when the step names no data_dtype (default float32)")
    parser.add_argument("--flush-every", type=int, default=10, metavar="N")
    args = parser.parse_args(argv)
    if not args.corpus or not args.results:
        parser.error("CORPUS and RESULTS are required (or set NORMCONF_CORPUS / NORMCONF_RESULTS)")
    return args


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
