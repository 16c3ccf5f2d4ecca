"""Animations for the HTML book: a figure swept over one value, playable without a kernel.

:func:`sweep_animation` records a drawing function ``draw(fig, **values)`` once per value
of one keyword, as matplotlib's HTML/JavaScript animation (the linear-classifier demo of
chapter 2 plays its training steps so). :func:`offline_animation_html` makes that page
work offline and on a phone: no stylesheet from a CDN, alt text, frames no narrower than
their smallest text allows (:func:`~lectures_lib.viz.plots.phone_min_width`).
"""

import matplotlib.pyplot as plt
from matplotlib import animation

from lectures_lib._checks import check_callable, check_positive
from lectures_lib.viz.plots import _check_figsize, _check_text, phone_min_width, style_figure


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
    fig = style_figure(plt.figure(figsize=figsize, dpi=dpi))
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
