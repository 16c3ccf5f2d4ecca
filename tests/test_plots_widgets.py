"""The shared drawing helpers, the sliders and the static animation twin."""

import re

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lectures_lib.viz.animations import sweep_animation
from lectures_lib.viz.finite_difference_plots import draw_finite_difference_error
from lectures_lib.viz.plots import new_figure, plot_loss_curves
from lectures_lib.book.source import show_source
from lectures_lib.viz.controls import log_slider, slider
from lectures_lib.viz.widgets import InteractiveFigure, interactive_figure

STEPS = np.logspace(-10, -1, 10)
ERRORS = {"forward": STEPS + 1e-16 / STEPS, "centred": STEPS ** 2 + 1e-16 / STEPS}


def draw(fig, h):
    draw_finite_difference_error(fig, h, STEPS, ERRORS)


def test_drawing_marks_the_step_and_labels_the_axes():
    fig = plt.figure(facecolor="black")  # the drawing must make it white (dark-mode readers)
    ax = draw_finite_difference_error(fig, 1e-5, STEPS, ERRORS)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() and ax.get_ylabel()
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    plt.close(fig)


def test_sweep_animation_has_one_frame_per_value_and_closes_its_figure():
    before = plt.get_fignums()
    html = sweep_animation(draw, "h", [1e-8, 1e-5, 1e-2]).data
    assert len(re.findall(r'frames\[\d+\] = "data:image/png;base64', html)) == 3
    assert plt.get_fignums() == before


def test_sweep_animation_needs_frames():
    with pytest.raises(ValueError, match="values is empty"):
        sweep_animation(draw, "h", [])


def test_interactive_figure_draws_with_the_slider_value():
    seen = []

    def record(fig, h):
        seen.append(h)
        fig.add_subplot().plot([0, h])

    widget = interactive_figure(record, h=log_slider("h", 1e-5, -12, 0))
    assert isinstance(widget, InteractiveFigure)
    first = bytes(widget.image.value)
    widget.children[0].value = 1e-3
    assert seen[0] == pytest.approx(1e-5) and seen[-1] == pytest.approx(1e-3)
    assert first.startswith(b"\x89PNG") and bytes(widget.image.value) != first
    assert plt.get_fignums() == []


def test_interactive_figure_has_no_output_widget():
    """An Output widget makes nbclient write to the kernel mid-cell and stall (nbclient #312)."""
    widget = interactive_figure(draw, h=log_slider("h", 1e-5, -12, 0))
    stack = [widget]
    while stack:
        node = stack.pop()
        assert not isinstance(node, ipywidgets.Output), node
        stack.extend(getattr(node, "children", ()))


def test_interactive_figure_shows_a_failing_draw():
    def broken(fig, p):
        raise ValueError(f"p = {p} is out of range")

    widget = interactive_figure(broken, p=slider("p", 0.5, 0.0, 1.0, 0.1))
    assert "ValueError: p = 0.5 is out of range" in widget.message.value
    assert plt.get_fignums() == []


def test_interactive_figure_needs_widgets():
    with pytest.raises(TypeError, match="control 'p' must be an ipywidgets widget"):
        interactive_figure(draw, p=0.5)


def test_slider_validation():
    with pytest.raises(ValueError, match="value must lie in"):
        log_slider("h", 10.0, -12, 0)
    with pytest.raises(ValueError, match="min_exp must be below max_exp"):
        log_slider("h", 1e-5, 0, -12)
    assert slider("rho", 0.9, 0.0, 0.99, 0.01).continuous_update is False


def test_plot_loss_curves_and_new_figure():
    fig, ax = new_figure()
    plot_loss_curves(ax, {"a": [3, 2, 1], "b": [3, 1, 0.5]}, logy=True)
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    plt.close(fig)


def test_show_source_shows_the_library_code():
    assert "def relative_error" in show_source(__import__("lectures_lib.nn.gradient_check").nn.gradient_check.relative_error).data
    with pytest.raises(TypeError, match="obj must be a function"):
        show_source(3)
