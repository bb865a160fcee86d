"""tools/build_notebooks.py: the YAML sources in tools/notebooks/ are the notebooks' source
(docs/architecture.md, "Notebooks"). `make test` runs its --check; these tests show what the
check catches, that a bad source is a clear error, and that outputs stay with their cell."""
from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
build_notebooks = sys.modules["build_notebooks"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)
SourceError = build_notebooks.SourceError


def test_every_stored_notebook_matches_its_source():
    out = io.StringIO()
    assert build_notebooks.check(build_notebooks.sources(), out) == 0, out.getvalue()


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A copy of one source (03) and its two notebooks, with the builder pointed at it."""
    (tmp_path / "tools" / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "tools" / "notebooks" / "03_klantreis.yaml", tmp_path / "tools" / "notebooks")
    for lang, name in (("nl", "03_klantreis.ipynb"), ("en", "03_journey.ipynb")):
        (tmp_path / "notebooks" / lang).mkdir(parents=True)
        shutil.copy(ROOT / "notebooks" / lang / name, tmp_path / "notebooks" / lang)
    monkeypatch.setattr(build_notebooks, "ROOT", tmp_path)
    monkeypatch.setattr(build_notebooks, "SOURCES", tmp_path / "tools" / "notebooks")
    monkeypatch.setattr(build_notebooks, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(build_notebooks, "HAND_WRITTEN", set())
    return tmp_path


def run_check(argv=("--check",)) -> tuple[int, str]:
    out = io.StringIO()
    code = build_notebooks.check(build_notebooks.sources([a for a in argv if not a.startswith("--")]), out)
    return code, out.getvalue()


def test_the_copy_is_clean(tree):
    assert run_check() == (0, "")


def test_a_notebook_edited_in_jupyter_fails_the_check_and_says_how_to_regenerate(tree):
    path = tree / "notebooks" / "nl" / "03_klantreis.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", []))
    cell["source"] = "".join(cell["source"]) + "\nprint('edited in Jupyter')"
    path.write_text(json.dumps(nb), encoding="utf-8")
    bad, said = run_check()
    assert bad == 1
    assert "notebooks/nl/03_klantreis.ipynb differs from its source tools/notebooks/03_klantreis.yaml" in said
    assert "-print('edited in Jupyter')" in said  # the diff shows what the notebook has in addition
    assert "python tools/build_notebooks.py 03_klantreis" in said and "make notebooks" in said
    assert "03_journey" not in said  # the English twin was not touched


def test_a_new_tag_a_new_cell_or_a_missing_notebook_fail_too(tree):
    path = tree / "notebooks" / "en" / "03_journey.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][2].setdefault("metadata", {})["tags"] = ["hide-input"]
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "A note"})
    path.write_text(json.dumps(nb), encoding="utf-8")
    bad, said = run_check()
    assert bad == 1 and "hide-input" in said and "-A note" in said
    path.unlink()
    bad, said = run_check()
    assert bad == 1 and "notebooks/en/03_journey.ipynb is missing" in said
    assert "python tools/build_notebooks.py 03_klantreis" in said


def test_a_notebook_without_a_source_fails_the_check(tree):
    (tree / "notebooks" / "nl" / "99_extra.ipynb").write_text("{}", encoding="utf-8")
    bad, said = run_check()
    assert bad == 1 and "notebooks/nl/99_extra.ipynb has no source" in said and "HAND_WRITTEN" in said


def test_building_makes_the_check_pass_again(tree):
    source = tree / "tools" / "notebooks" / "03_klantreis.yaml"
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    spec["cells"].append({"code": "session.bar"})
    source.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    assert run_check()[0] == 2
    assert build_notebooks.main(["03_klantreis"]) == 0
    assert run_check() == (0, "")


# --------------------------------------------------------------------------- the schema

GOOD = {"nl": "x.ipynb", "en": "y.ipynb",
        "cells": [{"md": {"nl": "# Titel", "en": "# Title"}}, {"parameters": {"case": "hospital"}},
                  {"code": "import journeylib as jl"}]}


def with_item(item, index=2):
    cells = list(GOOD["cells"])
    cells[index] = item
    return {**GOOD, "cells": cells}


BAD = {
    "unknown key": (with_item({"cod": "x = 1"}), ["cells item 3", "found: cod", "exactly one of the keys"]),
    "two kinds": (with_item({"code": "x = 1", "md": "hi"}), ["cells item 3", "found: code, md"]),
    "code not text": (with_item({"code": ["x = 1"]}), ["cells item 3", "code"]),
    "empty code": (with_item({"code": ""}), ["cells item 3", "code"]),
    "tags not a list": (with_item({"code": "x = 1", "tags": "setup"}), ["cells item 3", "'x = 1'", "tags"]),
    "extra field": (with_item({"code": "x = 1", "tag": ["setup"]}), ["cells item 3", "tag"]),
    "md without English": (with_item({"md": {"nl": "# Titel"}}, 0), ["cells item 1", "'# Titel'", "md.Texts.en"]),
    "md one text in a pair": (with_item({"md": "# Titel"}, 0), ["cells item 1", "both texts"]),
    "lang as parameter": (with_item({"parameters": {"lang": "en"}}, 1), ["cells item 2", "'lang' is set per notebook"]),
    "bad parameter name": (with_item({"parameters": {"my case": "x"}}, 1), ["cells item 2", "'my case'"]),
    "no parameters": (with_item({"code": "x = 1"}, 1), ["exactly one 'parameters' item (found 0)"]),
    "item not a mapping": (with_item("x = 1"), ["cells item 3", "mapping"]),
    "no cells": ({"nl": "x.ipynb", "en": "y.ipynb"}, ["cells", "Field required"]),
    "bad file name": ({**GOOD, "en": "../y.ipynb"}, ["en", "pattern"]),
    "not a mapping": (["cells"], ["a source is a mapping"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_source_is_an_error_naming_the_file_and_the_item(case):
    data, mentioned = BAD[case]
    with pytest.raises(SourceError) as info:
        build_notebooks.check_source(data, "tools/notebooks/99_test.yaml")
    message = str(info.value)
    assert message.startswith("tools/notebooks/99_test.yaml: "), message
    for words in mentioned:
        assert words in message, (words, message)


def test_the_good_source_passes():
    spec, items = build_notebooks.check_source(GOOD, "good.yaml")
    assert [type(i).__name__ for i in items] == ["Markdown", "Parameters", "Code"]
    assert build_notebooks.targets(spec)[1][1].name == "y.ipynb"


def test_bad_yaml_and_a_bad_item_on_disk_stop_the_build_before_anything_is_written(tree, capsys):
    source = tree / "tools" / "notebooks" / "03_klantreis.yaml"
    before = (tree / "notebooks" / "nl" / "03_klantreis.ipynb").read_bytes()
    source.write_text("nl: a.ipynb\ncells: [\n", encoding="utf-8")
    assert build_notebooks.main([]) == 2
    assert "tools/notebooks/03_klantreis.yaml: not valid YAML" in capsys.readouterr().err
    spec = dict(GOOD, nl="03_klantreis.ipynb", en="03_journey.ipynb")
    spec["cells"] = [*GOOD["cells"], {"code": "x = 1", "tags": [1]}]
    source.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert build_notebooks.main([]) == 2
    err = capsys.readouterr().err
    assert "03_klantreis.yaml: cells item 4 (code: 'x = 1'): tags.0" in err
    assert run_check()[0] == 1 and "cells item 4" in run_check()[1]
    assert (tree / "notebooks" / "nl" / "03_klantreis.ipynb").read_bytes() == before


# --------------------------------------------------------------------------- stored outputs

def output(text):
    return [{"output_type": "stream", "name": "stdout", "text": text}]


def test_identical_code_cells_keep_their_own_outputs(tmp_path):
    """Two cells with the same code (`session.bar` twice) each keep their own stored outputs,
    also when a cell is inserted before them; a changed cell loses its outputs."""
    spec = {"nl": "a.ipynb", "en": "b.ipynb", "cells": [
        {"parameters": {}}, {"code": "session.bar"}, {"code": "x = 1"}, {"code": "session.bar"}]}
    _, items = build_notebooks.check_source(spec, "t.yaml")
    path = tmp_path / "a.ipynb"
    nb = build_notebooks.build(items, "nl", path)
    for cell, text in zip(nb["cells"], ["params", "first bar", "x", "second bar"]):
        cell["outputs"], cell["execution_count"] = output(text), len(text)
    path.write_text(json.dumps(nb), encoding="utf-8")

    def outputs(nb):
        return [c["outputs"][0]["text"] if c["outputs"] else None for c in nb["cells"]]

    assert outputs(build_notebooks.build(items, "nl", path)) == ["params", "first bar", "x", "second bar"]
    spec["cells"].insert(1, {"code": "print('new')"})
    spec["cells"][3] = {"code": "x = 2"}
    _, items = build_notebooks.check_source(spec, "t.yaml")
    rebuilt = build_notebooks.build(items, "nl", path)
    assert outputs(rebuilt) == ["params", None, "first bar", None, "second bar"]
    assert [c["execution_count"] for c in rebuilt["cells"]] == [6, None, 9, None, 10]


# --------------------------------------------------------------------------- a pair in one folder

LECTURE = {"folder": "instructor", "nl": "lecture_99_demo.ipynb", "en": "lecture_99_demo_en.ipynb",
           "cells": [{"md": {"nl": "# Collegenotebook 99", "en": "# Lecture notebook 99"}},
                     {"parameters": {"case": "hospital"}}, {"code": "import journeylib as jl"}]}


def test_a_pair_with_a_folder_builds_both_languages_side_by_side(tree):
    """`folder:` with `nl:` and `en:` (a lecture notebook and its English twin) builds two
    notebooks in notebooks/<folder>/, each with its own language's Markdown and `lang`;
    --check then knows both, and catches an edit in either."""
    spec, items = build_notebooks.check_source(LECTURE, "tools/notebooks/lecture_99_demo.yaml")
    assert isinstance(spec, build_notebooks.Pair)
    folder = tree / "notebooks" / "instructor"
    assert build_notebooks.targets(spec) == [("nl", folder / "lecture_99_demo.ipynb"),
                                             ("en", folder / "lecture_99_demo_en.ipynb")]
    source = tree / "tools" / "notebooks" / "lecture_99_demo.yaml"
    source.write_text(yaml.safe_dump(LECTURE, allow_unicode=True), encoding="utf-8")
    bad, said = run_check()
    assert bad == 2 and "notebooks/instructor/lecture_99_demo_en.ipynb is missing" in said
    assert build_notebooks.main(["lecture_99"]) == 0
    assert run_check() == (0, "")
    for name, lang, title in (("lecture_99_demo.ipynb", "nl", "# Collegenotebook 99"),
                              ("lecture_99_demo_en.ipynb", "en", "# Lecture notebook 99")):
        cells = json.loads((folder / name).read_text(encoding="utf-8"))["cells"]
        assert build_notebooks.source_text(cells[0]) == title
        assert f"lang = {lang!r}" in build_notebooks.source_text(cells[1])
    path = folder / "lecture_99_demo_en.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "# Lecture notebook 99, edited"
    path.write_text(json.dumps(nb), encoding="utf-8")
    bad, said = run_check()
    assert bad == 1 and "notebooks/instructor/lecture_99_demo_en.ipynb differs" in said
    assert "lecture_99_demo.ipynb differs" not in said


def test_a_pair_with_a_folder_needs_two_file_names_and_both_texts():
    with pytest.raises(SourceError, match="one file"):
        build_notebooks.check_source({**LECTURE, "en": LECTURE["nl"]}, "tools/notebooks/lecture_99_demo.yaml")
    one_text = {**LECTURE, "cells": [{"md": "# Collegenotebook 99"}, *LECTURE["cells"][1:]]}
    with pytest.raises(SourceError, match="both texts"):
        build_notebooks.check_source(one_text, "tools/notebooks/lecture_99_demo.yaml")
    with pytest.raises(SourceError, match="folder"):
        build_notebooks.check_source({**LECTURE, "folder": "../x"}, "tools/notebooks/lecture_99_demo.yaml")
    single = {"folder": "instructor", "name": "x.ipynb", "lang": "en", "cells": one_text["cells"]}
    spec, _ = build_notebooks.check_source(single, "x.yaml")  # a single notebook still is one
    assert isinstance(spec, build_notebooks.Single) and build_notebooks.targets(spec)[0][0] == "en"
