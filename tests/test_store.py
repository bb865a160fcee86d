"""Workbook files: atomic save, backup, autosave, recovery; nothing lost, nothing overwritten."""
import json
import time

import pytest

from journeylib.errors import FileFormatError, JourneyError, NotOverwrittenError, SchemaVersionError
from journeylib.model import Journey, Touchpoint, Workbook
from journeylib.store import (
    MIGRATIONS, backup_path, dump_workbook, load_workbook, migrate, open_workbook, parse_workbook,
    save_workbook,
)


def sample(learner="Anna"):
    return Workbook(learner=learner, journeys=[Journey(name="Bezoek", touchpoints=[
        Touchpoint(id="balie", name="Balie", phase="during", importance=5)])])


def test_round_trip_is_exact(tmp_path):
    path = tmp_path / "a.workbook.json"
    wb = sample()
    save_workbook(wb, path)
    assert load_workbook(path) == wb
    assert json.loads(path.read_text())["schema_version"] == 1


def test_second_save_keeps_previous_as_backup(tmp_path):
    path = tmp_path / "a.workbook.json"
    save_workbook(sample("one"), path)
    assert not backup_path(path).exists()
    save_workbook(sample("two"), path)
    assert load_workbook(backup_path(path)).learner == "one"
    assert load_workbook(path).learner == "two"
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_unchanged_save_does_not_rotate_backup(tmp_path):
    path = tmp_path / "a.workbook.json"
    save_workbook(sample("one"), path)
    save_workbook(sample("two"), path)
    save_workbook(sample("two"), path)
    assert load_workbook(backup_path(path)).learner == "one"


@pytest.mark.parametrize("content", [b"", b"{\"format\": \"cx-jou", b"[1, 2]", b"just text", b"\xff\xfe\x00"])
def test_save_never_overwrites_a_file_that_does_not_load(tmp_path, content):
    path = tmp_path / "a.workbook.json"
    path.write_bytes(content)
    with pytest.raises(NotOverwrittenError) as info:
        save_workbook(sample(), path)
    assert path.read_bytes() == content
    assert str(path) in str(info.value)
    assert not backup_path(path).exists()


@pytest.mark.parametrize("content", [b"", b'{"format": "cx-journey-lab/workbook", "schema_ver'])
def test_damaged_file_points_to_its_backup_only_when_there_is_one(tmp_path, content):
    path = tmp_path / "w.workbook.json"
    path.write_bytes(content)
    with pytest.raises(FileFormatError) as info:
        load_workbook(path)
    assert "reservekopie" not in info.value.message("nl") and "backup" not in info.value.message("en")
    save_workbook(Workbook(), tmp_path / "other.workbook.json")  # a valid file to copy as backup
    (tmp_path / "w.workbook.json.bak").write_bytes((tmp_path / "other.workbook.json").read_bytes())
    with pytest.raises(FileFormatError) as info:
        load_workbook(path)
    assert info.value.message("en").endswith("Use the backup (" + str(path) + ".bak).")
    assert "Gebruik de reservekopie" in info.value.message("nl")
    # a damaged backup itself: no advice to use a .bak.bak that does not exist
    (tmp_path / "w.workbook.json.bak").write_bytes(content)
    with pytest.raises(FileFormatError) as info:
        load_workbook(tmp_path / "w.workbook.json.bak")
    assert ".bak.bak" not in str(info.value)


def test_future_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "a.workbook.json"
    data = json.loads(dump_workbook(sample()))
    data["schema_version"] = 99
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    with pytest.raises(SchemaVersionError, match="99"):
        load_workbook(path)
    with pytest.raises(NotOverwrittenError):
        save_workbook(sample(), path)
    assert path.read_bytes() == raw


def test_migration_hook_runs_in_order(monkeypatch):
    import journeylib.store as store

    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    calls = []
    monkeypatch.setitem(MIGRATIONS, 1, lambda d: calls.append(1) or {**d, "renamed": d.pop("old", None)})
    monkeypatch.setitem(MIGRATIONS, 2, lambda d: calls.append(2) or d)
    out = migrate({"schema_version": 1, "old": "x"})
    assert calls == [1, 2] and out["schema_version"] == 3 and out["renamed"] == "x"
    with pytest.raises(SchemaVersionError):
        migrate({"schema_version": "1"})


