"""Which values of each control the kernel-free copy of a widget draws pictures for.

The HTML book's copy of an :class:`~lectures_lib.viz.widgets.InteractiveFigure`
(:mod:`lectures_lib.viz.offline_widget`) shows pictures computed when the chapter was executed,
so it offers a few values of each control (:func:`control_values`): every option of a menu or
an options slider, and :data:`POINTS` values spread over a slider's range (its ends and its
default among them). When all combinations number at most :data:`GRID_LIMIT`, every
combination is drawn (``"grid"``); otherwise each control is swept with the others at their
defaults (``"sweep"``), and moving one control puts the others back to their defaults
(:func:`settings`).
"""

import itertools
import math
import numbers
from collections.abc import Mapping

import ipywidgets

from lectures_lib._checks import check_int

#: Values offered for a slider in the kernel-free copy (its two ends and its default included).
POINTS = 5
#: The most pictures drawn for all combinations of the controls' values; above it each control
#: is swept alone.
GRID_LIMIT = 16


def _snap(value, low, step):
    """``value`` moved to the slider's grid ``low + k * step`` (floats cleaned of 1e-17 noise).

    Rounded to 10 decimals, or to 6 significant digits of the step for a finer one; a grid
    finer than float64 can tell apart leaves the value as it is.

    >>> _snap(0.30000000000000004, 0.0, 0.05), _snap(2.4e-12, 0.0, 1e-13)
    (0.3, 2.4e-12)
    """
    if not step or step <= 0:  # a slider without a grid (ipywidgets allows step=None)
        return value
    k = (value - low) / step
    if not math.isfinite(k) or abs(k) > 2**52:
        return value
    return round(low + round(k) * step, max(10, 6 - math.floor(math.log10(step))))


def control_values(control, points=POINTS, values=None):
    """The values the kernel-free copy offers for one control, and their labels.

    ``values`` chooses them (e.g. the thresholds that fall between a classifier's scores);
    they must lie in the control's range (or be among its options), and its current value and
    the two ends of its range are added to them, so the copy spans the widget's whole range.

    Returns
    -------
    values : list
    labels : list of str
        As the widget shows them (its readout format, or the option's label).
    default : int
        The index of the control's current value.

    Raises
    ------
    TypeError
        If ``control`` is not a slider, log slider, int slider, options slider or menu,
        ``values`` is not a list, or ``points`` not an integer.
    ValueError
        If a value lies outside the control's range (or is not among its options; an int
        slider's values must be integers), or ``points < 2``.

    Examples
    --------
    >>> from lectures_lib.viz.controls import slider, choice
    >>> control_values(slider("p", 0.5, 0.0, 0.9, 0.05))
    ([0.0, 0.2, 0.5, 0.7, 0.9], ['0.00', '0.20', '0.50', '0.70', '0.90'], 2)
    >>> control_values(choice("activation", ["relu", "tanh"]))
    (['relu', 'tanh'], ['relu', 'tanh'], 0)
    """
    points = check_int(points, "points", low=2)
    description = getattr(control, "description", None)
    if values is not None and (isinstance(values, (str, bytes, Mapping))
                               or not hasattr(values, "__iter__")):
        raise TypeError(f"book values for {description!r} must be a list of values, got "
                        f"{type(values).__name__} {values!r}")
    if isinstance(control, (ipywidgets.Dropdown, ipywidgets.SelectionSlider,
                            ipywidgets.ToggleButtons, ipywidgets.RadioButtons)):
        options = dict(zip(control._options_values, control._options_labels))
        chosen = list(options) if values is None else list(values)
        missing = [v for v in chosen if v not in options]
        if missing:
            raise ValueError(f"book values for {control.description!r} must be among its "
                             f"options {list(options)}, got {missing[0]!r}")
        ends = ([control._options_values[0], control._options_values[-1]]
                if isinstance(control, ipywidgets.SelectionSlider) else [])
        chosen += [v for v in [control.value, *ends] if v not in chosen]
        chosen.sort(key=list(options).index)
        return chosen, [str(options[v]) for v in chosen], chosen.index(control.value)
    if not isinstance(control, (ipywidgets.FloatSlider, ipywidgets.IntSlider,
                                ipywidgets.FloatLogSlider)):
        raise TypeError(f"the kernel-free copy has no rendering for a "
                        f"{type(control).__name__} control ({description!r}); use a "
                        f"slider, log_slider, int_slider, options_slider or choice")
    if values is not None:
        values = list(values)
        ends = (control.min, control.max)  # the values at the slider's two ends
        if isinstance(control, ipywidgets.FloatLogSlider):
            ends = tuple(control.base ** e for e in ends)
        whole = isinstance(control, ipywidgets.IntSlider)
        kind = (numbers.Integral if whole else numbers.Real)
        wrong = [v for v in values if isinstance(v, bool) or not isinstance(v, kind)]
        bad = wrong or [v for v in values
                        if not control.min <= _exponent(control, v) <= control.max]
        if bad:
            what = "integers" if whole else "numbers"
            raise ValueError(f"book values for {description!r} must be {what} in its "
                             f"range [{ends[0]:g}, {ends[1]:g}], got {bad[0]!r}")
        values = sorted(set(int(v) if whole else float(v) for v in values)
                        | {control.value, *ends})
    else:
        low, high, step = control.min, control.max, control.step
        here = _exponent(control, control.value)
        if (isinstance(control, ipywidgets.FloatLogSlider) and high - low >= points - 1
                and float(low).is_integer()):
            step = max(step, 1.0)  # whole powers of ten: 1e-8, not 3e-08
        # low (1 - t) + high t: no overflow of high - low at the ends of the float range
        points_ = [_snap(low * (1 - k / (points - 1)) + high * (k / (points - 1)), low, step)
                   for k in range(points)]
        # the ends exactly (a range that is no multiple of the step would snap past them)
        points_ = [low, *(min(max(v, low), high) for v in points_[1:-1]), high]
        # the default replaces the inner point nearest to it, so no two values crowd together
        inner = min(range(1, points - 1), key=lambda k: abs(points_[k] - here), default=None)
        if inner is not None and not any(math.isclose(here, v) for v in points_):
            points_[inner] = here
        values = sorted(set(points_) | {here})
        if isinstance(control, ipywidgets.FloatLogSlider):
            values = [control.value if math.isclose(e, here) else control.base ** e
                      for e in values]
        elif isinstance(control, ipywidgets.IntSlider):
            values = [int(v) for v in values]
    fmt = getattr(control, "readout_format", "") or ""
    labels = [format(v, fmt) for v in values]
    return values, labels, values.index(control.value)


