"""Bad and extreme input to the presentation and book-tooling modules (issue 17).

Each public function either refuses bad input at its boundary with a TypeError/ValueError
whose message names the argument, or returns a finite, correct result; the property-based
tests throw random bad and extreme values at them and check exactly that.
"""

import io
import math

import ipywidgets
import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

matplotlib.use("Agg")

from lectures_lib.book import api as book_api, api_links, api_pages, api_rst  # noqa: E402
from lectures_lib.book import build as book_build, code_usage, execution  # noqa: E402
from lectures_lib.book import execution_cache, figures as book_figures, notebooks  # noqa: E402
from lectures_lib.book import object_keys, source  # noqa: E402
from lectures_lib.viz import (alt_text, animations, boundary_plots, controls,  # noqa: E402
                              demo_page, figure_output, finite_difference_plots,
                              landscape_plots, offline_values, offline_widget, plots, redraw,
                              second_order_plots, widgets)
from lectures_lib.__main__ import main  # noqa: E402
from lectures_lib.landscape.landscapes import quadratic  # noqa: E402
from support import raises_naming  # noqa: E402

# --------------------------------------------------------------------------------------------
# helpers


def axes():
    return Figure().add_subplot()


def names_one_of(err, names):
    return any(name in str(err) for name in names)


ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e308, -1e308, 1e-300, -1e-300, 0.0, 1e200, 5e-324])
BAD_THINGS = st.sampled_from([None, "1", [1.0, 2.0], True, 1 + 2j, object()])


# --------------------------------------------------------------------------------------------
# sliders and menus


def test_slider_refuses_a_value_outside_its_range_instead_of_clamping():
    with raises_naming(ValueError, "value", "min", "max", "5.0"):
        controls.slider("p", 5, 0, 1, 0.1)
    with raises_naming(ValueError, "min", "max"):
        controls.slider("p", 0.5, 1, 0, 0.1)
    with raises_naming(ValueError, "min", "max"):
        controls.slider("p", 1, 1, 1, 0.1)
    with raises_naming(ValueError, "step"):
        controls.slider("p", 0.5, 0, 1, 0)
    with raises_naming(ValueError, "value", "finite"):
        controls.slider("p", float("nan"), 0, 1, 0.1)
    with raises_naming(TypeError, "value"):
        controls.slider("p", "0.5", 0, 1, 0.1)
    with raises_naming(TypeError, "description"):
        controls.slider(None, 0.5, 0, 1, 0.1)
    with raises_naming(ValueError, "max - min"):
        controls.slider("p", 0.0, -1e308, 1e308, 1.0)


def test_int_slider_wants_whole_numbers_in_range():
    with raises_naming(TypeError, "value"):
        controls.int_slider("w", 2.0, 1, 10)
    with raises_naming(ValueError, "value", "[min, max]"):
        controls.int_slider("w", 20, 1, 10)
    with raises_naming(ValueError, "min", "max"):
        controls.int_slider("w", 5, 5, 5)
    with raises_naming(ValueError, "step"):
        controls.int_slider("w", 5, 1, 10, step=0)
    assert controls.int_slider("w", np.int64(5), 1, 10).value == 5


def test_log_slider_checks_exponents_without_overflowing():
    with raises_naming(ValueError, "max_exp"):  # 10.0 ** 400 would raise OverflowError
        controls.log_slider("h", 1.0, 0, 400)
    with raises_naming(ValueError, "value"):
        controls.log_slider("h", 0.0, -3, 0)
    with raises_naming(ValueError, "value"):
        controls.log_slider("h", -1e-3, -3, 0)
    with raises_naming(ValueError, "step"):
        controls.log_slider("h", 1e-2, -3, 0, step=-1)
    with raises_naming(TypeError, "readout_format"):
        controls.log_slider("h", 1e-2, -3, 0, readout_format=3)
    # the exact ends are accepted, whatever the rounding of 10.0 ** e
    assert controls.log_slider("h", 1e-300, -300, 300).value == 1e-300
    assert controls.log_slider("h", 1e300, -300, 300).value == 1e300


def test_menus_refuse_empty_options_none_and_values_not_offered():
    for make in (controls.choice, controls.options_slider):
        with raises_naming(ValueError, "options", "empty"):
            make("x", [])
        with raises_naming(ValueError, "value", "one of the options"):
            make("x", ["a", "b"], "c")
        with raises_naming(ValueError, "options", "None"):
            make("x", ["a", None])
        with raises_naming(TypeError, "options"):
            make("x", "abc")
        with raises_naming(TypeError, "options"):
            make("x", 3)
        with raises_naming(ValueError, "options", "finite"):
            make("x", [0.1, float("nan")])
        with raises_naming(ValueError, "options", "twice"):
            make("x", [1, 1.0])
        with raises_naming(TypeError, "options", "hashable"):
            make("x", [[1, 2, 3], [4, 5, 6]])
    pairs = controls.options_slider("batch", [("full", 0), ("32", 32)])  # was a TraitError
    assert pairs.value == 0 and pairs.label == "full"
    menu = controls.choice("act", {"ReLU": "relu", "tanh": "tanh"}, "tanh")
    assert menu.value == "tanh" and menu.label == "tanh"


