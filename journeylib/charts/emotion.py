"""The emotion curve of a journey, with the peak-end rule.

One point per touchpoint in journey order (emotion -3 .. +3), the phases shaded,
separated and named, the peak (most intense moment) marked with a star and the end with a square, both
named; two horizontal lines compare the remembered score (mean of peak and end;
Kahneman et al. 1993, Redelmeier & Kahneman 1996) with the plain average.
"""
from __future__ import annotations

from ..analysis.moments import peak_end
from ..i18n import check_language, t
from ..model import Journey
from ..text import format_number, format_signed, join_words, shorten
from . import style

__all__ = ["plot_emotion", "describe_emotion"]

_PEAK_COLOUR = style.OKABE_ITO["vermillion"]
_END_COLOUR = style.OKABE_ITO["reddish_purple"]
_REMEMBERED = style.OKABE_ITO["orange"]


def _runs(phases: list[str]) -> list[tuple[str, int, int]]:
    """Contiguous runs of the same phase: (phase, first index, last index)."""
    runs: list[tuple[str, int, int]] = []
    for i, phase in enumerate(phases):
        if runs and runs[-1][0] == phase:
            runs[-1] = (phase, runs[-1][1], i)
        else:
            runs.append((phase, i, i))
    return runs


_MAX_LABEL = 26  # characters of a touchpoint's name under the curve


def plot_emotion(journey: Journey, *, ax=None, lang: str | None = None, title: str | None = None):
    """Emotion over the touchpoints, phases shaded, peak and end marked and named."""
    lang = check_language(lang)
    memory = peak_end(journey)  # AnalysisError for anything but a journey with touchpoints
    touchpoints = journey.touchpoints
    n = len(touchpoints)
    created = ax is None
    ax = style.get_ax(ax)
    xs = list(range(n))
    ys = [tp.emotion for tp in touchpoints]
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-3.9, 4.3)
    # phases: tinted bands, named at the top, separated by a thin line
    runs = _runs([tp.phase for tp in touchpoints])
    for k, (phase, first, last) in enumerate(runs):
        ax.axvspan(first - 0.5, last + 0.5, facecolor=style.PHASE_COLOURS[phase], alpha=0.18,
                   linewidth=0, zorder=0, gid=f"phase-{phase}")
        if k:
            ax.axvline(first - 0.5, color=style.NEUTRAL, linewidth=0.8, linestyle="-", zorder=1)
        ax.text(
            (first + last) / 2, 4.15, t(f"phase.{phase}", lang), ha="center", va="top",
            fontsize="small", fontweight="bold", color="#333333",
        )
    ax.axhline(0, color=style.NEUTRAL, linewidth=0.8, zorder=1)
    # remembered vs average
    above = memory.remembered >= memory.average
    for value, key, colour, ls, up in (
        (memory.remembered, "chart.emotion.remembered", _REMEMBERED, "--", above),
        (memory.average, "chart.emotion.average", style.NEUTRAL, ":", not above),
    ):
        ax.axhline(value, color=colour, linestyle=ls, linewidth=2, zorder=2)
        ax.annotate(
            t(key, lang, value=format_number(value, lang)), (1, value), xycoords=("axes fraction", "data"),
            xytext=(-4, 4 if up else -4), textcoords="offset points", ha="right",
            va="bottom" if up else "top", fontsize="small", color="black",
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=colour, alpha=0.9), zorder=6,
        )
    ax.plot(xs, ys, color=style.HIGHLIGHT, marker="o", zorder=3, gid="emotion-line")
    # peak and end
    marks = [("peak", memory.peak_position, "*", _PEAK_COLOUR, 2.6), ("end", memory.end_position, "s", _END_COLOUR, 1.4)]
    import matplotlib as mpl

    base = mpl.rcParams["lines.markersize"]
    for key, pos, marker, colour, scale in marks:
        ax.plot([pos], [ys[pos]], linestyle="none", marker=marker, markersize=base * scale,
                color=colour, markeredgecolor="black", zorder=5, gid=f"mark-{key}")
    same = memory.peak_position == memory.end_position
    if same:
        labels = [("chart.emotion.peak_end", memory.peak_position, _PEAK_COLOUR)]
    else:
        labels = [("chart.emotion.peak", memory.peak_position, _PEAK_COLOUR),
                  ("chart.emotion.end", memory.end_position, _END_COLOUR)]
    for key, pos, colour in labels:
        y = ys[pos]
        up = y <= 0
        ax.annotate(
            t(key, lang, name=shorten(touchpoints[pos].name, _MAX_LABEL), value=format_signed(y, lang)),
            (pos, y), xytext=(0, 18 if up else -18), textcoords="offset points",
            ha="right" if pos == n - 1 and n > 1 else ("left" if pos == 0 else "center"),
            va="bottom" if up else "top", fontsize="small", fontweight="bold", color="black",
            bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=colour, linewidth=1.5),
            arrowprops=dict(arrowstyle="-", color=colour, lw=1.2), zorder=7,
        )
    ax.set_xticks(xs)
    ax.set_xticklabels([shorten(tp.name, _MAX_LABEL) for tp in touchpoints], rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(-3, 4))
    ax.set_yticklabels([format_signed(v, lang) for v in range(-3, 4)])
    ax.set_ylabel(t("chart.emotion.y", lang))
    ax.set_title(title or t("chart.emotion.title", lang, name=journey.name), loc="left")
    if created and ax.figure.get_layout_engine() is None:
        ax.figure.subplots_adjust(bottom=0.25)
    return ax


def describe_emotion(journey: Journey, *, lang: str | None = None) -> str:
    """Alt text: peak, end, remembered score against the average, and what that means."""
    lang = check_language(lang)
    memory = peak_end(journey)
    phases = list(dict.fromkeys(tp.phase for tp in journey.touchpoints))
    parts = [
        t(
            "chart.emotion.describe", lang, n=memory.n,
            phases=join_words([t(f"phase.{p}", lang).lower() for p in phases], lang),
            peak=memory.peak_name, peak_value=format_signed(memory.peak_emotion, lang),
            end=memory.end_name, end_value=format_signed(memory.end_emotion, lang),
            remembered=format_number(memory.remembered, lang), average=format_number(memory.average, lang),
        )
    ]
    if memory.peak_position == memory.end_position:
        parts.append(t("chart.emotion.same", lang))
    diff = round(memory.remembered, 1) - round(memory.average, 1)
    if diff <= -0.5:
        parts.append(t("chart.emotion.darker", lang))
    elif diff >= 0.5:
        parts.append(t("chart.emotion.rosier", lang))
    else:
        parts.append(t("chart.emotion.similar", lang))
    return " ".join(parts)
