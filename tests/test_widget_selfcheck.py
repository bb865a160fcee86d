"""SelfCheck, driven headless: answers are saved, feedback and hints follow the answer, and
what the kernel sets (a language switch, an upload) still reaches the page."""
import pytest
from helpers import on_disk

import journeylib
from journeylib.model import Workbook
from journeylib.selfcheck import spec
from journeylib.store import open_workbook
from journeylib.widgets.selfcheck import SelfCheck

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


def wrong_option(q: dict) -> str:
    return next(o for o in q["options"] if o != q["answer"])


def test_widget_selfcheck_saves_answers_with_feedback_and_hint(empty):
    check = SelfCheck(empty, "03")
    questions = spec("03")
    assert repr(check) == f"<SelfCheck 03: {len(questions)} questions, 0 answered>"
    q1, q2 = questions[:2]
    check.choices[0].value = q1["answer"]
    check.choices[1].value = wrong_option(q2)
    assert check.answered == 2 and check.right == 1
    assert "✓" in check.feedback[0].value and check.feedback[1].text.startswith("Nog niet: ")
    hint = journeylib.t(f"selfcheck.03.{q2['id']}.hint")
    assert hint in check.feedback[1].text  # a wrong answer gets the hint
    assert empty.workbook.answers["check-03-q1"] == q1["answer"] and on_disk(empty)
    # reopened: the answers and their feedback are shown again
    again = open_workbook(empty.path, delay=0)
    try:
        shown = SelfCheck(again, "03")
        assert shown.choices[0].value == q1["answer"] and shown.right == 1 and "✓" in shown.feedback[0].value
    finally:
        again.close()


def test_widget_selfcheck_values_set_by_the_kernel_reach_the_page(empty):
    """ipywidgets syncs a RadioButtons' ``index`` (what the page shows) from ``value`` by an
    observer of its own; relabelling must not remove it."""
    check = SelfCheck(empty, "03")
    q1 = spec("03")[0]
    check.choices[0].value = q1["answer"]
    journeylib.set_language("en")  # relabel: options in English, the answer kept
    choice = check.choices[0]
    order = [value for _, value in choice.options]
    assert choice.value == q1["answer"] and choice.index == order.index(q1["answer"])
    first = choice.options[0][1]  # the learner's own order (selfcheck.option_order)
    assert choice.options[0][0] == journeylib.t(f"selfcheck.03.q1.{first}", "en")
    other = wrong_option(q1)
    choice.value = other  # as the kernel would set it
    assert choice.index == order.index(other)
    empty.replace(Workbook())  # an upload without answers: nothing is selected on the page
    assert choice.value is None and choice.index is None and check.answered == 0
    assert check.feedback[0].value == ""


def test_widget_selfcheck_relabel_does_not_answer(empty):
    check = SelfCheck(empty, "03")
    journeylib.set_language("en")
    journeylib.set_language("nl")
    assert check.answered == 0 and empty.workbook.answers == {}


def test_widget_selfcheck_wrong_answer_is_calm_feedback_not_an_error(empty):
    """Issue 11: a wrong answer was shown as an error (bold red ⚠, role=alert), which reads
    as a fault of the system. It is now calm feedback: "Nog niet: ..." in a neutral colour."""
    check = SelfCheck(empty, "03")
    q1, q2 = spec("03")[:2]
    check.choices[1].value = wrong_option(q2)
    wrong = check.feedback[1].value
    assert check.feedback[1].text.startswith("Nog niet: ") and 'role="status"' in wrong
    assert "⚠" not in wrong and "alert" not in wrong and "#B00020" not in wrong and "font-weight" not in wrong
    assert journeylib.t(f"selfcheck.03.{q2['id']}.{wrong_option(q2)}.why") in check.feedback[1].text
    journeylib.set_language("en")
    assert check.feedback[1].text.startswith("Not quite: ") and "Hint: " in check.feedback[1].text
    check.choices[0].value = q1["answer"]  # a right answer keeps its ✓
    assert "✓" in check.feedback[0].value and 'role="status"' in check.feedback[0].value


def test_widget_selfcheck_and_quiz_show_each_learner_their_own_stable_order(tmp_path):
    """The right answer has no fixed place: the options come in the learner's own order
    (journeylib.selfcheck.option_order), the same at every reopening."""
    from journeylib.selfcheck import option_order
    from journeylib.store import open_workbook
    from journeylib.widgets import Quiz

    orders = {}
    for learner in ("Anna de Vries", "Bram Jansen", "Chris Bakker", "Dewi Pinas"):
        path = tmp_path / f"{learner.split()[0]}.workbook.json"
        session = open_workbook(path)
        session.workbook.learner = learner
        check, quiz = SelfCheck(session, "03"), Quiz("hospitality", session)
        shown = [v for _, v in check.choices[0].options]
        assert shown == option_order("03", "q1", learner)
        again = SelfCheck(session, "03")  # reopened: the same order
        assert [v for _, v in again.choices[0].options] == shown
        orders[learner] = (tuple(shown), tuple(v for _, v in quiz.views[0].radio.options))
    assert len({o[0] for o in orders.values()}) > 1 or len({o[1] for o in orders.values()}) > 1
