"""Progress bars of training: on for a person watching, off for the book's build and tests.

:func:`~lectures_lib.training.loop.fit` shows one (tqdm's notebook-aware bar) unless told
otherwise. Set the environment variable ``LECTURES_LIB_PROGRESS=0`` to turn them off
everywhere (the book's build and tests do, so pages carry no progress-bar output), or pass
``progress=True``/``False`` to one call.
"""

import os

#: The environment variable that switches progress bars off when set to "0".
PROGRESS_ENV = "LECTURES_LIB_PROGRESS"


def progress_enabled(progress=None):
    """Whether to show a progress bar: ``progress`` if given, else the environment's choice.

    Bars are shown unless ``LECTURES_LIB_PROGRESS`` is ``0``, ``false``, ``no`` or ``off``.

    Examples
    --------
    >>> progress_enabled(False)
    False
    """
    if progress is not None:
        if not isinstance(progress, bool):
            raise TypeError(f"progress must be True, False or None, got {progress!r}")
        return progress
    return os.environ.get(PROGRESS_ENV, "1").strip().lower() not in ("0", "false", "no", "off")
