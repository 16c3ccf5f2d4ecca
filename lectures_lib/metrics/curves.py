r"""Sweeping the threshold: the counts at every threshold, the PR curve, average precision.

A classifier that outputs a score :math:`s` says "positive" when :math:`s \ge t`. Each
threshold :math:`t` gives its own confusion matrix; sweeping :math:`t` from the highest score
down to the lowest traces a curve. The only thresholds that matter are the distinct scores, and
one pass computes the counts at all of them: sort the examples by score, highest first, and take
cumulative sums of the positives (TP) and negatives (FP). Every curve here is built on that one
counting core, :func:`confusion_matrix_at_thresholds` (the ROC curve and its area are in
``lectures_lib.metrics.roc``).

Ties: examples with equal scores cross the threshold together, so a run of equal scores adds
one point, not one per example (exactly as scikit-learn does).

Every function is a drop-in for the ``sklearn.metrics`` function of the same name, for binary
labels (and, with ``pos_label``, one class against the rest for the curves): it takes the same
arguments (``pos_label``, ``sample_weight``, ``average``, ``max_fpr``, ...) and gives the same
answers and warnings. Scores of several classes (``y_score`` of shape (n, k)) are refused with
a pointer to the scikit-learn function that handles them.
"""

import warnings

import numpy as np

from lectures_lib.metrics._multiclass import ratio
from lectures_lib.metrics._ranking import (AVERAGES, as_float, curve_counts, ranking_inputs,
                                           refuse_multiclass)
from lectures_lib.metrics._validation import (as_scores, check_average, check_bool,
                                              check_lengths, check_pos_label, finite_counts)
from lectures_lib.metrics.roc import roc_auc_score, roc_curve  # noqa: F401 (they lived here)


