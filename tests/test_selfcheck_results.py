"""Self-check answers reach the learner's report and the class overview (issue 13, §2).

The report has a section "selfcheck": per notebook and part how many questions were
checked, right now and right first time. The overview's section "selfcheck" counts per
question how many learners were wrong at their first check, the most missed first, with a
chart from the registry. Answers saved under the old keys (``quiz-<id>``) count too.
"""
import pytest

from journeylib import reports
from journeylib.charts import CHARTS
from journeylib.model import Workbook
from journeylib.reports.blocks import Chart, Paragraph, Table
from journeylib.reports.overview import ClassFolder, question_misses
from journeylib.selfcheck import answer_id, quiz, record_answer, spec


def right(q):
    return q["answer"]


def wrong(q):
    return next(o for o in q["options"] if o != q["answer"])


def answered(*steps):
    """A workbook whose learner checked these answers in this order: (notebook, question, given)."""
    answers = {}
    for notebook, question, given in steps:
        answers = record_answer(answers, notebook, question, given)
    return Workbook(learner="x", answers=answers)


Q1, Q2, Q3 = spec("03")[:3]
PIE2 = quiz("pie")[1][1]


@pytest.fixture
def klass():
    """Three learners: Q2 is missed by all three at first (one fixed it), Q1 by one, Q3 by nobody."""
    anna = answered(("03", Q1, wrong(Q1)), ("03", Q1, right(Q1)), ("03", Q2, wrong(Q2)), ("03", Q3, right(Q3)))
    bram = answered(("03", Q2, wrong(Q2)), ("03", Q2, right(Q2)), ("03", Q3, right(Q3)))
    chris = Workbook(learner="c", answers={f"quiz-{PIE2['id']}": wrong(PIE2), answer_id("03", Q2["id"]): wrong(Q2)})
    return ClassFolder("k", [("anna.json", anna), ("bram.json", bram), ("chris.json", chris),
                             ("nobody.json", Workbook())], [])


def texts(section) -> str:
    return " ".join(getattr(b, "text", "") or getattr(b, "description", "") for b in section.blocks)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_shows_right_and_answered_per_notebook(lang):
    wb = answered(("03", Q1, wrong(Q1)), ("03", Q1, right(Q1)), ("03", Q2, wrong(Q2)), ("07", PIE2, right(PIE2)))
    section = reports.section("selfcheck", wb, lang)
    assert "selfcheck" in reports.REPORT_SECTIONS and section.title == {"nl": "Zelftoetsen", "en": "Self-checks"}[lang]
    [table] = [b for b in section.blocks if isinstance(b, Table)]
    rows = {(r[0], r[1]): r[2:] for r in table.rows}
    part = {"nl": ("Zelftoets", "De communicatietaart"), "en": ("Self-check", "The communication pie")}[lang]
    assert rows[("03", part[0])] == [str(len(spec("03"))), "2", "1", "0"]  # questions, checked, right, first time
    assert rows[("07", part[1])] == ["4", "1", "1", "1"]
    assert rows[("05", part[0])] == [str(len(spec("05"))), "0", "0", "0"]
    total = section.blocks[0].text
    assert {"nl": "Je controleerde 3 van de", "en": "You checked 3 of the"}[lang] in total
    assert {"nl": "vraag 2", "en": "question 2"}[lang] in section.blocks[-1].text  # what to look at again
    html = reports.render_html(wb, lang)
    assert section.title in html and part[1] in html


def test_the_report_reads_old_keys_and_says_so_when_nothing_was_checked():
    old = Workbook(answers={f"quiz-{PIE2['id']}": right(PIE2), "check-03-q1": right(Q1)})
    [table] = [b for b in reports.section("selfcheck", old, "en").blocks if isinstance(b, Table)]
    assert sum(int(r[3]) for r in table.rows) == 2  # both answers counted
    empty = reports.section("selfcheck", Workbook(), "nl")
    assert [b.text for b in empty.blocks] == ["Je hebt nog geen vraag van een zelftoets gecontroleerd."]


def test_the_overview_counts_wrong_first_answers_most_missed_first(klass):
    rows, learners = question_misses(klass)
    assert learners == 3
    ranked = [(r["result"].notebook, r["result"].id, r["answered"], r["wrong_first"], r["wrong_now"]) for r in rows]
    assert ranked[0] == ("03", Q2["id"], 3, 3, 2)  # the most missed first
    assert ("03", Q1["id"], 1, 1, 0) in ranked and ranked.index(("03", Q1["id"], 1, 1, 0)) < ranked.index(
        ("03", Q3["id"], 2, 0, 0))
    assert ("07", PIE2["id"], 1, 1, 1) in ranked  # an old quiz-<id> key counts


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_overview_section_has_a_chart_and_a_table_of_the_most_missed(klass, lang):
    section = reports.overview_section("selfcheck", klass, lang)
    assert "selfcheck" in reports.OVERVIEW_SECTIONS
    [chart] = [b for b in section.blocks if isinstance(b, Chart)]
    [table] = [b for b in section.blocks if isinstance(b, Table)]
    assert [r[1:] for r in table.rows][0] == ["3", "3", "2"] and len(table.rows) == 3  # Q3 was never missed
    word = {"nl": "vraag 2", "en": "question 2"}[lang]
    assert table.rows[0][0].startswith("03 · ") and word in table.rows[0][0]
    assert {"nl": "3 cursisten", "en": "3 learners"}[lang] in chart.description
    assert chart.description.index(table.rows[0][0][:20]) < chart.description.index("(1)")
    assert isinstance(section.blocks[0], Paragraph) and section.blocks[0].text.startswith("3 ")
    html = reports.render_overview_html(klass, lang)
    assert section.title in html and html.count("<figure>") >= 1


def test_the_overview_without_answers_or_misses_says_so():
    nobody = ClassFolder("k", [("a.json", Workbook())], [])
    assert [b.text for b in reports.overview_section("selfcheck", nobody, "en").blocks] == [
        "No learner has checked a self-check question yet."]
    perfect = ClassFolder("k", [("a.json", answered(("03", Q1, right(Q1))))], [])
    blocks = reports.overview_section("selfcheck", perfect, "en").blocks
    assert not any(isinstance(b, Chart) for b in blocks) and "right first time for everyone" in blocks[-1].text


def test_the_misses_chart_is_in_the_registry():
    chart = CHARTS["question_misses"]
    ax, text = chart.draw(chart.example_data(), lang="en")
    assert "8 learners" in text and ax.get_title(loc="left") == "Self-check questions missed most often"
