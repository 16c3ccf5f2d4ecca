"""The counting core of the hard-prediction metrics, for two classes or more.

Each label gets its (weighted) counts: TP, the examples of the label predicted as it; the
predicted total TP + FP; the true total TP + FN. Precision, recall and F1 are ratios of those,
and the ``average`` modes combine the per-label ratios exactly as scikit-learn's
``precision_recall_fscore_support`` does:

- ``"binary"``: the positive label alone (``pos_label``);
- ``"micro"``: sum the counts over the labels first, then take one ratio;
- ``"macro"``: the mean of the per-label ratios;
- ``"weighted"``: their mean weighted by each label's true total (its support);
- ``None``: the per-label ratios themselves.

Integer counts stay exact (int64, or Python integers), so a ratio is rounded once.
"""

import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from lectures_lib.metrics._validation import (AVERAGES, check_average, check_label_list,
                                              check_pos_label, check_targets,
                                              check_zero_division, classes_of, scaled, warns)


def index_in(y, labels):
    """The position of each entry of ``y`` in ``labels``, or -1 where it is not there."""
    order = np.argsort(labels, kind="stable")
    ordered = labels[order]
    at = np.clip(np.searchsorted(ordered, y), 0, len(labels) - 1)
    return np.where(ordered[at] == y, order[at], -1)


def weighted_bincount(index, weight, size):
    """The total weight (or count, without weights) at each index ``0 .. size - 1``."""
    if weight is None:
        return np.bincount(index, minlength=size).astype(np.int64)
    if weight.dtype.kind == "f":
        return np.bincount(index, weights=weight, minlength=size).astype(np.float64)
    totals = np.zeros(size, dtype=weight.dtype)  # int64, or Python integers (object)
    np.add.at(totals, index, weight)
    return totals


def ratio(numerator, denominator):
    """``numerator / denominator`` elementwise as float64, 0 where the denominator is 0.

    Integers are divided exactly (one rounding): int64 counts stay below ``2**53`` (see
    ``as_weights``), so float64 holds them exactly; larger Python integers (object arrays) are
    divided as ``int / int``.
    """
    numerator, denominator = np.broadcast_arrays(np.asarray(numerator), np.asarray(denominator))
    out = np.zeros(numerator.shape)
    nonzero = denominator != 0
    if numerator.dtype.kind == "O" or denominator.dtype.kind == "O":
        out[nonzero] = [int(a) / int(b) for a, b in
                        zip(numerator[nonzero].tolist(), denominator[nonzero].tolist())]
    else:
        out[nonzero] = np.asarray(numerator[nonzero], float) / np.asarray(denominator[nonzero],
                                                                          float)
    return out


def label_counts(y_true, y_pred, weight, labels):
    """TP, TP + FP (predicted) and TP + FN (true) for each of ``labels``, weighted."""
    size = len(labels)
    true_at, pred_at = index_in(y_true, labels), index_in(y_pred, labels)
    hit = (true_at == pred_at) & (true_at >= 0)
    pick = lambda mask: None if weight is None else weight[mask]
    tp = weighted_bincount(true_at[hit], pick(hit), size)
    predicted = weighted_bincount(pred_at[pred_at >= 0], pick(pred_at >= 0), size)
    true = weighted_bincount(true_at[true_at >= 0], pick(true_at >= 0), size)
    return tp, predicted, true


def _divide(numerator, denominator, zero_division, metric, modifier, warn):
    """Per-label ratios; a 0/0 takes the ``zero_division`` value and warns as sklearn does."""
    result = ratio(numerator, denominator)
    undefined = np.asarray(denominator) == 0
    if undefined.any():
        result[undefined] = check_zero_division(zero_division)
        if warn and warns(zero_division):
            where = "due to" if result.size == 1 else "in labels with"
            warnings.warn(f"{metric} is ill-defined and being set to 0.0 {where} no {modifier} "
                          "samples. Use `zero_division` parameter to control this behavior.",
                          UndefinedMetricWarning, stacklevel=4)
    return result


def _nanaverage(values, weights):
    """The (weighted) mean of the values that are not NaN; NaN when all are (as sklearn)."""
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    if weights is not None:
        weights = np.asarray(weights[keep].tolist(), dtype=float)
        if weights.sum() != 0:
            return float(np.average(values[keep], weights=weights))
    return float(np.mean(values[keep]))


def precision_recall_f1(y_true, y_pred, *, labels, pos_label, average, sample_weight,
                        zero_division, metric):
    """``metric`` ("precision", "recall" or "f-score") with scikit-learn's averaging."""
    check_average(average, AVERAGES)
    check_zero_division(zero_division)
    y_true, y_pred, weight, classes = check_targets(y_true, y_pred, sample_weight)
    weight = scaled(weight)
    if average == "samples":
        raise ValueError("average='samples' is for multilabel targets: Samplewise metrics "
                         "are not available outside of multilabel classification.")
    if average == "binary":
        if len(classes) > 2:
            classes_of(("y_true", y_true), ("y_pred", y_pred), pointer=(
                " when average='binary' (the default); for more classes pass average=None, "
                "'micro', 'macro' or 'weighted'"))
        if pos_label is None:
            raise ValueError(f"pos_label=None is not a valid label with average='binary': it "
                             f"should be one of {classes.tolist()}")
        check_pos_label(pos_label, classes)
        labels = np.array([pos_label])
        actual, predicted = y_true == pos_label, y_pred == pos_label
        sums = lambda mask: np.array([mask.sum() if weight is None else weight[mask].sum()])
        tp, pred_sum, true_sum = sums(actual & predicted), sums(predicted), sums(actual)
    else:
        if pos_label is not None and not isinstance(pos_label, (int, float, str, np.generic)):
            raise TypeError(f"pos_label must be a number or a string, got "
                            f"{type(pos_label).__name__}")
        if pos_label not in (None, 1):
            warnings.warn(f"Note that pos_label (set to {pos_label!r}) is ignored when average "
                          f"!= 'binary' (got {average!r}). You may use labels=[pos_label] to "
                          "specify a single positive class.", UserWarning, stacklevel=3)
        labels = classes if labels is None else check_label_list(labels, y_true)
        tp, pred_sum, true_sum = label_counts(y_true, y_pred, weight, labels)
        if average == "micro":
            tp, pred_sum, true_sum = (np.array([np.sum(c)], dtype=c.dtype)
                                      for c in (tp, pred_sum, true_sum))

    if metric == "precision":
        result = _divide(tp, pred_sum, zero_division, "Precision", "predicted", True)
    elif metric == "recall":
        result = _divide(tp, true_sum, zero_division, "Recall", "true", True)
    else:  # F1 = 2 TP / (2 TP + FP + FN), from the counts (0/0 only without any positive)
        result = _divide(2 * tp, true_sum + pred_sum, zero_division, "F-score",
                         "true nor predicted", True)
    if average is None:
        return result
    return _nanaverage(result, true_sum if average == "weighted" else None)
