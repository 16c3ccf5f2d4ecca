"""Input checks shared by the metrics, in small layers (as scikit-learn validates its metrics).

Each helper checks one thing and raises an error that names the argument, the bad value and
what was expected: ``ValueError: y_true and y_score have different lengths: 6 and 5``.

Exactness: integer scores are ranked as integers (never cast to float64, which merges
``2**53`` and ``2**53 + 1``), and integer sample weights are summed exactly (int64, or Python
integers when the total passes ``2**53``).
"""

import math
import numbers
import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

#: The ``average`` options of scikit-learn's precision, recall and F1.
AVERAGES = (None, "binary", "micro", "macro", "weighted", "samples")


def to_numpy(x, name, scalar_ok=False):
    """``x`` as a NumPy array: lists, arrays and torch tensors (on any device) alike."""
    if type(x).__module__.startswith("torch") and hasattr(x, "detach"):
        x = x.detach().cpu()
        x = (x.float() if str(x.dtype) == "torch.bfloat16" else x).numpy()  # NumPy lacks it
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of the same length for every row, got a "
                        f"ragged {type(x).__name__}") from err
    if (arr.ndim == 0 and not scalar_ok) or isinstance(x, (str, bytes, set, frozenset, dict)):
        raise TypeError(f"{name} must be array-like (a list, an array or a tensor, one entry "
                        f"per sample), got {type(x).__name__} {x!r:.60}")
    return arr


def as_1d(x, name, hint=""):
    """``x`` as a 1-D array; a column vector of shape (n, 1) is flattened, as in scikit-learn."""
    arr = to_numpy(x, name)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]  # sklearn.utils.column_or_1d accepts it (and metrics do not warn)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per sample), got shape {arr.shape}"
                         f"{hint}")
    return arr


def as_labels(y, name):
    """``y`` as a 1-D array of class labels: integers, booleans, whole-number floats or strings."""
    arr = as_1d(y, name, "; multilabel targets (one column per label) are not supported "
                         "here: use sklearn.metrics for those")
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


def as_scores(y_score, name="y_score", hint=""):
    """``y_score`` as a 1-D array of finite scores, in its own dtype (integers stay exact).

    Python integers beyond int64 stay Python integers (an object array); other numbers in an
    object array become float64.
    """
    arr = as_1d(y_score, name, hint)
    if arr.dtype.kind == "O":
        values = arr.tolist()
        if all(isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))
               for v in values):
            arr = np.array([int(v) for v in values], dtype=object)
        elif all(isinstance(v, numbers.Real) for v in values):
            arr = arr.astype(np.float64)
        else:
            i = next(i for i, v in enumerate(values) if not isinstance(v, numbers.Real))
            raise TypeError(f"{name} must hold numbers, got {values[i]!r} at index {i}")
    if arr.dtype.kind not in "biufO":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
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
    """The sample weights: None, or ``n`` finite values >= 0, not all zero.

    Integer (and boolean) weights stay integers, summed exactly: an int64 array while the
    total stays below ``2**53``, else an object array of Python integers. Float weights are
    float64. A column vector (n, 1) is accepted.

    Raises
    ------
    ValueError
        For a negative weight, and, as scikit-learn does, when every weight is zero
        ("Sample weights must contain at least one non-zero number.").
    """
    if sample_weight is None:
        return None
    w = as_scores(sample_weight, "sample_weight")
    if len(w) != n:
        raise ValueError(f"sample_weight has {len(w)} values for {n} samples")
    if w.dtype.kind == "f":
        w = w.astype(np.float64)
    negative = w < 0
    if np.any(negative):
        i = int(np.argmax(negative))
        raise ValueError(f"sample_weight must be >= 0, got {float(w[i])} at index {i}")
    if not np.any(w != 0):
        raise ValueError("Sample weights must contain at least one non-zero number: "
                         "sample_weight is zero for every sample")
    if w.dtype.kind in "biuO":
        small = w.dtype.kind != "O" and float(np.sum(w, dtype=np.float64)) < 2.0**52
        w = w.astype(np.int64) if small else np.array([int(v) for v in w], dtype=object)
    return w


def is_integer(weight):
    """Whether the weights (None meaning ones) count whole samples."""
    return weight is None or weight.dtype.kind in "iO"


def scaled(weight):
    """Float weights divided by a power of two when their sum would overflow (ratios only).

    Dividing by a power of two is exact, so where nothing overflows the weights are unchanged.
    """
    if weight is None or weight.dtype.kind != "f":
        return weight
    with np.errstate(over="ignore"):
        if np.isfinite(np.sum(weight)):
            return weight
    return np.ldexp(weight, -int(np.frexp(np.max(weight))[1]))


