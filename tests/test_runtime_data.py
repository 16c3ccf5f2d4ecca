"""Seeds, devices, the timer and data loading."""

import random
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from lectures_lib import describe_device, get_device, runtime, seed_everything
from lectures_lib.data import add_bias_column, load_digits_split


def test_seed_everything_makes_every_generator_repeat():
    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    seed_everything(5)
    first = draw()
    seed_everything(5)
    assert draw() == first
    seed_everything(6)
    assert draw() != first


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError), (True, TypeError)])
def test_seed_everything_rejects_bad_seeds(seed, error):
    with pytest.raises(error, match="seed must"):
        seed_everything(seed)


def test_get_device_picks_cuda_only_when_available():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert get_device().type == expected
    assert get_device("cpu") == torch.device("cpu")
    assert describe_device("cpu") == "cpu (no CUDA device in use)"


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on machines without CUDA")
def test_asking_for_missing_cuda_is_an_error():
    with pytest.raises(ValueError, match="'cuda' was asked for, but CUDA is not available"):
        get_device("cuda")


def test_get_device_rejects_nonsense():
    with pytest.raises(ValueError, match="device must name a torch device"):
        get_device("gpu-please")


def test_time_calls_times_each_call_after_the_warmup_and_returns_the_last_result(monkeypatch):
    now, durations = [0.0], iter([0.5, 0.03, 0.01, 0.02])  # a slow warm-up call, then three
    monkeypatch.setattr(runtime, "time", SimpleNamespace(perf_counter=lambda: now[0]))

    def work():
        now[0] += next(durations)
        return now[0]

    seconds, result = runtime.time_calls(work, repeats=3, warmup=1)
    assert seconds == pytest.approx([0.03, 0.01, 0.02])
    assert result == pytest.approx(0.56)
    with pytest.raises(TypeError, match="fn must be callable"):
        runtime.time_calls(3)
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        runtime.time_calls(work, repeats=0)


def test_digits_split_is_stratified_standardised_and_reproducible():
    a, b = load_digits_split(seed=1), load_digits_split(seed=1)
    np.testing.assert_array_equal(a.X_test, b.X_test)
    assert len(a.y_train) + len(a.y_val) + len(a.y_test) == 1797
    np.testing.assert_allclose(a.X_train.mean(axis=0), 0, atol=1e-12)
    assert set(np.unique(a.y_val)) == set(range(10))
    assert not np.array_equal(load_digits_split(seed=2).y_test, a.y_test)
    assert load_digits_split(bias=True).X_train.shape[1] == 65


def test_digits_split_rejects_bad_fractions():
    with pytest.raises(ValueError, match="got 0.6 and 0.5"):
        load_digits_split(val_size=0.6, test_size=0.5)


def test_add_bias_column():
    np.testing.assert_array_equal(add_bias_column([[2.0], [3.0]]), [[2.0, 1.0], [3.0, 1.0]])
