"""ipywidgets controls for the chapters' hyperparameters.

:func:`interactive_figure` turns a drawing function ``draw(fig, **values)`` (see
:mod:`lectures_lib.plots`) into a figure with sliders. It works in Jupyter and in Colab (core
widgets only, so no custom widget manager is needed there). In the HTML book no kernel runs and
the sliders cannot redraw, so every widget has a static twin made by
:func:`lectures_lib.plots.sweep_animation` from the same ``draw``.
"""

import html
import io

import ipywidgets
import matplotlib.pyplot as plt


def log_slider(description, value, min_exp, max_exp, step=0.25, readout_format=".0e"):
    """A slider over powers of ten, from ``10**min_exp`` to ``10**max_exp``.

    Examples
    --------
    >>> log_slider("h", 1e-5, -12, 0).value
    1e-05
    """
    if not min_exp < max_exp:
        raise ValueError(f"min_exp must be below max_exp, got {min_exp} and {max_exp}")
    if not 10.0**min_exp <= value <= 10.0**max_exp:
        raise ValueError(f"value must lie in [1e{min_exp}, 1e{max_exp}], got {value}")
    return ipywidgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                                     description=description, readout_format=readout_format,
                                     continuous_update=False)


def slider(description, value, min, max, step):
    """A float slider that redraws when released (dragging does not queue a redraw per pixel).

    Examples
    --------
    >>> slider("momentum", 0.9, 0.0, 0.99, 0.01).value
    0.9
    """
    return ipywidgets.FloatSlider(value=value, min=min, max=max, step=step,
                                  description=description, continuous_update=False)


def figure_png(draw, figsize=(6.4, 4.0), dpi=100):
    """Draw ``draw(fig)`` on a fresh white figure and return it as PNG bytes (figure closed)."""
    fig = plt.figure(figsize=figsize, facecolor="white", layout="constrained")
    try:
        draw(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buffer.getvalue()


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

    def __init__(self, draw, figsize=(6.4, 4.0), **controls):
        for name, control in controls.items():
            if not isinstance(control, ipywidgets.ValueWidget):
                raise TypeError(f"control {name!r} must be an ipywidgets widget with a value "
                                f"(e.g. lectures_lib.widgets.slider), got {control!r}")
        self.draw, self.figsize, self.controls = draw, figsize, controls
        self.image = ipywidgets.Image(format="png")
        self.message = ipywidgets.HTML()
        super().__init__([*controls.values(), self.message, self.image])
        for control in controls.values():
            control.observe(self.redraw, names="value")
        self.redraw()

    def values(self):
        """The controls' current values, keyword -> value."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, change=None):
        """Draw the figure for the current values (called by every control's change)."""
        values = self.values()
        try:
            self.image.value = figure_png(lambda fig: self.draw(fig, **values), self.figsize)
            self.message.value = ""
        except Exception as err:  # shown to the student, who moved a slider, not raised into a log
            self.message.value = (f'<pre style="color: #b00020">{type(err).__name__}: '
                                  f"{html.escape(str(err))}</pre>")


def interactive_figure(draw, figsize=(6.4, 4.0), **controls):
    """Sliders that redraw a figure: ``draw(fig, **values)`` runs on every change.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on a fresh figure.
    figsize : tuple, default (6.4, 4.0)
    **controls
        Keyword -> widget (see :func:`slider`, :func:`log_slider`, :func:`choice`, ...).

    Returns
    -------
    InteractiveFigure
        The widget; display it (or leave it last in a cell).

    Examples
    --------
    >>> widget = interactive_figure(lambda fig, p: fig.add_subplot().plot([0, p]),
    ...                             p=slider("p", 0.5, 0.0, 1.0, 0.1))
    >>> bytes(widget.image.value[:4])
    b'\\x89PNG'
    """
    return InteractiveFigure(draw, figsize, **controls)


def int_slider(description, value, min, max, step=1):
    """An integer slider (layer widths, depths) that redraws when released.

    Examples
    --------
    >>> int_slider("width", 20, 1, 100).value
    20
    """
    return ipywidgets.IntSlider(value=value, min=min, max=max, step=step,
                                description=description, continuous_update=False)


def choice(description, options, value=None):
    """A drop-down menu of ``options`` (e.g. activation functions); the first is the default.

    ``options`` may also be ``(label, value)`` pairs, e.g. ``[("full batch", 0), ("32", 32)]``.
    No value may be None: ipywidgets reads a None value as "nothing selected".

    Examples
    --------
    >>> choice("activation", ["relu", "tanh"]).value
    'relu'
    >>> choice("batch size", [("full batch", 0), ("32", 32)]).label
    'full batch'
    """
    options = list(options)
    first = options[0][1] if isinstance(options[0], tuple) else options[0]
    return ipywidgets.Dropdown(options=options, value=first if value is None else value,
                               description=description)


def options_slider(description, options, value=None):
    """A slider over a list of values (e.g. learning rates 0.01, 0.1, 1), redrawing on release.

    Examples
    --------
    >>> options_slider("lr", [0.01, 0.1, 1.0], 0.1).value
    0.1
    """
    options = list(options)
    return ipywidgets.SelectionSlider(options=options,
                                      value=options[0] if value is None else value,
                                      description=description, continuous_update=False)
