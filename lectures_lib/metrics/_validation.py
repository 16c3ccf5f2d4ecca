"""Input checks shared by the metrics, in small layers (as scikit-learn validates its metrics).

Each helper checks one thing and raises an error that names the argument, the bad value and
what was expected: ``ValueError: y_true and y_score have different lengths: 6 and 5``.
"""

import math
import numbers
import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning


def as_labels(y, name):
    """``y`` as a 1-D array of class labels: integers, booleans, whole-number floats or strings."""
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one label per sample), got shape {arr.shape}")
    if arr.dtype.kind == "O":  # e.g. a pandas column: strings, or numbers
        strings = all(isinstance(v, str) for v in arr)
        try:
            arr = arr.astype(str if strings else np.float64)
        except (TypeError, ValueError):
            pass  # refused just below
    if arr.dtype.kind not in "biufUS":
        raise TypeError(f"{name} must hold numbers, booleans or strings, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        nan = np.isnan(arr)
        if nan.any():
            raise ValueError(f"{name} contains NaN at {int(nan.sum())} place(s), "
                             f"first at index {int(np.argmax(nan))}")
        fractional = ~np.isfinite(arr) | (arr != np.round(arr))
        if fractional.any():
            raise ValueError(f"{name} must hold class labels, got the value "
                             f"{arr[fractional][0]} (scores go in y_score, labels in {name})")
    return arr


def as_scores(y_score, name="y_score"):
    """``y_score`` as a 1-D float64 array of finite scores."""
    arr = np.asarray(y_score)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one score per sample), got shape {arr.shape}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(f"{name} contains NaN at {int(nan.sum())} place(s), "
                         f"first at index {int(np.argmax(nan))}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains inf at index {int(np.argmax(~np.isfinite(arr)))}")
    return arr


def check_lengths(**arrays):
    """Check that the named 1-D arrays have one common length, at least 1, and return it."""
    lengths = {name: len(arr) for name, arr in arrays.items() if arr is not None}
    if len(set(lengths.values())) > 1:
        names = " and ".join(lengths)
        values = " and ".join(str(n) for n in lengths.values())
        raise ValueError(f"{names} have different lengths: {values}")
    n = next(iter(lengths.values()))
    if n == 0:
        raise ValueError(f"{next(iter(lengths))} is empty: a metric needs at least one sample")
    return n


def as_weights(sample_weight, n):
    """The sample weights as a float64 array of ``n`` finite values >= 0 (ones when None)."""
    if sample_weight is None:
        return np.ones(n)
    w = as_scores(sample_weight, "sample_weight")
    if len(w) != n:
        raise ValueError(f"sample_weight has {len(w)} values for {n} samples")
    if np.any(w < 0):
        i = int(np.argmax(w < 0))
        raise ValueError(f"sample_weight must be >= 0, got {w[i]} at index {i}")
    return w


def classes_of(*named):
    """The sorted distinct labels of ``(name, labels)`` pairs; at most two (binary)."""
    kinds = {"string" if arr.dtype.kind in "US" else "number" for _, arr in named}
    names = " and ".join(name for name, _ in named)
    if len(kinds) > 1:
        raise ValueError(f"{names} mix string and numeric labels")
    classes = np.unique(np.concatenate([arr for _, arr in named]))
    if len(classes) > 2:
        shown = ", ".join(str(c) for c in classes[:5].tolist())
        more = ", ..." if len(classes) > 5 else ""
        verb = "holds" if len(named) == 1 else "hold"
        raise ValueError(
            f"{names} {verb} {len(classes)} different labels [{shown}{more}]: these metrics "
            f"are for binary classification (two labels); binarise first, e.g. y == 3")
    return classes


def check_pos_label(pos_label, classes):
    """Return ``pos_label`` after checking it is one of ``classes`` when there are two."""
    if not isinstance(pos_label, (numbers.Real, str, np.bool_, np.str_)):
        raise TypeError(f"pos_label must be a number or a string, got {type(pos_label).__name__}")
    if len(classes) == 2 and not any(c == pos_label for c in classes.tolist()):
        raise ValueError(f"pos_label={pos_label!r} is not a valid label: it should be one of "
                         f"{classes.tolist()}")
    return pos_label


def default_pos_label(pos_label, classes):
    """``pos_label`` for the curves: 1 when it is None and the labels are {0, 1} or {-1, 1}."""
    if pos_label is not None:
        return check_pos_label(pos_label, np.array([]))
    if classes.dtype.kind in "US" or not (set(classes.tolist()) <= {0, 1}
                                          or set(classes.tolist()) <= {-1, 1}):
        raise ValueError(f"y_true takes the values {classes.tolist()} and pos_label is not "
                         "specified: pass pos_label, or use labels {0, 1} or {-1, 1}")
    return 1


def check_zero_division(zero_division):
    """The value a 0/0 metric takes: 0.0 for "warn" (which also warns), 0.0, 1.0 or NaN."""
    if isinstance(zero_division, str) and zero_division == "warn":
        return 0.0
    if (isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool)
            and (zero_division in (0, 1) or math.isnan(zero_division))):
        return float(zero_division)
    raise ValueError(f"zero_division must be 'warn', 0, 1 or np.nan, got {zero_division!r}")


def divide(numerator, denominator, zero_division, message):
    """``numerator / denominator``, or the ``zero_division`` value when the denominator is 0.

    With ``zero_division="warn"`` the 0/0 case gives 0.0 and an ``UndefinedMetricWarning``
    (``message``, then scikit-learn's hint about ``zero_division``).
    """
    if denominator != 0:
        return float(numerator / denominator)
    if isinstance(zero_division, str):
        warnings.warn(f"{message}. Use `zero_division` parameter to control this behavior.",
                      UndefinedMetricWarning, stacklevel=3)
    return check_zero_division(zero_division)
