r"""Exponentially weighted moving averages, the running averages behind momentum and Adam.

:math:`V_t = \beta V_{t-1} + (1 - \beta)\theta_t` averages roughly the last
:math:`1/(1 - \beta)` values (chapter 3). Momentum keeps such an average of the gradients,
RMSProp one of their squares, and Adam both, with the bias correction of :func:`ewma`.
"""

import numpy as np

from lectures_lib._checks import as_float_array, check_unit_interval


def ewma(values, beta, bias_correction=True):
    r"""Exponentially weighted moving average :math:`V_t = \beta V_{t-1} + (1 - \beta)\theta_t`.

    Starts from :math:`V_0 = 0` and returns :math:`V_1, \dots, V_T`, an average over roughly the
    last :math:`1/(1 - \beta)` values. Starting at 0 pulls the first averages towards 0; with
    ``bias_correction`` each is divided by :math:`1 - \beta^t`, which makes it a proper weighted
    average of :math:`\theta_1, \dots, \theta_t` (the weights sum to 1).

    Parameters
    ----------
    values : array_like of float, shape (T,) or (T, ...)
        :math:`\theta_1, \dots, \theta_T`, along the first axis.
    beta : float
        The weight of the past, in [0, 1).
    bias_correction : bool, default True
        Divide :math:`V_t` by :math:`1 - \beta^t`.

    Returns
    -------
    numpy.ndarray
        :math:`V_1, \dots, V_T`, the shape of ``values``.

    Raises
    ------
    TypeError
        If ``values`` is not numeric or ``bias_correction`` is not a bool.
    ValueError
        If ``values`` is a single number or holds NaN/inf, or ``beta`` is not in [0, 1).

    Examples
    --------
    The slides' temperatures 40, 49, 45 °F with β = 0.9: :math:`V_1 = 0.1 \cdot 40 = 4`, ...

    >>> ewma([40.0, 49.0, 45.0], 0.9, bias_correction=False).round(4).tolist()
    [4.0, 8.5, 12.15]
    >>> ewma([40.0, 49.0, 45.0], 0.9).round(4).tolist()
    [40.0, 44.7368, 44.8339]
    """
    values = as_float_array(values, "values")
    if values.ndim == 0:
        raise ValueError("values must have at least one dimension (one value per step), got a "
                         "single number")
    beta = check_unit_interval(beta, "beta")
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"bias_correction must be True or False, got "
                        f"{type(bias_correction).__name__} {bias_correction!r}")
    # An average never leaves [-max|θ|, max|θ|], but beta V + (1 - beta) θ can round past
    # float64's largest number: scale the values by a power of two (exactly) when they are huge.
    e = int(np.frexp(np.max(np.abs(values), initial=0.0))[1]) if values.size else 0
    e = e if e > 1000 else 0
    scaled = np.ldexp(values, -e)
    averages = np.empty_like(values)
    V = 0.0
    for t, theta in enumerate(scaled, start=1):
        V = beta * V + (1 - beta) * theta
        averages[t - 1] = V / (1 - beta ** t) if bias_correction else V
    bound = np.max(np.abs(scaled), axis=0, initial=0.0)
    return np.ldexp(np.clip(averages, -bound, bound), e)
