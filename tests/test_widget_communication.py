"""CommunicationPie and Quiz, driven headless; the course's question sets are checked as data."""
import pytest

import journeylib
from journeylib import i18n
from journeylib.charts.pie import SLICES
from journeylib.model import LIMITS, Workbook
from journeylib.store import load_workbook
from journeylib.widgets.communication import (
    PIE_IDS,
    PIE_REVEALED,
    QUIZZES,
    CommunicationPie,
    Question,
    Quiz,
)

from helpers import chart, on_disk

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


@pytest.fixture
def session(open_session):
    """A new, empty workbook (conftest.open_session closes it after the test)."""
    return open_session()


# --------------------------------------------------------------------------- the pie

def test_widget_pie_names_are_saved_and_drawn(session):
    pie = CommunicationPie(session)
    assert repr(pie) == "<CommunicationPie: 0 of 3 slices named>"
    assert "nog geen naam" in pie.describe()
    drawn = chart(pie.out)
    pie.fields["A"].value = "  de   woorden "
    assert session.workbook.answers == {"pie-a": "de woorden"} and pie.fields["A"].value == "de woorden"
    assert on_disk(session) and chart(pie.out) != drawn
    drawn = chart(pie.out)
    pie.fields["C"].value = "lichaamstaal"
    assert load_workbook(session.path).answers == {"pie-a": "de woorden", "pie-c": "lichaamstaal"}
    assert chart(pie.out) != drawn
    assert repr(pie) == "<CommunicationPie: 2 of 3 slices named>"
    assert "A 'de woorden' en C 'lichaamstaal'" in pie.describe()
    drawn = chart(pie.out)
    pie.fields["A"].value = ""
    assert load_workbook(session.path).answers == {"pie-c": "lichaamstaal"} and chart(pie.out) != drawn
    assert PIE_IDS == {"A": "pie-a", "B": "pie-b", "C": "pie-c"}


def test_widget_pie_too_long_name_is_refused(session):
    pie = CommunicationPie(session)
    pie.fields["B"].value = "stem"
    saved, drawn = session.path.read_bytes(), chart(pie.out)
    pie.fields["B"].value = "x" * (LIMITS["short_text"] + 1)
    assert "Taartpunt B (38%)" in pie.field_messages["B"].text and "maximaal 120" in pie.field_messages["B"].text
    assert session.workbook.answers == {"pie-b": "stem"} and session.path.read_bytes() == saved
    assert chart(pie.out) == drawn
    journeylib.set_language("en")
    pie.fields["B"].value = "y" * (LIMITS["short_text"] + 3)
    assert "Slice B (38%): at most 120 characters (now 123)" in pie.field_messages["B"].text
    pie.fields["B"].value = "toon"
    assert pie.field_messages["B"].text == "" and load_workbook(session.path).answers == {"pie-b": "toon"}


def test_widget_pie_reveal_shows_answer_and_caveat_in_both_languages(session):
    pie = CommunicationPie(session)
    pie.fields["B"].value = "stem"
    assert pie.answer.value == "" and "Antwoord:" not in pie.describe()
    assert pie.reveal.description == "Toon het antwoord"
    drawn = chart(pie.out)
    pie.reveal.click()
    assert session.workbook.progress == {PIE_REVEALED: True} and on_disk(session)
    assert chart(pie.out) != drawn and repr(pie) == "<CommunicationPie: 1 of 3 slices named, answer shown>"
    text = pie.describe()
    assert "Antwoord: A woorden (7%), B toon van de stem (38%) en C gezichtsuitdrukking (55%)" in text
    assert "Silent Messages, 1971" in text and "niet gelden voor communicatie in het algemeen" in text
    assert "Silent Messages (1971)" in pie.answer.value and "tegenspreken" in pie.answer.value
    assert "jij schreef: stem" in pie.answer.value and pie.reveal.description == "Verberg het antwoord"
    journeylib.set_language("en")
    text = pie.describe()
    assert "Answer: A words (7%), B tone of voice (38%) and C facial expression (55%)" in text
    assert "Silent Messages, 1971" in text and "do not apply to communication in general" in text
    assert "The answer" in pie.answer.value and "contradict each other" in pie.answer.value
    assert pie.reveal.description == "Hide the answer" and pie.fields["A"].description == "Slice A (7%)"
    drawn = chart(pie.out)
    pie.reveal.click()
    assert load_workbook(session.path).progress == {PIE_REVEALED: False}
    assert pie.answer.value == "" and chart(pie.out) != drawn
    assert "Answer:" not in pie.describe() and "Mehrabian" in pie.describe()


