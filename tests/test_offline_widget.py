"""The kernel-free copy of a widget: which values it offers, which pictures it draws, its HTML."""

import html
import json
import re

import pytest

from lectures_lib.viz.figure_output import BOOK_ENV
from lectures_lib.viz.offline_values import control_values, settings
from lectures_lib.viz.offline_widget import offline_html
from lectures_lib.viz.controls import choice, int_slider, log_slider, options_slider, slider
from lectures_lib.viz.widgets import interactive_figure


def test_a_slider_offers_its_ends_and_its_default_on_its_grid():
    values, labels, default = control_values(slider("p", 0.5, 0.0, 0.9, 0.05))
    assert values[0] == 0.0 and values[-1] == 0.9 and values[default] == 0.5
    assert all(abs(v / 0.05 - round(v / 0.05)) < 1e-9 for v in values)  # on the slider's steps
    assert labels == [f"{v:.2f}" for v in values]
    assert len(values) == 5


def test_a_log_slider_offers_whole_powers_of_ten_and_its_default():
    values, labels, default = control_values(log_slider("h", 1e-5, -14, -1))
    assert values == [1e-14, 1e-11, 1e-08, 1e-05, 0.1] and default == 3
    assert labels[default] == "1e-05"
    values, _, default = control_values(log_slider("lr", 0.3, -4, 0, step=0.25))
    assert values[default] == 0.3 and values[0] == 1e-4 and values[-1] == 1.0


def test_an_int_slider_offers_integers_and_a_menu_offers_every_option():
    values, labels, default = control_values(int_slider("m", 5, 1, 20))
    assert all(isinstance(v, int) for v in values) and values[default] == 5
    assert (values[0], values[-1]) == (1, 20)
    values, labels, default = control_values(choice("batch", [("full", 0), ("32", 32)], 32))
    assert (values, labels, default) == ([0, 32], ["full", "32"], 1)


def test_chosen_values_must_lie_in_the_range_and_the_default_joins_them():
    control = options_slider("lr", [0.001, 0.01, 0.1, 1.0], 0.1)
    assert control_values(control, values=[0.001, 1.0])[0] == [0.001, 0.1, 1.0]
    assert control_values(control, values=[0.01])[0] == [0.001, 0.01, 0.1, 1.0]  # ends added
    assert control_values(log_slider("h", 1e-5, -14, -1), values=[1e-8])[0] == [
        1e-14, 1e-8, 1e-5, 0.1]
    with pytest.raises(ValueError, match="must be among its options"):
        control_values(control, values=[0.5])
    with pytest.raises(ValueError, match=r"must be numbers in its range \[0, 1\], got 2"):
        control_values(slider("p", 0.5, 0.0, 1.0, 0.1), values=[0.0, 2])
    with pytest.raises(ValueError, match=r"range \[1e-14, 0.1\], got 10"):
        control_values(log_slider("h", 1e-5, -14, -1), values=[10])


def test_small_grids_are_drawn_whole_and_large_ones_one_control_at_a_time():
    mode, chosen = settings([3, 4], [0, 0])
    assert mode == "grid" and len(chosen) == 12 == len(set(chosen))
    mode, chosen = settings([5, 5, 4], [1, 2, 3])
    assert mode == "sweep" and len(chosen) == 5 + 4 + 3
    # every drawn setting differs from the defaults in one control at most
    assert all(sum(a != b for a, b in zip(s, (1, 2, 3))) <= 1 for s in chosen)


def _data(page):
    found = re.search(r'<script type="application/json" class="lf-data">(.*?)</script>', page)
    return json.loads(found.group(1))


def _record():
    calls = []

    def draw(fig, p, kind):
        calls.append((p, kind))
        if p > 0.8:
            raise ValueError(f"p = {p} diverged")
        fig.add_subplot().set_title(f"{kind}: p = {p:.2f}")

    return draw, calls


def test_the_html_holds_a_picture_for_every_setting_and_draws_each_once():
    draw, calls = _record()
    widget = interactive_figure(draw, p=slider("p", 0.5, 0.0, 0.9, 0.05),
                                kind=choice("kind", ["a", "b"]))
    page = offline_html(widget.controls, widget.picture)
    data = _data(page)
    assert data["mode"] == "grid" and len(data["keys"]) == 5 * 2
    assert len(calls) == len(set(calls)) == 10  # the first picture came from the widget's cache
    for key, index in data["keys"].items():
        p_index, kind_index = map(int, key.split(","))
        p, kind = data["labels"][0][p_index], data["labels"][1][kind_index]
        frame = data["frames"][index]
        if float(p) > 0.8:
            assert frame == {"error": f"ValueError: p = {float(p)} diverged"}
        else:
            assert f"{kind}: p = {p}" in frame["alt"] and frame["png"]
    # the page opens on the default picture, with every control at its default
    assert 'value="2" data-lf-control="0"' in page and '<option value="0" selected>a' in page
    default = data["frames"][data["keys"]["2,0"]]
    assert f'src="data:image/png;base64,{default["png"]}"' in page
    assert html.escape(default["alt"], quote=True) in page
    assert '<span class="lf-end">0.00</span>' in page and '<span class="lf-end">0.90</span>' in page


def test_unknown_book_values_are_refused():
    draw, _ = _record()
    widget = interactive_figure(draw, p=slider("p", 0.5, 0.0, 0.9, 0.05),
                                kind=choice("kind", ["a", "b"]))
    with pytest.raises(ValueError, match=r"book_values names no control: \['q'\]"):
        offline_html(widget.controls, widget.picture, {"q": [1]})


def test_the_widget_redraws_a_setting_seen_before_from_its_cache():
    draw, calls = _record()
    widget = interactive_figure(draw, p=slider("p", 0.5, 0.0, 0.9, 0.05),
                                kind=choice("kind", ["a", "b"]))
    first = bytes(widget.image.value)
    widget.controls["p"].value = 0.2
    widget.controls["p"].value = 0.5
    assert calls == [(0.5, "a"), (0.2, "a")] and bytes(widget.image.value) == first
    widget.controls["p"].value = 0.85
    assert "diverged" in widget.message.value


def test_the_kernel_free_copy_joins_the_output_only_when_executed_for_the_book(monkeypatch):
    draw, _ = _record()
    widget = interactive_figure(draw, p=slider("p", 0.5, 0.0, 0.9, 0.05),
                                kind=choice("kind", ["a", "b"]), book_values={"p": [0.1, 0.5]})
    monkeypatch.delenv(BOOK_ENV, raising=False)
    assert "text/html" not in widget._repr_mimebundle_()
    monkeypatch.setenv(BOOK_ENV, "1")
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    # the chosen values, and the slider's ends: the copy spans the widget's whole range
    assert _data(bundle["text/html"])["labels"] == [["0.00", "0.10", "0.50", "0.90"], ["a", "b"]]
