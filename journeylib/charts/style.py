"""Colours, fonts and the projector style shared by every chart.

The palette is Okabe & Ito's colour-blind-safe set (2008). Charts never rely on colour
alone: markers, labels and hatching carry the same information.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

__all__ = ["OKABE_ITO", "PALETTE", "PHASE_COLOURS", "GOOD", "BAD", "NEUTRAL", "HIGHLIGHT",
           "lecture_style", "is_lecture", "styled", "get_ax"]

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
