r"""Backtracking line search with the Armijo condition: how far to go along a direction.

Newton, BFGS and L-BFGS each propose a direction :math:`p` (a descent direction,
:math:`\nabla f(x)^\top p < 0`) and a natural step length (1 for Newton-like methods). Far from
the minimum the quadratic model behind that step can be poor and the full step can *increase*
the loss. Backtracking tries :math:`t = t_0, \rho t_0, \rho^2 t_0, \dots` and accepts the first
step with **sufficient decrease** (the Armijo condition)

.. math::

    f(x + t p) \le f(x) + c_1\, t\, \nabla f(x)^\top p ,

so the objective decreases at every accepted step (Nocedal & Wright, *Numerical Optimization*,
2006, Algorithm 3.1). A trial point where ``f`` or its gradient is NaN or infinite counts as
"too far" and is backtracked from, so no NaN ever becomes an iterate.

The module also holds what Newton's method (:mod:`lectures_lib.optim.newton`), BFGS
(:mod:`lectures_lib.optim.quasi_newton`) and L-BFGS (:mod:`lectures_lib.optim.limited_memory`)
each record along the way (the start's checks, the objective per iteration, the path, the
evaluation count) and return: an :class:`OptimizeResult`.
"""

import math
from dataclasses import dataclass

import torch

from lectures_lib._checks import (as_float_tensor, check_callable, check_in_range,
                                  check_nonnegative, check_positive, check_positive_int,
                                  check_same_shape)
from lectures_lib.landscape.curvature import _check_callable, as_point, value_and_grad


@dataclass
class LineSearchResult:
    """The outcome of :func:`backtracking_line_search`.

    Attributes
    ----------
    success : bool
        Whether a step with sufficient decrease was found.
    t : float
        The accepted step length (the last one tried when ``success`` is False).
    x, fx, g : torch.Tensor
        The new point, its value (0-d) and gradient; the old ones when ``success`` is False.
    nfev : int
        How many times ``fg`` was called (a trial point that overflowed is not evaluated).
    message : str
        Why the search failed, or ``""``.
    """

    success: bool
    t: float
    x: torch.Tensor
    fx: torch.Tensor
    g: torch.Tensor
    nfev: int
    message: str = ""


