"""Training torch models: one loop for the whole book, predictions, progress bars.

- :mod:`lectures_lib.training.loop`: :func:`~lectures_lib.training.loop.fit`, the minibatch
  training loop of every torch model of the book (chapters 1, 3, 4, 6 and 7), with divergence
  checks, early stopping and a :class:`~lectures_lib.history.History` of the run;
- :mod:`lectures_lib.training.prediction`:
  :func:`~lectures_lib.training.prediction.predict`, the class a trained model gives each
  example, as a NumPy array (for decision boundaries and metrics);
- :mod:`lectures_lib.training.progress`: the switch that turns progress bars off for the
  book's build and tests.

Chapters import from here: ``from lectures_lib.training import fit, predict``.
"""

from lectures_lib.training.loop import fit
from lectures_lib.training.prediction import predict
from lectures_lib.training.progress import PROGRESS_ENV, progress_enabled

__all__ = ["fit", "predict", "progress_enabled", "PROGRESS_ENV"]
