"""The fit loop against a hand-written torch loop, torch.optim weight decay and sklearn.metrics."""

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score, log_loss

from lectures_lib import DivergenceError
from lectures_lib.data import Split
from lectures_lib.history import History
from lectures_lib.nn.mlp import MLP
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.nn.regularization import l2_penalty, weight_matrices
from lectures_lib.training import PROGRESS_ENV, fit, predict, progress_enabled


def blobs(n=60, d=3, c=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(c, size=n)
    X = rng.standard_normal((n, d)) + 2.0 * np.eye(c, d)[y]
    return X, y


def data4(seed=0):
    X, y = blobs(80, seed=seed)
    return X[:60], y[:60], X[60:], y[60:]


def model64(seed=0, **kwargs):
    return MLP(3, (8,), 3, seed=seed, **kwargs).double()


def test_fit_takes_the_same_steps_as_a_hand_written_loop():
    X_tr, y_tr, X_val, y_val = data4()
    ours, reference = model64(), model64()
    fit(ours, torch.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9), (X_tr, y_tr, X_val, y_val),
        epochs=4, batch_size=16, seed=3, device="cpu", progress=False)

    optimizer = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    generator = torch.Generator().manual_seed(3)
    X, y = torch.tensor(X_tr), torch.tensor(y_tr)
    for _ in range(4):
        order = torch.randperm(60, generator=generator)
        for start in range(0, 60, 16):
            rows = order[start:start + 16]
            optimizer.zero_grad()
            F.cross_entropy(reference(X[rows]), y[rows]).backward()
            optimizer.step()
    for p, q in zip(ours.parameters(), reference.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12)


def test_history_matches_sklearn_metrics_of_the_final_model():
    X_tr, y_tr, X_val, y_val = data4(1)
    model = model64()
    history = fit(model, torch.optim.Adam(model.parameters(), lr=0.02), Split(X_tr, y_tr, X_val, y_val, X_val, y_val),
                  epochs=5, batch_size=20, device="cpu", progress=False)
    assert isinstance(history, History) and history.epochs_run == 5
    assert len(history.train_loss) == len(history.val_loss) == len(history.val_acc) == 6
    assert len(history.step_loss) == 5 * 3
    assert history.val_acc[-1] == pytest.approx(accuracy_score(y_val, predict(model, X_val)))
    with torch.no_grad():
        probs = torch.softmax(model(torch.tensor(X_val)), dim=1).numpy()
    assert history.val_loss[-1] == pytest.approx(log_loss(y_val, probs, labels=[0, 1, 2]), rel=1e-9)
    assert history.train_loss[-1] < history.train_loss[0]
    assert "cpu" in history.device and not model.training  # left in evaluation mode


def test_full_batch_and_two_part_data():
    X, y = blobs(30)
    model = model64()
    history = fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=3, batch_size=None,
                  device="cpu", progress=False)
    assert len(history.step_loss) == 3 and history.val_loss == [] and history.val_acc == []
    assert history.curves("loss") == {"train": history.train_loss}


def test_regularizer_equals_torch_weight_decay_on_the_weights():
    """SGD on loss + λ Σ W² is SGD with weight_decay = 2λ on the weight matrices only."""
    X_tr, y_tr, X_val, y_val = data4(2)
    lam = 0.05
    ours, reference = model64(), model64()
    fit(ours, torch.optim.SGD(ours.parameters(), lr=0.1), (X_tr, y_tr), epochs=3, batch_size=60,
        regularizer=lambda m: lam * l2_penalty(weight_matrices(m)), device="cpu", progress=False)
    weights = [p for p in reference.parameters() if p.ndim == 2]
    biases = [p for p in reference.parameters() if p.ndim == 1]
    optimizer = torch.optim.SGD([{"params": weights, "weight_decay": 2 * lam},
                                 {"params": biases, "weight_decay": 0.0}], lr=0.1)
    X, y = torch.tensor(X_tr), torch.tensor(y_tr)
    for _ in range(3):
        optimizer.zero_grad()
        F.cross_entropy(reference(X), y).backward()
        optimizer.step()
    for p, q in zip(ours.parameters(), reference.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12)


def test_a_huge_learning_rate_raises_divergence_error_naming_epoch_and_step():
    X_tr, y_tr, X_val, y_val = data4(3)
    model = model64()
    with pytest.raises(DivergenceError, match=r"diverged at step \d+ \(.*epoch \d+.*\).*learning rate "
                                              r"1000000.0 is probably too large"):
        fit(model, torch.optim.SGD(model.parameters(), lr=1e6), (X_tr, y_tr, X_val, y_val), epochs=20,
            batch_size=10, device="cpu", progress=False)


def test_on_divergence_stop_returns_a_finite_history_with_the_message():
    X_tr, y_tr, X_val, y_val = data4(3)
    model = model64()
    history = fit(model, torch.optim.SGD(model.parameters(), lr=1e6), (X_tr, y_tr, X_val, y_val), epochs=20,
                  batch_size=10, device="cpu", progress=False, on_divergence="stop")
    assert history.diverged and "learning rate 1000000.0" in history.diverged
    assert history.epochs_run < 20
    for curve in (history.train_loss, history.val_loss, history.step_loss):
        assert np.all(np.isfinite(curve))


