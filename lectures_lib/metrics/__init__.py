"""Evaluation metrics of a binary classifier, written to be read: a drop-in for ``sklearn.metrics``.

The functions carry scikit-learn's names, argument order, return values and edge cases
(including ``zero_division`` and the same warnings), for **binary** labels, so
``from lectures_lib.metrics import roc_auc_score`` can replace the scikit-learn import. The
tests compare every function with scikit-learn's on many random problems.

- ``lectures_lib.metrics.classification``: metrics of hard predictions, from the confusion
  matrix: :func:`confusion_matrix`, :func:`accuracy_score`, :func:`precision_score`,
  :func:`recall_score`, :func:`f1_score`.
- ``lectures_lib.metrics.curves``: sweeping the threshold over the scores, all built on one
  counting core, :func:`confusion_matrix_at_thresholds`: :func:`precision_recall_curve`,
  :func:`smoothed_precision` (the lecture's smoothed PR curve), :func:`average_precision_score`,
  :func:`roc_curve` and :func:`roc_auc_score`.
- ``lectures_lib.metrics.iou``: intersection over union of masks or sets, :func:`iou`,
  and of boxes, :func:`box_iou`.

Differences from scikit-learn: labels must be binary (at most two distinct values), so the
multiclass and multilabel arguments are not accepted (``average``, ``multi_class``,
``max_fpr``, and ``labels`` except in :func:`confusion_matrix`); negative sample weights
are refused; thresholds are returned as float64.
"""

from lectures_lib.metrics.classification import (accuracy_score, confusion_matrix, f1_score,
                                                 precision_score, recall_score)
from lectures_lib.metrics.curves import (average_precision_score,
                                         confusion_matrix_at_thresholds,
                                         precision_recall_curve, roc_auc_score, roc_curve,
                                         smoothed_precision)
from lectures_lib.metrics.iou import box_iou, iou

__all__ = ["confusion_matrix", "accuracy_score", "precision_score", "recall_score", "f1_score",
           "confusion_matrix_at_thresholds", "precision_recall_curve", "smoothed_precision",
           "average_precision_score", "roc_curve", "roc_auc_score", "iou", "box_iou"]
