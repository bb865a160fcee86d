"""Driving JupyterLab from Playwright: open a notebook, Run All, wait on real signals, collect
problems.

The waits read the state JupyterLab itself keeps (the server runs with
``--LabApp.expose_app_in_browser``, as JupyterLab's own Galata tests do, so ``window.jupyterapp``
is there) and the server's REST API, never how the page happens to look:

* a notebook is ready when its session exists on the server (one session, one fresh kernel),
  the page's kernel is *connected* and both sides say *idle*. The toolbar's execution indicator
  says "idle" before any session exists; Run All clicked then raced the session start (a
  second kernel was started, the first shut down, and the queued cells were lost: "[1]: [ ]:
  [ ]:");
* the stored notebooks carry outputs and execution counts ([1], [2], ...), so the prompts
  alone say "done" before the run has started: the outputs are cleared first, and the run is
  done when every code cell of the model has an execution count from this kernel (exactly
  1..n for one Run All on a fresh kernel), no cell is running and the kernel is idle;
* an error output, a dialog, a replaced kernel or a run that stops moving fails at once, with
  what was seen.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots"  # git-ignored (.gitignore)

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# the notebook panel for `path` and what its model and kernel say now
STATE = """(path) => {
  const app = window.jupyterapp;
  if (!app) return {phase: 'no-app'};
  let panel = null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.model) panel = w;
  }
  if (!panel) return {phase: 'no-panel'};
  const sc = panel.sessionContext;
  const kernel = sc.session ? sc.session.kernel : null;
  const cells = panel.content.model.cells;
  const counts = [], running = [], errors = [], cellWidgets = [];
  let widgets = 0, outputs = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    counts.push(cell.executionCount);
    cellWidgets.push(0);
    running.push(cell.executionState === 'running');
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j);
      outputs += 1;
      if (out.type === 'error') {
        const raw = out.toJSON();
        errors.push(`cell ${counts.length}: ${raw.ename}: ${raw.evalue}`);
      } else if (out.data && out.data['""" + WIDGET_MIME + """']) {
        widgets += 1;
        cellWidgets[cellWidgets.length - 1] += 1;
      }
    }
  }
  return {
    phase: 'panel', ready: sc.isReady, kernelId: kernel ? kernel.id : null,
    connection: kernel ? kernel.connectionStatus : null, status: kernel ? kernel.status : null,
    counts, running, errors, widgets, cellWidgets, outputs,
    dialogs: Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText.slice(0, 200)),
  };
}"""

# per code cell of the visible notebook: the outputs showing a mounted widget view
WIDGET_VIEWS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  return Array.from(panel.querySelectorAll('.jp-CodeCell')).map(cell =>
    Array.from(cell.querySelectorAll('.jp-OutputArea-output')).filter(out => {
      const view = out.querySelector(':scope > .jupyter-widgets');
      return view && view.getBoundingClientRect().height > 0;
    }).length);
}"""


class NotebookTrouble(AssertionError):
    """The notebook did not run as a learner would see it run."""


