"""The communication "pie" whose slices the learner names (7 / 38 / 55).

The numbers are Albert Mehrabian's (Silent Messages, 1971): how much words, tone of
voice and facial expression contributed to the *liking* a listener inferred, in
experiments about feelings and attitudes, mainly when words and non-verbal signals
disagreed. Mehrabian himself warns that they do not apply to communication in general;
the chart and its description always say so.

Until the learner gives labels (or ``reveal=True``) the slices are A, B and C with a
question mark. Each slice has its own hatching and a letter, so colour is never the only
cue.
"""
from __future__ import annotations

import math

from matplotlib.patches import Rectangle, Wedge

from ..i18n import check_language, t
from ..text import join_words, quote, shorten
from . import style
from .journeymap import tint, wrap_text

#: slice key, share in percent (Mehrabian 1971), letter
SLICES = (("words", 7, "A"), ("tone", 38, "B"), ("body", 55, "C"))
_COLOURS = {"words": style.OKABE_ITO["vermillion"], "tone": style.OKABE_ITO["sky_blue"],
            "body": style.OKABE_ITO["bluish_green"]}
_HATCH = {"words": "xx", "tone": "//", "body": ".."}


def _labels(labels) -> list[str]:
    """The learner's three names (``None`` or "" where a slice is not named yet)."""
    if labels is None:
        return ["", "", ""]
    if isinstance(labels, dict):
        return [str(labels.get(letter) or labels.get(key) or "").strip() for key, _, letter in SLICES]
    items = [str(x or "").strip() for x in list(labels)[:3]]
    return items + [""] * (3 - len(items))


def _units_to_points(ax, xspan: float, yspan: float) -> float:
    """Points per data unit of an equal-aspect Axes showing ``xspan`` × ``yspan`` units."""
    fig_w, fig_h = ax.figure.get_size_inches()
    pos = ax.get_position()
    return 72 * min(fig_w * pos.width / xspan, fig_h * pos.height / yspan)


def plot_communication_pie(labels=None, *, reveal: bool = False, ax=None, lang=None):
    """The 7 / 38 / 55 pie. ``labels``: the learner's names for slices A, B, C (a list of
    three, or a dict by letter); ``reveal=True`` shows the answer from the course."""
    lang = check_language(lang)
    names = _labels(labels)
    lecture = style.is_lecture()
    created = ax is None
    ax = style.get_ax(ax, figsize=(13, 7.6) if lecture else (8.8, 5.4))
    if created:
        ax.figure.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.02)
    base = 15 if lecture else 10
    x0, x1, y0, y1 = -1.2, 3.9, -1.8, 1.3
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    unit = _units_to_points(ax, x1 - x0, y1 - y0)

    angle = 90.0  # clockwise from the top: A, B, C
    rows_y = (0.75, 0.0, -0.75)
    for (key, share, letter), guess, row_y in zip(SLICES, names, rows_y):
        sweep = 360.0 * share / 100
        colour = tint(_COLOURS[key], 0.35)
        ax.add_patch(Wedge((0, 0), 1.0, angle - sweep, angle, facecolor=colour, edgecolor="black",
                           hatch=_HATCH[key], linewidth=1.2, gid=f"pie-slice-{letter}"))
        mid = math.radians(angle - sweep / 2)
        big = share > 10
        r = 0.6 if big else 1.16
        ax.text(r * math.cos(mid), r * math.sin(mid), f"{letter}\n{share}%" if big else f"{letter} {share}%",
                ha="center", va="center", fontsize=base * 1.2, fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85)
                if big else None, gid=f"pie-share-{letter}")
        angle -= sweep

        # the key on the right: swatch, letter and share, then the name (or "?")
        ax.add_patch(Rectangle((1.35, row_y - 0.13), 0.34, 0.26, facecolor=colour, edgecolor="black",
                               hatch=_HATCH[key], linewidth=1.0))
        if reveal:
            text = t(f"chart.pie.answer_{key}", lang)
            extra = t("chart.pie.your_answer", lang, answer=shorten(guess, 40)) if guess else ""
        else:
            text, extra = guess or "?", ""
        width = (x1 - 1.82) * unit
        lines = wrap_text(f"{letter} ({share}%): {text}", width, base, max_lines=3, weight="bold")
        if extra:
            lines += wrap_text(extra, width, base * 0.9, max_lines=1)
        ax.text(1.82, row_y, "\n".join(lines), ha="left", va="center", fontsize=base, linespacing=1.25,
                fontweight="bold" if (reveal or guess) else "normal", gid=f"pie-label-{letter}")

    caveat = wrap_text(t("chart.pie.caveat_short", lang), (x1 - x0 - 0.2) * unit, base * 0.85, max_lines=3,
                       font_style="italic")
    ax.text((x0 + x1) / 2, -1.2, "\n".join(caveat), ha="center", va="top", fontsize=base * 0.85,
            color="#333333", style="italic", gid="pie-caveat")
    title = t("chart.pie.title_revealed" if reveal else "chart.pie.title", lang)
    ax.set_title(title, fontsize=base * 1.3, fontweight="bold", loc="left")
    return ax


def describe_communication_pie(labels=None, *, reveal: bool = False, lang=None) -> str:
    """One paragraph: the three slices, the learner's names or the answer, and Mehrabian's caveat."""
    lang = check_language(lang)
    names = _labels(labels)
    shares = join_words([f"{letter} {share}%" for _, share, letter in SLICES], lang)
    parts = [t("chart.pie.describe_intro", lang, shares=shares)]
    given = [(letter, guess) for (_, _, letter), guess in zip(SLICES, names) if guess]
    if given:
        parts.append(t("chart.pie.describe_labels", lang,
                       labels=join_words([f"{letter} {quote(g, 40)}" for letter, g in given], lang)))
    if reveal:
        answer = [f"{letter} {t(f'chart.pie.answer_{key}', lang).lower()} ({share}%)"
                  for key, share, letter in SLICES]
        parts.append(t("chart.pie.describe_answer", lang, answer=join_words(answer, lang)))
    elif not given:
        parts.append(t("chart.pie.describe_unnamed", lang))
    parts.append(t("chart.pie.caveat", lang))
    return " ".join(parts)


__all__ = ["SLICES", "plot_communication_pie", "describe_communication_pie"]
