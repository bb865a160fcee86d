"""The contract every chart in ``journeylib.charts.CHARTS`` keeps (in the spirit of seaborn's
shared axes-level tests): it returns an Axes, draws on a given ``ax=``, follows ``lang=``
and the lecture style, and its description is one non-empty paragraph in nl and en.

The registry itself is checked too: it lists every public ``plot_*`` function, and
``course.chart`` passes plot-only options to the plot alone.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import journeylib.charts as charts  # noqa: E402
from journeylib import course  # noqa: E402
from journeylib.charts import CHARTS, Chart, chart_info, style  # noqa: E402
from journeylib.charts import examples as example_data  # noqa: E402

NAMES = sorted(CHARTS)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
    style.lecture_style(False)


@pytest.fixture(params=NAMES)
def chart(request) -> Chart:
    return CHARTS[request.param]


def _parameters(function) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(function).parameters)


def _font_sizes(fig) -> list[float]:
    fig.canvas.draw()
    return [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]


# --------------------------------------------------------------------------- the registry

def test_registry_lists_every_public_plot_function():
    plots = set()
    for info in pkgutil.iter_modules(charts.__path__):
        module = importlib.import_module(f"journeylib.charts.{info.name}")
        plots |= {(info.name, name) for name in getattr(module, "__all__", ()) if name.startswith("plot_")}
    registered = {(c.module, c.plot) for c in CHARTS.values()}
    assert plots - registered == set(), "register these charts in journeylib.charts.CHARTS"
    assert registered - plots == set(), "the registry names functions that are not public"


def test_registry_names_are_its_keys_and_functions_pair_up(chart):
    assert CHARTS[chart.name] is chart and chart_info(chart.name) is chart
    assert chart.plot.startswith("plot_") and chart.describe.startswith("describe_")
    assert chart.plot_function().__module__ == chart.describe_function().__module__ == f"journeylib.charts.{chart.module}"
    assert chart.example in example_data.__all__


def test_unknown_chart_names_the_choices():
    with pytest.raises(KeyError, match="journey_map"):
        chart_info("journeymap")
    with pytest.raises(KeyError, match="choose one of"):
        course.chart("no such chart", None)


def test_plot_and_describe_signatures_fit_the_registry(chart):
    plot, describe = _parameters(chart.plot_function()), _parameters(chart.describe_function())
    for name in ("ax", "lang"):
        assert plot[name].kind is inspect.Parameter.KEYWORD_ONLY and plot[name].default is None
    assert describe["lang"].kind is inspect.Parameter.KEYWORD_ONLY and describe["lang"].default is None
    assert "ax" not in describe
    options = {n for n, p in plot.items() if p.kind is inspect.Parameter.KEYWORD_ONLY} - {"ax", "lang"}
    described = {n for n, p in describe.items() if p.kind is inspect.Parameter.KEYWORD_ONLY} - {"lang"}
    assert set(chart.plot_only) <= options, "plot_only names an option the plot does not take"
    assert not set(chart.plot_only) & described, "an option in plot_only is the description's too"
    assert options - set(chart.plot_only) == described, "every other plot option must be the description's too"


# --------------------------------------------------------------------------- every chart

def test_chart_returns_an_axes_on_a_new_figure(chart):
    before = set(plt.get_fignums())
    ax = chart.plot_function()(chart.example_data(), lang="en")
    assert isinstance(ax, Axes)
    assert ax.figure.number not in before, "without ax= the chart draws on a new figure"
    assert ax.has_data() or ax.texts or ax.patches


def test_chart_draws_on_the_given_ax(chart):
    fig, (other, target) = plt.subplots(1, 2)
    before = plt.get_fignums()
    ax = chart.plot_function()(chart.example_data(), ax=target, lang="nl")
    assert isinstance(ax, Axes) and ax.figure is fig
    assert plt.get_fignums() == before, "the chart opened a figure of its own"
    assert not other.has_data() and not other.texts


def test_chart_follows_lang(chart):
    data = chart.example_data()
    texts = {}
    for lang in ("nl", "en"):
        fig = chart.plot_function()(data, lang=lang).figure
        texts[lang] = sorted(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip())
    assert texts["nl"] != texts["en"]


def test_chart_in_lecture_style_is_larger(chart):
    data = chart.example_data()
    normal = chart.plot_function()(data, lang="nl").figure
    style.lecture_style(True)
    lecture = chart.plot_function()(data, lang="nl").figure
    pixels = {fig: fig.get_figwidth() * fig.dpi for fig in (normal, lecture)}
    assert pixels[lecture] >= pixels[normal]
    # larger text, or (the poster: a fixed layout) the whole figure larger on the screen
    assert max(_font_sizes(lecture)) > max(_font_sizes(normal)) or pixels[lecture] > pixels[normal]


def test_description_is_one_paragraph_in_both_languages(chart):
    data = chart.example_data()
    describe = chart.describe_function()
    nl, en = describe(data, lang="nl"), describe(data, lang="en")
    for text in (nl, en):
        assert isinstance(text, str) and text.strip() and "\n" not in text
    assert nl != en
    assert describe(data, lang="nl") == nl, "the description is not deterministic"


def test_draw_returns_axes_and_description(chart):
    ax, text = chart.draw(chart.example_data(), lang="en")
    assert isinstance(ax, Axes) and text == chart.describe_function()(chart.example_data(), lang="en")


# --------------------------------------------------------------------------- course.chart

def test_course_chart_passes_plot_only_options_to_the_plot_alone():
    journey = example_data.journey()
    fig, text = course.chart("journey_map", journey, show_emotion=False)
    assert text == charts.describe_journey_map(journey)
    with_band, _ = course.chart("journey_map", journey)
    assert len(fig.axes) < len(with_band.axes) or fig.get_figheight() < with_band.get_figheight()

    fig, text = course.chart("emotion", journey, title="X", lang="en")
    assert fig.axes[0].get_title(loc="left") == "X"
    assert text == charts.describe_emotion(journey, lang="en")


def test_course_chart_passes_shared_options_to_both():
    fig, text = course.chart("communication_pie", None, reveal=True, lang="en")
    assert text == charts.describe_communication_pie(None, reveal=True, lang="en")
    assert text != charts.describe_communication_pie(None, reveal=False, lang="en")


def test_show_chart_displays_the_figure_then_its_description(monkeypatch):
    import base64
    import html
    import re

    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    drawn = []
    real_chart = course.chart

    def recording_chart(*args, **kwargs):
        fig, text = real_chart(*args, **kwargs)
        drawn.append(fig)
        return fig, text

    monkeypatch.setattr(course, "chart", recording_chart)
    journey = example_data.journey()
    course.show_chart("emotion", journey, title="X", lang="en")
    assert drawn and drawn[0].axes[0].get_title(loc="left") == "X"
    assert isinstance(shown[1], IPython.display.Markdown)
    described = charts.describe_emotion(journey, lang="en")
    assert shown[1].data == described
    # the chart: a PNG, and an <img> of the same PNG whose alt text is the description's first sentence
    bundle = shown[0]
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    img = re.search(r'<img class="jl-chart" src="data:image/png;base64,([^"]+)" alt="([^"]+)"', bundle["text/html"])
    assert img and img.group(1) == bundle["image/png"]
    # in a box that Tab reaches (it scrolls when the chart is wider than its place)
    assert re.match(r'<div class="jl-chart-scroll" role="region" tabindex="0" aria-label="[^"]+"', bundle["text/html"])
    assert html.unescape(img.group(2)) == charts.style.alt_text(described) and described.startswith(
        html.unescape(img.group(2)))
    assert drawn[0].number not in plt.get_fignums(), "the figure is closed once shown"
