r"""Dropout, from scratch: a random thinned network at every training step (chapter 1).

During training each activation is zeroed with probability :math:`p` and the survivors are
scaled by :math:`1/(1 - p)` ("inverted" dropout, as in ``torch.nn.functional.dropout``), so
that at test time the network is used as it is, with nothing to rescale. :func:`dropout` is
the operation, :class:`Dropout` the layer that :class:`~lectures_lib.nn.mlp.MLP` puts after
every hidden activation.
"""

import numpy as np
import torch
from torch import nn

from lectures_lib._checks import check_unit_interval
from lectures_lib.nn._batches import check_generator


def check_dropout_p(p, name="p"):
    """Return ``p`` as a float after checking that it is a drop probability in [0, 1)."""
    return check_unit_interval(p, name)


def dropout(x, p=0.5, training=True, generator=None):
    r"""Inverted dropout, from scratch: zero each entry with probability p, rescale the rest.

    .. math::

        m_i \sim \mathrm{Bernoulli}(1 - p), \qquad
        \mathrm{out}_i = \frac{m_i\, x_i}{1 - p} \quad\text{(training)}, \qquad
        \mathrm{out} = x \quad\text{(evaluation)}.

    Dividing by :math:`1 - p` at training time keeps the expectation :math:`E[\mathrm{out}_i]
    = x_i`, so nothing needs rescaling at test time ("inverted" dropout, as in
    ``torch.nn.functional.dropout``).

    Parameters
    ----------
    x : torch.Tensor
        Activations, any shape, floating point.
    p : float, default 0.5
        The probability of dropping an entry, in [0, 1).
    training : bool, default True
        Apply dropout (training) or return ``x`` unchanged (evaluation).
    generator : torch.Generator, optional
        Source of the random mask, for reproducible masks.

    Returns
    -------
    torch.Tensor
        Of ``x``'s shape; gradients flow through the kept entries, times 1/(1-p).

    Raises
    ------
    TypeError
        If ``x`` is not a floating tensor, ``training`` not True/False or ``generator`` not a
        ``torch.Generator``.
    ValueError
        If ``p`` is outside [0, 1), or a kept entry times 1/(1-p) would overflow ``x``'s dtype.

    Examples
    --------
    >>> x = torch.ones(8)
    >>> out = dropout(x, p=0.5, generator=torch.Generator().manual_seed(0))
    >>> sorted(set(out.tolist()))
    [0.0, 2.0]
    >>> torch.equal(dropout(x, p=0.5, training=False), x)
    True
    """
    p = check_dropout_p(p)
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"x must be a floating-point tensor, got dtype {x.dtype}: cast it with "
                        f"x.float()")
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"training must be True or False, got {training!r}")
    check_generator(generator)
    if not training or p == 0.0:
        return x
    limit = torch.finfo(x.dtype).max * (1.0 - p)  # a kept entry larger than this overflows
    if x.numel() and bool((x.detach().abs() > limit).any()):
        raise ValueError(f"x holds values above {limit:.3g}, which overflow {x.dtype} when "
                         f"divided by 1 - p = {1.0 - p:g}")
    where = generator.device if generator is not None else x.device
    u = torch.rand(x.shape, generator=generator, device=where, dtype=x.dtype).to(x.device)
    mask = (u >= p).to(x.dtype)  # kept with probability 1 - p
    return x * mask / (1.0 - p)


class Dropout(nn.Module):
    """The :func:`dropout` function as a layer: active in ``train()`` mode, off in ``eval()``.

    Parameters
    ----------
    p : float, default 0.5
        The probability of dropping an entry, in [0, 1).

    Examples
    --------
    >>> layer = Dropout(0.25).eval()
    >>> layer(torch.ones(3))
    tensor([1., 1., 1.])
    """

    def __init__(self, p=0.5):
        super().__init__()
        self.p = check_dropout_p(p)

    def forward(self, x):
        return dropout(x, self.p, training=self.training)

    def extra_repr(self):
        return f"p={self.p}"
