"""The slides' Adam pseudocode on NumPy arrays, with and without bias correction (chapter 4).

The optimizer class :class:`~lectures_lib.optim.Adam` updates tensors in place in PyTorch's
form; :func:`adam_lecture` runs the slides' code line for line for ``num_steps`` steps and
returns every iterate, so that "Adam (almost)", without bias correction, can be put beside the
full Adam. It is checked like the momentum forms of :mod:`lectures_lib.optim.momentum_forms`:
a gradient or iterate that becomes NaN or infinite stops the run with a
:class:`~lectures_lib.divergence.DivergenceError` naming the step and the value.
"""

import numpy as np

from lectures_lib._checks import check_nonnegative, check_unit_interval
from lectures_lib.divergence import DivergenceError
from lectures_lib.optim._forms import FormRun


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
    run = FormRun(grad, w0, lr, beta1, num_steps, rho_name="beta1")
    lr, beta1, w, m = run.lr, run.rho, run.W[0], run.V[0]
    beta2 = check_unit_interval(beta2, "beta2")
    eps = check_nonnegative(eps, "eps")
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"bias_correction must be True or False, got {bias_correction!r}")
    root_s = np.zeros_like(w)                     # sqrt(second_moment), see below
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in run.steps:
            dx = run.gradient(w, t)
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
            run.check(t, weights=w)
            run.record(w, m)
    return run.result()
