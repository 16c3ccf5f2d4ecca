"""The book build's side of :mod:`lectures_lib.viz.figure_output`: figures laid out for any screen.

A chapter executed for the book stores each figure as a PNG whose output metadata carries its
alt text, the boxes of its panels and its smallest font size in pixels. This module is a
myst-nb *mime renderer plugin* (registered in ``pyproject.toml`` under the entry-point group
``myst_nb.mime_renderers``) that turns such an output into one HTML ``<figure>``:

* the whole picture, with the alt text, never wider than the column;
* if the figure has several panels and its labels would shrink below :data:`MIN_TEXT_PX`
  on a narrow screen, a second layout that shows each panel cut out of the *same* image file,
  one under the other (or side by side where they fit), switched on by a media query at the
  width where the whole picture gets too small. Nothing is downloaded twice;
* a single panel that still cannot fit keeps its labels readable by scrolling sideways inside
  its own box, never the page.

Figures without the metadata (made outside the book build) are left to myst-nb.
"""

import hashlib
import math
import posixpath
import urllib.parse
from binascii import a2b_base64
from collections.abc import Mapping
from html import escape

from docutils import nodes

from lectures_lib._checks import as_scalar, check_int

#: The smallest text a reader should meet on a phone, in CSS pixels.
MIN_TEXT_PX = 9.0
#: The page's padding around the article column at phone widths, in CSS pixels (both sides).
PAGE_GUTTER_PX = 40


class book_figure(nodes.image):
    """An image node that knows its panels; the HTML writer lays it out (see module doc)."""


def layout(meta):
    """How the figure is shown: minimum widths and the stacking breakpoint, in CSS pixels.

    Parameters
    ----------
    meta : dict
        The ``lectures_lib`` output metadata: ``width``, ``height``, ``font_px``, ``panels``.

    Returns
    -------
    dict
        ``min_width`` of the whole picture, ``stack_below`` (the viewport width under which
        the panels are shown one by one, or None), and ``crops``: per panel its natural
        ``width``/``height`` in pixels, ``min_width`` and the ``left``/``top``/``scale`` of the
        image inside it in percent.

    Examples
    --------
    >>> row = {"width": 960, "height": 330, "font_px": 16.0,
    ...        "panels": [[0, 0, 0.5, 1], [0.5, 0, 1, 1]]}
    >>> plan = layout(row)
    >>> plan["stack_below"], plan["crops"][1]["left"]
    (580, -100.0)

    Raises
    ------
    TypeError
        If ``meta`` is not a dict or a number in it is not one.
    ValueError
        If ``width`` or ``height`` is missing or below 1, ``font_px`` is negative, or a panel
        is not four fractions in [0, 1].
    """
    meta = _check_meta(meta)
    width, height = meta["width"], meta["height"]
    font = meta.get("font_px") or 0.0
    # The narrowest the picture may get before its smallest text drops below MIN_TEXT_PX.
    min_width = math.ceil(width * MIN_TEXT_PX / font) if font else 0
    panels = [p for p in meta.get("panels", []) if p[2] > p[0] and p[3] > p[1]]
    crops = []
    for x0, y0, x1, y1 in panels:
        w, h = (x1 - x0) * width, (y1 - y0) * height
        crops.append({"width": round(w), "height": round(h),
                      "min_width": math.ceil(w * MIN_TEXT_PX / font) if font else 0,
                      "left": round(-100 * x0 / (x1 - x0), 3),
                      "top": round(-100 * y0 / (y1 - y0), 3),
                      "scale": round(100 / (x1 - x0), 3)})
    stack_below = None
    if len(crops) > 1 and min_width > 0:
        stack_below = min_width + PAGE_GUTTER_PX
    return {"min_width": min(min_width, width), "stack_below": stack_below, "crops": crops}


def _check_meta(meta):
    """The ``lectures_lib`` metadata, checked: a copy with its numbers as int/float."""
    if not isinstance(meta, Mapping):
        raise TypeError(f"meta must be the dict of a figure's lectures_lib metadata, got "
                        f"{type(meta).__name__}")
    missing = [key for key in ("width", "height") if key not in meta]
    if missing:
        raise ValueError(f"meta lacks {missing}: it needs the picture's width and height in "
                         f"pixels (see lectures_lib.viz.figure_output.figure_png)")
    meta = dict(meta)
    for key in ("width", "height"):
        meta[key] = check_int(meta[key], f"meta[{key!r}]", low=1)
    if meta.get("font_px") is not None:
        meta["font_px"] = as_scalar(meta["font_px"], "meta['font_px']")
        if meta["font_px"] < 0:
            raise ValueError(f"meta['font_px'] must be >= 0, got {meta['font_px']}")
    panels = meta.get("panels", [])
    if isinstance(panels, (str, bytes)) or not hasattr(panels, "__iter__"):
        raise TypeError(f"meta['panels'] must be a list of [x0, y0, x1, y1], got {panels!r}")
    checked = []
    for i, panel in enumerate(panels):
        name = f"meta['panels'][{i}]"
        if isinstance(panel, (str, bytes)) or not hasattr(panel, "__len__") or len(panel) != 4:
            raise TypeError(f"{name} must be [x0, y0, x1, y1], got {panel!r}")
        box = [as_scalar(v, name) for v in panel]
        if not all(0 <= v <= 1 for v in box):
            raise ValueError(f"{name} must hold fractions of the picture in [0, 1], got {box}")
        checked.append(box)
    meta["panels"] = checked
    alt = meta.get("alt")
    if alt is not None and not isinstance(alt, str):
        raise TypeError(f"meta['alt'] must be a string, got {type(alt).__name__}")
    return meta


