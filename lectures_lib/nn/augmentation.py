"""Data augmentation: random label-preserving changes of the training examples.

Each training step sees a slightly different version of every example (a point jittered by a
little noise, a digit shifted by a pixel), so the network cannot memorise the exact training
set: a regulariser that acts on the data instead of the weights. Validation and test data are
never augmented.

The functions take a batch as a ``torch.Tensor`` (or a NumPy array, returned as one) and an
optional ``torch.Generator``; :func:`lectures_lib.training.loop.fit` calls them as
``augment(X_batch, generator=g)`` on every training minibatch. :func:`mixup` blends the
labels too, so ``fit`` calls it as ``augment(X_batch, y=y_batch, generator=g)``.

This module holds the augmentations of any feature vectors, :func:`jitter_points` and
:func:`mixup`; those of images (shifts, Cutout) are in :mod:`lectures_lib.nn.image_augmentation`.
"""

import numpy as np
import torch
import torch.nn.functional as F

from lectures_lib._checks import check_nonnegative, check_positive, check_positive_int
from lectures_lib.nn._batches import as_batch, check_generator


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
        The noisy points, of ``X``'s type and shape.

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
    X, was_numpy = as_batch(X)
    check_generator(generator)
    out = X + std * _randn_like(X, generator) if std > 0 else X.clone()
    if std > 0 and out.numel() and not bool(torch.isfinite(out).all()):
        raise ValueError(f"std {std:g} is too large: the noisy points overflow {X.dtype}")
    return out.numpy() if was_numpy else out


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
    X, _ = as_batch(X)
    check_generator(generator)
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
