r"""BFGS, the quasi-Newton method: Newton steps with an inverse Hessian learnt from gradients.

Newton's method (:mod:`lectures_lib.optim.newton`) forms the Hessian at every step. A
quasi-Newton method never does: after each step :math:`s` it sees how the gradient changed,
:math:`y = \nabla f(w + s) - \nabla f(w)`, and updates an estimate :math:`B \approx
\mathbf{H}^{-1}` so that :math:`B y = s`, as the true inverse Hessian of a quadratic would.
The direction is then the Newton direction with :math:`B` in place of :math:`\mathbf{H}^{-1}`,
taken with :func:`~lectures_lib.optim.line_search.backtracking_line_search`. L-BFGS, the same
update kept as its last pairs (s, y) instead of a matrix, is in
:mod:`lectures_lib.optim.limited_memory`.
"""

import torch

from lectures_lib.optim._second_order import curvature_ok, first_step, initial_scale
from lectures_lib.optim.line_search import _Run, backtracking_line_search


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
    ValueError, TypeError
        As :func:`~lectures_lib.optim.newton.newton`, for a bad start or argument.
        A run that fails later is not an exception: it returns ``converged=False`` with the
        reason in ``message``, and never NaN weights.

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
        step = backtracking_line_search(run.fg, w, fw, g, p, t0=first_step(k, g))
        if not step.success:
            return run.result(w, fw, g, step.message)
        s, y = step.x - w, step.g - g
        if curvature_ok(s, y):
            if not updated:
                B, updated = initial_scale(s, y) * eye, True
            rho, By = 1 / (y @ s), B @ y      # the update below, multiplied out: O(N²)
            B = B - rho * (torch.outer(s, By) + torch.outer(By, s)) \
                + (rho ** 2 * (y @ By) + rho) * torch.outer(s, s)
        w, fw, g = step.x, step.fx, step.g
        run.record(w, fw, g)
    return run.result(w, fw, g)
