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

import inspect
import itertools
from dataclasses import dataclass, field

import numpy as np

from lectures_lib._checks import as_scalar, check_callable, check_positive_int, check_seed

#: The most settings one search may hold (a grid grows as ``per_axis ** len(space)``).
MAX_POINTS = 1_000_000


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
        """The values of hyperparameter (or ``"score"``) ``name`` over the trials, as an array.

        Raises
        ------
        ValueError
            When ``name`` is neither a hyperparameter of the trials nor ``"score"``.
        """
        known = sorted({key for trial in self.trials for key in trial})
        if self.trials and name not in known:
            raise ValueError(f"name must be one of the trials' keys {known}, got {name!r}")
        return np.array([trial[name] for trial in self.trials])


def _check_space(space):
    """``space`` as {name: (low, high, scale)} with low < high, scale "linear" or "log"."""
    if not isinstance(space, dict) or not space:
        raise TypeError(f"space must be a non-empty dict of name -> (low, high, scale), got "
                        f"{space!r:.80}")
    checked = {}
    for name, spec in space.items():
        if not isinstance(name, str):
            raise TypeError(f"space's keys must be hyperparameter names (str), got {name!r}")
        if name == "score":
            raise ValueError("space cannot name a hyperparameter 'score': the trials keep the "
                             "objective's score under that key")
        if not (isinstance(spec, (tuple, list)) and len(spec) == 3):
            raise ValueError(f"space[{name!r}] must be (low, high, scale), got {spec!r}")
        low, high = as_scalar(spec[0], f"low of {name}"), as_scalar(spec[1], f"high of {name}")
        scale = spec[2]
        if not (isinstance(scale, str) and scale in ("linear", "log")):
            raise ValueError(f"the scale of {name} must be 'linear' or 'log', got {scale!r}")
        if not low < high or (scale == "log" and low <= 0):
            raise ValueError(f"{name} needs low < high (and low > 0 on a log scale), got "
                             f"{low} and {high}")
        checked[name] = (low, high, scale)
    return checked


def _between(low, high, t):
    """``low + t (high - low)`` for fractions ``t`` in [0, 1], kept in [low, high].

    When ``high - low`` overflows (``-1e308`` to ``1e308``) it is ``low (1 - t) + high t``.
    """
    with np.errstate(over="ignore"):
        width = high - low
    values = low + t * width if np.isfinite(width) else low * (1 - t) + high * t
    return np.clip(np.where(t == 1, high, values), low, high)  # the end exactly, as linspace


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

    Raises
    ------
    TypeError
        For a space that is not a non-empty dict, or a non-integer ``per_axis``.
    ValueError
        For a bad (low, high, scale) entry, ``per_axis < 1``, or more than
        :data:`MAX_POINTS` settings.

    Examples
    --------
    >>> grid_points({"lr": (1e-3, 1e-1, "log"), "p": (0.0, 0.5, "linear")}, 2)
    [{'lr': 0.001, 'p': 0.0}, {'lr': 0.001, 'p': 0.5}, {'lr': 0.1, 'p': 0.0}, {'lr': 0.1, 'p': 0.5}]
    """
    space = _check_space(space)
    per_axis = check_positive_int(per_axis, "per_axis")
    if per_axis ** len(space) > MAX_POINTS:
        raise ValueError(f"per_axis={per_axis} makes per_axis ** {len(space)} = "
                         f"{per_axis ** len(space):.3g} settings, more than {MAX_POINTS:,}: "
                         "use fewer values per axis, or random_points")
    steps = np.linspace(0.0, 1.0, per_axis)
    axes = [np.geomspace(low, high, per_axis) if scale == "log"
            else _between(low, high, steps) for low, high, scale in space.values()]
    return [{name: float(value) for name, value in zip(space, combination)}
            for combination in itertools.product(*axes)]


def random_points(space, n_points, seed=0):
    """``n_points`` settings drawn at random: uniform, or log-uniform on a log scale.

    Parameters
    ----------
    space : dict of str to (float, float, str)
        ``name -> (low, high, scale)`` as in :func:`grid_points`.
    n_points : int
        From 1 to :data:`MAX_POINTS`.
    seed : int, default 0
        A non-negative integer below ``2**63``.

    Returns
    -------
    list of dict

    Raises
    ------
    TypeError
        For a space that is not a non-empty dict, or a non-integer ``n_points`` or ``seed``.
    ValueError
        For a bad (low, high, scale) entry, ``n_points`` out of range, or a negative seed.

    Examples
    --------
    >>> points = random_points({"lr": (1e-3, 1e-1, "log")}, 3)
    >>> len(points), all(1e-3 <= p["lr"] <= 1e-1 for p in points)
    (3, True)
    """
    space = _check_space(space)
    n_points = check_positive_int(n_points, "n_points")
    if n_points > MAX_POINTS:
        raise ValueError(f"n_points must be <= {MAX_POINTS:,}, got {n_points}")
    rng = np.random.default_rng(check_seed(seed))
    columns = {}
    for name, (low, high, scale) in space.items():
        fractions = rng.random(n_points)  # one uniform draw per point, as rng.uniform makes
        if scale == "log":
            exponents = _between(np.log10(low), np.log10(high), fractions)
            columns[name] = np.clip(10.0 ** exponents, low, high)
        else:
            columns[name] = _between(low, high, fractions)
    return [{name: float(columns[name][i]) for name in space} for i in range(n_points)]


def _score(value, setting):
    """The objective's return value as a finite float (a one-element tensor too)."""
    if type(value).__module__.startswith("torch") and hasattr(value, "item"):
        if value.numel() != 1:
            raise TypeError(f"the objective's score must be a single number, got a tensor of "
                            f"shape {tuple(value.shape)} for the setting {setting}")
        value = value.item()
    try:
        return as_scalar(value, "the objective's score")
    except (TypeError, ValueError) as err:
        raise type(err)(f"{err} (for the setting {setting})") from None


