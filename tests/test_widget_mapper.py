"""TouchpointMapper, driven headless from Python.

After every change: the model changed, the file on disk holds the same workbook, and the
map (the Output's SVG) changed, or, for a field the map does not show, stayed the same.
Bad input shows a message next to the field, in the current language, and changes
nothing on disk. Nothing is lost by one click: Delete has Undo.
"""
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import journeylib  # noqa: E402
from journeylib.charts import style  # noqa: E402
from journeylib.charts.journeymap import plot_journey_map  # noqa: E402
from journeylib.datasets import load_case  # noqa: E402
from journeylib.model import LIMITS, Journey, ServiceLevel, Touchpoint, Workbook  # noqa: E402
from journeylib.store import load_workbook  # noqa: E402
from journeylib.charts.export import figure_svg  # noqa: E402
from journeylib.widgets.mapper import TouchpointMapper  # noqa: E402

from helpers import chart_or_none, on_disk  # noqa: E402

# The sessions `airlines` and `empty` are fixtures from conftest.py (closed after the test).


def ids(session):
    return [tp.id for tp in session.workbook.journeys[0].touchpoints]


def big_journey(n):
    channels = ["Website", "Telefoon", "Balie", "E-mail", "App"]
    return Journey(name="Groot", touchpoints=[
        Touchpoint(id=f"tp-{i}", name=f"Contactmoment {i}", phase=("before", "during", "after")[i * 3 // n],
                   channel=channels[i % 5], emotion=(i % 7) - 3) for i in range(n)])


@pytest.fixture(autouse=True)
def _close_mappers(monkeypatch):
    """Close every mapper a test made, so later language switches do not redraw it."""
    made = []
    original = TouchpointMapper.__init__

    def init(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TouchpointMapper, "__init__", init)
    yield
    for mapper in made:
        mapper.close()


def test_widget_mapper_edits_every_field_type(airlines):
    m = TouchpointMapper(airlines)
    assert repr(m) == "<TouchpointMapper: 16 touchpoints in 3 phases>"
    assert m.list.value == "search-book" and m.fields["name"].value == "Zoeken en boeken"
    assert len(m.list.options) == 16 and m.list.options[0][0] == "1. Zoeken en boeken · Online"
    assert "'Een vlucht met Hopla Air'" in m.describe() and m.describe() in m.caption.value.replace("&#x27;", "'")
    m.list.value = "delay-info"
    tp = airlines.workbook.journeys[0].touchpoints[9]
    assert m.fields["emotion"].value == -2 and "Contactmoment 10 van 16" in m.editor_title.value

    shown = {  # fields the map shows: the picture must change
        "name": "Uitleg over de vertraging",
        "channel": "Omroep",
        "conscious": False,
        "moment_of_truth": False,  # the case marks it as a moment of truth
        "emotion": -3,
    }
    for field, value in shown.items():
        before = chart_or_none(m.out)
        m.fields[field].value = value
        assert getattr(tp, field) == value, field
        assert on_disk(airlines), field
        assert chart_or_none(m.out) != before, field
    assert "Omroep" in m.fields["channel"].options and "Omroep" in chart_or_none(m.out)
    assert "'Uitleg over de vertraging' (nr. 10)" in m.describe()
    assert m.list.options[9][0] == "10. Uitleg over de vertraging · Omroep"

    hidden = {  # fields the map does not show: saved, no redraw needed
        "description": "We horen pas aan boord dat we later vertrekken.",
        "standard_way": "Binnen 10 minuten omroepen, met de reden en de nieuwe tijd.",
        "notes": "Navragen bij de purser.",
        "frequency": 2, "importance": 1, "influence": 4, "performance": 2, "expectation": 5,
    }
    for field, value in hidden.items():
        before = chart_or_none(m.out)
        m.fields[field].value = value
        assert getattr(tp, field) == value, field
        assert on_disk(airlines), field
        assert chart_or_none(m.out) == before, field

    m.fields["service_level"].value = int(ServiceLevel.BASIC)
    assert tp.service_level is ServiceLevel.BASIC and on_disk(airlines)
    assert load_workbook(airlines.path).journeys[0].touchpoints[9].service_level is ServiceLevel.BASIC
    m.fields["service_level"].value = 0
    assert tp.service_level is None and on_disk(airlines)
    m.fields["channel"].value = "  Aan   boord "
    assert tp.channel == "Aan boord" and m.fields["channel"].value == "Aan boord" and on_disk(airlines)
    assert repr(m) == "<TouchpointMapper: 16 touchpoints in 3 phases>"


def test_widget_mapper_phase_change_moves_the_card(airlines):
    m = TouchpointMapper(airlines)
    m.list.value = "online-checkin"  # last of "before" (nr. 3)
    before = chart_or_none(m.out)
    m.fields["phase"].value = "during"  # a later phase: it becomes the first of "during"
    tp = next(t for t in airlines.workbook.journeys[0].touchpoints if t.id == "online-checkin")
    assert tp.phase == "during" and on_disk(airlines) and chart_or_none(m.out) != before
    assert [t.id for t in airlines.workbook.journeys[0].by_phase("during")][:2] == ["online-checkin", "bag-drop"]
    assert m._number("online-checkin") == 3 and "Voor 2, Tijdens 12, Na 2" in m.describe()
    m.fields["phase"].value = "after"
    assert [t.id for t in airlines.workbook.journeys[0].by_phase("after")][0] == "online-checkin"
    m.fields["phase"].value = "before"  # an earlier phase: it becomes the last of "before"
    assert [t.id for t in airlines.workbook.journeys[0].by_phase("before")] == [
        "search-book", "confirmation", "online-checkin"]
    assert on_disk(airlines) and m.fields["phase"].value == "before"
    m.filter.value = "after"  # the filter shows one phase; the numbers stay the map's
    assert [label for label, _ in m.list.options] == ["15. Bagage ophalen · Luchthaven",
                                                       "16. Bedankmail en enquête · Online"]
    assert m.list.value == "baggage-claim" and m.fields["name"].value == "Bagage ophalen"


def test_widget_mapper_add_duplicate_delete_undo_and_reorder(airlines):
    m = TouchpointMapper(airlines)
    m.list.value = "confirmation"
    before = chart_or_none(m.out)
    m.add.click()  # right after the selected one, same phase
    j = airlines.workbook.journeys[0]
    assert len(j.touchpoints) == 17 and j.touchpoints[2].name == "Nieuw contactmoment"
    assert j.touchpoints[2].phase == "before" and m.list.value == j.touchpoints[2].id
    assert on_disk(airlines) and chart_or_none(m.out) != before and "nummer 3" in m.list_message.text
    m.fields["name"].value = "Herinnering per sms"  # a new touchpoint's id follows its first name
    assert j.touchpoints[2].id == "herinnering-per-sms" and m.list.value == "herinnering-per-sms"
    m.fields["name"].value = "Herinnering per sms en mail"  # ... and then stays
    assert j.touchpoints[2].id == "herinnering-per-sms" and on_disk(airlines)

    before = chart_or_none(m.out)
    m.duplicate.click()
    copy = j.touchpoints[3]
    assert copy.name == "Herinnering per sms en mail (kopie)" and copy.id == "herinnering-per-sms-en-mail"
    assert copy.model_dump(exclude={"id", "name"}) == j.touchpoints[2].model_dump(exclude={"id", "name"})
    assert m.list.value == copy.id and on_disk(airlines) and chart_or_none(m.out) != before
    assert repr(m) == "<TouchpointMapper: 18 touchpoints in 3 phases>"

    # reorder within the phase
    m.up.click()
    assert ids(airlines)[2:4] == ["herinnering-per-sms-en-mail", "herinnering-per-sms"] and on_disk(airlines)
    m.up.click()
    m.up.click()
    assert ids(airlines)[:2] == ["herinnering-per-sms-en-mail", "search-book"]
    assert m.up.disabled and not m.down.disabled  # first of its phase
    m.up.click()  # nothing happens at the top of a phase
    assert ids(airlines)[0] == "herinnering-per-sms-en-mail"
    before = chart_or_none(m.out)
    m.down.click()
    assert ids(airlines)[:2] == ["search-book", "herinnering-per-sms-en-mail"]
    assert on_disk(airlines) and chart_or_none(m.out) != before and "nu nummer 2" in m.list_message.text

    # delete, with undo: nothing lost by one click
    m.list.value = "delay-info"
    saved = next(t for t in j.touchpoints if t.id == "delay-info").model_copy()
    place = ids(airlines).index("delay-info")
    before = chart_or_none(m.out)
    m.delete.click()
    assert "delay-info" not in ids(airlines) and on_disk(airlines) and chart_or_none(m.out) != before
    assert "Uitleg bij vertraging" in m.list_message.text and m.undo.layout.display != "none"
    assert m.list.value == "inflight-service"  # the next one is selected
    m.undo.click()
    assert ids(airlines).index("delay-info") == place and on_disk(airlines) and chart_or_none(m.out) == before
    assert airlines.workbook.journeys[0].touchpoints[place] == saved and m.list.value == "delay-info"
    assert m.undo.layout.display == "none"
    assert all(b.layout.display != "none" for b in (m.add, m.duplicate, m.delete, m.up, m.down))
    assert load_workbook(airlines.path).journeys[0].touchpoints[place] == saved


def test_widget_mapper_undo_after_the_id_was_reused(airlines):
    m = TouchpointMapper(airlines)
    m.list.value = "seat"
    m.delete.click()
    m.add.click()
    m.fields["name"].value = "Seat"  # the new touchpoint takes the free id "seat"
    assert "seat" in ids(airlines)
    m.undo.click()
    assert ids(airlines).count("seat") == 1 and "stoel-en-beenruimte" in ids(airlines)
    assert len(ids(airlines)) == 17 and on_disk(airlines)


def test_widget_mapper_invalid_input_shows_message_and_changes_nothing(airlines):
    m = TouchpointMapper(airlines)
    on_file = airlines.path.read_bytes()
    before = chart_or_none(m.out)
    m.fields["name"].value = "x" * (LIMITS["short_text"] + 1)
    assert "Naam is te lang (121 tekens; maximaal 120)" in m.field_messages["name"].text
    m.fields["name"].value = "   "
    assert m.field_messages["name"].text.startswith("Naam mag niet leeg zijn")
    m.fields["channel"].value = "k" * 200
    assert "Kanaal is te lang" in m.field_messages["channel"].text
    m.fields["notes"].value = "n" * (LIMITS["long_text"] + 5)
    assert "Notities is te lang" in m.field_messages["notes"].text
    m.journey_name.value = ""
    assert "Naam van de klantreis mag niet leeg zijn" in m.journey_name_message.text
    assert airlines.workbook.journeys[0].touchpoints[0].name == "Zoeken en boeken"
    assert airlines.workbook.journeys[0].name == "Een vlucht met Hopla Air"
    assert airlines.path.read_bytes() == on_file and chart_or_none(m.out) == before

    journeylib.set_language("en")
    m.fields["name"].value = ""
    assert m.field_messages["name"].text.startswith("Name may not be empty")
    m.fields["name"].value = "Search and book"  # a good value clears the message
    assert m.field_messages["name"].text == "" and on_disk(airlines)
    assert airlines.workbook.journeys[0].touchpoints[0].name == "Search and book"
    m.journey_name.value = "  A flight   with Hopla Air "
    assert airlines.workbook.journeys[0].name == "A flight with Hopla Air" and on_disk(airlines)
    assert m.journey_name_message.text == "" and "A flight with Hopla Air" in chart_or_none(m.out)


def test_widget_mapper_41_touchpoints_is_comfortable(empty):
    empty.workbook.journeys = [big_journey(41)]
    empty.changed()
    m = TouchpointMapper(empty)
    assert repr(m) == "<TouchpointMapper: 41 touchpoints in 3 phases>"
    assert len(m.list.options) == 41 and m.list.rows >= 12
    # the map renders card 41
    assert chart_or_none(m.out).count('id="tp-card-') == 41 and re.search(r">41\.", chart_or_none(m.out))
    m.filter.value = "after"
    assert len(m.list.options) == sum(1 for tp in empty.workbook.journeys[0].touchpoints if tp.phase == "after")
    assert all(label.split(".")[0].isdigit() for label, _ in m.list.options)
    m.list.value = "tp-40"
    before = chart_or_none(m.out)
    m.fields["emotion"].value = 3
    assert empty.workbook.journeys[0].touchpoints[40].emotion == 3 and on_disk(empty) and chart_or_none(m.out) != before
    m.fields["name"].value = "Laatste contact"
    assert m.list.options[-1][0].startswith("41. Laatste contact") and on_disk(empty)
    m.delete.click()
    assert repr(m) == "<TouchpointMapper: 40 touchpoints in 3 phases>" and m.list.value == "tp-39"


def test_widget_mapper_limit_reached_shows_message(empty):
    limit = LIMITS["touchpoints_per_journey"]
    empty.workbook.journeys = [big_journey(limit)]
    empty.changed()
    m = TouchpointMapper(empty)
    on_file = empty.path.read_bytes()
    before = chart_or_none(m.out)
    m.add.click()
    assert f"al {limit} contactmomenten" in m.list_message.text
    m.duplicate.click()
    assert f"al {limit} contactmomenten" in m.list_message.text
    assert len(empty.workbook.journeys[0].touchpoints) == limit
    assert empty.path.read_bytes() == on_file and chart_or_none(m.out) == before
    m.delete.click()
    m.add.click()  # room again
    assert len(empty.workbook.journeys[0].touchpoints) == limit and on_disk(empty)
    m.undo.click()  # the deleted one cannot come back: the journey is full
    assert f"al {limit} contactmomenten" in m.list_message.text
    assert len(load_workbook(empty.path).journeys[0].touchpoints) == limit


def test_widget_mapper_no_journey_offers_to_create_one(empty):
    m = TouchpointMapper(empty)
    assert repr(m) == "<TouchpointMapper: no journey yet>" and m.create_box in m.children
    assert m.describe() == "Er staat nog geen klantreis in dit werkboek." and m.out.outputs == ()
    assert m.from_example.layout.display == "none"  # no example given
    m.new_name.value = " "
    m.create.click()
    assert "mag niet leeg zijn" in m.new_name_message.text and empty.workbook.journeys == []
    assert load_workbook(empty.path).journeys == []
    m.new_name.value = "Een weekendje weg"
    m.new_persona.value = "Sanne (34) boekt alles op haar telefoon."
    m.create.click()
    j = empty.workbook.journeys[0]
    assert (j.name, j.persona, j.touchpoints) == ("Een weekendje weg", "Sanne (34) boekt alles op haar telefoon.", [])
    assert on_disk(empty) and m.main_box in m.children and "Een weekendje weg" in m.message.text
    assert repr(m) == "<TouchpointMapper: 0 touchpoints in 0 phases>" and chart_or_none(m.out)
    assert m.persona.value == j.persona and m.form.layout.display == "none"
    before = chart_or_none(m.out)
    m.add.click()
    assert repr(m) == "<TouchpointMapper: 1 touchpoint in 1 phase>" and on_disk(empty)
    assert chart_or_none(m.out) != before
    assert j.touchpoints[0].phase == "before" and m.form.layout.display == ""


def test_widget_mapper_starts_from_the_example(empty):
    case = load_case("telecom", "nl")
    m = TouchpointMapper(empty, example=case)  # a case: its first journey
    assert m.from_example.layout.display != "none" and "15" in m.from_example.tooltip
    m.from_example.click()
    j = empty.workbook.journeys[0]
    assert j == case.journeys[0] and j is not case.journeys[0] and on_disk(empty)
    assert repr(m) == "<TouchpointMapper: 15 touchpoints in 3 phases>" and chart_or_none(m.out)
    assert "15 contactmomenten" in m.message.text
    m.fields["name"].value = "Eigen naam"
    assert case.journeys[0].touchpoints[0].name != "Eigen naam"  # a copy, not the example itself
    assert load_workbook(empty.path).journeys[0].touchpoints[0].name == "Eigen naam"


def test_widget_mapper_example_journey_and_second_journey(airlines):
    s = airlines
    example = load_case("hospital", "en").journeys[0]
    m = TouchpointMapper(s, journey=1, example=example)  # the workbook has one journey: offer a second
    assert repr(m) == "<TouchpointMapper: no journey yet>"
    assert "naast de klantreis die al in je werkboek staat" in m.create_intro.value
    m.from_example.click()
    assert len(s.workbook.journeys) == 2 and s.workbook.journeys[1] == example and on_disk(s)
    assert repr(m) == f"<TouchpointMapper: {len(example.touchpoints)} touchpoints in 3 phases>"


def test_widget_mapper_relabel_and_refresh(airlines):
    m = TouchpointMapper(airlines)
    assert (m.add.description, m.fields["importance"].description) == ("Toevoegen", "Belang")
    assert m.fields["phase"].options[0] == ("Voor", "before") and m.delete.tooltip
    nl_map = chart_or_none(m.out)
    m.fields["service_level"].value = 4
    m.filter.value = "before"
    journeylib.set_language("en")
    assert m.filter.value == "before" and m.filter.options[1] == ("Before", "before")
    assert m.list.value == "search-book" and len(m.list.options) == 3
    assert (m.add.description, m.fields["importance"].description) == ("Add", "Importance")
    assert m.fields["phase"].options[0] == ("Before", "before") and m.fields["phase"].value == "before"
    assert m.fields["service_level"].options[4] == ("Desired (4)", 4) and m.fields["service_level"].value == 4
    assert "Customer journey" in chart_or_none(m.out) and chart_or_none(m.out) != nl_map
    assert m.describe().startswith("Journey map of") or "touchpoints" in m.describe()
    assert all(w.tooltip for w in m.fields.values()) and all(w.description for w in m.fields.values())
    assert repr(m) == "<TouchpointMapper: 16 touchpoints in 3 phases>"  # the repr does not depend on language
    journeylib.set_language("nl")

    other = Workbook(journeys=[big_journey(5)])
    airlines.replace(other)  # as after an Upload
    assert repr(m) == "<TouchpointMapper: 5 touchpoints in 3 phases>" and m.list.value == "tp-0"
    assert "Groot" in chart_or_none(m.out) and m.journey_name.value == "Groot"
    airlines.replace(Workbook())
    assert repr(m) == "<TouchpointMapper: no journey yet>" and m.create_box in m.children


@pytest.mark.parametrize("lecture", [False, True])
def test_widget_mapper_svg_is_what_savefig_writes(airlines, lecture):
    journey = airlines.workbook.journeys[0]
    for _ in range(2):  # the second time with the text measurements cached
        style.lecture_style(lecture)
        try:
            fig = plot_journey_map(journey).figure
        finally:
            style.lecture_style(False)
        ours = figure_svg(fig)
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "journeylib"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
        assert ours == buffer.getvalue().decode("utf-8")
        assert "<text" in ours and ">1. Zoeken en<" in ours  # text stays text


def test_widget_mapper_close_stops_following_the_session(airlines):
    m = TouchpointMapper(airlines)
    drawn = chart_or_none(m.out)
    m.close()
    journeylib.set_language("en")
    airlines.replace(Workbook())
    assert chart_or_none(m.out) == drawn and m.add.comm is None and m.fields["name"].comm is None


def test_widget_mapper_name_hint_goes_once_the_touchpoint_has_a_name(airlines):
    """Issue 11: after Add the list said "Geef het nu een naam" and kept saying it after
    the new touchpoint had a name."""
    m = TouchpointMapper(airlines)
    m.list.value = "confirmation"
    m.add.click()
    assert "Geef het nu een naam" in m.list_message.text
    m.fields["channel"].value = "Sms"  # another field: the hint is still true
    assert "Geef het nu een naam" in m.list_message.text
    m.fields["name"].value = "Herinnering per sms"
    assert "een naam" not in m.list_message.text
    assert m.list_message.text == "Nummer 3 heet nu 'Herinnering per sms'."
    m.fields["name"].value = "Herinnering"  # a later rename says nothing of the sort again
    assert "een naam" not in m.list_message.text
    journeylib.set_language("en")
    m.add.click()
    assert "Now give it a name" in m.list_message.text
    m.fields["name"].value = "Reminder by mail"
    assert "give it a name" not in m.list_message.text and "is now called 'Reminder by mail'" in m.list_message.text


def test_widget_mapper_showing_a_touchpoint_never_edits_it(airlines, open_session):
    """The form is filled by the widget itself (a language switch, picking a touchpoint):
    those updates must not reach ``_on_field`` as edits. Without the guard a language switch
    set a rated service level to "not rated" and back (two saves, one with the level lost:
    the drop-down resets its value when its options are translated), and picking a
    touchpoint whose name holds a double space renamed it."""
    m = TouchpointMapper(airlines)
    m.fields["service_level"].value = int(ServiceLevel.BASIC)
    tp = m.touchpoint
    saved_levels = []
    airlines.observe(lambda event, s: saved_levels.append(s.workbook.journeys[0].touchpoints[0].service_level)
                     if event == "saved" else None)
    journeylib.set_language("en")
    journeylib.set_language("nl")
    assert saved_levels == [] and tp.service_level is ServiceLevel.BASIC and on_disk(airlines)
    assert m.fields["service_level"].value == int(ServiceLevel.BASIC)

    session = open_session(name="spaces")
    session.workbook.journeys = [Journey(name="Reis", touchpoints=[
        Touchpoint(id="a", name="Eerste", phase="before"), Touchpoint(id="b", name="Twee  spaties", phase="after")])]
    session.save()
    m = TouchpointMapper(session)
    m.list.value = "b"
    assert m.fields["name"].value == "Twee  spaties"
    assert session.workbook.journeys[0].touchpoints[1].name == "Twee  spaties"
    assert m.touchpoint.id == "b" and not session.dirty and on_disk(session)
