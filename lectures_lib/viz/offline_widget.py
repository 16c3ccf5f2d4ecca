"""Kernel-free copies of the chapters' widgets, for readers of the HTML book.

In the HTML book no kernel runs, so an ipywidgets slider cannot redraw anything. When a chapter
is executed for the book (``LECTURES_LIB_BOOK=1``, see :mod:`lectures_lib.viz.figure_output`), an
:class:`~lectures_lib.viz.widgets.InteractiveFigure` therefore also renders itself as plain HTML:
the same controls, with the same labels and ranges, above a picture; moving a control swaps in
a picture computed at execution time, by a few lines of inline JavaScript, with no kernel and
nothing fetched from anywhere. Jupyter and Colab show the live widget (the book build prefers
the ``text/html`` entry of the output, see ``nb_mime_priority_overrides`` in ``_config.yml``).

Which values of each control get a picture is decided in
:mod:`lectures_lib.viz.offline_values`.
"""

import base64
import html
import json
from collections.abc import Mapping

import ipywidgets

from lectures_lib._checks import check_callable
from lectures_lib.viz.offline_values import GRID_LIMIT, control_values, settings
from lectures_lib.viz.plots import phone_min_width


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
        Keyword -> the values to draw for that control (see
        :func:`~lectures_lib.viz.offline_values.control_values`).
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

