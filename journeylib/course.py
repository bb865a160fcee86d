"""What a course notebook calls: one setup line, one call per chart.

    session = journeylib.course.start(lang, case, workbook, lecture)   # language, style, workbook bar
    journeylib.course.show_chart("journey_map", example.journeys[0])    # figure + its description

Notebooks contain no logic of their own: these two functions keep their code
to a line per step, and make every chart show the same way live, headless and in nbval
(the figure as PNG, the description as Markdown text that nbval compares).
"""
from __future__ import annotations

from importlib import import_module

from . import i18n

#: chart name -> (module, plot function, describe function)
CHARTS = {
    "journey_map": ("journeymap", "plot_journey_map", "describe_journey_map"),
    "golden_circle": ("golden", "plot_golden_circle", "describe_golden_circle"),
    "ipa": ("quadrants", "plot_ipa", "describe_ipa"),
    "importance_influence": ("quadrants", "plot_importance_influence", "describe_importance_influence"),
    "emotion": ("emotion", "plot_emotion", "describe_emotion"),
    "staircase": ("levels", "plot_staircase", "describe_staircase"),
    "channels": ("channels", "plot_channel_heatmap", "describe_channel_heatmap"),
    "brand_fit": ("brandfit", "plot_brand_fit", "describe_brand_fit"),
    "key_drivers": ("drivers", "plot_key_drivers", "describe_key_drivers"),
    "communication_pie": ("pie", "plot_communication_pie", "describe_communication_pie"),
    "poster": ("poster", "plot_poster", "describe_poster"),
}


def start(lang: str = "nl", case: str = "", workbook: str = "", lecture: bool = False, *, bar: bool = True):
    """Set the language and style, open the learner's workbook and show the workbook bar.

    ``workbook`` empty means the default file (``work/cx-journey-lab.workbook.json``, or
    ``$JOURNEYLIB_WORKBOOK``). A new workbook starts empty: the ``case`` is what the
    notebook shows as its example (see :func:`example`), not the learner's own work.
    Returns the :class:`~journeylib.store.WorkbookSession` the widgets share.
    """
    from .charts import style
    from .store import default_workbook_path, open_workbook

    i18n.set_language(lang)
    style.lecture_style(bool(lecture))
    path = workbook or default_workbook_path("cx-journey-lab")
    session = open_workbook(path, lang=lang)
    if bar:
        from IPython.display import display

        from .widgets.workbook_bar import WorkbookBar

        display(WorkbookBar(session))
    return session


def example(case: str, lang: str | None = None):
    """The shipped (or instructor's) case to use as the notebook's example."""
    from .datasets import load_case

    return load_case(case, lang=lang)


def chart(name: str, data, *, lang: str | None = None, **options):
    """Draw chart ``name`` and return ``(figure, description)``."""
    try:
        module, plot, describe = CHARTS[name]
    except KeyError:
        raise KeyError(f"unknown chart {name!r}; choose one of {', '.join(sorted(CHARTS))}") from None
    mod = import_module(f"journeylib.charts.{module}")
    ax = getattr(mod, plot)(data, lang=lang, **options)
    text = getattr(mod, describe)(data, lang=lang, **options)
    return ax.figure, text


def show_chart(name: str, data, *, lang: str | None = None, **options) -> None:
    """Show chart ``name`` for ``data`` and, under it, the paragraph that describes it."""
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    fig, text = chart(name, data, lang=lang, **options)
    display(fig)
    plt.close(fig)
    display(Markdown(text))


def self_check(notebook: str, session=None):
    """The self-check of notebook ``notebook`` ("00" ... "08") as a widget."""
    from .widgets.selfcheck import SelfCheck

    return SelfCheck(session, notebook)
