r"""Regularization: weight penalties, dropout and early stopping.

The slides' regularised loss adds a penalty on the weights to the data loss,

.. math::

    L(W) = \frac{1}{N} \sum_{i=1}^N L_i(f(x_i, W), y_i) + \lambda R(W),
    \qquad R(W) = \sum_{k,l} W_{k,l}^2 \;\text{(L2)} \quad\text{or}\quad
    R(W) = \sum_{k,l} |W_{k,l}| \;\text{(L1)}.

Dropout and early stopping regularise without a penalty term: one trains a random thinned
network at every step, the other stops training when the validation loss stops improving.
Data augmentation lives in :mod:`lectures_lib.nn.augmentation`.
"""

import numpy as np
import torch
from torch import nn

from lectures_lib._checks import (as_float_array, as_scalar, check_int, check_nonnegative,
                                  check_positive_int, check_unit_interval)


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


def check_dropout_p(p, name="p"):
    """Return ``p`` as a float after checking that it is a drop probability in [0, 1)."""
    return check_unit_interval(p, name)


def dropout(x, p=0.5, training=True, generator=None):
    r"""Inverted dropout, from scratch: zero each entry with probability p, rescale the rest.

    .. math::

        m_i \sim \mathrm{Bernoulli}(1 - p), \qquad
        \mathrm{out}_i = \frac{m_i\, x_i}{1 - p} \quad\text{(training)}, \qquad
        \mathrm{out} = x \quad\text{(evaluation)}.

    Dividing by :math:`1 - p` at training time keeps the expectation :math:`E[\mathrm{out}_i]
    = x_i`, so nothing needs rescaling at test time ("inverted" dropout, as in
    ``torch.nn.functional.dropout``).

    Parameters
    ----------
    x : torch.Tensor
        Activations, any shape, floating point.
    p : float, default 0.5
        The probability of dropping an entry, in [0, 1).
    training : bool, default True
        Apply dropout (training) or return ``x`` unchanged (evaluation).
    generator : torch.Generator, optional
        Source of the random mask, for reproducible masks.

    Returns
    -------
    torch.Tensor
        Of ``x``'s shape; gradients flow through the kept entries, times 1/(1-p).

    Raises
    ------
    TypeError
        If ``x`` is not a floating tensor, ``training`` not True/False or ``generator`` not a
        ``torch.Generator``.
    ValueError
        If ``p`` is outside [0, 1), or a kept entry times 1/(1-p) would overflow ``x``'s dtype.

    Examples
    --------
    >>> x = torch.ones(8)
    >>> out = dropout(x, p=0.5, generator=torch.Generator().manual_seed(0))
    >>> sorted(set(out.tolist()))
    [0.0, 2.0]
    >>> torch.equal(dropout(x, p=0.5, training=False), x)
    True
    """
    p = check_dropout_p(p)
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"x must be a floating-point tensor, got dtype {x.dtype}: cast it with "
                        f"x.float()")
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"training must be True or False, got {training!r}")
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got "
                        f"{type(generator).__name__}")
    if not training or p == 0.0:
        return x
    limit = torch.finfo(x.dtype).max * (1.0 - p)  # a kept entry larger than this overflows
    if x.numel() and bool((x.detach().abs() > limit).any()):
        raise ValueError(f"x holds values above {limit:.3g}, which overflow {x.dtype} when "
                         f"divided by 1 - p = {1.0 - p:g}")
    where = generator.device if generator is not None else x.device
    u = torch.rand(x.shape, generator=generator, device=where, dtype=x.dtype).to(x.device)
    mask = (u >= p).to(x.dtype)  # kept with probability 1 - p
    return x * mask / (1.0 - p)


class Dropout(nn.Module):
    """The :func:`dropout` function as a layer: active in ``train()`` mode, off in ``eval()``.

    Parameters
    ----------
    p : float, default 0.5
        The probability of dropping an entry, in [0, 1).

    Examples
    --------
    >>> layer = Dropout(0.25).eval()
    >>> layer(torch.ones(3))
    tensor([1., 1., 1.])
    """

    def __init__(self, p=0.5):
        super().__init__()
        self.p = check_dropout_p(p)

    def forward(self, x):
        return dropout(x, self.p, training=self.training)

    def extra_repr(self):
        return f"p={self.p}"


