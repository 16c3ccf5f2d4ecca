"""Data sets for the chapters, all offline: what scikit-learn ships, or generated with a seed.

Nothing here downloads anything, so the book builds on a machine without network access.

- :mod:`lectures_lib.data.digits`: scikit-learn's handwritten digits split three ways, as
  standardized features or as images (every chapter), and the :class:`~lectures_lib.data.digits.Split` that
  holds the parts;
- :mod:`lectures_lib.data.synthetic`: the slides' generated problems: 1-D two classes, corner
  points, rings, spirals, logistic-regression data;
- :mod:`lectures_lib.data.transforms`: the bias column, polar coordinates, label noise;
- :mod:`lectures_lib.data.temperatures`: the daily temperatures of the EWMA slide.

Chapters import from here: ``from lectures_lib.data import load_digits_split``.
"""

from lectures_lib.data.digits import Split, load_digit_images, load_digits_split
from lectures_lib.data.synthetic import (MAX_SCALE, make_1d_two_class, make_corner_points,
                                         make_logistic_data, make_rings, make_spirals)
from lectures_lib.data.temperatures import SLIDE_TEMPERATURES, daily_temperatures
from lectures_lib.data.transforms import add_bias_column, flip_labels, to_polar

__all__ = ["Split", "load_digits_split", "load_digit_images",
           "make_1d_two_class", "make_corner_points", "make_rings", "make_spirals",
           "make_logistic_data", "MAX_SCALE",
           "add_bias_column", "to_polar", "flip_labels",
           "daily_temperatures", "SLIDE_TEMPERATURES"]