def test_widget_pie_refresh_after_upload(session):
    pie = CommunicationPie(session)
    session.replace(Workbook(answers={"pie-a": "woorden", "pie-b": "toon"}, progress={PIE_REVEALED: True}))
    assert pie.fields["A"].value == "woorden" and pie.fields["B"].value == "toon" and pie.fields["C"].value == ""
    assert pie.revealed and "Het antwoord" in pie.answer.value
    assert repr(pie) == "<CommunicationPie: 2 of 3 slices named, answer shown>"
    bundle = pie._repr_mimebundle_()
    assert bundle["text/plain"] == repr(pie) and bundle["text/markdown"] == pie.describe()


# --------------------------------------------------------------------------- question sets

def test_widget_quiz_sets_are_complete_and_translated():
    assert set(QUIZZES) == {"hospitality", "pie", "authentic"}
    nl, en = i18n.keys("nl"), i18n.keys("en")
    for name, questions in QUIZZES.items():
        assert 3 <= len(questions) <= 5, name
        assert len({q.id for q in questions}) == len(questions)
        assert {q.kind for q in questions} == {"choice", "match"}, name  # both kinds in every set
        for q in questions:
            keys = [q.prompt, *q.options, *q.feedback, *q.items]
            assert all(k in nl and k in en for k in keys), q.id
            assert len({i18n.t(k, "nl") for k in q.options}) == len(q.options)
    rights = [q.options.index(q.answer) for qs in QUIZZES.values() for q in qs if q.kind == "choice"]
    assert len(set(rights)) > 1  # the right answer is not always in the same place


def test_widget_quiz_answers_match_the_course_facts():
    hospitality = QUIZZES["hospitality"]
    three = i18n.t(hospitality[0].answer, "nl").lower()
    assert all(word in three for word in ("gastvrijheid", "communicatie", "representatief"))
    assert set(hospitality[1].answer) == {"selfcheck.07.hosp2.hospitality", "selfcheck.07.hosp2.communication",
                                          "selfcheck.07.hosp2.representative"}
    pie = {q.id: q for q in QUIZZES["pie"]}
    # slice A 7 % = words, B 38 % = tone of voice, C 55 % = face and body (Mehrabian 1971)
    assert pie["pie1"].answer == tuple(f"selfcheck.07.pie1.{key}" for key in ("words", "tone", "face"))
    assert [key for key, _, _ in SLICES] == ["words", "tone", "body"]  # the bank's "face" is the chart's "body"
    assert [share for _, share, _ in SLICES] == [7, 38, 55]
    assert "Mehrabian" in i18n.t(pie["pie2"].answer, "en")
    assert "communication in general" in i18n.t(pie["pie3"].answer, "en")
    steward = {q.id: q for q in QUIZZES["authentic"]}["auth3"]
    assert "calling card" in i18n.t(steward.answer, "en")


def test_widget_quiz_question_definitions_are_checked():
    with pytest.raises(ValueError):
        Question("x", "choice", "quiz.hosp1.prompt", ("quiz.hosp1.a", "quiz.hosp1.b"), "quiz.hosp1.c",
                 ("quiz.hosp1.a_why", "quiz.hosp1.b_why"))
    with pytest.raises(ValueError):
        Question("Bad Id", "choice", "p", ("a.a", "a.b"), "a.a", ("w", "w"))
    with pytest.raises(ValueError):
        Question("x", "essay", "p", ("a.a", "a.b"), "a.a", ("w", "w"))
    with pytest.raises(ValueError):
        Quiz("unknown")
    assert QUIZZES["hospitality"][0] == Question(  # built from the question bank (journeylib.selfcheck)
        "hosp1", "choice", "selfcheck.07.hosp1", tuple(f"selfcheck.07.hosp1.{c}" for c in "abcd"),
        "selfcheck.07.hosp1.b", tuple(f"selfcheck.07.hosp1.{c}.why" for c in "abcd"))


# --------------------------------------------------------------------------- the quiz

def test_widget_quiz_feedback_right_and_wrong_in_dutch_and_english():
    quiz = Quiz("hospitality")
    assert repr(quiz) == "<Quiz: 4 questions, 0 answered, 0 right>"
    first = quiz.views[0]
    assert ("Gastvrijheid, communicatie en representatief", "selfcheck.07.hosp1.b") in first.radio.options
    first.radio.value = "selfcheck.07.hosp1.a"
    first.check.click()
    assert "Nog niet:" in first.feedback.value and "niet over het aanbod" in first.feedback.value
    assert repr(quiz) == "<Quiz: 4 questions, 1 answered, 0 right>"
    assert "Vraag 1: nog niet goed." in quiz.describe()
    first.radio.value = "selfcheck.07.hosp1.b"
    first.check.click()
    assert "Goed!" in first.feedback.value and "Nog niet" not in first.feedback.value
    assert repr(quiz) == "<Quiz: 4 questions, 1 answered, 1 right>"
    journeylib.set_language("en")
    assert "Right!" in first.feedback.value and first.radio.value == "selfcheck.07.hosp1.b"
    assert ("Hospitality, communication and representativeness", "selfcheck.07.hosp1.b") in first.radio.options
    assert first.check.description == "Check" and quiz.describe().startswith("Quiz with 4 questions: 1 answered")
    third = quiz.views[2]
    third.radio.value = "selfcheck.07.hosp3.a"
    third.check.click()
    assert "Not quite:" in third.feedback.value and "disappointed guest" in third.feedback.value
    journeylib.set_language("nl")
    assert "Nog niet:" in third.feedback.value and "teleurgestelde gast" in third.feedback.value
    assert "Question" not in quiz.views[3].heading.value and "Vraag 4 van 4" in quiz.views[3].heading.value


