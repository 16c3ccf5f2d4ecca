"""Executing a chapter headless and reading what went wrong from its outputs.

:func:`execute` runs a notebook in a fresh kernel, as the book build does, and returns one
line per problem cell (:func:`output_problems`: an error, text on stderr, a failed
exercise check); :func:`device_outputs` collects what its GPU and timing cells printed. Used
by the tests, by :mod:`lectures_lib.book.execution_cache` and by ``python -m lectures_lib``.
"""

import os
import re
from pathlib import Path

#: The environment variables that set how many threads BLAS and torch start in a kernel.
THREAD_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def execute(path, timeout=120, threads=None):
    """Run a notebook top to bottom in a fresh ``python3`` kernel, in its own folder.

    ``threads`` caps the kernel's BLAS and torch threads (``OMP_NUM_THREADS`` and its kin, where
    the caller's environment does not set them). Chapters executed side by side need it: two
    kernels each spinning two threads on two cores ran a pair of chapters 10 times slower.

    Parameters
    ----------
    path : str or pathlib.Path
        The notebook.
    timeout : int or None, default 120
        Seconds a cell may run (>= 1); None for no limit. A cell that runs longer is stopped
        and reported as a problem, as is a kernel that dies.
    threads : int, optional
        At most this many BLAS/torch threads in the kernel (>= 1).

    Returns
    -------
    nb : nbformat.NotebookNode
        The executed notebook (outputs filled in).
    problems : list of str
        One line per cell that raised, ran out of time or wrote to stderr (warnings land
        there), naming the notebook and the cell; empty when the chapter ran cleanly.

    Raises
    ------
    TypeError
        If ``path`` is not a path, or ``timeout`` or ``threads`` not an integer (or None).
    ValueError
        If ``timeout`` or ``threads`` is below 1 (nbclient reads a timeout of 0 or less as no
        limit at all: pass None for that).
    FileNotFoundError
        If there is no notebook at ``path``.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from lectures_lib._checks import check_int
    from lectures_lib.viz.figure_output import BOOK_ENV
    from lectures_lib.training import PROGRESS_ENV

    path = _notebook_path(path)
    if timeout is not None:
        timeout = check_int(timeout, "timeout", low=1)
    if threads is not None:
        threads = check_int(threads, "threads", low=1)
    nb = nbformat.read(path, as_version=4)
    # "immediate": the kernel is killed at the end instead of asked to shut down and waited for
    # (about 2.5 s per chapter); it holds nothing that needs saving.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(path.parent)}})
    problems = []
    # Progress bars are for a person watching; the kernel gets LECTURES_LIB_PROGRESS=0 unless
    # the caller chose otherwise (lectures_lib.book.build does the same for the book build).
    # Figures carry what the book lays them out with (lectures_lib.viz.figure_output).
    env = {**os.environ, PROGRESS_ENV: os.environ.get(PROGRESS_ENV, "0"),
           BOOK_ENV: os.environ.get(BOOK_ENV, "1")}
    if threads is not None:
        for name in THREAD_ENVS:
            env.setdefault(name, str(threads))
    try:
        client.execute(env=env)
    except CellExecutionError as err:
        problems.append(f"{path.name}: a cell raised: {_plain(str(err)).strip().splitlines()[-1]}")
    except CellTimeoutError:
        problems.append(f"{path.name}: {_running_cell(nb)} ran longer than the timeout of "
                        f"{timeout} s and was stopped")
    except DeadKernelError as err:
        problems.append(f"{path.name}: the kernel died while running {_running_cell(nb)}: "
                        f"{_plain(str(err)).strip()[:300]}")
    return nb, problems + output_problems(nb, path.name)


def _notebook_path(path, name="path"):
    """``path`` as a Path to an existing file."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a notebook's path, got {type(path).__name__} {path!r}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{name}: no notebook at {str(path)!r}")
    return path


def _running_cell(nb):
    """The code cell execution stopped in: the first one without an output of its run, or
    the last that started (nbclient records each cell's start in its metadata)."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    started = [i for i, c in enumerate(code_cells, start=1)
               if c.get("metadata", {}).get("execution", {}).get("iopub.execute_input")
               or c.get("execution_count") is not None]
    number = started[-1] if started else 1
    if not code_cells:
        return "a cell"
    first = (code_cells[number - 1].source.splitlines() or [""])[0][:60]
    return f"code cell {number} (starts {first!r})"


def output_problems(nb, name):
    """One line per output of an executed notebook that shows an error, text on stderr, or an
    exercise's check that failed (a stored solution that :func:`lectures_lib.exercises.check`
    calls wrong prints a line starting with ``✗``)."""
    from lectures_lib.exercises import WRONG

    problems = []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        for out in cell.get("outputs", []):
            where = f"{name}, code cell {number} (starts {cell.source.splitlines()[0][:60]!r})"
            if out.get("output_type") == "error":
                problems.append(f"{where}: {out.get('ename')}: {_plain(out.get('evalue', ''))}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"{where}: wrote to stderr: {out.get('text', '').strip()[:300]}")
            elif out.get("output_type") == "stream" and any(
                    line.startswith(WRONG) for line in out.get("text", "").splitlines()):
                problems.append(f"{where}: an exercise's check failed: "
                                f"{out.get('text', '').strip()[:300]}")
    return problems


def device_outputs(nb):
    """What a chapter's GPU and timing cells printed, one string per cell, in order.

    A GPU cell runs on ``get_device()``; a timing cell is tagged ``timing``. Used by
    ``python -m lectures_lib --gpu`` to show, on a machine with CUDA, where each chapter ran
    and how much faster the GPU was.
    """
    texts = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", []) if cell.cell_type == "code" else []
        if cell.cell_type == "code" and ("get_device()" in cell.source or "timing" in tags):
            texts.append("".join(out.get("text", "") for out in cell.get("outputs", [])
                                 if out.get("output_type") == "stream"
                                 and out.get("name") == "stdout").rstrip("\n"))
    return texts


def _plain(text):
    """Remove the terminal colour codes that IPython puts into tracebacks."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
