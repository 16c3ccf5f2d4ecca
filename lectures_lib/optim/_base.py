"""What every optimizer of :mod:`lectures_lib.optim` shares.

Two kinds of helper, so that each algorithm's file shows only what makes it different:

* the pieces of an update rule, each one line of the slides: adding an L2 penalty to the
  gradient, an exponentially weighted moving average of the gradient or of its square, the bias
  correction of such an average;
* :class:`LectureOptimizer`, a ``torch.optim.Optimizer`` whose ``step`` loops over the parameter
  groups and the parameters that have a gradient and hands each one to the subclass's
  ``update(w, g, state, group)``: one readable per-tensor path, with no foreach, fused or
  differentiable variants.

Hyperparameters are checked when a parameter group is added (so a group that overrides a value
is checked too), with messages that name the argument and the value. As in ``torch.optim``, a
number may also be given as a 1-element tensor (``lr=torch.tensor(0.01)``); the update reads its
current value at every step. ``torch.optim``'s implementation switches (``foreach``, ``fused``,
``differentiable``, ``capturable``) are accepted when off, their default, and refused with a
``ValueError`` that names the switch when on.
"""

import numbers

import numpy as np
import torch

from lectures_lib._checks import as_scalar, check_callable, check_nonnegative, check_unit_interval


# ---------------------------------------------------------------------------------------------
# Pieces of the update rules.
# ---------------------------------------------------------------------------------------------

def add_l2(g, w, weight_decay):
    """The gradient of the loss plus an L2 penalty ``λ/2 ||w||²``: ``g + λ w`` (a new tensor).

    ``g`` itself is left alone (it is ``p.grad``, which belongs to the caller).

    Examples
    --------
    >>> add_l2(torch.tensor([1.0]), torch.tensor([2.0]), 0.5)
    tensor([2.])
    """
    return g.add(w, alpha=weight_decay) if weight_decay != 0 else g


def decay_weights_(w, lr, weight_decay):
    """Decoupled weight decay, in place: ``w ← (1 − α λ) w``, apart from the gradient step.

    Examples
    --------
    >>> decay_weights_(torch.tensor([2.0]), 0.1, 0.5)
    tensor([1.9000])
    """
    return w.mul_(1 - lr * weight_decay) if weight_decay != 0 else w


def update_moment_(m, g, beta):
    """Exponentially weighted moving average, in place: ``m ← β m + (1 − β) g``.

    Written as ``m.lerp_(g, 1 − β)``, which is the same average in one operation (a tensor β
    is first cast to ``m``'s dtype, as ``torch.optim`` does).

    Examples
    --------
    >>> update_moment_(torch.tensor([0.0]), torch.tensor([40.0]), 0.9)
    tensor([4.])
    """
    if isinstance(beta, torch.Tensor):
        beta = beta.to(m)
    return m.lerp_(g, 1 - beta)


def update_moment_sq_(v, g, beta):
    """Moving average of the squared gradient, in place: ``v ← β v + (1 − β) g ⊙ g``.

    Examples
    --------
    >>> update_moment_sq_(torch.tensor([0.0]), torch.tensor([2.0]), 0.99)
    tensor([0.0400])
    """
    return v.mul_(beta).addcmul_(g, g, value=1 - beta)


def bias_correction(beta, t):
    """The factor ``1 − βᵗ`` that removes the pull towards 0 of an average started at 0.

    Examples
    --------
    >>> round(bias_correction(0.98, 2), 4)
    0.0396
    """
    return 1 - beta ** t


def scalar(value):
    """A hyperparameter as the update uses it: a 1-element tensor as a 0-d tensor, a NumPy
    number as a Python float, a Python number as it is.

    A tensor stays a tensor, so that the arithmetic on it (``lr / (1 − β₁ᵗ)``, ``1 − β₂``)
    rounds in its dtype exactly as in ``torch.optim``.

    Examples
    --------
    >>> scalar(0.1), scalar(torch.tensor([[0.1]]))
    (0.1, tensor(0.1000))
    """
    if isinstance(value, torch.Tensor):
        return value.squeeze() if value.dim() != 0 else value
    if isinstance(value, (np.ndarray, np.generic)):                  # e.g. np.array([0.1])
        return float(np.asarray(value).reshape(()))
    return value


