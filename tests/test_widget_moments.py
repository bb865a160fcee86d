"""MomentsOfTruthExplorer, driven headless: weights, ranking, marks, crosshair, hints, language."""
import html
import re

import pytest

import journeylib
from journeylib.analysis.moments import explain_weights
from journeylib.model import Journey, Touchpoint, Workbook
from journeylib.store import dump_workbook, load_workbook, open_workbook
from journeylib.widgets.moments import MomentsOfTruthExplorer

from helpers import chart_or_none, on_disk

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


def tp(id_, phase, **ratings):
    return Touchpoint(id=id_, name=id_.replace("-", " ").capitalize(), phase=phase, **ratings)


def small_journey() -> Journey:
    """Six steps. With the default weights 'Balie' ranks first; with frequency weighted
    heavily, 'Website' (met by everyone, every time) overtakes it."""
    return Journey(name="Polikliniek", touchpoints=[
        tp("website", "before", importance=3, influence=3, performance=4, expectation=3, emotion=0, frequency=5),
        tp("brief", "before", importance=2, influence=4, performance=3, expectation=3, emotion=1, frequency=3),
        tp("balie", "during", importance=5, influence=5, performance=2, expectation=5, emotion=-3, frequency=2),
        tp("wachtkamer", "during", importance=4, influence=2, performance=2, expectation=4, emotion=-2, frequency=2),
        tp("gesprek", "during", importance=5, influence=4, performance=5, expectation=4, emotion=2, frequency=1),
        tp("portaal", "after", importance=3, influence=3, performance=3, expectation=3, emotion=0, frequency=1),
    ])


@pytest.fixture
def session(open_session):
    """A workbook holding only ``small_journey()`` (conftest.open_session closes it after the test)."""
    s = open_session()
    s.workbook.journeys = [small_journey()]
    s.changed()
    return s


def first_ranked(widget) -> str:
    return widget._table.iloc[0]["name"]


def test_widget_moments_weights_rerank_without_touching_the_workbook(session):
    w = MomentsOfTruthExplorer(session)
    before_disk = session.path.read_bytes()
    before_table, before_ipa = w.ranking.value, chart_or_none(w.ipa_out)
    assert first_ranked(w) == "Balie" and w.weights["importance"] == pytest.approx(0.3)
    assert [w.sliders[c].value for c in ("importance", "influence", "intensity", "gap", "frequency")] == [3, 2, 2, 2, 1]
    assert all(s.continuous_update is False for s in w.sliders.values())

    w.sliders["frequency"].value = 10
    w.sliders["gap"].value = 0
    assert w.weights["frequency"] == pytest.approx(10 / 17) and w.weights["gap"] == 0
    assert first_ranked(w) == "Website"
    assert w.ranking.value != before_table and "59%" in w.ranking.value
    assert "59%" in w.slider_share["frequency"].value
    # weights are a way of looking, not the learner's work: nothing saved, charts untouched
    assert session.path.read_bytes() == before_disk and on_disk(session)
    assert chart_or_none(w.ipa_out) == before_ipa

    w.reset.click()
    assert first_ranked(w) == "Balie" and w.sliders["frequency"].value == 1


def test_widget_moments_all_weights_zero_says_why_and_keeps_the_ranking(session):
    w = MomentsOfTruthExplorer(session)
    for c in ("importance", "influence", "intensity", "gap"):
        w.sliders[c].value = 0
    table = w.ranking.value
    before_disk = session.path.read_bytes()
    w.sliders["frequency"].value = 0
    assert "gewichten" in w.weights_msg.text and "0" in w.weights_msg.text  # Dutch, next to the sliders
    assert w.ranking.value == table and w.weights["frequency"] == pytest.approx(1.0)
    assert session.path.read_bytes() == before_disk
    w.sliders["gap"].value = 4
    assert w.weights_msg.text == "" and w.weights["gap"] == pytest.approx(1.0)
    assert w.ranking.value != table