def backtracking_line_search(fg, x, fx, g, p, t0=1.0, c1=1e-4, rho=0.5, max_steps=60):
    r"""Find a step length :math:`t` along ``p`` that satisfies the Armijo condition.

    .. code-block:: text

        t = t0
        repeat max_steps times:
            if f(x + t p) <= f(x) + c1 t g·p:   accept t
            t = rho * t

    Parameters
    ----------
    fg : callable
        ``fg(x)`` returns ``(f(x), ∇f(x))`` as tensors.
    x : torch.Tensor of shape (N,)
        The current point.
    fx : torch.Tensor
        ``f(x)``, 0-d.
    g : torch.Tensor of shape (N,)
        ``∇f(x)``.
    p : torch.Tensor of shape (N,)
        The search direction; it must be a descent direction, ``g·p < 0``.
    t0 : float, default 1.0
        The first step length tried (1 for Newton and quasi-Newton steps).
    c1 : float, default 1e-4
        The fraction of the linear decrease that must be achieved, in (0, 1).
    rho : float, default 0.5
        The backtracking factor, in (0, 1).
    max_steps : int, default 60
        Trials before giving up (0.5**60 ≈ 1e-18).

    Returns
    -------
    LineSearchResult
        With ``success=False`` and a message, not an exception, when ``p`` is not a descent
        direction (``g·p >= 0``), when ``g·p`` overflows, or when no trial step decreases
        ``f`` enough.

    Raises
    ------
    ValueError
        If ``x``, ``g`` or ``p`` is not a finite 1-D vector, ``g`` or ``p`` has a shape other
        than ``x``'s, ``fx`` is not one finite number, or a parameter is out of range.
    TypeError
        If ``fg`` cannot be called, or a vector or parameter is not numeric.

    Notes
    -----
    Lists and NumPy arrays are accepted for ``x``, ``fx``, ``g`` and ``p`` and converted once,
    ``g``, ``p`` and ``fx`` to the dtype of ``x``. A trial point where ``f`` or its gradient is
    NaN or infinite (``x + t p`` overflowing, or leaving ``f``'s domain) counts as too far.

    Examples
    --------
    On f(x) = x², from x = 1 along p = -4 (too long a step), t = 1 and t = 0.5 do not
    decrease f enough; t = 0.25 lands on the minimum:

    >>> fg = lambda x: ((x ** 2).sum(), 2 * x)
    >>> x = torch.tensor([1.0], dtype=torch.float64)
    >>> result = backtracking_line_search(fg, x, *fg(x), torch.tensor([-4.0], dtype=torch.float64))
    >>> result.success, result.t, result.x.tolist(), result.nfev
    (True, 0.25, [0.0], 3)
    """
    check_callable(fg, "fg")
    if isinstance(x, torch.Tensor) and x.is_floating_point():
        x = as_float_tensor(x, "x", ndim=1)           # the same tensor: no copy
        if x.numel() == 0:
            raise ValueError("x is empty: there are no weights to move")
    else:
        x = as_point(x, "x")                          # lists, arrays, integer tensors
    fx = as_float_tensor(fx, "fx", dtype=x.dtype)
    if fx.numel() != 1:
        raise ValueError(f"fx must be the single number f(x), got shape {tuple(fx.shape)}")
    fx = fx.reshape(())
    g = as_float_tensor(g, "g", dtype=x.dtype)
    p = as_float_tensor(p, "p", dtype=x.dtype)
    check_same_shape(g, x, "g", "x")
    check_same_shape(p, x, "p", "x")
    t0 = check_positive(t0, "t0")
    c1 = check_in_range(c1, "c1", 0, 1, low_open=True, high_open=True)
    rho = check_in_range(rho, "rho", 0, 1, low_open=True, high_open=True)
    max_steps = check_positive_int(max_steps, "max_steps")

    slope = float(g @ p)
    if math.isnan(slope) or slope == -math.inf:
        return LineSearchResult(False, 0.0, x, fx, g, 0,
                                f"g·p = {slope} overflows (max|g| = {float(g.abs().max()):.3g}, "
                                f"max|p| = {float(p.abs().max()):.3g}): the decrease along p "
                                f"cannot be measured; rescale the problem")
    if not slope < 0:
        return LineSearchResult(False, 0.0, x, fx, g, 0,
                                f"p is not a descent direction (g·p = {slope:.3g} >= 0)")
    t, nfev = t0, 0
    for _ in range(max_steps):
        x_new = x + t * p
        if bool(torch.isfinite(x_new).all()):         # else x + t p overflowed: too far
            f_new, g_new = _evaluate(fg, x_new)
            nfev += 1
            finite = bool(torch.isfinite(f_new)) and bool(torch.isfinite(g_new).all())
            if finite and float(f_new) <= float(fx) + c1 * t * slope:
                return LineSearchResult(True, t, x_new, f_new, g_new, nfev)
        t *= rho
    return LineSearchResult(False, t / rho, x, fx, g, nfev,
                            f"line search failed: no step down to t = {t / rho:.1e} decreased "
                            f"f enough (f may be unbounded below, or its gradient wrong, or "
                            f"the minimum reached to machine precision)")


def _evaluate(fg, x):
    """``fg(x)`` as a 0-d value and a gradient shaped like ``x``, both of ``x``'s dtype."""
    out = fg(x)
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise TypeError(f"fg(x) must return a pair (f(x), grad f(x)), got "
                        f"{type(out).__name__}")
    f_x = as_float_tensor(out[0], "f(x) from fg", dtype=x.dtype, finite=False)
    g_x = as_float_tensor(out[1], "grad f(x) from fg", dtype=x.dtype, finite=False)
    if f_x.numel() != 1:
        raise ValueError(f"fg(x) must return f(x) as one number, got shape "
                         f"{tuple(f_x.shape)}")
    check_same_shape(g_x, x, "the gradient from fg(x)", "x")
    return f_x.reshape(()), g_x


