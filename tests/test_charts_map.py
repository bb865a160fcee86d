"""Charts: journey map, golden circle, communication pie, key-driver bars, figure export.

Every test name contains "chart" so ``pytest -k chart`` selects them.
"""
from __future__ import annotations

import random
from contextlib import contextmanager

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.container import ErrorbarContainer

from journeylib import t
from journeylib.charts import style
from journeylib.charts.drivers import describe_key_drivers, plot_key_drivers
from journeylib.charts.export import figure_bytes, save_figure
from journeylib.charts.golden import describe_golden_circle, plot_golden_circle
from journeylib.charts.journeymap import describe_journey_map, plot_journey_map, text_width, wrap_text
from journeylib.charts.pie import SLICES, describe_communication_pie, plot_communication_pie
from journeylib.errors import FileFormatError
from journeylib.model import LIMITS, BrandEssence, Journey, Touchpoint


# --------------------------------------------------------------------------- helpers

@contextmanager
def lecture(on: bool):
    style.lecture_style(on)
    try:
        yield
    finally:
        style.lecture_style(False)


def small_journey() -> Journey:
    rows = [
        ("before", "Website bekijken", "Website", 1, False, True),
        ("before", "Kamer boeken", "Website", 2, True, True),
        ("before", "Bevestigingsmail", "E-mail", 0, False, False),
        ("during", "Parkeren bij de intercom", "Parkeerterrein", -2, True, True),
        ("during", "Inchecken aan de balie", "Balie", 2, True, True),
        ("during", "Klacht over lawaai", "Telefoon", -3, False, True),
        ("during", "Ontbijt", "Restaurant", 3, False, True),
        ("after", "Uitchecken", "Balie", 0, False, True),
        ("after", "Enquête", "E-mail", -1, False, False),
        ("after", "Review schrijven", "", 1, False, True),
    ]
    tps = [Touchpoint(id=f"tp{i}", name=n, phase=p, channel=c, emotion=e, moment_of_truth=m, conscious=cs)
           for i, (p, n, c, e, m, cs) in enumerate(rows)]
    return Journey(name="Hotelverblijf", touchpoints=tps)


WORDS = ("Website", "bekijken", "Kamer", "boeken", "Parkeren", "intercom", "Inchecken", "balie",
         "Ontbijt", "Klacht", "lawaai", "Uitchecken", "Enquête", "WWWWWW", "ijl", "東京", "€", "café")


def big_journey(n: int, seed: int = 7) -> Journey:
    """A hard journey: long names (up to the limit), unbreakable words, 8 channels, empty channels."""
    rnd = random.Random(seed)
    channels = ["Website", "E-mail", "Telefoon", "Balie", "Parkeerterrein met slagboom en intercom", "App",
                "Restaurant", ""]
    tps = []
    for i in range(n):
        if i % 7 == 0:
            name = "W" * LIMITS["short_text"]  # the widest letter, no spaces, maximal length
        else:
            name = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 14)))[: LIMITS["short_text"]]
        tps.append(Touchpoint(id=f"t{i}", name=name, phase=rnd.choice(["before", "during", "during", "after"]),
                              channel=rnd.choice(channels), emotion=rnd.randint(-3, 3),
                              moment_of_truth=rnd.random() < 0.2, conscious=rnd.random() < 0.7))
    return Journey(name="Grote reis", touchpoints=tps)


def card_labels(ax):
    return [a for a in ax.texts if (a.get_gid() or "").startswith("tp-label-")]


def overlapping_pairs(boxes) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1:
                pairs.append((i, j))
    return pairs


def label_extents(ax):
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [text.get_window_extent(renderer) for text in card_labels(ax)], renderer


# --------------------------------------------------------------------------- journey map

def test_chart_overlap_detector_detects_overlap():
    """The overlap check itself must be able to fail."""
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "een lange tekst", gid="tp-label-a")
    ax.text(0.52, 0.5, "nog een lange tekst", gid="tp-label-b")
    boxes, _ = label_extents(ax)
    assert overlapping_pairs(boxes) == [(0, 1)]