def test_a_nan_loss_is_caught_at_its_step():
    X, y = blobs(20)
    model = model64()
    calls = {"n": 0}

    def loss_fn(scores, targets):
        calls["n"] += 1
        loss = F.cross_entropy(scores, targets)
        return loss * float("nan") if calls["n"] == 5 else loss   # call 1 is the evaluation before training

    with pytest.raises(DivergenceError, match=r"step 3 \(epoch 1, batch 3\): the loss is nan"):
        fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=2, batch_size=5,
            loss_fn=loss_fn, device="cpu", progress=False)


def test_early_stopping_restores_the_best_epoch():
    """Overfit a tiny training set so the validation loss turns up; fit must hand back the best epoch."""
    rng = np.random.default_rng(4)
    X_tr, y_tr = rng.standard_normal((20, 3)), rng.integers(3, size=20)   # labels are pure noise
    X_val, y_val = rng.standard_normal((200, 3)), rng.integers(3, size=200)
    model = MLP(3, (64,), 3, seed=0).double()
    stopper = EarlyStopping(patience=4)
    history = fit(model, torch.optim.Adam(model.parameters(), lr=0.05), (X_tr, y_tr, X_val, y_val), epochs=200,
                  batch_size=20, early_stopping=stopper, device="cpu", progress=False)
    best = int(np.argmin(history.val_loss))
    assert history.stopped_early and history.best_epoch == best
    assert history.epochs_run == best + 4
    with torch.no_grad():   # the model now holds the best epoch's weights
        restored = F.cross_entropy(model(torch.tensor(X_val)), torch.tensor(y_val)).item()
    assert restored == pytest.approx(history.val_loss[best], rel=1e-12)
    assert restored < history.val_loss[-1]


def test_augment_sees_only_training_batches_and_scheduler_steps_each_epoch():
    X_tr, y_tr, X_val, y_val = data4(5)
    seen = []

    def augment(X, generator):
        seen.append(len(X))
        return X + 0.01 * torch.randn(X.shape, generator=generator, dtype=X.dtype)

    model = model64()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    fit(model, optimizer, (X_tr, y_tr, X_val, y_val), epochs=3, batch_size=25, augment=augment,
        scheduler=scheduler, device="cpu", progress=False)
    assert seen == [25, 25, 10] * 3
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.1 * 0.5 ** 3)


def test_regression_targets_record_no_accuracy():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((40, 2))
    y = X @ np.array([[1.0], [-2.0]])
    model = MLP(2, (), 1, seed=0).double()
    history = fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y, X, y), epochs=30, batch_size=10,
                  loss_fn=F.mse_loss, device="cpu", progress=False)
    assert history.train_acc == [] and history.val_loss[-1] < 1e-3


def test_progress_bar_follows_the_environment_variable(monkeypatch, capsys):
    X, y = blobs(20)
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    assert progress_enabled() is True
    model = model64()
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=2, device="cpu")
    assert "training" in capsys.readouterr().err
    for off in ("0", "false", "OFF"):
        monkeypatch.setenv(PROGRESS_ENV, off)
        assert progress_enabled() is False
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=2, device="cpu")
    assert capsys.readouterr().err == ""
    assert progress_enabled(True) is True
    with pytest.raises(TypeError, match="progress must be True, False or None, got 'yes'"):
        progress_enabled("yes")


def test_predict_is_the_argmax_and_keeps_the_mode():
    model = model64(dropout=0.5).train()
    X, _ = blobs(10)
    with torch.no_grad():
        expected = model.eval()(torch.tensor(X)).argmax(dim=1).numpy()
    model.train()
    np.testing.assert_array_equal(predict(model, X), expected)
    assert model.training


@pytest.mark.parametrize("call, error, words", [
    (lambda m, o, X, y: fit(m, o, (X, y[:-1]), 1), ValueError, "X_train has 20 examples but y_train has 19"),
    (lambda m, o, X, y: fit(m, o, (X, y + 5), 1), ValueError, "y_train holds label [5-7], outside the 3 classes"),
    (lambda m, o, X, y: fit(m, o, (X, y, X), 1), TypeError, "data must be a Split or a tuple .* of length 3"),
    (lambda m, o, X, y: fit(m, o, X, 1), TypeError, "data must be a Split or a tuple .* got ndarray"),
    (lambda m, o, X, y: fit(m, o, (X, y), 0), ValueError, "epochs must be >= 1, got 0"),
    (lambda m, o, X, y: fit(m, o, (X, y), 1, batch_size=0), ValueError, "batch_size must be >= 1, got 0"),
    (lambda m, o, X, y: fit(m, o, (X, y), 1, on_divergence="ignore"), ValueError,
     "on_divergence must be 'raise' or 'stop', got 'ignore'"),
    (lambda m, o, X, y: fit(m, o, (X, y), 1, early_stopping=EarlyStopping()), ValueError,
     "early_stopping needs validation data"),
    (lambda m, o, X, y: fit(m, o, (np.full_like(X, np.nan), y), 1), ValueError, "X_train must be finite"),
    (lambda m, o, X, y: fit("model", o, (X, y), 1), TypeError, "model must be a torch.nn.Module, got str"),
])
def test_fit_bad_input_is_named(call, error, words):
    X, y = blobs(20)
    model = model64()
    with pytest.raises(error, match=words):
        call(model, torch.optim.SGD(model.parameters(), lr=0.1), X, y)


