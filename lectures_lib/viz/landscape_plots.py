"""Drawing optimizer paths on the contours of a 2-D landscape.

:func:`draw_runs` is the drawing function behind the chapters' optimizer widgets: it clears a
figure and draws the contours of a :class:`~lectures_lib.landscape.landscapes.Landscape` with
one path per optimizer. A chapter wraps it in ``draw(fig, **values)`` and passes that both to
:func:`lectures_lib.viz.widgets.interactive_figure` (sliders) and to
:func:`lectures_lib.viz.animations.sweep_animation` (the static twin for the HTML book).

The grid of values, the contour lines, the minima's stars and the paths with their start are
drawn by one core shared with :mod:`lectures_lib.viz.second_order_plots`
(``viz/_contour_paths.py``), so they look the same in every chapter.
"""

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import is_color_like
from matplotlib.legend import Legend

from lectures_lib._checks import check_int
from lectures_lib.landscape.landscapes import Landscape
from lectures_lib.landscape.runs import Run
from lectures_lib.viz._contour_paths import (as_path, draw_contour_lines, draw_window,
                                             plot_path, values_on_grid)
from lectures_lib.viz.plots import _check_axes, _check_figure, _check_text, style_figure

#: One colour per optimizer, the same in every figure.
OPTIMIZER_COLORS = {
    "SGD": "tab:blue", "SGD+Momentum": "tab:orange", "Nesterov": "tab:green",
    "AdaGrad": "tab:red", "RMSProp": "tab:purple", "Adam": "tab:brown", "AdamW": "tab:pink",
    "AMSGrad": "tab:olive", "Adam (almost)": "tab:gray", "Adam + L2": "tab:cyan",
}


def draw_contours(ax, landscape, levels=25, resolution=200):
    """Draw the contour lines of ``landscape`` in its window on ``ax`` and mark its minima.

    The levels are quantiles of the function's values over the window, denser near the
    bottom, so that flat valleys and steep walls both show.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    landscape : lectures_lib.landscape.landscapes.Landscape
    levels : int, default 25
        The number of contour lines.
    resolution : int, default 200
        Grid points per axis.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``landscape`` not a Landscape, or a count not an integer.
    ValueError
        If ``levels`` is not in [1, 200], ``resolution`` not in [2, 2000], or the function is
        not finite everywhere in the window.
    """
    _check_axes(ax)
    _check_landscape(landscape)
    levels = check_int(levels, "levels", low=1, high=200)
    resolution = check_int(resolution, "resolution", low=2, high=2000)
    xs, ys, Z = values_on_grid(landscape.value, landscape.xlim, landscape.ylim, resolution,
                               f"landscape {landscape.name!r}")
    heights = np.unique(np.quantile(Z, np.linspace(0, 1, levels + 2)[1:-1] ** 2))
    draw_contour_lines(ax, xs, ys, Z, heights)
    draw_window(ax, landscape.xlim, landscape.ylim, ("x", "y"), landscape.minima)
    return ax


def draw_path(ax, run, label=None, color=None, upto=None):
    """Draw one optimizer's path (a :class:`~lectures_lib.landscape.runs.Run` or an array
    (k, 2)).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    run : Run or array_like, shape (k, 2)
    label : str, optional
        For the legend; "diverged at step k" is appended when the run diverged.
    color : str, optional
        Default: the optimizer's colour in :data:`OPTIMIZER_COLORS` when ``label`` is one.
    upto : int, optional
        Draw only the first ``upto`` steps (for animations over the steps).

    Returns
    -------
    matplotlib.lines.Line2D

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, the path is not numeric, ``upto`` not an integer or
        ``label`` not a string.
    ValueError
        If the path is not (k, 2) with k >= 1 finite points, ``upto`` is negative, or
        ``color`` is not a matplotlib colour.
    """
    _check_axes(ax)
    path = as_path(run, "run")
    if upto is not None:
        path = path[:check_int(upto, "upto", low=0) + 1]
    _check_text(label, "label", optional=True)
    if color is not None and not is_color_like(color):
        raise ValueError(f"color must be a matplotlib colour (e.g. 'tab:blue'), got {color!r}")
    color = color or OPTIMIZER_COLORS.get(label)
    if label is not None and isinstance(run, Run) and run.diverged_at is not None:
        label = f"{label} (diverged at step {run.diverged_at})"
    return plot_path(ax, path, color=color, label=label)


def plot_runs(ax, landscape, runs, title=None, upto=None, legend="upper right"):
    """Draw ``landscape``'s contours with one path per optimizer on ``ax`` (for small multiples).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    landscape : lectures_lib.landscape.landscapes.Landscape
    runs : dict of str to Run
        The paths, keyed by the legend's labels (use the keys of :data:`OPTIMIZER_COLORS` for
        the book's colours).
    title : str, optional
        Default: the landscape's name.
    upto : int, optional
        Draw only the first ``upto`` steps of every path.
    legend : str or None, default "upper right"
        Where to put the legend; None for none.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        As :func:`draw_contours` and :func:`draw_path`; also if ``runs`` is not a dict or
        ``legend`` not one of matplotlib's legend places.
    """
    _check_axes(ax)
    _check_landscape(landscape)
    if not isinstance(runs, Mapping):
        raise TypeError(f"runs must be a dict of label -> Run, got {type(runs).__name__}")
    _check_text(title, "title", optional=True)
    if upto is not None:
        check_int(upto, "upto", low=0)
    if legend is not None and legend not in Legend.codes:
        raise ValueError(f"legend must be None or one of {', '.join(map(repr, Legend.codes))}; "
                         f"got {legend!r}")
    for label, run in runs.items():  # every path checked before anything is drawn
        as_path(run, f"runs[{label!r}]")
    draw_contours(ax, landscape)
    for label, run in runs.items():
        draw_path(ax, run, label=label, upto=upto)
    ax.set_title(title if title is not None else landscape.name)
    if legend and runs:
        ax.legend(loc=legend, fontsize="small", framealpha=0.9)
    return ax


def draw_runs(fig, landscape, runs, title=None, upto=None, legend="upper right"):
    """Clear ``fig`` and draw :func:`plot_runs` on it: the drawing function of the widgets.

    Parameters are those of :func:`plot_runs`, with a figure instead of axes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from lectures_lib.landscape import quadratic, run
    >>> from lectures_lib.optim import SGD
    >>> fig = plt.figure()
    >>> ax = draw_runs(fig, quadratic(), {"SGD": run(quadratic(), SGD, 20, lr=1.0)})
    >>> len(ax.get_lines())      # the path, its start marker and the minimum
    3
    >>> plt.close(fig)
    """
    _check_figure(fig)
    fig.clear()
    style_figure(fig)
    return plot_runs(fig.add_subplot(), landscape, runs, title=title, upto=upto, legend=legend)


def _check_landscape(landscape):
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape must be a lectures_lib.landscape.landscapes.Landscape, got "
                        f"{type(landscape).__name__}")
