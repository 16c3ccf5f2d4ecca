"""Sphinx extension for the API reference: its pages, and links both ways with the chapters.

Enabled in ``_config.yml`` under ``sphinx: extra_extensions``; not used by the chapters.

**The pages.** ``{api-page}`` in ``book/api/<name>.md`` documents what
:data:`lectures_lib.book.api_pages.API_PAGES` lists for ``<name>`` (edit the grouping there);
``{api-index}`` in ``book/api.md`` lists the pages in a table.

**"Used in" lines.** When a document is read, its visible code cells are scanned in order
(:func:`~lectures_lib.book.api_links.scan_doctree`) for the objects they use from
``lectures_lib``, with the innermost section around each cell; importing a name is not using
it. After all documents are read, the uses are matched with the documented objects by
canonical key (so a re-export meets the entry autodoc wrote), and each entry on an API page
gets a line (:func:`~lectures_lib.book.api_links.used_in`) linking to every section of every
chapter that uses it: "Used in: Chapter 3, §Nesterov momentum, in both forms; Chapter 4,
§AdaGrad: ...". Chapters are numbered in the order of the table of contents, leaving out the
root document and the API pages.

**Links from the code.** In each chapter's code cells, every name taken from ``lectures_lib``
(in the import lines too, and ``v.method`` of an instance ``v = Class(...)``) links to its
API entry (:func:`~lectures_lib.book.api_links.link_names`); other names, strings and
comments are left alone. The links are subtle (a faint dotted underline:
``book/static/lectures-api.css``).

Incremental builds: when any document was read, the API pages and the chapters are written
again, so the links on both sides follow the code.
"""

import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx.util.docutils import SphinxDirective

from lectures_lib.book import api_pages, api_rst
from lectures_lib.book.api_links import link_names, scan_doctree, used_in
from lectures_lib.book.object_keys import documented_key


class _ApiDirective(SphinxDirective):
    """Parse generated reStructuredText, and note the page as part of the reference."""

    has_content = False

    def _parse(self, lines, kind):
        """Parse ``lines`` as reStructuredText (autodoc writes rST), also inside MyST."""
        for module in (api_pages, api_rst):  # re-read when the table or its rST changes
            self.env.note_dependency(module.__file__)
        _state(self.env)["pages"][self.env.docname] = kind
        document = self.state.document
        parsed = new_document(document["source"], document.settings)
        parsed.reporter = document.reporter
        Parser().parse("\n".join(lines), parsed)
        for node in parsed.children:  # as MyST's eval-rst does; headings stay implicit
            if isinstance(node, nodes.section):
                document.note_implicit_target(node, node)
            elif node["names"]:
                document.note_explicit_target(node, node)
        return parsed.children


class ApiPageDirective(_ApiDirective):
    """``{api-page}``: document what ``API_PAGES`` lists for the page named like this file."""

    def run(self):
        name = self.env.docname.rsplit("/", 1)[-1]
        page = next((p for p in api_pages.API_PAGES if p.name == name), None)
        if page is None:
            raise self.error(f"{self.env.docname} has no entry in lectures_lib.book.api_pages."
                             f"API_PAGES (pages: {[p.name for p in api_pages.API_PAGES]})")
        parts = self._parse(api_rst.page_rst(page), "page")
        for part in parts:  # one section per module, styled by book/static/lectures-api.css
            if isinstance(part, nodes.section):
                part["classes"].append("api-module")
        return parts


class ApiIndexDirective(_ApiDirective):
    """``{api-index}``: the table of the API pages, in the folder named like this page."""

    def run(self):
        return self._parse(api_rst.index_rst(self.env.docname), "index")


# --------------------------------------------------------------------------------------------
# The build environment


def _state(env):
    """This extension's data in the environment: what each document uses, the API pages."""
    if not hasattr(env, "lectures_api"):
        env.lectures_api = {"usage": {}, "pages": {}}
    return env.lectures_api


def _read(app, doctree):
    usage = scan_doctree(doctree)
    if usage["cells"]:
        _state(app.env)["usage"][app.env.docname] = usage


