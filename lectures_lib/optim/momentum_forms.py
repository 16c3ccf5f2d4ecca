"""The slides' two forms of momentum and of Nesterov momentum, on NumPy arrays (chapter 3).

The optimizer class :class:`~lectures_lib.optim.SGD` updates tensors in place, one step per
call, in PyTorch's form. The functions here run the slides' pseudocode line for line on NumPy
arrays for ``num_steps`` steps and return every iterate, so that two forms of the same method
can be put side by side:

* :func:`sgd_momentum` (``v = ρv + dw; w -= αv``) and :func:`sgd_momentum_velocity`
  (``v = ρv − α dw; w += v``) give the same sequence of weights;
* :func:`nesterov_lookahead` (gradient at ``w + ρv``) and :func:`nesterov_change_of_variables`
  (the same method in the variable ``w̃ = w + ρv``, gradient at the current iterate);
* :func:`heavy_ball_errors` runs :func:`sgd_momentum` on a diagonal quadratic and returns its
  errors, whose rate the convergence theory predicts.

Each takes ``grad(w)``, a function returning the gradient at ``w``, and returns the iterates
``W`` (shape ``(num_steps + 1, *w0.shape)``, starting with ``w0``) and the velocities ``V``
(same shape, starting with 0). Every step is checked: ``grad(w)`` must return an array shaped
like ``w``, and a gradient, velocity or iterate that becomes NaN or infinite stops the run
with a :class:`~lectures_lib.divergence.DivergenceError` naming the step and the value. The
slides' Adam in the same style is :func:`~lectures_lib.optim.adam_forms.adam_lecture`.
"""

import numpy as np

from lectures_lib._checks import as_float_array
from lectures_lib.optim._forms import FormRun


def sgd_momentum(grad, w0, lr, rho, num_steps):
    r"""SGD + momentum, first form: :math:`v_{t+1} = \rho v_t + \nabla f(w_t)`,
    :math:`w_{t+1} = w_t - \alpha v_{t+1}`.

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the gradient, the velocity or the weights become NaN or infinite; the message
        names the step and the value.
    ValueError, TypeError
        For bad arguments, or a ``grad`` whose output is not a numeric array shaped like ``w``.

    Examples
    --------
    On :math:`f(w) = w^2/2` (gradient w) from w = 1, α = 0.5, ρ = 0.5: v = 1, w = 0.5; then
    v = 0.5 + 0.5 = 1, w = 0.

    >>> W, V = sgd_momentum(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist(), V.ravel().tolist()
    ([1.0, 0.5, 0.0], [0.0, 1.0, 1.0])
    """
    run = FormRun(grad, w0, lr, rho, num_steps)
    lr, rho, w, v = run.lr, run.rho, run.W[0], run.V[0]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in run.steps:
            dw = run.gradient(w, t)
            v = rho * v + dw
            w = w - lr * v
            run.check(t, velocity=v, weights=w)
            run.record(w, v)
    return run.result()


def sgd_momentum_velocity(grad, w0, lr, rho, num_steps):
    r"""SGD + momentum, second form: :math:`v_{t+1} = \rho v_t - \alpha \nabla f(w_t)`,
    :math:`w_{t+1} = w_t + v_{t+1}`.

    The velocity is :math:`-\alpha` times the first form's, so the weights are the same.

    Raises
    ------
    lectures_lib.divergence.DivergenceError, ValueError, TypeError
        As :func:`sgd_momentum`, with the same checks and messages.

    Examples
    --------
    >>> W, V = sgd_momentum_velocity(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist(), V.ravel().tolist()
    ([1.0, 0.5, 0.0], [0.0, -0.5, -0.5])
    """
    run = FormRun(grad, w0, lr, rho, num_steps)
    lr, rho, w, v = run.lr, run.rho, run.W[0], run.V[0]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in run.steps:
            dw = run.gradient(w, t)
            v = rho * v - lr * dw
            w = w + v
            run.check(t, velocity=v, weights=w)
            run.record(w, v)
    return run.result()


