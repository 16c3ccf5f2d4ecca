"""Detecting a training run that diverges, and saying so.

A learning rate that is too large makes the loss grow without bound and, a few steps later,
turn into ``inf`` or ``NaN``. Plotting such a run shows an empty or meaningless curve; every
training loop in this library instead stops at the first bad step and raises
:class:`DivergenceError` with the step and a hint.

The hint says what is the likely cause, and it must be true: a loss that is already
non-finite before the first step, or a run that starts where the loss or the gradient is
enormous (:data:`FAR_OUT` or more), is blamed on the start point, not on the learning rate
(:func:`before_any_update` says so, in one wording for every loop).
"""

import math
import numbers

import numpy as np

from lectures_lib._checks import as_scalar, check_in_range

FAR_OUT = 1e100
"""A loss or gradient entry this large at the start means the start point is the problem.

No sane start point of the lectures' problems gives a loss anywhere near it, and numbers of
that size overflow float64 after two or three multiplications.
"""


class DivergenceError(ArithmeticError):
    """Raised when a training loop's loss becomes non-finite or explodes."""


def _real(value, name):
    """``value`` as a Python float, NaN and inf allowed; refuse what is not one real number."""
    if type(value) is float or type(value) is int:    # the common case, kept fast
        return float(value)
    if hasattr(value, "detach"):                      # a torch tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray, np.generic)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) or arr.dtype.kind == "c":
        raise TypeError(f"{name} must be a real number, got dtype {arr.dtype}")
    if arr.size != 1:
        raise TypeError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def before_any_update(cause, rate="learning rate"):
    """The end of every message about a run that was broken before its first update.

    Nothing has moved yet, so the step size (``rate``) is not the cause: ``cause`` is.

    Examples
    --------
    >>> print("the loss is nan" + before_any_update("the inputs are too large"))
    the loss is nan, before any update, so the learning rate is not the cause: the inputs are
    too large.
    """
    return f", before any update, so the {rate} is not the cause: {cause}."


def hint(step, lr=None, initial_loss=None, initial_grad=None):
    """The sentence that says what probably made a run diverge: the start point or the lr.

    Parameters
    ----------
    step : int or str
        Where the run diverged; ``0`` means before the first update.
    lr : float, optional
        The learning rate in use.
    initial_loss : float, optional
        The loss at the start point.
    initial_grad : float, optional
        The largest absolute entry of the gradient at the start point.

    Returns
    -------
    str
        Starts with a space, to follow a sentence.

    Examples
    --------
    >>> print(hint(3, lr=0.5))
     The learning rate 0.5 is probably too large; try a smaller one (e.g. 10x lower).
    >>> print(hint(3, lr=0.5, initial_loss=1e150))
     The start point is the likely problem, not the learning rate: the loss there was
     already 1e+150; start closer to the minimum.
    """
    # step 0, or a label such as "0 (before training)": nothing has been updated yet
    at_start = (str(step).split() or [""])[0] == "0" and not isinstance(step, bool)
    if at_start:
        return (" The loss or the gradient is already not finite at the start"
                + before_any_update("the start point (or the loss function) is the problem"))
    sizes = []
    if initial_loss is not None and abs(initial_loss) >= FAR_OUT:
        sizes.append(f"the loss there was already {initial_loss:.3g}")
    if initial_grad is not None and initial_grad >= FAR_OUT:
        sizes.append(f"the gradient there was already {initial_grad:.3g}")
    if sizes:
        return (f" The start point is the likely problem, not the learning rate: "
                f"{' and '.join(sizes)}; start closer to the minimum.")
    if lr is not None:
        return (f" The learning rate {lr} is probably too large; try a smaller one "
                f"(e.g. 10x lower).")
    return " Try a smaller learning rate."


