"""CommunicationPie, driven headless. (The quizzes of notebook 07 are self-checks: test_widget_selfcheck.py.)"""
import pytest

import journeylib
from journeylib.model import LIMITS, Workbook
from journeylib.store import load_workbook
from journeylib.widgets.communication import PIE_IDS, PIE_REVEALED, CommunicationPie

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
    assert "Taartpunt B:" in pie.field_messages["B"].text and "maximaal 120" in pie.field_messages["B"].text
    assert session.workbook.answers == {"pie-b": "stem"} and session.path.read_bytes() == saved
    assert chart(pie.out) == drawn
    journeylib.set_language("en")
    pie.fields["B"].value = "y" * (LIMITS["short_text"] + 3)
    assert "Slice B: at most 120 characters (now 123)" in pie.field_messages["B"].text
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
    assert pie.reveal.description == "Hide the answer" and pie.fields["A"].description == "Slice A"  # no share before the answer
    drawn = chart(pie.out)
    pie.reveal.click()
    assert load_workbook(session.path).progress == {PIE_REVEALED: False}
    assert pie.answer.value == "" and chart(pie.out) != drawn
    assert "Answer:" not in pie.describe() and "Mehrabian" in pie.describe()


def test_widget_pie_answer_only_after_a_name_of_your_own(session):
    pie = CommunicationPie(session)
    assert all("%" not in box.description for box in pie.fields.values())  # the shares are part of the answer
    pie.reveal.click()
    assert not pie.revealed and pie.answer.value == "" and "eerst" in pie.message.text
    assert PIE_REVEALED not in session.workbook.progress
    pie.fields["C"].value = "gezicht"
    pie.reveal.click()
    assert pie.revealed and "55%" in pie.answer.value and "lichaamstaal" in pie.answer.value


def test_widget_pie_refresh_after_upload(session):
    pie = CommunicationPie(session)
    session.replace(Workbook(answers={"pie-a": "woorden", "pie-b": "toon"}, progress={PIE_REVEALED: True}))
    assert pie.fields["A"].value == "woorden" and pie.fields["B"].value == "toon" and pie.fields["C"].value == ""
    assert pie.revealed and "Het antwoord" in pie.answer.value
    assert repr(pie) == "<CommunicationPie: 2 of 3 slices named, answer shown>"
    bundle = pie._repr_mimebundle_()
    assert bundle["text/plain"] == repr(pie) and bundle["text/markdown"] == pie.describe()
