"""A network's loss as a function of one weight vector (network_loss.flat_loss)."""

import pytest
import torch
import torch.nn.functional as F

from lectures_lib.landscape.network_loss import flat_loss
from lectures_lib.nn.mlp import MLP


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


def test_bad_inputs_are_named():
    model, X, y = small_problem()
    f, w0 = flat_loss(model, X, y)
    with pytest.raises(ValueError, match="w must have shape"):
        f(w0[:-1])
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        flat_loss(lambda x: x, X, y)
