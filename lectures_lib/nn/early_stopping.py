"""Early stopping: keep the weights of the best epoch, stop when it is long past (chapter 1).

Training longer lowers the training loss but, past some epoch, raises the validation loss: the
network starts to memorise its training set. :class:`EarlyStopping` watches the validation
metric after every epoch, keeps a copy of the best weights so far, and says when to stop;
:func:`lectures_lib.training.loop.fit` then puts the best weights back.
"""

import numpy as np
from torch import nn

from lectures_lib._checks import as_scalar, check_int, check_nonnegative, check_positive_int


def _check_model(model):
    """Raise TypeError unless ``model`` is a torch module or has a ``params`` dict."""
    if not (isinstance(model, nn.Module) or isinstance(getattr(model, "params", None), dict)):
        raise TypeError(f"model must be a torch.nn.Module or have a params dict, "
                        f"got {type(model).__name__}")


def _snapshot(model):
    """A copy of the weights of a model that :func:`_check_model` accepted, to restore later."""
    if isinstance(model, nn.Module):
        return {k: v.detach().clone() for k, v in model.state_dict().items()}
    return {k: np.array(v, copy=True) for k, v in model.params.items()}


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
