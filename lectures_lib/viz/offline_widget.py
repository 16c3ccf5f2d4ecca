"""Kernel-free copies of the chapters' widgets, for readers of the HTML book.

In the HTML book no kernel runs, so an ipywidgets slider cannot redraw anything. When a chapter
is executed for the book (``LECTURES_LIB_BOOK=1``, see :mod:`lectures_lib.viz.figure_output`), an
:class:`~lectures_lib.viz.widgets.InteractiveFigure` therefore also renders itself as plain HTML:
the same controls, with the same labels and ranges, above a picture; moving a control swaps in
a picture computed at execution time, by a few lines of inline JavaScript, with no kernel and
nothing fetched from anywhere. Jupyter and Colab show the live widget (the book build prefers
the ``text/html`` entry of the output, see ``nb_mime_priority_overrides`` in ``_config.yml``).

Which pictures are computed
---------------------------
Each control offers a few of its values (:func:`control_values`): every option of a menu or an
options slider, and :data:`POINTS` values spread over a slider's range (its ends and its
default among them). When all combinations number at most :data:`GRID_LIMIT`, every
combination is drawn (``"grid"``); otherwise each control is swept with the others at their
defaults (``"sweep"``), and moving one control puts the others back to their defaults.
"""

import base64
import html
import itertools
import json
import math
import numbers
from collections.abc import Mapping

import ipywidgets

from lectures_lib._checks import check_callable, check_int
from lectures_lib.viz.plots import phone_min_width

#: Values offered for a slider in the kernel-free copy (its two ends and its default included).
POINTS = 5
#: The most pictures drawn for all combinations of the controls' values; above it each control
#: is swept alone.
GRID_LIMIT = 16


def _snap(value, low, step):
    """``value`` moved to the slider's grid ``low + k * step`` (floats cleaned of 1e-17 noise).

    Rounded to 10 decimals, or to 6 significant digits of the step for a finer one; a grid
    finer than float64 can tell apart leaves the value as it is.

    >>> _snap(0.30000000000000004, 0.0, 0.05), _snap(2.4e-12, 0.0, 1e-13)
    (0.3, 2.4e-12)
    """
    if not step or step <= 0:  # a slider without a grid (ipywidgets allows step=None)
        return value
    k = (value - low) / step
    if not math.isfinite(k) or abs(k) > 2**52:
        return value
    return round(low + round(k) * step, max(10, 6 - math.floor(math.log10(step))))


