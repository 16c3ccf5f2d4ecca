r"""Two-dimensional test problems for optimizers, and running an optimizer on them.

Each problem is a :class:`Landscape`: a function :math:`f(x, y)` with its gradient, a starting
point and a window to draw it in. They show the slides' "problems with SGD":

* :func:`quadratic`: poor conditioning, :math:`f = \tfrac12(x^2/\kappa + y^2)`: zig-zag;
* :func:`saddle`: :math:`f = x^2 - y^2`, zero gradient at the origin;
* :func:`local_minimum`: a tilted double well with a local and a global minimum;
* :func:`rosenbrock`: the curved valley :math:`(1 - x)^2 + 100 (y - x^2)^2`;
* :func:`with_gradient_noise`: any of them with minibatch-like noise on the gradient.

:func:`run` trains the two coordinates with any ``torch.optim``-style optimizer class (those of
:mod:`lectures_lib.optim` or ``torch.optim``'s own) and returns the path;
:mod:`lectures_lib.viz.landscape_plots` draws paths on the contours. :func:`run_online` feeds a
given sequence of gradients to an optimizer on one number, e.g. for
:func:`online_counterexample`, the online problem on which Adam fails and AMSGrad does not.
"""

import math
from dataclasses import dataclass, replace

import numpy as np
import torch

from lectures_lib._checks import (as_float_array, as_scalar, check_callable, check_nonnegative,
                                 check_positive, check_positive_int, check_seed)
from lectures_lib.landscape import objectives
from lectures_lib.divergence import (FAR_OUT, DivergenceError, LossWatch, check_gradient,
                                     hint)


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
        start = _points(self.start, "start")
        if start.shape != (2,):
            raise ValueError(f"start must be one point (x, y), got shape {start.shape}")
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
    arrays too); the gradient is written out, so that :func:`run` needs no autograd.

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
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape must be a Landscape (e.g. quadratic()), got "
                        f"{type(landscape).__name__}")
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


@dataclass
class Run:
    """The path of an optimizer on a landscape.

    Attributes
    ----------
    path : numpy.ndarray, shape (k + 1, 2)
        The start and the point after each step.
    losses : numpy.ndarray, shape (k + 1,)
        :math:`f` along the path.
    diverged_at : int or None
        The step at which the loss exploded, when ``on_divergence="stop"`` ended the run early.
    """

    path: np.ndarray
    losses: np.ndarray
    diverged_at: object = None


