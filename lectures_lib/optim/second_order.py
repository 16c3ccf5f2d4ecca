r"""Newton's method, BFGS and L-BFGS on a torch function of a 1-D tensor.

All three follow the slides' Newton update :math:`w^* = w_0 - \mathbf{H}^{-1} \nabla_w L(w_0)`
(Lecture 5, DeepRob L4, AI604 decks) and differ in where :math:`\mathbf{H}^{-1}` comes from:

- :func:`newton` forms the Hessian with autograd and solves with it: :math:`N^2` memory,
  :math:`O(N^3)` time per step;
- :func:`bfgs` builds an approximation of the *inverse* Hessian from gradient differences,
  a rank-2 update of :math:`O(N^2)` per step, never inverting anything;
- :func:`lbfgs` keeps only the last ``history_size`` pairs of steps and gradient differences
  and applies the approximate inverse with the two-loop recursion: :math:`O(mN)` memory,
  "does not form/store the full inverse Hessian".

Each step goes along its direction with
:func:`~lectures_lib.optim.line_search.backtracking_line_search` (Armijo condition), so the
objective decreases at every iteration. Each function returns an
:class:`~lectures_lib.optim.line_search.OptimizeResult`; a failed line search or a non-finite
Hessian ends the run with ``converged=False`` and a message, never with NaN weights.
"""

from collections import deque

import torch

from lectures_lib._checks import as_float_tensor, check_positive, check_positive_int
from lectures_lib.landscape.curvature import hessian
from lectures_lib.optim.line_search import _Run, backtracking_line_search


def _vector(x, name):
    """``x`` as a finite, non-empty 1-D floating tensor (float64 unless already floating)."""
    dtype = x.dtype if isinstance(x, torch.Tensor) and x.is_floating_point() else torch.float64
    x = as_float_tensor(x, name, dtype=dtype, ndim=1)
    if x.numel() == 0:
        raise ValueError(f"{name} is empty (shape {tuple(x.shape)})")
    return x


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
    g = _vector(g, "g")
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


def bfgs(f, x0, max_iter=1000, tol=1e-6):
    r"""BFGS: Newton steps with an approximate inverse Hessian built from gradients.

    .. code-block:: text

        B = I                                     # approximates H⁻¹
        repeat until max|∇f(w)| <= tol:
            p = -B g
            t = backtracking(f, w, p)             # t0 = 1 (first iteration: 1/‖g‖)
            s = t p;  y = ∇f(w + s) - g;  ρ = 1 / (yᵀs)
            B = (I - ρ s yᵀ) B (I - ρ y sᵀ) + ρ s sᵀ   # O(N²), skipped unless yᵀs > 0
            w = w + s

    Before the first update ``B`` is rescaled to :math:`(y^\top s / y^\top y)\, I`
    (Nocedal & Wright, 2006, eq. 6.20). The update keeps ``B`` positive definite only if
    :math:`y^\top s > 0`, which a Wolfe line search guarantees and Armijo backtracking does
    not, so it is skipped when that curvature condition fails. (Broyden, Fletcher, Goldfarb
    and Shanno, 1970.)

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor.
    x0 : tensor or array_like of shape (N,)
    max_iter : int, default 1000
    tol : float, default 1e-6
        Stop when the largest absolute entry of the gradient is at most ``tol``.

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
    >>> from lectures_lib.landscape.objectives import rosenbrock
    >>> result = bfgs(rosenbrock, [-1.2, 1.0])
    >>> result.converged, [round(v, 5) for v in result.x.tolist()]
    (True, [1.0, 1.0])
    """
    run = _Run(f, x0, max_iter, tol)
    w, fw, g = run.start
    B = torch.eye(len(w), dtype=w.dtype, device=w.device)
    eye, updated = B.clone(), False
    for k in range(run.max_iter):
        if run.small(g):
            break
        p = -B @ g
        if not torch.isfinite(p).all():
            return run.result(w, fw, g, "the inverse-Hessian estimate overflowed")
        step = backtracking_line_search(run.fg, w, fw, g, p, t0=_first_step(k, g))
        if not step.success:
            return run.result(w, fw, g, step.message)
        s, y = step.x - w, step.g - g
        if _curvature_ok(s, y):
            if not updated:
                B, updated = _gamma(s, y) * eye, True
            rho, By = 1 / (y @ s), B @ y      # the update below, multiplied out: O(N²)
            B = B - rho * (torch.outer(s, By) + torch.outer(By, s)) \
                + (rho ** 2 * (y @ By) + rho) * torch.outer(s, s)
        w, fw, g = step.x, step.fx, step.g
        run.record(w, fw, g)
    return run.result(w, fw, g)


