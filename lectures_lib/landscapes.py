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
:mod:`lectures_lib.landscape_plots` draws paths on the contours. :func:`run_online` feeds a
given sequence of gradients to an optimizer on one number, e.g. for
:func:`online_counterexample`, the online problem on which Adam fails and AMSGrad does not.
"""

from dataclasses import dataclass, replace

import numpy as np
import torch

from lectures_lib._checks import (as_float_array, as_scalar, check_nonnegative, check_positive,
                                 check_positive_int)
from lectures_lib import objectives
from lectures_lib.divergence import DivergenceError, check_loss


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

    def __call__(self, w):
        return self.value(np.asarray(w, dtype=float))


def quadratic(kappa=10.0):
    r"""The ill-conditioned quadratic :math:`f = \tfrac12 (x^2 / \kappa + y^2)`.

    Its Hessian has eigenvalues :math:`1/\kappa` and 1, so its condition number is κ and
    gradient descent converges for step sizes below 2 whatever κ is, at the rate
    :math:`\max(|1 - \alpha/\kappa|, |1 - \alpha|)` (see :mod:`lectures_lib.theory`).

    Examples
    --------
    >>> f = quadratic(kappa=4.0)
    >>> float(f([2.0, 1.0])), f.gradient(np.array([2.0, 1.0])).tolist()
    (1.0, [0.5, 1.0])
    """
    kappa = check_positive(kappa, "kappa")
    scale = np.array([1 / kappa, 1.0])
    return Landscape(
        name=f"quadratic, condition number {kappa:g}",
        value=lambda w: 0.5 * np.sum(scale * w ** 2, axis=-1),
        gradient=lambda w: scale * w,
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
        value=lambda w: w[..., 0] ** 2 - w[..., 1] ** 2,
        gradient=lambda w: np.stack([2 * w[..., 0], -2 * w[..., 1]], axis=-1),
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
    return Landscape(name="a local minimum", value=value, gradient=gradient,
                     start=(2.0, 1.5), xlim=(-2.0, 2.5), ylim=(-2.0, 2.0), minima=minima)


def rosenbrock():
    r"""Rosenbrock's banana :math:`f = (1 - x)^2 + 100 (y - x^2)^2`, minimum 0 at :math:`(1, 1)`.

    The value is :func:`lectures_lib.objectives.rosenbrock` (which works on NumPy arrays too);
    the gradient is written out, so that :func:`run` needs no autograd.

    Examples
    --------
    >>> f = rosenbrock()
    >>> float(f([1.0, 1.0])), f.gradient(np.array([0.0, 0.0])).tolist()
    (0.0, [-2.0, 0.0])
    """
    def gradient(w):
        x, y = w[..., 0], w[..., 1]
        return np.stack([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)], axis=-1)

    return Landscape(name="Rosenbrock", value=objectives.rosenbrock, gradient=gradient,
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
    scale = check_nonnegative(scale, "scale")
    batch_size = check_positive_int(batch_size, "batch_size")
    rng = np.random.default_rng(seed)
    sigma = scale / np.sqrt(batch_size)
    exact = landscape.gradient

    def gradient(w):
        return exact(w) + sigma * rng.standard_normal(np.shape(w))

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

    Examples
    --------
    >>> from lectures_lib.optim import SGD
    >>> result = run(quadratic(kappa=4.0), SGD, num_steps=1, start=(2.0, 1.0), lr=0.5)
    >>> result.path.tolist()
    [[2.0, 1.0], [1.75, 0.5]]
    """
    num_steps = check_positive_int(num_steps, "num_steps")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}")
    start = as_float_array(landscape.start if start is None else start, "start", ndim=1)
    w = torch.tensor(start, dtype=torch.float64)
    opt = optimizer([w], **hyperparameters)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the step, got {type(schedule).__name__}")
    base_lrs = [group["lr"] for group in opt.param_groups]
    path, losses = [start], [float(landscape(start))]
    for step in range(1, num_steps + 1):
        if schedule is not None:
            factor = as_scalar(schedule(step), "schedule(t)")
            for group, base_lr in zip(opt.param_groups, base_lrs):
                group["lr"] = base_lr * factor
        w.grad = torch.from_numpy(np.asarray(landscape.gradient(w.numpy()), dtype=np.float64))
        opt.step()
        point = w.numpy().copy()
        loss = float(landscape(point))
        try:
            check_loss(loss, step, initial_loss=losses[0], lr=hyperparameters.get("lr"))
        except DivergenceError:
            if on_divergence == "raise":
                raise
            return Run(np.array(path), np.array(losses), diverged_at=step)
        path.append(point)
        losses.append(loss)
    return Run(np.array(path), np.array(losses))


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

    Examples
    --------
    AdaGrad with a constant gradient: steps of :math:`\\alpha/\\sqrt t`.

    >>> from lectures_lib.optim import Adagrad
    >>> x = run_online(Adagrad, np.ones(4), lr=1.0)
    >>> (-np.diff(x)).round(4).tolist()
    [1.0, 0.7071, 0.5774, 0.5]
    """
    gradients = as_float_array(gradients, "gradients", ndim=1)
    x = torch.tensor([float(start)], dtype=torch.float64)
    opt = optimizer([x], **hyperparameters)
    path = [float(start)]
    for g in gradients:
        x.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
        if bounds is not None:
            with torch.no_grad():
                x.clamp_(*bounds)
        path.append(x.item())
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

    References
    ----------
    Reddi, Kale and Kumar, "On the convergence of Adam and beyond", ICLR 2018, Sections 3 and 5.
    """
    num_steps = check_positive_int(num_steps, "num_steps")
    period = check_positive_int(period, "period")
    t = np.arange(1, num_steps + 1)
    gradients = np.where(t % period == 1, C, -c)
    return run_online(optimizer, gradients, start=start, bounds=(-1.0, 1.0), **hyperparameters)
