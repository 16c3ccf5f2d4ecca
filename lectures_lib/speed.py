"""How long a training step takes on the CPU and on a GPU: the timings of the GPU cells.

A GPU computes thousands of multiply-adds at once, but every step also pays fixed costs
(launching each kernel, moving data). For the small problems of the chapters (the digits, a
few thousand examples) those fixed costs dominate and a GPU is hardly faster. It pays off when
one step holds enough arithmetic: wide layers and large minibatches. Every chapter's GPU cell
therefore trains its small network on whichever device is present, then times one step of a
network big enough to show the difference, on the CPU and, when present, on CUDA:

>>> times = compare_devices(lambda device: mlp_step(device, batch_size=8, hidden_sizes=(16,)))
>>> list(times)[0]
'cpu'
>>> print(speedup_report(times).splitlines()[0])  # doctest: +ELLIPSIS
cpu: ... ms per step

The figures are wall-clock times, so they differ from machine to machine and run to run; the
book prints the ones of the machine that built it (no GPU there).
"""

import statistics
import time

import torch
import torch.nn.functional as F

from lectures_lib._checks import check_positive_int
from lectures_lib.mlp import MLP
from lectures_lib.runtime import describe_device

#: Printed under CPU-only timings.
NO_GPU = ("(no CUDA device here, so nothing to compare with; in Colab pick a GPU\n"
          " under Runtime → Change runtime type, then Runtime → Run all)")

#: How many timed calls :func:`compare_devices` makes per device type, after one warm-up call:
#: the CPU is slow at the sizes that suit a GPU (a tenth of a second or more per call), so one
#: timed call is enough, and the chapters stay quick to execute.
REPEATS = {"cpu": 1, "cuda": 20}