def test_open_creates_and_autosaves_debounced(tmp_path):
    path = tmp_path / "w" / "mijn.workbook.json"
    session = open_workbook(path, delay=0.2)
    assert path.exists() and session.status == "ok"
    events = []
    session.observe(lambda event, s: events.append(event))
    session.workbook.learner = "Bram"
    session.changed()
    session.workbook.advice = "Meer aandacht voor de balie."
    session.changed()
    assert load_workbook(path).learner == ""  # not yet: debounced
    deadline = time.time() + 2  # the promise: on disk within 2 seconds
    while time.time() < deadline and "saved" not in events:
        time.sleep(0.02)
    time.sleep(0.3)  # room for a (wrong) second save to show up
    reloaded = load_workbook(path)
    assert (reloaded.learner, reloaded.advice) == ("Bram", "Meer aandacht voor de balie.")
    assert events.count("saved") == 1  # two changes, one save
    assert repr(session) == "<WorkbookSession: mijn.workbook.json (ok)>"
    session.close()


def test_open_existing_file_keeps_its_content(tmp_path):
    path = tmp_path / "a.workbook.json"
    save_workbook(sample("Cees"), path)
    session = open_workbook(path, delay=0)
    assert session.workbook.learner == "Cees"
    session.workbook.learner = "Cees B."
    session.changed()  # delay 0: saved at once
    assert load_workbook(path).learner == "Cees B."


def test_open_corrupt_file_falls_back_to_backup_and_keeps_the_file(tmp_path):
    path = tmp_path / "a.workbook.json"
    save_workbook(sample("good"), path)
    save_workbook(sample("newer"), path)
    path.write_bytes(b'{"format": "cx-journey-lab/workbook", "schema_ver')  # as after a crash
    session = open_workbook(path, delay=0)
    assert session.status == "ok" and session.workbook.learner == "good"
    assert session.notice is not None and "a.workbook.json" in str(session.notice)
    kept = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().endswith(b"schema_ver")
    assert load_workbook(path).learner == "good"


def test_open_foreign_file_without_backup_blocks_saving(tmp_path):
    path = tmp_path / "thesis.json"
    path.write_text('{"title": "my thesis"}')
    session = open_workbook(path, delay=0)
    assert session.status == "blocked" and "thesis.json" in str(session.notice)
    session.workbook.learner = "x"
    session.changed()
    assert session.error is not None
    assert path.read_text() == '{"title": "my thesis"}'
    # an explicit upload replaces it, and the foreign file is kept aside, not lost
    session.import_bytes(dump_workbook(sample("upload")), "upload.json")
    assert load_workbook(path).learner == "upload"
    assert any(p.read_text() == '{"title": "my thesis"}' for p in tmp_path.glob("thesis.json.unreadable-*"))


def test_invalid_upload_changes_nothing(tmp_path):
    path = tmp_path / "a.workbook.json"
    session = open_workbook(path, delay=0)
    session.workbook.learner = "Dirk"
    session.changed()
    before = path.read_bytes()
    with pytest.raises(JourneyError):
        session.import_bytes(b"[]", "bad.json")
    assert session.workbook.learner == "Dirk" and path.read_bytes() == before


def test_export_import_and_restore_backup(tmp_path):
    path = tmp_path / "a.workbook.json"
    session = open_workbook(path, delay=0)
    session.workbook.learner = "Eva"
    session.changed()
    exported = session.export_bytes()
    assert parse_workbook(exported).learner == "Eva"
    session.workbook.learner = "Eva 2"
    session.changed()
    replaced = []
    session.observe(lambda e, s: replaced.append(e))
    assert session.restore_backup().learner == "Eva"
    assert "replaced" in replaced and load_workbook(path).learner == "Eva"


def test_restore_without_backup_says_so(tmp_path):
    session = open_workbook(tmp_path / "a.workbook.json", delay=0)
    with pytest.raises(FileFormatError, match="bak"):
        session.restore_backup()


def test_open_prefills_from_case_when_new(tmp_path):
    session = open_workbook(tmp_path / "h.workbook.json", case="hospital", lang="en", delay=0)
    assert session.workbook.case == "hospital" and session.workbook.language == "en"
    assert session.workbook.journeys and session.workbook.journeys[0].touchpoints
