"""Tools for the book's chapter notebooks: the Colab setup cell, stripping, executing.

Used by the tests, by ``make strip`` and by ``python -m lectures_lib``; the chapters themselves
never import this module. It needs the book's build dependencies (PyYAML, nbformat, nbclient),
which ``requirements.txt`` installs; the plain ``pip install lectures_lib`` of Colab does not.
"""

import os
import re
from pathlib import Path

#: The repository root: the folder holding ``_config.yml`` and ``_toc.yml``.
ROOT = Path(__file__).resolve().parents[2]

#: The environment variables that set how many threads BLAS and torch start in a kernel.
THREAD_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

#: The Colab setup cell, filled in from ``_config.yml`` (see :func:`colab_setup_source`).
SETUP_CELL_TEMPLATE = '''\
# Setup for Google Colab: install lectures_lib from the book's repository and
# enable Colab's widget manager. Anywhere else this cell does nothing.
import subprocess
import sys

REPOSITORY = "{url}"
BRANCH = "{branch}"
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    f"lectures_lib @ git+{{REPOSITORY}}@{{BRANCH}}"], check=True)
    from google.colab import output
    output.enable_custom_widget_manager()'''


def read_config(root=ROOT):
    """The book's ``_config.yml`` as a dict."""
    import yaml

    with open(Path(root) / "_config.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def repository(root=ROOT):
    """The repository URL (without a trailing ``.git`` or ``/``) and branch from ``_config.yml``."""
    repo = read_config(root)["repository"]
    url = str(repo["url"]).rstrip("/")
    url = url[:-4] if url.endswith(".git") else url
    return url, str(repo.get("branch", "main"))


def colab_setup_source(root=ROOT):
    """The exact source every chapter's first code cell must have."""
    url, branch = repository(root)
    return SETUP_CELL_TEMPLATE.format(url=url, branch=branch)


def chapters(root=ROOT):
    """The notebooks listed in ``_toc.yml``, in book order, as paths."""
    import yaml

    with open(Path(root) / "_toc.yml", encoding="utf-8") as fh:
        toc = yaml.safe_load(fh)

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                yield node["file"]
            for value in node.values():
                if isinstance(value, (list, dict)):
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    found = []
    for name in walk(toc):
        path = Path(root) / name
        if not path.suffix:  # _toc.yml may leave the extension off
            path = next((path.with_suffix(s) for s in (".ipynb", ".md") if path.with_suffix(s).exists()), path)
        if path.suffix == ".ipynb" and path not in found:
            found.append(path)
    return found


def strip(nb, setup_source=None):
    """Remove outputs, execution counts and saved widget state; set the ``python3`` kernel.

    If ``setup_source`` is given and the first code cell is a Colab setup cell (it starts with
    the template's first line), that cell is rewritten to ``setup_source``, so a change of
    repository in ``_config.yml`` reaches every chapter.

    Returns the number of cells that had outputs or execution counts.
    """
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    marker = SETUP_CELL_TEMPLATE.splitlines()[0]
    if setup_source is not None and code_cells and code_cells[0].source.startswith(marker):
        code_cells[0].source = setup_source
    changed = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.get("outputs") or cell.get("execution_count") is not None:
                changed += 1
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    return changed


def strip_files(paths):
    """Strip each notebook file in place and refresh its setup cell; return the paths changed."""
    import nbformat

    changed = []
    setup_source = colab_setup_source()
    for path in paths:
        original = Path(path).read_text(encoding="utf-8")
        nb = nbformat.reads(original, as_version=4)
        strip(nb, setup_source)
        text = nbformat.writes(nb) + "\n"
        if text != original:
            Path(path).write_text(text, encoding="utf-8")
            changed.append(Path(path))
    return changed


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


def library_hash(root=ROOT):
    """A digest of what a chapter's outputs depend on besides its code: the library's sources
    and the pinned requirements. Cached outputs made under another digest are stale."""
    import hashlib

    digest = hashlib.sha256()
    files = [Path(root) / "requirements.txt", *sorted((Path(root) / "lectures_lib").rglob("*.py"))]
    for path in files:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


#: Where ``make book`` keeps executed chapters: the jupyter-cache that the book build reads.
CACHE = ROOT / "_build" / ".jupyter_cache"


def cached(path, cache_path=CACHE):
    """The executed notebook stored in the build's cache for ``path``'s current code, or None.

    The cache (jupyter-cache, the one myst-nb reads with ``execute_notebooks: cache``) is keyed
    by the notebook's code cells and kernel, so an edited chapter has no entry until it runs.
    An entry counts only if :func:`execute_into_cache` made it under the current
    :func:`library_hash` (an edit to the library makes every entry stale).
    """
    import nbformat

    if not Path(cache_path).is_dir():
        return None
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    try:
        record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None
    if record.data.get("library_hash") != library_hash():
        return None
    return cache.get_cache_bundle(record.pk).nb


def _timed_execute(path, timeout, threads=None):
    import time

    start = time.perf_counter()
    nb, problems = execute(path, timeout=timeout, threads=threads)
    return nb, problems, time.perf_counter() - start


def execute_into_cache(paths, cache_path=CACHE, jobs=None, timeout=120, report=print):
    """Execute the chapters whose code is not in the build's cache, ``jobs`` at a time.

    The book build then finds every chapter in the cache and executes none itself, so both
    cores work while chapters execute, and ``make test`` executes each chapter once. A chapter
    that raised or wrote to stderr is reported cell by cell (see :func:`execute`) and is not
    cached, so the build would run it again and fail on it.

    Returns
    -------
    dict of str to float
        Seconds of execution per chapter executed (kernel start included); a chapter that was
        found in the cache is absent.
    problems : list of str

    Raises
    ------
    TypeError
        If ``paths`` is a single path or string rather than a list, ``jobs`` or ``timeout``
        is not an integer, or ``report`` is not callable.
    ValueError
        If ``jobs`` or ``timeout`` is below 1 (``timeout=None``: no limit).
    FileNotFoundError
        If a notebook does not exist.
    """
    import concurrent.futures

    from lectures_lib._checks import check_callable, check_int

    if isinstance(paths, (str, bytes, os.PathLike)) or not hasattr(paths, "__iter__"):
        raise TypeError(f"paths must be a list of notebook paths, got {type(paths).__name__} "
                        f"{paths!r}")
    paths = [_notebook_path(p, "paths") for p in paths]
    if jobs is not None:
        jobs = check_int(jobs, "jobs", low=1)
    if timeout is not None:
        timeout = check_int(timeout, "timeout", low=1)
    check_callable(report, "report")

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    todo = [Path(p) for p in paths if cached(p, cache_path) is None]
    for path in paths:
        if Path(path) not in todo:
            report(f"{Path(path).stem}: outputs in the cache (code unchanged)")
    seconds, problems = {}, []
    if not todo:
        return seconds, problems
    cache, digest = get_cache(str(cache_path)), library_hash()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if jobs == 1:
        runs = ((path, _timed_execute(path, timeout)) for path in todo)
    else:  # threads are enough: each chapter runs in a kernel process of its own
        pool = concurrent.futures.ThreadPoolExecutor(jobs)
        threads = max(1, (os.cpu_count() or 1) // jobs)  # the cores shared out among kernels
        futures = {pool.submit(_timed_execute, path, timeout, threads): path for path in todo}
        runs = ((futures[f], f.result()) for f in concurrent.futures.as_completed(futures))
    try:
        for path, (nb, found, took) in runs:
            problems += found
            seconds[path.stem] = took
            report(f"{path.stem}: {'FAILED' if found else 'executed'} in {took:.1f} s")
            if not found:
                # The cache's key hashes the code cells *with their metadata*: give the cells
                # back the metadata they have on disk (nbclient adds its timings to it).
                on_disk = nbformat.read(path, as_version=4)
                for cell, original in zip(nb.cells, on_disk.cells):
                    cell.metadata = original.metadata
                cache.cache_notebook_bundle(
                    CacheBundleIn(nb, str(path), data={"execution_seconds": took,
                                                       "library_hash": digest}),
                    check_validity=False, overwrite=True)
    finally:
        if jobs > 1:
            pool.shutdown(cancel_futures=True)
    return seconds, problems


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
