"""Text in charts and widgets is readable: a WCAG 2.1 contrast ratio of at least 4.5:1
against what it stands on (success criterion 1.4.3, level AA; issue 15).

Charts: every chart of ``charts.CHARTS`` is drawn from its example data in both languages,
and every text the figure shows is measured against its background as drawn: the most
common colour in the text's box that is not the text's own (a card, a band, a label box, the
white figure). Widgets and reports: the colours their styles give text, against the white
page of JupyterLab's light theme and of the report.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import matplotlib
import pytest

from journeylib.charts.style import contrast, text_colour

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
AA = 4.5


def hex_rgb(text: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(text)


def test_contrast_formula():
    """charts.style.contrast is WCAG's ratio (known values), and text_colour reaches it."""
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert contrast("#777777") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast("#767676", "#FFFFFF") >= AA
    assert contrast("#E69F00") < 2.3 and contrast(text_colour("#E69F00")) >= AA


def chart_texts(fig):
    """(text, colour, background, ratio) for every visible text of ``fig``, as drawn."""
    import numpy as np
    from matplotlib.colors import to_rgba

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    height = pixels.shape[0]
    found = []
    for text in fig.findobj(matplotlib.text.Text):
        if not text.get_visible() or not text.get_text().strip() or not text.get_figure():
            continue
        rgba = to_rgba(text.get_color(), text.get_alpha())
        box = text.get_window_extent(renderer)
        x0, x1 = max(int(box.x0), 0), min(int(np.ceil(box.x1)), pixels.shape[1])
        y0, y1 = max(int(height - box.y1), 0), min(int(np.ceil(height - box.y0)), height)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        area = pixels[y0:y1, x0:x1].reshape(-1, 3)
        own = np.array(rgba[:3])
        others = area[np.abs(area / 255 - own).max(axis=1) > 0.12]  # not the text's own pixels (nor its edges)
        if not len(others):
            continue
        background = tuple(c / 255 for c in Counter(map(tuple, others.tolist())).most_common(1)[0][0])
        fg = own * rgba[3] + np.array(background) * (1 - rgba[3])
        found.append((text.get_text()[:40], text.get_color(), background, contrast(fg, background)))
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_text_has_contrast(lang):
    import matplotlib.pyplot as plt

    from journeylib.charts import CHARTS

    low = []
    for name, info in CHARTS.items():
        ax, _ = info.draw(info.example_data(), lang=lang)
        for text, colour, background, ratio in chart_texts(ax.figure):
            if ratio < AA:
                low.append(f"{name}: {text!r} {colour} on {background}: {ratio:.2f}:1")
        plt.close(ax.figure)
    assert not low, "text below 4.5:1 in charts:\n" + "\n".join(low)


def test_the_measurement_finds_low_contrast():
    """The chart check fails on a light text (it can fail)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.1, 0.5, "light orange", color="#E69F00", fontsize=14)
    ax.text(0.1, 0.2, "black on white", color="black", fontsize=14)
    ratios = {text: ratio for text, _c, _b, ratio in chart_texts(fig)}
    plt.close(fig)
    assert ratios["light orange"] < 3 and ratios["black on white"] > 15


def style_colours(css: str):
    """(selector or name, colour) for every text ``color:`` in ``css`` (hex colours)."""
    for match in re.finditer(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{3,6})\b", css):
        start = css.rfind("}", 0, match.start()) + 1
        yield css[start:match.start()].split("{")[0].strip()[-60:] or "inline", match.group(1)


def test_widget_message_colours_have_contrast():
    from journeylib.widgets import base

    styles = {"ERROR_STYLE": base.ERROR_STYLE, "OK_STYLE": base.OK_STYLE, "NOTE_STYLE": base.NOTE_STYLE}
    low = [f"{name}: {colour} {contrast(hex_rgb(colour), (1, 1, 1)):.2f}:1"
           for name, css in styles.items() for _where, colour in style_colours(css)
           if contrast(hex_rgb(colour), (1, 1, 1)) < AA]
    assert len([c for css in styles.values() for c in style_colours(css)]) == 3
    assert not low, low


@pytest.mark.parametrize("sheet", ["journeylib/widgets/static/journeylib.css",
                                   "journeylib/widgets/static/guard.css", "journeylib/reports/report.css"])
def test_stylesheet_text_colours_have_contrast(sheet):
    """Every text colour a stylesheet sets reads on white (JupyterLab's light theme, the
    report's page) and on the background its own rule sets, if any."""
    css = (ROOT / sheet).read_text(encoding="utf-8")
    low = []
    for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", css):
        body = rule.group(2)
        colours = re.findall(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{3,6})\b", body)
        back = re.findall(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{3,6})\b", body)
        for colour in colours:
            ground = back[0] if back else "#ffffff"
            ratio = contrast(hex_rgb(colour), hex_rgb(ground))
            if ratio < AA:
                low.append(f"{rule.group(1).strip()[-60:]}: {colour} on {ground}: {ratio:.2f}:1")
    assert not low, low
