"""Channel x problem heatmap: which channel's staff may solve which problem.

Each cell shows ✓ (may solve; tinted) or ✗ (may not; hatched), so the table reads without
colour. Problem columns where channels disagree are framed and marked with ⚠.
"""
from __future__ import annotations

import textwrap

from ..analysis.channels import consistency_score, describe_inconsistencies, inconsistencies, solve_table
from ..analysis.metrics import format_percent
from ..i18n import check_language, t
from ..model import ChannelMatrix
from . import style

__all__ = ["plot_channel_heatmap", "describe_channel_heatmap"]

YES, NO, WARN = "\u2713", "\u2717", "\u26a0"


def _wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width, max_lines=3, placeholder="\u2026")) or text


def plot_channel_heatmap(matrix: ChannelMatrix, *, ax=None, lang: str | None = None, title: str | None = None):
    """Channels (rows) x problem types (columns); inconsistent columns highlighted."""
    from matplotlib.patches import Rectangle

    lang = check_language(lang)
    table = solve_table(matrix)
    if ax is None:  # room for every problem-type label: about 1.5 inch per column
        lecture = style.is_lecture()
        width = max(13.0 if lecture else 8.0, (1.5 if lecture else 1.25) * table.shape[1] + 2.5)
        ax = style.get_ax(figsize=(width, max(7.5 if lecture else 3.5, 0.7 * table.shape[0] + 2.8)))
    score = consistency_score(matrix)
    ax.set_title(title or t("chart.channels.title", lang, score=format_percent(score, lang)), loc="left", pad=14)
    if table.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("chart.channels.empty", lang), ha="center", va="center", transform=ax.transAxes)
        return ax
    odd = {i.problem for i in inconsistencies(matrix)}
    rows, cols = table.shape
    for r, channel in enumerate(table.index):
        for c, problem in enumerate(table.columns):
            can = bool(table.iat[r, c])
            ax.add_patch(
                Rectangle(
                    (c, r), 1, 1, facecolor=style.GOOD if can else "white", alpha=0.35 if can else 1,
                    hatch="" if can else "///", edgecolor="#BBBBBB", linewidth=0.8, zorder=1,
                    gid=f"cell-{'yes' if can else 'no'}",
                )
            )
            ax.text(
                c + 0.5, r + 0.5, YES if can else NO, ha="center", va="center", fontsize="x-large",
                fontweight="bold", color="#006B4E" if can else style.BAD, zorder=3,
                bbox=None if can else dict(boxstyle="circle,pad=0.15", facecolor="white", edgecolor="none"),
            )
    for c, problem in enumerate(table.columns):
        if problem in odd:
            ax.add_patch(
                Rectangle((c + 0.03, 0.03), 0.94, rows - 0.06, fill=False, edgecolor=style.HIGHLIGHT,
                          linewidth=3, zorder=4, gid="inconsistent-column")
            )
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_aspect("auto")
    ax.xaxis.tick_top()
    ax.set_xticks([c + 0.5 for c in range(cols)])
    ax.set_xticklabels(
        [_wrap((WARN + " " if p in odd else "") + p) for p in table.columns], fontsize="small",
    )
    for label, problem in zip(ax.get_xticklabels(), table.columns):
        if problem in odd:
            label.set_fontweight("bold")
            label.set_color(style.HIGHLIGHT)
    ax.set_yticks([r + 0.5 for r in range(rows)])
    ax.set_yticklabels([_wrap(ch, 20) for ch in table.index])
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(t("chart.channels.legend", lang, yes=YES, no=NO, warn=WARN), fontsize="small")
    return ax


def describe_channel_heatmap(matrix: ChannelMatrix, *, lang: str | None = None) -> str:
    """Alt text: the size of the table, the consistency score and every inconsistency."""
    lang = check_language(lang)
    table = solve_table(matrix)
    head = t("chart.channels.describe", lang, channels=table.shape[0], problems=table.shape[1])
    if table.empty:
        return head + " " + t("chart.channels.empty", lang)
    return head + " " + describe_inconsistencies(matrix, lang=lang)
