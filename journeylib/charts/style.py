"""Colours, fonts and the projector style shared by every chart.

The palette is Okabe & Ito's colour-blind-safe set (2008). Charts never rely on colour
alone: markers, labels and hatching carry the same information.
"""
from __future__ import annotations

import base64
import html
import os
import re
import sys
from contextlib import contextmanager

__all__ = ["OKABE_ITO", "PALETTE", "PHASE_COLOURS", "GOOD", "BAD", "NEUTRAL", "HIGHLIGHT",
           "lecture_style", "is_lecture", "styled", "get_ax"]
# also for journeylib itself (not in the charts package table): text_colour, contrast, alt_text, image_html,
# natural_width

#: Okabe-Ito palette, in its usual order.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple",
                                  "sky_blue", "yellow", "black")]
#: Phase colours (before / during / after) and meaning colours used across charts.
PHASE_COLOURS = {"before": OKABE_ITO["sky_blue"], "during": OKABE_ITO["orange"], "after": OKABE_ITO["bluish_green"]}
GOOD = OKABE_ITO["bluish_green"]
BAD = OKABE_ITO["vermillion"]
NEUTRAL = "#6E6E6E"
HIGHLIGHT = OKABE_ITO["blue"]

#: WCAG 2.1 AA: the least contrast of normal-size text against its background.
TEXT_CONTRAST = 4.5


def _luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour (channels 0..1)."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(colour) -> tuple[float, float, float]:
    if not isinstance(colour, str):
        return tuple(float(c) for c in colour[:3])
    text = colour.lstrip("#")
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))


def contrast(foreground, background="#FFFFFF") -> float:
    """The WCAG contrast ratio of two colours, ``#RRGGBB`` or RGB channels in 0..1 (1 to 21)."""
    a, b = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour(colour: str, *, under: float = 0.0, ratio: float = TEXT_CONTRAST) -> str:
    """``colour`` darkened (mixed with black, so the hue stays) until text in it has
    ``ratio`` contrast on a white figure tinted with ``under`` of the same colour (a band or
    a cell drawn in it at that alpha). The palette's own orange, green and vermillion are
    too light for text on white (2.1 to 3.9:1); ``tests/test_contrast.py`` measures the
    drawn charts."""
    base = _rgb(colour)
    ground = tuple(1 - under + under * c for c in base)
    background = "#" + "".join(f"{round(c * 255):02X}" for c in ground)
    for step in range(101):
        keep = 1 - step / 100
        mixed = "#" + "".join(f"{round(c * keep * 255):02X}" for c in base)
        if contrast(mixed, background) >= ratio + 0.1:  # a margin: drawn tints are rounded to whole pixels
            return mixed
    return "#000000"


BASE_RC = {
    "axes.prop_cycle": None,  # filled lazily (needs cycler from matplotlib)
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.fonttype": "none",  # text stays text in SVG (searchable, screen-reader friendly)
    "pdf.fonttype": 42,
}
LECTURE_RC = {
    "font.size": 16,
    "axes.titlesize": 20,
    "axes.labelsize": 17,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "lines.linewidth": 3.5,
    "lines.markersize": 11,
    "axes.linewidth": 1.8,
    "patch.linewidth": 1.6,
    "figure.figsize": (13, 7.5),
    "figure.dpi": 110,
}

# `journeylib lecture` sets JOURNEYLIB_LECTURE=1 for the Voila kernel: projector style from the start
_lecture = os.environ.get("JOURNEYLIB_LECTURE", "").strip().lower() in ("1", "true", "yes", "on")


def _rc(lecture: bool) -> dict:
    from cycler import cycler

    rc = dict(BASE_RC, **{"axes.prop_cycle": cycler(color=PALETTE)})
    if lecture:
        rc.update(LECTURE_RC)
    return rc


