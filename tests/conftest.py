"""Shared test set-up: a headless matplotlib, Dutch as the starting language, temp work dirs."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
REPO = Path(__file__).resolve().parents[1]
# Tests never write into the course's own work/ folder.
os.environ["JOURNEYLIB_WORK"] = tempfile.mkdtemp(prefix="jl-test-work-")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """nbval: each notebook starts with its own empty work folder, as under `make notebooks`,
    so its outputs never depend on which notebooks ran before it. Runs before nbval starts the
    notebook's kernel, which inherits the environment."""
    notebook = item.parent
    if item.__class__.__name__ == "IPyNbCell" and not getattr(notebook, "_jl_work", None):
        notebook._jl_work = tempfile.mkdtemp(prefix="jl-nb-work-")
        os.environ["JOURNEYLIB_WORK"] = notebook._jl_work
        os.environ.pop("JOURNEYLIB_WORKBOOK", None)


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


def pytest_collection_modifyitems(config, items):
    """Under xdist (--dist loadgroup) all cells of one notebook run on one worker, in order,
    and the browser tests are split over two groups (each worker starts its own JupyterLab)."""
    browser = 0
    for item in items:
        if item.__class__.__name__ == "IPyNbCell":
            item.add_marker(pytest.mark.xdist_group(f"nbval-{item.parent.path.name}"))
        elif "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.xdist_group(f"browser-{browser % 2}"))
            browser += 1
