"""AdaGrad: per-parameter step sizes from summed squared gradients, as ``torch.optim.Adagrad``."""

import torch

from lectures_lib.optim._base import (LectureOptimizer, check_flag,
                                      check_nonnegative_hyperparameter)
from lectures_lib.optim._updates import add_l2, next_step, scalar


class Adagrad(LectureOptimizer):
    r"""AdaGrad: divide each coordinate's step by the root of its summed squared gradients.

    For each parameter tensor :math:`w`, with :math:`\odot` and the division elementwise, the
    :math:`t`-th call of ``step()`` (:math:`t = 1, 2, \dots`) does

    .. math::

        g_t &= \nabla f(w_{t-1}) + \lambda w_{t-1} \\
        G_t &= G_{t-1} + g_t \odot g_t \\
        \alpha_t &= \frac{\alpha}{1 + (t - 1)\, \eta} \\
        w_t &= w_{t-1} - \alpha_t\, \frac{g_t}{\sqrt{G_t} + \epsilon}

    starting from :math:`G_0 = G_{\text{init}}` (a tensor filled with that value). The slides'
    version is ``grad_squared += dx * dx; x -= learning_rate * dx / (sqrt(grad_squared) +
    1e-7)``: :math:`G` is ``grad_squared`` and ε sits **outside** the square root, as here.

    ========  =============================  =======  =====================================
    symbol    argument                       default  on the slides
    ========  =============================  =======  =====================================
    α         ``lr``                         1e-2     ``learning_rate``
    η         ``lr_decay``                   0        not on the slides
    λ         ``weight_decay``               0        L2 regularization strength
    ε         ``eps``                        1e-10    1e-7 on the slides
    G_init    ``initial_accumulator_value``  0        ``grad_squared = 0``
    \         ``maximize``                   False    ascend instead of descend
    ========  =============================  =======  =====================================

    Coordinates with large gradients ("steep" directions) take smaller steps, those with small
    gradients ("flat" directions) larger ones. Because :math:`G_t` only grows, the steps shrink
    over time: with a constant gradient :math:`g`, the step is :math:`\alpha/\sqrt{t}`.

    Parameters
    ----------
    params : iterable of torch.Tensor or of dict
        The parameters, or parameter groups (dicts with a ``"params"`` key and any of the
        hyperparameters below, overriding them for that group).
    lr : float or 1-element torch.Tensor, default 1e-2
        Learning rate α, >= 0 (every number below may also be a 1-element tensor).
    lr_decay : float, default 0
        Learning-rate decay η, >= 0.
    weight_decay : float, default 0
        L2 penalty λ, >= 0.
    initial_accumulator_value : float, default 0
        Starting value of the sum of squares, >= 0.
    eps : float, default 1e-10
        ε added to the root, >= 0. With ``eps=0`` a coordinate whose gradients have all been 0
        becomes NaN (0/0), as in ``torch.optim``.
    foreach : None or bool, default None
        ``torch.optim``'s switch for its multi-tensor path: accepted when None or False,
        refused with a ``ValueError`` when True (this class has one per-tensor path).
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).
    differentiable, fused : default False, None
        ``torch.optim``'s other implementation switches (keyword only), refused when True.

    Raises
    ------
    ValueError
        For a hyperparameter out of range (``lr must be >= 0, got -0.1``), NaN or inf, a
        tensor of more than one element, or a switch turned on.
    TypeError
        For a hyperparameter of the wrong kind (a string, None, a bool for a number).

    Notes
    -----
    Same signature, defaults, update and state (``state[w]["sum"]`` holds G, ``"step"`` the
    count t) as ``torch.optim.Adagrad`` of PyTorch 2.x, without sparse gradients and the
    ``foreach``, ``fused`` and ``differentiable`` variants. Two small differences: the state is
    created at the first step, not in the constructor, and a parameter group's own
    ``initial_accumulator_value`` is used (``torch.optim`` uses the constructor's for every
    group).

    References
    ----------
    Duchi, Hazan and Singer, "Adaptive subgradient methods for online learning and stochastic
    optimization", JMLR 2011.

    Examples
    --------
    The first step has length α in every coordinate, whatever the gradient's size:

    >>> import torch
    >>> w = torch.tensor([1.0, 1.0], requires_grad=True)
    >>> optimizer = Adagrad([w], lr=0.1)
    >>> (w * torch.tensor([100.0, 0.01])).sum().backward()
    >>> optimizer.step()
    >>> w.detach()
    tensor([0.9000, 0.9000])
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        defaults = dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, eps=eps,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        fused=fused)
        super().__init__(params, defaults)

    def check(self, group):
        for name in ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            check_nonnegative_hyperparameter(group[name], name)
        check_flag(group["maximize"], "maximize")

    def update(self, w, g, state, group):
        if "sum" not in state:
            state["sum"] = torch.full_like(w, float(group["initial_accumulator_value"]))
        t = next_step(state)
        G = state["sum"]
        g = add_l2(g, w, scalar(group["weight_decay"]))
        lr_t = scalar(group["lr"]) / (1 + (t - 1) * scalar(group["lr_decay"]))
        G.addcmul_(g, g)
        w.addcdiv_(g, G.sqrt().add_(scalar(group["eps"])), value=-lr_t)
