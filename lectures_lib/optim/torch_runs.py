"""``torch.optim``'s own optimizers run on a function of one tensor: the references.

Chapter 5 sets the library's methods beside PyTorch's on the same function and start, and the
tests do the same to check them. Both run ``torch.optim`` the standard way (``zero_grad``,
``backward``, ``step``) through these two functions, so the comparison is written once:

* :func:`torch_path`, the iterates of any ``torch.optim`` optimizer for a number of steps;
* :func:`torch_lbfgs`, ``torch.optim.LBFGS`` with its strong-Wolfe line search until the
  gradient is small, with its counts of iterations and evaluations.

Examples
--------
>>> import torch
>>> f = lambda w: (w ** 2).sum()              # gradient 2w: SGD multiplies w by 1 - 2 lr
>>> torch_path(torch.optim.SGD, f, [1.0, -2.0], 2, lr=0.25)
tensor([[ 1.0000, -2.0000],
        [ 0.5000, -1.0000],
        [ 0.2500, -0.5000]], dtype=torch.float64)
"""

import torch

from lectures_lib._checks import (as_float_tensor, check_callable, check_positive,
                                  check_positive_int)
from lectures_lib.divergence import DivergenceError


def _start(f, x0):
    check_callable(f, "f")
    return as_float_tensor(x0, "x0", dtype=torch.float64, ndim=1).clone().requires_grad_(True)


def torch_path(optimizer, f, x0, num_steps, **hyperparameters):
    """The iterates of ``optimizer([w], **hyperparameters)`` minimising ``f(w)`` from ``x0``.

    Parameters
    ----------
    optimizer : type
        A ``torch.optim`` optimizer class (or one of :mod:`lectures_lib.optim`'s).
    f : callable
        Maps a float64 tensor of shape (n,) to a scalar tensor, differentiably.
    x0 : array_like of shape (n,)
    num_steps : int
        Steps to take, >= 1.
    **hyperparameters
        Passed to ``optimizer``, e.g. ``lr=0.1``.

    Returns
    -------
    torch.Tensor of shape (num_steps + 1, n)
        ``x0`` and the iterate after each step, float64.

    Raises
    ------
    TypeError
        If ``optimizer`` is not a class or ``f`` not callable.
    ValueError
        If ``x0`` is not a finite vector or ``num_steps`` not a positive integer.
    lectures_lib.divergence.DivergenceError
        If an iterate is not finite: the step size is too large for ``f``.
    """
    if not isinstance(optimizer, type):
        raise TypeError(f"optimizer must be an optimizer class such as torch.optim.SGD, got "
                        f"{type(optimizer).__name__} {optimizer!r}")
    w = _start(f, x0)
    num_steps = check_positive_int(num_steps, "num_steps")
    opt = optimizer([w], **hyperparameters)
    path = [w.detach().clone()]
    for step in range(1, num_steps + 1):
        opt.zero_grad()
        f(w).backward()
        opt.step()
        if not bool(torch.isfinite(w).all()):
            raise DivergenceError(f"{optimizer.__name__} diverged at step {step}: the iterate "
                                  f"is not finite; take a smaller step size")
        path.append(w.detach().clone())
    return torch.stack(path)


def torch_lbfgs(f, x0, history_size=10, tol=1e-6):
    """``torch.optim.LBFGS`` with a strong-Wolfe line search until ``max|grad| <= tol``.

    The settings match :func:`~lectures_lib.optim.limited_memory.lbfgs`'s defaults, so the two
    count iterations and function evaluations on the same footing.

    Parameters
    ----------
    f : callable
        Maps a float64 tensor of shape (n,) to a scalar tensor, differentiably.
    x0 : array_like of shape (n,)
    history_size : int, default 10
        Pairs of steps and gradient changes kept, >= 1.
    tol : float, default 1e-6
        Stop when the largest gradient component is at most this, > 0.

    Returns
    -------
    x : torch.Tensor of shape (n,)
        The last iterate.
    nit, nfev : int
        Iterations and evaluations of ``f`` that torch counted.

    Raises
    ------
    TypeError
        If ``f`` is not callable.
    ValueError
        If ``x0`` is not a finite vector, ``history_size`` not a positive integer or ``tol``
        not positive.

    Examples
    --------
    >>> x, nit, nfev = torch_lbfgs(lambda w: ((w - 3) ** 2).sum(), [0.0, 1.0])
    >>> x, nit
    (tensor([3., 3.], dtype=torch.float64), 2)
    """
    w = _start(f, x0)
    history_size = check_positive_int(history_size, "history_size")
    tol = check_positive(tol, "tol")
    opt = torch.optim.LBFGS([w], lr=1, max_iter=10_000, history_size=history_size,
                            tolerance_grad=tol, tolerance_change=1e-15,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = f(w)
        loss.backward()
        return loss

    opt.step(closure)
    state = opt.state[w]
    return w.detach(), state["n_iter"], state["func_evals"]
