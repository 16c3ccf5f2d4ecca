r"""Convergence theory of gradient descent and heavy-ball momentum on a quadratic (chapter 3).

The CTU deck studies :math:`f(w) = \tfrac12 w^\top A w` with :math:`A = \mathrm{diag}(\lambda_1,
\dots, \lambda_n)`, :math:`0 < \lambda_1 \le \dots \le \lambda_n`, condition number
:math:`\kappa = \lambda_n / \lambda_1`. Each coordinate evolves on its own, so the error
shrinks by a fixed factor per step, the **rate**; the functions here compute it.

* Gradient descent :math:`w^k = w^{k-1} - \alpha \nabla f(w^{k-1})` multiplies coordinate
  :math:`i` by :math:`1 - \alpha\lambda_i` per step: rate :math:`\max_i |1 - \alpha\lambda_i|`
  (:func:`gd_rate`), below 1 exactly when :math:`0 < \alpha < 2/\lambda_n`; the best step
  :math:`\alpha^* = 2/(\lambda_1 + \lambda_n)` (:func:`gd_optimal_lr`) gives
  :math:`(\kappa - 1)/(\kappa + 1)`.
* Heavy-ball momentum :math:`v^k = \beta v^{k-1} + \nabla f(w^{k-1})`,
  :math:`w^k = w^{k-1} - \alpha v^k` multiplies :math:`(v_i, w_i)` by the 2×2 matrix
  :math:`\begin{bmatrix}\beta & \lambda_i\\ -\alpha\beta & 1 - \alpha\lambda_i\end{bmatrix}`;
  the rate is the largest modulus of its eigenvalues over :math:`i` (:func:`momentum_rate`).
  The best :math:`(\alpha^*, \beta^*)` (:func:`momentum_optimal`) give
  :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

References: Polyak, "Some methods of speeding up the convergence of iteration methods", 1964;
Goh, "Why momentum really works", Distill 2017; Flammarion and Bach, COLT 2015 (cited in the
deck).
"""

import numpy as np

from lectures_lib._checks import as_float_array, check_nonnegative, check_unit_interval

_BIG = 1e150          # |x| below this: x**2 cannot overflow


def _finite(value, what, why):
    """Return ``value`` as a float, or raise when the exact answer is beyond float64."""
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{what} overflows float64's range (about 1.8e308): {why}")
    return value


def _eigenvalues(eigs):
    """The eigenvalues as a 1-D float array, checked to be positive."""
    eigs = np.atleast_1d(as_float_array(eigs, "eigs"))
    if eigs.ndim != 1 or eigs.size == 0:
        raise ValueError(f"eigs must be a non-empty list of eigenvalues, got shape {eigs.shape}")
    if np.any(eigs <= 0):
        raise ValueError(f"eigs must all be > 0 (a convex quadratic), got {eigs.min()}")
    return eigs


def condition_number(eigs):
    r"""The condition number :math:`\kappa = \lambda_n / \lambda_1`, largest over smallest.

    Raises
    ------
    ValueError
        If ``eigs`` is empty, not 1-D, holds a value <= 0 or NaN/inf, or if κ itself is
        beyond float64's range (``[1e-320, 1e308]``).

    Examples
    --------
    >>> condition_number([1.0, 4.0, 100.0])
    100.0
    """
    eigs = _eigenvalues(eigs)
    with np.errstate(over="ignore"):
        kappa = eigs.max() / eigs.min()
    return _finite(kappa, "the condition number",
                   f"max(eigs) / min(eigs) = {eigs.max():g} / {eigs.min():g}")


