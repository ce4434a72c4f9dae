"""Reading the corpus file of CORPUS-FORMAT.md with h5py, and refusing files that are not one.

Everything HDF5-specific the oracle does is here: attribute decoding (fixed- or
variable-length strings), the root checks, and the ordered children `000`, `001`, ...
Problems with the file as a whole raise `CorpusError`, whose text names the file.
"""

import json
import os

import h5py
import numpy as np

FORMAT = "keras-normalization-corpus"
MAJOR = 1


class CorpusError(Exception):
    """The file cannot be read as a corpus at all (missing, not HDF5, wrong format)."""


def text(value):
    """An HDF5 string attribute as str, whichever way it was stored."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    return str(value)


def open_corpus(path):
    """Open and validate the root of a corpus; returns the open h5py.File."""
    if not os.path.exists(path):
        raise CorpusError(f"{path}: no such file")
    try:
        if not h5py.is_hdf5(path):
            raise CorpusError(f"{path}: not an HDF5 file")
    except OSError as e:
        raise CorpusError(f"{path}: cannot read ({e})") from None
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise CorpusError(f"{path}: cannot open as HDF5 ({e})") from None
    try:
        check_root(path, f)
    except CorpusError:
        f.close()
        raise
    return f


def check_root(path, f):
    """Root attributes: format, a known major format_version, /cases (CORPUS-FORMAT.md)."""
    if "format" not in f.attrs:
        raise CorpusError(f"{path}: no 'format' attribute; expected '{FORMAT}'")
    fmt = text(f.attrs["format"])
    if fmt != FORMAT:
        raise CorpusError(f"{path}: format is '{fmt}', expected '{FORMAT}'")
    version = text(f.attrs.get("format_version", ""))
    major = version.split(".")[0]
    if not major.isdigit() or int(major) != MAJOR:
        raise CorpusError(f"{path}: unsupported format_version '{version}' (reads {MAJOR}.x)")
    if "cases" not in f or not isinstance(f["cases"], h5py.Group):
        raise CorpusError(f"{path}: no /cases group")
    if "case_count" in f.attrs and int(f.attrs["case_count"]) != len(f["cases"]):
        raise CorpusError(
            f"{path}: case_count is {int(f.attrs['case_count'])} "
            f"but /cases holds {len(f['cases'])} groups"
        )


def default_epsilon(f):
    """The root epsilon (call.eps-clamp), 1e-7 when absent."""
    return float(f.attrs.get("epsilon", 1e-7))


def case_epsilon(case, default):
    """A case's own epsilon attribute, else the root's."""
    return float(case.attrs["epsilon"]) if "epsilon" in case.attrs else default


def case_policy(case):
    """The case's dtype_policy name (CORPUS-FORMAT 1.1), "float32" when absent."""
    return text(case.attrs["dtype_policy"]) if "dtype_policy" in case.attrs else "float32"


def step_dtype(step, attribute):
    """A step's input_dtype / data_dtype name (CORPUS-FORMAT 1.1), None when not declared."""
    return text(step.attrs[attribute]) if attribute in step.attrs else None


def steps(case):
    """The steps of a case in order, as (index name, h5py.Group)."""
    group = case["steps"]
    return [(name, group[name]) for name in sorted(group, key=int)]


def array(group, name):
    """A float64 dataset as a NumPy array (0-d for a scalar dataspace)."""
    return np.asarray(group[name][()], dtype=np.float64)


def batches(step):
    """The batches of a streaming adapt, `batch_000` ... in order (adapt.batches)."""
    count = int(step.attrs["batches"])
    return [array(step, f"batch_{i:03d}") for i in range(count)]


def shape_attr(step):
    """The build step's input_shape JSON as a tuple with None for unknown sizes."""
    value = json.loads(text(step.attrs["input_shape"]))
    if value is None:
        return None
    return tuple(None if d is None else int(d) for d in value)

