"""WorkbookBar, driven headless: download, upload (valid and invalid), restore, language."""
import base64
import datetime
import re

import pytest

import journeylib
from journeylib.model import Workbook
from journeylib.store import dump_workbook, load_workbook, open_workbook
from journeylib.widgets.workbook_bar import WorkbookBar


@pytest.fixture
def session(open_session):
    """An empty workbook in anna.workbook.json (conftest.open_session closes it after the test)."""
    return open_session(name="anna")


def upload(bar, name, content):
    bar.upload.value = ({"name": name, "type": "application/json", "size": len(content), "content": content,
                         "last_modified": datetime.datetime(2026, 1, 1)},)


def test_widget_bar_download_link_holds_the_saved_workbook(session):
    bar = WorkbookBar(session)
    session.workbook.learner = "Anna"
    session.changed()
    href = re.search(r'href="data:application/json;base64,([^"]+)"', bar.download.value).group(1)
    assert load_workbook(session.path) == Workbook.model_validate_json(base64.b64decode(href))
    assert 'download="anna.workbook.json"' in bar.download.value
    assert repr(bar) == "<WorkbookBar: anna.workbook.json, ok>"
    bundle = bar._repr_mimebundle_()
    assert bundle["text/plain"] == repr(bar) and "anna.workbook.json" in bundle["text/markdown"]


def test_widget_bar_upload_replaces_and_keeps_backup(session):
    bar = WorkbookBar(session)
    session.workbook.learner = "old"
    session.changed()
    upload(bar, "other.workbook.json", dump_workbook(Workbook(learner="Bram", case="telecom")))
    assert session.workbook.learner == "Bram"
    assert load_workbook(session.path).learner == "Bram"
    assert load_workbook(session.path.with_name(session.path.name + ".bak")).learner == "old"
    assert "other.workbook.json" in bar.message.text and bar.upload.value == ()


def test_widget_bar_invalid_upload_changes_nothing_and_says_why(session):
    bar = WorkbookBar(session)
    session.workbook.learner = "keep"
    session.changed()
    before = session.path.read_bytes()
    upload(bar, "broken.json", b'{"format": "cx-journey-lab/workbook", "schema_version": 1, "learner": 5}')
    assert session.workbook.learner == "keep" and session.path.read_bytes() == before
    assert "broken.json" in bar.message.text and "learner" in bar.message.text
    journeylib.set_language("en")
    upload(bar, "x.json", b"[]")
    assert "not a workbook object" in bar.message.text or "list" in bar.message.text


def test_widget_bar_restore_and_language_switch(session):
    bar = WorkbookBar(session)
    session.workbook.learner = "v1"
    session.changed()
    session.workbook.learner = "v2"
    session.changed()
    bar.restore.click()
    assert session.workbook.learner == "v1" and load_workbook(session.path).learner == "v1"
    assert bar.upload.description == "Uploaden"
    bar.language.value = "en"
    assert journeylib.get_language() == "en" and bar.upload.description == "Upload"
    journeylib.set_language("nl")
    assert bar.language.value == "nl" and bar.restore.description == "Reservekopie terugzetten"


def test_widget_bar_shows_recovery_notice(tmp_path):
    path = tmp_path / "x.workbook.json"
    s = open_workbook(path, delay=0)
    s.workbook.learner = "good"
    s.changed()
    s.workbook.learner = "newer"
    s.changed()
    path.write_bytes(b"{broken")
    s2 = open_workbook(path, delay=0)
    bar = WorkbookBar(s2)
    assert "x.workbook.json" in bar.notice.text and s2.workbook.learner == "good"
