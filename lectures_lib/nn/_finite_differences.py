"""What the numeric gradients and the gradient check share: their checks of a point and a step.

:func:`as_array` takes the points and gradients of :mod:`lectures_lib.nn.gradients` and
:mod:`lectures_lib.nn.gradient_check` (torch tensors too); :func:`check_step` refuses a
finite-difference step ``h`` that vanishes or overflows beside a coordinate, before any
evaluation of ``f``.
"""

import numpy as np

from lectures_lib._checks import as_float_array


def as_array(x, name, ndim=None):
    """``x`` as a float64 array; a torch tensor is detached and moved to the CPU first."""
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    return as_float_array(x, name, ndim=ndim)


def check_step(h, x, indices, method, name="h"):
    """Refuse a step ``h`` that vanishes or overflows beside ``x`` at one of the ``indices``."""
    for i in indices:
        with np.errstate(over="ignore"):
            ends = (x[i] + h, x[i] - h) if method == "centred" else (x[i] + h,)
        if not all(np.isfinite(ends)):
            raise ValueError(f"{name} = {h:g} is too large: x{list(i)} ± {name} overflows "
                             f"float64 (x{list(i)} = {x[i]:g})")
        if any(end == x[i] for end in ends):
            raise ValueError(f"{name} = {h:g} is below the spacing of the floats at "
                             f"x{list(i)} = {x[i]:g} ({np.spacing(x[i]):.3g}): x ± {name} == x "
                             f"there; use a larger step")
