"""The journeylib command: cases, new, check round trip for every case."""
import subprocess
import sys

import pytest

from journeylib import cli
from journeylib.datasets import list_cases
from journeylib.store import load_workbook


def run(*args):
    return subprocess.run([sys.executable, "-m", "journeylib.cli", *args], capture_output=True, text=True)


def test_cases_lists_the_four_shipped_cases():
    result = run("cases")
    assert result.returncode == 0
    names = result.stdout.split()
    assert {"airlines", "telecom", "hospital", "partner-visit"} <= set(names)


@pytest.mark.parametrize("case", ["airlines", "telecom", "hospital", "partner-visit"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_new_then_check_round_trips(case, lang, tmp_path, capsys):
    out = tmp_path / f"{case}.workbook.json"
    assert cli.main(["new", "--case", case, "--lang", lang, "--learner", "Anna", "-o", str(out)]) == 0
    wb = load_workbook(out)
    assert (wb.case, wb.language, wb.learner) == (case, lang, "Anna")
    assert wb.journeys and wb.journeys[0].touchpoints
    capsys.readouterr()
    assert cli.main(["check", "--lang", lang, str(out)]) == 0
    assert f"{out}: {'geldig' if lang == 'nl' else 'valid'} (" in capsys.readouterr().out


def test_new_refuses_to_replace_without_force(tmp_path, capsys):
    out = tmp_path / "x.workbook.json"
    assert cli.main(["new", "--case", "hospital", "-o", str(out)]) == 0
    first = out.read_bytes()
    assert cli.main(["new", "--case", "telecom", "-o", str(out)]) == 1
    assert out.read_bytes() == first and "--force" in capsys.readouterr().err
    assert cli.main(["new", "--case", "telecom", "-o", str(out), "--force"]) == 0
    assert load_workbook(out).case == "telecom"
    assert load_workbook(out.with_name(out.name + ".bak")).case == "hospital"


def test_unknown_case_is_one_line_and_exit_1(tmp_path):
    result = run("new", "--case", "nope", "-o", str(tmp_path / "x.json"), "--lang", "en")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "nope" in result.stderr
    assert "hospital" in result.stderr  # names the known cases
    assert not (tmp_path / "x.json").exists()


def test_check_accepts_every_shipped_case_file(repo):
    files = sorted(str(p) for p in (repo / "datasets" / "cases").glob("*.yaml"))
    assert len(files) >= 4
    result = run("check", *files)
    assert result.returncode == 0, result.stderr
    assert set(list_cases()) >= {"airlines", "telecom", "hospital", "partner-visit"}


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("journeylib", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the console script 'journeylib' is not installed next to python"
    assert subprocess.run([exe, "--help"], capture_output=True).returncode == 0
