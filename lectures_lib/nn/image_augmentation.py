"""Data augmentation for images: random shifts, pixel noise and Cutout (chapter 1).

The images come flattened, one per row of a batch (the 8x8 digits of
:func:`lectures_lib.data.digits.load_digit_images`), with their ``image_shape`` given; like the
augmentations of :mod:`lectures_lib.nn.augmentation`, each function takes a ``torch.Tensor``
(or a NumPy array, returned as one) and an optional ``torch.Generator``, and keeps the label.
"""

import numpy as np
import torch
import torch.nn.functional as F

from lectures_lib._checks import check_int, check_positive_int
from lectures_lib.nn._batches import as_batch, check_generator
from lectures_lib.nn.augmentation import jitter_points


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
        The shifted images, of ``X``'s type and shape.

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
    X, was_numpy = as_batch(X)
    height, width = _image_size(X, image_shape)
    check_generator(generator)
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
        See :func:`~lectures_lib.nn.augmentation.jitter_points`.
    image_shape : tuple of int, default (8, 8)
    generator : torch.Generator, optional

    Returns
    -------
    torch.Tensor or numpy.ndarray
        The shifted and noisy images, of ``X``'s type and shape.

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
        The images with their squares blanked, of ``X``'s type and shape.

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
    X, was_numpy = as_batch(X)
    height, width = _image_size(X, image_shape)
    size = check_positive_int(size, "size")
    if size > min(height, width):
        raise ValueError(f"size must be at most the image's smaller side "
                         f"{min(height, width)}, got {size}")
    check_generator(generator)
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
