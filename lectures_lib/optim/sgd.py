"""Stochastic gradient descent with momentum and Nesterov momentum, as ``torch.optim.SGD``."""

from lectures_lib.optim._base import (LectureOptimizer, check_flag,
                                      check_nonnegative_hyperparameter,
                                      check_unit_hyperparameter)
from lectures_lib.optim._updates import add_l2, scalar


class SGD(LectureOptimizer):
    r"""Stochastic gradient descent (SGD), optionally with momentum or Nesterov momentum.

    For each parameter tensor :math:`w` with minibatch gradient :math:`\nabla f(w_t)`, one call
    of ``step()`` does

    .. math::

        g_t &= \nabla f(w_t) + \lambda w_t \\
        v_{t+1} &= \rho\, v_t + (1 - \tau)\, g_t
            \qquad (v_1 = g_0 \text{ at the first step}) \\
        w_{t+1} &= w_t - \alpha\, v_{t+1}
            \qquad \text{or, with Nesterov momentum,} \qquad
        w_{t+1} = w_t - \alpha\, (g_t + \rho\, v_{t+1})

    and plain SGD, :math:`w_{t+1} = w_t - \alpha g_t`, when :math:`\rho = 0`.

    ========  ==================  =======  ==================================================
    symbol    argument            default  on the slides
    ========  ==================  =======  ==================================================
    α         ``lr``              1e-3     step size, ``learning_rate``
    ρ         ``momentum``        0        ``rho`` ("friction"), typically 0.9 or 0.99
    τ         ``dampening``       0        not on the slides
    λ         ``weight_decay``    0        L2 regularization strength (2λ in the L2 slides)
    \         ``nesterov``        False    Nesterov momentum
    \         ``maximize``        False    ascend instead of descend
    ========  ==================  =======  ==================================================

    This is the slides' first momentum form, :math:`v_{t+1} = \rho v_t + \nabla f(x_t)`,
    :math:`x_{t+1} = x_t - \alpha v_{t+1}`, which gives the same iterates as the second form,
    :math:`v_{t+1} = \rho v_t - \alpha \nabla f(x_t)`, :math:`x_{t+1} = x_t + v_{t+1}`, as long
    as α is constant (see :mod:`lectures_lib.optim.momentum_forms`). The Nesterov update is the
    slides' change of variables :math:`\tilde x_t = x_t + \rho v_t`: the parameters hold the
    look-ahead point. Weight decay here is the L2 penalty :math:`\tfrac{\lambda}{2}\|w\|^2` added to the
    loss; for plain SGD that equals decoupled weight decay.

    Parameters
    ----------
    params : iterable of torch.Tensor or of dict
        The parameters, or parameter groups (dicts with a ``"params"`` key and any of the
        hyperparameters below, overriding them for that group).
    lr : float or 1-element torch.Tensor, default 1e-3
        Learning rate α, >= 0.
    momentum : float, default 0
        Momentum factor ρ, in [0, 1).
    dampening : float, default 0
        Dampening τ of the gradient in the velocity, in [0, 1].
    weight_decay : float or 1-element torch.Tensor, default 0
        L2 penalty λ, >= 0.
    nesterov : bool, default False
        Use Nesterov momentum; needs ``momentum > 0`` and ``dampening = 0``.
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).
    foreach, differentiable, fused : default None, False, None
        ``torch.optim``'s implementation switches (keyword only): accepted when off, refused
        with a ``ValueError`` when True (this class has one per-tensor path).

    Raises
    ------
    ValueError
        For a hyperparameter out of range (``lr must be >= 0, got -0.1``), a tensor ``lr`` of
        more than one element, ``nesterov=True`` without momentum, or a switch turned on.
    TypeError
        For a hyperparameter of the wrong kind (a string, None, a bool for a number).

    Notes
    -----
    Same signature, defaults, update and state (``state[w]["momentum_buffer"]`` holds v) as
    ``torch.optim.SGD`` of PyTorch 2.x, without its ``foreach``, ``fused`` and
    ``differentiable`` variants; ``torch.optim`` accepts any momentum >= 0 and does not check
    the dampening, this class asks for [0, 1) and [0, 1], and finite values.

    References
    ----------
    Robbins and Monro, "A stochastic approximation method", 1951. Polyak, "Some methods of
    speeding up the convergence of iteration methods", 1964. Sutskever, Martens, Dahl and
    Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013.

    Examples
    --------
    Minimizing :math:`f(w) = w^2` from :math:`w = 1` with α = 0.1: the gradient is 2, so one
    step moves w to 0.8.

    >>> import torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> optimizer = SGD([w], lr=0.1, momentum=0.9)
    >>> (w ** 2).sum().backward()
    >>> optimizer.step()
    >>> w.detach()
    tensor([0.8000])
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def check(self, group):
        check_nonnegative_hyperparameter(group["lr"], "lr")
        momentum = check_unit_hyperparameter(group["momentum"], "momentum")
        dampening = check_unit_hyperparameter(group["dampening"], "dampening", closed=True)
        check_nonnegative_hyperparameter(group["weight_decay"], "weight_decay")
        check_flag(group["nesterov"], "nesterov")
        check_flag(group["maximize"], "maximize")
        if group["nesterov"] and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening = 0, got "
                             f"momentum={momentum} and dampening={dampening}")

    def update(self, w, g, state, group):
        lr, rho, tau = scalar(group["lr"]), scalar(group["momentum"]), scalar(group["dampening"])
        g = add_l2(g, w, scalar(group["weight_decay"]))
        if rho != 0:
            if state.get("momentum_buffer") is None:
                v = state["momentum_buffer"] = g.clone()     # v_1 = g_0
            else:
                v = state["momentum_buffer"].mul_(rho).add_(g, alpha=1 - tau)
            g = g.add(v, alpha=rho) if group["nesterov"] else v
        w.add_(g, alpha=-lr)
