"""How long a training step takes on the CPU and on a GPU: the timings of the GPU cells.

A GPU computes thousands of multiply-adds at once, but every step also pays fixed costs
(launching each kernel, moving data). For the small problems of the chapters (the digits, a
few thousand examples) those fixed costs dominate and a GPU is hardly faster. It pays off when
one step holds enough arithmetic: wide layers and large minibatches. Every chapter's GPU cell
therefore trains its small network on whichever device is present, then times one step of a
network big enough to show the difference, on the CPU and, when present, on CUDA:

* the work to time, :mod:`~lectures_lib.speed.workloads`: a training step of a float32 MLP
  on a random batch, predictions, a softmax gradient;
* timing it on every device present, :mod:`~lectures_lib.speed.timing`, with the library's
  timer :func:`lectures_lib.runtime.time_calls`;
* the timings in words and tables, with each GPU's speed-up, :mod:`~lectures_lib.speed.reports`.

>>> times = compare_devices(lambda device: mlp_step(device, batch_size=8, hidden_sizes=(16,)))
>>> list(times)[0]
'cpu'
>>> print(speedup_report(times).splitlines()[0])  # doctest: +ELLIPSIS
cpu: ... ms per step

The figures are wall-clock times, so they differ from machine to machine and run to run; the
book prints the ones of the machine that built it (no GPU there).
"""

from lectures_lib.runtime import synchronize
from lectures_lib.speed.workloads import (float32_mlp, mlp_predict, mlp_step, random_batch,
                                          softmax_gradient, training_step)
from lectures_lib.speed.timing import REPEATS, available_devices, compare_devices, seconds_per_call
from lectures_lib.speed.reports import NO_GPU, speedup_report, timing_table

__all__ = ["training_step", "random_batch", "float32_mlp", "mlp_step", "mlp_predict",
           "softmax_gradient",
           "REPEATS", "synchronize", "seconds_per_call", "available_devices", "compare_devices",
           "NO_GPU", "speedup_report", "timing_table"]
