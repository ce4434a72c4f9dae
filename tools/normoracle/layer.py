"""A model of the layer's state: axes, build shapes and the statistics it holds.

This is the part of keras.layers.Normalization the oracle needs to know *which* numbers
to compare: which axes are kept, which are reduced, and how supplied or adapted statistics
are laid out for a call. It never computes a statistic (see exact.py) and never decides
that Keras would raise: when a step the corpus marks as successful cannot happen under
these rules, it raises `ModelError`, and the case fails with that explanation.

NumPy is used here only to move float64 values around (reshape, broadcast_to,
transpose), never to reduce them.
"""

import json
import math

import numpy as np


class ModelError(Exception):
    """The corpus claims success for a step that the specified behaviour does not allow."""


def parse_axis(text):
    """The axis attribute (JSON) as a tuple of ints (SEMANTICS axis.normalise).

    null -> (), int -> (int,), list -> tuple kept as given (order, negatives, duplicates).
    Anything else is an error case (axis.type-error); a success step then cannot be modelled.
    """
    value = json.loads(text)
    if value is None:
        return ()
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, list) and all(
        isinstance(a, int) and not isinstance(a, bool) for a in value
    ):
        return tuple(value)
    raise ModelError(f"invalid axis {text} (axis.type-error) cannot succeed")


class LayerModel:
    """The state of one Normalization layer while a case's steps are replayed."""

    def __init__(self, axis_text, invert, mean=None, variance=None):
        self.axis_text = axis_text
        self.invert = invert
        self.supplied = None if mean is None else (mean, variance)
        self.built = False
        self.input_shape = None
        self.keep = self.reduce = None
        self.broadcast_shape = self.stat_shape = None
        self.mean = self.variance = None  # float64 arrays in the broadcast shape

    @property
    def axis(self):
        return parse_axis(self.axis_text)

    def build(self, input_shape):
        """Build for `input_shape` (sizes or None): build.range, build.sort, build.shapes."""
        ndim = len(input_shape)
        axis = self.axis
        if any(a < -ndim or a >= ndim for a in axis):
            raise ModelError(f"axis {axis} out of range for ndim={ndim} (build.range)")
        keep = tuple(sorted(a + ndim if a < 0 else a for a in axis))
        if any(input_shape[d] is None for d in keep):
            raise ModelError(f"kept axis of unknown size in {input_shape} (build.unknown-dim)")
        self.input_shape = tuple(input_shape)
        self.keep = keep
        self.reduce = tuple(d for d in range(ndim) if d not in keep)
        self.broadcast_shape = tuple(input_shape[d] if d in keep else 1 for d in range(ndim))
        self.stat_shape = tuple(input_shape[d] for d in keep)
        if self.supplied is None:
            # build.duplicate-axis: Keras reshapes the defaults from the statistics shape to
            # the broadcast shape, which only fails when a duplicated axis has size > 1.
            if len(set(keep)) != len(keep) and math.prod(self.stat_shape) != math.prod(self.broadcast_shape):
                raise ModelError(f"duplicate kept axes {keep} (build.duplicate-axis)")
            # build.defaults: an adapt-mode layer starts as the identity.
            self.mean = np.zeros(self.broadcast_shape)
            self.variance = np.ones(self.broadcast_shape)
        else:
            self.mean, self.variance = (self._place(a) for a in self.supplied)
        self.built = True

    def _place(self, value):
        """Supplied statistics on the kept axes, right to left (build.broadcast)."""
        value = np.asarray(value, dtype=np.float64)
        if value.ndim == 0:
            return np.broadcast_to(value, self.broadcast_shape)
        expanded = [1] * len(self.broadcast_shape)
        for i in range(1, value.ndim + 1):
            # Later (leftward) kept axes overwrite: exactly Keras' loop with duplicates.
            expanded[self.keep[-i]] = value.shape[-i]
        try:
            return np.broadcast_to(value.reshape(expanded), self.broadcast_shape)
        except ValueError as e:
            raise ModelError(
                f"statistics of shape {value.shape} cannot be placed on "
                f"{self.broadcast_shape} (build.not-broadcastable): {e}"
            ) from None

    def ensure_built(self, shape):
        """Implicit build by the first adapt or call (adapt.builds)."""
        if not self.built:
            self.build(tuple(shape))

    def check_adapt_shape(self, shape):
        """A built layer only adapts on data with the same kept sizes (adapt.shape-check)."""
        if any(d >= len(shape) or shape[d] != self.input_shape[d] for d in self.keep):
            raise ModelError(
                f"data of shape {tuple(shape)} does not fit the build shape "
                f"{self.input_shape} (adapt.shape-check)"
            )

    def columns(self, data):
        """The data as one list of Python floats per kept index, in statistics order.

        Transposes kept axes to the front and flattens the reduced ones; a pure relayout.
        """
        if data.ndim != len(self.broadcast_shape):
            raise ModelError(f"data rank {data.ndim} differs from the build rank")
        if self.supplied is not None:
            raise ModelError("adapt on supplied statistics cannot succeed (adapt.supplied-error)")
        rows = math.prod(self.stat_shape)
        if rows == 0:
            return []
        # A duplicated kept axis (of size 1, or build would have failed) is one axis of the data.
        distinct = tuple(sorted(set(self.keep)))
        table = np.transpose(data, distinct + self.reduce).reshape(rows, -1)
        return [row.tolist() for row in table]

    def reduced_count(self, shape):
        """n_b of adapt.batches: product of reduced sizes, 1 when nothing is reduced."""
        return math.prod(shape[d] for d in self.reduce) if self.reduce else 1

    def set_statistics(self, mean, variance):
        """Hold adapted statistics (statistics shape) as the call sees them (broadcast shape)."""
        self.mean = np.asarray(mean, dtype=np.float64).reshape(self.broadcast_shape)
        self.variance = np.asarray(variance, dtype=np.float64).reshape(self.broadcast_shape)
