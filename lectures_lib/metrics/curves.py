r"""Sweeping the threshold: precision-recall and ROC curves, average precision and ROC AUC.

A classifier that outputs a score :math:`s` says "positive" when :math:`s \ge t`. Each
threshold :math:`t` gives its own confusion matrix; sweeping :math:`t` from the highest score
down to the lowest traces a curve. The only thresholds that matter are the distinct scores, and
one pass computes the counts at all of them: sort the examples by score, highest first, and take
cumulative sums of the positives (TP) and negatives (FP). Every curve here is built on that one
counting core, :func:`confusion_matrix_at_thresholds`.

Ties: examples with equal scores cross the threshold together, so a run of equal scores adds
one point, not one per example (exactly as scikit-learn does).

Every function is a drop-in for the ``sklearn.metrics`` function of the same name, for binary
labels; the arguments for multiclass averaging are not accepted.
"""

import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from lectures_lib.metrics._validation import (as_labels, as_scores, as_weights, check_lengths,
                                              check_pos_label, classes_of, default_pos_label)


def _check_ranking_inputs(y_true, y_score, sample_weight):
    """Validate labels and scores; return them, their weights and the classes of y_true."""
    y_true, y_score = as_labels(y_true, "y_true"), as_scores(y_score)
    check_lengths(y_true=y_true, y_score=y_score,
                  sample_weight=None if sample_weight is None else np.asarray(sample_weight))
    weight = as_weights(sample_weight, len(y_true))
    return y_true, y_score, weight, classes_of(("y_true", y_true))


