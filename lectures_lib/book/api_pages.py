"""Which module is documented on which page of the book's API reference: **edit here**.

The reference has one page per group of modules, in the chapters' order. :data:`API_PAGES`
is the one place that says what each page documents; the pages and the landing page's table
are generated from it by the book's Sphinx extension (:mod:`lectures_lib.book.api`).

- To move a module to another page (for instance after moving it into a subpackage), edit
  the module lists below; nothing else changes.
- To add a page: an entry here, a file ``book/api/<name>.md`` holding the page's title and an
  ``{api-page}`` directive, and its line under ``book/api`` in ``_toc.yml`` (a test checks
  that the three agree, and that every module is documented exactly once).

The pages' reStructuredText is written from it by :mod:`lectures_lib.book.api_rst`.

Examples
--------
>>> [page.name for page in API_PAGES][:3]
['regularization', 'gradients', 'sgd_variants']
"""

from collections import namedtuple

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
             "lectures_lib.nn.augmentation"]),
    ApiPage("gradients",
            "Losses of a linear classifier, numeric and analytic gradients, descent, "
            "backpropagation, the slides' worked examples",
            ["lectures_lib.nn.losses",
             "lectures_lib.nn.gradients",
             "lectures_lib.optim.descent",
             "lectures_lib.nn.backprop",
             "lectures_lib.lecture_examples"]),
    ApiPage("sgd_variants",
            "SGD with momentum and Nesterov momentum, the slides' other forms, convergence "
            "theory, 2-D test problems",
            ["lectures_lib.optim: SGD",
             "lectures_lib.optim.forms",
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
             "lectures_lib.training:",
             "lectures_lib.training.loop",
             "lectures_lib.training.prediction",
             "lectures_lib.training.progress",
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
             "lectures_lib.data:",
             "lectures_lib.data.digits",
             "lectures_lib.data.synthetic",
             "lectures_lib.data.transforms",
             "lectures_lib.data.temperatures"]),
    ApiPage("book_tooling",
            "Showing source code, the notebooks, the book build",
            ["lectures_lib.book:",
             "lectures_lib.book.source",
             "lectures_lib.book.notebooks",
             "lectures_lib.book.execution",
             "lectures_lib.book.execution_cache",
             "lectures_lib.book.build",
             "lectures_lib.book.figures",
             "lectures_lib.book.icons",
             "lectures_lib.book.api",
             "lectures_lib.book.api_links",
             "lectures_lib.book.api_pages",
             "lectures_lib.book.api_rst",
             "lectures_lib.book.code_usage",
             "lectures_lib.book.object_keys"]),
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
