"""lectures_lib: the code behind the lecture companion on regularization and optimization.

Each module holds one idea of the lectures, in subpackages named for what a student looks for:
``optim`` (the optimizers), ``nn`` (networks, losses, gradients, regularization), ``landscape``
(objectives, curvature, convergence theory), ``metrics``, ``training``, ``data``, ``viz``
(everything that draws), ``book`` (the book's tooling), ``exercises`` and ``speed`` (the GPU
cells' timings); the book's API reference has a page for each. Import from the subpackage,
e.g. ``from lectures_lib.nn import softmax_loss``. The few names used everywhere are
importable from the package itself.
"""

from lectures_lib.viz import figure_output
from lectures_lib.divergence import DivergenceError
from lectures_lib.runtime import describe_device, get_device, seed_everything

__version__ = "0.1.0"

figure_output.install()  # only in a kernel that executes a chapter for the book

__all__ = ["DivergenceError", "describe_device", "get_device", "seed_everything", "__version__"]
