"""The slides' forms of momentum, Nesterov and Adam against each other and against torch.optim."""

import numpy as np
import pytest
import torch

from lectures_lib.landscape.landscapes import quadratic, rosenbrock
from lectures_lib.landscape.runs import run
from lectures_lib.optim import SGD, Adam
from lectures_lib.optim.adam_forms import adam_lecture
from lectures_lib.optim.momentum_forms import (nesterov_change_of_variables, nesterov_lookahead,
                                               sgd_momentum, sgd_momentum_velocity)

EIGS = np.array([0.1, 1.0, 4.0])


def quadratic_gradient(w):
    return EIGS * w


def torch_trajectory(optimizer_cls, w0, grad, num_steps, **hyperparameters):
    """The iterates of a torch.optim-style optimizer fed with grad(w)."""
    w = torch.tensor(w0, dtype=torch.float64)
    opt = optimizer_cls([w], **hyperparameters)
    path = [w.numpy().copy()]
    for _ in range(num_steps):
        w.grad = torch.from_numpy(grad(w.numpy().copy()))
        opt.step()
        path.append(w.numpy().copy())
    return np.array(path)


W0 = np.array([1.0, -2.0, 0.5])


@pytest.mark.parametrize("lr, rho", [(0.1, 0.9), (0.4, 0.5), (0.01, 0.99), (0.3, 0.0)])
def test_the_two_momentum_forms_give_the_same_weights(lr, rho):
    W_sum, V_sum = sgd_momentum(quadratic_gradient, W0, lr, rho, 100)
    W_vel, V_vel = sgd_momentum_velocity(quadratic_gradient, W0, lr, rho, 100)
    np.testing.assert_allclose(W_sum, W_vel, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(V_vel, -lr * V_sum, rtol=1e-10, atol=1e-13)


def test_the_two_momentum_forms_agree_on_a_nonconvex_function_too():
    grad = rosenbrock().gradient
    W_sum, _ = sgd_momentum(grad, [-1.5, 2.0], 1e-4, 0.9, 200)
    W_vel, _ = sgd_momentum_velocity(grad, [-1.5, 2.0], 1e-4, 0.9, 200)
    np.testing.assert_allclose(W_sum, W_vel, rtol=1e-10)


@pytest.mark.parametrize("lr, rho", [(0.1, 0.9), (0.4, 0.5), (0.01, 0.99)])
def test_the_two_nesterov_forms_give_the_same_weights(lr, rho):
    W_look, V_look = nesterov_lookahead(quadratic_gradient, W0, lr, rho, 100)
    W_tilde, V_tilde = nesterov_change_of_variables(quadratic_gradient, W0, lr, rho, 100)
    np.testing.assert_allclose(V_look, V_tilde, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(W_look, W_tilde - rho * V_tilde, rtol=1e-10, atol=1e-13)


def test_nesterov_is_not_plain_momentum():
    """The comparison can fail: momentum's weights are not Nesterov's."""
    W_look, _ = nesterov_lookahead(quadratic_gradient, W0, 0.1, 0.9, 50)
    W_mom, _ = sgd_momentum_velocity(quadratic_gradient, W0, 0.1, 0.9, 50)
    assert np.max(np.abs(W_look - W_mom)) > 1e-2


@pytest.mark.parametrize("optimizer_cls", [SGD, torch.optim.SGD])
def test_sgd_class_with_momentum_is_the_first_form(optimizer_cls):
    W_sum, _ = sgd_momentum(quadratic_gradient, W0, 0.1, 0.9, 60)
    path = torch_trajectory(optimizer_cls, W0, quadratic_gradient, 60, lr=0.1, momentum=0.9)
    np.testing.assert_allclose(path, W_sum, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("optimizer_cls", [SGD, torch.optim.SGD])
def test_sgd_class_with_nesterov_holds_the_change_of_variables_iterate(optimizer_cls):
    W_tilde, _ = nesterov_change_of_variables(quadratic_gradient, W0, 0.1, 0.9, 60)
    path = torch_trajectory(optimizer_cls, W0, quadratic_gradient, 60, lr=0.1, momentum=0.9,
                            nesterov=True)
    np.testing.assert_allclose(path, W_tilde, rtol=1e-12, atol=1e-14)


def test_landscape_run_gives_the_same_path_as_the_forms():
    landscape = quadratic(kappa=25.0)
    result = run(landscape, SGD, 80, lr=1.5, momentum=0.6)
    W_vel, _ = sgd_momentum_velocity(landscape.gradient, landscape.start, 1.5, 0.6, 80)
    np.testing.assert_allclose(result.path, W_vel, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("optimizer_cls", [Adam, torch.optim.Adam])
@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.5, 0.9), (0.0, 0.99)])
def test_the_slides_adam_is_torch_adam_with_eps_outside_the_root(optimizer_cls, betas):
    W, M = adam_lecture(quadratic_gradient, W0, 0.05, *betas, num_steps=80, eps=1e-7)
    path = torch_trajectory(optimizer_cls, W0, quadratic_gradient, 80, lr=0.05, betas=betas,
                            eps=1e-7)
    np.testing.assert_allclose(path, W, rtol=1e-12, atol=1e-14)


def test_adam_almost_takes_a_first_step_of_about_3_16_learning_rates():
    # t = 1: m = 0.1 g, v = 0.001 g^2, step = lr * 0.1 |g| / (sqrt(0.001) |g| + eps).
    for g in (1e-3, 1.0, 50.0):
        W, _ = adam_lecture(lambda w: np.full_like(w, g), [0.0], 1e-3, 0.9, 0.999, 1,
                            bias_correction=False)
        assert -W[1, 0] == pytest.approx(1e-3 * 0.1 * g / (np.sqrt(0.001) * g + 1e-7))
        W, _ = adam_lecture(lambda w: np.full_like(w, g), [0.0], 1e-3, 0.9, 0.999, 1)
        assert -W[1, 0] == pytest.approx(1e-3 * g / (g + 1e-7))


@pytest.mark.parametrize("call, match", [
    (lambda: sgd_momentum(quadratic_gradient, W0, -0.1, 0.9, 5), r"lr must be >= 0, got -0\.1"),
    (lambda: sgd_momentum_velocity(quadratic_gradient, W0, 0.1, 1.0, 5),
     r"rho must be in \[0, 1\), got 1\.0"),
    (lambda: nesterov_lookahead(quadratic_gradient, W0, 0.1, 0.9, 0),
     r"num_steps must be >= 1, got 0"),
    (lambda: nesterov_change_of_variables(quadratic_gradient, W0, 0.1, -0.2, 5),
     r"rho must be in \[0, 1\), got -0\.2"),
    (lambda: adam_lecture(quadratic_gradient, W0, 0.1, 1.5, 0.999, 5),
     r"beta1 must be in \[0, 1\), got 1\.5"),
    (lambda: adam_lecture(quadratic_gradient, W0, 0.1, 0.9, 0.999, 5, eps=-1.0),
     r"eps must be >= 0, got -1\.0"),
])
def test_bad_arguments_raise_naming_the_value(call, match):
    with pytest.raises(ValueError, match=match):
        call()
