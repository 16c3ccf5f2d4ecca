r"""Backpropagation by hand on the lecture's small computational graph.

The graph is a sigmoid neuron with the log loss (CTU "Training" deck, Example II), for an input
:math:`x`, weights :math:`w` and a label :math:`y \in \{-1, +1\}`:

.. math::

    z_k = w_k x_k, \quad q = \sum_k z_k, \quad v = y\,q, \quad p = \sigma(v) = \frac{1}{1 + e^{-v}},
    \quad \mathcal{L} = -\log p .

Backward, each node multiplies the gradient arriving from above by its *local* gradient:

.. math::

    \frac{\partial \mathcal{L}}{\partial w_k}
    = \underbrace{-\tfrac{1}{p}}_{\partial \mathcal{L}/\partial p}
      \cdot \underbrace{\sigma(v)(1 - \sigma(v))}_{\partial p/\partial v}
      \cdot \underbrace{y}_{\partial v/\partial q}
      \cdot \underbrace{1}_{\partial q/\partial z_k}
      \cdot \underbrace{x_k}_{\partial z_k/\partial w_k} .
"""

import numbers
from dataclasses import dataclass

import numpy as np

from lectures_lib._checks import as_float_array, check_int


def sigmoid(v):
    """The logistic function σ(v) = 1 / (1 + exp(-v)), computed without overflow.

    Parameters
    ----------
    v : float or array_like
        Real numbers; ±inf give 1 and 0.

    Returns
    -------
    numpy.ndarray of float64
        Of ``v``'s shape (0-d for a number).

    Raises
    ------
    TypeError
        If ``v`` is not real numbers (strings, booleans, complex numbers).
    ValueError
        If ``v`` holds NaN.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    """
    try:
        arr = np.asarray(v)
    except (ValueError, TypeError, RuntimeError) as err:  # ragged lists, tensors with grad
        raise TypeError(f"v must be real numbers, got {type(v).__name__}") from err
    if (arr.dtype == bool or not np.issubdtype(arr.dtype, np.number)
            or np.issubdtype(arr.dtype, np.complexfloating)):
        raise TypeError(f"v must be real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if np.any(np.isnan(arr)):
        raise ValueError(f"v must not be NaN, got NaN at {int(np.sum(np.isnan(arr)))} place(s)")
    e = np.exp(-np.abs(arr))  # in (0, 1]: never overflows
    return np.where(arr >= 0, 1 / (1 + e), e / (1 + e))


@dataclass
class NeuronGraph:
    """The forward values and local gradients of the sigmoid-neuron graph.

    Attributes
    ----------
    z, q, v, p, loss
        Forward values of the nodes (``z`` has one entry per input).
    dL_dp, dp_dv, dv_dq : float
        Local gradients of the scalar nodes.
    dq_dz : numpy.ndarray
        Local gradients of the sum node (all ones).
    dz_dw : numpy.ndarray
        Local gradients of the products, ∂z_k/∂w_k = x_k.
    """

    z: np.ndarray
    q: float
    v: float
    p: float
    loss: float
    dL_dp: float
    dp_dv: float
    dv_dq: float
    dq_dz: np.ndarray
    dz_dw: np.ndarray

    def chain(self, k):
        """The five factors of ∂L/∂w_k, in order from the loss down to w_k.

        Parameters
        ----------
        k : int
            The weight's index, in ``[0, K)``.

        Raises
        ------
        TypeError
            If ``k`` is not an integer.
        ValueError
            If ``k`` is outside ``[0, K)``.
        """
        k = check_int(k, "k", low=0, high=len(self.dz_dw) - 1)
        return [self.dL_dp, self.dp_dv, self.dv_dq, float(self.dq_dz[k]), float(self.dz_dw[k])]

    @property
    def grad_w(self):
        """∂L/∂w, the product of the local gradients along each path (the chain rule)."""
        return self.dL_dp * self.dp_dv * self.dv_dq * self.dq_dz * self.dz_dw


def neuron_log_loss(x, w, y):
    """Run the sigmoid-neuron graph forward and backward.

    Parameters
    ----------
    x : array_like of shape (K,)
        The input.
    w : array_like of shape (K,)
        The weights.
    y : {-1, 1}
        The label.

    Returns
    -------
    NeuronGraph

    Raises
    ------
    TypeError
        If ``x`` or ``w`` is not numeric, or ``y`` not a number.
    ValueError
        If ``x`` and ``w`` differ in shape, are empty or hold NaN/inf, ``y`` is not ±1, or the
        values are so large that a node overflows float64: a product ``w_k x_k``, the sum
        ``q``, or the local gradient ``-1/p`` when ``v`` is below about -709 (the neuron is
        saturated: ``p`` underflows). Every other value is computed without overflow:
        ``L = log(1 + exp(-v))`` and ``σ'(v) = σ(v) σ(-v)``.

    Examples
    --------
    >>> g = neuron_log_loss([2.0, 1.0], [0.0, 0.0], 1)
    >>> g.p, g.grad_w
    (0.5, array([-1. , -0.5]))
    """
    x = as_float_array(x, "x", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    if x.shape != w.shape:
        raise ValueError(f"x and w must have the same shape, got {x.shape} and {w.shape}")
    if x.size == 0:
        raise ValueError("x and w must have at least one entry, got shape (0,)")
    if isinstance(y, (bool, np.bool_)) or not isinstance(y, (numbers.Real, np.number)):
        raise TypeError(f"y must be -1 or +1, got {type(y).__name__} {y!r}")
    if y not in (-1, 1):
        raise ValueError(f"y must be -1 or +1, got {y!r}")
    # forward
    with np.errstate(over="ignore", invalid="ignore"):
        z = w * x
        q = float(z.sum())
    if not np.all(np.isfinite(z)):
        k = int(np.flatnonzero(~np.isfinite(z))[0])
        raise ValueError(f"w * x overflows float64 at index {k} (x[{k}] = {x[k]:g}, "
                         f"w[{k}] = {w[k]:g}): scale x or w down")
    if not np.isfinite(q):
        raise ValueError("the sum q of w * x overflows float64: scale x or w down")
    v = float(y) * q
    p, one_minus_p = float(sigmoid(v)), float(sigmoid(-v))  # 1 - p without cancellation
    loss = float(np.logaddexp(0.0, -v))                     # -log p without overflow
    with np.errstate(over="ignore"):
        dL_dp = -float(1.0 + np.exp(-v)) if v < 0 else -1.0 / p   # -1/p
    if not np.isfinite(dL_dp):
        raise ValueError(f"v = y * sum(w * x) = {v:g} is too negative: p = sigma(v) = {p:g} "
                         f"underflows and the local gradient -1/p overflows float64 (the "
                         f"neuron is saturated); scale x or w down")
    # backward: the local gradient of every node
    return NeuronGraph(
        z=z, q=q, v=v, p=p, loss=loss,
        dL_dp=dL_dp,
        dp_dv=p * one_minus_p,
        dv_dq=float(y),
        dq_dz=np.ones_like(z),
        dz_dw=x.copy(),
    )
