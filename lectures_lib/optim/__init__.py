"""The optimizers of the lectures, as drop-in replacements for ``torch.optim``.

Each class has ``torch.optim``'s signature, defaults, update and state keys, so it trains a
model step for step like its PyTorch twin (the tests check this to 1e-9 in float64), while its
code reads like the slide's update rule. One file per algorithm family:

* :class:`SGD` (momentum, Nesterov momentum, weight decay) in ``optim/sgd.py``,
* :class:`Adagrad` in ``optim/adagrad.py``,
* :class:`RMSprop` in ``optim/rmsprop.py``,
* :class:`Adam` (and AMSGrad) and :class:`AdamW` in ``optim/adam.py``.

As in ``torch.optim``, ``lr``, ``betas`` and the other numbers may be 1-element tensors (the
arithmetic on them then rounds as torch's does, so float32 tensors give torch's results
exactly), and bad values raise torch's exception types, with messages that name the argument
(``ValueError: lr must be >= 0, got -0.1``). torch's implementation switches ``foreach``,
``fused``, ``differentiable`` and ``capturable`` are accepted when off and refused with a
``ValueError`` naming them when on: there is one readable per-tensor path. (RMSprop's
constructor keeps the slides' signature and does not take them; a parameter group may.)

The pieces they share (moving averages, bias correction, the ``step`` loop, hyperparameter
checks) live in ``optim/_base.py``; the slides' other ways of writing momentum, Nesterov
momentum and Adam, as plain functions on NumPy arrays, in :mod:`lectures_lib.optim.forms`.

Examples
--------
>>> import torch
>>> from lectures_lib.optim import SGD
>>> model = torch.nn.Linear(3, 1)
>>> optimizer = SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
>>> model(torch.ones(2, 3)).pow(2).mean().backward()
>>> optimizer.step()
"""

from lectures_lib.optim.adagrad import Adagrad
from lectures_lib.optim.adam import Adam, AdamW
from lectures_lib.optim.rmsprop import RMSprop
from lectures_lib.optim.sgd import SGD

__all__ = ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]
