"""The workbook bar's copy in the browser, driven headless: Binder detection, off by default
elsewhere, the copy following every save (this session's and another's), the offer to
restore, restoring through the save path, and refusing damaged or oversized copies.

``FakeBrowser`` answers the bar's BrowserCopy as ``static/browser_copy.js`` does (records
by id, the switch remembered only when it differs from the default, nothing stored with the
switch off); tests/browser/test_browser_copy.py runs the real one in Chromium.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

import journeylib
from journeylib.model import LIMITS, Workbook
from journeylib.store import dump_workbook, load_workbook, open_workbook
from journeylib.widgets.browser_copy import (BINDER_VARIABLES, COURSE, Copy, copy_id, course_id, digest,
                                             is_empty, on_binder, pick, should_offer)
from journeylib.widgets.workbook_bar import WorkbookBar

pytestmark = pytest.mark.usefixtures("close_widgets")

BINDER = {"BINDER_LAUNCH_HOST": "https://mybinder.org/", "BINDER_REQUEST": "v2/gh/org/cx-journey-lab/main",
          "BINDER_REF_URL": "https://github.com/org/cx-journey-lab/tree/abc",
          "BINDER_REPO_URL": "https://github.com/org/cx-journey-lab"}


class FakeBrowser:
    """One browser's storage, shared by every bar (page) connected to it."""

    def __init__(self, *, available: bool = True, offset: int = 60):
        self.records: dict[str, dict] = {}
        self.prefs: dict[str, str] = {}
        self.available, self.offset = available, offset
        self.sent: list[dict] = []
        self.opened = False  # the database was created

    def connect(self, bar: WorkbookBar) -> WorkbookBar:
        """The bar's view appears in a page of this browser: its model says hello."""
        model = bar.browser
        state = {"enabled": False}

        def receive(content, buffers=None):
            self.sent.append(content)
            reply = self.answer(model, state, content, [bytes(b) for b in buffers or []])
            if reply is not None:
                content, out = reply if isinstance(reply, tuple) else (reply, [])
                model._handle_custom_msg(content, out)

        model.send = receive
        pref = self.prefs.get(model.course)
        state["enabled"] = (pref == "on") if pref else model.default_on
        state["enabled"] = state["enabled"] and self.available
        copies = [self.meta(r) for r in self.records.values() if r["course"] == model.course] \
            if state["enabled"] or self.opened else []
        model._handle_custom_msg({"kind": "hello", "available": self.available, "enabled": state["enabled"],
                                  "copies": copies, "offset": self.offset}, [])
        return bar

    @staticmethod
    def meta(record: dict) -> dict:
        return {k: v for k, v in record.items() if k != "data"}

    def answer(self, model, state, msg, buffers):
        kind = msg["kind"]
        if kind == "store":
            if not state["enabled"]:
                return {"kind": "stored", "ok": False, "error": "off"}
            self.opened = True
            record = {**msg["record"], "course": model.course, "data": buffers[0]}
            self.records[record["id"]] = record
            return {"kind": "stored", "ok": True, "record": self.meta(record)}
        if kind == "fetch":
            record = self.records.get(msg["id"])
            if record is None:
                return {"kind": "copy", "id": msg["id"], "error": "missing"}
            if len(record["data"]) > model.limit:
                return {"kind": "copy", "id": msg["id"], "error": "too_large", "size": len(record["data"])}
            return {"kind": "copy", "id": msg["id"], "record": self.meta(record)}, [record["data"]]
        if kind in ("switch", "remove"):
            if kind == "switch":
                state["enabled"] = msg["on"]
                if msg["on"] == model.default_on:
                    self.prefs.pop(model.course, None)
                else:
                    self.prefs[model.course] = "on" if msg["on"] else "off"
                if msg["on"]:
                    return None
            mine = [k for k, r in self.records.items() if r["course"] == model.course]
            for k in mine:
                del self.records[k]
            if not self.records:
                self.opened = False
            return {"kind": "removed", "ok": True, "count": len(mine)}
        raise AssertionError(msg)

    def put(self, course: str, file: str, learner: str, raw: bytes, saved_at: datetime, **changes) -> str:
        """A copy left by an earlier session."""
        key = copy_id(course, file, learner)
        self.records[key] = {"id": key, "course": course, "file": file, "learner": learner,
                             "saved_at": saved_at.astimezone().isoformat(), "size": len(raw), "digest": digest(raw),
                             "data": raw, **changes}
        self.opened = True
        return key


def stored(browser: FakeBrowser) -> Workbook:
    (record,) = browser.records.values()
    return Workbook.model_validate_json(record["data"])


@pytest.fixture
def path(tmp_path):
    return tmp_path / "cx-journey-lab.workbook.json"


@pytest.fixture
def sessions():
    opened = []

    def open_(path):
        opened.append(open_workbook(path, delay=0))
        return opened[-1]

    yield open_
    for s in opened:
        s.close()