def test_interactive_figure_checks_its_arguments_before_drawing():
    def draw(fig, p):
        fig.add_subplot().plot([0, p])

    p = controls.slider("p", 0.5, 0.0, 1.0, 0.1)
    with raises_naming(TypeError, "draw"):
        widgets.interactive_figure("not a function", p=p)
    with raises_naming(ValueError, "figsize"):
        widgets.interactive_figure(draw, figsize=(0, 3), p=p)
    with raises_naming(ValueError, "figsize", "pixels"):
        widgets.interactive_figure(draw, figsize=(1e6, 3), p=p)
    with raises_naming(ValueError, "book_values", "q"):
        widgets.interactive_figure(draw, book_values={"q": [0.1]}, p=p)
    with raises_naming(ValueError, "book values", "range"):
        widgets.interactive_figure(draw, book_values={"p": [2.0]}, p=p)
    with raises_naming(TypeError, "book values", "list"):
        widgets.interactive_figure(draw, book_values={"p": 0.5}, p=p)
    with raises_naming(TypeError, "book_values"):
        widgets.interactive_figure(draw, book_values=[0.5], p=p)
    with raises_naming(TypeError, "Text"):  # the HTML book could not copy it
        widgets.interactive_figure(draw, p=ipywidgets.Text("a"))
    widget = widgets.interactive_figure(draw, p=p)
    with raises_naming(ValueError, "values"):
        widget.picture({"q": 0.5})
    with raises_naming(TypeError, "values"):
        widget.picture([0.5])
    assert widget.picture({"p": 0.5}).png.startswith(b"\x89PNG")


def test_draw_picture_and_book_hbox_check_their_arguments():
    with raises_naming(TypeError, "draw"):
        widgets.draw_picture(None)
    with raises_naming(ValueError, "dpi"):
        widgets.draw_picture(lambda fig: None, dpi=0)
    with raises_naming(TypeError, "fig"):
        widgets.draw_picture(lambda fig: None, fig="figure")
    with raises_naming(TypeError, "layout"):
        widgets.draw_picture(lambda fig: None, layout=(1, 2))
    with raises_naming(TypeError, "book_html"):
        widgets.BookHBox([], "<p>html</p>")


# --------------------------------------------------------------------------------------------
# the kernel-free copy


def test_control_values_refuse_bad_counts_and_book_values():
    with raises_naming(ValueError, "points"):
        offline_values.control_values(controls.slider("p", 0.5, 0, 1, 0.1), points=1)
    with raises_naming(ValueError, "book values", "integers"):
        offline_values.control_values(controls.int_slider("w", 5, 1, 10), values=[2.5])
    with raises_naming(ValueError, "book values"):
        offline_values.control_values(controls.slider("p", 0.5, 0, 1, 0.1), values=["a"])
    with raises_naming(ValueError, "book values"):
        offline_values.control_values(controls.log_slider("h", 1e-3, -4, 0), values=[np.nan])
    values, _, _ = offline_values.control_values(controls.int_slider("w", 5, 1, 10),
                                                 values=[np.int64(3)])
    assert values == [1, 3, 5, 10]


def test_control_values_of_a_slider_over_a_tiny_range_stay_distinct_and_in_range():
    # rounded to 10 decimals, every point of this slider used to become 0.0
    control = controls.slider("eps", 5e-12, 0.0, 1e-11, 1e-13)
    values, labels, default = offline_values.control_values(control)
    assert values == [0.0, 2.5e-12, 5e-12, 7.5e-12, 1e-11]
    assert values[default] == 5e-12 and len(labels) == len(values)


def test_control_values_of_a_slider_over_the_whole_float_range_are_finite():
    control = ipywidgets.FloatSlider(value=0.0, min=-1.5e308, max=1.5e308, step=1.0)
    values, _, default = offline_values.control_values(control)
    assert all(math.isfinite(v) for v in values) and values[0] == -1.5e308
    assert values[-1] == 1.5e308 and values[default] == 0.0


def test_settings_and_offline_html_check_their_arguments():
    with raises_naming(ValueError, "defaults"):
        offline_values.settings([2, 2], [0])
    with raises_naming(ValueError, "sizes[1]"):
        offline_values.settings([2, 0], [0, 0])
    with raises_naming(ValueError, "defaults[0]"):
        offline_values.settings([2, 2], [2, 0])
    with raises_naming(TypeError, "grid_limit"):
        offline_values.settings([2], [0], grid_limit=1.5)
    p = controls.slider("p", 0.5, 0, 1, 0.1)
    with raises_naming(TypeError, "controls"):
        offline_widget.offline_html([p], lambda values: None)
    with raises_naming(TypeError, "picture"):
        offline_widget.offline_html({"p": p}, None)
    with raises_naming(TypeError, "picture", "Picture"):
        offline_widget.offline_html({"p": p}, lambda values: b"png")


# --------------------------------------------------------------------------------------------
# plots


def test_new_figure_and_sweep_animation_check_counts_and_sizes():
    with raises_naming(ValueError, "nrows"):
        plots.new_figure(0, 1)
    with raises_naming(TypeError, "ncols"):
        plots.new_figure(1, 2.0)
    with raises_naming(ValueError, "figsize[1]"):
        plots.new_figure(figsize=(3, -1))
    with raises_naming(TypeError, "figsize"):
        plots.new_figure(figsize=3)
    draw = lambda fig, x: fig.add_subplot().plot([0, x])  # noqa: E731
    with raises_naming(TypeError, "draw"):
        animations.sweep_animation(None, "x", [1])
    with raises_naming(ValueError, "name", "fixed"):
        animations.sweep_animation(draw, "x", [1], x=2)
    with raises_naming(TypeError, "values"):
        animations.sweep_animation(draw, "x", 3)
    with raises_naming(ValueError, "interval"):
        animations.sweep_animation(draw, "x", [1], interval=0)


