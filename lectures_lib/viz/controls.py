"""The controls of the chapters' widgets: sliders and menus over a hyperparameter.

:func:`slider`, :func:`log_slider` (powers of ten: learning rates, steps), :func:`int_slider`
(widths, depths), :func:`choice` (a drop-down menu) and :func:`options_slider` (a slider over a
list of values) are ipywidgets controls; the sliders redraw only when released. Each checks
its arguments where ipywidgets would silently move a value or fail later;
:func:`lectures_lib.viz.widgets.interactive_figure` puts them above a figure. Used by all
chapters.
"""

import math
import numbers
from collections.abc import Mapping

import ipywidgets

from lectures_lib._checks import as_scalar, check_int, check_positive
from lectures_lib.viz.plots import _check_text

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
