"""Class predictions of a trained torch model: :func:`predict`.

The chapters draw a trained model's decision boundary
(:func:`lectures_lib.viz.boundary_plots.draw_decision_boundary`) and score it with the metrics of
:mod:`lectures_lib.metrics` (chapter 7) from these NumPy labels.
"""

import numpy as np
import torch

from lectures_lib.training._model_io import as_tensor, score_chunks


def predict(model, X):
    """The predicted class of each row of ``X``: the index of the model's largest score.

    Runs in evaluation mode (dropout off) without gradients, on the device of the model's
    weights, and returns a NumPy array, e.g. for
    :func:`lectures_lib.viz.boundary_plots.draw_decision_boundary` or a metric.

    Parameters
    ----------
    model : torch.nn.Module
    X : array_like or torch.Tensor of shape (N, D)

    Returns
    -------
    numpy.ndarray of int, shape (N,)

    Raises
    ------
    TypeError
        If ``model`` is not a module with parameters' dtype to cast to, or ``X`` is not numeric.
    ValueError
        If ``X`` holds NaN/inf or has a shape the model cannot score.

    Examples
    --------
    >>> model = torch.nn.Linear(2, 3)
    >>> predict(model, np.zeros((4, 2))).shape
    (4,)
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    first = next(model.parameters(), None)
    if first is None:
        raise TypeError("model has no parameters, so no device or dtype to predict with")
    X = as_tensor(X, "X", first.device, first.dtype, labels=False)
    if X.ndim != 2:
        raise ValueError(f"X must have 2 dimensions (examples, features), got shape "
                         f"{tuple(X.shape)}")
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            scores = score_chunks(model, X, "X")
    finally:
        model.train(was_training)
    if not scores:
        return np.zeros(0, dtype=np.int64)
    if scores[0].ndim != 2:
        raise ValueError(f"the model's scores must have shape (N, C), got "
                         f"{tuple(scores[0].shape)}")
    labels = torch.cat([s.argmax(dim=1) for s in scores])
    return labels.cpu().numpy()
