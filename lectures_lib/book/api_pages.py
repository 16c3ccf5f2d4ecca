"""Which module is documented on which page of the book's API reference: **edit here**.

The reference has one page per group of modules, in the chapters' order. :data:`API_PAGES`
is the one place that says what each page documents; the pages and the landing page's table
are generated from it by the book's Sphinx extension (:mod:`lectures_lib.book.api`).

- To move a module to another page (for instance after moving it into a subpackage), edit
  the module lists below; nothing else changes.
- To add a page: an entry here, a file ``book/api/<name>.md`` holding the page's title and an
  ``{api-page}`` directive, and its line under ``book/api`` in ``_toc.yml`` (a test checks
  that the three agree, and that every module is documented exactly once).

Examples
--------
>>> [page.name for page in API_PAGES][:3]
['regularization', 'gradients', 'sgd_variants']
>>> print("\\n".join(page_rst(API_PAGES[3])))  # a module split over two pages
``lectures_lib.optim``
----------------------
<BLANKLINE>
More of :mod:`lectures_lib.optim`.
<BLANKLINE>
.. autoclass:: lectures_lib.optim.Adagrad
   :members:
<BLANKLINE>
.. autoclass:: lectures_lib.optim.RMSprop
   :members:
<BLANKLINE>
.. autoclass:: lectures_lib.optim.Adam
   :members:
<BLANKLINE>
.. autoclass:: lectures_lib.optim.AdamW
   :members:
<BLANKLINE>
``lectures_lib.optim.lookup``
-----------------------------
<BLANKLINE>
.. automodule:: lectures_lib.optim.lookup
   :members:
<BLANKLINE>
"""

import importlib
import inspect
from collections import namedtuple

_MISSING = object()

ApiPage = namedtuple("ApiPage", "name summary modules")
ApiPage.__doc__ = """One page of the API reference.

Parameters
----------
name : str
    The page's file name without suffix, in the folder named like the landing page
    (``"regularization"`` for ``book/api/regularization.md``).
summary : str
    One line for the landing page's table.
modules : list of str
    What the page documents, in order: ``"lectures_lib.x"`` is the module with all its
    members; ``"lectures_lib.x: A, B"`` only the members named (the module's own docstring
    goes with the first page that names the module); ``"lectures_lib.x:"`` the module's
    docstring alone.
"""

#: The API reference, page by page, in the chapters' order: **the one place that groups the
#: modules.** Each module is documented exactly once; a module split over pages by member
#: names must name every member of its ``__all__`` once (the tests check both).
API_PAGES = [
    ApiPage("regularization",
            "Weight penalties, dropout, early stopping, data augmentation",
            ["lectures_lib.nn.regularization",
             "lectures_lib.nn.inverted_dropout",
             "lectures_lib.nn.early_stopping",
             "lectures_lib.nn.augmentation",
             "lectures_lib.nn.image_augmentation"]),
    ApiPage("gradients",
            "Losses of a linear classifier, numeric and analytic gradients, descent, "
            "backpropagation, the slides' worked examples",
            ["lectures_lib.nn.losses",
             "lectures_lib.nn.gradients",
             "lectures_lib.nn.gradient_check",
             "lectures_lib.optim.descent",
             "lectures_lib.nn.backprop",
             "lectures_lib.lecture_examples"]),
    ApiPage("sgd_variants",
            "SGD with momentum and Nesterov momentum, the slides' other forms, convergence "
            "theory, 2-D test problems",
            ["lectures_lib.optim: SGD",
             "lectures_lib.optim.momentum_forms",
             "lectures_lib.optim.adam_forms",
             "lectures_lib.landscape:",
             "lectures_lib.landscape.theory",
             "lectures_lib.landscape.landscapes"]),
    ApiPage("adaptive_methods",
            "AdaGrad, RMSProp, Adam and AdamW",
            ["lectures_lib.optim: Adagrad, RMSprop, Adam, AdamW",
             "lectures_lib.optim.lookup"]),
    ApiPage("second_order",
            "The Hessian and the quadratic model, line search, Newton, BFGS and L-BFGS, "
            "diagonal scaling, test objectives",
            ["lectures_lib.landscape.curvature",
             "lectures_lib.optim.line_search",
             "lectures_lib.optim.second_order",
             "lectures_lib.optim.quasi_newton",
             "lectures_lib.optim.limited_memory",
             "lectures_lib.optim.diagonal_scaling",
             "lectures_lib.landscape.objectives"]),
    ApiPage("networks",
            "The two-layer network in NumPy, the torch MLP, a residual MLP with stochastic "
            "depth, convexity",
            ["lectures_lib.nn:",
             "lectures_lib.nn.two_layer_net",
             "lectures_lib.nn.numpy_net",
             "lectures_lib.nn.mlp",
             "lectures_lib.nn.residual",
             "lectures_lib.landscape.convexity"]),
    ApiPage("metrics_training",
            "Evaluation metrics, the training loop and its history, hyperparameter search",
            ["lectures_lib.metrics",
             "lectures_lib.training",
             "lectures_lib.history",
             "lectures_lib.tuning"]),
    ApiPage("exercises",
            "Self-check exercises: check(name, answer) and each chapter's checks",
            ["lectures_lib.exercises",
             "lectures_lib.exercises.regularization",
             "lectures_lib.exercises.gradients",
             "lectures_lib.exercises.sgd",
             "lectures_lib.exercises.adaptive",
             "lectures_lib.exercises.second_order",
             "lectures_lib.exercises.mlps",
             "lectures_lib.exercises.metrics"]),
    ApiPage("plots_widgets",
            "Figures and sliders of the chapters, the interactive linear-classifier demo",
            ["lectures_lib.viz:",
             "lectures_lib.viz.plots",
             "lectures_lib.viz.landscape_plots",
             "lectures_lib.viz.second_order_plots",
             "lectures_lib.viz.metric_plots",
             "lectures_lib.viz.widgets",
             "lectures_lib.viz.offline_widget",
             "lectures_lib.viz.redraw",
             "lectures_lib.viz.linear_classifier_demo",
             "lectures_lib.viz.demo_page",
             "lectures_lib.viz.figure_output"]),
    ApiPage("infrastructure",
            "Seeds and devices, GPU timings, divergence, data sets",
            ["lectures_lib:",
             "lectures_lib.runtime",
             "lectures_lib.speed",
             "lectures_lib.divergence",
             "lectures_lib.data"]),
    ApiPage("book_tooling",
            "Showing source code, the notebooks, the book build",
            ["lectures_lib.book:",
             "lectures_lib.book.source",
             "lectures_lib.book.notebooks",
             "lectures_lib.book.build",
             "lectures_lib.book.figures",
             "lectures_lib.book.icons",
             "lectures_lib.book.api",
             "lectures_lib.book.api_pages",
             "lectures_lib.book.code_usage"]),
]


