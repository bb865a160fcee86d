"""The assignment registry (journeylib.assignments): every assignment of the source texts has a
widget that its notebook calls and that saves to the workbook, a report section that shows
the answer and a count in the class overview; old text-answer keys are still read."""
import re
from pathlib import Path

import pytest
import yaml

import journeylib
from journeylib import assignments, reports
from journeylib.assignments import ASSIGNMENTS
from journeylib.i18n import LANGUAGES, t
from journeylib.model import PHASES, Workbook
from journeylib.reports.blocks import Gallery, LongText, Paragraph, Table
from journeylib.reports.overview import ClassFolder, overview_section

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "notebooks"
WIDGETS = ("TextAnswer", "CommunicationPie", "ReflectionBoard", "AdviceEditor")


def course_sources() -> dict[str, Path]:
    """The course notebooks' YAML sources by number ("07": 07_gastvrijheid.yaml)."""
    return {p.name[:2]: p for p in sorted(SOURCES.glob("[0-9][0-9]_*.yaml"))}


def cells(number: str) -> list[dict]:
    return yaml.safe_load(course_sources()[number].read_text(encoding="utf-8"))["cells"]


def code_lines(number: str) -> list[str]:
    return [line.strip() for cell in cells(number) if "code" in cell for line in cell["code"].splitlines()]


def section_text(section) -> str:
    parts = []
    for block in section.blocks:
        if isinstance(block, (Paragraph, LongText)):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts += [block.caption, *(" ".join(row) for row in block.rows)]
        elif isinstance(block, Gallery):
            parts += [block.heading, block.text]
    return "\n".join(parts)


# --------------------------------------------------------------------------- the registry

def test_every_seed_assignment_is_in_the_registry():
    ids = [a.id for a in ASSIGNMENTS]
    assert len(set(ids)) == len(ids)
    assert {"hospitality-model", "pie", "authentic", "advice"} <= set(ids)
    boards = {a.phase: a.notebook for a in ASSIGNMENTS if a.kind == "board"}
    assert boards == {"before": "03", "during": "04", "after": "08"}  # at the end of each phase
    for a in ASSIGNMENTS:
        assert a.notebook in course_sources(), a.id
        assert a.kind in assignments.KINDS and a.section in reports.REPORT_SECTIONS, a.id
        assert a.widget in journeylib.widgets.__all__, a.id
        for lang in LANGUAGES:
            assert t(a.title, lang) != a.title, (a.id, lang)
            if a.kind in ("text", "advice"):  # open answers say what a good answer contains
                assert a.good and len(t(a.good, lang)) > 80, (a.id, lang)
    assert assignments.get("pie") is ASSIGNMENTS[[a.id for a in ASSIGNMENTS].index("pie")]
    with pytest.raises(KeyError, match="hospitality-model"):
        assignments.get("nope")


def test_each_notebook_calls_its_assignments_widget_with_the_registry_id():
    for a in ASSIGNMENTS:
        assert a.call in code_lines(a.notebook), f"{a.notebook} lacks {a.call}"
    assert 'jl.widgets.TextAnswer(session, "hospitality-model")' in code_lines("07")
    assert 'jl.widgets.ReflectionBoard(session, phase="before")' in code_lines("03")
    assert 'jl.widgets.ReflectionBoard(session, phase="during")' in code_lines("04")
    calls = {a.call for a in ASSIGNMENTS}
    for number in course_sources():
        for line in code_lines(number):
            if any(f"jl.widgets.{w}(" in line for w in WIDGETS):
                assert line in calls, f"{number}: {line} is not an assignment of the registry"


# --------------------------------------------------------------------------- widget -> report -> overview

def make_widget(a, session):
    """The widget of ``a``, as its notebook calls it."""
    from journeylib import widgets

    cls = getattr(widgets, a.widget)
    return {"text": lambda: cls(session, a.id), "pie": lambda: cls(session),
            "board": lambda: cls(session, phase=a.phase) if a.arguments else cls(session),
            "advice": lambda: cls(session)}[a.kind]()


def answer_with(a, widget, text: str) -> None:
    """Give ``text`` as the learner's answer through the widget's own control."""
    if a.kind == "text":
        widget.box.value = text
    elif a.kind == "pie":
        widget.fields["B"].value = text
    elif a.kind == "board":
        widget.columns[a.phase].keyword_input.value = text
    elif a.kind == "advice":
        widget.text.value = text
    else:
        raise AssertionError(f"{a.id}: no way to answer a {a.kind!r} assignment")


