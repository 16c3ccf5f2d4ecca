"""lectures_lib.metrics against sklearn.metrics: values, edge cases and warnings.

Every function is compared with scikit-learn's on many random problems (ties, heavy imbalance,
a single positive or negative, sample weights, every label encoding), including the warnings
both emit; then the lecture's numbers, box IoU against overlaps worked by hand, and bad input.
"""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.exceptions import UndefinedMetricWarning

import lectures_lib.metrics as lm
from lectures_lib.lecture_examples import CARS_LABELS, CARS_LOWER_THRESHOLD, CARS_SCORES
from support import assert_same, call, compare

SEEDS = range(150)

# ---------------------------------------------------------------------------------------------
# Random problems and the comparison with scikit-learn


ENCODINGS = [  # (negative, positive, pos_label to pass; None = the default)
    (0, 1, None), (-1, 1, None), (False, True, None), (0.0, 1.0, None),
    ("bkgd", "car", "car"), (2, 7, 7), (7, 2, 2)]


def draw(seed):
    """A random binary problem: labels, scores, hard predictions, weights, encoding."""
    rng = np.random.default_rng(seed)
    kind = ["balanced", "imbalanced", "single positive", "single negative", "tiny"][seed % 5]
    n = {"balanced": rng.integers(2, 80), "imbalanced": rng.integers(100, 400),
         "single positive": rng.integers(2, 40), "single negative": rng.integers(2, 40),
         "tiny": rng.integers(1, 5)}[kind]
    if kind == "imbalanced":
        positive = rng.random(n) < 0.02
    elif kind in ("single positive", "single negative"):
        positive = np.arange(n) == rng.integers(n)
        positive = positive if kind == "single positive" else ~positive
    else:
        positive = rng.random(n) < 0.5
    score = rng.standard_normal(n) + positive
    if seed % 3 == 0:        # many ties
        score = np.round(score * 2) / 2
    elif seed % 7 == 0:      # all tied
        score = np.full(n, 0.3)
    predicted = score >= rng.choice(score) if seed % 4 else rng.random(n) < 0.5
    weight = [None, rng.uniform(0.1, 2.0, n), rng.integers(0, 4, n)][seed % 3 if n > 1 else 0]
    if weight is not None and not weight.any():
        weight[0] = 1
    neg, pos, pos_label = ENCODINGS[seed % len(ENCODINGS)]
    encode = lambda mask: np.where(mask, np.array(pos, dtype=object), neg).astype(type(pos))
    return encode(positive), score, encode(predicted), weight, pos_label, pos


@pytest.mark.parametrize("seed", SEEDS)
def test_classification_metrics_match_sklearn(seed):
    y_true, _, y_pred, weight, _, pos = draw(seed)
    compare("accuracy_score", y_true, y_pred, sample_weight=weight)
    compare("accuracy_score", y_true, y_pred, normalize=False, sample_weight=weight)
    for name in ("precision_score", "recall_score", "f1_score"):
        for zero_division in ("warn", 0, 1.0, np.nan):
            compare(name, y_true, y_pred, pos_label=pos, sample_weight=weight,
                    zero_division=zero_division)
    if seed % 2:  # the default pos_label=1, which is not a label for some encodings
        compare("precision_score", y_true, y_pred, sample_weight=weight)


@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_matrix_matches_sklearn(seed):
    y_true, _, y_pred, weight, _, pos = draw(seed)
    labels = np.unique(np.r_[y_true, y_pred])
    for normalize in (None, "true", "pred", "all"):
        compare("confusion_matrix", y_true, y_pred, sample_weight=weight, normalize=normalize)
    compare("confusion_matrix", y_true, y_pred, labels=labels[::-1], sample_weight=weight)
    compare("confusion_matrix", y_true, y_pred, labels=[pos])
    for w in (None, weight):
        ours = call(lm.confusion_matrix, y_true, y_pred, labels=labels, sample_weight=w)[0]
        theirs = call(skm.confusion_matrix, y_true, y_pred, labels=labels, sample_weight=w)[0]
        assert ours.dtype == theirs.dtype