@pytest.mark.filterwarnings("ignore:Glyph:UserWarning")
@pytest.mark.parametrize("n", [40, LIMITS["touchpoints_per_journey"]])
@pytest.mark.parametrize("lecture_on", [False, True], ids=["normal", "lecture"])
def test_chart_journey_map_labels_do_not_overlap(n, lecture_on):
    journey = big_journey(n)
    with lecture(lecture_on):
        ax = plot_journey_map(journey)
        boxes, renderer = label_extents(ax)
    assert len(boxes) == n
    assert overlapping_pairs(boxes) == []
    # every label stays inside its own card and inside the figure
    fig_box = ax.figure.bbox
    cards = {p.get_gid(): p.get_window_extent(renderer) for p in ax.artists + ax.patches
             if (p.get_gid() or "").startswith("tp-card-")}
    for text, box in zip(card_labels(ax), boxes):
        card = cards[text.get_gid().replace("tp-label-", "tp-card-")]
        assert card.x0 - 0.5 <= box.x0 and box.x1 <= card.x1 + 0.5, text.get_text()
        assert card.y0 - 0.5 <= box.y0 and box.y1 <= card.y1 + 0.5, text.get_text()
        assert fig_box.x0 <= box.x0 and box.x1 <= fig_box.x1


def test_chart_journey_map_figure_grows_with_touchpoints():
    small = plot_journey_map(small_journey()).figure.get_size_inches()
    big = plot_journey_map(big_journey(80)).figure.get_size_inches()
    assert big[1] > small[1] + 5


@pytest.mark.filterwarnings("ignore:Glyph:UserWarning")
def test_chart_journey_map_in_a_given_axes_keeps_labels_apart():
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 7))
    returned = plot_journey_map(big_journey(40), ax=right)
    assert returned is right
    assert [line for line in right.lines if line.get_gid() == "emotion-curve"], "the emotion curve is drawn"
    boxes, _ = label_extents(right)
    assert len(boxes) == 40 and overlapping_pairs(boxes) == []


def test_chart_journey_map_lanes_and_phase_headers():
    journey = small_journey()
    ax = plot_journey_map(journey, lang="en")
    texts = [a.get_text() for a in ax.texts]
    for phase, count in (("before", 3), ("during", 4), ("after", 3)):
        assert t("chart.journeymap.phase_header", "en", phase=t(f"phase.{phase}", "en"), count=count) in texts
    lanes = ["Website", "E-mail", "Parkeerterrein", "Balie", "Telefoon", "Restaurant"]
    positions = [next(a.get_position()[1] for a in ax.texts if a.get_text() == lane) for lane in lanes]
    assert positions == sorted(positions, reverse=True), "lanes in order of first appearance, top down"
    other = t("chart.journeymap.other_lane", "en")
    other_y = next(a.get_position()[1] for a in ax.texts if a.get_text().replace("\n", " ") == other)
    assert other_y < min(positions), "the lane for touchpoints without channel comes last"


def test_chart_journey_map_marks_moments_of_truth():
    journey = small_journey()
    mot = [tp for tp in journey.touchpoints if tp.moment_of_truth]
    ax = plot_journey_map(journey)
    cards = {p.get_gid(): p for p in ax.artists + ax.patches if (p.get_gid() or "").startswith("tp-card-")}
    widths = {tp.id: cards[f"tp-card-{tp.id}"].get_linewidth() for tp in journey.touchpoints}
    others = [w for i, w in widths.items() if i not in {m.id for m in mot}]
    assert min(widths[tp.id] for tp in mot) > 2 * max(others)
    stars = [line for line in ax.lines if line.get_gid() == "mot-card-stars"]
    assert len(stars) == 1 and len(stars[0].get_xdata()) == len(mot)
    assert stars[0].get_marker() == "*"
    curve_stars = [line for line in ax.lines if line.get_gid() == "mot-curve-stars"]
    assert len(curve_stars) == 1 and len(curve_stars[0].get_ydata()) == len(mot)
    # on the curve, at the heights of the moments' emotions on the band's -3..+3 scale
    tick_y = {a.get_text(): a.get_position()[1] for a in ax.texts if a.get_text() in ("-3", "0", "+3")}
    unit = (tick_y["+3"] - tick_y["0"]) / 3
    assert unit > 0 and tick_y["-3"] == pytest.approx(tick_y["0"] - 3 * unit)
    expected = sorted(tick_y["0"] + tp.emotion * unit for tp in mot)
    assert sorted(curve_stars[0].get_ydata()) == pytest.approx(expected)
    # unconscious contact moments have a dashed border, conscious ones a solid one
    for tp in journey.touchpoints:
        dashed = cards[f"tp-card-{tp.id}"].get_linestyle() not in ("-", "solid")
        assert dashed == (not tp.conscious), tp.name


