r"""Loss functions of a linear classifier, with their analytic gradients.

The linear classifier scores each example with :math:`s = xW` (the bias folded into ``W`` by a
constant-1 feature; see :func:`lectures_lib.data.transforms.add_bias_column`). With ``N``
examples the full loss is the mean data loss plus the L2 regulariser, as on the slides:

.. math::

    L(W) = \frac{1}{N} \sum_{i=1}^N L_i(x_i, y_i, W) + \lambda \sum_k W_k^2 .

Shapes: ``W`` is (D, C), ``X`` is (N, D), ``y`` is (N,) with integer labels in [0, C).
Every function returns ``(loss, dW)`` with ``dW`` of ``W``'s shape, computed with whole-array
operations (no Python loop over examples).
"""

import numpy as np

from lectures_lib._checks import as_float_array, check_labels, check_nonnegative, check_positive

_RANGE = "float64's range (about 1.8e308)"


def _check_linear_inputs(W, X, y, reg):
    """Validate the arguments shared by the linear-classifier losses."""
    W = as_float_array(W, "W", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} features but W has {W.shape[0]} rows")
    if X.shape[0] == 0:
        raise ValueError(f"X has no examples, got shape {X.shape}")
    if W.shape[1] == 0:
        raise ValueError(f"W must have at least one column (one per class), got shape {W.shape}")
    y = check_labels(y, X.shape[0], W.shape[1], "y", against="X")
    reg = check_nonnegative(reg, "reg")
    return W, X, y, reg


def _exponent(a, axis=None):
    """The power of two ``e`` with ``max |a| < 2**e`` (0 for an all-zero ``a``), as an int array.

    Dividing by ``2**e`` (:func:`numpy.ldexp`) is exact, so scaling by it changes no digit.
    """
    return np.frexp(np.max(np.abs(a), axis=axis, keepdims=axis is not None))[1]


