"""The optimizers of the lectures, as drop-in replacements for ``torch.optim``.

Each class has ``torch.optim``'s signature, defaults, update and state keys, so it trains a
model step for step like its PyTorch twin (the tests check this to 1e-9 in float64), while its
code reads like the slide's update rule. One file per algorithm family:

* :class:`SGD` (momentum, Nesterov momentum, weight decay) in ``optim/sgd.py``,
* :class:`Adagrad` in ``optim/adagrad.py``,
* :class:`RMSprop` in ``optim/rmsprop.py``,
* :class:`Adam` (and AMSGrad) and :class:`AdamW` in ``optim/adam.py``;
* the slides' eight names for them ("Nesterov", "AMSGrad", ...) in one table,
  :func:`~lectures_lib.optim.lookup.by_name` in ``optim/lookup.py`` (chapter 4).

As in ``torch.optim``, ``lr``, ``betas`` and the other numbers may be 1-element tensors (the
arithmetic on them then rounds as torch's does, so float32 tensors give torch's results
exactly), and bad values raise torch's exception types, with messages that name the argument
(``ValueError: lr must be >= 0, got -0.1``). torch's implementation switches ``foreach``,
``fused``, ``differentiable`` and ``capturable`` are accepted when off and refused with a
``ValueError`` naming them when on: there is one readable per-tensor path.

The pieces they share live in two private modules: the ``step`` loop and the hyperparameter
checks in ``optim/_base.py``, the pieces of the update rules (moving averages, bias correction)
in ``optim/_updates.py``. The slides' other ways of writing momentum and Nesterov momentum, as
plain functions on NumPy arrays, are in :mod:`lectures_lib.optim.momentum_forms` (chapter 3),
and the slides' Adam pseudocode in :mod:`lectures_lib.optim.adam_forms` (chapter 4).

The package also holds the lectures' other optimization methods, written as functions on
NumPy arrays or torch tensors rather than as ``torch.optim`` classes:

* random search and gradient descent, :mod:`lectures_lib.optim.descent` (chapter 2);
* backtracking line search, :mod:`lectures_lib.optim.line_search`, Newton's method,
  :mod:`lectures_lib.optim.newton`, BFGS, :mod:`lectures_lib.optim.quasi_newton`, L-BFGS,
  :mod:`lectures_lib.optim.limited_memory`, and diagonal scaling,
  :mod:`lectures_lib.optim.diagonal_scaling` (chapter 5); what the three Newton-like methods
  share is in ``optim/_second_order.py``;
* ``torch.optim``'s own optimizers run on a function of one tensor, the references that
  chapter 5 and the tests compare with, :mod:`lectures_lib.optim.torch_runs`.

Their public names are importable from the package too (``from lectures_lib.optim import
newton``); ``__all__`` lists the ``torch.optim`` replacements, which the API reference
documents here, while the functions are documented in their modules.

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
from lectures_lib.optim.lookup import OPTIMIZER_NAMES, by_name
from lectures_lib.optim.descent import SearchResult, gradient_descent, random_search
from lectures_lib.optim.line_search import (LineSearchResult, OptimizeResult,
                                            backtracking_line_search)
from lectures_lib.optim.momentum_forms import (heavy_ball_errors, nesterov_change_of_variables,
                                               nesterov_lookahead, sgd_momentum,
                                               sgd_momentum_velocity)
from lectures_lib.optim.adam_forms import adam_lecture
from lectures_lib.optim.newton import newton, newton_direction
from lectures_lib.optim.quasi_newton import bfgs
from lectures_lib.optim.limited_memory import lbfgs, two_loop_recursion
from lectures_lib.optim.diagonal_scaling import diagonal_scaled_descent
from lectures_lib.optim.torch_runs import torch_lbfgs, torch_path

__all__ = ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]
