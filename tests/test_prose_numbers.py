"""The check that a chapter's prose quotes only numbers its cells printed."""

import pytest

from lectures_lib.book.prose_numbers import unquoted_numbers


def chapter(prose, printed="", code="x = 1"):
    cell = {"cell_type": "code", "source": code,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": printed}]}
    return {"cells": [cell, {"cell_type": "markdown", "source": prose}]}, {"cells": [cell]}


@pytest.mark.parametrize("prose, printed, code", [
    ("the loss falls to 0.127", "val loss 0.127 (8)", ""),              # as printed
    ("steps 3 to 6.6 times too long", "largest step: 6.57 lr", ""),      # its rounding
    ("97.2% validation accuracy", "accuracy 0.9718", ""),                # a fraction printed
    ("97.2% validation accuracy", "accuracy 97.2%", ""),
    ("with a momentum of 0.90", "", "opt = SGD(p, lr=0.1, momentum=0.9)"),   # a setting
    ("converged in 63 iterations", "after 63 iterations", ""),
    ("the 4,810 weights", "4,810 weights; converged", ""),
    ("the rate $0.25^k$, `lr=0.5` and {math}`0.3`", "", ""),           # math and code
    ("after 30 epochs", "", "fit(model, epochs=30)"),
])
def test_numbers_the_chapter_printed_or_set_pass(prose, printed, code):
    source, executed = chapter(prose, printed, code or "x = 1")
    assert unquoted_numbers(source, executed) == []


@pytest.mark.parametrize("prose, printed", [
    ("the loss falls to 0.128", "val loss 0.127 (8)"),      # stale
    ("steps 6.57 times too long", "largest step: 6.6 lr"),  # more digits than printed
    ("to 97.5% validation accuracy", "accuracy 97.2%"),
    ("converged in 73 iterations", "after 63 iterations"),
    ("the 4,811 weights", "4,810 weights"),
    ("a rise of 0.97%", "accuracy 0.9718"),                # a fraction is read as 97.18%
])
def test_a_number_no_cell_printed_is_reported_with_its_context(prose, printed):
    source, executed = chapter(prose, printed)
    (problem,) = unquoted_numbers(source, executed)
    assert problem.startswith("cell 1: '") and prose.split()[-2] in problem


def test_a_list_source_and_an_executed_copy_without_markdown_are_read():
    source, executed = chapter(["rate ", "0.5 per step"], "rate 0.5\n")
    assert unquoted_numbers(source, executed) == []


@pytest.mark.parametrize("bad", [None, {"cells": None}, [], "chapter.ipynb"])
def test_what_is_not_a_notebook_is_refused(bad):
    with pytest.raises(TypeError, match="source must be a notebook with a list of cells"):
        unquoted_numbers(bad, {"cells": []})
    with pytest.raises(TypeError, match="executed must be a notebook"):
        unquoted_numbers({"cells": []}, bad)
