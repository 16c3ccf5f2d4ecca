"""Optimizers fed a given sequence of gradients, on one number (chapter 4).

For experiments where the gradient does not depend on the point, :func:`run_online` calls an
optimizer's ``step`` with each gradient of a sequence in turn: a constant gradient shows how
long the steps of an adaptive method are, and :func:`online_counterexample` is the online
problem of Reddi et al. on which Adam converges to the worst point and AMSGrad does not.
"""

import math

import numpy as np
import torch

from lectures_lib._checks import (as_float_array, as_scalar, check_callable, check_positive,
                                 check_positive_int)
from lectures_lib.divergence import FAR_OUT, DivergenceError, hint


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