def synchronize(device):
    """Wait until the work queued on ``device`` has finished (CUDA runs asynchronously).

    Without this a timer stops when the GPU has been *told* what to do, not when it is done.
    """
    device = torch.device(device)
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def seconds_per_call(fn, device, repeats=3, warmup=1):
    """The median wall-clock time of ``fn()`` in seconds, with the work on ``device`` finished.

    Parameters
    ----------
    fn : callable
        Called with no arguments, e.g. a step made by :func:`training_step`.
    device : torch.device or str
        Where ``fn`` computes: its queue is emptied before the clock stops.
    repeats : int, default 3
        Timed calls; the median is returned.
    warmup : int, default 1
        Untimed calls first: the first call on a GPU also loads kernels and allocates memory.

    Examples
    --------
    >>> seconds_per_call(lambda: sum(range(1000)), "cpu") > 0
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {fn!r}")
    repeats = check_positive_int(repeats, "repeats")
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ValueError(f"warmup must be a non-negative integer, got {warmup!r}")
    for _ in range(warmup):
        fn()
    synchronize(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        synchronize(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def training_step(model, optimizer, X, y, loss_fn=F.cross_entropy):
    """One optimizer step on the batch ``(X, y)``, as a function of no arguments.

    Each call clears the gradients, computes ``loss_fn(model(X), y)``, backpropagates and
    updates the parameters, as one iteration of :func:`lectures_lib.training.fit` does.
    """
    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def random_batch(device, batch_size, in_features=784, num_classes=10, seed=0):
    """A float32 batch of standard-normal inputs ``X`` and uniform random labels ``y``, on
    ``device``: data of a given size for timing, whose values do not matter."""
    batch_size = check_positive_int(batch_size, "batch_size")
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(batch_size, in_features, generator=generator, dtype=torch.float32)
    y = torch.randint(num_classes, (batch_size,), generator=generator)
    return X.to(device), y.to(device)


def float32_mlp(device, in_features=784, hidden_sizes=(1024, 1024), num_classes=10,
                dropout=0.0, seed=0):
    """An :class:`~lectures_lib.mlp.MLP` in float32 on ``device``, whatever torch's default
    dtype: the precision networks train in. The default is MNIST-sized: 784 inputs, two
    hidden layers of 1024 ReLUs, 10 classes, about 1.9 million weights."""
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
    generator = torch.Generator().manual_seed(seed + 1)
    W = 0.01 * torch.randn(num_features, num_classes, generator=generator, dtype=torch.float32)
    W = W.to(device).requires_grad_(True)

    def loss_and_gradient():
        W.grad = None
        loss = F.cross_entropy(X @ W, y)
        loss.backward()
        return loss

    loss_and_gradient.X, loss_and_gradient.y, loss_and_gradient.W = X, y, W
    return loss_and_gradient


def available_devices():
    """The CPU, then the current CUDA device when there is one."""
    devices = [torch.device("cpu")]
    if torch.cuda.is_available():
        devices.append(torch.device("cuda", torch.cuda.current_device()))
    return devices


def compare_devices(make_step, repeats=None):
    """Time ``make_step(device)()`` on every available device.

    Parameters
    ----------
    make_step : callable
        ``make_step(device)`` builds the work on ``device`` (model, data, optimizer) and
        returns a function of no arguments that does one step of it.
    repeats : dict, optional
        Device type -> timed calls; :data:`REPEATS` by default.

    Returns
    -------
    dict
        The device in words (``"cpu"``, or e.g. ``"cuda:0 (Tesla T4)"``) -> seconds per step
        (the median), the CPU first.
    """
    repeats = {**REPEATS, **(repeats or {})}
    times = {}
    for device in available_devices():
        step = make_step(device)
        name = "cpu" if device.type == "cpu" else describe_device(device)
        times[name] = seconds_per_call(step, device, repeats=repeats[device.type])
        del step
        if device.type == "cuda":
            torch.cuda.empty_cache()
    return times


def speedup_report(times, what="step"):
    """The timings of :func:`compare_devices` in words, with each GPU's speed-up over the CPU.

    Examples
    --------
    >>> print(speedup_report({"cpu": 0.25, "cuda:0 (Tesla T4)": 0.005}))
    cpu: 250.0 ms per step
    cuda:0 (Tesla T4): 5.0 ms per step, 50x the speed of the CPU
    """
    if not times:
        raise ValueError("times is empty: nothing was timed")
    cpu = times.get("cpu")
    lines = []
    for name, seconds in times.items():
        line = f"{name}: {1e3 * seconds:.1f} ms per {what}"
        if name != "cpu" and cpu is not None:
            line += f", {cpu / seconds:.0f}x the speed of the CPU"
        lines.append(line)
    if list(times) == ["cpu"]:
        lines.append(NO_GPU)
    return "\n".join(lines)


def timing_table(rows, label, unit="ms per step", scale=1e3):
    """Several timings of :func:`compare_devices` as a table, one row each.

    Parameters
    ----------
    rows : dict
        Row label (e.g. a batch size) -> the dict returned by :func:`compare_devices`.
    label : str
        The heading of the first column.
    unit : str, default "ms per step"
        What the numbers are, printed above the table.
    scale : float, default 1000
        Seconds are multiplied by it (1000 for milliseconds).

    Examples
    --------
    >>> print(timing_table({32: {"cpu": 0.004, "cuda:0 (T4)": 0.001},
    ...                     2048: {"cpu": 0.2, "cuda:0 (T4)": 0.002}}, "batch"))
    ms per step
    batch              cpu   cuda:0 (T4)  speed-up
    32                 4.0           1.0        4x
    2048             200.0           2.0      100x
    """
    if not rows:
        raise ValueError("rows is empty: nothing was timed")
    names = list(next(iter(rows.values())))
    width = max(10, *(len(name) + 2 for name in names))
    first = max(10, *(len(str(row)) + 2 for row in rows))
    lines = [unit, f"{label:<{first}}" + "".join(f"{name:>{width}}" for name in names)]
    if len(names) > 1:
        lines[1] += "  speed-up"
    for row, times in rows.items():
        line = f"{str(row):<{first}}" + "".join(f"{scale * times[name]:>{width}.1f}" for name in names)
        if len(names) > 1:
            line += f"{times['cpu'] / times[names[-1]]:>9.0f}x"
        lines.append(line)
    if names == ["cpu"]:
        lines.append(NO_GPU)
    return "\n".join(lines)
