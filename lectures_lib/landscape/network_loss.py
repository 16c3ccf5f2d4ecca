r"""A network's loss as a function of its weights: all of them in one vector, or along a line.

Curvature and convexity are properties of the loss as a function of the weights, with the
data fixed. :func:`flat_loss` turns a network and a batch into that function of one 1-D
tensor, for :mod:`lectures_lib.landscape.curvature` (chapter 5);
:func:`loss_along_line` evaluates it along a straight line :math:`w_0 + t\,d` through the
weights, in a :func:`random_direction` :math:`d`, a 1-D slice of the loss whose chords
:mod:`lectures_lib.landscape.convexity` checks (chapter 6).
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch.func import functional_call

from lectures_lib._checks import as_float_array, as_float_tensor, check_callable, check_seed


def flat_loss(model, X, y, loss_fn=F.cross_entropy):
    """The loss of ``model`` on ``(X, y)`` as a function of all its parameters in one vector.

    Parameters
    ----------
    model : torch.nn.Module
        Evaluated as it is (call ``model.eval()`` first to switch dropout off).
    X, y : torch.Tensor or array_like
        The batch. ``X`` is cast to the dtype of the model's parameters (integer data too)
        and moved to their device; ``y`` becomes a tensor there: integer labels as int64,
        floating targets in the model's dtype. Both must be finite and hold as many
        examples.
    loss_fn : callable, default ``torch.nn.functional.cross_entropy``

    Returns
    -------
    f : callable
        ``f(w)`` is the loss with the parameters taken from the 1-D tensor ``w``, in the order
        of ``model.parameters()``; differentiable in ``w``.
    w0 : torch.Tensor
        The model's current parameters as one detached vector, so that ``f(w0)`` is its loss.
        ``f`` accepts other floating dtypes (and lists) too, cast to ``w0``'s.

    Raises
    ------
    TypeError, ValueError
        For a ``model`` that is not a module or has no parameters, a bad ``X`` or ``y``
        (booleans, strings, NaN/inf, different numbers of examples), a ``loss_fn`` that is not
        callable; from ``f``, for a ``w`` of the wrong shape.

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
    check_callable(loss_fn, "loss_fn")
    named = [(name, p) for name, p in model.named_parameters()]
    if not named:
        raise ValueError("model has no parameters")
    names = [name for name, _ in named]
    shapes = [p.shape for _, p in named]
    sizes = [p.numel() for _, p in named]
    w0 = torch.cat([p.detach().reshape(-1) for _, p in named])
    X, y = _batch(X, y, w0)

    def f(w):
        w = as_float_tensor(w, "w", dtype=w0.dtype, finite=False).to(w0.device)
        if w.shape != w0.shape:
            raise ValueError(f"w must have shape {tuple(w0.shape)} (one entry per parameter), "
                             f"got {tuple(w.shape)}")
        pieces = torch.split(w, sizes)
        params = {name: piece.reshape(shape) for name, piece, shape in zip(names, pieces, shapes)}
        return loss_fn(functional_call(model, params, (X,)), y)

    return f, w0


def _batch(X, y, w0):
    """``X`` in ``w0``'s dtype and ``y`` as labels or targets, both on ``w0``'s device."""
    X = as_float_tensor(X, "X", dtype=w0.dtype).to(w0.device)
    if not isinstance(y, torch.Tensor):
        arr = np.asarray(y)
        if arr.dtype == object or arr.dtype.kind in "USV":
            raise TypeError(f"y must hold numbers, got dtype {arr.dtype}")
        y = torch.as_tensor(arr)
    if y.dtype == torch.bool or y.is_complex():
        raise TypeError(f"y must hold class labels or real targets, got dtype {y.dtype}")
    y = (as_float_tensor(y, "y", dtype=w0.dtype) if y.is_floating_point()
         else y.to(torch.int64)).to(w0.device)
    if X.ndim and y.ndim and X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} examples but y has {y.shape[0]}")
    return X, y


