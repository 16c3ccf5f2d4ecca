"""A year of daily temperatures, for the exponentially weighted averages of chapter 3."""

import numpy as np

from lectures_lib._checks import check_positive_int, check_seed

#: The daily temperatures (°F) that Lecture 5's EWMA slide shows, by day (day 1 is the first).
SLIDE_TEMPERATURES = {1: 40.0, 2: 49.0, 3: 45.0, 180: 60.0, 181: 56.0}


def daily_temperatures(num_days=365, seed=0):
    """A year of noisy daily temperatures in °F, like the London series of the EWMA slide.

    A seasonal curve (about 40 °F in January, 65 °F in July) plus Gaussian day-to-day noise of
    5 °F, with the days the slide shows set to its values (:data:`SLIDE_TEMPERATURES`: 40, 49,
    45 on days 1-3, 60 and 56 on days 180-181).

    Returns
    -------
    numpy.ndarray of shape (num_days,)
        Entry ``t - 1`` is the temperature of day t.

    Examples
    --------
    >>> daily_temperatures()[:3].tolist()
    [40.0, 49.0, 45.0]
    """
    num_days = check_positive_int(num_days, "num_days")
    rng = np.random.default_rng(check_seed(seed))
    days = np.arange(1, num_days + 1)
    theta = 52.5 - 12.5 * np.cos(2 * np.pi * (days - 15) / 365) + 5 * rng.standard_normal(num_days)
    for day, value in SLIDE_TEMPERATURES.items():
        if day <= num_days:
            theta[day - 1] = value
    return np.round(theta, 1)
