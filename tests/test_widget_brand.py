"""BrandEssenceBuilder and BrandFitCheck, driven headless from Python.

After every change: the model changed, the file on disk holds the same workbook, and
the chart (the Output's PNG) changed. Bad input shows a message next to the field, in
the current language, and changes nothing on disk.
"""
import time

import pytest

import journeylib
from journeylib.charts.golden import describe_golden_circle
from journeylib.model import LIMITS, BrandFitRating, Workbook
from journeylib.store import load_workbook, open_workbook
from journeylib.widgets.brand import BrandEssenceBuilder, BrandFitCheck

from helpers import chart_or_none, on_disk

# From conftest.py: the sessions `airlines` and `empty` (closed after the test) and `close_widgets`.
pytestmark = pytest.mark.usefixtures("close_widgets")


# --------------------------------------------------------------------------- BrandEssenceBuilder

def test_widget_essence_builder_edits_brand_and_redraws(airlines):
    b = BrandEssenceBuilder(airlines)
    assert repr(b) == "<BrandEssenceBuilder: Hopla Air, 3 of 3 essence words>"
    assert b.words[1].value == "hartelijk" and b.organisation.value == "Hopla Air"
    before = chart_or_none(b.out)
    assert before

    b.words[2].value = "zonnig"
    assert airlines.workbook.brand.essence_words == ["speels", "hartelijk", "zonnig"]
    assert on_disk(airlines) and load_workbook(airlines.path).brand.essence_words[2] == "zonnig"
    after_word = chart_or_none(b.out)
    assert after_word != before
    assert "'zonnig'" in b.describe() and "&#x27;zonnig&#x27;" in b.caption.value

    b.rings["why"].value = "Reizen hoort licht te voelen."
    assert airlines.workbook.brand.why == "Reizen hoort licht te voelen."
    assert on_disk(airlines) and chart_or_none(b.out) != after_word

    b.organisation.value = "  Zonnig   Air "
    brand_names = {r.brand for r in airlines.workbook.brand_fit}
    assert airlines.workbook.brand.organisation == "Zonnig Air" and brand_names == {"Zonnig Air"}
    assert on_disk(airlines)
    assert repr(b) == "<BrandEssenceBuilder: Zonnig Air, 3 of 3 essence words>"

    b.values.value = "eerlijk, samen, , Eerlijk; licht"
    assert airlines.workbook.brand.values == ["eerlijk", "samen", "licht"] and on_disk(airlines)


def test_widget_essence_builder_bad_input_shows_message_and_keeps_disk(empty):
    b = BrandEssenceBuilder(empty)
    assert repr(b) == "<BrandEssenceBuilder: (no organisation), 0 of 3 essence words>"
    b.words[0].value = "warm"
    assert empty.workbook.brand.essence_words == ["warm", "", ""] and on_disk(empty)
    saved = empty.path.read_bytes()
    drawn = chart_or_none(b.out)

    b.words[1].value = "Warm"  # the same word twice
    assert "'Warm' staat al bij een ander merkwoord" in b.word_messages[1].text
    assert b.word_messages[0].text == "" and b.word_messages[2].text == ""
    assert empty.workbook.brand.essence_words == ["warm", "", ""]
    assert empty.path.read_bytes() == saved and chart_or_none(b.out) == drawn

    b.words[0].value = "speels"  # now the waiting word fits: both are taken
    assert empty.workbook.brand.essence_words == ["speels", "Warm", ""]
    assert b.word_messages[1].text == "" and on_disk(empty)
    saved = empty.path.read_bytes()

    b.words[2].value = "x" * (LIMITS["short_text"] + 1)
    assert "te lang" in b.word_messages[2].text and empty.workbook.brand.essence_words[2] == ""
    b.organisation.value = "O" * (LIMITS["short_text"] + 5)
    assert b.organisation_message.text.startswith("Organisatie is te lang (125 tekens; maximaal 120)")
    assert empty.workbook.brand.organisation == ""
    b.values.value = ", ".join(f"waarde {i}" for i in range(LIMITS["values_per_brand"] + 1))
    assert "11 waarden" in b.values_message.text and empty.workbook.brand.values == []
    b.rings["how"].value = "h" * (LIMITS["long_text"] + 1)
    assert b.ring_messages["how"].text.startswith("Hoe is te lang") and empty.workbook.brand.how == ""
    assert empty.path.read_bytes() == saved

    journeylib.set_language("en")
    b.words[2].value = "speels"
    assert "'speels' is already another essence word" in b.word_messages[2].text
    assert empty.path.read_bytes() == saved


