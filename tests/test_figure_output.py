"""Figures as the book shows them: one PNG, its alt text, its panels, its smallest text."""

import base64
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lectures_lib.book import figures as book_figures
from lectures_lib.viz import alt_text, figure_output
from lectures_lib.viz.plots import new_figure


def three_panels():
    fig, axes = new_figure(1, 3, figsize=(9.6, 3.3))
    for i, ax in enumerate(axes):
        ax.plot(np.arange(5), np.arange(5) * (i + 1), label=f"rate {i}")
        ax.set(title=f"run {i}", xlabel="step", ylabel="loss")
    axes[0].legend()
    return fig


def decoded(data):
    return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")


def test_each_panel_box_holds_exactly_one_panel():
    fig = three_panels()
    data, metadata = figure_output.figure_png(fig)
    meta = metadata["lectures_lib"]
    picture = decoded(data)
    assert picture.size == (meta["width"], meta["height"])
    assert len(meta["panels"]) == 3
    # the panels lie side by side, each about a third of the picture, in reading order
    lefts = [p[0] for p in meta["panels"]]
    assert lefts == sorted(lefts) and all(0.25 < p[2] - p[0] < 0.4 for p in meta["panels"])
    # a column of pixels between two panel boxes is white: no panel is cut in two
    gap = int((meta["panels"][0][2] + meta["panels"][1][0]) / 2 * meta["width"])
    column = np.asarray(picture)[:, gap]
    assert (column > 240).all()
    plt.close(fig)


def test_a_colorbar_stays_with_its_panel_and_a_suptitle_is_its_own_box():
    fig, (a, b) = new_figure(1, 2, figsize=(8, 3))
    image = a.imshow(np.random.default_rng(0).random((5, 5)))
    fig.colorbar(image, ax=a)
    b.plot([0, 1])
    fig.suptitle("Two panels")
    meta = figure_output.figure_png(fig)[1]["lectures_lib"]
    assert len(meta["panels"]) == 3  # title, left panel with its colorbar, right panel
    title, left, right = meta["panels"]
    assert title[3] <= left[1] + 0.02 and left[2] <= right[0] + 0.02
    plt.close(fig)


def test_alt_text_comes_from_the_figure_or_from_the_cell():
    fig = three_panels()
    alt = alt_text.describe_figure(fig)
    assert alt.startswith("Figure in 3 panels. Panel 1: “run 0”; loss against step; legend: rate 0")
    alt_text.set_alt_text(fig, "Three loss curves.")
    assert figure_output.figure_png(fig)[1]["lectures_lib"]["alt"] == "Three loss curves."
    with pytest.raises(ValueError, match="text must be a non-empty string"):
        alt_text.set_alt_text(fig, "  ")
    plt.close(fig)


def test_the_smallest_text_is_measured_in_pixels():
    fig, ax = new_figure()
    ax.set_title("small print", fontsize=6)
    meta = figure_output.figure_png(fig)[1]["lectures_lib"]
    assert meta["font_px"] == pytest.approx(6 * fig.dpi / 72, abs=0.01)
    plt.close(fig)


def test_the_picture_keeps_its_look_with_fewer_colours():
    fig = three_panels()
    fig.canvas.draw()
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=fig.dpi, bbox_inches="tight", pad_inches=0.1)
    data, _ = figure_output.figure_png(fig)
    assert len(base64.b64decode(data)) < len(full.getvalue())
    a = np.asarray(decoded(data), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(full.getvalue())).convert("RGB"), dtype=float)
    assert a.shape == b.shape and np.abs(a - b).mean() < 2.0
    plt.close(fig)


def test_an_empty_figure_shows_nothing():
    fig = plt.figure()
    assert figure_output.figure_png(fig) is None
    plt.close(fig)


def test_install_needs_a_kernel_executing_the_book(monkeypatch):
    monkeypatch.delenv(figure_output.BOOK_ENV, raising=False)
    assert figure_output.install() is False
    monkeypatch.setenv(figure_output.BOOK_ENV, "1")
    assert figure_output.install() is False  # no IPython shell here


def test_a_wide_multi_panel_figure_stacks_on_phones_and_a_narrow_one_does_not():
    fig = three_panels()
    wide = figure_output.figure_png(fig)[1]["lectures_lib"]
    plt.close(fig)
    plan = book_figures.layout(wide)
    # stacked below the width where the whole picture's smallest text drops under 9 px
    shown = plan["stack_below"] - book_figures.PAGE_GUTTER_PX
    assert wide["font_px"] * shown / wide["width"] == pytest.approx(9.0, abs=0.05)
    assert all(c["min_width"] <= c["width"] for c in plan["crops"])
    html = book_figures.figure_html("f.png", wide, 1)
    assert html.count('src="f.png"') == 4 and 'aria-hidden="true"' in html
    assert f"max-width: {plan['stack_below']}px" in html
    fig, ax = new_figure(figsize=(4, 3))
    ax.plot([0, 1])
    small = figure_output.figure_png(fig)[1]["lectures_lib"]
    plt.close(fig)
    assert book_figures.layout(small)["stack_below"] is None
    assert "lf-panels" not in book_figures.figure_html("g.png", small, 2)


def test_a_crop_shows_its_panel_at_the_panels_place():
    meta = {"width": 1000, "height": 400, "font_px": 16,
            "panels": [[0.0, 0.0, 0.5, 1.0], [0.5, 0.25, 1.0, 1.0]]}
    second = book_figures.layout(meta)["crops"][1]
    # the picture is drawn twice the crop's width, shifted left by one crop, up by a third
    assert (second["scale"], second["left"], second["top"]) == (200.0, -100.0, -33.333)
    assert (second["width"], second["height"]) == (500, 300)


def test_an_animation_keeps_its_text_readable_on_a_phone():
    from lectures_lib.viz.animations import sweep_animation

    def draw(fig, a):
        fig.clear()
        fig.add_subplot().plot([0, a])

    html = sweep_animation(draw, "a", [1.0, 2.0], figsize=(9, 3), dpi=96).data
    font = 12 * 96 / 72  # the book's 12-point text at 96 dpi
    assert 'class="lf-scroll"' in html and 'data-natural-width="864"' in html
    assert f"min-width: {int(864 * 9 / font) + 1}px" in html
    assert "https://" not in html and html.count("alt=") == 1