@dataclass
class OptimizeResult:
    """What a second-order method found (the names follow ``scipy.optimize.OptimizeResult``).

    Attributes
    ----------
    x : torch.Tensor of shape (N,)
        The last iterate.
    fun : float
        ``f(x)``.
    nit : int
        The number of iterations (steps taken).
    converged : bool
        True when the gradient's largest entry fell to ``tol`` or below.
    message : str
        Why the run stopped.
    history : list of float
        ``f`` at the start and after each iteration (``nit + 1`` values, decreasing).
    path : torch.Tensor of shape (nit + 1, N)
        The iterates, starting with ``x0``.
    grad_norms : list of float
        The largest absolute entry of the gradient at each iterate.
    nfev : int
        Evaluations of ``f`` together with its gradient (line-search trials included).
    evaluations : list of int
        The running count of those evaluations at each iterate (the work done to reach it).
    """

    x: torch.Tensor
    fun: float
    nit: int
    converged: bool
    message: str
    history: list
    path: torch.Tensor
    grad_norms: list
    nfev: int
    evaluations: list


class _Run:
    """Bookkeeping shared by the three methods: checks, evaluation counts, history, result."""

    def __init__(self, f, x0, max_iter, tol):
        _check_callable(f)
        self.f, self.nfev = f, 0
        self.max_iter = check_positive_int(max_iter, "max_iter")
        self.tol = check_nonnegative(tol, "tol")
        x = as_point(x0, "x0")
        fx, g = self.fg(x)
        where = f"at the start x0 (max|x0| = {float(x.abs().max()):.3g})"
        if not torch.isfinite(fx):
            raise ValueError(f"f(x0) must be finite, got {float(fx)} {where}: f overflows or "
                             f"is undefined there; start nearer the minimum")
        if not torch.isfinite(g).all():
            raise ValueError(f"the gradient of f at x0 must be finite, got NaN or inf {where}; "
                             f"start nearer the minimum")
        self.start = (x, fx, g)
        self.history, self.path, self.grad_norms, self.evaluations = [], [], [], []
        self.record(x, fx, g)

    def fg(self, x):
        self.nfev += 1
        return value_and_grad(self.f, x)

    def small(self, g):
        return float(g.abs().max()) <= self.tol

    def record(self, x, fx, g):
        self.history.append(float(fx))
        self.path.append(x)
        self.grad_norms.append(float(g.abs().max()))
        self.evaluations.append(self.nfev)

    def result(self, x, fx, g, failure=None):
        """The result at ``(x, fx, g)``; ``failure`` says why the run had to stop early."""
        nit, gmax = len(self.history) - 1, self.grad_norms[-1]
        converged = failure is None and self.small(g)
        if failure is not None:
            message = f"failed after {nit} iterations: {failure}"
        elif converged:
            message = f"converged: max|grad| = {gmax:.1e} <= tol after {nit} iterations"
        else:
            message = f"stopped: max_iter = {self.max_iter} reached, max|grad| = {gmax:.1e}"
        size, size0 = float(x.abs().max()), float(self.path[0].abs().max())
        if not converged and size > 1e6 * (1 + size0):
            message += (f"; the iterates grew to max|x| = {size:.1e}: f may be unbounded "
                        f"below (the run diverged)")
        return OptimizeResult(x=x, fun=float(fx), nit=nit, converged=converged,
                              message=message, history=self.history,
                              path=torch.stack(self.path), grad_norms=self.grad_norms,
                              nfev=self.nfev, evaluations=self.evaluations)
