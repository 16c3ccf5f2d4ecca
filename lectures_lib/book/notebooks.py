"""The book's chapter notebooks as files: where they are, their Colab setup cell, stripping.

Used by the tests, by ``make strip`` and by ``python -m lectures_lib``; the chapters themselves
never import this module. Executing the chapters is :mod:`lectures_lib.book.execution`, the
build's cache of executed chapters :mod:`lectures_lib.book.execution_cache`. They need the
book's build dependencies (PyYAML, nbformat, nbclient), which ``requirements.txt`` installs;
the plain ``pip install lectures_lib`` of Colab does not.
"""

from pathlib import Path

#: The repository root: the folder holding ``_config.yml`` and ``_toc.yml``.
ROOT = Path(__file__).resolve().parents[2]

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
