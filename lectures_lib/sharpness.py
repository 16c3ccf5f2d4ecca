r"""The curvature of a network's loss, measured with Hessian-vector products.

A network's Hessian is far too big to form (:mod:`lectures_lib.curvature`), but its largest
eigenvalue :math:`\lambda_{\max}`, the curvature along the sharpest direction, takes only a
few dozen Hessian-vector products to estimate by **power iteration**: repeat
:math:`v \leftarrow \mathbf{H} v / \lVert \mathbf{H} v \rVert`, and :math:`v^\top \mathbf{H} v`
approaches the eigenvalue of largest magnitude.

It is the :math:`L` of the quadratic theory: on the quadratic model around a point,
gradient descent with learning rate :math:`\alpha` is stable along the sharpest direction
only if :math:`\alpha < 2 / \lambda_{\max}`.

:func:`flat_loss` turns a network and a batch into the function of one weight vector that
the functions of :mod:`lectures_lib.curvature` expect.
"""

import torch
import torch.nn.functional as F
from torch.func import functional_call

from lectures_lib._checks import check_positive_int
from lectures_lib.curvature import as_point, hvp


def flat_loss(model, X, y, loss_fn=F.cross_entropy):
    """The loss of ``model`` on ``(X, y)`` as a function of all its parameters in one vector.

    Parameters
    ----------
    model : torch.nn.Module
        Evaluated as it is (call ``model.eval()`` first to switch dropout off).
    X, y : torch.Tensor
        The batch, on the model's device.
    loss_fn : callable, default ``torch.nn.functional.cross_entropy``

    Returns
    -------
    f : callable
        ``f(w)`` is the loss with the parameters taken from the 1-D tensor ``w``, in the order
        of ``model.parameters()``; differentiable in ``w``.
    w0 : torch.Tensor
        The model's current parameters as one detached vector, so that ``f(w0)`` is its loss.

    Examples
    --------
    >>> model = torch.nn.Linear(3, 2)
    >>> X, y = torch.randn(5, 3), torch.tensor([0, 1, 1, 0, 1])
    >>> f, w0 = flat_loss(model, X, y)
    >>> w0.shape
    torch.Size([8])
    >>> torch.allclose(f(w0), F.cross_entropy(model(X), y))
    True
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    named = [(name, p) for name, p in model.named_parameters()]
    if not named:
        raise ValueError("model has no parameters")
    names = [name for name, _ in named]
    shapes = [p.shape for _, p in named]
    sizes = [p.numel() for _, p in named]
    w0 = torch.cat([p.detach().reshape(-1) for _, p in named])

    def f(w):
        if w.shape != w0.shape:
            raise ValueError(f"w must have shape {tuple(w0.shape)} (one entry per parameter), "
                             f"got {tuple(w.shape)}")
        pieces = torch.split(w, sizes)
        params = {name: piece.reshape(shape) for name, piece, shape in zip(names, pieces, shapes)}
        return loss_fn(functional_call(model, params, (X,)), y)

    return f, w0


def top_eigenvalue(f, x, num_iters=30, seed=0):
    r"""The Hessian eigenvalue of largest magnitude of ``f`` at ``x``, by power iteration.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor of N weights to a scalar tensor (e.g. from :func:`flat_loss`).
    x : torch.Tensor of shape (N,)
    num_iters : int, default 30
        Hessian-vector products to take; each costs about two backward passes.
    seed : int, default 0
        Seeds the random start vector.

    Returns
    -------
    eigenvalue : float
        :math:`v^\top \mathbf{H} v` for the last (unit) vector :math:`v`.
    history : list of float
        The estimate after each product, to see it settle.

    Examples
    --------
    >>> A = torch.diag(torch.tensor([1.0, -2.0, 5.0], dtype=torch.float64))
    >>> value, _ = top_eigenvalue(lambda w: 0.5 * w @ A @ w, torch.ones(3, dtype=torch.float64))
    >>> round(value, 6)
    5.0
    """
    num_iters = check_positive_int(num_iters, "num_iters")
    x = as_point(x)
    generator = torch.Generator().manual_seed(seed)
    v = torch.randn(x.shape, generator=generator, dtype=x.dtype).to(x.device)
    v /= v.norm()
    history = []
    for _ in range(num_iters):
        Hv = hvp(f, x, v)
        history.append((v @ Hv).item())
        norm = Hv.norm()
        if norm == 0:  # v lies in the null space: every eigenvalue it sees is 0
            break
        v = Hv / norm
    return history[-1], history
