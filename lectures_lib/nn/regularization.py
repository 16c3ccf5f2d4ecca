r"""Weight penalties: the regularization term :math:`\lambda R(W)` of the slides' loss.

The slides' regularised loss adds a penalty on the weights to the data loss,

.. math::

    L(W) = \frac{1}{N} \sum_{i=1}^N L_i(f(x_i, W), y_i) + \lambda R(W),
    \qquad R(W) = \sum_{k,l} W_{k,l}^2 \;\text{(L2)} \quad\text{or}\quad
    R(W) = \sum_{k,l} |W_{k,l}| \;\text{(L1)}.

The other regularizers of chapter 1 act without a penalty term, each in its own module:
dropout (:mod:`lectures_lib.nn.inverted_dropout`) trains a random thinned network at every
step, early stopping (:mod:`lectures_lib.nn.early_stopping`) stops training when the
validation loss stops improving, and data augmentation (:mod:`lectures_lib.nn.augmentation`,
:mod:`lectures_lib.nn.image_augmentation`) changes the training examples.
"""

import numpy as np
import torch
from torch import nn

from lectures_lib._checks import as_float_array, check_nonnegative


def _parts(w):
    """``w`` as a list of arrays or tensors (one weight matrix, or a list of them).

    A list of numbers is one weight vector; a list holding arrays or tensors is several.
    Integer tensors are cast to torch's default float dtype; boolean and complex ones refused.
    """
    several = isinstance(w, (list, tuple)) and any(
        isinstance(p, (torch.Tensor, np.ndarray, list, tuple)) for p in w)
    parts = list(w) if several or (isinstance(w, (list, tuple)) and not w) else [w]
    if not parts:
        raise ValueError("w is empty: give a weight array or a non-empty list of them")
    out = []
    for p in parts:
        if isinstance(p, torch.Tensor):
            if p.dtype == torch.bool or p.is_complex():
                raise TypeError(f"w must hold real numbers, got a tensor of dtype {p.dtype}")
            out.append(p if p.is_floating_point() else p.to(torch.get_default_dtype()))
        else:
            out.append(as_float_array(p, "w"))
    return out


def _finite_penalty(value, name):
    """``value`` as a float, or a ValueError if the penalty overflowed float64."""
    if not np.isfinite(value):
        raise ValueError(f"the {name} penalty of w overflows float64 (the weights are too large "
                         f"for it to be represented): scale w down")
    return float(value)


def l2_penalty(w):
    r"""The L2 penalty :math:`R(W) = \sum_{k,l} W_{k,l}^2`, the sum of squares (no 1/2).

    Parameters
    ----------
    w : array_like, torch.Tensor, or list of them
        One weight matrix, or several (e.g. :func:`weight_matrices` of a model), summed.

    Returns
    -------
    float or torch.Tensor
        A float for NumPy input; a 0-d tensor, differentiable, when any part is a tensor.

    Raises
    ------
    TypeError
        If ``w`` is not numeric.
    ValueError
        If ``w`` is empty or holds NaN/inf (NumPy input), or its sum of squares overflows
        float64 (beyond about 1.8e308). Tensors are not checked for NaN, so that a training
        step pays for no extra check; a training loop sees a NaN penalty in its loss.

    Examples
    --------
    The slide's example: both weight vectors give the score 1 for x = [1, 1, 1, 1].

    >>> l2_penalty([1.0, 0.0, 0.0, 0.0]), l2_penalty([0.25, 0.25, 0.25, 0.25])
    (1.0, 0.25)
    """
    parts = _parts(w)
    if any(isinstance(p, torch.Tensor) for p in parts):
        return sum(torch.as_tensor(p).pow(2).sum() for p in parts)
    with np.errstate(over="ignore"):
        return _finite_penalty(sum(np.sum(p * p) for p in parts), "L2")


def l1_penalty(w):
    r"""The L1 penalty :math:`R(W) = \sum_{k,l} |W_{k,l}|`, the sum of absolute values.

    Parameters
    ----------
    w : array_like, torch.Tensor, or list of them
        One weight matrix, or several, summed.

    Returns
    -------
    float or torch.Tensor
        A float for NumPy input; a 0-d tensor, differentiable, when any part is a tensor.

    Raises
    ------
    TypeError, ValueError
        As :func:`l2_penalty`.

    Examples
    --------
    >>> l1_penalty([1.0, 0.0, 0.0, 0.0]), l1_penalty([0.25, 0.25, 0.25, 0.25])
    (1.0, 1.0)
    """
    parts = _parts(w)
    if any(isinstance(p, torch.Tensor) for p in parts):
        return sum(torch.as_tensor(p).abs().sum() for p in parts)
    with np.errstate(over="ignore"):
        return _finite_penalty(sum(np.sum(np.abs(p)) for p in parts), "L1")


def weight_matrices(model):
    """The weight matrices of a model, without its biases: what the slides penalise.

    Parameters
    ----------
    model : torch.nn.Module or an object with a ``params`` dict
        For a module, every parameter with two or more dimensions; for
        :class:`~lectures_lib.nn.two_layer_net.TwoLayerNet`, ``W1`` and ``W2``.

    Returns
    -------
    list of torch.Tensor or numpy.ndarray

    Examples
    --------
    >>> [tuple(w.shape) for w in weight_matrices(nn.Linear(3, 2))]
    [(2, 3)]
    """
    if isinstance(model, nn.Module):
        return [p for p in model.parameters() if p.ndim >= 2]
    if isinstance(getattr(model, "params", None), dict):
        return [v for k, v in sorted(model.params.items()) if k.startswith("W")]
    raise TypeError(f"model must be a torch.nn.Module or have a params dict, "
                    f"got {type(model).__name__}")


def weight_penalty(lam, norm="l2"):
    r"""The regularization term :math:`\lambda R(W)` as a function of a model, for ``fit``.

    Parameters
    ----------
    lam : float
        λ >= 0, the regularization strength.
    norm : {"l2", "l1"}, default "l2"
        :func:`l2_penalty` or :func:`l1_penalty`, summed over :func:`weight_matrices` (biases
        are not penalised).

    Returns
    -------
    callable
        ``regularizer(model)``, the penalty as a differentiable tensor (for a torch module),
        or a float for a NumPy model; the float raises ValueError when ``lam * R(W)``
        overflows float64.

    Raises
    ------
    TypeError
        If ``lam`` is not a number.
    ValueError
        If ``lam`` is negative or not finite, or ``norm`` is not "l2" or "l1".

    Examples
    --------
    >>> layer = nn.Linear(2, 1)
    >>> with torch.no_grad():
    ...     _ = layer.weight.copy_(torch.tensor([[3.0, -4.0]]))
    >>> l2, l1 = weight_penalty(0.1)(layer), weight_penalty(0.1, "l1")(layer)
    >>> round(l2.item(), 4), round(l1.item(), 4)
    (2.5, 0.7)
    """
    lam = check_nonnegative(lam, "lam")
    penalties = {"l2": l2_penalty, "l1": l1_penalty}
    if not isinstance(norm, str) or norm not in penalties:
        raise ValueError(f"norm must be 'l2' or 'l1', got {norm!r}")
    R = penalties[norm]

    def regularizer(model):
        penalty = lam * R(weight_matrices(model))
        if isinstance(penalty, float) and not np.isfinite(penalty):
            raise ValueError(f"lam * R(W) overflows float64 (lam = {lam:g}): lower lam")
        return penalty

    return regularizer
