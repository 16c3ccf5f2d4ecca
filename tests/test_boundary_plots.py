"""The decision-boundary plot and the widgets added for the regularization and MLP chapters."""

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lectures_lib.nn.numpy_net import net_in_20_lines
from lectures_lib.viz.boundary_plots import draw_decision_boundary, scatter_classes
from lectures_lib.viz.controls import choice, int_slider, options_slider
from lectures_lib.viz.plots import CLASS_COLORS, new_figure


def test_decision_regions_follow_the_classifier():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 1.0]])
    y = np.array([0, 1, 1])
    seen = []

    def predict(P):
        seen.append(P.shape)
        return (P[:, 0] > 0).astype(int)   # class 1 right of the vertical axis

    fig, ax = new_figure()
    draw_decision_boundary(ax, predict, X, y, grid=20, limits=(-2, 2, -1, 1), title="t")
    assert seen == [(400, 2)]
    assert ax.get_xlim() == (-2, 2) and ax.get_title() == "t"
    regions = ax.collections[0].get_paths()   # the filled contours, one path per class
    step = 4 / 19                              # the grid spacing along x1
    assert regions[0].vertices[:, 0].max() <= step and regions[1].vertices[:, 0].min() >= -step
    points = ax.collections[-1]
    np.testing.assert_allclose(points.get_offsets(), X)
    facecolors = [tuple(np.round(c[:3], 3)) for c in points.get_facecolors()]
    expected = [tuple(np.round(plt.matplotlib.colors.to_rgb(CLASS_COLORS[k]), 3)) for k in y]
    assert facecolors == expected
    plt.close(fig)


def test_scatter_classes_colours_each_point_by_its_class():
    X, y = np.array([[0.0, 1.0], [2.0, -1.0], [1.0, 1.0]]), np.array([2, 0, 2])
    fig, ax = new_figure()
    assert scatter_classes(ax, X, y, title="h") is ax and ax.get_title() == "h"
    points = ax.collections[-1]
    np.testing.assert_allclose(points.get_offsets(), X)
    facecolors = [tuple(np.round(c[:3], 3)) for c in points.get_facecolors()]
    assert facecolors == [tuple(np.round(plt.matplotlib.colors.to_rgb(CLASS_COLORS[k]), 3))
                          for k in y]
    with pytest.raises(ValueError, match=r"X must hold 2-D points, got shape \(3, 1\)"):
        scatter_classes(ax, X[:, :1], y)
    with pytest.raises(ValueError, match="y has 6 classes; at most 5 can be drawn"):
        scatter_classes(ax, X, [0, 5, 1])
    with pytest.raises(ValueError, match="X must be finite"):
        scatter_classes(ax, [[0.0, np.nan]], [0])
    with pytest.raises(TypeError, match="ax"):
        scatter_classes(fig, X, y)
    plt.close(fig)


def test_decision_boundary_bad_input():
    fig, ax = new_figure()
    with pytest.raises(ValueError, match=r"X must hold 2-D points, got shape \(2, 3\)"):
        draw_decision_boundary(ax, lambda P: np.zeros(len(P)), np.ones((2, 3)), [0, 1])
    with pytest.raises(ValueError, match="y has 6 classes; at most 5 can be drawn"):
        draw_decision_boundary(ax, lambda P: np.zeros(len(P)), np.ones((2, 2)), [0, 5])
    plt.close(fig)


def test_new_widgets_redraw_only_on_release():
    assert isinstance(int_slider("width", 8, 1, 64), ipywidgets.IntSlider)
    assert int_slider("width", 8, 1, 64).continuous_update is False
    assert choice("activation", ["relu", "tanh"], "tanh").value == "tanh"
    lr = options_slider("lr", [0.01, 0.1, 1.0], 0.1)
    assert lr.value == 0.1 and lr.continuous_update is False and lr.options == (0.01, 0.1, 1.0)
    assert options_slider("lr", [0.01, 0.1]).value == 0.01


def test_net_in_20_lines_defaults_are_the_slides():
    """N, Din, H, Dout = 64, 1000, 100, 10; range(10000); step 1e-4 (DeepRob deck)."""
    import inspect

    defaults = {k: v.default for k, v in inspect.signature(net_in_20_lines).parameters.items()}
    assert defaults == {"steps": 10000, "N": 64, "D_in": 1000, "H": 100, "D_out": 10,
                        "learning_rate": 1e-4, "seed": 0}