def apply(lecture: bool | None = None) -> None:
    """Set matplotlib's defaults to the course style (``lecture`` for a projector)."""
    import matplotlib as mpl

    global _lecture
    if lecture is not None:
        _lecture = bool(lecture)
    mpl.rcParams.update(_rc(_lecture))


def lecture_style(on: bool = True) -> None:
    """Projector style for every chart from now on: bigger fonts, thicker lines.

    Applied at once when matplotlib is loaded already; otherwise only remembered, and
    :func:`apply` sets it when the first figure is made (every figure of journeylib is made
    through :func:`get_ax` or calls :func:`apply`), so a notebook without charts does not
    load matplotlib (and numpy) for nothing."""
    global _lecture
    _lecture = bool(on)
    if sys.modules.get("matplotlib") is not None:
        apply()


def is_lecture() -> bool:
    return _lecture


@contextmanager
def styled(lecture: bool | None = None):
    """Temporarily use the course style (for exports with a fixed look)."""
    import matplotlib as mpl

    with mpl.rc_context(_rc(_lecture if lecture is None else lecture)):
        yield


def get_ax(ax=None, *, figsize=None):
    """Return ``ax`` or a new Axes on a new figure in the course style."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    apply()
    fig, ax = plt.subplots(figsize=figsize or (None if _lecture else (8, 5)))
    return ax


# --------------------------------------------------------------------------- charts as HTML
#
# JupyterLab (4.x) and Voila show an image/png or image/svg+xml output as an <img> without
# alternative text, whatever the output's metadata says (axe-core: image-alt, critical). So a
# chart is shown as a text/html <img alt="..."> (beside the plain image, which other readers of
# the notebook, such as nbconvert, still use); its full description is the paragraph under it.

# a sentence ends at . ! or ? followed by a space and a capital (not "e.a. 1993", not "0,51")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý'‘\"])")


def alt_text(description: str, limit: int = 250) -> str:
    """The short text alternative of a chart: the first sentence of its description (which
    names the chart and what it shows), at most about ``limit`` characters."""
    text = " ".join(str(description).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) > limit:
        cut = first[:limit].rsplit(" ", 1)[0]
        first = cut.rstrip(",;:") + " …"
    return first


def natural_width(data: str, mime: str) -> float | None:
    """The width in CSS pixels at which a browser shows the image (base64 ``data``): a PNG's
    pixels, an SVG's ``width`` (matplotlib writes it in pt)."""
    raw = base64.b64decode(data[:64]) if mime == "image/png" else b""
    if raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) >= 24:
        return float(int.from_bytes(raw[16:20], "big"))
    if mime == "image/svg+xml":
        head = base64.b64decode(data[:2048 - 2048 % 4]).decode("utf-8", "replace")
        match = re.search(r'<svg[^>]*\swidth="([\d.]+)(pt|px)?"', head)
        if match:
            return float(match.group(1)) * (4 / 3 if match.group(2) == "pt" else 1)
    return None


def image_html(data: str, mime: str, alt: str) -> str:
    """A chart as HTML: an ``<img>`` of base64 ``data`` (``mime``) with ``alt`` as its text
    alternative, in a box that scrolls sideways when the chart is wider than its place.

    The chart shrinks with its place (its texts with it) down to half its own width, not
    further: at 200 % zoom it is then at least as large on the screen as at 100 %, and where
    even that does not fit, the box scrolls. The box can be reached with Tab (tabindex 0, role
    region, a label that says so), so it scrolls with the arrow keys (axe-core:
    scrollable-region-focusable)."""
    from ..i18n import t

    width = natural_width(data, mime)
    least = f"min-width:{width / 2:.0f}px;" if width else ""
    return (f'<div class="jl-chart-scroll" role="region" tabindex="0" aria-label="{html.escape(t("a11y.chart_scroll"))}"'
            f' style="overflow-x:auto;max-width:100%"><img class="jl-chart" src="data:{mime};base64,{data}"'
            f' alt="{html.escape(alt, quote=True)}" style="{least}max-width:100%;height:auto"></div>')
