"""Chapter 7's exercises: F1 of the cars example, a ranking where smoothing raises AP, a
classifier that never says yes, ROC AUC as pairs, the IoU of shifted squares."""

import numpy as np

from lectures_lib.data import load_digits_split
from lectures_lib.exercises import Wrong, call, close, exercise, function, number, numbers
from lectures_lib.lecture_examples import CARS_LABELS, CARS_LOWER_THRESHOLD, CARS_SCORES

# lectures_lib.metrics is imported inside the checks: it loads scikit-learn (for its warning
# class), a second of every chapter's import cell that only chapter 7 needs.


def _f1_at(threshold):
    from lectures_lib.metrics import f1_score

    return f1_score(CARS_LABELS, (CARS_SCORES >= threshold).astype(int))


@exercise("f1-cars", 7,
          "The F1 score of the cars example at thresholds 0 and -0.25: answer (f1_at_0, "
          "f1_at_minus_quarter).")
def f1_cars(answer):
    from lectures_lib.metrics import precision_score, recall_score

    at_0, at_low = numbers(answer, (2,), "(f1_at_0, f1_at_minus_quarter)")
    right = _f1_at(0.0), _f1_at(CARS_LOWER_THRESHOLD)
    if close([at_0, at_low], right, rtol=1e-3):
        return "The lower threshold finds the second car without another false alarm."
    if close([at_low, at_0], right, rtol=1e-3):
        raise Wrong("the two are swapped: which threshold finds more cars?")
    for t, value in ((0.0, at_0), (CARS_LOWER_THRESHOLD, at_low)):
        pred = (CARS_SCORES >= t).astype(int)
        p, r = precision_score(CARS_LABELS, pred), recall_score(CARS_LABELS, pred)
        if close(value, (p + r) / 2, rtol=1e-3):
            raise Wrong(f"at threshold {t:g} that is the arithmetic mean of P and R; F1 is "
                        f"their harmonic mean 2PR/(P + R).")
        if close(value, p, rtol=1e-3) or close(value, r, rtol=1e-3):
            raise Wrong(f"at threshold {t:g} that is P or R alone; F1 combines them.")
    raise Wrong("count TP, FP and FN at each threshold and use 2 TP / (2 TP + FP + FN).")


def _smoothed_area(labels, scores):
    from lectures_lib.metrics import precision_recall_curve, smoothed_precision

    p, r, _ = precision_recall_curve(labels, scores)
    return float(np.sum((r[:-1] - r[1:]) * smoothed_precision(p, r)[:-1]))


@exercise("smoothed-beats-ap", 7,
          "Four labelled scores for which the area under the smoothed PR curve is larger than "
          "the AP: answer (labels, scores).")
def smoothed_beats_ap(answer):
    from lectures_lib.metrics import average_precision_score

    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        raise Wrong("answer with a pair (labels, scores), four of each.")
    labels = numbers(answer[0], (4,), "labels")
    scores = numbers(answer[1], (4,), "scores")
    if not set(labels) <= {0.0, 1.0} or len(set(labels)) < 2:
        raise Wrong("labels should be 0s and 1s, with at least one of each.")
    labels = labels.astype(int)
    ap, smoothed = average_precision_score(labels, scores), _smoothed_area(labels, scores)
    if smoothed > ap + 1e-12:
        return f"Smoothing raised the area from AP = {ap:.4f} to {smoothed:.4f}."
    raise Wrong(f"for these the two areas agree ({ap:.4f}): along your ranking precision "
                f"never rises at a new recall level. Put a negative between positives.")


@exercise("never-eight", 7,
          "A classifier that never finds an eight: its (accuracy, precision, recall) on the "
          "digits test set, precision taken as 0.")
def never_eight(answer):
    from lectures_lib.metrics import precision_score, recall_score

    accuracy, precision, recall = numbers(answer, (3,), "(accuracy, precision, recall)")
    is_eight = load_digits_split(seed=0).y_test == 8
    never = np.zeros_like(is_eight)
    right = (np.mean(never == is_eight), precision_score(is_eight, never, zero_division=0),
             recall_score(is_eight, never))
    if close([accuracy, precision, recall], right, rtol=1e-3):
        return "High accuracy, and it finds no eight at all: report precision and recall."
    if not close(accuracy, right[0], rtol=1e-3):
        raise Wrong("count the test images it gets right: every non-eight is a correct 'no'.")
    raise Wrong("it never says 'eight': how many eights does it find, and how many of its "
                "(zero) alarms are right?")


@exercise("pairwise-auc", 7,
          "Write pairwise_auc(y, scores): the fraction of (positive, negative) pairs in which "
          "the positive scores higher, ties counting one half.")
def pairwise_auc(answer):
    from lectures_lib.metrics import roc_auc_score

    fn = function(answer)
    rng = np.random.default_rng(707)
    for trial in range(10):
        n = int(rng.integers(4, 40))
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]
        scores = np.round(rng.standard_normal(n) + y, 1)  # rounded: ties
        got = number(call(fn, y.copy(), scores.copy()), "pairwise_auc(y, scores)")
        right = roc_auc_score(y, scores)
        if close(got, right):
            continue
        pos, neg = scores[y == 1][:, None], scores[y == 0][None, :]
        if close(got, np.mean(pos > neg)) or close(got, np.mean(pos >= neg)):
            raise Wrong("ties are counted as 0 or 1: a tie counts one half.")
        if close(got, 1 - right):
            raise Wrong("the order is reversed: count pairs where the positive scores higher.")
        raise Wrong(f"on fresh data (n = {n}) your value {got:.4f} differs from roc_auc_score.")
    return "It equals roc_auc_score on 10 fresh samples with ties."


@exercise("iou-shift", 7,
          "Two squares of side s = 3, one shifted by d along x: at which d is their IoU 0.5?")
def iou_shift(answer):
    d = number(answer, "d")
    s = 3.0
    if close(abs(d), s / 3, rtol=1e-4):
        return "IoU = (s - d)/(s + d) = 1/2 at d = s/3: a third of the side ends a detection."
    if close(abs(d), s / 2, rtol=1e-4):
        raise Wrong("at d = s/2 the intersection is half a square, but the union is 1.5 "
                    "squares: IoU = 1/3.")
    if 0 < abs(d) < s:
        iou_d = (s - abs(d)) / (s + abs(d))
        raise Wrong(f"at d = {d:g} the IoU is {iou_d:.3f}; write it as a function of d and "
                    f"solve for 1/2.")
    raise Wrong("the squares must still overlap: 0 < d < s.")