def run(landscape, optimizer, num_steps=100, start=None, on_divergence="raise", schedule=None,
        **hyperparameters):
    """Run ``optimizer`` on ``landscape`` for ``num_steps`` steps and return the path.

    Parameters
    ----------
    landscape : Landscape
    optimizer : type
        An optimizer class such as :class:`lectures_lib.optim.SGD` or ``torch.optim.Adam``,
        called as ``optimizer([w], **hyperparameters)`` on the point ``w`` (float64).
    num_steps : int, default 100
    start : tuple of float, optional
        The starting point; ``landscape.start`` by default.
    on_divergence : {"raise", "stop"}, default "raise"
        When the loss becomes non-finite or explodes (see
        :func:`lectures_lib.divergence.check_loss`): raise
        :class:`~lectures_lib.divergence.DivergenceError`, or stop and return the path so far
        with ``diverged_at`` set (for widgets that must draw whatever the slider says).
    schedule : callable, optional
        ``schedule(t)`` for step ``t`` = 1, 2, ... is the factor that multiplies the learning
        rate at that step (the slides' schedule multiplier :math:`\\eta_t`); a constant
        learning rate without it.
    **hyperparameters
        Passed to the optimizer (``lr``, ``momentum``, ``betas``, ...).

    Returns
    -------
    Run

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        When the loss or the gradient becomes non-finite or explodes (with
        ``on_divergence="raise"``). Where f or its gradient is already non-finite at the
        start, it is raised whatever ``on_divergence`` says, blaming the start point; a
        start where they are enormous (see :data:`lectures_lib.divergence.FAR_OUT`) is
        blamed in the message of a later divergence too.
    TypeError, ValueError
        For a bad landscape, optimizer, ``num_steps``, ``start`` (not one finite point),
        ``on_divergence``, ``schedule`` (not callable, or a factor < 0 or non-finite), or a
        gradient whose shape is not the point's.

    Examples
    --------
    >>> from lectures_lib.optim import SGD
    >>> result = run(quadratic(kappa=4.0), SGD, num_steps=1, start=(2.0, 1.0), lr=0.5)
    >>> result.path.tolist()
    [[2.0, 1.0], [1.75, 0.5]]
    """
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape must be a Landscape (e.g. quadratic()), got "
                        f"{type(landscape).__name__}")
    check_callable(optimizer, "optimizer")
    num_steps = check_positive_int(num_steps, "num_steps")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}")
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the step, got {type(schedule).__name__}")
    start = _points(landscape.start if start is None else start, "start")
    if start.shape != (2,):
        raise ValueError(f"start must be one point (x, y), got shape {start.shape}")
    w = torch.tensor(start, dtype=torch.float64)
    opt = optimizer([w], **hyperparameters)
    base_lrs = [group["lr"] for group in opt.param_groups]

    def lr():
        return opt.param_groups[0]["lr"]

    # Before any step: a start where f or its gradient is already beyond float64 (or
    # enormous) is the start's fault, and every later message says so, not "lower the lr".
    watch = LossWatch(lr=lr)
    first = watch(_value(landscape, start), 0)
    grad = _gradient(landscape, start)
    watch.first_grad = check_gradient(grad, 0, initial_loss=first, lr=lr())
    path, losses = [start], [first]
    for step in range(1, num_steps + 1):
        if schedule is not None:
            factor = check_nonnegative(schedule(step), "schedule(t)")
            for group, base_lr in zip(opt.param_groups, base_lrs):
                group["lr"] = base_lr * factor
        try:
            if step > 1:
                grad = _gradient(landscape, path[-1])
                if not np.isfinite(grad).all():       # check_gradient says why, and raises
                    check_gradient(grad, step, initial_loss=first, lr=lr(),
                                   initial_grad=watch.first_grad)
            w.grad = torch.from_numpy(grad)
            opt.step()
            point = w.detach().numpy().copy()
            loss = _value(landscape, point) if np.all(np.isfinite(point)) else math.nan
            watch(loss, step)
        except DivergenceError:
            if on_divergence == "raise":
                raise
            return Run(np.array(path), np.array(losses), diverged_at=step)
        path.append(point)
        losses.append(loss)
    return Run(np.array(path), np.array(losses))


def _value(landscape, point):
    """``landscape.value(point)`` as a float: inf where a built-in landscape overflows."""
    try:
        with np.errstate(over="ignore", invalid="ignore"):       # checked by the caller
            out = np.asarray(landscape.value(point), dtype=np.float64)
    except _Overflow:
        return math.inf
    if out.size != 1:
        raise TypeError(f"landscape.value(w) must be one number for one point, got shape "
                        f"{out.shape}")
    return float(out.reshape(()))


def _gradient(landscape, point):
    """``landscape.gradient(point)`` as a float64 array of shape (2,): inf where it overflows."""
    try:
        with np.errstate(over="ignore", invalid="ignore"):       # checked by the caller
            out = np.array(landscape.gradient(point), dtype=np.float64)
    except _Overflow:
        return np.full(2, math.inf)
    if out.shape != (2,):
        raise ValueError(f"landscape.gradient(w) has shape {out.shape} but w has shape (2,); "
                         f"they must match")
    return out


