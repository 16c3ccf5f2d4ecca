"""Data sets for the chapters, all offline: what scikit-learn ships, or generated with a seed.

Nothing here downloads anything, so the book builds on a machine without network access.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from lectures_lib._checks import as_float_array, as_scalar, check_positive_int


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
        """The number of classes, counted over all three parts."""
        return int(max(self.y_train.max(), self.y_val.max(), self.y_test.max()) + 1)


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
    X, y = load_digits(return_X_y=True)
    X = X.astype(np.float64)
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y)
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size / (1 - test_size), random_state=seed, stratify=y_rest)
    if standardize:
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        std[std == 0] = 1.0
        X_train, X_val, X_test = ((part - mean) / std for part in (X_train, X_val, X_test))
    if bias:
        X_train, X_val, X_test = (add_bias_column(part) for part in (X_train, X_val, X_test))
    return Split(X_train, y_train, X_val, y_val, X_test, y_test)


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
        The largest feature standard deviation, >= 1 (the smallest is 1).
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
    max_scale = as_scalar(max_scale, "max_scale")
    if max_scale < 1:
        raise ValueError(f"max_scale must be >= 1, got {max_scale}")
    rng = np.random.default_rng(seed)
    scales = np.logspace(0, np.log10(max_scale), n_features)
    X = rng.standard_normal((n_samples, n_features)) * scales
    w_true = rng.standard_normal(n_features) / scales
    p = 1 / (1 + np.exp(-X @ w_true))
    y = (rng.random(n_samples) < p).astype(np.int64)
    return X, y, w_true