@pytest.mark.parametrize("seed", SEEDS)
def test_curves_match_sklearn(seed):
    y_true, score, _, weight, pos_label, pos = draw(seed)
    for drop in (False, True):
        compare("precision_recall_curve", y_true, score, pos_label=pos_label,
                sample_weight=weight, drop_intermediate=drop)
        compare("roc_curve", y_true, score, pos_label=pos_label, sample_weight=weight,
                drop_intermediate=drop)
    compare("confusion_matrix_at_thresholds", y_true, score, pos_label=pos_label,
            sample_weight=weight)
    compare("roc_curve", y_true, score, pos_label=pos, sample_weight=weight)
    compare("roc_curve", y_true, score)  # pos_label left out: raises for some encodings
    compare("average_precision_score", y_true, score, pos_label=pos, sample_weight=weight)
    compare("average_precision_score", y_true, score, sample_weight=weight)
    compare("roc_auc_score", y_true, score, sample_weight=weight)


def test_random_problems_cover_the_edge_cases():
    """The draws include ties, heavy imbalance, one positive, one class only, weights."""
    seen = set()
    for seed in SEEDS:
        y_true, score, _, weight, _, pos = draw(seed)
        positives = np.sum(y_true == pos)
        seen.add("ties" if len(np.unique(score)) < len(score) else "no ties")
        seen.add({0: "no positive", 1: "one positive"}.get(positives, "several"))
        seen.add("one negative" if len(y_true) - positives == 1 else "negatives")
        seen.add("imbalanced" if len(y_true) >= 100 and positives / len(y_true) < 0.05 else "")
        seen.add("zero weights" if weight is not None and np.any(weight == 0) else "")
    assert {"ties", "no ties", "no positive", "one positive", "one negative", "imbalanced",
            "zero weights"} <= seen


def test_comparison_catches_a_curve_that_ignores_ties():
    """A PR curve with one point per example instead of one per distinct score is flagged."""
    y_true, score = np.array([1, 0, 1, 0, 0]), np.array([0.8, 0.8, 0.5, 0.5, 0.1])

    def per_example_curve(y_true, y_score):
        order = np.argsort(-y_score, kind="stable")
        tps = np.cumsum(y_true[order])
        precision = tps / np.arange(1, len(tps) + 1)
        return np.r_[precision[::-1], 1], np.r_[tps[::-1] / tps[-1], 0], y_score[order][::-1]

    with pytest.raises(AssertionError, match="shapes differ"):
        assert_same(per_example_curve(y_true, score), skm.precision_recall_curve(y_true, score))
    with pytest.raises(AssertionError):
        assert_same(lm.average_precision_score(y_true, score) + 1e-9,
                    skm.average_precision_score(y_true, score))


def test_ties_count_one_threshold_per_distinct_score():
    tns, fps, fns, tps, thresholds = lm.confusion_matrix_at_thresholds(
        [1, 0, 1, 0, 0], [0.8, 0.8, 0.5, 0.5, 0.1])
    np.testing.assert_array_equal(thresholds, [0.8, 0.5, 0.1])
    np.testing.assert_array_equal(tps, [1, 2, 2])
    np.testing.assert_array_equal(fps, [1, 2, 3])
    np.testing.assert_array_equal(tns + fps, [3, 3, 3])
    np.testing.assert_array_equal(fns + tps, [2, 2, 2])


# ---------------------------------------------------------------------------------------------
# The smoothed PR curve and IoU against independent references


def brute_force_smoothed(precision, recall):
    """max{p_j : r_j >= r_i} for each i, straight from the definition."""
    return np.array([precision[recall >= r].max() for r in recall])


