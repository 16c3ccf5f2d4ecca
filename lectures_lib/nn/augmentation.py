"""Data augmentation: random label-preserving changes of the training examples.

Each training step sees a slightly different version of every example (a point jittered by a
little noise, a digit shifted by a pixel), so the network cannot memorise the exact training
set: a regulariser that acts on the data instead of the weights. Validation and test data are
never augmented.

The functions take a batch as a ``torch.Tensor`` (or a NumPy array, returned as one) and an
optional ``torch.Generator``; :func:`lectures_lib.training.loop.fit` calls them as
``augment(X_batch, generator=g)`` on every training minibatch. :func:`mixup` blends the
labels too, so ``fit`` calls it as ``augment(X_batch, y=y_batch, generator=g)``.
"""

import numpy as np
import torch
import torch.nn.functional as F

from lectures_lib._checks import (as_float_array, check_int, check_nonnegative, check_positive,
                                  check_positive_int)


def _as_tensor(X, name="X"):
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


def _check_generator(generator):
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got "
                        f"{type(generator).__name__}")
    return generator


def _image_size(X, image_shape):
    """``(height, width)`` of ``image_shape``, checked against the features of ``X``."""
    if isinstance(image_shape, (str, bytes)) or not hasattr(image_shape, "__len__") \
            or len(image_shape) != 2:
        raise TypeError(f"image_shape must be a pair (height, width), got {image_shape!r}")
    height, width = (check_positive_int(s, "image_shape") for s in image_shape)
    if X.shape[1] != height * width:
        raise ValueError(f"X has {X.shape[1]} features but image_shape {tuple(image_shape)} "
                         f"has {height * width} pixels (images of {height}x{width} = "
                         f"{height * width} pixels)")
    return height, width


def _randn_like(X, generator):
    where = generator.device if generator is not None else X.device
    return torch.randn(X.shape, generator=generator, device=where, dtype=X.dtype).to(X.device)


def jitter_points(X, std=0.1, generator=None):
    r"""Add Gaussian noise to every coordinate: :math:`\tilde x = x + \epsilon`,
    :math:`\epsilon \sim \mathcal{N}(0, \sigma^2 I)`.

    Parameters
    ----------
    X : torch.Tensor or array_like of shape (N, D)
        Points (e.g. the 2-D toy problems of :mod:`lectures_lib.data`).
    std : float, default 0.1
        σ >= 0, in the units of the features.
    generator : torch.Generator, optional

    Returns
    -------
    torch.Tensor or numpy.ndarray
        Of ``X``'s type and shape.

    Raises
    ------
    TypeError
        If ``X`` is not numeric (or an integer tensor), or ``generator`` not a generator.
    ValueError
        If ``X`` is not 2-D or holds NaN/inf, ``std`` < 0, or the noisy points overflow
        ``X``'s dtype (``std`` near its largest number).

    Examples
    --------
    >>> X = torch.zeros(1000, 2)
    >>> noisy = jitter_points(X, std=0.5, generator=torch.Generator().manual_seed(0))
    >>> round(noisy.std().item(), 1)
    0.5
    """
    std = check_nonnegative(std, "std")
    X, was_numpy = _as_tensor(X)
    _check_generator(generator)
    out = X + std * _randn_like(X, generator) if std > 0 else X.clone()
    if std > 0 and out.numel() and not bool(torch.isfinite(out).all()):
        raise ValueError(f"std {std:g} is too large: the noisy points overflow {X.dtype}")
    return out.numpy() if was_numpy else out


