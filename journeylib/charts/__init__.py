"""journeylib.charts: matplotlib figures of the course, each with a text that describes it.

Every chart is a pair: ``plot_x(data, *, ax=None, lang=None, ...) -> Axes`` and
``describe_x(data, *, lang=None, ...) -> str`` (one deterministic paragraph, for a screen
reader and for nbval). :data:`CHARTS` lists them all; ``journeylib.course.show_chart``,
the reports and ``tests/test_chart_contract.py`` work from that table.

Names load on first use: ``from journeylib.charts import plot_emotion`` imports
matplotlib then, not with the package (see docs/architecture.md).
"""
from __future__ import annotations

from importlib import import_module
from typing import NamedTuple

from .._lazy import lazy_package

# public name -> the submodule that defines it (each submodule's own __all__, callables only)
_PUBLIC = {
    "plot_brand_fit": "brandfit",
    "describe_brand_fit": "brandfit",
    "plot_channel_heatmap": "channels",
    "describe_channel_heatmap": "channels",
    "figure_size": "channels",
    "plot_key_drivers": "drivers",
    "describe_key_drivers": "drivers",
    "near_outcome_text": "drivers",
    "plot_emotion": "emotion",
    "describe_emotion": "emotion",
    "save_figure": "export",
    "figure_bytes": "export",
    "figure_png": "export",
    "figure_svg": "export",
    "plot_golden_circle": "golden",
    "describe_golden_circle": "golden",
    "plot_journey_map": "journeymap",
    "describe_journey_map": "journeymap",
    "ordered_touchpoints": "journeymap",
    "text_width": "journeymap",
    "wrap_text": "journeymap",
    "tint": "journeymap",
    "plot_staircase": "levels",
    "describe_staircase": "levels",
    "MomentCounts": "overview",
    "count_listing": "overview",
    "plot_keyword_counts": "overview",
    "describe_keyword_counts": "overview",
    "plot_moment_counts": "overview",
    "describe_moment_counts": "overview",
    "QuestionMisses": "overview",
    "plot_question_misses": "overview",
    "describe_question_misses": "overview",
    "NotebookShares": "overview",
    "plot_notebook_shares": "overview",
    "describe_notebook_shares": "overview",
    "plot_communication_pie": "pie",
    "describe_communication_pie": "pie",
    "plot_poster": "poster",
    "poster_figure": "poster",
    "describe_poster": "poster",
    "plot_ipa": "quadrants",
    "describe_ipa": "quadrants",
    "plot_importance_influence": "quadrants",
    "describe_importance_influence": "quadrants",
    "lecture_style": "style",
    "is_lecture": "style",
    "styled": "style",
    "get_ax": "style",
}


class Chart(NamedTuple):
    """One chart of the course: where its two functions are, and what it can be shown with.

    ``plot_only`` are the keyword options of the plot that the description does not take
    (a title, whether to draw the emotion band); every other option goes to both.
    ``example`` names a function in :mod:`journeylib.charts.examples` that builds small
    example data for it.
    """

    name: str
    module: str  # submodule of journeylib.charts
    plot: str
    describe: str
    example: str
    plot_only: tuple[str, ...] = ()

    def plot_function(self):
        return getattr(import_module(f"{__name__}.{self.module}"), self.plot)

    def describe_function(self):
        return getattr(import_module(f"{__name__}.{self.module}"), self.describe)

    def example_data(self):
        """Small example data for this chart, built in code (no files read)."""
        return getattr(import_module(f"{__name__}.examples"), self.example)()

    def draw(self, data, *, ax=None, lang: str | None = None, **options):
        """``(Axes, description)``: the plot gets every option, the description all but ``plot_only``."""
        described = {k: v for k, v in options.items() if k not in self.plot_only}
        drawn = self.plot_function()(data, ax=ax, lang=lang, **options)
        return drawn, self.describe_function()(data, lang=lang, **described)


#: every chart of the course by the name notebooks use: ``course.show_chart("emotion", journey)``
CHARTS: dict[str, Chart] = {chart.name: chart for chart in (
    Chart("journey_map", "journeymap", "plot_journey_map", "describe_journey_map", "journey",
          plot_only=("show_emotion",)),
    Chart("golden_circle", "golden", "plot_golden_circle", "describe_golden_circle", "brand"),
    Chart("ipa", "quadrants", "plot_ipa", "describe_ipa", "ipa_table", plot_only=("title",)),
    Chart("importance_influence", "quadrants", "plot_importance_influence", "describe_importance_influence",
          "journey", plot_only=("title",)),
    Chart("emotion", "emotion", "plot_emotion", "describe_emotion", "journey", plot_only=("title",)),
    Chart("staircase", "levels", "plot_staircase", "describe_staircase", "journey", plot_only=("title",)),
    Chart("channels", "channels", "plot_channel_heatmap", "describe_channel_heatmap", "channel_matrix",
          plot_only=("title",)),
    Chart("brand_fit", "brandfit", "plot_brand_fit", "describe_brand_fit", "brand_fit_ratings",
          plot_only=("title",)),
    Chart("key_drivers", "drivers", "plot_key_drivers", "describe_key_drivers", "key_drivers_table"),
    Chart("communication_pie", "pie", "plot_communication_pie", "describe_communication_pie", "pie_labels"),
    Chart("poster", "poster", "plot_poster", "describe_poster", "workbook"),
    Chart("keyword_counts", "overview", "plot_keyword_counts", "describe_keyword_counts", "keyword_counts"),
    Chart("moment_counts", "overview", "plot_moment_counts", "describe_moment_counts", "moment_counts"),
    Chart("question_misses", "overview", "plot_question_misses", "describe_question_misses", "question_misses"),
    Chart("notebook_shares", "overview", "plot_notebook_shares", "describe_notebook_shares", "notebook_shares"),
)}


def chart_info(name: str) -> Chart:
    """The :class:`Chart` called ``name``; a KeyError lists the names there are."""
    try:
        return CHARTS[name]
    except KeyError:
        raise KeyError(f"unknown chart {name!r}; choose one of {', '.join(sorted(CHARTS))}") from None


__all__, __getattr__, __dir__ = lazy_package(__name__, __path__, globals(), _PUBLIC,
                                             own=("CHARTS", "Chart", "chart_info"))
