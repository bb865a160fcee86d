"""Bars for a key-driver analysis: which touchpoints move the overall judgement most.

Input is the DataFrame of :mod:`journeylib.analysis.keydrivers`: columns ``driver``,
``importance`` (the driver's part of R²), ``share`` (importance / R²), optionally ``low``
and ``high`` (a bootstrap interval of the importance); ``attrs`` ``r2``, ``n``,
``method`` ("shapley" or "relative_weights"), ``binary`` (bool) and ``note``; optionally
``rows`` (rows before incomplete ones were left out: the chart and the text say how many
were left out) and ``near_outcome`` (``(driver, r)``: drivers that seem to measure the
outcome itself, named with a warning).
``share`` may be a fraction (0..1) or a percentage (0..100): the sum tells which.
"""
from __future__ import annotations

import math

from ..i18n import LANGUAGES, check_language, has, t
from ..text import format_number, join_words, quote, shorten, t_count
from . import style
from .journeymap import text_width, wrap_text


def _rows(df, labels) -> list[dict]:
    """Rows sorted by importance (largest first), ties by display name; shares in percent."""
    labels = dict(labels or {})
    if df is None or len(df) == 0:
        return []
    cols = set(df.columns)
    raw_share = [float(v) for v in df["share"]] if "share" in cols else []
    if raw_share and not all(math.isnan(v) for v in raw_share):
        total = sum(v for v in raw_share if not math.isnan(v))
        factor = 1.0 if total > 1.5 else 100.0
        shares = [v * factor for v in raw_share]
    else:
        imp = [float(v) for v in df["importance"]]
        total = sum(imp) or 1.0
        shares = [100.0 * v / total for v in imp]
    rows = []
    for i, (driver, importance) in enumerate(zip(df["driver"], df["importance"])):
        low = float(df["low"].iloc[i]) if "low" in cols else math.nan
        high = float(df["high"].iloc[i]) if "high" in cols else math.nan
        rows.append({"driver": str(driver), "name": str(labels.get(driver, driver)),
                     "importance": float(importance), "share": shares[i], "low": low, "high": high})
    rows.sort(key=lambda r: (-r["importance"], r["name"].casefold(), r["name"]))
    return rows


def _pct(value: float, lang) -> str:
    if math.isnan(value):
        return "-"
    if 0 < value < 0.5:
        return "<1%"
    return f"{format_number(round(value), lang, 0)}%"


def _method(df, lang) -> str:
    method = str(df.attrs.get("method", "")) if df is not None else ""
    key = f"chart.drivers.method_{method}"
    return t(key, lang) if method and has(key) else method


def _number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _note(df, lang) -> str:
    """The analysis' own note (already a sentence), without the yes/no remark that the
    chart words itself in ``lang``."""
    note = df.attrs.get("note") if df is not None else None
    if not note:
        return ""
    note = str(note)
    if has(note):
        try:
            return t(note, lang)
        except (KeyError, IndexError):
            return note
    if df.attrs.get("binary") and has("keydrivers.note_binary"):
        for other in LANGUAGES:
            try:
                note = note.replace(t("keydrivers.note_binary", other, outcome=df.attrs.get("outcome", "")), "")
            except (KeyError, IndexError):
                pass
    return " ".join(note.split())


def _dropped(attrs) -> tuple[float, float] | None:
    """``(n, rows)`` when a listwise analysis left incomplete rows out, else None."""
    n, rows = _number(attrs.get("n")), _number(attrs.get("rows"))
    if n is None or rows is None or rows <= n or attrs.get("missing", "listwise") != "listwise":
        return None
    return n, rows


def _near(attrs, labels) -> list[tuple[str, float]]:
    """Drivers that correlate with the outcome above 0.9: ``(display name, r)``."""
    labels = dict(labels or {})
    out = []
    for item in attrs.get("near_outcome") or ():
        try:
            driver, r = item
            out.append((str(labels.get(driver, driver)), float(r)))
        except (TypeError, ValueError):
            continue
    return out


def near_outcome_text(drivers_df, *, labels=None, lang=None) -> str:
    """One sentence per driver that seems to measure the outcome itself ("" when none)."""
    lang = check_language(lang)
    if drivers_df is None:
        return ""
    attrs = drivers_df.attrs
    outcome = attrs.get("outcome", "")
    outcome = str(dict(labels or {}).get(outcome, outcome))
    return " ".join(t("chart.drivers.describe_near", lang, driver=quote(name), outcome=quote(outcome),
                      r=format_number(r, lang, 2)) for name, r in _near(attrs, labels))


