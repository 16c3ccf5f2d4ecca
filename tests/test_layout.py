"""The book's layout: stripped chapters, the Colab setup cell, and the build configuration."""

import subprocess
import sys
import types

import nbformat
import pytest

from lectures_lib.book import notebooks

CHAPTERS = notebooks.chapters()
ALL_NOTEBOOKS = sorted(notebooks.ROOT.glob("book/*.ipynb"))
CONFIG = notebooks.read_config()


def test_every_notebook_in_book_is_in_the_toc_and_named_nn_topic():
    assert ALL_NOTEBOOKS, "no chapters found in book/"
    assert sorted(CHAPTERS) == ALL_NOTEBOOKS
    for path in ALL_NOTEBOOKS:
        number, _, topic = path.stem.partition("_")
        assert number.isdigit() and len(number) == 2 and topic, f"{path.name} is not named NN_topic.ipynb"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; run `make strip`"
    assert "widgets" not in nb.metadata, f"{path.name} carries saved widget state; run `make strip`"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_uses_the_python3_kernel(path):
    assert nbformat.read(path, as_version=4).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_code_lines_fit_the_page(path):
    """Code cells are read on the page: lines longer than 78 characters scroll sideways."""
    nb = nbformat.read(path, as_version=4)
    long = [(i, line) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for line in c.source.splitlines() if len(line) > 78]
    assert not long, f"{path.name}: lines over 78 characters (cell, line): {long}"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_has_a_gpu_cell_and_a_timing_cell(path):
    """Every chapter trains on get_device() and says which device it used, then times a step
    on every device present (compare_devices) in a cell tagged ``timing``."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any("get_device()" in c.source and "describe_device(" in c.source for c in code), \
        f"{path.name}: no GPU cell (a cell that runs on get_device() and prints describe_device)"
    timing = [c for c in code if "compare_devices(" in c.source]
    assert timing, f"{path.name}: no cell compares the devices (lectures_lib.speed)"
    assert all("timing" in c.metadata.get("tags", []) for c in timing), \
        f"{path.name}: cells that print timings must be tagged 'timing'"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_colab_setup_cell_for_the_configured_repository(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source == notebooks.colab_setup_source(), \
        f"{path.name}: the first code cell differs from the setup cell for _config.yml's repository; run `make strip`"


def test_setup_cell_installs_from_the_configured_repository_in_colab(monkeypatch):
    """Run the setup cell with a stand-in google.colab module and record what it would do."""
    calls = []
    output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append("widgets"))
    colab = types.ModuleType("google.colab")
    colab.output = output
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: calls.append(cmd))
    exec(notebooks.colab_setup_source(), {})
    url, branch = notebooks.repository()
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet",
                      f"lectures_lib @ git+{url}@{branch}"], "widgets"]


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("installed outside Colab"))
    exec(notebooks.colab_setup_source(), {})


def test_strip_removes_outputs_and_refreshes_nothing_else(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nb.cells[0].execution_count = 1
    nb.metadata["widgets"] = {"state": {}}
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    assert notebooks.strip_files([path]) == [path]
    stripped = nbformat.read(path, as_version=4)
    assert stripped.cells[0].outputs == [] and stripped.cells[0].execution_count is None
    assert stripped.cells[0].source == "1 + 1" and "widgets" not in stripped.metadata
    assert notebooks.strip_files([path]) == []


def test_config_executes_strictly_and_ignores_the_venv():
    execute = CONFIG["execute"]
    assert execute["execute_notebooks"] in ("force", "cache")
    assert execute["raise_on_error"] is True and execute["allow_errors"] is False
    assert execute["timeout"] >= 60
    assert CONFIG["only_build_toc_files"] is True
    for folder in (".venv", "_build", "tests", "lectures_lib"):
        assert folder in CONFIG["exclude_patterns"]


def test_config_launches_colab_on_the_main_branch():
    assert CONFIG["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert CONFIG["repository"]["branch"] == "main"
    assert CONFIG["repository"]["url"].startswith("https://github.com/")
    assert CONFIG["repository"].get("path_to_book", "") == ""
    assert CONFIG["html"]["use_repository_button"] and CONFIG["html"]["use_download_button"]


def test_the_repository_url_is_written_once():
    url, _ = notebooks.repository()
    tracked = subprocess.run(["git", "ls-files"], cwd=notebooks.ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    holders = [name for name in tracked
               if name.endswith((".yml", ".md", ".py", ".toml", ".txt", "Makefile"))
               and url in (notebooks.ROOT / name).read_text(encoding="utf-8")]
    assert holders == ["_config.yml"], f"the repository URL also appears in {holders}"
