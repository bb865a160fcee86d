"""The class overview (HTML, CLI, notebook) and the lecture view (Voila on 127.0.0.1)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from journeylib import cli, reports
from journeylib.model import Workbook
from journeylib.store import save_workbook
from test_reports import SCRIPT, assert_inert, assert_sections, evil_workbook, parse, run_instructor_notebook



@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    folder = reports.demo_class(tmp_path_factory.mktemp("class") / "class", size=8, lang="en")
    save_workbook(evil_workbook(), folder / "evil.workbook.json")
    (folder / "empty.json").write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def overview_html(klass):
    return reports.render_overview_html(klass, lang="en")


def test_overview_shows_every_part_and_lists_invalid_workbooks(overview_html):
    _, text = assert_sections(overview_html, reports.OVERVIEW_SECTIONS)
    assert "9 valid workbooks read; invalid and skipped: 2." in text
    assert "zz-broken.workbook.json" in text and "not valid JSON" in text
    assert "empty.json" in text and "the file is empty" in text
    assert "/tmp" not in overview_html.replace("data:", "")  # reasons name files, not the instructor's folders
    assert "Anouk de Vries" in text and "Progress: who has done what?" in text
    assert overview_html.count("<figure>") == 5  # notebooks finished, keywords, moments, service levels, most missed


def test_learner_text_in_the_overview_is_escaped_and_inert(overview_html):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview_html
    assert SCRIPT in " ".join(parse(overview_html).text)


def test_progress_follows_the_work_done():
    empty = reports.task_status(Workbook())
    assert empty == dict.fromkeys(reports.TASKS, False)
    assert reports.task_status(Workbook(progress={"reflection": True}))["reflection"] is True
    full = reports.task_status(reports.demo_workbook("telecom", lang="en"))
    assert all(full.values()), full


def test_keywords_are_counted_once_per_spelling(tmp_path):
    folder = tmp_path / "k"
    folder.mkdir()
    for i, words in enumerate((["Wachttijd", "uitleg"], ["wachttijd  "], ["Wachttijd", "Uitleg"])):
        wb = Workbook(learner=f"L{i}")
        wb.reflections["during"].keywords = words
        save_workbook(wb, folder / f"{i}.json")
    sec = reports.overview_section("keywords", folder, lang="nl")
    desc = sec.blocks[0].description
    assert "Tijdens: 'Wachttijd' (3) en 'Uitleg' (1) en" not in desc
    assert "Tijdens: 'Wachttijd' (3) en 'Uitleg' (2)." in desc  # the most used spelling is shown
    assert "Voor: nog geen kernwoorden." in desc


def test_empty_folder_is_a_clear_error_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "o.html"
    assert cli.main(["overview", str(tmp_path / "empty"), "-o", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no workbooks (*.json) in this folder" in err
    assert cli.main(["overview", str(tmp_path / "missing"), "-o", str(out), "--lang", "nl"]) == 1
    assert "geen map" in capsys.readouterr().err
    assert not out.exists()


def test_only_invalid_workbooks_writes_the_list_and_exits_1(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.json").write_text("[1, 2]", encoding="utf-8")
    out = tmp_path / "o.html"
    assert cli.main(["overview", str(folder), "-o", str(out), "--lang", "en"]) == 1
    assert "a.json" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "There is no valid workbook in this folder." in html and "a.json" in html


def test_cli_writes_the_overview_in_dutch(klass, tmp_path, capsys):
    out = tmp_path / "klas.html"
    assert cli.main(["overview", str(klass), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Klasoverzicht</title>" in html and "Voortgang: wie heeft wat gedaan?" in html
    assert_inert(html)


def test_class_overview_notebook_runs_for_a_folder(klass, tmp_path):
    html = run_instructor_notebook("class_overview.ipynb", tmp_path / "out.ipynb", folder=str(klass), lang="en")
    assert "Anouk de Vries" in html and "Most chosen moments of truth" in html and "zz-broken" in html
    assert "&lt;script&gt;" in html


# --------------------------------------------------------------------------- lecture view

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lecture_view_serves_the_notebook_on_localhost_in_lecture_style(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('lang = "nl"\ncase = ""\nworkbook = ""\nlecture = False')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny lecture"), params, nbformat.v4.new_code_cell(
        "from journeylib.charts import style\nprint('LECTURE-CHECK', lecture, style.is_lecture(), lang)")]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "journeylib.cli", "lecture", str(path), "--port", str(port),
                             "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    body, status = "", None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as response:
                    status, body = response.status, response.read().decode("utf-8", "replace")
                break
            except OSError:
                time.sleep(0.5)
    finally:
        proc.terminate()  # the command stops Voila and removes its copy of the notebook
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    assert status == 200, out
    assert "LECTURE-CHECK True True en" in body  # lecture parameter, projector style and language reached it
    assert f"http://127.0.0.1:{port}/" in out
    assert proc.returncode == 0
