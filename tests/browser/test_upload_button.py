"""The key-driver explorer's upload button in a real JupyterLab (issue 11).

ipywidgets 8's FileUpload draws "{description} ({files in value})" and the explorer empties
the value after reading a file, so the button read "Eigen CSV uploaden (0)" for ever. The
explorer's UploadButton (an anywidget) shows only its description. Here a CSV is chosen in the
page's file input, as a learner does: the kernel reads it (the explorer says so) and the
button still shows no count.
"""
from __future__ import annotations

import json

import pytest

from .lab import open_notebook, run_all, wait_text, wait_widgets_mounted

pytestmark = pytest.mark.browser

CODE = ("import journeylib as jl\n"
        "session = jl.course.start('nl', 'hospital', 'upload.workbook.json', False, bar=False)\n"
        "jl.widgets.KeyDriverExplorer(session)")


def test_upload_button_reads_a_file_and_shows_no_count(page, lab, tmp_path):
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "upload", "metadata": {},
                           "outputs": [], "source": CODE}],
                "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    relpath = "upload_button_test.ipynb"
    (lab["root"] / relpath).write_text(json.dumps(notebook), encoding="utf-8")
    csv = tmp_path / "eigen.csv"
    csv.write_text("respondent;d1;d2;Totaaloordeel\n" + "".join(
        f"{i};{1 + i % 5};{1 + (i * 3) % 5};{1 + (i + i % 3) % 5},5\n" for i in range(40)), encoding="utf-8")
    try:
        kernel = open_notebook(page, lab, relpath)
        run_all(page, lab, relpath, kernel)
        wait_widgets_mounted(page, relpath, [1])
        button = page.locator(".jl-upload")
        assert button.count() == 1
        assert (button.inner_text() or "").strip() == "Eigen enquête uploaden"
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth"), "the description is cut off"
        page.locator(".jl-upload + input[type=file]").set_input_files(str(csv))
        view = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").first
        wait_text(view, lambda text: "eigen.csv is ingelezen" in text, "the kernel did not read the upload")
        wait_text(view, lambda text: "Uitkomst 'Totaaloordeel'" in text, "the outcome note is missing")
        assert (button.inner_text() or "").strip() == "Eigen enquête uploaden"  # still no "(0)" or "(1)"
    finally:
        (lab["root"] / relpath).unlink(missing_ok=True)
