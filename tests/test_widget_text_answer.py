"""TextAnswer: a free-text answer to a registry assignment, saved in the workbook under the
assignment's id, refused by the field when too long; what a good answer contains appears only
after the learner saved one."""
import pytest

import journeylib
from journeylib import assignments
from journeylib.i18n import t
from journeylib.model import LIMITS
from journeylib.store import load_workbook, open_workbook
from journeylib.widgets.text_answer import TextAnswer

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


def test_widget_text_answer_saves_and_clears(tmp_path):
    session = open_workbook(tmp_path / "a.workbook.json", delay=0)
    box = TextAnswer(session, "authentic")
    box.box.value = "Authentiek is: jezelf blijven."
    assert load_workbook(session.path).answers["authentic"] == "Authentiek is: jezelf blijven."
    assert repr(box) == "<TextAnswer authentic: 4 words>"
    again = TextAnswer(session, "authentic")  # after a restart the answer is back
    assert again.box.value == "Authentiek is: jezelf blijven."
    box.box.value = "  "
    assert "authentic" not in load_workbook(session.path).answers


def test_widget_text_answer_shows_what_a_good_answer_contains_only_after_saving(tmp_path):
    session = open_workbook(tmp_path / "a.workbook.json", delay=0)
    box = TextAnswer(session, "hospitality-model")
    good = t(assignments.get("hospitality-model").good)
    assert t(assignments.get("hospitality-model").title) in box.title.value
    assert not box.saved and "Schrijf eerst je eigen antwoord" in box.guide.value
    assert good[:60] not in box.guide.value.replace("&#x27;", "'")
    box.box.value = "Ik vond het model niet."
    assert box.saved and good[:60] in box.guide.value.replace("&#x27;", "'")
    journeylib.set_language("en")
    assert "What a good answer contains" in box.guide.value
    box.box.value = ""
    assert not box.saved and "Write your own answer first" in box.guide.value


def test_widget_text_answer_too_long_changes_nothing(tmp_path):
    session = open_workbook(tmp_path / "a.workbook.json", delay=0)
    box = TextAnswer(session, "hospitality-model")
    box.box.value = "kort"
    before = session.path.read_bytes()
    box.box.value = "x" * (LIMITS["long_text"] + 1)
    assert "te lang" in box.box_message.text and session.path.read_bytes() == before


@pytest.mark.parametrize("key", ["Bad Key!", "model", "pie", "advice"])
def test_widget_text_answer_refuses_a_key_that_is_no_text_assignment(tmp_path, key):
    with pytest.raises(ValueError, match="authentic"):
        TextAnswer(open_workbook(tmp_path / "a.workbook.json", delay=0), key)
