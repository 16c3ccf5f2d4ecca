r"""The ROC curve and the area under it (ROC AUC), with its standardized partial form.

The ROC curve plots, at every threshold, the true positive rate ``TPR = TP / (TP + FN)`` (the
recall) against the false positive rate ``FPR = FP / (FP + TN)``, from the same counts as
every curve (:func:`~lectures_lib.metrics.confusion_matrix_at_thresholds`). Both rates
ignore how many positives there are, so the curve looks the same on a balanced and on a
heavily imbalanced test set, unlike the PR curve.

Every function is a drop-in for the ``sklearn.metrics`` function of the same name, for binary
labels (and, with ``pos_label``, one class against the rest for the curve).
"""

import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from lectures_lib._checks import check_in_range
from lectures_lib.metrics._multiclass import ratio
from lectures_lib.metrics._ranking import (AVERAGES, as_float, curve_counts, ranking_inputs,
                                           refuse_multiclass)
from lectures_lib.metrics._validation import as_labels, check_average, check_bool


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """The ROC curve: true positive rate against false positive rate, at every threshold.

    ``TPR = TP / (TP + FN)`` (the recall) and ``FPR = FP / (FP + TN)``, the fraction of
    negatives raised as false alarms.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels: two distinct values, or more with ``pos_label``.
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
        Decreasing, float64; the first, ``inf``, predicts nothing positive.

    Raises
    ------
    ValueError
        As :func:`~lectures_lib.metrics.confusion_matrix_at_thresholds` (float weights may
        overflow here: they are rescaled for the rates).

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
    drop_intermediate = check_bool(drop_intermediate, "drop_intermediate")
    tps, fps, thresholds = curve_counts(y_true, y_score, pos_label, sample_weight,
                                         "roc_curve")
    if drop_intermediate and len(fps) > 2:
        corner = np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True]
        corner = corner.astype(bool)
        fps, tps, thresholds = fps[corner], tps[corner], thresholds[corner]
    thresholds = np.r_[np.inf, as_float(thresholds)]

    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be "
                      "meaningless", UndefinedMetricWarning, stacklevel=2)
        fpr = np.full(len(fps) + 1, np.nan)
    else:
        fpr = np.r_[0.0, ratio(fps, fps[-1])]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be "
                      "meaningless", UndefinedMetricWarning, stacklevel=2)
        tpr = np.full(len(tps) + 1, np.nan)
    else:
        tpr = np.r_[0.0, ratio(tps, tps[-1])]
    return fpr, tpr, thresholds


def _mcclish(fpr, tpr, max_fpr):
    """The standardized partial AUC up to ``max_fpr`` (McClish, 1989), as scikit-learn does.

    The area under the curve up to ``max_fpr`` (the curve cut by linear interpolation) is
    mapped so that a random ranking gives 0.5 and a perfect one 1:
    ``0.5 * (1 + (A - A_min) / (A_max - A_min))`` with ``A_min = max_fpr**2 / 2`` (the
    diagonal) and ``A_max = max_fpr``.
    """
    stop = np.searchsorted(fpr, max_fpr, "right")
    x_interp, y_interp = [fpr[stop - 1], fpr[stop]], [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, x_interp, y_interp))
    fpr = np.append(fpr[:stop], max_fpr)
    partial_auc = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
    min_area, max_area = 0.5 * max_fpr**2, max_fpr
    return 0.5 * (1 + (partial_auc - min_area) / (max_area - min_area))


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, max_fpr=None,
                  multi_class="raise", labels=None):
    """The area under the ROC curve (trapezoidal rule), or its standardized part.

    It is the probability that a random positive scores higher than a random negative (ties
    counting one half): 1 for a perfect ranking, 0.5 for a random one. The positive class is
    the larger of the two labels, as in scikit-learn.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, at most two distinct values.
    y_score : array_like of shape (n_samples,)
        Scores, higher meaning "more likely the larger label". Integer scores are ranked as
        integers (``2**53 + 1`` beats ``2**53``).
    average : {"macro", "micro", "weighted", "samples"} or None, default "macro"
        Accepted for scikit-learn's sake and, as there, ignored for binary labels.
    sample_weight : array_like of shape (n_samples,), optional
    max_fpr : float in (0, 1], optional
        Only the part of the curve with ``fpr <= max_fpr``, standardized with the McClish
        correction (0.5 for a random ranking, 1 for a perfect one) exactly as scikit-learn
        does. None or 1 gives the whole area.
    multi_class : {"raise", "ovr", "ovo"}, default "raise"
        Accepted and ignored for binary labels; more than two classes are refused.
    labels : array_like, optional
        Accepted and ignored for binary labels (scikit-learn uses it for multiclass).

    Returns
    -------
    float
        NaN, with an ``UndefinedMetricWarning``, when ``y_true`` holds only one class (or
        every example of a class has weight 0).

    Raises
    ------
    ValueError
        For more than two classes (use ``sklearn.metrics.roc_auc_score(multi_class='ovr')``
        with scores of shape (n_samples, n_classes)), and ``max_fpr`` outside (0, 1].

    Examples
    --------
    >>> roc_auc_score([1, 0, 0, 1, 0, 0], [0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
    0.75
    >>> roc_auc_score([0, 1], [2**53, 2**53 + 1])  # integer scores are never rounded
    1.0
    """
    check_average(average, AVERAGES)
    check_average(multi_class, ("raise", "ovr", "ovo"), "multi_class")
    if max_fpr is not None:
        max_fpr = check_in_range(max_fpr, "max_fpr", 0, 1, low_open=True)
    if labels is not None:
        as_labels(labels, "labels")
    function = "roc_auc_score"
    y_true, y_score, weight, classes = ranking_inputs(y_true, y_score, sample_weight, function)
    refuse_multiclass(classes, function, "(multi_class='ovr') with y_score of shape "
                                          "(n_samples, n_classes)")
    if len(classes) != 2:
        warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                      "that case.", UndefinedMetricWarning, stacklevel=2)
        return float("nan")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fpr, tpr, _ = roc_curve(y_true == classes[1], y_score, sample_weight=weight)
    for warning in caught:  # a class whose weights are all 0; re-raised for the caller
        warnings.warn(warning.message, warning.category, stacklevel=2)
    if max_fpr is None or max_fpr == 1:
        return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    if caught:  # NaN rates, warned about: NaN as for the whole area
        return float("nan")
    return float(_mcclish(fpr, tpr, max_fpr))
