"""Timings in words and in tables, with each GPU's speed-up over the CPU.

:func:`speedup_report` prints the timings of one
:func:`~lectures_lib.speed.timing.compare_devices`, :func:`timing_table` several of them
(one row per batch size, optimizer, ...); both say so when there was no GPU to compare with.
"""

import math
from collections.abc import Mapping

from lectures_lib._checks import check_positive

#: Printed under CPU-only timings.
NO_GPU = ("(no CUDA device here, so nothing to compare with; in Colab pick a GPU\n"
          " under Runtime → Change runtime type, then Runtime → Run all)")


def speedup_report(times, what="step"):
    """The timings of one device comparison in words, with each GPU's speed-up over the CPU.

    Parameters
    ----------
    times : dict
        Device name -> seconds, each a finite number > 0, as
        :func:`~lectures_lib.speed.timing.compare_devices` returns them.
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
    """Several device comparisons as a table, one row each.

    Parameters
    ----------
    rows : dict
        Row label (e.g. a batch size) -> the dict returned by
        :func:`~lectures_lib.speed.timing.compare_devices`.
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
