"""One seed for every random generator, one rule for picking the device, one clock.

Every chapter starts with :func:`seed_everything` so that two builds print the same numbers,
and every "GPU cell" asks :func:`get_device` where to run, so it uses CUDA when present (Colab
with a GPU runtime) and the CPU otherwise. :func:`time_calls` is the library's one timer: the
GPU cells' timings (:mod:`lectures_lib.speed`) and the cost of the Hessian
(:mod:`lectures_lib.landscape.curvature_cost`) both read it.
"""

import random
import time

import numpy as np
import torch

from lectures_lib._checks import check_positive_int, check_seed


def seed_everything(seed=0):
    """Seed Python's, NumPy's and PyTorch's random number generators.

    Parameters
    ----------
    seed : int, default 0
        A non-negative integer below 2**32 (NumPy's global generator takes no larger seed).

    Returns
    -------
    numpy.random.Generator
        A fresh generator seeded with ``seed``, for code that prefers explicit generators.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer (``1.0`` and ``True`` included).
    ValueError
        If ``seed`` is negative or not below 2**32.

    Examples
    --------
    >>> rng = seed_everything(0)
    >>> a = np.random.rand()
    >>> _ = seed_everything(0)
    >>> a == np.random.rand()
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__} {seed!r}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    seed = check_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds the CUDA generators too
    return np.random.default_rng(seed)


def _as_device(device, name="device"):
    """``device`` as a ``torch.device``, or a ValueError/TypeError that names it.

    Accepts a ``torch.device``, a string such as ``"cpu"`` or ``"cuda:1"``, or a CUDA index.
    """
    if isinstance(device, torch.device):
        return device
    if isinstance(device, bool) or not isinstance(device, (str, int, np.integer)):
        raise TypeError(f"{name} must be a string such as 'cpu' or 'cuda', a torch.device or a "
                        f"CUDA index, got {type(device).__name__} {device!r}")
    if not isinstance(device, str) and device < 0:
        raise ValueError(f"{name} must be a CUDA index >= 0, got {device}")
    try:
        return torch.device(device if isinstance(device, str) else f"cuda:{int(device)}")
    except (RuntimeError, TypeError, ValueError) as err:
        raise ValueError(f"{name} must name a torch device such as 'cpu' or 'cuda', "
                         f"got {device!r}") from err


def _check_available(device, name="device"):
    """Raise ValueError if ``device`` (a torch.device) cannot be used on this machine."""
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"{name} {str(device)!r} was asked for, but CUDA is not available "
                             f"here")
        count = torch.cuda.device_count()
        if device.index is not None and device.index >= count:
            raise ValueError(f"{name} {str(device)!r} was asked for, but this machine has "
                             f"{count} CUDA device(s): cuda:0 .. cuda:{count - 1}")
    elif device.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise ValueError(f"{name} {str(device)!r} was asked for, but MPS (Apple's GPU) is "
                             f"not available here")
    elif device.type != "cpu":
        backend = getattr(torch, device.type, None)  # torch.xpu and the like
        available = getattr(backend, "is_available", None)
        if not callable(available) or not available():
            raise ValueError(f"{name} {str(device)!r} was asked for, but it is not available "
                             f"here; use 'cpu' or 'cuda'")
    return device


def get_device(device=None):
    """Return the device to compute on: CUDA when available, else the CPU.

    Parameters
    ----------
    device : str, torch.device or int, optional
        Ask for a device explicitly (``"cpu"``, ``"cuda"``, ``"cuda:1"``, ``"mps"``; an int is a
        CUDA index). Asking for CUDA on a machine without it raises instead of silently running
        on the CPU.

    Returns
    -------
    torch.device

    Raises
    ------
    TypeError
        If ``device`` is not a string, a ``torch.device`` or an int.
    ValueError
        If ``device`` names no device, or one this machine does not have (CUDA without CUDA,
        ``"cuda:3"`` on a machine with one GPU).

    Examples
    --------
    >>> get_device("cpu")
    device(type='cpu')
    """
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return _check_available(_as_device(device))


def describe_device(device):
    """Say in words which device ``device`` is, e.g. ``'cuda:0 (Tesla T4)'`` or ``'cpu'``.

    Parameters
    ----------
    device : str, torch.device or int
        As for :func:`get_device`; it must exist on this machine.

    Raises
    ------
    TypeError, ValueError
        As :func:`get_device`.

    Examples
    --------
    >>> describe_device(torch.device("cpu"))
    'cpu (no CUDA device in use)'
    """
    device = _check_available(_as_device(device))
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"cuda:{index} ({torch.cuda.get_device_name(index)})"
    return f"{device.type} (no CUDA device in use)"


def synchronize(device):
    """Wait until the work queued on ``device`` has finished (CUDA runs asynchronously).

    Without this a timer stops when the GPU has been *told* what to do, not when it is done.

    Raises
    ------
    TypeError, ValueError
        If ``device`` names no device (see :func:`get_device`), or CUDA is asked for on a
        machine without it.
    """
    device = _as_device(device)
    if device.type == "cuda":
        try:
            torch.cuda.synchronize(device)
        except (RuntimeError, AssertionError) as err:
            raise ValueError(f"device {str(device)!r} cannot be waited for: {err}") from err


def time_calls(fn, repeats=3, warmup=0, device="cpu"):
    """The wall-clock seconds of ``repeats`` calls of ``fn()``, each with its work finished.

    The library's one timer: :func:`lectures_lib.speed.timing.seconds_per_call` takes the median of
    these times, :func:`lectures_lib.landscape.curvature_cost.hessian_cost` the shortest.

    Parameters
    ----------
    fn : callable
        Called with no arguments.
    repeats : int, default 3
        Timed calls.
    warmup : int, default 0
        Untimed calls first: the first call on a GPU also loads kernels and allocates memory.
    device : torch.device or str, default "cpu"
        Where ``fn`` computes: its queue is emptied (:func:`synchronize`) before the first
        timed call and before the clock stops after each.

    Returns
    -------
    seconds : list of float
        The time of each timed call, in order.
    result : object
        What the last call returned.

    Raises
    ------
    TypeError
        If ``fn`` is not callable, or ``repeats`` or ``warmup`` not an integer.
    ValueError
        If ``repeats`` < 1, ``warmup`` < 0, or ``device`` names no device.

    Examples
    --------
    >>> seconds, result = time_calls(lambda: sum(range(1000)), repeats=2)
    >>> len(seconds), result
    (2, 499500)
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
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        synchronize(device)
        seconds.append(time.perf_counter() - start)
    return seconds, result