def gd_rate(lr, eigs):
    r"""The rate of gradient descent on the quadratic: :math:`\max_i |1 - \alpha \lambda_i|`.

    The error in coordinate :math:`i` after :math:`k` steps is :math:`(1 - \alpha\lambda_i)^k`
    times the initial one, so the slowest coordinate sets the pace; a rate >= 1 means no
    convergence (> 1: divergence, which happens past :math:`\alpha = 2/\lambda_n`).

    Parameters
    ----------
    lr : float
        The step size α, >= 0.
    eigs : array_like of float
        The eigenvalues λ of A, all > 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For ``lr < 0``, eigenvalues that are not all > 0 and finite, or a rate beyond
        float64's range (``lr * max(eigs)`` past 1.8e308).

    Examples
    --------
    >>> gd_rate(0.1, [1.0, 10.0])
    0.9
    >>> gd_rate(0.25, [1.0, 10.0])    # past 2 / 10: diverges
    1.5
    """
    lr = check_nonnegative(lr, "lr")
    eigs = _eigenvalues(eigs)
    with np.errstate(over="ignore"):
        rate = np.max(np.abs(1 - lr * eigs))
    return _finite(rate, "the rate", f"lr * max(eigs) = {lr:g} * {eigs.max():g}")


def gd_optimal_lr(eigs):
    r"""The step that minimizes :func:`gd_rate`: :math:`\alpha^* = 2 / (\lambda_1 + \lambda_n)`.

    Its rate is :math:`(\kappa - 1)/(\kappa + 1)`: the smallest and the largest eigenvalue then
    contract equally fast, one from above and one from below (a zig-zag). The sum
    :math:`\lambda_1 + \lambda_n` is halved first where it would overflow, so eigenvalues up
    to float64's largest give the right step.

    Raises
    ------
    ValueError
        For eigenvalues that are not all > 0 and finite, or so small that the step overflows.

    Examples
    --------
    >>> lr = gd_optimal_lr([1.0, 9.0])
    >>> lr, gd_rate(lr, [1.0, 9.0])      # (9 - 1) / (9 + 1)
    (0.2, 0.8)
    """
    eigs = _eigenvalues(eigs)
    low, high = eigs.min(), eigs.max()
    with np.errstate(over="ignore", divide="ignore"):
        total = low + high
        lr = 2 / total if np.isfinite(total) else 1 / (0.5 * low + 0.5 * high)
    return _finite(lr, "the optimal step", f"eigs are too small (from {low:g} to {high:g})")


def momentum_rate(lr, beta, eigs):
    r"""The rate of heavy-ball momentum on the quadratic: the spectral radius of its iteration.

    For each eigenvalue :math:`\lambda` the pair :math:`(v, w)` is multiplied per step by
    :math:`M = \begin{bmatrix}\beta & \lambda\\ -\alpha\beta & 1 - \alpha\lambda\end{bmatrix}`,
    whose eigenvalues solve :math:`\sigma^2 - (1 + \beta - \alpha\lambda)\sigma + \beta = 0`.
    The rate is the largest :math:`|\sigma|` over both roots and all eigenvalues. When the
    roots are complex both have modulus :math:`\sqrt\beta`: momentum then oscillates.

    Parameters
    ----------
    lr : float
        The step size α, >= 0.
    beta : float
        The momentum β (ρ on the Stanford slides), in [0, 1).
    eigs : array_like of float
        The eigenvalues λ of A, all > 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For ``lr < 0``, ``beta`` outside [0, 1), bad eigenvalues, or a rate beyond float64's
        range. Where :math:`(1 + \beta - \alpha\lambda)^2` alone would overflow, the rate
        is :math:`|1 + \beta - \alpha\lambda|` to within a relative 1e-300.

    Examples
    --------
    With β = 0 this is gradient descent's rate:

    >>> momentum_rate(0.1, 0.0, [1.0, 10.0])
    0.9
    >>> round(momentum_rate(0.1, 0.81, [1.0, 10.0]), 6)    # complex roots: sqrt(0.81)
    0.9
    """
    lr = check_nonnegative(lr, "lr")
    beta = check_unit_interval(beta, "beta")
    eigs = _eigenvalues(eigs)
    with np.errstate(over="ignore", invalid="ignore"):
        trace = 1 + beta - lr * eigs
    _finite(np.max(np.abs(trace)), "the rate", f"lr * max(eigs) = {lr:g} * {eigs.max():g}")
    # Far out (|trace| > 1e150) trace**2 would overflow, but there the roots are trace and
    # beta / trace up to a relative 1e-300: the rate is |trace|.
    small = np.abs(trace) <= _BIG
    near = trace[small]
    root = np.sqrt(near.astype(complex) ** 2 - 4 * beta)
    sigmas = np.concatenate([(near + root) / 2, (near - root) / 2, trace[~small]])
    return float(np.max(np.abs(sigmas)))


