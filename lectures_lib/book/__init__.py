"""The book around the chapters: showing the library's code, the notebooks, the HTML build.

* :func:`~lectures_lib.book.source.show_source` prints a function of the library in a chapter,
  so the text and the code cannot disagree (every chapter uses it),
  :mod:`~lectures_lib.book.source`;
* the chapter notebooks (the tests, ``make`` and ``python -m lectures_lib``): the files, the
  Colab setup cell and stripping, :mod:`~lectures_lib.book.notebooks`; executing a chapter
  and reading its problems, :mod:`~lectures_lib.book.execution`; the build's cache of
  executed chapters, :mod:`~lectures_lib.book.execution_cache`; the check that the prose
  quotes only numbers the chapter printed, :mod:`~lectures_lib.book.prose_numbers`;
* the Sphinx extensions of the build, named in ``_config.yml``: the layout, stylesheet and
  icon fonts, :mod:`~lectures_lib.book.build` (static files in ``lectures_lib/book/static/``),
  the figures,
  :mod:`~lectures_lib.book.figures`, the font subsets, :mod:`~lectures_lib.book.icons`, and
  the API reference, :mod:`~lectures_lib.book.api`, with its pages listed in
  :mod:`~lectures_lib.book.api_pages` and written by :mod:`~lectures_lib.book.api_rst`, its
  links with the chapters made by :mod:`~lectures_lib.book.api_links`, and the names a
  chapter's code takes from the library followed by :mod:`~lectures_lib.book.code_usage`
  (by the one name each object is known by, :mod:`~lectures_lib.book.object_keys`).

The package itself re-exports only what needs nothing beyond the standard library at import
(:mod:`~lectures_lib.book.source`, :mod:`~lectures_lib.book.api_pages`,
:mod:`~lectures_lib.book.api_rst`, :mod:`~lectures_lib.book.notebooks`,
:mod:`~lectures_lib.book.execution` and :mod:`~lectures_lib.book.execution_cache`), so that a
chapter's ``from lectures_lib.book import show_source`` works in Colab, where Sphinx and
docutils are not installed; the Sphinx extensions are imported by their module paths.

Examples
--------
>>> from lectures_lib.book import show_source, source_text
>>> source_text(source_text).splitlines()[0]
'def source_text(obj, docstring=True):'
"""

from lectures_lib.book.source import show_source, source_text
from lectures_lib.book.api_pages import API_PAGES, ApiPage, parse_entry
from lectures_lib.book.api_rst import index_rst, page_rst
from lectures_lib.book.notebooks import (chapters, colab_setup_source, read_config, repository,
                                         strip, strip_files)
from lectures_lib.book.execution import device_outputs, execute, output_problems
from lectures_lib.book.execution_cache import cached, execute_into_cache, library_hash

__all__ = ["show_source", "source_text",
           "API_PAGES", "ApiPage", "parse_entry", "page_rst", "index_rst",
           "read_config", "repository", "colab_setup_source", "chapters", "strip", "strip_files",
           "execute", "output_problems", "library_hash", "cached", "execute_into_cache",
           "device_outputs"]
