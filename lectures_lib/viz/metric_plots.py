"""Figures of the evaluation metrics: PR and ROC curves, the confusion matrix, a threshold, boxes.

Like :mod:`lectures_lib.viz.plots`, every helper draws on the axes or figure it is given and returns
it; none calls ``plt.show()``. :func:`draw_threshold` is the drawing function of the chapter's
threshold widget and of its static twin.

Nothing is drawn from garbage: NaN or out-of-range rates, a curve whose points are not in the
order the metric functions return them (e.g. precision and recall swapped), a NaN threshold or
scores too spread out for matplotlib's axes are refused with an error that names the argument.
"""

import numpy as np
from matplotlib.patches import Rectangle

from lectures_lib._checks import as_scalar
from lectures_lib.viz.plots import CLASS_COLORS, style_figure
from lectures_lib.viz._metric_plot_checks import (check_axes, check_box, check_curve,
                                                   check_names, padded_range)
from lectures_lib.metrics._validation import (as_labels, as_scores, check_bool, check_lengths,
                                              check_pos_label, classes_of, to_numpy)
from lectures_lib.metrics.classification import confusion_matrix
from lectures_lib.metrics.curves import precision_recall_curve, smoothed_precision
from lectures_lib.metrics.iou import box_iou

#: Colours of a binary problem across the metric figures: its two classes are the first two of
#: :data:`~lectures_lib.viz.plots.CLASS_COLORS`, the threshold and the predictions the fourth.
BINARY_COLORS = {"negative": CLASS_COLORS[0], "positive": CLASS_COLORS[1],
                 "marker": CLASS_COLORS[3]}

def plot_pr_curve(ax, precision, recall, label=None, smoothed=False, chance=True, **style):
    """Plot a PR curve (recall on x, precision on y) on ``ax``; optionally its smoothed form.

    The raw curve joins the points in threshold order, so each false positive shows as a drop
    (the saw-tooth); the smoothed curve (:func:`~lectures_lib.metrics.smoothed_precision`) is
    drawn as a step function, whose area is the interpolated average precision.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    precision, recall : array_like
        As returned by :func:`~lectures_lib.metrics.precision_recall_curve`.
    label : str, optional
    smoothed : bool, default False
        Draw the smoothed curve instead of the raw one.
    chance : bool, default True
        Also draw the chance level, a dotted line at the positive rate: a classifier that
        ranks the examples at random has that precision at every recall. It is the
        precision at the lowest threshold, ``precision[0]``, where every example is
        predicted positive.
    **style
        Passed to ``ax.plot``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For NaN or values outside [0, 1], arrays of different lengths, and (unless
        ``smoothed``) a recall that does not decrease along the array as
        :func:`~lectures_lib.metrics.precision_recall_curve` returns it.
    """
    check_axes(ax)
    smoothed, chance = check_bool(smoothed, "smoothed"), check_bool(chance, "chance")
    precision, recall = check_curve(precision, recall, ("precision", "recall"),
                                     (None, None if smoothed else "decreasing"))
    if smoothed:
        order = np.argsort(recall, kind="stable")
        ax.plot(recall[order], smoothed_precision(precision, recall)[order],
                drawstyle="steps-pre", label=label, **style)
    else:
        ax.plot(recall[::-1], precision[::-1], label=label, **style)
    if chance:
        rate = precision[0]
        ax.axhline(rate, color="gray", ls=":", lw=1)
        ax.annotate(f"chance {rate:.2f}", (0.1, rate), xycoords=("axes fraction", "data"),
                    ha="left", va="bottom", fontsize=8, color="dimgray")
    ax.set_xlabel("recall R")
    ax.set_ylabel("precision P")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.05)
    ax.grid(True, alpha=0.3)
    return ax