def control_values(control, points=POINTS, values=None):
    """The values the kernel-free copy offers for one control, and their labels.

    ``values`` chooses them (e.g. the thresholds that fall between a classifier's scores);
    they must lie in the control's range (or be among its options), and its current value and
    the two ends of its range are added to them, so the copy spans the widget's whole range.

    Returns
    -------
    values : list
    labels : list of str
        As the widget shows them (its readout format, or the option's label).
    default : int
        The index of the control's current value.

    Raises
    ------
    TypeError
        If ``control`` is not a slider, log slider, int slider, options slider or menu,
        ``values`` is not a list, or ``points`` not an integer.
    ValueError
        If a value lies outside the control's range (or is not among its options; an int
        slider's values must be integers), or ``points < 2``.

    Examples
    --------
    >>> from lectures_lib.viz.controls import slider, choice
    >>> control_values(slider("p", 0.5, 0.0, 0.9, 0.05))
    ([0.0, 0.2, 0.5, 0.7, 0.9], ['0.00', '0.20', '0.50', '0.70', '0.90'], 2)
    >>> control_values(choice("activation", ["relu", "tanh"]))
    (['relu', 'tanh'], ['relu', 'tanh'], 0)
    """
    points = check_int(points, "points", low=2)
    description = getattr(control, "description", None)
    if values is not None and (isinstance(values, (str, bytes, Mapping))
                               or not hasattr(values, "__iter__")):
        raise TypeError(f"book values for {description!r} must be a list of values, got "
                        f"{type(values).__name__} {values!r}")
    if isinstance(control, (ipywidgets.Dropdown, ipywidgets.SelectionSlider,
                            ipywidgets.ToggleButtons, ipywidgets.RadioButtons)):
        options = dict(zip(control._options_values, control._options_labels))
        chosen = list(options) if values is None else list(values)
        missing = [v for v in chosen if v not in options]
        if missing:
            raise ValueError(f"book values for {control.description!r} must be among its "
                             f"options {list(options)}, got {missing[0]!r}")
        ends = ([control._options_values[0], control._options_values[-1]]
                if isinstance(control, ipywidgets.SelectionSlider) else [])
        chosen += [v for v in [control.value, *ends] if v not in chosen]
        chosen.sort(key=list(options).index)
        return chosen, [str(options[v]) for v in chosen], chosen.index(control.value)
    if not isinstance(control, (ipywidgets.FloatSlider, ipywidgets.IntSlider,
                                ipywidgets.FloatLogSlider)):
        raise TypeError(f"the kernel-free copy has no rendering for a "
                        f"{type(control).__name__} control ({description!r}); use a "
                        f"slider, log_slider, int_slider, options_slider or choice")
    if values is not None:
        values = list(values)
        ends = (control.min, control.max)  # the values at the slider's two ends
        if isinstance(control, ipywidgets.FloatLogSlider):
            ends = tuple(control.base ** e for e in ends)
        whole = isinstance(control, ipywidgets.IntSlider)
        kind = (numbers.Integral if whole else numbers.Real)
        wrong = [v for v in values if isinstance(v, bool) or not isinstance(v, kind)]
        bad = wrong or [v for v in values
                        if not control.min <= _exponent(control, v) <= control.max]
        if bad:
            what = "integers" if whole else "numbers"
            raise ValueError(f"book values for {description!r} must be {what} in its "
                             f"range [{ends[0]:g}, {ends[1]:g}], got {bad[0]!r}")
        values = sorted(set(int(v) if whole else float(v) for v in values)
                        | {control.value, *ends})
    else:
        low, high, step = control.min, control.max, control.step
        here = _exponent(control, control.value)
        if (isinstance(control, ipywidgets.FloatLogSlider) and high - low >= points - 1
                and float(low).is_integer()):
            step = max(step, 1.0)  # whole powers of ten: 1e-8, not 3e-08
        # low (1 - t) + high t: no overflow of high - low at the ends of the float range
        points_ = [_snap(low * (1 - k / (points - 1)) + high * (k / (points - 1)), low, step)
                   for k in range(points)]
        # the ends exactly (a range that is no multiple of the step would snap past them)
        points_ = [low, *(min(max(v, low), high) for v in points_[1:-1]), high]
        # the default replaces the inner point nearest to it, so no two values crowd together
        inner = min(range(1, points - 1), key=lambda k: abs(points_[k] - here), default=None)
        if inner is not None and not any(math.isclose(here, v) for v in points_):
            points_[inner] = here
        values = sorted(set(points_) | {here})
        if isinstance(control, ipywidgets.FloatLogSlider):
            values = [control.value if math.isclose(e, here) else control.base ** e
                      for e in values]
        elif isinstance(control, ipywidgets.IntSlider):
            values = [int(v) for v in values]
    fmt = getattr(control, "readout_format", "") or ""
    labels = [format(v, fmt) for v in values]
    return values, labels, values.index(control.value)


def _exponent(control, value):
    """Where ``value`` sits on the slider's own scale (its exponent, for a log slider)."""
    if isinstance(control, ipywidgets.FloatLogSlider):
        if not math.isfinite(value):
            return math.nan
        return round(math.log(value, control.base), 10) if value > 0 else -math.inf
    return value


