"""The error of finite differences against their step: the gradient check of chapter 2.

A numeric gradient's error first falls with the step ``h`` (truncation error: ``h`` for forward
differences, ``h**2`` for centred ones), then rises again as rounding takes over (about
``eps / h``); :func:`draw_finite_difference_error` draws both curves on log axes and marks the
step in use. Chapter 2 moves ``h`` with a slider.
"""

import numpy as np

from lectures_lib._checks import as_float_array, check_positive
from lectures_lib.viz.plots import (COLORS, _check_curves, _check_drawable, _check_figure,
                                    _check_text, _plain, _settle_log, style_figure)


def draw_finite_difference_error(fig, h, steps, errors, title=None):
    """Draw the error of finite differences against the step, and mark the step ``h``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Drawn on from scratch (it is cleared first).
    h : float
        The step to mark; it must lie within the range of ``steps``.
    steps : array_like
        The steps of the curves (positive; log-spaced; any order).
    errors : dict of str to array_like
        Error curves keyed by method name (``"forward"``, ``"centred"``), one value (>= 0) per
        step.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``fig`` is not a figure, ``errors`` not a dict, or a value is not numeric.
    ValueError
        If ``h`` or a step is not positive, ``h`` lies outside the steps' range, a curve's
        length differs from the steps', a value is negative, NaN or inf, or a positive value
        lies outside [1e-200, 1e200] (a log axis cannot be drawn wider).
    """
    _check_figure(fig)
    h = check_positive(h, "h")
    steps = as_float_array(_plain(steps), "steps", ndim=1)
    if steps.size == 0:
        raise ValueError("steps is empty: there is nothing to draw")
    _check_drawable(steps, "steps")
    low, high = steps.min(), steps.max()
    if not low * (1 - 1e-9) <= h <= high * (1 + 1e-9):
        raise ValueError(f"h must lie within the range of steps [{low:.3g}, {high:.3g}], "
                         f"got {h:.3g}")
    _check_curves(errors, "errors")
    _check_text(title, "title", optional=True)
    order = np.argsort(steps, kind="stable")
    curves = {}
    for method, curve in errors.items():
        name = f"errors[{method!r}]"
        curve = as_float_array(_plain(curve), name, ndim=1)
        if curve.shape != steps.shape:
            raise ValueError(f"{name} has {curve.size} values but steps has {steps.size}; "
                             f"they must match")
        if curve.min() < 0:
            raise ValueError(f"{name} must be >= 0 (an error size), got {curve.min()}")
        _check_drawable(curve[curve > 0], name)
        curves[method] = curve[order]
    steps = steps[order]
    fig.clear()
    style_figure(fig)
    ax = fig.add_subplot()
    for method, curve in curves.items():
        ax.loglog(steps, curve, "o-", ms=3, color=COLORS.get(method), label=f"{method} differences")
        ax.plot([h], [_loglog_interp(h, steps, curve)], "o", ms=9, color=COLORS.get(method),
                mec="black")
    ax.axvline(h, color=COLORS["marker"], lw=1, ls="--")
    ax.set_xlabel("finite-difference step h")
    ax.set_ylabel("largest error of the numeric gradient")
    ax.set_title(title or f"h = {h:.0e}")
    _settle_log(ax, "x")
    _settle_log(ax, "y")
    ax.grid(True, which="major", alpha=0.3)
    # Over a dozen decades minor ticks are clutter, and a third of the widget's redraw time.
    ax.minorticks_off()
    ax.legend(loc="upper center")
    return ax


def _loglog_interp(x, xs, ys):
    """The value at ``x`` of the polyline through (xs, ys) as a log-log plot draws it: straight
    in log-log between two positive values, straight in linear terms next to a zero.

    >>> float(_loglog_interp(1e-3, np.array([1e-4, 1e-2]), np.array([1e-8, 1e-4])))
    1e-06
    """
    k = int(np.clip(np.searchsorted(xs, x), 1, len(xs) - 1)) if len(xs) > 1 else 0
    if len(xs) == 1 or xs[k] == xs[k - 1]:
        return ys[k]
    t = np.clip((np.log(x) - np.log(xs[k - 1])) / (np.log(xs[k]) - np.log(xs[k - 1])), 0, 1)
    a, b = ys[k - 1], ys[k]
    if a == b:
        return a
    if a > 0 and b > 0:
        return np.exp(np.log(a) * (1 - t) + np.log(b) * t)
    return a * (1 - t) + b * t
