"""Submissions as learning platforms export them (journeylib.lms): Brightspace, Canvas and Moodle
zips built here in each platform's layout, their unpacked folders, duplicates and late
resubmissions, and hostile zips (zip slip, bombs, symlinks, too many members, damage)."""
from __future__ import annotations

import io
import os
import stat
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from journeylib import cli, lms
from journeylib.errors import FileFormatError, LimitError
from journeylib.model import LIMITS, Workbook
from journeylib.store import dump_workbook

PDF = b"%PDF-1.4\n%fake\n"


def wb_bytes(learner: str, advice: str = "", organisation: str = "") -> bytes:
    wb = Workbook(learner=learner, advice=advice)
    wb.brand.organisation = organisation
    return dump_workbook(wb)


def make_zip(path, members, *, compression=zipfile.ZIP_DEFLATED):
    """``members``: (name, bytes) or (name, bytes, date_time) or a ZipInfo with its bytes."""
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for item in members:
            if isinstance(item[0], zipfile.ZipInfo):
                zf.writestr(item[0], item[1])
                continue
            name, data, *when = item
            info = zipfile.ZipInfo(name, date_time=when[0] if when else (2026, 10, 1, 9, 0, 0))
            info.compress_type = compression
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, data)
    return path


def unpack(zip_path, folder):
    """What an instructor's unzip does (for these trusted test zips), keeping the times."""
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = folder / info.filename
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            stamp = datetime(*info.date_time).timestamp()
            os.utime(target, (stamp, stamp))
    return folder


def learners(subs):
    return [s.learner for s in subs.workbooks]


def kinds(subs):
    return sorted((s.name, s.kind) for s in subs.skipped)


# --------------------------------------------------------------------------- the three platforms

@pytest.fixture
def canvas_zip(tmp_path):
    return make_zip(tmp_path / "submissions.zip", [
        ("devriesanna_12345_67890_anna.workbook.json", wb_bytes("Anna de Vries"), (2026, 10, 1, 9, 0, 0)),
        # a resubmission of the same file: Canvas numbers it, and it is later
        ("devriesanna_LATE_12345_67899_anna.workbook-1.json", wb_bytes("Anna de Vries", "second"),
         (2026, 10, 2, 9, 0, 0)),
        ("jansenbram_12346_67891_mijn.workbook.json", wb_bytes(""), (2026, 10, 1, 8, 0, 0)),  # no learner field
        ("jansenbram_12346_67892_verslag.pdf", PDF),
        ("bakkerchloe_12347_67893_anna.workbook.json", wb_bytes("Chloé Bakker")),  # the same file name as Anna's
        ("__MACOSX/._devriesanna_12345_67890_anna.workbook.json", b"\x00\x05\x16\x07"),
        (".DS_Store", b"\x00\x00\x00\x01Bud1"),
    ])


def test_canvas_zip_names_learners_and_keeps_the_latest_resubmission(canvas_zip):
    subs = lms.collect_submissions(canvas_zip, lang="en")
    assert subs.platform == "canvas"
    assert learners(subs) == ["Anna de Vries", "Chloé Bakker", "jansenbram"]  # learner field, else the platform's
    anna = subs.workbooks[0]
    assert anna.workbook.advice == "second" and anna.late and anna.number == 1 and anna.user_id == "12345"
    assert anna.data.startswith(b"{") and anna.path is None  # read into memory, nothing extracted
    assert kinds(subs) == [("devriesanna_12345_67890_anna.workbook.json", "older"),
                           ("jansenbram_12346_67892_verslag.pdf", "not_workbook")]  # clutter passes unmentioned
    older = dict(subs.skipped)["devriesanna_12345_67890_anna.workbook.json"]
    assert older == "an older submission of Anna de Vries; the latest one is used " \
                    "(devriesanna_LATE_12345_67899_anna.workbook-1.json)."


