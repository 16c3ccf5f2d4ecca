"""Every public function and class of lectures_lib, handed garbage: a clear error or a result.

The other ``test_bad_input_*`` files check each module's messages and its numbers at the
extremes. This one walks the whole package, so that a function added later cannot miss the
policy in ``lectures_lib/_checks.py``: called with a bad value for every required argument, it
must raise a TypeError or ValueError (or the library's DivergenceError) with a message, never
an IndexError, KeyError, AttributeError or ZeroDivisionError from deep inside.
"""

import importlib
import inspect
import pkgutil
import warnings

import numpy as np
import pytest

import lectures_lib
from lectures_lib.divergence import DivergenceError

# Book tooling runs notebooks, Sphinx and timers: it is checked in test_bad_input_presentation.
SKIP_MODULES = {"lectures_lib.book.notebooks", "lectures_lib.book.execution",
                "lectures_lib.book.execution_cache", "lectures_lib.book.build", "lectures_lib.book.api",
                "lectures_lib.book.api_links", "lectures_lib.book.api_pages", "lectures_lib.book.api_rst",
                "lectures_lib.book.code_usage", "lectures_lib.book.object_keys", "lectures_lib.__main__"}
# The exercises' checkers answer a wrong answer with their own Wrong (check() turns it into
# a verdict): they are tested in test_exercises. The GPU cells' timings (speed) are book
# tooling too: checked in test_bad_input_nets.
SKIP_PACKAGES = ("lectures_lib.exercises", "lectures_lib.speed")
BAD_VALUES = [None, "text", float("nan"), -1, [], object(), {"a": 1}, np.array([[np.inf]])]
CLEAR = (TypeError, ValueError, DivergenceError)


def public_callables():
    found = []
    for info in pkgutil.walk_packages(lectures_lib.__path__, "lectures_lib."):
        name = info.name
        if name in SKIP_MODULES or name.startswith(SKIP_PACKAGES) or "._" in name:
            continue
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj) or (inspect.isclass(obj)
                                           and not issubclass(obj, BaseException)):
                found.append((f"{name}.{attr}", obj))
    return found


def required_positional(func):
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [p for p in signature.parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            and p.name not in ("self", "cls")]


CALLABLES = [(name, obj) for name, obj in public_callables() if required_positional(obj)]


def test_the_walk_finds_the_library():
    names = {name for name, _ in CALLABLES}
    assert len(CALLABLES) > 150
    assert {"lectures_lib.nn.losses.softmax_loss", "lectures_lib.metrics.roc.roc_auc_score",
            "lectures_lib.optim.adam.Adam", "lectures_lib.training.loop.fit"} <= names


@pytest.mark.parametrize("name, func", CALLABLES, ids=[name for name, _ in CALLABLES])
def test_garbage_in_gives_a_clear_error(name, func):
    n = len(required_positional(func))
    for bad in BAD_VALUES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                func(*[bad] * n)
            except CLEAR as err:
                message = str(err)
                assert message, f"{name}({bad!r}, ...) raised {type(err).__name__} without a message"
                assert "positional argument" not in message and "unexpected keyword" not in message
            except Exception as err:  # noqa: BLE001 - what this test is looking for
                pytest.fail(f"{name}({bad!r}, ...) raised {type(err).__name__}: {err}")
