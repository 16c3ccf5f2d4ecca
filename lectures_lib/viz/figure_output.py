"""How a chapter's figures reach the HTML book: a small PNG with its alt text and panel layout.

When a chapter is executed for the book (the environment variable ``LECTURES_LIB_BOOK=1``,
set by the book build and by :func:`lectures_lib.book.execution.execute`), :func:`install`
replaces the kernel's PNG formatter for matplotlib figures by :func:`figure_png`. The picture
is the same one Jupyter shows (``bbox_inches="tight"`` at the figure's dpi), stored with
256 colours, and the output's metadata says what the book needs to lay it out for every
reader (see :mod:`lectures_lib.book.build`):

* ``alt``: a sentence saying what the figure shows, made from its titles, axis labels and
  legend entries (or the text given with :func:`~lectures_lib.viz.alt_text.set_alt_text`), for
  readers who cannot see it (:mod:`lectures_lib.viz.alt_text`);
* ``panels``: where each panel (an axes with its labels, ticks and legend) lies in the picture,
  as fractions of its width and height, so that a phone can show the panels one under the
  other instead of shrinking a row of them until their labels cannot be read;
* ``font_px``: the smallest text in the picture, in pixels, so the page can keep every label at
  least 9 px high on a narrow screen.

In Jupyter and Colab nothing changes: the variable is not set there.
"""

import base64
import io
import os

import numpy as np

from lectures_lib.viz.alt_text import _check_figure, _is_colorbar, describe_figure

#: The variable that marks a kernel executing a chapter for the book.
BOOK_ENV = "LECTURES_LIB_BOOK"


def _panel_boxes(fig, renderer, axes_boxes=None):
    """Each panel's box in inches (x0, y0, x1, y1), a colorbar joined to the panel it sits by.

    ``axes_boxes`` (axes -> its tight box in pixels), when given, saves measuring them again.
    """
    boxes, colorbars = [], []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        box = axes_boxes[ax] if axes_boxes is not None else ax.get_tightbbox(renderer)
        if box is None or box.width <= 0 or box.height <= 0:
            continue
        box = [box.x0 / fig.dpi, box.y0 / fig.dpi, box.x1 / fig.dpi, box.y1 / fig.dpi]
        (colorbars if _is_colorbar(ax) else boxes).append(box)
    for bar in colorbars:
        if not boxes:
            boxes.append(bar)
            continue
        overlapping = [b for b in boxes if min(b[3], bar[3]) > max(b[1], bar[1])] or boxes
        near = min(overlapping, key=lambda b: min(abs(bar[0] - b[2]), abs(b[0] - bar[2])))
        near[:] = [min(near[0], bar[0]), min(near[1], bar[1]),
                   max(near[2], bar[2]), max(near[3], bar[3])]
    extras = [getattr(fig, "_suptitle", None), *fig.texts, *fig.legends]
    for artist in dict.fromkeys(a for a in extras if a is not None):  # suptitle is a text too
        if not artist.get_visible():
            continue
        box = artist.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append([box.x0 / fig.dpi, box.y0 / fig.dpi, box.x1 / fig.dpi, box.y1 / fig.dpi])
    return boxes


def smallest_font_px(fig):
    """The figure's smallest visible text, in pixels at its dpi (None if it has none)."""
    from matplotlib.text import Text

    _check_figure(fig)
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.figure is fig]
    return min(sizes) * fig.dpi / 72 if sizes else None


def fewer_colours(png):
    """The PNG with a 256-colour palette, if that is smaller (plots rarely need more).

    Raises
    ------
    TypeError
        If ``png`` is not bytes.
    ValueError
        If ``png`` is not a PNG image.
    """
    from PIL import Image, UnidentifiedImageError

    from lectures_lib.viz.redraw import png_bytes

    if not isinstance(png, (bytes, bytearray, memoryview)):
        raise TypeError(f"png must be the bytes of a PNG image, got {type(png).__name__}")
    png = bytes(png)
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError(f"png must be the bytes of a PNG image; these start {png[:8]!r}")
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ValueError(f"png is not a readable PNG image ({err})") from err
    fewer = png_bytes(image.convert("RGB"))
    return fewer if len(fewer) < len(png) else png


