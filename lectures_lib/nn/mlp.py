r"""A fully-connected network (multi-layer perceptron) as a ``torch.nn.Module``.

Each hidden layer is a linear map followed by a nonlinearity (and, optionally, dropout); the
last layer is linear and gives the class scores. With ReLU and two hidden layers, in the
slides' notation,

.. math::

    s = W_3 \max(0,\; W_2 \max(0,\; W_1 x + b_1) + b_2) + b_3 .

*Width* is the size of a hidden layer, *depth* the number of layers with weights.
"""

import numbers

import torch
from torch import nn

from lectures_lib._checks import as_float_tensor, check_positive_int, check_seed
from lectures_lib.nn.inverted_dropout import Dropout, check_dropout_p

#: The nonlinearities an :class:`MLP` can use, by name.
ACTIVATIONS = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "identity": nn.Identity,
}


def as_input(x, in_features, weight, name="x"):
    """``x`` as a batch the layers can take: a tensor in ``weight``'s dtype, checked for shape.

    Lists and NumPy arrays become tensors on ``weight``'s device; integer and other floating
    dtypes are cast to ``weight``'s dtype (so an int64 or float64 batch works with a float32
    model). Booleans and complex numbers are refused, and so is a tensor on another device.

    Examples
    --------
    >>> as_input([[1, 2]], 2, torch.zeros(3, 2)).dtype
    torch.float32
    """
    if not isinstance(weight, torch.Tensor):
        raise TypeError(f"weight must be the model's first weight tensor, got "
                        f"{type(weight).__name__}")
    in_features = check_positive_int(in_features, "in_features")
    if isinstance(x, torch.Tensor):
        if x.dtype == torch.bool or x.is_complex():
            raise TypeError(f"{name} must be real numbers, got dtype {x.dtype}")
        if x.device != weight.device:
            raise ValueError(f"{name} is on {x.device} but the model's weights are on "
                             f"{weight.device}: move one of them (x.to(device))")
        if x.dtype != weight.dtype:
            x = x.to(weight.dtype)
    else:
        x = as_float_tensor(x, name, dtype=weight.dtype, finite=False).to(weight.device)
    if x.ndim == 0 or x.shape[-1] != in_features:
        raise ValueError(f"{name} must have {in_features} features in its last dimension, got "
                         f"shape {tuple(x.shape)}")
    return x


