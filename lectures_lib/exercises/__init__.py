"""Self-check exercises: ``check(name, answer)`` says whether an answer is right.

Every exercise at the end of a chapter has a cell for the student's answer and a check from
this package, in the spirit of otter-grader's ``grader.check("q1")``::

    answer = ...            # replace ... with your answer
    check("smallest-l2", answer)

The check prints one line: ``✓`` and why it is right, ``✗`` and a hint for the typical
mistake (never the solution), or a reminder that the placeholder ``...`` is still there.
Right answers count in any equivalent form: numbers within a tolerance, arrays of the right
shape as lists, NumPy arrays or tensors, and functions by running them on fresh random
inputs against the library. The checks live in the installed package, so they work the same
in Jupyter, in Colab and in the book.

One module per chapter defines its exercises with :func:`exercise`; :data:`EXERCISES` maps
each name to its chapter and question, :func:`judge` returns the :class:`Verdict` that
:func:`check` prints.
"""

import difflib
import dis
import textwrap
from typing import Callable, NamedTuple

import numpy as np

#: What ``check`` prints first: the book build fails on an executed ``WRONG`` line.
RIGHT, WRONG, UNANSWERED = "✓", "✗", "…"


class Verdict(NamedTuple):
    """The outcome of a check: ``correct`` is None while the answer is the placeholder."""

    correct: object   # True, False or None
    message: str


class Exercise(NamedTuple):
    name: str
    chapter: int
    question: str
    judge: Callable


#: name -> Exercise, filled by the chapter modules at import.
EXERCISES = {}


class Wrong(Exception):
    """Raised inside a judge: the answer is wrong (or malformed), with this hint."""


def exercise(name, chapter, question):
    """Register ``judge(answer) -> str`` as the check of exercise ``name``.

    The judge returns the message for a right answer and raises :class:`Wrong` with a hint
    otherwise; :func:`judge` turns both into a :class:`Verdict`.
    """
    def register(function):
        if name in EXERCISES:
            raise ValueError(f"exercise {name!r} is defined twice")
        EXERCISES[name] = Exercise(name, chapter, question, function)
        return function
    return register


def judge(name, answer):
    """The :class:`Verdict` on ``answer`` to exercise ``name``, without printing it."""
    exercise_ = _lookup(name)
    if answer is ...:
        return Verdict(None, f"{UNANSWERED} Not answered yet: replace the ... in the cell with "
                             f"your answer and run the cell again.")
    if _is_stub(answer):
        return Verdict(None, f"{UNANSWERED} Not answered yet: write the body of the function "
                             f"in place of its ... and run the cell again.")
    try:
        return Verdict(True, f"{RIGHT} Right. {exercise_.judge(answer)}".rstrip())
    except Wrong as hint:
        return Verdict(False, f"{WRONG} Not yet: {hint}")


def check(name, answer):
    """Print whether ``answer`` to exercise ``name`` is right, with a hint when it is not.

    Parameters
    ----------
    name : str
        The exercise's name, as given in its cell (see :data:`EXERCISES`).
    answer : object
        A number, an array, a function..., as the question asks; ``...`` while unanswered.

    Examples
    --------
    >>> check("smallest-l2", ...)
    … Not answered yet: replace the ... in the cell with your answer and run the cell
      again.
    >>> check("smallest-l2", [1, 0, 0, 0])  # doctest: +ELLIPSIS
    ✗ Not yet: that is the lecture's w1, all the weight on one input: its L2 penalty
      is 1. L2 prefers weights spread out over the inputs.
    """
    print(textwrap.fill(judge(name, answer).message, 80, subsequent_indent="  ",
                        break_on_hyphens=False))


def _lookup(name):
    if not isinstance(name, str):
        raise TypeError(f"name must be an exercise's name (a str), got {type(name).__name__}")
    if name not in EXERCISES:
        close = difflib.get_close_matches(name, EXERCISES, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"no exercise is called {name!r}{hint} (see "
                         f"lectures_lib.exercises.EXERCISES)")
    return EXERCISES[name]


# -- reading answers: each helper raises Wrong with what was expected ------------------------

def number(answer, what="your answer"):
    """``answer`` as a float: an int, a float, a NumPy scalar, a 0-d array or tensor."""
    if isinstance(answer, (bool, np.bool_)) or isinstance(answer, str):
        raise Wrong(f"{what} should be a number, got {answer!r}")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be a number, got {type(answer).__name__}") from None
    if value.size != 1:
        raise Wrong(f"{what} should be one number, got {value.size} of them")
    value = float(value.reshape(()))
    if not np.isfinite(value):
        raise Wrong(f"{what} should be a finite number, got {value}")
    return value


def numbers(answer, shape, what="your answer"):
    """``answer`` as a float array of ``shape``: a list, tuple, array or tensor."""
    try:
        array = np.asarray(_detached(answer), dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be numbers of shape {shape}, got "
                    f"{type(answer).__name__}") from None
    if array.shape != tuple(shape):
        raise Wrong(f"{what} should have shape {tuple(shape)}, got {array.shape}")
    if not np.isfinite(array).all():
        raise Wrong(f"{what} has NaN or infinite entries")
    return array


def one_of(answer, options, what="your answer"):
    """``answer`` as the option of ``options`` (numbers) it equals, for a choice question."""
    value = number(answer, what)
    for option in options:
        if close(value, option):
            return option
    raise Wrong(f"{what} should be one of {tuple(options)}, got {value:g}")


def boolean(answer, what="your answer"):
    """``answer`` as a bool: True or False (a NumPy bool too), nothing else."""
    if not isinstance(answer, (bool, np.bool_)):
        raise Wrong(f"{what} should be True or False, got {answer!r}")
    return bool(answer)


def function(answer, what="your answer"):
    """``answer`` if it can be called."""
    if not callable(answer):
        raise Wrong(f"{what} should be a function (def ...), got {type(answer).__name__}")
    return answer


def call(fn, *args, what="your function"):
    """``fn(*args)``; an exception inside it becomes a hint that names it."""
    try:
        return fn(*args)
    except Exception as err:  # the student's code: report it, do not crash the check
        raise Wrong(f"{what} raised {type(err).__name__}: {err}") from None


def close(value, target, rtol=1e-6, atol=1e-9):
    """Whether ``value`` and ``target`` agree within the tolerances (arrays elementwise)."""
    return bool(np.allclose(value, target, rtol=rtol, atol=atol))


def _is_stub(answer):
    """Whether ``answer`` is a function that does nothing: its body only ``...``, a docstring
    or comments (Python compiles all of them to ``return None``)."""
    code = getattr(answer, "__code__", None)
    if code is None:
        return False
    ops = [(i.opname, i.argval) for i in dis.get_instructions(code)
           if i.opname not in ("RESUME", "NOP", "CACHE")]
    return ops in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)])


def _detached(answer):
    detach = getattr(answer, "detach", None)
    return detach().cpu().numpy() if callable(detach) else answer


from lectures_lib.exercises import (adaptive, gradients, metrics, mlps,  # noqa: E402,F401
                                    regularization, second_order, sgd)

__all__ = ["EXERCISES", "Exercise", "Verdict", "Wrong", "boolean", "call", "check", "close",
           "exercise", "function", "judge", "number", "numbers", "one_of"]
