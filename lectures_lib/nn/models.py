"""The networks of the book, importable from one place.

- :class:`~lectures_lib.nn.two_layer_net.TwoLayerNet`: the two-layer ReLU network in NumPy, with
  its backward pass written out by hand (:mod:`lectures_lib.nn.two_layer_net`).
- :class:`~lectures_lib.nn.mlp.MLP`: a fully-connected network of any width and depth as a
  ``torch.nn.Module``, trained with :func:`lectures_lib.training.loop.fit`
  (:mod:`lectures_lib.nn.mlp`).

Examples
--------
>>> from lectures_lib.nn.models import MLP, TwoLayerNet
>>> TwoLayerNet(2, 3, 2).params["W1"].shape, MLP(2, (3,), 2).hidden_sizes
((2, 3), (3,))
"""

from lectures_lib.nn.mlp import MLP
from lectures_lib.nn.two_layer_net import TwoLayerNet

__all__ = ["MLP", "TwoLayerNet"]
