"""The class overview's charts: how many learners used each keyword per phase, which
touchpoints they chose most often as moments of truth, which self-check questions they
missed most often, and what share of the class finished each notebook.

Both are horizontal bars with the count written at the end of each bar (nothing depends
on colour); long names are shortened. The data are counts that the overview makes
(``[(name, learners), ...]``, most frequent first); the describe functions say the same
in a sentence or two, in Dutch or English.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from ..i18n import check_language, t
from ..model import PHASES
from ..text import join_words, shorten
from . import style

__all__ = ["MomentCounts", "QuestionMisses", "NotebookShares", "plot_notebook_shares", "describe_notebook_shares", "count_listing", "plot_keyword_counts", "describe_keyword_counts",
           "plot_moment_counts", "describe_moment_counts", "plot_question_misses", "describe_question_misses"]

Counts = Sequence[tuple[str, int]]


class MomentCounts(NamedTuple):
    """How often each touchpoint was chosen as a moment of truth, and by how many learners in all."""

    counts: Counts
    learners: int


class QuestionMisses(NamedTuple):
    """Per self-check question (its label) how many learners got it wrong at their first check,
    the most missed first, and how many learners checked any question."""

    counts: Counts
    learners: int


class NotebookShares(NamedTuple):
    """Per notebook (its label) how many learners finished it and how many started it, in
    course order, and how many learners there are."""

    rows: Sequence[tuple[str, int, int]]
    learners: int


def count_listing(counts: Counts, lang: str | None = None, limit: int = 5) -> str:
    """``"'a' (3), 'b' (2) en 'c' (1)"``: the first ``limit`` names with their counts."""
    return join_words([f"'{name}' ({n})" for name, n in list(counts)[:limit]], lang)


def _panel_axes(ax, panels: int, rows: int) -> list:
    """One Axes per panel: a new figure, the given Axes (one panel), or the given Axes' place split."""
    import matplotlib.pyplot as plt

    if ax is None:
        width = 13 if style.is_lecture() else max(7.5, 4.2 * panels + 1)
        fig, axes = plt.subplots(1, panels, figsize=(width, max(2.8, 0.34 * rows + 1.6)), squeeze=False)
        return list(axes[0])
    if panels == 1:
        return [ax]
    spec = ax.get_subplotspec()
    if spec is None:
        raise ValueError(f"this chart has {panels} panels: pass an Axes made by add_subplot (its place is split)")
    fig = ax.figure
    ax.remove()
    return [fig.add_subplot(part) for part in spec.subgridspec(1, panels)]


def _bars(ax, title: str, counts: Counts, lang: str, *, width: int) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.set_title(title, loc="left", fontweight="bold")
    if not counts:
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("overview.none", lang), ha="center", va="center", transform=ax.transAxes,
                style="italic", color=style.NEUTRAL, parse_math=False)
        return
    names = [shorten(n, width) for n, _ in counts][::-1]
    values = [v for _, v in counts][::-1]
    ys = list(range(len(values)))
    ax.barh(ys, values, color=style.HIGHLIGHT, edgecolor="black", linewidth=0.6, height=0.65)
    ax.set_yticks(ys)
    ax.set_yticklabels(names)
    for label in ax.get_yticklabels():
        label.set_parse_math(False)
    for y, v in zip(ys, values):
        ax.text(v, y, f" {v}", va="center", ha="left", fontsize="small", parse_math=False)
    ax.set_xlim(0, max(values) * 1.2 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("overview.learners", lang))
    ax.tick_params(axis="y", length=0)


def _plot_panels(panels: list[tuple[str, Counts]], ax, lang: str):
    style.apply()
    axes = _panel_axes(ax, len(panels), max([len(c) for _, c in panels] + [1]))
    for panel_ax, (title, counts) in zip(axes, panels):
        _bars(panel_ax, title, list(counts), lang, width=28 if len(panels) > 1 else 40)
    if ax is None:
        axes[0].figure.tight_layout()
    return axes[0]


def plot_keyword_counts(per_phase: dict[str, Counts], *, ax=None, lang: str | None = None):
    """One panel per phase: the keywords the learners wrote, with how many used each.

    ``per_phase`` maps ``before`` / ``during`` / ``after`` to counts. Returns the first panel's
    Axes; a given ``ax`` has its place split into the three panels.
    """
    lang = check_language(lang)
    panels = [(t(f"phase.{p}", lang), per_phase.get(p, ())) for p in PHASES]
    return _plot_panels(panels, ax, lang)


