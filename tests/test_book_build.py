"""The book's Sphinx extension: what it sets up before the chapters execute."""

import os

from lectures_lib import book_build
from lectures_lib.training import PROGRESS_ENV, progress_enabled


class FakeApp:
    def __init__(self):
        self.handlers = []

    def connect(self, event, handler, priority=500):
        self.handlers.append(event)


def test_the_build_switches_progress_bars_off_for_its_kernels(monkeypatch):
    monkeypatch.setenv(PROGRESS_ENV, "1")  # recorded, so that teardown restores the original
    monkeypatch.delenv(PROGRESS_ENV)
    assert progress_enabled()  # a person in Jupyter gets bars
    app = FakeApp()
    book_build.setup(app)
    assert os.environ[PROGRESS_ENV] == "0" and not progress_enabled()
    assert "build-finished" in app.handlers and "config-inited" in app.handlers


def test_an_explicit_choice_is_kept(monkeypatch):
    monkeypatch.setenv(PROGRESS_ENV, "1")
    book_build.setup(FakeApp())
    assert os.environ[PROGRESS_ENV] == "1"
