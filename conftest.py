"""Set-up shared by tests/ and the nbval run over notebooks/ (a conftest in tests/ would not
apply to the notebooks)."""
from __future__ import annotations

import os
import tempfile

import pytest

# Tests never write into the course's own work/ folder.
os.environ["JOURNEYLIB_WORK"] = tempfile.mkdtemp(prefix="jl-test-work-")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    """nbval: each notebook starts with its own empty work folder, as under `make notebooks`,
    so its outputs never depend on which notebooks ran before it, and with the inline
    matplotlib backend (the tests themselves use Agg). The kernel, started during the setup of
    a notebook's first cell, inherits the environment; the tests' environment is restored after."""
    notebook = item.parent
    if item.__class__.__name__ != "IPyNbCell" or getattr(notebook, "_jl_work", None):
        yield
        return
    notebook._jl_work = tempfile.mkdtemp(prefix="jl-nb-work-")
    saved = {k: os.environ.get(k) for k in ("JOURNEYLIB_WORK", "JOURNEYLIB_WORKBOOK", "MPLBACKEND")}
    os.environ["JOURNEYLIB_WORK"] = notebook._jl_work
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ.pop("JOURNEYLIB_WORKBOOK", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Under xdist (--dist loadgroup) the browser tests are split over one group per worker, two
    to four groups (the worker of a group starts its own JupyterLab and Chromium, and runs the
    group's notebooks one after the other). nbval runs without xdist (see the Makefile)."""
    workers = getattr(config, "workerinput", {}).get("workercount", 2)
    groups = max(2, min(int(workers), 4))
    browser = 0
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.xdist_group(f"browser-{browser % groups}"))
            browser += 1