def earlier_work(organisation="Zorghuis Noord", learner="") -> bytes:
    wb = Workbook(learner=learner)
    wb.brand.organisation = organisation
    wb.answers["q1"] = "Omdat iedereen welkom is"
    return dump_workbook(wb)


# ----------------------------------------------------------------------------- Binder and privacy

@pytest.mark.parametrize("name", BINDER_VARIABLES)
def test_binder_is_found_from_each_variable_binderhub_sets(name):
    assert on_binder({name: "x"})
    assert not on_binder({name: "  "})


def test_not_binder_without_them_and_the_course_is_the_repository_on_binder():
    assert not on_binder({})
    assert not on_binder({"BINDER_SERVICE_HOST": "10.0.0.1", "JUPYTERHUB_API_URL": "http://hub"})  # k8s, any hub
    assert course_id({}) == COURSE
    assert course_id(BINDER) == f"{COURSE} https://github.com/org/cx-journey-lab"


def test_off_by_default_elsewhere_and_nothing_is_stored(path, sessions):
    browser = FakeBrowser()
    session = sessions(path)
    bar = browser.connect(WorkbookBar(session, environ={}))
    assert bar.keep_copy.value is False and bar.browser.default_on is False
    assert bar.browser_box.layout.display == "flex"  # the switch is there, unticked
    session.workbook.brand.organisation = "Zorghuis Noord"
    session.changed()
    assert browser.records == {} and not browser.opened and browser.prefs == {}
    assert not [m for m in browser.sent if m["kind"] == "store"]


def test_on_by_default_on_binder_the_copy_follows_every_save(path, sessions):
    browser = FakeBrowser()
    session = sessions(path)
    bar = browser.connect(WorkbookBar(session, environ=BINDER))
    assert bar.keep_copy.value is True and browser.prefs == {}  # the default is not written down
    session.workbook.brand.organisation = "Zorghuis Noord"
    session.changed()
    (record,) = browser.records.values()
    assert record["data"] == path.read_bytes()  # the saved JSON, byte for byte
    assert record["course"] == course_id(BINDER) and record["file"] == path.name and record["learner"] == ""
    assert datetime.fromisoformat(record["saved_at"]) == session.saved_at.astimezone().replace(microsecond=0)
    assert "kopie in deze browser" in bar.copy_state.value


def test_the_copy_follows_a_save_made_by_another_notebook(path, sessions):
    browser = FakeBrowser()
    here = sessions(path)
    bar = browser.connect(WorkbookBar(here, environ=BINDER))
    other = sessions(path)  # another notebook, another kernel, no bar connected
    other.workbook.advice = "Maak het parkeren makkelijker."
    other.changed()
    assert stored(browser).advice == ""
    assert here.check_external()  # what the watcher does every second
    assert stored(browser).advice == "Maak het parkeren makkelijker."
    assert "Maak het parkeren" not in json.dumps(bar.browser.get_state(), default=str)  # bytes never in the state


def test_the_learner_is_part_of_the_key(path, sessions):
    browser = FakeBrowser()
    session = sessions(path)
    browser.connect(WorkbookBar(session, environ=BINDER))
    session.workbook.learner = "Anna"
    session.changed()
    assert copy_id(course_id(BINDER), path.name, "Anna") in browser.records


# ----------------------------------------------------------------------------- the offer and the restore

def test_a_new_session_without_work_offers_the_copy_and_restores_it_through_the_save_path(path, sessions):
    browser = FakeBrowser(offset=60)
    raw = earlier_work()
    saved = datetime(2026, 3, 2, 13, 5)
    browser.put(course_id(BINDER), path.name, "", raw, saved)
    session = sessions(path)  # a new session: the work folder is empty
    assert is_empty(session.workbook)
    bar = browser.connect(WorkbookBar(session, environ=BINDER))
    assert bar.offer_box.layout.display == "flex"
    when = saved.astimezone(timezone(timedelta(minutes=60)))  # in the browser's time zone
    assert bar.offer.description == (f"Zet je werk terug uit deze browser (bewaard op {when:%d-%m-%Y} "
                                     f"om {when:%H:%M})")
    # an edit while the offer is open does not wipe the copy it offers
    session.workbook.advice = "nieuw"
    session.changed()
    assert browser.records[copy_id(course_id(BINDER), path.name, "")]["data"] == raw
    bar.offer.click()
    assert load_workbook(path).brand.organisation == "Zorghuis Noord"
    assert session.workbook.answers == {"q1": "Omdat iedereen welkom is"}
    assert path.read_bytes() == raw
    entries = session.history.entries()  # the version it replaced is kept, as after an upload
    assert entries and entries[0]["reason"] == "replace"
    assert load_workbook(path.with_name(path.name + ".bak")).advice == "nieuw"
    assert bar.offer_box.layout.display == "none"
    assert "staat weer in je werkboek" in bar.message.text
    journeylib.set_language("en")
    assert "Keep a copy in this browser" == bar.keep_copy.description


