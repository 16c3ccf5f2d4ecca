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

import torch

from lectures_lib._checks import check_nonnegative, check_positive, check_positive_int
from lectures_lib.curvature import hessian
from lectures_lib.divergence import check_loss
from lectures_lib.line_search import _Run

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
    lectures_lib.line_search.OptimizeResult

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the objective becomes non-finite or explodes (too large a step).

    Examples
    --------
    On f(w) = w₁² + 100 w₂² the diagonal of the Hessian is exact: one step to the minimum.

    >>> f = lambda w: w[0] ** 2 + 100 * w[1] ** 2
    >>> result = diagonal_scaled_descent(f, [1.0, 1.0], lr=1.0, num_steps=1, scaling="hessian")
    >>> [round(v, 6) for v in result.x.tolist()]
    [0.0, 0.0]
    """
    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {SCALINGS}, got {scaling!r}")
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
            d = torch.sqrt(g * g) + eps
        else:
            G = G + g * g
            d = torch.sqrt(G) + eps
        w = w - lr * g / d
        fw, g = run.fg(w)
        check_loss(float(fw), step, initial_loss=run.history[0], lr=lr)
        run.record(w, fw, g)
    return run.result(w, fw, g)
