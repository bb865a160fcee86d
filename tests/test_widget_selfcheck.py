"""SelfCheck, driven headless: the one widget of every self-check and of notebook 07's quizzes.

Choose, then Check: feedback (why, and after a wrong answer a hint) only after the Check, in
a calm role=status box; the options in the learner's own order; answers kept in the
workbook under ``check-NN-<id>``, with the first checked answer beside the latest; answers
saved by earlier versions (``check-NN-qX``, ``quiz-<id>``) read back.
"""
import pytest
from helpers import on_disk

import journeylib
from journeylib import i18n
from journeylib.charts.pie import SLICES
from journeylib.model import Workbook
from journeylib.selfcheck import answer_id, option_order, quiz, quiz_names, record_answer, results, saved_answer, spec
from journeylib.store import load_workbook, open_workbook
from journeylib.widgets.base import esc
from journeylib.widgets.selfcheck import Quiz, SelfCheck

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


def wrong_option(q: dict) -> str:
    return next(o for o in q["options"] if o != q["answer"])


def texts(view) -> list[str]:
    return [label for label, _ in view.radio.options]


# --------------------------------------------------------------------------- one interaction

@pytest.mark.parametrize("lang, wrong_word, right_word, hint_word, check", [
    ("nl", "Nog niet:", "Goed!", "Tip: ", "Controleer"),
    ("en", "Not quite:", "Right!", "Hint: ", "Check"),
])
def test_choose_then_check_gives_feedback_in_both_languages(empty, lang, wrong_word, right_word, hint_word, check):
    journeylib.set_language(lang)
    sc = SelfCheck(empty, "03")
    q1 = spec("03")[0]
    view = sc.views[0]
    assert repr(sc) == "<SelfCheck 03: 5 questions, 0 answered, 0 right>"
    assert view.check.description == check and sc.views[0].radio is not None
    view.radio.value = wrong_option(q1)  # choosing alone says nothing and saves nothing
    assert view.feedback.value == "" and empty.workbook.answers == {}
    view.check.click()
    value = view.feedback.value
    assert wrong_word in value and hint_word in value and "role='status'" in value
    assert esc(journeylib.t(f"selfcheck.03.q1.{wrong_option(q1)}.why")) in value
    assert empty.workbook.answers == {"check-03-q1": wrong_option(q1)} and on_disk(empty)
    assert repr(sc) == "<SelfCheck 03: 5 questions, 1 answered, 0 right>"
    view.radio.value = q1["answer"]  # another choice: the old feedback goes until the next Check
    assert view.feedback.value == ""
    view.check.click()
    assert "✓" in view.feedback.value and right_word in view.feedback.value and hint_word not in view.feedback.value
    assert repr(sc) == "<SelfCheck 03: 5 questions, 1 answered, 1 right>"
    # the latest answer, and the first one beside it (what the class overview counts)
    assert empty.workbook.answers == {"check-03-q1": f"{q1['answer']}|{wrong_option(q1)}"}


def test_check_without_a_choice_asks_calmly_and_saves_nothing(empty):
    sc = SelfCheck(empty, "03")
    sc.views[2].check.click()
    value = sc.views[2].feedback.value
    assert "Kies eerst een antwoord" in value and "role='status'" in value
    assert "alert" not in value and "#B00020" not in value and "⚠" not in value
    assert empty.workbook.answers == {} and sc.answered == 0


def test_a_wrong_answer_is_calm_feedback_not_an_error(empty):
    """Issue 11: a wrong answer is part of learning; neutral colour, no red, no ⚠, no alert."""
    sc = SelfCheck(empty, "07")
    for i, q in enumerate(sc.questions):
        sc.answer(i, wrong_option(q))
        value = sc.views[i].feedback.value
        assert "Nog niet:" in value and "role='status'" in value and "#37474F" in value
        assert "⚠" not in value and "✗" not in value and "alert" not in value and "#B00020" not in value