def two_loop_recursion(g, s_history, y_history):
    r"""Apply L-BFGS's inverse-Hessian approximation to ``g``: return :math:`-\mathbf{H}_k^{-1} g`.

    .. code-block:: text

        q = g
        for i = k-1, ..., k-m:   α_i = ρ_i s_iᵀ q;   q = q - α_i y_i
        r = γ q,   γ = s_{k-1}ᵀ y_{k-1} / y_{k-1}ᵀ y_{k-1}
        for i = k-m, ..., k-1:   β = ρ_i y_iᵀ r;     r = r + s_i (α_i - β)
        return -r

    with :math:`\rho_i = 1 / y_i^\top s_i` and :math:`\gamma = 1` while there are no pairs yet
    (Nocedal, 1980; Nocedal & Wright, 2006, Algorithm 7.4). It costs :math:`O(mN)` for
    :math:`m` stored pairs and never forms a matrix.

    Parameters
    ----------
    g : torch.Tensor or array_like of shape (N,)
        Lists and arrays become float64 tensors; the pairs take ``g``'s dtype.
    s_history, y_history : sequence of torch.Tensor or array_like of shape (N,)
        The last m steps and gradient differences, oldest first (empty: returns ``-g``), of
        the same length, each pair with positive curvature :math:`y_i^\top s_i > 0`.

    Returns
    -------
    torch.Tensor of shape (N,)

    Raises
    ------
    ValueError
        If the two histories differ in length, a vector's shape is not ``g``'s (both shapes
        in the message), an entry is NaN or inf, a pair has :math:`y_i^\top s_i \le 0`, or
        the result overflows.
    TypeError
        If a history is not a sequence of numeric vectors.

    Examples
    --------
    One pair from f = w₁² + 2w₂² (H = diag(2, 4)): along s the direction is exactly Newton's.

    >>> s = torch.tensor([1.0, 0.0], dtype=torch.float64)
    >>> y = torch.tensor([2.0, 0.0], dtype=torch.float64)
    >>> two_loop_recursion(torch.tensor([4.0, 0.0], dtype=torch.float64), [s], [y])
    tensor([-2., -0.], dtype=torch.float64)
    """
    g, s_history, y_history = _check_pairs(g, s_history, y_history)
    q = g.clone()
    alphas = []
    for s, y in zip(reversed(s_history), reversed(y_history)):
        alpha = (s @ q) / (y @ s)
        q = q - alpha * y
        alphas.append(alpha)
    gamma = 1.0
    if s_history:
        gamma = _gamma(s_history[-1], y_history[-1])    # sᵀy / yᵀy
    r = gamma * q
    for s, y, alpha in zip(s_history, y_history, reversed(alphas)):
        beta = (y @ r) / (y @ s)
        r = r + s * (alpha - beta)
    if not torch.isfinite(r).all():
        raise ValueError(f"the two-loop recursion overflowed (max|g| = "
                         f"{float(g.abs().max()):.3g}); rescale the problem")
    return -r


def _check_pairs(g, s_history, y_history):
    """Convert ``g`` and the histories to tensors of ``g``'s dtype and check them."""
    g = _vector(g, "g")
    histories = []
    for name, history in (("s_history", s_history), ("y_history", y_history)):
        if isinstance(history, (str, bytes)) or not hasattr(history, "__len__"):
            raise TypeError(f"{name} must be a sequence of vectors, got "
                            f"{type(history).__name__}")
        histories.append([as_float_tensor(v, f"{name}[{i}]", dtype=g.dtype)
                          for i, v in enumerate(history)])
    s_history, y_history = histories
    if len(s_history) != len(y_history):
        raise ValueError(f"s_history has {len(s_history)} vectors but y_history has "
                         f"{len(y_history)}; they must pair up, one (s, y) per step")
    for i, (s, y) in enumerate(zip(s_history, y_history)):
        for name, v in ((f"s_history[{i}]", s), (f"y_history[{i}]", y)):
            if tuple(v.shape) != tuple(g.shape):
                raise ValueError(f"{name} has shape {tuple(v.shape)} but g has shape "
                                 f"{tuple(g.shape)}; they must match")
        curvature = float(y @ s)
        if not 0 < curvature < float("inf"):
            raise ValueError(f"pair {i} has y·s = {curvature:.3g}: each pair needs finite, "
                             f"positive curvature y_history[{i}]·s_history[{i}] > 0")
    return g, s_history, y_history


