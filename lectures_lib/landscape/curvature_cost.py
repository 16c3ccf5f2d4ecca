r"""What curvature costs: forming and inverting the Hessian against one Hessian-vector product.

For :math:`N` weights the Hessian (:func:`~lectures_lib.landscape.curvature.hessian`) takes
:math:`N` backward passes and :math:`N^2` numbers, and inverting it :math:`O(N^3)` time; a
Hessian-vector product (:func:`~lectures_lib.landscape.curvature.hvp`) takes two backward
passes and :math:`O(N)` numbers. :func:`hessian_cost` measures both as :math:`N` grows
(chapter 5), with the library's timer :func:`lectures_lib.runtime.time_calls`.
"""

import torch

from lectures_lib._checks import check_callable, check_positive_int
from lectures_lib.landscape.curvature import hessian, hvp
from lectures_lib.runtime import time_calls


def hessian_cost(f_of_size, sizes, repeats=3):
    """Measure what the Hessian costs as N grows, against one Hessian-vector product.

    For each N, builds ``f = f_of_size(N)`` at a random point and measures (best of
    ``repeats`` wall-clock runs): forming the Hessian with
    :func:`~lectures_lib.landscape.curvature.hessian`, inverting it (``torch.linalg.inv``, the
    :math:`O(N^3)` step) and one :func:`~lectures_lib.landscape.curvature.hvp`; and the memory
    of the results (the Hessian's N² numbers against the product's N).

    Parameters
    ----------
    f_of_size : callable
        ``f_of_size(N)`` returns a scalar torch function of N weights.
    sizes : sequence of int
        The values of N.
    repeats : int, default 3

    Returns
    -------
    dict of str to list
        ``"N"``, ``"form_s"``, ``"invert_s"``, ``"hvp_s"`` (seconds) and ``"hessian_bytes"``,
        ``"hvp_bytes"``, one entry per size. Times vary from machine to machine and run to run;
        the byte counts do not.

    Raises
    ------
    TypeError, ValueError
        For ``f_of_size`` not callable or not returning a function, ``sizes`` not a sequence
        of ints >= 1, or ``repeats`` not an int >= 1.

    Examples
    --------
    >>> cost = hessian_cost(lambda n: (lambda w: (w ** 4).sum()), [10, 20], repeats=1)
    >>> cost["hessian_bytes"], cost["hvp_bytes"]
    ([800, 3200], [80, 160])
    """
    check_callable(f_of_size, "f_of_size")
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a sequence of int, got {type(sizes).__name__}")
    sizes = [check_positive_int(n, "each size") for n in sizes]
    repeats = check_positive_int(repeats, "repeats")
    generator = torch.Generator().manual_seed(0)
    cost = {key: [] for key in ("N", "form_s", "invert_s", "hvp_s", "hessian_bytes", "hvp_bytes")}
    for n in sizes:
        f = f_of_size(n)
        if not callable(f):
            raise TypeError(f"f_of_size({n}) must return a function of N weights, got "
                            f"{type(f).__name__}")
        x = torch.randn(n, generator=generator, dtype=torch.float64)
        v = torch.randn(n, generator=generator, dtype=torch.float64)
        form_s, H = _best_time(lambda: hessian(f, x), repeats)
        invert_s, _ = _best_time(lambda: torch.linalg.inv(H), repeats)
        hvp_s, Hv = _best_time(lambda: hvp(f, x, v), repeats)
        for key, value in zip(cost, (n, form_s, invert_s, hvp_s, H.nbytes, Hv.nbytes)):
            cost[key].append(value)
    return cost


def _best_time(fn, repeats):
    """The shortest wall-clock time of ``repeats`` calls of ``fn``, and its last result."""
    seconds, result = time_calls(fn, repeats)
    return min(seconds), result
