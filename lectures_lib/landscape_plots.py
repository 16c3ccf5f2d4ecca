"""Drawing optimizer paths on the contours of a 2-D landscape.

:func:`draw_runs` is the drawing function behind the chapters' optimizer widgets: it clears a
figure and draws the contours of a :class:`~lectures_lib.landscapes.Landscape` with one path per
optimizer. A chapter wraps it in ``draw(fig, **values)`` and passes that both to
:func:`lectures_lib.widgets.interactive_figure` (sliders) and to
:func:`lectures_lib.plots.sweep_animation` (the static twin for the HTML book).
"""

import numpy as np

from lectures_lib.landscapes import Run

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
    landscape : lectures_lib.landscapes.Landscape
    levels : int, default 25
        The number of contour lines.
    resolution : int, default 200
        Grid points per axis.

    Returns
    -------
    matplotlib.axes.Axes
    """
    xs = np.linspace(*landscape.xlim, resolution)
    ys = np.linspace(*landscape.ylim, resolution)
    X, Y = np.meshgrid(xs, ys)
    Z = landscape.value(np.stack([X, Y], axis=-1))
    heights = np.unique(np.quantile(Z, np.linspace(0, 1, levels + 2)[1:-1] ** 2))
    ax.contour(X, Y, Z, levels=heights, cmap="Greys_r", linewidths=0.6, alpha=0.7)
    for point in landscape.minima:
        ax.plot(*point, marker="*", ms=11, color="gold", mec="black", mew=0.6, zorder=4)
    ax.set_xlim(landscape.xlim)
    ax.set_ylim(landscape.ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax


def draw_path(ax, run, label=None, color=None, upto=None):
    """Draw one optimizer's path (a :class:`~lectures_lib.landscapes.Run` or an array (k, 2)).

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
    """
    path = np.asarray(run.path if isinstance(run, Run) else run, dtype=float)
    if upto is not None:
        path = path[:upto + 1]
    color = color or OPTIMIZER_COLORS.get(label)
    if label is not None and isinstance(run, Run) and run.diverged_at is not None:
        label = f"{label} (diverged at step {run.diverged_at})"
    (line,) = ax.plot(path[:, 0], path[:, 1], "o-", ms=2.5, lw=1.2, color=color, label=label)
    ax.plot(*path[0], "o", ms=6, color=line.get_color(), mec="black", mew=0.6)
    return line


def plot_runs(ax, landscape, runs, title=None, upto=None, legend="upper right"):
    """Draw ``landscape``'s contours with one path per optimizer on ``ax`` (for small multiples).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    landscape : lectures_lib.landscapes.Landscape
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
    """
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
    >>> from lectures_lib.landscapes import quadratic, run
    >>> from lectures_lib.optim import SGD
    >>> fig = plt.figure()
    >>> ax = draw_runs(fig, quadratic(), {"SGD": run(quadratic(), SGD, 20, lr=1.0)})
    >>> len(ax.get_lines())      # the path, its start marker and the minimum
    3
    >>> plt.close(fig)
    """
    fig.clear()
    fig.set_facecolor("white")
    return plot_runs(fig.add_subplot(), landscape, runs, title=title, upto=upto, legend=legend)
