"""One training loop for every torch model of the book: :func:`fit`.

.. code-block:: text

    for each epoch:
        for each minibatch (x, y) of a fresh shuffle of the training set:
            loss = loss_fn(model(augment(x)), y) + regularizer(model)
            stop if the loss is NaN/inf or has exploded (DivergenceError)
            loss.backward(); optimizer.step()
        evaluate the data loss and accuracy on the training and validation sets
        stop early if the validation loss has not improved for `patience` epochs

It trains where the model is, or on ``device`` (``device=get_device()`` picks CUDA when present,
see :func:`lectures_lib.runtime.get_device`), shows a progress bar (see
:mod:`lectures_lib.training.progress`) and returns a :class:`~lectures_lib.history.History`
for plots. The chapters that train torch models (1, 3, 4, 6 and 7) train them with it.
"""

import inspect

import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from lectures_lib._checks import check_callable, check_in_range, check_positive_int, check_seed
from lectures_lib.divergence import DivergenceError, LossWatch
from lectures_lib.history import History
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.runtime import describe_device, get_device
from lectures_lib.training._model_io import evaluate, forward, loss_value, unpack
from lectures_lib.training.progress import progress_enabled


def _record(history, model, tensors, loss_fn, step, watches):
    """Evaluate on the training and validation sets, check the losses, append them.

    Evaluates in evaluation mode (dropout off) without gradients, and leaves the model in
    training mode.
    """
    X_train, y_train, X_val, y_val = tensors
    parts = [("train", X_train, y_train)] + ([("val", X_val, y_val)] if X_val is not None else [])
    model.eval()
    try:
        with torch.no_grad():
            results = [(name, *evaluate(model, X, y, loss_fn, f"y_{name}"))
                       for name, X, y in parts]
    finally:
        model.train()
    for name, loss, _ in results:
        watches[name](loss, step)
    for name, loss, acc in results:
        getattr(history, f"{name}_loss").append(loss)
        if acc is not None:
            getattr(history, f"{name}_acc").append(acc)


def _check_optimizer(optimizer, model):
    """Raise unless ``optimizer`` is an optimizer over (some of) ``model``'s parameters."""
    if (not isinstance(getattr(optimizer, "param_groups", None), list)
            or not callable(getattr(optimizer, "step", None))
            or not callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"optimizer must be a torch.optim optimizer (param_groups, zero_grad, "
                        f"step), e.g. torch.optim.SGD(model.parameters(), lr=0.1), got "
                        f"{type(optimizer).__name__}")
    mine = {id(p) for p in model.parameters()}
    if not any(id(q) in mine for group in optimizer.param_groups for q in group.get("params", [])):
        raise ValueError("optimizer holds none of the model's parameters: build it on "
                         "model.parameters()")