def test_phone_width_and_animation_html_check_their_numbers():
    with raises_naming(ValueError, "font_px"):
        plots.phone_min_width(864, 0)
    with raises_naming(ValueError, "width_px"):
        plots.phone_min_width(-1, 16)
    assert plots.phone_min_width(1e308, 1e300) == int(1e308 * (9 / 1e300)) + 1
    assert plots.phone_min_width(1e308, 1e-300) == round(1e308)  # no inf, no OverflowError
    with raises_naming(TypeError, "html"):
        animations.offline_animation_html(None, "alt")
    with raises_naming(ValueError, "font_px"):
        animations.offline_animation_html("<p></p>", "alt", 100, float("nan"))


def test_the_finite_difference_marker_sits_on_the_drawn_line():
    steps, curve = np.array([1e-4, 1e-2]), np.array([1e-8, 1e-4])
    for order in (slice(None), slice(None, None, -1)):  # the steps in either order
        fig = Figure()
        ax = finite_difference_plots.draw_finite_difference_error(fig, 1e-3, steps[order], {"forward": curve[order]})
        marker = ax.get_lines()[1].get_ydata()[0]
        # on a log-log plot the segment is straight in logs: the geometric mean, 1e-6
        assert marker == pytest.approx(1e-6, rel=1e-12)


def test_finite_difference_plot_refuses_what_it_would_misdraw():
    fig, steps = Figure(), np.logspace(-8, -1, 8)
    errors = {"forward": np.logspace(-9, -2, 8)}
    with raises_naming(ValueError, "h", "range of steps"):  # the marker would be misplaced
        finite_difference_plots.draw_finite_difference_error(fig, 1.0, steps, errors)
    with raises_naming(ValueError, "h"):
        finite_difference_plots.draw_finite_difference_error(fig, 0.0, steps, errors)
    with raises_naming(ValueError, "steps"):
        finite_difference_plots.draw_finite_difference_error(fig, 1e-3, -steps, errors)
    with raises_naming(ValueError, "errors['forward']", "8"):
        finite_difference_plots.draw_finite_difference_error(fig, 1e-3, steps, {"forward": errors["forward"][:3]})
    with raises_naming(ValueError, "errors['forward']", "finite"):
        finite_difference_plots.draw_finite_difference_error(fig, 1e-3, steps, {"forward": np.full(8, np.nan)})
    with raises_naming(ValueError, "errors['forward']", ">= 0"):
        finite_difference_plots.draw_finite_difference_error(fig, 1e-3, steps, {"forward": -errors["forward"]})
    with raises_naming(TypeError, "errors"):
        finite_difference_plots.draw_finite_difference_error(fig, 1e-3, steps, [1.0] * 8)
    with raises_naming(TypeError, "fig"):
        finite_difference_plots.draw_finite_difference_error(axes(), 1e-3, steps, errors)


def test_loss_curves_of_a_diverged_run_are_drawn_up_to_the_divergence_and_say_so():
    ax = plots.plot_loss_curves(axes(), {"lr = 10": [2.0, 40.0, np.inf, np.nan],
                                         "lr = 0.1": [2.0, 1.0, 0.5, 0.2]}, xlabel="epoch")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["lr = 10 (2 NaN/inf value(s) from epoch 2 on, not drawn)", "lr = 0.1"]
    drawn = ax.get_lines()[0].get_ydata()
    assert list(drawn[:2]) == [2.0, 40.0] and np.isnan(drawn[2:]).all()
    log = plots.plot_loss_curves(axes(), {"svm": [1.0, 0.0]}, logy=True)
    assert log.get_legend().get_texts()[0].get_text() == \
        "svm (1 <= 0 value(s) from step 1 on, not drawn)"
    huge = plots.plot_loss_curves(axes(), {"a": [1.0, 1e250]})
    assert "1 beyond ±1e+200" in huge.get_legend().get_texts()[0].get_text()


def test_loss_curves_check_their_arguments():
    with raises_naming(TypeError, "ax"):
        plots.plot_loss_curves(Figure(), {"a": [1.0]})
    with raises_naming(TypeError, "curves"):
        plots.plot_loss_curves(axes(), [1.0, 2.0])
    with raises_naming(ValueError, "curves['a']", "empty"):
        plots.plot_loss_curves(axes(), {"a": []})
    with raises_naming(ValueError, "curves['a']", "1-D"):
        plots.plot_loss_curves(axes(), {"a": [[1.0, 2.0]]})
    with raises_naming(TypeError, "curves['a']"):
        plots.plot_loss_curves(axes(), {"a": ["x", "y"]})
    with raises_naming(TypeError, "logy"):
        plots.plot_loss_curves(axes(), {"a": [1.0]}, logy="yes")
    with raises_naming(TypeError, "xlabel"):
        plots.plot_loss_curves(axes(), {"a": [1.0]}, xlabel=None)


X3, Y3 = np.array([[-1.0, 0.0], [1.0, 1.0], [0.5, -0.3]]), np.array([0, 1, 0])