def test_the_offer_says_whose_copy_it_is_and_english(path, sessions):
    browser = FakeBrowser()
    journeylib.set_language("en")
    browser.put(course_id(BINDER), path.name, "Anna de Vries", earlier_work(learner="Anna de Vries"),
                datetime(2026, 3, 2, 13, 5))
    bar = browser.connect(WorkbookBar(sessions(path), environ=BINDER))
    assert bar.offer.description.startswith("Restore your work from this browser (saved 2026-03-")
    assert "Anna de Vries" in bar.offer_note.value
    bar.offer.click()
    assert load_workbook(path).learner == "Anna de Vries"
    assert copy_id(course_id(BINDER), path.name, "Anna de Vries") in browser.records


def test_an_older_workbook_than_the_copy_is_offered_a_newer_one_is_not(path, sessions, tmp_path):
    browser = FakeBrowser()
    path.write_bytes(earlier_work("Oud"))
    session = sessions(path)
    browser.put(course_id(BINDER), path.name, "", earlier_work("Nieuw"), session.saved_at + timedelta(hours=1))
    bar = browser.connect(WorkbookBar(session, environ=BINDER))
    assert bar.offer_box.layout.display == "flex"

    other = tmp_path / "other.workbook.json"
    other.write_bytes(earlier_work("Nieuwer"))
    newer = sessions(other)
    browser.put(course_id(BINDER), other.name, "", earlier_work("Ouder"), newer.saved_at - timedelta(hours=1))
    bar2 = browser.connect(WorkbookBar(newer, environ=BINDER))
    assert bar2.offer_box.layout.display == "none"
    assert Workbook.model_validate_json(browser.records[copy_id(course_id(BINDER), other.name, "")]["data"]) \
        .brand.organisation == "Nieuwer"  # the copy follows the newer workbook


def test_declining_lets_the_copy_follow_this_workbook(path, sessions):
    browser = FakeBrowser()
    browser.put(course_id(BINDER), path.name, "", earlier_work(), datetime(2026, 3, 2, 13, 5))
    session = sessions(path)
    bar = browser.connect(WorkbookBar(session, environ=BINDER))
    bar.decline.click()
    assert bar.offer_box.layout.display == "none" and is_empty(stored(browser))
    assert load_workbook(path).brand.organisation == ""


def test_a_restore_in_another_notebook_closes_this_offer(path, sessions):
    browser = FakeBrowser()
    browser.put(course_id(BINDER), path.name, "", earlier_work(), datetime(2026, 3, 2, 13, 5))
    a, b = sessions(path), sessions(path)
    bar_a = browser.connect(WorkbookBar(a, environ=BINDER))
    bar_b = browser.connect(WorkbookBar(b, environ=BINDER))
    bar_a.offer.click()
    assert b.check_external()
    assert bar_b.offer_box.layout.display == "none" and b.workbook.brand.organisation == "Zorghuis Noord"


def test_another_learners_copy_is_not_offered_for_a_named_workbook(path, sessions):
    browser = FakeBrowser()
    browser.put(course_id(BINDER), path.name, "Anna", earlier_work(learner="Anna"), datetime(2026, 3, 2, 13, 5))
    path.write_bytes(dump_workbook(Workbook(learner="Bram")))
    bar = browser.connect(WorkbookBar(sessions(path), environ=BINDER))
    assert bar.offer_box.layout.display == "none"


@pytest.mark.parametrize("change, words", [
    ({"digest": "0" * 64}, "beschadigd"),  # not the bytes that were kept
    ({"size": 12}, "beschadigd"),
])
def test_a_damaged_copy_is_refused_and_nothing_changes(path, sessions, change, words):
    browser = FakeBrowser()
    key = browser.put(course_id(BINDER), path.name, "", earlier_work(), datetime(2026, 3, 2, 13, 5), **change)
    session = sessions(path)
    before = path.read_bytes()
    bar = browser.connect(WorkbookBar(session, environ=BINDER))
    bar.offer.click()
    assert words in bar.message.text and path.read_bytes() == before
    assert bar.offer_box.layout.display == "flex" and key in browser.records  # still there to try or remove


def test_a_copy_that_is_no_workbook_is_refused_by_the_same_validation_as_an_upload(path, sessions):
    browser = FakeBrowser()
    bad = json.dumps({"format": "cx-journey-lab/workbook", "schema_version": 1, "learner": 5}).encode()
    browser.put(course_id(BINDER), path.name, "", bad, datetime(2026, 3, 2, 13, 5))
    bar = browser.connect(WorkbookBar(sessions(path), environ=BINDER))
    before = path.read_bytes()
    bar.offer.click()
    assert "de kopie in deze browser" in bar.message.text and "learner" in bar.message.text
    assert path.read_bytes() == before


