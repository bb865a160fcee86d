"""Quadrant chart labels (IPA, importance × influence) never overlap each other or a point
marker, and stay inside the chart (issue 11: "Online boekerInchecken aan de receptie").

Checked on what matplotlib draws: the window extents of the drawn texts and the markers as
drawn, after a full draw, for 8, 20 and 40 touchpoints, in Dutch and English, in the normal
and the lecture (projector) style.
"""
from __future__ import annotations

import os
import random

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from journeylib.analysis import ipa  # noqa: E402
from journeylib.charts import quadrants, style  # noqa: E402
from journeylib.model import Journey, Touchpoint  # noqa: E402

NAMES = {
    "nl": ["Online boeker", "Inchecken aan de receptie", "Website bekijken", "Afspraak maken",
           "Bevestiging per mail", "Herinnering per sms", "Route plannen", "Parkeren", "Ontvangst bij de balie",
           "Wachten in de wachtkamer", "Gesprek met de specialist", "Uitleg over de behandeling", "Betalen",
           "Napraten", "Vervolgafspraak maken", "Uitslag in het portaal", "Vragenlijst na het bezoek",
           "Koffie in het restaurant", "Wifi in de kamer", "Uitchecken"],
    "en": ["Online booker", "Checking in at reception", "Looking at the website", "Making an appointment",
           "Confirmation by e-mail", "Text reminder", "Planning the route", "Parking", "Welcome at the desk",
           "Waiting in the waiting room", "Consultation with the specialist", "Explaining the treatment", "Paying",
           "Talking it over", "Booking the follow-up", "Results in the portal", "Questionnaire after the visit",
           "Coffee in the restaurant", "Wifi in the room", "Checking out"],
}
PHASES = ("before", "during", "after")


def journey(n: int, lang: str, seed: int) -> Journey:
    """``n`` touchpoints with integer ratings 1..5 (several share a spot, as in real journeys)."""
    rng = random.Random(seed)
    names = NAMES[lang]
    return Journey(name="Labels", touchpoints=[
        Touchpoint(id=f"tp-{i:02d}", name=names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else ""),
                   phase=PHASES[i * 3 // n], importance=rng.randint(1, 5), influence=rng.randint(1, 5),
                   performance=rng.randint(1, 5), expectation=rng.randint(1, 5), emotion=0, frequency=3)
        for i in range(n)])


@pytest.fixture(params=[False, True], ids=["normal", "lecture"])
def lecture(request):
    before = style.is_lecture()
    style.apply(lecture=request.param)
    yield request.param
    style.apply(lecture=before)
    plt.close("all")


def overlap(a, b, slack: float = 0.5) -> bool:
    """Two boxes (x0, y0, x1, y1) overlap by more than ``slack`` pixels each way."""
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def drawn_boxes(ax):
    """(label boxes with their texts, marker boxes, quadrant name boxes, the Axes' box) in display
    pixels, from a full draw."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [(x.get_text(), x.get_window_extent(renderer).extents) for x in ax.texts
              if x.get_transform() is not ax.transAxes]  # not the quadrant names or the note
    names = [x.get_window_extent(renderer).extents for x in ax.texts if (x.get_gid() or "").startswith("quadrant-")]
    markers = []
    for coll in ax.collections:
        if not (coll.get_gid() or "").startswith("points-"):
            continue
        radius = np.sqrt(coll.get_sizes()[0]) / 2 * fig.dpi / 72  # half the marker's size, in pixels
        for x, y in ax.transData.transform(coll.get_offsets()):
            markers.append((x - radius, y - radius, x + radius, y + radius))
    return labels, markers, names, ax.get_window_extent(renderer).extents


def label_problems(ax) -> list[str]:
    labels, markers, names, frame = drawn_boxes(ax)
    found = []
    for i, (text, box) in enumerate(labels):
        for other, obox in labels[i + 1:]:
            if overlap(box, obox):
                found.append(f"{text!r} overlaps {other!r}")
        hits = sum(overlap(box, m) for m in markers)
        if hits:
            found.append(f"{text!r} covers {hits} point marker(s)")
        if any(overlap(box, q) for q in names):
            found.append(f"{text!r} overlaps a quadrant's name")
        if box[0] < frame[0] - 1 or box[2] > frame[2] + 1 or box[1] < frame[1] - 1 or box[3] > frame[3] + 1:
            found.append(f"{text!r} reaches outside the chart")
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("n", [8, 20, 40])
@pytest.mark.parametrize("chart", ["ipa", "ii"])
def test_quadrant_labels_do_not_overlap(chart, n, lang, lecture):
    for seed in (1, 2, 3):
        j = journey(n, lang, seed)
        if chart == "ipa":
            ax = quadrants.plot_ipa(ipa.journey_ipa(j), lang=lang)
        else:
            ax = quadrants.plot_importance_influence(j, lang=lang)
        found = label_problems(ax)
        labels = len(drawn_boxes(ax)[0])
        plt.close(ax.figure)
        assert labels == n, f"{labels} labels for {n} points"
        assert not found, f"seed {seed}: " + "; ".join(found)


def test_the_check_can_fail():
    """Two labels drawn on top of each other, and one on a marker, are found."""
    j = journey(8, "nl", 1)
    ax = quadrants.plot_importance_influence(j, lang="nl")
    first = next(x for x in ax.texts if x.get_text() == "Online boeker")
    ax.text(*first.get_position(), "Inchecken aan de receptie", transform=first.get_transform(),
            ha=first.get_ha(), va=first.get_va(), fontproperties=first.get_fontproperties())
    x, y = ax.collections[-1].get_offsets()[0]
    ax.text(x, y, "op een punt", ha="center", va="center")
    found = label_problems(ax)
    plt.close(ax.figure)
    assert any("'Online boeker' overlaps 'Inchecken aan de receptie'" in f for f in found), found
    assert any("'op een punt' covers" in f for f in found), found