def zeros_state(state, key, w):
    """``state[key]``, created as a tensor of zeros shaped like ``w`` the first time."""
    if key not in state:
        state[key] = torch.zeros_like(w)
    return state[key]


def next_step(state):
    """Count one more step in ``state["step"]`` and return the new count ``t`` (1 at first).

    The count is stored as a 0-d tensor, as ``torch.optim`` stores it, so that state dicts of
    the two libraries can be exchanged.
    """
    if "step" not in state:
        state["step"] = torch.tensor(0.0)
    state["step"] += 1
    return state["step"].item()


# ---------------------------------------------------------------------------------------------
# Hyperparameter checks.
# ---------------------------------------------------------------------------------------------

def as_hyperparameter(value, name):
    """``value`` as a Python float: a real number, or a 1-element tensor as ``torch.optim`` takes.

    Examples
    --------
    >>> as_hyperparameter(torch.tensor([0.01]), "lr")
    0.009999999776482582
    >>> as_hyperparameter(torch.tensor([0.1, 0.2]), "lr")
    Traceback (most recent call last):
    ...
    ValueError: Tensor lr must be 1-element, got shape (2,)
    """
    if isinstance(value, torch.Tensor):
        if value.dtype == torch.bool or value.is_complex():
            raise TypeError(f"{name} must be a real number, got a tensor of dtype {value.dtype}")
        if value.numel() != 1:
            raise ValueError(f"Tensor {name} must be 1-element, got shape {tuple(value.shape)}")
        value = value.item()
    return as_scalar(value, name)


def check_nonnegative_hyperparameter(value, name):
    """Check that a number or 1-element tensor is finite and ``>= 0``."""
    return check_nonnegative(as_hyperparameter(value, name), name)


def check_unit_hyperparameter(value, name, closed=False):
    """Check that a number or 1-element tensor lies in [0, 1), or in [0, 1] if ``closed``."""
    return check_unit_interval(as_hyperparameter(value, name), name, closed=closed)


def check_betas(betas):
    """Check a pair ``(β1, β2)`` of averaging factors, each in [0, 1).

    As in ``torch.optim``, the two are both numbers or both 1-element tensors.
    """
    if not isinstance(betas, (tuple, list)):
        raise TypeError(f"betas must be a pair (beta1, beta2), got {type(betas).__name__} "
                        f"{betas!r}")
    if len(betas) != 2:
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    tensors = [isinstance(beta, torch.Tensor) for beta in betas]
    if tensors[0] != tensors[1]:
        kinds = ", ".join(type(beta).__name__ for beta in betas)
        raise ValueError(f"betas must be either both floats or both Tensors, got ({kinds})")
    check_unit_hyperparameter(betas[0], "betas[0]")
    check_unit_hyperparameter(betas[1], "betas[1]")


def check_flag(value, name):
    """Check that ``value`` is a bool (``nesterov``, ``centered``, ``amsgrad``, ``maximize``)."""
    if not isinstance(value, (bool, numbers.Integral, np.bool_)) or value not in (0, 1):
        raise TypeError(f"{name} must be True or False, got {value!r}")


#: ``torch.optim``'s implementation switches, and why each cannot be on here.
TORCH_SWITCHES = {
    "foreach": "it updates one tensor at a time (foreach=None or False computes the same "
               "numbers)",
    "fused": "it has no fused kernels (fused=None or False computes the same numbers)",
    "differentiable": "its step runs under torch.no_grad and cannot be differentiated through",
    "capturable": "it does not support CUDA graph capture",
}


