"""scikit-learn's 8×8 handwritten digits, split three ways: the data set of every chapter.

:func:`load_digits_split` gives standardized features (with the bias column on request) for
the linear classifiers, MLPs and metrics of chapters 1 to 7; :func:`load_digit_images` gives
the same split as pictures, pixels in [0, 1], for data augmentation (chapter 1). The split is
scikit-learn's stratified ``train_test_split``, reproduced here so that loading the digits
imports no scikit-learn and downloads nothing.
"""

from dataclasses import dataclass

import importlib.util
from pathlib import Path

import numpy as np

from lectures_lib._checks import as_scalar
from lectures_lib.data._arguments import check_bool, legacy_seed
from lectures_lib.data.transforms import add_bias_column


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
    seed = legacy_seed(seed)
    standardize, bias = check_bool(standardize, "standardize"), check_bool(bias, "bias")
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
