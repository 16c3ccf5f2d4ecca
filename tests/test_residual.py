"""lectures_lib.nn.residual: residual blocks and stochastic depth against their definitions."""

import pytest
import torch

from lectures_lib.nn.residual import ResidualBlock, ResidualMLP


def test_a_block_is_x_plus_linear_relu_linear():
    torch.manual_seed(0)
    block = ResidualBlock(5).double()
    x = torch.randn(3, 5, dtype=torch.float64)
    first, _, second = block.f
    by_hand = x + second(torch.relu(first(x)))
    torch.testing.assert_close(block(x), by_hand)
    block.train()
    torch.testing.assert_close(block(x), by_hand)   # survival 1: training changes nothing


def test_stochastic_depth_drops_a_block_with_probability_one_minus_survival_and_keeps_the_mean():
    torch.manual_seed(0)
    block = ResidualBlock(4, survival=0.6).double().train()
    x = torch.randn(2, 4, dtype=torch.float64)
    full = x + block.f(x).detach()
    outputs = torch.stack([block(x).detach() for _ in range(4000)])
    dropped = torch.all(outputs == x, dim=(1, 2))
    assert abs(dropped.double().mean().item() - 0.4) < 0.03
    # a kept block adds f(x) / survival, so the mean over steps is the evaluation output
    torch.testing.assert_close(outputs[~dropped][0], x + block.f(x).detach() / 0.6)
    torch.testing.assert_close(outputs.mean(0), full, atol=0.06, rtol=0.06)
    block.eval()
    torch.testing.assert_close(block(x).detach(), full)


def test_the_network_shapes_seed_and_bad_arguments():
    a, b = ResidualMLP(6, 8, 2, 3, seed=1), ResidualMLP(6, 8, 2, 3, seed=1)
    for p, q in zip(a.parameters(), b.parameters()):
        assert torch.equal(p, q)
    assert a(torch.zeros(4, 6)).shape == (4, 3)
    with pytest.raises(ValueError, match=r"survival must lie in \(0, 1\]"):
        ResidualMLP(6, 8, 2, 3, survival=0.0)
    with pytest.raises(ValueError, match="n_blocks"):
        ResidualMLP(6, 8, 0, 3)