def figure_png(fig):
    """The figure as a base64 PNG and the metadata the book lays it out with.

    Returns
    -------
    data : str or None
        The base64-encoded PNG (None for an empty figure, as IPython does).
    metadata : dict
        ``{"alt": str, "width": int, "height": int, "font_px": float, "panels": [[x0, y0, x1,
        y1], ...]}`` with the panels as fractions of the picture, measured from its top left.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure.
    """
    _check_figure(fig)
    if not fig.axes and not fig.lines:
        return None
    pad = 0.1  # inches around the tight box, as in Jupyter's inline figures
    png, whole, renderer, axes_boxes = _tight_png(fig, pad)
    width, height = whole.width, whole.height
    margin = 3 / fig.dpi  # a few pixels around each panel, so no tick label is cut
    panels = []
    for x0, y0, x1, y1 in _panel_boxes(fig, renderer, axes_boxes):
        left, right = (x0 - margin - whole.x0) / width, (x1 + margin - whole.x0) / width
        top, bottom = (whole.y1 - y1 - margin) / height, (whole.y1 - y0 + margin) / height
        panels.append([round(float(v), 4) for v in (max(left, 0.0), max(top, 0.0),
                                                    min(right, 1.0), min(bottom, 1.0))])
    panels.sort(key=lambda p: (round(p[1], 1), p[0]))
    from PIL import Image

    pixels = Image.open(io.BytesIO(png)).size
    metadata = {"alt": describe_figure(fig), "width": pixels[0], "height": pixels[1],
                "font_px": round(smallest_font_px(fig) or 0.0, 2), "panels": panels}
    return base64.b64encode(png).decode("ascii"), {"lectures_lib": metadata}


def _tight_png(fig, pad):
    """The figure cut to its tight box plus ``pad`` inches, as a 256-colour PNG, drawn once.

    What ``savefig(bbox_inches="tight")`` draws, in a third less time: the figure is laid out
    and rendered once, each panel's box measured once (the panels' layout reuses them), and the
    picture cut out of the canvas and framed in the figure's colour. A figure that draws
    outside its canvas, or has no opaque colour to frame it with, is saved by ``savefig``.

    Returns
    -------
    png : bytes
    whole : matplotlib.transforms.Bbox
        The picture's box, in inches.
    renderer, axes_boxes
        The renderer, and each visible axes' tight box in pixels.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox
    from PIL import Image

    from lectures_lib.viz.redraw import canvas_image, lay_out, png_bytes

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    engine = fig.get_layout_engine()
    try:
        if engine is not None:
            lay_out(fig, engine)
        canvas.draw()
        renderer = canvas.get_renderer()
        axes_boxes = {ax: ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()}
        boxes = [a.get_tightbbox(renderer) for a in fig.get_children()
                 if a not in fig.axes and a.get_visible() and a.get_in_layout()]
        boxes = [b for b in [*boxes, *axes_boxes.values()] if b is not None
                 and np.isfinite(b.width) and np.isfinite(b.height) and (b.width or b.height)]
        tight = Bbox.union(boxes) if boxes else fig.bbox
        width, height = canvas.get_width_height()
        face = fig.get_facecolor()
        if (tight.x0 < -0.5 or tight.y0 < -0.5 or tight.x1 > width + 0.5
                or tight.y1 > height + 0.5 or face[3] < 1):
            return _saved_png(fig, pad), tight.transformed(fig.dpi_scale_trans.inverted()).padded(
                pad), renderer, axes_boxes
        whole = tight.padded(pad * fig.dpi)
        image = canvas_image(canvas)
        # the box's pixel columns and rows (rows counted from the top; savefig's size)
        left, bottom = round(whole.x0), height - round(whole.y0)
        right, top = left + int(whole.width), bottom - int(whole.height)
        framed = Image.new("RGB", (right - left, bottom - top),
                           tuple(round(255 * c) for c in face[:3]))
        framed.paste(image.crop((max(left, 0), max(top, 0), min(right, width),
                                 min(bottom, height))), (max(-left, 0), max(-top, 0)))
        return png_bytes(framed), whole.transformed(fig.dpi_scale_trans.inverted()), renderer, \
            axes_boxes
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)


def _saved_png(fig, pad):
    buffer = io.BytesIO()
    fig.canvas.print_figure(buffer, format="png", dpi=fig.dpi, bbox_inches="tight",
                            pad_inches=pad, facecolor=fig.get_facecolor(),
                            edgecolor=fig.get_edgecolor())
    return fewer_colours(buffer.getvalue())


def for_the_book():
    """Whether this process executes a chapter for the book (``LECTURES_LIB_BOOK`` set, not 0)."""
    return os.environ.get(BOOK_ENV, "0") not in ("", "0")


def install(shell=None):
    """Use :func:`figure_png` for figures in this IPython kernel, if it executes the book.

    Called when :mod:`lectures_lib` is imported; does nothing outside IPython or when
    ``LECTURES_LIB_BOOK`` is not set. The formatter is put back before every cell, since
    matplotlib's inline backend installs its own when it is first loaded.
    """
    if not for_the_book():
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter") or not hasattr(shell, "events"):
        return False
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    # Load the kernel's backend now (it installs its own formatter when it loads), so that the
    # formatter registered below is the one in place when the first figure is shown.
    plt.close(plt.figure())

    def register(*_):
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)

    register()
    # matplotlib's inline backend puts its own formatter in place when it is first loaded (at
    # the first figure, in the middle of a cell) and shows the cell's figures after it, at
    # "post_execute": put ours back before each cell and before the figures are shown (this
    # callback was registered first, so it runs before the backend's).
    shell.events.register("pre_run_cell", register)
    shell.events.register("post_execute", register)
    return True
