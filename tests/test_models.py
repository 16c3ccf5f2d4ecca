"""TwoLayerNet against torch.autograd (float64); MLP against a hand-built torch network."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lectures_lib import DivergenceError
from lectures_lib.nn.gradient_check import grad_check_sparse, relative_error
from lectures_lib.nn.mlp import MLP
from lectures_lib.nn.models import MLP as MLP_from_models, TwoLayerNet
from lectures_lib.nn.numpy_net import net_in_20_lines
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.nn.inverted_dropout import Dropout


def problem(n, d, h, c, seed, std=1.0):
    rng = np.random.default_rng(seed)
    net = TwoLayerNet(d, h, c, std=std, seed=seed)
    for b in ("b1", "b2"):  # non-zero biases, so their gradients are really tested
        net.params[b] = 0.5 * rng.standard_normal(net.params[b].shape)
    return net, rng.standard_normal((n, d)), rng.integers(c, size=n)


def autograd_reference(params, X, y, reg):
    """Loss and gradients of the same network written with torch operations."""
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    scores = torch.relu(torch.tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    loss = F.cross_entropy(scores, torch.tensor(y)) + reg * ((t["W1"] ** 2).sum() + (t["W2"] ** 2).sum())
    loss.backward()
    return loss.item(), {k: v.grad.numpy() for k, v in t.items()}, scores.detach().numpy()


SHAPES = [(1, 1, 1, 2, 0.0), (7, 5, 3, 4, 0.3), (13, 2, 11, 3, 1e-3), (50, 9, 17, 10, 0.05)]


@pytest.mark.parametrize("n, d, h, c, reg", SHAPES)
def test_two_layer_net_loss_and_every_gradient_match_autograd(n, d, h, c, reg):
    for seed in range(3):
        net, X, y = problem(n, d, h, c, seed)
        loss, grads = net.loss(X, y, reg=reg)
        ref_loss, ref_grads, ref_scores = autograd_reference(net.params, X, y, reg)
        np.testing.assert_allclose(net.loss(X), ref_scores, rtol=1e-12, atol=1e-12)
        assert loss == pytest.approx(ref_loss, rel=1e-12)
        assert sorted(grads) == ["W1", "W2", "b1", "b2"]
        for name in grads:
            assert grads[name].shape == net.params[name].shape
            assert relative_error(grads[name], ref_grads[name]) < 1e-9, name


def test_a_wrong_gradient_is_flagged_by_the_same_comparison():
    net, X, y = problem(20, 4, 6, 3, 7)
    _, grads_without_reg = net.loss(X, y, reg=0.0)
    _, ref_grads, _ = autograd_reference(net.params, X, y, reg=0.5)
    assert relative_error(grads_without_reg["W1"], ref_grads["W1"]) > 1e-2
    # and the numeric gradient check flags it too
    errors = grad_check_sparse(lambda W1: net.loss_with("W1", W1, X, y, 0.5), net.params["W1"],
                               grads_without_reg["W1"], num_checks=10)
    assert errors.max() > 1e-2


def test_loss_with_replaces_one_parameter_for_the_call_only():
    net, X, y = problem(9, 3, 4, 2, 5)
    before = {k: v.copy() for k, v in net.params.items()}
    W2 = np.ones_like(net.params["W2"])
    moved = net.loss_with("W2", W2, X, y, 0.1)
    assert all(np.array_equal(net.params[k], before[k]) for k in before)
    net.params["W2"] = W2
    assert moved == net.loss(X, y, 0.1)[0]
    net.params["W2"] = before["W2"]
    with pytest.raises(ValueError, match=r"value must have the shape of W2, \(4, 2\), got \(2, 4\)"):
        net.loss_with("W2", W2.T, X, y)
    with pytest.raises(ValueError, match=r"name must be one of \['W1', 'W2', 'b1', 'b2'\], got 'W3'"):
        net.loss_with("W3", W2, X, y)
    with pytest.raises(ValueError, match="y must be the labels of X, got None"):
        net.loss_with("W2", W2, X, None)
    with pytest.raises(ValueError, match="X has 2 features but W1 has 3 rows"):
        net.loss_with("W2", W2, X[:, :2], y)
    assert all(np.array_equal(net.params[k], before[k]) for k in before)


def test_two_layer_net_gradients_pass_a_numeric_gradient_check():
    net, X, y = problem(15, 3, 5, 4, 11)
    _, grads = net.loss(X, y, reg=0.1)
    for name in net.params:
        errors = grad_check_sparse(lambda v: net.loss_with(name, v, X, y, 0.1), net.params[name],
                                   grads[name], num_checks=8)
        assert errors.max() < 1e-6, name


def test_init_and_predict():
    net = TwoLayerNet(3, 4, 2, std=0.5, seed=1)
    ref = np.random.default_rng(1)
    np.testing.assert_array_equal(net.params["W1"], 0.5 * ref.standard_normal((3, 4)))
    np.testing.assert_array_equal(net.params["b1"], np.zeros(4))
    X = np.random.default_rng(2).standard_normal((6, 3))
    scores = autograd_reference(net.params, X, np.zeros(6, dtype=int), 0.0)[2]
    np.testing.assert_array_equal(net.predict(X), np.argmax(scores, axis=1))
    assert TwoLayerNet(3, 4, 2).params["W2"].std() < 1e-3  # the default std is 1e-4


def test_train_takes_gradient_steps_against_autograd_gradients():
    """One full-batch epoch is one step W <- W - lr * dW, with dW from autograd."""
    net, X, y = problem(12, 3, 5, 3, 4)
    before = {k: v.copy() for k, v in net.params.items()}
    _, ref_grads, _ = autograd_reference(before, X, y, reg=0.2)
    history = net.train(X, y, learning_rate=0.1, reg=0.2, epochs=1, batch_size=100)
    for name in before:
        np.testing.assert_allclose(net.params[name], before[name] - 0.1 * ref_grads[name], rtol=1e-12,
                                   atol=1e-14)
    assert len(history.step_loss) == 1 and len(history.train_loss) == 2


def test_train_records_a_history_and_learns():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((90, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)  # XOR: not linear
    net = TwoLayerNet(2, 16, 2, std=1.0, seed=0)
    history = net.train(X[:60], y[:60], X[60:], y[60:], learning_rate=0.5, epochs=100, batch_size=20,
                        learning_rate_decay=0.99)
    assert history.epochs_run == 100
    assert len(history.train_loss) == len(history.val_acc) == 101
    assert len(history.step_loss) == 100 * 3
    assert history.train_acc[-1] > 0.9 and history.val_acc[-1] > 0.75
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.train_acc[-1] == pytest.approx(np.mean(net.predict(X[:60]) == y[:60]))


def test_train_detects_divergence_and_names_the_epoch():
    net, X, y = problem(30, 4, 8, 3, 5)
    with pytest.raises(DivergenceError, match=r"diverged at step \d+ \(.*epoch \d+\).*learning rate 1e\+30"):
        net.train(X, y, learning_rate=1e30, epochs=50, batch_size=10)


def test_early_stopping_restores_two_layer_net_params():
    net = TwoLayerNet(2, 3, 2, seed=0)
    stopper = EarlyStopping(patience=1)
    stopper.step(0, 1.0, net)
    best = {k: v.copy() for k, v in net.params.items()}
    net.params["W1"] += 1.0
    assert stopper.step(1, 2.0, net)
    assert stopper.restore(net) == 0
    for k in best:
        np.testing.assert_array_equal(net.params[k], best[k])


@pytest.mark.parametrize("call, error, words", [
    (lambda net, X, y: net.loss(X[:, :3], y), ValueError, "X has 3 features but W1 has 4 rows"),
    (lambda net, X, y: net.loss(X, np.array([0, 1, 5, 0, 1])), ValueError,
     r"y holds label 5, outside the 3 classes 0..2"),
    (lambda net, X, y: net.loss(X, y[:4]), ValueError, r"y must have shape \(5,\) to match X, got \(4,\)"),
    (lambda net, X, y: net.loss(X, y, reg=-0.1), ValueError, "reg must be >= 0, got -0.1"),
    (lambda net, X, y: net.loss(X[0], y), ValueError, r"X must have 2 dimension\(s\), got shape \(4,\)"),
    (lambda net, X, y: net.loss(np.full_like(X, np.nan), y), ValueError, "X must be finite"),
    (lambda net, X, y: net.train(X, y, learning_rate=-1.0), ValueError, "learning_rate must be >= 0, got -1.0"),
    (lambda net, X, y: net.train(X, y, epochs=0), ValueError, "epochs must be >= 1, got 0"),
    (lambda net, X, y: net.train(X, y, batch_size=2.5), TypeError, "batch_size must be an integer"),
    (lambda net, X, y: net.train(X, y, X_val=X), ValueError, "give both X_val and y_val"),
    (lambda net, X, y: net.train(X, y, X, np.full(5, 3)), ValueError, "y_val holds label 3"),
])
def test_two_layer_net_bad_input_is_named(call, error, words):
    net = TwoLayerNet(4, 6, 3)
    X, y = np.ones((5, 4)), np.array([0, 1, 2, 0, 1])
    with pytest.raises(error, match=words):
        call(net, X, y)


@pytest.mark.parametrize("args, error, words", [
    ((0, 5, 3), ValueError, "input_size must be >= 1, got 0"),
    ((4, 2.5, 3), TypeError, "hidden_size must be an integer"),
    ((4, 5, -1), ValueError, "output_size must be >= 1, got -1"),
])
def test_two_layer_net_bad_sizes(args, error, words):
    with pytest.raises(error, match=words):
        TwoLayerNet(*args)


# ---------------------------------------------------------------------------------------- MLP


def test_mlp_computes_the_same_function_as_a_hand_built_network():
    torch.manual_seed(0)
    net = MLP(5, (7, 3), 4, activation="tanh").double()
    X = torch.randn(6, 5, dtype=torch.float64)
    W = [m for m in net.layers if isinstance(m, torch.nn.Linear)]
    by_hand = F.linear(torch.tanh(F.linear(torch.tanh(F.linear(X, W[0].weight, W[0].bias)),
                                           W[1].weight, W[1].bias)), W[2].weight, W[2].bias)
    torch.testing.assert_close(net(X), by_hand, rtol=1e-14, atol=1e-14)
    torch.testing.assert_close(net.hidden(X, 1), torch.tanh(F.linear(X, W[0].weight, W[0].bias)))


@pytest.mark.parametrize("activation, module", [("relu", torch.nn.ReLU), ("leaky_relu", torch.nn.LeakyReLU),
                                                ("sigmoid", torch.nn.Sigmoid), ("identity", torch.nn.Identity)])
def test_mlp_layers(activation, module):
    net = MLP(3, (4, 4, 4), 2, activation=activation, dropout=0.1)
    kinds = [type(m) for m in net.layers]
    assert kinds.count(torch.nn.Linear) == 4 and kinds.count(module) == 3 and kinds.count(Dropout) == 3
    assert [type(m) for m in MLP(3, (), 2).layers] == [torch.nn.Linear]   # a linear classifier
    assert Dropout not in [type(m) for m in MLP(3, (4,), 2).layers]       # no dropout at p = 0
    assert MLP_from_models is MLP


def test_mlp_batch_norm_standardises_over_the_batch_in_training_and_uses_running_stats_after():
    net = MLP(5, (7,), 3, seed=0, batch_norm=True).double()
    assert [type(m) for m in net.layers] == [torch.nn.Linear, torch.nn.BatchNorm1d,
                                             torch.nn.ReLU, torch.nn.Linear]
    linear, norm, _, out = net.layers
    X = torch.randn(16, 5, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    z = F.linear(X, linear.weight, linear.bias)
    # training: each unit standardised with the batch mean and the biased batch variance
    by_hand = (z - z.mean(0)) / torch.sqrt(z.var(0, unbiased=False) + norm.eps)
    net.train()
    torch.testing.assert_close(net(X), F.linear(torch.relu(by_hand), out.weight, out.bias))
    # the running statistics moved by momentum 0.1 towards the batch's (unbiased variance)
    torch.testing.assert_close(norm.running_mean, 0.1 * z.mean(0).detach())
    torch.testing.assert_close(norm.running_var, 0.9 + 0.1 * z.var(0).detach())
    # evaluation: those running statistics, the same for every batch size
    net.eval()
    expected = (z - norm.running_mean) / torch.sqrt(norm.running_var + norm.eps)
    torch.testing.assert_close(net(X), F.linear(torch.relu(expected), out.weight, out.bias))
    torch.testing.assert_close(net(X[:1]), net(X)[:1])
    torch.testing.assert_close(net.hidden(X, 1), torch.relu(expected))
    with pytest.raises(TypeError, match="batch_norm must be True or False"):
        MLP(5, (7,), 3, batch_norm="yes")


def test_mlp_dropout_is_random_in_training_and_off_in_evaluation():
    net = MLP(10, (200,), 3, dropout=0.5, seed=0).double()
    X = torch.randn(4, 10, dtype=torch.float64)
    net.train()
    assert not torch.equal(net(X), net(X))
    net.eval()
    torch.testing.assert_close(net(X), net(X))
    without = MLP(10, (200,), 3, dropout=0.0, seed=0).double().eval()
    torch.testing.assert_close(net(X), without(X))  # same weights; dropout off = no dropout


def test_mlp_seed_gives_the_same_weights_and_leaves_the_global_generator_alone():
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    a, b = MLP(4, (8,), 2, seed=5), MLP(4, (8,), 2, seed=5)
    assert torch.rand(1) == expected
    for p, q in zip(a.parameters(), b.parameters()):
        assert torch.equal(p, q)
    assert not torch.equal(MLP(4, (8,), 2, seed=6).layers[0].weight, a.layers[0].weight)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(dropout=1.0), ValueError, r"dropout must be in \[0, 1\), got 1.0"),
    (dict(dropout=-0.2), ValueError, r"dropout must be in \[0, 1\), got -0.2"),
    (dict(activation="swish"), ValueError, "activation must be one of .* got 'swish'"),
    (dict(hidden_sizes=100), TypeError, r"hidden_sizes must be a sequence of layer widths such as \(100,\), got 100"),
    (dict(hidden_sizes=(10, 0)), ValueError, "each hidden size must be >= 1, got 0"),
    (dict(in_features=0), ValueError, "in_features must be >= 1, got 0"),
])
def test_mlp_bad_arguments_are_named(kwargs, error, words):
    args = dict(in_features=3, hidden_sizes=(5,), out_features=2) | kwargs
    with pytest.raises(error, match=words):
        MLP(**args)


def test_mlp_hidden_layer_index_is_checked():
    with pytest.raises(ValueError, match="layer must be at most 2 .* got 3"):
        MLP(3, (4, 4), 2).hidden(torch.zeros(1, 3), layer=3)


# ------------------------------------------------------------------ the slides' 20-line network


def test_net_in_20_lines_takes_the_autograd_gradient_steps():
    N, D_in, H, D_out, lr, steps = 8, 12, 6, 3, 1e-3, 30
    losses = net_in_20_lines(steps, N, D_in, H, D_out, learning_rate=lr, seed=3)
    randn = np.random.default_rng(3).standard_normal
    x, y = torch.tensor(randn((N, D_in))), torch.tensor(randn((N, D_out)))
    w1 = torch.tensor(randn((D_in, H)), requires_grad=True)
    w2 = torch.tensor(randn((H, D_out)), requires_grad=True)
    reference = []
    for _ in range(steps):
        loss = ((torch.sigmoid(x @ w1) @ w2 - y) ** 2).sum()
        reference.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for w in (w1, w2):
                w -= lr * w.grad
                w.grad = None
    np.testing.assert_allclose(losses, reference, rtol=1e-10)
    assert losses[-1] < losses[0]


def test_net_in_20_lines_detects_divergence():
    with pytest.raises(DivergenceError, match="learning rate 10.0"):
        net_in_20_lines(steps=200, N=8, D_in=12, H=6, D_out=3, learning_rate=10.0)


def test_overflowing_scores_raise_divergence_not_a_warning():
    net = TwoLayerNet(2, 3, 2, std=1e200, seed=0)
    with pytest.raises(DivergenceError, match="scores are not finite"):
        net.loss(np.ones((2, 2)) * 1e200, np.array([0, 1]))
    net = TwoLayerNet(2, 3, 2, std=1.0, seed=0)
    X, y = np.random.default_rng(0).standard_normal((8, 2)), np.arange(8) % 2
    net.params["W1"] *= 1e160   # the next forward pass overflows to inf
    with pytest.raises(DivergenceError, match=r"diverged at step 0 \(epoch 1\), where .*are not finite"):
        net.train(X, y, learning_rate=0.1, epochs=1, batch_size=8)


def test_a_seeded_mlp_leaves_the_cuda_generators_alone(monkeypatch):
    seeded = []
    monkeypatch.setattr(torch.cuda, "manual_seed_all", lambda seed: seeded.append(seed))
    first = MLP(4, (3,), 2, seed=7)
    second = MLP(4, (3,), 2, seed=7)
    assert seeded == []
    for p, q in zip(first.parameters(), second.parameters()):
        torch.testing.assert_close(p, q)
