"""Input checks shared by the library, and the policy every public function follows.

Each helper validates one thing and raises an error whose message names the argument, the bad
value (or its shape) and what was expected, e.g. ``ValueError: reg must be >= 0, got -0.1``.

The policy
----------
1. **Convert once, at the boundary.** A public function accepts what a student would pass
   (a list, a NumPy array, a tensor, a NumPy scalar), converts it once (:func:`as_float_array`,
   :func:`as_float_tensor`) and works on the converted value from then on. Integer data are
   cast to the floating dtype of the model or the computation; booleans, strings, complex
   numbers and ragged lists are refused with a ``TypeError``.
2. **Shapes are checked against each other** before any arithmetic, and the message names
   both arguments and both shapes (:func:`check_same_shape`): never a silent broadcast.
3. **Every numeric hyperparameter is range-checked** (:func:`check_positive`,
   :func:`check_in_range`, ...) with the argument and the value in the message. A count
   (steps, epochs, units) must be an integer: ``1.0`` epochs is a ``TypeError``.
4. **Seeds** are integers in ``[0, 2**63)`` (:func:`check_seed`); the message quotes the seed.
5. **NaN and inf are refused** wherever they can only produce garbage: data, weights, starting
   points, scores, thresholds. A function whose job includes them (a divergence check handed
   a NaN loss) says so in its docstring.
6. **Numbers stay right at the extremes.** Finite inputs that would overflow in the textbook
   formula are computed in a stable form: log-sum-exp with the maximum subtracted, differences
   scaled by their size, areas from scaled sides. Where no stable form exists the function
   raises and says why; it never returns NaN, inf or a wrong number for finite input.
7. **Iterative routines check every step** (:mod:`lectures_lib.divergence`) and stop with a
   ``DivergenceError`` naming the step and the value, with a hint that is true for the cause
   (a start point too far out is not blamed on the learning rate).
8. **Error types:** ``TypeError`` for a value of the wrong kind, ``ValueError`` for the right
   kind with a wrong value. A drop-in replacement raises what its original raises
   (``torch.optim``, ``sklearn.metrics``) and accepts what it accepts.
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


def check_labels(y, n_samples, n_classes, name="y", against="X"):
    """Return integer class labels ``y`` of shape (n_samples,) with values in [0, n_classes).

    ``against`` names what ``n_samples`` comes from, for the message ("to match X").
    """
    try:
        arr = np.asarray(y)
    except ValueError as err:  # a ragged list
        raise TypeError(f"{name} must be a 1-D array of class labels, got a ragged "
                        f"{type(y).__name__}") from err
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}")
    if arr.shape != (n_samples,):
        raise ValueError(f"{name} must have shape ({n_samples},) to match {against}, "
                         f"got {arr.shape}")
    if n_samples and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(f"{name} holds label {bad}, outside the {n_classes} classes "
                         f"0..{n_classes - 1}")
    return arr.astype(np.intp)


def check_int(value, name, low=None, high=None):
    """Return ``value`` as an int after checking it is an integer in ``[low, high]``.

    Booleans and floats (even ``2.0``) are refused: a count must be a whole number.

    Examples
    --------
    >>> check_int(-1, "upto", low=0)
    Traceback (most recent call last):
    ...
    ValueError: upto must be >= 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if low is not None and value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value}")
    return value


def check_seed(seed, name="seed"):
    """Return ``seed`` as an int after checking it is an integer in ``[0, 2**63)``.

    NumPy refuses negative seeds and torch wraps large ones; one rule for both keeps a seed
    meaning the same everywhere.

    Examples
    --------
    >>> check_seed(-3)
    Traceback (most recent call last):
    ...
    ValueError: seed must be a non-negative integer below 2**63, got -3
    """
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(seed).__name__} {seed!r}")
    if not 0 <= seed < 2**63:
        raise ValueError(f"{name} must be a non-negative integer below 2**63, got {seed}")
    return int(seed)


def check_in_range(value, name, low=None, high=None, low_open=False, high_open=False):
    """Return ``value`` as a float after checking it lies between ``low`` and ``high``.

    ``low_open``/``high_open`` exclude the ends. The message writes the interval.

    Examples
    --------
    >>> check_in_range(1.5, "p", 0, 1, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: p must be in [0, 1), got 1.5
    """
    value = as_scalar(value, name)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open or low is None else "["
        right = ")" if high_open or high is None else "]"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must be in {left}{lo}, {hi}{right}, got {value}")
    return value


def check_same_shape(a, b, name_a, name_b):
    """Raise unless arrays/tensors ``a`` and ``b`` have the same shape; the message has both.

    Examples
    --------
    >>> check_same_shape(np.zeros((3, 1)), np.zeros(3), "grad", "w")
    Traceback (most recent call last):
    ...
    ValueError: grad has shape (3, 1) but w has shape (3,); they must match
    """
    shape_a, shape_b = tuple(a.shape), tuple(b.shape)
    if shape_a != shape_b:
        raise ValueError(f"{name_a} has shape {shape_a} but {name_b} has shape {shape_b}; "
                         f"they must match")


def check_choice(value, name, options):
    """Return ``value`` after checking it is one of ``options``; the message lists them."""
    if not any(value == option and type(value) is type(option) for option in options):
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def check_callable(value, name):
    """Return ``value`` after checking it can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")
    return value


def as_float_tensor(x, name, dtype=None, ndim=None, finite=True):
    """Return ``x`` as a floating torch tensor, or raise if it is not numeric.

    Lists, NumPy arrays and tensors are accepted; integer data are cast to ``dtype`` (default:
    the tensor's own floating dtype, else torch's default, float32). A floating tensor of
    another dtype is cast to ``dtype`` when one is given. Booleans and complex numbers are
    refused, and NaN/inf too unless ``finite=False``. The tensor keeps its device.
    """
    import torch

    if isinstance(x, torch.Tensor):
        t = x
    else:
        arr = np.array(x) if not isinstance(x, np.ndarray) else x
        if arr.dtype == object or arr.dtype.kind in "USV":
            raise TypeError(f"{name} must be a numeric array or tensor, got {type(x).__name__}"
                            f" of dtype {arr.dtype}")
        t = torch.as_tensor(arr)
    if t.dtype == torch.bool or t.is_complex():
        raise TypeError(f"{name} must be real numbers, got dtype {t.dtype}")
    if dtype is not None:
        t = t.to(dtype)
    elif not t.is_floating_point():
        t = t.to(torch.get_default_dtype())
    if ndim is not None and t.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {tuple(t.shape)}")
    if finite and not bool(torch.isfinite(t).all()):
        bad = int((~torch.isfinite(t)).sum())
        raise ValueError(f"{name} must be finite, got NaN or inf at {bad} place(s)")
    return t
