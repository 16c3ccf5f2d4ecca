"""lectures_lib.landscape.theory against measured runs, explicit iteration matrices, scipy and closed forms."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from lectures_lib.landscape import moving_average, theory
from lectures_lib.optim.momentum_forms import heavy_ball_errors, sgd_momentum

EIGS = np.array([0.5, 2.0, 7.0])


def quadratic_gradient(eigs):
    return lambda w: eigs * w


def test_gradient_descent_iterates_follow_the_closed_form_of_the_slides():
    # w_i^k = (1 - alpha lambda_i)^k w_i^0 (CTU deck, "SGD on quadric").
    lr, k = 0.2, 30
    W, _ = sgd_momentum(quadratic_gradient(EIGS), np.ones(3), lr, 0.0, k)
    np.testing.assert_allclose(W[k], (1 - lr * EIGS) ** k, rtol=1e-12)


@pytest.mark.parametrize("lr", [0.05, 0.2, 0.25, 0.28])
def test_gd_rate_is_the_measured_rate(lr):
    errors = heavy_ball_errors(lr, 0.0, EIGS, 400)
    assert theory.gd_rate(lr, EIGS) == pytest.approx(np.max(np.abs(1 - lr * EIGS)))
    assert theory.measured_rate(errors) == pytest.approx(theory.gd_rate(lr, EIGS), rel=1e-6)


def test_gd_optimal_lr_minimises_the_rate():
    found = minimize_scalar(lambda lr: theory.gd_rate(lr, EIGS), bounds=(0, 1), method="bounded",
                            options={"xatol": 1e-12})
    assert theory.gd_optimal_lr(EIGS) == pytest.approx(found.x, abs=1e-6)
    kappa = theory.condition_number(EIGS)
    assert kappa == 14.0
    rate = theory.gd_rate(theory.gd_optimal_lr(EIGS), EIGS)
    assert rate == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)


def test_gradient_descent_diverges_past_two_over_the_largest_eigenvalue():
    edge = 2 / EIGS.max()
    assert theory.gd_rate(0.99 * edge, EIGS) < 1 < theory.gd_rate(1.01 * edge, EIGS)
    assert heavy_ball_errors(0.99 * edge, 0.0, EIGS, 1000)[-1] < 1e-3
    assert heavy_ball_errors(1.01 * edge, 0.0, EIGS, 300)[-1] > 1e2


def iteration_matrix(lr, beta, eigs):
    """The CTU deck's matrix per eigenvalue, assembled into one 2n x 2n matrix on (v, w)."""
    n = len(eigs)
    M = np.zeros((2 * n, 2 * n))
    for i, lam in enumerate(eigs):
        M[np.ix_([i, n + i], [i, n + i])] = [[beta, lam], [-lr * beta, 1 - lr * lam]]
    return M


@pytest.mark.parametrize("seed", range(8))
def test_momentum_rate_is_the_spectral_radius_of_the_iteration(seed):
    rng = np.random.default_rng(seed)
    eigs = np.sort(rng.uniform(0.1, 10, size=4))
    lr, beta = rng.uniform(0, 2 / eigs.max()), rng.uniform(0, 0.99)
    M = iteration_matrix(lr, beta, eigs)
    # The matrix really is the heavy-ball step (v, w) -> (beta v + A w, w - lr (beta v + A w)).
    v, w = rng.standard_normal(4), rng.standard_normal(4)
    v_next = beta * v + eigs * w
    np.testing.assert_allclose(M @ np.concatenate([v, w]),
                               np.concatenate([v_next, w - lr * v_next]), rtol=1e-12)
    assert theory.momentum_rate(lr, beta, eigs) == pytest.approx(
        np.max(np.abs(np.linalg.eigvals(M))), rel=1e-10)


def test_momentum_rate_is_the_measured_rate_with_real_roots():
    lr, beta = 0.1, 0.05
    errors = heavy_ball_errors(lr, beta, EIGS, 400)
    assert theory.measured_rate(errors) == pytest.approx(theory.momentum_rate(lr, beta, EIGS),
                                                         rel=1e-6)


