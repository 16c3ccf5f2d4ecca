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

import math
import statistics
import time
from collections.abc import Mapping

import torch
import torch.nn.functional as F

from lectures_lib._checks import (as_float_tensor, check_callable, check_positive,
                                  check_positive_int, check_seed)
from lectures_lib.nn.mlp import MLP
from lectures_lib.runtime import _as_device, describe_device, get_device

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

    Raises
    ------
    TypeError, ValueError
        If ``device`` names no device (see :func:`lectures_lib.runtime.get_device`), or CUDA is
        asked for on a machine without it.
    """
    device = _as_device(device)
    if device.type == "cuda":
        try:
            torch.cuda.synchronize(device)
        except (RuntimeError, AssertionError) as err:
            raise ValueError(f"device {str(device)!r} cannot be waited for: {err}") from err


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

    Raises
    ------
    TypeError
        If ``fn`` is not callable, or ``repeats`` or ``warmup`` not an integer.
    ValueError
        If ``repeats`` < 1, ``warmup`` < 0, or ``device`` names no device.

    Examples
    --------
    >>> seconds_per_call(lambda: sum(range(1000)), "cpu") > 0
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {fn!r}")
    repeats = check_positive_int(repeats, "repeats")
    if isinstance(warmup, bool) or not isinstance(warmup, int):
        raise TypeError(f"warmup must be a non-negative integer, got {type(warmup).__name__} "
                        f"{warmup!r}")
    if warmup < 0:
        raise ValueError(f"warmup must be a non-negative integer, got {warmup!r}")
    device = _as_device(device)
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

    Raises
    ------
    TypeError
        If ``make_step`` (or what it returns) is not callable, or ``repeats`` is not a dict of
        integers.
    ValueError
        If ``repeats`` names another device type than "cpu" and "cuda", or a count < 1.
    """
    check_callable(make_step, "make_step")
    if repeats is not None and not isinstance(repeats, Mapping):
        raise TypeError(f"repeats must be a dict such as {{'cpu': 1, 'cuda': 20}}, got "
                        f"{type(repeats).__name__}")
    for kind, count in (repeats or {}).items():
        if kind not in REPEATS:
            raise ValueError(f"repeats has the key {kind!r}; the device types are "
                             f"{', '.join(map(repr, REPEATS))}")
        check_positive_int(count, f"repeats[{kind!r}]")
    repeats = {**REPEATS, **(repeats or {})}
    times = {}
    for device in available_devices():
        step = make_step(device)
        if not callable(step):
            raise TypeError(f"make_step(device) must return a function of no arguments, got "
                            f"{type(step).__name__}")
        name = "cpu" if device.type == "cpu" else describe_device(device)
        times[name] = seconds_per_call(step, device, repeats=repeats[device.type])
        del step
        if device.type == "cuda":
            torch.cuda.empty_cache()
    return times


