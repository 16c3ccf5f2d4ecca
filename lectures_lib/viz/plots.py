"""Plot helpers shared by the chapters.

Every helper draws on a figure or axes it is given (or makes one) and returns it, so a chapter
can adjust it; none calls ``plt.show()``. Figures get an opaque white background so they stay
readable in the book's dark mode.

The widget of a chapter and its static twin for the HTML book call the *same* drawing function
``draw(fig, **values)``: :func:`lectures_lib.viz.widgets.interactive_figure` redraws it when a
slider moves, :func:`sweep_animation` records one frame per value.
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation
from matplotlib.axes import Axes
from matplotlib.figure import FigureBase

from lectures_lib._checks import (as_float_array, as_scalar, check_callable, check_int,
                                  check_labels, check_positive, check_positive_int)

#: The book's figure style, applied when this module is imported: 12-point text, so that a
#: figure of the default width (6.4 inches) keeps its labels at least 9 px high on a phone.
BOOK_STYLE = {"font.size": 12}
plt.rcParams.update(BOOK_STYLE)

#: Colours used for the same things across chapters.
COLORS = {"forward": "tab:orange", "centred": "tab:blue", "train": "tab:blue",
          "val": "tab:orange", "test": "tab:green", "marker": "tab:red"}


#: The largest side of a picture, in pixels (matplotlib's Agg renderer draws at most 2**16).
MAX_PIXELS = 2**16


def _check_figure(fig, name="fig"):
    """Return ``fig`` after checking it is a matplotlib figure (or subfigure)."""
    if not isinstance(fig, FigureBase):
        raise TypeError(f"{name} must be a matplotlib Figure, got {type(fig).__name__}")
    return fig


def _check_axes(ax, name="ax"):
    """Return ``ax`` after checking it is a matplotlib ``Axes``."""
    if not isinstance(ax, Axes):
        hint = " (new_figure returns (fig, axes))" if isinstance(ax, (tuple, FigureBase)) else ""
        raise TypeError(f"{name} must be a matplotlib Axes{hint}, got {type(ax).__name__}")
    return ax


def _check_text(value, name, optional=False):
    """Return ``value`` after checking it is a string (or None, if ``optional``)."""
    if value is None and optional:
        return value
    if not isinstance(value, str):
        kind = "a string or None" if optional else "a string"
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__} {value!r}")
    return value


def _check_figsize(figsize, dpi=100, name="figsize"):
    """Return ``figsize`` as a pair of floats (inches), positive and drawable at ``dpi``.

    Examples
    --------
    >>> _check_figsize((6.4, 4))
    (6.4, 4.0)
    >>> _check_figsize((0, 4))
    Traceback (most recent call last):
    ...
    ValueError: figsize[0] must be > 0, got 0.0
    """
    if isinstance(figsize, (str, bytes)) or not hasattr(figsize, "__len__") or len(figsize) != 2:
        raise TypeError(f"{name} must be a pair (width, height) in inches, got {figsize!r}")
    dpi = check_positive(dpi, "dpi")
    sides = tuple(check_positive(side, f"{name}[{i}]") for i, side in enumerate(figsize))
    for i, side in enumerate(sides):
        if side * dpi > MAX_PIXELS:
            raise ValueError(f"{name}[{i}] = {side:g} inches is {side * dpi:.3g} pixels at dpi "
                             f"{dpi:g}; a picture can be at most {MAX_PIXELS} pixels a side")
    return sides


def _plain(x):
    """A torch tensor as a NumPy array (detached, on the CPU); anything else as it is."""
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return x


def _as_curve(curve, name):
    """Return ``curve`` as a 1-D float64 array, NaN and inf kept (see :func:`plot_loss_curves`).

    Lists, NumPy arrays and tensors are accepted; an empty curve, booleans, strings and
    complex numbers are refused.
    """
    try:
        arr = np.array(_plain(curve))
    except Exception as err:  # ragged lists and the like
        raise TypeError(f"{name} must be a sequence of numbers, got {type(curve).__name__}") \
            from err
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) \
            or np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per step), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: there is nothing to draw")
    return arr.astype(np.float64)


def _check_curves(curves, name="curves"):
    from collections.abc import Mapping

    if not isinstance(curves, Mapping):
        raise TypeError(f"{name} must be a dict of label -> curve, got {type(curves).__name__}")
    return curves


#: The largest magnitude the plot helpers draw (and, on a log axis, 1 / it the smallest
#: positive value): matplotlib's tick and margin arithmetic overflows on wider ranges.
DRAWABLE = 1e200


def _not_drawn(curve, where, log=False):
    """NaN in place of the values that cannot be drawn, and a note for the curve's label.

    Not drawn: NaN and inf (a run that diverged), magnitudes beyond :data:`DRAWABLE`, and on
    a log axis values <= 0 or below ``1 / DRAWABLE``. The note is "" when all are drawn.

    >>> _not_drawn(np.array([1.0, np.inf, -2.0]), "step", log=True)[1]
    ' (1 NaN/inf, 1 <= 0 value(s) from step 1 on, not drawn)'
    """
    finite = np.isfinite(curve)
    with np.errstate(invalid="ignore"):
        kinds = [("NaN/inf", ~finite), (f"beyond ±{DRAWABLE:.0e}", finite & (np.abs(curve) >
                                                                             DRAWABLE))]
        if log:
            kinds += [("<= 0", finite & (curve <= 0)),
                      (f"below {1 / DRAWABLE:.0e}", finite & (curve > 0)
                       & (curve < 1 / DRAWABLE))]
    bad = np.zeros(curve.shape, dtype=bool)
    for _, mask in kinds:
        bad |= mask
    if not bad.any():
        return curve, ""
    counts = ", ".join(f"{int(mask.sum())} {kind}" for kind, mask in kinds if mask.any())
    first = int(np.argmax(bad))
    return np.where(bad, np.nan, curve), f" ({counts} value(s) from {where} {first} on, not drawn)"


def _settle_log(ax, axis="y"):
    """Give a log axis whose drawn data span less than a part in a million one decade each
    side (matplotlib would warn about a singular range); leave any other axis alone."""
    if (ax.get_yscale() if axis == "y" else ax.get_xscale()) != "log":
        return
    data = [np.asarray(line.get_ydata() if axis == "y" else line.get_xdata(), dtype=float)
            for line in ax.get_lines() if line.get_transform() is ax.transData]
    data = np.concatenate(data) if data else np.array([])
    data = data[np.isfinite(data) & (data > 0)]
    if data.size and data.max() <= data.min() * (1 + 1e-6):
        limits = (data.min() / 10, data.max() * 10)
        (ax.set_ylim if axis == "y" else ax.set_xlim)(*limits)


def new_figure(nrows=1, ncols=1, figsize=(6.4, 4.0), **subplot_kw):
    """A figure with an opaque white background and its axes (``plt.subplots``' return value).

    Raises
    ------
    TypeError, ValueError
        If ``nrows`` or ``ncols`` is not an integer >= 1, or ``figsize`` is not two positive
        numbers of inches.
    """
    nrows, ncols = check_positive_int(nrows, "nrows"), check_positive_int(ncols, "ncols")
    figsize = _check_figsize(figsize, plt.rcParams["figure.dpi"])
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, facecolor="white",
                             layout="constrained", **subplot_kw)
    return fig, axes


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
    fig.set_facecolor("white")
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


def _check_drawable(values, name):
    """Raise unless the positive ``values`` lie in [1 / DRAWABLE, DRAWABLE] (a log axis)."""
    if values.size and values.min() <= 0:
        raise ValueError(f"{name} must be > 0 (drawn on a log axis), got {values.min()}")
    if values.size and not 1 / DRAWABLE <= values.min() <= values.max() <= DRAWABLE:
        raise ValueError(f"{name} must lie in [{1 / DRAWABLE:.0e}, {DRAWABLE:.0e}] to be drawn "
                         f"on a log axis, got values from {values.min():.3g} to "
                         f"{values.max():.3g}")


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


def sweep_animation(draw, name, values, figsize=(6.4, 4.0), dpi=96, interval=500, **fixed):
    """Record ``draw(fig, name=value, **fixed)`` for each value as an HTML/JS animation.

    This is the static twin of a slider for readers of the HTML book: scrubbing the
    animation's slider sweeps the hyperparameter the way the widget does, with no kernel.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)``, which clears and redraws ``fig``.
    name : str
        The keyword of ``draw`` that varies from frame to frame.
    values : sequence
        Its values, one frame each.
    figsize : tuple, default (6.4, 4.0)
    dpi : int, default 96
        Resolution of the frames; keep it low, the frames are embedded in the page.
    interval : int, default 500
        Milliseconds between frames when playing.
    **fixed
        The other keywords of ``draw``.

    Returns
    -------
    IPython.display.HTML
        The animation, with play/step buttons and a frame slider.

    Raises
    ------
    TypeError
        If ``draw`` is not callable, ``name`` not a string or ``values`` not a sequence.
    ValueError
        If ``values`` is empty, ``name`` is also one of ``fixed``, or ``figsize``, ``dpi`` or
        ``interval`` is not positive.
    """
    from IPython.display import HTML

    check_callable(draw, "draw")
    _check_text(name, "name")
    if name in fixed:
        raise ValueError(f"name {name!r} varies from frame to frame; it cannot also be fixed")
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"values must be a sequence of values, got {type(values).__name__}")
    values = list(values)
    if not values:
        raise ValueError("values is empty: an animation needs at least one frame")
    figsize = _check_figsize(figsize, dpi)
    interval = check_positive(interval, "interval")
    fig = plt.figure(figsize=figsize, dpi=dpi, facecolor="white", layout="constrained")
    anim = animation.FuncAnimation(fig, lambda i: draw(fig, **{name: values[i]}, **fixed),
                                   frames=len(values), interval=interval)
    html = anim.to_jshtml(default_mode="once")
    from lectures_lib.viz.figure_output import smallest_font_px

    font_px = smallest_font_px(fig)  # of the last frame
    plt.close(fig)
    alt = (f"Animation of the figure as {name} takes the values "
           f"{', '.join(_short(v) for v in values)}, one frame each.")
    return HTML(offline_animation_html(html, alt, width_px=round(figsize[0] * dpi),
                                       font_px=font_px))


def _short(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


#: Text for matplotlib's animation buttons, which use FontAwesome 4 icons from a CDN.
_BUTTON_GLYPHS = {"fa-minus": "\u2212", "fa-fast-backward": "\u25c0\u25c0",
                  "fa-step-backward": "\u25c0\u2759", "fa-play fa-flip-horizontal": "\u25c0",
                  "fa-pause": "\u2759\u2759", "fa-play": "\u25b6",
                  "fa-step-forward": "\u2759\u25b6", "fa-fast-forward": "\u25b6\u25b6",
                  "fa-plus": "+"}


def _fewer_colours_uri(match):
    import base64

    from lectures_lib.viz.figure_output import fewer_colours

    png = base64.b64decode(match.group(1).replace("\\\n", ""))
    return "data:image/png;base64," + base64.b64encode(fewer_colours(png)).decode("ascii")


def phone_min_width(width_px, font_px):
    """The narrowest a picture ``width_px`` wide may be shown, in px, before its smallest text
    (``font_px`` at full size) drops under 9 px: narrower screens scroll it in its own box.

    >>> phone_min_width(864, 16.0)
    487
    """
    width_px, font_px = check_positive(width_px, "width_px"), check_positive(font_px, "font_px")
    if font_px <= 9:  # the text is no larger than 9 px even at full width
        return round(width_px)
    return min(round(width_px), int(width_px * (9 / font_px)) + 1)


def offline_animation_html(html, alt, width_px=None, font_px=None):
    """matplotlib's ``to_jshtml`` page without its CDN stylesheet, and with alt text.

    The buttons' FontAwesome 4 icons (loaded from a CDN, so missing offline) become plain
    text symbols; every button keeps its title and ARIA label. The frame gets ``alt``, and
    every frame is stored with a 256-colour palette (a third of the bytes, the same picture).
    Given the frames' width and smallest text in pixels, the frame never shrinks below the
    width that keeps that text 9 px high: on a phone the animation scrolls sideways in its
    own box instead.

    Examples
    --------
    >>> page = '<link rel="stylesheet" href="https://cdn/fa.css"><img id="_anim_img1">'
    >>> page += '<button><i class="fa fa-play"></i></button>'
    >>> offline_animation_html(page, "Frames")
    '<img id="_anim_img1" alt="Frames"><button><span aria-hidden="true">▶</span></button>'
    """
    import html as html_module
    import re

    _check_text(html, "html")
    _check_text(alt, "alt")
    if width_px is not None:
        width_px = check_positive(width_px, "width_px")
    if font_px is not None:
        font_px = check_positive(font_px, "font_px")
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*/?>', "", html)
    # frames are base64 text cut into lines that end with a backslash (JavaScript strings)
    html = re.sub(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)", _fewer_colours_uri, html)
    size = ""
    if width_px and font_px:
        size = (f' data-natural-width="{width_px:g}" data-font-px="{font_px:.2f}" style="max-width:'
                f' 100%; min-width: {phone_min_width(width_px, font_px)}px"')
    html = re.sub(r'(<img id="_anim_img[^"]*")',
                  lambda m: f'{m.group(1)} alt="{html_module.escape(alt, quote=True)}"{size}',
                  html)
    if size:
        html = f'<div class="lf-scroll">{html}</div>'
    return re.sub(r'<i class="fa (fa-[a-z-]+(?: fa-flip-horizontal)?)"></i>',
                  lambda m: f'<span aria-hidden="true">{_BUTTON_GLYPHS.get(m.group(1), "")}'
                            f'</span>', html)


def plot_loss_curves(ax, curves, xlabel="step", ylabel="loss", logy=False):
    """Plot named loss curves on ``ax`` and return it.

    A run that diverged may end in NaN or inf: those values are not drawn (the line stops
    there) and the curve's legend entry says how many, from which step on. So are values
    beyond ±1e200 (matplotlib's axis arithmetic overflows past them) and, on a log axis,
    values <= 0 or below 1e-200.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    curves : dict of str to sequence of float
        One curve per label (a list, an array or a tensor; not empty).
    xlabel, ylabel : str
    logy : bool, default False
        Log-scale the y axis.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``curves`` not a dict, or a curve holds no real numbers.
    ValueError
        If a curve is empty or not 1-D.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> ax = plot_loss_curves(ax, {"lr = 10": [2.3, 40.0, float("inf")]})
    >>> ax.get_legend().get_texts()[0].get_text()
    'lr = 10 (1 NaN/inf value(s) from step 2 on, not drawn)'
    >>> plt.close(fig)
    """
    _check_axes(ax)
    _check_curves(curves)
    _check_text(xlabel, "xlabel")
    _check_text(ylabel, "ylabel")
    if not isinstance(logy, (bool, np.bool_)):
        raise TypeError(f"logy must be True or False, got {type(logy).__name__} {logy!r}")
    drawn = []
    for label, curve in curves.items():
        curve, note = _not_drawn(_as_curve(curve, f"curves[{label!r}]"), xlabel, log=logy)
        drawn.append((f"{label}{note}", curve))
    for label, curve in drawn:
        ax.plot(np.arange(len(curve)), curve, label=label)
    if logy:
        ax.set_yscale("log")
        _settle_log(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


#: Colours of classes 0, 1, 2, ... in scatter plots and decision regions.
CLASS_COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"]


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
    y = check_labels(y, len(X), len(CLASS_COLORS), "y")
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
    ax.scatter(X[:, 0], X[:, 1], c=[colors[k] for k in y], s=14, edgecolors="black",
               linewidths=0.4)
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


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
