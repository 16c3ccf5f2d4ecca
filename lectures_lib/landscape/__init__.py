"""Loss landscapes: the functions the optimizers are run on, and what theory says about them.

* 2-D test problems with their gradients, :mod:`~lectures_lib.landscape.landscapes`, an
  optimizer's path on them, :mod:`~lectures_lib.landscape.runs` (chapters 3 and 4), and
  optimizers fed a given sequence of gradients, :mod:`~lectures_lib.landscape.online`
  (chapter 4);
* convergence rates of gradient descent and momentum on a quadratic,
  :mod:`~lectures_lib.landscape.theory`, and exponentially weighted moving averages,
  :mod:`~lectures_lib.landscape.moving_average` (chapter 3);
* objectives in torch of any dimension, :mod:`~lectures_lib.landscape.objectives`, and their
  curvature: gradients, the Hessian, Hessian-vector products and the quadratic model,
  :mod:`~lectures_lib.landscape.curvature`, and what the Hessian costs,
  :mod:`~lectures_lib.landscape.curvature_cost` (chapter 5);
* a network's loss as a function of its weights, in one vector or along a line,
  :mod:`~lectures_lib.landscape.network_loss` (chapters 5 and 6), and whether it is convex,
  :mod:`~lectures_lib.landscape.convexity` (chapter 6).

Nothing here draws or optimizes: the package imports neither matplotlib nor ipywidgets nor
:mod:`lectures_lib.optim` (whose second-order methods use the curvature here). Every public
name is importable from the package itself, except that ``quadratic`` and ``rosenbrock`` here
are the 2-D test problems, :func:`~lectures_lib.landscape.landscapes.quadratic` and
:func:`~lectures_lib.landscape.landscapes.rosenbrock`; the torch objectives of the same names,
:func:`~lectures_lib.landscape.objectives.quadratic` and
:func:`~lectures_lib.landscape.objectives.rosenbrock`, are imported from their module.

Examples
--------
>>> from lectures_lib.landscape import quadratic, run
>>> from lectures_lib.optim import SGD
>>> run(quadratic(kappa=4.0), SGD, num_steps=3, start=(2.0, 1.0), lr=0.1).path.shape
(4, 2)
"""

from lectures_lib.landscape.objectives import logistic_loss, minibatch_loss
from lectures_lib.landscape.landscapes import (Landscape, local_minimum, quadratic, rosenbrock,
                                               saddle, with_gradient_noise)
from lectures_lib.landscape.runs import Run, run
from lectures_lib.landscape.online import online_counterexample, run_online
from lectures_lib.landscape.theory import (condition_number, gd_optimal_lr, gd_rate,
                                           measured_rate, momentum_optimal, momentum_rate)
from lectures_lib.landscape.moving_average import ewma
from lectures_lib.landscape.curvature import (as_point, hessian, hvp, quadratic_model,
                                              value_and_grad)
from lectures_lib.landscape.curvature_cost import hessian_cost
from lectures_lib.landscape.network_loss import flat_loss, loss_along_line, random_direction
from lectures_lib.landscape.convexity import ChordCheck, chord_gap, worst_chord

__all__ = ["logistic_loss", "minibatch_loss",
           "Landscape", "quadratic", "saddle", "local_minimum", "rosenbrock",
           "with_gradient_noise", "Run", "run", "run_online", "online_counterexample",
           "condition_number", "gd_rate", "gd_optimal_lr", "momentum_rate", "momentum_optimal",
           "measured_rate", "ewma",
           "as_point", "value_and_grad", "hessian", "hvp", "quadratic_model", "flat_loss",
           "hessian_cost",
           "chord_gap", "ChordCheck", "worst_chord", "random_direction", "loss_along_line"]