def test_fit_does_not_modify_its_data():
    X_tr, y_tr, X_val, y_val = data4(7)
    copies = copy.deepcopy((X_tr, y_tr, X_val, y_val))
    model = model64()
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X_tr, y_tr, X_val, y_val), epochs=1,
        augment=lambda X, generator: X.mul_(0.0), device="cpu", progress=False)
    for a, b in zip((X_tr, y_tr, X_val, y_val), copies):
        np.testing.assert_array_equal(a, b)


def test_history_helpers():
    h = History(train_loss=[3.0, 2.0], val_loss=[3.0, 2.5], train_acc=[0.1, 0.5], val_acc=[0.1, 0.4])
    assert h.best("val_acc") == (1, 0.4) and h.best("train_loss") == (1, 2.0)
    assert h.curves("acc") == {"train": [0.1, 0.5], "validation": [0.1, 0.4]}
    with pytest.raises(ValueError, match="metric must be 'loss' or 'acc', got 'f1'"):
        h.curves("f1")
    with pytest.raises(ValueError, match="step_loss"):
        h.best("step_loss")
    with pytest.raises(ValueError, match="val_loss was not recorded"):
        History().best()


def test_fit_trains_where_the_model_is_unless_told(monkeypatch):
    """A model built on the CPU stays there when CUDA is present: cells that use it with CPU
    tensors afterwards must not break in a Colab GPU runtime."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    model = torch.nn.Linear(2, 2)
    X, y = torch.randn(8, 2, generator=torch.Generator().manual_seed(0)), torch.arange(8) % 2
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=1, progress=False)
    assert next(model.parameters()).device.type == "cpu"
    with pytest.raises(ValueError, match="no parameters"):
        fit(torch.nn.ReLU(), torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1),
            (X, y), epochs=1, progress=False)


def test_mixup_through_fit_takes_the_steps_of_a_hand_written_mixup_loop():
    from functools import partial

    from lectures_lib.nn.augmentation import mixup

    X_tr, y_tr, X_val, y_val = data4(7)
    ours, reference = model64(), model64()
    fit(ours, torch.optim.SGD(ours.parameters(), lr=0.1), (X_tr, y_tr, X_val, y_val),
        epochs=3, batch_size=20, seed=4, device="cpu", progress=False,
        augment=partial(mixup, n_classes=3, alpha=0.4))
    # by hand: the same shuffles, then lambda from numpy's Beta seeded by the generator and a
    # random pairing, the loss against the blended one-hot labels
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.1)
    generator = torch.Generator().manual_seed(4)
    X, y = torch.tensor(X_tr), torch.tensor(y_tr)
    lams = []
    for _ in range(3):
        order = torch.randperm(60, generator=generator)
        for start in range(0, 60, 20):
            rows = order[start:start + 20]
            seed = int(torch.randint(2**31 - 1, (1,), generator=generator))
            lam = float(np.random.default_rng(seed).beta(0.4, 0.4))
            pairs = torch.randperm(20, generator=generator)
            xb, onehot = X[rows], F.one_hot(y[rows], 3).double()
            xm = lam * xb + (1 - lam) * xb[pairs]
            target = lam * onehot + (1 - lam) * onehot[pairs]
            optimizer.zero_grad()
            # the soft-target cross-entropy written out: -sum_k t_k log softmax_k
            (-(target * F.log_softmax(reference(xm), dim=1)).sum(dim=1).mean()).backward()
            optimizer.step()
            lams.append(lam)
    for p, q in zip(ours.parameters(), reference.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12)
    assert 0 < min(lams) and max(lams) < 1 and np.std(lams) > 0.1  # real blends, varying


def test_mixup_refuses_labels_it_cannot_one_hot():
    from lectures_lib.nn.augmentation import mixup

    X = torch.zeros(4, 2)
    with pytest.raises(ValueError, match=r"labels in \[0, 3\)"):
        mixup(X, torch.tensor([0, 1, 2, 3]), n_classes=3)
    with pytest.raises(ValueError, match="one integer label per row"):
        mixup(X, torch.tensor([0.0, 1.0, 1.0, 0.0]), n_classes=3)
    with pytest.raises(ValueError, match="alpha must be > 0"):
        mixup(X, torch.tensor([0, 1, 2, 0]), n_classes=3, alpha=0.0)