def confusion_matrix_at_thresholds(y_true, y_score, *, pos_label=None,
                                   sample_weight=None):
    """TN, FP, FN and TP counts at every threshold: the counting core of every curve.

    Threshold ``thresholds[i]`` predicts "positive" for the examples with
    ``y_score >= thresholds[i]``. The thresholds are the distinct scores, highest first, so
    ``tps`` and ``fps`` grow and the last threshold predicts everything positive.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels: two distinct values, or more with ``pos_label`` (that class against
        the rest).
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely positive" (probabilities or raw scores).
        Integer scores are compared as integers.
    pos_label : int, float, bool or str, optional
        The positive class; may be left out when the labels are {0, 1} or {-1, 1} (it is 1).
    sample_weight : array_like of shape (n_samples,), optional
        Weights >= 0, not all zero; examples of weight 0 are dropped first, so they add no
        threshold.

    Returns
    -------
    tns, fps, fns, tps : numpy.ndarray of shape (n_thresholds,)
        The (weighted) counts at each threshold, float64 as in scikit-learn.
    thresholds : numpy.ndarray of shape (n_thresholds,)
        The distinct scores, decreasing, in the scores' dtype.

    Raises
    ------
    ValueError
        For more than two labels without ``pos_label``, labels other than {0, 1} or {-1, 1}
        without ``pos_label``, NaN or inf scores, scores of shape (n, k), negative or all-zero
        weights, and float weights whose counts overflow float64.

    Examples
    --------
    >>> tns, fps, fns, tps, thresholds = confusion_matrix_at_thresholds(
    ...     [1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    >>> tps, fps
    (array([1., 1., 1., 2., 2., 2.]), array([0., 1., 2., 2., 3., 4.]))
    """
    tps, fps, thresholds = curve_counts(y_true, y_score, pos_label, sample_weight,
                                         "precision_recall_curve", scale=False)
    tps, fps = finite_counts(as_float(tps)), finite_counts(as_float(fps))
    return fps[-1] - fps, fps, tps[-1] - tps, tps, thresholds


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None,
                           drop_intermediate=False):
    """Precision and recall at every threshold: the PR curve.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels: two distinct values, or more with ``pos_label``.
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely positive".
    pos_label : int, float, bool or str, optional
        The positive class; may be left out when the labels are {0, 1} or {-1, 1}.
    sample_weight : array_like of shape (n_samples,), optional
    drop_intermediate : bool, default False
        Keep only the first and last threshold of each run with the same TP count (the points
        of a vertical stretch of the plotted curve); the plot does not change.

    Returns
    -------
    precision : numpy.ndarray of shape (n_thresholds + 1,)
        ``precision[i]`` for the threshold ``thresholds[i]``, then a final 1.
    recall : numpy.ndarray of shape (n_thresholds + 1,)
        Decreasing; ``recall[i]`` for ``thresholds[i]``, then a final 0.
    thresholds : numpy.ndarray of shape (n_thresholds,)
        The distinct scores, **increasing** (scikit-learn's order), in the scores' dtype.

    Raises
    ------
    ValueError
        As :func:`confusion_matrix_at_thresholds` (float weights may overflow here: they are
        rescaled for the ratios).

    Warns
    -----
    UserWarning
        When ``y_true`` has no positive: recall is then set to 1 everywhere.

    Examples
    --------
    >>> precision, recall, thresholds = precision_recall_curve(
    ...     [1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    >>> precision.round(3)
    array([0.333, 0.4  , 0.5  , 0.333, 0.5  , 1.   , 1.   ])
    >>> recall
    array([1. , 1. , 1. , 0.5, 0.5, 0.5, 0. ])
    """
    drop_intermediate = check_bool(drop_intermediate, "drop_intermediate")
    tps, fps, thresholds = curve_counts(y_true, y_score, pos_label, sample_weight,
                                         "precision_recall_curve")
    if drop_intermediate and len(fps) > 2:
        tp_changes = np.r_[True, (np.diff(tps[:-1]) != 0) | (np.diff(tps[1:]) != 0), True]
        tp_changes = tp_changes.astype(bool)
        fps, tps, thresholds = fps[tp_changes], tps[tp_changes], thresholds[tp_changes]

    precision = ratio(tps, tps + fps)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=2)
        recall = np.ones(len(tps))
    else:
        recall = ratio(tps, tps[-1])
    # Reverse to scikit-learn's order (recall decreasing) and end at (recall 0, precision 1).
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def smoothed_precision(precision, recall):
    r"""The smoothed (interpolated) PR curve: the best precision at this recall or higher.

    .. math::

        P_{\text{smooth}}(R) = \max_{R' \ge R} P(R') .

    The raw curve is a saw-tooth: each false positive drops the precision, each true positive
    raises it again. The smoothed curve removes the teeth and never increases with recall.
    It is the envelope that PASCAL VOC's interpolated average precision integrates.

    Parameters
    ----------
    precision, recall : array_like of shape (n_points,)
        Points of a PR curve, in any order (e.g. from :func:`precision_recall_curve`); finite
        values in [0, 1].

    Returns
    -------
    numpy.ndarray of shape (n_points,)
        The smoothed precision at each point, in the order given.

    Examples
    --------
    >>> smoothed_precision([1/3, 0.4, 0.5, 1/3, 0.5, 1.0, 1.0], [1, 1, 1, 0.5, 0.5, 0.5, 0])
    array([0.5, 0.5, 0.5, 1. , 1. , 1. , 1. ])
    """
    precision = as_scores(precision, "precision").astype(np.float64)
    recall = as_scores(recall, "recall").astype(np.float64)
    check_lengths(precision=precision, recall=recall)
    for name, values in (("precision", precision), ("recall", recall)):
        outside = (values < 0) | (values > 1)
        if outside.any():
            raise ValueError(f"{name} must lie in [0, 1], got {values[outside][0]}")
    order = np.argsort(-recall, kind="stable")        # highest recall first
    best = np.maximum.accumulate(precision[order])    # best precision at recall >= this one
    # Points with equal recall share the best precision of their whole group.
    descending_recall = recall[order]
    last_of_group = np.searchsorted(-descending_recall, -descending_recall, side="right") - 1
    smoothed = np.empty_like(precision)
    smoothed[order] = best[last_of_group]
    return smoothed


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1,
                            sample_weight=None):
    r"""Average precision: the precisions at all thresholds, weighted by the recall they add.

    .. math::

        \text{AP} = \sum_n (R_n - R_{n-1})\, P_n ,

    over the thresholds from the highest down (:math:`R_0 = 0`). Like scikit-learn's, it is not
    interpolated: it sums rectangles under the raw PR curve, not the smoothed one, and it is not
    the trapezoidal area (which can be too optimistic).

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, at most two distinct values.
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely positive".
    average : {"macro", "micro", "weighted", "samples"} or None, default "macro"
        Accepted for scikit-learn's sake and, as there, ignored for binary labels.
    pos_label : int, float, bool or str, default 1
        The positive class; it must be one of the labels when there are two.
    sample_weight : array_like of shape (n_samples,), optional

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For more than two classes (use ``sklearn.metrics.average_precision_score`` with
        scores of shape (n_samples, n_classes)).

    Examples
    --------
    >>> average_precision_score([1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    0.75
    """
    check_average(average, AVERAGES)
    function = "average_precision_score"
    y_true, y_score, weight, classes = ranking_inputs(y_true, y_score, sample_weight, function)
    refuse_multiclass(classes, function, " with y_score of shape (n_samples, n_classes)")
    check_pos_label(pos_label, classes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label,
                                                      sample_weight=weight)
    for warning in caught:  # re-raised here, so that they point at the caller
        warnings.warn(warning.message, warning.category, stacklevel=2)
    # recall decreases along the arrays, so R_n - R_{n-1} is recall[:-1] - recall[1:].
    return float(max(0.0, np.sum((recall[:-1] - recall[1:]) * precision[:-1])))