def _check_points(points, objective):
    """``points`` as a list of settings (dicts of name -> value) that ``objective`` accepts."""
    if isinstance(points, (dict, str)) or not hasattr(points, "__iter__"):
        raise TypeError(f"points must be a list of dicts (e.g. from grid_points), got "
                        f"{type(points).__name__}")
    points = list(points)
    if not points:
        raise ValueError("points is empty: there is no setting to try")
    try:
        signature = inspect.signature(objective)
    except (TypeError, ValueError):  # some builtins have none
        signature = None
    for i, setting in enumerate(points):
        if not isinstance(setting, dict) or not all(isinstance(k, str) for k in setting):
            raise TypeError(f"points[{i}] must be a dict of hyperparameter name -> value, got "
                            f"{setting!r:.80}")
        if "score" in setting:
            raise ValueError(f"points[{i}] names a hyperparameter 'score': the trials keep the "
                             "objective's score under that key")
        if signature is not None:
            try:
                signature.bind(**setting)
            except TypeError as err:
                raise TypeError(f"objective cannot take points[{i}] = {setting} as keyword "
                                f"arguments: {err}") from None
    return points


def search(objective, points, maximize=True):
    """Score every setting with ``objective`` and keep the best one.

    Parameters
    ----------
    objective : callable
        ``objective(**setting)`` trains with those hyperparameters and returns the validation
        score (never the test score): a finite number.
    points : list of dict
        The settings, e.g. from :func:`grid_points` or :func:`random_points`.
    maximize : bool, default True
        Whether a higher score is better (an accuracy) or a lower one (a loss).

    Returns
    -------
    TuningResult

    Raises
    ------
    TypeError
        For an objective that is not callable or cannot take a setting's names, a setting
        that is not a dict, or a score that is not a number.
    ValueError
        For no settings, or a NaN or infinite score (the message names the setting).

    Examples
    --------
    >>> result = search(lambda x: -(x - 0.3) ** 2, grid_points({"x": (0.0, 1.0, "linear")}, 11))
    >>> result.best["x"], len(result.trials)
    (0.30000000000000004, 11)
    """
    check_callable(objective, "objective")
    if not isinstance(maximize, (bool, np.bool_)):
        raise TypeError(f"maximize must be True or False, got {type(maximize).__name__} "
                        f"{maximize!r}")
    points = _check_points(points, objective)
    trials = []
    for setting in points:
        score = _score(objective(**setting), setting)
        trials.append({**setting, "score": score})
    pick = max if maximize else min
    best = pick(trials, key=lambda trial: trial["score"])
    return TuningResult(trials=trials, best=best)