def right_half(points):
    return (points[:, 0] > 0).astype(int)


def test_decision_boundary_refuses_bad_data_labels_and_grids():
    with raises_naming(ValueError, "X", "finite"):
        boundary_plots.draw_decision_boundary(axes(), right_half, np.array([[0.0, np.nan]]), [0])
    with raises_naming(ValueError, "X", "no points"):
        boundary_plots.draw_decision_boundary(axes(), right_half, np.zeros((0, 2)), [])
    with raises_naming(ValueError, "y"):  # negative labels took colours from the end
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, [0, -1, 0])
    with raises_naming(TypeError, "y"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, [0.5, 1.0, 0.0])
    with raises_naming(ValueError, "y"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, [0, 1])
    with raises_naming(ValueError, "grid"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, Y3, grid=1)
    with raises_naming(TypeError, "grid"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, Y3, grid=10.0)
    with raises_naming(ValueError, "limits", "increasing"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, Y3, limits=(1, -1, -1, 1))
    with raises_naming(ValueError, "limits[2]", "finite"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3, Y3, limits=(-1, 1, np.nan, 1))
    with raises_naming(TypeError, "predict"):
        boundary_plots.draw_decision_boundary(axes(), None, X3, Y3)
    with raises_naming(ValueError, "predict", "one class label per point"):
        boundary_plots.draw_decision_boundary(axes(), lambda P: [0, 1], X3, Y3)
    with raises_naming(TypeError, "predict's output"):
        boundary_plots.draw_decision_boundary(axes(), lambda P: np.full(len(P), np.nan), X3, Y3)


def test_decision_boundary_draws_extreme_scales_or_says_it_cannot():
    for scale in (1e-250, 1e-3, 1e200, 1e307):
        ax = boundary_plots.draw_decision_boundary(axes(), right_half, X3 * scale, Y3, grid=5)
        low, high = ax.get_xlim()
        assert low < -scale < scale < high and np.isfinite([low, high]).all()
    with raises_naming(ValueError, "X", "too large"):
        boundary_plots.draw_decision_boundary(axes(), right_half, X3 * 1.6e308, Y3, grid=5)
    with raises_naming(ValueError, "X", "too narrow"):  # matplotlib would show ±0.05 instead
        boundary_plots.draw_decision_boundary(axes(), right_half, X3 * 1e-300, Y3, grid=5)
    one = boundary_plots.draw_decision_boundary(axes(), right_half, [[2.0, 2.0]], [1], grid=5)
    assert one.get_xlim()[0] < 2.0 < one.get_xlim()[1]  # a single point gets a margin too


# --------------------------------------------------------------------------------------------
# landscapes and second-order figures


def test_draw_path_validates_upto_path_and_colour():
    with raises_naming(ValueError, "upto"):
        landscape_plots.draw_path(axes(), [[0.0, 0.0], [1.0, 1.0]], upto=-1)
    with raises_naming(TypeError, "upto"):
        landscape_plots.draw_path(axes(), [[0.0, 0.0], [1.0, 1.0]], upto=1.5)
    with raises_naming(ValueError, "run", "finite"):
        landscape_plots.draw_path(axes(), [[0.0, 0.0], [np.nan, 1.0]])
    with raises_naming(ValueError, "run", "shape"):
        landscape_plots.draw_path(axes(), np.zeros((3, 3)))
    with raises_naming(ValueError, "run", "shape"):
        landscape_plots.draw_path(axes(), np.zeros((0, 2)))
    with raises_naming(ValueError, "color"):
        landscape_plots.draw_path(axes(), [[0.0, 0.0]], color="blurple")
    with raises_naming(TypeError, "label"):
        landscape_plots.draw_path(axes(), [[0.0, 0.0]], label=3)
    line = landscape_plots.draw_path(axes(), [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]], upto=10)
    assert len(line.get_xdata()) == 3  # upto past the end draws the whole path


def test_plot_runs_and_contours_check_their_arguments():
    q = quadratic()
    with raises_naming(TypeError, "landscape"):
        landscape_plots.draw_contours(axes(), "quadratic")
    with raises_naming(ValueError, "levels"):
        landscape_plots.draw_contours(axes(), q, levels=0)
    with raises_naming(ValueError, "resolution"):
        landscape_plots.draw_contours(axes(), q, resolution=1)
    with raises_naming(TypeError, "runs"):
        landscape_plots.plot_runs(axes(), q, [[0.0, 0.0]])
    with raises_naming(ValueError, "legend"):
        landscape_plots.plot_runs(axes(), q, {}, legend="top middle")
    with raises_naming(ValueError, "runs['SGD']"):
        landscape_plots.plot_runs(axes(), q, {"SGD": [[0.0, np.inf]]})
    with raises_naming(ValueError, "upto"):
        landscape_plots.draw_runs(Figure(), q, {}, upto=-1)
    with raises_naming(TypeError, "fig"):
        landscape_plots.draw_runs(axes(), q, {})


def quadratic_torch(w):
    return (w ** 2).sum(-1)