def settings(sizes, defaults, grid_limit=GRID_LIMIT):
    """The combinations of value indices to draw, and the mode (``"grid"`` or ``"sweep"``).

    Examples
    --------
    >>> settings([2, 2], [0, 1])
    ('grid', [(0, 0), (0, 1), (1, 0), (1, 1)])
    >>> settings([5, 5], [2, 0])
    ('sweep', [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (2, 1), (2, 2), (2, 3), (2, 4)])

    Raises
    ------
    TypeError
        If a size, default or ``grid_limit`` is not an integer.
    ValueError
        If a size is below 1, ``defaults`` has not one index per size, an index lies outside
        its size, or ``grid_limit`` is negative.
    """
    sizes = [check_int(n, f"sizes[{c}]", low=1) for c, n in enumerate(sizes)]
    defaults = list(defaults)
    if len(defaults) != len(sizes):
        raise ValueError(f"defaults must have one index per control: {len(sizes)} sizes but "
                         f"{len(defaults)} defaults")
    defaults = [check_int(d, f"defaults[{c}]", low=0, high=n - 1)
                for c, (d, n) in enumerate(zip(defaults, sizes))]
    grid_limit = check_int(grid_limit, "grid_limit", low=0)
    if math.prod(sizes) <= grid_limit or not sizes:  # (no controls: one picture)
        return "grid", list(itertools.product(*(range(n) for n in sizes)))
    chosen = []
    for c, n in enumerate(sizes):
        for j in range(n):
            setting = tuple(j if k == c else d for k, d in enumerate(defaults))
            if setting not in chosen:
                chosen.append(setting)
    return "sweep", chosen


# Inline, once per widget: look the picture up by the controls' indices, swap it in.
_SCRIPT = """(function (root) {
  var data = JSON.parse(root.querySelector("script.lf-data").textContent);
  var controls = root.querySelectorAll("[data-lf-control]");
  var img = root.querySelector("img.lf-picture"), message = root.querySelector(".lf-message");
  function show(moved) {
    var key = [];
    controls.forEach(function (el, c) {
      if (data.mode === "sweep" && c !== moved) { el.value = String(data.defaults[c]); }
      var i = Number(el.value), label = data.labels[c][i];
      key.push(i);
      var out = root.querySelector('output[data-lf-for="' + c + '"]');
      if (out) { out.textContent = label; }
      if (el.type === "range") { el.setAttribute("aria-valuetext", label); }
    });
    var frame = data.frames[data.keys[key.join(",")]];
    message.textContent = frame.error || "";
    img.hidden = Boolean(frame.error);
    if (!frame.error) { img.src = "data:image/png;base64," + frame.png; img.alt = frame.alt; }
  }
  controls.forEach(function (el, c) {
    el.addEventListener("input", function () { show(c); });
    el.addEventListener("change", function () { show(c); });
  });
})(document.currentScript.parentElement);"""


def _control_html(index, description, labels, default, kind):
    label = f'<span class="lf-label">{html.escape(description)}</span>'
    if kind == "select":
        options = "".join(f'<option value="{j}"{" selected" if j == default else ""}>'
                          f"{html.escape(text)}</option>" for j, text in enumerate(labels))
        return (f'<label class="lf-control">{label}'
                f'<select data-lf-control="{index}">{options}</select></label>')
    ends = [f'<span class="lf-end">{html.escape(labels[k])}</span>' for k in (0, -1)]
    return (f'<label class="lf-control">{label}{ends[0]}'
            f'<input type="range" min="0" max="{len(labels) - 1}" step="1" value="{default}" '
            f'data-lf-control="{index}" aria-valuetext="{html.escape(labels[default])}">'
            f'{ends[1]}<output data-lf-for="{index}">{html.escape(labels[default])}</output>'
            f"</label>")


