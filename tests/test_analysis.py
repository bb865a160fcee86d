"""journeylib.analysis: moments of truth, IPA, service levels, channels, brand fit, metrics."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeylib.analysis import brandfit, channels, ipa, metrics, moments, service
from journeylib.errors import AnalysisError, ValidationError
from journeylib.model import BrandEssence, BrandFitRating, ChannelMatrix, Journey, ServiceLevel, Touchpoint


def tp(id_, phase="during", **kw) -> Touchpoint:
    return Touchpoint(id=id_, name=kw.pop("name", id_.upper()), phase=phase, **kw)


@pytest.fixture
def hand_journey() -> Journey:
    """Four touchpoints whose scores are easy to work out by hand (default weights):

    a: every component at its maximum                      -> 1.0
    d: importance 5 (0.30) + intensity 3 (0.20)            -> 0.5
    c: importance, influence, frequency at 3 (half each)   -> 0.15 + 0.10 + 0.05 = 0.30
    b: every component at its minimum                      -> 0.0
    """
    return Journey(
        name="Handwerk",
        touchpoints=[
            tp("b", "before", importance=1, influence=1, emotion=0, expectation=3, performance=3, frequency=1),
            tp("a", "during", importance=5, influence=5, emotion=-3, expectation=5, performance=1, frequency=5),
            tp("c", "during", importance=3, influence=3, emotion=0, expectation=2, performance=4, frequency=3),
            tp("d", "after", importance=5, influence=1, emotion=3, expectation=3, performance=3, frequency=1),
        ],
    )


# --------------------------------------------------------------------------- moments of truth

def test_mot_ranking_on_hand_made_journey(hand_journey):
    table = moments.mot_scores(hand_journey)
    assert table["id"].tolist() == ["a", "d", "c", "b"]
    assert table["score"].round(9).tolist() == [1.0, 0.5, 0.3, 0.0]
    assert table["rank"].tolist() == [1, 2, 3, 4]


def test_mot_components_visible_and_sum_to_total(hand_journey):
    table = moments.mot_scores(hand_journey)
    for c in moments.COMPONENTS:
        for suffix in ("raw", "norm", "part"):
            assert f"{c}_{suffix}" in table.columns
        assert table[f"{c}_norm"].between(0, 1).all()
    parts = table[[f"{c}_part" for c in moments.COMPONENTS]].sum(axis=1)
    assert np.allclose(parts, table["score"])
    row = table.set_index("id").loc["c"]
    assert row["gap_raw"] == 0  # performance above expectation is no shortfall
    assert row["importance_norm"] == 0.5 and row["importance_part"] == pytest.approx(0.15)
    assert table.set_index("id").loc["a", "intensity_raw"] == 3  # |-3|
    assert sum(table.attrs["weights"].values()) == pytest.approx(1)


def test_mot_weights_change_ranking(hand_journey):
    only_influence = {"importance": 0, "intensity": 0, "gap": 0, "frequency": 0, "influence": 1}
    table = moments.mot_scores(hand_journey, only_influence)
    assert table["id"].tolist() == ["a", "c", "b", "d"]  # b and d tie at 0: by name
    assert table["rank"].tolist() == [1, 2, 3, 3]
    assert table.attrs["weights"]["influence"] == 1


def test_mot_partial_weights_keep_the_other_defaults(hand_journey):
    w = moments.check_weights({"frequency": 0})
    assert w["frequency"] == 0
    assert w["importance"] == pytest.approx(0.30 / 0.90)
    assert sum(w.values()) == pytest.approx(1)


@pytest.mark.parametrize(
    "weights, key",
    [
        ({"importance": -1}, "analysis.mot.weight_negative"),
        ({c: 0 for c in moments.COMPONENTS}, "analysis.mot.weights_zero"),
        ({"price": 1}, "analysis.mot.weight_unknown"),
        ({"importance": "veel"}, "analysis.mot.weight_number"),
        ({"importance": float("nan")}, "analysis.mot.weight_number"),
        ({"importance": True}, "analysis.mot.weight_number"),
        ([0.2, 0.2], "analysis.mot.weights_mapping"),
    ],
)
def test_mot_bad_weights_raise(hand_journey, weights, key):
    with pytest.raises(AnalysisError) as info:
        moments.mot_scores(hand_journey, weights)
    assert info.value.key == key
    assert str(info.value)  # a readable message in the current language


def test_mot_unknown_weight_names_the_choices(hand_journey):
    with pytest.raises(AnalysisError) as info:
        moments.mot_scores(hand_journey, {"price": 1})
    assert "price" in info.value.message("en") and "importance" in info.value.message("en")


def test_mot_empty_journey_raises():
    with pytest.raises(AnalysisError) as info:
        moments.mot_scores(Journey(name="Leeg"))
    assert "Leeg" in str(info.value)


def test_explain_weights_both_languages():
    nl, en = moments.explain_weights("nl"), moments.explain_weights("en")
    assert nl["component"].tolist() == list(moments.COMPONENTS)
    assert nl["weight"].sum() == pytest.approx(1)
    assert (nl["explanation"] != en["explanation"]).all()
    assert nl.loc[0, "name"] == "Belang" and en.loc[0, "name"] == "Importance"
    assert dict(moments.DEFAULT_WEIGHTS) == dict(zip(nl["component"], nl["weight"]))


_TOUCHPOINT = st.fixed_dictionaries(
    {
        "importance": st.integers(1, 5),
        "influence": st.integers(1, 5),
        "performance": st.integers(1, 5),
        "expectation": st.integers(1, 5),
        "frequency": st.integers(1, 5),
        "emotion": st.integers(-3, 3),
        "name": st.sampled_from(["Balie", "Telefoon", "Parkeren", "Kassa"]),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOUCHPOINT, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_mot_ranking_invariant_to_touchpoint_order(specs, rnd):
    tps = [Touchpoint(id=f"t{i}", phase="during", **spec) for i, spec in enumerate(specs)]
    shuffled = tps[:]
    rnd.shuffle(shuffled)
    one = moments.mot_scores(Journey(name="x", touchpoints=tps))
    two = moments.mot_scores(Journey(name="x", touchpoints=shuffled))
    assert one["id"].tolist() == two["id"].tolist()
    assert one["rank"].tolist() == two["rank"].tolist()
    assert one["score"].tolist() == two["score"].tolist()
    assert one["score"].between(0, 1 + 1e-12).all()


# --------------------------------------------------------------------------- peak-end, Example WOW

def test_peak_end_picks_first_most_intense_and_last():
    journey = Journey(
        name="Reis",
        touchpoints=[tp(f"t{i}", emotion=e) for i, e in enumerate([1, -2, 3, -3, 0])],
    )
    pe = moments.peak_end(journey)
    assert (pe.peak_id, pe.peak_emotion, pe.peak_position) == ("t2", 3, 2)  # tie with -3: the first
    assert (pe.end_id, pe.end_emotion, pe.end_position) == ("t4", 0, 4)
    assert pe.remembered == 1.5
    assert pe.average == pytest.approx(-0.2)
    assert pe.difference == pytest.approx(1.7)


def test_peak_end_single_touchpoint_is_peak_and_end():
    pe = moments.peak_end(Journey(name="Kort", touchpoints=[tp("x", emotion=-2)]))
    assert pe.peak_id == pe.end_id == "x" and pe.remembered == pe.average == -2


def test_importance_influence_quadrants_with_boundary():
    journey = Journey(
        name="LEGO",
        touchpoints=[
            tp("act", importance=3, influence=3),  # on the crosshair: counts as high on both
            tp("prep", importance=5, influence=1),
            tp("std", importance=2, influence=5),
            tp("acc", importance=1, influence=2),
        ],
    )
    table = moments.importance_influence(journey)
    assert dict(zip(table["id"], table["quadrant"])) == {
        "act": "act", "prep": "prepare", "std": "standardise", "acc": "accept",
    }
    assert table.attrs["crosshair"] == (3, 3)


# --------------------------------------------------------------------------- IPA

def _ipa_frame():
    return pd.DataFrame(
        {
            "item": ["on the cross", "important, weak", "unimportant, strong", "unimportant, weak", "both high"],
            "imp": [3, 3, 2, 2, 5],
            "perf": [3, 2, 3, 2, 5],
            "extra": list("abcde"),
        }
    )


def test_ipa_midpoint_quadrants_and_boundary():
    table = ipa.ipa_table(_ipa_frame(), label="item", importance="imp", performance="perf")
    # Boundary rule: a value exactly on the crosshair (3 on 1..5) counts as high.
    assert table["quadrant"].tolist() == ["keep_up", "concentrate", "overkill", "low_priority", "keep_up"]
    assert table.attrs["crosshair"] == (3.0, 3.0)
    assert table.attrs["crosshair_rule"] == "midpoint"
    assert table.attrs["kind"] == "stated"
    assert list(table.columns[:3]) == ["label", "importance", "performance"]
    assert table["extra"].tolist() == list("abcde")


def test_ipa_midpoint_follows_the_scale():
    df = pd.DataFrame({"label": ["x", "y"], "importance": [4, 3], "performance": [4, 5]})
    table = ipa.ipa_table(df, scale=(1, 7))
    assert table.attrs["crosshair"] == (4.0, 4.0)
    assert table["quadrant"].tolist() == ["keep_up", "overkill"]


def test_ipa_mean_crosshair():
    df = pd.DataFrame({"label": ["p", "q", "r"], "importance": [1, 3, 5], "performance": [4, 3, 2]})
    table = ipa.ipa_table(df, crosshair="mean")
    assert table.attrs["crosshair"] == (3.0, 3.0)
    assert table.attrs["crosshair_rule"] == "mean"
    # q lies exactly on the mean crosshair: high on both axes
    assert table["quadrant"].tolist() == ["overkill", "keep_up", "concentrate"]


def test_ipa_mean_differs_from_midpoint():
    df = pd.DataFrame({"label": ["p", "q", "r"], "importance": [4, 4, 5], "performance": [4, 4, 5]})
    assert ipa.ipa_table(df)["quadrant"].tolist() == ["keep_up"] * 3
    assert ipa.ipa_table(df, crosshair="mean")["quadrant"].tolist() == ["low_priority", "low_priority", "keep_up"]


@pytest.mark.parametrize(
    "change, kwargs, key",
    [
        (lambda d: d.drop(columns="performance"), {}, "analysis.ipa.missing_column"),
        (lambda d: d.assign(importance=[6, 3]), {}, "analysis.ipa.range"),
        (lambda d: d.assign(importance=["veel", 3]), {}, "analysis.ipa.not_number"),
        (lambda d: d.iloc[0:0], {}, "analysis.ipa.empty"),
        (lambda d: d, {"crosshair": "median"}, "analysis.ipa.crosshair"),
        (lambda d: d, {"scale": (5, 1)}, "analysis.ipa.scale"),
    ],
)
def test_ipa_bad_input(change, kwargs, key):
    df = change(pd.DataFrame({"label": ["x", "y"], "importance": [4, 3], "performance": [4, 5]}))
    with pytest.raises(AnalysisError) as info:
        ipa.ipa_table(df, **kwargs)
    assert info.value.key == key


def test_journey_ipa(hand_journey):
    table = ipa.journey_ipa(hand_journey)
    assert table["id"].tolist() == ["b", "a", "c", "d"]
    assert table["label"].tolist() == ["B", "A", "C", "D"]
    assert table["quadrant"].tolist() == ["overkill", "concentrate", "keep_up", "keep_up"]
    assert ipa.journey_ipa(hand_journey, crosshair="mean").attrs["crosshair_rule"] == "mean"


@pytest.fixture
def drivers_and_survey():
    drivers = pd.DataFrame(
        {"driver": ["wifi", "food", "seat"], "importance": [0.1, 0.2, 0.3], "share": [1 / 6, 2 / 6, 3 / 6],
         "low": [0.05, 0.1, 0.2], "high": [0.15, 0.3, 0.4]}
    )
    survey = pd.DataFrame({"wifi": [5, 5, np.nan], "food": [1, 2, 3], "seat": [4, 4, 4], "other": [1, 1, 1]})
    return drivers, survey


def test_derived_ipa_mean(drivers_and_survey):
    drivers, survey = drivers_and_survey
    table = ipa.derived_ipa(drivers, survey)
    assert table["label"].tolist() == ["wifi", "food", "seat"]
    assert table["importance"].tolist() == pytest.approx([1 / 6, 2 / 6, 3 / 6])
    assert table["performance"].tolist() == [5.0, 2.0, 4.0]
    assert table["n"].tolist() == [2, 3, 3]  # NaN answers left out
    x, y = table.attrs["crosshair"]
    assert x == pytest.approx(11 / 3) and y == pytest.approx(1 / 3)
    assert table.attrs["kind"] == "derived" and table.attrs["crosshair_rule"] == "mean"
    # food's share equals the mean share: on the line counts as important
    assert table["quadrant"].tolist() == ["overkill", "concentrate", "keep_up"]
    assert table["driver_importance"].tolist() == [0.1, 0.2, 0.3]
    assert table["driver_importance_low"].tolist() == [0.05, 0.1, 0.2]  # the interval of the R² part
    assert "low" not in table


def test_derived_ipa_midpoint_uses_equal_share(drivers_and_survey):
    drivers, survey = drivers_and_survey
    table = ipa.derived_ipa(drivers, survey, crosshair="midpoint")
    assert table.attrs["crosshair"] == (3.0, pytest.approx(1 / 3))
    assert table["quadrant"].tolist() == ["overkill", "concentrate", "keep_up"]


def test_derived_ipa_errors(drivers_and_survey):
    drivers, survey = drivers_and_survey
    with pytest.raises(AnalysisError) as info:
        ipa.derived_ipa(drivers, survey.drop(columns="food"))
    assert info.value.key == "analysis.ipa.survey_column" and "food" in str(info.value)
    with pytest.raises(AnalysisError) as info:
        ipa.derived_ipa(drivers, survey.assign(wifi=[np.nan] * 3))
    assert info.value.key == "analysis.ipa.no_answers"
    with pytest.raises(AnalysisError) as info:
        ipa.derived_ipa(drivers, survey.assign(seat=[4, 7, 4]))
    assert info.value.key == "analysis.ipa.range" and "7" in str(info.value)
    with pytest.raises(AnalysisError) as info:
        ipa.derived_ipa(drivers.drop(columns="share"), survey)
    assert info.value.key == "analysis.ipa.missing_column"


# --------------------------------------------------------------------------- service levels

def test_level_distribution_of_journey():
    journey = Journey(
        name="Hotel",
        touchpoints=[
            tp("a", service_level=ServiceLevel.EXPECTED, name="Inchecken"),
            tp("b", service_level=ServiceLevel.EXPECTED, name="Ontbijt"),
            tp("c", service_level=ServiceLevel.CRIMINAL, name="Rekening"),
            tp("d", name="Lift"),
        ],
    )
    table = service.level_distribution(journey)
    assert table["key"].tolist() == [lvl.key for lvl in ServiceLevel]
    assert table["count"].tolist() == [1, 0, 2, 0, 0, 0]
    assert table["share"].tolist() == pytest.approx([1 / 3, 0, 2 / 3, 0, 0, 0])
    assert table.loc[2, "names"] == ("Inchecken", "Ontbijt")
    assert table.attrs == {"unrated": 1, "total": 3}


def test_level_distribution_of_levels_and_mapping():
    table = service.level_distribution([3, "desired", ServiceLevel.DESIRED, None])
    assert table["count"].tolist() == [0, 0, 1, 2, 0, 0] and table.attrs["unrated"] == 1
    mapping = service.level_distribution({"hotel_wifi": ServiceLevel.EXPECTED, "bank": 2})
    assert mapping["count"].tolist() == [0, 1, 1, 0, 0, 0]
    empty = service.level_distribution([])
    assert empty["count"].sum() == 0 and empty["share"].sum() == 0
    with pytest.raises(AnalysisError):
        service.level_distribution([7])
    with pytest.raises(AnalysisError):
        service.level_distribution("expected")


def test_expectation_gaps_sorted_worst_first(hand_journey):
    table = service.expectation_gaps(hand_journey)
    assert table["id"].tolist() == ["a", "b", "d", "c"]  # -4, 0 (B before D by name), +2
    assert table["gap"].tolist() == [-4, 0, 0, 2]
    assert table["verdict"].tolist() == ["below", "meets", "meets", "exceeds"]
    assert table["verdict_label"].iloc[0] == "onder de verwachting"
    assert service.expectation_gaps(hand_journey, lang="en")["verdict_label"].iloc[-1] == "above expectation"


def test_scenarios_cover_all_levels_with_texts_in_both_languages():
    assert 8 <= len(service.SCENARIOS) <= 14
    assert {s.level for s in service.SCENARIOS} == set(ServiceLevel)
    assert len({s.id for s in service.SCENARIOS}) == len(service.SCENARIOS)
    for s in service.SCENARIOS:
        for method in (s.title, s.text, s.explanation):
            assert method("nl") and method("en") and method("nl") != method("en")
        for level in ServiceLevel:
            nl, en = s.feedback(level, "nl"), s.feedback(level, "en")
            assert nl != en and s.explanation("nl") in nl


def test_scenarios_mention_that_levels_drift_down():
    nl = " ".join(s.explanation("nl") for s in service.SCENARIOS)
    en = " ".join(s.explanation("en") for s in service.SCENARIOS)
    assert "wordt morgen verwacht" in nl and "drift down" in en


def test_check_answer():
    ok, text = service.check_answer("hotel_wifi", ServiceLevel.EXPECTED, lang="nl")
    assert ok and text.startswith("Goed")
    ok, text = service.check_answer("hotel_wifi", "surprising", lang="en")
    assert not ok and text.startswith("Rated too high") and "no longer" in text  # the scenario's own note
    ok, text = service.check_answer("hotel_cuddly_toy", 1, lang="en")
    assert not ok and text.startswith("Rated too low") and "Unbelievable" in text
    ok, _ = service.check_answer("telecom_installation", 1)
    assert ok
    with pytest.raises(AnalysisError) as info:
        service.check_answer("no_such_scenario", 3)
    assert "hotel_wifi" in str(info.value)
    with pytest.raises(AnalysisError):
        service.check_answer("hotel_wifi", 0)


# --------------------------------------------------------------------------- channels

@pytest.fixture
def telecom() -> ChannelMatrix:
    problems = ["Wrong bill", "Outage", "Change plan", "Refund"]
    return ChannelMatrix(
        channels=["Social media", "Phone", "Shop"],
        problems=problems,
        can_solve={"Social media": problems, "Phone": ["Outage", "Change plan"], "Shop": ["Change plan"]},
    )


def test_channel_inconsistencies(telecom):
    found = channels.inconsistencies(telecom)
    assert [(i.problem, i.may, i.may_not) for i in found] == [
        ("Wrong bill", ("Social media",), ("Phone", "Shop")),
        ("Outage", ("Social media", "Phone"), ("Shop",)),
        ("Refund", ("Social media",), ("Phone", "Shop")),
    ]
    assert channels.consistency_score(telecom) == pytest.approx(0.25)
    table = channels.solve_table(telecom)
    assert table.shape == (3, 4) and table.loc["Shop", "Change plan"] and not table.loc["Shop", "Refund"]


def test_channel_consistent_matrix_scores_one():
    problems = ["Bill", "Outage"]
    same = ChannelMatrix(channels=["Phone", "Shop"], problems=problems + ["Refund"],
                         can_solve={"Phone": problems, "Shop": problems})
    assert channels.inconsistencies(same) == []
    assert channels.consistency_score(same) == 1.0
    assert channels.consistency_score(ChannelMatrix()) == 1.0
    assert "same" in channels.describe_inconsistencies(same, lang="en")


def test_channel_nothing_allowed_is_named_not_praised():
    """Issue 11: no channel may solve anything scored 100 % and read "every channel may solve the
    same problems". The score stays (the same "no" everywhere), the text says what it means."""
    nothing = ChannelMatrix(channels=["Phone", "Shop"], problems=["Bill", "Outage"])
    assert channels.unsolved(nothing) == ["Bill", "Outage"] and channels.nothing_allowed(nothing)
    assert channels.consistency_score(nothing) == 1.0
    en, nl = (channels.describe_inconsistencies(nothing, lang=lang) for lang in ("en", "nl"))
    assert en == ("No channel may solve any of these 2 problem types itself: wherever the customer asks, "
                  "they are passed on. That is not the kind of consistency to be pleased with.")
    assert nl.startswith("Geen enkel kanaal mag een van deze 2 soorten problemen zelf oplossen")
    assert "same" not in en and "100" not in en and "dezelfde" not in nl
    one = ChannelMatrix(channels=["Phone"], problems=["Bill"])
    assert channels.describe_inconsistencies(one, lang="en").startswith("No channel may solve 'Bill' itself")
    # partly: the problem nobody may solve is named, the rest may still be praised
    partly = ChannelMatrix(channels=["Phone", "Shop"], problems=["Bill", "Outage"],
                           can_solve={"Phone": ["Bill"], "Shop": ["Bill"]})
    assert channels.unsolved(partly) == ["Outage"] and not channels.nothing_allowed(partly)
    text = channels.describe_inconsistencies(partly, lang="en")
    assert "No channel may solve 'Outage' itself" in text
    assert "Every channel may solve the same problems." not in text
    assert text.endswith("For the other problem types, every channel has the same room.")
    assert channels.unsolved(ChannelMatrix(problems=["Bill"])) == [] and not channels.nothing_allowed(ChannelMatrix())