def test_widget_essence_builder_text_is_stable_and_relabels(airlines):
    b = BrandEssenceBuilder(airlines)
    text = b.describe()
    assert text == describe_golden_circle(airlines.workbook.brand) and b.describe() == text
    assert text.startswith("Gouden cirkel") and "'Hopla Air'" in text
    bundle = b._repr_mimebundle_()
    assert bundle["text/plain"] == repr(b) and bundle["text/markdown"] == text
    assert b.words[0].description == "Merkwoord 1" and "speels" in b.words[0].options
    assert b.rings["why"].description == "Waarom" and b.rings["why"].tooltip
    nl_picture = chart_or_none(b.out)

    journeylib.set_language("en")
    assert b.words[0].description == "Essence word 1" and "playful" in b.words[0].options
    assert b.rings["why"].description == "Why" and b.organisation.description == "Organisation"
    assert b.values.tooltip.startswith("The organisation's values")
    assert chart_or_none(b.out) != nl_picture and b.describe() != text
    assert repr(b) == "<BrandEssenceBuilder: Hopla Air, 3 of 3 essence words>"

    airlines.replace(Workbook(case="telecom"))  # an upload: the view follows the new workbook
    assert b.organisation.value == "" and b.words[0].value == ""
    assert repr(b) == "<BrandEssenceBuilder: (no organisation), 0 of 3 essence words>"


# --------------------------------------------------------------------------- BrandFitCheck

def test_widget_fit_check_rates_adds_and_removes(airlines):
    f = BrandFitCheck(airlines)
    assert repr(f) == "<BrandFitCheck: Hopla Air, 8 rated, 5 fit, 2 clash>"
    assert len(f._rows) == 8  # the case's behaviours, no extra examples
    row = f._rows["champagne in kristallen glazen"]
    assert [s.value for s in row.sliders] == [-1, 0, -1]
    assert [s.description for s in row.sliders] == ["speels", "hartelijk", "ontspannen"]
    before = chart_or_none(f.out)

    row.sliders[1].value = -2
    rating = next(r for r in airlines.workbook.brand_fit if r.behaviour == "Champagne in kristallen glazen")
    assert rating.scores == [-1, -2, -1] and on_disk(airlines)
    assert chart_or_none(f.out) != before and "botst" in row.verdict.value
    assert "'Champagne in kristallen glazen' (−4)" in f.describe()

    f.new_behaviour.value = "Piloot maakt een grapje bij de landing"
    f.add.click()
    added = airlines.workbook.brand_fit[-1]
    assert (added.brand, added.behaviour, added.scores) == ("Hopla Air", "Piloot maakt een grapje bij de landing",
                                                             [0, 0, 0])
    assert on_disk(airlines) and f.new_behaviour.value == "" and "toegevoegd" in f.add_message.text
    saved = airlines.path.read_bytes()

    f.new_behaviour.value = "piloot maakt een GRAPJE bij de landing"
    f.add.click()
    assert "staat al in de lijst" in f.add_message.text
    f.new_behaviour.value = "   "
    f.add.click()
    assert "typ eerst een gedraging" in f.add_message.text
    f.new_behaviour.value = "g" * (LIMITS["short_text"] + 1)
    f.add.click()
    assert f.add_message.text.startswith("Eigen gedrag is te lang")
    assert airlines.path.read_bytes() == saved and len(airlines.workbook.brand_fit) == 9

    drawn = chart_or_none(f.out)
    f._rows["formele begroeting bij de deur"].remove.click()
    assert all(r.behaviour != "Formele begroeting bij de deur" for r in airlines.workbook.brand_fit)
    assert on_disk(airlines) and chart_or_none(f.out) != drawn and len(f._rows) == 8
    assert repr(f) == "<BrandFitCheck: Hopla Air, 8 rated, 5 fit, 1 clash>"


def test_widget_fit_check_without_essence_words_points_to_builder(empty):
    f = BrandFitCheck(empty)
    assert "notebook 01" in f.notice.value and "0 van de 3" in f.describe()
    assert f.rows_box not in f.children and chart_or_none(f.out) is None
    assert repr(f) == "<BrandFitCheck: (no organisation), essence words incomplete>"
    journeylib.set_language("en")
    assert "needs three essence words" in f.notice.value
    assert f.add.description == "Add" and f.new_behaviour.description == "Your own behaviour"
    assert "Fits: total +2 or more" in f.intro.value
    journeylib.set_language("nl")
    assert f.add.description == "Toevoegen" and "Past: totaal +2" in f.intro.value

    b = BrandEssenceBuilder(empty)  # the same notebook: the check follows the builder
    for box, word in zip(b.words, ["warm", "nuchter", "snel"]):
        box.value = word
    assert f.rows_box in f.children and len(f._rows) == 5  # examples from the locale file
    assert chart_or_none(f.out) is None and f.describe().startswith("Je hebt nog geen gedrag beoordeeld")
    first = next(iter(f._rows.values()))
    assert [s.description for s in first.sliders] == ["warm", "nuchter", "snel"]

    first.sliders[0].value = 2
    assert [(r.brand, r.behaviour, r.scores) for r in empty.workbook.brand_fit] == [
        ("", first.behaviour, [2, 0, 0])]
    assert on_disk(empty) and chart_or_none(f.out) is not None
    assert repr(f) == "<BrandFitCheck: (no organisation), 1 rated, 1 fit, 0 clash>"

    b.organisation.value = "Bakkerij Bolletje"  # the rating moves along with the name
    assert empty.workbook.brand_fit[0].brand == "Bakkerij Bolletje"
    assert repr(f) == "<BrandFitCheck: Bakkerij Bolletje, 1 rated, 1 fit, 0 clash>"


