"""The slides' other ways of writing momentum, Nesterov momentum and Adam, on NumPy arrays.

The optimizer classes update tensors in place, one step per call, in PyTorch's form. The
functions here run the slides' pseudocode line for line on NumPy arrays for ``num_steps`` steps
and return every iterate, so that two forms of the same method can be put side by side:

* :func:`sgd_momentum` (``v = ρv + dw; w -= αv``) and :func:`sgd_momentum_velocity`
  (``v = ρv − α dw; w += v``) give the same sequence of weights;
* :func:`nesterov_lookahead` (gradient at ``w + ρv``) and :func:`nesterov_change_of_variables`
  (the same method in the variable ``w̃ = w + ρv``, gradient at the current iterate);
* :func:`adam_lecture`, with or without bias correction ("Adam (almost)").

Each takes ``grad(w)``, a function returning the gradient at ``w``, and returns the iterates
``W`` (shape ``(num_steps + 1, *w0.shape)``, starting with ``w0``) and the velocities or first
moments ``V`` (same shape, starting with 0).

Every step is checked: ``grad(w)`` must return an array shaped like ``w``, and a gradient,
velocity or iterate that becomes NaN or infinite stops the run with a
:class:`~lectures_lib.divergence.DivergenceError` naming the step and the value, instead of
returning NaN. The message blames the start when the gradient is already not finite there, and
the learning rate otherwise.
"""

import numpy as np

from lectures_lib._checks import (as_float_array, check_callable, check_nonnegative,
                                  check_positive_int, check_unit_interval)
from lectures_lib.divergence import DivergenceError


def _start(grad, w0, lr, rho, num_steps, rho_name="rho"):
    """Check the common arguments; return the starting point and the histories so far."""
    check_callable(grad, "grad")
    w = as_float_array(w0, "w0")
    if w.size == 0:
        raise ValueError(f"w0 is empty (shape {w.shape}): there are no weights to optimise")
    lr = check_nonnegative(lr, "lr")
    rho = check_unit_interval(rho, rho_name)
    num_steps = check_positive_int(num_steps, "num_steps")
    return w, np.zeros_like(w), [w], [np.zeros_like(w)], num_steps, lr, rho


def _size(x):
    return float(np.max(np.abs(x)))


def _gradient(grad, w, step, W, hint):
    """``grad(w)`` as a float array shaped like ``w``; stop the run if it is NaN or inf.

    ``W`` holds the iterates so far (``W[0]`` is ``w0``); ``hint`` says what to try when the
    run diverged after the start.
    """
    out = grad(w)
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
        raise TypeError(f"grad(w) must return a real numeric array, got {type(out).__name__} "
                        f"of dtype {g.dtype}")
    if g.shape != w.shape:
        raise ValueError(f"grad(w) returned shape {g.shape} but w has shape {w.shape}; "
                         f"they must match")
    g = g.astype(np.float64)
    if not np.all(np.isfinite(g)):
        bad = g[~np.isfinite(g)][0]
        if len(W) == 1:
            raise DivergenceError(
                f"the run cannot start: the gradient is {bad} at w0 (step {step}, max|w0| = "
                f"{_size(W[0]):.3g}); no step size can help, start nearer the minimum or "
                f"check grad")
        raise DivergenceError(f"the run diverged at step {step}: the gradient became {bad} "
                              f"(max|w| was {_size(W[-1]):.3g} at step {len(W) - 1}).{hint}")
    return g


def _check_finite(step, W, hint, **arrays):
    """Stop the run if one of ``arrays`` (the new iterate, velocity, ...) is NaN or inf."""
    *_, last = arrays.values()
    if np.isfinite(last).all():     # the last is computed from the others: all are finite
        return
    for name, x in arrays.items():
        if not np.isfinite(x).all():
            bad = x[~np.isfinite(x)][0]
            raise DivergenceError(f"the run diverged at step {step}: {name} became {bad} "
                                  f"(max|w| was {_size(W[-1]):.3g} at step {len(W) - 1}).{hint}")


def _lr_hint(lr, rho, rho_name="rho"):
    """The hint for a run that diverged after a finite start: the step is too long."""
    return (f" The learning rate {lr} is probably too large for {rho_name}={rho} and this "
            f"start; try a smaller one (e.g. 10x lower).")


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
    w, v, W, V, num_steps, lr, rho = _start(grad, w0, lr, rho, num_steps)
    hint = _lr_hint(lr, rho)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, num_steps + 1):
            dw = _gradient(grad, w, t, W, hint)
            v = rho * v + dw
            w = w - lr * v
            _check_finite(t, W, hint, velocity=v, weights=w)
            W.append(w)
            V.append(v)
    return np.array(W), np.array(V)


def sgd_momentum_velocity(grad, w0, lr, rho, num_steps):
    r"""SGD + momentum, second form: :math:`v_{t+1} = \rho v_t - \alpha \nabla f(w_t)`,
    :math:`w_{t+1} = w_t + v_{t+1}`.

    The velocity is :math:`-\alpha` times the first form's, so the weights are the same.

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the gradient, the velocity or the weights become NaN or infinite; the message
        names the step and the value.
    ValueError, TypeError
        For bad arguments, or a ``grad`` whose output is not a numeric array shaped like ``w``.

    Examples
    --------
    >>> W, V = sgd_momentum_velocity(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist(), V.ravel().tolist()
    ([1.0, 0.5, 0.0], [0.0, -0.5, -0.5])
    """
    w, v, W, V, num_steps, lr, rho = _start(grad, w0, lr, rho, num_steps)
    hint = _lr_hint(lr, rho)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, num_steps + 1):
            dw = _gradient(grad, w, t, W, hint)
            v = rho * v - lr * dw
            w = w + v
            _check_finite(t, W, hint, velocity=v, weights=w)
            W.append(w)
            V.append(v)
    return np.array(W), np.array(V)


