"""The record of one training run, for printing and plotting.

Both training loops of the library return a :class:`History`:
:func:`lectures_lib.training.loop.fit` (torch models) and
:meth:`lectures_lib.nn.two_layer_net.TwoLayerNet.train` (the NumPy network). The per-epoch lists
start with the value *before* the first update, so ``history.val_loss[e]`` is the validation
loss after ``e`` epochs and a curve plotted against its index starts at epoch 0.
"""

import math
from dataclasses import dataclass, field


@dataclass
class History:
    """Losses and accuracies of a training run, epoch by epoch and step by step.

    Attributes
    ----------
    train_loss, val_loss : list of float
        The mean *data* loss (no regularization term) over the whole training / validation
        set, evaluated in eval mode (dropout off, no augmentation) before training and after
        every epoch: ``epochs_run + 1`` values. ``val_loss`` is empty without validation data.
    train_acc, val_acc : list of float
        The classification accuracy, in [0, 1], at the same moments; empty when the targets are
        not class labels or there is no validation data.
    step_loss : list of float
        The objective actually minimised at each step: the minibatch's data loss plus the
        regularization term, with dropout and augmentation as in training.
    epochs_run : int
        The number of epochs completed.
    best_epoch : int or None
        The epoch whose weights early stopping restored (None without early stopping).
    stopped_early : bool
        True when early stopping ended the run before the last epoch.
    diverged : str or None
        The divergence message when the run was stopped by a NaN/inf or exploding loss (only
        with ``on_divergence="stop"``; by default the loop raises instead).
    device : str
        The device the run used, e.g. ``"cpu"`` or ``"cuda:0"``.

    Examples
    --------
    >>> h = History(train_loss=[2.3, 1.1, 0.7], val_loss=[2.3, 1.2, 0.9])
    >>> h.curves("loss")
    {'train': [2.3, 1.1, 0.7], 'validation': [2.3, 1.2, 0.9]}
    >>> h.best("val_loss")
    (2, 0.9)
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    epochs_run: int = 0
    best_epoch: object = None
    stopped_early: bool = False
    diverged: object = None
    device: str = "cpu"

    def curves(self, metric="loss"):
        """The train and validation curves of ``metric`` (``"loss"`` or ``"acc"``), by name.

        Ready for :func:`lectures_lib.viz.plots.plot_loss_curves`; a curve that was not recorded is
        left out.

        Raises
        ------
        ValueError
            If ``metric`` is not ``"loss"`` or ``"acc"``.
        """
        if not isinstance(metric, str) or metric not in ("loss", "acc"):
            raise ValueError(f"metric must be 'loss' or 'acc', got {metric!r}")
        found = {"train": getattr(self, f"train_{metric}"),
                 "validation": getattr(self, f"val_{metric}")}
        return {name: list(curve) for name, curve in found.items() if curve}

    def best(self, name="val_loss"):
        """The epoch and value of the best entry of a per-epoch list (lowest loss, highest acc).

        Parameters
        ----------
        name : {"val_loss", "train_loss", "train_acc", "val_acc"}, default "val_loss"

        Returns
        -------
        epoch : int
            The first epoch with the best value.
        value : float

        Raises
        ------
        ValueError
            If ``name`` is not one of the four lists, the list is empty, or it holds NaN.
        """
        if not isinstance(name, str) or name not in ("train_loss", "val_loss", "train_acc",
                                                     "val_acc"):
            raise ValueError(f"name must be one of train_loss, val_loss, train_acc, val_acc, "
                             f"got {name!r}")
        values = getattr(self, name)
        if not values:
            raise ValueError(f"{name} was not recorded in this run")
        bad = [i for i, v in enumerate(values) if isinstance(v, float) and math.isnan(v)]
        if bad:
            raise ValueError(f"{name} holds NaN at epoch {bad[0]}: no best value to pick")
        pick = min if name.endswith("loss") else max
        epoch = pick(range(len(values)), key=values.__getitem__)
        return epoch, values[epoch]
