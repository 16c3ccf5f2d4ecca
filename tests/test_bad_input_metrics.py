"""Bad and extreme input for lectures_lib.metrics (values, curves, IoU, figures) and tuning.

Every public function either raises a TypeError/ValueError whose message names the argument,
or returns a finite, correct result checked against a reference: scikit-learn (the drop-in's
original, on random binary and multiclass problems with every keyword it accepts), exact
integer or ``fractions.Fraction`` arithmetic where float64 would round (weights beyond
``2**53``, scores ``2**53`` apart by 1, boxes of side 1e200), or an invariant.
"""

import math
import warnings
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sklearn.metrics as skm
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.exceptions import UndefinedMetricWarning

import lectures_lib.metrics as lm
from lectures_lib.lecture_examples import CARS_LABELS, CARS_SCORES
from lectures_lib.viz.metric_plots import (draw_box_iou, draw_confusion_matrix, draw_threshold,
                                        plot_pr_curve, plot_roc_curve)
from lectures_lib.tuning import MAX_POINTS, TuningResult, grid_points, random_points, search
from support import assert_same, call, compare

LABEL_METRICS = ["confusion_matrix", "accuracy_score", "precision_score", "recall_score",
                 "f1_score"]
SCORE_METRICS = ["confusion_matrix_at_thresholds", "precision_recall_curve",
                 "average_precision_score", "roc_curve", "roc_auc_score"]
PRF = ["precision_score", "recall_score", "f1_score"]


def raises_naming_any(error, *names):
    """``pytest.raises`` for ``error`` whose message names at least one of ``names``.

    (``support.raises_naming`` wants every name in the message.)
    """
    return pytest.raises(error, match="|".join(names))


# =============================================================================================
# Exactness: integer scores and weights are never rounded through float64


def test_integer_weights_beyond_2_to_53_are_counted_exactly():
    big = 2**53
    C = lm.confusion_matrix([0, 0, 1], [0, 0, 1], sample_weight=[big, 1, 1])
    assert C.dtype == np.int64 and C.tolist() == [[big + 1, 0], [0, 1]]
    assert lm.accuracy_score([0, 1, 1], [0, 1, 0], sample_weight=[big, 1, 1]) == \
        float(Fraction(big + 1, big + 2))
    assert lm.precision_score([0, 1, 1, 0], [1, 1, 0, 0], sample_weight=[2**60, 3, 1, 1]) == \
        float(Fraction(3, 2**60 + 3))
    assert lm.confusion_matrix([0, 1], [0, 0], sample_weight=[big, 1], normalize="true")[0, 0] \
        == 1.0
    tns, fps, fns, tps, _ = lm.confusion_matrix_at_thresholds([0, 1, 1], [1, 2, 3],
                                                              sample_weight=[big, 1, 1])
    assert fps[-1] == float(big) and tps.tolist() == [1.0, 2.0, 2.0]


def test_integer_scores_are_ranked_without_rounding():
    assert lm.roc_auc_score([0, 1], [2**53, 2**53 + 1]) == 1.0
    assert lm.roc_auc_score([1, 0], np.array([2**53, 2**53 + 1])) == 0.0
    assert lm.roc_auc_score([0, 1], [2**70, 2**70 + 1]) == 1.0  # Python ints beyond int64
    _, _, thresholds = lm.precision_recall_curve([0, 1], np.array([2**53, 2**53 + 1]))
    assert thresholds.dtype == np.int64 and thresholds.tolist() == [2**53, 2**53 + 1]
    assert lm.average_precision_score([0, 1, 0], [2**62, 2**62 + 1, 2**62 - 1]) == 1.0


def test_all_zero_weights_are_refused_as_sklearn_refuses_them():
    message = "Sample weights must contain at least one non-zero number"
    for name in LABEL_METRICS + SCORE_METRICS:
        second = [0, 1, 0] if name in LABEL_METRICS else [0.1, 0.9, 0.4]
        for module in (lm, skm):
            with pytest.raises(ValueError, match=message):
                getattr(module, name)([0, 1, 1], second, sample_weight=[0, 0, 0])
        with pytest.raises(ValueError, match="sample_weight"):
            getattr(lm, name)([0, 1, 1], second, sample_weight=[0.0, 0.0, 0.0])


