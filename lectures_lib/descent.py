"""The lecture's two strategies for finding good weights: random search and following the slope.

Both work on any loss given as a function ``loss_fn(W) -> (loss, dW)``, such as
``lambda W: softmax_loss(W, X, y, reg)``.
"""

from dataclasses import dataclass, field

import numpy as np

from lectures_lib._checks import as_float_array, check_nonnegative, check_positive, check_positive_int
from lectures_lib.divergence import check_loss


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

    Returns
    -------
    SearchResult

    Examples
    --------
    >>> result = random_search(lambda W: float(np.sum((W - 1) ** 2)), (2,), num_tries=50, scale=1.0)
    >>> len(result.history), result.loss == min(result.history)
    (50, True)
    """
    num_tries = check_positive_int(num_tries, "num_tries")
    scale = check_positive(scale, "scale")
    rng = np.random.default_rng(seed)
    best_W, best_loss, history = None, np.inf, []
    for _ in range(num_tries):
        W = scale * rng.standard_normal(shape)
        loss = _loss_only(loss_fn(W))
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
        If the loss becomes non-finite or explodes; the message names the step.

    Examples
    --------
    Minimising ``sum(W**2)``, each step with lr = 0.25 halves ``W``:

    >>> result = gradient_descent(lambda W: (float(np.sum(W ** 2)), 2 * W), [4.0], lr=0.25, num_steps=2)
    >>> result.W
    array([1.])
    """
    W = as_float_array(W0, "W0")
    lr = check_nonnegative(lr, "lr")
    num_steps = check_positive_int(num_steps, "num_steps")
    history = []
    for step in range(num_steps + 1):
        loss, dW = loss_fn(W)
        check_loss(loss, step, initial_loss=history[0] if history else None, lr=lr)
        history.append(float(loss))
        if step < num_steps:
            W = W - lr * dW
    return SearchResult(W=W, loss=history[-1], history=history)


def _loss_only(value):
    """Accept ``loss`` or ``(loss, grad)`` and return the loss as a float."""
    return float(value[0] if isinstance(value, tuple) else value)
