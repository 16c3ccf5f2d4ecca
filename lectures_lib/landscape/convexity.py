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

from lectures_lib._checks import (as_float_array, as_float_tensor, as_scalar, check_callable,
                                 check_seed, check_unit_interval)
from lectures_lib.landscape.curvature import flat_loss


def _value(out, name):
    """A function's value as a finite float (a one-element tensor or array will do)."""
    if isinstance(out, torch.Tensor):
        out = out.detach().cpu().numpy()
    return as_scalar(out, name)


def _exponent(values):
    """The power of two just above the largest magnitude (0 for all zeros)."""
    return int(np.frexp(np.max(np.abs(values), initial=0.0))[1])


def chord_gap(f, x1, x2, t):
    r"""How far the graph of ``f`` rises above the chord: :math:`f(t x_1 + (1-t) x_2) - [t
    f(x_1) + (1-t) f(x_2)]`.

    At most 0 for every ``x1``, ``x2``, ``t`` exactly when ``f`` is convex; a positive value is
    a witness that it is not.

    Parameters
    ----------
    f : callable
        Maps a point to a finite real number (a float, a NumPy scalar, a one-element tensor).
    x1, x2 : float or array_like
        The chord's end points: numbers, or arrays of the same shape for a function of a
        vector. They reach ``f`` as float64 NumPy values.
    t : float
        In [0, 1].

    Returns
    -------
    float
        Computed with the values scaled by a power of two where the plain difference would
        overflow.

    Raises
    ------
    TypeError, ValueError
        For ``f`` not callable, ``x1``/``x2`` not finite numbers of the same shape, ``t``
        outside [0, 1], ``f`` returning anything but one finite number; or a gap beyond
        float64's range.

    Examples
    --------
    >>> chord_gap(lambda x: x ** 2, -1.0, 1.0, 0.5)
    -1.0
    >>> round(chord_gap(np.cos, -1.0, 1.0, 0.5), 4)
    0.4597
    """
    check_callable(f, "f")
    t = check_unit_interval(t, "t", closed=True)
    x1, x2 = as_float_array(x1, "x1"), as_float_array(x2, "x2")
    if x1.shape != x2.shape:
        raise ValueError(f"x1 and x2 must have the same shape, got {x1.shape} and {x2.shape}")
    if x1.ndim == 0:
        x1, x2 = x1[()], x2[()]                        # NumPy scalars, which are floats
    with np.errstate(over="ignore"):
        mid = t * x1 + (1 - t) * x2    # between x1 and x2; can round past 1.8e308 only there
    mid = np.clip(mid, np.minimum(x1, x2), np.maximum(x1, x2))
    with np.errstate(all="ignore"):    # f's own overflow is reported below, by name
        values = np.array([_value(f(mid), "f(t x1 + (1 - t) x2)"), _value(f(x1), "f(x1)"),
                           _value(f(x2), "f(x2)")])
    e = _exponent(values)
    f_mid, f1, f2 = np.ldexp(values, -e)               # exact: a power of two
    gap = np.ldexp(f_mid - (t * f1 + (1 - t) * f2), e)
    if not np.isfinite(gap):
        raise ValueError(f"the chord gap overflows float64's range (about 1.8e308): f is "
                         f"{values[1]:.3g} at x1 and {values[2]:.3g} at x2")
    return float(gap)


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

    Raises
    ------
    TypeError, ValueError
        For ``xs`` or ``values`` not finite 1-D arrays of the same length >= 3, ``xs`` not
        strictly increasing, or a worst gap beyond float64's range.

    Notes
    -----
    The points and the values are scaled by powers of two first (exactly: t is the same and
    the gaps scale back), so that huge but finite samples do not overflow. Memory is
    :math:`O(n^2)` and time :math:`O(n^3)`.

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
    if np.any(~(xs[1:] > xs[:-1])):
        i = int(np.flatnonzero(~(xs[1:] > xs[:-1]))[0])
        raise ValueError(f"xs must be strictly increasing, got xs[{i}] = {xs[i]:g} and "
                         f"xs[{i + 1}] = {xs[i + 1]:g}")
    e_x, e_v = _exponent(xs), _exponent(values)
    xs_s, values_s = np.ldexp(xs, -e_x), np.ldexp(values, -e_v)
    n = len(xs)
    best, worst = -np.inf, None
    for j in range(1, n - 1):           # the middle point; every chord i < j < k over it
        left, right = xs_s[:j, None], xs_s[None, j + 1:]
        t = (right - xs_s[j]) / (right - left)
        gap = values_s[j] - (t * values_s[:j, None] + (1 - t) * values_s[None, j + 1:])
        i, k = np.unravel_index(np.argmax(gap), gap.shape)
        # on a tie, the first (i, j, k) in lexicographic order, as one argmax over all would
        if worst is None or gap[i, k] > best or (gap[i, k] == best
                                                 and (i, j, j + 1 + k) < worst):
            best, worst = gap[i, k], (int(i), j, j + 1 + int(k))
    a, b, c = worst
    with np.errstate(over="ignore"):
        gap = np.ldexp(best, e_v)
    if not np.isfinite(gap):
        raise ValueError(f"the chord gaps of values overflow float64's range (about 1.8e308): "
                         f"max |values| = {np.max(np.abs(values)):.3g}; scale values down "
                         f"(that changes no convexity)")
    return ChordCheck(gap=float(gap), x1=float(xs[a]), x2=float(xs[c]),
                      t=float((xs_s[c] - xs_s[b]) / (xs_s[c] - xs_s[a])),
                      scale=max(1.0, float(np.max(np.abs(values)))))


