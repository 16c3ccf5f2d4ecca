"""The numeric-gradient walk-through reproduces the slide's numbers."""

import numpy as np
import pytest
import torch

from lectures_lib.gradients import numeric_gradient
from lectures_lib.lecture_examples import (WALKTHROUGH_GRADIENT, WALKTHROUGH_LOSS, WALKTHROUGH_W,
                                           walkthrough_gradient, walkthrough_loss)


def test_losses_after_nudging_are_the_slides():
    assert f"{walkthrough_loss(WALKTHROUGH_W):.5f}" == "1.25347"
    shown = []
    for i in range(3):
        nudged = WALKTHROUGH_W.copy()
        nudged[i] += 1e-4
        shown.append(f"{walkthrough_loss(nudged):.5f}")
    assert shown == ["1.25322", "1.25353", "1.25347"]


def test_forward_differences_give_the_slides_gradient():
    forward = numeric_gradient(walkthrough_loss, WALKTHROUGH_W, h=1e-4, method="forward")
    assert [f"{round(v, 3):g}" for v in forward[:3]] == ["-2.5", "0.6", "0"]
    np.testing.assert_allclose(forward, WALKTHROUGH_GRADIENT, atol=1e-4)


def test_analytic_gradient_matches_autograd_and_the_slide():
    W = WALKTHROUGH_W + np.random.default_rng(0).standard_normal(9)
    W_t = torch.tensor(W, requires_grad=True)
    d = W_t - torch.tensor(WALKTHROUGH_W)
    (WALKTHROUGH_LOSS + torch.tensor(WALKTHROUGH_GRADIENT) @ d + 0.5 * d @ d).backward()
    np.testing.assert_allclose(walkthrough_gradient(W), W_t.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(walkthrough_gradient(WALKTHROUGH_W), WALKTHROUGH_GRADIENT)
    assert walkthrough_loss(W) == pytest.approx(float(WALKTHROUGH_LOSS + WALKTHROUGH_GRADIENT @ (W - WALKTHROUGH_W)
                                                      + 0.5 * np.sum((W - WALKTHROUGH_W) ** 2)))