def _exponent(control, value):
    """Where ``value`` sits on the slider's own scale (its exponent, for a log slider)."""
    if isinstance(control, ipywidgets.FloatLogSlider):
        if not math.isfinite(value):
            return math.nan
        return round(math.log(value, control.base), 10) if value > 0 else -math.inf
    return value


def settings(sizes, defaults, grid_limit=GRID_LIMIT):
    """The combinations of value indices to draw, and the mode (``"grid"`` or ``"sweep"``).

    Examples
    --------
    >>> settings([2, 2], [0, 1])
    ('grid', [(0, 0), (0, 1), (1, 0), (1, 1)])
    >>> settings([5, 5], [2, 0])
    ('sweep', [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (2, 1), (2, 2), (2, 3), (2, 4)])

    Raises
    ------
    TypeError
        If a size, default or ``grid_limit`` is not an integer.
    ValueError
        If a size is below 1, ``defaults`` has not one index per size, an index lies outside
        its size, or ``grid_limit`` is negative.
    """
    sizes = [check_int(n, f"sizes[{c}]", low=1) for c, n in enumerate(sizes)]
    defaults = list(defaults)
    if len(defaults) != len(sizes):
        raise ValueError(f"defaults must have one index per control: {len(sizes)} sizes but "
                         f"{len(defaults)} defaults")
    defaults = [check_int(d, f"defaults[{c}]", low=0, high=n - 1)
                for c, (d, n) in enumerate(zip(defaults, sizes))]
    grid_limit = check_int(grid_limit, "grid_limit", low=0)
    if math.prod(sizes) <= grid_limit or not sizes:  # (no controls: one picture)
        return "grid", list(itertools.product(*(range(n) for n in sizes)))
    chosen = []
    for c, n in enumerate(sizes):
        for j in range(n):
            setting = tuple(j if k == c else d for k, d in enumerate(defaults))
            if setting not in chosen:
                chosen.append(setting)
    return "sweep", chosen