def nesterov_lookahead(grad, w0, lr, rho, num_steps):
    r"""Nesterov momentum, look-ahead form: the gradient is taken where the velocity leads.

    .. math::

        v_{t+1} = \rho v_t - \alpha \nabla f(w_t + \rho v_t), \qquad w_{t+1} = w_t + v_{t+1}

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the gradient, the velocity or the weights become NaN or infinite; the message
        names the step and the value.
    ValueError, TypeError
        For bad arguments, or a ``grad`` whose output is not a numeric array shaped like ``w``.

    Examples
    --------
    >>> W, V = nesterov_lookahead(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist()
    [1.0, 0.5, 0.125]
    """
    w, v, W, V, num_steps, lr, rho = _start(grad, w0, lr, rho, num_steps)
    hint = _lr_hint(lr, rho)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, num_steps + 1):
            lookahead = w + rho * v
            _check_finite(t, W, hint, **{"the look-ahead point w + rho v": lookahead})
            v = rho * v - lr * _gradient(grad, lookahead, t, W, hint)
            w = w + v
            _check_finite(t, W, hint, velocity=v, weights=w)
            W.append(w)
            V.append(v)
    return np.array(W), np.array(V)


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
    lectures_lib.divergence.DivergenceError
        If the gradient, the velocity or the weights become NaN or infinite; the message
        names the step and the value.
    ValueError, TypeError
        For bad arguments, or a ``grad`` whose output is not a numeric array shaped like ``w``.

    Examples
    --------
    >>> W_tilde, V = nesterov_change_of_variables(lambda w: w, [1.0], lr=0.5, rho=0.5,
    ...                                           num_steps=2)
    >>> (W_tilde - 0.5 * V).ravel().tolist()
    [1.0, 0.5, 0.125]
    """
    w, v, W, V, num_steps, lr, rho = _start(grad, w0, lr, rho, num_steps)
    hint = _lr_hint(lr, rho)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, num_steps + 1):
            dw = _gradient(grad, w, t, W, hint)
            old_v = v
            v = rho * v - lr * dw
            w = w - rho * old_v + (1 + rho) * v
            _check_finite(t, W, hint, velocity=v, weights=w)
            W.append(w)
            V.append(v)
    return np.array(W), np.array(V)


def adam_lecture(grad, w0, lr, beta1, beta2, num_steps, eps=1e-7, bias_correction=True):
    r"""The slides' Adam pseudocode; ``bias_correction=False`` gives "Adam (almost)".

    .. code-block:: text

        first_moment = beta1 * first_moment + (1 - beta1) * dx
        second_moment = beta2 * second_moment + (1 - beta2) * dx * dx
        first_unbias = first_moment / (1 - beta1 ** t)
        second_unbias = second_moment / (1 - beta2 ** t)
        x -= learning_rate * first_unbias / (np.sqrt(second_unbias) + 1e-7)

    Returns the iterates and the first moments (not bias-corrected).

    Raises
    ------
    lectures_lib.divergence.DivergenceError
        If the gradient or the weights become NaN or infinite, or ``eps = 0`` divides 0 by 0;
        the message names the step and the value.
    ValueError, TypeError
        For bad arguments, or a ``grad`` whose output is not a numeric array shaped like ``w``.

    Examples
    --------
    At t = 1 with β₁ = 0.9, β₂ = 0.999 and a gradient of 1, the full form steps by α and
    Adam (almost) by :math:`0.1/\sqrt{0.001} \approx 3.16\,\alpha`:

    >>> for corrected in (True, False):
    ...     W, _ = adam_lecture(lambda w: np.ones_like(w), [0.0], 1e-3, 0.9, 0.999, 1,
    ...                         bias_correction=corrected)
    ...     print(f"{-W[1, 0]:.6f}")
    0.001000
    0.003162
    """
    w, m, W, M, num_steps, lr, beta1 = _start(grad, w0, lr, beta1, num_steps, rho_name="beta1")
    beta2 = check_unit_interval(beta2, "beta2")
    eps = check_nonnegative(eps, "eps")
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"bias_correction must be True or False, got {bias_correction!r}")
    hint = _lr_hint(lr, beta1, "beta1")
    root_s = np.zeros_like(w)                     # sqrt(second_moment), see below
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, num_steps + 1):
            dx = _gradient(grad, w, t, W, hint)
            m = beta1 * m + (1 - beta1) * dx
            # second_moment = beta2 * second_moment + (1 - beta2) * dx * dx, kept as its root
            # with hypot, so that a gradient beyond 1e154 does not overflow when squared
            root_s = np.hypot(np.sqrt(beta2) * root_s, np.sqrt(1 - beta2) * dx)
            c1, c2 = ((1 - beta1 ** t), np.sqrt(1 - beta2 ** t)) if bias_correction else (1, 1)
            # m_hat / (sqrt(s_hat) + eps), with m_hat = m / c1 and sqrt(s_hat) = root_s / c2
            step = lr * (m / (root_s + eps * c2)) * (c2 / c1)
            if not np.all(np.isfinite(step)) and eps == 0:
                raise DivergenceError(
                    f"the run diverged at step {t}: with eps = 0 a coordinate whose gradients "
                    f"have all been 0 divides 0 by 0; use eps > 0 (the slides use 1e-7)")
            w = w - step
            _check_finite(t, W, hint, weights=w)
            W.append(w)
            M.append(m)
    return np.array(W), np.array(M)
