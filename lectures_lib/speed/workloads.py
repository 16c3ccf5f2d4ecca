"""The work the GPU cells time: steps big enough for a GPU to show its speed.

Each function builds its model and data on ``device`` once and returns a function of no
arguments that does one unit of work there, for
:func:`~lectures_lib.speed.timing.compare_devices`: a training step (:func:`training_step`,
:func:`mlp_step`), predictions (:func:`mlp_predict`) or a softmax gradient
(:func:`softmax_gradient`). The data are random (:func:`random_batch`) and the networks
float32 (:func:`float32_mlp`): only their size matters.
"""

import torch
import torch.nn.functional as F

from lectures_lib._checks import as_float_tensor, check_callable, check_positive_int, check_seed
from lectures_lib.nn.mlp import MLP
from lectures_lib.runtime import get_device


def training_step(model, optimizer, X, y, loss_fn=F.cross_entropy):
    """One optimizer step on the batch ``(X, y)``, as a function of no arguments.

    Each call clears the gradients, computes ``loss_fn(model(X), y)``, backpropagates and
    updates the parameters, as one iteration of :func:`lectures_lib.training.loop.fit` does. ``X``
    may be an array or a list; it is converted once, to the dtype and device of the model's
    first parameter.

    Raises
    ------
    TypeError
        If ``model`` or ``loss_fn`` is not callable, ``optimizer`` has no ``zero_grad`` and
        ``step``, or ``X`` is not numeric.
    """
    check_callable(model, "model")
    check_callable(loss_fn, "loss_fn")
    if not (callable(getattr(optimizer, "zero_grad", None))
            and callable(getattr(optimizer, "step", None))):
        raise TypeError(f"optimizer must have zero_grad() and step(), got "
                        f"{type(optimizer).__name__}")
    first = (next(model.parameters(), None) if isinstance(model, torch.nn.Module) else None)
    if first is not None and (not isinstance(X, torch.Tensor) or X.dtype != first.dtype):
        X = as_float_tensor(X, "X", dtype=first.dtype, finite=False).to(first.device)
    if not isinstance(y, torch.Tensor):
        y = torch.as_tensor(y, device=first.device if first is not None else None)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def random_batch(device, batch_size, in_features=784, num_classes=10, seed=0):
    """A float32 batch of standard-normal inputs ``X`` and uniform random labels ``y``, on
    ``device``: data of a given size for timing, whose values do not matter.

    Raises
    ------
    TypeError, ValueError
        If a size or ``seed`` is not a positive integer (``seed``: non-negative), or
        ``device`` is not available (see :func:`lectures_lib.runtime.get_device`).
    """
    device = get_device(device)
    batch_size = check_positive_int(batch_size, "batch_size")
    in_features = check_positive_int(in_features, "in_features")
    num_classes = check_positive_int(num_classes, "num_classes")
    generator = torch.Generator().manual_seed(check_seed(seed))
    X = torch.randn(batch_size, in_features, generator=generator, dtype=torch.float32)
    y = torch.randint(num_classes, (batch_size,), generator=generator)
    return X.to(device), y.to(device)


def float32_mlp(device, in_features=784, hidden_sizes=(1024, 1024), num_classes=10,
                dropout=0.0, seed=0):
    """An :class:`~lectures_lib.nn.mlp.MLP` in float32 on ``device``, whatever torch's default
    dtype: the precision networks train in. The default is MNIST-sized: 784 inputs, two
    hidden layers of 1024 ReLUs, 10 classes, about 1.9 million weights."""
    device = get_device(device)
    model = MLP(in_features, hidden_sizes, num_classes, dropout=dropout, seed=seed)
    return model.to(device=device, dtype=torch.float32)


def mlp_step(device, batch_size=1024, hidden_sizes=(1024, 1024), in_features=784,
             num_classes=10, dropout=0.0, optimizer=None, seed=0):
    """A training step of a :func:`float32_mlp` on a :func:`random_batch`, on ``device``.

    The default is MNIST-sized with minibatches of 1024: 11 GFLOP per step, forward and
    backward.

    Parameters
    ----------
    device : torch.device or str
    batch_size, hidden_sizes, in_features, num_classes, dropout
        The size of the network and of the batch.
    optimizer : callable, optional
        ``optimizer(parameters)`` makes the optimizer, e.g.
        ``lambda p: lectures_lib.optim.Adam(p, lr=1e-3)``; plain SGD with ``lr=0.01`` if None.
    seed : int, default 0
        Seeds the weights and the batch.

    Returns
    -------
    callable
        The step, see :func:`training_step`.
    """
    from lectures_lib.optim import SGD

    if optimizer is not None:
        check_callable(optimizer, "optimizer")
    X, y = random_batch(device, batch_size, in_features, num_classes, seed)
    model = float32_mlp(device, in_features, hidden_sizes, num_classes, dropout, seed)
    make_optimizer = optimizer if optimizer is not None else (lambda p: SGD(p, lr=0.01))
    return training_step(model, make_optimizer(model.parameters()), X, y)


def mlp_predict(device, num_examples=8192, hidden_sizes=(1024, 1024), in_features=784,
                num_classes=10, seed=0):
    """Scoring ``num_examples`` random examples with a :func:`float32_mlp`, without gradients.

    What evaluating a trained model on a test set costs: forward passes only. Returns a
    function of no arguments that computes the predicted classes.
    """
    num_examples = check_positive_int(num_examples, "num_examples")
    X, _ = random_batch(device, num_examples, in_features, num_classes, seed)
    model = float32_mlp(device, in_features, hidden_sizes, num_classes, seed=seed).eval()

    def predict():
        with torch.no_grad():
            return model(X).argmax(dim=1)

    return predict


def softmax_gradient(device, batch_size=2048, num_features=2048, num_classes=1000, seed=0):
    """The softmax loss of a linear classifier and its gradient, on a random batch, on ``device``.

    The default is a linear classifier over 2048 features with 1000 classes (ImageNet's
    number); returns a function of no arguments that computes the loss and leaves the
    gradient in ``W.grad``: two matrix products of about 8 GFLOP each. The function carries
    its tensors as the attributes ``X``, ``y`` and ``W``.
    """
    X, y = random_batch(device, batch_size, num_features, num_classes, seed)
    generator = torch.Generator().manual_seed(check_seed(seed) + 1)
    W = 0.01 * torch.randn(num_features, num_classes, generator=generator, dtype=torch.float32)
    W = W.to(device).requires_grad_(True)

    def loss_and_gradient():
        W.grad = None
        loss = F.cross_entropy(X @ W, y)
        loss.backward()
        return loss

    loss_and_gradient.X, loss_and_gradient.y, loss_and_gradient.W = X, y, W
    return loss_and_gradient
