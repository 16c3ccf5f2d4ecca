"""Figures for second-order methods: paths on contours, convergence and the Hessian's cost.

Like :mod:`lectures_lib.viz.plots`, every helper draws on axes or a figure it is given and returns
them; none calls ``plt.show()``. :func:`draw_contour_paths` draws its contours, minimum and paths
with the core it shares with :mod:`lectures_lib.viz.landscape_plots` (``viz/_contour_paths.py``).
"""

from collections.abc import Mapping

import numpy as np
import torch
from matplotlib.colors import LogNorm

from lectures_lib._checks import (as_float_array, as_scalar, check_callable, check_in_range,
                                  check_int)
from lectures_lib.viz._contour_paths import (as_path, draw_contour_lines, draw_window,
                                             plot_path, values_on_grid)
from lectures_lib.viz.plots import (DRAWABLE, _as_curve, _check_axes, _check_curves,
                                _check_drawable, _check_figure, _check_text, _not_drawn, _plain,
                                _settle_log, style_figure)

#: One colour per method, the same in every figure; a label such as ``"L-BFGS (m = 5)"`` uses
#: the colour of its part before `` (``. Other labels get ``C0, C1, ...`` by position.
METHOD_COLORS = {"Newton": "tab:red", "BFGS": "tab:blue", "L-BFGS": "tab:green",
                 "scipy BFGS": "tab:cyan", "scipy L-BFGS-B": "tab:olive",
                 "gradient descent": "tab:gray"}


def _style(label, index):
    """The colour and line format of the ``index``-th curve, dashed for the references."""
    color = METHOD_COLORS.get(label.split(" (")[0], f"C{index}")
    return color, ("x--" if label.startswith("scipy") else "o-")


