"""Detecting a training run that diverges, and saying so.

A learning rate that is too large makes the loss grow without bound and, a few steps later,
turn into ``inf`` or ``NaN``. Plotting such a run shows an empty or meaningless curve; every
training loop in this library instead stops at the first bad step and raises
:class:`DivergenceError` with the step and a hint.
"""

import math


class DivergenceError(ArithmeticError):
    """Raised when a training loop's loss becomes non-finite or explodes."""


def check_loss(loss, step, initial_loss=None, lr=None, blowup=1e6):
    """Raise :class:`DivergenceError` if ``loss`` is NaN/inf or ``blowup`` times the first loss.

    Parameters
    ----------
    loss : float
        The loss just computed.
    step : int
        The step (or epoch) it was computed at, for the message.
    initial_loss : float, optional
        The loss at the start of training; when given, a loss larger than
        ``blowup * max(initial_loss, 1)`` counts as divergence too.
    lr : float, optional
        The learning rate in use, for the hint in the message.
    blowup : float, default 1e6
        The growth factor that counts as exploding.

    Returns
    -------
    float
        ``loss``, unchanged, when it is fine.

    Examples
    --------
    >>> check_loss(0.5, step=3)
    0.5
    >>> check_loss(float("nan"), step=3, lr=10.0)
    Traceback (most recent call last):
    ...
    lectures_lib.divergence.DivergenceError: training diverged at step 3: the loss is nan. The learning rate 10.0 is probably too large; try a smaller one (e.g. 10x lower).
    """
    loss = float(loss)
    hint = (f" The learning rate {lr} is probably too large; try a smaller one (e.g. 10x lower)."
            if lr is not None else " Try a smaller learning rate.")
    if not math.isfinite(loss):
        raise DivergenceError(f"training diverged at step {step}: the loss is {loss}.{hint}")
    if initial_loss is not None and loss > blowup * max(abs(float(initial_loss)), 1.0):
        raise DivergenceError(
            f"training diverged at step {step}: the loss grew from {float(initial_loss):.4g} "
            f"to {loss:.4g}.{hint}")
    return loss
