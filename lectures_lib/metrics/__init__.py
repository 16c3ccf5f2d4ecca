"""Evaluation metrics of a classifier, written to be read: a drop-in for ``sklearn.metrics``.

The functions carry scikit-learn's names, keywords, argument order, return values and edge
cases (including ``zero_division`` and the same warnings), so ``from lectures_lib.metrics
import roc_auc_score`` can replace the scikit-learn import. The tests compare every function
with scikit-learn's on many random problems.

- ``lectures_lib.metrics.classification``: metrics of hard predictions, from the confusion
  matrix: :func:`confusion_matrix`, :func:`accuracy_score`, :func:`precision_score`,
  :func:`recall_score`, :func:`f1_score`.
- ``lectures_lib.metrics.curves``: sweeping the threshold over the scores, all built on one
  counting core, :func:`confusion_matrix_at_thresholds`: :func:`precision_recall_curve`,
  :func:`smoothed_precision` (the lecture's smoothed PR curve), :func:`average_precision_score`;
  ``lectures_lib.metrics.roc``: :func:`roc_curve` and :func:`roc_auc_score`.
- ``lectures_lib.metrics.iou``: intersection over union of masks or sets, :func:`iou`,
  and of boxes, :func:`box_iou`.

Supported as in scikit-learn: ``pos_label`` (numbers, booleans or strings), ``labels``,
``sample_weight``, ``zero_division`` ("warn", 0, 1 or ``np.nan``), ``normalize``,
``drop_intermediate``, ``max_fpr`` (the partial AUC with the McClish correction),
``average="binary"`` spelled out, and column vectors of shape (n, 1) (accepted without a
warning, as scikit-learn's metrics accept them). More than two classes are supported by
:func:`confusion_matrix` (with ``labels`` to choose and order them), :func:`accuracy_score`,
and by :func:`precision_score`, :func:`recall_score` and :func:`f1_score` with
``average="micro"``, ``"macro"``, ``"weighted"`` or ``None``, exactly as scikit-learn computes
them; the curves take one class against the rest when ``pos_label`` is given.

Differences from scikit-learn:

- **Refused with a ValueError that names the scikit-learn function to use:** multiclass
  :func:`roc_auc_score` (``sklearn.metrics.roc_auc_score(multi_class='ovr')``) and
  :func:`average_precision_score`, scores of shape (n, k), multilabel targets,
  ``average="samples"``.
- **Refused, where scikit-learn computes something doubtful:** negative sample weights
  (an all-zero ``sample_weight`` is refused as in scikit-learn), duplicated ``labels``, and
  weighted counts beyond int64 or float64 (scikit-learn wraps or returns inf).
- **Exact where scikit-learn rounds:** integer scores are ranked as integers (scikit-learn's
  ``roc_auc_score`` also does; beyond int64, Python integers are ranked exactly too), and
  integer weights are summed exactly (``2**53 + 1`` stays odd); float weights whose sum
  overflows are rescaled for the ratios. ``zero_division=np.int64(0)`` means 0 (scikit-learn
  turns NumPy integers into NaN).
"""

from lectures_lib.metrics.classification import (accuracy_score, confusion_matrix, f1_score,
                                                 precision_score, recall_score)
from lectures_lib.metrics.curves import (average_precision_score,
                                         confusion_matrix_at_thresholds,
                                         precision_recall_curve, smoothed_precision)
from lectures_lib.metrics.iou import box_iou, iou
from lectures_lib.metrics.roc import roc_auc_score, roc_curve

__all__ = ["confusion_matrix", "accuracy_score", "precision_score", "recall_score", "f1_score",
           "confusion_matrix_at_thresholds", "precision_recall_curve", "smoothed_precision",
           "average_precision_score", "roc_curve", "roc_auc_score", "iou", "box_iou"]
