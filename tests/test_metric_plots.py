"""lectures_lib.viz.metric_plots: the figures draw what they say, and the widget's twin works."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lectures_lib.lecture_examples import CARS_LABELS, CARS_SCORES
from lectures_lib.metrics import precision_recall_curve, roc_curve
from lectures_lib.viz.metric_plots import (draw_box_iou, draw_confusion_matrix, draw_threshold,
                                        plot_pr_curve, plot_roc_curve)
from lectures_lib.viz.animations import sweep_animation


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_draw_threshold_shows_the_lecture_counts_and_ratios():
    fig = plt.figure()
    draw_threshold(fig, 0.0, CARS_LABELS, CARS_SCORES, class_names=("background", "car"))
    strip, table, curve = fig.axes[:3]
    assert texts(table) == ["TN\n2", "FP\n2", "FN\n1", "TP\n1"]
    assert table.get_title() == "P = 1/3 = 0.33\nR = 1/2 = 0.50"
    point = curve.lines[-1].get_xydata()
    np.testing.assert_allclose(point, [[0.5, 1 / 3]])
    assert [t.get_text() for t in strip.get_yticklabels()] == ["background", "car"]
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    draw_threshold(fig, 2.0, CARS_LABELS, CARS_SCORES)  # redraws from scratch; nothing predicted
    assert len(fig.axes) == 3
    assert fig.axes[1].get_title() == "P = 0/0 (undefined)\nR = 0/2 = 0.00"
    plt.close(fig)


def test_threshold_animation_has_a_frame_per_threshold():
    html = sweep_animation(lambda fig, t: draw_threshold(fig, t, CARS_LABELS, CARS_SCORES),
                           "t", [0.0, -0.25]).data
    assert len(re.findall(r'frames\[\d+\] = "data:image/png;base64', html)) == 2


def test_pr_and_roc_plots_draw_the_curves_they_are_given():
    precision, recall, _ = precision_recall_curve(CARS_LABELS, CARS_SCORES)
    fig, ax = plt.subplots()
    plot_pr_curve(ax, precision, recall)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), recall[::-1])
    # the chance level: 2 cars among 6 examples, the precision of calling everything a car
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [1 / 3, 1 / 3])
    assert ax.texts[0].get_text() == "chance 0.33"
    plot_pr_curve(ax, precision, recall, smoothed=True, chance=False)
    assert len(ax.lines) == 3
    smooth = ax.lines[2]
    assert smooth.get_drawstyle() == "steps-pre"
    np.testing.assert_allclose(smooth.get_ydata()[-1], 0.5)  # at recall 1
    fpr, tpr, _ = roc_curve(CARS_LABELS, CARS_SCORES)
    fig2, ax2 = plt.subplots()
    plot_roc_curve(ax2, fpr, tpr)
    assert len(ax2.lines) == 2  # the curve and the chance diagonal
    plt.close(fig)
    plt.close(fig2)


def test_box_figure_writes_intersection_over_union():
    fig, ax = plt.subplots()
    draw_box_iou(ax, [4, 4, 8, 8], [2, 2, 6, 7])
    assert ax.get_title() == "IoU = 6 / 30 = 0.20"
    assert len(ax.patches) == 3
    draw_box_iou(ax, [0, 0, 1, 1], [5, 5, 6, 6])
    assert ax.get_title() == "IoU = 0 / 2 = 0.00"
    plt.close(fig)


def test_confusion_matrix_figure_needs_a_2x2_matrix():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"C must be a 2×2 confusion matrix, got shape \(1, 1\)"):
        draw_confusion_matrix(ax, [[3]])
    plt.close(fig)
