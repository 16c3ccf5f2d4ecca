"""The numeric-gradient walk-through reproduces the slide's numbers."""

import numpy as np
import pytest

from lectures_lib.nn.gradients import numeric_gradient
from lectures_lib.lecture_examples import (WALKTHROUGH_GRADIENT, WALKTHROUGH_LOSS, WALKTHROUGH_W,
                                           walkthrough_loss)


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


def test_the_slides_gradient_is_the_gradient_of_the_loss():
    # Centred differences are exact on a quadratic (up to rounding), so they are the reference.
    centred = numeric_gradient(walkthrough_loss, WALKTHROUGH_W, h=1e-3, method="centred")
    np.testing.assert_allclose(centred, WALKTHROUGH_GRADIENT, atol=1e-9)
    assert walkthrough_loss(WALKTHROUGH_W) == pytest.approx(WALKTHROUGH_LOSS)