def test_chart_journey_map_without_emotion_and_empty():
    ax = plot_journey_map(small_journey(), show_emotion=False)
    assert not [line for line in ax.lines if (line.get_gid() or "").startswith(("emotion", "mot-curve"))]
    assert [line for line in plot_journey_map(small_journey()).lines if line.get_gid() == "emotion-curve"]
    empty = plot_journey_map(Journey(name="Leeg"))
    assert t("chart.journeymap.empty") in [a.get_text() for a in empty.texts]
    empty.figure.canvas.draw()


def test_chart_journey_map_numbers_follow_phase_order():
    tps = [Touchpoint(id="a", name="Na eerst", phase="after"),
           Touchpoint(id="b", name="Voor later", phase="before")]
    ax = plot_journey_map(Journey(name="Volgorde", touchpoints=tps))
    labels = {a.get_gid(): a.get_text() for a in card_labels(ax)}
    assert labels["tp-label-b"].startswith("1. ") and labels["tp-label-a"].startswith("2. ")


def test_chart_wrap_text_splits_long_words_with_a_hyphen():
    lines = wrap_text("Boekingsbevestiging per mail", 60, 8)
    assert len(lines) > 1 and lines[0].endswith("-") and all(text_width(x, 8) <= 60 for x in lines)
    assert "".join(x[:-1] if x.endswith("-") else x + " " for x in lines).strip() == "Boekingsbevestiging per mail"
    assert wrap_text("klant-contactmomentenlijst", 60, 8)[0] == "klant-"  # after its own hyphen
    assert all(len(x.rstrip("-")) >= 3 for x in wrap_text("Veiligheidsinstructie", 62, 8))


def test_chart_wrap_text_limits_lines_and_width():
    lines = wrap_text("W" * 120, 60, 8, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line, 8) <= 60 for line in lines)
    assert wrap_text("kort", 60, 8) == ["kort"]
    assert wrap_text("twee\nregels   samen", 500, 8) == ["twee regels samen"]


def test_chart_describe_journey_map():
    journey = small_journey()
    nl = describe_journey_map(journey, lang="nl")
    en = describe_journey_map(journey, lang="en")
    assert nl == describe_journey_map(journey, lang="nl")
    assert nl != en
    assert "10 contactmomenten" in nl and "10 touchpoints" in en
    assert "met 10 contactmomenten (Voor 3, Tijdens 4, Na 3)." in nl
    assert ("'Kamer boeken' (nr. 2), 'Parkeren bij de intercom' (nr. 4) en "
            "'Inchecken aan de balie' (nr. 5)") in nl, "moments of truth in journey order"
    assert "Laagste emotie (\u22123): 'Klacht over lawaai' (nr. 6)" in nl
    assert "Highest emotion (+3): 'Ontbijt' (no. 7)" in en
    assert "Website, E-mail, Parkeerterrein, Balie, Telefoon en Restaurant" in nl
    assert "1 contactmoment heeft geen kanaal" in nl
    assert "2 touchpoints are unconscious" in en
    # the current language is the default
    assert describe_journey_map(journey) == nl


