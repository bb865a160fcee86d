"""`journeylib batch`: safe names and parameters, invalid workbooks reported, failures isolated,
parallel runs. One 50-workbook batch (tiny notebook, --jobs 2) carries the hostile cases, so the
file starts few kernels."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from journeylib import batch, cli
from journeylib.batch import BatchError
from journeylib.model import Workbook
from journeylib.store import save_workbook

HOSTILE = ["../../x", "O'Brien \"the\" quoted", "multi\nline\rname", '"; import os #', "\x1b[31mred\x1b[0m",
           "Chloé", "Chloe", "", "con", "/etc/passwd", "..", "a" * 120]
TRICKY_VALUE = 'x"; import os #\\'
# echoes its parameters; fails on purpose for the workbook whose file name contains "boom"
ECHO = ("import json\nprint(json.dumps({'workbook': workbook, 'lang': lang, 'lecture': lecture}))\n"
        "assert 'boom' not in workbook, 'this workbook makes the notebook fail'")


def tiny_notebook(path: Path, code: str = ECHO) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('lang = "nl"\ncase = ""\nworkbook = ""\nlecture = False')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny"), params, nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, path)
    return path


def echoed(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    return json.loads(text.splitlines()[0])


def make_class(folder: Path, size: int = 50) -> Path:
    """``size`` workbooks: the hostile names, a path with quotes, one that fails, the rest plain;
    plus one invalid file and one that is not a .json."""
    folder.mkdir()
    names = HOSTILE + ["Chloé"] + ["Bea"] + [f"Learner {i % 20}" for i in range(size - len(HOSTILE) - 2)]
    files = [f"{i:02d}.workbook.json" for i in range(len(HOSTILE))] + ["it's \"q\".workbook.json",
                                                                       "boom.workbook.json"]
    files += [f"plain-{i:02d}.workbook.json" for i in range(size - len(files))]
    for name, file in zip(names, files):
        save_workbook(Workbook(learner=name[:120]), folder / file)
    (folder / "zz-broken.workbook.json").write_text('{"format": "cx-journey-lab/workbook"', encoding="utf-8")
    (folder / "notes.txt").write_text("not a workbook, not a .json: ignored", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- names and values

@pytest.mark.parametrize("name", HOSTILE)
def test_slugify_is_safe_for_hostile_names(name):
    slug = batch.slugify(name, fallback="workbook")
    assert slug and len(slug) <= 60
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not slug.startswith("-") and ".." not in slug and slug not in ("con", "nul")


def test_slugify_examples_and_unique_names():
    assert batch.slugify("../../x") == "x"
    assert batch.slugify('"; import os #') == "import-os"
    assert batch.slugify("Chloé Bakker") == "chloe-bakker"
    assert batch.slugify("", fallback="003-hospital") == "003-hospital"
    assert batch.unique_names(["a", "a", "b", "a", "a-2"]) == ["a", "a-2", "b", "a-3", "a-2-2"]
    assert batch.printable("x\n\x1b[31my") == "x ?[31my"


@pytest.mark.parametrize("bad", ["x; import os", "1x", "class", "a-b", "", "naïve", "x=1"])
def test_parameter_names_must_be_identifiers(bad):
    with pytest.raises(BatchError):
        batch.parse_params([(bad, "1")])


def test_values_are_plain_literals_only():
    assert batch.parse_params([("a", "1"), ("b", "2.5"), ("c", "True"), ("d", "__import__('os')")]) == {
        "a": 1, "b": 2.5, "c": True, "d": "__import__('os')"}
    assert batch.parse_grid(["lang=nl,en", "n=1,2"]) == {"lang": ["nl", "en"], "n": [1, 2]}
    for bad in (["lang"], ["lang="], ["=nl"]):
        with pytest.raises(BatchError):
            batch.parse_grid(bad)
    with pytest.raises(BatchError):
        batch.plan(outdir=".", params={"x": ["a", "list"]})

    class Sneaky(str):
        pass

    with pytest.raises(BatchError):
        batch.plan(outdir=".", params={"x": Sneaky("a")})


def test_plan_names_are_unique_and_inside_and_invalid_ones_are_not_run(tmp_path):
    folder = make_class(tmp_path / "class", size=20)
    jobs = batch.plan(outdir=tmp_path / "out", workbooks=folder, params={"lang": "en"})
    assert len(jobs) == 21
    names = [j.name for j in jobs]
    assert len(set(names)) == len(names)
    invalid = [j for j in jobs if j.error]
    assert [j.source for j in invalid] == ["zz-broken.workbook.json"] and "JSON" in invalid[0].error
    for job in jobs:
        assert batch.output_path(tmp_path / "out", job.name) is not None
        assert all(type(v) in (str, int, float, bool) for v in job.parameters.values())
    valid = [j for j in jobs if not j.error]
    assert all(Path(j.parameters["workbook"]).is_absolute() and j.parameters["lang"] == "en" for j in valid)
    with pytest.raises(BatchError):
        batch.plan(outdir=tmp_path / "out", workbooks=folder, params={"workbook": "x"})


def test_output_never_follows_a_link_out_of_the_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "precious.ipynb"
    outside.write_text("keep", encoding="utf-8")
    (out / "anna.ipynb").symlink_to(outside)
    assert batch.output_path(out, "anna") is None
    assert batch.output_path(out, "../precious") is None
    assert batch.output_path(out, "bram") == (out / "bram.ipynb").resolve()


def test_empty_missing_folder_or_notebook_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    nb = tiny_notebook(tmp_path / "tiny.ipynb")
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        assert cli.main(["batch", str(nb), "--workbooks", str(folder), "-o", str(tmp_path / "out"), "--lang", "en"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(folder) in err, err
    assert cli.main(["batch", str(tmp_path / "nope.ipynb"), "-o", str(tmp_path / "out"), "--lang", "en"]) == 1
    assert "notebook not found" in capsys.readouterr().err
    assert cli.main(["batch", str(nb), "-p", "x;y", "1", "-o", str(tmp_path / "out"), "--lang", "en"]) == 1
    assert "not a valid parameter name" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- running (kernels)

@pytest.fixture(scope="module")
def fifty(tmp_path_factory):
    """One CLI batch over 50 workbooks (hostile names, a failing one, an invalid one) with --jobs 2."""
    root = tmp_path_factory.mktemp("batch")
    folder = make_class(root / "class")
    nb = tiny_notebook(root / "echo.ipynb")
    out = root / "results" / "out"
    before = set(root.rglob("*"))
    result = subprocess.run([sys.executable, "-m", "journeylib.cli", "batch", str(nb), "--workbooks", str(folder),
                             "-o", str(out), "--jobs", "2", "-p", "lang", TRICKY_VALUE, "--lang", "en"],
                            capture_output=True, text=True, timeout=600)
    return {"root": root, "folder": folder, "out": out, "result": result,
            "created": set(root.rglob("*")) - before}


def test_fifty_workbooks_run_in_parallel_and_failures_do_not_stop_the_rest(fifty):
    result = fifty["result"]
    assert result.returncode == 1  # one invalid workbook and one failing run
    table = result.stdout
    assert "49 of 51 ok, 2 failed." in table, "\n".join(line for line in table.splitlines() if " ok " not in line)
    assert "invalid" in table and "not valid JSON" in table
    assert "failed" in table and "this workbook makes the notebook fail" in table
    assert "notebooks" in result.stderr and "51/51" in result.stderr  # the progress bar, on stderr
    written = sorted(p.name for p in fifty["out"].iterdir())
    assert len(written) == 50  # every valid one, also the failing one (it keeps its traceback)


def test_output_names_are_safe_unique_and_nothing_is_written_outside(fifty):
    out = fifty["out"]
    written = {p.name for p in out.iterdir()}
    for name in ("x.ipynb", "import-os.ipynb", "o-brien-the-quoted.ipynb", "multi-line-name.ipynb", "31mred-0m.ipynb",
                 "con-1.ipynb", "etc-passwd.ipynb", "chloe.ipynb", "chloe-2.ipynb", "chloe-3.ipynb", "07.ipynb",
                 "10.ipynb", "a" * 60 + ".ipynb", "learner-0.ipynb", "learner-0-2.ipynb"):
        assert name in written, name
    assert all(p == out.parent or p.is_relative_to(out) for p in fifty["created"]), fifty["created"]
    assert "\x1b" not in fifty["result"].stdout  # escape codes in a learner name are neutralised


def test_parameter_values_reach_the_notebook_as_literals(fifty):
    quoted = fifty["folder"] / "it's \"q\".workbook.json"
    # found by content: which de-duplicated name it got is another test's business
    runs = [echoed(p) for p in sorted(fifty["out"].glob("*.ipynb"))]
    assert {"workbook": str(quoted.resolve()), "lang": TRICKY_VALUE, "lecture": False} in runs


def test_parameter_grid_without_workbooks_and_html(tmp_path):
    nb = tiny_notebook(tmp_path / "echo.ipynb")
    results = batch.run_batch(nb, tmp_path / "out", grid=batch.parse_grid(["lang=nl,en", "lecture=True,False"]),
                              workers=2, html=True, progress=False, lang="en")
    assert [r.status for r in results] == ["ok"] * 4
    pages = sorted((tmp_path / "out").glob("*.html"))
    assert [p.stem for p in pages] == ["lang-en-lecture-false", "lang-en-lecture-true", "lang-nl-lecture-false",
                                       "lang-nl-lecture-true"]
    assert echoed(tmp_path / "out" / "lang-en-lecture-true.ipynb") == {"workbook": "", "lang": "en", "lecture": True}
    page = pages[0].read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert 'src="http' not in page and "lecture" in page
