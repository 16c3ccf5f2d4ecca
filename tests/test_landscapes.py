"""The 2-D test problems against scipy, the optimizer runs, the online counterexample, plots."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from scipy.optimize import approx_fprime, minimize, rosen, rosen_der

from lectures_lib import DivergenceError
from lectures_lib.viz.landscape_plots import draw_runs
from lectures_lib.landscape.landscapes import (local_minimum, quadratic, rosenbrock, saddle,
                                               with_gradient_noise)
from lectures_lib.landscape.online import online_counterexample, run_online
from lectures_lib.landscape.runs import run
from lectures_lib.optim import SGD, Adagrad, Adam, RMSprop

LANDSCAPES = {"quadratic": quadratic(30.0), "saddle": saddle(), "local minimum": local_minimum(),
              "rosenbrock": rosenbrock()}


@pytest.mark.parametrize("name", LANDSCAPES)
def test_gradient_matches_finite_differences_from_scipy(name):
    landscape = LANDSCAPES[name]
    for point in np.random.default_rng(0).uniform(-1.5, 1.5, size=(5, 2)):
        numeric = approx_fprime(point, landscape, 1e-7)
        np.testing.assert_allclose(landscape.gradient(point), numeric, rtol=1e-5, atol=1e-5)


def test_a_wrong_gradient_would_be_flagged():
    point = np.array([0.3, -0.7])
    numeric = approx_fprime(point, saddle(), 1e-7)
    assert not np.allclose(-saddle().gradient(point), numeric, rtol=1e-5, atol=1e-5)


def test_rosenbrock_is_scipys():
    points = np.random.default_rng(1).uniform(-2, 2, size=(10, 2))
    f = rosenbrock()
    np.testing.assert_allclose(f.value(points), [rosen(p) for p in points], rtol=1e-13)
    np.testing.assert_allclose(f.gradient(points), [rosen_der(p) for p in points], rtol=1e-13)


def test_values_and_gradients_work_on_grids():
    grid = np.random.default_rng(2).normal(size=(4, 3, 2))
    for landscape in LANDSCAPES.values():
        assert landscape.value(grid).shape == (4, 3)
        assert landscape.gradient(grid).shape == (4, 3, 2)


def test_quadratic_has_the_asked_condition_number():
    f = quadratic(kappa=40.0)
    hessian = np.array([f.gradient(np.array(e)) for e in ([1.0, 0.0], [0.0, 1.0])])
    eigs = np.linalg.eigvalsh(hessian)
    assert eigs.max() / eigs.min() == pytest.approx(40.0)


def test_minima_are_where_scipy_finds_them():
    f = local_minimum()
    for point in f.minima:
        found = minimize(f, np.array(point) + 0.05, jac=f.gradient, method="BFGS").x
        np.testing.assert_allclose(found, point, atol=1e-5)
    assert f(f.minima[1]) < f(f.minima[0])          # the second is the global one
    found = minimize(rosenbrock(), [-1.5, 2.0], jac=rosenbrock().gradient, method="BFGS").x
    np.testing.assert_allclose(found, rosenbrock().minima[0], atol=1e-4)


def test_gradient_noise_has_the_minibatch_standard_deviation():
    exact = quadratic()
    point = np.array([3.0, -1.0])
    for batch_size in (1, 16):
        noisy = with_gradient_noise(exact, scale=2.0, batch_size=batch_size, seed=3)
        draws = np.array([noisy.gradient(point) for _ in range(20000)])
        np.testing.assert_allclose(draws.mean(axis=0), exact.gradient(point), atol=0.05)
        np.testing.assert_allclose(draws.std(axis=0), 2.0 / np.sqrt(batch_size), rtol=0.03)
        assert noisy(point) == exact(point)
    again = with_gradient_noise(exact, scale=2.0, seed=3)
    first = with_gradient_noise(exact, scale=2.0, seed=3)
    np.testing.assert_array_equal(again.gradient(point), first.gradient(point))


def test_run_follows_the_closed_form_of_gradient_descent():
    f = quadratic(kappa=10.0)
    result = run(f, SGD, 25, lr=0.5)
    k = np.arange(26)[:, None]
    expected = np.array(f.start) * (1 - 0.5 * np.array([0.1, 1.0])) ** k
    np.testing.assert_allclose(result.path, expected, rtol=1e-12)
    np.testing.assert_allclose(result.losses, f.value(expected), rtol=1e-12)
    assert result.diverged_at is None


def test_a_schedule_multiplies_the_learning_rate_as_torchs_lambdalr_does():
    f = quadratic(kappa=10.0)
    result = run(f, SGD, 25, lr=0.5, schedule=lambda t: 1 / (1 + t / 10))
    # the closed form: each step multiplies coordinate i by 1 - lr_t * lambda_i
    lrs = 0.5 / (1 + np.arange(1, 26) / 10)
    factors = np.cumprod(1 - lrs[:, None] * np.array([0.1, 1.0]), axis=0)
    np.testing.assert_allclose(result.path[1:], np.array(f.start) * factors, rtol=1e-12)
    # the same as torch's LambdaLR stepping after each optimizer step (its factor for step t
    # is lambda(t - 1))
    w = torch.tensor(f.start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.5)
    scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1 / (1 + (k + 1) / 10))
    for _ in range(25):
        w.grad = torch.tensor(f.gradient(w.detach().numpy()))
        opt.step()
        scheduler.step()
    np.testing.assert_allclose(result.path[-1], w.detach().numpy(), rtol=1e-12)
    with pytest.raises(TypeError, match="schedule must be a function"):
        run(f, SGD, 5, lr=0.5, schedule=0.5)
    with pytest.raises(ValueError, match="schedule"):
        run(f, SGD, 5, lr=0.5, schedule=lambda t: float("nan"))


def test_run_accepts_torch_optim_classes():
    ours = run(rosenbrock(), Adam, 50, lr=0.05)
    theirs = run(rosenbrock(), torch.optim.Adam, 50, lr=0.05)
    np.testing.assert_allclose(ours.path, theirs.path, rtol=1e-12)


def test_run_raises_or_stops_when_the_learning_rate_is_too_large():
    f = quadratic(kappa=10.0)                       # diverges past lr = 2 / 1
    with pytest.raises(DivergenceError, match=r"diverged at step \d+.*learning rate 2.2"):
        run(f, SGD, 200, lr=2.2)
    stopped = run(f, SGD, 200, lr=2.2, on_divergence="stop")
    assert 10 < stopped.diverged_at < 200
    assert len(stopped.path) == stopped.diverged_at
    with pytest.raises(ValueError, match="on_divergence must be 'raise' or 'stop', got 'warn'"):
        run(f, SGD, 10, on_divergence="warn", lr=0.1)


def test_saddle_traps_gradient_descent_on_the_axis_only():
    on_axis = run(saddle(), SGD, 100, start=(-1.8, 0.0), lr=0.1)
    np.testing.assert_allclose(on_axis.path[-1], [0.0, 0.0], atol=1e-8)
    off_axis = run(saddle(), SGD, 100, lr=0.1)
    assert abs(off_axis.path[-1, 1]) > 1.0


def test_momentum_escapes_the_local_minimum_and_plain_sgd_does_not():
    f = local_minimum()
    plain = run(f, SGD, 300, lr=0.02)
    heavy = run(f, SGD, 300, lr=0.02, momentum=0.9)
    np.testing.assert_allclose(plain.path[-1], f.minima[0], atol=1e-3)
    np.testing.assert_allclose(heavy.path[-1], f.minima[1], atol=1e-2)


def test_adam_fails_on_the_online_counterexample_and_amsgrad_does_not():
    # Reddi et al. 2018, Section 5: the best point is x = -1.
    adam = online_counterexample(Adam, 10000, lr=0.1, betas=(0.9, 0.99))
    amsgrad = online_counterexample(Adam, 10000, lr=0.1, betas=(0.9, 0.99), amsgrad=True)
    assert adam[-1010:].mean() > 0.5
    assert amsgrad[-1010:].mean() < -0.5
    assert np.all(np.abs(adam) <= 1) and np.all(np.abs(amsgrad) <= 1)
    theirs = online_counterexample(torch.optim.Adam, 300, lr=0.1, betas=(0.9, 0.99), amsgrad=True)
    np.testing.assert_allclose(amsgrad[:301], theirs, rtol=1e-12, atol=1e-14)


def test_draw_runs_draws_every_path_and_names_divergence():
    f = quadratic(kappa=10.0)
    runs = {"SGD": run(f, SGD, 30, lr=0.5),
            "SGD+Momentum": run(f, SGD, 300, lr=3.5, momentum=0.5, on_divergence="stop")}
    fig = plt.figure()
    ax = draw_runs(fig, f, runs, title="two runs")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "SGD" and labels[1].startswith("SGD+Momentum (diverged at step")
    assert ax.get_title() == "two runs" and ax.get_xlim() == f.xlim
    assert ax.get_lines()[3].get_color() == "tab:orange"      # the book's colour for momentum
    plt.close(fig)


@pytest.mark.parametrize("call, match", [
    (lambda: quadratic(kappa=0.0), r"kappa must be > 0, got 0\.0"),
    (lambda: with_gradient_noise(saddle(), scale=-1.0), r"scale must be >= 0, got -1\.0"),
    (lambda: with_gradient_noise(saddle(), batch_size=0), r"batch_size must be >= 1, got 0"),
    (lambda: run(saddle(), SGD, 0, lr=0.1), r"num_steps must be >= 1, got 0"),
])
def test_bad_arguments_raise_naming_the_value(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_run_online_step_lengths_with_a_constant_gradient_follow_the_closed_forms():
    t = np.arange(1, 201)
    adagrad = -np.diff(run_online(Adagrad, np.ones(200), lr=0.1, eps=0.0))
    np.testing.assert_allclose(adagrad, 0.1 / np.sqrt(t), rtol=1e-12)
    rmsprop = -np.diff(run_online(RMSprop, np.ones(200), lr=0.01, alpha=0.99, eps=0.0))
    np.testing.assert_allclose(rmsprop, 0.01 / np.sqrt(1 - 0.99 ** t), rtol=1e-12)
    adam = -np.diff(run_online(Adam, np.ones(200), lr=0.01, eps=0.0))
    np.testing.assert_allclose(adam, 0.01, rtol=1e-12)


def test_run_online_projects_onto_the_bounds():
    x = run_online(SGD, [-5.0, -5.0, 20.0], start=0.5, bounds=(-1.0, 1.0), lr=0.1)
    np.testing.assert_allclose(x, [0.5, 1.0, 1.0, -1.0])