def test_channel_sentences_in_both_languages(telecom):
    first = channels.inconsistencies(telecom)[0]
    assert first.describe("nl") == "Bij 'Wrong bill' verschillen de kanalen: zelf oplossen mag bij het kanaal Social media, niet bij Phone en Shop."
    assert first.describe("en") == "For 'Wrong bill', Social media may solve it, but Phone and Shop may not."
    assert "mag bij de kanalen Social media en Phone" in channels.inconsistencies(telecom)[1].describe("nl")
    text = channels.describe_inconsistencies(telecom, lang="nl")
    assert text.startswith("Consistentie 25%: bij 1 van de 4")
    with pytest.raises(AnalysisError):
        channels.inconsistencies({"Phone": []})


# --------------------------------------------------------------------------- brand fit

RAP = "Rapping the safety announcement"


@pytest.fixture
def ratings():
    return [
        BrandFitRating(brand="Southwest", behaviour=RAP, scores=[2, 2, 1]),
        BrandFitRating(brand="Southwest", behaviour="Joke at boarding", scores=[2, 1, -2]),
        BrandFitRating(brand="Southwest", behaviour="Reads the script", scores=[0, 1, 0]),
        BrandFitRating(brand="KLM", behaviour=RAP.lower(), scores=[-2, 0, -1]),
        BrandFitRating(brand="KLM", behaviour="Reads the script", scores=[1, 1, 0]),
    ]


