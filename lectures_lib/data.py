"""Data sets for the chapters, all offline: what scikit-learn ships, or generated with a seed.

Nothing here downloads anything, so the book builds on a machine without network access.
"""

from dataclasses import dataclass

import importlib.util
from pathlib import Path

import numpy as np

from lectures_lib._checks import (as_float_array, as_scalar, check_in_range, check_nonnegative,
                                  check_positive, check_positive_int, check_seed)

#: The largest noise level (or scale) the generators accept: far beyond any useful value, and
#: small enough that no drawn point overflows float64.
MAX_SCALE = 1e300


def _check_bool(value, name):
    """Return ``value`` after checking it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def _legacy_seed(seed):
    """A seed for NumPy's legacy ``RandomState`` (as scikit-learn uses): below 2**32."""
    seed = check_seed(seed)
    if seed >= 2**32:
        raise ValueError(f"seed must be below 2**32 here (the draw is scikit-learn's, whose "
                         f"RandomState takes 32-bit seeds), got {seed}")
    return seed


@dataclass
class Split:
    """A train/validation/test split of one data set.

    Attributes
    ----------
    X_train, y_train, X_val, y_val, X_test, y_test : numpy.ndarray
        Features (float64, one example per row) and integer labels of each part.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_classes(self):
        """The number of classes, counted over all three parts (0 when all are empty)."""
        parts = [np.asarray(y) for y in (self.y_train, self.y_val, self.y_test)]
        return int(max((y.max() for y in parts if y.size), default=-1) + 1)


def load_digits_split(val_size=0.2, test_size=0.2, seed=0, standardize=True, bias=False):
    """scikit-learn's 8×8 handwritten digits (1797 images, 10 classes), split three ways.

    Parameters
    ----------
    val_size, test_size : float, default 0.2
        Fractions of the data set used for validation and for testing; the rest trains.
    seed : int, default 0
        Seed of the shuffled, class-stratified split.
    standardize : bool, default True
        Scale pixels to zero mean and unit variance with the *training* set's statistics (pixels
        that are constant in training are left centred, not divided by zero).
    bias : bool, default False
        Append a constant-1 feature (the bias trick), giving 65 features instead of 64.

    Returns
    -------
    Split

    Raises
    ------
    TypeError
        If a size is not a number, ``seed`` not an integer, or a flag not True/False.
    ValueError
        If the sizes leave no part, or ``seed`` is negative or not below 2**32.

    Examples
    --------
    >>> data = load_digits_split()
    >>> data.X_train.shape, data.X_val.shape, data.X_test.shape, data.n_classes
    ((1077, 64), (360, 64), (360, 64), 10)
    """
    val_size = as_scalar(val_size, "val_size")
    test_size = as_scalar(test_size, "test_size")
    if not (0 < val_size < 1 and 0 < test_size < 1 and val_size + test_size < 1):
        raise ValueError(f"val_size and test_size must be in (0, 1) with a sum below 1, "
                         f"got {val_size} and {test_size}")
    seed = _legacy_seed(seed)
    standardize, bias = _check_bool(standardize, "standardize"), _check_bool(bias, "bias")
    X, y = _digits()
    n_rest = len(y) - int(np.ceil(test_size * len(y)))
    if n_rest - int(np.ceil(val_size / (1 - test_size) * n_rest)) < 1:
        raise ValueError(f"val_size {val_size} and test_size {test_size} leave no example to "
                         f"train on: lower them")
    X_rest, X_test, y_rest, y_test = _stratified_split(X, y, test_size, seed)
    X_train, X_val, y_train, y_val = _stratified_split(X_rest, y_rest,
                                                       val_size / (1 - test_size), seed)
    if standardize:
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        std[std == 0] = 1.0
        X_train, X_val, X_test = ((part - mean) / std for part in (X_train, X_val, X_test))
    if bias:
        X_train, X_val, X_test = (add_bias_column(part) for part in (X_train, X_val, X_test))
    return Split(X_train, y_train, X_val, y_val, X_test, y_test)


def _digits():
    """scikit-learn's digits, read from the file its package ships (importing scikit-learn
    takes a second; chapters that need nothing else from it are spared that)."""
    spec = importlib.util.find_spec("sklearn")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the digits data set comes with scikit-learn: pip install scikit-learn")
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    data = np.loadtxt(path, delimiter=",")
    return data[:, :-1], data[:, -1].astype(np.int64)


def _stratified_split(X, y, test_size, seed):
    """``sklearn.model_selection.train_test_split(X, y, test_size=test_size,
    random_state=seed, stratify=y)``, the same split for the same seed, without scikit-learn.

    Each class gives the test part its share of ``ceil(test_size * n)`` examples (largest
    remainders first, ties broken at random), the rest of it to training; both parts are shuffled.
    """
    rng = np.random.RandomState(seed)
    n_test = int(np.ceil(test_size * len(y)))
    n_train = len(y) - n_test
    classes, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
    members = np.split(np.argsort(y_index, kind="stable"), np.cumsum(counts)[:-1])
    n_train_per_class = _share(counts, n_train, rng)
    n_test_per_class = _share(counts - n_train_per_class, n_test, rng)
    train, test = [], []
    for i in range(len(classes)):
        shuffled = members[i].take(rng.permutation(counts[i]))
        train.extend(shuffled[:n_train_per_class[i]])
        test.extend(shuffled[n_train_per_class[i]:n_train_per_class[i] + n_test_per_class[i]])
    train, test = rng.permutation(train), rng.permutation(test)
    return X[train], X[test], y[train], y[test]


def _share(counts, n_draws, rng):
    """``n_draws`` divided among classes in proportion to ``counts``: the floors, then one more
    for the largest remainders (scikit-learn's ``_approximate_mode``)."""
    exact = counts / counts.sum() * n_draws
    share = np.floor(exact)
    missing = int(n_draws - share.sum())
    remainder = exact - share
    for value in np.sort(np.unique(remainder))[::-1]:
        if missing <= 0:
            break
        (tied,) = np.where(remainder == value)
        chosen = rng.choice(tied, size=min(len(tied), missing), replace=False)
        share[chosen] += 1
        missing -= len(chosen)
    return share.astype(int)


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


def load_digit_images(val_size=0.2, test_size=0.2, seed=0):
    """The digits of :func:`load_digits_split` as images: pixels scaled to [0, 1], 0 = background.

    Use this where examples are treated as pictures (shifting them, adding pixel noise:
    :mod:`lectures_lib.nn.image_augmentation`); standardised pixels have no common background
    value.

    Examples
    --------
    >>> data = load_digit_images()
    >>> float(data.X_train.min()), float(data.X_train.max()), data.X_train.shape
    (0.0, 1.0, (1077, 64))
    """
    data = load_digits_split(val_size, test_size, seed, standardize=False)
    return Split(data.X_train / 16, data.y_train, data.X_val / 16, data.y_val,
                 data.X_test / 16, data.y_test)


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
    them; the polar radius (:func:`to_polar`) does.

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
    rng = np.random.RandomState(_legacy_seed(seed))
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
    separable = _check_bool(separable, "separable")
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



#: The daily temperatures (°F) that Lecture 5's EWMA slide shows, by day (day 1 is the first).
SLIDE_TEMPERATURES = {1: 40.0, 2: 49.0, 3: 45.0, 180: 60.0, 181: 56.0}


def daily_temperatures(num_days=365, seed=0):
    """A year of noisy daily temperatures in °F, like the London series of the EWMA slide.

    A seasonal curve (about 40 °F in January, 65 °F in July) plus Gaussian day-to-day noise of
    5 °F, with the days the slide shows set to its values (:data:`SLIDE_TEMPERATURES`: 40, 49,
    45 on days 1-3, 60 and 56 on days 180-181).

    Returns
    -------
    numpy.ndarray of shape (num_days,)
        Entry ``t - 1`` is the temperature of day t.

    Examples
    --------
    >>> daily_temperatures()[:3].tolist()
    [40.0, 49.0, 45.0]
    """
    num_days = check_positive_int(num_days, "num_days")
    rng = np.random.default_rng(check_seed(seed))
    days = np.arange(1, num_days + 1)
    theta = 52.5 - 12.5 * np.cos(2 * np.pi * (days - 15) / 365) + 5 * rng.standard_normal(num_days)
    for day, value in SLIDE_TEMPERATURES.items():
        if day <= num_days:
            theta[day - 1] = value
    return np.round(theta, 1)
