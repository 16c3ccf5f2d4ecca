"""What every optimizer of :mod:`lectures_lib.optim` shares: the base class and its checks.

:class:`LectureOptimizer` is a ``torch.optim.Optimizer`` whose ``step`` loops over the parameter
groups and the parameters that have a gradient and hands each one to the subclass's
``update(w, g, state, group)``: one readable per-tensor path, with no foreach, fused or
differentiable variants. The pieces those updates are made of (moving averages, bias
correction, ...) are in ``optim/_updates.py``.

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
    """Base class: the shared ``step`` loop and hyperparameter checks.

    A subclass sets ``defaults`` by calling ``super().__init__(params, defaults)`` and defines

    * ``check(group)``: raise ``ValueError`` (``TypeError`` for a value of the wrong kind) for
      an invalid hyperparameter of ``group``; numbers may be 1-element tensors, which
      ``update`` reads with ``scalar`` (``optim/_updates.py``);
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
