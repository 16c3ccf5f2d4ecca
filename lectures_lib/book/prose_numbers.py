"""The numbers a chapter's prose quotes, checked against what its code printed.

A chapter's text says what its experiments show ("the validation loss falls to 0.127 at epoch
8"). When the code or the library changes, the printed numbers move and the text can go on
quoting the old ones; nothing fails, and a student reads a number that no cell prints.
:func:`unquoted_numbers` finds them: every decimal number of the prose (``0.127``,
``97.2%``) must be one that a code cell of the chapter printed, or one of its settings (a
number written in a code cell, such as a momentum of 0.9), or the rounding of one of them
(``6.6`` for a printed ``6.57``). Numbers in math, in code spans and in MyST roles are the
formulas' and the code's, not quotations, and are left out. ``tests/test_chapters.py`` runs it
on every chapter's executed outputs.
"""

import math
import re

#: Where the prose is not quoting: math, code spans, roles and their targets, links' targets,
#: MyST comments.
_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|\{[\w:-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)"
                        r"|^%.*$", re.S | re.M)
#: A decimal number, maybe a percentage, not part of a longer token (a version, a date); or
#: a count of what a run did ("73 iterations", "4,810 weights").
_QUOTED = re.compile(r"(?<![\w.,-])(\d+\.\d+)(%?)(?![\w]|\.\d)"
                     r"|(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)(?=\s+(?:iterations?|steps?|"
                     r"evaluations?|epochs?|weights|parameters)\b)")
_PRINTED = re.compile(r"(?<![\w.])-?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)(%?)", re.I)


def _cell_text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _printed_text(cell):
    """What a code cell printed: its streams and plain-text results."""
    parts = []
    for out in cell.get("outputs", []):
        text = out.get("text")
        if text is not None:
            parts.append("".join(text) if isinstance(text, list) else text)
        for kind in ("text/plain", "text/html", "text/markdown"):
            value = out.get("data", {}).get(kind)
            if value is not None:
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def _values(text):
    """Each number in ``text`` as (value, decimals, is a percentage)."""
    found = []
    for match in _PRINTED.finditer(text):
        digits, percent = match.group(1).replace(",", ""), match.group(2) == "%"
        mantissa = digits.lower().split("e")[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        found.append((float(digits), decimals, percent))
    return found


def _matches(quoted, decimals, percent, printed):
    """Whether the prose's ``quoted`` number is a printed one, or its rounding."""
    for value, their_decimals, their_percent in printed:
        if percent and not their_percent and 0 <= value <= 1:
            value, their_decimals = 100 * value, their_decimals - 2  # a fraction printed
        if their_decimals >= decimals and math.isclose(round(value, decimals), quoted,
                                                       rel_tol=0, abs_tol=1e-9):
            return True
    return False


def unquoted_numbers(source, executed):
    """The decimal numbers of the prose that the chapter neither printed nor set.

    Parameters
    ----------
    source : dict
        The chapter as stored (its Markdown cells hold the prose), as ``nbformat`` or
        ``json`` reads it.
    executed : dict
        The chapter executed: its code cells with their outputs (Markdown cells may be
        missing, as in the execution cache).

    Returns
    -------
    list of str
        One line per number no output or setting accounts for, with the cell and its
        context, e.g. ``"cell 33: '... falls to 0.128 at epoch 8 ...'"``; empty when every
        quoted number is accounted for.

    Raises
    ------
    TypeError
        If ``source`` or ``executed`` is not a notebook (a mapping with a list of ``cells``).

    Examples
    --------
    >>> code = {"cell_type": "code", "source": "print(0.5 * 0.2554)",
    ...         "outputs": [{"output_type": "stream", "text": "0.1277\\n"}]}
    >>> prose = {"cell_type": "markdown", "source": "Half of 0.2554 is 0.128, not 0.125."}
    >>> unquoted_numbers({"cells": [code, prose]}, {"cells": [code]})
    ["cell 1: 'Half of 0.2554 is 0.128, not 0.125.'"]
    """
    for name, notebook in (("source", source), ("executed", executed)):
        if not hasattr(notebook, "get") or not isinstance(notebook.get("cells"), list):
            raise TypeError(f"{name} must be a notebook with a list of cells, got "
                            f"{type(notebook).__name__}")
    code = [cell for cell in executed["cells"] if cell.get("cell_type") == "code"]
    printed = _values("\n".join(_printed_text(cell) for cell in code))
    settings = {value for value, _, _ in _values("\n".join(_cell_text(cell) for cell in code))}
    problems = []
    for index, cell in enumerate(source["cells"]):
        if cell.get("cell_type") != "markdown":
            continue
        prose = _NOT_PROSE.sub(" ", _cell_text(cell))
        for match in _QUOTED.finditer(prose):
            number = match.group(1) or match.group(3).replace(",", "")
            decimals = len(number.split(".")[1]) if "." in number else 0
            if float(number) in settings:                   # "a momentum of 0.90"
                continue
            if not _matches(float(number), decimals, match.group(2) == "%", printed):
                context = " ".join(prose[max(0, match.start() - 60):match.end() + 30].split())
                problems.append(f"cell {index}: '{context}'")
    return problems
