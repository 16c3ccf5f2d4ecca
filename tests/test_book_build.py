"""The book's Sphinx extension: what it sets up before the chapters execute."""

import os

import pytest

from lectures_lib.book import build as book_build
from lectures_lib.viz.figure_output import BOOK_ENV
from lectures_lib.training import PROGRESS_ENV, progress_enabled


class FakeApp:
    def __init__(self):
        self.handlers, self.nodes, self.css = [], [], []

    def connect(self, event, handler, priority=500):
        self.handlers.append(event)

    def add_node(self, node, **visitors):
        self.nodes.append(node)

    def add_css_file(self, name):
        self.css.append(name)


@pytest.fixture(autouse=True)
def _restore_book_env(monkeypatch):
    monkeypatch.setenv(BOOK_ENV, "0")  # recorded, so that teardown restores the original
    monkeypatch.delenv(BOOK_ENV)


def test_the_build_switches_progress_bars_off_for_its_kernels(monkeypatch):
    monkeypatch.setenv(PROGRESS_ENV, "1")  # recorded, so that teardown restores the original
    monkeypatch.delenv(PROGRESS_ENV)
    assert progress_enabled()  # a person in Jupyter gets bars
    app = FakeApp()
    book_build.setup(app)
    assert os.environ[PROGRESS_ENV] == "0" and not progress_enabled()
    assert "build-finished" in app.handlers and "config-inited" in app.handlers
    assert os.environ[BOOK_ENV] == "1"  # the kernels record what the figures need
    assert app.css == [book_build.STYLESHEET] and (book_build.STATIC / book_build.STYLESHEET).exists()


def test_an_explicit_choice_is_kept(monkeypatch):
    monkeypatch.setenv(PROGRESS_ENV, "1")
    book_build.setup(FakeApp())
    assert os.environ[PROGRESS_ENV] == "1"


class FakeScript:
    def __init__(self, filename, **attributes):
        self.filename, self.attributes = filename, attributes


class FakeMath:
    def __init__(self, pages):
        self.data = {"has_equations": {page: True for page in pages}}

    def has_equations(self, pagename):  # Sphinx's also counts the pages a toctree includes
        return True


class FakeSphinx:
    def __init__(self, pages_with_math=()):
        from types import SimpleNamespace

        self.config = SimpleNamespace(mathjax_path="mathjax/tex-chtml.js")
        math = FakeMath(set(pages_with_math))
        self.env = SimpleNamespace(get_domain=lambda name: math)


def page_scripts():
    return [FakeScript("_static/doctools.js"),
            FakeScript(None, type="application/vnd.jupyter.widget-state+json", body="{...}"),
            FakeScript(None, body="window.MathJax = {}"),
            FakeScript("_static/mathjax/tex-chtml.js")]  # as the builder stores it


def test_widget_state_is_dropped_and_mathjax_kept_only_where_there_is_math():
    with_math, without = {"script_files": page_scripts()}, {"script_files": page_scripts()}
    app = FakeSphinx(pages_with_math={"book/02_gradients"})
    book_build._drop_unneeded_assets(app, "book/02_gradients", None, with_math, None)
    book_build._drop_unneeded_assets(app, "book/intro", None, without, None)
    assert [s.filename for s in with_math["script_files"]] == [
        "_static/doctools.js", None, "_static/mathjax/tex-chtml.js"]
    assert [s.filename for s in without["script_files"]] == ["_static/doctools.js"]


def test_source_maps_leave_the_build(tmp_path):
    from types import SimpleNamespace

    static = tmp_path / "_static" / "scripts"
    static.mkdir(parents=True)
    (static / "theme.js").write_text("var a = 1;\n//# sourceMappingURL=theme.js.map\n")
    (static / "theme.css").write_text("a{color:red}\n/*# sourceMappingURL=theme.css.map*/")
    (static / "theme.js.map").write_text("{}")
    (static / "plain.js").write_text("var b = 2;\n")
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    book_build._remove_source_maps(app, None)
    assert not list(tmp_path.rglob("*.map"))
    assert (static / "theme.js").read_text() == "var a = 1;\n"
    assert (static / "theme.css").read_text() == "a{color:red}\n"
    assert (static / "plain.js").read_text() == "var b = 2;\n"


def test_the_theme_is_used_without_its_fontawesome_script(tmp_path):
    from types import SimpleNamespace

    app = SimpleNamespace(doctreedir=str(tmp_path / ".doctrees"))
    config = SimpleNamespace(templates_path=["_templates"])
    book_build._theme_without_fontawesome_script(app, config)
    override = tmp_path / "templates-override"
    macros = (override / "static" / "webpack-macros.html").read_text()
    assert config.templates_path == [str(override), "_templates"]
    assert "fontawesome.js" not in macros and "bootstrap.js" in macros
    assert "macro head_js_preload" in macros