def run_online(optimizer, gradients, start=0.0, bounds=None, **hyperparameters):
    """Feed a given sequence of gradients to ``optimizer`` on one number and return its path.

    For experiments where the gradient does not depend on the point: a constant gradient
    (how long are the steps?), or an online problem whose loss changes at every step.

    Parameters
    ----------
    optimizer : type
        An optimizer class, called as ``optimizer([x], **hyperparameters)``.
    gradients : array_like of float, shape (T,)
        The gradient at each step.
    start : float, default 0
    bounds : tuple of float, optional
        ``(low, high)``: after each step, project x back into the interval.
    **hyperparameters
        Passed to the optimizer.

    Returns
    -------
    numpy.ndarray, shape (T + 1,)
        :math:`x_0, \\dots, x_T`.

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        When x becomes non-finite.
    TypeError, ValueError
        For a bad optimizer, ``gradients`` (not a finite 1-D array), ``start`` (not a finite
        number, or outside the bounds) or ``bounds`` (not two finite numbers low < high).

    Examples
    --------
    AdaGrad with a constant gradient: steps of :math:`\\alpha/\\sqrt t`.

    >>> from lectures_lib.optim import Adagrad
    >>> x = run_online(Adagrad, np.ones(4), lr=1.0)
    >>> (-np.diff(x)).round(4).tolist()
    [1.0, 0.7071, 0.5774, 0.5]
    """
    check_callable(optimizer, "optimizer")
    gradients = as_float_array(gradients, "gradients", ndim=1)
    start = as_scalar(start, "start")
    if bounds is not None:
        bounds = as_float_array(bounds, "bounds", ndim=1)
        if bounds.shape != (2,) or not bounds[0] < bounds[1]:
            raise ValueError(f"bounds must be (low, high) with low < high, got "
                             f"{tuple(bounds.tolist())}")
        if not bounds[0] <= start <= bounds[1]:
            raise ValueError(f"start must lie within bounds {tuple(bounds.tolist())}, got {start}")
        bounds = tuple(bounds.tolist())
    x = torch.tensor([start], dtype=torch.float64)
    opt = optimizer([x], **hyperparameters)
    path = [start]
    for t, g in enumerate(gradients, start=1):
        x.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
        if bounds is not None:
            with torch.no_grad():
                x.clamp_(*bounds)
        path.append(x.item())
        if not math.isfinite(path[-1]):
            largest = float(np.max(np.abs(gradients[:t])))
            why = (f" The gradients are the likely problem, not the learning rate: they reach "
                   f"{largest:.3g}." if largest >= FAR_OUT
                   else hint(t, lr=opt.param_groups[0].get("lr")))
            raise DivergenceError(f"training diverged at step {t}: x is {path[-1]}.{why}")
    return np.array(path)


def online_counterexample(optimizer, num_steps=3000, C=1010.0, c=10.0, period=101, start=0.0,
                          **hyperparameters):
    r"""Reddi et al.'s online problem on which Adam converges to the worst point.

    On :math:`x \in [-1, 1]` the loss at step :math:`t` is :math:`f_t(x) = C x` when
    :math:`t \bmod` ``period`` :math:`= 1` and :math:`-c\, x` otherwise. Over a period the total
    is :math:`(C - (\text{period} - 1)\, c)\, x = 10 x` by default, minimized at
    :math:`x = -1`. Adam's steps for the rare large gradient :math:`C` are divided by the
    second moment it has just inflated, those of the many small gradients :math:`-c` by the
    smaller values it decays to before the next one; so the small gradients win and push
    :math:`x` towards +1. AMSGrad divides every step by the maximum and goes to -1.

    Parameters
    ----------
    optimizer : type
        An optimizer class, called as ``optimizer([x], **hyperparameters)``.
    num_steps : int, default 3000
    C, c : float, default 1010 and 10
    period : int, default 101
        The synthetic example of Section 5 of the paper (with β₁ = 0.9, β₂ = 0.99).
    start : float, default 0
    **hyperparameters
        Passed to the optimizer.

    Returns
    -------
    numpy.ndarray, shape (num_steps + 1,)
        :math:`x_0, \dots, x_T`, each projected onto [-1, 1].

    Raises
    ------
    TypeError, ValueError
        For ``num_steps`` or ``period`` not integers >= 1, ``C`` or ``c`` not > 0, or
        ``start`` outside [-1, 1].

    References
    ----------
    Reddi, Kale and Kumar, "On the convergence of Adam and beyond", ICLR 2018, Sections 3 and 5.
    """
    num_steps = check_positive_int(num_steps, "num_steps")
    period = check_positive_int(period, "period")
    C, c = check_positive(C, "C"), check_positive(c, "c")
    t = np.arange(1, num_steps + 1)
    gradients = np.where(t % period == 1, C, -c)
    return run_online(optimizer, gradients, start=start, bounds=(-1.0, 1.0), **hyperparameters)
