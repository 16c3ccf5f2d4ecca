"""Data augmentation: random label-preserving changes of the training examples.

Each training step sees a slightly different version of every example (a point jittered by a
little noise, a digit shifted by a pixel), so the network cannot memorise the exact training
set: a regulariser that acts on the data instead of the weights. Validation and test data are
never augmented.

The functions take a batch as a ``torch.Tensor`` (or a NumPy array, returned as one) and an
optional ``torch.Generator``; :func:`lectures_lib.training.fit` calls them as
``augment(X_batch, generator=g)`` on every training minibatch. :func:`mixup` blends the
labels too, so ``fit`` calls it as ``augment(X_batch, y=y_batch, generator=g)``.
"""

import numpy as np
import torch
import torch.nn.functional as F

from lectures_lib._checks import check_nonnegative, check_positive_int


def _as_tensor(X, name="X"):
    """``X`` as a floating tensor, and whether it came as a NumPy array."""
    was_numpy = not isinstance(X, torch.Tensor)
    X = torch.as_tensor(np.asarray(X, dtype=np.float64) if was_numpy else X)
    if not torch.is_floating_point(X):
        raise TypeError(f"{name} must hold floating-point features, got dtype {X.dtype}")
    if X.ndim != 2:
        raise ValueError(f"{name} must have 2 dimensions (examples, features), got shape "
                         f"{tuple(X.shape)}")
    return X, was_numpy


def _image_size(X, image_shape):
    """``(height, width)`` of ``image_shape``, checked against the features of ``X``."""
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

    Examples
    --------
    >>> X = torch.zeros(1000, 2)
    >>> noisy = jitter_points(X, std=0.5, generator=torch.Generator().manual_seed(0))
    >>> round(noisy.std().item(), 1)
    0.5
    """
    std = check_nonnegative(std, "std")
    X, was_numpy = _as_tensor(X)
    out = X + std * _randn_like(X, generator) if std > 0 else X.clone()
    return out.numpy() if was_numpy else out


def shift_images(X, max_shift=1, image_shape=(8, 8), generator=None):
    """Shift each image by a random whole number of pixels, filling the edge with zeros.

    Each image gets its own shift, drawn uniformly from ``-max_shift .. max_shift`` rows and,
    independently, columns. Zero is the background of the digits scaled to [0, 1]
    (:func:`lectures_lib.data.load_digit_images`).

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

    Examples
    --------
    >>> image = torch.zeros(1, 9)
    >>> image[0, 4] = 1.0          # the centre pixel of a 3x3 image
    >>> shifted = shift_images(image, 1, (3, 3), torch.Generator().manual_seed(1))
    >>> shifted.sum().item()       # the pixel moved by at most one row and column
    1.0
    """
    if isinstance(max_shift, bool) or not isinstance(max_shift, (int, np.integer)) or max_shift < 0:
        raise ValueError(f"max_shift must be an integer >= 0, got {max_shift!r}")
    X, was_numpy = _as_tensor(X)
    height, width = _image_size(X, image_shape)
    images = X.reshape(-1, height, width)
    padded = F.pad(images, (max_shift,) * 4)  # zeros around each image
    where = generator.device if generator is not None else "cpu"
    shifts = torch.randint(-max_shift, max_shift + 1, (len(images), 2), generator=generator,
                           device=where).to(X.device)
    # out[n, y, x] = image_n[y - dy_n, x - dx_n], read from the zero-padded image: its window
    # starts at row max_shift - dy_n and column max_shift - dx_n
    rows = max_shift - shifts[:, :1] + torch.arange(height, device=X.device)   # (N, H)
    cols = max_shift - shifts[:, 1:] + torch.arange(width, device=X.device)    # (N, W)
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
    n = X.shape[0]
    top = torch.randint(0, height, (n,), generator=generator) - size // 2
    left = torch.randint(0, width, (n,), generator=generator) - size // 2
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
    :func:`lectures_lib.training.fit` passes the labels to an ``augment`` that takes ``y``.

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
    targets : torch.Tensor of shape (N, C)
        Each row sums to 1.

    Examples
    --------
    >>> X, y = torch.eye(4), torch.tensor([0, 1, 2, 3])
    >>> mixed, targets = mixup(X, y, n_classes=4, generator=torch.Generator().manual_seed(0))
    >>> torch.allclose(mixed, targets), targets.sum(dim=1).tolist()
    (True, [1.0, 1.0, 1.0, 1.0])
    """
    X, _ = _as_tensor(X)
    y = torch.as_tensor(y, device=X.device)
    n_classes = check_positive_int(n_classes, "n_classes")
    if y.shape != (X.shape[0],) or y.dtype.is_floating_point:
        raise ValueError(f"y must hold one integer label per row of X ({X.shape[0]}), got "
                         f"shape {tuple(y.shape)} and dtype {y.dtype}")
    if y.numel() and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"y must hold labels in [0, {n_classes}), got values from "
                         f"{int(y.min())} to {int(y.max())}")
    alpha = check_nonnegative(alpha, "alpha")
    if alpha == 0:
        raise ValueError("alpha must be > 0, got 0")
    # numpy draws the Beta variable, seeded from the torch generator (torch's Beta has none)
    seed = int(torch.randint(2**31 - 1, (1,), generator=generator))
    lam = float(np.random.default_rng(seed).beta(alpha, alpha))
    pairs = torch.randperm(X.shape[0], generator=generator).to(X.device)
    one_hot = F.one_hot(y, n_classes).to(X.dtype)
    return lam * X + (1 - lam) * X[pairs], lam * one_hot + (1 - lam) * one_hot[pairs]
