"""ipywidgets controls for the chapters' hyperparameters.

:func:`interactive_figure` turns a drawing function ``draw(fig, **values)`` (see
:mod:`lectures_lib.viz.plots`) into a figure with sliders. It works in Jupyter and in Colab (core
widgets only, so no custom widget manager is needed there). In the HTML book no kernel runs: there
the widget is replaced by its kernel-free copy, the same controls over pictures drawn when the
chapter was executed (:mod:`lectures_lib.viz.offline_widget`). Both draw from one cache, so a
setting seen before shows at once.
"""

import html
import math
import numbers
from collections.abc import Mapping
from typing import NamedTuple

import ipywidgets
from matplotlib.figure import Figure

from lectures_lib._checks import as_scalar, check_callable, check_int, check_positive
from lectures_lib.viz.plots import _check_figsize, _check_text

#: The exponents a log slider may span: its values stay normal float64 numbers.
LOG_EXPONENTS = (-307, 308)


def _check_range(value, low, high, names=("value", "min", "max")):
    """Check ``low < high`` and ``low <= value <= high``; the messages name the arguments."""
    name, low_name, high_name = names
    if not low < high:
        raise ValueError(f"{low_name} must be below {high_name}, got {low_name} = {low} and "
                         f"{high_name} = {high}")
    if not low <= value <= high:
        raise ValueError(f"{name} must lie in [{low_name}, {high_name}] = [{low}, {high}], "
                         f"got {value}")


def log_slider(description, value, min_exp, max_exp, step=0.25, readout_format=".0e"):
    """A slider over powers of ten, from ``10**min_exp`` to ``10**max_exp``.

    Raises
    ------
    TypeError
        If ``description`` or ``readout_format`` is not a string, or a number is not real.
    ValueError
        If ``min_exp >= max_exp``, an exponent lies outside [-307, 308], ``step`` is not
        positive, or ``value`` is not a positive number in ``[10**min_exp, 10**max_exp]``.

    Examples
    --------
    >>> log_slider("h", 1e-5, -12, 0).value
    1e-05
    """
    _check_text(description, "description")
    _check_text(readout_format, "readout_format")
    value = as_scalar(value, "value")
    min_exp, max_exp = as_scalar(min_exp, "min_exp"), as_scalar(max_exp, "max_exp")
    step = check_positive(step, "step")
    for name, exponent in (("min_exp", min_exp), ("max_exp", max_exp)):
        if not LOG_EXPONENTS[0] <= exponent <= LOG_EXPONENTS[1]:
            raise ValueError(f"{name} must be in [{LOG_EXPONENTS[0]}, {LOG_EXPONENTS[1]}] (the "
                             f"slider's values must be float64 numbers), got {exponent:g}")
    if not min_exp < max_exp:
        raise ValueError(f"min_exp must be below max_exp, got {min_exp:g} and {max_exp:g}")
    exponent = math.log10(value) if value > 0 else -math.inf
    # compared on the exponents, with room for the rounding of 10.0 ** e
    if not min_exp - 1e-12 <= exponent <= max_exp + 1e-12:
        raise ValueError(f"value must lie in [1e{min_exp:g}, 1e{max_exp:g}], got {value}")
    return ipywidgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                                     description=description, readout_format=readout_format,
                                     continuous_update=False)