def test_canvas_upload_number_decides_when_the_times_are_equal(tmp_path):
    same = (2026, 10, 1, 9, 0, 0)
    path = make_zip(tmp_path / "c.zip", [
        ("devriesanna_12345_2_anna.workbook-2.json", wb_bytes("Anna", "third"), same),
        ("devriesanna_12345_1_anna.workbook.json", wb_bytes("Anna", "first"), same),
        ("devriesanna_12345_3_anna.workbook-1.json", wb_bytes("Anna", "second"), same)])
    subs = lms.collect_submissions(path)
    assert [s.workbook.advice for s in subs.workbooks] == ["third"]
    assert len(subs.skipped) == 2


@pytest.fixture
def moodle_zip(tmp_path):
    return make_zip(tmp_path / "moodle.zip", [
        ("Anna de Vries_12345_assignsubmission_file_/anna.workbook.json", wb_bytes("Anna de Vries"),
         (2026, 10, 1, 9, 0, 0)),
        ("Anna de Vries_12345_assignsubmission_file_/oud/anna.workbook.json", wb_bytes("Anna de Vries", "old"),
         (2026, 9, 30, 9, 0, 0)),  # nested folder, the same file name, older
        ("Anna de Vries_12345_assignsubmission_onlinetext_/onlinetext.html", b"<p>Hallo</p>"),
        ("Bram Jansen_12346_assignsubmission_file_/werkboek.json", wb_bytes("")),
        ("Bram Jansen_12346_assignsubmission_file_/foto.jpg", b"\xff\xd8\xff\xe0"),
        ("Chloé Bakker_12347_assignsubmission_file_chloe.workbook.json", wb_bytes("Chloé Bakker")),  # no folders
    ])


def test_moodle_zip_folders_per_learner_and_online_text_skipped(moodle_zip):
    subs = lms.collect_submissions(moodle_zip, lang="nl")
    assert subs.platform == "moodle"
    assert learners(subs) == ["Anna de Vries", "Bram Jansen", "Chloé Bakker"]
    assert subs.workbooks[0].workbook.advice == "" and subs.workbooks[1].platform_name == "Bram Jansen"
    assert kinds(subs) == [
        ("Anna de Vries_12345_assignsubmission_file_/oud/anna.workbook.json", "older"),
        ("Anna de Vries_12345_assignsubmission_onlinetext_/onlinetext.html", "online_text"),
        ("Bram Jansen_12346_assignsubmission_file_/foto.jpg", "not_workbook")]
    assert "in de leeromgeving is getypt" in dict(subs.skipped)[
        "Anna de Vries_12345_assignsubmission_onlinetext_/onlinetext.html"]


@pytest.fixture
def brightspace_zip(tmp_path):
    return make_zip(tmp_path / "Opdracht 3 Download.zip", [
        # the zip's own times say nothing: Brightspace's time is in the name
        ("12345-67890 - Anna de Vries - 1 Oct 2026 1012 AM - anna.workbook.json", wb_bytes("Anna de Vries", "old"),
         (2026, 12, 1, 0, 0, 0)),
        ("12345-67899 - Anna de Vries - Oct 2, 2026 912 AM - anna.workbook.json", wb_bytes("Anna de Vries", "new"),
         (2026, 1, 1, 0, 0, 0)),
        ("12346-67891 - Bram Jansen - 1 Oct 2026 1130 PM - bram.workbook.json", wb_bytes("B. Jansen")),
        ("12346-67892 - Bram Jansen - 1 Oct 2026 1130 PM - notes.docx", b"PK\x03\x04"),
        ("index.html", b"<html>submissions</html>"),
    ])


