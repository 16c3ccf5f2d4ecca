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

Every function is a drop-in for the ``sklearn.metrics`` function of the same name: the same
arguments, answers and warnings, for two classes and for more (``average="micro"``,
``"macro"``, ``"weighted"`` or ``None``; the counting core is in
``lectures_lib.metrics._multiclass``). Multilabel targets are not accepted.
"""


import warnings

import numpy as np

from lectures_lib.metrics._multiclass import (index_in, precision_recall_f1, ratio,
                                              weighted_bincount)
from lectures_lib.metrics._validation import (check_bool, check_label_list, check_targets,
                                              finite_counts, is_integer, scaled)

_INT64_MAX = np.iinfo(np.int64).max


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """The confusion matrix ``C``: ``C[i, j]`` counts examples of class i predicted as class j.

    With labels {0, 1}, ``C.ravel()`` is ``(TN, FP, FN, TP)``.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels (any number of classes); a column vector (n, 1) is
        accepted, as in scikit-learn.
    labels : array_like of distinct labels, optional
        The classes that index the rows and columns, in this order; by default the labels
        that occur in ``y_true`` or ``y_pred``, sorted. Examples with another label are left
        out; at least one of ``labels`` must occur in ``y_true``.
    sample_weight : array_like of shape (n_samples,), optional
        Weights >= 0, not all zero; each example counts its weight instead of 1. Integer
        weights are summed exactly.
    normalize : {"true", "pred", "all"}, optional
        Divide by the row sums ("true"), the column sums ("pred") or the total ("all"); an
        all-zero row or column stays zero.

    Returns
    -------
    numpy.ndarray of shape (n_labels, n_labels)
        int64 when neither float weights nor ``normalize`` make fractions, else float64.

    Raises
    ------
    ValueError
        For labels that are not distinct or none of which occurs in ``y_true``, all-zero or
        negative weights, and counts beyond int64 (or float64 with float weights).

    Warns
    -----
    UserWarning
        When the matrix is 1×1 (a single label), as in scikit-learn; pass ``labels=[0, 1]``
        for the 2×2 matrix.

    Examples
    --------
    >>> confusion_matrix([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    array([[2, 2],
           [1, 1]])
    >>> tn, fp, fn, tp = confusion_matrix([1, 1, 0], [1, 0, 0], labels=[0, 1]).ravel().tolist()
    >>> tn, fp, fn, tp
    (1, 0, 1, 1)
    >>> confusion_matrix(["cat", "ant", "cat"], ["ant", "ant", "cat"], labels=["ant", "cat"])
    array([[1, 0],
           [1, 1]])
    """
    y_true, y_pred, weight, classes = check_targets(y_true, y_pred, sample_weight)
    if not (normalize is None or isinstance(normalize, str)
            and normalize in ("true", "pred", "all")):
        raise ValueError(f"normalize must be None, 'true', 'pred' or 'all', got {normalize!r}")
    if labels is None:
        labels = classes
    else:
        labels = check_label_list(labels, y_true)
        if not np.isin(y_true, labels).any():
            raise ValueError(f"at least one label in labels={labels.tolist()} must be in y_true")

    n = len(labels)
    true_at, pred_at = index_in(y_true, labels), index_in(y_pred, labels)
    keep = (true_at >= 0) & (pred_at >= 0)
    cells = true_at[keep] * n + pred_at[keep]
    if normalize is None:
        C = weighted_bincount(cells, None if weight is None else weight[keep], n * n)
        if is_integer(weight):
            if C.max() > _INT64_MAX:
                raise ValueError("the weighted counts exceed the int64 range (sample_weight "
                                 f"sums to {int(np.sum(C))}): pass float weights")
            C = C.astype(np.int64)
        C = finite_counts(C).reshape(n, n)
    else:
        w = scaled(weight)
        C = weighted_bincount(cells, None if w is None else w[keep], n * n).reshape(n, n)
        totals = {"true": C.sum(axis=1, keepdims=True), "pred": C.sum(axis=0, keepdims=True),
                  "all": np.sum(C)}[normalize]
        C = ratio(C, totals)
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
        True and predicted labels, any number of classes.
    normalize : bool, default True
        Return the fraction; if False, the (weighted) count of correct predictions.
    sample_weight : array_like of shape (n_samples,), optional
        Weights >= 0, not all zero.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For labels of different lengths or kinds (strings and numbers), NaN or fractional
        labels, negative or all-zero weights, and a count (``normalize=False``) beyond float64.

    Examples
    --------
    >>> accuracy_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    0.5
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False)
    2.0
    """
    y_true, y_pred, weight, _ = check_targets(y_true, y_pred, sample_weight)
    normalize = check_bool(normalize, "normalize")
    correct = y_true == y_pred
    if weight is None:
        return int(correct.sum()) / len(correct) if normalize else float(correct.sum())
    if not normalize:
        with np.errstate(over="ignore"):  # refused just below
            count = np.sum(weight[correct])
        return float(finite_counts(count, "the weighted count"))
    if is_integer(weight):
        return int(np.sum(weight[correct])) / int(np.sum(weight))
    return float(np.average(correct, weights=scaled(weight)))


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """Precision ``P = TP / (TP + FP)``: the fraction of positive predictions that are right.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels.
    labels : array_like, optional
        The labels to score and average over (``average`` other than "binary"), in this
        order; by default every label that occurs, sorted. Ignored for "binary".
    pos_label : int, float, bool or str, default 1
        The positive class ("car") with ``average="binary"``; it must be one of the labels
        when there are two. Ignored otherwise (with scikit-learn's warning).
    average : {"binary", "micro", "macro", "weighted"} or None, default "binary"
        "binary": the precision of ``pos_label`` (two labels at most). "micro": one ratio of
        the counts summed over the labels. "macro": the mean of the per-label precisions.
        "weighted": their mean weighted by each label's number of true examples. None: the
        per-label precisions, an array. ("samples", for multilabel targets, is refused.)
    sample_weight : array_like of shape (n_samples,), optional
        Weights >= 0, not all zero.
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when nothing is predicted positive (TP + FP = 0); "warn" gives 0.0 and an
        ``UndefinedMetricWarning``, as scikit-learn does. NaN values are left out of the
        averages.

    Returns
    -------
    float, or numpy.ndarray of shape (n_labels,) when ``average`` is None

    Raises
    ------
    ValueError
        For more than two labels with ``average="binary"``, a ``pos_label`` that is not one
        of two labels, and an unknown ``average``.

    Examples
    --------
    The lecture's cars example at threshold 0 (TP = 1, FP = 2):

    >>> precision_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    0.3333333333333333
    >>> precision_score([1, 0], [0, 0], zero_division=1)
    1.0
    >>> precision_score([0, 1, 2, 2], [0, 2, 2, 1], average=None)
    array([1. , 0. , 0.5])
    """
    return precision_recall_f1(y_true, y_pred, labels=labels, pos_label=pos_label,
                               average=average, sample_weight=sample_weight,
                               zero_division=zero_division, metric="precision")


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """Recall ``R = TP / (TP + FN)``: the fraction of actual positives that are found.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels.
    labels : array_like, optional
        The labels to score and average over; see :func:`precision_score`.
    pos_label : int, float, bool or str, default 1
        The positive class with ``average="binary"``; it must be one of the labels when
        there are two.
    average : {"binary", "micro", "macro", "weighted"} or None, default "binary"
        As in :func:`precision_score`.
    sample_weight : array_like of shape (n_samples,), optional
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when there are no actual positives (TP + FN = 0); "warn" gives 0.0 and an
        ``UndefinedMetricWarning``.

    Returns
    -------
    float, or numpy.ndarray of shape (n_labels,) when ``average`` is None

    Examples
    --------
    >>> recall_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    0.5
    >>> recall_score([0, 1, 2, 2], [0, 2, 2, 1], average="macro")
    0.5
    """
    return precision_recall_f1(y_true, y_pred, labels=labels, pos_label=pos_label,
                               average=average, sample_weight=sample_weight,
                               zero_division=zero_division, metric="recall")


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
             sample_weight=None, zero_division="warn"):
    """F1 score ``2 TP / (2 TP + FP + FN)``, the harmonic mean ``2PR / (P + R)``.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n_samples,)
        True and predicted labels.
    labels : array_like, optional
        The labels to score and average over; see :func:`precision_score`.
    pos_label : int, float, bool or str, default 1
        The positive class with ``average="binary"``; it must be one of the labels when
        there are two.
    average : {"binary", "micro", "macro", "weighted"} or None, default "binary"
        As in :func:`precision_score` ("macro" averages the per-label F1 scores).
    sample_weight : array_like of shape (n_samples,), optional
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when there are neither actual nor predicted positives (TP + FP + FN = 0);
        "warn" gives 0.0 and an ``UndefinedMetricWarning``. Precision or recall alone being
        undefined does not make F1 undefined (it is then 0, as in scikit-learn).

    Returns
    -------
    float, or numpy.ndarray of shape (n_labels,) when ``average`` is None

    Examples
    --------
    >>> f1_score([1, 0, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0])  # 2 * (1/3 * 1/2) / (1/3 + 1/2)
    0.4
    >>> f1_score(["a", "b", "c"], ["a", "b", "b"], average="micro")
    0.6666666666666666
    """
    return precision_recall_f1(y_true, y_pred, labels=labels, pos_label=pos_label,
                               average=average, sample_weight=sample_weight,
                               zero_division=zero_division, metric="f-score")