def test_widget_fit_check_limit_and_own_list(airlines):
    wb = airlines.workbook
    extra = [BrandFitRating(brand="Hopla Air", behaviour=f"Gedrag {i}", scores=[0, 0, 0])
             for i in range(LIMITS["behaviours"] - len(wb.brand_fit))]
    wb.brand_fit = [*wb.brand_fit, *extra]
    airlines.changed()
    saved = airlines.path.read_bytes()
    f = BrandFitCheck(airlines, behaviours=["Klant bellen na een klacht", "klant bellen na een klacht"])
    assert len(f._rows) == LIMITS["behaviours"] + 1
    f.new_behaviour.value = "Nog een gedrag"
    f.add.click()
    assert "al 40 gedragingen" in f.add_message.text and airlines.path.read_bytes() == saved
    f._rows["klant bellen na een klacht"].sliders[0].value = 1  # would be the 41st rating
    assert "te veel" in f._rows["klant bellen na een klacht"].message.text
    assert f._rows["klant bellen na een klacht"].sliders[0].value == 0 and airlines.path.read_bytes() == saved
    assert f.describe().startswith("Merkfit van 40 gedragingen voor Hopla Air")
    assert f._rows["gedrag 1"].remove.description == "Weghalen"


def test_widget_fit_check_follows_the_builder_through_autosave(tmp_path):
    s = open_workbook(tmp_path / "auto.workbook.json", case="airlines", delay=0.2)  # as in a notebook
    s.workbook.brand.essence_words = ["speels", "hartelijk", ""]
    s.save()
    f = BrandFitCheck(s)
    b = BrandEssenceBuilder(s)
    assert repr(f) == "<BrandFitCheck: Hopla Air, essence words incomplete>" and chart_or_none(f.out) is None
    b.words[2].value = "zorgeloos"
    deadline = time.monotonic() + 2.0  # an edit is on disk within 2 s
    while time.monotonic() < deadline and load_workbook(s.path).brand.essence_words[2] != "zorgeloos":
        time.sleep(0.05)
    assert load_workbook(s.path) == s.workbook
    deadline = time.monotonic() + 5.0  # the check redraws from the autosave thread
    while time.monotonic() < deadline and chart_or_none(f.out) is None:
        time.sleep(0.05)
    assert chart_or_none(f.out) is not None and len(f._rows) == 8
    assert [sl.description for sl in f._rows["steward rapt de veiligheidsinstructie"].sliders][2] == "zorgeloos"
    s.close()


def test_widget_fit_check_neutral_rating_is_saved_and_shown(empty):
    """Issue 11: a behaviour not rated yet shows its sliders at 0, and a slider left at 0 sends
    no change, so 0/0/0 (neutral) could not be saved. The Neutral button saves it."""
    empty.workbook.brand.essence_words = ["warm", "nuchter", "snel"]
    empty.changed()
    f = BrandFitCheck(empty, behaviours=["Klant bij naam noemen", "Vaste standaardmail"])
    row = f._rows["klant bij naam noemen"]
    assert "nog geen score" in row.verdict.value and empty.workbook.brand_fit == []
    for slider in row.sliders:  # what a learner tries first: nothing changes, nothing is saved
        slider.value = 0
    assert empty.workbook.brand_fit == [] and "nog geen score" in row.verdict.value

    assert row.neutral.description == "Neutraal (0/0/0)"
    row.neutral.click()
    assert [(r.behaviour, r.scores) for r in empty.workbook.brand_fit] == [("Klant bij naam noemen", [0, 0, 0])]
    assert on_disk(empty) and load_workbook(empty.path).brand_fit[0].scores == [0, 0, 0]
    assert "○ 0 neutraal" in row.verdict.value and chart_or_none(f.out) is not None
    assert repr(f) == "<BrandFitCheck: (no organisation), 1 rated, 0 fit, 0 clash>"
    assert "Neutraal: 'Klant bij naam noemen' (0)." in f.describe()

    other = f._rows["vaste standaardmail"]  # a rated behaviour goes back to neutral too
    other.sliders[0].value = -2
    assert "botst" in other.verdict.value
    other.neutral.click()
    assert [s.value for s in other.sliders] == [0, 0, 0]
    assert empty.workbook.brand_fit[-1].scores == [0, 0, 0] and "neutraal" in other.verdict.value

    again = BrandFitCheck(empty)  # shown as neutral after a reload, not as "not rated"
    assert "○ 0 neutraal" in again._rows["klant bij naam noemen"].verdict.value
    journeylib.set_language("en")
    assert again._rows["klant bij naam noemen"].neutral.description == "Neutral (0/0/0)"
