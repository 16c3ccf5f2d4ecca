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

import numbers

import numpy as np

from lectures_lib._checks import (as_float_array, as_scalar, check_callable, check_nonnegative,
                                 check_positive, check_positive_int, check_seed)

_METHODS = ("centred", "forward")


def _check_method(method):
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    return method


def _array(x, name, ndim=None):
    """``x`` as a float64 array; a torch tensor is detached and moved to the CPU first."""
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    return as_float_array(x, name, ndim=ndim)


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


def _check_step(h, x, indices, method, name="h"):
    """Refuse a step ``h`` that vanishes or overflows beside ``x`` at one of the ``indices``."""
    for i in indices:
        with np.errstate(over="ignore"):
            ends = (x[i] + h, x[i] - h) if method == "centred" else (x[i] + h,)
        if not all(np.isfinite(ends)):
            raise ValueError(f"{name} = {h:g} is too large: x{list(i)} ± {name} overflows "
                             f"float64 (x{list(i)} = {x[i]:g})")
        if any(end == x[i] for end in ends):
            raise ValueError(f"{name} = {h:g} is below the spacing of the floats at "
                             f"x{list(i)} = {x[i]:g} ({np.spacing(x[i]):.3g}): x ± {name} == x "
                             f"there; use a larger step")


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
    x = _array(x, "x")
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
    x = _array(x, "x")
    h = check_positive(h, "h")
    _check_method(method)
    if indices is None:
        indices = list(np.ndindex(x.shape))
    else:
        if isinstance(indices, (str, bytes)) or not hasattr(indices, "__iter__"):
            raise TypeError(f"indices must be an iterable of index tuples, got "
                            f"{type(indices).__name__}")
        indices = [_index(i, x.shape, "each of indices") for i in indices]
    _check_step(h, x, indices, method)

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


def relative_error(a, b, floor=1e-8):
    """The largest elementwise relative error ``|a - b| / max(|a| + |b|, floor)``.

    A relative error below about 1e-7 means two gradients agree; above 1e-2 one of them is
    almost surely wrong. The floor keeps coordinates where both are zero from dividing by zero.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape.
    floor : float, default 1e-8
        The smallest denominator used, > 0.

    Returns
    -------
    float
        In [0, 1]; computed without overflow for any finite ``a`` and ``b``.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not numeric (lists, arrays and tensors are).
    ValueError
        If they hold NaN/inf, their shapes differ, or ``floor`` is not > 0.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([1.0], [3.0])
    0.5
    """
    a = _array(a, "a")
    b = _array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    floor = check_positive(floor, "floor")
    if a.size == 0:
        return 0.0
    # Each pair is scaled by the power of two just above its larger magnitude (exactly), so
    # that neither |a - b| nor |a| + |b| overflows: 1e308 against -1e308 gives 1, not NaN.
    e = np.frexp(np.maximum(np.abs(a), np.abs(b)))[1]
    a_s, b_s = np.ldexp(a, -e), np.ldexp(b, -e)
    with np.errstate(over="ignore"):          # computed both ways, each used where it is right:
        floors = np.ldexp(floor, -e)          # inf where the pair is far below the floor...
        tiny = np.abs(a - b) / floor          # ...and there this one cannot overflow
    ratios = np.where(np.isinf(floors), tiny,
                      np.abs(a_s - b_s) / np.maximum(np.abs(a_s) + np.abs(b_s), floors))
    return float(np.max(ratios))


def format_error(error, floor=1e-12):
    """Print an error for a reader: ``"1.2e-07"``, or ``"< 1e-12"`` below ``floor``.

    Differences at the level of float64 round-off (about 1e-16 times the size of the numbers,
    grown by the length of a sum) depend on the order in which a library adds numbers, which can
    change with the number of threads or the device. Printing them as "below the floor" keeps a
    chapter's output identical from one run to the next.

    Raises
    ------
    TypeError, ValueError
        If ``error`` is not a finite number >= 0 or ``floor`` is not > 0.

    Examples
    --------
    >>> format_error(2.7e-7), format_error(3e-15)
    ('2.7e-07', '< 1e-12')
    """
    error = check_nonnegative(error, "error")
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
        Seed for choosing the coordinates, in [0, 2**63).

    Returns
    -------
    numpy.ndarray
        The relative error (see :func:`relative_error`) at each checked coordinate, shape
        ``(num_checks,)``.

    Raises
    ------
    TypeError, ValueError
        For a bad ``f``, ``x``, ``analytic_grad`` (shape, NaN/inf), ``num_checks``, ``h``
        (see :func:`numeric_gradient`) or ``seed``.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> errors = grad_check_sparse(lambda v: np.sum(v ** 3), x, 3 * x ** 2, num_checks=3)
    >>> bool(np.all(errors < 1e-8))
    True
    """
    check_callable(f, "f")
    x = _array(x, "x")
    analytic_grad = _array(analytic_grad, "analytic_grad")
    if analytic_grad.shape != x.shape:
        raise ValueError(f"analytic_grad must have x's shape {x.shape}, got {analytic_grad.shape}")
    num_checks = check_positive_int(num_checks, "num_checks")
    h = check_positive(h, "h")
    seed = check_seed(seed)
    if x.size == 0:
        raise ValueError("x is empty: there is no coordinate to check")
    _check_step(h, x, list(np.ndindex(x.shape)), "centred")
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
    x = _array(x, "x")
    steps = _array(steps, "steps", ndim=1)
    _check_method(method)
    if steps.size == 0:
        raise ValueError("steps is empty: give at least one step h")
    if np.any(steps <= 0):
        raise ValueError(f"steps must all be > 0, got {steps[steps <= 0][0]}")
    for k, h in enumerate(steps):
        _check_step(h, x, list(np.ndindex(x.shape)), method, name=f"steps[{k}]")
    exact = _array(grad_f(x.copy()), "grad_f(x)")
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
