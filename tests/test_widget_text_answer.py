"""TextAnswer: a free-text answer saved in the workbook, refused by the field when too long."""
import pytest

from journeylib.model import LIMITS
from journeylib.store import load_workbook, open_workbook
from journeylib.widgets.text_answer import TextAnswer


def test_widget_text_answer_saves_and_clears(tmp_path):
    session = open_workbook(tmp_path / "a.workbook.json", delay=0)
    box = TextAnswer(session, "authentic")
    box.box.value = "Authentiek is: jezelf blijven."
    assert load_workbook(session.path).answers["text-authentic"] == "Authentiek is: jezelf blijven."
    assert repr(box) == "<TextAnswer text-authentic: 4 words>"
    again = TextAnswer(session, "authentic")  # after a restart the answer is back
    assert again.box.value == "Authentiek is: jezelf blijven."
    box.box.value = "  "
    assert "text-authentic" not in load_workbook(session.path).answers


def test_widget_text_answer_too_long_changes_nothing(tmp_path):
    session = open_workbook(tmp_path / "a.workbook.json", delay=0)
    box = TextAnswer(session, "model")
    box.box.value = "kort"
    before = session.path.read_bytes()
    box.box.value = "x" * (LIMITS["long_text"] + 1)
    assert "te lang" in box.box_message.text and session.path.read_bytes() == before


def test_widget_text_answer_refuses_a_bad_key(tmp_path):
    with pytest.raises(ValueError):
        TextAnswer(open_workbook(tmp_path / "a.workbook.json", delay=0), "Bad Key!")
