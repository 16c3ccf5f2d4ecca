"""The build's cache of executed chapters: filled in parallel, valid while nothing changed.

``make book`` first runs :func:`execute_into_cache` (through ``python -m lectures_lib
--execute``): the chapters whose code is not in the cache execute, two at a time, and the
book build then reads every chapter's outputs from the cache. An entry counts only while the
library and the pinned requirements are those it was made with (:func:`library_hash`).
"""

import os
from pathlib import Path

from lectures_lib.book.execution import _notebook_path, execute
from lectures_lib.book.notebooks import ROOT


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
    that raised or wrote to stderr is reported cell by cell (see
    :func:`~lectures_lib.book.execution.execute`) and is not cached, so the build would run it
    again and fail on it.

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