def plot_key_drivers(drivers_df, *, labels=None, ax=None, lang=None, top: int | None = None):
    """Horizontal bars of driver importance, largest at the top; error bars for a
    bootstrap interval when the frame has ``low``/``high``. ``labels`` maps a driver
    column to a display name (e.g. the touchpoint's name); ``top`` keeps the largest few."""
    lang = check_language(lang)
    rows = _rows(drivers_df, labels)
    if top is not None:
        rows = rows[:top]
    lecture = style.is_lecture()
    per_bar = 0.62 if lecture else 0.4
    created = ax is None
    ax = style.get_ax(ax, figsize=(13, max(5.0, per_bar * len(rows) + 2.6)) if lecture
                      else (8.5, max(3.2, per_bar * len(rows) + 1.8)))
    base = 14 if lecture else 9.5
    method = _method(drivers_df, lang)
    attrs = drivers_df.attrs if drivers_df is not None else {}
    r2 = _number(attrs.get("r2"))
    n = _number(attrs.get("n"))
    title = t("chart.drivers.title", lang, method=method) if method else t("chart.drivers.title_plain", lang)
    if r2 is not None:
        title += ", " + t("chart.drivers.r2", lang, r2=format_number(r2, lang, 2))
    if not rows:
        ax.set_title(title, loc="left", fontweight="bold")
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("chart.drivers.empty", lang), ha="center", va="center", transform=ax.transAxes,
                style="italic", color=style.NEUTRAL, fontsize=base)
        return ax

    ys = list(range(len(rows)))[::-1]  # largest at the top
    values = [r["importance"] for r in rows]
    has_interval = any(not math.isnan(r["low"]) and not math.isnan(r["high"]) for r in rows)
    ax.barh(ys, values, color=style.HIGHLIGHT, edgecolor="black", linewidth=0.6, height=0.62, zorder=2,
            label=t("chart.drivers.bar_label", lang))
    ends = list(values)
    if has_interval:
        err_lo, err_hi = [], []
        for r in rows:
            if math.isnan(r["low"]) or math.isnan(r["high"]):
                err_lo.append(0.0)
                err_hi.append(0.0)
            else:
                err_lo.append(max(0.0, r["importance"] - r["low"]))
                err_hi.append(max(0.0, r["high"] - r["importance"]))
        ax.errorbar(values, ys, xerr=[err_lo, err_hi], fmt="none", ecolor="black", elinewidth=1.2,
                    capsize=5 if lecture else 3, zorder=3, label=t("chart.drivers.interval_label", lang))
        ends = [v + e for v, e in zip(values, err_hi)]
    right = max(ends) if max(ends) > 0 else 1.0
    for y, end, r in zip(ys, ends, rows):
        ax.text(max(end, 0) + right * 0.015, y, _pct(r["share"], lang), va="center", ha="left",
                fontsize=base * 0.95, zorder=4)
    ax.set_xlim(min(0.0, min(values)), right * 1.16)
    names = ["\n".join(wrap_text(r["name"], (170 if lecture else 120), base, max_lines=2)) for r in rows]
    ax.set_yticks(ys, names, fontsize=base)
    ax.tick_params(axis="y", length=0)
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_number(x, lang, None)))
    ax.xaxis.grid(True, color="#DDDDDD", zorder=0)
    ax.set_axisbelow(True)

    xlabel = [t("chart.drivers.xlabel", lang)]
    foot = []
    dropped = _dropped(attrs)
    if dropped is not None:
        foot.append(t("chart.drivers.n_of", lang, n=format_number(dropped[0], lang, 0),
                      rows=format_number(dropped[1], lang, 0)))
    elif n is not None:
        foot.append(t("chart.drivers.n", lang, n=format_number(n, lang, 0)))
    if attrs.get("binary"):
        foot.append(t("chart.drivers.binary_short", lang))
    for name, r in _near(attrs, labels):
        foot.append(t("chart.drivers.near_short", lang, driver=shorten(name, 30), r=format_number(r, lang, 2)))
    note = _note(drivers_df, lang)
    if note:
        foot.append(shorten(note, 90))
    if foot:
        xlabel.append(" · ".join(foot))
    if created:
        _layout(ax, title, names, base, xlabel)
    else:
        ax.set_title(title, loc="left", fontweight="bold")
        ax.set_xlabel("\n".join(xlabel))
    if has_interval:
        ax.legend(loc="lower right", frameon=False, fontsize=base * 0.9)
    return ax


