"""Charts over the analyses: quadrants, emotion curve, service staircase, channels, brand fit.

Every test name contains "chart" so ``pytest -k chart`` selects them.
"""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from journeylib.analysis import brandfit, ipa, service  # noqa: E402
from journeylib.charts import brandfit as bf_chart  # noqa: E402
from journeylib.charts import channels as ch_chart  # noqa: E402
from journeylib.charts import emotion, examples, levels, quadrants, style  # noqa: E402
from journeylib.errors import AnalysisError  # noqa: E402
from journeylib.i18n import t  # noqa: E402
from journeylib.model import ChannelMatrix, Journey, ServiceLevel, Touchpoint  # noqa: E402

L = ServiceLevel


def _tp(id_, name, phase, **kw):
    return Touchpoint(id=id_, name=name, phase=phase, **kw)


@pytest.fixture
def journey() -> Journey:
    return Journey(
        name="Partnerbezoek",
        touchpoints=[
            _tp("invite", "Uitnodiging", "before", importance=3, influence=5, performance=4, emotion=1,
                service_level=L.DESIRED),
            _tp("flight", "Vlucht", "before", importance=4, influence=1, performance=3, emotion=-1,
                service_level=L.EXPECTED),
            _tp("arrival", "Ontvangst op het vliegveld", "during", importance=5, influence=5, performance=2,
                emotion=-3, service_level=L.BASIC),
            _tp("taxi", "Taxi", "during", importance=2, influence=3, performance=3, emotion=0,
                service_level=L.EXPECTED),
            _tp("tour", "Rondleiding", "during", importance=5, influence=5, performance=5, emotion=3,
                service_level=L.SURPRISING),
            _tp("home", "Terugvlucht", "after", importance=2, influence=1, performance=2, emotion=1),
        ],
    )


@pytest.fixture
def matrix() -> ChannelMatrix:
    return examples.channel_matrix()  # three channels, three problem types, two inconsistent


@pytest.fixture
def ratings():
    return examples.brand_fit_ratings()  # Southwest and KLM, two behaviours


@pytest.fixture
def derived():
    drivers = pd.DataFrame({"driver": ["wifi", "food", "seat"], "importance": [0.1, 0.2, 0.3],
                            "share": [1 / 6, 2 / 6, 3 / 6]})
    survey = pd.DataFrame({"wifi": [5, 5, np.nan], "food": [1, 2, 3], "seat": [4, 4, 4]})
    return ipa.derived_ipa(drivers, survey)


@pytest.fixture
def lecture():
    style.lecture_style(True)
    yield
    style.lecture_style(False)


def _texts(ax) -> list[str]:
    return [x.get_text() for x in ax.texts] + [c.get_text() for c in ax.get_children() if hasattr(c, "get_text")]


