"""Every chapter in _toc.yml executes in a fresh kernel without errors or warnings."""

import nbformat
import pytest

from lectures_lib import notebooks


@pytest.mark.parametrize("path", notebooks.chapters(), ids=lambda p: p.stem)
def test_chapter_executes_cleanly(path):
    _, problems = notebooks.execute(path, timeout=120)
    assert not problems, "\n".join(problems)


def write_notebook(tmp_path, *sources):
    path = tmp_path / "99_probe.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources]), path)
    return path


def test_a_failing_cell_is_reported_with_its_cell(tmp_path):
    path = write_notebook(tmp_path, "x = 1", "raise ValueError('broken on purpose')", "y = 2")
    _, problems = notebooks.execute(path)
    assert any("code cell 2" in p and "ValueError: broken on purpose" in p for p in problems), problems


def test_a_warning_is_reported_with_its_cell(tmp_path):
    path = write_notebook(tmp_path, "import warnings\nwarnings.warn('deprecated on purpose')")
    _, problems = notebooks.execute(path)
    assert len(problems) == 1 and "code cell 1" in problems[0] and "deprecated on purpose" in problems[0]


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
    """Everything is seeded: the Gradients chapter prints identical text when run twice."""
    path = next(p for p in notebooks.chapters() if p.stem == "02_gradients")
    runs = [notebooks.execute(path) for _ in range(2)]
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
    assert notebooks.device_outputs(nb) == ["device: cpu", "cpu: 1 ms"]
