"""The course notebooks follow the template, and nl/en mirror each other (docs/architecture.md, "Notebooks")."""
import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NL = sorted((ROOT / "notebooks" / "nl").glob("*.ipynb"))
EN = sorted((ROOT / "notebooks" / "en").glob("*.ipynb"))
INSTRUCTOR = sorted((ROOT / "notebooks" / "instructor").glob("*.ipynb"))
COURSE = NL + EN
PAIRS = list(zip(NL, EN))
PARAMETERS = {"lang", "case", "workbook", "lecture"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code(cell):
    return "".join(cell["source"])


def test_every_dutch_notebook_has_an_english_twin():
    assert [p.name[:2] for p in NL] == [p.name[:2] for p in EN]
    assert len(NL) == len(EN) >= 9 and len(INSTRUCTOR) >= 4


@pytest.mark.parametrize("nl, en", PAIRS, ids=[p.stem for p in NL])
def test_same_cells_tags_and_code_only_markdown_and_lang_differ(nl, en):
    a, b = load(nl)["cells"], load(en)["cells"]
    assert [c["cell_type"] for c in a] == [c["cell_type"] for c in b]
    for x, y in zip(a, b):
        assert x.get("metadata", {}).get("tags", []) == y.get("metadata", {}).get("tags", [])
        if x["cell_type"] != "code":
            continue
        if "parameters" in x.get("metadata", {}).get("tags", []):
            strip = lambda s: re.sub(r"lang\s*=\s*['\"](nl|en)['\"]", "lang=LANG", s)
            assert strip(code(x)) == strip(code(y))
            assert re.search(r"lang\s*=\s*['\"]nl['\"]", code(x)) and re.search(r"lang\s*=\s*['\"]en['\"]", code(y))
        else:
            assert code(x) == code(y)


@pytest.mark.parametrize("path", COURSE + INSTRUCTOR, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_template_elements(path):
    nb = load(path)
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    cells = nb["cells"]
    params = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    names = {t.id for node in ast.walk(ast.parse(code(params[0]))) if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)}
    assert PARAMETERS <= names, names
    assert cells[0]["cell_type"] == "markdown" and code(cells[0]).lstrip().startswith("# ")
    text = "\n".join(code(c) for c in cells if c["cell_type"] == "markdown").lower()
    if path in COURSE:
        for words in (("leerdoel", "learning goal"), ("samenvatting", "summary"),
                      ("zelftoets", "self-check"), ("volgende", "next")):
            assert any(w in text for w in words), f"{path.name}: missing {words}"
        assert re.search(r"\b\d+ (minuten|minutes)\b", text), f"{path.name}: no time estimate (\"30 minuten\")"


@pytest.mark.parametrize("path", COURSE + INSTRUCTOR, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebooks_define_no_functions_and_use_no_eval(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(code(cell))
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in ast.walk(tree)), path.name
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"eval", "exec"}, path.name
        imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        for node in imports:
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            assert all(m.split(".")[0] in ("journeylib",) for m in mods), f"{path.name}: imports {mods}"


@pytest.mark.parametrize("path", COURSE + INSTRUCTOR, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_stored_outputs_have_no_errors(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") is not None
            assert not [o for o in cell["outputs"] if o["output_type"] == "error"], path.name
            text = json.dumps(cell["outputs"])
            assert "Traceback" not in text and "Error displaying widget" not in text


def test_readme_course_map_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in COURSE:
        assert f"{path.parent.name}/{path.name}" in readme, path.name
