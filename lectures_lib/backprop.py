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

from dataclasses import dataclass

import numpy as np

from lectures_lib._checks import as_float_array


def sigmoid(v):
    """The logistic function σ(v) = 1 / (1 + exp(-v)), computed without overflow.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    """
    v = np.asarray(v, dtype=np.float64)
    return np.where(v >= 0, 1 / (1 + np.exp(-np.abs(v))), np.exp(-np.abs(v)) / (1 + np.exp(-np.abs(v))))


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
        """The five factors of ∂L/∂w_k, in order from the loss down to w_k."""
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
    if y not in (-1, 1):
        raise ValueError(f"y must be -1 or +1, got {y!r}")
    # forward
    z = w * x
    q = float(z.sum())
    v = y * q
    p = float(sigmoid(v))
    loss = -np.log(p)
    # backward: the local gradient of every node
    return NeuronGraph(
        z=z, q=q, v=v, p=p, loss=float(loss),
        dL_dp=-1.0 / p,
        dp_dv=p * (1.0 - p),
        dv_dq=float(y),
        dq_dz=np.ones_like(z),
        dz_dw=x.copy(),
    )
