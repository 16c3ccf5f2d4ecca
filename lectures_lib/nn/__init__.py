"""Networks, their losses and gradients, and the ways of regularizing them.

What a chapter trains and differentiates, one idea per module:

* the losses of a linear classifier, :mod:`~lectures_lib.nn.losses` (chapter 2);
* numeric gradients, :mod:`~lectures_lib.nn.gradients` (chapter 2), the gradient check,
  :mod:`~lectures_lib.nn.gradient_check` (chapters 2, 5 and 6), and backpropagation through
  one neuron, :mod:`~lectures_lib.nn.backprop` (chapter 2);
* the networks: the two-layer network in NumPy with its backward pass written out,
  :mod:`~lectures_lib.nn.two_layer_net`, the same in 20 lines, :mod:`~lectures_lib.nn.numpy_net`,
  a fully-connected ``torch.nn.Module``, :mod:`~lectures_lib.nn.mlp`, and a residual network
  with stochastic depth, :mod:`~lectures_lib.nn.residual` (chapters 1, 3, 4, 6 and 7;
  ``nn.models`` gathers the first and the third);
* the regularizers of chapter 1: weight penalties, :mod:`~lectures_lib.nn.regularization`,
  dropout, :mod:`~lectures_lib.nn.inverted_dropout`, early stopping,
  :mod:`~lectures_lib.nn.early_stopping`, and data augmentation, of any features,
  :mod:`~lectures_lib.nn.augmentation`, and of images, :mod:`~lectures_lib.nn.image_augmentation`.

Nothing here draws: the package imports neither matplotlib nor ipywidgets. Every public name
is importable from the package itself.

Examples
--------
>>> from lectures_lib.nn import MLP, TwoLayerNet, softmax_loss
>>> TwoLayerNet(2, 3, 2).params["W1"].shape, MLP(2, (3,), 2).hidden_sizes
((2, 3), (3,))
"""

from lectures_lib.nn.losses import softmax_loss, softmax_scores_loss, svm_loss
from lectures_lib.nn.gradients import finite_difference_error, numeric_gradient, numeric_partial
from lectures_lib.nn.gradient_check import format_error, grad_check_sparse, relative_error
from lectures_lib.nn.backprop import NeuronGraph, neuron_log_loss, sigmoid
from lectures_lib.nn.regularization import l1_penalty, l2_penalty, weight_matrices, weight_penalty
from lectures_lib.nn.inverted_dropout import Dropout, check_dropout_p, dropout
from lectures_lib.nn.early_stopping import EarlyStopping
from lectures_lib.nn.augmentation import jitter_points, mixup
from lectures_lib.nn.image_augmentation import augment_digits, cutout_images, shift_images
from lectures_lib.nn.two_layer_net import TwoLayerNet
from lectures_lib.nn.numpy_net import net_in_20_lines
from lectures_lib.nn.mlp import MLP, as_input
from lectures_lib.nn.residual import ResidualBlock, ResidualMLP

__all__ = ["softmax_loss", "softmax_scores_loss", "svm_loss",
           "numeric_partial", "numeric_gradient", "relative_error", "format_error",
           "grad_check_sparse", "finite_difference_error",
           "sigmoid", "NeuronGraph", "neuron_log_loss",
           "l2_penalty", "l1_penalty", "weight_matrices", "weight_penalty", "check_dropout_p",
           "dropout", "Dropout", "EarlyStopping",
           "jitter_points", "shift_images", "augment_digits", "cutout_images", "mixup",
           "TwoLayerNet", "net_in_20_lines", "as_input", "MLP", "ResidualBlock", "ResidualMLP"]