def fit(model, optimizer, data, epochs, batch_size=64, loss_fn=None, regularizer=None,
        augment=None, early_stopping=None, scheduler=None, device=None, seed=0, progress=None,
        on_divergence="raise", blowup=1e6):
    """Train a torch model with minibatch gradient steps; return its :class:`History`.

    Parameters
    ----------
    model : torch.nn.Module
        Moved to ``device`` in place; left in evaluation mode (dropout off) at the end.
    optimizer : torch.optim.Optimizer
        Built on ``model.parameters()``; any ``torch.optim`` optimizer or one of the library's.
    data : Split or tuple
        A :class:`lectures_lib.data.digits.Split` (its train and validation parts are used), or
        ``(X_train, y_train)`` or ``(X_train, y_train, X_val, y_val)`` as arrays or tensors.
        Integer targets are class labels (accuracy is recorded); float targets are left to
        ``loss_fn`` (e.g. regression with ``F.mse_loss``).
    epochs : int
        The number of passes over the training set.
    batch_size : int or None, default 64
        Examples per step; None (or >= N) takes the whole training set: full-batch descent.
    loss_fn : callable, default torch.nn.functional.cross_entropy
        ``loss_fn(scores, targets)``, averaged over the batch.
    regularizer : callable, optional
        ``regularizer(model)`` returns a penalty added to every step's loss, e.g.
        ``lambda m: 1e-3 * l2_penalty(weight_matrices(m))``.
    augment : callable, optional
        ``augment(X_batch, generator=g)`` returns an augmented training batch (see
        :mod:`lectures_lib.nn.augmentation` and :mod:`lectures_lib.nn.image_augmentation`);
        validation data is never augmented. One that takes the labels too,
        ``augment(X_batch, y=y_batch, generator=g)`` (such as
        :func:`~lectures_lib.nn.augmentation.mixup`), returns ``(X_batch, targets)`` and its
        targets go to ``loss_fn``.
    early_stopping : lectures_lib.nn.early_stopping.EarlyStopping, optional
        Stops when the monitored validation value stops improving and restores the best
        epoch's weights (``history.best_epoch``). Needs validation data.
    scheduler : torch.optim.lr_scheduler.LRScheduler, optional
        Stepped once after every epoch.
    device : str or torch.device, optional
        Where to train; the model is moved there. Default: where the model already is (so a
        model built on the CPU stays there even when CUDA is present; the chapters' GPU cells
        pass ``device=get_device()``).
    seed : int, default 0
        Seed of the minibatch shuffles and of the augmentation.
    progress : bool, optional
        Show a progress bar with the latest losses and accuracies, removed when training ends
        (the history keeps the numbers); default: the ``LECTURES_LIB_PROGRESS`` environment
        variable.
    on_divergence : {"raise", "stop"}, default "raise"
        On a NaN/inf or exploding loss, raise :class:`~lectures_lib.divergence.DivergenceError`,
        or stop and return the history so far with the message in ``history.diverged``.
    blowup : float, default 1e6
        A loss above ``blowup`` times the first one counts as exploding; a finite number > 1.

    Returns
    -------
    lectures_lib.history.History

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        When training diverges (and ``on_divergence="raise"``); the message names the step and
        the epoch and suggests a lower learning rate. A loss that is NaN/inf before any update
        says so and blames the data, the initial weights or the regularizer instead.
    TypeError
        For an argument of the wrong kind: ``model`` not a module, ``optimizer`` not an
        optimizer, a callable argument that is not callable, non-numeric data, a count or seed
        that is not an integer, float class labels with the default loss.
    ValueError
        For a value out of range or data that do not fit: mismatched lengths, labels outside
        the model's classes, NaN/inf data, features the model cannot score.

    Examples
    --------
    >>> from lectures_lib.nn.mlp import MLP
    >>> X, y = torch.randn(40, 2, generator=torch.Generator().manual_seed(0)), torch.arange(40) % 2
    >>> model = MLP(2, (8,), 2, seed=0)
    >>> history = fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y, X, y), epochs=3,
    ...               batch_size=10, device="cpu", progress=False)
    >>> history.epochs_run, len(history.val_loss), len(history.step_loss)
    (3, 4, 12)
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    epochs = check_positive_int(epochs, "epochs")
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
    if not isinstance(on_divergence, str) or on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}")
    blowup = check_in_range(blowup, "blowup", low=1, low_open=True)
    seed = check_seed(seed)
    for value, name in [(loss_fn, "loss_fn"), (regularizer, "regularizer"), (augment, "augment")]:
        if value is not None:
            check_callable(value, name)
    if early_stopping is not None and not isinstance(early_stopping, EarlyStopping):
        raise TypeError(f"early_stopping must be a lectures_lib.nn.early_stopping."
                        f"EarlyStopping, got {type(early_stopping).__name__}")
    if scheduler is not None and not callable(getattr(scheduler, "step", None)):
        raise TypeError(f"scheduler must be a learning-rate scheduler with a step() method, got "
                        f"{type(scheduler).__name__}")
    progress_enabled(progress)  # checks progress
    first = next(model.parameters(), None)
    if first is None:
        raise ValueError("model has no parameters to train")
    _check_optimizer(optimizer, model)
    device = first.device if device is None else get_device(device)
    model.to(device)
    dtype = first.dtype
    tensors = unpack(data, device, dtype)
    X_train, y_train, X_val, _ = tensors
    if early_stopping is not None and X_val is None:
        raise ValueError("early_stopping needs validation data: pass (X_train, y_train, X_val, "
                         "y_val) or a Split")
    if (early_stopping is not None and early_stopping.monitor == "val_acc"
            and tensors[3].dtype != torch.int64):
        raise ValueError("early_stopping monitors val_acc, but y_val holds no class labels")
    if loss_fn is None and tensors[1].is_floating_point() and tensors[1].ndim == 1:
        raise TypeError(f"y_train must hold integer class labels for the default loss "
                        f"(cross-entropy), got dtype {tensors[1].dtype}: cast the labels to int, "
                        f"or pass loss_fn (e.g. torch.nn.functional.mse_loss) for regression")
    loss_fn = F.cross_entropy if loss_fn is None else loss_fn
    n = len(X_train)
    batch_size = n if batch_size is None else min(batch_size, n)
    generator = torch.Generator().manual_seed(seed)
    history = History(device=describe_device(device))

    def lr():
        return optimizer.param_groups[0].get("lr")

    # one watch per series of losses: each keeps its first loss and checks the later ones; a
    # first loss that is already bad is blamed on what the loss is made of
    watch = LossWatch(lr=lr, blowup=blowup, start_cause=(
        "look at the regularizer (too large a strength), the augmentation and the initial "
        "weights"))
    watches = {name: LossWatch(lr=lr, blowup=blowup, start_cause=(
        f"the inputs (X_{name}) or the initial weights are too large or broken"))
        for name in ("train", "val")}

    bar = tqdm(total=epochs, desc="training", unit="epoch", leave=False,
               disable=not progress_enabled(progress))
    step = 0
    mixes_labels = augment is not None and _takes_labels(augment)
    try:
        _record(history, model, tensors, loss_fn, "0 (before training)", watches)
        if early_stopping is not None:
            early_stopping.step(0, getattr(history, early_stopping.monitor)[-1], model)
        for epoch in range(1, epochs + 1):  # _record leaves the model in training mode
            order = torch.randperm(n, generator=generator).to(device)
            for batch, start in enumerate(range(0, n, batch_size)):
                rows = order[start:start + batch_size]
                X_batch, y_batch = X_train[rows], y_train[rows]
                if augment is not None and mixes_labels:
                    X_batch, y_batch = augment(X_batch, y=y_batch, generator=generator)
                elif augment is not None:
                    X_batch = augment(X_batch, generator=generator)
                optimizer.zero_grad()
                loss = loss_value(loss_fn, forward(model, X_batch, "a training batch"),
                                  y_batch, "a training batch's targets")
                if regularizer is not None:
                    loss = loss + regularizer(model)
                value = watch(loss.item(), f"{step} (epoch {epoch}, batch {batch})")
                history.step_loss.append(value)
                loss.backward()
                optimizer.step()
                step += 1
            _record(history, model, tensors, loss_fn, f"{step} (end of epoch {epoch})", watches)
            history.epochs_run = epoch
            bar.update()
            bar.set_postfix({k: f"{getattr(history, k)[-1]:.3g}" for k in
                             ("train_loss", "train_acc", "val_loss", "val_acc")
                             if getattr(history, k)})
            if scheduler is not None:
                scheduler.step()
            if early_stopping is not None and early_stopping.step(
                    epoch, getattr(history, early_stopping.monitor)[-1], model):
                history.stopped_early = epoch < epochs
                break
    except DivergenceError as err:
        scale = float(X_train.abs().max())
        if scale > 1e4:  # unscaled features make every step too large: say so too
            err = DivergenceError(f"{err} The features of X_train reach {scale:.3g}: "
                                  f"standardizing them (zero mean, unit variance) may be the "
                                  f"fix.")
        if on_divergence == "raise":
            raise err from None
        history.diverged = str(err)
    finally:
        bar.close()
        model.eval()
    if early_stopping is not None and history.diverged is None:
        history.best_epoch = early_stopping.restore(model)
    return history


def _takes_labels(augment):
    """Whether ``augment`` has a ``y`` parameter (it augments the labels too)."""
    try:
        return "y" in inspect.signature(augment).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False
