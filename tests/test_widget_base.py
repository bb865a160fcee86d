"""The SVG output every widget chart goes through: nothing drawn is cut off.

Widget charts are SVG (``charts.export.figure_svg``). Text that reaches past the figure's
edge widens the SVG's view; the charts that skip that check for speed (journey map, quadrant
charts and key-driver bars, ``whole=False``) must keep everything inside by their own layout.
"""
import re

import matplotlib.pyplot as plt
import pytest

import journeylib
from journeylib.analysis.ipa import journey_ipa
from journeylib.charts import style
from journeylib.charts.journeymap import plot_journey_map
from journeylib.charts.quadrants import plot_importance_influence, plot_ipa
from journeylib.model import PHASES, Journey, Touchpoint
from journeylib.charts.export import figure_svg


def view_box(svg: str) -> list[float]:
    return [float(v) for v in re.search(r'viewBox="([^"]*)"', svg).group(1).split()]


def test_widget_svg_widens_its_view_for_text_past_the_edge():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("A title much too long for a figure four inches wide " * 2, loc="left")
    ax.set_ylabel("a label")
    x0, y0, w, h = view_box(figure_svg(fig))
    assert x0 < 0 or w > 4 * 72 + 1 or y0 < 0, "the title that sticks out is in view"
    assert w > 4 * 72 and re.search(rf'width="{w:g}pt"', figure_svg(fig)) is not None
    assert view_box(figure_svg(fig, whole=False)) == [0, 0, 4 * 72, 3 * 72]  # as asked: not checked
    plt.close(fig)


def long_journey(n: int = 30) -> Journey:
    """Touchpoints with the longest labels the charts show, at the corners of the scales."""
    return Journey(name="Een reis met een heel erg lange naam die niet op één regel past", touchpoints=[
        Touchpoint(id=f"tp-{i}", name=f"Wwwwwwwwwwwwwwwwwwwwwwwww {i:02d} en nog veel meer", phase=PHASES[i % 3],
                   importance=(1, 5)[i % 2], influence=(1, 5)[(i // 2) % 2], performance=(1, 5)[(i // 3) % 2],
                   emotion=(-3, 3)[i % 2], moment_of_truth=i % 4 == 0, channel=f"Kanaal {i % 5} met een lange naam")
        for i in range(n)])


def long_drivers(n: int = 16):
    """A key-driver result with everything the driver chart can say: long names, an interval,
    left-out rows, a yes/no outcome, drivers that seem to be the outcome, a long note."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    importance = np.sort(rng.uniform(0.001, 0.2, n))[::-1]
    drivers = pd.DataFrame({"driver": [f"d{i}" for i in range(n)], "importance": importance,
                            "share": importance / importance.sum(), "low": importance * 0.7,
                            "high": importance * 1.3})
    drivers.attrs.update(r2=0.71, n=1166, rows=2400, method="relative_weights", binary=True, outcome="d0",
                         near_outcome=[("d0", 0.97), ("d1", 0.95), ("d2", 0.93)],
                         note="Een heel lange opmerking over de analyse die niet op één regel van de grafiek past " * 2)
    labels = {f"d{i}": f"Wwwwwwwwwwwwwwwwwwwwwwwww {i:02d} en nog veel meer woorden" for i in range(n)}
    survey = pd.DataFrame({f"d{i}": rng.integers(1, 8, 50) for i in range(n)})
    return drivers, labels, survey


def derived_table():
    from journeylib.analysis.ipa import derived_ipa

    drivers, labels, survey = long_drivers()
    table = derived_ipa(drivers, survey, scale=(1, 7))
    table["label"] = [labels[d] for d in table["label"]]
    return table


@pytest.mark.parametrize("lecture", [False, True])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("chart", ["ipa", "importance_influence", "journey_map", "key_drivers", "derived_ipa"])
def test_widget_charts_drawn_without_the_check_stay_inside_their_figure(chart, lang, lecture):
    from journeylib.charts.drivers import plot_key_drivers

    journeylib.set_language(lang)
    style.lecture_style(lecture)
    try:
        journey = long_journey()
        ax = {"ipa": lambda: plot_ipa(journey_ipa(journey)),
              "importance_influence": lambda: plot_importance_influence(journey),
              "journey_map": lambda: plot_journey_map(journey),
              "key_drivers": lambda: plot_key_drivers(long_drivers()[0], labels=long_drivers()[1]),
              "derived_ipa": lambda: plot_ipa(derived_table())}[chart]()
        fig = ax.figure
        fig.canvas.draw()
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        width, height = fig.get_size_inches()
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (box.extents, width, height)
        plt.close(fig)
    finally:
        style.lecture_style(False)


@pytest.mark.parametrize("name", ["TouchpointMapper", "MomentsOfTruthExplorer", "KeyDriverExplorer",
                                  "BrandEssenceBuilder", "WorkbookBar"])
def test_closing_a_view_unsubscribes_once_and_closes_its_controls(name, airlines, monkeypatch, close_widgets):
    """One way to close a view: ``close()`` (twice is harmless); it leaves the session once,
    stops following the language and closes every control it made, shown or not."""
    import journeylib.widgets as widgets
    from journeylib.widgets import base

    view = getattr(widgets, name)(airlines)
    calls = []
    original = type(airlines).unobserve
    monkeypatch.setattr(type(airlines), "unobserve",
                        lambda session, callback: (calls.append(callback), original(session, callback))[1])
    controls = view._own_widgets()
    assert not view.closed and view in base._LIVE and len(controls) > 3
    view.close()
    view.close()
    assert len(calls) == 1 and calls[0] == view._on_session_event
    assert view.closed and view not in base._LIVE
    assert all(control.comm is None for control in controls)


def test_quietly_nests_and_keeps_on_change_handlers_still(airlines, close_widgets):
    import ipywidgets as W

    from journeylib.widgets.base import JourneyWidget

    view, box, seen = JourneyWidget(airlines), W.Text(), []
    view.on_change(box, lambda change: seen.append(change["new"]))
    with view.quietly():
        with view.quietly():
            box.value = "a"
        box.value = "b"
        assert view.quiet
    assert not view.quiet and seen == []
    box.value = "c"
    assert seen == ["c"]


def test_field_binding_validates_names_the_field_and_shows_what_is_stored(airlines, close_widgets):
    import ipywidgets as W

    from journeylib.model import LIMITS
    from journeylib.widgets.base import JourneyWidget, attribute, one_line

    view, box, after = JourneyWidget(airlines), W.Text(), []
    get, put = attribute(lambda: airlines.workbook.brand, "organisation")
    field = view.bind(box, get=get, put=put, read=one_line, label=lambda: "Organisatie", echo=True,
                      after=lambda old, new: after.append((old, new)))
    field.show()
    old = airlines.workbook.brand.organisation
    assert box.value == old and after == []
    box.value = "  Hopla   Air   Benelux "
    assert airlines.workbook.brand.organisation == "Hopla Air Benelux" and box.value == "Hopla Air Benelux"
    assert after == [(old, "Hopla Air Benelux")] and field.message.text == ""
    box.value = "x" * (LIMITS["short_text"] + 1)  # refused: the message names the field, nothing stored
    assert airlines.workbook.brand.organisation == "Hopla Air Benelux" and "Organisatie" in field.message.text
    assert len(after) == 1
    box.value = "Hopla Air Benelux"  # back to what is stored: no change, the message goes
    assert field.message.text == "" and len(after) == 1
