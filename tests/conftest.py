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

