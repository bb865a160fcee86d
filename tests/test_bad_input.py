"""Issue 2's list of bad input: each gives a JourneyError naming the file, never a traceback,
never an overwritten file, and nothing from a file is executed."""
import json
import subprocess
import sys

import pytest

from journeylib import cli
from journeylib.errors import JourneyError
from journeylib.model import Workbook
from journeylib.store import dump_workbook, load_workbook, open_workbook, save_workbook

GOOD = json.loads(dump_workbook(Workbook(learner="Anna")))


def with_(**changes):
    data = json.loads(json.dumps(GOOD))
    data.update(changes)
    return json.dumps(data).encode()


TOUCH = {"id": "balie", "name": "Balie", "phase": "during"}
BAD_WORKBOOKS = {
    "empty": (b"", "leeg"),
    "truncated": (dump_workbook(Workbook(learner="Anna"))[:57], "regel"),
    "invalid_utf8": (b'{"learner": "\xff\xfe"}', "UTF-8"),
    "nul_bytes": (b'{"learner": "a\x00b"}', "NUL"),
    "array": (b"[1, 2, 3]", "list"),
    "number": (b"42", "number"),
    "deep_nesting": (b"[" * 100_000 + b"]" * 100_000, "genest"),
    "huge_string": (b'{"learner": "' + b"x" * (12 * 2**20) + b'"}', "MB"),
    "future_schema": (with_(schema_version=7), "7"),
    "out_of_range_score": (with_(journeys=[{"name": "j", "touchpoints": [dict(TOUCH, importance=11)]}]),
                           "importance"),
    "unknown_phase": (with_(journeys=[{"name": "j", "touchpoints": [dict(TOUCH, phase="tijdens")]}]), "phase"),
    "four_essence_words": (with_(brand={"essence_words": ["a", "b", "c", "d"]}), "essence_words"),
    "foreign_json": (b'{"name": "not a workbook"}', "format"),
}


@pytest.fixture(params=sorted(BAD_WORKBOOKS))
def bad_file(request, tmp_path):
    content, expect = BAD_WORKBOOKS[request.param]
    path = tmp_path / f"{request.param}.workbook.json"
    path.write_bytes(content)
    return path, content, expect


def test_loading_raises_a_named_journey_error(bad_file):
    path, _, expect = bad_file
    with pytest.raises(JourneyError) as info:
        load_workbook(path)
    message = str(info.value)
    assert str(path) in message and expect in message, message
    assert "\n" not in message and "Traceback" not in message


def test_bad_file_is_never_overwritten(bad_file):
    path, content, _ = bad_file
    with pytest.raises(JourneyError):
        save_workbook(Workbook(learner="new"), path)
    session = open_workbook(path, delay=0)  # no backup: blocked, nothing written
    session.workbook.learner = "typed"
    session.changed()
    assert session.status == "blocked" and path.read_bytes() == content


def test_check_prints_one_line_per_bad_file_and_exits_1(bad_file, capsys, tmp_path):
    path, _, _ = bad_file
    good = tmp_path / "good.workbook.json"
    save_workbook(Workbook(), good)
    assert cli.main(["check", "--lang", "en", str(good), str(path)]) == 1
    out, err = capsys.readouterr()
    assert "good.workbook.json: valid" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(str(path)) and "1 of 2" in lines[1]


def test_messages_are_translated(tmp_path):
    path = tmp_path / "x.workbook.json"
    path.write_bytes(with_(journeys=[{"name": "j", "touchpoints": [dict(TOUCH, importance=11)]}]))
    assert cli.main(["check", "--lang", "nl", str(path)]) == 1
    assert cli.main(["check", "--lang", "en", str(path)]) == 1


def test_check_in_a_subprocess_shows_no_traceback_unless_debug(tmp_path):
    path = tmp_path / "t.workbook.json"
    path.write_bytes(b'{"format": "cx-jo')
    run = subprocess.run([sys.executable, "-m", "journeylib.cli", "check", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and str(path) in run.stderr
    debug = subprocess.run([sys.executable, "-m", "journeylib.cli", "check", "--debug", str(path)],
                           capture_output=True, text=True)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


YAML_BAD = {
    "python_tag": ("id: x\ntitle: !!python/object/apply:os.system ['touch PWNED']\n", "python"),
    "alias_bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
                             for p, c in zip("abcdefghi", "bcdefghij")), "alias"),
    "tabs": ("id: x\ntitle:\n\tnl: a\n", "tab"),
    "empty": ("", ""),
    "four_essence_words": (None, "essence_words"),
}


@pytest.mark.parametrize("name", sorted(YAML_BAD))
def test_bad_case_yaml_is_refused_by_check(name, tmp_path, capsys, monkeypatch, repo):
    text, expect = YAML_BAD[name]
    if text is None:  # a real case with one essence word too many
        import yaml

        data = yaml.safe_load((repo / "datasets/cases/airlines.yaml").read_text(encoding="utf-8"))
        data["brands"][0]["essence_words"] = ["een", "twee", "drie", "vier"]
        text = yaml.safe_dump(data, allow_unicode=True)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--lang", "en", str(path)]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first.startswith(str(path)) and expect.lower() in first.lower(), first
    assert not (tmp_path / "PWNED").exists()
