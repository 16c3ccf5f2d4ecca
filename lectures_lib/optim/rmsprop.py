"""RMSProp, "leaky AdaGrad", as ``torch.optim.RMSprop``."""

from lectures_lib.optim._base import (LectureOptimizer, check_flag,
                                      check_nonnegative_hyperparameter,
                                      check_unit_hyperparameter)
from lectures_lib.optim._updates import (add_l2, next_step, scalar, update_moment_,
                                         update_moment_sq_, zeros_state)


class RMSprop(LectureOptimizer):
    r"""RMSProp: AdaGrad with a moving average of squared gradients instead of their sum.

    For each parameter tensor :math:`w`, elementwise, one call of ``step()`` does

    .. math::

        g_t &= \nabla f(w_{t-1}) + \lambda w_{t-1} \\
        q_t &= \beta\, q_{t-1} + (1 - \beta)\, g_t \odot g_t \\
        s_t &= \sqrt{q_t} + \epsilon
            \qquad \text{or, centered,} \qquad
            \bar g_t = \beta\, \bar g_{t-1} + (1 - \beta)\, g_t, \quad
            s_t = \sqrt{q_t - \bar g_t \odot \bar g_t} + \epsilon \\
        w_t &= w_{t-1} - \alpha\, \frac{g_t}{s_t}
            \qquad \text{or, with momentum,} \qquad
            b_t = \mu\, b_{t-1} + \frac{g_t}{s_t}, \quad w_t = w_{t-1} - \alpha\, b_t

    from :math:`q_0 = \bar g_0 = b_0 = 0`. Compared with :class:`~lectures_lib.optim.Adagrad`
    the only change is the second line: the sum :math:`G_t = G_{t-1} + g_t^2` becomes a leaky
    average, so old gradients are forgotten and the steps no longer shrink to zero.

    **Watch the names:** PyTorch calls the decay rate β ``alpha``; the slides' α is the learning
    rate ``lr``.

    ========  ==================  =======  ==============================================
    symbol    argument            default  on the slides
    ========  ==================  =======  ==============================================
    α         ``lr``              1e-2     ``learning_rate``, α
    β         ``alpha``           0.99     ``decay_rate`` (Stanford decks), β₂ (CTU deck)
    ε         ``eps``             1e-8     1e-7, outside the root; CTU puts it inside
    λ         ``weight_decay``    0        L2 regularization strength
    μ         ``momentum``        0        not on the slides
    \         ``centered``        False    not on the slides
    \         ``maximize``        False    ascend instead of descend
    ========  ==================  =======  ==============================================

    ε sits **outside** the square root, as in the Stanford decks' ``dx / (sqrt(grad_squared) +
    1e-7)``; the CTU deck writes :math:`\alpha / \sqrt{q + \epsilon}`. The centered variant
    divides by an estimate of the gradient's standard deviation instead of its root mean square.

    Parameters
    ----------
    params : iterable of torch.Tensor or of dict
        The parameters, or parameter groups (dicts with a ``"params"`` key and any of the
        hyperparameters below, overriding them for that group).
    lr : float or 1-element torch.Tensor, default 1e-2
        Learning rate α, >= 0 (every number below may also be a 1-element tensor).
    alpha : float, default 0.99
        Decay rate β of the average of squared gradients, in [0, 1).
    eps : float, default 1e-8
        ε added to the root, >= 0.
    weight_decay : float, default 0
        L2 penalty λ, >= 0.
    momentum : float, default 0
        Momentum factor μ, in [0, 1).
    centered : bool, default False
        Divide by the root of the *centered* second moment (the variance).
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).

    Raises
    ------
    ValueError
        For a hyperparameter out of range (``alpha must be in [0, 1), got 1.5``), NaN or inf,
        or a tensor of more than one element.
    TypeError
        For a hyperparameter of the wrong kind (a string, None, a bool for a number).

    Notes
    -----
    Same defaults, update and state (``square_avg`` holds q, ``grad_avg`` ḡ,
    ``momentum_buffer`` b, ``step`` the count) as ``torch.optim.RMSprop`` of PyTorch 2.x, without
    its ``capturable``, ``foreach`` and ``differentiable`` variants: those switches are
    accepted when off and refused with a ``ValueError`` when on.
    ``torch.optim`` accepts any ``alpha`` >= 0 and momentum >= 0; this class asks for [0, 1).
    With ``eps=0`` a coordinate whose gradients have all been 0 becomes NaN (0/0), as in
    ``torch.optim``.

    References
    ----------
    Tieleman and Hinton, Lecture 6.5 "rmsprop", COURSERA: Neural Networks for Machine Learning,
    2012. Graves, "Generating sequences with recurrent neural networks", 2013 (centered form).

    Examples
    --------
    >>> import torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> optimizer = RMSprop([w], lr=0.01)
    >>> (3 * w).sum().backward()
    >>> optimizer.step()
    >>> round(w.item(), 4)         # 1 - 0.01 * 3 / sqrt(0.01 * 9) = 1 - 0.1
    0.9
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                        momentum=momentum, centered=centered, capturable=capturable,
                        foreach=foreach, maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def check(self, group):
        for name in ("lr", "eps", "weight_decay"):
            check_nonnegative_hyperparameter(group[name], name)
        check_unit_hyperparameter(group["alpha"], "alpha")
        check_unit_hyperparameter(group["momentum"], "momentum")
        check_flag(group["centered"], "centered")
        check_flag(group["maximize"], "maximize")

    def update(self, w, g, state, group):
        lr, beta, mu = scalar(group["lr"]), scalar(group["alpha"]), scalar(group["momentum"])
        eps = scalar(group["eps"])
        next_step(state)
        g = add_l2(g, w, scalar(group["weight_decay"]))
        q = update_moment_sq_(zeros_state(state, "square_avg", w), g, beta)
        if group["centered"]:
            g_bar = update_moment_(zeros_state(state, "grad_avg", w), g, beta)
            s = q.addcmul(g_bar, g_bar, value=-1).sqrt_().add_(eps)
        else:
            s = q.sqrt().add_(eps)
        if mu > 0:
            b = zeros_state(state, "momentum_buffer", w).mul_(mu).addcdiv_(g, s)
            w.add_(b, alpha=-lr)
        else:
            w.addcdiv_(g, s, value=-lr)