def _check_model(model):
    """Raise TypeError unless ``model`` is a torch module or has a ``params`` dict."""
    if not (isinstance(model, nn.Module) or isinstance(getattr(model, "params", None), dict)):
        raise TypeError(f"model must be a torch.nn.Module or have a params dict, "
                        f"got {type(model).__name__}")


def _snapshot(model):
    """A copy of the model's weights, to restore later."""
    if isinstance(model, nn.Module):
        return {k: v.detach().clone() for k, v in model.state_dict().items()}
    if isinstance(getattr(model, "params", None), dict):
        return {k: np.array(v, copy=True) for k, v in model.params.items()}
    raise TypeError(f"model must be a torch.nn.Module or have a params dict, "
                    f"got {type(model).__name__}")


class EarlyStopping:
    """Stop training when the validation metric has not improved for ``patience`` epochs.

    After each epoch the training loop calls :meth:`step` with the monitored value; the
    weights of the best epoch so far are kept, and :meth:`restore` puts them back into the
    model when training stops. :func:`lectures_lib.training.loop.fit` does both.

    Parameters
    ----------
    patience : int, default 5
        How many epochs without improvement to wait before stopping.
    monitor : {"val_loss", "val_acc"}, default "val_loss"
        What counts: a lower loss or a higher accuracy is an improvement.
    min_delta : float, default 0.0
        The smallest change that counts as an improvement.

    Attributes
    ----------
    best_epoch : int or None
    best_value : float
    wait : int
        Epochs since the last improvement.

    Examples
    --------
    With patience 2, two epochs without a new best end the run; epoch 1 was the best:

    >>> stopper, model = EarlyStopping(patience=2), nn.Linear(1, 1)
    >>> for epoch, val_loss in enumerate([3.0, 2.0, 2.5, 2.4, 1.0]):
    ...     if stopper.step(epoch, val_loss, model):
    ...         break
    >>> epoch, stopper.best_epoch, stopper.best_value
    (3, 1, 2.0)
    """

    def __init__(self, patience=5, monitor="val_loss", min_delta=0.0):
        self.patience = check_positive_int(patience, "patience")
        if not isinstance(monitor, str) or monitor not in ("val_loss", "val_acc"):
            raise ValueError(f"monitor must be 'val_loss' or 'val_acc', got {monitor!r}")
        self.monitor = monitor
        self.min_delta = check_nonnegative(min_delta, "min_delta")
        self.sign = 1.0 if monitor.endswith("loss") else -1.0  # compare sign * value, lower wins
        self.best_epoch, self.best_value, self.best_state, self.wait = None, None, None, 0

    def step(self, epoch, value, model):
        """Record the value of ``epoch``; return True when training should stop now.

        Parameters
        ----------
        epoch : int
            The epoch just finished (>= 0).
        value : float
            The monitored value after it; finite.
        model : torch.nn.Module or an object with a ``params`` dict
            Its weights are copied when ``value`` is the best so far.

        Raises
        ------
        TypeError
            If ``epoch`` is not an integer, ``value`` not a number or ``model`` not a model.
        ValueError
            If ``epoch`` is negative or ``value`` NaN/inf.
        """
        epoch = check_int(epoch, "epoch", low=0)
        value = as_scalar(value, self.monitor)
        _check_model(model)
        if (self.best_value is None
                or self.sign * value < self.sign * self.best_value - self.min_delta):
            self.best_epoch, self.best_value, self.wait = epoch, value, 0
            self.best_state = _snapshot(model)
            return False
        self.wait += 1
        return self.wait >= self.patience

    def restore(self, model):
        """Copy the best epoch's weights back into ``model``; return that epoch.

        Raises
        ------
        RuntimeError
            If :meth:`step` was never called (there is nothing to restore).
        TypeError
            If ``model`` is not a model.
        ValueError
            If ``model``'s weights do not match the saved ones (another model).
        """
        if self.best_state is None:
            raise RuntimeError("nothing to restore: step() was never called")
        _check_model(model)
        if isinstance(model, nn.Module):
            try:
                model.load_state_dict(self.best_state)
            except RuntimeError as err:
                raise ValueError(f"model does not match the one early stopping saved: {err}") \
                    from err
        else:
            for k, v in self.best_state.items():
                current = model.params.get(k)
                if not isinstance(current, np.ndarray) or current.shape != v.shape:
                    raise ValueError(f"model does not match the one early stopping saved: "
                                     f"params[{k!r}] should be an array of shape {v.shape}")
            for k, v in self.best_state.items():
                model.params[k][...] = v
        return self.best_epoch
