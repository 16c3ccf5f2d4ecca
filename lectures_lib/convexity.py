r"""Convexity, checked from its definition, and 1-D slices of a network's loss.

A function :math:`f` is **convex** if for all :math:`x_1, x_2` and :math:`t \in [0, 1]`

.. math::

    f(t x_1 + (1 - t) x_2) \le t f(x_1) + (1 - t) f(x_2):

every chord lies on or above the graph. :math:`x^2` is convex, :math:`\cos x` is not, and
neither is the loss of a neural network: along a straight line through its weights, the loss
of a ReLU network bends both ways.
"""

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lectures_lib._checks import as_float_array, check_positive_int, check_unit_interval
from lectures_lib.curvature import flat_loss


def chord_gap(f, x1, x2, t):
    r"""How far the graph of ``f`` rises above the chord: :math:`f(t x_1 + (1-t) x_2) - [t
    f(x_1) + (1-t) f(x_2)]`.

    At most 0 for every ``x1``, ``x2``, ``t`` exactly when ``f`` is convex; a positive value is
    a witness that it is not.

    Examples
    --------
    >>> chord_gap(lambda x: x ** 2, -1.0, 1.0, 0.5)
    -1.0
    >>> round(chord_gap(np.cos, -1.0, 1.0, 0.5), 4)
    0.4597
    """
    t = check_unit_interval(t, "t", closed=True)
    return float(f(t * x1 + (1 - t) * x2) - (t * f(x1) + (1 - t) * f(x2)))


@dataclass
class ChordCheck:
    """The chord of a sampled 1-D function that the graph rises furthest above.

    Attributes
    ----------
    gap : float
        :func:`chord_gap` of that chord; <= 0 (up to round-off) when no chord is violated.
    x1, x2, t : float
        The chord's end points and the interpolation weight of the worst point.
    scale : float
        The largest absolute sampled value (at least 1), for the round-off tolerance.
    """

    gap: float
    x1: float
    x2: float
    t: float
    scale: float = 1.0

    @property
    def convex(self):
        """True when no sampled chord lies below the graph, up to round-off (1e-12 x scale)."""
        return self.gap <= 1e-12 * self.scale


def worst_chord(xs, values):
    """Check convexity of a 1-D function from samples: the most violated chord.

    For every pair of sample points :math:`x_i < x_k` and every sample :math:`x_j` between
    them, compares :math:`f(x_j)` with the chord, with :math:`t = (x_k - x_j)/(x_k - x_i)`.

    Parameters
    ----------
    xs : array_like of shape (n,)
        Increasing sample points, n >= 3.
    values : array_like of shape (n,)
        The function's values there.

    Returns
    -------
    ChordCheck

    Examples
    --------
    >>> xs = np.linspace(-3, 3, 61)
    >>> worst_chord(xs, xs ** 2).convex, worst_chord(xs, np.cos(xs)).convex
    (True, False)
    """
    xs = as_float_array(xs, "xs", ndim=1)
    values = as_float_array(values, "values", ndim=1)
    if xs.shape != values.shape or len(xs) < 3:
        raise ValueError(f"xs and values must have the same length >= 3, got {len(xs)} and "
                         f"{len(values)}")
    if np.any(np.diff(xs) <= 0):
        raise ValueError("xs must be strictly increasing")
    i, j, k = np.meshgrid(*(np.arange(len(xs)),) * 3, indexing="ij", sparse=True)
    valid = (i < j) & (j < k)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = (xs[k] - xs[j]) / (xs[k] - xs[i])
        gap = np.where(valid, values[j] - (t * values[i] + (1 - t) * values[k]), -np.inf)
    worst = np.unravel_index(np.argmax(gap), gap.shape)
    a, b, c = worst
    return ChordCheck(gap=float(gap[worst]), x1=float(xs[a]), x2=float(xs[c]),
                      t=float((xs[c] - xs[b]) / (xs[c] - xs[a])),
                      scale=max(1.0, float(np.max(np.abs(values)))))


def random_direction(model, seed=0, normalize=True):
    """A random direction in weight space, one entry per weight, for :func:`loss_along_line`.

    Standard normal entries; with ``normalize``, the part of each parameter tensor is rescaled
    to that tensor's norm (layer-wise normalisation, after Li et al., 2018, "Visualizing the
    loss landscape of neural nets"), so that t = 1 is a step as large as the weights.

    Examples
    --------
    >>> random_direction(torch.nn.Linear(3, 2)).shape
    torch.Size([8])
    """
    generator = torch.Generator().manual_seed(seed)
    parts = []
    for p in model.parameters():
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        if normalize:
            d *= p.detach().norm().cpu() / d.norm()
        parts.append(d.reshape(-1))
    return torch.cat(parts)


def loss_along_line(model, X, y, direction, ts, loss_fn=F.cross_entropy):
    r"""The loss of ``model`` along a line through its weights: :math:`L(w_0 + t\,d)` per ``t``.

    The loss is evaluated through :func:`lectures_lib.curvature.flat_loss`, so the model's own
    weights are never changed.

    Parameters
    ----------
    model : torch.nn.Module
    X, y : torch.Tensor
        The data the loss is measured on.
    direction : torch.Tensor
        :math:`d`, one entry per weight (see :func:`random_direction`).
    ts : array_like of float
        The positions along the line.
    loss_fn : callable, default torch.nn.functional.cross_entropy

    Returns
    -------
    numpy.ndarray of shape (len(ts),)

    Examples
    --------
    >>> model = torch.nn.Linear(2, 3)
    >>> X, y = torch.randn(5, 2), torch.tensor([0, 1, 2, 0, 1])
    >>> loss_along_line(model, X, y, random_direction(model), [0.0, 1.0]).shape
    (2,)
    """
    ts = as_float_array(ts, "ts", ndim=1)
    f, w0 = flat_loss(model, X, y, loss_fn)
    if direction.shape != w0.shape:
        raise ValueError(f"direction must have one entry per weight ({w0.numel()}), got shape "
                         f"{tuple(direction.shape)}")
    direction = direction.to(device=w0.device, dtype=w0.dtype)
    with torch.no_grad():
        return np.array([f(w0 + t * direction).item() for t in ts])
