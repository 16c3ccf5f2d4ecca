r"""Metrics of hard (thresholded) binary predictions: the confusion matrix and what it gives.

A binary classifier that says "car" or "background" for each example makes four kinds of
decision, counted in the **confusion matrix**:

=====================  ============================  ================================
\                       predicted negative            predicted positive
=====================  ============================  ================================
**actually negative**  TN (true negative)            FP (false positive: false alarm)
**actually positive**  FN (false negative: missed)   TP (true positive)
=====================  ============================  ================================

.. math::

    P = \frac{TP}{TP + FP}, \qquad R = \frac{TP}{TP + FN}, \qquad
    F_1 = \frac{2\,TP}{2\,TP + FP + FN}, \qquad
    \text{accuracy} = \frac{TP + TN}{TP + TN + FP + FN}.

Every function is a drop-in for the ``sklearn.metrics`` function of the same name, for binary
labels; the arguments for multiclass averaging are not accepted.
"""

import warnings

import numpy as np

from lectures_lib.metrics._validation import (as_labels, as_weights, check_lengths,
                                              check_pos_label, check_zero_division, classes_of,
                                              divide)


def _check_predictions(y_true, y_pred, sample_weight):
    """Validate a pair of label arrays; return them, their weights and their classes."""
    y_true, y_pred = as_labels(y_true, "y_true"), as_labels(y_pred, "y_pred")
    n = check_lengths(y_true=y_true, y_pred=y_pred)
    weight = as_weights(sample_weight, n)
    classes = classes_of(("y_true", y_true), ("y_pred", y_pred))
    return y_true, y_pred, weight, classes


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """The confusion matrix ``C``: ``C[i, j]`` counts examples of class i predicted as class j.

    With labels {0, 1}, ``C.ravel()`` is ``(TN, FP, FN, TP)``.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels; together at most two distinct values.
    labels : array_like of one or two labels, optional
        The classes that index the rows and columns, in this order; by default the labels
        that occur in ``y_true`` or ``y_pred``, sorted. Examples with another label are left out.
    sample_weight : array_like of shape (n_samples,), optional
        Weights >= 0; each example counts its weight instead of 1.
    normalize : {"true", "pred", "all"}, optional
        Divide by the row sums ("true"), the column sums ("pred") or the total ("all"); an
        all-zero row or column stays zero.

    Returns
    -------
    numpy.ndarray of shape (n_labels, n_labels)
        Integers when neither weights nor ``normalize`` make fractions.

    Warns
    -----
    UserWarning
        When only one label occurs and ``labels`` is not given: the matrix is then 1×1, as in
        scikit-learn; pass ``labels=[0, 1]`` for the 2×2 matrix.

    Examples
    --------
    >>> confusion_matrix([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    array([[2, 2],
           [1, 1]])
    >>> tn, fp, fn, tp = confusion_matrix([1, 1, 0], [1, 0, 0], labels=[0, 1]).ravel().tolist()
    >>> tn, fp, fn, tp
    (1, 0, 1, 1)
    """
    y_true, y_pred, weight, classes = _check_predictions(y_true, y_pred, sample_weight)
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"normalize must be None, 'true', 'pred' or 'all', got {normalize!r}")
    if labels is None:
        labels = classes
    else:
        labels = as_labels(labels, "labels")
        if not 1 <= len(labels) <= 2 or len(np.unique(labels)) != len(labels):
            raise ValueError(f"labels must hold one or two distinct labels for a binary "
                             f"confusion matrix, got {labels.tolist()}")
        if (labels.dtype.kind in "US") != (y_true.dtype.kind in "US"):
            raise ValueError("labels and y_true mix string and numeric labels")
        if not np.isin(y_true, labels).any():
            raise ValueError(f"at least one label in labels={labels.tolist()} must be in y_true")

    counts_are_whole = sample_weight is None or np.asarray(sample_weight).dtype.kind in "biu"
    C = np.zeros((len(labels), len(labels)), dtype=np.int64 if counts_are_whole else float)
    for i, actual in enumerate(labels):
        for j, predicted in enumerate(labels):
            C[i, j] = weight[(y_true == actual) & (y_pred == predicted)].sum()

    if normalize is not None:
        totals = {"true": C.sum(axis=1, keepdims=True), "pred": C.sum(axis=0, keepdims=True),
                  "all": C.sum()}[normalize]
        C = np.divide(C, totals, out=np.zeros(C.shape), where=totals != 0)
    if C.shape == (1, 1):
        warnings.warn("A single label was found in 'y_true' and 'y_pred'. For the confusion "
                      "matrix to have the correct shape, use the 'labels' parameter to pass "
                      "all known labels.", UserWarning, stacklevel=2)
    return C


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """The fraction (or, with ``normalize=False``, the number) of correct predictions.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels; together at most two distinct values.
    normalize : bool, default True
        Return the fraction; if False, the (weighted) count of correct predictions.
    sample_weight : array_like of shape (n_samples,), optional

    Returns
    -------
    float

    Examples
    --------
    >>> accuracy_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    0.5
    """
    y_true, y_pred, weight, _ = _check_predictions(y_true, y_pred, sample_weight)
    correct = y_true == y_pred
    if not normalize:
        return float(np.sum(weight * correct))
    if weight.sum() == 0:
        raise ValueError("sample_weight is zero for every sample: the accuracy is undefined")
    return float(np.average(correct, weights=weight))


