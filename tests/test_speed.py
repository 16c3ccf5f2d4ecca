"""The timing helpers of the GPU cells: what they time, and that a step is a real step."""

import copy
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

from lectures_lib import runtime, speed
from lectures_lib.nn.mlp import MLP
from lectures_lib.optim import SGD


def test_seconds_per_call_is_the_median_of_the_timed_calls(monkeypatch):
    # a clock that only the work moves: a busy machine cannot slow a sleep past the bounds
    calls, now = [], [0.0]
    monkeypatch.setattr(runtime, "time", SimpleNamespace(perf_counter=lambda: now[0]))

    def work():
        calls.append(None)
        now[0] += 0.02 if len(calls) == 1 else 0.005  # a slow first (warm-up) call

    seconds = speed.seconds_per_call(work, "cpu", repeats=5, warmup=1)
    assert len(calls) == 6
    assert 0.004 < seconds < 0.015  # the warm-up call is not counted


def test_cuda_work_is_waited_for_before_the_clock_stops(monkeypatch):
    waits = []
    monkeypatch.setattr(torch.cuda, "synchronize", lambda device=None: waits.append(device))
    speed.seconds_per_call(lambda: None, "cuda:0", repeats=3, warmup=2)
    assert len(waits) == 1 + 3  # once after the warm-up, once per timed call
    speed.seconds_per_call(lambda: None, "cpu", repeats=3)
    assert len(waits) == 4


@pytest.mark.parametrize("kwargs, error, match", [
    ({"fn": 3}, TypeError, "fn must be callable"),
    ({"repeats": 0}, ValueError, "repeats"),
    ({"warmup": -1}, ValueError, "warmup must be a non-negative integer, got -1"),
])
def test_bad_timing_arguments_are_named(kwargs, error, match):
    arguments = {"fn": lambda: None, "device": "cpu", **kwargs}
    with pytest.raises(error, match=match):
        speed.seconds_per_call(**arguments)


def test_a_training_step_is_the_step_torch_takes():
    torch.manual_seed(0)
    X, y = torch.randn(32, 20), torch.randint(3, (32,))
    ours = MLP(20, (16,), 3, seed=0)
    reference = copy.deepcopy(ours)
    step = speed.training_step(ours, SGD(ours.parameters(), lr=0.1, momentum=0.9), X, y)
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    for _ in range(3):
        loss = step()
        optimizer.zero_grad()
        expected = F.cross_entropy(reference(X), y)
        expected.backward()
        optimizer.step()
        assert loss.item() == pytest.approx(expected.item(), rel=1e-6)
    for p, q in zip(ours.parameters(), reference.parameters()):
        torch.testing.assert_close(p, q)


def test_an_mlp_step_trains_on_its_batch():
    step = speed.mlp_step("cpu", batch_size=64, hidden_sizes=(32,), in_features=10,
                          optimizer=lambda p: SGD(p, lr=0.5, momentum=0.9))
    losses = [step().item() for _ in range(40)]
    assert losses[-1] < 0.05 * losses[0]  # it memorises the random labels of its one batch


def test_compare_devices_times_every_available_device():
    built, calls = [], []

    def make_step(device):
        built.append(device)
        return lambda: calls.append(device)

    times = speed.compare_devices(make_step)
    assert built == speed.available_devices() and built[0] == torch.device("cpu")
    assert list(times)[0] == "cpu" and len(times) == len(built)
    assert len(calls) == sum(1 + speed.REPEATS[device.type] for device in built)  # warm-up + timed


def test_the_report_gives_each_gpu_its_speedup():
    report = speed.speedup_report({"cpu": 0.3, "cuda:0 (Tesla T4)": 0.01}, what="epoch")
    assert report.splitlines() == ["cpu: 300.0 ms per epoch",
                                   "cuda:0 (Tesla T4): 10.0 ms per epoch, 30x the speed of the CPU"]
    assert "no CUDA device here" in speed.speedup_report({"cpu": 0.3})
    with pytest.raises(ValueError, match="times is empty"):
        speed.speedup_report({})


def test_the_softmax_gradient_is_autograds_and_the_closed_form():
    step = speed.softmax_gradient("cpu", batch_size=50, num_features=7, num_classes=4)
    loss = step()
    # Closed form: dL/dW = X^T (softmax(XW) - onehot(y)) / N, from the step's own tensors.
    X, y, W = step.X, step.y, step.W
    probabilities = torch.softmax(X @ W.detach(), dim=1)
    expected = X.T @ (probabilities - F.one_hot(y, 4).float()) / 50
    torch.testing.assert_close(W.grad, expected)
    assert loss.item() == pytest.approx(F.cross_entropy(X @ W.detach(), y).item())


def test_mlp_predict_gives_one_class_per_example_without_gradients():
    predict = speed.mlp_predict("cpu", num_examples=30, hidden_sizes=(8,), in_features=5)
    classes = predict()
    assert classes.shape == (30,) and classes.dtype == torch.int64
    assert not classes.requires_grad and int(classes.max()) < 10
    with pytest.raises(ValueError, match="num_examples"):
        speed.mlp_predict("cpu", num_examples=0)


def test_the_timing_table_has_a_row_per_setting_and_a_speedup_column():
    rows = {"SGD": {"cpu": 0.1, "cuda:0 (Tesla T4)": 0.002},
            "Adam": {"cpu": 0.12, "cuda:0 (Tesla T4)": 0.003}}
    lines = speed.timing_table(rows, "optimizer").splitlines()
    assert lines[0] == "ms per step" and lines[1].split()[-1] == "speed-up"
    assert lines[2].split() == ["SGD", "100.0", "2.0", "50x"]
    assert lines[3].split() == ["Adam", "120.0", "3.0", "40x"]
    cpu_only = speed.timing_table({32: {"cpu": 1e-5}}, "batch", unit="µs per example", scale=1e6)
    assert cpu_only.splitlines()[2].split() == ["32", "10.0"]
    assert cpu_only.endswith(speed.NO_GPU)
    with pytest.raises(ValueError, match="rows is empty"):
        speed.timing_table({}, "batch")


def test_the_timed_work_is_float32_whatever_the_default_dtype():
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        assert speed.mlp_step("cpu", batch_size=4, hidden_sizes=(3,))().dtype == torch.float32
        assert speed.softmax_gradient("cpu", 4, 3, 2)().dtype == torch.float32
    finally:
        torch.set_default_dtype(previous)