def _all_text(ax) -> str:
    parts = _texts(ax) + [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
    parts += [x.get_text() for x in ax.get_xticklabels() + ax.get_yticklabels()]
    return "\n".join(parts)


def _points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


NOISE = re.compile(r"\d[.,]\d{3,}")  # no floating-point noise in alt texts


# --------------------------------------------------------------------------- IPA and importance x influence

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_ipa_points_quadrants_and_crosshair(journey, lang):
    table = ipa.journey_ipa(journey)
    ax = quadrants.plot_ipa(table, lang=lang)
    assert _points(ax) == len(journey.touchpoints)
    quadrant_texts = {x.get_gid(): x.get_text() for x in ax.texts if (x.get_gid() or "").startswith("quadrant-")}
    assert quadrant_texts == {f"quadrant-{k}": t(f"quadrant.{k}", lang) for k in ipa.QUADRANTS}
    lines = {ln.get_gid(): ln for ln in ax.get_lines()}
    assert lines["crosshair-x"].get_xdata()[0] == 3 and lines["crosshair-y"].get_ydata()[0] == 3
    text = _all_text(ax)
    assert t("chart.ipa.crosshair.midpoint", lang, x="3", y="3") in text  # the chart says which rule
    for tp in journey.touchpoints:
        assert tp.name in text
    # one marker shape per quadrant, not colour alone
    markers = {c.get_gid(): c.get_paths()[0].vertices.shape for c in ax.collections if isinstance(c, PathCollection)}
    assert len(set(markers.values())) == len(markers)


def test_chart_ipa_mean_rule_is_stated(journey):
    ax = quadrants.plot_ipa(ipa.journey_ipa(journey, crosshair="mean"), lang="en")
    assert "Crosshair at the data mean" in _all_text(ax)


def test_chart_ipa_derived(derived):
    ax = quadrants.plot_ipa(derived, lang="nl")
    assert _points(ax) == 3
    assert ax.get_ylabel() == t("chart.ipa.y_derived", "nl")
    ax.figure.canvas.draw()
    assert any(lbl.get_text().endswith("%") for lbl in ax.get_yticklabels())
    text = quadrants.describe_ipa(derived, lang="nl")
    assert "afgeleid belang" in text and "belang 33%" in text and not NOISE.search(text)
    assert "Eerst aanpakken: 'food'" in text


def test_chart_ipa_rejects_other_input():
    with pytest.raises(AnalysisError):
        quadrants.plot_ipa(pd.DataFrame({"x": [1]}))


def test_chart_ipa_describe(journey):
    table = ipa.journey_ipa(journey)
    nl, en = quadrants.describe_ipa(table, lang="nl"), quadrants.describe_ipa(table, lang="en")
    assert nl == quadrants.describe_ipa(ipa.journey_ipa(journey), lang="nl")  # deterministic
    assert nl != en
    assert "Hier op concentreren (1): 'Ontvangst op het vliegveld'." in nl
    assert "Tackle first: 'Ontvangst op het vliegveld' (importance 5, performance 2)." in en
    assert "midden van de schaal" in nl and "Martilla & James 1977" in en


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_importance_influence(journey, lang):
    ax = quadrants.plot_importance_influence(journey, lang=lang)
    assert _points(ax) == len(journey.touchpoints)
    names = {x.get_text() for x in ax.texts if (x.get_gid() or "").startswith("quadrant-")}
    assert names == {t(f"ii.{k}", lang) for k in ("act", "prepare", "standardise", "accept")}
    text = quadrants.describe_importance_influence(journey, lang=lang)
    assert "'Ontvangst op het vliegveld'" in text and "Example WOW" in text
    assert text == quadrants.describe_importance_influence(journey, lang=lang)
    assert text != quadrants.describe_importance_influence(journey, lang="en" if lang == "nl" else "nl")


def test_chart_labels_of_coinciding_points_do_not_overlap():
    df = pd.DataFrame({"label": ["Eerste punt", "Tweede punt", "Derde punt"], "importance": [4, 4, 4],
                       "performance": [2, 2, 2]})
    ax = quadrants.plot_ipa(ipa.ipa_table(df))
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    # the text itself, without the leader line an annotation's extent includes
    boxes = [Text.get_window_extent(a, renderer) for a in ax.texts if a.get_text() in set(df["label"])]
    assert len(boxes) == 3
    for i in range(3):
        for j in range(i + 1, 3):
            assert not boxes[i].overlaps(boxes[j])


# --------------------------------------------------------------------------- emotion curve

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_emotion_curve_marks_peak_and_end(journey, lang):
    ax = emotion.plot_emotion(journey, lang=lang)
    lines = {ln.get_gid(): ln for ln in ax.get_lines() if ln.get_gid()}
    assert list(lines["emotion-line"].get_ydata()) == [tp.emotion for tp in journey.touchpoints]
    assert tuple(lines["mark-peak"].get_xydata()[0]) == (2, -3)
    assert tuple(lines["mark-end"].get_xydata()[0]) == (5, 1)
    text = _all_text(ax)
    assert t("chart.emotion.peak", lang, name="Ontvangst op het vliegveld", value="\u22123") in text
    assert t("chart.emotion.end", lang, name="Terugvlucht", value="+1") in text
    assert all(t(f"phase.{p}", lang) in text for p in ("before", "during", "after"))
    # remembered (-1.0) and average (+0.17) as horizontal lines
    ys = sorted(round(ln.get_ydata()[0], 2) for ln in ax.get_lines() if ln.get_linestyle() in ("--", ":"))
    assert ys == [-1.0, 0.17]
    assert len([p for p in ax.patches if (p.get_gid() or "").startswith("phase-")]) == 3


def test_chart_emotion_describe(journey):
    nl, en = emotion.describe_emotion(journey, lang="nl"), emotion.describe_emotion(journey, lang="en")
    assert nl != en and nl == emotion.describe_emotion(journey, lang="nl")
    assert "herinnerde score \u22121,0, tegenover een gewoon gemiddelde van 0,2" in nl
    assert "more negatively" in en and not NOISE.search(en)


def test_chart_emotion_peak_is_end():
    j = Journey(name="x", touchpoints=[_tp("a", "A", "before", emotion=1), _tp("b", "B", "after", emotion=-2)])
    ax = emotion.plot_emotion(j, lang="en")
    assert "Peak and end: B (\u22122)" in _all_text(ax)
    assert "The peak is also the last moment." in emotion.describe_emotion(j, lang="en")


def test_chart_emotion_empty_journey_raises():
    with pytest.raises(AnalysisError):
        emotion.plot_emotion(Journey(name="leeg"))


# --------------------------------------------------------------------------- staircase

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_staircase_six_steps_with_counts(journey, lang):
    ax = levels.plot_staircase(journey, lang=lang)
    steps = [p for p in ax.patches if (p.get_gid() or "").startswith("step-")]
    assert [p.get_height() for p in steps] == [1, 2, 3, 4, 5, 6]
    counts = {x.get_gid(): x.get_text() for x in ax.texts if (x.get_gid() or "").startswith("count-")}
    assert counts == {"count-criminal": "0", "count-basic": "1", "count-expected": "2", "count-desired": "1",
                      "count-surprising": "1", "count-unbelievable": "0"}
    ticks = [x.get_text() for x in ax.get_xticklabels()]
    assert ticks[0].endswith(t("level.criminal", lang)) and ticks[-1].endswith(t("level.unbelievable", lang))
    assert t("chart.levels.drift", lang) in _all_text(ax)


def test_chart_staircase_describe(journey):
    nl = levels.describe_staircase(journey, lang="nl")
    assert nl.startswith("Trap van de zes serviceniveaus")
    assert "Crimineel 0, Basis 1, Verwacht 2, Gewenst 1, Verrassend 1, Ongelooflijk 0" in nl
    assert "Zonder niveau: 1." in nl and "Meest voorkomend: Verwacht (2)." in nl
    en = levels.describe_staircase(journey, lang="en")
    assert en != nl and "Below Expected (Criminal or Basic): 1" in en
    empty = levels.describe_staircase([], lang="en")
    assert "No touchpoint has a service level yet." in empty
    tie = levels.describe_staircase([1, 6], lang="en")
    assert "Most common: Criminal and Unbelievable (1)." in tie
    ax = levels.plot_staircase(service.level_distribution([3, 3]), lang="en")  # a distribution works too
    assert {x.get_gid(): x.get_text() for x in ax.texts if x.get_gid() == "count-expected"} == {"count-expected": "2"}


# --------------------------------------------------------------------------- channel heatmap

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_channel_heatmap(matrix, lang):
    ax = ch_chart.plot_channel_heatmap(matrix, lang=lang)
    texts = [x.get_text() for x in ax.texts]
    assert texts.count(ch_chart.YES) == 6 and texts.count(ch_chart.NO) == 3
    cells = [p for p in ax.patches if (p.get_gid() or "").startswith("cell-")]
    assert len(cells) == 9
    assert all(p.get_hatch() for p in cells if p.get_gid() == "cell-no")  # not colour alone
    # problem types are the rows and channels the columns, as in the ChannelGrid (issue 11)
    framed = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() == "inconsistent-row"]
    assert len(framed) == 2 and all(p.get_height() < 1 and p.get_width() > 2 for p in framed)
    rows = [x.get_text().replace("\n", " ") for x in ax.get_yticklabels()]
    assert rows[0].startswith(ch_chart.WARN) and "Verkeerde rekening" in rows[0]
    assert rows[2] == "Abonnement wijzigen"
    assert [x.get_text() for x in ax.get_xticklabels()] == ["Social media", "Telefoon", "Winkel"]
    assert "33%" in ax.get_title(loc="left")