def test_chart_describe_journey_map_ties_by_name():
    tps = [Touchpoint(id="z", name="Zwembad", phase="before", emotion=-2),
           Touchpoint(id="a", name="Aankomst", phase="during", emotion=-2),
           Touchpoint(id="m", name="Midden", phase="after", emotion=1)]
    text = describe_journey_map(Journey(name="Gelijk", touchpoints=tps), lang="nl")
    assert "Laagste emotie (\u22122): 'Aankomst' (nr. 2) en 'Zwembad' (nr. 1)." in text
    assert "nog geen moment van de waarheid" in text
    flat = describe_journey_map(Journey(name="Vlak", touchpoints=tps[:1]), lang="en")
    assert "All touchpoints have the same emotion (\u22122)" in flat
    assert "no touchpoints yet" in describe_journey_map(Journey(name="Leeg"), lang="en")


# --------------------------------------------------------------------------- golden circle

FULL_BRAND = BrandEssence(
    organisation="Southwest Airlines",
    why="Iedereen moet kunnen vliegen: vrijheid om te reizen, met warmte en plezier.",
    how="Personeel dat zichzelf mag zijn, snelle omdraaitijden en geen gedoe met toeslagen. " * 4,
    what="Binnenlandse vluchten tegen lage prijzen.",
    essence_words=["fun", "friendly", "easy going"],
)


def _texts_by_gid(ax) -> dict[str, str]:
    return {a.get_gid(): a.get_text() for a in ax.texts if a.get_gid()}


def test_chart_golden_circle_full_brand():
    ax = plot_golden_circle(FULL_BRAND, lang="nl")
    texts = _texts_by_gid(ax)
    assert texts["golden-text-what"] == "Binnenlandse vluchten tegen lage prijzen."
    assert texts["golden-text-how"].endswith("…"), "a long text is shortened"
    assert texts["golden-text-how"].count("\n") <= 2
    assert [texts[f"golden-word-{i}"] for i in (1, 2, 3)] == ["fun", "friendly", "easy going"]
    assert "Southwest Airlines" in ax.get_title(loc="left")
    circles = [p for p in ax.patches if type(p).__name__ == "Circle"]
    assert sorted(round(c.radius, 3) for c in circles) == [0.333, 0.667, 1.0]
    labels = {a.get_text() for a in ax.texts}
    assert {"WAAROM", "HOE", "WAT"} <= labels


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_golden_circle_empty_brand_shows_placeholders(lang):
    with lecture(True):
        ax = plot_golden_circle(BrandEssence(), lang=lang)
        ax.figure.canvas.draw()
    texts = _texts_by_gid(ax)
    first_words = t("chart.golden.placeholder_why", lang).split()[:2]
    assert texts["golden-text-why"].split()[:2] == first_words
    assert texts["golden-word-2"] == t("chart.golden.word_placeholder", lang, number=2)
    assert ax.get_title(loc="left") == t("chart.golden.title_empty", lang)


def test_chart_describe_golden_circle():
    nl = describe_golden_circle(FULL_BRAND, lang="nl")
    en = describe_golden_circle(FULL_BRAND, lang="en")
    assert nl != en and nl == describe_golden_circle(FULL_BRAND, lang="nl")
    assert "Sinek" in nl and "'Southwest Airlines'" in nl
    assert "Merkwoorden: 'fun', 'friendly' en 'easy going'." in nl
    assert "Wat: 'Binnenlandse vluchten tegen lage prijzen'." in nl
    assert "filled in" in en
    empty = describe_golden_circle(BrandEssence(), lang="nl")
    assert "Nog niet ingevuld: waarom, hoe, wat en 3 merkwoorden." in empty
    partial = BrandEssence(organisation="KLM", why="Verbinden", essence_words=["betrouwbaar", "", ""])
    assert "Not filled in yet: how, what and 2 essence words." in describe_golden_circle(partial, lang="en")


# --------------------------------------------------------------------------- communication pie

def _pie_labels(ax) -> dict[str, str]:
    return {g.removeprefix("pie-label-"): s for g, s in _texts_by_gid(ax).items() if g.startswith("pie-label-")}


