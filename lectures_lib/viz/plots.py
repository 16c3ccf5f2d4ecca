"""The book's figures: how each one looks, the colours the chapters share, and loss curves.

Every plot helper of :mod:`lectures_lib.viz` draws on a figure or axes it is given (or makes
one) and returns it, so a chapter can adjust it; none calls ``plt.show()``. Each figure they
make or clear gets the look of :func:`style_figure`: an opaque white background, so that it
stays readable in the book's dark mode, and constrained layout. The checks of input that the
plot helpers share live here too. Used by all chapters.

The widget of a chapter and its static twin for the HTML book call the *same* drawing function
``draw(fig, **values)``: :func:`lectures_lib.viz.widgets.interactive_figure` redraws it when a
slider moves, :func:`lectures_lib.viz.animations.sweep_animation` records one frame per value.
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, FigureBase

from lectures_lib._checks import check_positive, check_positive_int

#: The book's figure style, applied when this module is imported: 12-point text, so that a
#: figure of the default width (6.4 inches) keeps its labels at least 9 px high on a phone.
BOOK_STYLE = {"font.size": 12}
plt.rcParams.update(BOOK_STYLE)

#: Colours used for the same things across chapters.
COLORS = {"forward": "tab:orange", "centred": "tab:blue", "train": "tab:blue",
          "val": "tab:orange", "test": "tab:green", "marker": "tab:red"}

#: Colours of classes 0, 1, 2, ... in scatter plots and decision regions.
CLASS_COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"]


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


def _check_drawable(values, name):
    """Raise unless the positive ``values`` lie in [1 / DRAWABLE, DRAWABLE] (a log axis)."""
    if values.size and values.min() <= 0:
        raise ValueError(f"{name} must be > 0 (drawn on a log axis), got {values.min()}")
    if values.size and not 1 / DRAWABLE <= values.min() <= values.max() <= DRAWABLE:
        raise ValueError(f"{name} must lie in [{1 / DRAWABLE:.0e}, {DRAWABLE:.0e}] to be drawn "
                         f"on a log axis, got values from {values.min():.3g} to "
                         f"{values.max():.3g}")


def new_figure(nrows=1, ncols=1, figsize=(6.4, 4.0), **subplot_kw):
    """A figure in the book's style (:func:`style_figure`) and its axes (``plt.subplots``'
    return value).

    Raises
    ------
    TypeError, ValueError
        If ``nrows`` or ``ncols`` is not an integer >= 1, or ``figsize`` is not two positive
        numbers of inches.
    """
    nrows, ncols = check_positive_int(nrows, "nrows"), check_positive_int(ncols, "ncols")
    figsize = _check_figsize(figsize, plt.rcParams["figure.dpi"])
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, **subplot_kw)
    return style_figure(fig), axes


def style_figure(fig):
    """Give ``fig`` the look of every figure of the book, and return it.

    An opaque white background keeps the figure readable in the book's dark mode (a
    transparent one would show black axes on a dark page); constrained layout keeps the
    panels' labels, titles and legends inside the picture and apart. A subfigure is laid out
    by its parent figure: it only gets the background.

    Examples
    --------
    >>> fig = style_figure(plt.figure())
    >>> fig.get_facecolor(), type(fig.get_layout_engine()).__name__
    ((1.0, 1.0, 1.0, 1.0), 'ConstrainedLayoutEngine')
    >>> plt.close(fig)

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib figure or subfigure.
    """
    _check_figure(fig)
    fig.set_facecolor("white")
    if isinstance(fig, Figure):
        fig.set_layout_engine("constrained")
    return fig


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
