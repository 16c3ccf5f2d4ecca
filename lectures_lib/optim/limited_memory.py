r"""L-BFGS, limited-memory BFGS: the inverse-Hessian estimate kept as its last m pairs.

BFGS (:mod:`lectures_lib.optim.quasi_newton`) stores its estimate of
:math:`\mathbf{H}^{-1}` as an N x N matrix. L-BFGS stores only the last ``history_size``
steps :math:`s_i` and gradient differences :math:`y_i`, and applies the estimate they define
to a gradient with :func:`two_loop_recursion`: :math:`2mN` numbers instead of :math:`N^2`,
which is what makes a quasi-Newton method usable for a network's weights.
"""

from collections import deque

import torch

from lectures_lib._checks import as_float_tensor, check_positive_int
from lectures_lib.optim._second_order import (as_vector, curvature_ok, first_step,
                                              initial_scale)
from lectures_lib.optim.line_search import _Run, backtracking_line_search


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
        gamma = initial_scale(s_history[-1], y_history[-1])    # sᵀy / yᵀy
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
    g = as_vector(g, "g")
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
    f, x0, max_iter, tol
        As :func:`~lectures_lib.optim.quasi_newton.bfgs`.
    history_size : int, default 10
        m, the number of pairs kept; at least 1.

    Returns
    -------
    lectures_lib.optim.line_search.OptimizeResult
        The last iterate, the path of iterates and the evaluation counts, as for BFGS.

    Raises
    ------
    ValueError
        If ``history_size`` < 1, or as :func:`~lectures_lib.optim.quasi_newton.bfgs` for a
        bad start or argument. A run that fails later is not an exception: it returns
        ``converged=False`` with the reason in ``message``, and never NaN weights.
    TypeError
        As :func:`~lectures_lib.optim.quasi_newton.bfgs`.

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
        step = backtracking_line_search(run.fg, w, fw, g, p, t0=first_step(k, g))
        if not step.success:
            return run.result(w, fw, g, step.message)
        s, y = step.x - w, step.g - g
        if curvature_ok(s, y):
            s_history.append(s)
            y_history.append(y)
        w, fw, g = step.x, step.fx, step.g
        run.record(w, fw, g)
    return run.result(w, fw, g)
