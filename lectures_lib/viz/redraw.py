"""Drawing a widget's picture quickly: lay the panels out once, and reuse that while they fit.

A widget redraws its figure on every move of a control, so the time of one drawing is what a
student waits for. Most of it is matplotlib's: an empty panel takes about 20 ms to render, and
constrained layout (``layout="constrained"``) about as much again per panel, since it measures
every tick label twice to find the margins. ``fig.savefig`` adds a third pass (it draws once
without rendering, to lay out, then once for real).

:func:`render_png` renders once. Given the :class:`Layout` of an earlier picture of the same
widget (the same panels in the same grid), it puts the panels where they were and skips the
layout; after rendering it checks that every panel, with its labels, title and legend, still
lies inside the picture and overlaps no other panel it did not overlap before. If not, it lays
the figure out afresh and renders again. So the panels stay still while the controls move, as
they would on paper, and a picture whose labels grew gets new margins.
"""

import io
from typing import NamedTuple


class Layout(NamedTuple):
    """Where constrained layout put a figure's panels (figure fractions), and for which panels."""

    panels: tuple         # per axes: (class name, subplot geometry or None)
    boxes: tuple          # per axes: its original position, (x0, y0, x1, y1)
    overlaps: frozenset   # pairs of axes whose decorated boxes overlapped there (insets)


def render_png(fig, layout=None):
    """Render ``fig`` once as a 256-colour PNG; return ``(png_bytes, layout)``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A drawn figure, normally with ``layout="constrained"``.
    layout : Layout, optional
        The layout of an earlier picture of the same drawing function: reused when the panels
        are the same and still fit (see the module's docstring).

    Returns
    -------
    png : bytes
    layout : Layout or None
        The layout used (None for a figure without a layout engine or without panels).

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure or ``layout`` not a :class:`Layout`.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if layout is not None and not isinstance(layout, Layout):
        raise TypeError(f"layout must be a Layout (from an earlier render_png) or None, got "
                        f"{type(layout).__name__}")

    # a figure drawn before keeps its canvas, and the canvas its renderer (and text caches)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    engine = fig.get_layout_engine()
    if engine is None or not fig.axes:
        canvas.draw()
        return png_bytes(canvas_image(canvas)), None
    fig.set_layout_engine("none")
    if layout is not None and layout.panels == _panels(fig):
        for ax, box in zip(fig.axes, layout.boxes):
            ax._set_position(_bbox(box))  # (set_position would take the axes out of layout)
        canvas.draw()
        if _fits(fig, canvas.get_renderer(), layout.overlaps):
            return png_bytes(canvas_image(canvas)), layout
    lay_out(fig, engine)
    canvas.draw()
    boxes = tuple(tuple(ax.get_position(original=True).extents) for ax in fig.axes)
    overlaps = frozenset(_overlapping(_decorated_boxes(fig, canvas.get_renderer())))
    return png_bytes(canvas_image(canvas)), Layout(_panels(fig), boxes, overlaps)


def lay_out(fig, engine):
    """Run the layout ``engine`` on ``fig`` alone, then leave the figure without one, so that
    the next draw only renders (``savefig`` would lay out in a draw of its own first).

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure or ``engine`` not a layout engine.
    """
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import LayoutEngine

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(engine, LayoutEngine):
        raise TypeError(f"engine must be a matplotlib LayoutEngine (fig.get_layout_engine()), "
                        f"got {type(engine).__name__}")
    fig.set_layout_engine(engine)
    try:
        engine.execute(fig)
    except ValueError:  # a layout it cannot solve: drawn as placed, as Figure.draw does
        pass
    fig.set_layout_engine("none")


def canvas_image(canvas):
    """What a drawn Agg ``canvas`` shows, as a PIL RGB image.

    Raises
    ------
    TypeError
        If ``canvas`` is not an Agg canvas (``FigureCanvasAgg``).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if not isinstance(canvas, FigureCanvasAgg):
        raise TypeError(f"canvas must be a matplotlib FigureCanvasAgg, got "
                        f"{type(canvas).__name__}")
    if getattr(canvas, "renderer", None) is None:
        canvas.draw()  # nothing drawn yet: draw it, rather than fail inside buffer_rgba

    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw",
                            "RGBA", 0, 1).convert("RGB")


def png_bytes(image):
    """A PIL RGB image as PNG bytes with a 256-colour palette (plots rarely need more).

    The fast octree palette: five times quicker than median cut, and smaller files (plots are a
    few flat colours plus anti-aliased edges, which it keeps better); as fast to encode as full
    colour, and a quarter of the bytes. An image in another mode is converted to RGB first.

    Raises
    ------
    TypeError
        If ``image`` is not a PIL image.
    ValueError
        If it has no pixels.
    """
    from PIL import Image

    if not isinstance(image, Image.Image):
        raise TypeError(f"image must be a PIL Image, got {type(image).__name__}")
    if image.width == 0 or image.height == 0:
        raise ValueError(f"image has no pixels (size {image.size})")
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buffer, format="png")
    return buffer.getvalue()


def _bbox(extents):
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(*extents)


def _panels(fig):
    panels = []
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        geometry = None if spec is None else (spec.get_geometry(), spec.get_gridspec().nrows,
                                              spec.get_gridspec().ncols)
        panels.append((type(ax).__name__, geometry))
    return tuple(panels)


def _decorated_boxes(fig, renderer):
    """Each axes' box with everything drawn around it (pixels), None for a hidden one."""
    return [ax.get_tightbbox(renderer) if ax.get_visible() else None for ax in fig.axes]


def _overlapping(boxes):
    return {(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1:], i + 1)
            if a is not None and b is not None
            and min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)}


def _fits(fig, renderer, allowed_overlaps):
    """Whether every panel's decorated box lies in the picture, overlapping no new neighbour,
    and the figure's own texts (suptitle, legends) lie in the picture too."""
    boxes = _decorated_boxes(fig, renderer)
    extras = [getattr(fig, "_suptitle", None), *fig.texts, *fig.legends]
    outer = fig.bbox
    for box in boxes + [a.get_window_extent(renderer) for a in extras
                        if a is not None and a.get_visible()]:
        if box is not None and (box.x0 < outer.x0 - 1 or box.y0 < outer.y0 - 1
                                or box.x1 > outer.x1 + 1 or box.y1 > outer.y1 + 1):
            return False
    return _overlapping(boxes) <= allowed_overlaps
