"""Sphinx extension for the book build: a whole, light, offline book.

Enabled in ``_config.yml`` under ``sphinx: extra_extensions``; not used by the chapters.

**Offline math.** By default Sphinx loads MathJax from a CDN, so formulas stay raw
``\\(...\\)`` source on a machine without internet (a plane, a locked-down lab). This
extension copies the parts of MathJax 3 that render TeX to HTML (from the
``django-static-mathjax`` package, pinned in ``requirements.txt``) into ``_static/mathjax``
and points Sphinx there, loading only the components it needs (:data:`MATHJAX_COMPONENTS`).

**Launch buttons only where they work.** Colab opens ``.ipynb`` files only; the introduction is
a MyST Markdown page (it runs one cell for its figure), so its Colab button would open a 404.
Pages whose source is not a notebook keep no launch buttons.

**No progress bars in the pages.** The kernels that execute the chapters inherit this
process's environment, so ``LECTURES_LIB_PROGRESS=0`` is set here (unless already set): a
bar is for a person watching a run in Jupyter or Colab, and would be noise in the HTML
however the book is built (``make book``, or ``jupyter-book build`` directly).

**Nothing from another host, nothing a reader does not need.** The widget state that
nbclient saves with a chapter is dropped from its page (no widget JavaScript runs in the book,
see ``nb_ipywidgets_js`` in ``_config.yml``); MathJax is loaded only by pages with math; the
theme's 1.5 MB FontAwesome script is not loaded (its icons come from the web fonts the theme's
stylesheet already declares, cut down to the twenty-odd icons the book shows by
:mod:`lectures_lib.book.icons`); source maps are deleted from the build.

**Figures for every screen.** :mod:`lectures_lib.book.figures` lays out the figures (alt text,
panels stacked on phones); ``LECTURES_LIB_BOOK=1`` tells the kernels to record what it needs.
The book's stylesheet ``lectures_lib/book/static/lectures-book.css`` is served from the build.

**Clean console.** Jupyter Book 1 sets up sphinx-thebe twice, so every page declared
``const THEBE_JS_URL`` twice and the browser logged a SyntaxError; each page keeps one copy of
every inline script.
"""

import os
import re
import shutil
from pathlib import Path

from lectures_lib.book import figures as book_figures, icons as book_icons
from lectures_lib.viz.figure_output import BOOK_ENV
from lectures_lib.training import PROGRESS_ENV

#: The book's own stylesheet and the folder it is served from.
STATIC = Path(__file__).parent / "static"
STYLESHEET = "lectures-book.css"

#: What TeX-to-HTML rendering needs: the loader, the core, TeX input with the extensions it
#: may autoload, HTML output with its web fonts, and the accessibility components (a hidden
#: MathML copy of each formula for screen readers). Loaded one by one instead of MathJax's
#: combined ``tex-chtml.js``, which adds a 430 KB context menu that this book does without.
PARTS = ["startup.js", "core.js", "input", "output/chtml.js", "output/chtml/fonts/tex.js",
         "output/chtml/fonts/woff-v2", "a11y", "adaptors"]
#: The components a page loads (see ``loader.load`` in MathJax 3's configuration).
MATHJAX_COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml"]


def mathjax_source():
    """The folder holding MathJax's ``es5`` build, inside the installed ``mathjax`` package."""
    try:
        import mathjax
    except ImportError as err:
        raise ImportError("offline MathJax needs the django-static-mathjax package "
                          "(pip install -r requirements.txt)") from err
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _use_local_mathjax(app, config):
    config.mathjax_path = "mathjax/startup.js"  # relative to _static
    config.mathjax3_config = {**(config.mathjax3_config or {}),
                              "loader": {"load": MATHJAX_COMPONENTS}}


def _serve_book_static(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def _theme_without_fontawesome_script(app, config):
    """Override the theme's asset macros with a copy that leaves out ``fontawesome.js``.

    pydata-sphinx-theme loads FontAwesome twice: as web fonts declared in its stylesheet, and
    as a 1.5 MB script that redraws every icon as SVG ("so that users can add custom icons";
    this book adds none). The copy is made from the installed theme at each build, so it
    follows the theme's version; it lives in the build folder.
    """
    import pydata_sphinx_theme

    original = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
                / "static" / "webpack-macros.html")
    text = original.read_text(encoding="utf-8")
    slimmer = re.sub(r"\s*<script[^>]*fontawesome\.js[^>]*></script>", "", text)
    if slimmer == text:
        return  # the theme changed how it loads FontAwesome: keep it as it is
    folder = Path(app.doctreedir).parent / "templates-override"
    (folder / "static").mkdir(parents=True, exist_ok=True)
    (folder / "static" / "webpack-macros.html").write_text(slimmer, encoding="utf-8")
    config.templates_path = [str(folder), *config.templates_path]


def _drop_unneeded_assets(app, pagename, templatename, context, doctree):
    """No saved widget state (nothing reads it) and no MathJax on pages without math."""
    # The page's own formulas: the domain's has_equations() also counts the pages its
    # table of contents includes, which for the root page is the whole book.
    has_math = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    mathjax = {app.config.mathjax_path, "_static/" + app.config.mathjax_path}
    kept = []
    for script in context.get("script_files", []):
        if script.attributes.get("type") == "application/vnd.jupyter.widget-state+json":
            continue
        if not has_math and (script.filename in mathjax or "MathJax" in
                             (script.attributes.get("body") or "")[:200]):
            continue
        kept.append(script)
    context["script_files"] = kept


def _subset_icon_fonts(app, exception):
    if exception is None and app.builder.format == "html":
        book_icons.subset_icon_fonts(app.outdir)


def _remove_source_maps(app, exception):
    """Source maps serve a developer's debugger, not a reader: out of the build."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for source_map in static.rglob("*.map"):
        source_map.unlink()
    for path in [*static.rglob("*.js"), *static.rglob("*.css")]:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if "sourceMappingURL=" in text:
            text = re.sub(r"\n?/[/*][#@] sourceMappingURL=\S+?( \*/)?\s*$", "\n", text)
            path.write_text(text, encoding="utf-8", errors="surrogateescape")


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source, target = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        src, dst = source / part, target / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The duplicate differs only in filename None vs "" (both mean "inline").
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _launch_buttons_for_notebooks_only(app, pagename, templatename, context, doctree):
    if pagename in app.env.all_docs and not str(app.env.doc2path(pagename)).endswith(".ipynb"):
        context["header_buttons"] = [button for button in context.get("header_buttons", [])
                                     if button.get("label") != "launch-buttons"]


def setup(app):
    """Set the book build up (Sphinx calls this with its application).

    Raises
    ------
    TypeError
        If ``app`` is not the Sphinx application.
    """
    book_figures._check_app(app, ("connect", "add_node", "add_css_file"))
    # inherited by the kernels that execute chapters
    os.environ.setdefault(PROGRESS_ENV, "0")
    os.environ.setdefault(BOOK_ENV, "1")
    book_figures.setup(app)
    app.connect("config-inited", _use_local_mathjax)
    app.connect("config-inited", _serve_book_static)
    app.connect("config-inited", _theme_without_fontawesome_script)
    app.add_css_file(STYLESHEET)
    app.connect("html-page-context", _drop_duplicate_scripts)
    # after myst-nb and sphinx.ext.mathjax add theirs (priority 500)
    app.connect("html-page-context", _drop_unneeded_assets, priority=900)
    # after sphinx-book-theme adds its launch buttons (priority 501)
    app.connect("html-page-context", _launch_buttons_for_notebooks_only, priority=600)
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _remove_source_maps)
    app.connect("build-finished", _subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