@pytest.mark.parametrize("seed", range(40))
def test_smoothed_precision_is_the_best_precision_at_higher_recall(seed):
    y_true, score, _, _, _, pos = draw(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        precision, recall, _ = skm.precision_recall_curve(y_true == pos, score)
    smoothed = lm.smoothed_precision(precision, recall)
    np.testing.assert_array_equal(smoothed, brute_force_smoothed(precision, recall))
    assert np.all(smoothed >= precision)
    assert np.all(np.diff(smoothed) >= 0)  # recall decreases along the arrays
    shuffle = np.random.default_rng(seed).permutation(len(recall))
    np.testing.assert_array_equal(lm.smoothed_precision(precision[shuffle], recall[shuffle]),
                                  smoothed[shuffle])


@pytest.mark.parametrize("seed", range(60))
def test_iou_of_masks_is_sklearns_jaccard_score(seed):
    rng = np.random.default_rng(seed)
    shape = [(7,), (4, 5), (3, 2, 2)][seed % 3]
    pred, true = rng.random(shape) < rng.random(), rng.random(shape) < rng.random()
    if seed % 10 == 0:
        pred, true = np.zeros(shape, bool), np.zeros(shape, bool)  # empty union
    for zero_division in ("warn", 0, 1):  # jaccard_score refuses np.nan
        ours = call(lm.iou, pred.astype(int), true, zero_division=zero_division)
        theirs = call(skm.jaccard_score, true.ravel(), pred.ravel(), zero_division=zero_division)
        assert_same(ours[0], theirs[0])
        assert ours[1] == theirs[1]
    as_set = lambda mask: set(zip(*np.nonzero(mask)))
    if pred.any() or true.any():
        assert lm.iou(as_set(pred), as_set(true)) == lm.iou(pred, true)


# Boxes (x1, y1, x2, y2), their intersection and union worked out by hand.
HAND_WORKED = [
    ([0, 0, 2, 2], [1, 1, 3, 3], 1, 4 + 4 - 1),             # corners overlap in a unit square
    ([0, 0, 4, 2], [2, 0, 6, 2], 2 * 2, 8 + 8 - 4),         # half of each
    ([0, 0, 10, 10], [2, 2, 4, 4], 4, 100),                  # one inside the other
    ([0, 0, 2, 2], [2, 0, 4, 2], 0, 8),                      # touching edges only
    ([0, 0, 1, 1], [5, 5, 6, 6], 0, 2),                      # far apart
    ([1, 1, 3, 4], [1, 1, 3, 4], 6, 6),                      # identical
    ([1.5, 0.5, 3.5, 2.5], [0, 0, 2, 1], 0.5 * 0.5, 4 + 2 - 0.25),  # fractional corners
]


def test_box_iou_matches_overlaps_worked_by_hand():
    boxes1 = np.array([a for a, _, _, _ in HAND_WORKED])
    boxes2 = np.array([b for _, b, _, _ in HAND_WORKED])
    expected = np.array([inter / union for _, _, inter, union in HAND_WORKED])
    matrix = lm.box_iou(boxes1, boxes2)
    assert matrix.shape == (len(HAND_WORKED), len(HAND_WORKED))
    np.testing.assert_allclose(np.diag(matrix), expected, rtol=1e-15)
    np.testing.assert_allclose(lm.box_iou(boxes2, boxes1), matrix.T, rtol=1e-15)
    assert lm.box_iou([[0, 0, 2, 2]], [[1, 1, 3, 3]])[0, 0] == pytest.approx(1 / 7)


@pytest.mark.parametrize("seed", range(20))
def test_box_iou_of_whole_pixel_boxes_is_the_jaccard_score_of_their_pixels(seed):
    rng = np.random.default_rng(seed)
    lower = rng.integers(0, 9, size=(2, 5, 2))                # two sets of 5 boxes: (x1, y1)
    boxes = np.concatenate([lower, lower + rng.integers(1, 5, size=(2, 5, 2))], axis=2)
    ys, xs = np.mgrid[0:13, 0:13] + 0.5                       # pixel centres

    def pixels(box):
        x1, y1, x2, y2 = box
        return ((x1 <= xs) & (xs < x2) & (y1 <= ys) & (ys < y2)).ravel()

    matrix = lm.box_iou(boxes[0], boxes[1])
    for i in range(5):
        for j in range(5):
            expected = skm.jaccard_score(pixels(boxes[1][j]), pixels(boxes[0][i]))
            assert matrix[i, j] == pytest.approx(expected, rel=1e-12)


def test_box_iou_of_boxes_with_no_area_follows_zero_division():
    point = [[1, 1, 1, 1]]
    with pytest.warns(UndefinedMetricWarning, match="ill-defined"):
        assert lm.box_iou(point, point)[0, 0] == 0.0
    assert lm.box_iou(point, point, zero_division=1)[0, 0] == 1.0
    assert np.isnan(lm.box_iou(point, point, zero_division=np.nan)[0, 0])
    assert lm.box_iou(point, [[0, 0, 2, 2]])[0, 0] == 0.0  # union 4: defined, no warning


# ---------------------------------------------------------------------------------------------
# The lecture's numbers (CTU "Training" deck, the cars/background example)


def test_lecture_counts_precision_recall_and_iou_at_threshold_zero():
    y_pred = (CARS_SCORES >= 0).astype(int)
    tn, fp, fn, tp = lm.confusion_matrix(CARS_LABELS, y_pred).ravel().tolist()
    assert (tp, fp, tn, fn) == (1, 2, 2, 1)
    assert lm.precision_score(CARS_LABELS, y_pred) == 1 / 3
    assert lm.recall_score(CARS_LABELS, y_pred) == 1 / 2
    assert lm.iou(y_pred, CARS_LABELS) == 1 / 4


def test_lecture_counts_after_lowering_the_threshold():
    y_pred = (CARS_SCORES >= CARS_LOWER_THRESHOLD).astype(int)
    tn, fp, fn, tp = lm.confusion_matrix(CARS_LABELS, y_pred).ravel().tolist()
    assert (tp, fn, fp, tn) == (2, 0, 2, 2)
    assert lm.precision_score(CARS_LABELS, y_pred) == 1 / 2
    assert lm.recall_score(CARS_LABELS, y_pred) == 1.0


def test_lecture_pr_curve_smoothed_curve_and_average_precision():
    precision, recall, thresholds = lm.precision_recall_curve(CARS_LABELS, CARS_SCORES)
    np.testing.assert_array_equal(thresholds, CARS_SCORES[::-1])
    np.testing.assert_allclose(precision, [1 / 3, 2 / 5, 1 / 2, 1 / 3, 1 / 2, 1, 1])
    np.testing.assert_array_equal(recall, [1, 1, 1, 1 / 2, 1 / 2, 1 / 2, 0])
    np.testing.assert_allclose(lm.smoothed_precision(precision, recall),
                               [1 / 2, 1 / 2, 1 / 2, 1, 1, 1, 1])
    # AP = (1/2 - 0) * 1 + (1 - 1/2) * 1/2
    assert lm.average_precision_score(CARS_LABELS, CARS_SCORES) == 0.75
    assert lm.roc_auc_score(CARS_LABELS, CARS_SCORES) == 0.75


# ---------------------------------------------------------------------------------------------
# Warnings and bad input


def test_zero_division_warns_like_sklearn_and_is_silent_when_set():
    with pytest.warns(UndefinedMetricWarning, match="Precision is ill-defined"):
        assert lm.precision_score([0, 1], [0, 0]) == 0.0
    with pytest.warns(UndefinedMetricWarning, match="Recall is ill-defined"):
        assert lm.recall_score([0, 0], [0, 1]) == 0.0
    with pytest.warns(UndefinedMetricWarning, match="F-score is ill-defined"):
        assert lm.f1_score([0, 0], [0, 0]) == 0.0
    assert lm.precision_score([0, 1], [0, 0], zero_division=1) == 1.0
    assert np.isnan(lm.recall_score([0, 0], [0, 1], zero_division=np.nan))
    assert lm.f1_score([0, 1], [0, 0], zero_division=1) == 0.0  # 0 / 1: not undefined
    with pytest.warns(UndefinedMetricWarning, match="Jaccard is ill-defined"):
        assert lm.iou([0, 0], [0, 0]) == 0.0
    assert lm.iou(set(), set(), zero_division=1) == 1.0
    assert np.isnan(lm.iou(np.zeros((2, 2)), np.zeros((2, 2)), zero_division=np.nan))


def test_curves_warn_like_sklearn_for_one_class():
    with pytest.warns(UserWarning, match="No positive class found in y_true"):
        _, recall, _ = lm.precision_recall_curve([0, 0, 0], [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(recall, [1, 1, 1, 0])
    with pytest.warns(UndefinedMetricWarning, match="No negative samples"):
        fpr, _, _ = lm.roc_curve([1, 1], [0.1, 0.2])
    assert np.all(np.isnan(fpr))
    with pytest.warns(UndefinedMetricWarning, match="Only one class is present"):
        assert np.isnan(lm.roc_auc_score([1, 1], [0.1, 0.2]))
    with pytest.warns(UserWarning, match="A single label was found"):
        np.testing.assert_array_equal(lm.confusion_matrix([1, 1], [1, 1]), [[2]])
    np.testing.assert_array_equal(lm.confusion_matrix([1, 1], [1, 1], labels=[0, 1]),
                                  [[0, 0], [0, 2]])


LABEL_METRICS = [lm.confusion_matrix, lm.accuracy_score, lm.precision_score, lm.recall_score,
                 lm.f1_score]
SCORE_METRICS = [lm.confusion_matrix_at_thresholds, lm.precision_recall_curve,
                 lm.average_precision_score, lm.roc_curve, lm.roc_auc_score]


@pytest.mark.parametrize("metric", LABEL_METRICS + SCORE_METRICS, ids=lambda f: f.__name__)
def test_bad_input_is_named(metric):
    second = "y_pred" if metric in LABEL_METRICS else "y_score"
    with pytest.raises(ValueError, match=f"y_true and {second} have different lengths: 3 and 2"):
        metric([0, 1, 1], [0, 1])
    if metric in (lm.confusion_matrix, lm.accuracy_score):  # sklearn's multiclass answer
        np.testing.assert_array_equal(metric([0, 1, 2], [0, 1, 1]),
                                      getattr(skm, metric.__name__)([0, 1, 2], [0, 1, 1]))
    else:
        with pytest.raises(ValueError, match=r"holds? 3 different labels \[0, 1, 2\]: these "
                                             "metrics are for binary classification"):
            metric([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError, match="y_true is empty"):
        metric([], [])
    with pytest.raises(ValueError, match="y_true contains NaN at 1 place"):
        metric([0, np.nan, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="y_true must hold class labels, got the value 0.5"):
        metric([0, 0.5, 1], [0, 1, 1])
    with pytest.raises(ValueError, match=r"y_true must be 1-D .*got shape \(2, 2\)"):
        metric([[0, 1], [1, 0]], [0, 1])
    with pytest.raises(ValueError, match="sample_weight must be >= 0, got -1.0 at index 1"):
        metric([0, 1, 1], [0, 1, 1], sample_weight=[1, -1, 1])
    with pytest.raises(ValueError, match="sample_weight has 2 values for 3 samples|"
                                         "different lengths: 3 and 3 and 2"):
        metric([0, 1, 1], [0, 1, 1], sample_weight=[1, 1])


@pytest.mark.parametrize("metric", SCORE_METRICS, ids=lambda f: f.__name__)
def test_bad_scores_are_named(metric):
    with pytest.raises(ValueError, match="y_score contains NaN at 2 place.*first at index 1"):
        metric([0, 1, 1], [0.2, np.nan, np.nan])
    with pytest.raises(ValueError, match="y_score contains inf at index 2"):
        metric([0, 1, 1], [0.2, 0.3, np.inf])
    with pytest.raises(TypeError, match="y_score must hold numbers"):
        metric([0, 1, 1], ["a", "b", "c"])


@pytest.mark.parametrize("metric", [lm.precision_recall_curve, lm.roc_curve,
                                    lm.confusion_matrix_at_thresholds])
def test_curves_need_pos_label_for_other_labels(metric):
    with pytest.raises(ValueError, match=r"y_true takes the values \['bkgd', 'car'\] and "
                                         "pos_label is not specified"):
        metric(["car", "bkgd"], [0.3, 0.1])
    _, tpr, _ = lm.roc_curve(["car", "bkgd"], [0.3, 0.1], pos_label="car")
    np.testing.assert_array_equal(tpr, [0, 1, 1])


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="zero_division must be 'warn', 0, 1 or np.nan, got 0.5"):
        lm.precision_score([0, 1], [1, 1], zero_division=0.5)
    with pytest.raises(ValueError, match="zero_division must be"):
        lm.iou([0, 1], [1, 1], zero_division="nan")
    with pytest.raises(ValueError, match=r"pos_label=3 is not a valid label: it should be one "
                                         r"of \[0, 1\]"):
        lm.recall_score([0, 1], [1, 1], pos_label=3)
    with pytest.raises(ValueError, match="pos_label=2 is not a valid label"):
        lm.average_precision_score([0, 1], [0.1, 0.2], pos_label=2)
    with pytest.raises(TypeError, match="pos_label must be a number or a string, got list"):
        lm.f1_score([0, 1], [1, 1], pos_label=[1])
    with pytest.raises(ValueError, match="normalize must be None, 'true', 'pred' or 'all', "
                                         "got 'rows'"):
        lm.confusion_matrix([0, 1], [1, 1], normalize="rows")
    with pytest.raises(ValueError, match="labels must hold distinct labels"):
        lm.confusion_matrix([0, 1], [1, 1], labels=[0, 1, 1])
    with pytest.raises(ValueError, match=r"at least one label in labels=\[5\] must be in y_true"):
        lm.confusion_matrix([0, 1], [1, 1], labels=[5])
    with pytest.raises(ValueError, match="y_true and y_pred mix string and numeric labels"):
        lm.accuracy_score(["a", "b"], [0, 1])
    with pytest.raises(ValueError, match="sample_weight is zero for every sample"):
        lm.roc_curve([0, 1], [0.1, 0.2], sample_weight=[0, 0])


def test_bad_masks_and_boxes_are_named():
    with pytest.raises(ValueError, match=r"pred_mask has shape \(3,\) but true_mask has shape "
                                         r"\(4,\)"):
        lm.iou([0, 1, 1], [0, 1, 1, 0])
    with pytest.raises(ValueError, match="true_mask must hold only 0/1 or True/False, got 2"):
        lm.iou([0, 1, 1], [0, 2, 1])
    with pytest.raises(ValueError, match="pred_mask is empty"):
        lm.iou([], [])
    with pytest.raises(ValueError, match="pred_mask must hold only 0/1 or True/False, got nan"):
        lm.iou([0, np.nan], [0, 1])
    with pytest.raises(TypeError, match="must both be sets or both be masks, got set and list"):
        lm.iou({1, 2}, [1, 2])
    with pytest.raises(ValueError, match=r"boxes1 must have shape \(N, 4\).*got shape \(4,\)"):
        lm.box_iou([0, 0, 1, 1], [[0, 0, 1, 1]])
    with pytest.raises(ValueError, match=r"boxes2\[1\] = \[3.0, 0.0, 1.0, 2.0\] is not "
                                         r"\(x1, y1, x2, y2\) with x1 <= x2"):
        lm.box_iou([[0, 0, 1, 1]], [[0, 0, 1, 1], [3, 0, 1, 2]])
    with pytest.raises(ValueError, match="boxes1 contains NaN or inf in box 0"):
        lm.box_iou([[0, 0, np.nan, 1]], [[0, 0, 1, 1]])
    with pytest.raises(ValueError, match="boxes2 holds no boxes"):
        lm.box_iou([[0, 0, 1, 1]], np.zeros((0, 4)))
    with pytest.raises(ValueError, match="recall must lie in"):
        lm.smoothed_precision([0.5, 1.0], [1.5, 0.0])
    with pytest.raises(ValueError, match="precision and recall have different lengths: 2 and 3"):
        lm.smoothed_precision([0.5, 1.0], [1.0, 0.5, 0.0])


def test_object_arrays_of_strings_or_numbers_are_labels():
    """A pandas column of strings or numbers arrives as an object array."""
    y_true = np.array(["car", "bkgd", "car"], dtype=object)
    assert lm.recall_score(y_true, np.array(["car", "car", "bkgd"], dtype=object),
                           pos_label="car") == 0.5
    assert lm.accuracy_score(np.array([0, 1, 1], dtype=object), [0, 1, 0]) == 2 / 3
    with pytest.raises(ValueError, match="y_true contains NaN at 1 place"):  # a missing value
        lm.accuracy_score(np.array([0, None, 1], dtype=object), [0, 1, 0])
    with pytest.raises(TypeError, match="y_true must hold numbers, booleans or strings"):
        lm.accuracy_score(np.array([0, {}, 1], dtype=object), [0, 1, 0])


def test_metrics_do_not_modify_their_inputs():
    y_true, score = CARS_LABELS.copy(), CARS_SCORES.copy()
    weight = np.arange(1.0, 7.0)
    for metric in SCORE_METRICS:
        metric(y_true, score, sample_weight=weight)
    np.testing.assert_array_equal(y_true, CARS_LABELS)
    np.testing.assert_array_equal(score, CARS_SCORES)
    np.testing.assert_array_equal(weight, np.arange(1.0, 7.0))
