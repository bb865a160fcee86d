"""A learner's own survey file in notebook 05's key-driver tool, in a real JupyterLab (issue 14).

Notebook 05 (nl) is opened in Chromium and run; a Qualtrics CSV and a Microsoft Forms
``.xlsx`` (the generated exports of ``tests/survey_exports.py``) are chosen in the page's file
input, as a learner does. The layout line and the key-driver chart (with the planted top
driver) must appear; the folded list of questions opens with the keyboard; labels that need an
order are put in order with the keyboard. Nothing in the view is cut off at 1280x800, in
Dutch and after switching to English; screenshots of the view are kept in
``tests/browser/screenshots/`` (survey_upload_*.png).
"""
from __future__ import annotations

import numpy as np
import pytest

import survey_exports as se

from .lab import SHOTS, open_notebook, problems, run_all, switch_language, wait_idle, wait_text, \
    wait_until, wait_widgets_mounted
from .test_clipping import FIND_CLIPPING, SETTLE

pytestmark = pytest.mark.browser
RELPATH = "nl/05_key_drivers.ipynb"
VIEW = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell:has(select[multiple])"


def _frequency_csv(path) -> None:
    """One numeric mark and three questions answered 'Nooit' ... 'Altijd' (not a known scale)."""
    drivers, outcome = se.planted(80, [0.2, 0.9, 0.1], 41)
    points = [se.points(drivers[:, j], k=4) for j in range(3)]
    mark = np.clip(np.round(outcome * 1.3 + 7), 1, 10).astype(int)
    freq = ["Nooit", "Soms", "Vaak", "Altijd"]
    rows = [["Teruggebeld", "Antwoord gekregen", "Gewacht", "Rapportcijfer"]]
    rows += [[*[freq[points[j][i] - 1] for j in range(3)], int(mark[i])] for i in range(80)]
    path.write_bytes(se._csv(rows))


def _view_shot(page, name: str):
    """Screenshots of the key-driver view at 1280x800 (its controls, then its chart); returns the
    clipping problems of its cell (the check of test_clipping.py)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    view = page.locator(VIEW).first
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.locator(".jl-upload").first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate(SETTLE)
    page.screenshot(path=str(SHOTS / f"survey_upload_{name}.png"))
    view.locator(".widget-output").first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate(SETTLE)
    page.screenshot(path=str(SHOTS / f"survey_upload_{name}_chart.png"))
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
    number = next(i + 1 for i in range(cells.count())
                  if cells.nth(i).locator("select[multiple]").count())
    return [p for p in page.evaluate(FIND_CLIPPING) if p.startswith(f"cell {number}:")]


def test_browser_qualtrics_csv_and_microsoft_forms_xlsx_uploaded_in_notebook_05(page, lab, tmp_path):
    qualtrics, forms = se.qualtrics(), se.microsoft_forms_export("nl")
    (tmp_path / qualtrics.name).write_bytes(qualtrics.data)
    (tmp_path / forms.name).write_bytes(forms.data)
    kernel = open_notebook(page, lab, RELPATH)
    st = run_all(page, lab, RELPATH, kernel)
    wait_widgets_mounted(page, RELPATH, st["cellWidgets"])
    view = page.locator(VIEW).first
    file_input = view.locator(".jl-upload + input[type=file]")
    assert file_input.get_attribute("accept") == ".csv,.tsv,.txt,.xlsx"
    assert (view.locator(".jl-upload").inner_text() or "").strip() == "Eigen enquête uploaden"

    file_input.set_input_files(str(tmp_path / qualtrics.name))
    wait_text(view, lambda s: "qualtrics.csv is ingelezen. Qualtrics: 160 antwoorden, 5 vragen; weggelaten:" in s,
              "the Qualtrics layout line did not appear")
    wait_text(view, lambda s: "'Breakfast'" in s and "Booking" in s, "the key-driver text of the upload is missing")
    wait_idle(page, lab, RELPATH, kernel)
    charts = view.locator(".jp-OutputArea-output img, .widget-output img")
    wait_until(lambda: charts.count() >= 2, "the key-driver chart and the IPA are not shown")
    wait_until(lambda: "over 4 key drivers" in (charts.first.get_attribute("alt") or ""),
               "the chart is not the upload's (4 drivers; the case's survey has 18)")
    assert problems(page) == []
    # the full questions: folded, opened with the keyboard
    summary = view.locator("details > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    wait_until(lambda: view.locator("details[open]").count() == 1, "Enter did not open the list of questions")
    assert "How satisfied were you with each part of your stay? - Breakfast" in view.inner_text()
    clipped = _view_shot(page, "nl_qualtrics")
    assert not clipped, clipped

    file_input.set_input_files(str(tmp_path / forms.name))
    wait_text(view, lambda s: "microsoft_forms_nl.xlsx is ingelezen. Microsoft Forms: 180 antwoorden" in s,
              "the Microsoft Forms layout line did not appear")
    wait_text(view, lambda s: "Uitkomst 'Algemene tevredenheid'" in s, "the outcome is not preselected")
    wait_text(view, lambda s: "'Ik kon snel terecht'" in s, "the key-driver text of the workbook is missing")
    wait_idle(page, lab, RELPATH, kernel)
    for value in forms.personal[:20]:
        assert value not in view.inner_text()
    clipped = _view_shot(page, "nl_msforms")
    assert not clipped, clipped

    # labels that fit no known scale: put in order with the keyboard, then used
    freq = tmp_path / "frequentie.csv"
    _frequency_csv(freq)
    file_input.set_input_files(str(freq))
    wait_text(view, lambda s: "zet hun antwoorden hieronder op volgorde" in s, "the ordering controls did not appear")
    clipped = _view_shot(page, "nl_order")
    assert not clipped, clipped
    use = view.locator("button", has_text="Deze volgorde gebruiken")
    use.focus()
    page.keyboard.press("Enter")
    wait_text(view, lambda s: "Volgorde gebruikt: 3 vragen doen nu mee als cijfers." in s,
              "the order was not used")
    wait_idle(page, lab, RELPATH, kernel)

    # English: the line and the controls follow the language
    file_input.set_input_files(str(tmp_path / qualtrics.name))
    wait_text(view, lambda s: "qualtrics.csv is ingelezen" in s, "the Qualtrics file was not read again")
    switch_language(page, RELPATH, "en")
    wait_text(view, lambda s: "qualtrics.csv has been read. Qualtrics: 160 answers, 5 questions; left out:" in s,
              "the layout line was not relabelled in English")
    wait_idle(page, lab, RELPATH, kernel)
    assert (view.locator(".jl-upload").inner_text() or "").strip() == "Upload own survey"
    clipped = _view_shot(page, "en_qualtrics")
    assert not clipped, clipped
