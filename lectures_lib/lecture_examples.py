"""The slides' worked examples, rebuilt so that their printed numbers come out.

The slides show only some numbers of each example (a loss, a few gradient entries); the
functions here are *constructed* to produce exactly those numbers, so a chapter can rerun the
example and print them. Each says what the slide showed and what was chosen to fill the gaps.
"""

import numpy as np

from lectures_lib._checks import as_float_array

#: The "current W" of the numeric-gradient walk-through (AI604 "Optimization" deck).
WALKTHROUGH_W = np.array([0.34, -1.11, 0.78, 0.12, 0.55, 2.81, -3.1, -1.5, 0.33])
#: Its loss on the slide.
WALKTHROUGH_LOSS = 1.25347
#: The gradient dW the slide reveals at the end of the walk-through.
WALKTHROUGH_GRADIENT = np.array([-2.5, 0.6, 0.0, 0.2, 0.7, -0.5, 1.1, 1.3, -2.1])


def walkthrough_loss(W):
    r"""A smooth loss whose value and gradient at :data:`WALKTHROUGH_W` are the slide's.

    .. math::

        L(W) = 1.25347 + g^\top (W - W_0) + \tfrac{1}{2} \lVert W - W_0 \rVert^2

    with :math:`W_0` = :data:`WALKTHROUGH_W` and :math:`g` = :data:`WALKTHROUGH_GRADIENT`. The
    quadratic term makes it a real curved function, so forward differences are off by
    :math:`h/2` while centred differences are exact (up to round-off).

    Parameters
    ----------
    W : array_like of shape (9,)

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``W`` is not numeric.
    ValueError
        If ``W`` does not have shape (9,), holds NaN/inf, or lies so far from
        :data:`WALKTHROUGH_W` (beyond about 1e154) that the loss overflows float64. Below that
        the squared distance is computed scaled, so it never overflows on the way.

    Examples
    --------
    >>> walkthrough_loss(WALKTHROUGH_W)
    1.25347
    """
    W = as_float_array(W, "W")
    if W.shape != WALKTHROUGH_W.shape:
        raise ValueError(f"W must have shape {WALKTHROUGH_W.shape} like WALKTHROUGH_W, got "
                         f"{W.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        d = W - WALKTHROUGH_W
        scale = float(np.max(np.abs(d)))
        if scale <= 1e100:  # the textbook formula, exact to round-off, cannot overflow here
            value = WALKTHROUGH_LOSS + WALKTHROUGH_GRADIENT @ d + 0.5 * d @ d
        else:  # 0.5 |d|^2 = (0.5 s) (s |d/s|^2) and g.d = s (g.d/s): no huge square or product
            u = d / scale
            value = (0.5 * scale) * (scale * (u @ u))   # inf when the loss overflows
            if np.isfinite(value):
                value = WALKTHROUGH_LOSS + scale * (WALKTHROUGH_GRADIENT @ u) + value
    if not np.isfinite(value):
        raise ValueError(f"W is too far from WALKTHROUGH_W (largest difference {scale:.3g}): "
                         f"the loss overflows float64")
    return float(value)


#: The sigmoid-neuron example (CTU "Training" deck, Example II). The deck shows the local
#: gradients -1/p ≈ -3.7, σ'(v) ≈ 0.2, y = 1, 1 and x1 = 2, and the update w1 → +0.48 with
#: ∂L/∂w1 = -1.48. The input, weights and step size below are chosen to give those local
#: gradients (v = -1, so p = σ(-1) ≈ 0.269) and that update from w1 = -1 with α = 1.
NEURON_EXAMPLE = {"x": (2.0, 1.0), "w": (-1.0, 1.0), "y": 1, "lr": 1.0}


#: The cars/background example (CTU "Training" deck, "How to report classifier quality?"): six
#: examples with the scores 0.9, 0.5, 0.1, -0.1, -0.4, -0.6; "car" (label 1) is the positive
#: class and a score >= 0 predicts "car". The deck counts TP = 1, FP = 2, TN = 2, FN = 1 at
#: threshold 0, and TP = 2, FN = 0 with FP = 2, TN = 2 after moving the threshold down. Its
#: pictures, which say which examples are cars, are not in the text; the counts force a car at
#: -0.1 and exactly one car among 0.9, 0.5 and 0.1. The labels put that car at 0.9.
CARS_SCORES = np.array([0.9, 0.5, 0.1, -0.1, -0.4, -0.6])
#: True labels of :data:`CARS_SCORES`: 1 = car, 0 = background.
CARS_LABELS = np.array([1, 0, 0, 1, 0, 0])
#: The lowered threshold: between -0.1 and -0.4, it turns the missed car into a true positive.
CARS_LOWER_THRESHOLD = -0.25


#: The L2-vs-L1 example (DeepRob Lecture 4, "Regularization: Expressing Preferences"): both
#: weight vectors give the same score w^T x = 1 for this x, so the same data loss; L2
#: regularization prefers the spread-out w2 (R = 0.25 against 1), L1 is indifferent (1 and 1).
PREFERENCE_X = np.array([1.0, 1.0, 1.0, 1.0])
#: The concentrated weights w1 of the L2-vs-L1 example.
PREFERENCE_W1 = np.array([1.0, 0.0, 0.0, 0.0])
#: The spread-out weights w2 of the L2-vs-L1 example.
PREFERENCE_W2 = np.array([0.25, 0.25, 0.25, 0.25])


# The linear-classifier demo of the gradients lecture (lectures_lib.viz.linear_classifier_demo).

#: The nine points of the slide, three per class, and their labels.
SLIDE_POINTS = np.array([[0.5, 0.4], [0.8, 0.3], [0.3, 0.8], [-0.4, 0.3], [-0.3, 0.7],
                         [-0.7, 0.2], [0.7, -0.4], [0.5, -0.6], [-0.4, -0.5]])
SLIDE_LABELS = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
#: The weights (one row per class) and biases of the slide. The slide prints them rounded to two
#: decimals (2.06, 1.48 / 0.44, -1.82 / 2.27, -2.04; biases -0.42, 0.52, -0.10), and those rounded
#: values reproduce its totals only to ±0.01; these values round to the printed ones and give
#: every score, loss and total of the slide exactly (found by a search within the rounding).
SLIDE_W = np.array([[2.0591, 1.4760], [0.4364, -1.8157], [2.2718, -2.0431]])
SLIDE_B = np.array([-0.4223, 0.5223, -0.1010])
#: The gradients the slide prints under each weight and bias (rounded to two decimals). They
#: are not those of its own total loss (data + λΣW², λ = 0.1): see chapter 2.
SLIDE_DW = np.array([[-0.12, 0.12], [0.19, -0.37], [0.17, 0.14]])
SLIDE_DB = np.array([0.00, 0.11, -0.11])