def test_brightspace_zip_uses_the_time_in_the_name(brightspace_zip):
    subs = lms.collect_submissions(brightspace_zip, lang="en")
    assert subs.platform == "brightspace" and subs.source == "Opdracht 3 Download.zip"
    assert learners(subs) == ["Anna de Vries", "B. Jansen"]
    anna = subs.workbooks[0]
    assert anna.workbook.advice == "new" and anna.submitted_at == datetime(2026, 10, 2, 9, 12)
    assert subs.workbooks[1].submitted_at == datetime(2026, 10, 1, 23, 30)
    assert kinds(subs) == [("12345-67890 - Anna de Vries - 1 Oct 2026 1012 AM - anna.workbook.json", "older"),
                           ("12346-67892 - Bram Jansen - 1 Oct 2026 1130 PM - notes.docx", "not_workbook")]


@pytest.mark.parametrize("text, when", [
    ("1 Oct 2026 1012 AM", datetime(2026, 10, 1, 10, 12)), ("Oct 1, 2026 1012 PM", datetime(2026, 10, 1, 22, 12)),
    ("12 October 2026 1200 AM", datetime(2026, 10, 12, 0, 0)), ("3 okt. 2026 14:05", datetime(2026, 10, 3, 14, 5)),
    ("1 Foo 2026 1012 AM", None), ("31 Feb 2026 1012 AM", None), ("1 Oct 2026 1312 PM", None), ("yesterday", None)])
def test_platform_time(text, when):
    assert lms.platform_time(text) == when


@pytest.mark.parametrize("fixture", ["canvas_zip", "moodle_zip", "brightspace_zip"])
def test_the_unpacked_folder_gives_the_same_as_the_zip(fixture, request, tmp_path):
    path = request.getfixturevalue(fixture)
    from_zip = lms.collect_submissions(path, lang="en")
    from_folder = lms.collect_submissions(unpack(path, tmp_path / "unpacked"), lang="en")
    assert learners(from_folder) == learners(from_zip)
    assert [s.workbook for s in from_folder.workbooks] == [s.workbook for s in from_zip.workbooks]
    assert kinds(from_folder) == kinds(from_zip)
    assert all(s.path is not None and s.path.is_file() for s in from_folder.workbooks)


def test_workdir_gets_the_kept_workbooks_under_safe_names(moodle_zip, tmp_path):
    work = tmp_path / "work"
    subs = lms.collect_submissions(moodle_zip, workdir=work)
    assert sorted(p.name for p in work.iterdir()) == ["anna-de-vries.workbook.json", "bram-jansen.workbook.json",
                                                     "chloe-bakker.workbook.json"]
    assert all(s.path.parent == work.resolve() and s.path.read_bytes() == s.data for s in subs.workbooks)


def test_a_plain_folder_keeps_every_workbook_even_with_the_same_learner_field(tmp_path):
    folder = tmp_path / "plain"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.json").write_bytes(wb_bytes("Anna"))
    (folder / "sub" / "a.json").write_bytes(wb_bytes("Anna", "later"))  # nested, the same file name
    (folder / "b.json").write_bytes(wb_bytes("Bram"))
    (folder / ".a.json.history").mkdir()
    (folder / ".a.json.history" / "v-1.json").write_bytes(wb_bytes("Anna"))  # the store's own: passed over
    (folder / "a.json.bak").write_bytes(wb_bytes("Anna"))
    subs = lms.collect_submissions(folder, lang="en")
    assert [(s.learner, s.name) for s in subs.workbooks] == [("Anna", "a.json"), ("Anna", "sub/a.json"),
                                                            ("Bram", "b.json")]
    assert kinds(subs) == [("a.json.bak", "not_workbook")]


def test_the_platform_decides_who_submitted_not_the_learner_field(tmp_path):
    path = make_zip(tmp_path / "m.zip", [
        ("Anna de Vries_1_assignsubmission_file_/a.json", wb_bytes("Bram Jansen")),  # Anna handed in Bram's file
        ("Bram Jansen_2_assignsubmission_file_/b.json", wb_bytes("Bram Jansen"))])
    assert len(lms.collect_submissions(path).workbooks) == 2


# --------------------------------------------------------------------------- hostile zips

