r"""What Newton's method, BFGS and L-BFGS share, beside the line search and the bookkeeping of
a run (both in :mod:`lectures_lib.optim.line_search`).

* :func:`as_vector`, the check of a gradient handed in by the caller
  (:func:`~lectures_lib.optim.newton.newton_direction`,
  :func:`~lectures_lib.optim.limited_memory.two_loop_recursion`);
* the pieces of the two quasi-Newton methods, BFGS (:mod:`lectures_lib.optim.quasi_newton`) and
  L-BFGS (:mod:`lectures_lib.optim.limited_memory`): the curvature condition
  :func:`curvature_ok` that decides whether a pair (s, y) is used, the scale
  :func:`initial_scale` (γ) of the first inverse-Hessian guess and the first trial step
  :func:`first_step`.
"""

import torch

from lectures_lib._checks import as_float_tensor


def as_vector(x, name):
    """``x`` as a finite, non-empty 1-D floating tensor (float64 unless already floating)."""
    dtype = x.dtype if isinstance(x, torch.Tensor) and x.is_floating_point() else torch.float64
    x = as_float_tensor(x, name, dtype=dtype, ndim=1)
    if x.numel() == 0:
        raise ValueError(f"{name} is empty (shape {tuple(x.shape)})")
    return x


def initial_scale(s, y):
    r"""The scale :math:`s^\top y / y^\top y` of the first inverse-Hessian guess, with ``y``
    divided by its largest entry first so that :math:`y^\top y` cannot overflow."""
    size = y.abs().max()
    unit = y / size
    return (s @ unit) / (unit @ unit) / size


def curvature_ok(s, y):
    """Whether the pair (s, y) shows positive curvature, yᵀs > 0 (up to rounding): only then
    does the update keep the inverse-Hessian estimate positive definite."""
    return y @ s > 1e-10 * torch.linalg.norm(s) * torch.linalg.norm(y)


def first_step(k, g):
    """The first trial step: 1, except at iteration 0, where p = -g has no curvature scale.

    There it is 1/‖g‖, computed as (1/max|g|) / ‖g/max|g|‖ so that a huge g cannot overflow
    the norm (and the step become 0).
    """
    size = float(g.abs().max())
    if k > 0 or size == 0:
        return 1.0
    return min(1.0, (1.0 / size) / float(torch.linalg.norm(g / size)))
