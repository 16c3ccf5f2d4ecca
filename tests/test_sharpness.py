"""A network's loss as a function of one weight vector, and its sharpest curvature."""

import pytest
import torch
import torch.nn.functional as F

from lectures_lib.curvature import hessian
from lectures_lib.mlp import MLP
from lectures_lib.sharpness import flat_loss, top_eigenvalue


def small_problem():
    generator = torch.Generator().manual_seed(0)
    model = MLP(3, (5,), 3, activation="tanh", seed=0).double()
    X = torch.randn(20, 3, generator=generator, dtype=torch.float64)
    y = torch.randint(3, (20,), generator=generator)
    return model, X, y


def test_flat_loss_is_the_model_loss_and_its_gradient_is_autograds():
    model, X, y = small_problem()
    f, w0 = flat_loss(model, X, y)
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    expected = torch.cat([p.grad.reshape(-1) for p in model.parameters()])
    w = w0.clone().requires_grad_(True)
    value = f(w)
    value.backward()
    assert value.item() == pytest.approx(loss.item(), rel=1e-12)
    torch.testing.assert_close(w.grad, expected)


def test_top_eigenvalue_matches_the_full_hessians_spectrum():
    model, X, y = small_problem()
    f, w0 = flat_loss(model, X, y)
    eigenvalues = torch.linalg.eigvalsh(hessian(f, w0))
    largest = eigenvalues[eigenvalues.abs().argmax()].item()
    value, history = top_eigenvalue(f, w0, num_iters=300)
    assert value == pytest.approx(largest, rel=1e-6)
    assert len(history) == 300


def test_top_eigenvalue_of_a_quadratic_with_a_known_spectrum():
    Q, _ = torch.linalg.qr(torch.randn(6, 6, generator=torch.Generator().manual_seed(1),
                                       dtype=torch.float64))
    A = Q @ torch.diag(torch.tensor([0.1, 0.5, 1.0, 2.0, -3.0, 8.0], dtype=torch.float64)) @ Q.T
    value, _ = top_eigenvalue(lambda w: 0.5 * w @ A @ w, torch.zeros(6, dtype=torch.float64),
                              num_iters=100)
    assert value == pytest.approx(8.0, rel=1e-9)


def test_bad_inputs_are_named():
    model, X, y = small_problem()
    f, w0 = flat_loss(model, X, y)
    with pytest.raises(ValueError, match="w must have shape"):
        f(w0[:-1])
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        flat_loss(lambda x: x, X, y)
    with pytest.raises(ValueError, match="num_iters"):
        top_eigenvalue(f, w0, num_iters=0)
