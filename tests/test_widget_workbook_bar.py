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
    today = datetime.date.today().isoformat()
    assert f'download="anna-{today}.workbook.json"' in bar.download.value  # named after the learner
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


def test_widget_bar_restore_an_earlier_version_with_confirmation(session):
    bar = WorkbookBar(session)
    session.workbook.learner = "v1"
    session.changed()
    session.workbook.learner = "v2"  # same session within a minute: one version kept (v1's predecessor)
    session.changed()
    bar.restore.click()
    assert bar.history_box.layout.display == "flex" and bar.versions.options
    labels = [label for label, _ in bar.versions.options]
    assert "je naam" in labels[0]  # what changed after that version, in words
    bar.pick.click()
    assert bar.confirm_box.layout.display == "flex" and "Weet je het zeker" in bar.question.value
    assert load_workbook(session.path).learner == "v2"  # nothing happens before the confirmation
    bar.keep.click()
    assert bar.confirm_box.layout.display == "none" and load_workbook(session.path).learner == "v2"
    bar.pick.click()
    bar.confirm.click()
    assert load_workbook(session.path).learner == "" and session.workbook.learner == ""
    assert "staat weer in je werkboek" in bar.message.text  # the confirmation stays
    # and the version just replaced is in the history: it can be brought back
    bar.restore.click()
    assert any(session.history.load(f).learner == "v2" for _, f in bar.versions.options)


def test_widget_bar_counts_follow_another_notebook(tmp_path):
    from journeylib.model import Journey, Touchpoint

    path = tmp_path / "w.workbook.json"
    nb01, nb03 = open_workbook(path, delay=0), open_workbook(path, delay=0)
    bar01 = WorkbookBar(nb01)
    assert "klantreizen 0" in bar01.counts.value
    nb03.workbook.journeys = [Journey(name="J", touchpoints=[Touchpoint(id="a", name="A", phase="before")])]
    nb03.changed()
    nb01.check_external()  # what the kernel's watcher does within a second
    assert "klantreizen 1 · contactmomenten 1" in bar01.counts.value
    assert "ander notebook" in bar01.message.text


def test_widget_bar_says_when_a_conflict_kept_the_later_edit(tmp_path):
    path = tmp_path / "w.workbook.json"
    a, b = open_workbook(path, delay=0), open_workbook(path, delay=0)
    bar_b = WorkbookBar(b)
    a.workbook.advice = "eerst"
    a.changed()
    b.workbook.advice = "later"
    b.changed()
    assert load_workbook(path).advice == "later"
    assert "advies" in bar_b.message.text and "geschiedenis" in bar_b.message.text
    journeylib.set_language("en")
    assert bar_b.restore.description == "Restore an earlier version"


def test_widget_bar_existing_workbook_shows_when_it_was_saved(tmp_path):
    path = tmp_path / "w.workbook.json"
    open_workbook(path, delay=0).close()
    bar = WorkbookBar(open_workbook(path, delay=0))
    assert "nog niet opgeslagen" not in bar.file_label.value and "opgeslagen" in bar.file_label.value


def test_widget_bar_language_switch(session):
    bar = WorkbookBar(session)
    assert bar.upload.description == "Uploaden"
    bar.language.value = "en"
    assert journeylib.get_language() == "en" and bar.upload.description == "Upload"
    journeylib.set_language("nl")
    assert bar.language.value == "nl" and bar.restore.description == "Eerdere versie terugzetten"


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
