"""Figures, sliders and demos: everything that draws, and the only package with matplotlib.

* the book's figures (their look, shared colours, loss curves), :mod:`~lectures_lib.viz.plots`
  (all chapters); the error of finite differences,
  :mod:`~lectures_lib.viz.finite_difference_plots` (chapter 2); decision regions of a
  classifier, :mod:`~lectures_lib.viz.boundary_plots` (chapters 1, 2 and 6); a figure swept
  over one value as an animation, :mod:`~lectures_lib.viz.animations`;
* sliders and menus, :mod:`~lectures_lib.viz.controls`, and figures they redraw,
  :mod:`~lectures_lib.viz.widgets` (all chapters), with their kernel-free copies for the HTML
  book, :mod:`~lectures_lib.viz.offline_widget` (the values drawn for them:
  :mod:`~lectures_lib.viz.offline_values`) and :mod:`~lectures_lib.viz.redraw`;
* the interactive linear-classifier demo, :mod:`~lectures_lib.viz.linear_classifier_demo`, its
  arithmetic, :mod:`~lectures_lib.viz.linear_classifier_2d`, and its HTML copy,
  :mod:`~lectures_lib.viz.demo_page` (chapter 2);
* optimizer paths on 2-D landscapes, :mod:`~lectures_lib.viz.landscape_plots` (chapters 3
  and 4); contours, error curves and costs of the second-order methods,
  :mod:`~lectures_lib.viz.second_order_plots` (chapter 5); curves, thresholds, confusion
  matrices and boxes of the metrics, :mod:`~lectures_lib.viz.metric_plots` (chapter 7);
* how a figure reaches the HTML book (panels, colours), :mod:`~lectures_lib.viz.figure_output`,
  with its alt text, :mod:`~lectures_lib.viz.alt_text`.

The numerics (:mod:`lectures_lib.optim`, :mod:`lectures_lib.nn`,
:mod:`lectures_lib.landscape`, :mod:`lectures_lib.metrics`, the data and the training loop)
never import this package. The public names are importable from the package itself, e.g.
``from lectures_lib.viz import new_figure, slider``; each module is imported when one of its
names is first asked for, so that ``import lectures_lib`` (which installs the book's figure
formatter from :mod:`~lectures_lib.viz.figure_output`) loads neither matplotlib nor ipywidgets.
The two ``figure_png`` functions stay in their modules.

Examples
--------
>>> from lectures_lib.viz import new_figure
>>> fig, ax = new_figure()
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

import importlib

#: module -> the public names the package takes from it, in dependency order.
_FACE = {
    "alt_text": ["set_alt_text", "describe_figure"],
    "figure_output": ["smallest_font_px", "fewer_colours", "for_the_book", "install"],
    "redraw": ["Layout", "render_png", "lay_out", "canvas_image", "png_bytes"],
    "plots": ["new_figure", "style_figure", "phone_min_width", "plot_loss_curves", "COLORS",
              "CLASS_COLORS"],
    "finite_difference_plots": ["draw_finite_difference_error"],
    "animations": ["sweep_animation", "offline_animation_html"],
    "boundary_plots": ["draw_decision_boundary", "scatter_classes"],
    "offline_values": ["control_values", "settings"],
    "offline_widget": ["offline_html"],
    "controls": ["log_slider", "slider", "int_slider", "choice", "options_slider"],
    "widgets": ["Picture", "draw_picture", "InteractiveFigure", "BookHBox",
                "interactive_figure"],
    "landscape_plots": ["draw_contours", "draw_path", "plot_runs", "draw_runs",
                        "OPTIMIZER_COLORS"],
    "second_order_plots": ["draw_contour_paths", "draw_error_curves", "draw_hessian_cost"],
    "metric_plots": ["plot_pr_curve", "plot_roc_curve", "draw_confusion_matrix",
                     "draw_threshold", "draw_box_iou"],
    "linear_classifier_2d": ["LinearClassifier2D"],
    "linear_classifier_demo": ["LinearClassifierDemo"],
    "demo_page": ["demo_html"],
}
_MODULE_OF = {name: module for module, names in _FACE.items() for name in names}

__all__ = list(_MODULE_OF)


def __getattr__(name):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