def test_weights_whose_sum_overflows_give_right_ratios_and_refuse_counts():
    y, pred, score, w = [0, 1, 1], [1, 1, 1], [1.0, 2.0, 3.0], [1e308] * 3
    assert lm.precision_score(y, pred, sample_weight=w) == lm.precision_score(y, pred)
    assert lm.accuracy_score(y, pred, sample_weight=w) == lm.accuracy_score(y, pred)
    assert lm.roc_auc_score(y, score, sample_weight=w) == 1.0
    assert lm.average_precision_score(y, score, sample_weight=w) == 1.0
    np.testing.assert_array_equal(lm.confusion_matrix(y, pred, sample_weight=w,
                                                      normalize="all"), [[0, 1 / 3], [0, 2 / 3]])
    for fn in (lm.confusion_matrix, lm.confusion_matrix_at_thresholds):
        with raises_naming_any(ValueError, "sample_weight"):
            fn(y, score if fn is lm.confusion_matrix_at_thresholds else pred, sample_weight=w)
    with raises_naming_any(ValueError, "sample_weight"):
        lm.accuracy_score(y, pred, sample_weight=w, normalize=False)
    with raises_naming_any(ValueError, "sample_weight"):  # int64 counts would wrap (sklearn does)
        lm.confusion_matrix([0, 0], [0, 0], sample_weight=[2**62, 2**62])


@settings(max_examples=40)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(-2**63, 2**63 - 1)), min_size=2,
                max_size=12))
def test_roc_auc_of_int64_scores_is_the_exact_pairwise_fraction(pairs):
    y = np.array([label for label, _ in pairs])
    assume(0 < y.sum() < len(y))
    scores = np.array([score for _, score in pairs], dtype=np.int64)
    pos, neg = scores[y == 1].tolist(), scores[y == 0].tolist()
    wins = sum(Fraction(1) if p > q else Fraction(1, 2) if p == q else 0
               for p in pos for q in neg)
    assert lm.roc_auc_score(y, scores) == pytest.approx(float(wins / (len(pos) * len(neg))),
                                                       rel=1e-14)


@settings(max_examples=40)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2**62)),
                min_size=1, max_size=10))
def test_confusion_matrix_with_huge_integer_weights_is_exact(rows):
    y_true, y_pred, w = (np.array(column) for column in zip(*rows))
    assume(w.any())
    expected = [[sum(int(v) for a, b, v in rows if (a, b) == (i, j)) for j in range(3)]
                for i in range(3)]
    try:
        C = lm.confusion_matrix(y_true, y_pred, labels=[0, 1, 2], sample_weight=w)
    except ValueError as err:  # beyond int64: refused, never wrapped
        assert "int64" in str(err) and max(map(max, expected)) > 2**63 - 1
    else:
        assert C.tolist() == expected
    total = sum(int(v) for v in w)
    assert lm.accuracy_score(y_true, y_pred, sample_weight=w) == \
        float(Fraction(sum(int(v) for a, b, v in rows if a == b), total))


# =============================================================================================
# Drop-in: scikit-learn's keywords and answers, binary and multiclass


