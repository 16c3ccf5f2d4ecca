"""Adam, AMSGrad and AdamW, as ``torch.optim.Adam`` and ``torch.optim.AdamW``."""

import torch

from lectures_lib.optim._base import (LectureOptimizer, check_betas, check_flag,
                                      check_nonnegative_hyperparameter)
from lectures_lib.optim._updates import (add_l2, bias_correction, decay_weights_, next_step,
                                         scalar, update_moment_, update_moment_sq_,
                                         zeros_state)


class Adam(LectureOptimizer):
    r"""Adam: momentum (first moment) plus RMSProp (second moment), both bias-corrected.

    For each parameter tensor :math:`w`, elementwise, the :math:`t`-th call of ``step()``
    (:math:`t = 1, 2, \dots`) does

    .. math::

        g_t &= \nabla f(w_{t-1}) + \lambda w_{t-1} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t \odot g_t \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t} \\
        w_t &= w_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    from :math:`m_0 = v_0 = 0`. With ``amsgrad=True`` the denominator uses the running maximum
    :math:`v^{\max}_t = \max(v^{\max}_{t-1}, v_t)` in place of :math:`v_t`, so a coordinate's
    step can never grow because its second moment forgot a large gradient.

    ========  ==================  ============  =========================================
    symbol    argument            default       on the slides
    ========  ==================  ============  =========================================
    α         ``lr``              1e-3          ``learning_rate``, 1e-3 or 5e-4
    β₁, β₂    ``betas``           (0.9, 0.999)  ``beta1``, ``beta2``: the same
    ε         ``eps``             1e-8          1e-7 in the Stanford decks' code
    λ         ``weight_decay``    0             L2 regularization strength
    \         ``amsgrad``         False         AMSGrad (Reddi et al.)
    \         ``maximize``        False         ascend instead of descend
    ========  ==================  ============  =========================================

    ε sits **outside** the square root of the bias-corrected :math:`\hat v_t`, as in the slides'
    ``first_unbias / (np.sqrt(second_unbias) + 1e-7)``. Without the bias correction this is the
    slides' "Adam (almost)", whose first steps are far too large (β₂ = 0.999 makes
    :math:`v_1 = 0.001\, g_1^2`). For AMSGrad the CTU deck takes the maximum of the
    *bias-corrected* :math:`\hat v_t`; PyTorch, and this class, take it of :math:`v_t` and
    bias-correct afterwards. Weight decay here is an L2 penalty added to the gradient, which
    then passes through the adaptive scaling; :class:`AdamW` decouples it.

    Parameters
    ----------
    params : iterable of torch.Tensor or of dict
        The parameters, or parameter groups (dicts with a ``"params"`` key and any of the
        hyperparameters below, overriding them for that group).
    lr : float or 1-element torch.Tensor, default 1e-3
        Learning rate α, >= 0.
    betas : tuple of two floats or of two 1-element tensors, default (0.9, 0.999)
        Decay rates β₁ and β₂ of the moment averages, each in [0, 1).
    eps : float, default 1e-8
        ε added to the root, >= 0. With ``eps=0`` a coordinate whose gradients have all been
        0 becomes NaN (0/0), as in ``torch.optim``.
    weight_decay : float, default 0
        L2 penalty λ, >= 0.
    amsgrad : bool, default False
        Use the AMSGrad variant.
    foreach, maximize, capturable, differentiable, fused : keyword only
        ``maximize`` (default False) maximizes the objective instead of minimizing it. The
        others are ``torch.optim``'s implementation switches (defaults None, False, False,
        None): accepted when off, refused with a ``ValueError`` when True (this class has one
        per-tensor path).
    decoupled_weight_decay : bool, default False
        Decay the weights directly, as :class:`AdamW` (keyword only).

    Raises
    ------
    ValueError
        For a hyperparameter out of range (``betas[0] must be in [0, 1), got 1.0``), NaN or
        inf, a tensor of more than one element, a tensor beside a float in ``betas``, or a
        switch turned on.
    TypeError
        For a hyperparameter of the wrong kind (a string, None, a bool for a number).

    Notes
    -----
    Same signature, defaults, update and state (``exp_avg`` holds m, ``exp_avg_sq`` v,
    ``max_exp_avg_sq`` :math:`v^{\max}`, ``step`` the count t) as ``torch.optim.Adam`` of
    PyTorch 2.x, without its ``foreach``, ``fused``, ``capturable`` and ``differentiable``
    variants.

    References
    ----------
    Kingma and Ba, "Adam: a method for stochastic optimization", ICLR 2015. Reddi, Kale and
    Kumar, "On the convergence of Adam and beyond", ICLR 2018 (AMSGrad).

    Examples
    --------
    Thanks to the bias correction the first step has length α in every coordinate:

    >>> import torch
    >>> w = torch.tensor([1.0, 1.0], requires_grad=True)
    >>> optimizer = Adam([w], lr=0.1)
    >>> (w * torch.tensor([100.0, 0.01])).sum().backward()
    >>> optimizer.step()
    >>> w.detach()
    tensor([0.9000, 0.9000])
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def check(self, group):
        check_nonnegative_hyperparameter(group["lr"], "lr")
        check_betas(group["betas"])
        check_nonnegative_hyperparameter(group["eps"], "eps")
        check_nonnegative_hyperparameter(group["weight_decay"], "weight_decay")
        for flag in ("amsgrad", "maximize", "decoupled_weight_decay"):
            check_flag(group[flag], flag)

    def update(self, w, g, state, group):
        lr, lam = scalar(group["lr"]), scalar(group["weight_decay"])
        beta1, beta2 = map(scalar, group["betas"])
        t = next_step(state)
        if group["decoupled_weight_decay"]:
            decay_weights_(w, lr, lam)                       # AdamW
        else:
            g = add_l2(g, w, lam)                            # Adam with L2
        m = update_moment_(zeros_state(state, "exp_avg", w), g, beta1)
        v = update_moment_sq_(zeros_state(state, "exp_avg_sq", w), g, beta2)
        if group["amsgrad"]:
            v_max = zeros_state(state, "max_exp_avg_sq", w)
            v = torch.maximum(v_max, v, out=v_max)
        # w -= lr * m_hat / (sqrt(v_hat) + eps), with the corrections folded into scalars
        denominator = (v.sqrt() / bias_correction(beta2, t) ** 0.5).add_(scalar(group["eps"]))
        w.addcdiv_(m, denominator, value=-lr / bias_correction(beta1, t))

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("decoupled_weight_decay", False)


class AdamW(Adam):
    r"""AdamW: Adam with weight decay decoupled from the gradient.

    The same update as :class:`Adam`, except that the weights decay directly instead of an L2
    term entering the gradient. The first line of Adam's update becomes

    .. math::

        w_{t-1} \leftarrow (1 - \alpha \lambda)\, w_{t-1}, \qquad g_t = \nabla f(w_{t-1})

    and the rest is unchanged. With L2 the penalty's gradient :math:`\lambda w` is divided by
    :math:`\sqrt{\hat v_t}`, so weights with large gradients are barely regularized; decoupled,
    every weight shrinks by the same factor. For SGD the two are the same; for adaptive methods
    they are not (Lecture 5, "L2 regularization vs weight decay").

    The default ``weight_decay`` is 1e-2 (Adam's is 0). PyTorch, and this class, multiply the
    decay by the learning rate, :math:`(1 - \alpha\lambda)`; Loshchilov and Hutter's
    Algorithm 2 (on the slide) multiplies it by the schedule factor :math:`\eta_t` only, so
    their λ is α times this one.

    Parameters
    ----------
    params, lr, betas, eps, amsgrad, maximize, foreach, capturable, differentiable, fused
        As for :class:`Adam`.
    weight_decay : float, default 1e-2
        Decoupled weight decay λ, >= 0.

    Raises
    ------
    ValueError, TypeError
        As for :class:`Adam`.

    Notes
    -----
    Same signature, defaults, update and state as ``torch.optim.AdamW`` of PyTorch 2.x.

    References
    ----------
    Loshchilov and Hutter, "Decoupled weight decay regularization", ICLR 2019.

    Examples
    --------
    With a zero gradient, only the decay acts: :math:`w \leftarrow (1 - 0.1 \cdot 0.5)\, w`.

    >>> import torch
    >>> w = torch.tensor([2.0], requires_grad=True)
    >>> optimizer = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> w.grad = torch.zeros(1)
    >>> optimizer.step()
    >>> w.detach()
    tensor([1.9000])
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
