"""What the slides' forms of momentum, Nesterov momentum and Adam share: a checked run.

The functions of :mod:`lectures_lib.optim.momentum_forms` and
:mod:`lectures_lib.optim.adam_forms` run the slides' pseudocode on NumPy arrays. Each keeps
its run in a :class:`FormRun`, which checks the arguments, hands out every gradient as an
array shaped like ``w`` (:meth:`FormRun.gradient`), checks every new velocity or iterate
(:meth:`FormRun.check`) and records the iterates. A run that diverges stops with a
:class:`~lectures_lib.divergence.DivergenceError` naming the step and the value instead of
returning NaN: one that blames the start when the gradient is already not finite there, and
the learning rate otherwise.
"""

import numpy as np

from lectures_lib._checks import (as_float_array, check_callable, check_nonnegative,
                                  check_positive_int, check_unit_interval)
from lectures_lib.divergence import DivergenceError


def _size(x):
    return float(np.max(np.abs(x)))


class FormRun:
    """One run of a slides' form: its checked arguments, its iterates so far, its checks.

    ``W`` holds the iterates (``W[0]`` is ``w0``) and ``V`` the velocities or first moments
    (``V[0]`` is 0); ``steps`` is t = 1, ..., ``num_steps``; ``lr`` and ``rho`` are the checked
    numbers, ``rho_name`` the name ``rho`` has in the form's signature.
    """

    def __init__(self, grad, w0, lr, rho, num_steps, rho_name="rho"):
        self.grad = check_callable(grad, "grad")
        w = as_float_array(w0, "w0")
        if w.size == 0:
            raise ValueError(f"w0 is empty (shape {w.shape}): there are no weights to optimise")
        self.lr = check_nonnegative(lr, "lr")
        self.rho = check_unit_interval(rho, rho_name)
        self.steps = range(1, check_positive_int(num_steps, "num_steps") + 1)
        self.W, self.V = [w], [np.zeros_like(w)]
        # what to try when the run diverged after a finite start: the step is too long
        self.hint = (f" The learning rate {self.lr} is probably too large for "
                     f"{rho_name}={self.rho} and this start; try a smaller one (e.g. 10x lower).")

    def gradient(self, w, step):
        """``grad(w)`` as a float array shaped like ``w``; stop the run if it is NaN or inf."""
        out = self.grad(w)
        if isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == w.shape \
                and np.isfinite(out).all():               # the common case, kept fast
            return out
        try:
            g = np.array(out)
        except Exception as err:  # ragged lists, tensors that require grad, ...
            raise TypeError(f"grad(w) must return a numeric array, got {type(out).__name__}") \
                from err
        if g.dtype == bool or not np.issubdtype(g.dtype, np.number) \
                or np.issubdtype(g.dtype, np.complexfloating):
            raise TypeError(f"grad(w) must return a real numeric array, got "
                            f"{type(out).__name__} of dtype {g.dtype}")
        if g.shape != w.shape:
            raise ValueError(f"grad(w) returned shape {g.shape} but w has shape {w.shape}; "
                             f"they must match")
        g = g.astype(np.float64)
        if not np.all(np.isfinite(g)):
            bad, W = g[~np.isfinite(g)][0], self.W
            if len(W) == 1:
                raise DivergenceError(
                    f"the run cannot start: the gradient is {bad} at w0 (step {step}, max|w0| "
                    f"= {_size(W[0]):.3g}); no step size can help, start nearer the minimum or "
                    f"check grad")
            raise DivergenceError(f"the run diverged at step {step}: the gradient became {bad} "
                                  f"(max|w| was {_size(W[-1]):.3g} at step {len(W) - 1})."
                                  f"{self.hint}")
        return g

    def check(self, step, **arrays):
        """Stop the run if one of ``arrays`` (the new iterate, velocity, ...) is NaN or inf."""
        *_, last = arrays.values()
        if np.isfinite(last).all():     # the last is computed from the others: all are finite
            return
        for name, x in arrays.items():
            if not np.isfinite(x).all():
                bad, W = x[~np.isfinite(x)][0], self.W
                raise DivergenceError(f"the run diverged at step {step}: {name} became {bad} "
                                      f"(max|w| was {_size(W[-1]):.3g} at step {len(W) - 1})."
                                      f"{self.hint}")

    def record(self, w, v):
        """Keep the step's iterate ``w`` and its velocity or first moment ``v``."""
        self.W.append(w)
        self.V.append(v)

    def result(self):
        """The iterates and the velocities (or first moments), one row per step from 0."""
        return np.array(self.W), np.array(self.V)
