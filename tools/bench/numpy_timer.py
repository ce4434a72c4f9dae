"""numpy's side of tools/benchmark: the same operations as reference-timer on the same file.

    numpy_timer.py DATA.npy AXIS|none RUNS

Prints `adapt SECONDS` (x.mean and x.var over the reduced axes, as Keras' adapt of an
array does) and `call SECONDS` ((x - m) / max(sqrt(v), eps), as its call does), the best
of RUNS runs each; then `fresh SECONDS`, a new array of x's shape filled with ones: what
any call pays for an output of its own (Linux clears each fresh page on first touch).
"""
import sys
import time

import numpy as np


def best(runs, operation):
    fastest = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        operation()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def main():
    path, axis_text, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    x = np.load(path)
    # The reference keeps axis k; numpy reduces over the others.
    reduce = None if axis_text == "none" else tuple(a for a in range(x.ndim) if a != int(axis_text) % x.ndim)
    mean, variance = x.mean(axis=reduce, keepdims=True), x.var(axis=reduce, keepdims=True)
    print(f"adapt {best(runs, lambda: (x.mean(axis=reduce), x.var(axis=reduce)))}")
    print(f"call {best(runs, lambda: (x - mean) / np.maximum(np.sqrt(variance), 1e-7))}")
    print(f"fresh {best(runs, lambda: np.full(x.shape, 1.0))}")


if __name__ == "__main__":
    main()