def _check_context(initial_loss, lr, initial_grad):
    """Validate the optional numbers that describe the run, for the message."""
    if all(v is None or type(v) is float and math.isfinite(v) and v >= 0
           for v in (initial_loss, lr, initial_grad)):
        return initial_loss, lr, initial_grad         # the common case, kept fast
    if initial_loss is not None:
        initial_loss = as_scalar(_real(initial_loss, "initial_loss"), "initial_loss")
    if lr is not None:
        lr = _real(lr, "lr")
        if not lr >= 0:             # NaN too
            raise ValueError(f"lr must be >= 0, got {lr}")
    if initial_grad is not None:
        initial_grad = _real(initial_grad, "initial_grad")
        if not initial_grad >= 0:
            raise ValueError(f"initial_grad must be >= 0 (a largest absolute entry), got "
                             f"{initial_grad}")
    return initial_loss, lr, initial_grad


def check_loss(loss, step, initial_loss=None, lr=None, blowup=1e6, initial_grad=None):
    """Raise :class:`DivergenceError` if ``loss`` is NaN/inf or ``blowup`` times the first loss.

    Parameters
    ----------
    loss : float
        The loss just computed: a Python or NumPy number, or a one-element array or tensor.
        NaN and inf are what this function detects, so they are accepted here.
    step : int or str
        The step (or epoch) it was computed at, for the message; ``0`` means before the first
        update, and then the hint blames the start point, not the learning rate.
    initial_loss : float, optional
        The (finite) loss at the start of training; when given, a loss larger than
        ``blowup * max(abs(initial_loss), 1)`` counts as divergence too. When it is
        :data:`FAR_OUT` or more, the hint blames the start point.
    lr : float, optional
        The learning rate in use (>= 0), for the hint in the message.
    blowup : float, default 1e6
        The growth factor that counts as exploding, > 1.
    initial_grad : float, optional
        The largest absolute entry of the gradient at the start; when it is :data:`FAR_OUT`
        or more, the hint blames the start point.

    Returns
    -------
    float
        ``loss``, unchanged, when it is fine.

    Raises
    ------
    DivergenceError
        When the loss is not finite or has exploded.
    TypeError
        If ``loss``, ``initial_loss``, ``lr`` or ``blowup`` is not a real number.
    ValueError
        If ``initial_loss`` is not finite, ``lr`` is negative or ``blowup`` is not > 1.

    Examples
    --------
    >>> check_loss(0.5, step=3)
    0.5
    >>> check_loss(float("nan"), step=3, lr=10.0)
    Traceback (most recent call last):
    ...
    lectures_lib.divergence.DivergenceError: training diverged at step 3: the loss is nan.
    The learning rate 10.0 is probably too large; try a smaller one (e.g. 10x lower).
    """
    loss = _real(loss, "loss")
    initial_loss, lr, initial_grad = _check_context(initial_loss, lr, initial_grad)
    if not (type(blowup) is float and blowup > 1):   # the default passes without a call
        blowup = check_in_range(blowup, "blowup", low=1, low_open=True)
    if not math.isfinite(loss):
        raise DivergenceError(f"training diverged at step {step}: the loss is {loss}."
                              f"{hint(step, lr, initial_loss, initial_grad)}")
    if initial_loss is not None and loss > blowup * max(abs(initial_loss), 1.0):
        raise DivergenceError(
            f"training diverged at step {step}: the loss grew from {initial_loss:.4g} "
            f"to {loss:.4g}.{hint(step, lr, initial_loss, initial_grad)}")
    return loss