def parse_entry(entry):
    """Split an entry of :attr:`ApiPage.modules` into the module and its members.

    Returns
    -------
    module : str
    members : tuple of str or None
        None for the whole module, an empty tuple for its docstring alone.

    Examples
    --------
    >>> parse_entry("lectures_lib.optim: SGD, Adam")
    ('lectures_lib.optim', ('SGD', 'Adam'))
    >>> parse_entry("lectures_lib.data"), parse_entry("lectures_lib:")
    (('lectures_lib.data', None), ('lectures_lib', ()))

    Raises
    ------
    TypeError
        If ``entry`` is not a string.
    ValueError
        If it names no module, or a name is not a dotted Python name.
    """
    if not isinstance(entry, str):
        raise TypeError(f"entry must be a string such as 'lectures_lib.optim: SGD', got "
                        f"{type(entry).__name__} {entry!r}")
    module, colon, members = entry.partition(":")
    if not all(part.isidentifier() for part in module.strip().split(".")):
        raise ValueError(f"entry must start with a module's dotted name, got {entry!r}")
    for member in members.split(","):
        if member.strip() and not member.strip().isidentifier():
            raise ValueError(f"entry {entry!r} names the member {member.strip()!r}, which is "
                             f"not a Python name")
    if not colon:
        return module.strip(), None
    return module.strip(), tuple(m.strip() for m in members.split(",") if m.strip())


def page_rst(page, pages=None):
    """The reStructuredText of one page: per module, a heading and autodoc directives.

    A module's own docstring goes with the first page that names it; a later page that
    names more of its members documents them one by one.

    Raises
    ------
    TypeError
        If ``page`` is not an :class:`ApiPage` or ``pages`` not a list of them.
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
        If ``folder`` is not a string or ``pages`` not a list of :class:`ApiPage`.
    ValueError
        If ``folder`` is empty.
    """
    if not isinstance(folder, str):
        raise TypeError(f"folder must be the landing page's document name, got "
                        f"{type(folder).__name__}")
    if not folder.strip("/"):
        raise ValueError(f"folder must name the landing page (e.g. 'book/api'), got {folder!r}")
    pages = _check_pages(pages)
    rows = [".. list-table::", "   :header-rows: 1", "   :class: api-index", "",
            "   * - Page", "     - What it documents", "     - Modules"]
    for page in pages:
        modules = dict.fromkeys(parse_entry(e)[0] for e in page.modules)
        rows += [f"   * - :doc:`/{folder}/{page.name}`", f"     - {page.summary}",
                 "     - " + ", ".join(f":mod:`{_short(m)} <{m}>`" for m in modules)]
    return rows




def _check_pages(pages):
    """``pages`` (default :data:`API_PAGES`) as a list of :class:`ApiPage`."""
    if pages is None:
        return API_PAGES
    if isinstance(pages, (str, bytes, ApiPage)) or not hasattr(pages, "__iter__"):
        raise TypeError(f"pages must be a list of ApiPage, got {type(pages).__name__}")
    pages = list(pages)
    for i, page in enumerate(pages):
        if not isinstance(page, ApiPage):
            raise TypeError(f"pages[{i}] must be an ApiPage, got {type(page).__name__}")
    return pages
