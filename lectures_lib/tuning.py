"""Hyperparameter search on the validation set: grid search and random search.

The training procedure of the lectures: the weights are fitted on the *training* set, the
hyperparameters (learning rate, regularization strength, ...) are chosen by their score on the
*validation* set, and the *test* set is used once, at the end, to report the chosen model.

.. code-block:: text

    for each hyperparameter setting (a grid, or random draws):
        train on the training set; score on the validation set
    keep the setting with the best validation score
    report its score on the test set, once

With the same budget, random search tries a new value of *every* hyperparameter in every trial,
while a grid repeats each value many times; when only some hyperparameters matter, random search
therefore explores the important ones more finely (Bergstra and Bengio, 2012).
"""

import itertools
from dataclasses import dataclass, field

import numpy as np

from lectures_lib._checks import as_scalar, check_positive_int


@dataclass
class TuningResult:
    """The trials of a hyperparameter search and the best of them.

    Attributes
    ----------
    trials : list of dict
        One per setting tried: its hyperparameters and, under ``"score"``, its validation score.
    best : dict
        The trial with the best score (the highest, or the lowest when minimising).
    """

    trials: list = field(default_factory=list)
    best: dict = field(default_factory=dict)

    def values(self, name):
        """The values of hyperparameter (or ``"score"``) ``name`` over the trials, as an array."""
        return np.array([trial[name] for trial in self.trials])


def _check_space(space):
    """``space`` as {name: (low, high, scale)} with low < high, scale "linear" or "log"."""
    if not isinstance(space, dict) or not space:
        raise TypeError(f"space must be a non-empty dict of name -> (low, high, scale), got {space!r}")
    checked = {}
    for name, spec in space.items():
        if not (isinstance(spec, tuple) and len(spec) == 3):
            raise ValueError(f"space[{name!r}] must be (low, high, scale), got {spec!r}")
        low, high = as_scalar(spec[0], f"low of {name}"), as_scalar(spec[1], f"high of {name}")
        scale = spec[2]
        if scale not in ("linear", "log"):
            raise ValueError(f"the scale of {name} must be 'linear' or 'log', got {scale!r}")
        if not low < high or (scale == "log" and low <= 0):
            raise ValueError(f"{name} needs low < high (and low > 0 on a log scale), got "
                             f"{low} and {high}")
        checked[name] = (low, high, scale)
    return checked


def grid_points(space, per_axis):
    """Every combination of ``per_axis`` evenly spaced values of each hyperparameter.

    Parameters
    ----------
    space : dict of str to (float, float, str)
        ``name -> (low, high, scale)``; ``scale`` is ``"linear"`` or ``"log"`` (evenly spaced
        exponents, for hyperparameters such as the learning rate that span decades).
    per_axis : int
        Values per hyperparameter: ``per_axis ** len(space)`` settings in all.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> grid_points({"lr": (1e-3, 1e-1, "log"), "p": (0.0, 0.5, "linear")}, 2)
    [{'lr': 0.001, 'p': 0.0}, {'lr': 0.001, 'p': 0.5}, {'lr': 0.1, 'p': 0.0}, {'lr': 0.1, 'p': 0.5}]
    """
    space = _check_space(space)
    per_axis = check_positive_int(per_axis, "per_axis")
    axes = [np.geomspace(low, high, per_axis) if scale == "log"
            else np.linspace(low, high, per_axis) for low, high, scale in space.values()]
    return [{name: float(value) for name, value in zip(space, combination)}
            for combination in itertools.product(*axes)]


def random_points(space, n_points, seed=0):
    """``n_points`` settings drawn at random: uniform, or log-uniform on a log scale.

    Parameters
    ----------
    space : dict of str to (float, float, str)
        ``name -> (low, high, scale)`` as in :func:`grid_points`.
    n_points : int
    seed : int, default 0

    Returns
    -------
    list of dict

    Examples
    --------
    >>> points = random_points({"lr": (1e-3, 1e-1, "log")}, 3)
    >>> len(points), all(1e-3 <= p["lr"] <= 1e-1 for p in points)
    (3, True)
    """
    space = _check_space(space)
    n_points = check_positive_int(n_points, "n_points")
    rng = np.random.default_rng(seed)
    columns = {}
    for name, (low, high, scale) in space.items():
        if scale == "log":
            columns[name] = 10.0 ** rng.uniform(np.log10(low), np.log10(high), n_points)
        else:
            columns[name] = rng.uniform(low, high, n_points)
    return [{name: float(columns[name][i]) for name in space} for i in range(n_points)]


def search(objective, points, maximize=True):
    """Score every setting with ``objective`` and keep the best one.

    Parameters
    ----------
    objective : callable
        ``objective(**setting)`` trains with those hyperparameters and returns the validation
        score (never the test score).
    points : list of dict
        The settings, e.g. from :func:`grid_points` or :func:`random_points`.
    maximize : bool, default True
        Whether a higher score is better (an accuracy) or a lower one (a loss).

    Returns
    -------
    TuningResult

    Examples
    --------
    >>> result = search(lambda x: -(x - 0.3) ** 2, grid_points({"x": (0.0, 1.0, "linear")}, 11))
    >>> result.best["x"], len(result.trials)
    (0.30000000000000004, 11)
    """
    if not points:
        raise ValueError("points is empty: there is no setting to try")
    trials = []
    for setting in points:
        score = as_scalar(objective(**setting), "the objective's score")
        trials.append({**setting, "score": score})
    pick = max if maximize else min
    best = pick(trials, key=lambda trial: trial["score"])
    return TuningResult(trials=trials, best=best)
