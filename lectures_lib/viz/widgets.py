"""Figures that redraw under their sliders: the chapters' interactive figures.

:func:`interactive_figure` turns a drawing function ``draw(fig, **values)`` (see
:mod:`lectures_lib.viz.plots`) into a figure under its controls (sliders and menus of
:mod:`lectures_lib.viz.controls`). It works in Jupyter and in Colab (core widgets only, so no
custom widget manager is needed there). In the HTML book no kernel runs: there the widget is
replaced by its kernel-free copy, the same controls over pictures drawn when the chapter was
executed (:mod:`lectures_lib.viz.offline_widget`). Both draw from one cache, so a setting seen
before shows at once. Used by all chapters.
"""

import html
from collections.abc import Mapping
from typing import NamedTuple

import ipywidgets
from matplotlib.figure import Figure

from lectures_lib._checks import check_callable
from lectures_lib.viz.plots import _check_figsize, style_figure


class Picture(NamedTuple):
    """One drawing of a widget's figure: PNG bytes and what the book lays it out with."""

    png: bytes
    alt: str = ""
    width: int = 0            # pixels
    font_px: float = 0.0      # the smallest text, in pixels
    error: str = ""           # set (and png empty) when drawing raised
    layout: object = None     # where the panels were put (lectures_lib.viz.redraw.Layout)


def draw_picture(draw, figsize=(6.4, 4.0), dpi=100, layout=None, fig=None):
    """Draw ``draw(fig)`` on a white figure and return it as a :class:`Picture`.

    The figure is a bare ``matplotlib.figure.Figure``, not one of pyplot's: it is never shown
    by the notebook's backend and needs no closing. It is rendered once, as a 256-colour PNG,
    with the panels where ``layout`` (an earlier picture's) put them while they still fit
    (:func:`lectures_lib.viz.redraw.render_png`).

    ``fig``, a figure of an earlier picture of the same size, is cleared and drawn on again
    rather than a new one made: its canvas keeps its renderer, and with it matplotlib's caches
    of text sizes and of parsed mathtext (a log axis' ``10^{-8}`` labels), which a new
    renderer starts without. That halves the rendering time of a panel with many labels.

    Raises
    ------
    TypeError
        If ``draw`` is not callable, ``fig`` not a figure or ``layout`` not a
        :class:`~lectures_lib.viz.redraw.Layout`.
    ValueError
        If ``figsize`` or ``dpi`` is not positive, or the picture would exceed 65536 pixels a
        side.
    """
    from lectures_lib.viz.alt_text import describe_figure
    from lectures_lib.viz.figure_output import smallest_font_px
    from lectures_lib.viz.redraw import Layout, render_png

    check_callable(draw, "draw")
    figsize = _check_figsize(figsize, dpi)
    if layout is not None and not isinstance(layout, Layout):
        raise TypeError(f"layout must be a lectures_lib.viz.redraw.Layout or None, got "
                        f"{type(layout).__name__}")
    if fig is not None and not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure or None, got {type(fig).__name__}")
    if fig is None:
        fig = Figure(figsize=figsize, dpi=dpi)
    fig.clear()  # (a figure of an earlier picture)
    style_figure(fig)
    draw(fig)
    png, layout = render_png(fig, layout)
    return Picture(png, describe_figure(fig), round(figsize[0] * dpi),
                   smallest_font_px(fig) or 0.0, layout=layout)


def figure_png(draw, figsize=(6.4, 4.0), dpi=100):
    """Draw ``draw(fig)`` on a fresh white figure and return it as PNG bytes."""
    return draw_picture(draw, figsize, dpi).png