def test_momentum_with_zero_beta_is_gradient_descent():
    for lr in (0.01, 0.1, 0.3):
        assert theory.momentum_rate(lr, 0.0, EIGS) == pytest.approx(theory.gd_rate(lr, EIGS))


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_momentum_optimal_gives_the_slides_rate_and_it_is_measured(kappa):
    eigs = np.array([1.0, 3.0, kappa])
    lr, beta = theory.momentum_optimal(eigs)
    assert lr == pytest.approx((2 / (1 + np.sqrt(kappa))) ** 2)
    assert beta == pytest.approx(((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2)
    expected = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    assert theory.momentum_rate(lr, beta, eigs) == pytest.approx(expected, rel=1e-7)  # double root
    num_steps = int(600 / -np.log(expected))     # stop before the errors underflow
    errors = heavy_ball_errors(lr, beta, eigs, num_steps)
    assert theory.measured_rate(errors) == pytest.approx(expected, rel=2e-3)


def test_momentum_optimal_is_a_minimum_over_a_grid():
    eigs = np.array([1.0, 50.0])
    lr_star, beta_star = theory.momentum_optimal(eigs)
    best = theory.momentum_rate(lr_star, beta_star, eigs)
    grid = [theory.momentum_rate(lr, beta, eigs)
            for lr in np.linspace(0.0, 3 * lr_star, 61) for beta in np.linspace(0, 0.99, 61)]
    assert min(grid) >= best - 1e-12
    assert theory.gd_rate(theory.gd_optimal_lr(eigs), eigs) > best


def test_measured_rate_sees_a_wrong_rate():
    errors = 0.9 ** np.arange(50)
    assert theory.measured_rate(errors) == pytest.approx(0.9)


def ewma_by_weights(values, beta, t):
    """V_t as the explicit weighted sum (1 - beta) sum_i beta^(t - i) theta_i."""
    weights = (1 - beta) * beta ** (t - np.arange(1, t + 1))
    return weights @ values[:t], weights.sum()


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98])
def test_ewma_is_the_weighted_sum_and_bias_correction_normalises_the_weights(beta):
    values = np.random.default_rng(0).normal(50, 10, size=30)
    raw, corrected = moving_average.ewma(values, beta, bias_correction=False), moving_average.ewma(values, beta)
    for t in range(1, 31):
        total, weight = ewma_by_weights(values, beta, t)
        assert raw[t - 1] == pytest.approx(total, rel=1e-12)
        assert weight == pytest.approx(1 - beta ** t)        # what the correction divides by
        assert corrected[t - 1] == pytest.approx(total / weight, rel=1e-12)


def test_ewma_of_a_constant_is_biased_low_without_correction():
    values = np.full(5, 60.0)
    np.testing.assert_allclose(moving_average.ewma(values, 0.9), 60.0)
    np.testing.assert_allclose(moving_average.ewma(values, 0.9, bias_correction=False),
                               60.0 * (1 - 0.9 ** np.arange(1, 6)))


def test_ewma_of_several_series_at_once():
    values = np.random.default_rng(1).normal(size=(10, 3))
    together = moving_average.ewma(values, 0.8)
    for j in range(3):
        np.testing.assert_allclose(together[:, j], moving_average.ewma(values[:, j], 0.8))


def test_the_slides_worked_numbers():
    # Lecture 5, "Exponentially weighted averages": theta = 40, 49, 45 F, beta = 0.9.
    np.testing.assert_allclose(moving_average.ewma([40.0, 49.0, 45.0], 0.9, bias_correction=False),
                               [4.0, 8.5, 12.15])
    # "Bias correction", beta = 0.98: V_2 = 0.0196 theta_1 + 0.02 theta_2, 1 - 0.98^2 = 0.0396.
    weight_1 = moving_average.ewma([1.0, 0.0], 0.98, bias_correction=False)[1]
    weight_2 = moving_average.ewma([0.0, 1.0], 0.98, bias_correction=False)[1]
    assert (round(weight_1, 6), round(weight_2, 6)) == (0.0196, 0.02)
    corrected = moving_average.ewma([40.0, 49.0], 0.98)[1]
    assert corrected == pytest.approx((0.0196 * 40 + 0.02 * 49) / 0.0396)


@pytest.mark.parametrize("call, match", [
    (lambda: theory.gd_rate(-0.1, EIGS), r"lr must be >= 0, got -0\.1"),
    (lambda: theory.gd_rate(0.1, [1.0, -2.0]), r"eigs must all be > 0 \(a convex quadratic\), got -2\.0"),
    (lambda: theory.gd_optimal_lr([]), r"eigs must be a non-empty list"),
    (lambda: theory.momentum_rate(0.1, 1.0, EIGS), r"beta must be in \[0, 1\), got 1\.0"),
    (lambda: theory.momentum_optimal([0.0, 1.0]), r"eigs must all be > 0 .* got 0\.0"),
    (lambda: theory.measured_rate([1.0, 0.5]), r"errors must hold at least 3 positive values"),
    (lambda: moving_average.ewma([1.0, 2.0], -0.5), r"beta must be in \[0, 1\), got -0\.5"),
])
def test_bad_inputs_raise_naming_the_value(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_temperature_series_has_the_slides_days():
    from lectures_lib.data import SLIDE_TEMPERATURES, daily_temperatures

    theta = daily_temperatures(seed=0)
    assert theta.shape == (365,)
    assert {day: theta[day - 1] for day in SLIDE_TEMPERATURES} == {
        1: 40.0, 2: 49.0, 3: 45.0, 180: 60.0, 181: 56.0}
    assert 35 < theta[:30].mean() < 50 < 55 < theta[170:200].mean() < 70   # a season


def test_heavy_ball_errors_end_before_float64_underflows():
    errors = heavy_ball_errors(0.5, 0.0, np.array([1.0]), 2000)   # halves each step
    assert len(errors) == 831 and errors[-1] == 0.5 ** 830 and 0.5 ** 831 < 1e-250
    np.testing.assert_array_equal(errors, 0.5 ** np.arange(831))
