"""Every shipped case tells the story the notebooks tell about it.

The notebooks say where to look in each chart; these tests keep the case numbers in step
with that text, so that a later change to a case file or a survey cannot silently leave
a box empty that the text sends the learner to, or move a disagreement the text explains.

* Importance-performance (notebooks 02 and 04, ``journey_ipa``, crosshair on the scale
  midpoint): every quadrant has steps, "Concentrate here" included, and none holds more
  than half of them.
* Importance x influence (notebook 04, ``importance_influence``): the same, so that "not
  every step is important, and not every step can be influenced" shows in the chart.
* Derived importance (notebook 05, key drivers on the case survey, ``derived_ipa`` with the
  mean crosshair): the same four quadrants have steps, and the survey and the team's
  estimate disagree exactly on the touchpoints notebook 05 names, in both languages.
* Moment-of-truth score (notebook 04): its top four are the moments of truth the case marks
  on its map, so that the demo advice of notebook 08 (which names the top candidates)
  names the map's own moments; and the weakest point that advice starts from is one we
  can act on.

The counts are pinned: a change that moves a step to another box must update this table
and, when the story changes, the notebook text that tells it.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from journeylib.analysis.ipa import QUADRANTS, derived_ipa, journey_ipa
from journeylib.analysis.keydrivers import key_drivers
from journeylib.analysis.moments import II_QUADRANTS, importance_influence, mot_scores
from journeylib.datasets import list_cases, load_case, load_survey, survey_columns

ROOT = Path(__file__).resolve().parents[1]
CASES = ["airlines", "hospital", "partner-visit", "telecom"]

#: quadrant counts of the stated importance-performance analysis (midpoint crosshair)
IPA = {
    "airlines": {"concentrate": 4, "keep_up": 3, "low_priority": 3, "overkill": 6},
    "hospital": {"concentrate": 3, "keep_up": 3, "low_priority": 4, "overkill": 8},
    "partner-visit": {"concentrate": 3, "keep_up": 6, "low_priority": 2, "overkill": 9},
    "telecom": {"concentrate": 3, "keep_up": 3, "low_priority": 3, "overkill": 6},
}
#: quadrant counts of importance x influence
II = {
    "airlines": {"act": 5, "prepare": 2, "standardise": 7, "accept": 2},
    "hospital": {"act": 5, "prepare": 1, "standardise": 8, "accept": 4},
    "partner-visit": {"act": 6, "prepare": 3, "standardise": 9, "accept": 2},
    "telecom": {"act": 5, "prepare": 1, "standardise": 7, "accept": 2},
}
#: quadrant counts of the IPA with derived importance (key drivers, mean crosshair)
DERIVED = {
    "airlines": {"concentrate": 3, "keep_up": 4, "low_priority": 4, "overkill": 5},
    "hospital": {"concentrate": 3, "keep_up": 3, "low_priority": 4, "overkill": 8},
    "partner-visit": {"concentrate": 4, "keep_up": 5, "low_priority": 5, "overkill": 6},
    "telecom": {"concentrate": 3, "keep_up": 3, "low_priority": 3, "overkill": 6},
}
#: where the team's estimate and the survey disagree, as notebook 05 tells it:
#: touchpoint -> (quadrant with the team's importance, quadrant with derived importance)
DISAGREEMENTS = {
    "airlines": {"delay-info": ("concentrate", "low_priority"), "cabin-clean": ("overkill", "keep_up")},
    "hospital": {"parking-intercom": ("concentrate", "low_priority"),
                 "waiting-room": ("low_priority", "concentrate")},
    "partner-visit": {"return-flight": ("keep_up", "low_priority"),
                      "hotel-check-in": ("low_priority", "concentrate")},
    "telecom": {"social-dm": ("keep_up", "overkill"), "next-bill": ("overkill", "keep_up")},
}
#: the notebook sources whose text discusses the quadrants (and the default case of each)
NOTEBOOK_05 = ROOT / "tools" / "notebooks" / "05_key_drivers.yaml"
NOTEBOOK_04 = ROOT / "tools" / "notebooks" / "04_momenten_van_de_waarheid.yaml"


def test_the_table_covers_every_shipped_case():
    assert sorted(list_cases()) == CASES == sorted(IPA) == sorted(II) == sorted(DERIVED) == sorted(DISAGREEMENTS)


@lru_cache(maxsize=None)
def _case(name: str):
    return load_case(name, lang="en")


@lru_cache(maxsize=None)
def _derived(name: str):
    case = _case(name)
    columns = survey_columns(case)
    survey = load_survey(case).rename(columns=columns)
    drivers = key_drivers(survey, "satisfaction", list(columns.values()))
    table = derived_ipa(drivers, survey)
    by_name = {tp.name: tp.id for tp in case.journeys[0].touchpoints}
    table["id"] = [by_name[label] for label in table["label"]]
    return table


def _check_spread(counts: Counter, keys, n: int, name: str, what: str) -> None:
    empty = [k for k in keys if counts.get(k, 0) == 0]
    assert not empty, f"{name}: {what} has empty quadrants {empty} ({dict(counts)})"
    assert max(counts.values()) <= n / 2, f"{name}: one {what} quadrant holds more than half ({dict(counts)})"


@pytest.mark.parametrize("name", CASES)
def test_importance_performance_has_steps_in_every_quadrant(name):
    journey = _case(name).journeys[0]
    counts = Counter(journey_ipa(journey)["quadrant"])
    _check_spread(counts, QUADRANTS, len(journey.touchpoints), name, "IPA")
    assert dict(counts) == IPA[name]


@pytest.mark.parametrize("name", CASES)
def test_importance_influence_has_steps_in_every_quadrant(name):
    journey = _case(name).journeys[0]
    counts = Counter(importance_influence(journey)["quadrant"])
    _check_spread(counts, II_QUADRANTS, len(journey.touchpoints), name, "importance x influence")
    assert dict(counts) == II[name]


@pytest.mark.parametrize("name", CASES)
def test_derived_importance_has_steps_in_every_quadrant(name):
    table = _derived(name)
    counts = Counter(table["quadrant"])
    _check_spread(counts, QUADRANTS, len(table), name, "derived IPA")
    assert dict(counts) == DERIVED[name]
    assert table.attrs["crosshair_rule"] == "mean"


@pytest.mark.parametrize("name", CASES)
def test_team_and_survey_disagree_exactly_where_the_text_says(name):
    """'High' for the team: importance 3 or more (the crosshair of notebook 02); 'high' in
    the survey: a share of R² at or above the mean share (the crosshair of notebook 05)."""
    journey = _case(name).journeys[0]
    stated = journey_ipa(journey).set_index("id")
    derived = _derived(name).set_index("id")
    mean_share = derived.attrs["crosshair"][1]
    disagree = {
        tp.id for tp in journey.touchpoints
        if (tp.importance >= 3) != (derived.loc[tp.id, "importance"] >= mean_share)
    }
    assert disagree == set(DISAGREEMENTS[name]), name
    for tp_id, (team, survey) in DISAGREEMENTS[name].items():
        assert (stated.loc[tp_id, "quadrant"], derived.loc[tp_id, "quadrant"]) == (team, survey), tp_id


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_notebook_05_comments_on_every_disagreement(lang):
    cells = yaml.safe_load(NOTEBOOK_05.read_text(encoding="utf-8"))["cells"]
    text = "\n".join(cell["md"][lang] for cell in cells if "md" in cell)
    for name, named in DISAGREEMENTS.items():
        case = load_case(name, lang=lang)
        names = {tp.id: tp.name for tp in case.journeys[0].touchpoints}
        for tp_id in named:
            assert names[tp_id].lower() in text.lower(), (lang, name, names[tp_id])


@pytest.mark.parametrize("name", CASES)
def test_the_score_puts_the_maps_moments_of_truth_on_top(name):
    journey = _case(name).journeys[0]
    marked = {tp.id for tp in journey.touchpoints if tp.moment_of_truth}
    top = set(mot_scores(journey).head(4)["id"])
    assert top == marked, (name, sorted(top), sorted(marked))


def test_the_delayed_flight_matters_but_ranks_low_and_notebook_04_says_why():
    """The outbound flight matters (importance 4) but is out of our hands (influence 1): the
    score ranks it below steps that matter less, and notebook 04 explains it by name."""
    journey = _case("partner-visit").journeys[0]
    scores = mot_scores(journey).set_index("id")
    flight = journey.touchpoints[[tp.id for tp in journey.touchpoints].index("flight")]
    assert flight.importance >= 4 and flight.influence == 1
    assert scores.loc["flight", "rank"] > 4
    # on the customer's components alone (importance, intensity, gap) it ranks higher
    customer = mot_scores(journey, {"influence": 0, "frequency": 0}).set_index("id")
    assert customer.loc["flight", "rank"] < scores.loc["flight", "rank"]
    cells = yaml.safe_load(NOTEBOOK_04.read_text(encoding="utf-8"))["cells"]
    for lang in ("nl", "en"):
        text = "\n".join(cell["md"][lang] for cell in cells if "md" in cell)
        name = load_case("partner-visit", lang=lang).journeys[0].touchpoints[4].name
        assert name.lower() in text.lower(), lang


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", CASES)
def test_the_weakest_point_is_one_we_can_act_on(name, lang):
    """The demo advice of notebook 08 says "start at the weakest point" (the largest shortfall
    against expectation, first by name): that point must be in our own hands (influence 3 or
    more), or the advice contradicts notebook 04's "prepare and support"."""
    journey = load_case(name, lang=lang).journeys[0]
    weakest = min(journey.touchpoints, key=lambda tp: (tp.performance - tp.expectation, tp.name))
    assert weakest.influence >= 3, (name, lang, weakest.id)
