"""The built course website, for any test that needs it (tests/test_book.py, the accessibility audit).

The site is built once per test session by ``tools/build_book.py`` into pytest's temporary base
folder, shared by the xdist workers (the first one builds under a file lock, the others wait for
it and reuse the result). With ``JL_BOOK_SITE=DIR`` (e.g. ``_build/book/html`` after
``make book``) the tests use that site and build nothing.

    from book_site import book_site      # tests/ is on the path, as for helpers.py; the fixture: the folder with index.html, nl/, en/

    def test_something(book_site):
        page = book_site / "nl" / "03_klantreis.html"

or, outside a fixture, ``built_site(tmp_path_factory)``.
"""
from __future__ import annotations

import fcntl
import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILDER = ROOT / "tools" / "build_book.py"
#: the seconds the last build in this process took (None: the site was reused or given)
BUILD_SECONDS: list[float] = []


def builder():
    """tools/build_book.py as a module (tools/ is not a package)."""
    if "build_book" in sys.modules:
        return sys.modules["build_book"]
    spec = importlib.util.spec_from_file_location("build_book", BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_book"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def built_site(tmp_path_factory) -> Path:
    given = os.environ.get("JL_BOOK_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            raise FileNotFoundError(f"JL_BOOK_SITE={given}: no index.html there (run make book)")
        return site
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # popen-gwN/: its parent is the session's, for every worker
        shared = shared.parent
    out = shared / "book"
    done = out / "built"
    with open(shared / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                start = time.perf_counter()
                builder().build(out)
                BUILD_SECONDS.append(time.perf_counter() - start)
                done.write_text("ok", encoding="utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return out / "html"


@pytest.fixture(scope="session")
def book_site(tmp_path_factory) -> Path:
    """The built website's root folder (index.html, nl/, en/)."""
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_nb")
    pytest.importorskip("sphinx_book_theme")
    return built_site(tmp_path_factory)