def plot_roc_curve(ax, fpr, tpr, label=None, chance=True, **style):
    """Plot a ROC curve (false positive rate on x, true positive rate on y) on ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    fpr, tpr : array_like
        As returned by :func:`~lectures_lib.metrics.roc_curve`.
    label : str, optional
    chance : bool, default True
        Also draw the diagonal of a random ranking (AUC 0.5).
    **style
        Passed to ``ax.plot``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For NaN rates (``roc_curve`` returns them when ``y_true`` holds one class only),
        values outside [0, 1], arrays of different lengths, or rates that do not increase
        along the arrays as :func:`~lectures_lib.metrics.roc_curve` returns them.
    """
    check_axes(ax)
    chance = check_bool(chance, "chance")
    fpr, tpr = check_curve(fpr, tpr, ("fpr", "tpr"), ("increasing", "increasing"),
                      nan_hint=" (roc_curve gives NaN rates when y_true holds only one class)")
    ax.plot(fpr, tpr, label=label, **style)
    if chance:
        ax.plot([0, 1], [0, 1], ls=":", color="gray", lw=1)
    ax.set_xlabel("false positive rate FP / (FP + TN)")
    ax.set_ylabel("true positive rate = recall")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.05)
    ax.grid(True, alpha=0.3)
    return ax


def draw_confusion_matrix(ax, C, class_names=("negative", "positive")):
    """Draw a 2×2 confusion matrix ``[[TN, FP], [FN, TP]]`` as a table of coloured cells.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    C : array_like of shape (2, 2)
        Counts (or normalized counts): finite numbers >= 0.
    class_names : pair of str, default ("negative", "positive")

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For a shape other than 2×2, NaN, inf or negative counts.
    """
    check_axes(ax)
    C = to_numpy(C, "C", scalar_ok=True)
    if C.shape != (2, 2):
        raise ValueError(f"C must be a 2×2 confusion matrix, got shape {C.shape}")
    if C.dtype.kind not in "iuf":
        raise TypeError(f"C must hold counts (numbers), got dtype {C.dtype}")
    if not np.all(np.isfinite(C)) or np.any(C < 0):
        raise ValueError(f"C must hold finite counts >= 0, got {C.tolist()}")
    class_names = check_names(class_names, "class_names")
    names = [["TN", "FP"], ["FN", "TP"]]
    ax.imshow([[1, 0], [0, 1]], cmap="Greens", vmin=-0.6, vmax=2.2)  # correct on the diagonal
    for i in range(2):
        for j in range(2):
            count = f"{C[i, j]:g}" if C.dtype.kind == "f" else str(C[i, j])
            ax.text(j, i, f"{names[i][j]}\n{count}", ha="center", va="center", fontsize=12)
    ax.set_xticks([0, 1], [f"predicted\n{n}" for n in class_names])
    ax.set_yticks([0, 1], [f"actually\n{n}" for n in class_names])
    ax.tick_params(length=0)
    return ax