def _purge(app, env, docname):
    for table in _state(env).values():
        table.pop(docname, None)


def _merge(app, env, docnames, other):
    for name, table in _state(env).items():
        table.update({d: v for d, v in _state(other)[name].items() if d in docnames})


def _before_read(app, env, docnames):
    env.lectures_api_reread = bool(docnames)


def _toc_order(env):
    order = []

    def walk(doc):
        if doc not in order:
            order.append(doc)
            for child in env.toctree_includes.get(doc, []):
                walk(child)
    walk(env.config.root_doc)
    return order


def _updated(app, env):
    """After reading: index the uses by documented object; say which pages to rewrite."""
    state = _state(env)
    targets = {}  # canonical key -> (docname, anchor)
    domain = env.get_domain("py")
    for name, entry in domain.objects.items():
        if not entry.aliased and entry.objtype != "module":
            targets.setdefault(documented_key(name), (entry.docname, entry.node_id))
    for name, entry in domain.modules.items():
        targets.setdefault(name, (entry.docname, entry.node_id))
    chapters = [d for d in _toc_order(env) if d != env.config.root_doc and d not in
                state["pages"]]
    order = {d: i for i, d in enumerate(_toc_order(env))}
    backlinks = {}
    for doc in sorted(state["usage"], key=lambda d: order.get(d, len(order))):
        number = chapters.index(doc) + 1 if doc in chapters else None
        for key, anchor, title in state["usage"][doc]["uses"]:
            if key in targets:
                backlinks.setdefault(key, []).append((doc, number, anchor, title))
    env.lectures_api_index = {"targets": targets, "backlinks": backlinks}
    math = env.get_domain("math").data["has_equations"]
    for key, entries in backlinks.items():  # section titles with math need MathJax there
        if any(isinstance(n, nodes.math) for e in entries for n in e[3]):
            math[targets[key][0]] = True
    if getattr(env, "lectures_api_reread", True):
        return sorted(set(state["pages"]) | set(state["usage"]))
    return []


def _add_backlinks(app, doctree, docname):
    index = getattr(app.env, "lectures_api_index", None)
    if docname not in _state(app.env)["pages"] or index is None:
        return
    for desc in doctree.findall(lambda n: isinstance(n, nodes.Element)
                                and n.tagname == "desc" and n.get("domain") == "py"):
        signature = desc.children[0]
        name = ".".join(filter(None, [signature.get("module"), signature.get("fullname")]))
        entries = index["backlinks"].get(documented_key(name)) if name else None
        content = next((c for c in desc.children if c.tagname == "desc_content"), None)
        if entries and content is not None:
            content.insert(0, used_in(app, docname, entries))


def _link_code(app, pagename, templatename, context, doctree):
    usage = _state(app.env)["usage"].get(pagename)
    targets = getattr(app.env, "lectures_api_index", {}).get("targets", {})
    if not usage or "body" not in context or app.builder.format != "html":
        return

    def href(key):
        if key not in targets:
            return None
        docname, anchor = targets[key]
        return f"{app.builder.get_relative_uri(pagename, docname)}#{anchor}"
    context["body"] = link_names(context["body"], usage["cells"], href)


#: The stylesheet of the links and the "Used in" lines, served from the package.
STYLESHEET = Path(__file__).parent / "static" / "lectures-api.css"


def _copy_stylesheet(app, exception):
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / STYLESHEET.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STYLESHEET, target)


def setup(app):
    """Register the directives, the reading and the writing (Sphinx calls this with its app).

    Raises
    ------
    TypeError
        If ``app`` is not the Sphinx application.
    """
    from lectures_lib.book.figures import _check_app

    _check_app(app, ("add_directive", "add_css_file", "connect"))
    app.add_directive("api-page", ApiPageDirective)
    app.add_directive("api-index", ApiIndexDirective)
    app.add_css_file(STYLESHEET.name)
    app.connect("env-before-read-docs", _before_read)
    app.connect("doctree-read", _read)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _updated)
    app.connect("doctree-resolved", _add_backlinks)
    app.connect("html-page-context", _link_code)
    app.connect("build-finished", _copy_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