def check_torch_switches(group, optimizer):
    """Refuse ``foreach``, ``fused``, ``differentiable`` or ``capturable`` switched on.

    ``torch.optim`` takes these to choose among its implementations; this library has one
    per-tensor path, so each is accepted when off (None or False) and refused when on.

    Examples
    --------
    >>> check_torch_switches({"foreach": False, "fused": None}, "Adam")
    >>> check_torch_switches({"fused": True}, "Adam")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: fused=True is not supported by lectures_lib.optim.Adam: it has no fused ...
    """
    for name, why in TORCH_SWITCHES.items():
        if group.get(name) is None:
            continue
        check_flag(group[name], name)
        if group[name]:
            raise ValueError(f"{name}=True is not supported by lectures_lib.optim.{optimizer}: "
                             f"{why}; use torch.optim.{optimizer} for it")


def _eager(method):
    """A ``torch.optim.Optimizer`` method without its ``torch._disable_dynamo`` wrapper.

    torch wraps ``add_param_group`` and ``zero_grad`` so that ``torch.compile`` does not trace
    them; the wrapper's first call imports ``torch._dynamo``, which takes a second or more.
    The optimizers here run eagerly, so they call the plain method underneath.
    """
    return getattr(method, "__wrapped__", method)


class LectureOptimizer(torch.optim.Optimizer):
    """Base class: the shared ``step`` loop, hyperparameter checks, state helpers.

    A subclass sets ``defaults`` by calling ``super().__init__(params, defaults)`` and defines

    * ``check(group)``: raise ``ValueError`` (``TypeError`` for a value of the wrong kind) for
      an invalid hyperparameter of ``group``; numbers may be 1-element tensors, which
      ``update`` reads with :func:`scalar`;
    * ``update(w, g, state, group)``: apply one step to the parameter ``w`` (in place) given its
      gradient ``g`` (already negated when ``maximize=True``) and its ``state`` dict.
    """

    def __init__(self, params, defaults):
        self.check(defaults)
        self.check_switches(defaults)
        super().__init__(params, defaults)

    def check(self, group):
        """Raise ``ValueError`` naming the value if a hyperparameter of ``group`` is invalid."""
        raise NotImplementedError

    def update(self, w, g, state, group):
        """Update one parameter tensor in place."""
        raise NotImplementedError

    def add_param_group(self, param_group):
        """Add a parameter group (see ``torch.optim.Optimizer``), checking its hyperparameters."""
        if isinstance(param_group, dict):
            group = {**self.defaults, **param_group}
            self.check(group)
            self.check_switches(group)
        _eager(torch.optim.Optimizer.add_param_group)(self, param_group)
        complex_ = [w.dtype for w in self.param_groups[-1]["params"] if w.is_complex()]
        if complex_:
            self.param_groups.pop()
            raise TypeError(f"{type(self).__name__} supports real parameters only, "
                            f"got one of dtype {complex_[0]}")

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of every parameter (see ``torch.optim.Optimizer.zero_grad``)."""
        _eager(torch.optim.Optimizer.zero_grad)(self, set_to_none)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:  # state dicts saved without the flag
            group.setdefault("maximize", False)

    def check_switches(self, group):
        """Refuse ``torch.optim``'s implementation switches (``foreach``, ...) when on."""
        check_torch_switches(group, type(self).__name__)

    @torch.no_grad()
    def step(self, closure=None):
        """Perform one optimization step on every parameter that has a gradient.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (with gradients enabled).

        Returns
        -------
        The closure's loss, or None.
        """
        loss = None
        if closure is not None:
            check_callable(closure, "closure")
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for w in group["params"]:
                if w.grad is None:
                    continue
                if w.grad.is_sparse:
                    raise RuntimeError(f"{type(self).__name__} does not support sparse gradients")
                g = -w.grad if group["maximize"] else w.grad
                self.update(w, g, self.state[w], group)
        return loss