def test_widget_moments_marks_are_saved_in_the_workbook(session):
    w = MomentsOfTruthExplorer(session)
    assert repr(w) == "<MomentsOfTruthExplorer: 6 touchpoints, 0 moments of truth>"
    assert set(w.marks) == {"website", "brief", "balie", "wachtkamer", "gesprek", "portaal"}
    table = w.ranking.value
    w.marks["balie"].value = True
    assert session.workbook.journeys[0].touchpoints[2].moment_of_truth is True
    assert load_workbook(session.path).journeys[0].touchpoints[2].moment_of_truth is True
    assert on_disk(session)
    assert w.ranking.value != table and "★" in w.ranking.value
    assert repr(w) == "<MomentsOfTruthExplorer: 6 touchpoints, 1 moment of truth>"
    w.mark("gesprek")
    assert repr(w) == "<MomentsOfTruthExplorer: 6 touchpoints, 2 moments of truth>"
    assert "'Balie' (plek 1)" in w.ranking_text.value.replace("&#x27;", "'")
    w.marks["balie"].value = False
    assert load_workbook(session.path).journeys[0].touchpoints[2].moment_of_truth is False
    assert on_disk(session) and w.ranking.value.count("★") == 1


def test_widget_moments_crosshair_redraws_only_the_ipa_chart(session):
    w = MomentsOfTruthExplorer(session)
    ipa, ii, text = chart_or_none(w.ipa_out), chart_or_none(w.ii_out), w.ipa_text.value
    assert ipa and ii and "midden van de schaal" in text
    before_disk = session.path.read_bytes()
    w.crosshair.value = "mean"
    assert chart_or_none(w.ipa_out) != ipa and chart_or_none(w.ii_out) == ii
    assert "gemiddelde" in w.ipa_text.value and w.ipa_text.value != text
    assert session.path.read_bytes() == before_disk
    w.crosshair.value = "midpoint"  # back: drawn from the cache, the same picture
    assert chart_or_none(w.ipa_out) == ipa and w.ipa_text.value == text


def test_widget_moments_empty_journey_and_no_journey_show_a_hint(tmp_path):
    s = open_workbook(tmp_path / "e.workbook.json", delay=0)
    s.workbook.journeys = [Journey(name="Nog leeg")]
    w = MomentsOfTruthExplorer(s)
    assert "Nog leeg" in w.hint.value and "contactmomenten" in w.hint.value
    assert w.body.layout.display == "none" and w.ipa_out.outputs == ()
    assert repr(w) == "<MomentsOfTruthExplorer: 0 touchpoints, 0 moments of truth>"
    assert "Nog leeg" in w.describe()
    none = MomentsOfTruthExplorer(open_workbook(tmp_path / "n.workbook.json", delay=0), journey=3)
    assert "klantreis" in none.hint.value and none.describe() in html.unescape(none.hint.value)
    journeylib.set_language("en")
    assert "has no touchpoints yet" in w.hint.value


def test_widget_moments_repr_and_describe_are_stable(session):
    a = MomentsOfTruthExplorer(session)
    b = MomentsOfTruthExplorer(session)
    assert repr(a) == repr(b) and len(repr(a)) < 100
    text = a.describe()
    assert text == b.describe()
    assert text.startswith("Ranglijst van 6 contactmomenten in 'Polikliniek'")
    assert "Belang-prestatieanalyse" in text and "Example WOW" in text
    bundle = a._repr_mimebundle_()
    assert bundle["text/plain"] == repr(a) and bundle["text/markdown"] == text
    assert a.ipa_out.outputs[0]["data"]["text/plain"] in text  # the chart's description is in the paragraph


def test_widget_moments_relabel_follows_the_language(session):
    w = MomentsOfTruthExplorer(session)
    assert w.sliders["importance"].description == "Belang" and w.reset.description == "Standaardgewichten"
    why = explain_weights("nl").set_index("component").loc["importance"]
    assert w.sliders["importance"].tooltip == f"{why['from']}. {why['explanation']}"
    assert w.crosshair.options[0] == ("midden van de schaal", "midpoint")
    w.crosshair.value = "mean"
    journeylib.set_language("en")
    assert w.sliders["importance"].description == "Importance"
    assert w.reset.description == "Default weights" and w.reload.description == "Update"
    assert w.crosshair.options[1] == ("mean", "mean") and w.crosshair.value == "mean"
    assert w.marks["balie"].tooltip == "Tick if 'Balie' is a moment of truth to you."
    assert w.describe().startswith("Ranking of 6 touchpoints")
    assert "Phase" in w.ranking.value and "Fase" not in w.ranking.value
    assert w.marks_box.children[0].children[0].value == "<b>Before</b>" and w.marks["balie"].value is False


