r"""A two-layer ReLU network in NumPy, with its backward pass written by hand.

The slides' two-layer network is :math:`f(x) = W_2 \max(0, W_1 x + b_1) + b_2`. Here, as in
:mod:`lectures_lib.nn.losses`, examples are the *rows* of ``X`` (shape (N, D)), so the same
network reads

.. math::

    h = \max(0,\; X W_1 + b_1), \qquad s = h W_2 + b_2,

with ``W1`` of shape (D, H) and ``W2`` of shape (H, C) (the slides' matrices, transposed). The
loss is the softmax loss averaged over the examples plus the L2 penalty of both weight
matrices (biases are not penalised):

.. math::

    L = \frac{1}{N} \sum_{i=1}^N -\log \frac{e^{s_{i, y_i}}}{\sum_j e^{s_{ij}}}
        + \lambda \left( \sum W_1^2 + \sum W_2^2 \right).
"""

import numpy as np

from lectures_lib._checks import (as_float_array, check_labels, check_nonnegative,
                                  check_positive_int, check_seed)
from lectures_lib.divergence import DivergenceError, LossWatch
from lectures_lib.history import History
from lectures_lib.nn.losses import softmax_scores_loss


class TwoLayerNet:
    """A fully-connected network input -> ReLU hidden layer -> class scores, in NumPy.

    Parameters
    ----------
    input_size : int
        D, the number of input features.
    hidden_size : int
        H, the number of hidden units.
    output_size : int
        C, the number of classes.
    std : float, default 1e-4
        Standard deviation of the Gaussian initial weights (biases start at 0), >= 0.
    seed : int, default 0
        Seed of the initial weights, in [0, 2**63).

    Attributes
    ----------
    params : dict of str to numpy.ndarray
        ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, C), ``b2`` (C,). Training updates them in place.

    Examples
    --------
    >>> net = TwoLayerNet(4, 10, 3, std=0.1)
    >>> X, y = np.ones((5, 4)), np.array([0, 1, 2, 0, 1])
    >>> net.loss(X).shape
    (5, 3)
    >>> loss, grads = net.loss(X, y, reg=0.1)
    >>> sorted(grads), grads["W1"].shape
    (['W1', 'W2', 'b1', 'b2'], (4, 10))
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=0):
        D = check_positive_int(input_size, "input_size")
        H = check_positive_int(hidden_size, "hidden_size")
        C = check_positive_int(output_size, "output_size")
        std = check_nonnegative(std, "std")
        rng = np.random.default_rng(check_seed(seed))
        self.params = {
            "W1": std * rng.standard_normal((D, H)),
            "b1": np.zeros(H),
            "W2": std * rng.standard_normal((H, C)),
            "b2": np.zeros(C),
        }

    def _check_X(self, X):
        X = as_float_array(X, "X", ndim=2)
        D = self.params["W1"].shape[0]
        if X.shape[1] != D:
            raise ValueError(f"X has {X.shape[1]} features but W1 has {D} rows")
        if X.shape[0] == 0:
            raise ValueError(f"X has no examples, got shape {X.shape}")
        return X

    @np.errstate(over="ignore", invalid="ignore")  # overflow is checked, and raises
    def loss(self, X, y=None, reg=0.0):
        """The class scores, or the loss and the gradient of every parameter.

        Parameters
        ----------
        X : array_like of shape (N, D)
        y : array_like of int, shape (N,), optional
            Labels in [0, C). Without them only the forward pass runs.
        reg : float, default 0.0
            λ >= 0 of the penalty ``λ * (sum(W1**2) + sum(W2**2))``.

        Returns
        -------
        scores : numpy.ndarray of shape (N, C)
            When ``y`` is None.
        loss, grads : float, dict of str to numpy.ndarray
            Otherwise; ``grads`` has the keys and shapes of ``params``.

        Raises
        ------
        lectures_lib.divergence.DivergenceError
            If the scores, the loss or a gradient overflow: the weights (blown up by too large
            a learning rate, or too large an initial ``std``) or the inputs are too large.
        """
        X = self._check_X(X)
        reg = check_nonnegative(reg, "reg")
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        n = X.shape[0]

        # forward pass
        z1 = X @ W1 + b1               # (N, H) pre-activations
        h = np.maximum(0.0, z1)        # (N, H) hidden layer, ReLU
        scores = h @ W2 + b2           # (N, C)
        _check_finite(scores, "scores")
        if y is None:
            return scores
        y = check_labels(y, n, W2.shape[1], "y")
        data_loss, dscores = softmax_scores_loss(scores, y)
        dscores = dscores / n         # (p - onehot(y)) / N: the mean's gradient
        loss = data_loss + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        # backward pass: each line is the local gradient times the one from above
        grads = {}
        grads["W2"] = h.T @ dscores + 2 * reg * W2
        grads["b2"] = dscores.sum(axis=0)
        dh = dscores @ W2.T
        dz1 = dh * (z1 > 0)            # ReLU passes the gradient where it was active
        grads["W1"] = X.T @ dz1 + 2 * reg * W1
        grads["b1"] = dz1.sum(axis=0)
        _check_finite(loss, "loss and gradients", *grads.values())
        return float(loss), grads

    def predict(self, X):
        """The predicted class of each row of ``X``: the index of its largest score.

        Returns
        -------
        numpy.ndarray of int, shape (N,)
        """
        return np.argmax(self.loss(X), axis=1)

    def loss_with(self, name, value, X, y, reg=0.0):
        """The loss with one parameter replaced by ``value``: the loss as a function of it.

        The gradient check and the slices of the loss landscape vary one parameter and keep the
        others; ``params`` is the same after the call as before (also when the loss raises).

        Parameters
        ----------
        name : {"W1", "b1", "W2", "b2"}
        value : array_like
            The parameter's value, of its shape.
        X, y, reg
            As in :meth:`loss`.

        Returns
        -------
        float

        Raises
        ------
        ValueError
            If ``name`` is not a parameter, ``value`` does not have its shape or ``y`` is
            None; and as :meth:`loss` for bad ``X``, ``y`` or ``reg``.

        Examples
        --------
        >>> net = TwoLayerNet(2, 3, 2, std=0.1)
        >>> X, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
        >>> net.loss_with("b2", np.array([1.0, 0.0]), X, y) > net.loss(X, y)[0]
        True
        """
        if name not in self.params:
            raise ValueError(f"name must be one of {sorted(self.params)}, got {name!r}")
        if y is None:
            raise ValueError("y must be the labels of X, got None (the loss needs them)")
        value = as_float_array(value, "value")
        if value.shape != self.params[name].shape:
            raise ValueError(f"value must have the shape of {name}, "
                             f"{self.params[name].shape}, got {value.shape}")
        saved, self.params[name] = self.params[name], value
        try:
            return self.loss(X, y, reg)[0]
        finally:
            self.params[name] = saved

    def train(self, X, y, X_val=None, y_val=None, learning_rate=1e-3, reg=0.0, epochs=10,
              batch_size=200, learning_rate_decay=1.0, seed=0):
        """Minibatch stochastic gradient descent on the regularised loss.

        .. code-block:: text

            for each epoch:
                for each minibatch (X_b, y_b) of a fresh shuffle of the training set:
                    loss, grads = self.loss(X_b, y_b, reg)
                    for every parameter p:  p -= learning_rate * grads[p]
                learning_rate *= learning_rate_decay

        Parameters
        ----------
        X, y : array_like
            Training examples (N, D) and labels (N,).
        X_val, y_val : array_like, optional
            Validation examples and labels, evaluated after every epoch.
        learning_rate : float, default 1e-3
            The step size, >= 0.
        reg : float, default 0.0
            The L2 strength λ >= 0.
        epochs : int, default 10
        batch_size : int, default 200
            Examples per step; a value >= N gives full-batch gradient descent.
        learning_rate_decay : float, default 1.0
            Factor applied to the learning rate after each epoch, >= 0.
        seed : int, default 0
            Seed of the shuffles, in [0, 2**63).

        Returns
        -------
        lectures_lib.history.History
            Data loss and accuracy before training and after every epoch, and the loss of
            every step.

        Raises
        ------
        lectures_lib.divergence.DivergenceError
            When the loss becomes NaN/inf or explodes; the message names the epoch and step.
            When it is NaN/inf before the first update, the message says so and blames the
            initial weights (``std``) or the inputs, not the learning rate.
        """
        X = self._check_X(X)
        y = check_labels(y, X.shape[0], self.params["W2"].shape[1], "y")
        if (X_val is None) != (y_val is None):
            raise ValueError("give both X_val and y_val, or neither")
        if X_val is not None:
            X_val = self._check_X(X_val)
            y_val = check_labels(y_val, X_val.shape[0], self.params["W2"].shape[1], "y_val")
        lr = check_nonnegative(learning_rate, "learning_rate")
        reg = check_nonnegative(reg, "reg")
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        decay = check_nonnegative(learning_rate_decay, "learning_rate_decay")
        rng = np.random.default_rng(check_seed(seed))
        history = History(device="cpu (NumPy)")
        # one watch per series; the learning rate they quote is the current one (it decays),
        # and a run that is broken before its first update is blamed on its start
        start = "start from smaller weights (a lower std) or rescale the inputs"
        watch, watches = (LossWatch(lr=lambda: lr, start_cause=start),
                          {name: LossWatch(lr=lambda: lr, start_cause=start)
                           for name in ("train", "val")})
        self._record(history, X, y, X_val, y_val, "0 (before training)", watches)
        n, step = X.shape[0], 0
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start:start + batch_size]
                where = f"{step} (epoch {epoch})"
                try:
                    loss, grads = self.loss(X[batch], y[batch], reg=reg)
                except DivergenceError as err:
                    watch.diverged(where, err)
                history.step_loss.append(watch(loss, where))
                with np.errstate(over="ignore", invalid="ignore"):  # checked at the next step
                    for name, grad in grads.items():
                        self.params[name] -= lr * grad
                step += 1
            history.epochs_run = epoch
            self._record(history, X, y, X_val, y_val, f"{step} (end of epoch {epoch})", watches)
            lr *= decay
        return history

    def _record(self, history, X, y, X_val, y_val, step, watches):
        """Append the data loss and accuracy on the training and validation sets."""
        parts = [("train", X, y)] + ([("val", X_val, y_val)] if X_val is not None else [])
        for name, X_part, y_part in parts:
            try:
                scores = self.loss(X_part)
            except DivergenceError as err:
                watches[name].diverged(step, err)
            loss = watches[name](softmax_scores_loss(scores, y_part)[0], step)
            getattr(history, f"{name}_loss").append(loss)
            getattr(history, f"{name}_acc").append(float(np.mean(scores.argmax(axis=1) == y_part)))


def _check_finite(value, name, *more):
    """Raise DivergenceError if ``value`` (or any of ``more``) holds inf or NaN."""
    if not all(np.all(np.isfinite(v)) for v in (value, *more)):
        raise DivergenceError(f"the network's {name} are not finite (inf or NaN): its weights "
                              f"have grown too large (or the inputs are)")
