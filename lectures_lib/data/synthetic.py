"""Seeded synthetic classification problems of the slides, all generated offline.

- :func:`make_1d_two_class`: the 1-D two-class problem of the regularization slides
  (chapter 1);
- :func:`make_corner_points`, :func:`make_rings`, :func:`make_spirals`: 2-D points that no
  line separates, for the MLP chapter (chapter 6; the spirals also in chapter 1);
- :func:`make_logistic_data`: ill-conditioned data drawn from a logistic-regression model,
  for the second-order methods (chapter 5).
"""

import numpy as np

from lectures_lib._checks import (as_float_array, as_scalar, check_in_range, check_nonnegative,
                                  check_positive, check_positive_int, check_seed)
from lectures_lib.data._arguments import check_bool, legacy_seed

#: The largest noise level (or scale) the generators accept: far beyond any useful value, and
#: small enough that no drawn point overflows float64.
MAX_SCALE = 1e300


def make_1d_two_class(n_per_class=5, mean=1.0, std=1.0, separable=True, seed=0, max_tries=1000):
    """The slides' 1-D, two-class problem: class 0 ~ N(-mean, std²), class 1 ~ N(+mean, std²).

    The classes overlap, but with ``separable=True`` the sample is redrawn until every class-0
    point lies left of every class-1 point: a small training set on which a linear classifier
    reaches perfect accuracy and, without regularization, grows a "cliff". Draw a large test
    set with ``separable=False``.

    Parameters
    ----------
    n_per_class : int, default 5
    mean, std : float, default 1.0
        The class means are -mean and +mean; std >= 0.
    separable : bool, default True
    seed : int, default 0
    max_tries : int, default 1000
        How many samples to draw, at most, for a separable one.

    Returns
    -------
    X : numpy.ndarray of shape (2 * n_per_class, 1)
    y : numpy.ndarray of int, shape (2 * n_per_class,)

    Raises
    ------
    ValueError
        If no separable sample turns up in ``max_tries`` draws, or ``mean`` and ``std`` are so
        large that the points overflow float64.

    Examples
    --------
    >>> X, y = make_1d_two_class(4)
    >>> bool(X[y == 0].max() < X[y == 1].min())
    True
    """
    n = check_positive_int(n_per_class, "n_per_class")
    mean, std = as_scalar(mean, "mean"), check_nonnegative(std, "std")
    separable = check_bool(separable, "separable")
    rng = np.random.default_rng(check_seed(seed))
    y = np.repeat(np.array([0, 1], dtype=np.int64), n)
    for _ in range(check_positive_int(max_tries, "max_tries")):
        with np.errstate(over="ignore", invalid="ignore"):
            x = np.where(y == 1, mean, -mean) + std * rng.standard_normal(2 * n)
        if not np.all(np.isfinite(x)):
            raise ValueError(f"mean {mean} and std {std} are too large: the points overflow "
                             f"float64")
        if not separable or x[y == 0].max() < x[y == 1].min():
            return x[:, None], y
    raise ValueError(f"no separable sample in {max_tries} tries: raise mean or lower std "
                     f"(got mean {mean}, std {std})")


