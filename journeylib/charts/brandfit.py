"""Brand fit: diverging bars per behaviour, one brand or several side by side.

A bar to the right fits the brand's essence words, to the left clashes; its end carries
the total and the verdict in words. With one brand the bar's colour and hatching follow
the verdict; with several brands each brand has its own colour and hatching (legend).
"""
from __future__ import annotations

import textwrap

import pandas as pd

from ..analysis.brandfit import VERDICTS, compare_brands
from ..errors import AnalysisError
from ..i18n import check_language, t
from ..text import format_signed, join_words
from . import style

__all__ = ["plot_brand_fit", "describe_brand_fit"]

_VERDICT_LOOK = {"fits": (style.GOOD, ""), "neutral": (style.NEUTRAL, ".."), "clashes": (style.BAD, "//")}
_BRAND_LOOK = [(style.PALETTE[0], ""), (style.PALETTE[1], "//"), (style.PALETTE[2], ".."), (style.PALETTE[4], "xx")]


def _table(data, lang: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        if not {"behaviour", "total", "verdict_key"} <= set(data.columns):
            raise AnalysisError("analysis.chart.brandfit_input", kind="DataFrame")
        table = data.copy()
        if "brand_label" not in table:
            table["brand_label"] = table["brand"] if "brand" in table else ""
        return table
    return compare_brands(data, lang=lang)


def plot_brand_fit(fit_table_or_ratings, *, ax=None, lang: str | None = None, title: str | None = None):
    """Total fit (-6 .. +6) per behaviour; several brands as grouped bars."""
    lang = check_language(lang)
    table = _table(fit_table_or_ratings, lang)
    ax = style.get_ax(ax)
    behaviours = list(dict.fromkeys(table["behaviour"]))
    brands = list(dict.fromkeys(table["brand_label"]))
    many = len(brands) > 1
    height = 0.8 / len(brands)
    for b, brand in enumerate(brands):
        part = table[table["brand_label"] == brand]
        ys, totals, keys = [], [], []
        for _, row in part.iterrows():
            y = behaviours.index(row["behaviour"])
            if many:  # grouped: one slot per brand within the behaviour's row
                y += -0.4 + height * (b + 0.5)
            ys.append(y)
            totals.append(int(row["total"]))
            keys.append(row["verdict_key"])
        if many:
            colour, hatch = _BRAND_LOOK[b % len(_BRAND_LOOK)]
            bars = ax.barh(ys, totals, height=height * 0.92, color=colour, hatch=hatch, edgecolor="black",
                           linewidth=0.8, label=brand, zorder=2)
        else:
            bars = ax.barh(ys, totals, height=0.6, color=[_VERDICT_LOOK[k][0] for k in keys], edgecolor="black",
                           linewidth=0.8, zorder=2)
            for bar, k in zip(bars, keys):
                bar.set_hatch(_VERDICT_LOOK[k][1])
        for y, total, key in zip(ys, totals, keys):
            text = f"{format_signed(total, lang)} {t(f'brandfit.verdict.{key}', lang)}"
            if many:
                text = f"{brand}: {text}"
            ax.annotate(
                text, (total, y), xytext=(5 if total >= 0 else -5, 0), textcoords="offset points",
                ha="left" if total >= 0 else "right", va="center", fontsize="small", zorder=3,
            )
    ax.axvline(0, color="black", linewidth=1.2, zorder=1)
    ax.set_xlim(-10, 10)
    ax.set_xticks(range(-6, 7, 2))
    ax.set_xticklabels([format_signed(v, lang) for v in range(-6, 7, 2)])
    ax.set_yticks(range(len(behaviours)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(b, 26, max_lines=3, placeholder="\u2026")) for b in behaviours])
    ax.set_ylim(len(behaviours) - 0.5, -0.9)
    ax.text(0.49, 1.0, "\u2190 " + t("chart.brandfit.clashes_side", lang), transform=ax.transAxes,
            ha="right", va="bottom", fontsize="small", color="black")
    ax.text(0.51, 1.0, t("chart.brandfit.fits_side", lang) + " \u2192", transform=ax.transAxes,
            ha="left", va="bottom", fontsize="small", color="black")
    ax.set_xlabel(t("chart.brandfit.x", lang))
    if many:
        ax.legend(loc="lower right", fontsize="small", frameon=True)
        default = t("chart.brandfit.title_many", lang)
    else:
        default = t("chart.brandfit.title", lang, brand=brands[0])
    ax.set_title(title or default, loc="left", pad=22)
    return ax


def describe_brand_fit(fit_table_or_ratings, *, lang: str | None = None) -> str:
    """Alt text: per verdict which behaviours (one brand), or how brands differ (several)."""
    lang = check_language(lang)
    table = _table(fit_table_or_ratings, lang)
    brands = list(dict.fromkeys(table["brand_label"]))
    behaviours = list(dict.fromkeys(table["behaviour"]))
    if len(brands) == 1:
        words = table.attrs.get("words")
        head = t(
            "chart.brandfit.describe_words" if words else "chart.brandfit.describe", lang,
            n=len(behaviours), brand=brands[0], words=join_words(list(words or []), lang, quote=True),
        )
        parts = [head]
        for key in VERDICTS:
            part = table[table["verdict_key"] == key].sort_values(["total", "behaviour"], ascending=[False, True])
            items = [f"'{row.behaviour}' ({format_signed(row.total, lang)})" for row in part.itertuples()]
            listed = ", ".join(items) if items else t("chart.none", lang)
            parts.append(f"{t(f'brandfit.verdict.{key}', lang).capitalize()}: {listed}.")
        return " ".join(parts)
    parts = [t("chart.brandfit.describe_many", lang, n=len(behaviours), brands=join_words(brands, lang))]
    differing = []
    for behaviour in behaviours:
        rows = table[table["behaviour"] == behaviour]
        items = [
            f"{row.brand_label} {format_signed(row.total, lang)} ({t(f'brandfit.verdict.{row.verdict_key}', lang)})"
            for row in rows.itertuples()
        ]
        parts.append(f"'{behaviour}': {', '.join(items)}.")
        if rows["verdict_key"].nunique() > 1:
            differing.append(behaviour)
    if differing:
        parts.append(t("chart.brandfit.differs", lang, behaviours=join_words(differing, lang, quote=True)))
    else:
        parts.append(t("chart.brandfit.same", lang))
    return " ".join(parts)