def test_fit_table_verdicts(ratings):
    essence = BrandEssence(organisation="Southwest", essence_words=["fun", "friendly", "easy going"])
    table = brandfit.fit_table(ratings, essence, brand="Southwest", lang="en")
    assert table.attrs["words"] == ["fun", "friendly", "easy going"]
    assert table["total"].tolist() == [5, 1, 1]
    # the joke totals +1 but breaks one word (-2): it clashes
    assert table["verdict_key"].tolist() == ["fits", "clashes", "neutral"]
    assert table["verdict"].tolist() == ["fits", "clashes", "neutral"]
    assert brandfit.fit_table(ratings, essence, brand="Southwest", lang="nl")["verdict"].tolist() == [
        "past", "botst", "neutraal"]
    assert table.loc[0, "fun"] == 2


def test_verdict_rule():
    assert "-2" in brandfit.verdict_rule("en").replace("\u2212", "-") and brandfit.verdict_rule("nl").startswith("Past")
    assert brandfit.verdict([1, 1, 0]) == "fits"
    assert brandfit.verdict([1, 0, 0]) == "neutral"
    assert brandfit.verdict([-1, -1, 0]) == "clashes"
    assert brandfit.verdict([2, 2, -2]) == "clashes"


def test_fit_table_errors_and_placeholders(ratings):
    with pytest.raises(AnalysisError) as info:
        brandfit.fit_table(ratings, ["a", "b", "c"])
    assert info.value.key == "analysis.brandfit.several_brands"
    with pytest.raises(AnalysisError):
        brandfit.fit_table(ratings, ["a", "b"], brand="KLM")
    with pytest.raises(AnalysisError):
        brandfit.fit_table(ratings, ["a", "b", "c"], brand="Ryanair")
    dup = [BrandFitRating(behaviour="x", scores=[0, 0, 0]), BrandFitRating(behaviour="X", scores=[1, 0, 0])]
    with pytest.raises(AnalysisError) as info:
        brandfit.fit_table(dup, ["a", "b", "c"])
    assert info.value.key == "analysis.brandfit.duplicate"
    own = brandfit.fit_table([BrandFitRating(behaviour="x", scores=[0, 0, 0])], ["", "warm", ""], lang="nl")
    assert own.attrs["words"] == ["Woord 1", "warm", "Woord 3"]
    assert own.loc[0, "brand_label"] == "Eigen merk"
    with pytest.raises(ValidationError):
        brandfit.fit_table([{"behaviour": "x", "scores": [3, 0, 0]}], ["a", "b", "c"])


