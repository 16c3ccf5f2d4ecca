"""lectures_lib.tuning: grid and random points, and the search that keeps the best."""

import numpy as np
import pytest

from lectures_lib.tuning import grid_points, random_points, search

SPACE = {"lr": (1e-4, 1.0, "log"), "p": (0.0, 0.5, "linear")}


def test_grid_has_every_combination_of_evenly_spaced_values():
    points = grid_points(SPACE, 5)
    assert len(points) == 25
    lrs = sorted({p["lr"] for p in points})
    np.testing.assert_allclose(lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1.0])     # log-spaced
    np.testing.assert_allclose(sorted({p["p"] for p in points}), [0, 0.125, 0.25, 0.375, 0.5])
    assert len({(p["lr"], p["p"]) for p in points}) == 25


def test_random_points_are_log_uniform_in_range_and_seeded():
    points = random_points(SPACE, 4000, seed=1)
    lr = np.array([p["lr"] for p in points])
    p = np.array([p["p"] for p in points])
    assert lr.min() >= 1e-4 and lr.max() <= 1.0 and p.min() >= 0 and p.max() <= 0.5
    # log-uniform: each decade holds about a quarter of the draws
    counts = np.histogram(np.log10(lr), bins=4, range=(-4, 0))[0]
    assert np.all(np.abs(counts / 4000 - 0.25) < 0.03)
    assert abs(p.mean() - 0.25) < 0.01
    assert random_points(SPACE, 5, seed=1) == random_points(SPACE, 5, seed=1)
    assert random_points(SPACE, 5, seed=1) != random_points(SPACE, 5, seed=2)
    assert len({point["lr"] for point in random_points(SPACE, 9)}) == 9


def test_search_keeps_the_best_setting_and_records_every_trial():
    def objective(lr, p):
        return -(np.log10(lr) + 1) ** 2 - p

    result = search(objective, grid_points(SPACE, 5))
    assert result.best == {"lr": pytest.approx(0.1), "p": 0.0, "score": pytest.approx(0.0)}
    assert len(result.trials) == 25 and result.values("score").shape == (25,)
    lowest = search(objective, grid_points(SPACE, 5), maximize=False).best
    assert lowest["lr"] == pytest.approx(1e-4) and lowest["p"] == 0.5


def test_random_search_beats_a_grid_when_one_hyperparameter_matters():
    """Bergstra and Bengio's argument, on a function of lr alone."""
    def objective(lr, p):
        return -abs(np.log10(lr) + 1.5)  # best at lr = 10**-1.5, between grid values

    grid = search(objective, grid_points(SPACE, 3)).best["score"]
    wins = sum(search(objective, random_points(SPACE, 9, seed=s)).best["score"] > grid
               for s in range(20))
    assert wins >= 15


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="space must be a non-empty dict"):
        grid_points({}, 3)
    with pytest.raises(ValueError, match=r"space\['lr'\] must be \(low, high, scale\)"):
        grid_points({"lr": (1e-3, 1.0)}, 3)
    with pytest.raises(ValueError, match="the scale of lr must be 'linear' or 'log', got 'ln'"):
        random_points({"lr": (1e-3, 1.0, "ln")}, 3)
    with pytest.raises(ValueError, match="lr needs low < high .* got 0.0 and 1.0"):
        grid_points({"lr": (0.0, 1.0, "log")}, 3)
    with pytest.raises(ValueError, match="per_axis must be >= 1, got 0"):
        grid_points(SPACE, 0)
    with pytest.raises(ValueError, match="points is empty"):
        search(lambda lr: 0.0, [])
    with pytest.raises(ValueError, match="the objective's score must be finite, got nan"):
        search(lambda lr: float("nan"), [{"lr": 0.1}])
