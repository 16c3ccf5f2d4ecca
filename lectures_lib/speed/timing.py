"""Timing a unit of work on the CPU and, when present, on CUDA (the GPU cells).

:func:`compare_devices` builds the work on every available device and times it with
:func:`seconds_per_call`: the median of a few calls timed by
:func:`lectures_lib.runtime.time_calls`, after a warm-up call, with the device's queue
emptied before the clock stops.
"""

import statistics
from collections.abc import Mapping

import torch

from lectures_lib._checks import check_callable, check_positive_int
from lectures_lib.runtime import describe_device, time_calls

#: How many timed calls :func:`compare_devices` makes per device type, after one warm-up call:
#: the CPU is slow at the sizes that suit a GPU (a tenth of a second or more per call), so one
#: timed call is enough, and the chapters stay quick to execute.
REPEATS = {"cpu": 1, "cuda": 20}


def seconds_per_call(fn, device, repeats=3, warmup=1):
    """The median wall-clock time of ``fn()`` in seconds, with the work on ``device`` finished.

    The median of :func:`lectures_lib.runtime.time_calls`: one slow call (the machine busy
    with something else) does not move it.

    Parameters
    ----------
    fn : callable
        Called with no arguments, e.g. a step made by
        :func:`~lectures_lib.speed.workloads.training_step`.
    device : torch.device or str
        Where ``fn`` computes: its queue is emptied before the clock stops.
    repeats : int, default 3
        Timed calls; the median is returned.
    warmup : int, default 1
        Untimed calls first: the first call on a GPU also loads kernels and allocates memory.

    Raises
    ------
    TypeError, ValueError
        As :func:`lectures_lib.runtime.time_calls`, for a bad argument.

    Examples
    --------
    >>> seconds_per_call(lambda: sum(range(1000)), "cpu") > 0
    True
    """
    seconds, _ = time_calls(fn, repeats=repeats, warmup=warmup, device=device)
    return statistics.median(seconds)


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