def random_direction(model, seed=0, normalize=True):
    """A random direction in weight space, one entry per weight, for :func:`loss_along_line`.

    Standard normal entries; with ``normalize``, the part of each parameter tensor is rescaled
    to that tensor's norm (layer-wise normalisation, after Li et al., 2018, "Visualizing the
    loss landscape of neural nets"), so that t = 1 is a step as large as the weights.

    Parameters
    ----------
    model : torch.nn.Module
        With at least one parameter.
    seed : int, default 0
        In [0, 2**63).
    normalize : bool, default True

    Returns
    -------
    torch.Tensor of shape (N,)
        On the CPU, in the parameters' dtype.

    Raises
    ------
    TypeError, ValueError
        For a ``model`` that is not a module or has no parameters, a bad ``seed``, or a
        ``normalize`` that is not a bool.

    Examples
    --------
    >>> random_direction(torch.nn.Linear(3, 2)).shape
    torch.Size([8])
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, got {type(normalize).__name__}")
    generator = torch.Generator().manual_seed(check_seed(seed))
    if not list(model.parameters()):
        raise ValueError("model has no parameters")
    parts = []
    for p in model.parameters():
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        if normalize and d.numel():
            d *= p.detach().norm().cpu() / d.norm()
        parts.append(d.reshape(-1))
    return torch.cat(parts)


def loss_along_line(model, X, y, direction, ts, loss_fn=F.cross_entropy):
    r"""The loss of ``model`` along a line through its weights: :math:`L(w_0 + t\,d)` per ``t``.

    The loss is evaluated through :func:`flat_loss`, so the model's own weights are never
    changed.

    Parameters
    ----------
    model : torch.nn.Module
    X, y : torch.Tensor or array_like
        The data the loss is measured on. ``X`` is cast to the model's dtype (integer data
        too); a list or array ``y`` becomes a tensor (integer labels stay int64).
    direction : torch.Tensor or array_like
        :math:`d`, one entry per weight (see :func:`random_direction`), finite.
    ts : array_like of float
        The positions along the line, finite.
    loss_fn : callable, default torch.nn.functional.cross_entropy

    Returns
    -------
    numpy.ndarray of shape (len(ts),)

    Raises
    ------
    TypeError, ValueError
        For bad ``X``, ``y``, ``direction`` (shape, NaN/inf), ``ts`` or ``loss_fn``; when
        ``model``, ``X``, ``y`` and ``loss_fn`` do not fit together (the first evaluation's
        error is passed on as a ``ValueError``); and when the loss is not finite at some
        ``t`` (the weights ``w0 + t d`` overflow: use smaller ``ts``).

    Examples
    --------
    >>> model = torch.nn.Linear(2, 3)
    >>> X, y = torch.randn(5, 2), torch.tensor([0, 1, 2, 0, 1])
    >>> loss_along_line(model, X, y, random_direction(model), [0.0, 1.0]).shape
    (2,)
    """
    ts = as_float_array(ts, "ts", ndim=1)
    f, w0 = flat_loss(model, X, y, loss_fn)
    direction = as_float_tensor(direction, "direction")
    if direction.shape != w0.shape:
        raise ValueError(f"direction must have one entry per weight ({w0.numel()}), got shape "
                         f"{tuple(direction.shape)}")
    direction = direction.to(device=w0.device, dtype=w0.dtype)
    losses = []
    with torch.no_grad():
        for t in ts:
            w = w0 + t * direction
            try:
                out = f(w)
            except (RuntimeError, IndexError) as err:
                raise ValueError(f"model, X, y and loss_fn do not fit together: {err}") from err
            if not isinstance(out, torch.Tensor) or out.numel() != 1:
                raise TypeError(f"loss_fn(model(X), y) must return one number as a tensor, got "
                                f"{type(out).__name__} of shape {tuple(np.shape(out))}")
            loss = out.item()
            if not np.isfinite(loss):
                size = float(w.abs().max())
                why = (f"the weights w0 + t * direction overflow {w.dtype}" if not
                       np.isfinite(size) else f"the weights w0 + t * direction (up to "
                                              f"{size:.3g}) are too large for the model")
                raise ValueError(f"the loss at t = {t:g} is {loss}: {why}; use smaller ts")
            losses.append(loss)
    return np.array(losses)