def momentum_optimal(eigs):
    r"""The step and momentum that minimize :func:`momentum_rate`.

    .. math::

        \alpha^* = \left(\frac{2}{\sqrt{\lambda_1} + \sqrt{\lambda_n}}\right)^2, \qquad
        \beta^* = \left(\frac{\sqrt{\lambda_n} - \sqrt{\lambda_1}}
                             {\sqrt{\lambda_n} + \sqrt{\lambda_1}}\right)^2

    with rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`, against gradient descent's
    :math:`(\kappa - 1)/(\kappa + 1)`: for κ = 100, 0.818 instead of 0.980 per step.

    Returns
    -------
    tuple of float
        ``(lr, beta)``.

    Raises
    ------
    ValueError
        For eigenvalues that are not all > 0 and finite, or so small that the step overflows.

    Examples
    --------
    >>> lr, beta = momentum_optimal([1.0, 9.0])
    >>> lr, beta, round(momentum_rate(lr, beta, [1.0, 9.0]), 12)    # (3 - 1) / (3 + 1)
    (0.25, 0.25, 0.5)
    """
    eigs = _eigenvalues(eigs)
    low, high = np.sqrt(eigs.min()), np.sqrt(eigs.max())
    with np.errstate(over="ignore"):
        lr = (2 / (low + high)) ** 2
    lr = _finite(lr, "the optimal step", f"eigs are too small (from {eigs.min():g} to "
                                         f"{eigs.max():g})")
    return lr, float(((high - low) / (high + low)) ** 2)


def measured_rate(errors):
    r"""The rate of a run measured from its errors: the mean contraction per step.

    Uses the second half of the run, :math:`(e_K / e_{K/2})^{1/(K - K/2)}`, so that the
    transient of the first steps does not count. For heavy ball at :math:`(\alpha^*,
    \beta^*)` the iteration matrix has a double eigenvalue and the error behaves like
    :math:`k\, r^k`, so the measured rate approaches :math:`r` from above, slowly.

    Parameters
    ----------
    errors : array_like of float
        A positive error per step, e.g. :math:`\|w_k - w^*\|` for k = 0..K, K >= 2.

    Raises
    ------
    ValueError
        For fewer than 3 errors, an error <= 0, NaN/inf, or a rate beyond float64's range.

    Examples
    --------
    >>> round(measured_rate(0.5 ** np.arange(21)), 12)
    0.5
    """
    errors = as_float_array(errors, "errors", ndim=1)
    if errors.size < 3 or np.any(errors <= 0):
        raise ValueError("errors must hold at least 3 positive values, "
                         f"got {errors.size} with minimum {errors.min() if errors.size else None}")
    last, half = errors.size - 1, (errors.size - 1) // 2
    with np.errstate(over="ignore", under="ignore"):
        ratio = errors[last] / errors[half]
        if np.finfo(np.float64).tiny <= ratio < np.inf:     # a normal number: no digit lost
            return float(ratio ** (1 / (last - half)))
        # the ratio overflows or underflows: take the root in logarithms
        rate = np.exp((np.log(errors[last]) - np.log(errors[half])) / (last - half))
    return _finite(rate, "the measured rate", f"the errors grow from {errors[half]:g} to "
                                               f"{errors[last]:g} in {last - half} step(s)")
