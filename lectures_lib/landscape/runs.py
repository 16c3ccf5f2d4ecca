"""Running an optimizer on a 2-D test problem and keeping its path (chapters 3 and 4).

:func:`run` trains the two coordinates of a
:class:`~lectures_lib.landscape.landscapes.Landscape` with any ``torch.optim``-style optimizer
class (those of :mod:`lectures_lib.optim` or ``torch.optim``'s own), step by step, and returns
the :class:`Run`: the points and the losses along the way. A run that diverges says so (see
:mod:`lectures_lib.divergence`), or stops where it diverged, for the widgets.
:mod:`lectures_lib.viz.landscape_plots` draws the paths on the contours.
"""

import math
from dataclasses import dataclass

import numpy as np
import torch

from lectures_lib._checks import check_callable, check_nonnegative, check_positive_int
from lectures_lib.divergence import DivergenceError, LossWatch, check_gradient
from lectures_lib.landscape.landscapes import _check_landscape, _Overflow, _start


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
    landscape : lectures_lib.landscape.landscapes.Landscape
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
    >>> from lectures_lib.landscape.landscapes import quadratic
    >>> from lectures_lib.optim import SGD
    >>> result = run(quadratic(kappa=4.0), SGD, num_steps=1, start=(2.0, 1.0), lr=0.5)
    >>> result.path.tolist()
    [[2.0, 1.0], [1.75, 0.5]]
    """
    _check_landscape(landscape)
    check_callable(optimizer, "optimizer")
    num_steps = check_positive_int(num_steps, "num_steps")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}")
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the step, got {type(schedule).__name__}")
    start = _start(landscape.start if start is None else start)
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