def random_direction(model, seed=0, normalize=True):
    """A random direction in weight space, one entry per weight, for :func:`loss_along_line`.

    Standard normal entries; with ``normalize``, the part of each parameter tensor is rescaled
    to that tensor's norm (layer-wise normalisation, after Li et al., 2018, "Visualizing the
    loss landscape of neural nets"), so that t = 1 is a step as large as the weights.

    Parameters
    ----------
    model : torch.nn.Module
        With at least one parameter.
    seed : int, default 0
        In [0, 2**63).
    normalize : bool, default True

    Returns
    -------
    torch.Tensor of shape (N,)
        On the CPU, in the parameters' dtype.

    Raises
    ------
    TypeError, ValueError
        For a ``model`` that is not a module or has no parameters, a bad ``seed``, or a
        ``normalize`` that is not a bool.

    Examples
    --------
    >>> random_direction(torch.nn.Linear(3, 2)).shape
    torch.Size([8])
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, got {type(normalize).__name__}")
    generator = torch.Generator().manual_seed(check_seed(seed))
    if not list(model.parameters()):
        raise ValueError("model has no parameters")
    parts = []
    for p in model.parameters():
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        if normalize and d.numel():
            d *= p.detach().norm().cpu() / d.norm()
        parts.append(d.reshape(-1))
    return torch.cat(parts)


def loss_along_line(model, X, y, direction, ts, loss_fn=F.cross_entropy):
    r"""The loss of ``model`` along a line through its weights: :math:`L(w_0 + t\,d)` per ``t``.

    The loss is evaluated through :func:`lectures_lib.landscape.curvature.flat_loss`, so the
    model's own weights are never changed.

    Parameters
    ----------
    model : torch.nn.Module
    X, y : torch.Tensor or array_like
        The data the loss is measured on. ``X`` is cast to the model's dtype (integer data
        too); a list or array ``y`` becomes a tensor (integer labels stay int64).
    direction : torch.Tensor or array_like
        :math:`d`, one entry per weight (see :func:`random_direction`), finite.
    ts : array_like of float
        The positions along the line, finite.
    loss_fn : callable, default torch.nn.functional.cross_entropy

    Returns
    -------
    numpy.ndarray of shape (len(ts),)

    Raises
    ------
    TypeError, ValueError
        For bad ``X``, ``y``, ``direction`` (shape, NaN/inf), ``ts`` or ``loss_fn``; when
        ``model``, ``X``, ``y`` and ``loss_fn`` do not fit together (the first evaluation's
        error is passed on as a ``ValueError``); and when the loss is not finite at some
        ``t`` (the weights ``w0 + t d`` overflow: use smaller ``ts``).

    Examples
    --------
    >>> model = torch.nn.Linear(2, 3)
    >>> X, y = torch.randn(5, 2), torch.tensor([0, 1, 2, 0, 1])
    >>> loss_along_line(model, X, y, random_direction(model), [0.0, 1.0]).shape
    (2,)
    """
    ts = as_float_array(ts, "ts", ndim=1)
    f, w0 = flat_loss(model, X, y, loss_fn)
    direction = as_float_tensor(direction, "direction")
    if direction.shape != w0.shape:
        raise ValueError(f"direction must have one entry per weight ({w0.numel()}), got shape "
                         f"{tuple(direction.shape)}")
    direction = direction.to(device=w0.device, dtype=w0.dtype)
    losses = []
    with torch.no_grad():
        for t in ts:
            w = w0 + t * direction
            try:
                out = f(w)
            except (RuntimeError, IndexError) as err:
                raise ValueError(f"model, X, y and loss_fn do not fit together: {err}") from err
            if not isinstance(out, torch.Tensor) or out.numel() != 1:
                raise TypeError(f"loss_fn(model(X), y) must return one number as a tensor, got "
                                f"{type(out).__name__} of shape {tuple(np.shape(out))}")
            loss = out.item()
            if not np.isfinite(loss):
                size = float(w.abs().max())
                why = (f"the weights w0 + t * direction overflow {w.dtype}" if not
                       np.isfinite(size) else f"the weights w0 + t * direction (up to "
                                              f"{size:.3g}) are too large for the model")
                raise ValueError(f"the loss at t = {t:g} is {loss}: {why}; use smaller ts")
            losses.append(loss)
    return np.array(losses)