def test_chart_channel_heatmap_describe_and_empty(matrix):
    nl = ch_chart.describe_channel_heatmap(matrix, lang="nl")
    en = ch_chart.describe_channel_heatmap(matrix, lang="en")
    assert nl != en and nl == ch_chart.describe_channel_heatmap(matrix, lang="nl")
    assert "Bij 'Verkeerde rekening' verschillen de kanalen: zelf oplossen mag bij het kanaal Social media, niet bij Telefoon en Winkel." in nl
    assert "Consistency 33%" in en
    assert nl.startswith("Tabel van 3 soorten problemen (rijen) en 3 kanalen (kolommen)")
    ax = ch_chart.plot_channel_heatmap(ChannelMatrix(), lang="en")
    assert t("chart.channels.empty", "en") in _all_text(ax)
    assert t("chart.channels.empty", "nl") in ch_chart.describe_channel_heatmap(ChannelMatrix(), lang="nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_channel_heatmap_nothing_allowed_is_not_praised(lang):
    """Issue 11: a grid of "No" everywhere was titled and described as 100 % consistent."""
    nothing = ChannelMatrix(channels=["Telefoon", "Winkel"], problems=["Storing", "Factuur"])
    ax = ch_chart.plot_channel_heatmap(nothing, lang=lang)
    title = ax.get_title(loc="left")
    assert "100" not in title and title == t("chart.channels.title_nothing", lang)
    text = ch_chart.describe_channel_heatmap(nothing, lang=lang)
    assert "100" not in text and t("channels.all_consistent", lang) not in text
    assert t("channels.nothing_allowed", lang, total=2) in text
    assert ("Geen enkel kanaal mag een van deze 2 soorten problemen" if lang == "nl"
            else "No channel may solve any of these 2 problem types") in text


# --------------------------------------------------------------------------- brand fit

def test_chart_brand_fit_two_brands_side_by_side(ratings):
    ax = bf_chart.plot_brand_fit(ratings, lang="nl")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 4
    assert sorted(int(b.get_width()) for b in bars) == [-3, -2, 2, 5]
    assert [x.get_text() for x in ax.get_legend().get_texts()] == ["Southwest", "KLM"]
    assert {b.get_hatch() for b in bars} == {None, "//"} or {b.get_hatch() for b in bars} == {"", "//"}
    text = _all_text(ax)
    assert "Southwest: +5 past" in text and "KLM: \u22123 botst" in text


def test_chart_brand_fit_one_brand(ratings):
    table = brandfit.fit_table(ratings, ["fun", "friendly", "easy going"], brand="Southwest", lang="en")
    ax = bf_chart.plot_brand_fit(table, lang="en")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert [int(b.get_width()) for b in bars] == [5, -2]
    assert bars[1].get_hatch() == "//"  # the clash is hatched, not only red
    assert "Southwest" in ax.get_title(loc="left")
    text = bf_chart.describe_brand_fit(table, lang="en")
    assert text.startswith("Brand fit of 2 behaviours for Southwest")
    assert "'fun', 'friendly' and 'easy going'" in text
    assert "Clashes: 'Strikte controle' (\u22122)." in text


def test_chart_brand_fit_describe_compares(ratings):
    nl = bf_chart.describe_brand_fit(ratings, lang="nl")
    en = bf_chart.describe_brand_fit(ratings, lang="en")
    assert nl != en and nl == bf_chart.describe_brand_fit(ratings, lang="nl")
    assert "'Steward rapt de veiligheidsinstructies': Southwest +5 (past), KLM \u22123 (botst)." in nl
    assert "The verdict differs between brands" in en


# --------------------------------------------------------------------------- shared behaviour

def _all_plots(journey, matrix, ratings, derived):
    return [
        (quadrants.plot_ipa, quadrants.describe_ipa, ipa.journey_ipa(journey)),
        (quadrants.plot_ipa, quadrants.describe_ipa, derived),
        (quadrants.plot_importance_influence, quadrants.describe_importance_influence, journey),
        (emotion.plot_emotion, emotion.describe_emotion, journey),
        (levels.plot_staircase, levels.describe_staircase, journey),
        (ch_chart.plot_channel_heatmap, ch_chart.describe_channel_heatmap, matrix),
        (bf_chart.plot_brand_fit, bf_chart.describe_brand_fit, ratings),
    ]


def test_chart_every_plot_uses_the_given_ax(journey, matrix, ratings, derived):
    for plot, _describe, data in _all_plots(journey, matrix, ratings, derived):
        fig, axes = plt.subplots(1, 2)
        assert plot(data, ax=axes[1], lang="en") is axes[1]
        assert not axes[0].has_data() and len(fig.axes) == 2
        plt.close(fig)


def test_chart_every_plot_in_lecture_style(journey, matrix, ratings, derived, lecture):
    assert style.is_lecture()
    for plot, _describe, data in _all_plots(journey, matrix, ratings, derived):
        ax = plot(data, lang="nl")
        assert ax.figure.get_figwidth() == pytest.approx(13)
        ax.figure.canvas.draw()  # renders without error at projector sizes
        plt.close(ax.figure)


def test_chart_describe_texts_are_one_deterministic_paragraph(journey, matrix, ratings, derived):
    for _plot, describe, data in _all_plots(journey, matrix, ratings, derived):
        nl, en = describe(data, lang="nl"), describe(data, lang="en")
        assert nl == describe(data, lang="nl") and en != nl
        for text in (nl, en):
            assert "\n" not in text and not NOISE.search(text) and text.endswith(".")


def test_chart_describe_follows_current_language(journey):
    import journeylib

    journeylib.set_language("en")
    assert emotion.describe_emotion(journey) == emotion.describe_emotion(journey, lang="en")


# charts never import ipywidgets: the import-linter contracts in pyproject.toml (tests/test_layering.py)
