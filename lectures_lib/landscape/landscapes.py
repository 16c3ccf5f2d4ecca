r"""Two-dimensional test problems for optimizers (chapters 3 and 4).

Each problem is a :class:`Landscape`: a function :math:`f(x, y)` with its gradient, a starting
point and a window to draw it in. They show the slides' "problems with SGD":

* :func:`quadratic`: poor conditioning, :math:`f = \tfrac12(x^2/\kappa + y^2)`: zig-zag;
* :func:`saddle`: :math:`f = x^2 - y^2`, zero gradient at the origin;
* :func:`local_minimum`: a tilted double well with a local and a global minimum;
* :func:`rosenbrock`: the curved valley :math:`(1 - x)^2 + 100 (y - x^2)^2`;
* :func:`with_gradient_noise`: any of them with minibatch-like noise on the gradient.

:func:`~lectures_lib.landscape.runs.run` trains the two coordinates with an optimizer and
returns the path; :mod:`lectures_lib.viz.landscape_plots` draws paths on the contours.
"""

from dataclasses import dataclass, replace

import numpy as np

from lectures_lib._checks import (as_float_array, check_callable, check_nonnegative,
                                 check_positive, check_positive_int, check_seed)
from lectures_lib.landscape import objectives


class _Overflow(ValueError):
    """A built-in landscape's value or gradient is beyond float64's range at a finite point."""


def _points(w, name="w"):
    """``w`` as a float64 array of points: shape (2,) or (..., 2), finite."""
    if isinstance(w, np.ndarray) and w.dtype == np.float64 and w.shape[-1:] == (2,):
        if not np.isfinite(w).all():                  # the common case, kept fast
            raise ValueError(f"{name} must be finite, got NaN or inf at "
                             f"{int(np.sum(~np.isfinite(w)))} place(s)")
        return w
    w = as_float_array(w, name)
    if w.ndim == 0 or w.shape[-1] != 2:
        raise ValueError(f"{name} must hold points (x, y), of shape (2,) or (..., 2), got shape "
                         f"{w.shape}")
    return w


def _start(start):
    """``start`` as one finite point (x, y), a float64 array of shape (2,)."""
    start = _points(start, "start")
    if start.shape != (2,):
        raise ValueError(f"start must be one point (x, y), got shape {start.shape}")
    return start


def _checked(formula, what, degree=None):
    """Wrap ``formula`` (of an array of points) to check its input and its output.

    A result that overflows is recomputed, for a formula homogeneous of ``degree`` k, as
    :math:`f(w) = 2^{k e} f(w / 2^e)` with each point scaled by a power of two (exact); what
    still overflows is beyond float64's range and raises, naming the point.
    """
    def checked(w):
        w = _points(w)
        with np.errstate(over="ignore", invalid="ignore"):
            out = formula(w)
        if np.isfinite(out).all():                    # the common case, kept fast
            return out
        with np.errstate(over="ignore", invalid="ignore"):
            if degree is not None:
                e = np.frexp(np.max(np.abs(w), axis=-1, keepdims=True))[1]
                e_out = e if np.ndim(out) == w.ndim else e[..., 0]
                out = np.ldexp(formula(np.ldexp(w, -e)), degree * e_out)
        bad = ~np.isfinite(out)
        if np.any(bad):
            where = np.argwhere(bad)[0][: w.ndim - 1]
            point = w[tuple(where)].tolist()
            raise _Overflow(f"the {what} overflows float64's range (about 1.8e308) at w = "
                            f"{point}: that point is too far out")
        return out

    return checked


@dataclass(frozen=True)
class Landscape:
    """A 2-D test problem: value and gradient of :math:`f(w)` for ``w = (x, y)``.

    Attributes
    ----------
    name : str
    value : callable
        ``value(w)`` for ``w`` of shape (..., 2): :math:`f` at each point, shape (...).
    gradient : callable
        ``gradient(w)``: :math:`\\nabla f` at each point, the shape of ``w``.
    start : tuple of float
        Where the chapters start optimizers.
    xlim, ylim : tuple of float
        The window to draw.
    minima : tuple of tuple
        Points to mark (minima, or the saddle point).
    """

    name: str
    value: object
    gradient: object
    start: tuple
    xlim: tuple
    ylim: tuple
    minima: tuple = ()

    def __post_init__(self):
        check_callable(self.value, "value")
        check_callable(self.gradient, "gradient")
        start = _start(self.start)
        for name in ("xlim", "ylim"):
            window = as_float_array(getattr(self, name), name, ndim=1)
            if window.shape != (2,) or not window[0] < window[1]:
                raise ValueError(f"{name} must be (low, high) with low < high, got "
                                 f"{tuple(window.tolist())}")
            object.__setattr__(self, name, tuple(window.tolist()))
        minima = _points(self.minima, "minima") if len(self.minima) else np.zeros((0, 2))
        object.__setattr__(self, "start", tuple(start.tolist()))
        object.__setattr__(self, "minima", tuple(tuple(m) for m in minima.reshape(-1, 2).tolist()))

    def __call__(self, w):
        """:math:`f` at ``w``, a point (2,) or points (..., 2): a list, array or tensor."""
        return self.value(_points(w))


def _check_landscape(landscape):
    """Raise a TypeError unless ``landscape`` is a :class:`Landscape`."""
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape must be a Landscape (e.g. quadratic()), got "
                        f"{type(landscape).__name__}")