def test_compare_brands(ratings):
    table = brandfit.compare_brands(ratings, lang="en")
    rap = table[table["behaviour"] == RAP]
    assert rap["brand"].tolist() == ["Southwest", "KLM"]  # matched regardless of capitals
    assert rap["verdict_key"].tolist() == ["fits", "clashes"]
    assert rap["differs"].all()
    script = table[table["behaviour"] == "Reads the script"]
    assert script["verdict_key"].tolist() == ["neutral", "fits"] and script["differs"].all()
    joke = table[table["behaviour"] == "Joke at boarding"]
    assert len(joke) == 1 and not joke["differs"].any()
    assert table.attrs["brands"] == ["Southwest", "KLM"]


# --------------------------------------------------------------------------- metrics

def test_nps_known_values():
    result = metrics.nps([10, 9, 8, 7, 6, 0, float("nan"), None])
    assert (result.n, result.promoters, result.passives, result.detractors) == (6, 2, 2, 2)
    assert result.value == 0
    assert metrics.nps([9, 10, 10]).value == 100
    assert metrics.nps([0, 6, 3]).value == -100
    assert metrics.nps([9, 9, 9, 6]).value == pytest.approx(50)
    assert metrics.nps(pd.Series([10, np.nan, 7], dtype="float")).value == pytest.approx(50)
    assert metrics.nps(pd.array([10, None, 5], dtype="Int64")).value == 0
    assert result.pct_promoters == pytest.approx(100 / 3)