def figure_html(src, meta, number):
    """The ``<figure>`` for one picture at ``src`` (see :func:`layout`).

    Raises
    ------
    TypeError
        If ``src`` is not a string, ``number`` not an integer, or ``meta`` not valid (see
        :func:`layout`).
    ValueError
        If ``number`` is negative or ``meta`` holds a bad value.
    """
    if not isinstance(src, str):
        raise TypeError(f"src must be the picture's URL as a string, got {type(src).__name__}")
    number = check_int(number, "number", low=0)
    meta = _check_meta(meta)
    plan = layout(meta)
    ident = f"lf-{number}"
    alt = escape(meta.get("alt") or "Figure.", quote=True)
    parts = [f'<figure class="lf-figure" id="{ident}" data-font-px="{meta.get("font_px", 0)}">',
             f'<div class="lf-scroll"><img class="lf-whole" src="{src}" alt="{alt}" '
             f'width="{meta["width"]}" height="{meta["height"]}" data-natural-width='
             f'"{meta["width"]}" style="min-width: {plan["min_width"]}px" decoding="async"></div>']
    if plan["stack_below"]:
        parts.append('<div class="lf-panels" aria-hidden="true">')
        for crop in plan["crops"]:
            parts.append(
                f'<div class="lf-crop" data-natural-width="{crop["width"]}" style="width: '
                f'{crop["width"]}px; min-width: {crop["min_width"]}px; aspect-ratio: '
                f'{crop["width"]} / {crop["height"]}"><img src="{src}" alt="" style="width: '
                f'{crop["scale"]}%; left: {crop["left"]}%; top: {crop["top"]}%" '
                f'decoding="async"></div>')
        parts.append("</div>")
        parts.append(f'<style>@media (max-width: {plan["stack_below"]}px) {{ #{ident} '
                     f'.lf-scroll {{ display: none; }} #{ident} .lf-panels {{ display: flex; '
                     f'}} }}</style>')
    parts.append("</figure>")
    return "".join(parts)


class FigureOutputRenderer:
    """myst-nb mime renderer plugin for figures carrying ``lectures_lib`` metadata."""

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        meta = data.output_metadata.get(data.mime_type, {}).get("lectures_lib")
        if inline or data.mime_type != "image/png" or not meta:
            return None
        png = a2b_base64(data.content)
        name = hashlib.sha256(png).hexdigest() + ".png"
        uri = renderer.write_file([name], png, overwrite=False, exists_ok=True)
        return [book_figure(uri=uri, alt=meta.get("alt", ""), lectures_lib=meta)]


def _visit_book_figure_html(self, node):
    uri = node["uri"]
    if uri in self.builder.images:
        uri = posixpath.join(self.builder.imgpath, urllib.parse.quote(self.builder.images[uri]))
    self._book_figures = getattr(self, "_book_figures", 0) + 1
    self.body.append(figure_html(uri, node["lectures_lib"], self._book_figures))
    raise nodes.SkipNode


def _check_app(app, needs=("connect",)):
    """Raise unless ``app`` looks like the Sphinx application (has the methods ``needs``).

    A Sphinx extension's ``setup(app)`` is called by Sphinx; called by hand with anything
    else it should say so rather than fail on the first missing attribute.
    """
    missing = [name for name in needs if not callable(getattr(app, name, None))]
    if missing:
        raise TypeError(f"app must be the Sphinx application (sphinx.application.Sphinx; "
                        f"Sphinx calls setup(app) itself), got {type(app).__name__}, which has "
                        f"no {', '.join(missing)}")
    return app


def setup(app):
    """Register the node and its HTML writer (called by :mod:`lectures_lib.book.build`).

    Raises
    ------
    TypeError
        If ``app`` is not the Sphinx application.
    """
    _check_app(app, ("add_node",))
    app.add_node(book_figure, html=(_visit_book_figure_html, None))
