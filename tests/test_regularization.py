"""Penalties, dropout, early stopping and augmentation, against closed forms and torch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lectures_lib.nn.augmentation import jitter_points
from lectures_lib.nn.image_augmentation import augment_digits, cutout_images, shift_images
from lectures_lib.lecture_examples import PREFERENCE_W1, PREFERENCE_W2, PREFERENCE_X
from lectures_lib.nn.mlp import MLP
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.nn.inverted_dropout import Dropout, dropout
from lectures_lib.nn.regularization import l1_penalty, l2_penalty, weight_matrices, weight_penalty
from lectures_lib.nn.two_layer_net import TwoLayerNet


def test_the_slides_l2_versus_l1_example():
    """Same score w^T x = 1, so the same data loss; L2 prefers w2, L1 cannot tell them apart."""
    assert float(PREFERENCE_W1 @ PREFERENCE_X) == float(PREFERENCE_W2 @ PREFERENCE_X) == 1.0
    assert l2_penalty(PREFERENCE_W1) == 1.0 and l2_penalty(PREFERENCE_W2) == 0.25
    assert l1_penalty(PREFERENCE_W1) == 1.0 and l1_penalty(PREFERENCE_W2) == 1.0


def test_penalties_match_numpy_norms_and_accept_lists():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((3, 4)), rng.standard_normal(5)
    assert l2_penalty(A) == pytest.approx(np.linalg.norm(A) ** 2, rel=1e-14)
    assert l1_penalty(A) == pytest.approx(np.linalg.norm(A.ravel(), 1), rel=1e-14)
    assert l2_penalty([A, B]) == pytest.approx(np.linalg.norm(A) ** 2 + np.linalg.norm(B) ** 2)
    assert l1_penalty((A, B)) == pytest.approx(np.abs(A).sum() + np.abs(B).sum())


def test_penalty_gradients_from_autograd_are_2w_and_sign_w():
    w = torch.tensor([[0.5, -2.0], [3.0, -0.1]], dtype=torch.float64, requires_grad=True)
    l2_penalty(w).backward()
    torch.testing.assert_close(w.grad, 2 * w.detach())
    w.grad = None
    l1_penalty([w]).backward()
    torch.testing.assert_close(w.grad, torch.sign(w.detach()))
    assert isinstance(l2_penalty(w), torch.Tensor) and isinstance(l2_penalty(w.detach().numpy()), float)


def test_penalties_reject_bad_input():
    with pytest.raises(ValueError, match="w is empty"):
        l2_penalty([])
    with pytest.raises(ValueError, match="w must be finite"):
        l1_penalty([1.0, np.nan])
    with pytest.raises(TypeError, match="w must be a numeric array"):
        l2_penalty("weights")


def test_weight_matrices_leave_out_the_biases():
    net = MLP(3, (4, 5), 2)
    shapes = [tuple(w.shape) for w in weight_matrices(net)]
    assert shapes == [(4, 3), (5, 4), (2, 5)]
    two = TwoLayerNet(3, 4, 2)
    assert [w.shape for w in weight_matrices(two)] == [(3, 4), (4, 2)]
    with pytest.raises(TypeError, match="model must be a torch.nn.Module or have a params dict, got int"):
        weight_matrices(3)


# ---------------------------------------------------------------------------------- dropout


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_scaling_and_drop_rate_match_torch(p):
    x = torch.linspace(0.5, 2.0, 200_000, dtype=torch.float64)
    ours = dropout(x, p, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(0)
    theirs = F.dropout(x, p, training=True)
    for out in (ours, theirs):
        kept = out != 0
        # every kept entry is scaled by exactly 1 / (1 - p): inverted dropout
        torch.testing.assert_close(out[kept], x[kept] / (1 - p), rtol=1e-15, atol=0)
        # the drop rate is p (a 5-sigma band of the binomial)
        rate = 1 - kept.double().mean().item()
        assert abs(rate - p) < 5 * np.sqrt(p * (1 - p) / len(x))
    # both keep the expectation E[out] = x: the mean of out / x is 1 for each
    sigma = np.sqrt(p / (1 - p) / len(x))
    assert abs((ours / x).mean().item() - 1) < 5 * sigma
    assert abs((theirs / x).mean().item() - 1) < 5 * sigma


def test_dropout_expectation_per_entry():
    x = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64)
    generator = torch.Generator().manual_seed(1)
    mean = torch.stack([dropout(x, 0.3, generator=generator) for _ in range(40_000)]).mean(dim=0)
    torch.testing.assert_close(mean, x, rtol=0.03, atol=0.03)


def test_dropout_in_evaluation_or_at_p0_is_the_identity_and_its_gradient_is_the_mask():
    x = torch.randn(50, dtype=torch.float64, requires_grad=True)
    assert dropout(x, 0.5, training=False) is x
    assert dropout(x, 0.0) is x
    out = dropout(x, 0.25, generator=torch.Generator().manual_seed(2))
    out.sum().backward()
    torch.testing.assert_close(x.grad, (out != 0).double() / 0.75)


def test_dropout_module_train_and_eval():
    layer = Dropout(0.5)
    x = torch.ones(1000)
    assert layer.training and (layer(x) == 0).any()
    layer.eval()
    assert torch.equal(layer(x), x)
    assert repr(layer) == "Dropout(p=0.5)"


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5])
def test_dropout_outside_zero_one_is_refused(p):
    with pytest.raises(ValueError, match=rf"p must be in \[0, 1\), got {p}"):
        dropout(torch.ones(3), p)
    with pytest.raises(ValueError, match=rf"p must be in \[0, 1\), got {p}"):
        Dropout(p)


def test_dropout_needs_a_tensor():
    with pytest.raises(TypeError, match="x must be a torch.Tensor, got ndarray"):
        dropout(np.ones(3), 0.5)


# --------------------------------------------------------------------------- early stopping


def test_early_stopping_keeps_the_best_weights_and_stops_after_patience():
    model = torch.nn.Linear(2, 1)
    stopper = EarlyStopping(patience=3)
    losses = [5.0, 4.0, 3.0, 3.5, 3.2, 3.1, 1.0]
    saved = {}
    for epoch, loss in enumerate(losses):
        with torch.no_grad():
            model.weight.fill_(epoch)           # weights that name their epoch
        saved[epoch] = model.weight.clone()
        if stopper.step(epoch, loss, model):
            break
    assert epoch == 5 and stopper.best_epoch == 2 and stopper.best_value == 3.0
    assert stopper.restore(model) == 2
    assert torch.equal(model.weight, saved[2])


def test_early_stopping_on_accuracy_and_min_delta():
    model = torch.nn.Linear(1, 1)
    stopper = EarlyStopping(patience=2, monitor="val_acc", min_delta=0.01)
    results = [stopper.step(e, acc, model) for e, acc in enumerate([0.5, 0.8, 0.805, 0.809])]
    assert results == [False, False, False, True] and stopper.best_epoch == 1


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(patience=0), ValueError, "patience must be >= 1, got 0"),
    (dict(monitor="train_loss"), ValueError, "monitor must be 'val_loss' or 'val_acc', got 'train_loss'"),
    (dict(min_delta=-1.0), ValueError, "min_delta must be >= 0, got -1.0"),
])
def test_early_stopping_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        EarlyStopping(**kwargs)


def test_restore_before_any_step_is_an_error():
    with pytest.raises(RuntimeError, match="nothing to restore"):
        EarlyStopping().restore(torch.nn.Linear(1, 1))


# ------------------------------------------------------------------------------ augmentation


def candidate_shifts(image, max_shift):
    """Every shift of a 2-D image by up to max_shift pixels, zero-filled (NumPy reference)."""
    h, w = image.shape
    padded = np.pad(image, max_shift)
    return {(dy, dx): padded[max_shift - dy:max_shift - dy + h, max_shift - dx:max_shift - dx + w]
            for dy in range(-max_shift, max_shift + 1) for dx in range(-max_shift, max_shift + 1)}


def test_shift_images_gives_zero_filled_shifts_and_all_of_them():
    rng = np.random.default_rng(0)
    images = rng.random((400, 20))                      # 4 x 5 images
    shifted = shift_images(images, max_shift=1, image_shape=(4, 5), generator=torch.Generator().manual_seed(0))
    assert isinstance(shifted, np.ndarray) and shifted.shape == images.shape
    seen = set()
    for image, out in zip(images, shifted):
        matches = [s for s, c in candidate_shifts(image.reshape(4, 5), 1).items() if np.array_equal(c, out.reshape(4, 5))]
        assert len(matches) == 1
        seen.add(matches[0])
    assert len(seen) == 9


def test_shift_by_zero_is_the_identity_and_the_input_is_untouched():
    X = torch.rand(6, 64)
    before = X.clone()
    assert torch.equal(shift_images(X, 0), X)
    shift_images(X, 2, generator=torch.Generator().manual_seed(1))
    assert torch.equal(X, before)


def test_jitter_points_adds_gaussian_noise():
    X = torch.zeros(50_000, 2, dtype=torch.float64)
    noise = jitter_points(X, std=0.3, generator=torch.Generator().manual_seed(0))
    assert abs(noise.mean().item()) < 0.01 and noise.std().item() == pytest.approx(0.3, rel=0.02)
    assert torch.equal(jitter_points(X, 0.0), X)


def test_augment_digits_keeps_shape_and_type():
    X = np.random.default_rng(1).random((5, 64))
    out = augment_digits(X, generator=torch.Generator().manual_seed(0))
    assert isinstance(out, np.ndarray) and out.shape == (5, 64) and not np.array_equal(out, X)


@pytest.mark.parametrize("call, error, words", [
    (lambda: shift_images(torch.zeros(2, 64), max_shift=-1), ValueError, "max_shift must be an integer >= 0, got -1"),
    (lambda: shift_images(torch.zeros(2, 63)), ValueError, r"X has 63 features but image_shape \(8, 8\) has 64 pixels"),
    (lambda: jitter_points(torch.zeros(3, 2), std=-0.1), ValueError, "std must be >= 0, got -0.1"),
    (lambda: jitter_points(torch.zeros(3)), ValueError, r"X must have 2 dimensions \(examples, features\), got shape \(3,\)"),
    (lambda: jitter_points(torch.zeros(3, 2, dtype=torch.int64)), TypeError, "X must hold floating-point features"),
])
def test_augmentation_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_weight_penalty_is_lambda_times_the_penalty_of_the_weight_matrices():
    net = MLP(3, (4,), 2, seed=0).double()
    W1, W2 = net.layers[0].weight, net.layers[2].weight
    expected_l2 = 0.3 * ((W1 ** 2).sum() + (W2 ** 2).sum())
    expected_l1 = 0.3 * (W1.abs().sum() + W2.abs().sum())
    assert weight_penalty(0.3)(net).item() == pytest.approx(expected_l2.item(), rel=1e-14)
    assert weight_penalty(0.3, "l1")(net).item() == pytest.approx(expected_l1.item(), rel=1e-14)
    with pytest.raises(ValueError, match="lam must be >= 0, got -1.0"):
        weight_penalty(-1.0)
    with pytest.raises(ValueError, match="norm must be 'l2' or 'l1', got 'l3'"):
        weight_penalty(0.1, "l3")


def test_cutout_blanks_one_square_per_image_clipped_at_the_edges():
    X = torch.arange(1, 65, dtype=torch.float64).repeat(400, 1)  # no pixel is 0 before
    out = cutout_images(X, size=3, generator=torch.Generator().manual_seed(0))
    blank = (out == 0).reshape(400, 8, 8)
    counts = blank.sum(dim=(1, 2))
    # a full 3x3 square, or one cut by one edge (6) or by two (4); never anything else
    assert set(counts.tolist()) == {4, 6, 9}
    for square in blank:
        rows, cols = torch.nonzero(square, as_tuple=True)
        assert rows.max() - rows.min() + 1 <= 3 and cols.max() - cols.min() + 1 <= 3
        # a filled rectangle: every pixel inside the blanked box is blanked
        assert square[rows.min():rows.max() + 1, cols.min():cols.max() + 1].all()
    # the pixels outside the square are unchanged, and the centres cover the whole image
    np.testing.assert_array_equal(out[out != 0], X[out != 0])
    centres = {(int(r.float().mean().round()), int(c.float().mean().round()))
               for r, c in (torch.nonzero(s, as_tuple=True) for s in blank)}
    assert len(centres) > 40
    assert isinstance(cutout_images(X.numpy()[:2], size=2), np.ndarray)
    with pytest.raises(ValueError, match="size must be at most"):
        cutout_images(X, size=9)
    with pytest.raises(ValueError, match="8x8 = 64 pixels"):
        cutout_images(X[:, :60], size=2)