def shift_images(X, max_shift=1, image_shape=(8, 8), generator=None):
    """Shift each image by a random whole number of pixels, filling the edge with zeros.

    Each image gets its own shift, drawn uniformly from ``-max_shift .. max_shift`` rows and,
    independently, columns. Zero is the background of the digits scaled to [0, 1]
    (:func:`lectures_lib.data.digits.load_digit_images`).

    Parameters
    ----------
    X : torch.Tensor or array_like of shape (N, H*W)
        Flattened images, one per row.
    max_shift : int, default 1
        The largest shift in pixels, >= 0.
    image_shape : tuple of int, default (8, 8)
        (H, W) of one image.
    generator : torch.Generator, optional

    Returns
    -------
    torch.Tensor or numpy.ndarray
        Of ``X``'s type and shape.

    Raises
    ------
    TypeError
        If ``max_shift`` is not an integer, ``image_shape`` not a pair of integers, or ``X``
        not numeric.
    ValueError
        If ``max_shift`` < 0, or ``X``'s rows do not hold images of ``image_shape``.

    Examples
    --------
    >>> image = torch.zeros(1, 9)
    >>> image[0, 4] = 1.0          # the centre pixel of a 3x3 image
    >>> shifted = shift_images(image, 1, (3, 3), torch.Generator().manual_seed(1))
    >>> shifted.sum().item()       # the pixel moved by at most one row and column
    1.0
    """
    if isinstance(max_shift, bool) or not isinstance(max_shift, (int, np.integer)):
        raise TypeError(f"max_shift must be an integer >= 0, got {type(max_shift).__name__} "
                        f"{max_shift!r}")
    if max_shift < 0:
        raise ValueError(f"max_shift must be an integer >= 0, got {max_shift!r}")
    max_shift = check_int(max_shift, "max_shift", low=0, high=2**62)
    X, was_numpy = _as_tensor(X)
    height, width = _image_size(X, image_shape)
    _check_generator(generator)
    images = X.reshape(-1, height, width)
    # a shift by the image's size or more leaves only zeros: pad by no more than that
    pad = min(max_shift, max(height, width))
    padded = F.pad(images, (pad,) * 4)  # zeros around each image
    where = generator.device if generator is not None else "cpu"
    shifts = torch.randint(-max_shift, max_shift + 1, (len(images), 2), generator=generator,
                           device=where).to(X.device).clamp(-pad, pad)
    # out[n, y, x] = image_n[y - dy_n, x - dx_n], read from the zero-padded image: its window
    # starts at row pad - dy_n and column pad - dx_n
    rows = pad - shifts[:, :1] + torch.arange(height, device=X.device)   # (N, H)
    cols = pad - shifts[:, 1:] + torch.arange(width, device=X.device)    # (N, W)
    n = torch.arange(len(images), device=X.device)
    out = padded[n[:, None, None], rows[:, :, None], cols[:, None, :]].reshape(X.shape)
    return out.numpy() if was_numpy else out


def augment_digits(X, max_shift=1, noise_std=0.05, image_shape=(8, 8), generator=None):
    """Augment a batch of digit images: a random shift, then a little pixel noise.

    Parameters
    ----------
    X : torch.Tensor or array_like of shape (N, H*W)
        Flattened images with pixels in [0, 1].
    max_shift : int, default 1
        See :func:`shift_images`.
    noise_std : float, default 0.05
        See :func:`jitter_points`.
    image_shape : tuple of int, default (8, 8)
    generator : torch.Generator, optional

    Returns
    -------
    torch.Tensor or numpy.ndarray
        Of ``X``'s type and shape.

    Examples
    --------
    >>> X = torch.rand(5, 64, generator=torch.Generator().manual_seed(0))
    >>> augment_digits(X, generator=torch.Generator().manual_seed(1)).shape
    torch.Size([5, 64])
    """
    shifted = shift_images(X, max_shift, image_shape, generator)
    return jitter_points(shifted, noise_std, generator)


def cutout_images(X, size=3, image_shape=(8, 8), generator=None):
    """Cutout (DeVries and Taylor, 2017): blank a random ``size`` x ``size`` square of each image.

    The square's centre is drawn uniformly over the image, so near an edge only part of it
    falls inside; its pixels are set to 0, the background of the digits. The network has to
    recognise a digit from what is left of it.

    Parameters
    ----------
    X : torch.Tensor or array_like of shape (N, H*W)
        Flattened images.
    size : int, default 3
        The side of the square, between 1 and the image's smaller side.
    image_shape : tuple of int, default (8, 8)
    generator : torch.Generator, optional

    Returns
    -------
    torch.Tensor or numpy.ndarray
        Of ``X``'s type and shape.

    Raises
    ------
    TypeError
        If ``size`` is not an integer, ``image_shape`` not a pair, ``X`` not numeric.
    ValueError
        If ``size`` is not between 1 and the image's smaller side, or ``X``'s rows do not
        hold images of ``image_shape``.

    Examples
    --------
    >>> X = torch.ones(2, 64)
    >>> blanked = cutout_images(X, size=3, generator=torch.Generator().manual_seed(0))
    >>> [int((row == 0).sum()) for row in blanked]   # 9 pixels, fewer at an edge
    [9, 4]
    """
    X, was_numpy = _as_tensor(X)
    height, width = _image_size(X, image_shape)
    size = check_positive_int(size, "size")
    if size > min(height, width):
        raise ValueError(f"size must be at most the image's smaller side "
                         f"{min(height, width)}, got {size}")
    _check_generator(generator)
    n = X.shape[0]
    where = generator.device if generator is not None else "cpu"
    top = torch.randint(0, height, (n,), generator=generator, device=where).cpu() - size // 2
    left = torch.randint(0, width, (n,), generator=generator, device=where).cpu() - size // 2
    rows, cols = torch.arange(height), torch.arange(width)
    in_rows = (rows[None, :] >= top[:, None]) & (rows[None, :] < top[:, None] + size)
    in_cols = (cols[None, :] >= left[:, None]) & (cols[None, :] < left[:, None] + size)
    square = (in_rows[:, :, None] & in_cols[:, None, :]).reshape(n, -1).to(X.device)
    blanked = X.masked_fill(square, 0.0)
    return blanked.numpy() if was_numpy else blanked


