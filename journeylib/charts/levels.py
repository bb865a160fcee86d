"""Kaufman's six levels of service as a staircase, with how many touchpoints sit on each.

Six steps rise from Criminal to Unbelievable; each step carries its count in large type
and is named under the stairs with its number, so nothing depends on colour. The two
levels below Expected are hatched. A note reminds that levels drift down over time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.service import LEVELS, level_distribution
from ..i18n import check_language, t
from ..text import join_words
from . import style

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LEVEL_COLOURS", "plot_staircase", "describe_staircase"]

#: One Okabe-Ito colour per level, warm (broken promise) to cool (unbelievable).
LEVEL_COLOURS = {
    "criminal": style.OKABE_ITO["vermillion"],
    "basic": style.OKABE_ITO["orange"],
    "expected": style.OKABE_ITO["yellow"],
    "desired": style.OKABE_ITO["sky_blue"],
    "surprising": style.OKABE_ITO["bluish_green"],
    "unbelievable": style.OKABE_ITO["blue"],
}
_HATCH = {"criminal": "xx", "basic": "//"}


def _distribution(data) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: see docs/architecture.md (memory per kernel)

    if isinstance(data, pd.DataFrame) and {"level", "key", "count"} <= set(data.columns):
        return data
    return level_distribution(data)


def plot_staircase(distribution_or_journey, *, ax=None, lang: str | None = None, title: str | None = None):
    """Six steps from Criminal to Unbelievable, each with its number of touchpoints."""
    from matplotlib.patches import Rectangle

    lang = check_language(lang)
    table = _distribution(distribution_or_journey)
    ax = style.get_ax(ax)
    counts = dict(zip(table["key"], table["count"]))
    ax.set_xlim(-0.05, len(LEVELS) + 0.05)
    ax.set_ylim(0, len(LEVELS) + 1.6)
    for i, level in enumerate(LEVELS):
        key = level.key
        count = int(counts.get(key, 0))
        ax.add_patch(
            Rectangle(
                (i, 0), 1, int(level), facecolor=LEVEL_COLOURS[key], alpha=0.9 if count else 0.35,
                edgecolor="black", linewidth=1.0, hatch=_HATCH.get(key, ""), gid=f"step-{key}",
            )
        )
        ax.text(
            i + 0.5, int(level) + 0.12, str(count), ha="center", va="bottom", fontsize="xx-large",
            fontweight="bold", color="black" if count else style.NEUTRAL, gid=f"count-{key}",
        )
    ax.set_xticks([i + 0.5 for i in range(len(LEVELS))])
    ax.set_xticklabels([f"{int(level)}\n{t(f'level.{level.key}', lang)}" for level in LEVELS])
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.text(
        0.01, 0.97, t("chart.levels.count_note", lang) + "\n\u2199 " + t("chart.levels.drift", lang),
        transform=ax.transAxes, ha="left", va="top", fontsize="small", style="italic", linespacing=1.5,
    )
    total, unrated = int(table["count"].sum()), int(table.attrs.get("unrated", 0))
    ax.set_title(title or t("chart.levels.title", lang, total=total), loc="left")
    if unrated:
        ax.text(1, 1.01, t("chart.levels.unrated", lang, n=unrated), transform=ax.transAxes,
                ha="right", va="bottom", fontsize="small")
    return ax


def describe_staircase(distribution_or_journey, *, lang: str | None = None) -> str:
    """Alt text: the count per level, the most common level and how many fall short."""
    lang = check_language(lang)
    table = _distribution(distribution_or_journey)
    counts = {key: int(c) for key, c in zip(table["key"], table["count"])}
    total, unrated = sum(counts.values()), int(table.attrs.get("unrated", 0))
    listing = ", ".join(f"{t(f'level.{lvl.key}', lang)} {counts.get(lvl.key, 0)}" for lvl in LEVELS)
    parts = [t("chart.levels.describe", lang, listing=listing, total=total)]
    if unrated:
        parts.append(t("chart.levels.describe_unrated", lang, n=unrated))
    if total == 0:
        parts.append(t("chart.levels.none", lang))
        return " ".join(parts)
    top = max(counts.values())
    most = [t(f"level.{lvl.key}", lang) for lvl in LEVELS if counts.get(lvl.key, 0) == top]
    parts.append(t("chart.levels.most", lang, levels=join_words(most, lang), n=top))
    below = counts.get("criminal", 0) + counts.get("basic", 0)
    parts.append(t("chart.levels.below", lang, n=below) if below else t("chart.levels.none_below", lang))
    return " ".join(parts)
