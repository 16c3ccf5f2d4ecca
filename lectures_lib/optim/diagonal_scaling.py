r"""From Newton's method to AdaGrad: scaling each coordinate of the gradient by a diagonal.

The CTU deck asks what the Hessian does in the Newton step
:math:`w^k = w^{k-1} - \alpha \mathbf{H}^{-1} g`: it divides each component by the curvature
along it, "the faster the change the shorter the step". Keeping only a diagonal
:math:`D \approx \mathbf{H}` makes that cheap, :math:`w^k = w^{k-1} - \alpha\, g / d`
elementwise, and the slides then approximate the diagonal by the gradient itself:

.. math::

    \hat{\mathbf{H}} \approx \operatorname{diag}(g g^\top)^{1/2} = |g|
    \quad\Rightarrow\quad
    w^k = w^{k-1} - \frac{\alpha}{\sqrt{g^2 + \epsilon}} \odot g .

Summing the squares over all iterations instead of using the last gradient alone gives
AdaGrad (Duchi, Hazan and Singer, 2011). :func:`diagonal_scaled_descent` runs all four
choices of :math:`d` with one loop, so they can be compared on the same problem.
"""

import math

import torch

from lectures_lib._checks import check_choice, check_nonnegative, check_positive
from lectures_lib._checks import check_positive_int
from lectures_lib.landscape.curvature import hessian
from lectures_lib.divergence import DivergenceError
from lectures_lib.optim.line_search import _Run

#: The choices of the diagonal d, in the order the chapter introduces them.
SCALINGS = ("none", "hessian", "gradient", "adagrad")


def diagonal_scaled_descent(f, x0, lr, num_steps, scaling="adagrad", eps=1e-7, tol=0.0):
    r"""Descent with a fixed step, each coordinate of the gradient divided by :math:`d_i`.

    .. code-block:: text

        G = 0
        repeat num_steps times (or until max|g| <= tol):
            g = ∇f(w)
            d = 1                  scaling = "none"      (gradient descent)
              = |diag(H)| + ε      scaling = "hessian"   (diagonal Newton)
              = sqrt(g²) + ε       scaling = "gradient"  (diag(g gᵀ)^½, the slide's Ĥ)
              = sqrt(G + g²) + ε   scaling = "adagrad"   (G += g², then divide)
            w = w - lr * g / d

    ==========  =======================================================
    symbol      argument
    ==========  =======================================================
    α           ``lr``
    ε           ``eps`` (1e-7 as in the slides' AdaGrad code; the CTU deck puts
                ε inside the square root, ``torch.optim.Adagrad`` outside, as here,
                with a default of 1e-10)
    ==========  =======================================================

    With ``scaling="adagrad"`` the iterates are those of
    ``torch.optim.Adagrad(lr=lr, eps=eps)`` on the same function.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor.
    x0 : tensor or array_like of shape (N,)
    lr : float
        α, > 0.
    num_steps : int
    scaling : {"none", "hessian", "gradient", "adagrad"}, default "adagrad"
    eps : float, default 1e-7
    tol : float, default 0.0
        Stop early when the largest absolute entry of the gradient is at most ``tol``.

    Returns
    -------
    lectures_lib.optim.line_search.OptimizeResult

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the objective or its gradient becomes non-finite, or the objective explodes; the
        message names the step and says whether the learning rate, the start point (a first
        step that already overshoots) or ``eps = 0`` (a division by a zero :math:`d_i`) is to
        blame.
    ValueError
        If ``f`` or its gradient is not finite at ``x0``, or an argument is out of range.
    TypeError
        If ``f`` is not callable or an argument is of the wrong kind.

    Examples
    --------
    On f(w) = w₁² + 100 w₂² the diagonal of the Hessian is exact: one step to the minimum.

    >>> f = lambda w: w[0] ** 2 + 100 * w[1] ** 2
    >>> result = diagonal_scaled_descent(f, [1.0, 1.0], lr=1.0, num_steps=1, scaling="hessian")
    >>> [round(v, 6) for v in result.x.tolist()]
    [0.0, 0.0]
    """
    check_choice(scaling, "scaling", SCALINGS)
    lr = check_positive(lr, "lr")
    eps = check_nonnegative(eps, "eps")
    num_steps = check_positive_int(num_steps, "num_steps")
    run = _Run(f, x0, num_steps, tol)
    w, fw, g = run.start
    G = torch.zeros_like(w)
    for step in range(1, run.max_iter + 1):
        if run.small(g):
            break
        if scaling == "none":
            d = torch.ones_like(w)
        elif scaling == "hessian":
            d = hessian(f, w).diagonal().abs() + eps
        elif scaling == "gradient":
            d = g.abs() + eps                          # sqrt(g²) + ε, without squaring g
        else:
            G = G + g * g
            d = torch.sqrt(G) + eps
        w_new = w - lr * g / d
        if not torch.isfinite(w_new).all():
            raise DivergenceError(f"training diverged at step {step}: the weights became "
                                  f"{_first_bad(w_new)}.{_hint(step, d, eps, lr, run, scaling)}")
        w = w_new
        fw, g = run.fg(w)
        problem = _divergence(float(fw), g, run.history[0])
        if problem:
            raise DivergenceError(f"training diverged at step {step}: {problem}."
                                  f"{_hint(step, d, eps, lr, run)}")
        run.record(w, fw, g)
    return run.result(w, fw, g)


def _divergence(loss, g, initial_loss, blowup=1e6):
    """What went wrong at this step, as for :func:`~lectures_lib.divergence.check_loss`, or
    ``None``: a non-finite loss or gradient, or a loss ``blowup`` times the first one."""
    if not math.isfinite(loss):
        return f"the loss is {loss}"
    if loss > blowup * max(abs(initial_loss), 1.0):
        return f"the loss grew from {initial_loss:.4g} to {loss:.4g}"
    if not torch.isfinite(g).all():
        return f"the gradient became {_first_bad(g)}"
    return None


def _first_bad(t):
    return float(t[~torch.isfinite(t)][0])


def _hint(step, d, eps, lr, run, scaling=None):
    """Why the run diverged, truthfully: a zero divisor, the start point, or the step size."""
    if scaling == "hessian" and not torch.isfinite(d).all():
        return " The Hessian's diagonal is not finite here; f is too steep at this point."
    if eps == 0 and bool((d == 0).any()):
        return (" With eps = 0 a coordinate with a zero divisor d_i was divided by 0; "
                "use eps > 0 (the slides use 1e-7).")
    if step == 1:
        return (f" The first step from x0 (max|x0| = {float(run.path[0].abs().max()):.3g}, "
                f"f(x0) = {run.history[0]:.3g}) already overshot: the learning rate {lr} is "
                f"too large for this start; try a smaller one, or start nearer the minimum.")
    return f" The learning rate {lr} is probably too large; try a smaller one (e.g. 10x lower)."