def rest(lab, path: str, method: str = "GET"):
    req = urllib.request.Request(f"{lab['url']}{path}?token={lab['token']}", method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


def server_sessions(lab) -> list[dict]:
    return rest(lab, "/api/sessions")


def state(page, relpath: str) -> dict:
    return page.evaluate(STATE, relpath)


def _fail_on_dialog(st: dict, relpath: str) -> None:
    if st.get("dialogs"):
        raise NotebookTrouble(f"{relpath}: a dialog is open: {st['dialogs']}")


def open_notebook(page, lab, relpath: str, timeout: float = 120) -> str:
    """Open ``relpath`` in a fresh JupyterLab page and wait until its own, single kernel is
    connected and idle (page and server agree). Returns the kernel id."""
    page.goto(f"{lab['url']}/lab/tree/{relpath}?token={lab['token']}&reset")
    deadline = time.time() + timeout
    st: dict = {}
    while time.time() < deadline:
        st = state(page, relpath)
        if st["phase"] == "panel":
            _fail_on_dialog(st, relpath)
            if st["ready"] and st["kernelId"] and st["connection"] == "connected" and st["status"] == "idle":
                sessions = server_sessions(lab)
                mine = [s for s in sessions if s["path"] == relpath]
                if len(mine) == 1 and mine[0]["kernel"]["id"] == st["kernelId"] \
                        and mine[0]["kernel"]["execution_state"] == "idle":
                    others = [s["path"] for s in sessions if s["path"] != relpath]
                    if others:
                        raise NotebookTrouble(f"{relpath}: other kernels are running on the server: {others}")
                    return st["kernelId"]
        time.sleep(0.25)
    raise NotebookTrouble(f"{relpath}: the kernel did not become ready: {st}; server: {server_sessions(lab)}")


def click_run_all(page) -> None:
    """Run > Run All Cells, from the menu bar, as a learner does."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()


def clear_outputs(page, relpath: str, timeout: float = 30) -> None:
    """Forget the stored outputs and execution counts, so that only this run counts."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    deadline = time.time() + timeout
    while time.time() < deadline:
        st = state(page, relpath)
        if st["outputs"] == 0 and all(c is None for c in st["counts"]):
            return
        time.sleep(0.1)
    raise NotebookTrouble(f"{relpath}: the stored outputs were not cleared: {st}")


def _checked_state(page, relpath: str, kernel_id: str, when: str = "") -> dict:
    """The notebook's state; fails at once on a dialog, an error output or a replaced kernel."""
    st = state(page, relpath)
    _fail_on_dialog(st, relpath)
    if st["errors"]:
        raise NotebookTrouble(f"{relpath}: a cell raised: {st['errors']}")
    if st["kernelId"] != kernel_id:
        raise NotebookTrouble(f"{relpath}: the kernel was replaced{when} ({kernel_id} -> {st['kernelId']})")
    return st


def run_all(page, lab, relpath: str, kernel_id: str, timeout: float = 240, stall: float = 20) -> dict:
    """Clear the stored outputs, Run All from the menu, and wait until every code cell ran
    exactly once in this kernel (execution counts 1..n) and the kernel is idle again."""
    clear_outputs(page, relpath)
    click_run_all(page)
    deadline = time.time() + timeout
    last, still_since = None, time.time()
    st: dict = {}
    while time.time() < deadline:
        st = _checked_state(page, relpath, kernel_id, " during Run All")
        counts = st["counts"]
        if all(c is not None for c in counts) and not any(st["running"]) and st["status"] == "idle":
            mine = [s for s in server_sessions(lab) if s["path"] == relpath]
            if mine and mine[0]["kernel"]["execution_state"] == "idle":
                if counts != list(range(1, len(counts) + 1)):
                    raise NotebookTrouble(f"{relpath}: each cell should run once, in order: {counts}")
                return st
        # a run that stops moving while the kernel has nothing to do will not finish
        progress = (counts, st["running"], st["status"], st["outputs"])
        if progress != last:
            last, still_since = progress, time.time()
        elif st["status"] == "idle" and not any(st["running"]) and time.time() - still_since > stall:
            raise NotebookTrouble(f"{relpath}: Run All did not start or stopped; execution counts {counts}")
        time.sleep(0.25)
    raise NotebookTrouble(f"{relpath}: Run All did not finish in {timeout:.0f} s: {st}")


def wait_idle(page, lab, relpath: str, kernel_id: str, timeout: float = 90) -> dict:
    """After using a control: wait until the kernel has handled it (page and server say idle,
    same kernel), failing at once on an error output or a dialog."""
    deadline = time.time() + timeout
    st: dict = {}
    while time.time() < deadline:
        st = _checked_state(page, relpath, kernel_id)
        if st["status"] == "idle" and not any(st["running"]):
            mine = [s for s in server_sessions(lab) if s["path"] == relpath]
            if mine and mine[0]["kernel"]["execution_state"] == "idle":
                return st
        time.sleep(0.2)
    raise NotebookTrouble(f"{relpath}: the kernel stayed busy: {st}")


def wait_widgets_mounted(page, relpath: str, expected: list[int], timeout: float = 60) -> None:
    """Wait until every code cell shows a mounted view for each widget output of its model
    (``expected``: the number per code cell); "Error displaying widget" fails at once."""
    deadline = time.time() + timeout
    mounted: list[int] = []
    while time.time() < deadline:
        broken = problems(page)
        if broken:
            raise NotebookTrouble(f"{relpath}: {broken}")
        mounted = page.evaluate(WIDGET_VIEWS) or []
        if mounted == expected:
            return
        time.sleep(0.2)
    raise NotebookTrouble(f"{relpath}: widget outputs per code cell {expected}, mounted views {mounted}")


def problems(page) -> list[str]:
    """Visible signs that something went wrong in the notebook (its text is searched with
    textContent: cells out of view count too)."""
    found = []
    text = page.evaluate(
        "() => { const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');"
        " return p ? p.textContent : ''; }")
    for needle in ("Error displaying widget", "Traceback (most recent call last)", "Error rendering",
                   "model not found"):
        if needle in text:
            found.append(needle)
    errors = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) "
                          ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    for i in range(errors.count()):
        content = errors.nth(i).text_content() or ""
        if "Error" in content or "Traceback" in content or "Warning" in content:
            found.append(content[:300])
    if page.locator(".jp-Dialog").count():
        found.append("a dialog is open: " + page.locator(".jp-Dialog").first.inner_text()[:200])
    return found


