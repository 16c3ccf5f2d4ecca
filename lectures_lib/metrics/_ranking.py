"""The counting core of every curve, and the checks of its inputs.

Sort the examples by score, highest first; the cumulative sums of the positives and of the
negatives are TP and FP at every threshold. Scores are compared in their own dtype (integer
scores are never cast to float64, which would tie ``2**53`` with ``2**53 + 1``), and integer
weights are summed exactly.
"""

import numpy as np

from lectures_lib.metrics._validation import (as_labels, as_scores, as_weights, check_lengths,
                                              classes_of, default_pos_label, scaled)

#: The ``average`` options of scikit-learn's ranking metrics (ignored for binary labels).
AVERAGES = (None, "micro", "macro", "weighted", "samples")


def ranking_inputs(y_true, y_score, sample_weight, function):
    """Validate labels, scores and weights; return them and the sorted classes of y_true.

    ``function`` names the scikit-learn function that handles scores of several classes.
    """
    y_true = as_labels(y_true, "y_true")
    y_score = as_scores(y_score, "y_score", hint=(
        "; pass one score per sample (of predict_proba's output, the positive class's "
        f"column, e.g. y_score[:, 1]); scores of several classes need "
        f"sklearn.metrics.{function}"))
    n = check_lengths(y_true=y_true, y_score=y_score)
    weight = as_weights(sample_weight, n)
    return y_true, y_score, weight, classes_of(("y_true", y_true))


def counts_at_thresholds(positive, y_score, weight):
    """TP and FP at each distinct score, highest first, and those scores (the thresholds).

    Examples of weight 0 are dropped first, so they add no threshold. The counts are exact:
    int64 (or Python integers) without float weights, else float64.
    """
    if weight is not None:
        keep = weight != 0
        positive, y_score, weight = positive[keep], y_score[keep], weight[keep]
    n = len(y_score)
    # Highest score first; ties keep their order (a stable sort of the reversed array).
    order = n - 1 - np.argsort(y_score[::-1], kind="stable")[::-1]
    positive, y_score = positive[order], y_score[order]
    # One threshold per distinct score: the last example of each run of ties.
    last = np.flatnonzero(np.r_[np.asarray(y_score[1:] != y_score[:-1], bool), True])
    if weight is None:
        tps = np.cumsum(positive, dtype=np.int64)[last]
        fps = last + 1 - tps
    else:
        weight = weight[order]
        with np.errstate(over="ignore"):  # an overflow to inf is refused by the caller
            tps = np.cumsum(np.where(positive, weight, 0))[last]
            fps = np.cumsum(np.where(positive, 0, weight))[last]
    return tps, fps, y_score[last]


def as_float(counts):
    """Counts as float64 (Python integers rounded once)."""
    return np.asarray(counts.tolist() if counts.dtype.kind == "O" else counts, dtype=np.float64)


def curve_counts(y_true, y_score, pos_label, sample_weight, function, scale=True):
    """Validated TP and FP counts at the thresholds (the core of the three curves)."""
    y_true, y_score, weight, classes = ranking_inputs(y_true, y_score, sample_weight,
                                                      function)
    positive = y_true == default_pos_label(pos_label, classes)
    return counts_at_thresholds(positive, y_score, scaled(weight) if scale else weight)


def refuse_multiclass(classes, function, advice):
    """Refuse more than two classes in ``y_true``, pointing to scikit-learn's ``function``."""
    if len(classes) > 2:
        classes_of(("y_true", classes), pointer=f"; for more than two classes use "
                                                f"sklearn.metrics.{function}{advice}")