def test_match_question_has_one_dropdown_per_item_and_explains_only_what_is_right(empty):
    pie = SelfCheck(empty, "07", set="pie")
    view = pie.views[0]
    _, questions = quiz("pie")
    q = questions[0]
    assert view.radio is None and len(view.dropdowns) == len(q["items"]) == 3
    assert view.dropdowns[0].description == "Hoort bij"
    assert [v for _, v in view.dropdowns[0].options] == option_order("07", "pie1", "")
    view.dropdowns[0].value = "words"
    saved = empty.path.read_bytes()
    view.check.click()
    assert "2 nog open" in view.feedback.value and empty.path.read_bytes() == saved
    pie.answer(0, ("words", "face", "tone"))
    value = view.feedback.value
    assert "1 van de 3 goed" in value and "Nog niet:" in value and "○" in value and "Tip: " in value
    why = lambda item: esc(journeylib.t(f"selfcheck.07.pie1.{item}.why"))  # noqa: E731
    assert why("item1") in value and why("item2") not in value  # a wrong item's why would give it away
    assert load_workbook(empty.path).answers == {"check-07-pie1": "words,face,tone"}
    pie.answer(0, ("words", "tone", "face"))
    assert "Goed!" in view.feedback.value and "3 van de 3 goed" in view.feedback.value
    assert all(why(item) in view.feedback.value for item in q["items"])
    assert load_workbook(empty.path).answers == {"check-07-pie1": "words,tone,face|words,face,tone"}
    journeylib.set_language("en")
    assert view.dropdowns[2].value == "face" and "3 of 3 right" in view.feedback.value
    assert view.dropdowns[0].description == "Belongs to"
    assert repr(pie) == "<SelfCheck 07 pie: 4 questions, 1 answered, 1 right>"


def test_relabel_keeps_the_choice_and_does_not_answer(empty):
    sc = SelfCheck(empty, "03")
    q1 = spec("03")[0]
    sc.views[0].radio.value = q1["answer"]
    journeylib.set_language("en")
    radio = sc.views[0].radio
    order = [value for _, value in radio.options]
    assert radio.value == q1["answer"] and radio.index == order.index(q1["answer"])  # the page follows
    assert radio.options[0][0] == journeylib.t(f"selfcheck.03.q1.{order[0]}", "en")
    journeylib.set_language("nl")
    assert sc.answered == 0 and empty.workbook.answers == {}


def test_answers_come_back_after_a_restart_and_an_upload_replaces_them(empty):
    sc = SelfCheck(empty, "03")
    q1, q2 = spec("03")[:2]
    sc.answer(0, q1["answer"])
    sc.answer(1, wrong_option(q2))
    again = open_workbook(empty.path, delay=0)
    try:
        shown = SelfCheck(again, "03")
        assert shown.views[0].radio.value == q1["answer"] and "✓" in shown.views[0].feedback.value
        assert shown.answered == 2 and shown.right == 1 and "Tip: " in shown.views[1].feedback.value
    finally:
        again.close()
    empty.replace(Workbook())  # an upload without answers: nothing chosen, no feedback
    assert sc.views[0].radio.value is None and sc.views[0].radio.index is None
    assert sc.answered == 0 and sc.views[0].feedback.value == ""


# --------------------------------------------------------------------------- old answers are not lost

def test_old_answer_keys_are_read_back(empty):
    """The self-check saved ``check-NN-qX`` and notebook 07's quizzes ``quiz-<id>``: both come
    back in the one widget, and the next Check moves a quiz answer to its new key."""
    empty.replace(Workbook(answers={"check-03-q1": spec("03")[0]["answer"], "quiz-auth1": "c",
                                    "quiz-auth2": "zz", "quiz-pie1": "words,tone,face", "pie-a": "woorden"}))
    check = SelfCheck(empty, "03")
    assert check.views[0].radio.value == spec("03")[0]["answer"] and check.right == 1
    authentic = Quiz("authentic", session=empty)  # the call notebook 07 makes
    assert isinstance(authentic, SelfCheck) and authentic.set == "authentic"
    assert authentic.views[0].radio.value == "c" and authentic.views[1].radio.value is None  # "zz" fits nothing
    assert repr(authentic) == "<SelfCheck 07 authentic: 4 questions, 1 answered, 0 right>"
    pie = SelfCheck(empty, "07", set="pie")
    assert pie.views[0].selection() == ("words", "tone", "face") and "Goed!" in pie.views[0].feedback.value
    authentic.answer(0, "b")
    answers = load_workbook(empty.path).answers
    assert answers["check-07-auth1"] == "b|c" and "quiz-auth1" not in answers  # moved, the first try kept
    assert answers["quiz-pie1"] == "words,tone,face" and answers["pie-a"] == "woorden"  # the rest untouched


