"""Brand fit: diverging bars per behaviour, one brand or several side by side.

A bar to the right fits the brand's essence words, to the left clashes; its end carries
the total and the verdict in words. With one brand the bar's colour and hatching follow
the verdict; with several brands each brand has its own colour and hatching (legend).
"""
from __future__ import annotations

import sys
import textwrap

from ..analysis.brandfit import VERDICTS, FitRows, compare_rows
from ..errors import AnalysisError
from ..i18n import check_language, t
from ..text import format_signed, join_words
from . import style

__all__ = ["plot_brand_fit", "describe_brand_fit"]

_VERDICT_LOOK = {"fits": (style.GOOD, ""), "neutral": (style.NEUTRAL, ".."), "clashes": (style.BAD, "//")}
_BRAND_LOOK = [(style.PALETTE[0], ""), (style.PALETTE[1], "//"), (style.PALETTE[2], ".."), (style.PALETTE[4], "xx")]


def _table(data, lang: str) -> FitRows:
    """The rows to draw: from fit_rows/compare_rows, a DataFrame of fit_table/compare_brands, or
    ratings. A DataFrame can only come from a caller that loaded pandas: it is recognised
    without importing pandas here (charts of ratings need no pandas)."""
    if isinstance(data, FitRows):
        rows, words = data.rows, data.words
    else:
        pd = sys.modules.get("pandas")
        if pd is None or not isinstance(data, pd.DataFrame):
            return compare_rows(data, lang=lang)
        if not {"behaviour", "total", "verdict_key"} <= set(data.columns):
            raise AnalysisError("analysis.chart.brandfit_input", kind="DataFrame")
        rows, words = tuple(data.to_dict("records")), tuple(data.attrs.get("words") or ())
    rows = tuple({**row, "brand_label": row.get("brand_label", row.get("brand", ""))} for row in rows)
    return FitRows(rows, words=words)


def _ordered(values) -> list:
    return list(dict.fromkeys(values))


def plot_brand_fit(fit_table_or_ratings, *, ax=None, lang: str | None = None, title: str | None = None):
    """Total fit (-6 .. +6) per behaviour; several brands as grouped bars."""
    lang = check_language(lang)
    table = _table(fit_table_or_ratings, lang)
    ax = style.get_ax(ax)
    behaviours = _ordered(row["behaviour"] for row in table.rows)
    brands = _ordered(row["brand_label"] for row in table.rows)
    many = len(brands) > 1
    height = 0.8 / len(brands)
    for b, brand in enumerate(brands):
        ys, totals, keys = [], [], []
        for row in (row for row in table.rows if row["brand_label"] == brand):
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
    brands = _ordered(row["brand_label"] for row in table.rows)
    behaviours = _ordered(row["behaviour"] for row in table.rows)
    if len(brands) == 1:
        words = table.words
        head = t(
            "chart.brandfit.describe_words" if words else "chart.brandfit.describe", lang,
            n=len(behaviours), brand=brands[0], words=join_words(list(words or []), lang, quote=True),
        )
        parts = [head]
        for key in VERDICTS:
            part = sorted((row for row in table.rows if row["verdict_key"] == key),
                          key=lambda row: (-row["total"], row["behaviour"]))
            items = [f"'{row['behaviour']}' ({format_signed(row['total'], lang)})" for row in part]
            listed = ", ".join(items) if items else t("chart.none", lang)
            parts.append(f"{t(f'brandfit.verdict.{key}', lang).capitalize()}: {listed}.")
        return " ".join(parts)
    parts = [t("chart.brandfit.describe_many", lang, n=len(behaviours), brands=join_words(brands, lang))]
    differing = []
    for behaviour in behaviours:
        rows = [row for row in table.rows if row["behaviour"] == behaviour]
        items = [
            f"{row['brand_label']} {format_signed(row['total'], lang)} ({t('brandfit.verdict.' + row['verdict_key'], lang)})"
            for row in rows
        ]
        parts.append(f"'{behaviour}': {', '.join(items)}.")
        if len({row["verdict_key"] for row in rows}) > 1:
            differing.append(behaviour)
    if differing:
        parts.append(t("chart.brandfit.differs", lang, behaviours=join_words(differing, lang, quote=True)))
    else:
        parts.append(t("chart.brandfit.same", lang))
    return " ".join(parts)
