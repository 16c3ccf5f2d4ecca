"""The pieces of the optimizers' update rules, each one line of the slides.

Each optimizer of :mod:`lectures_lib.optim` builds its ``update`` from these, so that its file
shows only what makes it different: adding an L2 penalty to the gradient, decoupled weight
decay, an exponentially weighted moving average of the gradient or of its square, the bias
correction of such an average. Beside them, how an update reads a hyperparameter
(:func:`scalar`) and keeps its per-parameter state under ``torch.optim``'s keys
(:func:`zeros_state`, :func:`next_step`). The base class that calls ``update`` is in
``optim/_base.py``.
"""

import numpy as np
import torch


def add_l2(g, w, weight_decay):
    """The gradient of the loss plus an L2 penalty ``λ/2 ||w||²``: ``g + λ w`` (a new tensor).

    ``g`` itself is left alone (it is ``p.grad``, which belongs to the caller).

    Examples
    --------
    >>> add_l2(torch.tensor([1.0]), torch.tensor([2.0]), 0.5)
    tensor([2.])
    """
    return g.add(w, alpha=weight_decay) if weight_decay != 0 else g


def decay_weights_(w, lr, weight_decay):
    """Decoupled weight decay, in place: ``w ← (1 − α λ) w``, apart from the gradient step.

    Examples
    --------
    >>> decay_weights_(torch.tensor([2.0]), 0.1, 0.5)
    tensor([1.9000])
    """
    return w.mul_(1 - lr * weight_decay) if weight_decay != 0 else w


def update_moment_(m, g, beta):
    """Exponentially weighted moving average, in place: ``m ← β m + (1 − β) g``.

    Written as ``m.lerp_(g, 1 − β)``, which is the same average in one operation (a tensor β
    is first cast to ``m``'s dtype, as ``torch.optim`` does).

    Examples
    --------
    >>> update_moment_(torch.tensor([0.0]), torch.tensor([40.0]), 0.9)
    tensor([4.])
    """
    if isinstance(beta, torch.Tensor):
        beta = beta.to(m)
    return m.lerp_(g, 1 - beta)


def update_moment_sq_(v, g, beta):
    """Moving average of the squared gradient, in place: ``v ← β v + (1 − β) g ⊙ g``.

    Examples
    --------
    >>> update_moment_sq_(torch.tensor([0.0]), torch.tensor([2.0]), 0.99)
    tensor([0.0400])
    """
    return v.mul_(beta).addcmul_(g, g, value=1 - beta)


def bias_correction(beta, t):
    """The factor ``1 − βᵗ`` that removes the pull towards 0 of an average started at 0.

    Examples
    --------
    >>> round(bias_correction(0.98, 2), 4)
    0.0396
    """
    return 1 - beta ** t


def scalar(value):
    """A hyperparameter as the update uses it: a 1-element tensor as a 0-d tensor, a NumPy
    number as a Python float, a Python number as it is.

    A tensor stays a tensor, so that the arithmetic on it (``lr / (1 − β₁ᵗ)``, ``1 − β₂``)
    rounds in its dtype exactly as in ``torch.optim``.

    Examples
    --------
    >>> scalar(0.1), scalar(torch.tensor([[0.1]]))
    (0.1, tensor(0.1000))
    """
    if isinstance(value, torch.Tensor):
        return value.squeeze() if value.dim() != 0 else value
    if isinstance(value, (np.ndarray, np.generic)):                  # e.g. np.array([0.1])
        return float(np.asarray(value).reshape(()))
    return value


def zeros_state(state, key, w):
    """``state[key]``, created as a tensor of zeros shaped like ``w`` the first time."""
    if key not in state:
        state[key] = torch.zeros_like(w)
    return state[key]


def next_step(state):
    """Count one more step in ``state["step"]`` and return the new count ``t`` (1 at first).

    The count is stored as a 0-d tensor, as ``torch.optim`` stores it, so that state dicts of
    the two libraries can be exchanged.
    """
    if "step" not in state:
        state["step"] = torch.tensor(0.0)
    state["step"] += 1
    return state["step"].item()
