"""The lecture view (`journeylib lecture NOTEBOOK`): Voila serves the notebook without code, in
the projector style, and its widgets work."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from journeylib.i18n import t

from .lab import WIDGET_MIME, free_port, shot, wait_text
from .test_accessibility import audit_page

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
LECTURE = ROOT / "notebooks" / "instructor" / "lecture_04_hospitality.ipynb"  # the communication pie + quiz

# widget views on the page that are not inside another widget (an Output widget can hold more)
TOP_VIEWS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets'))
  .filter(v => !v.parentElement.closest('.jupyter-widgets'))
  .map(v => v.getBoundingClientRect().height > 0)"""


def stored_widget_outputs(notebook: Path) -> int:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return sum(WIDGET_MIME in out.get("data", {}) for cell in nb["cells"] if cell["cell_type"] == "code"
               for out in cell.get("outputs", []))


def wait_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"journeylib lecture exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"Voila did not listen on {port}:\n{log.read_text()[-3000:]}")


@pytest.fixture
def lecture_view(tmp_path):
    """`journeylib lecture NOTEBOOK --port P`, as an instructor starts it; yields its URL."""
    port = free_port()
    env = {**os.environ, "JOURNEYLIB_WORK": str(tmp_path / "work"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JOURNEYLIB_LANG": "nl"}
    env.pop("JOURNEYLIB_WORKBOOK", None)
    log = tmp_path / "voila.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "journeylib.cli", "lecture", str(LECTURE), "--port", str(port)],
                                env=env, stdout=subprocess.PIPE, stderr=err, start_new_session=True)
    try:
        first = proc.stdout.readline().decode("utf-8", "replace")  # "Collegeweergave: http://127.0.0.1:P/ ..."
        # Voila writes to the same stdout: keep reading it so it never blocks on a full pipe
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert match and int(match.group(1)) == port, f"journeylib lecture printed {first!r}"
        wait_port(port, proc, log)
        yield match.group(0)
    finally:
        proc.send_signal(signal.SIGTERM)  # the CLI stops Voila (and its kernel) and removes its copy
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # anything left in the group
        except ProcessLookupError:
            pass


def test_browser_lecture_view_renders_in_voila(browser, lecture_view):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(lecture_view, timeout=180_000)  # Voila runs the notebook before the page is complete
        expected = stored_widget_outputs(LECTURE)
        assert expected >= 3  # workbook bar, communication pie, quiz
        deadline = time.time() + 120
        views: list = []
        while time.time() < deadline:
            views = page.evaluate(TOP_VIEWS)
            text = page.evaluate("() => document.body.textContent")
            assert "Error displaying widget" not in text
            if len(views) == expected and all(views):
                break
            time.sleep(0.25)
        assert len(views) == expected and all(views), f"{expected} widgets expected, mounted: {views}"

        # nothing went wrong, and no code is shown
        text = page.evaluate("() => document.body.textContent")
        for bad in ("Traceback (most recent call last)", "Error displaying widget", "model not found"):
            assert bad not in text
        assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.locator(".jp-CodeCell").count() >= 4
        assert page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-InputPrompt, .cm-editor, "
                            ".CodeMirror").count() == 0
        for code in ("import journeylib", "jl.widgets.CommunicationPie", "course.start("):
            assert code not in text

        # the projector style: a course chart is at most 8 in x 100 dpi = 800 px wide in the
        # normal style; `lecture` draws 13 in x 110 dpi (journeylib.charts.style.LECTURE_RC)
        widths = page.evaluate("() => Array.from(document.querySelectorAll("
                               "'.jp-OutputArea-output img.jl-chart[src^=\"data:image/png\"]')).map(i => i.naturalWidth)")
        assert widths and min(widths) > 1000, f"chart widths {widths}: not the projector style"

        # one control: the pie's "Show the answer" reveals the titles and the caveat
        reveal = t("pie.reveal", "nl")
        pie = page.locator(".jp-OutputArea-output > .jupyter-widgets",
                           has=page.locator("button", has_text=reveal)).element_handle()  # its label changes
        heading = t("pie.answer_heading", "nl")
        assert heading not in (pie.text_content() or "")
        shot(page, "lecture_view_before")
        page.locator("button", has_text=reveal).click()
        wait_text(pie, lambda s: heading in s and t("pie.hide", "nl") in s,
                  "Show the answer did not reveal the answer in the lecture view")
        assert "Error displaying widget" not in page.evaluate("() => document.body.textContent")
        shot(page, "lecture_view_answer")
        audit_page(page, "the lecture view in Voila")  # axe-core, the whole page (test_accessibility.py)
    finally:
        context.close()
