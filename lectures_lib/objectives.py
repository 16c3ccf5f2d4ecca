r"""Objectives for comparing optimizers, as torch functions of a 1-D weight tensor.

- :func:`rosenbrock`, the classic curved valley (Rosenbrock, 1960) in N ≥ 2 dimensions;
- :func:`quadratic`, :math:`\tfrac12 w^\top A w - b^\top w`, whose Hessian is :math:`A`;
- :func:`logistic_loss`, the regularised logistic-regression loss on a data set, and
  :func:`minibatch_loss`, the same loss on a fresh random minibatch at every call (the
  "stochastic f(x)" that L-BFGS does not cope with).

Each accepts a single point of shape (N,) or a batch of points of shape (..., N), returning a
scalar or a tensor of the batch shape, so a chapter can draw contours with the same function.
"""

import numpy as np
import torch
import torch.nn.functional as F

from lectures_lib._checks import as_float_array, check_nonnegative, check_positive_int


def rosenbrock(w):
    r"""The Rosenbrock function, minimum 0 at :math:`w = (1, \dots, 1)`.

    .. math::

        f(w) = \sum_{i=1}^{N-1} 100\,(w_{i+1} - w_i^2)^2 + (1 - w_i)^2

    Parameters
    ----------
    w : torch.Tensor of shape (..., N), N >= 2

    Returns
    -------
    torch.Tensor of shape (...)

    Examples
    --------
    >>> rosenbrock(torch.tensor([1.0, 1.0, 1.0])).item()
    0.0
    >>> rosenbrock(torch.tensor([[0.0, 0.0], [2.0, 4.0]]))   # a batch of two points
    tensor([1., 1.])
    """
    if w.shape[-1] < 2:
        raise ValueError(f"w must have at least 2 entries in its last dimension, got shape "
                         f"{tuple(w.shape)}")
    head, tail = w[..., :-1], w[..., 1:]
    return (100 * (tail - head ** 2) ** 2 + (1 - head) ** 2).sum(-1)


def quadratic(A, b=None):
    r"""The quadratic :math:`f(w) = \tfrac12 w^\top A w - b^\top w` as a torch function.

    Its gradient is :math:`A w - b` and its Hessian :math:`A` everywhere; for a positive
    definite :math:`A` the minimum is at :math:`w^* = A^{-1} b`. The CTU deck's case study is
    ``A = diag(λ₁, ..., λ_N)``, ``b = 0``.

    Parameters
    ----------
    A : array_like of shape (N, N)
        Symmetric.
    b : array_like of shape (N,), optional
        Zero by default.

    Returns
    -------
    callable
        ``f(w)`` for ``w`` of shape (..., N), in float64.

    Examples
    --------
    >>> f = quadratic([[2.0, 0.0], [0.0, 4.0]], [2.0, 0.0])
    >>> f(torch.tensor([1.0, 0.0], dtype=torch.float64)).item()
    -1.0
    """
    A = as_float_array(A, "A", ndim=2)
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be square, got shape {A.shape}")
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric (a Hessian is)")
    b = np.zeros(len(A)) if b is None else as_float_array(b, "b", ndim=1)
    if b.shape != (len(A),):
        raise ValueError(f"b must have shape ({len(A)},) to match A, got {b.shape}")
    A_t, b_t = torch.from_numpy(A), torch.from_numpy(b)

    def f(w):
        return 0.5 * ((w @ A_t) * w).sum(-1) - w @ b_t

    return f


def logistic_loss(X, y, reg=1e-3):
    r"""The regularised logistic-regression loss on ``(X, y)``, as a function of the weights.

    .. math::

        L(w) = \frac{1}{n} \sum_{i=1}^{n} \log\left(1 + e^{-\tilde y_i\, x_i^\top w}\right)
        + \frac{\lambda}{2} \lVert w \rVert^2, \qquad \tilde y_i = 2 y_i - 1 \in \{-1, +1\}

    Parameters
    ----------
    X : array_like of shape (n, D)
        Features (append a constant column for a bias).
    y : array_like of shape (n,)
        Labels 0 or 1.
    reg : float, default 1e-3
        λ, >= 0. It makes the loss strongly convex with a unique minimum.

    Returns
    -------
    callable
        ``L(w)`` for ``w`` of shape (..., D), in float64.

    Examples
    --------
    At w = 0 every example has probability 1/2, so the loss is log 2:

    >>> L = logistic_loss([[1.0, 2.0], [3.0, -1.0]], [0, 1])
    >>> round(L(torch.zeros(2, dtype=torch.float64)).item(), 6)
    0.693147
    """
    X_t, sign = _check_data(X, y)
    reg = check_nonnegative(reg, "reg")

    def loss(w):
        return F.softplus(-sign * (w @ X_t.T)).mean(-1) + 0.5 * reg * (w * w).sum(-1)

    return loss


def minibatch_loss(X, y, batch_size, reg=1e-3, seed=0):
    """The loss of :func:`logistic_loss` on a new random minibatch at *every* call.

    This is what an optimizer sees in mini-batch training: each evaluation (each line-search
    trial, too) uses different examples, so two values or gradients of "f" are not of the
    same function.

    Parameters
    ----------
    X, y, reg
        As for :func:`logistic_loss`.
    batch_size : int
        Examples per call, drawn without replacement.
    seed : int, default 0
        Seed of the batches' generator.

    Returns
    -------
    callable

    Examples
    --------
    >>> X, y = np.eye(4), np.array([0, 1, 0, 1])
    >>> L = minibatch_loss(X, y, batch_size=2, reg=0.0)
    >>> w = torch.tensor([0.0, 5.0, 0.0, 5.0], dtype=torch.float64)
    >>> sorted({round(L(w).item(), 2) for _ in range(20)})
    [0.01, 0.35, 0.69]
    """
    X_t, sign = _check_data(X, y)
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size > len(sign):
        raise ValueError(f"batch_size must be at most the {len(sign)} examples, got {batch_size}")
    reg = check_nonnegative(reg, "reg")
    generator = torch.Generator().manual_seed(seed)

    def loss(w):
        batch = torch.randperm(len(sign), generator=generator)[:batch_size]
        margins = -sign[batch] * (w @ X_t[batch].T)
        return F.softplus(margins).mean(-1) + 0.5 * reg * (w * w).sum(-1)

    return loss


def _check_data(X, y):
    """X as a float64 tensor and the labels 0/1 as signs -1/+1."""
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X, got {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"y must hold labels 0 and 1, got {np.unique(y)[:5].tolist()}")
    return torch.from_numpy(X), torch.from_numpy(2.0 * y - 1.0)
