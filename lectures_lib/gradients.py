r"""Numeric gradients and gradient checks.

The lecture's rule of thumb: *always use the analytic gradient, but check it with the numeric
gradient* (a **gradient check**). The numeric gradient follows the definition of the derivative,

.. math::

    \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}
    \quad\text{(centred)}, \qquad
    \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x)}{h}
    \quad\text{(forward, as on the slides)},

one coordinate at a time: slow (two evaluations of ``f`` per coordinate) and approximate
(truncation error O(h²) centred, O(h) forward; round-off error grows like 1/h), but easy to
write and hard to get wrong.
"""

import numpy as np

from lectures_lib._checks import as_float_array, as_scalar, check_positive, check_positive_int

_METHODS = ("centred", "forward")


def _check_method(method):
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return method


def _evaluate(f, x):
    """Call ``f(x)`` and insist on a single finite number."""
    return as_scalar(f(x), "f(x)")


def numeric_partial(f, x, index, h=1e-5, method="centred"):
    """Estimate one partial derivative of ``f`` at ``x`` by finite differences.

    Parameters
    ----------
    f : callable
        Maps an array of ``x``'s shape to a scalar.
    x : array_like
        The point. It is not modified.
    index : tuple of int
        The coordinate to differentiate along, e.g. ``(0,)`` or ``(2, 1)``.
    h : float, default 1e-5
        The step.
    method : {"centred", "forward"}, default "centred"
        Centred differences (error O(h²)) or forward differences (error O(h)).

    Returns
    -------
    float

    Examples
    --------
    >>> round(numeric_partial(lambda v: v[0] ** 2, [3.0], (0,)), 6)
    6.0
    """
    return float(numeric_gradient(f, x, h=h, method=method, indices=[index])[tuple(index)])


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
        by default.

    Returns
    -------
    numpy.ndarray
        The estimate, float64, of ``x``'s shape.

    Examples
    --------
    >>> numeric_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0]))
    array([ 2., -4.])
    """
    x = as_float_array(x, "x")
    h = check_positive(h, "h")
    _check_method(method)
    indices = np.ndindex(x.shape) if indices is None else [tuple(np.atleast_1d(i)) for i in indices]

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
            grad[i] = (f_plus - f_minus) / (2 * h)
        else:
            grad[i] = (f_plus - f_x) / h
        nudged[i] = original
    return grad


def relative_error(a, b, floor=1e-8):
    """The largest elementwise relative error ``|a - b| / max(|a| + |b|, floor)``.

    A relative error below about 1e-7 means two gradients agree; above 1e-2 one of them is
    almost surely wrong. The floor keeps coordinates where both are zero from dividing by zero.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape.
    floor : float, default 1e-8
        The smallest denominator used.

    Returns
    -------
    float

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([1.0], [3.0])
    0.5
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    floor = check_positive(floor, "floor")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))


def format_error(error, floor=1e-12):
    """Print an error for a reader: ``"1.2e-07"``, or ``"< 1e-12"`` below ``floor``.

    Differences at the level of float64 round-off (about 1e-16 times the size of the numbers,
    grown by the length of a sum) depend on the order in which a library adds numbers, which can
    change with the number of threads or the device. Printing them as "below the floor" keeps a
    chapter's output identical from one run to the next.

    Examples
    --------
    >>> format_error(2.7e-7), format_error(3e-15)
    ('2.7e-07', '< 1e-12')
    """
    error = as_scalar(error, "error")
    floor = check_positive(floor, "floor")
    return f"< {floor:.0e}" if error < floor else f"{error:.1e}"


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5, seed=0):
    """Compare an analytic gradient with centred differences at a few random coordinates.

    Checking every coordinate costs two evaluations of ``f`` each; a handful of random ones
    catches almost every bug in a backward pass at a fraction of the cost.

    Parameters
    ----------
    f : callable
        Maps an array of ``x``'s shape to a scalar.
    x : array_like
        The point; not modified.
    analytic_grad : array_like
        The gradient to check, of ``x``'s shape.
    num_checks : int, default 10
        How many coordinates to check (drawn with replacement).
    h : float, default 1e-5
        The finite-difference step.
    seed : int, default 0
        Seed for choosing the coordinates.

    Returns
    -------
    numpy.ndarray
        The relative error (see :func:`relative_error`) at each checked coordinate, shape
        ``(num_checks,)``.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> errors = grad_check_sparse(lambda v: np.sum(v ** 3), x, 3 * x ** 2, num_checks=3)
    >>> bool(np.all(errors < 1e-8))
    True
    """
    x = as_float_array(x, "x")
    analytic_grad = as_float_array(analytic_grad, "analytic_grad")
    if analytic_grad.shape != x.shape:
        raise ValueError(f"analytic_grad must have x's shape {x.shape}, got {analytic_grad.shape}")
    num_checks = check_positive_int(num_checks, "num_checks")
    if x.size == 0:
        raise ValueError("x is empty: there is no coordinate to check")
    rng = np.random.default_rng(seed)
    flat = rng.integers(x.size, size=num_checks)
    errors = np.empty(num_checks)
    for k, i in enumerate(flat):
        index = np.unravel_index(i, x.shape)
        numeric = numeric_partial(f, x, index, h=h)
        errors[k] = relative_error(numeric, analytic_grad[index])
    return errors


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

    Examples
    --------
    >>> errs = finite_difference_error(np.sin, np.cos, [1.0], [1e-1, 1e-4], method="forward")
    >>> bool(errs[1] < errs[0])
    True
    """
    x = as_float_array(x, "x")
    steps = as_float_array(steps, "steps", ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"steps must all be > 0, got {steps[steps <= 0][0]}")
    exact = as_float_array(grad_f(x.copy()), "grad_f(x)")
    if exact.shape != x.shape:
        raise ValueError(f"grad_f(x) must have x's shape {x.shape}, got {exact.shape}")
    return np.array([np.max(np.abs(numeric_gradient(f, x, h=h, method=method) - exact)) for h in steps])