def speedup_report(times, what="step"):
    """The timings of :func:`compare_devices` in words, with each GPU's speed-up over the CPU.

    Parameters
    ----------
    times : dict
        Device name -> seconds, each a finite number > 0.
    what : str, default "step"
        What was timed.

    Raises
    ------
    TypeError
        If ``times`` is not a dict of numbers or ``what`` not a string.
    ValueError
        If ``times`` is empty or a time is zero, negative, NaN or inf (or so large that it
        overflows in milliseconds).

    Examples
    --------
    >>> print(speedup_report({"cpu": 0.25, "cuda:0 (Tesla T4)": 0.005}))
    cpu: 250.0 ms per step
    cuda:0 (Tesla T4): 5.0 ms per step, 50x the speed of the CPU
    """
    times = _check_times(times, "times")
    if not isinstance(what, str):
        raise TypeError(f"what must be a string, got {type(what).__name__}")
    cpu = times.get("cpu")
    lines = []
    for name, seconds in times.items():
        line = f"{name}: {_number(_scaled(seconds, 1e3, f'times[{name!r}]'), 1)} ms per {what}"
        if name != "cpu" and cpu is not None:
            line += f", {_speedup(_ratio(cpu, seconds, f'times[{name!r}]'))}x the speed of the CPU"
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

    Raises
    ------
    TypeError
        If ``rows`` is not a dict of dicts of numbers, ``label`` or ``unit`` not a string.
    ValueError
        If ``rows`` is empty, the rows time different devices, a time is not a finite number
        > 0, or ``scale`` is not > 0 (or a scaled time overflows).

    Examples
    --------
    >>> print(timing_table({32: {"cpu": 0.004, "cuda:0 (T4)": 0.001},
    ...                     2048: {"cpu": 0.2, "cuda:0 (T4)": 0.002}}, "batch"))
    ms per step
    batch              cpu   cuda:0 (T4)  speed-up
    32                 4.0           1.0        4x
    2048             200.0           2.0      100x
    """
    if not isinstance(rows, Mapping):
        raise TypeError(f"rows must be a dict (row label -> timings), got {type(rows).__name__}")
    if not rows:
        raise ValueError("rows is empty: nothing was timed")
    for name, value in (("label", label), ("unit", unit)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    scale = check_positive(scale, "scale")
    rows = {row: _check_times(times, f"rows[{row!r}]") for row, times in rows.items()}
    names = list(next(iter(rows.values())))
    for row, times in rows.items():
        if list(times) != names:
            raise ValueError(f"rows[{row!r}] times {list(times)} but the first row times "
                             f"{names}: every row must time the same devices")
    base = "cpu" if "cpu" in names else names[0]
    width = max(10, *(len(str(name)) + 2 for name in names))
    first = max(10, *(len(str(row)) + 2 for row in rows))
    lines = [unit, f"{label:<{first}}" + "".join(f"{str(name):>{width}}" for name in names)]
    if len(names) > 1:
        lines[1] += "  speed-up"
    for row, times in rows.items():
        line = f"{str(row):<{first}}" + "".join(
            f"{_number(_scaled(times[name], scale, f'rows[{row!r}][{name!r}]'), 1):>{width}}"
            for name in names)
        if len(names) > 1:
            ratio = _ratio(times[base], times[names[-1]], f"rows[{row!r}][{names[-1]!r}]")
            line += f"{_speedup(ratio):>9}x"
        lines.append(line)
    if names == ["cpu"]:
        lines.append(NO_GPU)
    return "\n".join(lines)


def _check_times(times, name):
    """``times`` (device name -> seconds) as a dict of floats, each finite and > 0."""
    if not isinstance(times, Mapping):
        raise TypeError(f"{name} must be a dict (device name -> seconds), got "
                        f"{type(times).__name__}")
    if not times:
        raise ValueError(f"{name} is empty: nothing was timed")
    return {device: check_positive(seconds, f"{name}[{device!r}]")
            for device, seconds in times.items()}


def _scaled(seconds, scale, name):
    """``scale * seconds``, or a ValueError if it overflows."""
    value = scale * seconds
    if not math.isfinite(value):
        raise ValueError(f"{name} = {seconds:g} s overflows float64 when scaled by {scale:g}")
    return value


def _ratio(cpu, seconds, name):
    """The speed-up ``cpu / seconds``, or a ValueError naming the time ``name`` if it overflows."""
    ratio = cpu / seconds
    if not math.isfinite(ratio):
        raise ValueError(f"{name} = {seconds:g} s gives a speed-up ({cpu:g} s / {seconds:g} s) "
                         f"that overflows float64")
    return ratio


def _number(value, decimals):
    """``value`` with ``decimals`` decimals, or in scientific notation when it is huge."""
    return f"{value:.{decimals}f}" if abs(value) < 1e9 else f"{value:.3g}"


def _speedup(ratio):
    """A speed-up as the report prints it: a whole number, or two digits when below 1."""
    return f"{ratio:.2g}" if ratio < 1 else _number(ratio, 0)
