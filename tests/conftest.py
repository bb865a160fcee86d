"""Shared test set-up: a headless matplotlib, Dutch as the starting language, temp work dirs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
REPO = Path(__file__).resolve().parents[1]
@pytest.fixture(autouse=True)
def _language_and_figures():
    """Every test starts in Dutch and leaves no open figures behind."""
    import journeylib

    journeylib.set_language("nl")
    yield
    journeylib.set_language("nl")
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def repo() -> Path:
    return REPO


# --------------------------------------------------------------------------- widget tests

@pytest.fixture
def close_widgets(_language_and_figures):
    """Close the ipywidgets a test made, so later language switches do not redraw them.

    Not autouse: it imports ipywidgets and runs a full garbage collection after every test,
    which the other tests do not need. Widget test files ask for it with
    ``pytestmark = pytest.mark.usefixtures("close_widgets")``. It depends on
    ``_language_and_figures`` so that it closes the widgets before the language is reset.
    """
    import gc

    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    yield
    for key in set(_instances) - before:
        widget = _instances.get(key)
        if widget is not None:
            widget.close()
    gc.collect()


@pytest.fixture
def open_session(tmp_path):
    """``open_session(case=None, name=None)`` opens ``tmp_path/<name>.workbook.json``, a new
    workbook (from the shipped ``case``, or empty) that saves at once (``delay=0``); every
    session opened is closed after the test. Without a name: ``<case or 'empty'>-<n>``."""
    from journeylib.store import open_workbook

    opened = []

    def open_(case=None, name=None):
        path = tmp_path / f"{name or (case or 'empty') + f'-{len(opened)}'}.workbook.json"
        assert all(s.path != path for s in opened), f"{path.name} is open already"
        opened.append(open_workbook(path, case=case, delay=0))
        return opened[-1]

    yield open_
    for session in opened:
        session.close()


@pytest.fixture
def airlines(open_session):
    """A session on the shipped airlines case (Hopla Air)."""
    return open_session("airlines")


@pytest.fixture
def empty(open_session):
    """A session on a new, empty workbook."""
    return open_session()