def draw_threshold(fig, threshold, y_true, y_score, class_names=("negative", "positive"),
                   pos_label=1):
    """The widget's figure: the scores with a threshold, its confusion matrix and PR point.

    Top: each example's score, one row per class; the shaded side of the threshold is predicted
    positive. Bottom left: the confusion matrix at this threshold with P and R. Bottom right:
    the PR curve over all thresholds and the point of this one.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Cleared and drawn on.
    threshold : float
        Examples with ``y_score >= threshold`` are predicted positive.
    y_true, y_score : array_like of shape (n_samples,)
        Binary labels and scores.
    class_names : tuple of str, default ("negative", "positive")
    pos_label : int or str, default 1

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For a NaN or infinite threshold, NaN or infinite scores, labels of more than two
        classes, a ``pos_label`` that labels no example, and scores (with the threshold)
        spread too wide to draw.
    """
    if not hasattr(fig, "add_gridspec"):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    threshold = as_scalar(threshold, "threshold")
    y_true, y_score = as_labels(y_true, "y_true"), as_scores(y_score).astype(np.float64)
    check_lengths(y_true=y_true, y_score=y_score)
    check_pos_label(pos_label, classes_of(("y_true", y_true),
                                          pointer=" (the figure shows two classes)"))
    class_names = check_names(class_names, "class_names")
    actual = y_true == pos_label
    if not actual.any():
        raise ValueError(f"y_true holds no example of pos_label={pos_label!r}: the PR curve "
                         "needs at least one positive")
    low, high = min(y_score.min(), threshold), max(y_score.max(), threshold)
    left, right = padded_range(low, high, "y_score with the threshold")
    predicted = y_score >= threshold
    C = confusion_matrix(actual, predicted, labels=[False, True])
    (tn, fp), (fn, tp) = C
    ratios = []
    for name, denominator in (("P", tp + fp), ("R", tp + fn)):
        value = f" = {tp / denominator:.2f}" if denominator else " (undefined)"
        ratios.append(f"{name} = {tp}/{denominator}{value}")

    fig.clear()
    style_figure(fig)
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 1.6])
    strip, table, curve = (fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]),
                           fig.add_subplot(grid[1, 1]))

    jitter = 0.12 * np.sin(np.arange(len(y_score)) * 2.4)  # deterministic spread of the dots
    size = 60 if len(y_score) <= 50 else 16
    for row, members in enumerate((~actual, actual)):
        color = BINARY_COLORS["positive" if row else "negative"]
        strip.scatter(y_score[members], row + jitter[members], s=size, color=color,
                      edgecolor="black", lw=0.5, zorder=3)
    strip.axvspan(threshold, right, color=BINARY_COLORS["positive"], alpha=0.12)
    strip.axvline(threshold, color=BINARY_COLORS["marker"], lw=1.5)
    strip.set_xlim(left, right)
    strip.set_ylim(-0.5, 1.5)
    strip.set_yticks([0, 1], class_names)
    strip.set_xlabel(f"score (shaded: score >= threshold {threshold:g}, predicted "
                     f"{class_names[1]})")

    draw_confusion_matrix(table, C, class_names)
    table.set_title("\n".join(ratios), fontsize=10)  # two lines: as wide at every threshold

    all_precision, all_recall, _ = precision_recall_curve(actual, y_score)
    plot_pr_curve(curve, all_precision, all_recall, color="gray", marker=".", lw=1)
    if tp + fp and tp + fn:
        curve.plot([tp / (tp + fn)], [tp / (tp + fp)], "o", ms=10,
                   color=BINARY_COLORS["marker"], mec="black")
    curve.set_title("PR curve, this threshold in red", fontsize=10)
    return fig


def draw_box_iou(ax, pred_box, true_box, names=("prediction", "ground truth")):
    """Draw two boxes, shade their intersection and write their IoU in the title.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    pred_box, true_box : array_like of 4 floats
        ``(x1, y1, x2, y2)`` with ``x1 <= x2`` and ``y1 <= y2``.
    names : tuple of str

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For a box that is not 4 finite numbers with its corners in order, and boxes too far
        apart or too large to draw (beyond 1e300).
    """
    check_axes(ax)
    names = check_names(names, "names")
    pred, true = check_box(pred_box, "pred_box"), check_box(true_box, "true_box")
    corners = np.array([pred, true])
    padded_range(corners[:, [0, 2]].min(), corners[:, [0, 2]].max(), "the boxes' x")
    padded_range(corners[:, [1, 3]].min(), corners[:, [1, 3]].max(), "the boxes' y")
    value = box_iou([pred], [true])[0, 0]
    (a1, b1, a2, b2), (c1, d1, c2, d2) = pred, true
    x1, y1, x2, y2 = max(a1, c1), max(b1, d1), min(a2, c2), min(b2, d2)
    with np.errstate(over="ignore", invalid="ignore"):
        overlap = max(x2 - x1, 0) * max(y2 - y1, 0)
        union = (a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - overlap
    if overlap > 0:
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, color="gold", alpha=0.5, lw=0,
                               label="intersection"))
    styles = [(pred, BINARY_COLORS["marker"], "--"), (true, "tab:green", "-")]
    for (box, color, ls), name in zip(styles, names):
        x1, y1, x2, y2 = box
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, fill=False, ec=color, lw=2, ls=ls,
                               label=name))
    ax.set_xlim(corners[:, [0, 2]].min() - 0.5, corners[:, [0, 2]].max() + 0.5)
    ax.set_ylim(corners[:, [1, 3]].min() - 0.5, corners[:, [1, 3]].max() + 0.5)
    ax.set_aspect("equal")
    # overlap / union in plain floats, when they neither overflow nor underflow
    exact = (np.isfinite(union) and union > 0
             and np.isclose(overlap / union, value, rtol=1e-9, atol=0))
    ratio = f"{overlap:g} / {union:g} = " if exact else ""
    ax.set_title(f"IoU = {ratio}{value:.2f}")
    return ax
