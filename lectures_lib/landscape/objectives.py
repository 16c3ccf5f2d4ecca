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

from lectures_lib._checks import (as_float_array, as_float_tensor, check_labels,
                                 check_nonnegative, check_positive_int, check_seed)


def _weights(w, n, name="w"):
    """``w`` as a float64 tensor of shape (..., n); keeps autograd's graph through the cast.

    Non-finite entries of a tensor are let through: an optimizer's line search probes
    far-out points and must see the inf that comes back. A list or array must be finite.
    """
    w = as_float_tensor(w, name, dtype=torch.float64, finite=not isinstance(w, torch.Tensor))
    if w.ndim == 0 or w.shape[-1] != n:
        raise ValueError(f"{name} must have shape ({n},) or (..., {n}), got {tuple(w.shape)}")
    return w


def _result(out, w, what):
    """``out`` for a tensor ``w``; for a list or an array, insist that it is finite."""
    if not isinstance(w, torch.Tensor) and not bool(torch.isfinite(out).all()):
        raise ValueError(f"{what} overflows float64's range (about 1.8e308) at w: a point that "
                         f"far out has no finite value")
    return out


def rosenbrock(w):
    r"""The Rosenbrock function, minimum 0 at :math:`w = (1, \dots, 1)`.

    .. math::

        f(w) = \sum_{i=1}^{N-1} 100\,(w_{i+1} - w_i^2)^2 + (1 - w_i)^2

    Parameters
    ----------
    w : torch.Tensor or array_like of shape (..., N), N >= 2
        A tensor is used as it is (an integer tensor is cast to torch's default float), so
        that autograd can differentiate through it; a list or a NumPy array is computed with
        NumPy in float64 and must be finite.

    Returns
    -------
    torch.Tensor of shape (...)
        A NumPy float or array for list or NumPy input. On a tensor, a point far enough out
        gives ``inf``, as torch computes it (line searches rely on seeing that).

    Raises
    ------
    TypeError
        If ``w`` is not numeric (strings, booleans, complex).
    ValueError
        If its last dimension has fewer than 2 entries, or a list/array holds NaN/inf or is
        so far out that the value overflows.

    Examples
    --------
    >>> rosenbrock(torch.tensor([1.0, 1.0, 1.0])).item()
    0.0
    >>> rosenbrock(torch.tensor([[0.0, 0.0], [2.0, 4.0]]))   # a batch of two points
    tensor([1., 1.])
    """
    tensor = isinstance(w, torch.Tensor)
    w = as_float_tensor(w, "w", finite=False) if tensor else as_float_array(w, "w")
    if w.ndim == 0 or w.shape[-1] < 2:
        raise ValueError(f"w must have at least 2 entries in its last dimension, got shape "
                         f"{tuple(w.shape)}")
    if tensor:
        return _rosenbrock(w)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _rosenbrock(w)
    if not np.all(np.isfinite(out)):
        raise ValueError("the Rosenbrock function overflows float64's range (about 1.8e308) "
                         "at w: a point that far out has no finite value")
    return out


def _rosenbrock(w):
    """The formula, for tensors and arrays alike."""
    head, tail = w[..., :-1], w[..., 1:]
    return (100 * (tail - head ** 2) ** 2 + (1 - head) ** 2).sum(-1)


def quadratic(A, b=None):
    r"""The quadratic :math:`f(w) = \tfrac12 w^\top A w - b^\top w` as a torch function.

    Its gradient is :math:`A w - b` and its Hessian :math:`A` everywhere; for a positive
    definite :math:`A` the minimum is at :math:`w^* = A^{-1} b`. The CTU deck's case study is
    ``A = diag(λ₁, ..., λ_N)``, ``b = 0``.

    Parameters
    ----------
    A : array_like of shape (N, N), N >= 1
        Symmetric (up to a relative 1e-10); it need not be positive definite.
    b : array_like of shape (N,), optional
        Zero by default.

    Returns
    -------
    callable
        ``f(w)`` for ``w`` of shape (..., N) (a tensor, list or array; other float or integer
        dtypes are cast to float64), in float64. On a tensor it gives ``inf`` for a point far
        enough out, as torch computes it (line searches rely on seeing that); on a list or an
        array such a point raises a ``ValueError``.

    Raises
    ------
    TypeError, ValueError
        For ``A`` not a finite square non-empty matrix, or not symmetric; ``b`` of the wrong
        shape or not finite; and, from ``f``, a ``w`` whose last dimension is not N.

    Examples
    --------
    >>> f = quadratic([[2.0, 0.0], [0.0, 4.0]], [2.0, 0.0])
    >>> f(torch.tensor([1.0, 0.0], dtype=torch.float64)).item()
    -1.0
    """
    A = as_float_array(A, "A", ndim=2)
    if A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"A must be square and non-empty, got shape {A.shape}")
    asymmetry = np.max(np.abs(A / 2 - A.T / 2))   # halved first: no overflow for finite A
    if asymmetry > 1e-10 * np.max(np.abs(A)):
        raise ValueError(f"A must be symmetric (a Hessian is), but A and A.T differ by up to "
                         f"{2 * asymmetry:.3g}")
    b = np.zeros(len(A)) if b is None else as_float_array(b, "b", ndim=1)
    if b.shape != (len(A),):
        raise ValueError(f"b must have shape ({len(A)},) to match A, got {b.shape}")
    A_t, b_t = torch.from_numpy(A), torch.from_numpy(b)

    def f(w):
        v = _weights(w, len(b))
        return _result(0.5 * ((v @ A_t) * v).sum(-1) - v @ b_t, w, "the quadratic")

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
        ``L(w)`` for ``w`` of shape (..., D) (a tensor, list or array, cast to float64), in
        float64; as for :func:`quadratic`, a list or array so far out that the loss overflows
        raises a ``ValueError``.

    Raises
    ------
    TypeError, ValueError
        For ``X`` not a finite non-empty 2-D array, ``y`` not of shape (n,) or not labels 0
        and 1 (integers or floats; booleans are refused), ``reg < 0``; and, from ``L``, a
        ``w`` whose last dimension is not D.

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
        v = _weights(w, X_t.shape[1])
        out = F.softplus(-sign * (v @ X_t.T)).mean(-1) + 0.5 * reg * (v * v).sum(-1)
        return _result(out, w, "the logistic loss")

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
        Seed of the batches' generator, in [0, 2**63).

    Returns
    -------
    callable

    Raises
    ------
    TypeError, ValueError
        As :func:`logistic_loss`, and for ``batch_size`` not an integer in [1, n] or a bad
        ``seed``.

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
    generator = torch.Generator().manual_seed(check_seed(seed))

    def loss(w):
        v = _weights(w, X_t.shape[1])
        batch = torch.randperm(len(sign), generator=generator)[:batch_size]
        margins = -sign[batch] * (v @ X_t[batch].T)
        out = F.softplus(margins).mean(-1) + 0.5 * reg * (v * v).sum(-1)
        return _result(out, w, "the logistic loss")

    return loss


def _check_data(X, y):
    """X as a float64 tensor and the labels 0/1 (integers, as :func:`check_labels` wants them)
    as signs -1/+1."""
    X = as_float_array(X, "X", ndim=2)
    if len(X) == 0:
        raise ValueError(f"X has no examples, got shape {X.shape}")
    y = check_labels(y, len(X), 2, "y")
    return torch.from_numpy(X), torch.from_numpy(2.0 * y - 1.0)