def confusion_matrix_at_thresholds(y_true, y_score, *, pos_label=None,
                                   sample_weight=None):
    """TN, FP, FN and TP counts at every threshold: the counting core of every curve.

    Threshold ``thresholds[i]`` predicts "positive" for the examples with
    ``y_score >= thresholds[i]``. The thresholds are the distinct scores, highest first, so
    ``tps`` and ``fps`` grow and the last threshold predicts everything positive.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, at most two distinct values.
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely positive" (probabilities or raw scores).
    pos_label : int, float, bool or str, optional
        The positive class; may be left out when the labels are {0, 1} or {-1, 1} (it is 1).
    sample_weight : array_like of shape (n_samples,), optional
        Weights >= 0; examples of weight 0 are dropped first, so they add no threshold.

    Returns
    -------
    tns, fps, fns, tps : numpy.ndarray of shape (n_thresholds,)
        The (weighted) counts at each threshold.
    thresholds : numpy.ndarray of shape (n_thresholds,)
        The distinct scores, decreasing.

    Examples
    --------
    >>> tns, fps, fns, tps, thresholds = confusion_matrix_at_thresholds(
    ...     [1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    >>> tps, fps
    (array([1., 1., 1., 2., 2., 2.]), array([0., 1., 2., 2., 3., 4.]))
    """
    y_true, y_score, weight, classes = _check_ranking_inputs(
        y_true, y_score, sample_weight)
    positive = y_true == default_pos_label(pos_label, classes)
    if not np.any(weight):
        raise ValueError("sample_weight is zero for every sample: "
                         "there is nothing to count")
    keep = weight != 0  # examples of weight 0 add no threshold
    positive, y_score, weight = positive[keep], y_score[keep], weight[keep]

    order = np.argsort(-y_score, kind="stable")  # highest score first
    positive, y_score, weight = positive[order], y_score[order], weight[order]
    # One threshold per distinct score: the last example of each run of ties.
    last = np.flatnonzero(np.r_[np.diff(y_score) != 0, True])
    tps = np.cumsum(weight * positive)[last]
    fps = np.cumsum(weight * ~positive)[last]
    return fps[-1] - fps, fps, tps[-1] - tps, tps, y_score[last]


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None,
                           drop_intermediate=False):
    """Precision and recall at every threshold: the PR curve.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, at most two distinct values.
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
        The distinct scores, **increasing** (scikit-learn's order).

    Warns
    -----
    UserWarning
        When ``y_true`` has no positive: recall is then set to 1 everywhere.

    Examples
    --------
    >>> precision, recall, thresholds = precision_recall_curve(
    ...     [1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    >>> precision.round(3), recall
    (array([0.333, 0.4  , 0.5  , 0.333, 0.5  , 1.   , 1.   ]), array([1. , 1. , 1. , 0.5, 0.5, 0.5, 0. ]))
    """
    _, fps, _, tps, thresholds = confusion_matrix_at_thresholds(
        y_true, y_score, pos_label=pos_label, sample_weight=sample_weight)
    if drop_intermediate and len(fps) > 2:
        tp_changes = np.r_[True, (np.diff(tps[:-1]) != 0) | (np.diff(tps[1:]) != 0), True]
        fps, tps, thresholds = fps[tp_changes], tps[tp_changes], thresholds[tp_changes]

    predicted = tps + fps
    precision = np.divide(tps, predicted, out=np.zeros_like(tps), where=predicted != 0)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=2)
        recall = np.ones_like(tps)
    else:
        recall = tps / tps[-1]
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
        Points of a PR curve, in any order (e.g. from :func:`precision_recall_curve`).

    Returns
    -------
    numpy.ndarray of shape (n_points,)
        The smoothed precision at each point, in the order given.

    Examples
    --------
    >>> smoothed_precision([1/3, 0.4, 0.5, 1/3, 0.5, 1.0, 1.0], [1, 1, 1, 0.5, 0.5, 0.5, 0])
    array([0.5, 0.5, 0.5, 1. , 1. , 1. , 1. ])
    """
    precision = as_scores(precision, "precision")
    recall = as_scores(recall, "recall")
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


def average_precision_score(y_true, y_score, *, pos_label=1, sample_weight=None):
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
    pos_label : int, float, bool or str, default 1
        The positive class; it must be one of the labels when there are two.
    sample_weight : array_like of shape (n_samples,), optional

    Returns
    -------
    float

    Examples
    --------
    >>> average_precision_score([1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    0.75
    """
    y_true, _, _, classes = _check_ranking_inputs(y_true, y_score, sample_weight)
    check_pos_label(pos_label, classes)
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label,
                                                  sample_weight=sample_weight)
    # recall decreases along the arrays, so R_n - R_{n-1} is recall[:-1] - recall[1:].
    return float(max(0.0, np.sum((recall[:-1] - recall[1:]) * precision[:-1])))


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """The ROC curve: true positive rate against false positive rate, at every threshold.

    ``TPR = TP / (TP + FN)`` (the recall) and ``FPR = FP / (FP + TN)``, the fraction of
    negatives raised as false alarms.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, at most two distinct values.
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely positive".
    pos_label : int, float, bool or str, optional
        The positive class; may be left out when the labels are {0, 1} or {-1, 1}.
    sample_weight : array_like of shape (n_samples,), optional
    drop_intermediate : bool, default True
        Drop the thresholds whose points lie on a straight segment between their neighbours
        (both counts change at a constant rate); the plot and the area do not change.

    Returns
    -------
    fpr, tpr : numpy.ndarray of shape (n_thresholds + 1,)
        Increasing, from (0, 0).
    thresholds : numpy.ndarray of shape (n_thresholds + 1,)
        Decreasing; the first, ``inf``, predicts nothing positive.

    Warns
    -----
    UndefinedMetricWarning
        When ``y_true`` has no negative (``fpr`` is then NaN) or no positive (``tpr`` is NaN).

    Examples
    --------
    >>> fpr, tpr, thresholds = roc_curve([1, 0, 0, 1, 0, 0],
    ...                                  [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    >>> fpr, tpr
    (array([0. , 0. , 0.5, 0.5, 1. ]), array([0. , 0.5, 0.5, 1. , 1. ]))
    """
    _, fps, _, tps, thresholds = confusion_matrix_at_thresholds(
        y_true, y_score, pos_label=pos_label, sample_weight=sample_weight)
    if drop_intermediate and len(fps) > 2:
        corner = np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True]
        fps, tps, thresholds = fps[corner], tps[corner], thresholds[corner]
    fps, tps, thresholds = np.r_[0.0, fps], np.r_[0.0, tps], np.r_[np.inf, thresholds]

    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be "
                      "meaningless", UndefinedMetricWarning, stacklevel=2)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be "
                      "meaningless", UndefinedMetricWarning, stacklevel=2)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def roc_auc_score(y_true, y_score, *, sample_weight=None):
    """The area under the ROC curve (trapezoidal rule).

    It is the probability that a random positive scores higher than a random negative (ties
    counting one half): 1 for a perfect ranking, 0.5 for a random one. The positive class is
    the larger of the two labels, as in scikit-learn.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, at most two distinct values.
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely the larger label".
    sample_weight : array_like of shape (n_samples,), optional

    Returns
    -------
    float
        NaN, with an ``UndefinedMetricWarning``, when ``y_true`` holds only one class.

    Examples
    --------
    >>> roc_auc_score([1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    0.75
    """
    y_true, _, _, classes = _check_ranking_inputs(y_true, y_score, sample_weight)
    if len(classes) != 2:
        warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                      "that case.", UndefinedMetricWarning, stacklevel=2)
        return float("nan")
    fpr, tpr, _ = roc_curve(y_true == classes[1], y_score, sample_weight=sample_weight)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
