"""Budget: every course notebook opened in one lab session: server + kernels ≤ 1.2 GB
(Binder gives ~2 GB).

A JupyterLab server with the installed lab defaults (journeylib.labsettings) on a copy of
notebooks/, and Chromium (Playwright) on one page, as a learner on Binder: notebooks/nl/00..08
are opened one after another, each in a new tab, and Run All is used in each (the same waits
as the browser tests: a single, fresh kernel per notebook, execution counts 1..n, page and
server idle). With all nine open and idle, the resident memory (RSS, psutil) of the server
process and all its child processes (the kernels) is summed. Then every tab is closed (after
Save all), and the kernels left running and the memory are measured again: closing a tab shuts
its kernel down (kernelShutdown in the lab defaults).

GB here is 2^30 bytes, MB 2^20 (as in bench_notebooks.py).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_GB = 1.2
MB = 2**20


def pss(pid: int) -> float:
    """Proportional set size in MB of the server and every process below it: shared pages
    (Python, numpy, pandas libraries) counted once in all, closer to what a memory limit
    (cgroup) charges than the RSS sum, which counts them once per kernel."""
    import psutil

    server = psutil.Process(pid)
    total = 0.0
    for proc in [server, *server.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss / MB
        except (psutil.Error, AttributeError):
            pass
    return total


def memory(pid: int) -> tuple[float, float, list[float]]:
    """(total, server, [kernel...]) RSS in MB of the server and every process below it."""
    import psutil

    server = psutil.Process(pid)
    own = server.memory_info().rss / MB
    children = []
    for child in server.children(recursive=True):
        try:
            children.append(child.memory_info().rss / MB)
        except psutil.Error:
            pass
    return own + sum(children), own, children


def open_in_lab(page, lab, relpath: str, lab_helpers, timeout: float = 120) -> str:
    """Open ``relpath`` in a new tab of the running page; wait until its own kernel is
    connected and idle (page and server agree). Returns the kernel id."""
    page.evaluate("async (p) => { await window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", relpath)
    deadline = time.time() + timeout
    st: dict = {}
    while time.time() < deadline:
        st = lab_helpers.state(page, relpath)
        if st["phase"] == "panel" and st["ready"] and st["kernelId"] and st["connection"] == "connected" \
                and st["status"] == "idle":
            mine = [s for s in lab_helpers.server_sessions(lab) if s["path"] == relpath]
            if len(mine) == 1 and mine[0]["kernel"]["id"] == st["kernelId"] \
                    and mine[0]["kernel"]["execution_state"] == "idle":
                return st["kernelId"]
        time.sleep(0.25)
    raise RuntimeError(f"{relpath}: the kernel did not become ready: {st}")


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser import lab as helpers
    from tests.browser.conftest import CHROMIUM, FLAGS, MISSING

    if CHROMIUM is None:
        raise RuntimeError(MISSING)
    # the course notebooks 00..08 (the budget's); JOURNEYLIB_BENCH_ALL=1 adds the glossary (09),
    # a reference page a learner may keep open beside them
    pattern = "*.ipynb" if os.environ.get("JOURNEYLIB_BENCH_ALL") == "1" else "0[0-8]_*.ipynb"
    notebooks = [f"nl/{p.name}" for p in sorted((ROOT / "notebooks" / "nl").glob(pattern))]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with helpers.course_lab(base) as lab:
            proc, token = lab["proc"], lab["token"]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(60_000)
                page.goto(f"{lab['url']}/lab?token={token}&reset")
                page.wait_for_function("() => !!window.jupyterapp"
                                       " && window.jupyterapp.commands.hasCommand('docmanager:open')")
                page.locator(".jp-Launcher").first.wait_for()  # the lab has started
                peak = 0.0
                started = time.perf_counter()
                for relpath in notebooks:
                    kernel = open_in_lab(page, lab, relpath, helpers)
                    helpers.run_all(page, lab, relpath, kernel)
                    peak = max(peak, memory(proc.pid)[0])
                elapsed = time.perf_counter() - started
                kernels = helpers.rest(lab, "/api/kernels")
                time.sleep(3)  # let the last widgets' saves and redraws settle
                total, server, children = memory(proc.pid)
                shared_once = pss(proc.pid)
                peak = max(peak, total)
                rows.append({
                    "what": f"all {len(notebooks)} notebooks/nl open in one lab, Run All in each "
                            f"({len(kernels)} kernels; server + kernels RSS)",
                    "measured": f"{total / 1024:.2f} GB ({total:.0f} MB: server {server:.0f} MB, kernels "
                                f"{sum(children):.0f} MB, largest {max(children, default=0):.0f} MB; "
                                f"highest after a notebook {peak:.0f} MB; PSS {shared_once:.0f} MB; "
                                f"{elapsed:.0f} s)",
                    "budget": f"≤ {BUDGET_GB} GB",
                    "ok": total / 1024 <= BUDGET_GB and len(kernels) == len(notebooks),
                })
                # close every tab (saved first, so no dialog asks): their kernels must go
                page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save-all'); }")
                time.sleep(2)
                page.evaluate("async () => { await window.jupyterapp.commands.execute('application:close-all'); }")
                deadline = time.time() + 60
                while time.time() < deadline and helpers.rest(lab, "/api/kernels"):
                    time.sleep(0.5)
                left = helpers.rest(lab, "/api/kernels")
                time.sleep(2)
                total_after, server_after, _ = memory(proc.pid)
                rows.append({
                    "what": "then every tab closed: kernels left, server + kernels RSS",
                    "measured": f"{len(left)} kernels, {total_after:.0f} MB (server {server_after:.0f} MB)",
                    "budget": "0 kernels (closing a tab shuts its kernel down)",
                    "ok": not left,
                })
                browser.close()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
