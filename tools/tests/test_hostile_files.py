"""Hostile HDF5 files that h5py can make and the Swift binding cannot: an external link
inside a results file must be refused, never followed into another file."""

import subprocess

import h5py
import numpy as np

from test_foreign_results import CORPUS, normconf


def test_external_link_is_refused(tmp_path):
    outside = tmp_path / "outside.h5"
    with h5py.File(outside, "w") as f:
        f["steps/000"] = np.zeros(1)
    results = tmp_path / "results.h5"
    with h5py.File(results, "w") as f:
        f.attrs.update({"format": "keras-normalization-results", "format_version": "1.1",
                        "implementation": "linker", "implementation_version": "1", "dtype": "float32"})
        case = f.create_group("results").create_group("doc.invert")
        case["steps"] = h5py.ExternalLink(str(outside), "/steps")
    lint = subprocess.run([normconf(), "lint", str(results)], capture_output=True, text=True, timeout=60)
    assert lint.returncode in (1, 3) and "external link" in lint.stdout, lint.stdout + lint.stderr
    check = subprocess.run([normconf(), "check", str(results), "--corpus", str(CORPUS), "--filter", "doc.invert"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 1 and "external link" in check.stdout, check.stdout + check.stderr