def test_widget_quiz_match_question_with_dropdowns(session):
    quiz = Quiz("pie", session)
    match_view = quiz.views[0]
    assert len(match_view.dropdowns) == 3 and match_view.dropdowns[0].description == "Hoort bij"
    match_view.dropdowns[0].value = "selfcheck.07.pie1.words"
    saved = session.path.read_bytes()
    match_view.check.click()
    assert "2 nog open" in match_view.message.text and session.path.read_bytes() == saved
    assert repr(quiz) == "<Quiz: 4 questions, 0 answered, 0 right>"
    match_view.dropdowns[1].value = "selfcheck.07.pie1.face"
    match_view.dropdowns[2].value = "selfcheck.07.pie1.tone"
    match_view.check.click()
    assert match_view.message.text == "" and "1 van de 3 goed" in match_view.feedback.value
    assert load_workbook(session.path).answers == {"quiz-pie1": "words,face,tone"}
    match_view.dropdowns[1].value = "selfcheck.07.pie1.tone"
    match_view.dropdowns[2].value = "selfcheck.07.pie1.face"
    match_view.check.click()
    assert "Goed!" in match_view.feedback.value and "3 van de 3 goed" in match_view.feedback.value
    assert on_disk(session) and repr(quiz) == "<Quiz: 4 questions, 1 answered, 1 right>"
    journeylib.set_language("en")
    assert match_view.dropdowns[0].options[0] == ("The tone of voice", "selfcheck.07.pie1.tone")
    assert match_view.dropdowns[2].value == "selfcheck.07.pie1.face" and "3 of 3 right" in match_view.feedback.value


def test_widget_quiz_answers_are_kept_in_the_workbook(session):
    quiz = Quiz(QUIZZES["authentic"], session)
    view = quiz.views[1]
    view.check.click()
    assert view.message.text == "kies eerst een antwoord." and "quiz-auth2" not in session.workbook.answers
    view.radio.value = "selfcheck.07.auth2.c"
    view.check.click()
    assert load_workbook(session.path).answers == {"quiz-auth2": "c"}
    # a new view of the same workbook (a restart) shows the checked answer and its feedback
    again = Quiz("authentic", session)
    assert again.views[1].radio.value == "selfcheck.07.auth2.c" and "Goed!" in again.views[1].feedback.value
    assert repr(again) == "<Quiz: 4 questions, 1 answered, 1 right>"
    # an unknown stored answer is ignored; an uploaded workbook replaces what is shown
    session.replace(Workbook(answers={"quiz-auth1": "c", "quiz-auth2": "zz", "quiz-auth4": "both,both"}))
    assert repr(again) == "<Quiz: 4 questions, 1 answered, 0 right>"
    assert again.views[0].radio.value == "selfcheck.07.auth1.c" and again.views[1].radio.value is None
    assert again.views[1].feedback.value == "" and "Vraag 1: nog niet goed." in again.describe()


def test_widget_quiz_wrong_answer_is_calm_feedback_not_an_error(session):
    """Issue 11: a wrong quiz answer was styled as an error (bold red ✗). It is now
    "Nog niet: ..." in a neutral colour; a right answer keeps its green ✓."""
    quiz = Quiz("pie", session)
    choice = next(v for v in quiz.views if v.radio is not None)
    wrong = next(o for o in choice.question.options if not choice.question.is_right(o))
    choice.radio.value = wrong
    choice.check.click()
    value = choice.feedback.value
    assert "Nog niet:" in value and "✗" not in value and "⚠" not in value
    assert "#B00020" not in value and "alert" not in value and "role='status'" in value
    match = next(v for v in quiz.views if v.radio is None)
    for dropdown in match.dropdowns:
        dropdown.value = dropdown.options[0][1]
    match.check.click()
    value = match.feedback.value
    assert "Nog niet:" in value and "✗" not in value and "#B00020" not in value and "○" in value
    journeylib.set_language("en")
    assert "Not quite:" in match.feedback.value and "Not quite:" in choice.feedback.value
    right = next(o for o in choice.question.options if choice.question.is_right(o))
    choice.radio.value = right
    choice.check.click()
    assert "✓" in choice.feedback.value and "Right!" in choice.feedback.value
