"""The reStructuredText of the API reference, generated from the table of pages.

:data:`lectures_lib.book.api_pages.API_PAGES` says which module goes on which page; the
book's Sphinx extension (:mod:`lectures_lib.book.api`) parses what :func:`page_rst` writes
for each page and what :func:`index_rst` writes for the landing page's table.

Examples
--------
>>> print("\\n".join(page_rst(api_pages.API_PAGES[3])))
``lectures_lib.metrics``
------------------------
<BLANKLINE>
.. automodule:: lectures_lib.metrics
   :members:
<BLANKLINE>

A module may also be split over pages by its members; the later page continues it:

>>> pages = [ApiPage("first", "", ["lectures_lib.optim: SGD"]),
...          ApiPage("later", "", ["lectures_lib.optim: Adam"])]
>>> print("\\n".join(page_rst(pages[1], pages)))
``lectures_lib.optim``
----------------------
<BLANKLINE>
More of :mod:`lectures_lib.optim`.
<BLANKLINE>
.. autoclass:: lectures_lib.optim.Adam
   :members:
<BLANKLINE>
"""

import importlib
import inspect

from lectures_lib.book import api_pages
from lectures_lib.book.api_pages import ApiPage, parse_entry

_MISSING = object()


def page_rst(page, pages=None):
    """The reStructuredText of one page: per module, a heading and autodoc directives.

    A module's own docstring goes with the first page that names it; a later page that
    names more of its members documents them one by one.

    Raises
    ------
    TypeError
        If ``page`` is not an :class:`~lectures_lib.book.api_pages.ApiPage` or ``pages`` not
        a list of them.
    ValueError
        If ``page`` is not among ``pages``, or names a module that cannot be imported or a
        member its module lacks.
    """
    pages = _check_pages(pages)
    if not isinstance(page, ApiPage):
        raise TypeError(f"page must be an ApiPage, got {type(page).__name__}")
    if page not in pages:
        raise ValueError(f"page {page.name!r} is not among the pages "
                         f"{[p.name for p in pages]}")
    earlier = {parse_entry(e)[0] for p in pages[:pages.index(page)] for e in p.modules}
    lines = []
    for entry in page.modules:
        module, members = parse_entry(entry)
        try:
            imported = importlib.import_module(module)
        except ImportError as err:
            raise ValueError(f"page {page.name!r} names the module {module!r}, which cannot be "
                             f"imported: {err}") from err
        missing = [name for name in members or () if getattr(imported, name, _MISSING) is _MISSING]
        if missing:
            raise ValueError(f"page {page.name!r} names {module}.{missing[0]}, which does not "
                             f"exist")
        title = f"``{module}``"
        lines += [title, "-" * len(title), ""]
        if module not in earlier:
            earlier.add(module)
            lines.append(f".. automodule:: {module}")
            if members != ():
                lines.append("   :members:" + (" " + ", ".join(members) if members else ""))
            lines.append("")
            continue
        lines += [f"More of :mod:`{module}`.", ""]
        for name in members or ():
            obj = getattr(imported, name)
            if inspect.isclass(obj):
                lines += [f".. autoclass:: {module}.{name}", "   :members:", ""]
            else:
                kind = "function" if inspect.isroutine(obj) else "data"
                lines += [f".. auto{kind}:: {module}.{name}", ""]
    return lines


def _short(module):
    return module.partition(".")[2] or module


def index_rst(folder, pages=None):
    """The landing page's table: each page, its one line and its modules.

    Raises
    ------
    TypeError
        If ``folder`` is not a string or ``pages`` not a list of
        :class:`~lectures_lib.book.api_pages.ApiPage`.
    ValueError
        If ``folder`` is empty.
    """
    if not isinstance(folder, str):
        raise TypeError(f"folder must be the landing page's document name, got "
                        f"{type(folder).__name__}")
    if not folder.strip("/"):
        raise ValueError(f"folder must name the landing page (e.g. 'book/api'), got {folder!r}")
    pages = _check_pages(pages)
    rows = [".. list-table::", "   :header-rows: 1", "   :widths: 16 46 38", "   :class: api-index", "",
            "   * - Page", "     - What it documents", "     - Modules"]
    for page in pages:
        modules = dict.fromkeys(parse_entry(e)[0] for e in page.modules)
        rows += [f"   * - :doc:`/{folder}/{page.name}`", f"     - {page.summary}",
                 "     - " + ", ".join(f":mod:`{_short(m)} <{m}>`" for m in modules)]
    return rows




def _check_pages(pages):
    """``pages`` (default: the table, as it is now) as a list of ``ApiPage``."""
    if pages is None:
        return api_pages.API_PAGES
    if isinstance(pages, (str, bytes, ApiPage)) or not hasattr(pages, "__iter__"):
        raise TypeError(f"pages must be a list of ApiPage, got {type(pages).__name__}")
    pages = list(pages)
    for i, page in enumerate(pages):
        if not isinstance(page, ApiPage):
            raise TypeError(f"pages[{i}] must be an ApiPage, got {type(page).__name__}")
    return pages