def describe_keyword_counts(per_phase: dict[str, Counts], *, lang: str | None = None) -> str:
    """The most used keywords of each phase, with their counts."""
    lang = check_language(lang)
    parts = [t("overview.keywords.phase", lang, phase=t(f"phase.{p}", lang), words=count_listing(per_phase[p], lang))
             if per_phase.get(p) else t("overview.keywords.phase_none", lang, phase=t(f"phase.{p}", lang))
             for p in PHASES]
    return " ".join([t("overview.keywords.intro", lang)] + parts)


def plot_moment_counts(moments: MomentCounts, *, ax=None, lang: str | None = None):
    """The touchpoints chosen as moments of truth, with how many learners chose each."""
    lang = check_language(lang)
    return _plot_panels([(t("overview.chart.moments", lang), moments.counts)], ax, lang)


def describe_moment_counts(moments: MomentCounts, *, lang: str | None = None) -> str:
    """How many learners chose moments of truth, and the ones chosen most often."""
    lang = check_language(lang)
    return t("overview.moments.describe", lang, learners=moments.learners, moments=count_listing(moments.counts, lang))


def plot_question_misses(misses: QuestionMisses, *, ax=None, lang: str | None = None):
    """The self-check questions missed most often, with how many learners got each wrong first."""
    lang = check_language(lang)
    return _plot_panels([(t("overview.chart.selfcheck", lang), misses.counts)], ax, lang)


def describe_question_misses(misses: QuestionMisses, *, lang: str | None = None) -> str:
    """How many learners checked questions, and the questions they missed most often."""
    lang = check_language(lang)
    if not misses.counts:
        return t("overview.selfcheck.describe_none", lang, learners=misses.learners)
    return t("overview.selfcheck.describe", lang, learners=misses.learners, questions=count_listing(misses.counts, lang))


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def plot_notebook_shares(shares: NotebookShares, *, ax=None, lang: str | None = None):
    """One bar per notebook: the share of the class that finished it (in per cent), with
    "finished of all" written at the end of each bar; the notebooks in course order, top down."""
    from matplotlib.ticker import PercentFormatter

    lang = check_language(lang)
    style.apply()
    rows = list(shares.rows)
    if ax is None:
        ax = _panel_axes(None, 1, len(rows))[0]
        own = True
    else:
        own = False
    ax.set_title(t("overview_anon.chart.notebooks", lang), loc="left", fontweight="bold")
    if not rows or not shares.learners:
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("overview.none", lang), ha="center", va="center", transform=ax.transAxes,
                style="italic", color=style.NEUTRAL, parse_math=False)
        return ax
    ys = list(range(len(rows)))[::-1]
    values = [_percent(finished, shares.learners) for _, finished, _ in rows]
    ax.barh(ys, values, color=style.HIGHLIGHT, edgecolor="black", linewidth=0.6, height=0.65)
    ax.set_yticks(ys)
    ax.set_yticklabels([shorten(label, 40) for label, _, _ in rows])
    for label in ax.get_yticklabels():
        label.set_parse_math(False)
    for y, value, (_, finished, _) in zip(ys, values, rows):
        ax.text(value, y, " " + t("overview_anon.bar", lang, count=finished, total=shares.learners), va="center",
                ha="left", fontsize="small", parse_math=False)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.xaxis.set_major_formatter(PercentFormatter(100))
    ax.set_xlabel(t("overview_anon.chart.notebooks_axis", lang))
    ax.tick_params(axis="y", length=0)
    if own:
        ax.figure.tight_layout()
    return ax


def describe_notebook_shares(shares: NotebookShares, *, lang: str | None = None) -> str:
    """How many of the learners finished each notebook, the most and the least finished named."""
    lang = check_language(lang)
    rows = list(shares.rows)
    if not rows or not shares.learners:
        return t("overview_anon.notebooks.describe_none", lang)
    parts = join_words([t("overview_anon.notebooks.part", lang, notebook=label, count=finished,
                          percent=_percent(finished, shares.learners)) for label, finished, _ in rows], lang)
    most = max(rows, key=lambda r: r[1])
    least = min(rows, key=lambda r: r[1])
    return t("overview_anon.notebooks.describe", lang, learners=shares.learners, parts=parts, most=most[0],
             least=least[0])