def random_problem(seed):
    """Labels of 2 to 5 classes (numbers or strings), predictions, weights, a labels list."""
    rng = np.random.default_rng(seed)
    k, n = int(rng.integers(2, 6)), int(rng.integers(1, 25))
    names = [np.arange(k), np.array(["ant", "bee", "cat", "dog", "eel"])[:k],
             np.arange(k) * 3 - 2][seed % 3]
    y_true, y_pred = names[rng.integers(0, k, n)], names[rng.integers(0, k, n)]
    if seed % 4 == 0:
        y_pred = names[np.minimum(rng.integers(0, k, n), 1)]  # some classes never predicted
    weight = [None, rng.uniform(0.1, 2.0, n), rng.integers(0, 4, n)][seed % 3]
    if weight is not None and not weight.any():
        weight[0] = 1
    labels = [None, rng.permutation(names)[:max(1, k - 1)], names[::-1]][(seed // 3) % 3]
    return y_true, y_pred, weight, labels, names


@pytest.mark.parametrize("seed", range(16))
def test_multiclass_averages_match_sklearn(seed):
    y_true, y_pred, weight, labels, names = random_problem(seed)
    for name in PRF:
        for average in ("micro", "macro", "weighted", None):
            for zero_division in ("warn", 0, 1.0, np.nan):
                compare(name, y_true, y_pred, labels=labels, average=average,
                        sample_weight=weight, zero_division=zero_division)
        compare(name, y_true, y_pred, average="binary", pos_label=names[1],
                sample_weight=weight)
        compare(name, y_true, y_pred, average="macro", pos_label=names[0])  # warns, ignored
    for normalize in (None, "true", "pred", "all"):
        ours = compare("confusion_matrix", y_true, y_pred, labels=labels, sample_weight=weight,
                       normalize=normalize)
        theirs, _ = call(skm.confusion_matrix, y_true, y_pred, labels=labels,
                         sample_weight=weight, normalize=normalize)
        if not isinstance(ours, type):
            assert ours.dtype == theirs.dtype
    compare("accuracy_score", y_true, y_pred, sample_weight=weight)
    compare("accuracy_score", y_true, y_pred, sample_weight=weight, normalize=False)


@settings(max_examples=60)
@given(st.data())
def test_classification_metrics_match_sklearn_on_random_problems(data):
    n = data.draw(st.integers(1, 12))
    classes = data.draw(st.sampled_from([[0, 1], [0, 1, 2], ["no", "yes"], [-1, 1, 5, 9]]))
    labels_of = st.lists(st.sampled_from(classes), min_size=n, max_size=n)
    y_true, y_pred = data.draw(labels_of), data.draw(labels_of)
    weight = data.draw(st.one_of(st.none(),
                                 st.lists(st.integers(0, 3), min_size=n, max_size=n),
                                 st.lists(st.floats(0, 5), min_size=n, max_size=n)))
    assume(weight is None or any(weight))
    kwargs = {"sample_weight": weight,
              "zero_division": data.draw(st.sampled_from(["warn", 0, 1, np.nan, True, 0.0])),
              "average": data.draw(st.sampled_from(["binary", "micro", "macro", "weighted",
                                                    None])),
              "pos_label": data.draw(st.sampled_from(classes))}
    if data.draw(st.booleans()):
        kwargs["labels"] = data.draw(st.lists(st.sampled_from(classes), min_size=1,
                                              unique=True))
    for name in PRF:
        compare(name, y_true, y_pred, **kwargs)


@pytest.mark.parametrize("seed", range(30))
def test_ranking_keywords_match_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 30))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    score = [rng.standard_normal(n), rng.integers(-3, 4, n),
             rng.standard_normal(n).astype(np.float32)][seed % 3]
    weight = [None, rng.uniform(0.1, 2.0, n), rng.integers(1, 4, n)][(seed // 3) % 3]
    for max_fpr in (None, 1, 0.5, 0.01, float(rng.uniform(0.001, 1))):
        compare("roc_auc_score", y, score, sample_weight=weight, max_fpr=max_fpr)
    for average in (None, "macro", "micro", "weighted", "samples"):
        compare("roc_auc_score", y, score, average=average, multi_class="ovr", labels=[0, 1])
        compare("average_precision_score", y, score, average=average)
    for name in SCORE_METRICS:  # column vectors (n, 1): accepted, no warning, as sklearn
        compare(name, y[:, None], score[:, None], sample_weight=weight)
    _, _, ours = lm.precision_recall_curve(y, score)
    assert ours.dtype == skm.precision_recall_curve(y, score)[2].dtype  # the scores' dtype
    three = rng.integers(0, 3, n)  # one class against the rest, when pos_label is given
    for name in ("roc_curve", "precision_recall_curve", "confusion_matrix_at_thresholds"):
        compare(name, three, score, pos_label=2, sample_weight=weight)
    words = np.where(y == 1, "car", "bkgd")
    for name in ("roc_curve", "precision_recall_curve", "average_precision_score"):
        compare(name, words, score, pos_label="car")


def test_zero_division_takes_every_value_sklearn_takes():
    for value in ("warn", 0, 1, 0.0, 1.0, np.nan, True, False, np.float64(1), np.float32("nan")):
        for name in PRF:
            compare(name, [0, 0], [0, 0], zero_division=value)
    for value in ("nan", 0.5, None, [1], -1):
        with raises_naming_any(ValueError, "zero_division"):
            lm.precision_score([0, 1], [0, 0], zero_division=value)
        with raises_naming_any(ValueError, "zero_division"):
            lm.box_iou([[0, 0, 1, 1]], [[0, 0, 1, 1]], zero_division=value)


def test_multiclass_ranking_is_refused_with_a_pointer_to_sklearn():
    y, s = [0, 1, 2, 1], [0.1, 0.4, 0.3, 0.9]
    with pytest.raises(ValueError, match=r"sklearn\.metrics\.roc_auc_score\(multi_class='ovr'"):
        lm.roc_auc_score(y, s)
    with pytest.raises(ValueError, match=r"sklearn\.metrics\.roc_auc_score\(multi_class='ovr'"):
        lm.roc_auc_score(y, s, multi_class="ovr")
    with pytest.raises(ValueError, match=r"sklearn\.metrics\.average_precision_score"):
        lm.average_precision_score(y, s)
    with pytest.raises(ValueError, match="pass pos_label"):
        lm.roc_curve(y, s)
    with pytest.raises(ValueError, match=r"y_score.*y_score\[:, 1\].*sklearn\.metrics\.roc_auc"):
        lm.roc_auc_score([0, 1, 1], [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7]])
    with pytest.raises(ValueError, match="average='binary'.*average=None, 'micro', 'macro'"):
        lm.f1_score(y, [0, 1, 1, 2])
    with pytest.raises(ValueError, match="average='samples' is for multilabel targets"):
        lm.recall_score(y, [0, 1, 1, 2], average="samples")
    with pytest.raises(ValueError, match="y_true must be 1-D.*multilabel.*sklearn.metrics"):
        lm.precision_score(np.eye(3, dtype=int), np.eye(3, dtype=int))


def test_bad_keywords_are_named_never_an_unexpected_keyword():
    y, p, s = [0, 1, 1], [0, 1, 0], [0.1, 0.8, 0.3]
    for name in PRF:
        with raises_naming_any(ValueError, "average"):
            getattr(lm, name)(y, p, average="mean")
        with raises_naming_any(ValueError, "labels"):
            getattr(lm, name)(y, p, average="macro", labels=[0, 0])
        with raises_naming_any(ValueError, "labels"):
            getattr(lm, name)(y, p, average=None, labels=[])
        with raises_naming_any(ValueError, "labels"):
            getattr(lm, name)(y, p, average=None, labels=["a"])
        with raises_naming_any(ValueError, "pos_label"):
            getattr(lm, name)(y, p, pos_label=None)
    for max_fpr in (0, -0.5, 1.5):
        with raises_naming_any(ValueError, "max_fpr"):
            lm.roc_auc_score(y, s, max_fpr=max_fpr)
    for max_fpr in ("half", [0.5], True):
        with raises_naming_any(TypeError, "max_fpr"):
            lm.roc_auc_score(y, s, max_fpr=max_fpr)
    with raises_naming_any(ValueError, "max_fpr"):
        lm.roc_auc_score(y, s, max_fpr=float("nan"))
    with raises_naming_any(ValueError, "multi_class"):
        lm.roc_auc_score(y, s, multi_class="ovo-ish")
    with raises_naming_any(ValueError, "average"):
        lm.average_precision_score(y, s, average="binary")
    with raises_naming_any(TypeError, "normalize"):
        lm.accuracy_score(y, p, normalize="yes")
    with raises_naming_any(TypeError, "drop_intermediate"):
        lm.roc_curve(y, s, drop_intermediate=None)
    with raises_naming_any(ValueError, "labels"):
        lm.confusion_matrix(y, p, labels=[0, 1, 1])
    with raises_naming_any(ValueError, "labels"):
        lm.confusion_matrix(y, p, labels=[[0, 1]])


def test_multiclass_confusion_matrix_follows_the_labels_order():
    C = lm.confusion_matrix(["cat", "ant", "cat", "bird"], ["ant", "ant", "cat", "cat"],
                            labels=["cat", "ant", "bird"])
    assert C.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]


