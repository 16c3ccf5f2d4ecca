"""The slides' "neural net in under 20 lines": a whole network trained in plain NumPy.

A two-layer network with a sigmoid hidden layer, fitted by gradient descent to random targets
with the squared-error (L2) loss: forward pass, loss, backward pass and update, each a line or
two, exactly as on the slide (which calls the same loss "Sigmoid L2 loss"). Only the random
generator is seeded here, and the loop checks for divergence.
"""

import numpy as np

from lectures_lib._checks import check_nonnegative, check_positive_int, check_seed
from lectures_lib.divergence import LossWatch


def net_in_20_lines(steps=10000, N=64, D_in=1000, H=100, D_out=10, learning_rate=1e-4, seed=0):
    r"""Train the slide's two-layer sigmoid network; return the loss at every step.

    .. math::

        h = \sigma(x w_1), \quad \hat y = h w_2, \quad L = \sum (\hat y - y)^2, \qquad
        w_k \leftarrow w_k - \alpha \frac{\partial L}{\partial w_k} .

    Parameters
    ----------
    steps : int, default 10000
        Gradient-descent steps (the slide's ``range(10000)``).
    N, D_in, H, D_out : int, default 64, 1000, 100, 10
        Batch size, input, hidden and output sizes, as on the slide.
    learning_rate : float, default 1e-4
        α, the slide's ``1e-4``.
    seed : int, default 0
        Seed of the random data and initial weights (drawn with ``standard_normal`` in the
        slide's order: x, y, w1, w2), in [0, 2**63).

    Returns
    -------
    numpy.ndarray of shape (steps,)
        The loss before each update.

    Raises
    ------
    TypeError
        If a size, ``steps`` or ``seed`` is not an integer.
    ValueError
        If a size or ``steps`` is < 1, ``learning_rate`` < 0 or ``seed`` negative.
    lectures_lib.divergence.DivergenceError
        When the loss becomes NaN/inf or explodes (too large a learning rate); the message
        names the step.

    Examples
    --------
    >>> losses = net_in_20_lines(steps=50, N=8, D_in=20, H=10, D_out=3, learning_rate=1e-3)
    >>> bool(losses[-1] < losses[0])
    True
    """
    steps = check_positive_int(steps, "steps")
    N, D_in, H, D_out = (check_positive_int(v, name) for v, name in
                         [(N, "N"), (D_in, "D_in"), (H, "H"), (D_out, "D_out")])
    learning_rate = check_nonnegative(learning_rate, "learning_rate")
    randn = np.random.default_rng(check_seed(seed)).standard_normal

    x, y = randn((N, D_in)), randn((N, D_out))
    w1, w2 = randn((D_in, H)), randn((H, D_out))
    losses, watch = np.empty(steps), LossWatch(lr=learning_rate)
    for t in range(steps):
        # overflow (exp(large) = inf gives sigmoid 0: correct) or weights blown up to inf/NaN
        # by too large a step: the loss shows the latter, and the watch stops the loop
        with np.errstate(over="ignore", invalid="ignore"):
            h = 1.0 / (1.0 + np.exp(-x.dot(w1)))
            y_pred = h.dot(w2)
            loss = np.square(y_pred - y).sum()
            losses[t] = watch(loss, t)
            dy_pred = 2.0 * (y_pred - y)
            dw2 = h.T.dot(dy_pred)
            dh = dy_pred.dot(w2.T)
            dw1 = x.T.dot(dh * h * (1 - h))
            w1 -= learning_rate * dw1
            w2 -= learning_rate * dw2
    return losses
