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
#: the lecture notebooks: lecture_NN_name.ipynb (Dutch) and lecture_NN_name_en.ipynb beside it
LECTURES_EN = sorted((ROOT / "notebooks" / "instructor").glob("lecture_*_en.ipynb"))
LECTURES_NL = sorted(set((ROOT / "notebooks" / "instructor").glob("lecture_*.ipynb")) - set(LECTURES_EN))
LECTURES = LECTURES_NL + LECTURES_EN
PAIRS = list(zip(NL, EN)) + list(zip(LECTURES_NL, LECTURES_EN))
PARAMETERS = {"lang", "case", "workbook", "lecture"}
#: reference pages among the course notebooks (the glossary): no learning goals, self-check or summary needed
REFERENCE = {"09_begrippen.ipynb", "09_glossary.ipynb"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code(cell):
    return "".join(cell["source"])


def test_every_dutch_notebook_has_an_english_twin():
    assert [p.name[:2] for p in NL] == [p.name[:2] for p in EN]
    assert len(NL) == len(EN) >= 9 and len(INSTRUCTOR) >= 4


@pytest.mark.parametrize("nl, en", PAIRS, ids=[p.stem for p, _ in PAIRS])
def test_same_cells_tags_and_code_only_markdown_and_lang_differ(nl, en):
    a, b = load(nl)["cells"], load(en)["cells"]
    assert [c["cell_type"] for c in a] == [c["cell_type"] for c in b]
    for x, y in zip(a, b):
        assert x.get("metadata", {}).get("tags", []) == y.get("metadata", {}).get("tags", [])
        if x["cell_type"] != "code":
            continue
        if "parameters" in x.get("metadata", {}).get("tags", []):
            # the same values; only lang and the comment (in the notebook's language) differ
            strip = lambda s: re.sub(r"lang\s*=\s*['\"](nl|en)['\"]", "lang=LANG", re.sub(r"(?m)^#.*$", "#", s))
            assert strip(code(x)) == strip(code(y))
            assert code(x).startswith("# Parameters (papermill en docenten") and code(y).startswith("# Parameters (papermill and")
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
            if path.name in REFERENCE and words[0] != "volgende":
                continue
            assert any(w in text for w in words), f"{path.name}: missing {words}"
        assert re.search(r"\b\d+ (minuten|minutes)\b", text), f"{path.name}: no time estimate (\"30 minuten\")"


def test_every_lecture_notebook_has_an_english_twin():
    assert len(LECTURES_NL) >= 4
    assert [p.stem + "_en" for p in LECTURES_NL] == [p.stem for p in LECTURES_EN]


LECTURE_PARTS = {
    "nl": {"goals": "**Doelen.**", "time": r"\*\*Tijd:\*\* ongeveer \d+ minuten", "question": "**Vraag aan de zaal:**",
           "notes": "<summary>Voor de docent</summary>", "next": "**Volgende:**", "sources": "## Bronnen"},
    "en": {"goals": "**Goals.**", "time": r"\*\*Time:\*\* about \d+ minutes", "question": "**Question for the room:**",
           "notes": "<summary>For the instructor</summary>", "next": "**Next:**", "sources": "## Sources"},
}


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_notebooks_have_goals_time_questions_notes_a_next_link_and_sources(path):
    """Issue 13, §5: each lecture notebook, in both languages, with goals, time, questions for
    the room with notes for the instructor, a next link (to the next lecture; the last to the
    guide), and its sources at the end."""
    lang = "en" if path.stem.endswith("_en") else "nl"
    parts = LECTURE_PARTS[lang]
    cells = load(path)["cells"]
    md = [code(c) for c in cells if c["cell_type"] == "markdown"]
    assert parts["goals"] in md[0] and re.search(parts["time"], md[0]), f"{path.name}: goals and time at the top"
    sections = [m for m in md if m.lstrip().startswith("## ")][:-1]
    questions = [m for m in sections if parts["question"] in m]
    assert len(questions) >= 3, f"{path.name}: {len(questions)} sections with a question for the room"
    for m in md:
        if parts["question"] in m:
            assert parts["notes"] in m and "</details>" in m, f"{path.name}: a question without notes: {m[:60]!r}"
    assert cells[-1]["cell_type"] == "markdown" and code(cells[-1]).startswith(parts["sources"])
    nexts = [m for m in md if parts["next"] in m]
    assert len(nexts) == 1, f"{path.name}: one next link"
    target = re.search(r"\]\(([\w.-]+\.ipynb)\)", nexts[0].split(parts["next"])[1]).group(1)
    assert (path.parent / target).is_file(), f"{path.name}: the next link {target} is not a notebook"
    own = LECTURES_EN if lang == "en" else LECTURES_NL
    index = own.index(path)
    wanted = own[index + 1].name if index + 1 < len(own) else ("00_guide_en.ipynb" if lang == "en" else "00_guide.ipynb")
    assert target == wanted, f"{path.name}: next is {target}, not {wanted}"
    assert f"lang = {lang!r}" in next(code(c) for c in cells if "parameters" in c["metadata"].get("tags", []))


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
