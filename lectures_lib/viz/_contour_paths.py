"""The drawing core of the contour figures: a function over a window, its minima, and paths.

Shared by :mod:`lectures_lib.viz.landscape_plots` (the 2-D landscapes of chapters 3 and 4:
NumPy functions, contour levels at quantiles) and :mod:`lectures_lib.viz.second_order_plots`
(chapter 5: torch functions, log-spaced levels), so that a window, a minimum, a path and its
start are checked and drawn the same way in every chapter.
"""

import numpy as np

from lectures_lib._checks import as_float_array
from lectures_lib.landscape.runs import Run
from lectures_lib.optim.line_search import OptimizeResult
from lectures_lib.viz.plots import _plain


def as_path(path, name):
    """A path as a finite float array of shape (steps, 2), steps >= 1.

    ``path`` is a :class:`~lectures_lib.landscape.runs.Run` or an
    :class:`~lectures_lib.optim.line_search.OptimizeResult` (their ``path``), or the points
    themselves (a list, array or tensor); ``name`` names it in the error messages.
    """
    if isinstance(path, (Run, OptimizeResult)):
        path = path.path
    path = as_float_array(_plain(path), name)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
        raise ValueError(f"each path must have shape (steps, 2), got {path.shape} ({name}; "
                         f"steps >= 1)")
    return path


def values_on_grid(value, xlim, ylim, resolution, name):
    """``value`` at the points of a ``resolution`` x ``resolution`` grid over the window.

    ``value`` is called once, with the points as an array of shape (resolution, resolution,
    2); it must return one finite value per point. Returns ``xs``, ``ys`` (the grid's
    coordinates) and the values, of shape (resolution, resolution).
    """
    xs, ys = np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)
    points = np.stack(np.meshgrid(xs, ys), axis=-1)
    values = np.asarray(_plain(value(points)), dtype=np.float64)
    if values.shape != points.shape[:2]:
        raise ValueError(f"{name} must return one value per point: given points of shape "
                         f"{points.shape} it returned shape {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} is not finite at {int(np.sum(~np.isfinite(values)))} point(s) "
                         f"of the window {xlim} x {ylim}: its contours cannot be drawn")
    return xs, ys, values


def draw_contour_lines(ax, xs, ys, values, levels, norm=None):
    """Grey contour lines of ``values`` at ``levels``, shaded by ``norm`` (e.g. ``LogNorm``)."""
    ax.contour(xs, ys, values, levels=levels, norm=norm, cmap="Greys_r", linewidths=0.6,
               alpha=0.8)


def draw_window(ax, xlim, ylim, labels, minima=()):
    """Mark each point of ``minima`` with a gold star, show the window and name the two axes."""
    for point in minima:
        ax.plot(*point, "*", ms=12, color="gold", mec="black", mew=0.6, zorder=5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])


def plot_path(ax, path, fmt="o-", color=None, label=None):
    """Draw ``path`` (steps, 2) as a line through its points and mark its start with a square.

    The start is a white square, the same for every path: optimizers compared on one figure
    usually start at the same point. Returns the line.
    """
    (line,) = ax.plot(path[:, 0], path[:, 1], fmt, ms=3, lw=1.2, color=color, label=label)
    ax.plot(*path[0], "s", ms=6, color="white", mec="black", mew=0.6)
    return line