def test_chart_pie_hides_names_until_revealed():
    ax = plot_communication_pie(lang="nl")
    labels = _pie_labels(ax)
    assert sorted(labels) == ["A", "B", "C"]
    assert all(text.endswith(": ?") for text in labels.values())
    wedges = [p for p in ax.patches if (p.get_gid() or "").startswith("pie-slice-")]
    assert [round(w.theta2 - w.theta1, 6) for w in wedges] == [round(3.6 * s, 6) for _, s, _ in SLICES]
    assert len({w.get_hatch() for w in wedges}) == 3 and all(w.get_hatch() for w in wedges)
    shares = " ".join(_texts_by_gid(ax)[f"pie-share-{letter}"] for _, _, letter in SLICES)
    assert "7%" in shares and "38%" in shares and "55%" in shares


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_pie_reveal_and_learner_labels(lang):
    ax = plot_communication_pie(["woorden", "", "lichaamstaal"], lang=lang)
    labels = _pie_labels(ax)
    assert "woorden" in labels["A"] and labels["B"].endswith("?") and "lichaamstaal" in labels["C"]
    with lecture(True):
        ax = plot_communication_pie(["woorden", "", "stem"], reveal=True, lang=lang)
        ax.figure.canvas.draw()
    labels = {k: v.replace("\n", " ") for k, v in _pie_labels(ax).items()}
    for key, _, letter in SLICES:
        assert t(f"chart.pie.answer_{key}", lang) in labels[letter]
    assert "stem" in labels["C"] and "?" not in labels["B"]
    assert "Mehrabian" in _texts_by_gid(ax)["pie-caveat"]


def test_chart_describe_pie_states_the_caveat():
    nl = describe_communication_pie(lang="nl")
    en = describe_communication_pie(lang="en")
    assert nl != en
    for text in (nl, en):
        assert "Mehrabian" in text and "Silent Messages, 1971" in text and "7%" in text and "55%" in text
    assert "gevoelens en houding" in nl and "sympathiek" in nl and "tegenspreken" in nl
    assert "niet gelden voor communicatie in het algemeen" in nl
    assert "feelings and attitudes" in en and "liking" in en and "disagree" in en
    assert "do not apply to communication in general" in en
    revealed = describe_communication_pie(["woorden"], reveal=True, lang="nl")
    assert "A woorden (7%), B toon van de stem (38%) en C gezichtsuitdrukking (55%)" in revealed
    assert "Jouw namen: A 'woorden'." in revealed
    assert "Mehrabian waarschuwt zelf" in revealed
    assert "nog geen naam" in nl and "nog geen naam" not in revealed


# --------------------------------------------------------------------------- key-driver bars

def drivers_frame(interval: bool = True, binary: bool = False, method: str = "shapley") -> pd.DataFrame:
    df = pd.DataFrame({"driver": ["seat", "wifi", "food", "boarding"],
                       "importance": [0.20, 0.05, 0.05, 0.10]})
    df["share"] = df["importance"] / df["importance"].sum()
    if interval:
        df["low"] = df["importance"] * 0.6
        df["high"] = df["importance"] * 1.5
    df.attrs.update(r2=0.4, n=1234, method=method, binary=binary, note="")
    return df


LABELS = {"seat": "Stoelcomfort", "wifi": "Wifi", "food": "Eten en drinken", "boarding": "Instappen"}


def _bar_order(ax) -> list[str]:
    ticks = sorted(zip(ax.get_yticks(), [lbl.get_text() for lbl in ax.get_yticklabels()]), reverse=True)
    return [text for _, text in ticks]


def test_chart_key_drivers_sorted_with_intervals():
    ax = plot_key_drivers(drivers_frame(), labels=LABELS, lang="nl")
    assert _bar_order(ax) == ["Stoelcomfort", "Instappen", "Eten en drinken", "Wifi"]
    assert any(isinstance(c, ErrorbarContainer) for c in ax.containers)
    title = ax.get_title(loc="left")
    assert "Shapley-waarden" in title and "R² = 0,40" in title
    assert "50%" in [a.get_text() for a in ax.texts]
    assert "n = 1.234" in ax.get_xlabel()