def test_draw_hessian_cost_says_what_it_needs():
    with raises_naming(ValueError, "cost", "hessian_cost"):
        second_order_plots.draw_hessian_cost(Figure(), {})
    cost = {"N": [10, 20], "form_s": [1e-3, 4e-3], "invert_s": [1e-4, 8e-4],
            "hvp_s": [1e-5, 2e-5], "hessian_bytes": [800, 3200], "hvp_bytes": [80, 160]}
    second_order_plots.draw_hessian_cost(Figure(), cost)
    with raises_naming(ValueError, "cost['hvp_s']", "match"):
        second_order_plots.draw_hessian_cost(Figure(), {**cost, "hvp_s": [1e-5]})
    with raises_naming(ValueError, "cost['form_s']", "> 0"):
        second_order_plots.draw_hessian_cost(Figure(), {**cost, "form_s": [0.0, 1.0]})
    with raises_naming(TypeError, "cost"):
        second_order_plots.draw_hessian_cost(Figure(), [1, 2])


def test_contour_paths_and_error_curves_check_their_arguments():
    ax = axes()
    with raises_naming(ValueError, "xlim", "increasing"):
        second_order_plots.draw_contour_paths(ax, quadratic_torch, {}, (1, -1), (-1, 1))
    with raises_naming(TypeError, "ylim"):
        second_order_plots.draw_contour_paths(ax, quadratic_torch, {}, (-1, 1), 1)
    with raises_naming(ValueError, "minimum"):
        second_order_plots.draw_contour_paths(ax, quadratic_torch, {}, (-1, 1), (-1, 1),
                                              minimum=[0.0, 0.0, 0.0])
    with raises_naming(ValueError, "paths['GD']", "finite"):
        second_order_plots.draw_contour_paths(ax, quadratic_torch, {"GD": [[0.0, np.nan]]},
                                              (-1, 1), (-1, 1))
    with raises_naming(ValueError, "f", "finite"):
        second_order_plots.draw_contour_paths(ax, lambda w: quadratic_torch(w).log() - 1e400,
                                              {}, (-1, 1), (-1, 1))
    with raises_naming(ValueError, "f", "one value per point"):
        second_order_plots.draw_contour_paths(ax, lambda w: w, {}, (-1, 1), (-1, 1))
    flat = second_order_plots.draw_contour_paths(axes(), lambda w: 0 * w[..., 0] + 2.0,
                                                 {"GD": [[0.0, 0.0]]}, (-1, 1), (-1, 1))
    assert flat.get_legend() is not None  # a flat function: no contours, and no error
    with raises_naming(ValueError, "floor"):
        second_order_plots.draw_error_curves(axes(), {"a": [1.0]}, "error", floor=0)
    with raises_naming(ValueError, "curves['a']", "empty"):
        second_order_plots.draw_error_curves(axes(), {"a": []}, "error")
    err = second_order_plots.draw_error_curves(axes(), {"Newton": [1.0, 1e-3, np.inf]}, "error")
    assert "not drawn" in err.get_legend().get_texts()[0].get_text()


# --------------------------------------------------------------------------------------------
# figure output, redraw, the demo


def test_figure_output_and_redraw_check_what_they_are_given():
    with raises_naming(TypeError, "text"):
        alt_text.set_alt_text(Figure(), None)
    with raises_naming(TypeError, "fig"):
        alt_text.set_alt_text(None, "alt")
    with raises_naming(TypeError, "fig"):
        alt_text.describe_figure(axes())
    with raises_naming(TypeError, "fig"):
        figure_output.figure_png("figure")
    with raises_naming(TypeError, "fig"):
        figure_output.smallest_font_px(None)
    with raises_naming(ValueError, "png"):
        figure_output.fewer_colours(b"not a png")
    with raises_naming(ValueError, "png"):
        figure_output.fewer_colours(b"\x89PNG\r\n\x1a\n broken")
    with raises_naming(TypeError, "png"):
        figure_output.fewer_colours("data")
    with raises_naming(TypeError, "fig"):
        redraw.render_png(None)
    with raises_naming(TypeError, "layout"):
        redraw.render_png(Figure(), layout="tight")
    with raises_naming(TypeError, "engine"):
        redraw.lay_out(Figure(), "constrained")
    with raises_naming(TypeError, "canvas"):
        redraw.canvas_image(Figure())
    with raises_naming(TypeError, "image"):
        redraw.png_bytes(np.zeros((2, 2, 3)))


def test_redraw_converts_other_image_modes_and_draws_an_undrawn_canvas():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    png = redraw.png_bytes(Image.new("RGBA", (4, 3), (10, 20, 30, 128)))
    assert Image.open(io.BytesIO(png)).size == (4, 3)
    assert redraw.canvas_image(FigureCanvasAgg(Figure(figsize=(1, 1), dpi=10))).size == (10, 10)


def test_demo_html_wants_a_demo():
    from lectures_lib.viz.linear_classifier_demo import LinearClassifierDemo

    with raises_naming(TypeError, "demo"):
        demo_page.demo_html(None)
    with raises_naming(TypeError, "demo"):
        demo_page.demo_html(LinearClassifierDemo)  # the class, not a demo
    demo = LinearClassifierDemo(step_size=1.0)
    demo.W = demo.W * 1e150  # its first updates overflow: the page carries fewer checks
    assert "NaN" not in demo_page.demo_html(demo)


# --------------------------------------------------------------------------------------------
# the book build's pieces


def test_sphinx_setups_say_they_want_the_sphinx_app():
    for setup in (book_build.setup, book_figures.setup, book_api.setup):
        with raises_naming(TypeError, "app", "Sphinx"):
            setup(None)