def test_an_oversized_copy_is_refused_with_the_workbook_limit(path, sessions):
    browser = FakeBrowser()
    big = b" " * (LIMITS["workbook_bytes"] + 1)
    browser.put(course_id(BINDER), path.name, "", big, datetime(2026, 3, 2, 13, 5))
    bar = browser.connect(WorkbookBar(sessions(path), environ=BINDER))
    bar.offer.click()
    assert "groter dan de 10 MB" in bar.message.text
    assert load_workbook(path).brand.organisation == ""
    assert bar.browser.limit == LIMITS["workbook_bytes"]  # the front-end refuses to keep more, too


def test_a_copy_removed_meanwhile_is_said(path, sessions):
    browser = FakeBrowser()
    browser.put(course_id(BINDER), path.name, "", earlier_work(), datetime(2026, 3, 2, 13, 5))
    bar = browser.connect(WorkbookBar(sessions(path), environ=BINDER))
    browser.records.clear()
    bar.offer.click()
    assert "er niet meer" in bar.message.text


# ----------------------------------------------------------------------------- the switch and remove

def test_switching_off_removes_the_copy_and_is_remembered_per_course(path, sessions):
    browser = FakeBrowser()
    session = sessions(path)
    bar = browser.connect(WorkbookBar(session, environ=BINDER))
    assert browser.records
    bar.keep_copy.value = False
    assert browser.records == {} and browser.prefs == {course_id(BINDER): "off"}
    assert "verwijderd" in bar.message.text
    session.workbook.advice = "na het uitzetten"
    session.changed()
    assert browser.records == {}
    again = browser.connect(WorkbookBar(session, environ=BINDER))  # the page reloaded
    assert again.keep_copy.value is False
    again.keep_copy.value = True
    assert browser.prefs == {} and stored(browser).advice == "na het uitzetten"


def test_switched_on_elsewhere_is_remembered_and_remove_switches_off(path, sessions):
    browser = FakeBrowser()
    session = sessions(path)
    bar = browser.connect(WorkbookBar(session, environ={}))
    bar.keep_copy.value = True
    assert browser.prefs == {COURSE: "on"} and browser.records
    assert browser.connect(WorkbookBar(session, environ={})).keep_copy.value is True
    bar.forget.click()
    assert browser.records == {} and browser.prefs == {} and bar.keep_copy.value is False
    assert "Verwijder mijn werk uit deze browser" == bar.forget.description


def test_a_browser_that_refuses_storage_shows_no_switch(path, sessions):
    bar = FakeBrowser(available=False).connect(WorkbookBar(sessions(path), environ=BINDER))
    assert bar.browser_box.layout.display == "none" and bar.keep_copy.value is False


def test_without_a_browser_nothing_is_sent_and_the_rows_stay_hidden(path, sessions, monkeypatch):
    session = sessions(path)
    bar = WorkbookBar(session, environ=BINDER)
    sent = []
    monkeypatch.setattr(bar.browser, "send", lambda *a, **k: sent.append(a))
    session.workbook.advice = "x"
    session.changed()
    assert sent == [] and bar.browser_box.layout.display == "none" and bar.offer_box.layout.display == "none"


# ----------------------------------------------------------------------------- the rules, and light

def test_should_offer_rules():
    now = datetime(2026, 3, 2, 12, 0).astimezone()
    copy = Copy(id="k", course=COURSE, file="f", learner="", saved_at=now, size=1, digest="a")
    assert not should_offer(None, current="b", saved_at=now, empty=True)
    assert not should_offer(copy, current="a", saved_at=now - timedelta(days=1), empty=True)  # the same work
    assert should_offer(copy, current="b", saved_at=now + timedelta(hours=1), empty=True)  # new, empty
    assert should_offer(copy, current="b", saved_at=now - timedelta(minutes=1), empty=False)  # older
    assert not should_offer(copy, current="b", saved_at=now + timedelta(minutes=1), empty=False)  # newer
    older = Copy(**{**copy.__dict__, "id": "j", "saved_at": now - timedelta(days=1)})
    other = Copy(**{**copy.__dict__, "id": "o", "file": "g", "saved_at": now + timedelta(days=1)})
    assert pick([older, copy, other], course=COURSE, file="f", learner="") == copy
    assert pick([older, copy], course=COURSE, file="f", learner="Anna") is None
    assert Copy.from_json({"id": 1}) is None and Copy.from_json(copy.to_json()) == copy


def test_the_module_is_light():
    code = ("import sys, journeylib.widgets.browser_copy as m; "
            "print(sorted(x for x in ('pandas', 'matplotlib', 'numpy', 'scipy') if x in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