def _counts(y_true, y_pred, pos_label, sample_weight):
    """TP, FP and FN, the (weighted) counts that precision, recall and F1 are made of."""
    y_true, y_pred, weight, classes = _check_predictions(y_true, y_pred, sample_weight)
    pos_label = check_pos_label(pos_label, classes)
    actual, predicted = y_true == pos_label, y_pred == pos_label
    tp = weight[actual & predicted].sum()
    fp = weight[~actual & predicted].sum()
    fn = weight[actual & ~predicted].sum()
    return tp, fp, fn


def precision_score(y_true, y_pred, *, pos_label=1, sample_weight=None, zero_division="warn"):
    """Precision ``P = TP / (TP + FP)``: the fraction of positive predictions that are right.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels; together at most two distinct values.
    pos_label : int, float, bool or str, default 1
        The positive class ("car"); it must be one of the labels when there are two.
    sample_weight : array_like of shape (n_samples,), optional
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when nothing is predicted positive (TP + FP = 0); "warn" gives 0.0 and an
        ``UndefinedMetricWarning``, as scikit-learn does.

    Returns
    -------
    float

    Examples
    --------
    The lecture's cars example at threshold 0 (TP = 1, FP = 2):

    >>> precision_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    0.3333333333333333
    >>> precision_score([1, 0], [0, 0], zero_division=1)
    1.0
    """
    check_zero_division(zero_division)
    tp, fp, _ = _counts(y_true, y_pred, pos_label, sample_weight)
    return divide(tp, tp + fp, zero_division,
                  "Precision is ill-defined and being set to 0.0 due to no predicted samples")


def recall_score(y_true, y_pred, *, pos_label=1, sample_weight=None, zero_division="warn"):
    """Recall ``R = TP / (TP + FN)``: the fraction of actual positives that are found.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels; together at most two distinct values.
    pos_label : int, float, bool or str, default 1
        The positive class; it must be one of the labels when there are two.
    sample_weight : array_like of shape (n_samples,), optional
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when there are no actual positives (TP + FN = 0); "warn" gives 0.0 and an
        ``UndefinedMetricWarning``.

    Returns
    -------
    float

    Examples
    --------
    >>> recall_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    0.5
    """
    check_zero_division(zero_division)
    tp, _, fn = _counts(y_true, y_pred, pos_label, sample_weight)
    return divide(tp, tp + fn, zero_division,
                  "Recall is ill-defined and being set to 0.0 due to no true samples")


def f1_score(y_true, y_pred, *, pos_label=1, sample_weight=None, zero_division="warn"):
    """F1 score ``2 TP / (2 TP + FP + FN)``, the harmonic mean ``2PR / (P + R)``.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels; together at most two distinct values.
    pos_label : int, float, bool or str, default 1
        The positive class; it must be one of the labels when there are two.
    sample_weight : array_like of shape (n_samples,), optional
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when there are neither actual nor predicted positives (TP + FP + FN = 0);
        "warn" gives 0.0 and an ``UndefinedMetricWarning``. Precision or recall alone being
        undefined does not make F1 undefined (it is then 0, as in scikit-learn).

    Returns
    -------
    float

    Examples
    --------
    >>> f1_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])  # 2 * (1/3 * 1/2) / (1/3 + 1/2)
    0.4
    """
    check_zero_division(zero_division)
    tp, fp, fn = _counts(y_true, y_pred, pos_label, sample_weight)
    return divide(2 * tp, 2 * tp + fp + fn, zero_division,
                  "F-score is ill-defined and being set to 0.0 due to no true nor predicted "
                  "samples")
