"""Small input checks shared by the library.

Each helper validates one thing and raises an error whose message names the argument, the bad
value (or its shape) and what was expected, e.g. ``ValueError: reg must be >= 0, got -0.1``.
"""

import numbers

import numpy as np


def as_float_array(x, name, ndim=None):
    """Return ``x`` as a new float64 array, or raise if it is not numeric.

    Parameters
    ----------
    x : array_like
        The value to convert. Booleans, strings and objects are refused.
    name : str
        The argument's name, used in the error message.
    ndim : int, optional
        The number of dimensions ``x`` must have.
    """
    try:
        arr = np.array(x)
    except Exception as err:  # ragged lists and the like
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}") from err
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got NaN or inf at {int(np.sum(~np.isfinite(arr)))} place(s)")
    return arr


def as_scalar(value, name):
    """Return ``value`` as a Python float, or raise if it is not a real number."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray, np.generic)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.size != 1:
        raise TypeError(f"{name} must be a single number, got an array of shape {arr.shape}")
    result = float(arr.reshape(()))
    if not np.isfinite(result):
        raise ValueError(f"{name} must be finite, got {result}")
    return result


def check_nonnegative(value, name):
    """Return ``value`` as a float after checking that it is ``>= 0``."""
    value = as_scalar(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_positive(value, name):
    """Return ``value`` as a float after checking that it is ``> 0``."""
    value = as_scalar(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def check_positive_int(value, name):
    """Return ``value`` as an int after checking that it is an integer ``>= 1``."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return int(value)


def check_unit_interval(value, name, closed=False):
    """Return ``value`` as a float after checking it lies in [0, 1), or in [0, 1] if ``closed``.

    Examples
    --------
    >>> check_unit_interval(1.0, "momentum")
    Traceback (most recent call last):
    ...
    ValueError: momentum must be in [0, 1), got 1.0
    """
    value = as_scalar(value, name)
    if not (0 <= value <= 1 if closed else 0 <= value < 1):
        raise ValueError(f"{name} must be in [0, {'1]' if closed else '1)'}, got {value}")
    return value


def check_labels(y, n_samples, n_classes, name="y"):
    """Return integer class labels ``y`` of shape (n_samples,) with values in [0, n_classes)."""
    arr = np.asarray(y)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}")
    if arr.shape != (n_samples,):
        raise ValueError(f"{name} must have shape ({n_samples},) to match X, got {arr.shape}")
    if n_samples and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(f"{name} holds label {bad}, outside the {n_classes} classes 0..{n_classes - 1}")
    return arr.astype(np.intp)