# =============================================================================================
# Bad containers, shapes and values: errors that name the argument


BAD_LABELS = [None, 3, "abc", {1, 2}, {"a": 1}, [[0, 1], [1]], [0, np.nan], [0.5, 1],
              [[0, 1, 0], [1, 0, 1]], [], [0, {}], np.array([1 + 2j, 0]), [np.inf, 0]]


@pytest.mark.parametrize("name", LABEL_METRICS + SCORE_METRICS)
def test_bad_label_containers_are_named(name):
    second = [0, 1] if name in LABEL_METRICS else [0.2, 0.7]
    for bad in BAD_LABELS:
        with raises_naming_any((TypeError, ValueError), "y_true"):
            getattr(lm, name)(bad, second)
    for bad in ([0.1, np.nan], [0.1, np.inf], ["a", "b"], None, 1.0, [[0.1, 0.2, 0.3]] * 2):
        if name in LABEL_METRICS and isinstance(bad, list) and isinstance(bad[0], str):
            continue  # string predictions are labels
        with raises_naming_any((TypeError, ValueError), "y_pred", "y_score"):
            getattr(lm, name)([0, 1], bad)
    for bad in ([1, np.nan], [1, -1], [[1, 1]], 2.0, "w", [1, 2, 3], [True, "a"]):
        with raises_naming_any((TypeError, ValueError), "sample_weight"):
            getattr(lm, name)([0, 1], second, sample_weight=bad)