def test_zip_slip_names_are_skipped_unread(tmp_path):
    evil = wb_bytes("Mallory")
    path = make_zip(tmp_path / "slip.zip", [
        ("../evil.workbook.json", evil), ("/etc/evil.workbook.json", evil), ("C:/evil.workbook.json", evil),
        ("..\\..\\evil.workbook.json", evil), ("ok/../../evil.workbook.json", evil),
        ("good.workbook.json", wb_bytes("Anna"))])
    work = tmp_path / "out" / "work"
    subs = lms.collect_submissions(path, workdir=work, lang="en")
    assert learners(subs) == ["Anna"]
    assert [k for _, k in kinds(subs)] == ["unsafe_path"] * 5
    assert "zip slip" in subs.skipped[0].reason
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["out/work/anna.workbook.json", "slip.zip"]  # nothing anywhere else


def test_symlinks_in_a_zip_are_not_followed(tmp_path):
    link = zipfile.ZipInfo("link.workbook.json", date_time=(2026, 10, 1, 0, 0, 0))
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = make_zip(tmp_path / "link.zip", [(link, b"/etc/passwd"), ("a.json", wb_bytes("Anna"))])
    subs = lms.collect_submissions(path, lang="en")
    assert learners(subs) == ["Anna"] and kinds(subs) == [("link.workbook.json", "symlink")]


def test_symlinks_in_a_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.workbook.json").write_bytes(wb_bytes("Secret"))
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "anna.json").write_bytes(wb_bytes("Anna"))
    (folder / "link.workbook.json").symlink_to(outside / "secret.workbook.json")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    subs = lms.collect_submissions(folder, lang="en")
    assert learners(subs) == ["Anna"]
    assert kinds(subs) == [("link.workbook.json", "symlink"), ("linked-folder", "symlink")]