def offline_html(controls, picture, book_values=None, grid_limit=GRID_LIMIT):
    """The kernel-free copy of a widget, as HTML.

    Parameters
    ----------
    controls : dict
        Keyword -> ipywidgets control, in the order shown.
    picture : callable
        ``picture(values)`` -> :class:`~lectures_lib.viz.widgets.Picture` for a dict of values
        (the widget's cached drawing).
    book_values : dict, optional
        Keyword -> the values to draw for that control (see :func:`control_values`).
    grid_limit : int, default GRID_LIMIT

    Raises
    ------
    TypeError
        If ``controls`` or ``book_values`` is not a dict, ``picture`` not callable or returns
        no :class:`~lectures_lib.viz.widgets.Picture`, or a control cannot be copied.
    ValueError
        If ``book_values`` names no control or holds a value its control cannot take.

    Returns
    -------
    str
        A ``<div class="lf-widget">`` with the controls, a note saying which values were drawn,
        the default picture, every picture (as data in the page) and the script.
    """
    if not isinstance(controls, Mapping):
        raise TypeError(f"controls must be a dict of name -> ipywidgets control, got "
                        f"{type(controls).__name__}")
    check_callable(picture, "picture")
    if book_values is not None and not isinstance(book_values, Mapping):
        raise TypeError(f"book_values must be a dict of control name -> values, got "
                        f"{type(book_values).__name__}")
    names = list(controls)
    book_values = book_values or {}
    unknown = set(book_values) - set(names)
    if unknown:
        raise ValueError(f"book_values names no control: {sorted(unknown, key=str)} "
                         f"(controls: {names})")
    offered = [control_values(controls[name], values=book_values.get(name)) for name in names]
    defaults = [default for _, _, default in offered]
    mode, chosen = settings([len(values) for values, _, _ in offered], defaults, grid_limit)
    frames, keys, seen, drawn_all = [], {}, {}, []
    for setting in chosen:
        drawn = picture({name: offered[c][0][j] for c, (name, j) in enumerate(zip(names, setting))})
        if not (hasattr(drawn, "png") and hasattr(drawn, "error")):
            raise TypeError(f"picture must return a lectures_lib.viz.widgets.Picture, got "
                            f"{type(drawn).__name__}")
        frame = ({"error": drawn.error} if drawn.error else
                 {"png": base64.b64encode(drawn.png).decode("ascii"),
                  "alt": drawn.alt})
        drawn_all.append(drawn)
        text = json.dumps(frame, sort_keys=True)
        if text not in seen:
            seen[text] = len(frames)
            frames.append(frame)
        keys[",".join(map(str, setting))] = seen[text]
    parts = []
    for c, name in enumerate(names):
        control, (_, labels, default) = controls[name], offered[c]
        is_menu = isinstance(control, (ipywidgets.Dropdown, ipywidgets.ToggleButtons,
                                       ipywidgets.RadioButtons))
        parts.append(_control_html(c, control.description or name, labels, default,
                                   "select" if is_menu else "range"))
    how = ("these values" if len(names) == 1 else
           "every combination of these values" if mode == "grid" else
           "one control at a time, the others at their defaults (moving one puts the others "
           "back)")
    note = (f"Pictures computed when the book was built, for {how}; in Jupyter or Colab every "
            f"value of the widget redraws live.")
    first = frames[keys[",".join(map(str, defaults))]]
    # On a phone the picture keeps the width at which its smallest text is 9 px, and scrolls
    # sideways in its box (as the animations do).
    width = max((p.width for p in drawn_all if not p.error), default=0)
    font = min((p.font_px for p in drawn_all if not p.error and p.font_px), default=None)
    size = ""
    if width and font:
        size = f' style="min-width: {phone_min_width(width, font)}px"'
    img = (f'<img class="lf-picture" src="data:image/png;base64,{first.get("png", "")}" '
           f'alt="{html.escape(first.get("alt") or first["error"], quote=True)}"{size}'
           f'{" hidden" if "error" in first else ""}>')
    data = json.dumps({"mode": mode, "defaults": defaults, "labels": [o[1] for o in offered],
                       "keys": keys, "frames": frames}).replace("</", "<\\/")
    return (f'<div class="lf-widget" data-lf-mode="{mode}">'
            f'<div class="lf-controls">{"".join(parts)}</div>'
            f'<p class="lf-note">{html.escape(note)}</p>'
            f'<div class="lf-message" role="status">{html.escape(first.get("error", ""))}</div>'
            f'<div class="lf-scroll">{img}</div>'
            f'<script type="application/json" class="lf-data">{data}</script>'
            f"<script>{_SCRIPT}</script></div>")