def nesterov_lookahead(grad, w0, lr, rho, num_steps):
    r"""Nesterov momentum, look-ahead form: the gradient is taken where the velocity leads.

    .. math::

        v_{t+1} = \rho v_t - \alpha \nabla f(w_t + \rho v_t), \qquad w_{t+1} = w_t + v_{t+1}

    Raises
    ------
    lectures_lib.divergence.DivergenceError, ValueError, TypeError
        As :func:`sgd_momentum`; the look-ahead point :math:`w_t + \rho v_t` is checked too.

    Examples
    --------
    >>> W, V = nesterov_lookahead(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist()
    [1.0, 0.5, 0.125]
    """
    run = FormRun(grad, w0, lr, rho, num_steps)
    lr, rho, w, v = run.lr, run.rho, run.W[0], run.V[0]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in run.steps:
            lookahead = w + rho * v
            run.check(t, **{"the look-ahead point w + rho v": lookahead})
            v = rho * v - lr * run.gradient(lookahead, t)
            w = w + v
            run.check(t, velocity=v, weights=w)
            run.record(w, v)
    return run.result()


def nesterov_change_of_variables(grad, w0, lr, rho, num_steps):
    r"""Nesterov momentum in the variable :math:`\tilde w_t = w_t + \rho v_t`.

    .. math::

        v_{t+1} = \rho v_t - \alpha \nabla f(\tilde w_t), \qquad
        \tilde w_{t+1} = \tilde w_t - \rho v_t + (1 + \rho)\, v_{t+1}

    The gradient is taken at the current iterate, as in plain SGD. Returns the iterates
    :math:`\tilde w_t` (not :math:`w_t`) and the velocities; :func:`nesterov_lookahead`'s
    weights are :math:`\tilde w_t - \rho v_t`. Since :math:`v_0 = 0`, both start at ``w0``.

    Raises
    ------
    lectures_lib.divergence.DivergenceError, ValueError, TypeError
        As :func:`sgd_momentum`, for the iterates :math:`\tilde w_t` in place of the weights.

    Examples
    --------
    >>> W_tilde, V = nesterov_change_of_variables(lambda w: w, [1.0], lr=0.5, rho=0.5,
    ...                                           num_steps=2)
    >>> (W_tilde - 0.5 * V).ravel().tolist()
    [1.0, 0.5, 0.125]
    """
    run = FormRun(grad, w0, lr, rho, num_steps)
    lr, rho, w, v = run.lr, run.rho, run.W[0], run.V[0]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in run.steps:
            dw = run.gradient(w, t)
            old_v = v
            v = rho * v - lr * dw
            w = w - rho * old_v + (1 + rho) * v
            run.check(t, velocity=v, weights=w)
            run.record(w, v)
    return run.result()


def heavy_ball_errors(lr, beta, eigs, num_steps):
    r"""The errors :math:`\max_i |w^k_i|` of heavy ball on the quadratic, for k = 0, 1, ...

    Runs :func:`sgd_momentum` (gradient descent when ``beta`` is 0) on
    :math:`f(w) = \tfrac12 \sum_i \lambda_i w_i^2` from :math:`w = (1, \dots, 1)`, whose
    minimum is 0. The errors use the largest entry, not the norm, whose squares would
    underflow, and end before the first one below 1e-250, as
    :func:`~lectures_lib.landscape.theory.measured_rate` wants them (chapter 3 measures the
    rates that :mod:`lectures_lib.landscape.theory` predicts).

    Raises
    ------
    ValueError, TypeError
        For bad arguments (see :func:`sgd_momentum`).
    lectures_lib.divergence.DivergenceError
        If the run diverges: ``(lr, beta)`` is outside the region where heavy ball converges.

    Examples
    --------
    >>> heavy_ball_errors(0.5, 0.0, [1.0, 0.5], 3).tolist()   # factors 1 - 0.5 and 1 - 0.25
    [1.0, 0.75, 0.5625, 0.421875]
    """
    eigs = as_float_array(eigs, "eigs", ndim=1)
    W, _ = sgd_momentum(lambda w: eigs * w, np.ones(len(eigs)), lr, beta, num_steps)
    errors = np.max(np.abs(W), axis=1)
    tiny = np.flatnonzero(errors < 1e-250)
    return errors[:tiny[0]] if tiny.size else errors
