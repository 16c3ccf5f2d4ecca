"""The linear-classifier demo: the slide's numbers, gradients vs autograd, the widget's buttons."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lectures_lib.lecture_examples import SLIDE_B, SLIDE_W
from lectures_lib.viz.linear_classifier_demo import LinearClassifierDemo

# The demo's table as printed on the slide (Lecture 5 deck, "Interactive Web Demo").
SLIDE_SCORES = [[1.20, 0.01, 0.22], [1.67, 0.33, 1.10], [1.38, -0.80, -1.05], [-0.80, -0.20, -1.62],
                [-0.01, -0.88, -2.21], [-1.57, -0.15, -2.10], [0.43, 1.55, 2.31], [-0.28, 1.83, 2.26],
                [-1.98, 1.26, 0.01]]
SLIDE_LOSSES = [0.02, 0.44, 0.00, 0.39, 1.87, 0.00, 0.25, 0.57, 2.24]


def test_the_slide_state_prints_the_slide_numbers():
    demo = LinearClassifierDemo()
    state = demo.evaluate()
    assert np.round(SLIDE_W, 2).tolist() == [[2.06, 1.48], [0.44, -1.82], [2.27, -2.04]]
    assert np.round(SLIDE_B, 2).tolist() == [-0.42, 0.52, -0.10]
    assert np.round(state["scores"], 2).tolist() == SLIDE_SCORES
    assert np.round(state["losses"], 2).tolist() == SLIDE_LOSSES
    assert [f"{state[k]:.2f}" for k in ("data_loss", "reg_loss", "total")] == ["0.64", "1.92", "2.57"]
    assert "data loss 0.64   regularization loss 1.92   total 2.57" in demo.table()


def torch_total(loss, X, y, W, b, reg):
    scores = torch.tensor(X) @ W.T + b
    target = torch.tensor(y)
    if loss == "svm":
        data = F.multi_margin_loss(scores, target, margin=1.0) * scores.shape[1]
    else:
        data = F.cross_entropy(scores, target)
    return data + reg * (W ** 2).sum()


@pytest.mark.parametrize("loss", ["svm", "softmax"])
@pytest.mark.parametrize("reg", [0.0, 0.1, 0.7])
def test_gradients_match_autograd_with_unregularized_biases(loss, reg):
    demo = LinearClassifierDemo(loss=loss, reg=reg, seed=3)
    demo.randomize()
    W = torch.tensor(demo.W, requires_grad=True)
    b = torch.tensor(demo.b, requires_grad=True)
    total = torch_total(loss, demo.X, demo.y, W, b, reg)
    total.backward()
    state = demo.evaluate()
    assert state["total"] == pytest.approx(total.item(), rel=1e-12)
    np.testing.assert_allclose(state["dW"], W.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(state["db"], b.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_updates_lower_the_total_loss(loss):
    demo = LinearClassifierDemo(loss=loss, step_size=0.05)
    before = demo.evaluate()["total"]
    demo.snapshots(20)
    assert demo.evaluate()["total"] < before


def test_widget_buttons_drive_the_demo():
    demo = LinearClassifierDemo()
    widget = demo.widget()
    controls = widget.children[0].children
    step, reg, loss, once, _, repeat, randomize = controls
    W = demo.W.copy()
    once.click()
    assert not np.allclose(demo.W, W)
    W = demo.W.copy()
    repeat.value += 1                           # the Play widget ticks: one more update
    assert not np.allclose(demo.W, W)
    loss.value = "softmax"
    assert demo.loss == "softmax"
    reg.value = 0.01
    assert demo.reg == pytest.approx(0.01)
    W = demo.W.copy()
    randomize.click()
    assert not np.allclose(demo.W, W)
    assert plt.get_fignums() == []
    image, table = widget.children[1].children
    assert bytes(image.value).startswith(b"\x89PNG")
    assert "total" in table.value and f"{demo.evaluate()['total']:.2f}" in table.value


def test_animation_records_the_run():
    demo = LinearClassifierDemo()
    html = demo.animation(num_steps=4, every=2).data
    assert "data:image/png;base64" in html
    assert plt.get_fignums() == []


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="loss must be one of \\['softmax', 'svm'\\], got 'hinge'"):
        LinearClassifierDemo(loss="hinge")
    with pytest.raises(ValueError, match="step_size must be > 0, got -1.0"):
        LinearClassifierDemo(step_size=-1)
    with pytest.raises(ValueError, match="reg must be >= 0, got -0.5"):
        LinearClassifierDemo(reg=-0.5)
    with pytest.raises(ValueError, match=r"W must have shape \(3, 2\) to match b"):
        LinearClassifierDemo(W=np.ones((2, 2)))
    with pytest.raises(ValueError, match="y holds label 3"):
        LinearClassifierDemo(y=[0, 1, 2, 3, 0, 1, 2, 0, 1])
