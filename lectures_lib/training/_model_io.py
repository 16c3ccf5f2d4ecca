"""Handing data to a torch model and to its loss, with errors that name the argument.

The private helpers of :mod:`lectures_lib.training`: :func:`~lectures_lib.training.loop.fit`
and :func:`~lectures_lib.training.prediction.predict` convert their inputs here, once
(:func:`as_tensor`, :func:`unpack`), and call the model and the loss through :func:`forward`
and :func:`loss_value`, which turn torch's shape and dtype errors into a message that names
the argument.
"""

import numpy as np
import torch

#: Rows scored at once when a whole set is evaluated, so that a large set never holds all of
#: its activations in memory together.
CHUNK = 4096


def as_tensor(value, name, device, dtype, labels=True):
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


def unpack(data, device, dtype):
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
        out.append(as_tensor(part, name, device, dtype, labels=name.startswith("y")))
    for X_name, y_name, X, y in [("X_train", "y_train", out[0], out[1]),
                                 ("X_val", "y_val", out[2], out[3])]:
        if X is not None and len(X) != len(y):
            raise ValueError(f"{X_name} has {len(X)} examples but {y_name} has {len(y)}")
        if X is not None and len(X) == 0:
            raise ValueError(f"{X_name} has no examples")
    return out


def forward(model, X, name):
    """``model(X)``, with torch's shape and dtype errors turned into one that names ``name``."""
    try:
        return model(X)
    except torch.cuda.OutOfMemoryError:
        raise
    except (RuntimeError, TypeError, ValueError, IndexError) as err:
        raise ValueError(f"the model cannot score {name} of shape {tuple(X.shape)} and dtype "
                         f"{X.dtype}: {err}") from err


def score_chunks(model, X, name):
    """The model's scores of ``X``, :data:`CHUNK` rows at a time: a list of tensors."""
    return [forward(model, X[i:i + CHUNK], name) for i in range(0, len(X), CHUNK)]


def loss_value(loss_fn, scores, y, name):
    """``loss_fn(scores, y)``, with torch's errors turned into one that names ``name``."""
    try:
        return loss_fn(scores, y)
    except torch.cuda.OutOfMemoryError:
        raise
    except (RuntimeError, TypeError, ValueError, IndexError) as err:
        raise ValueError(f"loss_fn cannot compare the model's scores of shape "
                         f"{tuple(scores.shape)} with {name} of shape {tuple(y.shape)} and "
                         f"dtype {y.dtype}: {err}") from err


def evaluate(model, X, y, loss_fn, name):
    """Mean data loss and accuracy (None for non-label targets) of ``model`` on (X, y).

    The caller puts the model in evaluation mode and switches gradients off.
    """
    scores = torch.cat(score_chunks(model, X, "X" + name[1:]))
    if y.dtype == torch.int64 and scores.ndim == 2:
        bad = (y < 0) | (y >= scores.shape[1])
        if bad.any():
            raise ValueError(f"{name} holds label {y[bad][0].item()}, outside the "
                             f"{scores.shape[1]} classes the model scores")
    loss = loss_value(loss_fn, scores, y, name)
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        raise TypeError(f"loss_fn must return a single-number tensor, got "
                        f"{type(loss).__name__}" + (f" of shape {tuple(loss.shape)}"
                                                    if isinstance(loss, torch.Tensor) else ""))
    loss = loss.item()
    acc = ((scores.argmax(dim=1) == y).double().mean().item()
           if y.dtype == torch.int64 and scores.ndim == 2 else None)
    return loss, acc