@pytest.mark.parametrize("a", ASSIGNMENTS, ids=lambda a: a.id)
def test_answer_is_saved_and_reaches_the_report_and_the_overview(a, open_session):
    from journeylib.store import load_workbook

    session = open_session(name=a.id)
    widget = make_widget(a, session)
    assert not assignments.is_answered(a, session.workbook)
    answer = f"antwoord-{a.id}"
    answer_with(a, widget, answer)
    saved = load_workbook(session.path)
    assert assignments.is_answered(a, saved), "the widget saved nothing"
    for lang in LANGUAGES:
        text = section_text(reports.section(a.section, saved, lang=lang))
        assert answer in text, (a.id, lang)
    assert answer in reports.render_html(saved, lang="nl")
    klass = ClassFolder("klas", [("a.json", saved), ("b.json", Workbook()), ("c.json", Workbook())], [])
    table = overview_section("assignments", klass, lang="nl").blocks[0]
    rows = {row[1]: row[2] for row in table.rows}
    assert rows[t(a.title, "nl")] == "1 van 3"
    others = [row for row in table.rows if row[1] != t(a.title, "nl")]
    assert others and all(row[2] == "0 van 3" for row in others)


def test_overview_counts_every_assignment_once_per_learner():
    full = Workbook(answers={"hospitality-model": "bron", "pie-a": "woorden", "pie-c": "gezicht",
                             "text-authentic": "echt"},  # an old key counts too
                    reflections={p: {"keywords": [p]} for p in PHASES}, advice="Doen.")
    klass = ClassFolder("klas", [("a.json", full), ("b.json", full), ("c.json", Workbook())], [])
    table = overview_section("assignments", klass, lang="en").blocks[0]
    assert [row[1] for row in table.rows] == [t(a.title, "en") for a in ASSIGNMENTS]
    assert [row[0] for row in table.rows] == [a.notebook for a in ASSIGNMENTS]
    assert all(row[2] == "2 of 3" for row in table.rows)
    assert "3 learners" in table.caption
    texts = overview_section("assignments", klass, lang="en").blocks[1]  # the open answers, for the training
    assert sorted(row[2] for row in texts.rows) == ["bron", "bron", "echt", "echt"]
    assert {row[1] for row in texts.rows} == {t(a.title, "en") for a in ASSIGNMENTS if a.kind == "text"}
    assert '<section id="assignments">' in reports.render_overview_html(klass, lang="en")


# --------------------------------------------------------------------------- old answer keys

def test_an_old_text_answer_key_is_read_and_moved_on_the_first_save(open_session):
    from journeylib.store import load_workbook
    from journeylib.widgets.text_answer import TextAnswer

    old = Workbook(answers={"text-authentic": "Authentiek is echt.", "text-hospitality-model": "Gevonden.",
                            "quiz-x": "b"})
    report = section_text(reports.section("hospitality", old, lang="nl"))
    assert "Authentiek is echt." in report and "Gevonden." in report  # a workbook never reopened in 07
    session = open_session(name="old")
    session.replace(old)
    box = TextAnswer(session, "authentic")
    assert box.box.value == "Authentiek is echt." and box.saved
    box.box.value = "Authentiek is: jezelf zijn."
    answers = load_workbook(session.path).answers
    assert answers["authentic"] == "Authentiek is: jezelf zijn." and "text-authentic" not in answers
    assert answers["text-hospitality-model"] == "Gevonden." and answers["quiz-x"] == "b"  # others untouched
    both = Workbook(answers={"authentic": "nieuw", "text-authentic": "oud"})
    assert assignments.text_answer(assignments.get("authentic"), both) == "nieuw"  # the id wins


# --------------------------------------------------------------------------- no answer given away

PERCENT = re.compile(r"\b(7|38|55)\s*(%|procent|per\s*cent)|\b7\s*[,/–-]\s*38\b", re.IGNORECASE)


def test_notebook_07_states_no_slice_share_before_the_learner_names_the_slices():
    seen = []
    for cell in cells("07"):
        if "code" in cell and "self_check(" in cell["code"]:
            break  # from the self-check on, the learner has met the answer
        for lang, text in (cell.get("md") or {}).items():
            assert not PERCENT.search(text), f"07 ({lang}) gives a share away: {PERCENT.search(text).group(0)!r}"
        seen.append(cell)
    assert any("code" in c and "CommunicationPie(" in c["code"] for c in seen)
    later = cells("07")[len(seen):]
    assert any(PERCENT.search((c.get("md") or {}).get("nl", "")) for c in later)  # the summary may say it
