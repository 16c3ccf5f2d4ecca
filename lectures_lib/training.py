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
see :func:`lectures_lib.runtime.get_device`), shows a progress bar
(tqdm's notebook-aware bar) and returns a :class:`~lectures_lib.history.History` for plots.

Progress bars are on by default. Set the environment variable ``LECTURES_LIB_PROGRESS=0`` to
turn them off everywhere (the book's build and tests do, so pages carry no progress-bar
output), or pass ``progress=True``/``False`` to one call.
"""

import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from lectures_lib._checks import check_callable, check_in_range, check_positive_int, check_seed
from lectures_lib.divergence import DivergenceError, LossWatch
from lectures_lib.history import History
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.runtime import describe_device, get_device

#: The environment variable that switches progress bars off when set to "0".
PROGRESS_ENV = "LECTURES_LIB_PROGRESS"


def progress_enabled(progress=None):
    """Whether to show a progress bar: ``progress`` if given, else the environment's choice.

    Bars are shown unless ``LECTURES_LIB_PROGRESS`` is ``0``, ``false``, ``no`` or ``off``.

    Examples
    --------
    >>> progress_enabled(False)
    False
    """
    if progress is not None:
        if not isinstance(progress, bool):
            raise TypeError(f"progress must be True, False or None, got {progress!r}")
        return progress
    return os.environ.get(PROGRESS_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def _as_tensor(value, name, device, dtype, labels=True):
    """``value`` as a finite tensor of ``dtype`` on ``device``.

    Integer values are class labels (int64) when ``labels`` is true, else features cast to
    ``dtype``; floating values are cast to ``dtype`` and must stay finite there (1e300 does not
    fit in float32). Booleans, complex numbers, strings and ragged lists are refused.
    """
    if isinstance(value, torch.Tensor):
        tensor = value.detach()
    else:
        try:
            array = np.asarray(value)
        except ValueError as err:  # a ragged list
            raise TypeError(f"{name} must be a numeric array, got a ragged "
                            f"{type(value).__name__}") from err
        if array.dtype == bool or array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be a numeric array, got dtype {array.dtype}")
        if array.dtype.kind == "u":
            array = array.astype(np.int64)
        tensor = torch.as_tensor(array)
    if tensor.dtype == torch.bool or tensor.is_complex():
        raise TypeError(f"{name} must be real numbers, got dtype {tensor.dtype}")
    if not tensor.is_floating_point():
        if labels:
            return tensor.to(device=device, dtype=torch.int64)
        return tensor.to(device=device, dtype=dtype)
    if not bool(torch.isfinite(tensor).all()):
        raise ValueError(f"{name} must be finite, got NaN or inf")
    cast = tensor.to(device=device, dtype=dtype)
    if not bool(torch.isfinite(cast).all()):
        raise ValueError(f"{name} holds values too large for the model's dtype {dtype} (largest "
                         f"{torch.finfo(dtype).max:.3g}): rescale it, or use a float64 model "
                         f"(model.double())")
    return cast


def _forward(model, X, name):
    """``model(X)``, with torch's shape and dtype errors turned into one that names ``name``."""
    try:
        return model(X)
    except torch.cuda.OutOfMemoryError:
        raise
    except (RuntimeError, TypeError, ValueError, IndexError) as err:
        raise ValueError(f"the model cannot score {name} of shape {tuple(X.shape)} and dtype "
                         f"{X.dtype}: {err}") from err


def _loss(loss_fn, scores, y, name):
    """``loss_fn(scores, y)``, with torch's errors turned into one that names ``name``."""
    try:
        return loss_fn(scores, y)
    except torch.cuda.OutOfMemoryError:
        raise
    except (RuntimeError, TypeError, ValueError, IndexError) as err:
        raise ValueError(f"loss_fn cannot compare the model's scores of shape "
                         f"{tuple(scores.shape)} with {name} of shape {tuple(y.shape)} and "
                         f"dtype {y.dtype}: {err}") from err


def _unpack(data, device, dtype):
    """(X_train, y_train, X_val, y_val) tensors from a Split or a 2- or 4-tuple."""
    if hasattr(data, "X_train"):
        parts = (data.X_train, data.y_train, data.X_val, data.y_val)
    elif isinstance(data, (tuple, list)) and len(data) in (2, 4):
        parts = tuple(data) + (None, None) * (len(data) == 2)
    else:
        raise TypeError("data must be a Split or a tuple (X_train, y_train[, X_val, y_val]), "
                        f"got {type(data).__name__}" + (f" of length {len(data)}"
                                                        if isinstance(data, (tuple, list)) else ""))
    names = ("X_train", "y_train", "X_val", "y_val")
    out = []
    for name, part in zip(names, parts):
        if part is None:
            out.append(None)
            continue
        out.append(_as_tensor(part, name, device, dtype, labels=name.startswith("y")))
    for X_name, y_name, X, y in [("X_train", "y_train", out[0], out[1]),
                                 ("X_val", "y_val", out[2], out[3])]:
        if X is not None and len(X) != len(y):
            raise ValueError(f"{X_name} has {len(X)} examples but {y_name} has {len(y)}")
        if X is not None and len(X) == 0:
            raise ValueError(f"{X_name} has no examples")
    return out


def _evaluate(model, X, y, loss_fn, name):
    """Mean data loss and accuracy (None for non-label targets) of ``model`` on (X, y).

    The caller puts the model in evaluation mode and switches gradients off (see _record).
    """
    X_name = "X" + name[1:]
    scores = torch.cat([_forward(model, X[i:i + 4096], X_name) for i in range(0, len(X), 4096)])
    if y.dtype == torch.int64 and scores.ndim == 2:
        bad = (y < 0) | (y >= scores.shape[1])
        if bad.any():
            raise ValueError(f"{name} holds label {y[bad][0].item()}, outside the "
                             f"{scores.shape[1]} classes the model scores")
    loss = _loss(loss_fn, scores, y, name)
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        raise TypeError(f"loss_fn must return a single-number tensor, got "
                        f"{type(loss).__name__}" + (f" of shape {tuple(loss.shape)}"
                                                    if isinstance(loss, torch.Tensor) else ""))
    loss = loss.item()
    acc = ((scores.argmax(dim=1) == y).double().mean().item()
           if y.dtype == torch.int64 and scores.ndim == 2 else None)
    return loss, acc


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
            results = [(name, *_evaluate(model, X, y, loss_fn, f"y_{name}"))
                       for name, X, y in parts]
    finally:
        model.train()
    for name, loss, _ in results:
        losses = getattr(history, f"{name}_loss")
        if not losses:
            _check_start(loss, step, f"the {name} loss before training",
                         f"the inputs (X_{name}) or the initial weights are too large or broken")
        watches[name](loss, step)
    for name, loss, acc in results:
        getattr(history, f"{name}_loss").append(loss)
        if acc is not None:
            getattr(history, f"{name}_acc").append(acc)


def _check_start(loss, step, what, cause):
    """Raise DivergenceError, blaming ``cause`` and not the learning rate, if ``loss`` (computed
    before any update) is NaN or inf."""
    if not math.isfinite(loss):
        raise DivergenceError(f"training diverged at step {step}: {what} is {loss}, before any "
                              f"update, so the learning rate is not the cause: {cause}.")


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
        A :class:`lectures_lib.data.Split` (its train and validation parts are used), or
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
    tensors = _unpack(data, device, dtype)
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

    # one watch per series of losses: each keeps its first loss and checks the later ones
    watch = LossWatch(lr=lr, blowup=blowup)
    watches = {name: LossWatch(lr=lr, blowup=blowup) for name in ("train", "val")}

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
                loss = _loss(loss_fn, _forward(model, X_batch, "a training batch"), y_batch,
                             "a training batch's targets")
                if regularizer is not None:
                    loss = loss + regularizer(model)
                if step == 0:
                    _check_start(loss.item(), f"{step} (epoch {epoch}, batch {batch})",
                                 "the first minibatch's loss",
                                 "look at the regularizer (too large a strength), the "
                                 "augmentation and the initial weights")
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


def predict(model, X):
    """The predicted class of each row of ``X``: the index of the model's largest score.

    Runs in evaluation mode (dropout off) without gradients, on the device of the model's
    weights, and returns a NumPy array, e.g. for
    :func:`lectures_lib.viz.plots.draw_decision_boundary` or a metric.

    Parameters
    ----------
    model : torch.nn.Module
    X : array_like or torch.Tensor of shape (N, D)

    Returns
    -------
    numpy.ndarray of int, shape (N,)

    Raises
    ------
    TypeError
        If ``model`` is not a module with parameters' dtype to cast to, or ``X`` is not numeric.
    ValueError
        If ``X`` holds NaN/inf or has a shape the model cannot score.

    Examples
    --------
    >>> model = torch.nn.Linear(2, 3)
    >>> predict(model, np.zeros((4, 2))).shape
    (4,)
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    first = next(model.parameters(), None)
    if first is None:
        raise TypeError("model has no parameters, so no device or dtype to predict with")
    X = _as_tensor(X, "X", first.device, first.dtype, labels=False)
    if X.ndim != 2:
        raise ValueError(f"X must have 2 dimensions (examples, features), got shape "
                         f"{tuple(X.shape)}")
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            scores = [_forward(model, X[i:i + 4096], "X") for i in range(0, len(X), 4096)]
    finally:
        model.train(was_training)
    if not scores:
        return np.zeros(0, dtype=np.int64)
    if scores[0].ndim != 2:
        raise ValueError(f"the model's scores must have shape (N, C), got "
                         f"{tuple(scores[0].shape)}")
    labels = torch.cat([s.argmax(dim=1) for s in scores])
    return labels.cpu().numpy()


def _takes_labels(augment):
    """Whether ``augment`` has a ``y`` parameter (it augments the labels too)."""
    import inspect

    try:
        return "y" in inspect.signature(augment).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False