def test_tensors_and_column_vectors_are_accepted():
    y = torch.tensor([0, 1, 1, 0])
    s = torch.tensor([0.1, 0.9, 0.4, 0.2], requires_grad=True)
    assert lm.roc_auc_score(y, s) == skm.roc_auc_score(y.numpy(), s.detach().numpy())
    assert lm.f1_score(y[:, None], (s > 0.3).long()) == skm.f1_score([0, 1, 1, 0],
                                                                    [0, 1, 1, 0])
    assert lm.roc_auc_score(y, s.to(torch.bfloat16)) == 1.0  # a dtype NumPy does not have
    assert lm.iou(torch.ones(2, 2), torch.ones(2, 2)) == 1.0
    assert lm.box_iou(torch.tensor([[0.0, 0, 2, 2]]), np.array([[1, 1, 3, 3]]))[0, 0] == \
        pytest.approx(1 / 7)


GARBAGE = st.one_of(
    st.none(), st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.lists(st.one_of(st.integers(-2, 3), st.floats(allow_nan=True, allow_infinity=True),
                       st.sampled_from(["a", "b"]), st.booleans()), max_size=6),
    st.lists(st.lists(st.integers(0, 1), min_size=1, max_size=3), max_size=4))


@settings(max_examples=60)
@given(st.sampled_from(LABEL_METRICS + SCORE_METRICS), GARBAGE, GARBAGE, GARBAGE,
       st.booleans())
def test_garbage_input_is_refused_by_name_or_gives_sklearns_answer(name, y_true, second,
                                                                   weight, use_weight):
    kwargs = {"sample_weight": weight} if use_weight else {}
    ours, _ = call(getattr(lm, name), y_true, second, **kwargs)
    if isinstance(ours, type):
        with pytest.raises(ours) as info:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                getattr(lm, name)(y_true, second, **kwargs)
        message = str(info.value)
        assert any(arg in message for arg in ("y_true", "y_pred", "y_score", "sample_weight",
                                              "pos_label", "labels", "Sample weights")), message
        return
    theirs, _ = call(getattr(skm, name), y_true, second, **kwargs)
    if not isinstance(theirs, type):  # where sklearn answers too, the answers agree
        assert_same(ours, theirs)


# =============================================================================================
# Box IoU at the extremes, against exact fractions


def exact_iou(a, b):
    """The IoU of two boxes in exact rational arithmetic."""
    a, b = [Fraction(float(v)) for v in a], [Fraction(float(v)) for v in b]
    w = max(min(a[2], b[2]) - max(a[0], b[0]), 0)
    h = max(min(a[3], b[3]) - max(a[1], b[1]), 0)
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return None if union == 0 else inter / union


