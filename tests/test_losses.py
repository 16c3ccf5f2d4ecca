"""lectures_lib.nn.losses against torch.autograd (float64)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lectures_lib.nn.gradient_check import grad_check_sparse, relative_error
from lectures_lib.nn.losses import softmax_loss, svm_loss


def problem(n, d, c, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal((d, c)), rng.standard_normal((n, d)), rng.integers(c, size=n)


def torch_softmax(W, X, y, reg):
    return F.cross_entropy(X @ W, y) + reg * (W ** 2).sum()


def torch_svm(W, X, y, reg):
    scores = X @ W
    # torch's multi_margin_loss averages over classes too; times C it is the slides' L_i.
    return F.multi_margin_loss(scores, y, margin=1.0) * W.shape[1] + reg * (W ** 2).sum()


def torch_reference(loss_fn, W, X, y, reg):
    W_t = torch.tensor(W, requires_grad=True)
    loss = loss_fn(W_t, torch.tensor(X), torch.tensor(y), reg)
    loss.backward()
    return loss.item(), W_t.grad.numpy()


CASES = [(1, 1, 2, 0.0), (7, 3, 5, 0.0), (50, 13, 4, 0.3), (200, 65, 10, 1e-3)]


@pytest.mark.parametrize("ours, reference", [(softmax_loss, torch_softmax), (svm_loss, torch_svm)])
@pytest.mark.parametrize("n, d, c, reg", CASES)
def test_loss_and_gradient_match_autograd(ours, reference, n, d, c, reg):
    for seed in range(3):
        W, X, y = problem(n, d, c, seed)
        loss, dW = ours(W, X, y, reg)
        ref_loss, ref_dW = torch_reference(reference, W, X, y, reg)
        assert loss == pytest.approx(ref_loss, rel=1e-12)
        assert dW.shape == W.shape
        assert relative_error(dW, ref_dW) < 1e-10


@pytest.mark.parametrize("loss_fn", [softmax_loss, svm_loss])
def test_gradient_passes_a_gradient_check(loss_fn):
    W, X, y = problem(30, 6, 4, 5)
    _, dW = loss_fn(W, X, y, 0.2)
    assert grad_check_sparse(lambda V: loss_fn(V, X, y, 0.2)[0], W, dW, num_checks=20).max() < 1e-6


def test_softmax_loss_of_zero_weights_is_log_c_and_stable_for_huge_scores():
    X, y = np.ones((4, 2)), np.array([0, 1, 2, 0])
    assert softmax_loss(np.zeros((2, 3)), X, y)[0] == pytest.approx(np.log(3))
    loss, dW = softmax_loss(np.array([[1e4, 0.0, 0.0]]), np.ones((1, 1)), np.array([1]))
    assert np.isfinite(loss) and np.all(np.isfinite(dW))
    assert loss == pytest.approx(1e4)


def test_losses_do_not_modify_their_inputs():
    W, X, y = problem(10, 4, 3, 6)
    copies = W.copy(), X.copy(), y.copy()
    softmax_loss(W, X, y, 0.1)
    svm_loss(W, X, y, 0.1)
    for original, copy in zip((W, X, y), copies):
        np.testing.assert_array_equal(original, copy)


@pytest.mark.parametrize("loss_fn", [softmax_loss, svm_loss])
def test_bad_input_is_named(loss_fn):
    W, X, y = problem(5, 3, 4, 8)
    with pytest.raises(ValueError, match="X has 2 features but W has 3 rows"):
        loss_fn(W, X[:, :2], y)
    with pytest.raises(ValueError, match=r"y must have shape \(5,\) to match X, got \(4,\)"):
        loss_fn(W, X, y[:4])
    with pytest.raises(ValueError, match="y holds label 4, outside the 4 classes 0..3"):
        loss_fn(W, X, np.array([0, 1, 2, 3, 4]))
    with pytest.raises(ValueError, match="y holds label -1"):
        loss_fn(W, X, np.array([0, 1, 2, 3, -1]))
    with pytest.raises(TypeError, match="y must hold integer class labels, got dtype float64"):
        loss_fn(W, X, y.astype(float))
    with pytest.raises(ValueError, match="reg must be >= 0, got -0.1"):
        loss_fn(W, X, y, reg=-0.1)
    with pytest.raises(TypeError, match="W must be a numeric array"):
        loss_fn("weights", X, y)
    with pytest.raises(ValueError, match=r"W must have 2 dimension\(s\), got shape \(3,\)"):
        loss_fn(W[:, 0], X, y)
    with pytest.raises(ValueError, match="X must be finite"):
        loss_fn(W, np.full_like(X, np.nan), y)
    with pytest.raises(ValueError, match=r"X has no examples, got shape \(0, 3\)"):
        loss_fn(W, X[:0], y[:0])


def test_svm_margin_must_be_positive():
    W, X, y = problem(5, 3, 4, 9)
    with pytest.raises(ValueError, match="margin must be > 0, got 0.0"):
        svm_loss(W, X, y, margin=0.0)
