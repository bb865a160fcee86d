"""ServiceLevelSorter, driven headless: place situations, feedback, score, staircase, disk."""
import pytest

import journeylib
from journeylib.analysis.service import SCENARIOS
from journeylib.charts.levels import plot_staircase
from journeylib.model import LIMITS, ServiceLevel, Workbook
from journeylib.store import open_workbook
from journeylib.widgets.service import ServiceLevelSorter, _count_situations

from helpers import chart_or_none, on_disk

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


def wrong_level(scenario):
    return ServiceLevel(scenario.level % 6 + 1)


@pytest.fixture(params=["airlines", None])
def session(request, open_session):
    """The airlines case, or an empty workbook (conftest.open_session closes it after the test)."""
    return open_session(request.param)


def test_widget_sorter_places_answers_and_scores(session):
    w = ServiceLevelSorter(session)
    first, second = SCENARIOS[0], SCENARIOS[1]
    assert repr(w) == "<ServiceLevelSorter: 0 of 10 placed, 0 right>"
    assert w.choice.value is None and w.previous.disabled and not w.next.disabled
    assert first.title() in w.situation.value and "Situatie 1 van 10" in w.situation.value
    assert w.describe() == "Je hebt nog geen van de 10 situaties op een serviceniveau geplaatst."
    before = chart_or_none(w.out)
    assert before

    w.choice.value = first.level
    assert session.workbook.service_ratings == {first.id: first.level} and on_disk(session)
    assert "Goed:" in w.feedback.value and "✓" in w.feedback.value
    assert "1 van de 10 goed (1 ingedeeld)" in w.score.value
    after_right = chart_or_none(w.out)
    assert after_right != before
    assert w.jump.options[0][0].endswith("✓")

    w.next.click()
    assert w.index == 1 and w.choice.value is None and second.title() in w.situation.value
    w.choice.value = wrong_level(second)
    assert session.workbook.service_ratings[second.id] == wrong_level(second) and on_disk(session)
    assert "✗" in w.feedback.value and second.explanation() in w.feedback.value.replace("&#x27;", "'")
    assert chart_or_none(w.out) != after_right
    assert repr(w) == "<ServiceLevelSorter: 2 of 10 placed, 1 right>"
    assert w.describe().startswith("Je hebt 2 van de 10 situaties op een serviceniveau geplaatst, waarvan 1 goed.")

    w.previous.click()  # going back shows the saved answer and writes nothing
    saved = session.path.read_bytes()
    assert w.index == 0 and w.choice.value == first.level and "Goed:" in w.feedback.value
    assert session.path.read_bytes() == saved

    w.jump.value = 9
    assert w.index == 9 and w.next.disabled and SCENARIOS[9].title() in w.situation.value

    again = ServiceLevelSorter(open_workbook(session.path, delay=0))  # a kernel restart
    assert repr(again) == repr(w) and again.describe() == w.describe()


def test_widget_sorter_refused_answer_and_unknown_scenario(tmp_path):
    full = Workbook(service_ratings={f"other-{i}": 3 for i in range(LIMITS["answers"])})
    s = open_workbook(tmp_path / "full.workbook.json", delay=0)
    s.replace(full)
    saved = s.path.read_bytes()
    w = ServiceLevelSorter(s, scenarios=["hotel_wifi", "no_such_situation", "hotel_wifi"])
    assert [sc.id for sc in w.scenarios] == ["hotel_wifi"]
    assert "'no_such_situation'" in w.message.text
    assert repr(w) == "<ServiceLevelSorter: 0 of 1 placed, 0 right>"
    drawn = chart_or_none(w.out)

    w.choice.value = ServiceLevel.EXPECTED  # the workbook already holds the most answers allowed
    assert "te veel" in w.message.text and w.choice.value is None
    assert "hotel_wifi" not in s.workbook.service_ratings and s.path.read_bytes() == saved
    assert chart_or_none(w.out) == drawn
    journeylib.set_language("en")
    w.choice.value = ServiceLevel.DESIRED
    assert "too many" in w.message.text and s.path.read_bytes() == saved


def test_widget_sorter_language_and_upload(tmp_path):
    s = open_workbook(tmp_path / "lang.workbook.json", delay=0)
    w = ServiceLevelSorter(s)
    assert w.next.description == "Volgende" and w.choice.description == "Niveau"
    assert [label for label, _ in w.choice.options][0] == "1 Crimineel"
    w.choice.value = SCENARIOS[0].level
    nl_picture, nl_text = chart_or_none(w.out), w.describe()

    journeylib.set_language("en")
    assert w.next.description == "Next" and w.previous.tooltip == "Go to the previous situation."
    assert [label for label, _ in w.choice.options][-1] == "6 Unbelievable"
    assert w.choice.value == SCENARIOS[0].level and "Right: this is Criminal." in w.feedback.value
    assert "1 of 10 right" in w.score.value and chart_or_none(w.out) != nl_picture
    assert w.describe() != nl_text and w.describe().startswith("You placed 1 of the 10 situations")
    assert repr(w) == "<ServiceLevelSorter: 1 of 10 placed, 1 right>"

    ax = plot_staircase({"a": 1})  # the staircase's note counts situations here, not touchpoints
    _count_situations(ax)
    assert any(text.get_text().startswith("The number on each step is how many situations") for text in ax.texts)

    s.replace(Workbook(service_ratings={SCENARIOS[0].id: wrong_level(SCENARIOS[0])}))  # an upload
    assert repr(w) == "<ServiceLevelSorter: 1 of 10 placed, 0 right>" and "✗" in w.feedback.value
