r"""Loss functions of a linear classifier, with their analytic gradients.

The linear classifier scores each example with :math:`s = xW` (the bias folded into ``W`` by a
constant-1 feature; see :func:`lectures_lib.data.add_bias_column`). With ``N`` examples the
full loss is the mean data loss plus the L2 regulariser, as on the slides:

.. math::

    L(W) = \frac{1}{N} \sum_{i=1}^N L_i(x_i, y_i, W) + \lambda \sum_k W_k^2 .

Shapes: ``W`` is (D, C), ``X`` is (N, D), ``y`` is (N,) with integer labels in [0, C).
Every function returns ``(loss, dW)`` with ``dW`` of ``W``'s shape, computed with whole-array
operations (no Python loop over examples).
"""

import numpy as np

from lectures_lib._checks import as_float_array, check_labels, check_nonnegative, check_positive


def _check_linear_inputs(W, X, y, reg):
    """Validate the arguments shared by the linear-classifier losses."""
    W = as_float_array(W, "W", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} features but W has {W.shape[0]} rows")
    if X.shape[0] == 0:
        raise ValueError(f"X has no examples, got shape {X.shape}")
    y = check_labels(y, X.shape[0], W.shape[1], "y")
    reg = check_nonnegative(reg, "reg")
    return W, X, y, reg


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

    Notes
    -----
    The scores are shifted by their row maximum before exponentiating; this changes no
    probability but keeps ``exp`` from overflowing.

    Examples
    --------
    With all-zero weights every class is equally likely, so the loss is log C:

    >>> loss, dW = softmax_loss(np.zeros((2, 3)), np.ones((4, 2)), np.array([0, 1, 2, 0]))
    >>> bool(np.isclose(loss, np.log(3)))
    True
    """
    W, X, y, reg = _check_linear_inputs(W, X, y, reg)
    n = X.shape[0]
    data_loss, dscores = softmax_scores_loss(X @ W, y)
    loss = data_loss + reg * np.sum(W * W)
    dW = X.T @ dscores / n + 2 * reg * W
    return float(loss), dW


def softmax_scores_loss(scores, y):
    r"""The mean softmax loss of class scores, and each example's gradient with respect to them.

    The part of :func:`softmax_loss` that does not depend on the model, shared with
    :class:`~lectures_lib.two_layer_net.TwoLayerNet`.

    Parameters
    ----------
    scores : numpy.ndarray of shape (N, C)
    y : numpy.ndarray of int, shape (N,)
        Checked labels.

    Returns
    -------
    loss : float
        The mean of :math:`-\log p_{y_i}` over the N examples.
    dscores : numpy.ndarray of shape (N, C)
        :math:`p - \text{onehot}(y_i)` per example: the gradient of *its* loss; divide by N
        for the gradient of the mean.

    Examples
    --------
    >>> loss, dscores = softmax_scores_loss(np.zeros((1, 2)), np.array([0]))
    >>> round(loss, 4), dscores.tolist()
    (0.6931, [[-0.5, 0.5]])
    """
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)  # changes no p; keeps exp finite
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_probs)        # the softmax probabilities p
    dscores[np.arange(n), y] -= 1      # dL_i/ds = p - onehot(y_i)
    return float(-log_probs[np.arange(n), y].mean()), dscores


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

    Notes
    -----
    The hinge is not differentiable where a margin is met exactly; there the gradient used is
    0 (the subgradient the slides use).

    Examples
    --------
    With all-zero weights every wrong class violates the margin by exactly Δ:

    >>> loss, dW = svm_loss(np.zeros((2, 3)), np.ones((4, 2)), np.array([0, 1, 2, 0]))
    >>> loss
    2.0
    """
    W, X, y, reg = _check_linear_inputs(W, X, y, reg)
    margin = check_positive(margin, "margin")
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W
    margins = np.maximum(0.0, scores - scores[rows, y][:, None] + margin)
    margins[rows, y] = 0.0
    loss = margins.sum() / n + reg * np.sum(W * W)

    dscores = (margins > 0).astype(np.float64)
    dscores[rows, y] = -dscores.sum(axis=1)
    dW = X.T @ dscores / n + 2 * reg * W
    return float(loss), dW