class MLP(nn.Module):
    """A multi-layer perceptron: (Linear -> [BatchNorm] -> activation -> [Dropout]) per hidden
    layer, then Linear.

    Parameters
    ----------
    in_features : int
        D, the number of input features.
    hidden_sizes : sequence of int
        The width of each hidden layer, e.g. ``(100,)`` for the two-layer network or
        ``(32, 32, 32)``; empty for a linear classifier.
    out_features : int
        C, the number of classes (scores).
    activation : str, default "relu"
        One of ``"relu"``, ``"leaky_relu"``, ``"tanh"``, ``"sigmoid"`` or ``"identity"`` (no
        nonlinearity: the whole network is then one linear map).
    dropout : float, default 0.0
        The drop probability after every hidden activation, in [0, 1); 0 adds no dropout layers.
        Uses the library's from-scratch
        :class:`~lectures_lib.nn.inverted_dropout.Dropout`.
    batch_norm : bool, default False
        Add ``torch.nn.BatchNorm1d`` after every hidden Linear layer, before the activation:
        in training each unit is standardised over the minibatch and then scaled and shifted
        by two learned numbers; in evaluation (``model.eval()``) by running averages of the
        minibatch statistics. The noise of those statistics acts as a regularizer.
    seed : int, optional
        Seed for the initial weights, drawn without touching the global random state, in
        [0, 2**63). Without it the weights come from torch's global generator (see
        :func:`lectures_lib.runtime.seed_everything`). Layers use torch's default
        initialisation of ``nn.Linear``.

    Attributes
    ----------
    layers : torch.nn.Sequential
    in_features : int
    hidden_sizes : tuple of int

    Raises
    ------
    TypeError
        If a size is not an integer, ``hidden_sizes`` not a sequence, ``activation`` not a
        string, ``batch_norm`` not True/False or ``seed`` not an integer.
    ValueError
        If a size is < 1, ``activation`` is unknown (the message lists the known ones),
        ``dropout`` is outside [0, 1) or ``seed`` is negative.

    Notes
    -----
    The forward pass accepts a tensor, a NumPy array or a list (see
    :func:`~lectures_lib.nn.mlp.as_input`): integer and float64 input is cast to the weights'
    dtype.

    Examples
    --------
    >>> net = MLP(64, (32, 16), 10, dropout=0.2, seed=0)
    >>> net(torch.zeros(5, 64)).shape
    torch.Size([5, 10])
    >>> net.layers
    Sequential(
      (0): Linear(in_features=64, out_features=32, bias=True)
      (1): ReLU()
      (2): Dropout(p=0.2)
      (3): Linear(in_features=32, out_features=16, bias=True)
      (4): ReLU()
      (5): Dropout(p=0.2)
      (6): Linear(in_features=16, out_features=10, bias=True)
    )
    """

    def __init__(self, in_features, hidden_sizes, out_features, activation="relu", dropout=0.0,
                 seed=None, batch_norm=False):
        super().__init__()
        in_features = check_positive_int(in_features, "in_features")
        out_features = check_positive_int(out_features, "out_features")
        if (isinstance(hidden_sizes, (numbers.Number, str, bytes, dict, set, frozenset))
                or not hasattr(hidden_sizes, "__iter__")
                or (hasattr(hidden_sizes, "ndim") and hidden_sizes.ndim != 1)):
            raise TypeError(f"hidden_sizes must be a sequence of layer widths such as (100,), "
                            f"got {hidden_sizes!r}")
        hidden_sizes = list(hidden_sizes)
        for h in hidden_sizes:
            try:
                check_positive_int(h, "each hidden size")
            except (TypeError, ValueError) as err:
                raise type(err)(f"{err} (hidden_sizes={hidden_sizes!r})") from None
        hidden_sizes = [int(h) for h in hidden_sizes]
        if not isinstance(activation, str):
            raise TypeError(f"activation must be a name, one of {sorted(ACTIVATIONS)}, got "
                            f"{type(activation).__name__} {activation!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        dropout = check_dropout_p(dropout, "dropout")
        if not isinstance(batch_norm, bool):
            raise TypeError(f"batch_norm must be True or False, got {batch_norm!r}")
        if seed is not None:
            seed = check_seed(seed)
        self.activation, self.dropout, self.batch_norm = activation, dropout, batch_norm
        self.in_features = in_features
        self.hidden_sizes = tuple(hidden_sizes)

        with torch.random.fork_rng(devices=[], enabled=seed is not None):
            if seed is not None:  # the CPU generator only: the weights are drawn on the CPU
                torch.default_generator.manual_seed(seed)
            layers, width = [], in_features
            for hidden in hidden_sizes:
                layers.append(nn.Linear(width, hidden))
                if batch_norm:
                    layers.append(nn.BatchNorm1d(hidden))
                layers.append(ACTIVATIONS[activation]())
                if dropout > 0:
                    layers.append(Dropout(dropout))
                width = hidden
            layers.append(nn.Linear(width, out_features))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        """The class scores of a batch ``x`` of shape (N, in_features): shape (N, out_features).

        ``x`` may be a tensor, an array or a list; it is cast to the weights' dtype.
        """
        return self.layers(as_input(x, self.in_features, self.layers[0].weight))

    def hidden(self, x, layer=1):
        """The activations of hidden layer ``layer`` (1 = first) for a batch ``x``.

        The features the network has learned: for the two-layer network, ``max(0, W1 x + b1)``.
        Dropout is skipped (as in evaluation); batch normalization, if any, acts as in the
        model's current mode.
        """
        layer = check_positive_int(layer, "layer")
        if layer > len(self.hidden_sizes):
            raise ValueError(f"layer must be at most {len(self.hidden_sizes)} (the number of "
                             f"hidden layers), got {layer}")
        x = as_input(x, self.in_features, self.layers[0].weight)
        seen = 0
        for module in self.layers:
            if isinstance(module, Dropout):
                continue
            x = module(x)
            if not isinstance(module, (nn.Linear, nn.BatchNorm1d)):
                seen += 1
                if seen == layer:
                    return x
        raise AssertionError("unreachable")  # pragma: no cover
