"""The toy problems of the regularization and MLP slides, checked with scikit-learn classifiers."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.svm import LinearSVC

from lectures_lib.data import (flip_labels, load_digit_images, load_digits_split,
                               make_1d_two_class, make_corner_points, make_rings, make_spirals,
                               to_polar)
from lectures_lib.data.digits import _stratified_split


def linear_training_accuracy(X, y):
    """The training accuracy of a nearly hard-margin linear SVM: 1.0 iff a line separates."""
    return LinearSVC(C=1e4, max_iter=200_000, tol=1e-6).fit(X, y).score(X, y)


def test_corner_points_need_a_relu_feature():
    X, y = make_corner_points(300, corner=(0.5, 0.5), margin=0.25, seed=0)
    assert X.shape == (300, 2) and np.all(np.abs(X) <= 2)
    inside = (X[:, 0] < 0.5) & (X[:, 1] < 0.5)
    np.testing.assert_array_equal(y, (~inside).astype(int))
    assert np.all(np.abs(np.max(X - 0.5, axis=1)) >= 0.25)          # the margin is kept
    assert linear_training_accuracy(X, y) < 0.95                      # no line separates them
    assert linear_training_accuracy(np.maximum(0, X - 0.5), y) == 1.0  # after ReLU(x - corner) one does
    np.testing.assert_array_equal(make_corner_points(300, seed=0)[0], X)


def test_rings_are_separated_by_the_polar_radius():
    X, y = make_rings(200, noise=0.05, factor=0.5, seed=1)
    assert np.bincount(y).tolist() == [100, 100]
    assert linear_training_accuracy(X, y) < 0.8
    assert linear_training_accuracy(to_polar(X), y) == 1.0


def test_to_polar_matches_complex_numbers():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((50, 2))
    z = X[:, 0] + 1j * X[:, 1]
    np.testing.assert_allclose(to_polar(X), np.column_stack([np.abs(z), np.angle(z)]), rtol=1e-14)
    with pytest.raises(ValueError, match="X must hold 2-D points .* got 3 columns"):
        to_polar(np.ones((2, 3)))


def test_spirals():
    X, y = make_spirals(40, n_classes=3, noise=0.0, radius=3.0, seed=0)
    assert X.shape == (120, 2) and np.bincount(y).tolist() == [40, 40, 40]
    np.testing.assert_allclose(np.linalg.norm(X[y == 1], axis=1), np.linspace(0, 3, 40), atol=1e-12)
    assert linear_training_accuracy(X, y) < 0.8
    assert not np.array_equal(make_spirals(40, seed=1)[0], make_spirals(40, seed=2)[0])


def test_1d_two_class_training_set_is_separable_and_the_test_set_overlaps():
    X, y = make_1d_two_class(6, mean=1.0, std=1.0, seed=0)
    assert X.shape == (12, 1) and np.bincount(y).tolist() == [6, 6]
    assert X[y == 0].max() < X[y == 1].min()
    X_test, y_test = make_1d_two_class(500, separable=False, seed=1)
    assert X_test[y_test == 0].max() > X_test[y_test == 1].min()
    assert abs(X_test[y_test == 1].mean() - 1.0) < 0.15


def test_1d_two_class_that_cannot_be_separated_says_so():
    with pytest.raises(ValueError, match="no separable sample in 5 tries: .*got mean -3.0, std 0.1"):
        make_1d_two_class(5, mean=-3.0, std=0.1, max_tries=5)


def test_digit_images_are_the_pixels_over_16():
    data = load_digit_images(seed=0)
    X_all = load_digits().data / 16
    assert data.X_train.min() == 0.0 and data.X_train.max() == 1.0
    # every training image is one of scikit-learn's images, scaled
    rows = {tuple(r) for r in X_all}
    assert all(tuple(r) in rows for r in data.X_train[:50])
    assert len(data.y_train) + len(data.y_val) + len(data.y_test) == 1797


@pytest.mark.parametrize("call, error, words", [
    (lambda: make_corner_points(0), ValueError, "n_samples must be >= 1, got 0"),
    (lambda: make_spirals(10, n_classes=0), ValueError, "n_classes must be >= 1, got 0"),
    (lambda: make_rings(10, noise="a"), TypeError, "noise must be a real number"),
    (lambda: make_corner_points(10, corner=(1.0,)), ValueError, r"corner must be a 2-D point \(x1, x2\), got \[1.0\]"),
    (lambda: make_corner_points(10, margin=-0.1), ValueError, r"margin must be in \[0, 2\), got -0.1"),
])
def test_generator_bad_arguments(call, error, words):
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize("seed", [0, 1, 7, 123])
@pytest.mark.parametrize("val_size, test_size", [(0.2, 0.2), (0.1, 0.3), (0.25, 0.15)])
def test_the_digits_split_is_scikit_learns(seed, val_size, test_size):
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=test_size,
                                                      random_state=seed, stratify=y)
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size / (1 - test_size), random_state=seed, stratify=y_rest)
    ours = load_digits_split(val_size, test_size, seed=seed, standardize=False)
    for theirs, mine in [(X_train, ours.X_train), (X_val, ours.X_val), (X_test, ours.X_test),
                         (y_train, ours.y_train), (y_val, ours.y_val), (y_test, ours.y_test)]:
        np.testing.assert_array_equal(mine, theirs)
    assert ours.X_train.dtype == np.float64 and ours.y_train.dtype == np.int64


def test_the_split_breaks_ties_the_way_scikit_learn_does():
    # 7 classes of 3 and a test part of 10: every class has the same remainder, so which
    # classes give an extra example is drawn; a fixed choice would differ for some seed
    from sklearn.model_selection import train_test_split

    X, y = np.arange(21.0)[:, None], np.repeat(np.arange(7), 3)
    for seed in range(20):
        theirs = train_test_split(X, y, test_size=10 / 21, random_state=seed, stratify=y)
        for a, b in zip(_stratified_split(X, y, 10 / 21, seed), theirs):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("n, noise, factor, seed", [(200, 0.1, 0.5, 0), (101, 0.0, 0.3, 5),
                                                    (7, 0.2, 0.8, 2)])
def test_rings_are_scikit_learns_circles(n, noise, factor, seed):
    from sklearn.datasets import make_circles

    X, y = make_rings(n, noise=noise, factor=factor, seed=seed)
    X_ref, y_ref = make_circles(n, noise=noise, factor=factor, random_state=seed)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)


def test_importing_the_data_module_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; import lectures_lib.data as d; d.load_digits_split(); d.make_rings(); "
            "print(any(m == 'sklearn' or m.startswith('sklearn.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_flip_labels_changes_exactly_the_asked_share_to_other_classes():
    y = np.repeat(np.arange(3), 20)
    noisy = flip_labels(y, 0.15, seed=0)
    changed = noisy != y
    assert changed.sum() == 9 and set(noisy[changed]) <= {0, 1, 2}
    # each class is flipped to both other classes over many seeds, never to itself
    targets = {(int(a), int(b)) for s in range(20)
               for a, b in zip(y, flip_labels(y, 0.5, seed=s)) if a != b}
    assert targets == {(a, b) for a in range(3) for b in range(3) if a != b}
    np.testing.assert_array_equal(flip_labels(y, 0.15, seed=0), noisy)
    np.testing.assert_array_equal(flip_labels(y, 0.0), y)
    with pytest.raises(ValueError, match="fraction must lie in"):
        flip_labels(y, 1.5)
    with pytest.raises(ValueError, match="class labels"):
        flip_labels(y.astype(float), 0.1)
    with pytest.raises(ValueError, match="two classes"):
        flip_labels(np.zeros(5, dtype=int), 0.1)