def make_corner_points(n_samples=200, corner=(0.5, 0.5), margin=0.25, seed=0):
    """Two classes of 2-D points that no line separates: a quadrant and the L-shape around it.

    Points are uniform in [-2, 2]²; class 0 is the quadrant left of and below ``corner``
    (x1 < c1 and x2 < c2), class 1 the rest. Points closer than ``margin`` to the quadrant's
    edges are left out, so a ReLU feature ``max(0, x - corner)`` separates the classes.

    Parameters
    ----------
    n_samples : int, default 200
    corner : array_like of shape (2,), default (0.5, 0.5)
    margin : float, default 0.25
        In [0, 2).
    seed : int, default 0

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of int, shape (n_samples,)

    Raises
    ------
    ValueError
        If an argument is out of range, or ``corner`` and ``margin`` leave (almost) no point of
        the square outside the margin.

    Examples
    --------
    >>> X, y = make_corner_points(100)
    >>> X.shape, sorted(set(y.tolist()))
    ((100, 2), [0, 1])
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    corner = as_float_array(corner, "corner", ndim=1)
    if corner.shape != (2,):
        raise ValueError(f"corner must be a 2-D point (x1, x2), got {corner.tolist()}")
    margin = as_scalar(margin, "margin")
    if not 0 <= margin < 2:
        raise ValueError(f"margin must be in [0, 2), got {margin}")
    rng = np.random.default_rng(check_seed(seed))
    kept = np.empty((0, 2))
    for _ in range(1000):
        X = rng.uniform(-2, 2, size=(2 * n_samples, 2))
        gap = np.max(X - corner, axis=1)   # < 0 inside the quadrant
        kept = np.vstack([kept, X[np.abs(gap) >= margin]])
        if len(kept) >= n_samples:
            break
    else:
        raise ValueError(f"corner {corner.tolist()} and margin {margin} leave almost no point "
                         f"of [-2, 2]² outside the margin: lower margin or move corner inwards")
    X = kept[:n_samples]
    return X, (np.max(X - corner, axis=1) > 0).astype(np.int64)


def make_rings(n_samples=200, noise=0.1, factor=0.5, seed=0):
    """Two concentric rings: class 0 of radius 1, class 1 of radius ``factor``, with Gaussian
    noise (the points of scikit-learn's ``make_circles`` for the same seed). No line separates
    them; the polar radius (:func:`~lectures_lib.data.transforms.to_polar`) does.

    Parameters
    ----------
    n_samples : int, default 200
    noise : float, default 0.1
        Standard deviation of the Gaussian noise, in [0, 1e300].
    factor : float, default 0.5
        Radius of the inner ring, in [0, 1) (as in scikit-learn).
    seed : int, default 0
        Below 2**32 (the draw is scikit-learn's).

    Examples
    --------
    >>> X, y = make_rings(100)
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    noise = check_in_range(noise, "noise", 0, MAX_SCALE)
    factor = check_in_range(factor, "factor", 0, 1, high_open=True)
    rng = np.random.RandomState(legacy_seed(seed))
    n_outer = n_samples // 2
    angles = [np.linspace(0, 2 * np.pi, n, endpoint=False) for n in (n_outer, n_samples - n_outer)]
    radius = np.repeat([1.0, factor], [n_outer, n_samples - n_outer])
    angle = np.concatenate(angles)
    X = np.column_stack([np.cos(angle), np.sin(angle)]) * radius[:, None]
    y = (np.arange(n_samples) >= n_outer).astype(np.int64)
    order = np.arange(n_samples)
    rng.shuffle(order)
    X, y = X[order], y[order]
    return X + rng.normal(scale=noise, size=X.shape), y


def make_spirals(n_per_class=100, n_classes=2, noise=0.2, radius=1.0, seed=0):
    r"""Interleaved spiral arms, one class per arm.

    Arm :math:`k` has radius :math:`r \in [0, 1]` and angle :math:`\theta = 4(k + r) +
    \sigma \epsilon`, :math:`\epsilon \sim N(0, 1)`, with :math:`\sigma` = ``noise``; the point
    is :math:`R\,r(\sin\theta, \cos\theta)` with :math:`R` = ``radius``.

    Parameters
    ----------
    n_per_class, n_classes : int, default 100, 2
    noise : float, default 0.2
        σ, in [0, 1e300].
    radius : float, default 1.0
        R > 0.
    seed : int, default 0

    Examples
    --------
    >>> X, y = make_spirals(50, n_classes=3)
    >>> X.shape, np.bincount(y).tolist()
    ((150, 2), [50, 50, 50])
    """
    n = check_positive_int(n_per_class, "n_per_class")
    n_classes = check_positive_int(n_classes, "n_classes")
    noise = check_in_range(noise, "noise", 0, MAX_SCALE)
    radius = check_positive(radius, "radius")
    rng = np.random.default_rng(check_seed(seed))
    X, y = [], []
    for k in range(n_classes):
        r = np.linspace(0.0, radius, n)
        theta = np.linspace(4.0 * k, 4.0 * (k + 1), n) + noise * rng.standard_normal(n)
        X.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        y.append(np.full(n, k))
    return np.vstack(X), np.concatenate(y).astype(np.int64)


def make_logistic_data(n_samples=1000, n_features=10, max_scale=10.0, seed=0):
    r"""Seeded two-class data drawn from a logistic-regression model.

    Feature :math:`j` is normal with standard deviation :math:`s_j`, the :math:`s_j`
    log-spaced from 1 to ``max_scale`` (so the loss is ill-conditioned, as real data often is);
    the true weights are :math:`w_j = z_j / s_j` with :math:`z_j \sim N(0, 1)`, and each label
    is drawn as :math:`y \sim \mathrm{Bernoulli}(\sigma(x^\top w))`, so the classes overlap and
    the logistic loss has a finite minimum.

    Parameters
    ----------
    n_samples : int, default 1000
    n_features : int, default 10
    max_scale : float, default 10.0
        The largest feature standard deviation, in [1, 1e300] (the smallest is 1).
    seed : int, default 0

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, n_features)
    y : numpy.ndarray of shape (n_samples,)
        Labels 0 and 1.
    w_true : numpy.ndarray of shape (n_features,)

    Examples
    --------
    >>> X, y, w_true = make_logistic_data(n_samples=500, n_features=3)
    >>> X.shape, sorted(set(y.tolist())), w_true.shape
    ((500, 3), [0, 1], (3,))
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    n_features = check_positive_int(n_features, "n_features")
    max_scale = check_in_range(max_scale, "max_scale", 1, MAX_SCALE)
    rng = np.random.default_rng(check_seed(seed))
    scales = np.logspace(0, np.log10(max_scale), n_features)
    X = rng.standard_normal((n_samples, n_features)) * scales
    w_true = rng.standard_normal(n_features) / scales
    with np.errstate(over="ignore"):  # exp(large) = inf gives p = 0: correct
        p = 1 / (1 + np.exp(-X @ w_true))
    y = (rng.random(n_samples) < p).astype(np.int64)
    return X, y, w_true
