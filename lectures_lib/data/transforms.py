"""What the chapters do to a data set's features and labels before training.

:func:`add_bias_column` appends the constant-1 feature of the bias trick (the linear
classifiers of chapter 2 and the demo); :func:`to_polar` maps 2-D points to polar
coordinates, the feature that separates the rings of chapter 6; :func:`flip_labels` adds
label noise, the training data a model overfits by memorizing it (chapters 1 and 6).
"""

import numpy as np

from lectures_lib._checks import as_float_array, as_scalar, check_seed


def add_bias_column(X):
    """Append a column of ones to ``X``, so that ``X @ W`` includes a bias (the bias trick).

    Examples
    --------
    >>> add_bias_column(np.zeros((2, 1)))
    array([[0., 1.],
           [0., 1.]])
    """
    X = as_float_array(X, "X", ndim=2)
    return np.hstack([X, np.ones((X.shape[0], 1))])


def to_polar(X):
    r"""The feature transform of 2-D points to polar coordinates :math:`(r, \theta)`.

    :math:`r = \sqrt{x_1^2 + x_2^2}`, :math:`\theta = \operatorname{atan2}(x_2, x_1) \in
    (-\pi, \pi]`.

    Examples
    --------
    >>> to_polar([[0.0, 2.0]])
    array([[2.        , 1.57079633]])
    """
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must hold 2-D points (2 columns), got {X.shape[1]} columns")
    return np.column_stack([np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])])


def flip_labels(y, fraction, seed=0):
    """Label noise: ``y`` with a ``fraction`` of its labels changed to another class.

    ``round(fraction * len(y))`` labels, chosen at random, each get one of the other classes
    (``0 .. max(y)``) at random: the training data a model can overfit by memorizing them.

    Raises
    ------
    ValueError
        If ``y`` is not a non-empty 1-D array of integer labels >= 0 with two classes or more,
        or ``fraction`` is outside [0, 1].

    Examples
    --------
    >>> y = np.repeat([0, 1, 2], 10)
    >>> noisy = flip_labels(y, 0.2, seed=0)
    >>> int(np.sum(noisy != y)), noisy.dtype
    (6, dtype('int64'))
    """
    try:
        y = np.asarray(y)
    except ValueError as err:  # a ragged list
        raise ValueError("y must be a non-empty 1-D array of class labels >= 0, got a ragged "
                         "sequence") from err
    if (y.ndim != 1 or y.dtype == bool or not np.issubdtype(y.dtype, np.integer) or y.size == 0
            or y.min() < 0):
        shown = y if y.size <= 10 else f"an array of shape {y.shape}"
        raise ValueError(f"y must be a non-empty 1-D array of class labels >= 0, got {shown!r} "
                         f"of dtype {y.dtype}")
    fraction = as_scalar(fraction, "fraction")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}")
    n_classes = int(y.max()) + 1
    if n_classes < 2:
        raise ValueError("y must hold at least two classes to flip a label to another one")
    rng = np.random.default_rng(check_seed(seed))
    flipped = y.astype(np.int64)
    chosen = rng.choice(y.size, size=round(fraction * y.size), replace=False)
    flipped[chosen] = (y[chosen] + rng.integers(1, n_classes, size=chosen.size)) % n_classes
    return flipped
