"""Problem x channel heatmap: which channel's staff may solve which problem.

Rows are the problem types, columns the channels: the same orientation as the grid a
learner fills in (:class:`~journeylib.widgets.channels.ChannelGrid`). Each cell shows ✓ (may
solve; tinted) or ✗ (may not; hatched), so the table reads without colour. Problem rows
where channels disagree are framed and marked with ⚠.
"""
from __future__ import annotations

import textwrap

from ..analysis.channels import consistency_score, describe_inconsistencies, inconsistencies, nothing_allowed
from ..i18n import check_language, t
from ..model import ChannelMatrix
from ..text import format_percent
from . import style

__all__ = ["plot_channel_heatmap", "describe_channel_heatmap", "figure_size"]

YES, NO, WARN = "\u2713", "\u2717", "\u26a0"


def _wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width, max_lines=3, placeholder="\u2026")) or text


def figure_size(matrix: ChannelMatrix, lecture: bool | None = None) -> tuple[float, float]:
    """Inches for the heatmap: a column per channel, a row per problem type."""
    lecture = style.is_lecture() if lecture is None else lecture
    channels, problems = max(len(matrix.channels), 1), max(len(matrix.problems), 1)
    if lecture:
        return (min(max(13.0, 1.9 * channels + 6.0), 30.0), max(5.0, 0.8 * problems + 3.0))
    return (min(max(8.0, 1.5 * channels + 4.5), 22.0), max(3.0, 0.55 * problems + 2.2))


def plot_channel_heatmap(matrix: ChannelMatrix, *, ax=None, lang: str | None = None, title: str | None = None):
    """Problem types (rows) x channels (columns); inconsistent rows highlighted."""
    from matplotlib.patches import Rectangle

    lang = check_language(lang)
    nothing = nothing_allowed(matrix)  # also an AnalysisError for anything but a ChannelMatrix
    problems, channels = list(matrix.problems), list(matrix.channels)  # rows, columns of the grid
    if ax is None:
        ax = style.get_ax(figsize=figure_size(matrix))
    if nothing:  # the same "no" everywhere: no score to be pleased with
        default = t("chart.channels.title_nothing", lang)
    else:
        default = t("chart.channels.title", lang, score=format_percent(consistency_score(matrix), lang))
    ax.set_title(title or default, loc="left", pad=14)
    if not (problems and channels):
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("chart.channels.empty", lang), ha="center", va="center", transform=ax.transAxes)
        return ax
    odd = {i.problem for i in inconsistencies(matrix)}
    rows, cols = len(problems), len(channels)
    for r, problem in enumerate(problems):
        for c, channel in enumerate(channels):
            can = matrix.allowed(channel, problem)
            ax.add_patch(
                Rectangle(
                    (c, r), 1, 1, facecolor=style.GOOD if can else "white", alpha=0.35 if can else 1,
                    hatch="" if can else "///", edgecolor="#BBBBBB", linewidth=0.8, zorder=1,
                    gid=f"cell-{'yes' if can else 'no'}",
                )
            )
            ax.text(
                c + 0.5, r + 0.5, YES if can else NO, ha="center", va="center", fontsize="x-large",
                fontweight="bold", color=style.text_colour(style.GOOD, under=0.35) if can else style.text_colour(style.BAD),
                zorder=3,
                bbox=None if can else dict(boxstyle="circle,pad=0.15", facecolor="white", edgecolor="none"),
            )
    for r, problem in enumerate(problems):
        if problem in odd:
            ax.add_patch(
                Rectangle((0.03, r + 0.03), cols - 0.06, 0.94, fill=False, edgecolor=style.HIGHLIGHT,
                          linewidth=3, zorder=4, gid="inconsistent-row")
            )
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_aspect("auto")
    ax.xaxis.tick_top()
    ax.set_xticks([c + 0.5 for c in range(cols)])
    ax.set_xticklabels([_wrap(ch, 16) for ch in channels], fontsize="small")
    ax.set_yticks([r + 0.5 for r in range(rows)])
    ax.set_yticklabels([_wrap((WARN + " " if p in odd else "") + p, 26) for p in problems])
    for label, problem in zip(ax.get_yticklabels(), problems):
        if problem in odd:
            label.set_fontweight("bold")
            label.set_color(style.HIGHLIGHT)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(t("chart.channels.legend", lang, yes=YES, no=NO, warn=WARN), fontsize="small")
    return ax


def describe_channel_heatmap(matrix: ChannelMatrix, *, lang: str | None = None) -> str:
    """Alt text: the size of the table, the consistency score and every inconsistency."""
    lang = check_language(lang)
    nothing_allowed(matrix)  # an AnalysisError for anything but a ChannelMatrix
    head = t("chart.channels.describe", lang, channels=len(matrix.channels), problems=len(matrix.problems))
    if not (matrix.channels and matrix.problems):
        return head + " " + t("chart.channels.empty", lang)
    return head + " " + describe_inconsistencies(matrix, lang=lang)