def test_saved_answers_helpers():
    _, questions = quiz("hospitality")
    q = questions[1]  # a match question
    assert saved_answer({}, "07", q) is None
    first = record_answer({"x": "1"}, "07", q, ("hospitality",) * 4)
    assert first == {"x": "1", "check-07-hosp2": "hospitality,hospitality,hospitality,hospitality"}
    later = record_answer(first, "07", q, tuple(q["answer"]))
    assert saved_answer(later, "07", q) == (tuple(q["answer"]), ("hospitality",) * 4)
    assert record_answer(later, "07", q, ("communication",) * 4)[answer_id("07", "hosp2")].endswith(
        "|hospitality,hospitality,hospitality,hospitality")  # the first try stays the first
    [result] = [r for r in results(later, "07") if r.answered]
    assert (result.set, result.id, result.right, result.first_right) == ("hospitality", "hosp2", True, False)
    assert len(results({})) == sum(len(results({}, nb)) for nb in ("00", "01", "02", "03", "04", "05", "06", "07",
                                                                    "08"))


def test_every_answer_key_is_a_workbook_identifier():
    from journeylib.model import Workbook as W
    from journeylib.selfcheck import NOTEBOOKS, questions

    keys = {answer_id(nb, q["id"]): "a" for nb in NOTEBOOKS for q in questions(nb)}
    assert W(answers=keys).answers == keys


# --------------------------------------------------------------------------- the learner's own order

def test_each_learner_sees_their_own_stable_order(tmp_path):
    """The right answer has no fixed place: options in the learner's own order
    (journeylib.selfcheck.option_order), the same at every reopening, for both kinds."""
    orders = {}
    for learner in ("Anna de Vries", "Bram Jansen", "Chris Bakker", "Dewi Pinas"):
        session = open_workbook(tmp_path / f"{learner.split()[0]}.workbook.json")
        try:
            session.workbook.learner = learner
            check, hospitality = SelfCheck(session, "03"), Quiz("hospitality", session=session)
            shown = [v for _, v in check.views[0].radio.options]
            assert shown == option_order("03", "q1", learner)
            assert [v for _, v in hospitality.views[1].dropdowns[0].options] == option_order("07", "hosp2", learner)
            assert [v for _, v in SelfCheck(session, "03").views[0].radio.options] == shown  # reopened
            orders[learner] = (tuple(shown), tuple(v for _, v in hospitality.views[0].radio.options))
        finally:
            session.close()
    assert len({o[0] for o in orders.values()}) > 1 or len({o[1] for o in orders.values()}) > 1


# --------------------------------------------------------------------------- the sets

def test_every_set_is_one_widget_and_unknown_sets_are_refused(empty):
    for name in quiz_names():
        notebook, questions = quiz(name)
        view = Quiz(name, session=empty)
        assert isinstance(view, SelfCheck) and view.notebook == notebook and len(view.views) == len(questions)
        kinds = {"match" if v.radio is None else "choice" for v in view.views}
        assert kinds == {"choice", "match"}, name  # both kinds in every quiz
        assert view.describe().startswith(f"{len(questions)} vragen. ")
    with pytest.raises(ValueError):
        Quiz("unknown")
    with pytest.raises(ValueError):
        SelfCheck(empty, "07", set="nope")
    with pytest.raises(ValueError):
        SelfCheck(empty, "99")
    assert repr(SelfCheck(None, "00")) == f"<SelfCheck 00: {len(spec('00'))} questions, 0 answered, 0 right>"


def test_widgets_package_exports_both_names():
    import journeylib.widgets as widgets

    from journeylib import course

    assert widgets.SelfCheck is SelfCheck and widgets.Quiz is Quiz
    assert course.self_check("05").notebook == "05"


def test_the_quizzes_answers_match_the_course_facts():
    hospitality = dict((q["id"], q) for q in quiz("hospitality")[1])
    three = i18n.t("selfcheck.07.hosp1." + hospitality["hosp1"]["answer"], "nl").lower()
    assert all(word in three for word in ("gastvrijheid", "communicatie", "representativiteit"))
    assert set(hospitality["hosp2"]["answer"]) == {"hospitality", "communication", "representative"}
    pie = dict((q["id"], q) for q in quiz("pie")[1])
    # slice A 7 % = words, B 38 % = tone of voice, C 55 % = facial expression (Mehrabian 1971)
    assert pie["pie1"]["answer"] == ["words", "tone", "face"]
    assert [share for _, share, _ in SLICES] == [7, 38, 55]
    assert "Mehrabian" in i18n.t("selfcheck.07.pie2." + pie["pie2"]["answer"], "en")
    assert "communication in general" in i18n.t("selfcheck.07.pie3." + pie["pie3"]["answer"], "en")
    steward = dict((q["id"], q) for q in quiz("authentic")[1])["auth3"]
    assert "calling card" in i18n.t("selfcheck.07.auth3." + steward["answer"], "en")
