r"""Numeric gradients: the derivative by finite differences, one coordinate at a time.

The numeric gradient follows the definition of the derivative,

.. math::

    \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}
    \quad\text{(centred)}, \qquad
    \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x)}{h}
    \quad\text{(forward, as on the slides)},

one coordinate at a time: slow (two evaluations of ``f`` per coordinate) and approximate
(truncation error O(h²) centred, O(h) forward; round-off error grows like 1/h), but easy to
write and hard to get wrong, which makes it the reference that an analytic gradient is
checked against (the gradient check, :mod:`lectures_lib.nn.gradient_check`).
:func:`finite_difference_error` measures how the estimate's error depends on h.
"""

import numbers

import numpy as np

from lectures_lib._checks import as_scalar, check_callable, check_positive
from lectures_lib.nn._finite_differences import as_array, check_step

_METHODS = ("centred", "forward")


def _check_method(method):
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return method


def _evaluate(f, x):
    """Call ``f(x)`` and insist on a single finite number (an overflow in f is reported)."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = f(x)
    if hasattr(out, "detach") and hasattr(out, "cpu"):      # a one-element torch tensor
        out = out.detach().cpu().numpy()
    return as_scalar(out, "f(x)")


def _index(index, shape, name):
    """``index`` as a tuple of ints that addresses one entry of an array of ``shape``."""
    items = index if isinstance(index, (tuple, list, np.ndarray)) else (index,)
    items = tuple(np.asarray(items).reshape(-1).tolist()) if isinstance(items, np.ndarray) \
        else tuple(items)
    if not all(isinstance(i, (numbers.Integral, np.integer)) and not isinstance(i, bool)
               for i in items):
        raise TypeError(f"{name} must be a tuple of ints, got {index!r}")
    if len(items) != len(shape) or not all(-n <= i < n for i, n in zip(items, shape)):
        raise ValueError(f"{name} {index!r} does not address an entry of x, whose shape is "
                         f"{shape}")
    return tuple(int(i) % n for i, n in zip(items, shape))


def numeric_partial(f, x, index, h=1e-5, method="centred"):
    """Estimate one partial derivative of ``f`` at ``x`` by finite differences.

    Parameters
    ----------
    f : callable
        Maps an array of ``x``'s shape to a scalar.
    x : array_like
        The point. It is not modified.
    index : tuple of int
        The coordinate to differentiate along, e.g. ``(0,)`` or ``(2, 1)`` (or ``0`` for a 1-D
        ``x``).
    h : float, default 1e-5
        The step.
    method : {"centred", "forward"}, default "centred"
        Centred differences (error O(h²)) or forward differences (error O(h)).

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        As :func:`numeric_gradient`.

    Examples
    --------
    >>> round(numeric_partial(lambda v: v[0] ** 2, [3.0], (0,)), 6)
    6.0
    """
    x = as_array(x, "x")
    index = _index(index, x.shape, "index")
    return float(numeric_gradient(f, x, h=h, method=method, indices=[index])[index])


def numeric_gradient(f, x, h=1e-5, method="centred", indices=None):
    """Estimate the gradient of a scalar function by finite differences.

    Parameters
    ----------
    f : callable
        Maps an array of ``x``'s shape to a scalar (a Python or NumPy number, or a 0-d array).
    x : array_like
        The point at which to differentiate. It is left unchanged: ``f`` sees a float64 copy,
        nudged one coordinate at a time.
    h : float, default 1e-5
        The finite-difference step, > 0.
    method : {"centred", "forward"}, default "centred"
        ``"centred"`` uses ``(f(x+h) - f(x-h)) / 2h``; ``"forward"`` uses ``(f(x+h) - f(x)) / h``,
        the formula on the slides.
    indices : iterable of tuple of int, optional
        Differentiate along these coordinates only; the others stay 0 in the result. All of them
        by default. For a 1-D ``x`` a plain int per coordinate will do.

    Returns
    -------
    numpy.ndarray
        The estimate, float64, of ``x``'s shape.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not numeric, an index is not a tuple of ints, or
        ``f`` does not return one real number.
    ValueError
        If ``x`` holds NaN/inf, ``h <= 0``, an index lies outside ``x``, ``f`` returns NaN/inf;
        if ``h`` is below the spacing of the floats at a coordinate (``x + h == x``: the
        difference would be 0) or so large that ``x ± h`` overflows; or if the estimate itself
        overflows.

    Examples
    --------
    >>> numeric_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0]))
    array([ 2., -4.])
    """
    check_callable(f, "f")
    x = as_array(x, "x")
    h = check_positive(h, "h")
    _check_method(method)
    if indices is None:
        indices = list(np.ndindex(x.shape))
    else:
        if isinstance(indices, (str, bytes)) or not hasattr(indices, "__iter__"):
            raise TypeError(f"indices must be an iterable of index tuples, got "
                            f"{type(indices).__name__}")
        indices = [_index(i, x.shape, "each of indices") for i in indices]
    check_step(h, x, indices, method)

    grad = np.zeros_like(x)
    nudged = x.copy()
    f_x = _evaluate(f, nudged) if method == "forward" else None
    for i in indices:
        original = nudged[i]
        nudged[i] = original + h
        f_plus = _evaluate(f, nudged)
        if method == "centred":
            nudged[i] = original - h
            f_minus = _evaluate(f, nudged)
            # (f+ - f-) / 2h, halved first so that neither the difference nor 2h overflows
            grad[i] = (0.5 * f_plus - 0.5 * f_minus) / h
        else:
            grad[i] = (0.5 * f_plus - 0.5 * f_x) / h * 2
        nudged[i] = original
        if not np.isfinite(grad[i]):
            other = (f"f(x - h) = {f_minus:.3g}" if method == "centred"
                     else f"f(x) = {f_x:.3g}")
            raise ValueError(f"the finite difference at x{list(i)} overflows float64: "
                             f"f(x + h) = {f_plus:.3g} and {other} over a step h = {h:g}; "
                             f"use a larger h")
    return grad


def finite_difference_error(f, grad_f, x, steps, method="centred"):
    """How far the finite-difference estimate is from the true gradient, for each step h.

    Shrinking h lowers the *truncation* error (O(h) forward, O(h²) centred) but raises the
    *round-off* error (about machine epsilon × abs(f) / h), so the total error, plotted against h
    on log axes, is V-shaped with its bottom near h ≈ 1e-8 (forward) or 1e-5 (centred).

    Parameters
    ----------
    f : callable
        Scalar function of an array.
    grad_f : callable
        Its exact gradient.
    x : array_like
        The point.
    steps : array_like
        The values of h, each > 0.
    method : {"centred", "forward"}, default "centred"

    Returns
    -------
    numpy.ndarray
        The largest absolute error over the coordinates, one per step.

    Raises
    ------
    TypeError, ValueError
        For a bad ``f``, ``grad_f``, ``x``, ``method`` or step: ``steps`` must be a non-empty
        1-D array of values > 0, each neither below the spacing of the floats at ``x`` nor so
        large that ``x ± h`` overflows.

    Examples
    --------
    >>> errs = finite_difference_error(np.sin, np.cos, [1.0], [1e-1, 1e-4], method="forward")
    >>> bool(errs[1] < errs[0])
    True
    """
    check_callable(f, "f")
    check_callable(grad_f, "grad_f")
    x = as_array(x, "x")
    steps = as_array(steps, "steps", ndim=1)
    _check_method(method)
    if steps.size == 0:
        raise ValueError("steps is empty: give at least one step h")
    if np.any(steps <= 0):
        raise ValueError(f"steps must all be > 0, got {steps[steps <= 0][0]}")
    for k, h in enumerate(steps):
        check_step(h, x, list(np.ndindex(x.shape)), method, name=f"steps[{k}]")
    exact = as_array(grad_f(x.copy()), "grad_f(x)")
    if exact.shape != x.shape:
        raise ValueError(f"grad_f(x) must have x's shape {x.shape}, got {exact.shape}")
    errors = []
    for h in steps:
        with np.errstate(over="ignore"):
            error = np.max(np.abs(numeric_gradient(f, x, h=h, method=method) - exact), initial=0.0)
        if not np.isfinite(error):
            raise ValueError(f"the error at h = {h:g} overflows float64: the estimate and "
                             f"grad_f(x) differ by more than 1.8e308")
        errors.append(float(error))
    return np.array(errors)