def _check_window(lim, name):
    """``(low, high)``: two finite numbers, low < high, whose difference is finite."""
    if isinstance(lim, (str, bytes)) or not hasattr(lim, "__len__") or len(lim) != 2:
        raise TypeError(f"{name} must be a pair (low, high), got {lim!r}")
    low, high = as_scalar(lim[0], f"{name}[0]"), as_scalar(lim[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must be increasing, got ({low:g}, {high:g})")
    if not np.isfinite(high - low) or high - low <= 1e-12 * max(abs(low), abs(high)):
        raise ValueError(f"{name} = ({low:g}, {high:g}) is too wide or too narrow to draw")
    return low, high


def draw_contour_paths(ax, f, paths, xlim, ylim, minimum=None, resolution=120, title=None):
    """Draw log-spaced contours of a 2-D torch function and the paths of optimizers on them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    f : callable
        A torch function that accepts a batch of points of shape (..., 2).
    paths : dict of str to OptimizeResult or array_like of shape (steps, 2)
        One path per label; the label picks its colour from :data:`METHOD_COLORS`.
    xlim, ylim : tuple of float
        The plotted window.
    minimum : array_like of shape (2,), optional
        Marked with a star.
    resolution : int, default 120
        Grid points per axis.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``f`` not callable, ``paths`` not a dict, or a path, the
        window or ``minimum`` not numeric.
    ValueError
        If a path is not (steps, 2) with finite points, a window is not increasing,
        ``minimum`` is not two finite numbers, ``resolution`` is not in [2, 1000], or ``f``
        does not return one finite value per grid point.
    """
    _check_axes(ax)
    check_callable(f, "f")
    if not isinstance(paths, Mapping):
        raise TypeError(f"paths must be a dict of label -> path, got {type(paths).__name__}")
    xlim, ylim = _check_window(xlim, "xlim"), _check_window(ylim, "ylim")
    resolution = check_int(resolution, "resolution", low=2, high=1000)
    _check_text(title, "title", optional=True)
    paths = {label: as_path(path, f"paths[{label!r}]") for label, path in paths.items()}
    if minimum is not None:
        minimum = as_float_array(_plain(minimum), "minimum", ndim=1)
        if minimum.shape != (2,):
            raise ValueError(f"minimum must be a point (w1, w2), got shape {minimum.shape}")
    xs, ys, values = values_on_grid(lambda points: f(torch.from_numpy(points)), xlim, ylim,
                                    resolution, "f")
    top = values.max()
    low = max(values.min(), 1e-3 * (top / resolution - values.min() / resolution), 1e-12)
    if top > low * (1 + 1e-9):  # a function flat over the window has no contours to draw
        levels = np.logspace(np.log10(low), np.log10(top), 20)
        draw_contour_lines(ax, xs, ys, np.maximum(values, low), levels, norm=LogNorm())
    draw_window(ax, xlim, ylim, ("$w_1$", "$w_2$"), [] if minimum is None else [minimum])
    for index, (label, path) in enumerate(paths.items()):
        color, fmt = _style(str(label), index)
        plot_path(ax, path, fmt, color, label=f"{label}: {len(path) - 1} steps")
    if title:
        ax.set_title(title)
    if paths:
        ax.legend(loc="lower right", fontsize=8)
    return ax


def draw_error_curves(ax, curves, ylabel, xlabel="iteration k", floor=1e-16):
    """Draw positive error curves on a log scale (values below ``floor`` are drawn at it).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    curves : dict of str to sequence of float
        One curve per label, one value per iteration.
    ylabel, xlabel : str
    floor : float, default 1e-16

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``curves`` not a dict, or a curve not numeric.
    ValueError
        If a curve is empty or not 1-D, or ``floor`` is not in [1e-200, 1].

    Notes
    -----
    A run that diverged may end in NaN or inf: those values are not drawn, and the curve's
    legend entry says from which iteration on (as in
    :func:`lectures_lib.viz.plots.plot_loss_curves`); so are values beyond 1e200.
    """
    _check_axes(ax)
    _check_curves(curves)
    _check_text(ylabel, "ylabel")
    _check_text(xlabel, "xlabel")
    floor = check_in_range(floor, "floor", 1 / DRAWABLE, 1.0)
    drawn = []
    for index, (label, curve) in enumerate(curves.items()):
        curve = _as_curve(curve, f"curves[{label!r}]")
        with np.errstate(invalid="ignore"):
            curve = np.where(curve < floor, floor, curve)  # (NaN stays NaN)
        curve, note = _not_drawn(curve, "iteration", log=True)
        drawn.append((index, str(label), note, curve))
    for index, label, note, curve in drawn:
        color, fmt = _style(label, index)
        ax.semilogy(np.arange(len(curve)), curve, fmt, ms=3, label=label + note, color=color)
    _settle_log(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", alpha=0.3)
    ax.minorticks_off()  # over a dozen decades they are clutter, and slow to draw
    ax.legend(fontsize=8)
    return ax


def draw_hessian_cost(fig, cost):
    """Time and memory of the Hessian against one Hessian-vector product, on log axes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Cleared and given two axes.
    cost : dict
        The output of :func:`lectures_lib.landscape.curvature_cost.hessian_cost`.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The time and the memory panels.

    Raises
    ------
    TypeError
        If ``fig`` is not a figure, ``cost`` not a dict, or an entry not numbers.
    ValueError
        If an entry is missing, the entries differ in length, or a value is not positive
        and finite (they are drawn on log axes).
    """
    _check_figure(fig)
    cost = _check_cost(cost)
    fig.clear()
    style_figure(fig)
    ax_time, ax_mem = fig.subplots(1, 2)
    N = cost["N"]
    for key, label, color in [("form_s", "form H (N backward passes)", "tab:blue"),
                              ("invert_s", "invert H", "tab:red"),
                              ("hvp_s", "one product Hv", "tab:green")]:
        ax_time.loglog(N, cost[key], "o-", color=color, label=label)
    _reference_lines(ax_time, N, {2: cost["form_s"][-1], 3: cost["invert_s"][-1]})
    ax_time.set_ylabel("wall-clock time (s), this machine")
    for key, label, color in [("hessian_bytes", "H: N² numbers", "tab:blue"),
                              ("hvp_bytes", "Hv: N numbers", "tab:green")]:
        ax_mem.loglog(N, cost[key], "o-", color=color, label=label)
    _reference_lines(ax_mem, N, {1: cost["hvp_bytes"][-1], 2: cost["hessian_bytes"][-1]})
    ax_mem.set_ylabel("memory (bytes)")
    for ax in (ax_time, ax_mem):
        _settle_log(ax, "x")
        _settle_log(ax, "y")
        ax.set_xlabel("number of weights N")
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=8)
    return ax_time, ax_mem


def _reference_lines(ax, N, anchors):
    """Dotted lines ∝ N^p, each through its anchor value at the largest N."""
    for p, anchor in anchors.items():
        ax.loglog(N, anchor * (N / N[-1]) ** p, ":", color="black", lw=1)
        ax.annotate(f"∝ N{'²³'[p - 2] if p > 1 else ''}", (N[0], anchor * (N[0] / N[-1]) ** p),
                    fontsize=8, ha="left", va="bottom")


#: The entries of :func:`lectures_lib.landscape.curvature_cost.hessian_cost`'s output.
COST_KEYS = ("N", "form_s", "invert_s", "hvp_s", "hessian_bytes", "hvp_bytes")


def _check_cost(cost):
    if not isinstance(cost, Mapping):
        raise TypeError(f"cost must be the dict returned by "
                        f"lectures_lib.landscape.curvature_cost.hessian_cost, got "
                        f"{type(cost).__name__}")
    missing = [key for key in COST_KEYS if key not in cost]
    if missing:
        raise ValueError(f"cost lacks the entries {missing}; it must be the dict returned by "
                         f"lectures_lib.landscape.curvature_cost.hessian_cost "
                         f"(entries {list(COST_KEYS)})")
    checked = {}
    for key in COST_KEYS:
        values = as_float_array(_plain(cost[key]), f"cost[{key!r}]", ndim=1)
        if values.size == 0 or values.shape != (len(cost["N"]),):
            raise ValueError(f"cost[{key!r}] has {values.size} values but cost['N'] has "
                             f"{len(cost['N'])}; they must match, one per size, at least one")
        _check_drawable(values, f"cost[{key!r}]")
        checked[key] = values
    return checked