def _scores(X, W):
    """The scores ``X @ W`` as ``S * 2**e``: ``S`` finite, ``e`` one exponent per row.

    ``X @ W`` as it is when it is finite (``e = 0``); when it overflows, each row of ``X``
    and the whole of ``W`` are first scaled by powers of two into [-1, 1], so that only the
    differences of scores (all the losses need) meet the exponent again.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        scores = X @ W
    if np.all(np.isfinite(scores)):
        return scores, np.zeros((X.shape[0], 1), dtype=int)
    ex, ew = _exponent(X, axis=1), _exponent(W)
    return np.ldexp(X, -ex) @ np.ldexp(W, -ew), ex + ew


def _mean(values):
    """The mean of finite numbers without overflow in the sum."""
    e = _exponent(values)
    return float(np.ldexp(np.mean(np.ldexp(values, -e)), e))


def _data_gradient(X, dscores, what):
    """``X.T @ dscores / N``, with ``X`` scaled by a power of two if the product overflows."""
    n = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        dW = X.T @ dscores / n
        if not np.all(np.isfinite(dW)):
            e = _exponent(X)
            dW = np.ldexp(np.ldexp(X, -e).T @ dscores / n, e)
    if not np.all(np.isfinite(dW)):
        raise ValueError(f"the gradient of the {what} loss overflows {_RANGE}: max |X| is "
                         f"{np.max(np.abs(X)):.3g}; scale X down")
    return dW


def _add_penalty(data_loss, dW, W, reg, what):
    """Add ``reg * sum(W**2)`` to the loss and ``2 reg W`` to the gradient, or raise."""
    loss = data_loss
    if reg > 0:                            # reg = 0 adds nothing, even where W**2 overflows
        e = _exponent(W)
        Ws = np.ldexp(W, -e)                                  # |Ws| < 1: no overflow
        with np.errstate(over="ignore", invalid="ignore"):
            loss = data_loss + float(np.ldexp(reg * np.sum(Ws * Ws), 2 * e))
            dW = dW + 2 * reg * W
    if not (np.isfinite(loss) and np.all(np.isfinite(dW))):
        raise ValueError(f"the {what} loss or its gradient overflows {_RANGE}: reg * sum(W**2) "
                         f"with reg = {reg} and max |W| = {np.max(np.abs(W)):.3g}; scale W "
                         f"down or lower reg")
    return float(loss), dW


def softmax_loss(W, X, y, reg=0.0):
    r"""Softmax (cross-entropy) loss and its gradient.

    .. math::

        L_i = -\log \frac{e^{s_{y_i}}}{\sum_j e^{s_j}}, \qquad
        \frac{\partial L_i}{\partial s_j} = p_j - [j = y_i], \quad p = \mathrm{softmax}(s).

    Parameters
    ----------
    W : array_like of shape (D, C)
        Weights, one column per class.
    X : array_like of shape (N, D)
        Examples, one per row.
    y : array_like of int, shape (N,)
        Labels in [0, C).
    reg : float, default 0.0
        The regularisation strength λ >= 0 of the penalty ``λ * sum(W**2)``.

    Returns
    -------
    loss : float
    dW : numpy.ndarray of shape (D, C)

    Raises
    ------
    TypeError
        If ``W`` or ``X`` is not numeric, or ``y`` does not hold integers.
    ValueError
        For shapes that do not fit together, NaN/inf, labels out of range, ``reg < 0``; and
        when the loss itself is beyond float64's range (a true class's score more than
        about 1.8e308 below the best one), which no formula can return.

    Notes
    -----
    The scores are shifted by their row maximum before exponentiating; this changes no
    probability but keeps ``exp`` from overflowing. Scores, sums and the penalty that would
    overflow in the textbook formula are computed with the inputs scaled by powers of two
    (exactly), so finite inputs give the right finite answer whenever it is representable.

    Examples
    --------
    With all-zero weights every class is equally likely, so the loss is log C:

    >>> loss, dW = softmax_loss(np.zeros((2, 3)), np.ones((4, 2)), np.array([0, 1, 2, 0]))
    >>> bool(np.isclose(loss, np.log(3)))
    True
    """
    W, X, y, reg = _check_linear_inputs(W, X, y, reg)
    data_loss, dscores = _softmax(*_scores(X, W), y)
    return _add_penalty(data_loss, _data_gradient(X, dscores, "softmax"), W, reg, "softmax")


def softmax_scores_loss(scores, y):
    r"""The mean softmax loss of class scores, and each example's gradient with respect to them.

    The part of :func:`softmax_loss` that does not depend on the model, shared with
    :class:`~lectures_lib.nn.two_layer_net.TwoLayerNet`.

    Parameters
    ----------
    scores : array_like of shape (N, C)
        Finite class scores, N >= 1 and C >= 1.
    y : array_like of int, shape (N,)
        Labels in [0, C).

    Returns
    -------
    loss : float
        The mean of :math:`-\log p_{y_i}` over the N examples.
    dscores : numpy.ndarray of shape (N, C)
        :math:`p - \text{onehot}(y_i)` per example: the gradient of *its* loss; divide by N
        for the gradient of the mean.

    Raises
    ------
    TypeError, ValueError
        For scores that are not a finite 2-D array, or labels that do not fit them; and when
        the loss is beyond float64's range (a true class's score more than about 1.8e308
        below the highest).

    Examples
    --------
    >>> loss, dscores = softmax_scores_loss(np.zeros((1, 2)), np.array([0]))
    >>> round(loss, 4), dscores.tolist()
    (0.6931, [[-0.5, 0.5]])
    """
    scores = as_float_array(scores, "scores", ndim=2)
    if scores.shape[0] == 0 or scores.shape[1] == 0:
        raise ValueError(f"scores must have at least one example and one class, got shape "
                         f"{scores.shape}")
    y = check_labels(y, scores.shape[0], scores.shape[1], "y", against="scores")
    return _softmax(scores, np.zeros((scores.shape[0], 1), dtype=int), y)


def _softmax(S, e, y):
    """:func:`softmax_scores_loss` of the scores ``S * 2**e`` (see :func:`_scores`)."""
    rows = np.arange(S.shape[0])
    with np.errstate(over="ignore"):   # a difference below -1.8e308 is -inf, and exp(-inf) = 0
        shifted = np.ldexp(S - S.max(axis=1, keepdims=True), e)  # changes no p; keeps exp finite
    if np.any(np.isinf(shifted[rows, y])):
        i = int(np.flatnonzero(np.isinf(shifted[rows, y]))[0])
        raise ValueError(f"the softmax loss overflows {_RANGE}: in example {i} the true "
                         f"class's score is more than 1.8e308 below the highest, and the loss "
                         f"is that difference; scale the scores (X or W) down")
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_probs)        # the softmax probabilities p
    dscores[rows, y] -= 1              # dL_i/ds = p - onehot(y_i)
    return _mean(-log_probs[rows, y]), dscores


def svm_loss(W, X, y, reg=0.0, margin=1.0):
    r"""Multiclass SVM (hinge) loss and its gradient.

    .. math::

        L_i = \sum_{j \ne y_i} \max(0,\; s_j - s_{y_i} + \Delta),

    with margin :math:`\Delta` = ``margin`` (1 on the slides). Each class whose margin is
    violated pushes its own column of ``W`` up by :math:`x_i` and the true class's down.

    Parameters
    ----------
    W : array_like of shape (D, C)
        Weights, one column per class.
    X : array_like of shape (N, D)
        Examples, one per row.
    y : array_like of int, shape (N,)
        Labels in [0, C).
    reg : float, default 0.0
        The regularisation strength λ >= 0 of the penalty ``λ * sum(W**2)``.
    margin : float, default 1.0
        The margin Δ > 0.

    Returns
    -------
    loss : float
    dW : numpy.ndarray of shape (D, C)

    Raises
    ------
    TypeError, ValueError
        As :func:`softmax_loss`, and for ``margin <= 0``; also when the loss is beyond
        float64's range.

    Notes
    -----
    The hinge is not differentiable where a margin is met exactly; there the gradient used is
    0 (the subgradient the slides use). Finite inputs whose scores overflow are handled as in
    :func:`softmax_loss`.

    Examples
    --------
    With all-zero weights every wrong class violates the margin by exactly Δ:

    >>> loss, dW = svm_loss(np.zeros((2, 3)), np.ones((4, 2)), np.array([0, 1, 2, 0]))
    >>> loss
    2.0
    """
    W, X, y, reg = _check_linear_inputs(W, X, y, reg)
    margin = check_positive(margin, "margin")
    S, e = _scores(X, W)
    n, rows = X.shape[0], np.arange(X.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        margins = np.maximum(0.0, np.ldexp(S - S[rows, y][:, None], e) + margin)
    margins[rows, y] = 0.0
    if not np.all(np.isfinite(margins)):
        raise ValueError(f"the SVM loss overflows {_RANGE}: a wrong class's score plus the margin "
                         f"{margin:g} is more than 1.8e308 above the true class's; scale X or "
                         f"W down")
    with np.errstate(over="ignore"):
        data_loss = margins.sum() / n
        if not np.isfinite(data_loss):            # each margin is finite: add them scaled
            e = _exponent(margins)
            data_loss = np.ldexp(np.ldexp(margins, -e).sum() / n, e)
    if not np.isfinite(data_loss):
        raise ValueError(f"the SVM loss overflows {_RANGE}: its margins add up to more; scale "
                         f"X or W down")

    dscores = (margins > 0).astype(np.float64)
    dscores[rows, y] = -dscores.sum(axis=1)
    return _add_penalty(float(data_loss), _data_gradient(X, dscores, "SVM"), W, reg, "SVM")