def test_csat_and_ces_known_values():
    result = metrics.csat([5, 4, 3, 2, np.nan])
    assert (result.value, result.n, result.satisfied) == (50, 4, 2)
    assert metrics.csat([5, 5]).value == 100
    ces = metrics.ces([1, 2, 3, 7, np.nan])
    assert ces.value == pytest.approx(13 / 4) and ces.n == 4 and ces.scale == (1, 7)
    assert metrics.ces([1, 5], scale=(1, 5)).value == 3


@pytest.mark.parametrize(
    "func, scores, value",
    [
        (metrics.nps, [9, 11], "11"),
        (metrics.nps, [-1], "-1"),
        (metrics.nps, [7.5], "7.5"),
        (metrics.csat, [0, 4], "0"),
        (metrics.csat, [6], "6"),
        (metrics.ces, [8], "8"),
    ],
)
def test_metrics_out_of_range_names_the_value(func, scores, value):
    with pytest.raises(AnalysisError) as info:
        func(scores)
    assert info.value.key == "analysis.metrics.range"
    assert value in info.value.message("en")


@pytest.mark.parametrize("scores", [[], [np.nan, None], pd.Series([], dtype=float)])
def test_metrics_empty_raises(scores):
    for func in (metrics.nps, metrics.csat, metrics.ces):
        with pytest.raises(AnalysisError) as info:
            func(scores)
        assert info.value.key == "analysis.metrics.empty"


