"""``python -m lectures_lib``: list the book's chapters or run one headless.

Examples::

    python -m lectures_lib --list
    python -m lectures_lib --run 02_gradients
    python -m lectures_lib --time
    python -m lectures_lib --execute --jobs 2
    python -m lectures_lib --gpu
"""

import argparse
import sys
import time
from pathlib import Path

from lectures_lib.book import execution, execution_cache, notebooks


def _positive_int(text):
    """argparse type: an integer >= 1 (``--timeout 0`` would mean no limit to nbclient)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def main(argv=None):
    """Run the command line; returns the exit status (0: all ran cleanly, 1: a problem).

    argparse ends the process with status 2 and a usage message for a bad argument (an
    unknown chapter, ``--timeout 0``, ``--jobs -1``).
    """
    parser = argparse.ArgumentParser(prog="python -m lectures_lib",
                                     description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--list", action="store_true", help="list the chapters in book order")
    group.add_argument("--run", metavar="CHAPTER",
                       help="execute a chapter (name or number) and report cell errors")
    group.add_argument("--time", action="store_true",
                       help="execute every chapter and print its time")
    group.add_argument("--execute", action="store_true",
                       help="execute the chapters whose code is not in the book's cache "
                            "(_build/.jupyter_cache), --jobs at a time, and cache them for "
                            "the book build (make book runs this)")
    group.add_argument("--gpu", action="store_true",
                       help="execute every chapter and print what its GPU and timing cells "
                            "printed; on a machine with CUDA, fail if a GPU cell ran on the CPU")
    parser.add_argument("--timeout", type=_positive_int, default=120,
                        help="seconds allowed per cell, >= 1 (default 120)")
    parser.add_argument("--jobs", type=_positive_int, default=None,
                        help="chapters executed at once by --execute, >= 1 (default: one per "
                             "core)")
    args = parser.parse_args(argv)

    chapters = notebooks.chapters()
    if args.list:
        for path in chapters:
            print(path.stem)
        return 0
    if args.time:
        return _time_all(chapters, args.timeout)
    if args.gpu:
        return _gpu_report(chapters, args.timeout)
    if args.execute:
        return _execute_all(chapters, args.jobs, args.timeout)
    wanted = Path(args.run.strip()).stem  # "book/02_gradients.ipynb" names it too
    matches = [p for p in chapters
               if wanted and (p.stem == wanted or p.stem.split("_")[0] == wanted.zfill(2))]
    if len(matches) != 1:
        parser.error(f"no single chapter matches {args.run!r}; choose one of: "
                     + ", ".join(p.stem for p in chapters))
    start = time.perf_counter()
    _, problems = execution.execute(matches[0], timeout=args.timeout)
    seconds = time.perf_counter() - start
    for line in problems:
        print(line)
    print(f"{matches[0].stem}: {'FAILED' if problems else 'ok'} in {seconds:.1f} s")
    return 1 if problems else 0


#: What a chapter executed alone may take, and the seven together (issue 14's targets, on CI's
#: two cores).
CHAPTER_SECONDS, BOOK_SECONDS = 20, 90


def _time_all(chapters, timeout):
    """Execute each chapter alone in a fresh kernel and print a table of seconds (kernel start
    included), marking those over the targets.

    A first, empty notebook runs untimed: the first execution in a process also loads the
    notebook client and finds the kernel (about 2 s), which is no chapter's time.
    """
    import tempfile

    import nbformat

    with tempfile.TemporaryDirectory() as folder:
        warm_up = Path(folder) / "warm_up.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")]), warm_up)
        execution.execute(warm_up, timeout=timeout)
    total, failed = 0.0, 0
    print(f"{'chapter':<28}{'seconds':>9}  status")
    for path in chapters:
        start = time.perf_counter()
        _, problems = execution.execute(path, timeout=timeout)
        seconds = time.perf_counter() - start
        total += seconds
        failed += bool(problems)
        over = f"  (over {CHAPTER_SECONDS} s)" if seconds > CHAPTER_SECONDS else ""
        print(f"{path.stem:<28}{seconds:>9.1f}  {'FAILED' if problems else 'ok'}{over}")
    over = f"  (over {BOOK_SECONDS} s)" if total > BOOK_SECONDS else ""
    print(f"{'all chapters':<28}{total:>9.1f}{over}")
    return 1 if failed else 0


def _execute_all(chapters, jobs, timeout):
    """Execute what the cache lacks, in parallel; print times and every problem cell."""
    start = time.perf_counter()
    seconds, problems = execution_cache.execute_into_cache(chapters, jobs=jobs,
                                                           timeout=timeout)
    for line in problems:
        print(line)
    if seconds:
        print(f"executed {len(seconds)} chapter(s): {sum(seconds.values()):.1f} s of execution "
              f"in {time.perf_counter() - start:.1f} s of wall time")
    return 1 if problems else 0


def _gpu_report(chapters, timeout):
    """Where each chapter's GPU cells ran and what its timing cells measured."""
    import torch

    from lectures_lib.runtime import describe_device, get_device

    cuda = torch.cuda.is_available()
    print(f"this machine: {describe_device(get_device())}")
    failed = 0
    for path in chapters:
        nb, problems = execution.execute(path, timeout=timeout)
        texts = execution.device_outputs(nb)
        devices = [line for text in texts for line in text.splitlines()
                   if line.startswith("device:")]
        wrong = cuda and any("cuda" not in line for line in devices)
        status = "FAILED" if problems or wrong or not devices else "ok"
        failed += status != "ok"
        print(f"== {path.stem}: {status}")
        for line in problems:
            print(line)
        if not devices:
            print("no GPU cell printed its device")
        for text in texts:
            print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