def test_figure_layout_checks_its_metadata():
    with raises_naming(ValueError, "meta", "width"):
        book_figures.layout({})
    with raises_naming(TypeError, "meta"):
        book_figures.layout(None)
    with raises_naming(ValueError, "meta['width']"):
        book_figures.layout({"width": 0, "height": 10})
    with raises_naming(ValueError, "meta['font_px']"):
        book_figures.layout({"width": 10, "height": 10, "font_px": -1})
    with raises_naming(ValueError, "meta['font_px']", "finite"):
        book_figures.layout({"width": 10, "height": 10, "font_px": np.nan})
    with raises_naming(ValueError, "meta['panels'][0]"):
        book_figures.layout({"width": 10, "height": 10, "panels": [[0, 0, 2, 1]]})
    with raises_naming(TypeError, "meta['panels'][0]"):
        book_figures.layout({"width": 10, "height": 10, "panels": [[0, 0, 1]]})
    with raises_naming(ValueError, "number"):
        book_figures.figure_html("a.png", {"width": 10, "height": 10}, -1)
    with raises_naming(TypeError, "src"):
        book_figures.figure_html(None, {"width": 10, "height": 10}, 1)
    with raises_naming(TypeError, "meta['alt']"):
        book_figures.figure_html("a.png", {"width": 10, "height": 10, "alt": 3}, 1)


def test_api_pages_check_entries_and_pages():
    with raises_naming(TypeError, "entry"):
        api_pages.parse_entry(None)
    with raises_naming(ValueError, "entry"):
        api_pages.parse_entry(": SGD")
    with raises_naming(ValueError, "entry", "member"):
        api_pages.parse_entry("lectures_lib.optim: S G D")
    stray = api_pages.ApiPage("stray", "nothing", ["lectures_lib.viz.plots"])
    with raises_naming(ValueError, "page", "stray"):
        api_rst.page_rst(stray)
    with raises_naming(TypeError, "page"):
        api_rst.page_rst("regularization")
    first = api_pages.ApiPage("a", "first", ["lectures_lib.viz.plots"])
    missing = api_pages.ApiPage("b", "second", ["lectures_lib.viz.plots: no_such_helper"])
    with raises_naming(ValueError, "no_such_helper"):
        api_rst.page_rst(missing, [first, missing])
    nowhere = api_pages.ApiPage("c", "third", ["lectures_lib.viz.plots", "lectures_lib.nowhere: X"])
    with raises_naming(ValueError, "lectures_lib.nowhere"):
        api_rst.page_rst(nowhere, [first, nowhere])
    with raises_naming(TypeError, "folder"):
        api_rst.index_rst(None)
    with raises_naming(ValueError, "folder"):
        api_rst.index_rst("/")
    with raises_naming(TypeError, "pages[0]"):
        api_rst.index_rst("api", ["a page"])


def test_code_usage_checks_names_and_survives_imports_that_do_not_exist():
    with raises_naming(TypeError, "name"):
        object_keys.documented_key(None)
    with raises_naming(ValueError, "name"):
        object_keys.documented_key("")
    with raises_naming(ValueError, "name"):
        object_keys.documented_key("lectures_lib..optim")
    with raises_naming(TypeError, "fallback"):
        object_keys.canonical_key(3, None)
    with raises_naming(TypeError, "namespace"):
        code_usage.CodeScanner(namespace=[])
    scanner = code_usage.CodeScanner()
    with raises_naming(TypeError, "source"):
        scanner.scan(None)
    links = scanner.scan("import lectures_lib.nowhere as nw\nfrom lectures_lib.optim import Nope"
                         "\nfrom lectures_lib.nothing import X\nnw.f(Nope, X)")
    assert links == {"lectures_lib.optim": "lectures_lib.optim"} and scanner.uses == []
    with raises_naming(TypeError, "href"):
        api_links.link_names("<p></p>", [], None)
    with raises_naming(TypeError, "cells[0]"):
        api_links.link_names("<p></p>", ["fit"], lambda key: None)
    with raises_naming(TypeError, "doctree"):
        api_links.scan_doctree("<document/>")


def test_source_text_checks_obj_and_docstring():
    with raises_naming(TypeError, "obj"):
        source.source_text(3)
    with raises_naming(TypeError, "obj"):
        source.show_source(len)
    with raises_naming(TypeError, "docstring"):
        source.source_text(plots.new_figure, docstring="no")
    twice = lambda x: 2 * x  # noqa: E731
    assert "2 * x" in source.source_text(twice, docstring=False)  # was a SyntaxError inside
    module = source.source_text(source, docstring=False)
    assert module.startswith("import ast") and '"""' not in module.splitlines()[0]


# --------------------------------------------------------------------------------------------
# executing chapters


def test_execute_refuses_a_timeout_that_would_mean_no_limit(tmp_path):
    import nbformat

    path = tmp_path / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    with raises_naming(ValueError, "timeout"):
        execution.execute(path, timeout=0)
    with raises_naming(TypeError, "timeout"):
        execution.execute(path, timeout=1.5)
    with raises_naming(ValueError, "threads"):
        execution.execute(path, threads=0)
    with raises_naming(FileNotFoundError, "path"):
        execution.execute(tmp_path / "missing.ipynb")
    with raises_naming(TypeError, "path"):
        execution.execute(None)
    with raises_naming(TypeError, "paths"):
        execution_cache.execute_into_cache(str(path))
    with raises_naming(ValueError, "jobs"):
        execution_cache.execute_into_cache([path], cache_path=tmp_path / "cache", jobs=0)
    with raises_naming(TypeError, "report"):
        execution_cache.execute_into_cache([path], cache_path=tmp_path / "cache", report="print")


