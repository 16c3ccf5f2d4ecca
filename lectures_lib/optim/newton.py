r"""Newton's method on a torch function of a 1-D tensor.

The second-order methods of chapter 5 all follow the slides' Newton update
:math:`w^* = w_0 - \mathbf{H}^{-1} \nabla_w L(w_0)` (Lecture 5, DeepRob L4, AI604 decks) and
differ in where :math:`\mathbf{H}^{-1}` comes from:

- :func:`newton`, here, forms the Hessian with autograd and solves with it: :math:`N^2`
  memory, :math:`O(N^3)` time per step;
- :func:`~lectures_lib.optim.quasi_newton.bfgs` builds an approximation of the *inverse*
  Hessian from gradient differences, a rank-2 update of :math:`O(N^2)` per step, never
  inverting anything (``optim/quasi_newton.py``);
- :func:`~lectures_lib.optim.limited_memory.lbfgs` keeps only the last ``history_size`` pairs
  of steps and gradient differences and applies the approximate inverse with the two-loop
  recursion: :math:`O(mN)` memory, "does not form/store the full inverse Hessian"
  (``optim/limited_memory.py``).

Each step goes along its direction with
:func:`~lectures_lib.optim.line_search.backtracking_line_search` (Armijo condition), so the
objective decreases at every iteration. Each function returns an
:class:`~lectures_lib.optim.line_search.OptimizeResult`; a failed line search or a non-finite
Hessian ends the run with ``converged=False`` and a message, never with NaN weights.
"""

import torch

from lectures_lib._checks import as_float_tensor, check_positive
from lectures_lib.landscape.curvature import hessian
from lectures_lib.optim._second_order import as_vector
from lectures_lib.optim.line_search import _Run, backtracking_line_search


def newton_direction(H, g):
    r"""Solve :math:`(\mathbf{H} + \tau I)\, p = -g`, with :math:`\tau = 0` when it can be.

    With :math:`\tau = 0` this is the Newton step :math:`p = -\mathbf{H}^{-1} g`. Where the
    Hessian is not positive definite (near a saddle or a maximum) that step need not point
    downhill, so its eigenvalues are shifted up: :math:`\tau = \beta - \lambda_{\min}`
    makes the smallest one :math:`\beta = 10^{-3} \max(1, \max_i |H_{ii}|)` and
    :math:`p` a descent direction (a modified Newton method, Nocedal & Wright, 2006, §3.4).

    Parameters
    ----------
    H : torch.Tensor or array_like of shape (N, N)
        Symmetric, finite.
    g : torch.Tensor or array_like of shape (N,)
        Finite. Lists and arrays become float64 tensors; ``H`` takes ``g``'s dtype.

    Returns
    -------
    p : torch.Tensor of shape (N,)
    tau : float

    Raises
    ------
    ValueError
        If ``H`` is not (N, N) for ``g`` of length N (both shapes in the message), is not
        symmetric, holds NaN or inf, or if the step overflows (``H`` nearly singular at the
        scale of ``g``).
    TypeError
        If ``H`` or ``g`` is not numeric.

    Notes
    -----
    The eigenvalues and the solve work on matrices divided by their largest entry, so entries
    near 1e300 or 1e-300 neither overflow nor underflow.

    Examples
    --------
    >>> H = torch.tensor([[2.0, 0.0], [0.0, 4.0]], dtype=torch.float64)
    >>> p, tau = newton_direction(H, torch.tensor([2.0, 2.0], dtype=torch.float64))
    >>> p.tolist(), tau
    ([-1.0, -0.5], 0.0)
    """
    g = as_vector(g, "g")
    H = as_float_tensor(H, "H", dtype=g.dtype)
    if tuple(H.shape) != (len(g), len(g)):
        raise ValueError(f"H has shape {tuple(H.shape)} but g has shape {tuple(g.shape)}; H "
                         f"must be ({len(g)}, {len(g)})")
    asymmetry = float((H - H.T).abs().max())
    if asymmetry > 1e-8 * max(float(H.abs().max()), 1e-300):
        raise ValueError(f"H must be symmetric, got max|H - H.T| = {asymmetry:.3g}")
    p, tau = _newton_direction(H, g)
    if not torch.isfinite(p).all():
        raise ValueError(f"the Newton step overflows: H (smallest eigenvalue shifted to "
                         f"{tau:.3g} + lambda_min) is nearly singular at the scale of g "
                         f"(max|g| = {float(g.abs().max()):.3g})")
    return p, tau


