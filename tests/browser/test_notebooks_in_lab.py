"""Every course notebook runs in JupyterLab in a real browser, its widgets render, and a
control changes what is shown."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .lab import (answer_self_check, open_notebook, problems, run_all, switch_language, wait_idle, wait_text,
                  wait_until, wait_widgets_mounted)
from .test_accessibility import audit_outputs

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = [f"{p.parent.name}/{p.name}" for folder in ("nl", "en", "instructor")
             for p in sorted((ROOT / "notebooks" / folder).glob("*.ipynb"))]
#: instructor reports, the guide and the glossary: tables, charts and text only, no widgets
#: and no workbook bar
NO_WIDGETS = {"instructor/report.ipynb", "instructor/class_overview.ipynb", "instructor/00_guide.ipynb",
              "instructor/00_guide_en.ipynb", "nl/09_begrippen.ipynb", "en/09_glossary.ipynb"}


def run_and_render(page, lab, relpath: str) -> str:
    """Open, Run All, and check that every widget output is a mounted view and nothing shows
    an error. Returns the id of the notebook's kernel."""
    kernel = open_notebook(page, lab, relpath)
    st = run_all(page, lab, relpath, kernel)
    if relpath in NO_WIDGETS:
        assert st["widgets"] == 0, relpath
    else:
        assert st["widgets"] >= 1, f"{relpath}: no widget was displayed"
    wait_widgets_mounted(page, relpath, st["cellWidgets"])
    assert problems(page) == [], relpath
    audit_outputs(page, relpath)  # axe-core over the outputs, on this run (test_accessibility.py)
    return kernel


def test_every_notebook_is_opened_in_the_browser():
    count = {folder: sum(n.startswith(f"{folder}/") for n in NOTEBOOKS) for folder in ("nl", "en", "instructor")}
    assert count["nl"] == count["en"] >= 9 and count["instructor"] >= 6, count


@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_browser_notebook_runs_renders_and_reacts(page, lab, relpath):
    kernel = run_and_render(page, lab, relpath)
    if relpath in NO_WIDGETS:
        return
    if not relpath.startswith("instructor/"):
        # one control: answer the self-check at the end; feedback appears under the question
        answer_self_check(page, relpath)
        wait_idle(page, lab, relpath, kernel)
    # the workbook bar's language switch: the kernel relabels the bar (and every journeylib widget)
    # (to the other language: an English lecture notebook, lecture_*_en.ipynb, switches to Dutch)
    lang = "nl" if relpath.startswith("en/") or relpath.endswith("_en.ipynb") else "en"
    before, after = switch_language(page, relpath, lang)
    assert before != after
    wait_idle(page, lab, relpath, kernel)
    assert problems(page) == [], relpath


def test_browser_welcome_runs_and_download_upload_work(page, lab, tmp_path):
    from journeylib.i18n import t
    from journeylib.store import load_workbook

    kernel = run_and_render(page, lab, "nl/00_welkom.ipynb")
    bar = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").nth(1)  # course.start: the bar
    download = bar.locator("a[download]").first
    href = download.get_attribute("href")
    answer_self_check(page, "nl/00_welkom.ipynb")
    wait_idle(page, lab, "nl/00_welkom.ipynb", kernel)
    # the answer is saved (autosave, debounced) and Download then offers the new file
    wait_until(lambda: download.get_attribute("href") != href, "Download still offers the file before the answer")
    with page.expect_download() as info:
        download.click()
    saved = tmp_path / "downloaded.workbook.json"
    info.value.save_as(saved)
    check = subprocess.run([sys.executable, "-m", "journeylib.cli", "check", str(saved)], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert any(key.startswith("check-00-") for key in load_workbook(saved).answers)
    # Upload of another workbook replaces the content (learner name and case)
    other = tmp_path / "other.workbook.json"
    subprocess.run([sys.executable, "-m", "journeylib.cli", "new", "--case", "telecom", "--learner", "Browser",
                    "-o", str(other)], check=True, capture_output=True)
    with page.expect_file_chooser() as chooser:
        bar.locator(".widget-upload").first.click()
    chooser.value.set_files(str(other))
    wait_text(bar, lambda s: t("bar.uploaded", "nl", file=other.name) in s, "the upload was not confirmed")
    wait_idle(page, lab, "nl/00_welkom.ipynb", kernel)
    # ... and the page shows it: the answer given above is gone (the other workbook has none)
    answered = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").last.locator(
        ".widget-radio-box input:checked")
    wait_until(lambda: answered.count() == 0, "the self-check still shows the answer from before the upload",
               timeout=5)  # the kernel is idle: every update has reached the page
    on_disk = load_workbook(Path(lab["work"]) / "cx-journey-lab.workbook.json")
    assert on_disk.learner == "Browser" and on_disk.case == "telecom"
    assert problems(page) == []

