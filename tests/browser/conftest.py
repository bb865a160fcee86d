"""Real browser tests: Playwright for Python driving Debian's Chromium against JupyterLab
(and Voila) on 127.0.0.1 with a random token.

Without Chromium these tests skip with a reason, unless JOURNEYLIB_REQUIRE_BROWSER=1
(set by .ci/run), which turns a missing browser into a failure.
"""
from __future__ import annotations

import os
import shutil
import time
import urllib.error
import urllib.request

import pytest

from .lab import course_lab, rest, shot

REQUIRED = os.environ.get("JOURNEYLIB_REQUIRE_BROWSER") == "1"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def find_chromium() -> tuple[str | None, str | None]:
    """(path, None) or (None, why not). JOURNEYLIB_CHROMIUM names a browser explicitly."""
    named = os.environ.get("JOURNEYLIB_CHROMIUM")
    if named:
        if os.path.isfile(named) and os.access(named, os.X_OK):
            return named, None
        return None, f"JOURNEYLIB_CHROMIUM={named} is not an executable file"
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        return None, "Chromium not found (apt-get install chromium)"
    return found, None


CHROMIUM, MISSING = find_chromium()
MISSING_KEY = pytest.StashKey[str]()


def pytest_collection_modifyitems(config, items):
    """Browser tests (marked `browser`) skip with a reason when Chromium or Playwright is
    missing; with JOURNEYLIB_REQUIRE_BROWSER=1 they fail instead (an error in their setup)."""
    reason = MISSING
    if reason is None:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install playwright)"
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("browser") is None:
            continue
        if REQUIRED:
            item.stash[MISSING_KEY] = reason
        else:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item):
    reason = item.stash.get(MISSING_KEY, None)
    if reason:
        pytest.fail(f"JOURNEYLIB_REQUIRE_BROWSER=1 but {reason}", pytrace=False)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of notebooks/ (so Run All never changes the repo's files).
    One per xdist worker; the `page` fixture gives every test an empty work folder."""
    with course_lab(tmp_path_factory.mktemp("lab"), args=["--ServerApp.open_browser=False"]) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def shutdown_kernels(lab, timeout: float = 60) -> None:
    """Stop every session (and its kernel) the server runs, and wait until none is left: each
    test starts from a server without kernels."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        sessions = rest(lab, "/api/sessions")
        for session in sessions:
            try:
                rest(lab, f"/api/sessions/{session['id']}", method="DELETE")
            except urllib.error.HTTPError as exc:
                if exc.code != 404:  # already gone
                    raise
        kernels = rest(lab, "/api/kernels")
        if not sessions and not kernels:
            return
        for kernel in kernels:  # a kernel without a session (should not happen)
            try:
                rest(lab, f"/api/kernels/{kernel['id']}", method="DELETE")
            except urllib.error.HTTPError as exc:
                if exc.code != 404:
                    raise
        time.sleep(0.2)
    raise RuntimeError(f"kernels still running on the test server: {rest(lab, '/api/kernels')}")


@pytest.fixture(scope="session")
def lab_context(browser, lab):
    """One browser context per server: its HTTP cache keeps JupyterLab's scripts between tests
    (each test still gets its own page, kernel and work folder)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(lab_context, request, lab):
    """A fresh page on a server without kernels and with an empty work folder (no answers or
    language left over from another notebook's test)."""
    shutdown_kernels(lab)
    shutil.rmtree(lab["work"], ignore_errors=True)
    lab["work"].mkdir()
    pg = lab_context.new_page()
    pg.set_default_timeout(60_000)
    try:
        yield pg
    finally:
        shot(pg, request.node.name)
        pg.close()
        shutdown_kernels(lab)
