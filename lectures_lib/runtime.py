"""One seed for every random generator, one rule for picking the device.

Every chapter starts with :func:`seed_everything` so that two builds print the same numbers,
and every "GPU cell" asks :func:`get_device` where to run, so it uses CUDA when present (Colab
with a GPU runtime) and the CPU otherwise.
"""

import random

import numpy as np
import torch


def seed_everything(seed=0):
    """Seed Python's, NumPy's and PyTorch's random number generators.

    Parameters
    ----------
    seed : int, default 0
        A non-negative integer below 2**32.

    Returns
    -------
    numpy.random.Generator
        A fresh generator seeded with ``seed``, for code that prefers explicit generators.

    Examples
    --------
    >>> rng = seed_everything(0)
    >>> a = np.random.rand()
    >>> _ = seed_everything(0)
    >>> a == np.random.rand()
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds the CUDA generators too
    return np.random.default_rng(seed)


def get_device(device=None):
    """Return the device to compute on: CUDA when available, else the CPU.

    Parameters
    ----------
    device : str or torch.device, optional
        Ask for a device explicitly (``"cpu"``, ``"cuda"``, ``"cuda:1"``). Asking for CUDA on a
        machine without it raises instead of silently running on the CPU.

    Returns
    -------
    torch.device

    Examples
    --------
    >>> get_device("cpu")
    device(type='cpu')
    """
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError) as err:
        raise ValueError(f"device must name a torch device such as 'cpu' or 'cuda', got {device!r}") from err
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {str(device)!r} was asked for, but CUDA is not available here")
    return device


def describe_device(device):
    """Say in words which device ``device`` is, e.g. ``'cuda:0 (Tesla T4)'`` or ``'cpu'``.

    Examples
    --------
    >>> describe_device(torch.device("cpu"))
    'cpu (no CUDA device in use)'
    """
    device = torch.device(device)
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"cuda:{index} ({torch.cuda.get_device_name(index)})"
    return f"{device.type} (no CUDA device in use)"

