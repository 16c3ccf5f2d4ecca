r"""The gradient check: compare an analytic gradient with the numeric one (chapters 2, 5, 6).

The lecture's rule of thumb: *always use the analytic gradient, but check it with the numeric
gradient*. :func:`grad_check_sparse` does that at a few random coordinates, with the centred
differences of :mod:`lectures_lib.nn.gradients`, and reports the :func:`relative_error` at
each,

.. math::

    \frac{|a - b|}{\max(|a| + |b|, \text{floor})} ,

below about 1e-7 when the two agree; :func:`format_error` prints such an error for a reader.
"""

import numpy as np

from lectures_lib._checks import (check_callable, check_nonnegative, check_positive,
                                  check_positive_int, check_seed)
from lectures_lib.nn._finite_differences import as_array, check_step
from lectures_lib.nn.gradients import numeric_partial


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
    a = as_array(a, "a")
    b = as_array(b, "b")
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
        (see :func:`~lectures_lib.nn.gradients.numeric_gradient`) or ``seed``.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> errors = grad_check_sparse(lambda v: np.sum(v ** 3), x, 3 * x ** 2, num_checks=3)
    >>> bool(np.all(errors < 1e-8))
    True
    """
    check_callable(f, "f")
    x = as_array(x, "x")
    analytic_grad = as_array(analytic_grad, "analytic_grad")
    if analytic_grad.shape != x.shape:
        raise ValueError(f"analytic_grad must have x's shape {x.shape}, got {analytic_grad.shape}")
    num_checks = check_positive_int(num_checks, "num_checks")
    h = check_positive(h, "h")
    seed = check_seed(seed)
    if x.size == 0:
        raise ValueError("x is empty: there is no coordinate to check")
    check_step(h, x, list(np.ndindex(x.shape)), "centred")
    rng = np.random.default_rng(seed)
    flat = rng.integers(x.size, size=num_checks)
    errors = np.empty(num_checks)
    for k, i in enumerate(flat):
        index = np.unravel_index(i, x.shape)
        numeric = numeric_partial(f, x, index, h=h)
        errors[k] = relative_error(numeric, analytic_grad[index])
    return errors
