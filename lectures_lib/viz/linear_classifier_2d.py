r"""A linear classifier on 2-D points that takes gradient steps on demand: the demo's arithmetic.

:class:`LinearClassifier2D` holds 2-D points of a few classes, weights :math:`W` (C × 2) and
biases :math:`b`, and computes what the lectures' web demo shows: every point's scores
:math:`s = Wx + b` and loss (SVM or softmax, the library's own
:mod:`~lectures_lib.nn.losses`), the mean data loss, the L2 regularization loss
:math:`\lambda \sum W^2` (biases are not regularized), their total and its gradients;
:meth:`~LinearClassifier2D.step` takes one parameter update and says when it diverges.
:class:`~lectures_lib.viz.linear_classifier_demo.LinearClassifierDemo` shows it (chapter 2).
"""

import numpy as np

from lectures_lib._checks import (as_float_array, check_int, check_labels, check_nonnegative,
                                  check_positive, check_seed)
from lectures_lib.data import add_bias_column
from lectures_lib.divergence import DivergenceError, before_any_update
from lectures_lib.lecture_examples import SLIDE_B, SLIDE_LABELS, SLIDE_POINTS, SLIDE_W
from lectures_lib.nn.losses import softmax_loss, svm_loss


LOSSES = {"svm": svm_loss, "softmax": softmax_loss}