def test_chart_key_drivers_without_intervals_binary_english():
    with lecture(True):
        ax = plot_key_drivers(drivers_frame(interval=False, binary=True, method="relative_weights"), lang="en")
        ax.figure.canvas.draw()
    assert not any(isinstance(c, ErrorbarContainer) for c in ax.containers)
    assert _bar_order(ax) == ["seat", "boarding", "food", "wifi"]
    assert "relative weights" in ax.get_title(loc="left") and "R² = 0.40" in ax.get_title(loc="left")
    assert "linear probability model" in ax.get_xlabel()


def test_chart_key_drivers_empty_frame():
    df = drivers_frame().iloc[0:0]
    ax = plot_key_drivers(df)
    assert t("chart.drivers.empty") in [a.get_text() for a in ax.texts]
    assert describe_key_drivers(df, lang="en") == t("chart.drivers.describe_empty", "en")


def test_chart_describe_key_drivers():
    df = drivers_frame(binary=True)
    nl = describe_key_drivers(df, labels=LABELS, lang="nl")
    en = describe_key_drivers(df, labels=LABELS, lang="en")
    assert nl != en
    assert "'Stoelcomfort' (50%), 'Instappen' (25%) en 'Eten en drinken' (12%)" in nl
    assert "R² = 0,40" in nl and "40%" in nl and "n = 1.234" in nl
    assert "R² = 0.40" in en and "n = 1,234" in en
    assert "lineair kansmodel" in nl and "linear probability model" in en
    assert "bootstrap" in nl
    shuffled = df.sample(frac=1, random_state=3)
    shuffled.attrs = dict(df.attrs)
    assert describe_key_drivers(shuffled, labels=LABELS, lang="nl") == nl
    plain = describe_key_drivers(drivers_frame(interval=False), lang="en")
    assert "linear probability" not in plain and "bootstrap" not in plain
    assert describe_key_drivers(drivers_frame(), top=1, lang="en").count("%)") == 1


# --------------------------------------------------------------------------- figure export

@pytest.fixture
def figure():
    ax = plot_golden_circle(FULL_BRAND, lang="en")
    return ax.figure


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG\r\n\x1a\n"), (".pdf", b"%PDF"), (".svg", b"<")])
def test_chart_save_figure_formats(tmp_path, figure, suffix, magic):
    path = save_figure(figure, tmp_path / f"golden{suffix.upper() if suffix == '.pdf' else suffix}")
    data = path.read_bytes()
    assert data.startswith(magic)
    if suffix == ".svg":
        text = data.decode("utf-8")
        assert "<svg" in text
        assert "Golden circle of Southwest Airlines" in text, "SVG keeps text as text"
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary file left behind"


def test_chart_save_figure_from_axes_replaces_atomically(tmp_path, figure):
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    save_figure(figure.axes[0], target)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert save_figure(figure, tmp_path / "plain.bin", format="svg").read_bytes().startswith(b"<")


def test_chart_save_figure_refuses_unknown_suffix(tmp_path, figure):
    with pytest.raises(FileFormatError) as info:
        save_figure(figure, tmp_path / "golden.jpg")
    assert ".png" in info.value.message("nl") and "figuur" in info.value.message("nl")
    assert ".png" in info.value.message("en") and "figure" in info.value.message("en")
    assert "golden.jpg" in str(info.value)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileFormatError):
        figure_bytes(figure, "gif")


def test_chart_save_figure_missing_folder(tmp_path, figure):
    with pytest.raises(FileFormatError) as info:
        save_figure(figure, tmp_path / "nope" / "golden.png")
    assert "golden.png" in info.value.message("en")


def test_chart_figure_bytes_are_stable(figure):
    assert figure_bytes(figure, "png").startswith(b"\x89PNG")
    assert figure_bytes(figure, ".pdf").startswith(b"%PDF")
    assert figure_bytes(figure, "svg") == figure_bytes(figure, "svg")
