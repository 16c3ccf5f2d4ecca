"""A residual network of fully-connected blocks, and stochastic depth as its regularizer.

A residual block adds a correction to its input instead of replacing it,
:math:`x \\mapsto x + f(x)` with :math:`f` = Linear, ReLU, Linear. **Stochastic depth** (Huang
et al., 2016; DeepRob's "other regularizers") drops whole blocks during training: at each
training step every block is kept with probability ``survival`` and otherwise skipped, the
identity alone passing through, so the network trains as a random shallower network. As with
inverted dropout, a kept block's correction is scaled by ``1 / survival`` in training, so that
in evaluation every block acts with its plain :math:`f` and its expected output is unchanged.
"""

import torch
from torch import nn

from lectures_lib._checks import as_scalar, check_positive_int, check_seed
from lectures_lib.nn.mlp import as_input


class ResidualBlock(nn.Module):
    """:math:`x + f(x)`, :math:`f` = Linear, ReLU, Linear of the same width, kept with
    probability ``survival`` at each training step (stochastic depth).

    Examples
    --------
    >>> block = ResidualBlock(4, survival=0.5).eval()
    >>> x = torch.ones(2, 4)
    >>> torch.equal(block(x), x + block.f(x))   # in evaluation: always the whole block
    True
    """

    def __init__(self, width, survival=1.0):
        super().__init__()
        width = check_positive_int(width, "width")
        self.width = width
        self.survival = _check_survival(survival)
        self.f = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, width))

    def forward(self, x):
        """The block's output for a batch ``x`` of shape (N, width)."""
        x = as_input(x, self.width, self.f[0].weight)
        if not self.training or self.survival == 1.0:
            return x + self.f(x)
        if torch.rand(()) >= self.survival:      # dropped for this step: the identity
            return x
        return x + self.f(x) / self.survival


class ResidualMLP(nn.Module):
    """Linear + ReLU into ``width`` features, ``n_blocks`` residual blocks, a linear head.

    Parameters
    ----------
    in_features, out_features : int
    width : int
        The features every block works on.
    n_blocks : int
    survival : float, default 1.0
        Each block's probability of being kept at a training step, in (0, 1]; 1 is no
        stochastic depth.
    seed : int, optional
        Seed for the initial weights (the global generator is left alone), in [0, 2**63).

    Raises
    ------
    TypeError
        If a size or ``seed`` is not an integer, or ``survival`` not a number.
    ValueError
        If a size is < 1, ``survival`` is outside (0, 1] or ``seed`` is negative.

    Examples
    --------
    >>> net = ResidualMLP(64, 32, 3, 10, survival=0.8, seed=0)
    >>> net(torch.zeros(5, 64)).shape, len(net.blocks)
    (torch.Size([5, 10]), 3)
    """

    def __init__(self, in_features, width, n_blocks, out_features, survival=1.0, seed=None):
        super().__init__()
        in_features = check_positive_int(in_features, "in_features")
        out_features = check_positive_int(out_features, "out_features")
        width = check_positive_int(width, "width")
        n_blocks = check_positive_int(n_blocks, "n_blocks")
        _check_survival(survival)
        if seed is not None:
            seed = check_seed(seed)
        self.in_features = in_features
        with torch.random.fork_rng(devices=[], enabled=seed is not None):
            if seed is not None:  # the CPU generator only: the weights are drawn on the CPU
                torch.default_generator.manual_seed(seed)
            self.stem = nn.Sequential(nn.Linear(in_features, width), nn.ReLU())
            self.blocks = nn.Sequential(*[ResidualBlock(width, survival)
                                          for _ in range(n_blocks)])
            self.head = nn.Linear(width, out_features)

    def forward(self, x):
        """The class scores of a batch ``x`` of shape (N, in_features)."""
        x = as_input(x, self.in_features, self.stem[0].weight)
        return self.head(self.blocks(self.stem(x)))


def _check_survival(survival):
    survival = as_scalar(survival, "survival")
    if not 0.0 < survival <= 1.0:
        raise ValueError(f"survival must lie in (0, 1], got {survival}")
    return survival