class LinearClassifier2D:
    """A linear classifier on 2-D points that takes gradient steps on demand.

    Parameters
    ----------
    X : array_like of shape (N, 2), default the slide's points
    y : array_like of int, shape (N,), default the slide's labels
    W : array_like of shape (C, 2), default the slide's weights (one row per class)
    b : array_like of shape (C,), default the slide's biases
    loss : {"svm", "softmax"}, default "svm"
    step_size : float, default 0.1
    reg : float, default 0.1
        The L2 strength λ of ``λ * sum(W**2)`` (biases excluded, as in the demo).
    seed : int, default 0
        Seed of :meth:`randomize`.

    Attributes
    ----------
    W, b : numpy.ndarray
        The current weights and biases; assigning new ones checks them (finite, the same
        shapes) and makes them the new start point.
    steps_taken : int
        Updates made since the last start point (construction, :meth:`randomize` or an
        assignment to ``W`` or ``b``).

    Raises
    ------
    TypeError
        If an array is not numeric, ``loss`` not a string or ``seed`` not an integer.
    ValueError
        If the shapes do not match, ``X`` is empty, a label is outside the classes, an array
        holds NaN/inf, ``step_size`` <= 0, ``reg`` < 0 or ``seed`` negative.

    Examples
    --------
    >>> state = LinearClassifier2D().evaluate()
    >>> print(f"{state['data_loss']:.2f} {state['reg_loss']:.2f} {state['total']:.2f}")
    0.64 1.92 2.57
    """

    def __init__(self, X=SLIDE_POINTS, y=SLIDE_LABELS, W=SLIDE_W, b=SLIDE_B, loss="svm",
                 step_size=0.1, reg=0.1, seed=0):
        self.X = as_float_array(X, "X", ndim=2)
        if self.X.shape[1] != 2:
            raise ValueError(f"X must hold 2-D points, got shape {self.X.shape}")
        if self.X.shape[0] == 0:
            raise ValueError(f"X must hold at least one point, got shape {self.X.shape}")
        W = as_float_array(W, "W", ndim=2)
        b = as_float_array(b, "b", ndim=1)
        if b.size == 0:
            raise ValueError("b must hold one bias per class, got an empty array")
        if W.shape != (b.size, 2):
            raise ValueError(f"W must have shape ({b.size}, 2) to match b, got {W.shape}")
        self._W, self._b, self.steps_taken = W, b, 0
        self.y = check_labels(y, len(self.X), self.b.size, "y")
        self.loss = loss
        self.step_size = step_size
        self.reg = reg
        self.rng = np.random.default_rng(check_seed(seed))

    @property
    def W(self):
        return self._W

    @W.setter
    def W(self, value):
        value = as_float_array(value, "W", ndim=2)
        if value.shape != (self._b.size, 2):
            raise ValueError(f"W must have shape ({self._b.size}, 2) to match b, got "
                             f"{value.shape}")
        self._W, self.steps_taken = value, 0

    @property
    def b(self):
        return self._b

    @b.setter
    def b(self, value):
        value = as_float_array(value, "b", ndim=1)
        if value.shape != self._b.shape:
            raise ValueError(f"b must have shape {self._b.shape} to match W, got {value.shape}")
        self._b, self.steps_taken = value, 0

    @property
    def loss(self):
        return self._loss

    @loss.setter
    def loss(self, name):
        if not isinstance(name, str):
            raise TypeError(f"loss must be one of {sorted(LOSSES)}, got {type(name).__name__} "
                            f"{name!r}")
        if name not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {name!r}")
        self._loss = name

    @property
    def step_size(self):
        return self._step_size

    @step_size.setter
    def step_size(self, value):
        self._step_size = check_positive(value, "step_size")

    @property
    def reg(self):
        return self._reg

    @reg.setter
    def reg(self, value):
        self._reg = check_nonnegative(value, "reg")

    def evaluate(self):
        """Scores, per-point losses, data/regularization/total loss and the gradients.

        Returns
        -------
        dict
            ``scores`` (N, C), ``losses`` (N,), ``data_loss``, ``reg_loss``, ``total``, and the
            gradients of the total, ``dW`` (C, 2) and ``db`` (C,).

        Raises
        ------
        ValueError
            If a number overflows float64 at the current weights (they are too large).
        """
        state = self._evaluate(self.W, self.b)
        if not _finite(state):
            raise ValueError(f"the losses overflow float64 at these weights (largest |W| = "
                             f"{np.max(np.abs(self.W)):.3g}, largest |b| = "
                             f"{np.max(np.abs(self.b)):.3g}): they are too large; call "
                             f"randomize() or assign smaller W and b")
        return state

    def _evaluate(self, W, b):
        """:meth:`evaluate` at ``W`` and ``b``, with no check: entries may be inf or NaN."""
        loss_fn = LOSSES[self.loss]
        X1 = add_bias_column(self.X)
        W1 = np.vstack([W.T, b])                        # the library's (D+1, C) layout
        with np.errstate(over="ignore", invalid="ignore"):
            data_loss, dW1 = loss_fn(W1, X1, self.y)
            losses = np.array([loss_fn(W1, X1[i:i + 1], self.y[i:i + 1])[0]
                               for i in range(len(X1))])
            reg_loss = self.reg * np.sum(W ** 2) if self.reg > 0 else 0.0
            return {"scores": X1 @ W1, "losses": losses, "data_loss": data_loss,
                    "reg_loss": reg_loss, "total": data_loss + reg_loss,
                    "dW": dW1[:-1].T + 2 * self.reg * W, "db": dW1[-1]}

    def predict(self, points):
        """The class with the highest score ``w_k x + b_k`` for each row of ``points``.

        ``points`` has shape (N, 2); a score that overflows counts as the largest.
        """
        points = as_float_array(points, "points", ndim=2)
        if points.shape[1] != 2:
            raise ValueError(f"points must hold 2-D points (2 columns), got shape "
                             f"{points.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            scores = points @ self.W.T + self.b
        return np.argmax(np.nan_to_num(scores, nan=-np.inf), axis=1)

    def step(self):
        """One parameter update, ``W -= step_size * dW``, ``b -= step_size * db``.

        Raises
        ------
        lectures_lib.divergence.DivergenceError
            If the update makes the weights or the total loss overflow (NaN/inf): the message
            names the step and the value and says the step size is too large; the demo keeps
            the weights it had. If the loss already overflows at the start point, it says that
            the weights, not the step size, are too large.
        """
        state = self._evaluate(self.W, self.b)
        where = self.steps_taken + 1
        if not _finite(state):
            raise DivergenceError(
                f"the demo diverged at step {where}: the total loss is {state['total']:.4g} at "
                f"the current weights (largest |W| = {np.max(np.abs(self.W)):.3g})"
                + (before_any_update("the starting weights are too large; call randomize() "
                                     "or assign smaller W and b", rate="step size")
                   if self.steps_taken == 0 else
                   f". The step size {self.step_size} is too large; try a smaller one "
                   f"(e.g. 10x lower)."))
        with np.errstate(over="ignore", invalid="ignore"):
            W = self.W - self.step_size * state["dW"]
            b = self.b - self.step_size * state["db"]
        after = self._evaluate(W, b) if np.all(np.isfinite(W)) and np.all(np.isfinite(b)) else None
        if after is None or not _finite(after):
            value = (f"the total loss would be {after['total']:.4g}" if after is not None else
                     f"the weights would overflow to {np.max(np.abs(W)):.4g}")
            raise DivergenceError(
                f"the demo diverged at step {where}: {value} (the total loss before it was "
                f"{state['total']:.4g}). The step size {self.step_size} is too large; try a "
                f"smaller one (e.g. 10x lower).")
        self._W, self._b, self.steps_taken = W, b, where

    def randomize(self):
        """Draw new weights and biases from N(0, 1), as the demo's button does."""
        self.W = self.rng.standard_normal(self.W.shape)
        self.b = self.rng.standard_normal(self.b.shape)

    def snapshots(self, num_steps):
        """Take ``num_steps`` updates from the current state.

        Returns the list of (W, b): before each update, and after the last.

        Raises
        ------
        lectures_lib.divergence.DivergenceError
            As :meth:`step`, when an update diverges.
        """
        num_steps = check_int(num_steps, "num_steps", low=0)
        states = [(self.W.copy(), self.b.copy())]
        for _ in range(num_steps):
            self.step()
            states.append((self.W.copy(), self.b.copy()))
        return states


def _finite(state):
    """Whether every number of an evaluated state is finite."""
    return all(np.all(np.isfinite(v)) for v in state.values())
