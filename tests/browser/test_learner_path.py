"""The learner's real path through the course in one JupyterLab page, with several notebooks
(kernels) open on one workbook: nothing typed in any of them may be lost.

01 (fill a field) → 03 with 01 still open (make a journey, add touchpoints) → back to 01 (edit)
→ 03 reopened from the file browser (edit) → 08 (its kernel restarted, then the learner tries
to type) → the page reloaded (edit again). At the end the workbook on disk holds every edit,
the restarted view said it was disconnected and refused the typing, and the bar in 01 counts
the journey made in 03.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from journeylib.store import load_workbook

from .lab import NotebookTrouble, open_notebook, run_all, shot, state, wait_idle, wait_until, wait_widgets_mounted

pytestmark = pytest.mark.browser

NB01, NB03, NB08 = "nl/01_merkessentie.ipynb", "nl/03_klantreis.ipynb", "nl/08_reflectie_en_advies.ipynb"
VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def disk(lab):
    path = Path(lab["work"]) / "cx-journey-lab.workbook.json"
    return load_workbook(path) if path.exists() else None


def wait_disk(lab, predicate, what: str, timeout: float = 30) -> None:
    wait_until(lambda: (wb := disk(lab)) is not None and predicate(wb), f"not on disk: {what}: {disk(lab)}",
               timeout=timeout)


def open_another(page, lab, relpath: str, timeout: float = 120) -> str:
    """Open ``relpath`` in a new tab of the same page (the others stay open, with their
    kernels) and wait until its own kernel is connected and idle. Returns the kernel id."""
    page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", relpath)
    deadline = time.time() + timeout
    st: dict = {}
    while time.time() < deadline:
        st = state(page, relpath)
        if st.get("phase") == "panel" and st["ready"] and st["kernelId"] and st["connection"] == "connected" \
                and st["status"] == "idle":
            return st["kernelId"]
        time.sleep(0.25)
    raise NotebookTrouble(f"{relpath}: the kernel did not become ready: {st}")


def run(page, lab, relpath: str, kernel: str) -> None:
    st = run_all(page, lab, relpath, kernel)
    wait_widgets_mounted(page, relpath, st["cellWidgets"])


def tab(page, relpath: str) -> None:
    """Go back to an open notebook by clicking its tab, as a learner does."""
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=Path(relpath).name).click()
    wait_front(page, relpath)


def wait_front(page, relpath: str) -> None:
    wait_until(lambda: page.evaluate(CURRENT) == relpath, f"{relpath}: its tab did not come to the front")


CELL_TYPES = """() => { const cells = window.jupyterapp.shell.currentWidget.content.model.cells; const out = [];
    for (let i = 0; i < cells.length; i++) out.push(cells.get(i).type); return out; }"""
CURRENT = "() => { const w = window.jupyterapp.shell.currentWidget; return w && w.context ? w.context.path : null; }"


def field(page, placeholder: str):
    return page.locator(f"{VISIBLE} [placeholder='{placeholder}']").first


def type_into(page, placeholder: str, text: str) -> None:
    """Click the field, type as a person does, leave it with Tab (the value is then sent)."""
    box = field(page, placeholder)
    box.click()  # scrolls it into view; retried if the view is re-rendered meanwhile (a widget's form redrawn)
    box.press("Control+a")
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Tab")


def button(page, label: str):
    return page.locator(f"{VISIBLE} button", has_text=re.compile(f"^\\s*{re.escape(label)}\\s*$")).first


def test_learner_path_keeps_every_edit_across_notebooks_restarts_and_reload(page, lab):
    # 01: the organisation
    k01 = open_notebook(page, lab, NB01)
    run(page, lab, NB01, k01)
    type_into(page, "bijvoorbeeld Hopla Air", "Zorghuis Noord")
    wait_disk(lab, lambda wb: wb.brand.organisation == "Zorghuis Noord", "01's organisation")

    # 03, with 01 still open: a journey and two touchpoints
    k03 = open_another(page, lab, NB03)
    run(page, lab, NB03, k03)
    type_into(page, "bijvoorbeeld: Een weekendje weg boeken", "Polibezoek")
    button(page, "Klantreis maken").click()
    wait_disk(lab, lambda wb: len(wb.journeys) == 1, "03's journey")
    for name in ("Parkeren", "Balie"):
        count = len(disk(lab).journeys[0].touchpoints)
        button(page, "Toevoegen").click()
        wait_disk(lab, lambda wb: len(wb.journeys[0].touchpoints) == count + 1, "a new touchpoint")
        type_into(page, "bijvoorbeeld: Bevestigingsmail ontvangen", name)
        wait_disk(lab, lambda wb: name in [tp.name for tp in wb.journeys[0].touchpoints], f"touchpoint {name}")
    wait_idle(page, lab, NB03, k03)

    # back to 01 (its kernel holds the workbook as it was before 03): edit the why
    tab(page, NB01)
    type_into(page, "Waarom bestaan we? Waar geloven we in?", "Omdat iedereen zich welkom moet voelen")
    wait_disk(lab, lambda wb: wb.brand.why.startswith("Omdat iedereen"), "01's why")
    wb = disk(lab)
    assert [tp.name for tp in wb.journeys[0].touchpoints] == ["Parkeren", "Balie"], \
        "going back to 01 and saving there lost the journey made in 03"
    assert wb.brand.organisation == "Zorghuis Noord"
    counts = page.locator(f"{VISIBLE} .jl-bar-counts").first
    wait_until(lambda: "contactmomenten 2" in (counts.text_content() or ""),
               f"01's workbook bar does not count 03's touchpoints: {counts.text_content()!r}", timeout=15)

    # 03 reopened from the file browser (its kernel still running): rename a touchpoint
    page.locator(".jp-DirListing-item", has_text="03_klantreis.ipynb").dblclick()
    wait_front(page, NB03)
    page.locator(f"{VISIBLE} .widget-select select").first.select_option(label="1. Parkeren")
    name = field(page, "bijvoorbeeld: Bevestigingsmail ontvangen")
    wait_until(lambda: name.input_value() == "Parkeren", "the first touchpoint was not picked")
    wait_idle(page, lab, NB03, k03)  # the form shows the picked touchpoint before the learner types
    # a person takes a moment to go from the list to the field; typing within a few frames of the
    # pick can lose the focus to the re-drawn list (seen 2 in 4 runs on a quiet machine: the field
    # kept 3 letters; noted in the session-5 closing note)
    page.wait_for_timeout(500)
    type_into(page, "bijvoorbeeld: Bevestigingsmail ontvangen", "Parkeren bij de ingang")
    wait_disk(lab, lambda wb: wb.journeys[0].touchpoints[0].name == "Parkeren bij de ingang", "03's rename")
    wb = disk(lab)
    assert wb.brand.why.startswith("Omdat iedereen") and wb.brand.organisation == "Zorghuis Noord", \
        "reopened 03 erased 01's edits"

    # 08: run it, write advice, restart its kernel, then try to type
    k08 = open_another(page, lab, NB08)
    run(page, lab, NB08, k08)
    type_into(page, "Begin hier met je advies…", "Maak het parkeren makkelijker.")
    wait_disk(lab, lambda wb: "parkeren makkelijker" in wb.advice, "08's advice")
    # the reflection board by keyboard: Enter adds a keyword and the field stays for the next;
    # a click on an empty part of the board and the letters typed then never reach
    # JupyterLab's shortcuts (r, m, y would turn the cell into Raw, Markdown, Code)
    keyword = field(page, "kernwoord + Enter")
    keyword.scroll_into_view_if_needed()
    keyword.click()
    page.keyboard.type("welkom", delay=5)
    page.keyboard.press("Enter")
    wait_disk(lab, lambda wb: wb.reflections["before"].keywords == ["welkom"], "a keyword added with Enter")
    wait_until(lambda: keyword.is_visible() and keyword.input_value() == "", "the keyword field went away")
    page.keyboard.type("gastvrij", delay=5)
    page.keyboard.press("Enter")
    wait_disk(lab, lambda wb: wb.reflections["before"].keywords == ["welkom", "gastvrij"], "a second keyword")
    board = keyword.locator("xpath=ancestor::*[contains(@class,'jl-widget')][1]")
    box = board.bounding_box()
    before_types = page.evaluate(CELL_TYPES)
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + 3)  # the board's own background
    for key in ("r", "m", "y", "a", "b", "d", "d"):
        page.keyboard.press(key)
    assert page.evaluate(CELL_TYPES) == before_types, "keys typed on the board reached JupyterLab's shortcuts"
    assert page.evaluate("() => !!document.activeElement.closest('.jl-widget')"), "the click gave focus away"
    page.evaluate("() => { window.jupyterapp.commands.execute('kernelmenu:restart'); }")
    page.locator(".jp-Dialog button.jp-mod-accept").click()
    panel = page.locator(VISIBLE)
    banner = panel.locator(".jl-guard-banner:not([hidden])")
    wait_until(lambda: banner.count() >= 1, "after the kernel restart no view said it was disconnected")
    assert "verbinding met deze cel is verbroken" in (banner.first.text_content() or "")
    advice = field(page, "Begin hier met je advies…")
    advice.scroll_into_view_if_needed()
    assert advice.is_disabled(), "the advice field still accepts typing after the kernel restart"
    advice.click(force=True)
    page.keyboard.type("dit gaat verloren", delay=5)
    assert "dit gaat verloren" not in advice.input_value()
    shot(page, "learner_path_08_restarted")
    assert page.evaluate(CELL_TYPES) == before_types, "the typing reached JupyterLab's shortcuts"
    time.sleep(1.5)
    assert "dit gaat verloren" not in disk(lab).advice

    # the page reloaded before the notebooks were saved: the page shows the notebook file as
    # it was (its outputs from before this session); where a view cannot be live, a snapshot
    # and a note to run the cell, never a dead copy that takes typing. Running it again works.
    page.goto(f"{lab['url']}/lab?token={lab['token']}")
    wait_until(lambda: state(page, NB01).get("phase") == "panel", "01 did not come back after the reload", 90)
    tab(page, NB01)
    wait_until(lambda: state(page, NB01).get("connection") == "connected", "01's kernel did not reconnect")
    how = f"{VISIBLE} .jl-widget:not(.jl-dead) [placeholder='Hoe doen we dat? Wat maakt onze aanpak eigen?']"
    live = page.locator(how)
    if live.count() == 0:  # not live: a note says what to do, and nothing takes typing
        note = page.locator(f"{VISIBLE} .jl-static").first
        wait_until(lambda: note.count() == 1, "after the reload 01 shows neither its views nor a note")
        assert "Voer de cel uit" in (note.text_content() or "")
        assert page.locator(f"{VISIBLE} .jl-widget input:enabled, {VISIBLE} .jl-widget textarea:enabled").count() == 0
        shot(page, "learner_path_01_reloaded")
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    wait_until(lambda: live.count() >= 1 and live.first.is_enabled(), "01's views did not come back live", 90)
    type_into(page, "Hoe doen we dat? Wat maakt onze aanpak eigen?", "Met gastvrije medewerkers")
    wait_disk(lab, lambda wb: wb.brand.how == "Met gastvrije medewerkers", "01's how after the reload")

    # and a kernel shut down (Kernel > Shut Down Kernel): the views say so and take no typing
    page.evaluate("() => { window.jupyterapp.commands.execute('kernelmenu:shutdown'); }")
    accept = page.locator(".jp-Dialog button.jp-mod-accept")
    wait_until(lambda: accept.count() == 0 or accept.is_visible(), "no shutdown dialog")
    if accept.count():
        accept.click()
    dead = page.locator(f"{VISIBLE} .jl-guard-banner:not([hidden])")
    wait_until(lambda: dead.count() >= 1, "after the kernel shutdown no view said it was disconnected", 30)
    how_field = field(page, "Hoe doen we dat? Wat maakt onze aanpak eigen?")
    wait_until(how_field.is_disabled, "after the kernel shutdown the brand editor still takes typing", 15)

    final = disk(lab)
    assert final.brand.organisation == "Zorghuis Noord"
    assert final.brand.why.startswith("Omdat iedereen") and final.brand.how == "Met gastvrije medewerkers"
    assert [tp.name for tp in final.journeys[0].touchpoints] == ["Parkeren bij de ingang", "Balie"]
    assert "parkeren makkelijker" in final.advice
