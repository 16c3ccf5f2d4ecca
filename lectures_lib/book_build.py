"""Sphinx extension for the book build: MathJax served from the book, no duplicate scripts.

Enabled in ``_config.yml`` under ``sphinx: extra_extensions``; not used by the chapters.

**Offline math.** By default Sphinx loads MathJax from a CDN, so formulas stay raw
``\\(...\\)`` source on a machine without internet (a plane, a locked-down lab). This
extension copies the parts of MathJax 3 that render TeX to HTML (from the
``django-static-mathjax`` package, pinned in ``requirements.txt``) into ``_static/mathjax``
and points Sphinx there.

**Launch buttons only where they work.** Colab opens ``.ipynb`` files only; the introduction is
a MyST Markdown page (it runs one cell for its figure), so its Colab button would open a 404.
Pages whose source is not a notebook keep no launch buttons.

**No progress bars in the pages.** The kernels that execute the chapters inherit this
process's environment, so ``LECTURES_LIB_PROGRESS=0`` is set here (unless already set): a
bar is for a person watching a run in Jupyter or Colab, and would be noise in the HTML
however the book is built (``make book``, or ``jupyter-book build`` directly).

**Clean console.** Jupyter Book 1 sets up sphinx-thebe twice, so every page declared
``const THEBE_JS_URL`` twice and the browser logged a SyntaxError; each page keeps one copy of
every inline script.
"""

import os
import shutil
from pathlib import Path

from lectures_lib.training import PROGRESS_ENV

#: What TeX-to-HTML rendering needs: the combined component, the TeX extensions it may
#: autoload, the web fonts, and the menu and accessibility components it loads lazily.
PARTS = ["tex-chtml.js", "input", "output/chtml/fonts/woff-v2", "a11y", "ui", "adaptors"]


def mathjax_source():
    """The folder holding MathJax's ``es5`` build, inside the installed ``mathjax`` package."""
    try:
        import mathjax
    except ImportError as err:
        raise ImportError("offline MathJax needs the django-static-mathjax package "
                          "(pip install -r requirements.txt)") from err
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _use_local_mathjax(app, config):
    config.mathjax_path = "mathjax/tex-chtml.js"  # relative to _static


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
    os.environ.setdefault(PROGRESS_ENV, "0")  # inherited by the kernels that execute chapters
    app.connect("config-inited", _use_local_mathjax)
    app.connect("html-page-context", _drop_duplicate_scripts)
    # after sphinx-book-theme adds its launch buttons (priority 501)
    app.connect("html-page-context", _launch_buttons_for_notebooks_only, priority=600)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