def wait_until(predicate, what: str, timeout: float = 60) -> None:
    """Poll ``predicate()`` until it is true; fail with ``what`` otherwise."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.15)
    raise NotebookTrouble(what)


def wait_text(locator, predicate, what: str, timeout: float = 60) -> str:
    """Poll ``locator``'s text until ``predicate(text)``; fail with ``what`` otherwise."""
    deadline = time.time() + timeout
    text = None
    while time.time() < deadline:
        text = locator.text_content() or ""
        if predicate(text):
            return text
        time.sleep(0.15)
    raise NotebookTrouble(f"{what} (last seen: {text!r})")


def answer_self_check(page, relpath: str) -> str:
    """Use a control: pick an answer in the self-check's first question and click its Check
    button; the feedback (right, or a hint) must appear under that question, and not before
    the Check. Returns the feedback."""
    # the self-check: the last code cell with choices (03 and 04 end with the reflection board)
    last_cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell:has(.widget-radio-box)").last
    question = last_cell.locator(".widget-vbox:has(> .widget-radio)").first
    radios = question.locator(".widget-radio-box input[type=radio]")
    feedback = question.locator(":scope > .widget-html").last  # the feedback under the choices
    assert radios.count() >= 2, f"{relpath}: the self-check has no choices"
    before = feedback.text_content() or ""
    assert not question.locator(".widget-radio-box input:checked").count(), \
        f"{relpath}: the self-check was answered before the test used it (fresh workbook expected)"
    question.locator(".widget-radio-box label").nth(1).click()
    question.locator(".widget-radio-box input:checked").wait_for(state="attached")
    time.sleep(1)  # the kernel has seen the choice: a choice alone gives no feedback
    assert (feedback.text_content() or "") == before, f"{relpath}: the self-check answered before Check was clicked"
    question.locator("button.widget-button").first.click()  # Check
    text = wait_text(feedback, lambda t: t.strip() and t != before,
                     f"{relpath}: checking the self-check showed no feedback")
    assert feedback.locator("[role=status], [role=alert]").count() == 1, f"{relpath}: feedback {text!r}"
    return text


def switch_language(page, relpath: str, to: str) -> tuple[str, str]:
    """Use the WorkbookBar's language switch; the bar's own Upload button must be relabelled
    by the kernel (a round trip, not just the toggle's look). Returns (before, after)."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    upload = panel.locator(".widget-upload").first
    before = upload.text_content() or ""
    assert before.strip(), f"{relpath}: the workbook bar has no Upload button"
    panel.locator(".widget-toggle-buttons button", has_text=re.compile(f"^{to.upper()}$")).first.click()
    after = wait_text(upload, lambda t: t.strip() and t != before,
                      f"{relpath}: switching to {to.upper()} did not relabel the workbook bar")
    return before, after


# ----------------------------------------------------------------------------- servers, screenshots

@contextlib.contextmanager
def served(cmd: list[str], *, env: dict, base: Path, root: Path, port: int, token: str, cwd=None):
    """Run the JupyterLab server ``cmd`` (log in ``base/lab.log``) until the block ends; yields
    what the tests need to reach it: url, token, root, work folder, log."""
    log = open(base / "lab.log", "wb")
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/api/status?token={token}", proc, timeout=180)
        yield {"url": url, "token": token, "root": root, "work": base / "work", "log": base / "lab.log", "proc": proc}
    finally:
        stop(proc)
        log.close()


#: What a learner's environment does not set: the notebooks find their own workbook, kernels in
#: the lab use the inline backend (the tests themselves use Agg), no extra config folders.
NOT_A_LEARNERS = ("JOURNEYLIB_WORKBOOK", "MPLBACKEND", "JUPYTER_CONFIG_PATH")


@contextlib.contextmanager
def course_lab(base: Path, *, port: int | None = None, env: dict | None = None, unset=(), args=()):
    """JupyterLab on a copy of notebooks/ (``base/course``, made once, so Run All never changes
    the repository's files), with config, runtime, user settings (empty: what a learner gets)
    and workspaces of its own under ``base`` and the work folder ``base/work``. ``env`` adds
    variables, ``unset`` removes more than :data:`NOT_A_LEARNERS`, ``args`` adds server options;
    ``port`` is a free one unless given. Yields what :func:`served` yields."""
    root = base / "course"
    if not root.exists():
        shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "work"))
    (base / "settings").mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    token = secrets.token_hex(16)
    full = {**os.environ, "JOURNEYLIB_WORK": str(base / "work"), "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces")}
    for name in (*NOT_A_LEARNERS, *unset):
        full.pop(name, None)
    full.update(env or {})
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           # window.jupyterapp: the tests wait on JupyterLab's own state (as JupyterLab's Galata does)
           "--LabApp.expose_app_in_browser=True", *args]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    with served(cmd, env=full, base=base, root=root, port=port, token=token) as running:
        yield running


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(url)


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    try:
        page.screenshot(path=str(SHOTS / f"{safe}.png"), full_page=False)
    except Exception:  # a screenshot is evidence, not the test
        pass