def _gamma(s, y):
    """The scale :math:`s^\top y / y^\top y` of the first inverse-Hessian guess, with ``y``
    divided by its largest entry first so that :math:`y^\top y` cannot overflow."""
    size = y.abs().max()
    unit = y / size
    return (s @ unit) / (unit @ unit) / size


def lbfgs(f, x0, history_size=10, max_iter=1000, tol=1e-6):
    r"""L-BFGS: BFGS that keeps only the last ``history_size`` step/gradient pairs.

    .. code-block:: text

        repeat until max|∇f(w)| <= tol:
            p = two_loop_recursion(g, last m pairs (s, y))   # ≈ -H⁻¹ g, O(mN)
            t = backtracking(f, w, p)                         # t0 = 1 (first: 1/‖g‖)
            s = t p;  y = ∇f(w + s) - g
            keep (s, y) if yᵀs > 0, dropping the oldest beyond m
            w = w + s

    =====  =================
    m      ``history_size``
    =====  =================

    Memory is :math:`2mN` numbers instead of BFGS's :math:`N^2`. (Nocedal, 1980; Liu and
    Nocedal, 1989.) ``torch.optim.LBFGS`` implements the same recursion (default
    ``history_size=100``) with an optional strong-Wolfe line search; ``scipy``'s
    ``L-BFGS-B`` also handles bounds.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor.
    x0 : tensor or array_like of shape (N,)
    history_size : int, default 10
        m, the number of pairs kept; at least 1.
    max_iter : int, default 1000
    tol : float, default 1e-6
        Stop when the largest absolute entry of the gradient is at most ``tol``.

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
    >>> from lectures_lib.landscape.objectives import rosenbrock
    >>> result = lbfgs(rosenbrock, [-1.2, 1.0], history_size=5)
    >>> result.converged, [round(v, 5) for v in result.x.tolist()]
    (True, [1.0, 1.0])
    """
    m = check_positive_int(history_size, "history_size")
    run = _Run(f, x0, max_iter, tol)
    w, fw, g = run.start
    s_history, y_history = deque(maxlen=m), deque(maxlen=m)
    for k in range(run.max_iter):
        if run.small(g):
            break
        try:     # the pairs kept are valid by construction: only an overflow can raise
            p = two_loop_recursion(g, list(s_history), list(y_history))
        except ValueError as err:
            return run.result(w, fw, g, str(err))
        step = backtracking_line_search(run.fg, w, fw, g, p, t0=_first_step(k, g))
        if not step.success:
            return run.result(w, fw, g, step.message)
        s, y = step.x - w, step.g - g
        if _curvature_ok(s, y):
            s_history.append(s)
            y_history.append(y)
        w, fw, g = step.x, step.fx, step.g
        run.record(w, fw, g)
    return run.result(w, fw, g)


def _curvature_ok(s, y):
    """Whether the pair (s, y) shows positive curvature, yᵀs > 0 (up to rounding): only then
    does the update keep the inverse-Hessian estimate positive definite."""
    return y @ s > 1e-10 * torch.linalg.norm(s) * torch.linalg.norm(y)


def _first_step(k, g):
    """The first trial step: 1, except at iteration 0, where p = -g has no curvature scale.

    There it is 1/‖g‖, computed as (1/max|g|) / ‖g/max|g|‖ so that a huge g cannot overflow
    the norm (and the step become 0).
    """
    size = float(g.abs().max())
    if k > 0 or size == 0:
        return 1.0
    return min(1.0, (1.0 / size) / float(torch.linalg.norm(g / size)))


def _check_lr(lr):
    lr = check_positive(lr, "lr")
    if lr > 1:
        raise ValueError(f"lr must be in (0, 1] (1 is the full Newton step), got {lr}")
    return lr

