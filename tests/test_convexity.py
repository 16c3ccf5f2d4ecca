"""Convexity checks against the definition and known convex/non-convex functions."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lectures_lib.landscape.convexity import chord_gap, worst_chord
from lectures_lib.landscape.network_loss import loss_along_line, random_direction
from lectures_lib.nn.mlp import MLP


def test_chord_gap_of_convex_functions_is_never_positive():
    rng = np.random.default_rng(0)
    for f in (np.square, np.exp, np.abs, lambda x: np.maximum(0.0, x)):
        for x1, x2, t in zip(rng.normal(0, 3, 500), rng.normal(0, 3, 500), rng.random(500)):
            assert chord_gap(f, x1, x2, t) <= 1e-12


def test_chord_gap_finds_the_cosine_above_its_chord():
    # cos(0) = 1 lies above the chord from -pi/2 to pi/2, which is at height 0.
    assert chord_gap(np.cos, -np.pi / 2, np.pi / 2, 0.5) == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"t must be in \[0, 1\], got 1.5"):
        chord_gap(np.cos, 0.0, 1.0, 1.5)


@pytest.mark.parametrize("f, convex", [(np.square, True), (np.exp, True), (np.abs, True),
                                       (np.cos, False), (lambda x: x ** 3, False), (np.sin, False)])
def test_worst_chord_classifies_sampled_functions(f, convex):
    xs = np.linspace(-3, 3, 41)
    check = worst_chord(xs, f(xs))
    assert check.convex is convex
    if not convex:   # the witness really violates the definition
        assert chord_gap(f, check.x1, check.x2, check.t) == pytest.approx(check.gap, rel=1e-9)


def test_worst_chord_bad_input():
    with pytest.raises(ValueError, match="same length >= 3, got 2 and 2"):
        worst_chord([0.0, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="strictly increasing"):
        worst_chord([0.0, 2.0, 1.0], [0.0, 1.0, 2.0])


def test_loss_along_line_matches_a_direct_computation_and_restores_the_weights():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2).double()
    X, y = torch.randn(10, 3, dtype=torch.float64), torch.randint(2, (10,))
    d = random_direction(model, seed=1)
    before = [p.detach().clone() for p in model.parameters()]
    losses = loss_along_line(model, X, y, d, [0.0, 0.5, -2.0])
    W, b = model.weight.detach(), model.bias.detach()
    for t, loss in zip([0.0, 0.5, -2.0], losses):
        W_t, b_t = W + t * d[:6].reshape(2, 3), b + t * d[6:]
        assert loss == pytest.approx(F.cross_entropy(X @ W_t.T + b_t, y).item(), rel=1e-12)
    for p, q in zip(model.parameters(), before):
        assert torch.equal(p, q)
    with pytest.raises(ValueError, match=r"direction must have one entry per weight \(8\), got shape \(5,\)"):
        loss_along_line(model, X, y, torch.zeros(5), [0.0])


def test_the_slides_4_layer_relu_network_is_not_convex_along_a_line():
    """10 input features, 32 units per hidden layer, 10 categories, softmax loss."""
    model = MLP(10, (32, 32, 32), 10, seed=0).double()
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(100, 10, generator=generator, dtype=torch.float64)
    y = torch.randint(10, (100,), generator=generator)
    ts = np.linspace(-1, 1, 81)
    losses = loss_along_line(model, X, y, random_direction(model, seed=0), ts)
    assert not worst_chord(ts, losses).convex
    # while a linear classifier's softmax loss is convex along the same kind of line
    linear = MLP(10, (), 10, seed=0).double()
    assert worst_chord(ts, loss_along_line(linear, X, y, random_direction(linear, seed=0), ts)).convex


def test_random_direction_is_normalised_per_parameter_tensor():
    model = MLP(4, (6,), 3, seed=0)
    d = random_direction(model, seed=2)
    start = 0
    for p in model.parameters():
        part = d[start:start + p.numel()]
        assert part.norm().item() == pytest.approx(p.detach().norm().item(), rel=1e-6)
        start += p.numel()
    raw = random_direction(model, seed=2, normalize=False)
    assert torch.equal(random_direction(model, seed=2, normalize=False), raw)
    assert not torch.allclose(raw, d)