def check_gradient(grad, step, initial_loss=None, lr=None, initial_grad=None):
    """Raise :class:`DivergenceError` if the gradient holds NaN or inf; else return its size.

    Parameters
    ----------
    grad : array_like or torch.Tensor
        The gradient just computed.
    step, initial_loss, lr, initial_grad
        As for :func:`check_loss`.

    Returns
    -------
    float
        The largest absolute entry of ``grad`` (0 for an empty one), e.g. to pass on as
        ``initial_grad`` when ``grad`` is the gradient at the start.

    Examples
    --------
    >>> check_gradient([3.0, -4.0], step=1)
    4.0
    >>> check_gradient([1e300, float("inf")], step=0)
    Traceback (most recent call last):
    ...
    lectures_lib.divergence.DivergenceError: training diverged at step 0: the gradient is
    not finite (inf or NaN at 1 place(s)). The loss or the gradient is already not finite at
    the start, before any update, so the learning rate is not the cause: the start point (or
    the loss function) is the problem.
    """
    if hasattr(grad, "detach"):
        grad = grad.detach().cpu().numpy()
    arr = np.asarray(grad)
    if arr.dtype.kind not in "fiu":                   # bool, complex, strings, objects
        raise TypeError(f"grad must be a real array, got dtype {arr.dtype}")
    initial_loss, lr, initial_grad = _check_context(initial_loss, lr, initial_grad)
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise DivergenceError(
            f"training diverged at step {step}: the gradient is not finite (inf or NaN at "
            f"{int(bad.sum())} place(s)).{hint(step, lr, initial_loss, initial_grad)}")
    return float(np.max(np.abs(arr))) if arr.size else 0.0


class LossWatch:
    """One run's divergence check: it keeps the first loss and checks every loss against it.

    A training loop makes one watch and calls it with each loss; what :func:`check_loss` needs
    to know about the run (the first loss, the learning rate, the blow-up factor) lives here
    instead of in every loop.

    Parameters
    ----------
    lr : float or callable, optional
        The learning rate for the hint, or a function returning the current one (a schedule
        changes it).
    blowup : float, default 1e6
        As for :func:`check_loss`.
    start_cause : str, optional
        What to blame, with :func:`before_any_update`, when the first loss is NaN/inf or
        :meth:`diverged` comes before any loss; without it :func:`hint` goes by the step.

    Attributes
    ----------
    first : float or None
        The first loss seen.
    first_grad : float or None
        The largest gradient entry at the start, when the loop records it (the hint then
        blames a far-out start point, not the learning rate).

    Examples
    --------
    >>> watch = LossWatch(lr=0.5)
    >>> watch(2.0, step=0), watch(1.5, step=1)
    (2.0, 1.5)
    >>> watch(3e7, step=2)
    Traceback (most recent call last):
    ...
    lectures_lib.divergence.DivergenceError: training diverged at step 2: the loss grew from 2
    to 3e+07. The learning rate 0.5 is probably too large; try a smaller one (e.g. 10x lower).
    >>> LossWatch(start_cause="the initial weights are too large")(float("inf"), step=0)
    Traceback (most recent call last):
    ...
    lectures_lib.divergence.DivergenceError: training diverged at step 0: the loss is inf,
    before any update, so the learning rate is not the cause: the initial weights are too large.
    """

    def __init__(self, lr=None, blowup=1e6, start_cause=None):
        self.lr, self.blowup, self.start_cause = lr, blowup, start_cause
        self.first = self.first_grad = None

    def _lr(self):
        return self.lr() if callable(self.lr) else self.lr

    def __call__(self, loss, step):
        """Return ``loss`` if it is fine; raise :class:`DivergenceError` if not."""
        at_start = self.first is None and self.start_cause is not None
        if at_start and not math.isfinite(first := _real(loss, "loss")):
            raise DivergenceError(f"training diverged at step {step}: the loss is {first}"
                                  f"{before_any_update(self.start_cause)}")
        loss = check_loss(loss, step, initial_loss=self.first, lr=self._lr(),
                          blowup=self.blowup, initial_grad=self.first_grad)
        if self.first is None:
            self.first = loss
        return loss

    def diverged(self, step, why):
        """Raise :class:`DivergenceError` for an overflow seen elsewhere (``why`` says where)."""
        if self.first is None and self.start_cause is not None:
            raise DivergenceError(f"training diverged at step {step}, where {why}"
                                  f"{before_any_update(self.start_cause)}")
        raise DivergenceError(f"training diverged at step {step}, where {why}."
                              f"{hint(step, self._lr(), self.first, self.first_grad)}")