def test_metrics_reject_text_and_bad_scale():
    for bad in (["9", 10], [True], "9910"):
        with pytest.raises(AnalysisError) as info:
            metrics.nps(bad)
        assert info.value.key == "analysis.metrics.not_number"
    with pytest.raises(AnalysisError):
        metrics.ces([3], scale=(7, 1))


def test_metric_definitions_and_texts_both_languages():
    for metric in ("nps", "csat", "ces"):
        assert metrics.definition(metric, "nl") != metrics.definition(metric, "en")
    assert "9" in metrics.definition("nps", "en") and "Reichheld" in metrics.definition("nps", "nl")
    assert "1" in metrics.ces([2]).definition("en") and "7" in metrics.ces([2]).definition("en")
    assert metrics.nps([10, 10, 0]).text("nl") == "NPS +33 (3 antwoorden: 2 promotors, 0 passieven, 1 criticasters)."
    assert metrics.ces([2, 3]).text("nl").startswith("CES 2,5 ")
    assert metrics.ces([2, 3]).text("en").startswith("CES 2.5 ")
    assert metrics.csat([5, 4, 1]).text("en") == "CSAT 67% (2 of 3 answers are 4 or 5)."


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 10), st.just(float("nan"))), min_size=1, max_size=60))
def test_nps_always_between_minus_and_plus_100(scores):
    if all(isinstance(s, float) and math.isnan(s) for s in scores):
        with pytest.raises(AnalysisError):
            metrics.nps(scores)
        return
    result = metrics.nps(scores)
    assert -100 <= result.value <= 100
    assert result.promoters + result.passives + result.detractors == result.n


# The layering (analysis imports neither charts, widgets, matplotlib nor ipywidgets and reads no
# files) is the import-linter contracts in pyproject.toml, checked by tests/test_layering.py.