def test_a_zip_bomb_is_stopped_at_the_workbook_limit(tmp_path):
    big = LIMITS["workbook_bytes"] * 5  # 50 MB of spaces: a few kB compressed
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("bomb.workbook.json", "w", force_zip64=True) as fh:
            chunk = b" " * 2**20
            for _ in range(big // len(chunk)):
                fh.write(chunk)
        zf.writestr("anna.json", wb_bytes("Anna"))
    assert path.stat().st_size < 1_000_000
    subs = lms.collect_submissions(path, lang="en")
    assert learners(subs) == ["Anna"] and kinds(subs) == [("bomb.workbook.json", "too_large")]


def test_a_zip_that_lies_about_a_member_size_is_still_capped(tmp_path):
    path = make_zip(tmp_path / "liar.zip", [("liar.workbook.json", b" " * (LIMITS["workbook_bytes"] + 10))])
    raw = bytearray(path.read_bytes())
    # claim 10 bytes unpacked in the central directory (and the local header)
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    raw = raw.replace(real, (10).to_bytes(4, "little"))
    path.write_bytes(bytes(raw))
    subs = lms.collect_submissions(path, lang="en")
    assert subs.workbooks == [] and [k for _, k in kinds(subs)] in (["too_large"], ["damaged"])


def test_declared_total_over_the_bound_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(lms, "MAX_DECLARED_BYTES", 1000)
    path = make_zip(tmp_path / "big.zip", [("a.json", wb_bytes("Anna")), ("b.pdf", b" " * 2000)])
    with pytest.raises(LimitError) as err:
        lms.collect_submissions(path)
    assert "unpack to more than" in err.value.message("en")


def test_total_bytes_read_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(lms, "MAX_READ_BYTES", 3000)
    path = make_zip(tmp_path / "many.zip", [(f"{i}.json", wb_bytes(f"L{i}")) for i in range(20)])
    with pytest.raises(LimitError):
        lms.collect_submissions(path)


def test_five_thousand_members_are_refused(tmp_path, capsys):
    path = make_zip(tmp_path / "many.zip", [(f"f{i}.txt", b"x") for i in range(5_000)],
                    compression=zipfile.ZIP_STORED)
    with pytest.raises(LimitError) as err:
        lms.collect_submissions(path)
    assert "5000" in err.value.message("en") and "at most 2000" in err.value.message("en")
    assert cli.main(["overview", str(path), "-o", str(tmp_path / "o.html"), "--lang", "nl"]) == 1
    assert "hoogstens 2000" in capsys.readouterr().err and not (tmp_path / "o.html").exists()


def test_a_folder_with_too_many_files_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(lms, "MAX_MEMBERS", 5)
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text("x")
    with pytest.raises(LimitError):
        lms.collect_submissions(tmp_path)


def test_a_workbook_over_the_size_limit_is_skipped(tmp_path):
    big = b"{" + b" " * LIMITS["workbook_bytes"] + b"}"
    path = make_zip(tmp_path / "big.zip", [("big.workbook.json", big), ("a.json", wb_bytes("Anna"))])
    subs = lms.collect_submissions(path, lang="nl")
    assert kinds(subs) == [("big.workbook.json", "too_large")] and "te groot" in subs.skipped[0].reason
    folder = unpack(path, tmp_path / "f")
    assert kinds(lms.collect_submissions(folder)) == [("big.workbook.json", "too_large")]


def test_damaged_workbooks_and_members(tmp_path):
    path = make_zip(tmp_path / "d.zip", [("cut.workbook.json", b'{"format": "cx-journey-lab/workbook", '),
                                         ("other.json", b'{"a": 1}'), ("a.json", wb_bytes("Anna"))])
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("a.json")
    raw[info.header_offset + 30 + len("a.json") + 5] ^= 0xFF  # a byte of a.json's data flipped: CRC fails
    path.write_bytes(bytes(raw))
    subs = lms.collect_submissions(path, lang="en")
    assert subs.workbooks == []
    found = dict(subs.skipped)
    assert [k for _, k in kinds(subs)] == ["damaged"] * 3
    assert "not valid JSON" in found["cut.workbook.json"] and "not a CX Journey Lab workbook" in found["other.json"]


def test_a_damaged_zip_is_one_clear_error(tmp_path, capsys):
    good = make_zip(tmp_path / "good.zip", [("a.json", wb_bytes("Anna"))])
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:-30])  # the central directory cut off
    with pytest.raises(FileFormatError) as err:
        lms.collect_submissions(cut)
    assert "damaged" in err.value.message("en") and "cut.zip" in err.value.message("en")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(FileFormatError) as err:
        lms.collect_submissions(tmp_path / "notes.txt")
    assert "neither a zip file nor a folder" in err.value.message("en")
    with pytest.raises(FileFormatError) as err:
        lms.collect_submissions(tmp_path / "missing.zip")
    assert "bestaat niet" in err.value.message("nl")


def test_encrypted_members_are_skipped(tmp_path):
    path = make_zip(tmp_path / "e.zip", [("a.json", wb_bytes("Anna")), ("b.json", wb_bytes("Bram"))])
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    for info in infos[1:]:  # set the "encrypted" flag of b.json in both headers
        raw[info.header_offset + 6] |= 1
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 8] |= 1
    path.write_bytes(bytes(raw))
    subs = lms.collect_submissions(path, lang="en")
    assert learners(subs) == ["Anna"] and kinds(subs) == [("b.json", "encrypted")]


# --------------------------------------------------------------------------- the commands

