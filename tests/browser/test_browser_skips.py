"""Without Chromium the browser tests skip with a reason; with JOURNEYLIB_REQUIRE_BROWSER=1
(what .ci/run sets) a missing browser fails them. Runs everywhere (needs no browser): pytest
is run on the lecture-view test with JOURNEYLIB_CHROMIUM naming a browser that is not there."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/browser/test_lecture_in_voila.py"


def run_pytest(tmp_path, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, "JOURNEYLIB_CHROMIUM": str(tmp_path / "no-chromium"), **env}
    environ.pop("PYTEST_XDIST_WORKER", None)
    environ.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rsE",
                           "-o", "addopts=", TARGET], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("required", ["", "0"])
def test_missing_chromium_skips_with_a_reason(tmp_path, required):
    result = run_pytest(tmp_path, JOURNEYLIB_REQUIRE_BROWSER=required)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "1 skipped" in out and "no-chromium is not an executable file" in out, out


def test_missing_chromium_fails_when_the_browser_is_required(tmp_path):
    result = run_pytest(tmp_path, JOURNEYLIB_REQUIRE_BROWSER="1")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "1 error" in out and "JOURNEYLIB_REQUIRE_BROWSER=1 but JOURNEYLIB_CHROMIUM=" in out, out
    assert "skipped" not in out and "xfail" not in out, out
