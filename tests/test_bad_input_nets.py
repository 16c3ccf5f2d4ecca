"""Bad and extreme input to the networks, the training loop, the data and the timing helpers.

Issue 17: each public function of data, training, mlp, residual, two_layer_net, numpy_net,
backprop, regularization, augmentation, linear_classifier_demo, runtime, speed, history and
lecture_examples either refuses bad input at its boundary (a TypeError/ValueError whose message
names the argument) or returns a finite, correct result, checked against an independent
reference (torch autograd in float64, exact fractions). Loops that diverge say so with a
DivergenceError whose hint is true for the cause.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lectures_lib import data, speed
from lectures_lib.nn.augmentation import jitter_points, mixup
from lectures_lib.nn.image_augmentation import augment_digits, cutout_images, shift_images
from lectures_lib.nn.backprop import neuron_log_loss, sigmoid
from lectures_lib.divergence import DivergenceError
from lectures_lib.history import History
from lectures_lib.lecture_examples import (WALKTHROUGH_GRADIENT, WALKTHROUGH_LOSS, WALKTHROUGH_W,
                                           walkthrough_loss)
from lectures_lib.viz.linear_classifier_demo import LinearClassifierDemo
from lectures_lib.nn.mlp import MLP
from lectures_lib.nn.numpy_net import net_in_20_lines
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.nn.inverted_dropout import Dropout, dropout
from lectures_lib.nn.regularization import l1_penalty, l2_penalty, weight_penalty
from lectures_lib.nn.residual import ResidualBlock, ResidualMLP
from lectures_lib.runtime import describe_device, get_device, seed_everything
from lectures_lib.training import fit, predict
from lectures_lib.nn.two_layer_net import TwoLayerNet
from support import raises_naming

MAX = np.finfo(np.float64).max
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e308, -1e308, 1e-300, -1e-300, 0.0, 1e200, 5e-324, MAX])
BAD_THINGS = st.sampled_from([None, "1", [1.0, 2.0], True, 1 + 2j, object()])


def blobs(n=30, d=3, c=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(c, size=n)
    return rng.standard_normal((n, d)) + 2.0 * np.eye(c, d)[y], y


def sgd(model, lr=0.1):
    return torch.optim.SGD(model.parameters(), lr=lr)


# --------------------------------------------------------------------------------------------
# integer inputs are cast to the model's dtype at the boundary


def test_fit_takes_integer_features_as_the_same_numbers_in_float():
    X, y = blobs()
    X_int = np.round(3 * X).astype(np.int64)
    a, b = MLP(3, (5,), 3, seed=0), MLP(3, (5,), 3, seed=0)
    h_int = fit(a, sgd(a), (X_int, y), 3, batch_size=10, progress=False)
    h_float = fit(b, sgd(b), (X_int.astype(np.float32), y), 3, batch_size=10, progress=False)
    assert h_int.train_loss == h_float.train_loss and h_int.train_acc == h_float.train_acc
    c = MLP(3, (5,), 3, seed=0)
    h_tensor = fit(c, sgd(c), (torch.tensor(X_int), torch.tensor(y)), 3, batch_size=10,
                   progress=False)
    assert h_tensor.train_loss == h_float.train_loss


def test_regression_targets_stay_floats_and_integer_features_are_cast():
    X = np.arange(20).reshape(10, 2)                      # int64 features
    y = (X @ np.array([0.5, -0.25]))[:, None]             # float targets
    model = MLP(2, (), 1, seed=0).double()
    history = fit(model, sgd(model, 0.001), (X, y), 2, loss_fn=F.mse_loss, progress=False)
    assert history.train_acc == [] and all(math.isfinite(v) for v in history.train_loss)


@pytest.mark.parametrize("make", [
    lambda X: torch.tensor(X),                          # int64 tensor
    lambda X: torch.tensor(X, dtype=torch.float64),     # float64 into a float32 model
    lambda X: X,                                        # NumPy int array
    lambda X: X.tolist(),                               # a list
])
def test_mlp_and_residual_mlp_take_any_numeric_batch(make):
    X = np.arange(12).reshape(4, 3) - 6
    expected_x = torch.tensor(X, dtype=torch.float32)
    mlp, res = MLP(3, (4,), 2, seed=0), ResidualMLP(3, 4, 2, 2, seed=0).eval()
    torch.testing.assert_close(mlp(make(X)), mlp(expected_x))
    torch.testing.assert_close(mlp.hidden(make(X)), mlp.hidden(expected_x))
    torch.testing.assert_close(res(make(X)), res(expected_x))
    np.testing.assert_array_equal(predict(mlp, make(X)), predict(mlp, expected_x))


def test_models_refuse_inputs_they_cannot_take():
    mlp = MLP(3, (4,), 2, seed=0)
    with raises_naming(ValueError, "x", "3 features", "(2, 5)"):
        mlp(torch.zeros(2, 5))
    with raises_naming(TypeError, "x", "bool"):
        mlp(torch.zeros(2, 3, dtype=torch.bool))
    with raises_naming(TypeError, "x"):
        mlp([["a", "b", "c"]])
    with raises_naming(ValueError, "x", "3 features"):
        ResidualBlock(3)(torch.zeros(2, 4))
    with raises_naming(ValueError, "X", "2 dimensions"):
        predict(mlp, np.zeros(3))
    with raises_naming(TypeError, "model"):
        predict("net", np.zeros((2, 3)))


# --------------------------------------------------------------------------------------------
# seeds: integers in [0, 2**63), the seed quoted in the message

SEEDED = {
    "make_logistic_data": lambda s: data.make_logistic_data(20, 2, seed=s),
    "make_corner_points": lambda s: data.make_corner_points(10, seed=s),
    "make_rings": lambda s: data.make_rings(10, seed=s),
    "make_spirals": lambda s: data.make_spirals(5, seed=s),
    "flip_labels": lambda s: data.flip_labels([0, 1, 2, 0], 0.5, seed=s),
    "make_1d_two_class": lambda s: data.make_1d_two_class(3, seed=s),
    "daily_temperatures": lambda s: data.daily_temperatures(10, seed=s),
    "load_digits_split": lambda s: data.load_digits_split(seed=s),
    "TwoLayerNet": lambda s: TwoLayerNet(2, 3, 2, seed=s),
    "TwoLayerNet.train": lambda s: TwoLayerNet(2, 3, 2).train(np.zeros((4, 2)), [0, 1, 0, 1],
                                                              seed=s),
    "net_in_20_lines": lambda s: net_in_20_lines(2, 2, 3, 2, 2, seed=s),
    "MLP": lambda s: MLP(2, (3,), 2, seed=s),
    "ResidualMLP": lambda s: ResidualMLP(2, 3, 1, 2, seed=s),
    "fit": lambda s: fit(torch.nn.Linear(2, 2), sgd(torch.nn.Linear(2, 2)),
                         (np.zeros((4, 2)), np.arange(4) % 2), 1, seed=s, progress=False),
    "LinearClassifierDemo": lambda s: LinearClassifierDemo(seed=s),
    "random_batch": lambda s: speed.random_batch("cpu", 4, 3, 2, seed=s),
    "seed_everything": lambda s: seed_everything(s),
}


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_negative_and_non_integer_seeds_are_refused_by_name(name):
    with raises_naming(ValueError, "seed", "-3"):
        SEEDED[name](-3)
    with raises_naming(TypeError, "seed", "1.5"):
        SEEDED[name](1.5)


def test_seeds_beyond_numpys_legacy_range_are_refused_where_it_is_used():
    with raises_naming(ValueError, "seed", "2**32", str(2**40)):
        data.make_rings(10, seed=2**40)
    with raises_naming(ValueError, "seed", str(2**32)):
        seed_everything(2**32)
    assert data.make_spirals(3, seed=2**62)[0].shape == (6, 2)   # default_rng takes it


# --------------------------------------------------------------------------------------------
# backprop: validated, and right at the extremes


def reference_neuron(x, w, y):
    """Loss and gradient from torch autograd in float64, with the stable log-sigmoid."""
    w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    loss = -F.logsigmoid(y * (w_t * torch.tensor(x, dtype=torch.float64)).sum())
    loss.backward()
    return loss.item(), w_t.grad.numpy()


@pytest.mark.parametrize("x, w, y", [([40.0], [1.0], 1), ([700.0, 1.0], [1.0, -3.0], -1),
                                     ([1e-300], [1e-300], 1), ([1e150], [1e-150], -1)])
def test_the_neuron_graph_is_right_where_the_textbook_formulas_lose_it(x, w, y):
    graph = neuron_log_loss(x, w, y)
    loss, grad = reference_neuron(x, w, y)
    assert graph.loss == pytest.approx(loss, rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(graph.grad_w, grad, rtol=1e-12)
    for k in range(len(x)):
        assert math.prod(graph.chain(k)) == pytest.approx(grad[k], rel=1e-12)
    v = y * sum(a * b for a, b in zip(x, w))
    exact_dp_dv = 1 / ((1 + math.exp(-v)) * (1 + math.exp(v)))   # σ(v) σ(-v)
    assert graph.dp_dv == pytest.approx(exact_dp_dv, rel=1e-12)


@pytest.mark.parametrize("x, w, y, exc, names", [
    ([1.0], [1.0], True, TypeError, ["y", "bool"]),
    ([1.0], [1.0], np.array([1, 1]), TypeError, ["y"]),
    ([1.0], [1.0], "1", TypeError, ["y"]),
    ([1.0], [1.0], float("nan"), ValueError, ["y"]),
    ([], [], 1, ValueError, ["x", "w"]),
    ([1e200], [1e200], 1, ValueError, ["w * x", "index 0"]),
    ([1e308, 1e308], [1.0, 1.0], 1, ValueError, ["sum", "w * x"]),
    ([800.0], [1.0], -1, ValueError, ["v", "-800", "saturated"]),
    ([[1.0]], [[1.0]], 1, ValueError, ["x", "dimension"]),
])
def test_the_neuron_graph_refuses_what_it_cannot_compute(x, w, y, exc, names):
    with raises_naming(exc, *names):
        neuron_log_loss(x, w, y)


def test_chain_checks_its_index():
    graph = neuron_log_loss([1.0, 2.0], [0.5, 0.5], 1)
    with raises_naming(ValueError, "k", "<= 1", "2"):
        graph.chain(2)
    with raises_naming(ValueError, "k", ">= 0"):
        graph.chain(-1)
    with raises_naming(TypeError, "k"):
        graph.chain(1.0)
    with raises_naming(TypeError, "k"):
        graph.chain("0")


def test_sigmoid_takes_infinities_and_refuses_nan_and_text():
    np.testing.assert_array_equal(sigmoid([np.inf, -np.inf]), [1.0, 0.0])
    with raises_naming(ValueError, "v", "NaN"):
        sigmoid([0.0, np.nan])
    with raises_naming(TypeError, "v"):
        sigmoid("a")
    with raises_naming(TypeError, "v"):
        sigmoid([True])


# --------------------------------------------------------------------------------------------
# speed: times are finite numbers > 0


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_zero_negative_or_nan_times_are_refused_by_device(bad):
    with raises_naming(ValueError, "times['cuda:0 (T4)']"):
        speed.speedup_report({"cpu": 0.1, "cuda:0 (T4)": bad})
    with raises_naming(ValueError, "rows[32]['cpu']"):
        speed.timing_table({32: {"cpu": bad}}, "batch")


def test_timing_helpers_refuse_what_they_cannot_report():
    with raises_naming(TypeError, "times"):
        speed.speedup_report([0.1])
    with raises_naming(TypeError, "times['cpu']"):
        speed.speedup_report({"cpu": "fast"})
    with raises_naming(ValueError, "times['cuda:0']", "overflows"):
        speed.speedup_report({"cpu": 1e300, "cuda:0": 1e-300})
    with raises_naming(ValueError, "rows[2]", "same devices"):
        speed.timing_table({1: {"cpu": 1.0}, 2: {"gpu": 1.0}}, "n")
    with raises_naming(ValueError, "scale"):
        speed.timing_table({1: {"cpu": 1.0}}, "n", scale=-1)
    with raises_naming(TypeError, "label"):
        speed.timing_table({1: {"cpu": 1.0}}, None)
    with raises_naming(TypeError, "warmup"):
        speed.seconds_per_call(lambda: None, "cpu", warmup=1.5)
    with raises_naming(ValueError, "device"):
        speed.seconds_per_call(lambda: None, "gpu!")
    with raises_naming(TypeError, "repeats"):
        speed.compare_devices(lambda d: (lambda: None), repeats=[1])
    with raises_naming(ValueError, "repeats"):
        speed.compare_devices(lambda d: (lambda: None), repeats={"cpu": 0})
    with raises_naming(TypeError, "make_step"):
        speed.compare_devices(lambda d: None)
    with raises_naming(TypeError, "optimizer"):
        speed.training_step(torch.nn.Linear(2, 2), None, torch.zeros(1, 2), torch.zeros(1))
    with raises_naming(ValueError, "in_features"):
        speed.random_batch("cpu", 4, in_features=0)


def test_reports_of_extreme_but_finite_times_stay_readable():
    report = speed.speedup_report({"cpu": 1e10, "cuda:0": 1e-3})
    assert report.splitlines() == ["cpu: 1e+13 ms per step",
                                   "cuda:0: 1.0 ms per step, 1e+13x the speed of the CPU"]
    slower = speed.timing_table({1: {"cpu": 0.002, "cuda:0": 0.004}}, "n")
    assert slower.splitlines()[2].split()[-1] == "0.5x"


# --------------------------------------------------------------------------------------------
# divergence: every loop stops, names the step and the value, and blames the true cause


def test_the_demo_at_a_huge_step_size_raises_and_keeps_its_weights():
    demo = LinearClassifierDemo(step_size=1e300)
    W, b = demo.W.copy(), demo.b.copy()
    with raises_naming(DivergenceError, "step 1", "step size 1e+300 is too large", "inf"):
        demo.step()
    np.testing.assert_array_equal(demo.W, W)
    np.testing.assert_array_equal(demo.b, b)
    demo = LinearClassifierDemo(step_size=1e10, loss="softmax")
    with raises_naming(DivergenceError, "diverged at step", "step size 10000000000.0"):
        demo.snapshots(100)
    assert np.all(np.isfinite(demo.W)) and demo.steps_taken > 1


def test_the_demo_blames_a_far_out_start_point_not_the_step_size():
    demo = LinearClassifierDemo(W=np.full((3, 2), 1e200))
    with raises_naming(DivergenceError, "before any update", "step size is not the cause",
                       "1e+200"):
        demo.step()
    with raises_naming(ValueError, "overflow", "W"):
        demo.evaluate()
    demo.randomize()               # a new start point, from which it steps fine
    demo.step()
    assert demo.steps_taken == 1


def test_the_demo_validates_its_arguments_and_assignments():
    demo = LinearClassifierDemo()
    with raises_naming(ValueError, "W", "(3, 2)"):
        demo.W = np.ones((2, 2))
    with raises_naming(ValueError, "W", "finite"):
        demo.W = np.full((3, 2), np.nan)
    with raises_naming(ValueError, "points", "2 columns"):
        demo.predict(np.zeros((4, 3)))
    with raises_naming(TypeError, "loss"):
        LinearClassifierDemo(loss=["svm"])
    with raises_naming(ValueError, "X", "at least one point"):
        LinearClassifierDemo(X=np.zeros((0, 2)), y=np.zeros(0, dtype=int))
    with raises_naming(ValueError, "num_steps"):
        demo.snapshots(-1)
    with raises_naming(ValueError, "every"):
        demo.animation(4, every=0)
    with raises_naming(TypeError, "fig"):
        demo.draw(None)


def test_two_layer_net_names_the_step_and_blames_the_learning_rate_or_the_start():
    X, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    with raises_naming(DivergenceError, "diverged at step", "learning rate 1e+300"):
        TwoLayerNet(2, 3, 2, std=0.1).train(X, y, learning_rate=1e300, epochs=5)
    with raises_naming(DivergenceError, "before training", "learning rate is not the cause"):
        TwoLayerNet(2, 3, 2, std=1e200).train(X * 1e200, y)


def test_net_in_20_lines_names_the_step_at_a_huge_learning_rate():
    with raises_naming(DivergenceError, "step 1", "learning rate 1e+300"):
        net_in_20_lines(steps=20, N=4, D_in=5, H=3, D_out=2, learning_rate=1e300)


def test_fit_blames_a_huge_regularizer_not_the_learning_rate():
    X, y = blobs()
    model = MLP(3, (4,), 3, seed=0)
    with raises_naming(DivergenceError, "step 0", "learning rate is not the cause",
                       "regularizer"):
        fit(model, sgd(model), (X, y), 1, regularizer=lambda m: torch.tensor(float("inf")),
            progress=False)


def test_fit_says_when_unscaled_features_are_behind_a_divergence():
    X, y = blobs()
    model = MLP(3, (4,), 3, seed=0)
    with raises_naming(DivergenceError, "standardiz", "X_train reach"):
        fit(model, sgd(model), (X * 1e30, y), 3, progress=False)
    with raises_naming(ValueError, "X_train", "too large", "float32"):
        fit(model, sgd(model), (X * 1e300, y), 1, progress=False)


@pytest.mark.parametrize("kwargs, exc, names", [
    (dict(blowup=0.5), ValueError, ["blowup"]),
    (dict(blowup="big"), TypeError, ["blowup"]),
    (dict(blowup=float("nan")), ValueError, ["blowup"]),
    (dict(on_divergence=["raise"]), ValueError, ["on_divergence"]),
    (dict(on_divergence=None), ValueError, ["on_divergence"]),
    (dict(loss_fn=3), TypeError, ["loss_fn"]),
    (dict(regularizer="l2"), TypeError, ["regularizer"]),
    (dict(augment=1.0), TypeError, ["augment"]),
    (dict(early_stopping=5), TypeError, ["early_stopping"]),
    (dict(scheduler=0.5), TypeError, ["scheduler"]),
    (dict(progress="yes"), TypeError, ["progress"]),
    (dict(device="gpu!"), ValueError, ["device"]),
])
def test_fit_checks_every_argument(kwargs, exc, names):
    X, y = blobs()
    model = MLP(3, (4,), 3, seed=0)
    with raises_naming(exc, *names):
        fit(model, sgd(model), (X, y), 1, **kwargs)


@pytest.mark.parametrize("data_, exc, names", [
    ((np.zeros((4, 2)), np.arange(4) % 3), ValueError, ["X_train", "(4, 2)"]),
    ((np.zeros((4, 3)), (np.arange(4) % 3)[:, None]), ValueError, ["y_train", "(4, 1)"]),
    ((np.zeros((4, 3)), np.array([0.0, 1.0, 2.0, 0.0])), TypeError, ["y_train", "integer"]),
    ((np.zeros((4, 3), dtype=bool), np.arange(4) % 3), TypeError, ["X_train", "bool"]),
    ((np.array([["a"] * 3] * 4), np.arange(4) % 3), TypeError, ["X_train"]),
    (([[1.0, 2.0, 3.0], [1.0]], [0, 1]), TypeError, ["X_train"]),
])
def test_fit_names_data_the_model_cannot_use(data_, exc, names):
    model = MLP(3, (4,), 3, seed=0)
    with raises_naming(exc, *names):
        fit(model, sgd(model), data_, 1, progress=False)


def test_fit_refuses_an_optimizer_of_another_model():
    X, y = blobs()
    model, other = MLP(3, (4,), 3, seed=0), MLP(3, (4,), 3, seed=1)
    with raises_naming(ValueError, "optimizer", "model.parameters()"):
        fit(model, sgd(other), (X, y), 1, progress=False)
    with raises_naming(TypeError, "optimizer"):
        fit(model, None, (X, y), 1, progress=False)


# --------------------------------------------------------------------------------------------
# data generators: every range checked


@pytest.mark.parametrize("call, exc, names", [
    (lambda: data.make_rings(10, noise=-0.1), ValueError, ["noise", "-0.1"]),
    (lambda: data.make_rings(10, noise=1e308), ValueError, ["noise"]),
    (lambda: data.make_rings(10, factor=1.0), ValueError, ["factor", "[0, 1)"]),
    (lambda: data.make_rings(10, factor=-0.5), ValueError, ["factor"]),
    (lambda: data.make_spirals(10, radius=0.0), ValueError, ["radius"]),
    (lambda: data.make_spirals(10, noise=-1.0), ValueError, ["noise"]),
    (lambda: data.make_spirals(10, n_classes=2.0), TypeError, ["n_classes"]),
    (lambda: data.make_logistic_data(max_scale=1e308), ValueError, ["max_scale"]),
    (lambda: data.make_logistic_data(max_scale=0.5), ValueError, ["max_scale"]),
    (lambda: data.make_corner_points(20, corner=(1e-4, 1e-4), margin=1.99999), ValueError,
     ["corner", "margin"]),
    (lambda: data.make_1d_two_class(50, mean=1e308, std=1e308), ValueError, ["mean", "std"]),
    (lambda: data.make_1d_two_class(3, std=-1.0), ValueError, ["std"]),
    (lambda: data.make_1d_two_class(3, separable="yes"), TypeError, ["separable"]),
    (lambda: data.flip_labels([0, 1], 1.5), ValueError, ["fraction"]),
    (lambda: data.flip_labels([0, 1], float("nan")), ValueError, ["fraction"]),
    (lambda: data.flip_labels([True, False], 0.5), ValueError, ["y", "bool"]),
    (lambda: data.flip_labels([[0], [0, 1]], 0.5), ValueError, ["y", "ragged"]),
    (lambda: data.load_digits_split(0.4999, 0.5), ValueError, ["val_size", "test_size"]),
    (lambda: data.load_digits_split(standardize="no"), TypeError, ["standardize"]),
    (lambda: data.load_digits_split(bias=1), TypeError, ["bias"]),
    (lambda: data.daily_temperatures(0), ValueError, ["num_days"]),
])
def test_data_generators_refuse_out_of_range_arguments_by_name(call, exc, names):
    with raises_naming(exc, *names):
        call()


def test_extreme_but_valid_generator_arguments_give_finite_data():
    X, y, w = data.make_logistic_data(50, 3, max_scale=1e300)
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(w)) and set(y) <= {0, 1}
    X, _ = data.make_rings(20, noise=1e300)
    assert np.all(np.isfinite(X))
    X, _ = data.make_spirals(5, noise=1e300, radius=1e300)
    assert np.all(np.isfinite(X))
    split = data.load_digits_split(1e-300, 1e-300)
    assert len(split.y_val) >= 1 and len(split.y_test) >= 1 and split.n_classes == 10
    assert data.Split(*[np.zeros(0, dtype=int)] * 6).n_classes == 0


# --------------------------------------------------------------------------------------------
# augmentation


@pytest.mark.parametrize("call, exc, names", [
    (lambda: shift_images(torch.zeros(2, 64), max_shift=1.5), TypeError, ["max_shift"]),
    (lambda: shift_images(torch.zeros(2, 64), image_shape=8), TypeError, ["image_shape"]),
    (lambda: shift_images(torch.zeros(2, 64), image_shape=(4, 4, 4)), TypeError,
     ["image_shape"]),
    (lambda: shift_images(torch.zeros(2, 64), image_shape=(8, 0)), ValueError, ["image_shape"]),
    (lambda: cutout_images(torch.zeros(2, 64), size=0), ValueError, ["size"]),
    (lambda: cutout_images(torch.zeros(2, 64), size=2.0), TypeError, ["size"]),
    (lambda: jitter_points(torch.zeros(3, 2), std=1e300), ValueError, ["std", "overflow"]),
    (lambda: jitter_points(torch.tensor([[float("nan"), 0.0]])), ValueError, ["X", "finite"]),
    (lambda: jitter_points(np.array([[True, False]])), TypeError, ["X", "bool"]),
    (lambda: jitter_points("ab"), TypeError, ["X"]),
    (lambda: jitter_points(torch.zeros(3, 2), generator=0), TypeError, ["generator"]),
    (lambda: augment_digits(torch.zeros(2, 64), noise_std=-1.0), ValueError, ["std"]),
    (lambda: mixup(torch.zeros(2, 3), [0, 1], 2, alpha=0.0), ValueError, ["alpha"]),
    (lambda: mixup(torch.zeros(2, 3), [0, 1], 2, alpha=-1.0), ValueError, ["alpha"]),
    (lambda: mixup(torch.zeros(2, 3), torch.tensor([True, False]), 2), TypeError, ["y", "bool"]),
    (lambda: mixup(torch.zeros(2, 3), ["a", "b"], 2), TypeError, ["y"]),
    (lambda: mixup(torch.zeros(2, 3), [0, 1, 1], 2), ValueError, ["y", "per row"]),
])
def test_augmentation_refuses_bad_arguments_by_name(call, exc, names):
    with raises_naming(exc, *names):
        call()


def test_a_huge_shift_blanks_the_images_without_a_huge_padding():
    X = torch.rand(3, 64, generator=torch.Generator().manual_seed(0)) + 0.1
    out = shift_images(X, max_shift=2**40, generator=torch.Generator().manual_seed(0))
    assert out.shape == X.shape and bool((out == 0).any())
    assert float(out.sum()) <= float(X.sum())


def test_mixup_with_extreme_alpha_and_huge_values_stays_finite_and_between_its_ends():
    X = torch.eye(4, dtype=torch.float64)
    mixed, targets = mixup(X, [0, 1, 2, 3], 4, alpha=1e308,
                           generator=torch.Generator().manual_seed(0))
    # Beta(α, α) → 0.5 as α → ∞ (NumPy's sampler gives 0 at 1e308)
    assert set(targets.flatten().tolist()) <= {0.0, 0.5, 1.0}
    assert set(mixed.flatten().tolist()) <= {0.0, 0.5, 1.0}
    big = torch.tensor([[MAX, -MAX], [MAX, MAX]], dtype=torch.float64)
    for seed in range(5):
        mixed, _ = mixup(big, [0, 1], 2, alpha=1.0, generator=torch.Generator().manual_seed(seed))
        assert bool(torch.isfinite(mixed).all())
        assert bool((mixed <= torch.maximum(big, big.flip(0))).all())


# --------------------------------------------------------------------------------------------
# regularization


def test_l2_penalty_overflow_is_an_error_and_large_values_are_exact():
    with raises_naming(ValueError, "L2", "w", "overflow"):
        l2_penalty([1e200])
    with raises_naming(ValueError, "L1", "w", "overflow"):
        l1_penalty([MAX, MAX])
    w = [1e150, 3e150, 1e-200]
    exact = sum(Fraction(v) ** 2 for v in w)
    assert l2_penalty(w) == pytest.approx(float(exact), rel=1e-15)
    assert float(l2_penalty(torch.tensor([1, 2]))) == 5.0     # integer tensors are cast
    net = TwoLayerNet(2, 3, 2, std=1e100)
    with raises_naming(ValueError, "lam", "overflow"):
        weight_penalty(1e300)(net)
    with raises_naming(TypeError, "w", "bool"):
        l2_penalty(torch.tensor([True]))


@pytest.mark.parametrize("call, exc, names", [
    (lambda: dropout(torch.tensor([1, 2]), 0.5), TypeError, ["x", "floating"]),
    (lambda: dropout(torch.full((4,), 3e38), 0.5), ValueError, ["x", "overflow"]),
    (lambda: dropout(torch.ones(3), 0.5, training="yes"), TypeError, ["training"]),
    (lambda: dropout(torch.ones(3), 0.5, generator=3), TypeError, ["generator"]),
    (lambda: dropout(torch.ones(3), float("nan")), ValueError, ["p"]),
    (lambda: Dropout(1.0), ValueError, ["p", "[0, 1)"]),
    (lambda: weight_penalty(0.1, ["l2"]), ValueError, ["norm"]),
    (lambda: weight_penalty(float("inf")), ValueError, ["lam"]),
    (lambda: EarlyStopping(monitor=["val_loss"]), ValueError, ["monitor"]),
    (lambda: EarlyStopping(patience=2.0), TypeError, ["patience"]),
    (lambda: EarlyStopping(min_delta=float("nan")), ValueError, ["min_delta"]),
    (lambda: EarlyStopping().step(-1, 1.0, torch.nn.Linear(1, 1)), ValueError, ["epoch"]),
    (lambda: EarlyStopping().step(0, float("nan"), torch.nn.Linear(1, 1)), ValueError,
     ["val_loss"]),
    (lambda: EarlyStopping().step(0, 1.0, "model"), TypeError, ["model"]),
])
def test_regularizers_refuse_bad_arguments_by_name(call, exc, names):
    with raises_naming(exc, *names):
        call()


def test_early_stopping_refuses_to_restore_into_another_model():
    stopper = EarlyStopping()
    stopper.step(0, 1.0, torch.nn.Linear(1, 1))
    with raises_naming(ValueError, "model", "does not match"):
        stopper.restore(torch.nn.Linear(2, 1))
    net = TwoLayerNet(2, 3, 2)
    stopper = EarlyStopping()
    stopper.step(0, 1.0, net)
    with raises_naming(ValueError, "model", "W1"):
        stopper.restore(TwoLayerNet(4, 3, 2))


# --------------------------------------------------------------------------------------------
# MLP and residual constructors


@pytest.mark.parametrize("kwargs, exc, names", [
    (dict(hidden_sizes=[4, 2.0]), TypeError, ["hidden size", "hidden_sizes=[4, 2.0]"]),
    (dict(hidden_sizes=(4, -1)), ValueError, ["hidden size", "-1"]),
    (dict(hidden_sizes="32"), TypeError, ["hidden_sizes"]),
    (dict(hidden_sizes={4, 5}), TypeError, ["hidden_sizes"]),
    (dict(hidden_sizes=np.ones((2, 2), dtype=int)), TypeError, ["hidden_sizes"]),
    (dict(hidden_sizes=(True,)), TypeError, ["hidden size"]),
    (dict(activation="ReLU"), ValueError, ["activation", "'relu'", "'tanh'", "ReLU"]),
    (dict(activation=["relu"]), TypeError, ["activation", "'relu'"]),
    (dict(dropout=float("nan")), ValueError, ["dropout"]),
    (dict(out_features=2.0), TypeError, ["out_features"]),
])
def test_mlp_constructor_names_bad_arguments(kwargs, exc, names):
    args = dict(in_features=3, hidden_sizes=(5,), out_features=2) | kwargs
    with raises_naming(exc, *names):
        MLP(**args)


def test_mlp_takes_hidden_sizes_as_list_tuple_array_or_generator():
    for sizes in ([4, 3], (4, 3), np.array([4, 3]), (h for h in (4, 3))):
        assert MLP(2, sizes, 2).hidden_sizes == (4, 3)


@pytest.mark.parametrize("survival", [0.0, 1.5, float("nan"), -0.1])
def test_residual_drop_rates_are_checked(survival):
    with raises_naming(ValueError, "survival"):
        ResidualBlock(3, survival=survival)
    with raises_naming(ValueError, "survival"):
        ResidualMLP(3, 4, 2, 2, survival=survival)


# --------------------------------------------------------------------------------------------
# history, runtime, lecture examples


def test_history_refuses_unknown_keys_and_nan_curves():
    history = History(val_loss=[float("nan"), 1.0])
    with raises_naming(ValueError, "val_loss", "NaN", "epoch 0"):
        history.best()
    with raises_naming(ValueError, "name"):
        history.best(["val_loss"])
    with raises_naming(ValueError, "metric"):
        history.curves(np.array(["loss"]))


@pytest.mark.parametrize("device, exc", [("gpu", ValueError), ("cuda:abc", ValueError),
                                         ("meta", ValueError), (1.5, TypeError),
                                         (True, TypeError), (-1, ValueError),
                                         ("cuda:99", ValueError)])
def test_bad_device_strings_are_named(device, exc):
    with raises_naming(exc, "device"):
        get_device(device)
    with raises_naming(exc, "device"):
        describe_device(device)


def test_walkthrough_loss_checks_the_shape_and_is_exact_far_out():
    with raises_naming(ValueError, "W", "(9,)"):
        walkthrough_loss([1.0, 2.0])
    with raises_naming(ValueError, "W", "(9,)"):
        walkthrough_loss(0.0)
    with raises_naming(ValueError, "W", "overflows"):
        walkthrough_loss(np.full(9, MAX))
    W = np.full(9, 5.5e153)     # |d|^2 overflows, 0.5 |d|^2 does not: right only when scaled
    assert walkthrough_loss(W) == pytest.approx(float(exact_walkthrough(W)), rel=1e-14)


def exact_walkthrough(W):
    d = [Fraction(a) - Fraction(b) for a, b in zip(W, WALKTHROUGH_W)]
    linear = sum(Fraction(g) * x for g, x in zip(WALKTHROUGH_GRADIENT, d))
    return Fraction(WALKTHROUGH_LOSS) + linear + Fraction(1, 2) * sum(x * x for x in d)


# --------------------------------------------------------------------------------------------
# property-based: random bad and extreme input


@given(W=st.lists(ANY_FLOAT, min_size=9, max_size=9))
def test_walkthrough_loss_is_exact_or_refuses(W):
    try:
        got = walkthrough_loss(W)
    except ValueError as err:
        assert "W" in str(err)
        exact = None if not all(map(math.isfinite, W)) else exact_walkthrough(W)
        assert exact is None or abs(exact) > Fraction(MAX) * Fraction(99, 100)
        return
    exact = exact_walkthrough(W)
    d = [Fraction(a) - Fraction(b) for a, b in zip(W, WALKTHROUGH_W)]
    size = (Fraction(WALKTHROUGH_LOSS) + sum(abs(Fraction(g) * x) for g, x in
                                             zip(WALKTHROUGH_GRADIENT, d))
            + Fraction(1, 2) * sum(x * x for x in d))
    assert math.isfinite(got)
    assert abs(Fraction(got) - exact) <= Fraction(1, 10**12) * size


@given(w=st.lists(ANY_FLOAT, min_size=1, max_size=4))
def test_penalties_are_exact_or_refuse(w):
    for penalty, term in ((l2_penalty, lambda v: v * v), (l1_penalty, abs)):
        try:
            got = penalty(w)
        except ValueError as err:
            assert "w" in str(err)
            if all(map(math.isfinite, w)):   # refused finite input only where it overflows
                assert sum(term(Fraction(v)) for v in w) > Fraction(MAX)
            continue
        exact = sum(term(Fraction(v)) for v in w)
        # exact to 1e-14, up to a rounding to the subnormal grid (5e-324) of each term
        assert math.isfinite(got)
        assert abs(Fraction(got) - exact) <= exact / 10**14 + len(w) * Fraction(5e-324)


@given(x=st.lists(st.floats(-1e6, 1e6) | st.sampled_from([1e200, -1e200, 1e-300, 800.0]),
                  min_size=1, max_size=3),
       w=st.floats(-1e3, 1e3) | st.sampled_from([1e150, -1e150, 1e-200]),
       y=st.sampled_from([-1, 1, 1.0, np.int64(-1)]))
@settings(max_examples=40)
def test_the_neuron_graph_matches_stable_autograd_or_refuses(x, w, y):
    w = [w] * len(x)
    try:
        graph = neuron_log_loss(x, w, y)
    except ValueError as err:
        assert "x" in str(err)
        return
    loss, grad = reference_neuron(x, w, int(y))
    assert math.isfinite(graph.loss) and np.all(np.isfinite(graph.grad_w))
    assert graph.loss == pytest.approx(loss, rel=1e-9, abs=1e-300)
    np.testing.assert_allclose(graph.grad_w, grad, rtol=1e-9, atol=1e-300)


@given(v=st.lists(ANY_FLOAT, min_size=1, max_size=5))
def test_sigmoid_is_torchs_or_refuses_nan(v):
    try:
        s = sigmoid(v)
    except ValueError as err:
        assert "v" in str(err) and any(math.isnan(a) for a in v)
        return
    expected = torch.sigmoid(torch.tensor(v, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(s, expected, rtol=1e-13, atol=0)


@given(noise=ANY_FLOAT | BAD_THINGS, factor=ANY_FLOAT, seed=st.integers(-5, 2**64))
@settings(max_examples=40)
def test_rings_are_finite_or_the_argument_is_named(noise, factor, seed):
    try:
        X, y = data.make_rings(12, noise=noise, factor=factor, seed=seed)
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ("noise", "factor", "seed"))
        return
    assert X.shape == (12, 2) and np.all(np.isfinite(X)) and set(y) <= {0, 1}


@given(noise=ANY_FLOAT, radius=ANY_FLOAT, n_classes=st.integers(-2, 4) | BAD_THINGS)
@settings(max_examples=40)
def test_spirals_are_finite_or_the_argument_is_named(noise, radius, n_classes):
    try:
        X, y = data.make_spirals(5, n_classes=n_classes, noise=noise, radius=radius)
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ("noise", "radius", "n_classes"))
        return
    assert X.shape == (5 * n_classes, 2) and np.all(np.isfinite(X))
    assert np.all(np.hypot(X[:, 0], X[:, 1]) / radius <= 1 + 1e-12)


@given(mean=ANY_FLOAT, std=ANY_FLOAT, separable=st.booleans() | BAD_THINGS)
@settings(max_examples=40)
def test_the_1d_problem_is_finite_or_the_argument_is_named(mean, std, separable):
    try:
        X, y = data.make_1d_two_class(3, mean=mean, std=std, separable=separable, max_tries=5)
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ("mean", "std", "separable", "tries"))
        return
    assert X.shape == (6, 1) and np.all(np.isfinite(X))


@given(fraction=ANY_FLOAT | BAD_THINGS, seed=st.integers(-3, 2**64))
@settings(max_examples=40)
def test_flip_labels_flips_the_share_or_names_the_argument(fraction, seed):
    y = np.repeat(np.arange(3), 4)
    try:
        noisy = data.flip_labels(y, fraction, seed=seed)
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ("fraction", "seed"))
        return
    assert int(np.sum(noisy != y)) == round(fraction * 12)


@given(hidden=st.lists(st.integers(-2, 6) | st.floats(0, 5) | st.booleans(), max_size=3),
       activation=st.sampled_from(["relu", "tanh", "swish", "", None, 3]),
       dropout_=ANY_FLOAT)
@settings(max_examples=40)
def test_mlp_builds_or_names_the_argument(hidden, activation, dropout_):
    try:
        net = MLP(2, hidden, 2, activation=activation, dropout=dropout_, seed=0)
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ("hidden size", "activation", "dropout"))
        return
    assert net.hidden_sizes == tuple(hidden)
    assert net(torch.zeros(3, 2)).shape == (3, 2)


@given(X=st.lists(st.lists(st.integers(-10**6, 10**6), min_size=3, max_size=3), min_size=1,
                  max_size=6))
@settings(max_examples=20)
def test_integer_batches_score_as_their_float_values(X):
    net = MLP(3, (4,), 3, seed=0).double()
    as_float = torch.tensor(X, dtype=torch.float64)
    torch.testing.assert_close(net(np.array(X)), net(as_float))
    np.testing.assert_array_equal(predict(net, X), predict(net, as_float))


@given(p=ANY_FLOAT | BAD_THINGS)
def test_dropout_scales_what_it_keeps_or_names_p(p):
    x = torch.arange(1.0, 9.0, dtype=torch.float64)
    try:
        out = dropout(x, p, generator=torch.Generator().manual_seed(0))
    except (TypeError, ValueError) as err:
        assert "p" in str(err)
        return
    kept = out != 0
    assert bool(torch.isfinite(out).all())
    torch.testing.assert_close(out[kept], x[kept] / (1 - p))


@given(alpha=ANY_FLOAT | BAD_THINGS, scale=st.sampled_from([1.0, 1e300, MAX]))
@settings(max_examples=40)
def test_mixup_blends_within_bounds_or_names_alpha(alpha, scale):
    X = torch.tensor([[scale, -scale], [-scale, scale], [0.5, 2.0]], dtype=torch.float64)
    try:
        mixed, targets = mixup(X, [0, 1, 2], 3, alpha=alpha,
                               generator=torch.Generator().manual_seed(1))
    except (TypeError, ValueError) as err:
        assert "alpha" in str(err)
        return
    assert bool(torch.isfinite(mixed).all()) and bool(torch.isfinite(targets).all())
    torch.testing.assert_close(targets.sum(dim=1), torch.ones(3, dtype=torch.float64))
    assert bool((mixed.abs() <= X.abs().max()).all())


@given(max_shift=st.integers(-3, 2**62) | st.floats(0, 3) | st.booleans())
@settings(max_examples=40)
def test_shift_images_moves_pixels_or_names_max_shift(max_shift):
    X = torch.arange(1.0, 17.0).reshape(1, 16)
    try:
        out = shift_images(X, max_shift, (4, 4), torch.Generator().manual_seed(0))
    except (TypeError, ValueError) as err:
        assert "max_shift" in str(err)
        return
    assert out.shape == X.shape
    assert set(out[out != 0].tolist()) <= set(X.flatten().tolist())


@given(step_size=st.floats(1e-3, 1e308), scale=st.sampled_from([1.0, 1e100, 1e160, 1e200]))
@settings(max_examples=30)
def test_the_demo_steps_finitely_or_names_the_cause(step_size, scale):
    demo = LinearClassifierDemo(W=np.ones((3, 2)) * scale, step_size=step_size, reg=0.1)
    try:
        demo.snapshots(5)
    except DivergenceError as err:
        message = str(err)
        assert "diverged at step" in message
        if "before any update" in message:
            assert "step size is not the cause" in message
        else:
            assert f"step size {step_size}" in message
        return
    assert np.all(np.isfinite(demo.W)) and np.isfinite(demo.evaluate()["total"])


@given(learning_rate=st.floats(0, 1e308), std=st.sampled_from([1e-4, 1.0, 1e100, 1e200]))
@settings(max_examples=30)
def test_two_layer_net_trains_finitely_or_names_the_cause(learning_rate, std):
    X, y = np.random.default_rng(0).standard_normal((6, 2)), np.arange(6) % 2
    net = TwoLayerNet(2, 3, 2, std=std)
    try:
        history = net.train(X, y, learning_rate=learning_rate, epochs=2, batch_size=3)
    except DivergenceError as err:
        message = str(err)
        assert "diverged at step" in message
        assert ("learning rate is not the cause" in message or "start point" in message
                or f"learning rate {learning_rate}" in message)
        return
    assert all(math.isfinite(v) for v in history.train_loss + history.step_loss)


@given(device=st.text(max_size=8) | st.integers(-3, 3) | BAD_THINGS)
def test_get_device_returns_a_device_or_names_the_argument(device):
    try:
        got = get_device(device)
    except (TypeError, ValueError) as err:
        assert "device" in str(err)
        return
    assert isinstance(got, torch.device) and got.type in ("cpu", "cuda", "mps")


@given(times=st.dictionaries(st.sampled_from(["cpu", "cuda:0", "cuda:1"]),
                             ANY_FLOAT | BAD_THINGS, max_size=3))
def test_speedup_report_reports_or_names_the_time(times):
    try:
        report = speed.speedup_report(times)
    except (TypeError, ValueError) as err:
        assert "times" in str(err)
        return
    assert all(math.isfinite(t) and t > 0 for t in times.values())
    for name in times:
        assert f"{name}: " in report
    assert "inf" not in report and "nan" not in report


@given(values=st.lists(ANY_FLOAT, max_size=4), name=st.sampled_from(
    ["val_loss", "val_acc", "train_loss", "loss", "step_loss"]))
def test_history_best_picks_the_extreme_or_names_the_problem(values, name):
    history = History(**{name: values} if name in ("val_loss", "val_acc", "train_loss") else {})
    try:
        epoch, value = history.best(name)
    except ValueError as err:
        assert name in str(err)
        return
    pick = min if name.endswith("loss") else max
    assert value == pick(values) and values[epoch] == value
