"""The workbook's copy in the learner's browser, in Chromium against real JupyterLab servers.

Binder: a server with Binder's environment; open 01, fill a field (saved); stop the server
and delete its work folder (the session ended, a new one starts with nothing), start a new
server on the SAME address (same origin: the same browser storage, one browser context for
both), open 01 again: the bar offers the copy, in Dutch and in English (screenshots at
1280x800), and one click puts the field back. Elsewhere (no Binder environment): the switch
is off and nothing at all is stored in the browser; switched on, the copy is there; off
again, it is gone.
"""
from __future__ import annotations

import contextlib
import re
import shutil
import socket
import time
from pathlib import Path

import pytest

from .lab import SHOTS, course_lab, free_port, open_notebook, run_all, shot, wait_until, wait_widgets_mounted
from .test_learner_path import disk, type_into  # the learner's way of filling a field

pytestmark = pytest.mark.browser

NB01 = "nl/01_merkessentie.ipynb"
VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
FIELD = "bijvoorbeeld Hopla Air"  # the organisation in notebook 01
BINDER = {"BINDER_LAUNCH_HOST": "https://mybinder.org/", "BINDER_REQUEST": "v2/gh/org/cx-journey-lab/main",
          "BINDER_PERSISTENT_REQUEST": "v2/gh/org/cx-journey-lab/abc123",
          "BINDER_REF_URL": "https://github.com/org/cx-journey-lab/tree/abc123",
          "BINDER_REPO_URL": "https://github.com/org/cx-journey-lab"}

#: what this origin keeps: journeylib's localStorage keys and IndexedDB databases, with the copies
STORAGE = """async () => {
  const keys = Object.keys(localStorage).filter(k => k.startsWith('journeylib'));
  const names = (await indexedDB.databases()).map(d => d.name).filter(n => n.startsWith('journeylib'));
  const copies = [];
  if (names.includes('journeylib-browser-copy')) {
    // looking must not create it: a database deleted meanwhile is not made again (the upgrade is aborted)
    const db = await new Promise((ok) => { const r = indexedDB.open('journeylib-browser-copy');
      r.onupgradeneeded = () => r.transaction.abort();
      r.onsuccess = () => ok(r.result); r.onerror = () => ok(null); });
    if (db && db.objectStoreNames.contains('copies')) {
      const all = await new Promise((ok, no) => { const r = db.transaction('copies').objectStore('copies').getAll();
        r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
      for (const c of all) copies.push({id: c.id, course: c.course, learner: c.learner, saved_at: c.saved_at,
                                        text: new TextDecoder().decode(c.data)});
    }
    if (db) db.close();
  }
  return {keys, prefs: Object.fromEntries(keys.map(k => [k, localStorage.getItem(k)])), databases: names, copies};
}"""


@contextlib.contextmanager
def course_server(base: Path, port: int, binder: bool):
    """JupyterLab on a copy of notebooks/, on ``port``, with Binder's environment or without;
    its work folder is ``base/work``."""
    with course_lab(base, port=port, env=BINDER if binder else {}, unset=BINDER,
                    args=["--ServerApp.port_retries=0"]) as running:
        yield running


def wait_port_free(port: int, timeout: float = 30) -> None:
    """Until the stopped server's port can be listened on again (as the server does, with
    SO_REUSEADDR: connections left in TIME_WAIT do not count)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
                return
            except OSError:
                time.sleep(0.3)
    raise TimeoutError(f"port {port} still in use")


@pytest.fixture
def context(browser):
    """One browser context for every server of a test: the same origin keeps the same storage."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    yield ctx
    ctx.close()


def open_and_run(page, lab, relpath: str = NB01) -> str:
    kernel = open_notebook(page, lab, relpath)
    st = run_all(page, lab, relpath, kernel)
    wait_widgets_mounted(page, relpath, st["cellWidgets"])
    return kernel


def bar_button(page, pattern: str):
    return page.locator(f"{VISIBLE} button", has_text=re.compile(pattern)).first


def storage(page) -> dict:
    return page.evaluate(STORAGE)


def not_clipped(locator) -> bool:
    """The button shows its whole text (nothing cut off or hidden behind an ellipsis)."""
    return locator.evaluate("b => b.scrollWidth <= b.clientWidth + 1 && b.getBoundingClientRect().right <= innerWidth")