def slider(description, value, min, max, step):
    """A float slider that redraws when released (dragging does not queue a redraw per pixel).

    Its readout shows as many decimals as the step has (at least two): 0.999, not 1.00.

    Raises
    ------
    TypeError
        If ``description`` is not a string or a number is not real.
    ValueError
        If ``min >= max``, ``max - min`` overflows, ``step`` is not positive, or ``value``
        lies outside ``[min, max]`` (ipywidgets would silently move it to the nearest end).

    Examples
    --------
    >>> slider("momentum", 0.9, 0.0, 0.99, 0.01).value
    0.9
    >>> slider("p", 5, 0, 1, 0.1)
    Traceback (most recent call last):
    ...
    ValueError: value must lie in [min, max] = [0.0, 1.0], got 5.0
    """
    _check_text(description, "description")
    value, low, high = as_scalar(value, "value"), as_scalar(min, "min"), as_scalar(max, "max")
    step = check_positive(step, "step")
    _check_range(value, low, high)
    if not math.isfinite(high - low):
        raise ValueError(f"max - min must be a finite number, got [{low}, {high}]")
    decimals = len(f"{step:.10f}".rstrip("0").split(".")[1])  # (max is the argument here)
    decimals = decimals if decimals > 2 else 2
    return ipywidgets.FloatSlider(value=value, min=low, max=high, step=step,
                                  description=description, continuous_update=False,
                                  readout_format=f".{decimals}f")


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
        fig = Figure(figsize=figsize, dpi=dpi, facecolor="white", layout="constrained")
    else:
        fig.clear()
        fig.set_facecolor("white")
        fig.set_layout_engine("constrained")
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
                                f"(e.g. lectures_lib.viz.widgets.slider), got {control!r}")
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
                    self._figure = Figure(figsize=self.figsize, dpi=100, facecolor="white",
                                          layout="constrained")
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
        Keyword -> widget (see :func:`slider`, :func:`log_slider`, :func:`choice`, ...).

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
    >>> widget = interactive_figure(lambda fig, p: fig.add_subplot().plot([0, p]),
    ...                             p=slider("p", 0.5, 0.0, 1.0, 0.1))
    >>> bytes(widget.image.value[:4])
    b'\\x89PNG'
    """
    return InteractiveFigure(draw, figsize, book_values, **controls)


def int_slider(description, value, min, max, step=1):
    """An integer slider (layer widths, depths) that redraws when released.

    Raises
    ------
    TypeError
        If ``description`` is not a string or a number is not an integer (``2.0`` included).
    ValueError
        If ``min >= max``, ``step < 1``, or ``value`` lies outside ``[min, max]``.

    Examples
    --------
    >>> int_slider("width", 20, 1, 100).value
    20
    """
    _check_text(description, "description")
    value, low, high = check_int(value, "value"), check_int(min, "min"), check_int(max, "max")
    step = check_int(step, "step", low=1)
    _check_range(value, low, high)
    return ipywidgets.IntSlider(value=value, min=low, max=high, step=step,
                                description=description, continuous_update=False)


def _options(options, value):
    """``options`` checked, as ipywidgets reads them (values, or ``(label, value)`` pairs), and
    the chosen value.

    ipywidgets reads a list of 2-tuples (or a dict) as ``(label, value)`` pairs and anything
    else as values labelled by ``str``. The list must not be empty; no value may be None
    (ipywidgets reads it as "nothing selected"), NaN, or unhashable, nor appear twice; the
    chosen ``value`` (default: the first) must be one of them.
    """
    if isinstance(options, Mapping):
        options = options.items()
    if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
        raise TypeError(f"options must be a list of values or of (label, value) pairs, got "
                        f"{type(options).__name__} {options!r}")
    options = list(options)
    if not options:
        raise ValueError("options is empty: a control needs at least one option")
    paired = all(isinstance(o, (list, tuple)) and len(o) == 2 for o in options)
    if paired:
        pairs = [(str(label), v) for label, v in options]
    else:
        pairs = [(str(v), v) for v in options]
    values = []
    for label, v in pairs:
        if v is None:
            raise ValueError(f"options must not hold None (ipywidgets reads it as nothing "
                             f"selected); give it a value, e.g. ({label!r}, 0)")
        try:
            hash(v)
        except TypeError:
            raise TypeError(f"options must hold hashable values (numbers, strings, tuples), "
                            f"got {type(v).__name__} {v!r}") from None
        if isinstance(v, numbers.Real) and not isinstance(v, bool) and not math.isfinite(v):
            raise ValueError(f"options must hold finite numbers, got {v!r}")
        if any(_same(v, w) for w in values):
            raise ValueError(f"options holds the value {v!r} twice")
        values.append(v)
    if value is None:
        value = values[0]
    elif not any(_same(value, v) for v in values):
        raise ValueError(f"value must be one of the options {values}, got {value!r}")
    return (tuple(pairs) if paired else tuple(values)), next(v for v in values
                                                            if _same(value, v))


def _same(a, b):
    """Equal, and of the same kind (1 and True are different options; 1 and 1.0 the same)."""
    try:
        equal = bool(a == b)
    except Exception:  # arrays and other values without a plain truth
        return False
    return equal and isinstance(a, bool) == isinstance(b, bool)


def choice(description, options, value=None):
    """A drop-down menu of ``options`` (e.g. activation functions); the first is the default.

    ``options`` may also be ``(label, value)`` pairs, e.g. ``[("full batch", 0), ("32", 32)]``.
    No value may be None: ipywidgets reads a None value as "nothing selected".

    Raises
    ------
    TypeError
        If ``description`` is not a string, ``options`` not a list, or an option unhashable.
    ValueError
        If ``options`` is empty, holds None, NaN or a value twice, or ``value`` is not one of
        them.

    Examples
    --------
    >>> choice("activation", ["relu", "tanh"]).value
    'relu'
    >>> choice("batch size", [("full batch", 0), ("32", 32)]).label
    'full batch'
    """
    _check_text(description, "description")
    pairs, value = _options(options, value)
    return ipywidgets.Dropdown(options=pairs, value=value, description=description)


def options_slider(description, options, value=None):
    """A slider over a list of values (e.g. learning rates 0.01, 0.1, 1), redrawing on release.

    ``options`` are read as by :func:`choice`.

    Raises
    ------
    TypeError, ValueError
        As :func:`choice`.

    Examples
    --------
    >>> options_slider("lr", [0.01, 0.1, 1.0], 0.1).value
    0.1
    """
    _check_text(description, "description")
    pairs, value = _options(options, value)
    control = ipywidgets.SelectionSlider(options=pairs, description=description,
                                         continuous_update=False)
    control.value = value  # (given to the constructor, the first option lost its label)
    return control