def _layout(ax, title: str, names: list[str], name_size: float, xlabel: list[str]) -> None:
    """Title, axis label and margins of a chart on its own figure, so that every text lies
    inside the figure (the widgets then skip the stick-out check of ``figure_svg``): the left
    margin fits the widest driver name, the title and the axis label are wrapped to the width
    they have, the bottom and top margins fit their lines."""
    import matplotlib as mpl

    fig = ax.figure
    rc = mpl.rcParams
    width_pt, height_pt = (v * 72 for v in fig.get_size_inches())
    size_of = lambda key: mpl.font_manager.FontProperties(size=rc[key]).get_size_in_points()  # noqa: E731
    widest = max((text_width(line, name_size) for name in names for line in name.split("\n")), default=0.0)
    left = widest + rc["ytick.major.pad"] + 8
    right = 0.03 * width_pt
    title_size, label_size, x_size = size_of("axes.titlesize"), size_of("axes.labelsize"), size_of("xtick.labelsize")
    title_lines = wrap_text(title, width_pt - left - right, title_size, max_lines=2, weight="bold")
    label_lines = [line for part in xlabel
                   for line in wrap_text(part, width_pt - left - right, label_size, max_lines=3)]
    spacing = 1.2  # matplotlib's line spacing
    top = len(title_lines) * title_size * spacing + rc["axes.titlepad"] + 8
    bottom = (rc["xtick.major.size"] + rc["xtick.major.pad"] + x_size * spacing + rc["axes.labelpad"]
              + len(label_lines) * label_size * spacing + 8)
    fig.subplots_adjust(left=left / width_pt, right=1 - right / width_pt,
                        top=1 - top / height_pt, bottom=bottom / height_pt)
    ax.set_title("\n".join(title_lines), loc="left", fontweight="bold")
    ax.set_xlabel("\n".join(label_lines))


def describe_key_drivers(drivers_df, *, labels=None, lang=None, top: int = 3) -> str:
    """One paragraph: method, R², n, the strongest drivers with their share, the notes."""
    lang = check_language(lang)
    rows = _rows(drivers_df, labels)
    if not rows:
        return t("chart.drivers.describe_empty", lang)
    attrs = drivers_df.attrs
    method = _method(drivers_df, lang) or "-"
    r2 = _number(attrs.get("r2"))
    n = _number(attrs.get("n"))
    parts = [t_count("chart.drivers.describe_intro", len(rows), lang, method=method)]
    if r2 is not None:
        parts.append(t("chart.drivers.describe_r2", lang, r2=format_number(r2, lang, 2),
                       pct=format_number(round(100 * r2), lang, 0)))
    if n is not None:
        parts.append(t("chart.drivers.describe_n", lang, n=format_number(n, lang, 0)))
    dropped = _dropped(attrs)
    if dropped is not None:
        parts.append(t("chart.drivers.describe_dropped", lang, n=format_number(dropped[0], lang, 0),
                       rows=format_number(dropped[1], lang, 0)))
    best = rows[:top]
    named = join_words([t("chart.drivers.named", lang, name=quote(r["name"]), share=_pct(r["share"], lang))
                        for r in best], lang)
    key = "chart.drivers.describe_top_one" if len(best) == 1 else "chart.drivers.describe_top"
    parts.append(t(key, lang, count=len(best), drivers=named))
    if any(not math.isnan(r["low"]) and not math.isnan(r["high"]) for r in rows):
        parts.append(t("chart.drivers.describe_interval", lang))
    if attrs.get("binary"):
        parts.append(t("chart.drivers.describe_binary", lang))
    note = _note(drivers_df, lang)
    if note:
        parts.append(note if note.endswith((".", "!", "?")) else note + ".")
    near = near_outcome_text(drivers_df, labels=labels, lang=lang)
    if near:
        parts.append(near)
    return " ".join(parts)


__all__ = ["plot_key_drivers", "describe_key_drivers", "near_outcome_text"]