def finite_counts(counts, what="the weighted counts"):
    """``counts`` after checking that no float sum overflowed to inf."""
    if np.asarray(counts).dtype.kind == "f" and not np.all(np.isfinite(counts)):
        raise ValueError(f"{what} overflow float64 (the weights sum to more than 1.8e308): "
                         "divide sample_weight by a common factor")
    return counts


def check_targets(y_true, y_pred, sample_weight):
    """Validate a pair of label arrays; return them, their weights and their sorted classes."""
    y_true, y_pred = as_labels(y_true, "y_true"), as_labels(y_pred, "y_pred")
    n = check_lengths(y_true=y_true, y_pred=y_pred)
    weight = as_weights(sample_weight, n)
    classes = classes_of(("y_true", y_true), ("y_pred", y_pred))
    return y_true, y_pred, weight, classes


def check_bool(value, name):
    """Return ``value`` as a bool after checking it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def kind_of(arr):
    """"string" or "number": the two kinds of label that cannot be mixed."""
    return "string" if arr.dtype.kind in "US" else "number"


def classes_of(*named, pointer=None):
    """The sorted distinct labels of ``(name, labels)`` pairs.

    With a ``pointer`` (what to do instead), more than two labels are refused.
    """
    kinds = {kind_of(arr) for _, arr in named}
    names = " and ".join(name for name, _ in named)
    if len(kinds) > 1:
        raise ValueError(f"{names} mix string and numeric labels")
    classes = np.unique(np.concatenate([arr for _, arr in named]))
    if len(classes) > 2 and pointer is not None:
        shown = ", ".join(str(c) for c in classes[:5].tolist())
        more = ", ..." if len(classes) > 5 else ""
        verb = "holds" if len(named) == 1 else "hold"
        raise ValueError(f"{names} {verb} {len(classes)} different labels [{shown}{more}]: "
                         f"these metrics are for binary classification{pointer}")
    return classes


def check_label_list(labels, reference, name="labels"):
    """``labels`` as a 1-D array of distinct labels of the same kind as ``reference``."""
    labels = as_labels(labels, name)
    if len(labels) == 0:
        raise ValueError(f"{name} must hold at least one label, got []")
    if len(np.unique(labels)) != len(labels):
        values, counts = np.unique(labels, return_counts=True)
        raise ValueError(f"{name} must hold distinct labels, got {values[counts > 1][0]!r} "
                         f"{int(counts.max())} times in {labels.tolist()}")
    if kind_of(labels) != kind_of(reference):
        raise ValueError(f"{name} and y_true mix string and numeric labels")
    return labels


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
    if len(classes) > 2:
        classes_of(("y_true", classes), pointer="; pass pos_label to count one class against "
                                                "the rest")
    if classes.dtype.kind in "US" or not (set(classes.tolist()) <= {0, 1}
                                          or set(classes.tolist()) <= {-1, 1}):
        raise ValueError(f"y_true takes the values {classes.tolist()} and pos_label is not "
                         "specified: pass pos_label, or use labels {0, 1} or {-1, 1}")
    return 1


def check_average(average, options, name="average"):
    """Return ``average`` after checking it is one of ``options``; the message lists them."""
    if not any(average is o or (isinstance(average, str) and average == o) for o in options):
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}; got {average!r}")
    return average


def check_zero_division(zero_division):
    """The value a 0/0 metric takes: 0.0 for "warn" (which also warns), 0.0, 1.0 or NaN.

    Accepts what scikit-learn accepts: "warn", 0, 1 (also as floats, NumPy numbers or
    booleans) and NaN.
    """
    if isinstance(zero_division, str) and zero_division == "warn":
        return 0.0
    if isinstance(zero_division, (numbers.Real, np.bool_)) and (
            zero_division in (0, 1) or math.isnan(zero_division)):
        return float(zero_division)
    raise ValueError(f"zero_division must be 'warn', 0, 1 or np.nan, got {zero_division!r}")


def warns(zero_division):
    """Whether a 0/0 should warn (``zero_division="warn"``)."""
    return isinstance(zero_division, str) and zero_division == "warn"


def divide(numerator, denominator, zero_division, message):
    """``numerator / denominator``, or the ``zero_division`` value when the denominator is 0.

    With ``zero_division="warn"`` the 0/0 case gives 0.0 and an ``UndefinedMetricWarning``
    (``message``, then scikit-learn's hint about ``zero_division``). Integers are divided
    exactly (one rounding).
    """
    if denominator != 0:
        if isinstance(numerator, (numbers.Integral, np.integer)):
            return int(numerator) / int(denominator)
        return float(numerator / denominator)
    if warns(zero_division):
        warnings.warn(f"{message}. Use `zero_division` parameter to control this behavior.",
                      UndefinedMetricWarning, stacklevel=3)
    return check_zero_division(zero_division)
