"""Every chapter in _toc.yml executes in a fresh kernel without errors or warnings, and its
text quotes the numbers it printed."""

import functools

import nbformat
import pytest

from lectures_lib.book import execution, execution_cache, notebooks
from lectures_lib.book.prose_numbers import unquoted_numbers


@functools.lru_cache(maxsize=None)
def executed(path):
    """The chapter's executed notebook and its problems: `make test` builds the book first,
    which executes every chapter once (two at a time) into the build's cache, and this reads
    those outputs instead of executing the chapter again. With no valid cached copy (pytest
    alone, or the chapter or library changed since), it executes, once per test session."""
    nb = execution_cache.cached(path)
    if nb is None:
        return execution.execute(path, timeout=120)
    return nb, execution.output_problems(nb, path.name)


@pytest.mark.parametrize("path", notebooks.chapters(), ids=lambda p: p.stem)
def test_chapter_executes_cleanly(path):
    nb, problems = executed(path)
    assert not problems, "\n".join(problems)
    assert any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", notebooks.chapters(), ids=lambda p: p.stem)
def test_the_prose_quotes_only_numbers_the_chapter_printed(path):
    """A number in the text that no cell prints is a quotation gone stale (or never true)."""
    nb, problems = executed(path)
    assert not problems, "\n".join(problems)
    stale = unquoted_numbers(nbformat.read(path, as_version=4), nb)
    assert not stale, (f"{path.name}: the prose quotes numbers no cell printed (update the "
                       f"text from the outputs):\n" + "\n".join(stale))


def test_cached_outputs_are_used_only_while_code_and_library_are_unchanged(tmp_path, monkeypatch):
    path = write_notebook(tmp_path, "print(6 * 7)")
    cache = tmp_path / "cache"
    assert execution_cache.cached(path, cache) is None
    seconds, problems = execution_cache.execute_into_cache([path], cache, jobs=1, report=lambda _: None)
    assert list(seconds) == ["99_probe"] and problems == []
    assert execution_cache.cached(path, cache).cells[0].outputs[0]["text"] == "42\n"
    # found in the cache: not executed again
    assert execution_cache.execute_into_cache([path], cache, report=lambda _: None) == ({}, [])
    monkeypatch.setattr(execution_cache, "library_hash", lambda root=None: "another library")
    assert execution_cache.cached(path, cache) is None
    monkeypatch.undo()
    write_notebook(tmp_path, "print(6 * 9)")
    assert execution_cache.cached(path, cache) is None


def test_a_failing_chapter_is_reported_and_not_cached(tmp_path):
    path = write_notebook(tmp_path, "import sys\nprint('careful', file=sys.stderr)")
    cache = tmp_path / "cache"
    seconds, problems = execution_cache.execute_into_cache([path], cache, jobs=1, report=lambda _: None)
    assert any("code cell 1" in p and "careful" in p for p in problems), problems
    assert execution_cache.cached(path, cache) is None


def write_notebook(tmp_path, *sources):
    path = tmp_path / "99_probe.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources]), path)
    return path


def test_a_failing_cell_is_reported_with_its_cell(tmp_path):
    path = write_notebook(tmp_path, "x = 1", "raise ValueError('broken on purpose')", "y = 2")
    _, problems = execution.execute(path)
    assert any("code cell 2" in p and "ValueError: broken on purpose" in p for p in problems), problems


def test_a_warning_is_reported_with_its_cell(tmp_path):
    path = write_notebook(tmp_path, "import warnings\nwarnings.warn('deprecated on purpose')")
    _, problems = execution.execute(path)
    assert len(problems) == 1 and "code cell 1" in problems[0] and "deprecated on purpose" in problems[0]


def test_a_stored_solution_that_fails_its_check_is_reported(tmp_path):
    path = write_notebook(tmp_path, "from lectures_lib.exercises import check",
                          "check('iou-shift', ...)", "check('iou-shift', 1.5)")
    _, problems = execution.execute(path)
    assert len(problems) == 1 and "code cell 3" in problems[0], problems
    assert "an exercise's check failed: ✗ Not yet" in problems[0]


def test_threads_caps_the_kernels_blas_and_torch_threads(tmp_path, monkeypatch):
    for name in execution.THREAD_ENVS:
        monkeypatch.delenv(name, raising=False)
    path = write_notebook(tmp_path, "import os\n"
                          "print([os.environ.get(n) for n in "
                          "('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS')])")
    printed = {threads: "".join(outputs_as_text(execution.execute(path, threads=threads)[0]))
               for threads in (None, 1)}
    assert printed[None].strip() == "[None, None, None]"
    assert printed[1].strip() == "['1', '1', '1']"


def outputs_as_text(nb):
    """What a reader sees printed, one string per code cell (stream chunks joined).

    Cells tagged ``timing`` print wall-clock times, which no seed fixes; they are left out.
    """
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "timing" in cell.metadata.get("tags", []):
            continue
        parts = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            elif "text/plain" in out.get("data", {}) and "image/png" not in out.get("data", {}):
                parts.append(out["data"]["text/plain"])
        texts.append("".join(parts))
    return texts


def test_two_executions_print_the_same_numbers():
    """Everything is seeded: the Gradients chapter prints identical text when run twice (the
    book build's run, from the cache, is one of the two when there is one)."""
    path = next(p for p in notebooks.chapters() if p.stem == "02_gradients")
    runs = [execution.execute(path)]
    earlier = execution_cache.cached(path)
    runs.append((earlier, []) if earlier is not None else execution.execute(path))
    for _, problems in runs:
        assert not problems, "\n".join(problems)
    first, second = (outputs_as_text(nb) for nb, _ in runs)
    differing = [(a, b) for a, b in zip(first, second) if a != b]
    assert len(first) == len(second) and not differing, differing[:3]


def test_the_gpu_report_collects_the_device_and_timing_cells():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1", outputs=[nbformat.v4.new_output("stream", text="1\n")]),
        nbformat.v4.new_code_cell("device = get_device()\nprint(describe_device(device))",
                                  outputs=[nbformat.v4.new_output("stream", text="device: cpu\n")]),
        nbformat.v4.new_code_cell("print(speedup_report(times))", metadata={"tags": ["timing"]},
                                  outputs=[nbformat.v4.new_output("stream", text="cpu: 1 ms\n"),
                                           nbformat.v4.new_output("stream", name="stderr",
                                                                  text="noise\n")]),
    ])
    assert execution.device_outputs(nb) == ["device: cpu", "cpu: 1 ms"]


def test_the_timing_table_marks_what_is_over_the_targets(tmp_path, capsys, monkeypatch):
    import lectures_lib.__main__ as cli

    path = write_notebook(tmp_path, "x = 1")
    monkeypatch.setattr(cli, "CHAPTER_SECONDS", 0)
    assert cli._time_all([path], timeout=60) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("99_probe") and lines[1].endswith("ok  (over 0 s)"), lines
    assert lines[2].startswith("all chapters") and "over" not in lines[2], lines