@pytest.mark.parametrize("argv, text", [(["--run", "2", "--timeout", "0"], "--timeout"),
                                        (["--run", "2", "--timeout", "x"], "--timeout"),
                                        (["--execute", "--jobs", "-1"], "--jobs"),
                                        (["--run", "no_such_chapter"], "no_such_chapter")])
def test_the_command_line_refuses_bad_arguments(argv, text, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and text in capsys.readouterr().err


def test_a_cell_past_the_timeout_is_a_problem_line_not_a_traceback(tmp_path, monkeypatch,
                                                                    capsys):
    import nbformat

    path = tmp_path / "99_slow.ipynb"
    cells = [nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_code_cell("import time\ntime.sleep(30)")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    monkeypatch.setattr(notebooks, "chapters", lambda root=None: [path])
    assert main(["--run", "99", "--timeout", "1"]) == 1
    out = capsys.readouterr().out
    assert "code cell 2 (starts 'import time') ran longer than the timeout of 1 s" in out
    assert "99_slow: FAILED" in out


# --------------------------------------------------------------------------------------------
# properties: random bad and extreme input


@given(value=ANY_FLOAT, low=ANY_FLOAT, high=ANY_FLOAT, step=ANY_FLOAT)
def test_property_slider_is_refused_by_name_or_keeps_its_value(value, low, high, step):
    try:
        control = controls.slider("p", value, low, high, step)
    except (TypeError, ValueError) as err:
        assert names_one_of(err, ["value", "min", "max", "step"])
        return
    assert control.value == value and control.min == low and control.max == high
    assert low <= value <= high and step > 0


@given(value=st.integers(-10**6, 10**6) | st.floats() | BAD_THINGS,
       low=st.integers(-10**6, 10**6), high=st.integers(-10**6, 10**6),
       step=st.integers(-3, 5))
def test_property_int_slider_is_refused_by_name_or_keeps_its_value(value, low, high, step):
    try:
        control = controls.int_slider("w", value, low, high, step)
    except (TypeError, ValueError) as err:
        assert names_one_of(err, ["value", "min", "max", "step"])
        return
    assert control.value == value and low <= value <= high and step >= 1


@given(value=ANY_FLOAT, min_exp=st.floats(-400, 400) | ANY_FLOAT,
       max_exp=st.floats(-400, 400) | ANY_FLOAT)
def test_property_log_slider_never_overflows(value, min_exp, max_exp):
    try:
        control = controls.log_slider("h", value, min_exp, max_exp)
    except (TypeError, ValueError) as err:
        assert names_one_of(err, ["value", "min_exp", "max_exp"])
        return
    assert control.value == value
    assert min_exp - 1e-9 <= math.log10(value) <= max_exp + 1e-9


OPTION = (st.integers(-3, 3) | st.text(max_size=2) | st.floats(allow_nan=True) | st.none()
          | st.tuples(st.text(max_size=2), st.integers(0, 3)))


@given(options=st.lists(OPTION, max_size=5), value=st.none() | OPTION,
       make=st.sampled_from([controls.choice, controls.options_slider]))
def test_property_menus_are_refused_by_name_or_hold_the_value(options, value, make):
    try:
        control = make("x", options, value)
    except (TypeError, ValueError) as err:
        assert names_one_of(err, ["options", "value"])
        return
    assert control.value in control._options_values
    if value is not None:
        assert control.value == value


@settings(max_examples=40)
@given(low=st.floats(-1e308, 1e308), width=st.floats(1e-300, 1e308),
       where=st.floats(0, 1), step=st.floats(1e-300, 1e300), points=st.integers(2, 7))
def test_property_control_values_span_the_slider_in_order(low, width, where, step, points):
    high = low + width
    if not (math.isfinite(high) and low < high):
        return
    value = min(max(low + where * (high - low), low), high) if math.isfinite(high - low) \
        else low * (1 - where) + high * where
    control = ipywidgets.FloatSlider(value=value, min=low, max=high, step=step)
    values, labels, default = offline_values.control_values(control, points=points)
    assert all(math.isfinite(v) and low <= v <= high for v in values)
    assert values == sorted(values) and len(set(values)) == len(values)
    assert values[0] == low and values[-1] == high and values[default] == control.value
    assert len(labels) == len(values)


@settings(max_examples=30)
@given(curve=st.lists(ANY_FLOAT, min_size=1, max_size=6), logy=st.booleans())
def test_property_loss_curves_draw_exactly_the_finite_values(curve, logy):
    fig = Figure()
    ax = plots.plot_loss_curves(fig.add_subplot(), {"run": curve}, logy=logy)
    drawn = np.asarray(ax.get_lines()[0].get_ydata(), dtype=float)
    given_ = np.asarray(curve, dtype=float)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(given_) & (np.abs(given_) <= 1e200)
        if logy:
            finite &= given_ >= 1e-200
    assert np.array_equal(drawn[finite], given_[finite]) and np.isnan(drawn[~finite]).all()
    label = ax.get_legend().get_texts()[0].get_text()
    assert ("not drawn" in label) == (not finite.all())


@settings(max_examples=25)
@given(scale=st.sampled_from([1e-310, 1e-300, 1e-200, 1e-3, 1.0, 1e100, 1e300, 1e308]),
       shift=st.sampled_from([0.0, 1.0, -1e308, 1e10]),
       n=st.integers(1, 4), seed=st.integers(0, 5))
def test_property_decision_boundary_limits_hold_the_data_or_are_refused(scale, shift, n, seed):
    with np.errstate(over="ignore"):  # a point beyond float64 is inf: refused too
        X = np.random.default_rng(seed).standard_normal((n, 2)) * scale + shift
    y = np.arange(n) % 2
    try:
        ax = boundary_plots.draw_decision_boundary(axes(), right_half, X, y, grid=4)
    except ValueError as err:
        assert "X" in str(err)
        return
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert np.isfinite([x0, x1, y0, y1]).all()
    assert (x0 < X[:, 0]).all() and (X[:, 0] < x1).all()
    assert (y0 < X[:, 1]).all() and (X[:, 1] < y1).all()


@given(width=st.floats(1e-300, 1e308) | ANY_FLOAT, font=st.floats(1e-300, 1e308) | ANY_FLOAT)
def test_property_phone_width_keeps_text_nine_pixels_or_is_refused(width, font):
    try:
        result = plots.phone_min_width(width, font)
    except ValueError as err:
        assert names_one_of(err, ["width_px", "font_px"])
        return
    assert isinstance(result, int) and 0 <= result <= round(width)
    if result < round(width):  # shown narrower than full: its text still reaches 9 px
        assert result * (font / width) >= 9 * (1 - 1e-12)


@given(sizes=st.lists(st.integers(-1, 5), max_size=4), defaults=st.lists(st.integers(-1, 5),
                                                                        max_size=4),
       grid_limit=st.integers(-1, 30))
def test_property_settings_stay_inside_the_controls(sizes, defaults, grid_limit):
    try:
        mode, chosen = offline_values.settings(sizes, defaults, grid_limit)
    except (TypeError, ValueError) as err:
        assert names_one_of(err, ["sizes", "defaults", "grid_limit"])
        return
    assert all(0 <= j < n for setting in chosen for j, n in zip(setting, sizes))
    assert tuple(defaults) in chosen and len(set(chosen)) == len(chosen)
    if mode == "grid":
        assert len(chosen) == math.prod(sizes)


NUMBER = st.integers(-5, 2000) | ANY_FLOAT | BAD_THINGS


@given(width=NUMBER, height=NUMBER, font=NUMBER | st.none(),
       panels=st.lists(st.lists(st.floats(-0.5, 1.5) | BAD_THINGS, min_size=3, max_size=5),
                       max_size=3))
def test_property_figure_layout_is_refused_by_name_or_consistent(width, height, font, panels):
    meta = {"width": width, "height": height, "font_px": font, "panels": panels}
    try:
        plan = book_figures.layout(meta)
    except (TypeError, ValueError) as err:
        assert "meta" in str(err)
        return
    assert 0 <= plan["min_width"] <= width
    assert len(plan["crops"]) <= len(panels)
    for crop in plan["crops"]:
        assert all(math.isfinite(v) for v in crop.values())


@given(entry=st.text(max_size=30) | BAD_THINGS)
def test_property_parse_entry_is_refused_by_name_or_parses(entry):
    try:
        module, members = api_pages.parse_entry(entry)
    except (TypeError, ValueError) as err:
        assert "entry" in str(err)
        return
    assert all(part.isidentifier() for part in module.split("."))
    assert members is None or all(m.isidentifier() for m in members)


@settings(max_examples=30)
@given(upto=st.integers(-3, 8) | st.floats(-2, 8) | st.none(),
       points=st.lists(st.tuples(ANY_FLOAT, ANY_FLOAT), max_size=5))
def test_property_draw_path_draws_the_first_points_or_is_refused(upto, points):
    path = np.array(points, dtype=float).reshape(-1, 2)
    try:
        line = landscape_plots.draw_path(axes(), path, upto=upto)
    except (TypeError, ValueError) as err:
        assert names_one_of(err, ["run", "upto"])
        return
    keep = len(path) if upto is None else min(len(path), upto + 1)
    assert np.array_equal(line.get_xdata(), path[:keep, 0])
    assert np.isfinite(path).all() and len(path) >= 1


@settings(max_examples=30)
@given(h_exp=st.floats(-9, 0), n=st.integers(2, 6), slope=st.floats(-2, 2))
def test_property_finite_difference_marker_lies_on_the_log_log_line(h_exp, n, slope):
    steps = np.logspace(-8, -1, n)
    curve = 1e-3 * (steps / steps[0]) ** slope  # straight in log-log: exact reference
    fig = Figure()
    h = 10.0 ** h_exp
    try:
        ax = finite_difference_plots.draw_finite_difference_error(fig, h, steps, {"forward": curve})
    except ValueError as err:
        assert "h" in str(err) and not steps[0] * (1 - 1e-9) <= h <= steps[-1] * (1 + 1e-9)
        return
    marker = ax.get_lines()[1].get_ydata()[0]
    assert marker == pytest.approx(1e-3 * (h / steps[0]) ** slope, rel=1e-9)

