"""lectures_lib.viz.redraw: one render per picture, the panels kept in place while they fit."""

import io

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from lectures_lib.viz.redraw import render_png


def figure(ylabel="loss", panels=1, title="a title"):
    fig = Figure(figsize=(6.4, 4.0), dpi=100, facecolor="white", layout="constrained")
    for ax in np.atleast_1d(fig.subplots(1, panels)):
        ax.plot([0, 1, 2], [3, 1, 2], label="curve")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend()
    return fig


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_the_picture_is_what_savefig_draws_with_256_colours():
    fig = figure()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    theirs = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    png, layout = render_png(figure())
    assert Image.open(io.BytesIO(png)).mode == "P"
    ours = pixels(png).astype(int)
    assert ours.shape == np.asarray(theirs).shape
    # the palette moves each colour to a nearby shade (white is 254), never more
    difference = np.abs(ours - np.asarray(theirs, dtype=int))
    assert difference.max() <= 48 and difference.mean() < 2, (difference.max(), difference.mean())
    assert layout is not None and len(layout.boxes) == 1


def test_a_layout_that_still_fits_is_reused_and_draws_the_same_picture():
    first_png, layout = render_png(figure())
    png, reused = render_png(figure(), layout)
    assert reused is layout
    np.testing.assert_array_equal(pixels(png), pixels(first_png))


def test_labels_that_no_longer_fit_get_a_new_layout():
    _, layout = render_png(figure(panels=2))
    wide = "a y label much longer than the first one, over two lines\nof text"
    _, relaid = render_png(figure(ylabel=wide, panels=2), layout)
    assert relaid is not layout and relaid.boxes != layout.boxes
    # the fresh layout is the one constrained layout makes for this figure on its own (to a
    # fraction of a pixel: its tick locators start from the old places)
    _, alone = render_png(figure(ylabel=wide, panels=2))
    np.testing.assert_allclose(relaid.boxes, alone.boxes, atol=1e-3)


def test_other_panels_are_laid_out_afresh():
    _, layout = render_png(figure(panels=1))
    _, other = render_png(figure(panels=2), layout)
    assert other is not layout and len(other.boxes) == 2


def test_a_figure_without_a_layout_engine_is_drawn_as_placed():
    fig = Figure(figsize=(3, 2), dpi=100)
    fig.add_subplot().plot([1, 2])
    png, layout = render_png(fig)
    assert layout is None and pixels(png).shape == (200, 300, 3)


def test_a_widget_draws_every_picture_on_one_figure_and_renderer_as_a_new_figure_would():
    from lectures_lib.viz.controls import slider
    from lectures_lib.viz.widgets import InteractiveFigure, draw_picture

    def draw(fig, p):
        ax = fig.subplots()
        ax.semilogy([1, 2, 3], [1e-8, p, 1.0], label=f"p = {p:g}")  # mathtext tick labels
        ax.legend()
        fig.suptitle(f"p = {p:g}")

    widget = InteractiveFigure(draw, p=slider("p", 0.5, 0.1, 0.9, 0.1))
    fig = widget._figure
    renderer = fig.canvas.get_renderer()
    widget.controls["p"].value = 0.2
    assert widget._figure is fig and fig.canvas.get_renderer() is renderer
    assert len(fig.axes) == 1 and fig.get_suptitle() == "p = 0.2"  # cleared, then drawn anew
    fresh = draw_picture(lambda f: draw(f, p=0.2), layout=widget.pictures[(("p", 0.5),)].layout)
    np.testing.assert_array_equal(pixels(widget.image.value), pixels(fresh.png))
