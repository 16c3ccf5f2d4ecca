"""What dropout and the data augmentations share: their checks of a batch and a generator.

:func:`as_batch` takes the batch that an augmentation of :mod:`lectures_lib.nn.augmentation`
or :mod:`lectures_lib.nn.image_augmentation` is given (a tensor, or a NumPy array to be
returned as one); :func:`check_generator` the optional ``torch.Generator`` that they and
:func:`~lectures_lib.nn.inverted_dropout.dropout` draw their random numbers from.
"""

import torch

from lectures_lib._checks import as_float_array


def as_batch(X, name="X"):
    """``X`` as a finite floating tensor, and whether it came as a NumPy array (or a list).

    Arrays and lists become float64 (integers included); a tensor must already be floating
    point (``X.float()`` casts an integer one).
    """
    was_numpy = not isinstance(X, torch.Tensor)
    if was_numpy:
        X = torch.as_tensor(as_float_array(X, name))
    elif not torch.is_floating_point(X):
        raise TypeError(f"{name} must hold floating-point features, got dtype {X.dtype}: cast "
                        f"it with {name}.float()")
    if X.ndim != 2:
        raise ValueError(f"{name} must have 2 dimensions (examples, features), got shape "
                         f"{tuple(X.shape)}")
    if not was_numpy and X.numel() and not bool(torch.isfinite(X).all()):
        raise ValueError(f"{name} must be finite, got NaN or inf")
    return X, was_numpy


def check_generator(generator):
    """``generator`` after checking that it is a ``torch.Generator`` or None."""
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got "
                        f"{type(generator).__name__}")
    return generator
