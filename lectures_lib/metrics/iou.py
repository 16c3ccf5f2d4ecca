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

from lectures_lib.metrics._validation import check_zero_division, divide, to_numpy


def _as_mask(mask, name):
    """``mask`` as a boolean array; it may hold True/False or 0/1."""
    arr = to_numpy(mask, name, scalar_ok=True)
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

    Raises
    ------
    TypeError
        For masks that are not booleans or numbers, or a set paired with a mask.
    ValueError
        For masks of different shapes, empty masks, values other than 0/1 (NaN included).

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
    arr = to_numpy(boxes, name)
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


def _span(high, low):
    """``high - low`` (clipped at 0) as mantissas in [0.5, 1) and exponents: no overflow.

    A difference that overflows float64 (``1e308 - (-1e308)``) is taken of the halves instead,
    with one more in the exponent.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        span = high - low
    big = np.isinf(span)
    span = np.where(big, high * 0.5 - low * 0.5, span)
    mantissa, exponent = np.frexp(np.maximum(span, 0.0))
    return mantissa, exponent.astype(np.int64) + big


def _area(x_span, y_span):
    """The product of two spans, as a mantissa in [0.25, 1) and an exponent (-inf-like at 0)."""
    (mx, ex), (my, ey) = x_span, y_span
    mantissa = mx * my
    return mantissa, np.where(mantissa == 0, _NO_AREA, ex + ey)


_NO_AREA = -(2**40)  # the exponent of an area of 0: below every other


def _at(area, exponent):
    """``area`` (mantissa, exponent) as a float scaled by ``2**-exponent`` (0 if far below)."""
    mantissa, own = area
    return np.ldexp(mantissa, np.clip(own - exponent, -2000, 0).astype(np.int32))


def box_iou(boxes1, boxes2, *, zero_division="warn"):
    """IoU of every box of ``boxes1`` with every box of ``boxes2``.

    A box is ``(x1, y1, x2, y2)``, its corners with ``x1 <= x2`` and ``y1 <= y2``; its area is
    ``(x2 - x1) * (y2 - y1)`` (continuous coordinates, as in ``torchvision.ops.box_iou``). The
    intersection of two boxes is the box between the larger of their lower corners and the
    smaller of their upper corners, or nothing.

    Areas are computed as mantissa and exponent, so boxes of any finite size (sides of 1e200
    or 1e-200, whose areas overflow or underflow float64) give the right IoU.

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

    Raises
    ------
    TypeError
        For boxes that are not numbers.
    ValueError
        For a shape other than (N, 4), no boxes, NaN or inf, or corners in the wrong order.

    Examples
    --------
    Two 2×2 squares that overlap in a 1×1 square: 1 / (4 + 4 - 1).

    >>> box_iou([[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 6, 6]])
    array([[0.14285714, 1.        , 0.        ]])
    >>> box_iou([[0, 0, 1e200, 1e200]], [[0, 0, 1e200, 5e199]])  # areas beyond float64
    array([[0.5]])
    """
    check_zero_division(zero_division)
    b1 = _as_boxes(boxes1, "boxes1")[:, None, :]   # (N, 1, 4), against
    b2 = _as_boxes(boxes2, "boxes2")[None, :, :]   # (1, M, 4): every pair
    # The intersection runs from the larger lower corner to the smaller upper corner.
    x1, y1 = np.maximum(b1[..., 0], b2[..., 0]), np.maximum(b1[..., 1], b2[..., 1])
    x2, y2 = np.minimum(b1[..., 2], b2[..., 2]), np.minimum(b1[..., 3], b2[..., 3])
    intersection = _area(_span(x2, x1), _span(y2, y1))
    area1 = _area(_span(b1[..., 2], b1[..., 0]), _span(b1[..., 3], b1[..., 1]))
    area2 = _area(_span(b2[..., 2], b2[..., 0]), _span(b2[..., 3], b2[..., 1]))
    # Scale everything by the larger area's power of two: union = area1 + area2 - intersection.
    top = np.maximum(area1[1], area2[1])
    union = _at(area1, top) + _at(area2, top) - _at(intersection, top)
    empty = union <= 0
    scale = np.clip(intersection[1] - top, -2000, 0).astype(np.int32)
    result = np.ldexp(np.divide(intersection[0], union, out=np.zeros_like(union),
                                where=~empty), scale)
    if np.any(empty):
        result[empty] = divide(0.0, 0.0, zero_division,
                               "IoU is ill-defined and being set to 0.0 for boxes of zero area")
    return np.minimum(result, 1.0)
