"""A results file written by a foreign program (h5py, not Swift) is judged correctly.

The "implementation" here replays the corpus's own expectations, rounded to float32 as a
float32 implementation would return them, and then breaks three cases on purpose: one
output off by 1 %, one case left out, one error raised with the wrong exception class.
`normconf check` must pass everything else and name exactly those three.
"""

import json
import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "Vectors" / "normalization.h5"


def normconf():
    for build in ("release", "debug"):
        path = REPO / ".build" / build / "normconf"
        if path.exists():
            return str(path)
    pytest.fail("build normconf first (swift build)")


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def write_results(path, broken_output, missing, wrong_exception):
    with h5py.File(CORPUS, "r") as corpus, h5py.File(path, "w") as out:
        out.attrs["format"] = "keras-normalization-results"
        out.attrs["format_version"] = "1.0"
        out.attrs["implementation"] = "h5py fixture"
        out.attrs["implementation_version"] = "1"
        out.attrs["dtype"] = "float32"
        results = out.create_group("results")
        for case_id, case in corpus["cases"].items():
            if case_id == missing:
                continue
            steps = results.create_group(case_id).create_group("steps")
            for name, step in case["steps"].items():
                group = steps.create_group(name)
                if "error" in step.attrs:
                    group.attrs["status"] = "error"
                    exceptions = text(step.attrs["exceptions"]).split()
                    group.attrs["exception"] = "KeyError" if case_id == wrong_exception else exceptions[0]
                    group.attrs["message"] = text(step.attrs["keras_message"])
                    break
                group.attrs["status"] = "ok"
                if "expected" in step:
                    output = np.asarray(step["expected"][()], dtype=np.float32)
                    if case_id == broken_output:
                        output = output * np.float32(1.01)
                    group.create_dataset("output", data=output)
                if "expected_mean" in step:
                    group.create_dataset("mean", data=np.asarray(step["expected_mean"][()], dtype=np.float32))
                    group.create_dataset("variance", data=np.asarray(step["expected_variance"][()], dtype=np.float32))


def test_foreign_results_file_is_judged(tmp_path):
    results = tmp_path / "foreign.h5"
    write_results(results, broken_output="doc.adapt-last-axis", missing="invert.supplied",
                  wrong_exception="axis.type-float")
    run = subprocess.run([normconf(), "check", str(results), "--corpus", str(CORPUS), "--format", "json"],
                         capture_output=True, text=True, timeout=600, cwd=REPO)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    outcomes = {case["id"]: case["outcome"] for case in report["cases"]}
    assert outcomes["doc.adapt-last-axis"] == "fail"
    assert outcomes["invert.supplied"] == "not-run"
    assert outcomes["axis.type-float"] == "wrong-error"
    failing = sorted(case_id for case_id, outcome in outcomes.items()
                     if outcome not in ("pass", "not-applicable"))
    assert failing == ["axis.type-float", "doc.adapt-last-axis", "invert.supplied"]
    # Readers ignore members they do not know (docs/REPORT-SCHEMA.md): compare the ones set here.
    assert {k: report["implementation"][k] for k in ("name", "version", "dtype")} == {"name": "h5py fixture", "version": "1", "dtype": "float32"}
    assert report["implementation"]["packages"] is None
