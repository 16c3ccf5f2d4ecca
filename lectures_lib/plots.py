"""Plot helpers shared by the chapters.

Every helper draws on a figure or axes it is given (or makes one) and returns it, so a chapter
can adjust it; none calls ``plt.show()``. Figures get an opaque white background so they stay
readable in the book's dark mode.

The widget of a chapter and its static twin for the HTML book call the *same* drawing function
``draw(fig, **values)``: :func:`lectures_lib.widgets.interactive_figure` redraws it when a slider
moves, :func:`sweep_animation` records one frame per value.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation

from lectures_lib._checks import as_float_array

#: The book's figure style, applied when this module is imported: 12-point text, so that a
#: figure of the default width (6.4 inches) keeps its labels at least 9 px high on a phone.
BOOK_STYLE = {"font.size": 12}
plt.rcParams.update(BOOK_STYLE)

#: Colours used for the same things across chapters.
COLORS = {"forward": "tab:orange", "centred": "tab:blue", "train": "tab:blue",
          "val": "tab:orange", "test": "tab:green", "marker": "tab:red"}


def new_figure(nrows=1, ncols=1, figsize=(6.4, 4.0), **subplot_kw):
    """A figure with an opaque white background and its axes (``plt.subplots``' return value)."""
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
        The step to mark.
    steps : array_like
        The steps of the curves (log-spaced).
    errors : dict of str to array_like
        Error curves keyed by method name (``"forward"``, ``"centred"``), one value per step.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    steps = as_float_array(steps, "steps", ndim=1)
    fig.clear()
    fig.set_facecolor("white")
    ax = fig.add_subplot()
    for method, curve in errors.items():
        curve = np.asarray(curve)
        ax.loglog(steps, curve, "o-", ms=3, color=COLORS.get(method), label=f"{method} differences")
        ax.plot([h], [np.interp(np.log(h), np.log(steps), curve)], "o", ms=9,
                color=COLORS.get(method), mec="black")
    ax.axvline(h, color=COLORS["marker"], lw=1, ls="--")
    ax.set_xlabel("finite-difference step h")
    ax.set_ylabel("largest error of the numeric gradient")
    ax.set_title(title or f"h = {h:.0e}")
    ax.grid(True, which="major", alpha=0.3)
    # Over a dozen decades minor ticks are clutter, and a third of the widget's redraw time.
    ax.minorticks_off()
    ax.legend(loc="upper center")
    return ax


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
    """
    from IPython.display import HTML

    values = list(values)
    if not values:
        raise ValueError("values is empty: an animation needs at least one frame")
    fig = plt.figure(figsize=figsize, dpi=dpi, facecolor="white", layout="constrained")
    anim = animation.FuncAnimation(fig, lambda i: draw(fig, **{name: values[i]}, **fixed),
                                   frames=len(values), interval=interval)
    html = anim.to_jshtml(default_mode="once")
    from lectures_lib.figure_output import smallest_font_px

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

    from lectures_lib.figure_output import fewer_colours

    png = base64.b64decode(match.group(1).replace("\\\n", ""))
    return "data:image/png;base64," + base64.b64encode(fewer_colours(png)).decode("ascii")


def phone_min_width(width_px, font_px):
    """The narrowest a picture ``width_px`` wide may be shown, in px, before its smallest text
    (``font_px`` at full size) drops under 9 px: narrower screens scroll it in its own box.

    >>> phone_min_width(864, 16.0)
    487
    """
    return min(width_px, int(width_px * 9 / font_px) + 1)


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

    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*/?>', "", html)
    # frames are base64 text cut into lines that end with a backslash (JavaScript strings)
    html = re.sub(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)", _fewer_colours_uri, html)
    size = ""
    if width_px and font_px:
        size = (f' data-natural-width="{width_px}" data-font-px="{font_px:.2f}" style="max-width:'
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

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    curves : dict of str to sequence of float
        One curve per label.
    xlabel, ylabel : str
    logy : bool, default False
        Log-scale the y axis.
    """
    for label, curve in curves.items():
        ax.plot(np.arange(len(curve)), curve, label=label)
    if logy:
        ax.set_yscale("log")
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
    """
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y)
    if X.shape[1] != 2:
        raise ValueError(f"X must hold 2-D points, got shape {X.shape}")
    n_classes = int(y.max()) + 1
    if n_classes > len(CLASS_COLORS):
        raise ValueError(f"y has {n_classes} classes; at most {len(CLASS_COLORS)} can be drawn")
    if limits is None:
        low, high = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (high - low).max()
        limits = (low[0] - pad, high[0] + pad, low[1] - pad, high[1] + pad)
    xx, yy = np.meshgrid(np.linspace(limits[0], limits[1], grid),
                         np.linspace(limits[2], limits[3], grid))
    regions = np.asarray(predict(np.column_stack([xx.ravel(), yy.ravel()]))).reshape(xx.shape)
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
