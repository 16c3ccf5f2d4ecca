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
