r"""Intersection over union (IoU): how well a predicted region overlaps the true one.

.. math::

    \text{IoU}(A, B) = \frac{|A \cap B|}{|A \cup B|} ,

1 for a perfect overlap and 0 for none. For a binary classification it counts the examples
(or pixels) marked positive: :math:`A \cap B` are the true positives and :math:`A \cup B`
adds the false positives and the false negatives,

.. math::

    \text{IoU} = \frac{TP}{TP + FP + FN}

(scikit-learn calls it ``jaccard_score``). For object detection :math:`A` and :math:`B` are
boxes and the sizes are areas; a detection usually counts as correct when its IoU with a true
box is at least 0.5.
"""

import numpy as np

from lectures_lib.metrics._validation import check_zero_division, divide


def _as_mask(mask, name):
    """``mask`` as a boolean array; it may hold True/False or 0/1."""
    arr = np.asarray(mask)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a boolean or 0/1 array (or a set), got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty, got shape {arr.shape}")
    not_binary = (arr != 0) & (arr != 1)
    if not_binary.any():
        raise ValueError(f"{name} must hold only 0/1 or True/False, got {arr[not_binary][0]}")
    return arr.astype(bool)


def iou(pred_mask, true_mask, *, zero_division="warn"):
    """IoU of a predicted and a true region, given as masks or as sets.

    Parameters
    ----------
    pred_mask, true_mask : array_like of bool or 0/1, any shape; or set
        Two masks of the same shape (pixels, or examples of a binary classification: 1 marks
        positive), or two Python sets (e.g. of pixel coordinates).
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value when both regions are empty (the union is empty); "warn" gives 0.0 and an
        ``UndefinedMetricWarning``, as ``sklearn.metrics.jaccard_score`` does.

    Returns
    -------
    float

    Examples
    --------
    The lecture's cars example, TP = 1, FP = 2, FN = 1:

    >>> iou([1, 1, 1, 0, 0, 0], [1, 0, 0, 1, 0, 0])
    0.25
    >>> iou({(0, 0), (0, 1)}, {(0, 1), (1, 1)})
    0.3333333333333333
    """
    check_zero_division(zero_division)
    sets = isinstance(pred_mask, (set, frozenset)), isinstance(true_mask, (set, frozenset))
    if all(sets):
        intersection, union = len(pred_mask & true_mask), len(pred_mask | true_mask)
    elif any(sets):
        raise TypeError("pred_mask and true_mask must both be sets or both be masks, got "
                        f"{type(pred_mask).__name__} and {type(true_mask).__name__}")
    else:
        pred, true = _as_mask(pred_mask, "pred_mask"), _as_mask(true_mask, "true_mask")
        if pred.shape != true.shape:
            raise ValueError(f"pred_mask has shape {pred.shape} but true_mask has shape "
                             f"{true.shape}")
        intersection, union = np.sum(pred & true), np.sum(pred | true)
    return divide(intersection, union, zero_division,
                  "Jaccard is ill-defined and being set to 0.0 due to no true or predicted "
                  "samples")


def _as_boxes(boxes, name):
    """``boxes`` as a float array of shape (N, 4), N >= 1, each with x1 <= x2 and y1 <= y2."""
    arr = np.asarray(boxes)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"{name} must have shape (N, 4), one (x1, y1, x2, y2) row per box "
                         f"(one box is [[x1, y1, x2, y2]]), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} holds no boxes, got shape {arr.shape}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf in box "
                         f"{int(np.argmax(~np.all(np.isfinite(arr), axis=1)))}")
    flipped = (arr[:, 2] < arr[:, 0]) | (arr[:, 3] < arr[:, 1])
    if flipped.any():
        i = int(np.argmax(flipped))
        raise ValueError(f"{name}[{i}] = {arr[i].tolist()} is not (x1, y1, x2, y2) with "
                         "x1 <= x2 and y1 <= y2")
    return arr


def box_iou(boxes1, boxes2, *, zero_division="warn"):
    """IoU of every box of ``boxes1`` with every box of ``boxes2``.

    A box is ``(x1, y1, x2, y2)``, its corners with ``x1 <= x2`` and ``y1 <= y2``; its area is
    ``(x2 - x1) * (y2 - y1)`` (continuous coordinates, as in ``torchvision.ops.box_iou``). The
    intersection of two boxes is the box between the larger of their lower corners and the
    smaller of their upper corners, or nothing.

    Parameters
    ----------
    boxes1 : array_like of shape (N, 4)
    boxes2 : array_like of shape (M, 4)
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        The value for two boxes of zero area whose union is empty; "warn" gives 0.0 and one
        ``UndefinedMetricWarning``.

    Returns
    -------
    numpy.ndarray of shape (N, M)
        ``iou[i, j]`` is the IoU of ``boxes1[i]`` and ``boxes2[j]``.

    Examples
    --------
    Two 2×2 squares that overlap in a 1×1 square: 1 / (4 + 4 - 1).

    >>> box_iou([[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 6, 6]])
    array([[0.14285714, 1.        , 0.        ]])
    """
    check_zero_division(zero_division)
    b1 = _as_boxes(boxes1, "boxes1")[:, None, :]   # (N, 1, 4), against
    b2 = _as_boxes(boxes2, "boxes2")[None, :, :]   # (1, M, 4): every pair
    # The intersection runs from the larger lower corner to the smaller upper corner.
    x1, y1 = np.maximum(b1[..., 0], b2[..., 0]), np.maximum(b1[..., 1], b2[..., 1])
    x2, y2 = np.minimum(b1[..., 2], b2[..., 2]), np.minimum(b1[..., 3], b2[..., 3])
    intersection = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area1 = (b1[..., 2] - b1[..., 0]) * (b1[..., 3] - b1[..., 1])
    area2 = (b2[..., 2] - b2[..., 0]) * (b2[..., 3] - b2[..., 1])
    union = area1 + area2 - intersection
    result = np.divide(intersection, union, out=np.zeros_like(union), where=union > 0)
    if np.any(union == 0):
        result[union == 0] = divide(0.0, 0.0, zero_division,
                                    "IoU is ill-defined and being set to 0.0 for boxes of "
                                    "zero area")
    return result
