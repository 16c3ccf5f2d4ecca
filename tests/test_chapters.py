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
