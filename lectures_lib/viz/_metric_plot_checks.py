"""Checks of what the metric figures are asked to draw: rates, curves, ranges, boxes, names."""

import numpy as np

from lectures_lib.metrics._validation import as_1d, as_scores, check_lengths, to_numpy
from lectures_lib.metrics.iou import _as_boxes

#: The widest range of data an axis is asked to show (matplotlib's transforms overflow beyond).
DRAWABLE = 1e300


def check_axes(ax, name="ax"):
    """Raise unless ``ax`` is a matplotlib Axes (anything with ``plot`` and ``add_patch``)."""
    if not (hasattr(ax, "plot") and hasattr(ax, "add_patch")):
        raise TypeError(f"{name} must be a matplotlib Axes (e.g. from plt.subplots()), got "
                        f"{type(ax).__name__}")


def rates(values, name, order=None, nan_hint=""):
    """A curve's coordinate as a float array in [0, 1], optionally monotone along the array.

    ``order`` is "increasing" or "decreasing" (not strictly): the order in which the metric
    functions return it, which joining the points in array order relies on.
    """
    arr = as_1d(values, name)
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at {int(np.isnan(arr).sum())} place(s): there "
                         f"is no curve to draw{nan_hint}")
    arr = as_scores(arr, name).astype(np.float64)
    if len(arr) == 0:
        raise ValueError(f"{name} is empty: there is no curve to draw")
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        raise ValueError(f"{name} must lie in [0, 1], got {arr[outside][0]} at index "
                         f"{int(np.argmax(outside))}")
    steps = np.diff(arr) if order == "increasing" else -np.diff(arr)
    if order is not None and np.any(steps < 0):
        raise ValueError(f"{name} must be {order} along the array, as the metric functions "
                         f"return it; it is not at index {int(np.argmax(steps < 0)) + 1} "
                         "(were two arguments swapped?)")
    return arr


def check_curve(first, second, names, orders, nan_hint=""):
    """Two coordinates of one curve, checked one by one and against each other."""
    a = rates(first, names[0], orders[0], nan_hint)
    b = rates(second, names[1], orders[1], nan_hint)
    check_lengths(**{names[0]: a, names[1]: b})
    return a, b


def padded_range(low, high, name):
    """Axis limits 5% beyond ``[low, high]``, refusing a range matplotlib cannot draw."""
    span = 0.5 * high - 0.5 * low  # half the range: no overflow
    if span > 0.5 * DRAWABLE:
        raise ValueError(f"{name} spans [{low:g}, {high:g}], too wide to draw (at most "
                         f"{DRAWABLE:g}): divide the values by a common factor")
    pad = 0.1 * span if span else 0.05
    return low - pad, high + pad


def check_names(names, name):
    """A pair of strings (the two classes, or the two boxes)."""
    if not (isinstance(names, (tuple, list)) and len(names) == 2
            and all(isinstance(n, str) for n in names)):
        raise TypeError(f"{name} must be a pair of strings, got {names!r}")
    return tuple(names)


def check_box(box, name):
    """One box ``(x1, y1, x2, y2)`` as four floats, checked as :func:`box_iou` checks boxes."""
    arr = to_numpy(box, name)
    if arr.shape != (4,):
        raise ValueError(f"{name} must be 4 numbers (x1, y1, x2, y2), got shape {arr.shape}")
    return _as_boxes(arr[None, :], name)[0]
