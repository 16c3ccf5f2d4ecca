"""Which module is documented on which page of the book's API reference: **edit here**.

The reference has a page per subpackage, named like it (two for ``viz``); ``training`` and
``foundations`` gather the top-level modules and the small packages ``data`` and ``speed``.
:data:`API_PAGES` is the one place that says what each page documents; the pages and the
landing page's table are generated from it by the book's Sphinx extension
(:mod:`lectures_lib.book.api`).

- To move a module to another page (for instance after moving it into a subpackage), edit
  the module lists below; nothing else changes.
- To add a page: an entry here, a file ``book/api/<name>.md`` holding the page's title and an
  ``{api-page}`` directive, and its line under ``book/api`` in ``_toc.yml`` (a test checks
  that the three agree, and that every module is documented exactly once).

The pages' reStructuredText is written from it by :mod:`lectures_lib.book.api_rst`.

Examples
--------
>>> [page.name for page in API_PAGES]
['optim', 'nn', 'landscape', 'metrics', 'training', 'foundations', 'exercises', 'viz_figures',
 'viz_widgets', 'book']
"""

from collections import namedtuple

ApiPage = namedtuple("ApiPage", "name summary modules")
ApiPage.__doc__ = """One page of the API reference.

Parameters
----------
name : str
    The page's file name without suffix, in the folder named like the landing page
    (``"optim"`` for ``book/api/optim.md``).
summary : str
    One line for the landing page's table.
modules : list of str
    What the page documents, in order: ``"lectures_lib.x"`` is the module with all its
    members; ``"lectures_lib.x: A, B"`` only the members named (the module's own docstring
    goes with the first page that names the module); ``"lectures_lib.x:"`` the module's
    docstring alone.
"""

#: The API reference, page by page: **the one place that groups the modules.** One page per
#: subpackage (two for ``viz``, which would be over 300 KB on one), from the numerics up to
#: the figures and the book's tooling, so that the reference reads like the library's
#: folders. Each module is documented exactly once; a module split over pages by member
#: names must name every member of its ``__all__`` once (the tests check both).
API_PAGES = [
    ApiPage("optim",
            "The optimizers: SGD with momentum and Nesterov momentum and the slides' other "
            "forms, AdaGrad, RMSProp, Adam, AdamW; plain descent, line search, Newton, BFGS, "
            "L-BFGS, diagonal scaling (used in every chapter; chapters 2-5 are about them)",
            ["lectures_lib.optim",
             "lectures_lib.optim.momentum_forms",
             "lectures_lib.optim.adam_forms",
             "lectures_lib.optim.lookup",
             "lectures_lib.optim.descent",
             "lectures_lib.optim.line_search",
             "lectures_lib.optim.newton",
             "lectures_lib.optim.quasi_newton",
             "lectures_lib.optim.limited_memory",
             "lectures_lib.optim.diagonal_scaling",
             "lectures_lib.optim.torch_runs"]),
    ApiPage("nn",
            "Networks and their pieces: losses, numeric and analytic gradients, "
            "backpropagation, weight penalties, dropout, early stopping, data augmentation, "
            "the NumPy and torch MLPs (used in every chapter; chapters 1, 2 and 6 are about them)",
            ["lectures_lib.nn:",
             "lectures_lib.nn.losses",
             "lectures_lib.nn.gradients",
             "lectures_lib.nn.gradient_check",
             "lectures_lib.nn.backprop",
             "lectures_lib.nn.regularization",
             "lectures_lib.nn.inverted_dropout",
             "lectures_lib.nn.early_stopping",
             "lectures_lib.nn.augmentation",
             "lectures_lib.nn.image_augmentation",
             "lectures_lib.nn.two_layer_net",
             "lectures_lib.nn.numpy_net",
             "lectures_lib.nn.mlp",
             "lectures_lib.nn.residual"]),
    ApiPage("landscape",
            "Loss landscapes: convergence theory, 2-D test problems and toy runs, the "
            "Hessian and the quadratic model, test objectives, convexity (chapters 3-6)",
            ["lectures_lib.landscape:",
             "lectures_lib.landscape.theory",
             "lectures_lib.landscape.moving_average",
             "lectures_lib.landscape.landscapes",
             "lectures_lib.landscape.runs",
             "lectures_lib.landscape.online",
             "lectures_lib.landscape.curvature",
             "lectures_lib.landscape.curvature_cost",
             "lectures_lib.landscape.objectives",
             "lectures_lib.landscape.convexity",
             "lectures_lib.landscape.network_loss"]),
    ApiPage("metrics",
            "Evaluation metrics: confusion matrix, precision, recall, F1, PR and ROC curves, "
            "IoU (chapter 7)",
            ["lectures_lib.metrics"]),
    ApiPage("training",
            "The training loop, its history, divergence checks, hyperparameter search "
            "(chapters 1 and 3-7)",
            ["lectures_lib.training:",
             "lectures_lib.training.loop",
             "lectures_lib.training.prediction",
             "lectures_lib.training.progress",
             "lectures_lib.history",
             "lectures_lib.divergence",
             "lectures_lib.tuning"]),
    ApiPage("foundations",
            "Seeds and devices, the data sets, GPU timings, the slides' worked examples "
            "(every chapter)",
            ["lectures_lib:",
             "lectures_lib.runtime",
             "lectures_lib.data:",
             "lectures_lib.data.digits",
             "lectures_lib.data.synthetic",
             "lectures_lib.data.transforms",
             "lectures_lib.data.temperatures",
             "lectures_lib.speed:",
             "lectures_lib.speed.workloads",
             "lectures_lib.speed.timing",
             "lectures_lib.speed.reports",
             "lectures_lib.lecture_examples"]),
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
    ApiPage("viz_figures",
            "The chapters' figures: their look, loss curves, decision regions, optimizer "
            "paths, second-order methods, metric curves; how a figure reaches the book",
            ["lectures_lib.viz:",
             "lectures_lib.viz.plots",
             "lectures_lib.viz.finite_difference_plots",
             "lectures_lib.viz.animations",
             "lectures_lib.viz.boundary_plots",
             "lectures_lib.viz.landscape_plots",
             "lectures_lib.viz.second_order_plots",
             "lectures_lib.viz.metric_plots",
             "lectures_lib.viz.figure_output",
             "lectures_lib.viz.alt_text"]),
    ApiPage("viz_widgets",
            "Sliders and the figures they redraw, their kernel-free copies in the HTML book, "
            "the interactive linear-classifier demo",
            ["lectures_lib.viz.widgets",
             "lectures_lib.viz.controls",
             "lectures_lib.viz.offline_widget",
             "lectures_lib.viz.offline_values",
             "lectures_lib.viz.redraw",
             "lectures_lib.viz.linear_classifier_demo",
             "lectures_lib.viz.linear_classifier_2d",
             "lectures_lib.viz.demo_page"]),
    ApiPage("book",
            "Showing source code, the notebooks, the book build",
            ["lectures_lib.book:",
             "lectures_lib.book.source",
             "lectures_lib.book.notebooks",
             "lectures_lib.book.execution",
             "lectures_lib.book.execution_cache",
             "lectures_lib.book.prose_numbers",
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