def _newton_direction(H, g):
    """:func:`newton_direction` without the checks; ``p`` may overflow for extreme inputs."""
    H = (H + H.T) / 2                                  # autograd's H is symmetric to rounding
    eye = torch.eye(len(g), dtype=g.dtype, device=g.device)
    scale = float(H.abs().max()) or 1.0
    lam_min = float(torch.linalg.eigvalsh(H / scale)[0]) * scale   # entries in [-1, 1]
    beta = 1e-3 * max(1.0, float(H.diagonal().abs().max()))
    tau = 0.0 if lam_min > 0 else beta - lam_min
    try:
        p = _solve_scaled(H + tau * eye, -g)
    except torch.linalg.LinAlgError:                   # positive, but singular in rounding
        tau = beta - lam_min
        p = _solve_scaled(H + tau * eye, -g)
    return p, tau


def _solve_scaled(A, b):
    """Solve ``A p = b`` on ``A / max|A|`` and ``b / max|b|``, rescaling at the end in an order
    that neither overflows nor underflows unless ``p`` itself does."""
    a_size, b_size = float(A.abs().max()) or 1.0, float(b.abs().max()) or 1.0
    q = torch.linalg.solve(A / a_size, b / b_size)
    factor = b_size / a_size
    if 1e-290 < factor < 1e290:
        return q * factor
    if float(q.abs().max()) * b_size < 1e290:
        return q * b_size / a_size
    return q / a_size * b_size


def newton(f, x0, max_iter=100, tol=1e-8, lr=1.0):
    r"""Newton's method with a backtracking line search (damped Newton).

    .. code-block:: text

        repeat until max|∇f(w)| <= tol:
            g = ∇f(w);  H = ∇²f(w)              # N backward passes, N² numbers
            p = -H⁻¹ g                         # O(N³); H + τI if H is not positive definite
            t = backtracking(f, w, p, t0=lr)   # Armijo: f decreases
            w = w + t p

    =========  ===========================================================
    symbol     argument
    =========  ===========================================================
    w₀         ``x0``
    α          ``lr``: the first step length tried (1 = full Newton step)
    =========  ===========================================================

    On a convex quadratic :math:`\tfrac12 w^\top A w - b^\top w` the full step (``lr=1``) lands
    on the minimum in one iteration. With ``lr`` = α < 1 every step is damped: on the CTU
    deck's quadric each coordinate shrinks as :math:`w^k = (1 - \alpha)^k w^0`, linear
    convergence instead of Newton's quadratic convergence near the minimum.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor; twice differentiable.
    x0 : tensor or array_like of shape (N,)
        The start; finite.
    max_iter : int, default 100
    tol : float, default 1e-8
        Stop when the largest absolute entry of the gradient is at most ``tol``.
    lr : float, default 1.0
        The first step length each line search tries, in (0, 1].

    Returns
    -------
    lectures_lib.optim.line_search.OptimizeResult

    Raises
    ------
    ValueError
        If ``x0`` is not a finite, non-empty vector, ``f`` or its gradient is not finite at
        ``x0`` (the message blames the start, e.g. ``x0 = [1e200, 1]`` where ``f`` overflows),
        or a count or tolerance is out of range. A run that fails later (a line search that
        finds no decrease, a Hessian or step that is not finite, iterates growing without
        bound) is not an exception: it returns ``converged=False`` with the reason in
        ``message``, and never NaN weights.
    TypeError
        If ``f`` is not callable, or a count is not an integer.

    Examples
    --------
    >>> A = torch.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=torch.float64)
    >>> b = torch.tensor([1.0, 1.0], dtype=torch.float64)
    >>> result = newton(lambda w: 0.5 * w @ A @ w - b @ w, [5.0, -7.0])
    >>> result.nit, result.converged, [round(v, 12) for v in result.x.tolist()]
    (1, True, [0.2, 0.4])
    """
    lr = _check_lr(lr)
    run = _Run(f, x0, max_iter, tol)
    w, fw, g = run.start
    for _ in range(run.max_iter):
        if run.small(g):
            break
        H = hessian(f, w)
        if not torch.isfinite(H).all():
            return run.result(w, fw, g, "the Hessian is not finite here")
        p, _ = _newton_direction(H, g)
        if not torch.isfinite(p).all():
            return run.result(w, fw, g, "the Newton step overflows here (H nearly singular "
                                        "at the scale of the gradient)")
        step = backtracking_line_search(run.fg, w, fw, g, p, t0=lr)
        if not step.success:
            return run.result(w, fw, g, step.message)
        w, fw, g = step.x, step.fx, step.g
        run.record(w, fw, g)
    return run.result(w, fw, g)


def _check_lr(lr):
    lr = check_positive(lr, "lr")
    if lr > 1:
        raise ValueError(f"lr must be in (0, 1] (1 is the full Newton step), got {lr}")
    return lr