def test_box_iou_of_huge_and_tiny_boxes():
    for side in (1e200, 1e-200, 1e308, 5e-324):
        box = [[0, 0, side, side]]
        assert lm.box_iou(box, box)[0, 0] == 1.0
    assert lm.box_iou([[-1e308, -1e308, 1e308, 1e308]], [[0, 0, 1e308, 1e308]])[0, 0] == 0.25
    half = [[0, 0, 1e200, 1e200]], [[0, 0, 1e200, 5e199]]
    assert lm.box_iou(*half)[0, 0] == pytest.approx(float(exact_iou(half[0][0], half[1][0])),
                                                    rel=1e-15)
    small_in_large = lm.box_iou([[0, 0, 1e-200, 1e-200]], [[0, 0, 1e200, 1e200]])[0, 0]
    assert small_in_large == 0.0  # 1e-800: below the smallest float


extreme = st.floats(-1e308, 1e308, allow_nan=False).map(
    lambda v: v if v == 0 else math.copysign(10.0 ** (math.log10(abs(v)) % 330 - 320), v))


@settings(max_examples=60)
@given(st.lists(extreme, min_size=8, max_size=8), st.sampled_from([1.0, 1e150, 1e-150]))
def test_box_iou_matches_exact_fractions_at_any_scale(coords, scale):
    xs = sorted(c * scale for c in coords[:4])
    ys = sorted(c * scale for c in coords[4:])
    assume(all(math.isfinite(v) for v in xs + ys))
    a, b = [xs[0], ys[0], xs[2], ys[2]], [xs[1], ys[1], xs[3], ys[3]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        got = lm.box_iou([a], [b], zero_division=np.nan)[0, 0]
    expected = exact_iou(a, b)
    if expected is None:
        assert np.isnan(got)
    else:
        assert math.isfinite(got) and got == pytest.approx(float(expected), rel=1e-12, abs=0)


def test_bad_boxes_and_masks_are_named():
    for bad in (None, "box", [[0, 0, 1]], [[0, 0, 1, np.inf]], [[1, 0, 0, 1]],
                [[True, False, True, True]], [[0, 0, 1, "1"]]):
        with raises_naming_any((TypeError, ValueError), "boxes1"):
            lm.box_iou(bad, [[0, 0, 1, 1]])
    for bad in (None, "mask", [0, 2], [0, np.nan], [], [[0, 1], [1]]):
        with raises_naming_any((TypeError, ValueError), "pred_mask"):
            lm.iou(bad, [0, 1])


@settings(max_examples=40)
@given(GARBAGE, GARBAGE)
def test_iou_of_garbage_is_refused_by_name_or_is_a_ratio(pred, true):
    result, _ = call(lm.iou, pred, true, zero_division=0)
    if isinstance(result, type):
        with pytest.raises(result, match="pred_mask|true_mask|shape"):
            lm.iou(pred, true, zero_division=0)
    else:
        assert 0.0 <= result <= 1.0


# =============================================================================================
# Figures: nothing is drawn from garbage


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def test_curves_with_nan_or_misplaced_points_are_not_drawn(ax):
    with pytest.warns(UndefinedMetricWarning):
        fpr, tpr, _ = lm.roc_curve([1, 1, 1], [0.1, 0.5, 0.9])
    with pytest.raises(ValueError, match="fpr contains NaN.*only one class"):
        plot_roc_curve(ax, fpr, tpr)
    precision, recall, _ = lm.precision_recall_curve(CARS_LABELS, CARS_SCORES)
    with pytest.raises(ValueError, match="recall must be decreasing.*swapped"):
        plot_pr_curve(ax, recall, precision)
    with raises_naming_any(ValueError, "precision"):
        plot_pr_curve(ax, np.r_[precision[:-1], 1.5], recall)
    with raises_naming_any(ValueError, "precision", "recall"):
        plot_pr_curve(ax, precision[:-1], recall)
    with raises_naming_any(ValueError, "tpr"):
        plot_roc_curve(ax, [0, 0.5, 1], [0, 0.9, 0.4])
    with raises_naming_any(ValueError, "precision"):
        plot_pr_curve(ax, [], [])
    with raises_naming_any(TypeError, "ax"):
        plot_pr_curve(None, precision, recall)
    with raises_naming_any(TypeError, "smoothed"):
        plot_pr_curve(ax, precision, recall, smoothed="yes")
    assert not ax.lines  # nothing was drawn on the way


def test_threshold_figure_refuses_bad_thresholds_and_labels():
    fig = plt.figure()
    for threshold in (float("nan"), float("inf"), "0.5", None, [0.1]):
        with raises_naming_any((TypeError, ValueError), "threshold"):
            draw_threshold(fig, threshold, CARS_LABELS, CARS_SCORES)
    with raises_naming_any(ValueError, "pos_label"):
        draw_threshold(fig, 0.0, ["car", "bkgd"], [0.3, 0.1])  # default pos_label=1
    with raises_naming_any(ValueError, "y_true"):
        draw_threshold(fig, 0.0, [0, 1, 2], [0.3, 0.1, 0.2])
    with raises_naming_any(ValueError, "y_true"):
        draw_threshold(fig, 0.0, [0, 0], [0.3, 0.1])  # no positive: no PR curve
    with raises_naming_any(ValueError, "y_score"):
        draw_threshold(fig, 0.0, [0, 1], [0.3, np.nan])
    with raises_naming_any(ValueError, "y_score"):
        draw_threshold(fig, 0.0, [0, 1], [-1e308, 1e308])  # wider than any axis can show
    with raises_naming_any(TypeError, "fig"):
        draw_threshold(None, 0.0, [0, 1], [0.3, 0.1])
    draw_threshold(fig, 1e300, [0, 1], [0.3, 0.1], pos_label=1)  # far but drawable
    assert fig.axes[1].get_title() == "P = 0/0 (undefined)\nR = 0/1 = 0.00"
    plt.close(fig)


def test_matrix_and_box_figures_refuse_garbage(ax):
    for C in ([[1, 2], [3, np.nan]], [[1, -2], [3, 4]], [[3]], "C"):
        with raises_naming_any((TypeError, ValueError), "C"):
            draw_confusion_matrix(ax, C)
    with raises_naming_any(TypeError, "class_names"):
        draw_confusion_matrix(ax, [[1, 2], [3, 4]], class_names="ab")
    for box in ([0, 0, 1], [1, 0, 0, 1], [0, 0, np.nan, 1], None, [[0, 0, 1, 1]]):
        with raises_naming_any((TypeError, ValueError), "pred_box"):
            draw_box_iou(ax, box, [0, 0, 1, 1])
    with raises_naming_any(ValueError, "boxes"):
        draw_box_iou(ax, [-1e308, 0, 0, 1], [0, 0, 1e308, 1])
    draw_box_iou(ax, [0, 0, 1e200, 1e200], [0, 0, 1e200, 5e199])
    assert ax.get_title() == "IoU = 0.50"  # no "inf / nan": the areas overflow float64


@settings(max_examples=25)
@given(st.lists(st.one_of(st.floats(-0.5, 1.5), st.just(math.nan)), min_size=1, max_size=6),
       st.lists(st.one_of(st.floats(-0.5, 1.5), st.just(math.nan)), min_size=1, max_size=6))
def test_roc_plot_of_random_rates_draws_only_valid_curves(fpr, tpr):
    fig, ax = plt.subplots()
    try:
        plot_roc_curve(ax, fpr, tpr)
    except ValueError as err:
        assert "fpr" in str(err) or "tpr" in str(err)
    else:
        x, y = ax.lines[0].get_data()
        assert np.all(np.isfinite(x)) and np.all((0 <= x) & (x <= 1)) and np.all(np.diff(x) >= 0)
        assert np.all(np.isfinite(y)) and np.all(np.diff(y) >= 0)
    finally:
        plt.close(fig)


# =============================================================================================
# Tuning: spaces, points, seeds, the search


SPACE = {"lr": (1e-4, 1.0, "log"), "p": (0.0, 0.5, "linear")}


def test_bad_spaces_are_named():
    for space in (None, {}, [("lr", 1e-3, 1.0, "log")]):
        with raises_naming_any(TypeError, "space"):
            grid_points(space, 3)
    with raises_naming_any(TypeError, "space"):
        grid_points({1: (0.0, 1.0, "linear")}, 3)
    with raises_naming_any(ValueError, "score"):
        grid_points({"score": (0.0, 1.0, "linear")}, 3)
    with raises_naming_any(ValueError, "lr"):
        grid_points({"lr": (1.0, 1e-3, "log")}, 3)
    with raises_naming_any(ValueError, "lr"):
        grid_points({"lr": (0.1, 1.0, ["log"])}, 3)
    with raises_naming_any(ValueError, "low of lr"):
        grid_points({"lr": (float("nan"), 1.0, "log")}, 3)
    with raises_naming_any(TypeError, "high of lr"):
        random_points({"lr": (0.1, "1", "log")}, 3)
    assert grid_points({"lr": [0.1, 1.0, "log"]}, 2) == [{"lr": 0.1}, {"lr": 1.0}]


def test_counts_and_seeds_are_checked():
    for seed, error in ((-1, ValueError), (2**63, ValueError), (1.0, TypeError),
                        (None, TypeError), (True, TypeError), ("0", TypeError)):
        with raises_naming_any(error, "seed"):
            random_points(SPACE, 3, seed=seed)
    for n, error in ((0, ValueError), (2.0, TypeError), (MAX_POINTS + 1, ValueError)):
        with raises_naming_any(error, "n_points"):
            random_points(SPACE, n)
    with raises_naming_any(ValueError, "per_axis"):
        grid_points({f"x{i}": (0.0, 1.0, "linear") for i in range(4)}, 100)  # 10**8 settings
    assert len(random_points(SPACE, 2, seed=2**63 - 1)) == 2


@settings(max_examples=60)
@given(st.floats(-1e308, 1e308), st.floats(-1e308, 1e308), st.sampled_from(["linear", "log"]),
       st.integers(1, 5), st.integers(0, 2**63 - 1))
def test_points_stay_finite_and_in_range_at_any_scale(a, b, scale, count, seed):
    low, high = min(a, b), max(a, b)
    space = {"x": (low, high, scale)}
    try:
        points = grid_points(space, count) + random_points(space, count, seed=seed)
    except ValueError as err:
        assert "x needs low < high" in str(err)
        assert low == high or (scale == "log" and low <= 0)
        return
    values = np.array([p["x"] for p in points])
    assert np.all(np.isfinite(values)) and np.all((low <= values) & (values <= high))
    assert values[0] == low and (count == 1 or values[count - 1] == high)  # the grid's ends


def test_search_refuses_bad_objectives_points_and_scores():
    with raises_naming_any(TypeError, "objective"):
        search(None, [{"lr": 0.1}])
    for points in (None, {"lr": 0.1}, "lr", 3):
        with raises_naming_any(TypeError, "points"):
            search(lambda lr: lr, points)
    with raises_naming_any(TypeError, r"points\[1\]"):
        search(lambda lr: lr, [{"lr": 0.1}, 0.2])
    with raises_naming_any(ValueError, r"points\[0\]"):
        search(lambda lr, score: lr, [{"lr": 0.1, "score": 1.0}])
    with raises_naming_any(TypeError, r"objective cannot take points\[0\]"):
        search(lambda lr: lr, [{"learning_rate": 0.1}])
    with raises_naming_any(ValueError, "the objective's score.*'lr': 0.2"):
        search(lambda lr: float("inf") if lr > 0.15 else lr, [{"lr": 0.1}, {"lr": 0.2}])
    with raises_naming_any(TypeError, "the objective's score"):
        search(lambda lr: "good", [{"lr": 0.1}])
    with raises_naming_any(TypeError, "the objective's score"):
        search(lambda lr: torch.ones(3), [{"lr": 0.1}])
    with raises_naming_any(TypeError, "maximize"):
        search(lambda lr: lr, [{"lr": 0.1}], maximize="yes")
    result = search(lambda lr: torch.tensor(lr * 2), iter([{"lr": 0.1}, {"lr": 0.3}]))
    assert result.best == {"lr": 0.3, "score": pytest.approx(0.6)}
    with raises_naming_any(ValueError, "name"):
        result.values("learning_rate")
    assert TuningResult().values("lr").shape == (0,)


@settings(max_examples=40)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=6),
       st.booleans())
def test_search_keeps_the_best_finite_score_or_names_the_bad_one(scores, maximize):
    points = [{"i": float(i)} for i in range(len(scores))]
    try:
        result = search(lambda i: scores[int(i)], points, maximize=maximize)
    except ValueError as err:
        assert "the objective's score must be finite" in str(err)
        assert not all(math.isfinite(s) for s in scores)
    else:
        best = max(scores) if maximize else min(scores)
        assert result.best["score"] == best and scores[int(result.best["i"])] == best
