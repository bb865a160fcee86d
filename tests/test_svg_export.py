"""The widgets' fast SVG (``journeylib.charts.export.figure_svg``) leans on matplotlib's
private SVG renderer (``backend_svg.RendererSVG``, subclassed) and on a private hook of text
layout (``_get_font_height_metrics``). An upgrade of matplotlib may change either without
notice; these tests then fail with a message that names the matplotlib version, so that
nobody hunts for the cause in the charts."""
from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import pytest

from journeylib.charts import export
from journeylib.charts.export import figure_svg

BROKEN = (f"journeylib.charts.export.figure_svg subclasses matplotlib's private RendererSVG; under "
          f"matplotlib {matplotlib.__version__} it no longer behaves as it did under 3.11")


def savefig_svg(fig) -> str:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "journeylib"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def figures():
    """Text of every kind the charts draw: titles, several lines, math, rotated labels, sizes."""
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([1, 2, 3], [3, 1, 2])
    ax.set_title("Klantreis – Hopla Air", fontsize=15, loc="left")
    ax.set_xlabel("Belang\n(1 = laag, 5 = hoog)")
    ax.set_ylabel("Prestatie", rotation=90)
    ax.text(1.5, 2, r"$R^2 = 0.61$ en ★ moment", fontsize=9)
    yield "plot with texts", fig
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.axis("off")
    ax.text(0.5, 0.5, "Één regel\nnog een regel\nen een derde", ha="center", va="center", fontweight="bold")
    yield "lines of bold text", fig


@pytest.mark.parametrize("name", ["plot with texts", "lines of bold text"])
def test_figure_svg_writes_what_savefig_writes(name):
    fig = dict(figures())[name]
    try:
        ours, theirs = figure_svg(fig, whole=False), savefig_svg(fig)
        # twice: the second save measures from the cache; it must still be the same picture
        again = figure_svg(fig, whole=False)
    finally:
        plt.close("all")
    assert ours == theirs, f"{BROKEN}: the SVG of the {name} differs from savefig's"
    assert again == theirs, f"{BROKEN}: a second save (text measured from the cache) differs"
    assert "<text" in ours, "text is written as text"


def test_figure_svg_renderer_is_still_asked_for_font_metrics(monkeypatch):
    """The speed-up depends on text layout calling the renderer's ``_get_font_height_metrics``
    and on reading the font's tables; both are private. When matplotlib stops calling the
    hook the SVG stays right but the redraw budget silently breaks: say so here."""
    calls = []
    original = export._font_height

    def counted(prop):
        calls.append(prop)
        return original(prop)

    monkeypatch.setattr(export, "_font_height", counted)
    export._text_metrics.cache_clear()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("Een titel")
    try:
        figure_svg(fig)
    finally:
        plt.close(fig)
    assert calls, f"{BROKEN}: text layout no longer calls the renderer's _get_font_height_metrics"
    from matplotlib.font_manager import FontProperties

    metrics = original(FontProperties(size=10))
    assert None not in metrics, f"{BROKEN}: the font's OS/2 or hhea table could not be read ({metrics})"


def test_figure_svg_renderer_base_class_is_where_it_was():
    from matplotlib.backends import backend_svg

    assert hasattr(backend_svg, "RendererSVG"), f"{BROKEN}: backend_svg.RendererSVG is gone"
    renderer = export._svg_renderer_class()
    assert issubclass(renderer, backend_svg.RendererSVG)
    for name in ("get_text_width_height_descent", "finalize"):
        assert hasattr(backend_svg.RendererSVG, name), f"{BROKEN}: RendererSVG.{name} is gone"
