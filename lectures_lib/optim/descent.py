"""The lecture's two strategies for finding good weights: random search and following the slope.

Both work on any loss given as a function ``loss_fn(W) -> (loss, dW)``, such as
``lambda W: softmax_loss(W, X, y, reg)``.
"""

from dataclasses import dataclass, field

import numbers

import numpy as np

from lectures_lib._checks import (as_float_array, check_callable, check_nonnegative,
                                 check_positive, check_positive_int, check_same_shape, check_seed)
from lectures_lib.divergence import LossWatch, check_gradient


@dataclass
class SearchResult:
    """What a search for weights found.

    Attributes
    ----------
    W : numpy.ndarray
        The best weights found.
    loss : float
        Their loss.
    history : list of float
        The best loss so far after each try (random search) or the loss at each step (gradient
        descent, starting with the initial weights).
    """

    W: np.ndarray
    loss: float
    history: list = field(default_factory=list)


def random_search(loss_fn, shape, num_tries=1000, scale=1e-4, seed=0):
    """Strategy #1, a very bad idea: try random weights and keep the best.

    Each try draws ``W = scale * randn(*shape)`` and evaluates the loss; no information from
    one try is used for the next.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W)`` returns the loss, or a tuple whose first item is the loss.
    shape : tuple of int
        The shape of ``W``.
    num_tries : int, default 1000
        How many random weight matrices to try.
    scale : float, default 1e-4
        The standard deviation of the random weights (the slides use 0.0001).
    seed : int, default 0
        In [0, 2**63).

    Returns
    -------
    SearchResult

    Raises
    ------
    TypeError, ValueError
        For a bad ``loss_fn``, ``shape`` (not positive ints), ``num_tries``, ``scale`` (not
        > 0, or so large that the weights overflow) or ``seed``; and when ``loss_fn``
        returns something other than one finite real number.

    Examples
    --------
    >>> result = random_search(lambda W: float(np.sum((W - 1) ** 2)), (2,), num_tries=50, scale=1.0)
    >>> len(result.history), result.loss == min(result.history)
    (50, True)
    """
    check_callable(loss_fn, "loss_fn")
    shape = _shape(shape)
    num_tries = check_positive_int(num_tries, "num_tries")
    scale = check_positive(scale, "scale")
    rng = np.random.default_rng(check_seed(seed))
    best_W, best_loss, history = None, np.inf, []
    for k in range(num_tries):
        with np.errstate(over="ignore"):
            W = scale * rng.standard_normal(shape)
        if not np.all(np.isfinite(W)):
            raise ValueError(f"scale = {scale:g} is too large: the random weights overflow "
                             f"float64")
        with np.errstate(over="ignore", invalid="ignore"):     # a bad loss is reported below
            loss = _loss_only(loss_fn(W))
        if not np.isfinite(loss):
            raise ValueError(f"loss_fn(W) returned {loss} at try {k}, for weights drawn with "
                             f"scale = {scale:g}: a loss must be finite to be compared")
        if loss < best_loss:
            best_W, best_loss = W, loss
        history.append(best_loss)
    return SearchResult(W=best_W, loss=best_loss, history=history)


def gradient_descent(loss_fn, W0, lr, num_steps):
    """Strategy #2, follow the slope: full-batch (vanilla) gradient descent.

    .. code-block:: text

        repeat num_steps times:
            loss, dW = loss_fn(W)
            W = W - lr * dW

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W)`` returns ``(loss, dW)``.
    W0 : array_like
        The starting weights (copied, not modified).
    lr : float
        The step size (learning rate), >= 0.
    num_steps : int
        The number of updates.

    Returns
    -------
    SearchResult
        The final weights and loss; ``history`` holds ``num_steps + 1`` losses.

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the loss or the gradient becomes non-finite, or the loss explodes; the message
        names the step, and blames the start ``W0`` (not ``lr``) when they are already
        non-finite or enormous there.
    TypeError, ValueError
        For a bad ``loss_fn``, ``W0``, ``lr`` or ``num_steps``; when ``loss_fn`` does not
        return ``(loss, dW)`` with one real number and an array of ``W``'s shape.

    Examples
    --------
    Minimising ``sum(W**2)``, each step with lr = 0.25 halves ``W``:

    >>> result = gradient_descent(lambda W: (float(np.sum(W ** 2)), 2 * W), [4.0], lr=0.25,
    ...                           num_steps=2)
    >>> result.W
    array([1.])
    """
    check_callable(loss_fn, "loss_fn")
    W = as_float_array(W0, "W0")
    lr = check_nonnegative(lr, "lr")
    num_steps = check_positive_int(num_steps, "num_steps")
    history, watch = [], LossWatch(lr=lr)
    for step in range(num_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):     # checked below, every step
            out = loss_fn(W)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise TypeError(f"loss_fn(W) must return (loss, dW), got {type(out).__name__}")
        loss, dW = _loss_only(out[0]), np.asarray(out[1])
        if dW.dtype == bool or not np.issubdtype(dW.dtype, np.number) or dW.dtype.kind == "c":
            raise TypeError(f"dW (from loss_fn) must be a real array, got dtype {dW.dtype}")
        check_same_shape(dW, W, "dW (from loss_fn)", "W")
        watch(loss, step)
        size = check_gradient(dW, step, initial_loss=watch.first, lr=lr,
                              initial_grad=watch.first_grad)
        if watch.first_grad is None:
            watch.first_grad = size
        history.append(loss)
        if step < num_steps:
            with np.errstate(over="ignore", invalid="ignore"):   # checked at the next step
                W = W - lr * dW
    return SearchResult(W=W, loss=history[-1], history=history)


def _shape(shape):
    """``shape`` as a tuple of positive ints (an int ``n`` means ``(n,)``)."""
    items = (shape,) if isinstance(shape, (numbers.Integral, np.integer)) else shape
    try:
        items = tuple(items)
    except TypeError:
        raise TypeError(f"shape must be a tuple of ints, got {type(shape).__name__}") from None
    for n in items:
        if isinstance(n, bool) or not isinstance(n, (numbers.Integral, np.integer)):
            raise TypeError(f"shape must be a tuple of ints, got {shape!r}")
        if n < 1:
            raise ValueError(f"shape must hold sizes >= 1, got {shape!r}")
    return tuple(int(n) for n in items)


def _loss_only(value):
    """Accept ``loss`` or ``(loss, grad)`` and return the loss as a float (NaN and inf too)."""
    value = value[0] if isinstance(value, tuple) else value
    if hasattr(value, "detach"):                        # a one-element torch tensor
        value = value.detach().cpu().numpy()
    arr = np.asarray(value)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) or arr.dtype.kind == "c" \
            or arr.size != 1:
        raise TypeError(f"the loss from loss_fn must be one real number, got "
                        f"{type(value).__name__} of dtype {arr.dtype} and shape {arr.shape}")
    return float(arr.reshape(()))
