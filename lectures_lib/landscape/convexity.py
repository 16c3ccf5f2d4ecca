r"""Convexity, checked from its definition (chapter 6).

A function :math:`f` is **convex** if for all :math:`x_1, x_2` and :math:`t \in [0, 1]`

.. math::

    f(t x_1 + (1 - t) x_2) \le t f(x_1) + (1 - t) f(x_2):

every chord lies on or above the graph. :math:`x^2` is convex, :math:`\cos x` is not, and
neither is the loss of a neural network: along a straight line through its weights
(:func:`~lectures_lib.landscape.network_loss.loss_along_line`), the loss of a ReLU network
bends both ways. :func:`chord_gap` measures one chord, :func:`worst_chord` every chord of a
sampled curve.
"""

from dataclasses import dataclass

import numpy as np
import torch

from lectures_lib._checks import as_float_array, as_scalar, check_callable, check_unit_interval


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
