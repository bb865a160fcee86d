"""What a course notebook calls: one setup line, one call per chart.

    session = journeylib.course.start(lang, case, workbook, lecture)   # language, style, workbook bar
    journeylib.course.show_chart("journey_map", example.journeys[0])    # figure + its description

Notebooks contain no logic of their own: these two functions keep their code
to a line per step, and make every chart show the same way live, headless and in nbval
(the figure as PNG with alternative text, the description as Markdown text that nbval compares).
"""
from __future__ import annotations

from . import i18n


def start(lang: str = i18n.DEFAULT_LANGUAGE, case: str = "", workbook: str = "", lecture: bool = False, *, bar: bool = True):
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
    """Draw chart ``name`` (see ``journeylib.charts.CHARTS``) and return ``(figure, description)``.

    ``options`` go to the plot; the description gets those it takes too (a ``title`` or
    ``show_emotion`` is the plot's alone).
    """
    from .charts import chart_info

    ax, text = chart_info(name).draw(data, lang=lang, **options)
    return ax.figure, text


def show_chart(name: str, data, *, lang: str | None = None, **options) -> None:
    """Show chart ``name`` for ``data`` and, under it, the paragraph that describes it."""
    import base64

    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    from IPython.display import Markdown, display

    from .charts.style import alt_text, image_html

    fig, text = chart(name, data, lang=lang, **options)
    try:
        # as the inline backend draws it (tight box, the figure's dpi), shown as an <img> with
        # alternative text (JupyterLab gives a plain PNG output none), the PNG itself beside it
        png = base64.b64encode(print_figure(fig, "png", bbox_inches="tight")).decode("ascii")
        plain = repr(fig)
    finally:
        plt.close(fig)
    display({"text/html": image_html(png, "image/png", alt_text(text)), "image/png": png, "text/plain": plain},
            raw=True)
    display(Markdown(text))


def self_check(notebook: str, session=None):
    """The self-check of notebook ``notebook`` ("00" ... "08") as a widget."""
    from .widgets.selfcheck import SelfCheck

    return SelfCheck(session, notebook)