def mixup(X, y, n_classes, alpha=0.2, generator=None):
    r"""Mixup (Zhang et al., 2018): train on blends of pairs of examples and of their labels.

    One :math:`\lambda \sim \mathrm{Beta}(\alpha, \alpha)` per batch and a random pairing
    :math:`\pi` of its examples give

    .. math::

        \tilde x_i = \lambda x_i + (1 - \lambda) x_{\pi(i)}, \qquad
        \tilde y_i = \lambda\, e_{y_i} + (1 - \lambda)\, e_{y_{\pi(i)}},

    with :math:`e_k` the one-hot vector of class :math:`k`: the targets are class
    probabilities, which ``torch.nn.functional.cross_entropy`` accepts.
    :func:`lectures_lib.training.loop.fit` passes the labels to an ``augment`` that takes ``y``.

    Parameters
    ----------
    X : torch.Tensor or array_like of shape (N, D)
    y : torch.Tensor or array_like of int, shape (N,)
        Class labels in [0, n_classes).
    n_classes : int
        C (a minibatch need not hold every class).
    alpha : float, default 0.2
        > 0; small values keep most blends close to one of the two examples.
    generator : torch.Generator, optional

    Returns
    -------
    X_mixed : torch.Tensor of shape (N, D)
        Each entry lies between the two it blends (so it never overflows).
    targets : torch.Tensor of shape (N, C)
        Each row sums to 1.

    Raises
    ------
    TypeError
        If ``X`` is not numeric, ``y`` not integer labels, ``n_classes`` not an integer.
    ValueError
        If ``y`` does not hold one label in [0, n_classes) per row of ``X``, or ``alpha`` is
        not > 0.

    Examples
    --------
    >>> X, y = torch.eye(4), torch.tensor([0, 1, 2, 3])
    >>> mixed, targets = mixup(X, y, n_classes=4, generator=torch.Generator().manual_seed(0))
    >>> torch.allclose(mixed, targets), targets.sum(dim=1).tolist()
    (True, [1.0, 1.0, 1.0, 1.0])
    """
    X, _ = _as_tensor(X)
    _check_generator(generator)
    if not isinstance(y, torch.Tensor):
        try:
            y = np.asarray(y)
        except ValueError as err:
            raise TypeError("y must hold integer class labels, got a ragged sequence") from err
        if y.dtype.kind not in "iuf":
            raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
        y = torch.as_tensor(y.astype(np.int64) if y.dtype.kind == "u" else y)
    y = y.to(X.device)
    n_classes = check_positive_int(n_classes, "n_classes")
    if y.dtype == torch.bool or y.is_complex():
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.shape != (X.shape[0],) or y.dtype.is_floating_point:
        raise ValueError(f"y must hold one integer label per row of X ({X.shape[0]}), got "
                         f"shape {tuple(y.shape)} and dtype {y.dtype}")
    if y.numel() and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"y must hold labels in [0, {n_classes}), got values from "
                         f"{int(y.min())} to {int(y.max())}")
    alpha = check_positive(alpha, "alpha")
    # numpy draws the Beta variable, seeded from the torch generator (torch's Beta has none);
    # beyond alpha = 1e300 Beta(alpha, alpha) is 0.5 to every float64 digit, and NumPy's
    # sampler breaks down there (alpha + alpha overflows), so it is drawn at 1e300
    where = generator.device if generator is not None else "cpu"
    seed = int(torch.randint(2**31 - 1, (1,), generator=generator, device=where))
    lam = float(np.random.default_rng(seed).beta(min(alpha, 1e300), min(alpha, 1e300)))
    pairs = torch.randperm(X.shape[0], generator=generator, device=where).to(X.device)
    one_hot = F.one_hot(y.long(), n_classes).to(X.dtype)
    partner = X[pairs]
    # a blend lies between its two ends; clamping to them undoes the rounding that could push
    # a blend of two numbers near the dtype's largest just past it (to inf)
    mixed = torch.minimum(torch.maximum(lam * X + (1 - lam) * partner, torch.minimum(X, partner)),
                          torch.maximum(X, partner))
    return mixed, lam * one_hot + (1 - lam) * one_hot[pairs]