def quadratic(kappa=10.0):
    r"""The ill-conditioned quadratic :math:`f = \tfrac12 (x^2 / \kappa + y^2)`.

    Its Hessian has eigenvalues :math:`1/\kappa` and 1, so its condition number is κ and
    gradient descent converges for step sizes below 2 whatever κ is, at the rate
    :math:`\max(|1 - \alpha/\kappa|, |1 - \alpha|)` (see :mod:`lectures_lib.landscape.theory`).

    Examples
    --------
    >>> f = quadratic(kappa=4.0)
    >>> float(f([2.0, 1.0])), f.gradient(np.array([2.0, 1.0])).tolist()
    (1.0, [0.5, 1.0])
    """
    kappa = check_positive(kappa, "kappa")
    with np.errstate(over="ignore"):
        if not np.isfinite(1 / kappa):
            raise ValueError(f"kappa must be > 0 with 1 / kappa finite, got {kappa}")
    scale = np.array([1 / kappa, 1.0])
    return Landscape(
        name=f"quadratic, condition number {kappa:g}",
        value=_checked(lambda w: 0.5 * np.sum(scale * w ** 2, axis=-1), "value", degree=2),
        gradient=_checked(lambda w: scale * w, "gradient", degree=1),
        start=(-9.0, 2.0), xlim=(-10.0, 10.0), ylim=(-3.0, 3.0), minima=((0.0, 0.0),))


def saddle():
    r"""The saddle :math:`f = x^2 - y^2`: the gradient :math:`(2x, -2y)` vanishes at 0.

    Started on the x axis, gradient descent walks into the saddle point and stays there;
    the slightest offset in y lets it escape, slowly at first.

    Examples
    --------
    >>> saddle().gradient(np.array([0.0, 0.0])).tolist()
    [0.0, -0.0]
    """
    return Landscape(
        name="saddle x² − y²",
        value=_checked(lambda w: w[..., 0] ** 2 - w[..., 1] ** 2, "value", degree=2),
        gradient=_checked(lambda w: np.stack([2 * w[..., 0], -2 * w[..., 1]], axis=-1),
                          "gradient", degree=1),
        start=(-1.8, 1e-3), xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), minima=((0.0, 0.0),))


def local_minimum():
    r"""A tilted double well, :math:`f = (x^2 - 1)^2 + x/2 + y^2`.

    A local minimum near :math:`x = 0.93` (value 0.48) and the global one near
    :math:`x = -1.06` (value -0.51), separated by a ridge near :math:`x = 0.13`. Started on the
    right, gradient descent stops in the local minimum.

    Examples
    --------
    >>> f = local_minimum()
    >>> [round(float(f(m)), 2) for m in f.minima]
    [0.48, -0.51]
    """
    def value(w):
        x, y = w[..., 0], w[..., 1]
        return (x ** 2 - 1) ** 2 + 0.5 * x + y ** 2

    def gradient(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([4 * x * (x ** 2 - 1) + 0.5, 2 * y], axis=-1)

    minima = tuple((float(x), 0.0) for x in sorted(np.roots([4, 0, -4, 0.5]).real)[::2][::-1])
    return Landscape(name="a local minimum", value=_checked(value, "value"),
                     gradient=_checked(gradient, "gradient"),
                     start=(2.0, 1.5), xlim=(-2.0, 2.5), ylim=(-2.0, 2.0), minima=minima)


def rosenbrock():
    r"""Rosenbrock's banana :math:`f = (1 - x)^2 + 100 (y - x^2)^2`, minimum 0 at :math:`(1, 1)`.

    The value is :func:`lectures_lib.landscape.objectives.rosenbrock` (which works on NumPy
    arrays too); the gradient is written out, so that
    :func:`~lectures_lib.landscape.runs.run` needs no autograd.

    Examples
    --------
    >>> f = rosenbrock()
    >>> float(f([1.0, 1.0])), f.gradient(np.array([0.0, 0.0])).tolist()
    (0.0, [-2.0, 0.0])
    """
    def gradient(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)], axis=-1)

    return Landscape(name="Rosenbrock", value=_checked(objectives._rosenbrock, "value"),
                     gradient=_checked(gradient, "gradient"),
                     start=(-1.5, 2.0), xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), minima=((1.0, 1.0),))


def with_gradient_noise(landscape, scale=1.0, batch_size=1, seed=0):
    r"""The same landscape with noisy gradients, like minibatch gradients.

    Each call of ``gradient`` adds independent Gaussian noise of standard deviation
    :math:`\sigma / \sqrt{B}` per coordinate, :math:`\sigma` = ``scale`` and :math:`B` =
    ``batch_size``: averaging B examples' gradients divides the noise's variance by B. The
    values (and the contours) stay exact.

    Examples
    --------
    >>> noisy = with_gradient_noise(quadratic(), scale=0.0)
    >>> noisy.gradient(np.array([2.0, 1.0])).tolist()
    [0.2, 1.0]
    """
    _check_landscape(landscape)
    scale = check_nonnegative(scale, "scale")
    batch_size = check_positive_int(batch_size, "batch_size")
    rng = np.random.default_rng(check_seed(seed))
    sigma = scale / np.sqrt(batch_size)
    exact = landscape.gradient

    def noisy(w):
        return exact(w) + sigma * rng.standard_normal(np.shape(w))

    gradient = _checked(noisy, "noisy gradient")

    return replace(landscape, gradient=gradient,
                   name=f"{landscape.name}, noisy gradients (batch {batch_size})")

