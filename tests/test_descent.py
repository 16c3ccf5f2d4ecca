"""Random search and gradient descent: closed-form checks, scipy, and divergence detection."""

import numpy as np
import pytest
from scipy.optimize import minimize

from lectures_lib import DivergenceError
from lectures_lib.data import load_digits_split
from lectures_lib.optim.descent import gradient_descent, random_search
from lectures_lib.divergence import check_loss
from lectures_lib.nn.losses import softmax_loss


def quadratic(W):
    return float(np.sum(W ** 2)), 2 * W


def test_gradient_descent_on_a_quadratic_follows_the_closed_form():
    # W_k = (1 - 2 lr)^k W_0 for L = sum W^2.
    W0, lr, k = np.array([3.0, -1.0]), 0.1, 25
    result = gradient_descent(quadratic, W0, lr=lr, num_steps=k)
    np.testing.assert_allclose(result.W, (1 - 2 * lr) ** k * W0, rtol=1e-12)
    assert len(result.history) == k + 1
    np.testing.assert_allclose(result.history, [(1 - 2 * lr) ** (2 * i) * 10.0 for i in range(k + 1)])
    np.testing.assert_array_equal(W0, [3.0, -1.0])


def test_gradient_descent_reaches_scipy_minimum_of_regularised_softmax():
    data = load_digits_split(bias=True)
    X, y = data.X_train[:300, :20], data.y_train[:300]
    reg = 0.1
    fn = lambda W: softmax_loss(W, X, y, reg)
    result = gradient_descent(fn, np.zeros((20, 10)), lr=1.0, num_steps=2000)
    ref = minimize(lambda w: fn(w.reshape(20, 10))[0], np.zeros(200),
                   jac=lambda w: fn(w.reshape(20, 10))[1].ravel(), method="L-BFGS-B", tol=1e-12)
    assert result.loss == pytest.approx(ref.fun, rel=1e-6)


def test_gradient_descent_detects_divergence():
    with pytest.raises(DivergenceError, match=r"diverged at step \d+.*learning rate 10.0 is probably too large"):
        gradient_descent(quadratic, [1.0], lr=10.0, num_steps=100)


def test_gradient_descent_rejects_bad_hyperparameters():
    with pytest.raises(ValueError, match="lr must be >= 0, got -0.1"):
        gradient_descent(quadratic, [1.0], lr=-0.1, num_steps=1)
    with pytest.raises(ValueError, match="num_steps must be >= 1, got 0"):
        gradient_descent(quadratic, [1.0], lr=0.1, num_steps=0)


def test_random_search_keeps_the_best_try():
    target = np.array([0.5, -0.5])
    loss_fn = lambda W: float(np.sum((W - target) ** 2))
    result = random_search(loss_fn, (2,), num_tries=200, scale=1.0, seed=3)
    rng = np.random.default_rng(3)
    tries = [rng.standard_normal(2) for _ in range(200)]
    best = min(tries, key=loss_fn)
    np.testing.assert_array_equal(result.W, best)
    assert result.history == sorted(result.history, reverse=True)
    assert result.loss == loss_fn(best)


def test_random_search_rejects_bad_arguments():
    with pytest.raises(ValueError, match="num_tries must be >= 1, got 0"):
        random_search(quadratic, (2,), num_tries=0)
    with pytest.raises(ValueError, match="scale must be > 0, got -1.0"):
        random_search(quadratic, (2,), scale=-1.0)


def test_check_loss():
    assert check_loss(1.0, step=0) == 1.0
    with pytest.raises(DivergenceError, match="step 4: the loss is inf"):
        check_loss(float("inf"), step=4)
    with pytest.raises(DivergenceError, match="grew from 2 to 3e\\+07"):
        check_loss(3e7, step=9, initial_loss=2.0)
    assert check_loss(3e5, step=9, initial_loss=2.0) == 3e5
