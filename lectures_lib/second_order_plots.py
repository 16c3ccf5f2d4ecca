"""Figures for second-order methods: paths on contours, convergence and the Hessian's cost.

Like :mod:`lectures_lib.plots`, every helper draws on axes or a figure it is given and returns
them; none calls ``plt.show()``.
"""

import numpy as np
import torch
from matplotlib.colors import LogNorm

from lectures_lib.line_search import OptimizeResult

#: One colour per method, the same in every figure; a label such as ``"L-BFGS (m = 5)"`` uses
#: the colour of its part before `` (``. Other labels get ``C0, C1, ...`` by position.
METHOD_COLORS = {"Newton": "tab:red", "BFGS": "tab:blue", "L-BFGS": "tab:green",
                 "scipy BFGS": "tab:cyan", "scipy L-BFGS-B": "tab:olive",
                 "gradient descent": "tab:gray"}


def _style(label, index):
    """The colour and line format of the ``index``-th curve, dashed for the references."""
    color = METHOD_COLORS.get(label.split(" (")[0], f"C{index}")
    return color, ("x--" if label.startswith("scipy") else "o-")


def _as_path(path):
    if isinstance(path, OptimizeResult):
        path = path.path
    path = np.asarray(torch.as_tensor(path).detach().cpu(), dtype=np.float64)
    if path.ndim != 2 or path.shape[1] != 2:
        raise ValueError(f"each path must have shape (steps, 2), got {path.shape}")
    return path


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
    """
    xs, ys = np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)
    grid = torch.from_numpy(np.stack(np.meshgrid(xs, ys), axis=-1))
    values = f(grid).detach().numpy()
    low = max(values.min(), 1e-3 * (values.max() - values.min()) / resolution, 1e-12)
    levels = np.logspace(np.log10(low), np.log10(values.max()), 20)
    ax.contour(xs, ys, np.maximum(values, low), levels=levels, norm=LogNorm(),
               cmap="Greys_r", linewidths=0.7)
    for index, (label, path) in enumerate(paths.items()):
        path = _as_path(path)
        color, fmt = _style(label, index)
        ax.plot(path[:, 0], path[:, 1], fmt, ms=3, lw=1.3, color=color,
                label=f"{label}: {len(path) - 1} steps")
        ax.plot(*path[0], "s", ms=7, color="white", mec="black")
    if minimum is not None:
        ax.plot(*minimum, "*", ms=14, color="gold", mec="black", zorder=5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
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
    """
    for index, (label, curve) in enumerate(curves.items()):
        curve = np.maximum(np.asarray(curve, dtype=np.float64), floor)
        color, fmt = _style(label, index)
        ax.semilogy(np.arange(len(curve)), curve, fmt, ms=3, label=label, color=color)
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
        The output of :func:`lectures_lib.curvature.hessian_cost`.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The time and the memory panels.
    """
    fig.clear()
    fig.set_facecolor("white")
    ax_time, ax_mem = fig.subplots(1, 2)
    N = np.asarray(cost["N"], dtype=np.float64)
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
