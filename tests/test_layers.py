"""The library's layers, enforced: no package imports one above it, only viz and book draw, and
no file is over 300 lines.

From the ground up (a module may import its own layer and the ones below):

0. ground: ``_checks``, ``runtime``, ``divergence``, ``history``
1. data and metrics: ``data``, ``metrics``
2. the numerics of the lectures: ``optim``, ``nn``, ``landscape`` (``landscape`` does not
   import ``optim``, whose second-order methods use its curvature)
3. what puts them to work: ``training``, ``tuning``, ``speed``, ``lecture_examples``
4. ``exercises``
5. ``viz``: every plot, widget and the demo
6. ``book``: executing the notebooks, the Sphinx extension, source listings

Imports inside functions count too: a lazy import is still a dependency. The package's own
``__init__`` is the one exception: it imports ``viz.figure_output`` to install the book's figure
formatter in a kernel that executes a chapter (that module loads no drawing library itself).
"""

import ast
from pathlib import Path

import pytest

import lectures_lib

ROOT = Path(lectures_lib.__file__).parent
LAYERS = [
    {"_checks", "runtime", "divergence", "history"},
    {"data", "metrics"},
    {"optim", "nn", "landscape"},
    {"training", "tuning", "speed", "lecture_examples"},
    {"exercises"},
    {"viz"},
    {"book", "__main__"},
]
DRAWING = ("matplotlib", "ipywidgets", "IPython.display")


def top(path):
    """The first component under lectures_lib: a subpackage or a module."""
    part = path.relative_to(ROOT).parts[0]
    return part[:-3] if part.endswith(".py") else part


PACKAGE_INIT = ROOT / "__init__.py"
ALLOWED = {(PACKAGE_INIT, "lectures_lib.viz")}


def layer(name):
    for level, names in enumerate(LAYERS):
        if name in names:
            return level
    raise AssertionError(f"lectures_lib.{name} is in no layer: add it to LAYERS")


def imports(path):
    """(imported module, line) for every import in the file, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            if node.module == "lectures_lib":
                for alias in node.names:
                    yield f"lectures_lib.{alias.name}", node.lineno


FILES = sorted(p for p in ROOT.rglob("*.py") if "static" not in p.parts)


def test_every_module_has_a_layer():
    for path in FILES:
        if path != PACKAGE_INIT:
            layer(top(path))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_layer_above_its_own(path):
    own = 0 if path == PACKAGE_INIT else layer(top(path))
    for module, line in imports(path):
        parts = module.split(".")
        if parts[0] != "lectures_lib" or len(parts) < 2 or (path, ".".join(parts[:2])) in ALLOWED:
            continue
        if layer(parts[1]) > own:
            pytest.fail(f"{path.relative_to(ROOT)}:{line} imports {module}, a layer above "
                        f"lectures_lib.{top(path)}")


#: Within a layer, packages that one of its neighbours builds on and so must not import back:
#: the second-order methods in optim use landscape's curvature.
BELOW_IN_LAYER = {"landscape": {"optim"}}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_package_imports_one_that_builds_on_it(path):
    forbidden = BELOW_IN_LAYER.get("" if path == PACKAGE_INIT else top(path), set())
    for module, line in imports(path):
        parts = module.split(".")
        if parts[0] == "lectures_lib" and len(parts) > 1 and parts[1] in forbidden:
            pytest.fail(f"{path.relative_to(ROOT)}:{line} imports {module}, which builds on "
                        f"lectures_lib.{top(path)}")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_viz_and_book_import_drawing_libraries(path):
    if path != PACKAGE_INIT and top(path) in ("viz", "book", "__main__"):
        return
    for module, line in imports(path):
        assert not module.startswith(DRAWING), (
            f"{path.relative_to(ROOT)}:{line} imports {module}: drawing belongs in "
            f"lectures_lib.viz")


#: The most lines a library file may have: one idea per module, readable next to the slides.
MAX_LINES = 300


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_library_file_is_over_300_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{path.relative_to(ROOT)} has {lines} lines, over {MAX_LINES}: split it by idea "
        f"(see CHANGELOG.md for how the others were split)")
