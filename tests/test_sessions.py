"""Many sessions, one workbook: every open notebook (kernel) applies only its own changes.

The learner's real path: a journey built in notebook 03, then back to 01 (whose kernel still
holds the old copy) to add a brand value; or 03 reopened with a stale kernel. Nothing that
any session saved may be lost; the same value changed twice keeps the later edit and the
earlier one is in the history.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from journeylib.model import Journey, Touchpoint, Workbook
from journeylib.store import History, dump_workbook, history_dir, load_workbook, open_workbook

HERE = Path(__file__).resolve().parent


def two(tmp_path, name="anna"):
    path = tmp_path / f"{name}.workbook.json"
    a = open_workbook(path, delay=0)
    b = open_workbook(path, delay=0)
    return path, a, b


def test_stale_session_does_not_erase_what_another_saved(tmp_path):
    """The reported loss: 03 saved a journey, 01 (old copy) added a value and saved."""
    path, nb01, nb03 = two(tmp_path)
    nb03.workbook.journeys = [Journey(name="Bezoek", touchpoints=[Touchpoint(id="t1", name="Balie", phase="during")])]
    nb03.workbook.service_ratings = {"t1": 4}
    nb03.workbook.learner = "Anna"
    nb03.changed()
    nb01.workbook.brand.values = ["eerlijk"]  # nb01 never saw the journey
    nb01.changed()
    on_disk = load_workbook(path)
    assert on_disk.brand.values == ["eerlijk"]
    assert on_disk.journeys and on_disk.journeys[0].touchpoints[0].name == "Balie"
    assert on_disk.service_ratings == {"t1": 4} and on_disk.learner == "Anna"
    # and the saving session now shows the other's work too
    assert nb01.workbook.journeys[0].touchpoints[0].name == "Balie"


def test_other_session_sees_changes_and_emits_external(tmp_path):
    path, a, b = two(tmp_path)
    events = []
    b.observe(lambda event, _s: events.append(event))
    a.workbook.brand.why = "Omdat het kan"
    a.changed()
    assert b.check_external() is True and events == ["external"]
    assert b.workbook.brand.why == "Omdat het kan"
    assert b.check_external() is False  # nothing new: one stat


def test_pending_edit_survives_a_refresh(tmp_path):
    path, a, b = two(tmp_path)
    b.delay = 60  # b's edit waits for its autosave
    b.workbook.advice = "mijn advies"
    b.changed()
    a.workbook.learner = "Anna"
    a.changed()
    b.check_external()
    assert b.workbook.advice == "mijn advies" and b.workbook.learner == "Anna"
    b.save()
    disk = load_workbook(path)
    assert disk.advice == "mijn advies" and disk.learner == "Anna"


def test_same_field_later_edit_wins_earlier_in_history(tmp_path):
    path, a, b = two(tmp_path)
    conflicts = []
    b.observe(lambda event, s: conflicts.extend(s.conflicts) if event == "conflict" else None)
    a.workbook.brand.why = "eerst"
    a.changed()
    b.workbook.brand.why = "later"
    b.changed()
    assert load_workbook(path).brand.why == "later"
    assert [c.where for c in conflicts] == ["brand.why"] and conflicts[0].theirs == "eerst"
    kept = [History(path).load(e["file"]).brand.why for e in History(path).entries()]
    assert "eerst" in kept
    assert History(path).entries()[0]["reason"] == "conflict"


def test_history_is_bounded_hidden_and_restorable(tmp_path):
    path, a, b = two(tmp_path)
    History.quiet, quiet = 0.0, History.quiet
    try:
        for i in range(30):
            a.workbook.learner = f"v{i}"
            a.changed()
    finally:
        History.quiet = quiet
    entries = History(path).entries()
    assert len(entries) == History.keep
    assert history_dir(path).name.startswith(".")  # hidden in JupyterLab's file browser
    assert entries[0]["changed"] == ["learner"]
    oldest = entries[-1]
    learner = History(path).load(oldest["file"]).learner
    a.restore_version(oldest["file"])
    assert load_workbook(path).learner == learner == "v9"
    assert History(path).entries()[0]["reason"] == "replace"  # the version before the restore is kept
    assert b.check_external() and b.workbook.learner == a.workbook.learner


def test_one_session_typing_keeps_one_version_per_quiet_period(tmp_path):
    path, a, _ = two(tmp_path)
    for i in range(10):
        a.workbook.advice = "x" * i
        a.changed()
    assert len(History(path).entries()) == 1


edit = st.tuples(st.integers(0, 4), st.sampled_from(["answer", "value", "touchpoint", "rating"]), st.integers(0, 9))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=30), st.integers(2, 5), st.lists(st.booleans(), min_size=30, max_size=30))
def test_property_interleaved_edits_of_different_fields_are_all_kept(tmp_path_factory, edits, n, refresh):
    """Two to five sessions, random interleaved edits of fields of their own: every edit is on disk."""
    path = tmp_path_factory.mktemp("s") / "w.workbook.json"
    start = Workbook(journeys=[Journey(name="J", touchpoints=[
        Touchpoint(id=f"tp-{i}", name=f"T{i}", phase="before") for i in range(5)])])
    path.write_bytes(dump_workbook(start))
    sessions = [open_workbook(path, delay=0) for _ in range(n)]
    expected_answers, expected_values, expected_notes, expected_ratings = {}, set(), {}, {}
    for k, (who, kind, value) in enumerate(edits):
        who %= n
        s = sessions[who]
        if refresh[k % len(refresh)]:
            s.check_external()
        if kind == "answer":
            key = f"s{who}-{value}"
            s.workbook.answers = {**s.workbook.answers, key: f"{k}"}
            expected_answers[key] = f"{k}"
        elif kind == "value":
            word = f"w{who}-{value}"
            if word not in s.workbook.brand.values and len(s.workbook.brand.values) < 10:
                s.workbook.brand.values = [*s.workbook.brand.values, word]
                expected_values.add(word)
        elif kind == "touchpoint":
            s.workbook.journeys[0].touchpoints[who].notes = f"{k}"
            expected_notes[f"tp-{who}"] = f"{k}"
        else:
            s.workbook.service_ratings = {**s.workbook.service_ratings, f"tp-{who}": value % 6 + 1}
            expected_ratings[f"tp-{who}"] = value % 6 + 1
        s.changed()
    disk = load_workbook(path)
    for key, text in expected_answers.items():
        assert disk.answers[key] == text
    assert expected_values <= set(disk.brand.values)
    for tp in disk.journeys[0].touchpoints:
        assert tp.notes == expected_notes.get(tp.id, "")
    assert {k: int(v) for k, v in disk.service_ratings.items()} == expected_ratings
    for s in sessions:
        s.close()


def test_separate_processes_keep_every_edit(tmp_path):
    """Five kernels (processes) editing at once, each its own answers and touchpoint."""
    path = tmp_path / "w.workbook.json"
    names = [f"p{i}" for i in range(5)]
    start = Workbook(journeys=[Journey(name="J", touchpoints=[
        Touchpoint(id=f"tp-{name}", name=name, phase="during") for name in names])])
    path.write_bytes(dump_workbook(start))
    edits = 25
    procs = [subprocess.Popen([sys.executable, str(HERE / "session_writer.py"), str(path), name, str(edits), str(i)],
                              stdout=subprocess.PIPE, text=True) for i, name in enumerate(names)]
    outputs = [p.communicate(timeout=240)[0] for p in procs]
    assert all(out.strip() == "done" for out in outputs), outputs
    disk = load_workbook(path)
    for name in names:
        for i in range(edits):
            assert disk.answers[f"w-{name}-{i}"] == f"{name} {i}"
    assert {tp.id: tp.notes for tp in disk.journeys[0].touchpoints} == {
        f"tp-{name}": f"{name} edit {edits - 1}" for name in names}


def test_an_unexpected_failure_while_saving_is_said_not_retried_in_silence(tmp_path, monkeypatch):
    import journeylib.store as store

    path, a, b = two(tmp_path)
    a.workbook.learner = "eerst"
    a.changed()

    def broken(*args):
        raise RuntimeError("kapot")

    monkeypatch.setattr(store, "merge", broken)
    errors = []
    b.observe(lambda event, s: errors.append(s.error) if event == "error" else None)
    b.workbook.advice = "x"
    b.changed()
    assert errors and errors[0].key == "store.save_failed" and "kapot" in errors[0].message()
    assert b.dirty  # the change is still waiting to be saved