def test_widget_moments_refresh_after_upload_and_sync_with_other_widgets(session):
    w = MomentsOfTruthExplorer(session)
    other = Workbook(journeys=[Journey(name="Ander", touchpoints=[
        tp("een", "before", importance=5, performance=1), tp("twee", "after", moment_of_truth=True)])])
    session.import_bytes(dump_workbook(other), "ander.workbook.json")
    assert set(w.marks) == {"een", "twee"} and w.marks["twee"].value is True
    assert repr(w) == "<MomentsOfTruthExplorer: 2 touchpoints, 1 moment of truth>"
    assert "Ander" in w.ranking_text.value
    # another widget adds a touchpoint; the next change here picks it up
    session.workbook.journeys[0].touchpoints.append(tp("drie", "during"))
    w.sliders["importance"].value = 5
    assert "drie" in w.marks and "Drie" in w.ranking.value
    w.marks["drie"].value = True
    assert load_workbook(session.path).journeys[0].touchpoints[2].moment_of_truth is True


def test_widget_moments_escapes_learner_text(tmp_path):
    s = open_workbook(tmp_path / "h.workbook.json", delay=0)
    s.workbook.journeys = [Journey(name="<b>reis</b>", touchpoints=[
        Touchpoint(id="x", name="<script>alert(1)</script>", phase="before")])]
    w = MomentsOfTruthExplorer(s)
    assert "<script>" not in w.ranking.value and "&lt;script&gt;" in w.ranking.value
    assert "<script>" not in w.ranking_text.value and not re.search(r"<b>reis", w.ranking_text.value)


def test_widget_moments_stars_follow_marks_at_once(session):
    """Issue 11 (notebook 04: explorer and mapper on one session): a ★ set in one view
    stayed stale in the other until it was clicked. Both follow a mark at once."""
    from journeylib.widgets.mapper import TouchpointMapper

    w = MomentsOfTruthExplorer(session)
    m = TouchpointMapper(session)
    try:
        # marked in the explorer: its own table at once, and the mapper's list and map
        w.marks["balie"].value = True
        assert w.ranking.value.count("★") == 1
        label = dict((v, k) for k, v in m.list.options)["balie"]
        assert label.endswith("★")
        map_before = m._drawn
        # marked in the mapper's form: the explorer's checkbox and ★ follow without a click
        m.list.value = "gesprek"
        m.fields["moment_of_truth"].value = True
        assert w.marks["gesprek"].value is True and w.ranking.value.count("★") == 2
        assert "'Gesprek' (plek" in w.ranking_text.value.replace("&#x27;", "'")
        assert m._drawn != map_before
        # unmarked in the explorer: the mapper's form (showing it) follows too
        w.marks["gesprek"].value = False
        assert m.fields["moment_of_truth"].value is False
        assert not dict((v, k) for k, v in m.list.options)["gesprek"].endswith("★")
        assert load_workbook(session.path).journeys[0].touchpoints[4].moment_of_truth is False
        # after a refresh (an upload, another kernel) the ★ are those of the new workbook
        other = Workbook(journeys=[small_journey()])
        other.journeys[0].touchpoints[0].moment_of_truth = True
        session.import_bytes(dump_workbook(other), "ander.workbook.json")
        assert w.marks["website"].value is True and w.marks["balie"].value is False
        assert w.ranking.value.count("★") == 1
        assert dict((v, k) for k, v in m.list.options)["website"].endswith("★")
    finally:
        m.close()


def test_widget_moments_shows_a_journey_made_in_another_notebook(tmp_path):
    """Notebook 04 open while the journey is made in 03 (another kernel): 04 shows it without
    running 03 again, once its session has noticed the file changed (the watcher's job)."""
    path = tmp_path / "w.workbook.json"
    nb04, nb03 = open_workbook(path, delay=0), open_workbook(path, delay=0)
    explorer = MomentsOfTruthExplorer(nb04)
    assert "geen klantreis" in explorer.describe() and "balie" not in explorer.marks
    nb03.workbook.journeys = [small_journey()]
    nb03.changed()
    assert nb04.check_external()
    assert "balie" in explorer.marks and explorer.journey() is not None  # the view was refreshed
    assert explorer.describe() and "geen klantreis" not in explorer.describe().lower()
