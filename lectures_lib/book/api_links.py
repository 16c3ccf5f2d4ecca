"""The two kinds of link between the chapters and the API reference, as nodes and HTML.

The book's Sphinx extension (:mod:`lectures_lib.book.api`) calls these while it reads and
writes the book:

- :func:`scan_doctree` reads a chapter: what its code cells take from ``lectures_lib``
  (with :class:`~lectures_lib.book.code_usage.CodeScanner`) and in which section each use
  sits;
- :func:`used_in` makes the "Used in" paragraph of an API entry, one link per chapter and
  section that uses it;
- :func:`link_names` links the names in a chapter's highlighted code to their API entries.
"""

import re

from docutils import nodes
from sphinx.util.nodes import make_refnode

from lectures_lib.book.code_usage import CodeScanner


def _cell_sources(doctree):
    """The visible code cells of a myst-nb document: (cell node, source), in order."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") == "cell_code_source":
            blocks = list(cell.findall(nodes.literal_block))
            yield cell, blocks[0].astext() if blocks else ""


def _title_nodes(title):
    """A copy of a section title fit for a link: text, literals and math."""
    return [child.deepcopy() if isinstance(child, (nodes.Text, nodes.literal, nodes.math))
            else nodes.Text(child.astext()) for child in title.children]


def scan_doctree(doctree):
    """What a document's code cells take from ``lectures_lib``, and where they use it.

    Returns
    -------
    dict
        ``cells``: one :attr:`~lectures_lib.book.code_usage.CodeScanner.links` dict per visible
        code cell, in order;
        ``uses``: ``(key, section id, section title nodes)`` for the first use of each key in
        each section (the innermost one around the cell); the id is ``""`` when the cell
        sits under the document's title itself.

    Raises
    ------
    TypeError
        If ``doctree`` is not a docutils node.
    """
    if not isinstance(doctree, nodes.Node):
        raise TypeError(f"doctree must be a docutils document (a node), got "
                        f"{type(doctree).__name__}")
    scanner, cells, uses, seen = CodeScanner(), [], [], set()
    for cell, source in _cell_sources(doctree):
        cells.append(scanner.scan(source))
        section = cell.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        top = section is None or not isinstance(section.parent, nodes.section)
        anchor = "" if top else section["ids"][0]
        for key in scanner.uses:
            if (key, anchor) not in seen:
                seen.add((key, anchor))
                uses.append((key, anchor, [] if top else _title_nodes(section[0])))
    return {"cells": cells, "uses": uses}


def used_in(app, fromdocname, entries):
    """The "Used in" paragraph for one object: each chapter, then its sections.

    Parameters
    ----------
    app : sphinx.application.Sphinx
    fromdocname : str
        The API page the paragraph goes on; links are relative to it.
    entries : list of tuple
        ``(docname, chapter number or None, section id, section title nodes)``, in book
        order; an empty section id stands for the chapter itself.

    Returns
    -------
    docutils.nodes.paragraph
        "Used in: Chapter 3, §A · §B; Chapter 4, §C", every part a link.

    Raises
    ------
    TypeError
        If ``app`` has no environment and builder, ``fromdocname`` is not a string or an entry
        not a 4-tuple.
    """
    if getattr(app, "env", None) is None or getattr(app, "builder", None) is None:
        raise TypeError(f"app must be the Sphinx application while it writes (with env and "
                        f"builder), got {type(app).__name__}")
    if not isinstance(fromdocname, str):
        raise TypeError(f"fromdocname must be a document name, got {type(fromdocname).__name__}")
    for entry in entries:
        if not isinstance(entry, tuple) or len(entry) != 4:
            raise TypeError(f"entries must hold (docname, number, section id, title nodes) "
                            f"tuples, got {entry!r}")
    env = app.env
    para = nodes.paragraph(classes=["api-used-in"])
    para += nodes.strong(text="Used in: ")
    chapters = list(dict.fromkeys((doc, number) for doc, number, _, _ in entries))
    for i, (doc, number) in enumerate(chapters):
        if i:
            para += nodes.Text("; ")
        title = env.titles[doc].astext() if doc in env.titles else doc
        label = f"Chapter {number}" if number else title
        para += make_refnode(app.builder, fromdocname, doc, "", nodes.Text(label), title)
        sections = [(anchor, t) for d, _, anchor, t in entries if d == doc and anchor]
        for j, (anchor, section) in enumerate(sections):
            para += nodes.Text(", " if j == 0 else " · ")
            text = nodes.inline("", "", nodes.Text("§"), *[n.deepcopy() for n in section])
            para += make_refnode(app.builder, fromdocname, doc, anchor, text,
                                 f"{label}: {title}")
    return para


_CELL = re.compile(r'<div class="cell_input[^"]*">.*?</pre>', re.S)
_CHAIN = re.compile(r'(?<!<span class="o">\.</span>)<span class="n">(\w+)</span>'
                    r'((?:<span class="o">\.</span><span class="n">\w+</span>)*)'
                    r'(?!<span class="o">=</span>)')
_MODULE = re.compile(r'<span class="nn">([\w.]+)</span>')


def link_names(html, cells, href):
    """Link the names that code cells take from ``lectures_lib`` in a page's HTML.

    Parameters
    ----------
    html : str
        The page body; only ``div.cell_input`` blocks are changed.
    cells : list of dict
        :attr:`~lectures_lib.book.code_usage.CodeScanner.links` of each code cell, in the order of
        the blocks; if the counts differ, every block uses the union of all cells.
    href : callable
        ``href(key)``: the URL of a canonical key's API entry, or None to leave it alone.

    Examples
    --------
    >>> html = ('<div class="cell_input"><pre><span class="n">fit</span>'
    ...         '<span class="p">(</span><span class="n">model</span></pre>')
    >>> print(link_names(html, [{"fit": "k"}], lambda key: "api.html#k"))
    <div class="cell_input"><pre><a class="reference internal api-link" href="api.html#k"><span
    class="n">fit</span></a><span class="p">(</span><span class="n">model</span></pre>

    Raises
    ------
    TypeError
        If ``html`` is not a string, ``cells`` not a list of dicts, or ``href`` not callable.
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a string, got {type(html).__name__}")
    if isinstance(cells, (str, bytes)) or not hasattr(cells, "__iter__"):
        raise TypeError(f"cells must be a list of dicts, got {type(cells).__name__}")
    cells = list(cells)
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise TypeError(f"cells[{i}] must be a dict of name -> key, got "
                            f"{type(cell).__name__}")
    if not callable(href):
        raise TypeError(f"href must be callable, got {type(href).__name__}")
    blocks = list(_CELL.finditer(html))
    if len(blocks) != len(cells):
        union = {k: v for cell in cells for k, v in cell.items()}
        cells = [union] * len(blocks)

    def link(text, chain, links):
        url = href(links[chain]) if chain in links else None
        return text if url is None else \
            f'<a class="reference internal api-link" href="{url}">{text}</a>'

    def rewrite(block, links):
        def chain(match):
            names = [match.group(1), *re.findall(r'class="n">(\w+)<', match.group(2))]
            return '<span class="o">.</span>'.join(
                link(f'<span class="n">{name}</span>', ".".join(names[:i + 1]), links)
                for i, name in enumerate(names))
        block = _CHAIN.sub(chain, block)
        return _MODULE.sub(lambda m: link(m.group(0), m.group(1), links), block)

    out, end = [], 0
    for match, links in zip(blocks, cells):
        out += [html[end:match.start()], rewrite(match.group(0), links)]
        end = match.end()
    return "".join(out) + html[end:]
