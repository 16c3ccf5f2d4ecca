"""Argument checks that the data modules share (private to :mod:`lectures_lib.data`)."""

import numpy as np

from lectures_lib._checks import check_seed


def check_bool(value, name):
    """Return ``value`` after checking it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def legacy_seed(seed):
    """A seed for NumPy's legacy ``RandomState`` (as scikit-learn uses): below 2**32."""
    seed = check_seed(seed)
    if seed >= 2**32:
        raise ValueError(f"seed must be below 2**32 here (the draw is scikit-learn's, whose "
                         f"RandomState takes 32-bit seeds), got {seed}")
    return seed