def test_overview_command_reads_a_zip_and_prints_what_it_skipped(canvas_zip, tmp_path, capsys):
    out = tmp_path / "klas.html"
    assert cli.main(["overview", str(canvas_zip), "-o", str(out), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("devriesanna_12345_67890_anna.workbook.json: an older submission of Anna de Vries")
    assert lines[1] == "jansenbram_12346_67892_verslag.pdf: not a workbook (a .pdf file); workbooks end in .json."
    assert "3 valid workbooks read" in captured.out
    html = out.read_text(encoding="utf-8")
    assert "Anna de Vries" in html and "Chloé Bakker" in html and "jansenbram" in html


def test_batch_plan_takes_a_zip(moodle_zip, tmp_path):
    from journeylib import batch

    skipped = []
    jobs = batch.plan(outdir=tmp_path / "out", workbooks=moodle_zip, lang="en", on_skip=skipped.append)
    assert [j.label for j in jobs] == ["Anna de Vries", "Bram Jansen", "Chloé Bakker"]
    assert [j.name for j in jobs] == ["anna-de-vries", "bram-jansen", "chloe-bakker"]
    for job in jobs:  # the zip's workbooks, written under safe names in the output folder
        path = job.parameters["workbook"]
        assert os.path.isfile(path) and os.path.dirname(path) == str((tmp_path / "out" / "workbooks").resolve())
    assert [s.kind for s in skipped] == ["older", "online_text", "not_workbook"]


def test_batch_plan_lists_damaged_workbooks_as_invalid(tmp_path):
    from journeylib import batch

    path = make_zip(tmp_path / "z.zip", [("cut.json", b"{"), ("a.json", wb_bytes("Anna"))])
    jobs = batch.plan(outdir=tmp_path / "out", workbooks=path, lang="en", on_skip=lambda s: None)
    assert [(j.label, j.error is None) for j in jobs] == [("Anna", True), ("cut.json", False)]
    assert "not valid JSON" in jobs[1].error


# --------------------------------------------------------------------------- fuzz: nothing but JourneyError

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from journeylib.errors import JourneyError  # noqa: E402

_GOOD = io.BytesIO()
with zipfile.ZipFile(_GOOD, "w", compression=zipfile.ZIP_DEFLATED) as _zf:
    _zf.writestr("Anna de Vries_1_assignsubmission_file_/a.workbook.json", wb_bytes("Anna"))
    _zf.writestr("12-34 - Bram - 1 Oct 2026 1012 AM - b.json", wb_bytes("Bram"))
    _zf.writestr("notes.pdf", PDF)
GOOD_ZIP = _GOOD.getvalue()


@settings(max_examples=int(os.environ.get("LMS_FUZZ", 150)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, len(GOOD_ZIP) - 1), st.integers(1, 255)), min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.integers(0, len(GOOD_ZIP))))
def test_a_damaged_zip_raises_nothing_but_journey_errors(tmp_path, flips, cut):
    raw = bytearray(GOOD_ZIP)
    for at, mask in flips:
        raw[at] ^= mask
    path = tmp_path / "fuzz.zip"
    path.write_bytes(bytes(raw if cut is None else raw[:cut]))
    try:
        subs = lms.collect_submissions(path, lang="en")
    except JourneyError:
        return
    assert all(isinstance(s.reason, str) and s.reason for s in subs.skipped)


def test_batch_command_runs_the_zip_and_prints_what_it_skipped(moodle_zip, tmp_path, capsys):
    from test_batch import echoed, tiny_notebook

    nb = tiny_notebook(tmp_path / "echo.ipynb")
    out = tmp_path / "out"
    assert cli.main(["batch", str(nb), "--workbooks", str(moodle_zip), "-o", str(out), "--jobs", "2",
                     "--lang", "nl"]) == 0
    captured = capsys.readouterr()
    assert "3 van de 3 gelukt, 0 mislukt." in captured.out
    skipped = [line for line in captured.err.splitlines() if "assignsubmission" in line]
    assert len(skipped) == 3 and any("eerdere inzending van Anna de Vries" in line for line in skipped)
    runs = {Path(echoed(p)["workbook"]).name for p in out.glob("*.ipynb")}
    assert runs == {"anna-de-vries.workbook.json", "bram-jansen.workbook.json", "chloe-bakker.workbook.json"}