class InteractiveFigure(ipywidgets.VBox):
    """Controls above a picture of a figure that is redrawn whenever a control changes.

    The picture is an ``ipywidgets.Image`` holding a PNG, not an ``Output`` widget capturing
    a displayed figure: executing the chapters headless (nbclient, as the book build and the
    tests do) an ``Output`` widget makes the client write to the kernel while it waits for the
    cell's reply, which can stall the cell for the whole execution timeout (nbclient issue
    #312). If ``draw`` raises, the message is shown under the controls in place of the picture.

    Attributes
    ----------
    controls : dict
        Keyword -> widget, as given.
    image : ipywidgets.Image
        The current picture.
    message : ipywidgets.HTML
        Empty, or the error raised by the last redraw.
    """

    def __init__(self, draw, figsize=(6.4, 4.0), book_values=None, **controls):
        from lectures_lib.viz.offline_values import control_values

        check_callable(draw, "draw")
        figsize = _check_figsize(figsize)
        for name, control in controls.items():
            if not isinstance(control, ipywidgets.ValueWidget):
                raise TypeError(f"control {name!r} must be an ipywidgets widget with a value "
                                f"(e.g. lectures_lib.viz.controls.slider), got {control!r}")
        if book_values is not None and not isinstance(book_values, Mapping):
            raise TypeError(f"book_values must be a dict of control name -> values, got "
                            f"{type(book_values).__name__}")
        unknown = sorted(set(book_values or {}) - set(controls), key=str)
        if unknown:
            raise ValueError(f"book_values names no control: {unknown} (controls: "
                             f"{list(controls)})")
        for name, control in controls.items():  # the book's copy must be able to show each
            control_values(control, values=(book_values or {}).get(name))
        self.draw, self.figsize, self.controls = draw, figsize, controls
        self.book_values = book_values
        self.pictures = {}  # (name, value) pairs -> Picture: every setting is drawn once
        self._layout = None  # the panels' places, kept while the pictures fit them
        self._figure = None  # drawn on again for every picture (see draw_picture)
        self.image = ipywidgets.Image(format="png")
        self.message = ipywidgets.HTML()
        super().__init__([*controls.values(), self.message, self.image])
        for control in controls.values():
            control.observe(self.redraw, names="value")
        self.redraw()

    def values(self):
        """The controls' current values, keyword -> value."""
        return {name: control.value for name, control in self.controls.items()}

    @staticmethod
    def _key(values):
        return tuple(values.items())

    def picture(self, values):
        """The :class:`Picture` for a dict of values, drawn once and then taken from the cache.

        ``values`` maps every control's name to a value; if ``draw`` raises, the picture holds
        the error's message instead of a PNG.
        """
        if not isinstance(values, Mapping):
            raise TypeError(f"values must be a dict of control name -> value, got "
                            f"{type(values).__name__}")
        if set(values) != set(self.controls):
            raise ValueError(f"values must name each control once: got {sorted(values)}, "
                             f"controls {list(self.controls)}")
        values = {name: values[name] for name in self.controls}
        key = self._key(values)
        if key not in self.pictures:
            try:
                if self._figure is None:
                    self._figure = Figure(figsize=self.figsize, dpi=100)
                self.pictures[key] = draw_picture(lambda fig: self.draw(fig, **values),
                                                  self.figsize, layout=self._layout,
                                                  fig=self._figure)
                self._layout = self.pictures[key].layout
            except Exception as err:  # shown to the student, who moved a slider
                self.pictures[key] = Picture(b"", error=f"{type(err).__name__}: {err}")
        return self.pictures[key]

    def redraw(self, change=None):
        """Show the figure for the current values (called by every control's change)."""
        values = self.values()
        if self._key(values) not in self.pictures:  # drawing may take a while: say so
            self.message.value = "<i>drawing…</i>"
        drawn = self.picture(values)
        if drawn.error:
            self.message.value = f'<pre style="color: #b00020">{html.escape(drawn.error)}</pre>'
        else:
            self.image.value = drawn.png
            self.message.value = ""

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, and when executed for the book its kernel-free copy as HTML."""
        from lectures_lib.viz.offline_widget import offline_html

        return _with_book_html(super(), kwargs, lambda: offline_html(self.controls, self.picture,
                                                                     self.book_values))


def _with_book_html(parent, kwargs, book_html):
    """A widget's mime bundle, plus ``book_html()`` as text/html when executed for the book.

    ipywidgets 8 builds the bundle in ``_repr_mimebundle_``; ipywidgets 7 (Colab) displays a
    widget through ``_ipython_display_`` and never asks for it.
    """
    from lectures_lib.viz.figure_output import for_the_book

    method = getattr(parent, "_repr_mimebundle_", None)
    bundle = dict(method(**kwargs) or {}) if method else {}
    if for_the_book():
        bundle["text/html"] = book_html()
    return bundle


class BookHBox(ipywidgets.HBox):
    """An ``HBox`` that, executed for the book, also carries a kernel-free copy of itself.

    ``book_html()`` returns that copy as HTML (e.g. :func:`lectures_lib.viz.demo_page.demo_html`).
    """

    def __init__(self, children, book_html):
        check_callable(book_html, "book_html")
        super().__init__(children)
        self.book_html = book_html

    def _repr_mimebundle_(self, **kwargs):
        return _with_book_html(super(), kwargs, self.book_html)


def interactive_figure(draw, figsize=(6.4, 4.0), book_values=None, **controls):
    """Sliders that redraw a figure: ``draw(fig, **values)`` runs on every change.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on a fresh figure.
    figsize : tuple, default (6.4, 4.0)
    book_values : dict, optional
        Keyword -> the values the HTML book's kernel-free copy draws for that control; by
        default every option of a menu and five values over a slider's range (see
        :mod:`lectures_lib.viz.offline_widget`).
    **controls
        Keyword -> widget (see :func:`~lectures_lib.viz.controls.slider`,
        :func:`~lectures_lib.viz.controls.log_slider`,
        :func:`~lectures_lib.viz.controls.choice`, ...).

    Returns
    -------
    InteractiveFigure
        The widget; display it (or leave it last in a cell).

    Raises
    ------
    TypeError
        If ``draw`` is not callable, a control is not an ipywidgets control with a value (or
        one the HTML book cannot copy), or ``book_values`` is not a dict.
    ValueError
        If ``figsize`` is not two positive numbers, or ``book_values`` names no control or
        holds values outside its control's range or options.

    Examples
    --------
    >>> from lectures_lib.viz.controls import slider
    >>> widget = interactive_figure(lambda fig, p: fig.add_subplot().plot([0, p]),
    ...                             p=slider("p", 0.5, 0.0, 1.0, 0.1))
    >>> bytes(widget.image.value[:4])
    b'\\x89PNG'
    """
    return InteractiveFigure(draw, figsize, book_values, **controls)

