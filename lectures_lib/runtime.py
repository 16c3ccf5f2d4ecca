"""One seed for every random generator, one rule for picking the device.

Every chapter starts with :func:`seed_everything` so that two builds print the same numbers,
and every "GPU cell" asks :func:`get_device` where to run, so it uses CUDA when present (Colab
with a GPU runtime) and the CPU otherwise.
"""

import random

import numpy as np
import torch

from lectures_lib._checks import check_seed


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