def test_binder_work_survives_a_new_session_through_the_browser_copy(context, tmp_path):
    port = free_port()
    base = tmp_path / "binder"
    # the first session: fill a field; the copy follows the save
    with course_server(base, port, binder=True) as lab:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_and_run(page, lab)
        keep = page.locator(f"{VISIBLE} .widget-checkbox input[type=checkbox]").first
        wait_until(lambda: keep.is_visible() and keep.is_checked(), "on Binder the copy is on by default")
        type_into(page, FIELD, "Zorghuis Noord")
        wait_until(lambda: (wb := disk(lab)) is not None and wb.brand.organisation == "Zorghuis Noord",
                   "the organisation was not saved")
        wait_until(lambda: any("Zorghuis Noord" in c["text"] for c in storage(page)["copies"]),
                   f"the browser holds no copy of the save: {storage(page)}")
        kept = storage(page)
        assert kept["keys"] == []  # the switch is at its default: nothing written down for it
        (copy,) = kept["copies"]
        assert copy["course"] == "cx-journey-lab https://github.com/org/cx-journey-lab" and copy["learner"] == ""
        assert copy["text"].encode() == (Path(lab["work"]) / "cx-journey-lab.workbook.json").read_bytes()
        page.close()
    # the session ends: the server stops and its work folder is gone
    shutil.rmtree(base / "work")
    wait_port_free(port)
    with course_server(base, port, binder=True) as lab:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_and_run(page, lab)
        assert disk(lab).brand.organisation == ""  # a new, empty workbook
        offer = bar_button(page, r"Zet je werk terug uit deze browser \(bewaard op \d\d-\d\d-\d{4} om \d\d:\d\d\)")
        offer.wait_for(state="visible", timeout=30_000)
        offer.scroll_into_view_if_needed()
        assert not_clipped(offer), "the offer's text is cut off at 1280x800"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "browser_copy_offer_nl.png"))
        # in English too (the bar's language switch), then restore with the keyboard
        page.locator(f"{VISIBLE} .widget-toggle-buttons button", has_text=re.compile("^EN$")).first.click()
        offer = bar_button(page, r"Restore your work from this browser \(saved \d{4}-\d\d-\d\d at \d\d:\d\d\)")
        offer.wait_for(state="visible", timeout=30_000)
        assert not_clipped(offer), "the English offer's text is cut off at 1280x800"
        page.screenshot(path=str(SHOTS / "browser_copy_offer_en.png"))
        offer.focus()
        page.keyboard.press("Enter")
        wait_until(lambda: (wb := disk(lab)) is not None and wb.brand.organisation == "Zorghuis Noord",
                   f"restoring did not put the work back on disk: {disk(lab)}")
        field = page.locator(f"{VISIBLE} [placeholder='{FIELD}'], {VISIBLE} input[placeholder^='for example']").first
        wait_until(lambda: field.input_value() == "Zorghuis Noord",
                   f"the field is not back in the notebook: {field.input_value()!r}")
        wait_until(lambda: not offer.is_visible(), "the offer stays after the restore")
        message = page.locator(f"{VISIBLE} [role=status]", has_text="is back in your workbook").first
        message.wait_for(state="visible")
        entries = list((Path(lab["work"]) / ".cx-journey-lab.workbook.json.history").glob("v-*.json"))
        assert entries, "the version the restore replaced is not in the history (not the save path)"
        shot(page, "browser_copy_restored")
        page.close()


def test_elsewhere_the_switch_is_off_and_nothing_is_stored(context, tmp_path):
    port = free_port()
    with course_server(tmp_path / "lab", port, binder=False) as lab:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_and_run(page, lab)
        keep = page.locator(f"{VISIBLE} .widget-checkbox input[type=checkbox]").first
        keep.wait_for(state="visible")
        label = page.locator(f"{VISIBLE} .widget-checkbox").first
        assert "Bewaar een kopie in deze browser" in (label.text_content() or "")
        assert not keep.is_checked()
        type_into(page, FIELD, "Zorghuis Noord")
        wait_until(lambda: (wb := disk(lab)) is not None and wb.brand.organisation == "Zorghuis Noord",
                   "the organisation was not saved")
        time.sleep(1.5)  # time enough for a copy to arrive, if one were sent
        nothing = storage(page)
        assert nothing == {"keys": [], "prefs": {}, "databases": [], "copies": []}, nothing
        # switched on (by keyboard: Space on the checkbox): the copy is there, and the switch remembered
        keep.focus()
        page.keyboard.press("Space")
        wait_until(lambda: len(storage(page)["copies"]) == 1, f"switched on, no copy: {storage(page)}")
        kept = storage(page)
        assert kept["prefs"] == {"journeylib:browser-copy:cx-journey-lab": "on"}
        assert "Zorghuis Noord" in kept["copies"][0]["text"]
        # "remove my work from this browser": nothing left, not even an empty database
        bar_button(page, "Verwijder mijn werk uit deze browser").click()
        wait_until(lambda: storage(page) == {"keys": [], "prefs": {}, "databases": [], "copies": []},
                   f"something is left in the browser: {storage(page)}")
        wait_until(lambda: not keep.is_checked(), "remove did not switch the copy off")
        page.locator(f"{VISIBLE} [role=status]", has_text="uit deze browser verwijderd").first.wait_for()
        page.close()
