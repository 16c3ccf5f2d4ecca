"""The hand-written backward pass of the sigmoid-neuron graph against torch.autograd."""

import numpy as np
import pytest
import torch

from lectures_lib.nn.backprop import neuron_log_loss, sigmoid
from lectures_lib.lecture_examples import NEURON_EXAMPLE


def autograd_neuron(x, w, y):
    x_t = torch.tensor(x, dtype=torch.float64)
    w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    loss = -torch.log(torch.sigmoid(y * (w_t * x_t).sum()))
    loss.backward()
    return loss.item(), w_t.grad.numpy()


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("y", [-1, 1])
def test_chain_rule_matches_autograd(seed, y):
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(4), rng.standard_normal(4)
    graph = neuron_log_loss(x, w, y)
    loss, grad = autograd_neuron(x, w, y)
    assert graph.loss == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(graph.grad_w, grad, rtol=1e-12)
    for k in range(4):
        assert np.prod(graph.chain(k)) == pytest.approx(grad[k], rel=1e-12)


def test_lecture_example_reproduces_the_slide():
    example = dict(NEURON_EXAMPLE)
    lr = example.pop("lr")
    graph = neuron_log_loss(**example)
    rounded = [round(v, 1) for v in graph.chain(0)]
    assert rounded == [-3.7, 0.2, 1.0, 1.0, 2.0]                    # the local gradients on the slide
    assert example["w"][0] - lr * np.prod(rounded) == pytest.approx(0.48)
    assert graph.grad_w[0] == pytest.approx(autograd_neuron(**example)[1][0], rel=1e-12)


def test_sigmoid_is_stable_and_symmetric():
    v = np.array([-800.0, -1.0, 0.0, 1.0, 800.0])
    s = sigmoid(v)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s + sigmoid(-v), 1.0)
    np.testing.assert_allclose(s, torch.sigmoid(torch.tensor(v)).numpy(), rtol=1e-12)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="y must be -1 or \\+1, got 0"):
        neuron_log_loss([1.0], [1.0], 0)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(1,\)"):
        neuron_log_loss([1.0, 2.0], [1.0], 1)
