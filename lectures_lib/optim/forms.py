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
"""

import numpy as np

from lectures_lib._checks import as_float_array, check_nonnegative, check_positive_int
from lectures_lib._checks import check_unit_interval


def _start(w0, lr, rho, num_steps, rho_name="rho"):
    """Check the common arguments; return the starting point and the histories so far."""
    w = as_float_array(w0, "w0")
    check_nonnegative(lr, "lr")
    check_unit_interval(rho, rho_name)
    num_steps = check_positive_int(num_steps, "num_steps")
    return w, np.zeros_like(w), [w], [np.zeros_like(w)], num_steps


def sgd_momentum(grad, w0, lr, rho, num_steps):
    r"""SGD + momentum, first form: :math:`v_{t+1} = \rho v_t + \nabla f(w_t)`,
    :math:`w_{t+1} = w_t - \alpha v_{t+1}`.

    Examples
    --------
    On :math:`f(w) = w^2/2` (gradient w) from w = 1, α = 0.5, ρ = 0.5: v = 1, w = 0.5; then
    v = 0.5 + 0.5 = 1, w = 0.

    >>> W, V = sgd_momentum(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist(), V.ravel().tolist()
    ([1.0, 0.5, 0.0], [0.0, 1.0, 1.0])
    """
    w, v, W, V, num_steps = _start(w0, lr, rho, num_steps)
    for _ in range(num_steps):
        dw = grad(w)
        v = rho * v + dw
        w = w - lr * v
        W.append(w)
        V.append(v)
    return np.array(W), np.array(V)


def sgd_momentum_velocity(grad, w0, lr, rho, num_steps):
    r"""SGD + momentum, second form: :math:`v_{t+1} = \rho v_t - \alpha \nabla f(w_t)`,
    :math:`w_{t+1} = w_t + v_{t+1}`.

    The velocity is :math:`-\alpha` times the first form's, so the weights are the same.

    Examples
    --------
    >>> W, V = sgd_momentum_velocity(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist(), V.ravel().tolist()
    ([1.0, 0.5, 0.0], [0.0, -0.5, -0.5])
    """
    w, v, W, V, num_steps = _start(w0, lr, rho, num_steps)
    for _ in range(num_steps):
        dw = grad(w)
        v = rho * v - lr * dw
        w = w + v
        W.append(w)
        V.append(v)
    return np.array(W), np.array(V)


def nesterov_lookahead(grad, w0, lr, rho, num_steps):
    r"""Nesterov momentum, look-ahead form: the gradient is taken where the velocity leads.

    .. math::

        v_{t+1} = \rho v_t - \alpha \nabla f(w_t + \rho v_t), \qquad w_{t+1} = w_t + v_{t+1}

    Examples
    --------
    >>> W, V = nesterov_lookahead(lambda w: w, [1.0], lr=0.5, rho=0.5, num_steps=2)
    >>> W.ravel().tolist()
    [1.0, 0.5, 0.125]
    """
    w, v, W, V, num_steps = _start(w0, lr, rho, num_steps)
    for _ in range(num_steps):
        v = rho * v - lr * grad(w + rho * v)
        w = w + v
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

    Examples
    --------
    >>> W_tilde, V = nesterov_change_of_variables(lambda w: w, [1.0], lr=0.5, rho=0.5,
    ...                                           num_steps=2)
    >>> (W_tilde - 0.5 * V).ravel().tolist()
    [1.0, 0.5, 0.125]
    """
    w, v, W, V, num_steps = _start(w0, lr, rho, num_steps)
    for _ in range(num_steps):
        dw = grad(w)
        old_v = v
        v = rho * v - lr * dw
        w = w - rho * old_v + (1 + rho) * v
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
    w, m, W, M, num_steps = _start(w0, lr, beta1, num_steps, rho_name="beta1")
    check_unit_interval(beta2, "beta2")
    check_nonnegative(eps, "eps")
    s = np.zeros_like(w)
    for t in range(1, num_steps + 1):
        dx = grad(w)
        m = beta1 * m + (1 - beta1) * dx
        s = beta2 * s + (1 - beta2) * dx * dx
        m_hat, s_hat = ((m / (1 - beta1 ** t), s / (1 - beta2 ** t)) if bias_correction
                        else (m, s))
        w = w - lr * m_hat / (np.sqrt(s_hat) + eps)
        W.append(w)
        M.append(m)
    return np.array(W), np.array(M)
