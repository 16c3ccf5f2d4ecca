"""Decision regions of a classifier in the plane, with the data scattered on them.

:func:`draw_decision_boundary` colours each point of a grid by the class a model predicts
there (chapter 1's regularized classifiers, chapter 2's linear classifier demo, chapter 6's
two-layer nets), in :data:`~lectures_lib.viz.plots.CLASS_COLORS`; :func:`scatter_classes`
scatters labelled points in the same colours without the regions (chapter 6's data sets and
their hidden features).
"""

import numpy as np

from lectures_lib._checks import (as_float_array, as_scalar, check_callable, check_int,
                                  check_labels)
from lectures_lib.viz.plots import CLASS_COLORS, _check_axes, _check_text, _plain


def draw_decision_boundary(ax, predict, X, y, grid=150, limits=None, title=None):
    """Colour the plane by the class ``predict`` gives each point, and scatter the data on it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    predict : callable
        Maps an array of 2-D points, shape (M, 2), to class labels, shape (M,) (e.g.
        ``TwoLayerNet.predict`` or ``functools.partial(lectures_lib.training.predict, model)``).
    X : array_like of shape (N, 2)
        The points to scatter.
    y : array_like of int, shape (N,)
        Their classes (at most ``len(CLASS_COLORS)``).
    grid : int, default 150
        Points per axis of the grid the regions are computed on.
    limits : tuple (x_min, x_max, y_min, y_max), optional
        Default: the data's range plus a margin.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``predict`` not callable, ``X`` not numeric, ``y`` not
        integer labels or ``grid`` not an integer.
    ValueError
        If ``X`` is not (N, 2) with N >= 1 finite points, ``y`` has not N labels in 0..4,
        ``predict`` returns no label in 0..4 for each grid point, ``grid`` is not in
        [2, 2000], or the limits are not finite, increasing, and drawable (a range so small
        or so large that matplotlib cannot draw it).
    """
    _check_axes(ax)
    check_callable(predict, "predict")
    X, y = _check_points(X, y)
    grid = check_int(grid, "grid", low=2, high=2000)
    _check_text(title, "title", optional=True)
    limits = _data_limits(X) if limits is None else _check_limits(limits)
    xs, ys = _linspace(limits[0], limits[1], grid), _linspace(limits[2], limits[3], grid)
    xx, yy = np.meshgrid(xs, ys)
    regions = np.asarray(_plain(predict(np.column_stack([xx.ravel(), yy.ravel()]))))
    if regions.size != xx.size:
        raise ValueError(f"predict must return one class label per point: given {xx.size} "
                         f"points it returned shape {regions.shape}")
    if np.issubdtype(regions.dtype, np.floating) and np.all(regions == np.round(regions)):
        regions = regions.astype(np.int64)  # labels held as floats, e.g. 0.0 and 1.0
    regions = check_labels(regions.reshape(-1), xx.size, len(CLASS_COLORS),
                           "predict's output").reshape(xx.shape)
    n_classes = max(int(y.max()), int(regions.max())) + 1
    colors = CLASS_COLORS[:n_classes]
    ax.contourf(xx, yy, regions, levels=np.arange(n_classes + 1) - 0.5, colors=colors,
                alpha=0.25)
    _scatter(ax, X, y)
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def scatter_classes(ax, X, y, title=None):
    """Scatter 2-D points, each in its class's colour of :data:`~lectures_lib.viz.plots.CLASS_COLORS`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    X : array_like of shape (N, 2)
    y : array_like of int, shape (N,)
        Their classes (at most ``len(CLASS_COLORS)``).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``X`` not numeric or ``y`` not integer labels.
    ValueError
        If ``X`` is not (N, 2) with N >= 1 finite points or ``y`` has not N labels in 0..4.

    Examples
    --------
    >>> from lectures_lib.viz import new_figure
    >>> fig, ax = new_figure()
    >>> ax = scatter_classes(ax, [[0.0, 1.0], [1.0, 0.0]], [0, 1], title="two points")
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    _check_axes(ax)
    X, y = _check_points(X, y)
    _check_text(title, "title", optional=True)
    _scatter(ax, X, y)
    if title:
        ax.set_title(title)
    return ax


def _check_points(X, y):
    """``X`` as N >= 1 finite 2-D points and ``y`` as their labels, each with a colour."""
    X = as_float_array(_plain(X), "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must hold 2-D points, got shape {X.shape}")
    if len(X) == 0:
        raise ValueError("X holds no points: there is nothing to draw")
    y = np.asarray(_plain(y))
    if y.shape == (len(X),) and y.dtype != bool and np.issubdtype(y.dtype, np.integer) \
            and y.min() >= 0 and int(y.max()) + 1 > len(CLASS_COLORS):
        raise ValueError(f"y has {int(y.max()) + 1} classes; at most {len(CLASS_COLORS)} can be "
                         f"drawn")
    return X, check_labels(y, len(X), len(CLASS_COLORS), "y")


def _scatter(ax, X, y):
    ax.scatter(X[:, 0], X[:, 1], c=[CLASS_COLORS[k] for k in y], s=14, edgecolors="black",
               linewidths=0.4)


def _linspace(start, stop, num):
    """``np.linspace`` that stays finite when ``stop - start`` overflows."""
    t = np.linspace(0.0, 1.0, num)
    return start * (1 - t) + stop * t


def _data_limits(X):
    """The data's range plus a tenth of the larger side (one unit around a single point)."""
    low, high = X.min(axis=0), X.max(axis=0)
    pad = (0.1 * high - 0.1 * low).max()  # scaled first: the difference cannot overflow
    if pad == 0:  # one point, or all points the same
        pad = 0.1 * np.abs(high).max() or 1.0
    with np.errstate(over="ignore"):
        limits = (low[0] - pad, high[0] + pad, low[1] - pad, high[1] + pad)
    return _check_limits(limits, "the data's range (X)")


def _check_limits(limits, name="limits"):
    """``(x_min, x_max, y_min, y_max)`` as floats, finite, increasing and drawable."""
    if isinstance(limits, (str, bytes)) or not hasattr(limits, "__len__") or len(limits) != 4:
        raise TypeError(f"{name} must be 4 numbers (x_min, x_max, y_min, y_max), got {limits!r}")
    values = [as_scalar(v, f"{name}[{i}]") if name == "limits" else float(v)
              for i, v in enumerate(limits)]
    for axis, (low, high) in zip("xy", (values[:2], values[2:])):
        size = max(abs(low), abs(high))
        with np.errstate(over="ignore"):
            span = high - low
        if not np.isfinite(span):
            raise ValueError(f"{name} along {axis} ({low:g}, {high:g}) is too large to draw; "
                             f"rescale the data")
        if not low < high:
            raise ValueError(f"{name} along {axis} must be increasing, got ({low:g}, {high:g})")
        if high - low <= 1e-12 * size or size < 1e-280:
            raise ValueError(f"{name} along {axis} ({low:g}, {high:g}) is too narrow to draw; "
                             f"rescale the data")
    return tuple(values)
