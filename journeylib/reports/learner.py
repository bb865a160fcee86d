"""The learner's advice report: one :class:`~.blocks.Section` per part of the course work.

:func:`section` builds one part (brand, journey, moments, drivers, service, channels,
hospitality, reflection, advice, self-checks, sources) from a workbook; a part with nothing in the workbook says so in one
sentence instead of failing, and a chart that cannot be drawn is replaced by a sentence
naming the problem. :func:`report_document` puts them under a title with the learner,
organisation and case; :func:`render_html`, :func:`render_pdf`, :func:`render_docx` and
:func:`write_report` hand that document to a renderer.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from .. import assignments
from ..errors import FileFormatError, JourneyError
from ..i18n import check_language, t
from .blocks import Chart, Document, Gallery, LongText, Paragraph, Picture, Section, Table, note, safe_section
from .markdown import word_count

__all__ = ["REPORT_SECTIONS", "section", "report_sections", "report_workbook", "header", "report_document",
           "render_html", "render_pdf", "render_docx", "write_report"]

#: Report sections, in order.
REPORT_SECTIONS = ("brand", "journey", "moments", "drivers", "service", "channels", "hospitality", "reflection",
                   "advice", "selfcheck", "sources")


def _chart(label_key: str, name: str, data, lang: str, *, drawing: dict | None = None, **options) -> Chart:
    """A report chart from the chart registry (journeylib.charts.CHARTS): drawn on demand with
    every option, described with all but the plot-only ones, like ``course.show_chart``.
    ``drawing``: options for the drawing alone (the key-driver chart's ``top`` is how many
    bars to draw, while its description's ``top`` is how many drivers to name)."""
    from ..charts import chart_info

    info = chart_info(name)
    described = {k: v for k, v in options.items() if k not in info.plot_only}
    drawn = {**options, **(drawing or {})}
    return Chart(t(label_key, lang), lambda: info.plot_function()(data, lang=lang, **drawn),
                 info.describe_function()(data, lang=lang, **described))


def _yes(value: bool, lang: str) -> str:
    return t("report.yes" if value else "report.no", lang)


def _brand(wb, lang: str) -> list:
    brand = wb.brand
    filled = any([brand.organisation.strip(), brand.why.strip(), brand.how.strip(), brand.what.strip(),
                  *(w.strip() for w in brand.essence_words), *brand.values])
    if not filled:
        return [note("report.brand.empty", lang)]
    blocks: list = [_chart("report.chart.golden", "golden_circle", brand, lang)]
    rows = [[t(f"field.{k}", lang), getattr(brand, k).strip() or t("report.not_filled", lang)]
            for k in ("organisation", "why", "how", "what")]
    rows.append([t("field.essence_words", lang),
                 ", ".join(w for w in brand.essence_words if w.strip()) or t("report.not_filled", lang)])
    rows.append([t("field.values", lang), ", ".join(brand.values) or t("report.not_filled", lang)])
    blocks.append(Table([t("report.col.field", lang), t("report.col.text", lang)], rows))
    if wb.brand_fit:
        blocks.append(_chart("report.chart.brand_fit", "brand_fit", list(wb.brand_fit), lang))
    return blocks


def _journey(wb, lang: str) -> list:
    journeys = [j for j in wb.journeys if j.touchpoints]
    if not journeys:
        return [note("report.journey.empty", lang)]
    blocks: list = []
    if len(wb.journeys) > 1:
        blocks.append(Paragraph(t("report.journey.several", lang, count=len(wb.journeys),
                                  name=wb.journeys[0].name)))
    for journey in journeys:
        blocks.append(_chart("report.chart.journey_map", "journey_map", journey, lang))
    return blocks


def _main_journey(wb):
    journey = wb.journey
    return journey if journey is not None and journey.touchpoints else None


def _moments(wb, lang: str) -> list:
    from ..analysis.moments import mot_rows
    from ..text import format_number

    journey = _main_journey(wb)
    if journey is None:
        return [note("report.journey.empty", lang)]
    blocks: list = []
    chosen = [tp for tp in journey.touchpoints if tp.moment_of_truth]
    if chosen:
        blocks.append(Table(
            [t("field.name", lang), t("field.phase", lang), t("field.standard_way", lang)],
            [[tp.name, t(f"phase.{tp.phase}", lang), tp.standard_way.strip() or t("report.moments.no_standard", lang)]
             for tp in chosen],
            caption=t("report.moments.chosen", lang, count=len(chosen)),
        ))
    else:
        blocks.append(note("report.moments.none_chosen", lang))
    scores = mot_rows(journey)[:5]
    blocks.append(Table(
        [t("report.col.rank", lang), t("field.name", lang), t("field.phase", lang), t("report.col.score", lang),
         t("field.moment_of_truth", lang)],
        [[str(r["rank"]), r["name"], t(f"phase.{r['phase']}", lang), format_number(r["score"], lang, 2),
          _yes(bool(r["moment_of_truth"]), lang)] for r in scores],
        caption=t("report.moments.candidates", lang),
    ))
    blocks.append(_chart("report.chart.emotion", "emotion", journey, lang))
    blocks.append(_chart("report.chart.importance_influence", "importance_influence", journey, lang))
    return blocks


@functools.lru_cache(maxsize=16)
def shipped_case(case_id: str, lang: str):
    """A shipped case (``None`` for anything else), read once per language."""
    from ..datasets import list_cases, load_case

    if not case_id or case_id not in list_cases():
        return None
    return load_case(case_id, lang=lang)


@functools.lru_cache(maxsize=8)
def _shipped_survey(case_id: str, lang: str):
    from ..datasets import load_survey

    return load_survey(shipped_case(case_id, lang))


def _drivers(wb, lang: str) -> list:
    journey = _main_journey(wb)
    if journey is None:
        return [note("report.journey.empty", lang)]
    case = shipped_case(wb.case, lang)
    if case is None or not case.survey:
        return [note("report.drivers.none", lang)]
    from ..analysis.keydrivers import key_drivers

    survey = _shipped_survey(wb.case, lang)
    ids = [tp.id for tp in journey.touchpoints if tp.id in survey.columns]
    if len(ids) < 2:
        return [note("report.drivers.too_few", lang)]
    labels = {tp.id: tp.name for tp in journey.touchpoints}
    table = key_drivers(survey, "satisfaction", ids)
    return [
        Paragraph(t("report.drivers.source", lang, case=case.title, n=len(ids))),
        _chart("report.chart.drivers", "key_drivers", table, lang, labels=labels, drawing={"top": 12}),
    ]


def _service(wb, lang: str) -> list:
    from ..analysis.service import SCENARIOS, expectation_gaps, level_distribution

    journey = _main_journey(wb)
    blocks: list = []
    data = None
    if journey is not None and any(tp.service_level is not None for tp in journey.touchpoints):
        data = journey
    elif journey is not None:
        ids = {tp.id: tp.name for tp in journey.touchpoints}
        rated = {ids[k]: v for k, v in wb.service_ratings.items() if k in ids}
        if rated:
            data = [(level, name) for name, level in rated.items()]
    if data is not None:
        table = level_distribution(data)
        blocks.append(_chart("report.chart.staircase", "staircase", table, lang))
    else:
        blocks.append(note("report.service.empty", lang))
    answers = {k: v for k, v in wb.service_ratings.items() if k in {s.id for s in SCENARIOS}}
    if answers:
        correct = sum(1 for s in SCENARIOS if s.id in answers and answers[s.id] == s.level)
        blocks.append(Paragraph(t("report.service.sorter", lang, correct=correct, total=len(answers))))
    if journey is not None:
        gaps = expectation_gaps(journey, lang=lang)
        below = gaps[gaps["gap"] < 0]
        if len(below):
            blocks.append(Table(
                [t("field.name", lang), t("field.phase", lang), t("field.expectation", lang),
                 t("field.performance", lang), t("report.col.gap", lang)],
                [[r["name"], t(f"phase.{r['phase']}", lang), str(r["expectation"]), str(r["performance"]),
                  str(r["gap"])] for _, r in below.iterrows()],
                caption=t("report.service.gaps", lang, count=len(below)),
            ))
        else:
            blocks.append(note("report.service.no_gaps", lang))
    return blocks


def _channels(wb, lang: str) -> list:
    matrix = wb.channels
    if not matrix.channels or not matrix.problems:
        return [note("report.channels.empty", lang)]
    return [_chart("report.chart.channels", "channels", matrix, lang)]


def _text_answer(assignment, wb, lang: str) -> list:
    """A text assignment: its title, the learner's answer, and what a good answer contains."""
    blocks: list = [Paragraph(t("report.answer.assignment", lang, title=t(assignment.title, lang)))]
    text = assignments.text_answer(assignment, wb)
    if not text.strip():
        return [*blocks, note("report.answer.empty", lang)]
    return [*blocks, LongText(text), Paragraph(t("report.answer.good", lang, good=t(assignment.good, lang)), note=True)]


def _pie_answer(assignment, wb, lang: str) -> list:
    """The pie: the learner's title per slice beside the course's answer."""
    from ..charts.pie import SLICES

    blocks: list = [Paragraph(t("report.answer.assignment", lang, title=t(assignment.title, lang)))]
    names = assignments.pie_names(assignment, wb)
    if not any(names):
        return [*blocks, note("report.answer.empty", lang)]
    rows = [[t("report.pie.slice", lang, letter=letter, share=share), name or t("report.not_filled", lang),
             t(f"chart.pie.answer_{key}", lang)] for (key, share, letter), name in zip(SLICES, names)]
    return [*blocks, Table([t("report.pie.col.slice", lang), t("report.pie.col.yours", lang),
                            t("report.pie.col.answer", lang)], rows, caption=t("report.pie.caption", lang))]


def _hospitality(wb, lang: str) -> list:
    """Notebook 07's assignments (from journeylib.assignments): the hospitality model, the pie,
    authentic and representative."""
    blocks: list = []
    for assignment in assignments.in_section("hospitality"):
        blocks += (_pie_answer if assignment.kind == "pie" else _text_answer)(assignment, wb, lang)
    return blocks


def _reflection(wb, lang: str) -> list:
    blocks: list = []
    for phase in [a.phase for a in assignments.in_section("reflection")]:  # before, during, after
        board = wb.reflections[phase]
        if not board.keywords and not board.images:
            continue
        text = (t("report.reflection.keywords", lang, words=", ".join(board.keywords)) if board.keywords
                else t("report.reflection.no_keywords", lang))
        pictures = [Picture(img.name or t("report.reflection.image", lang, number=i + 1), img.mime, img.raw(),
                            img.width, img.height) for i, img in enumerate(board.images)]
        blocks.append(Gallery(t(f"phase.{phase}", lang), text, pictures))
    return blocks or [note("report.reflection.empty", lang)]


def _advice(wb, lang: str) -> list:
    text = wb.advice.strip()
    if not text:
        return [note("report.advice.empty", lang)]
    return [Paragraph(t("report.advice.words", lang, count=word_count(text)), note=True), LongText(text)]


def _selfcheck(wb, lang: str) -> list:
    """The self-checks and quizzes (journeylib.selfcheck): per notebook and part how many
    questions were checked, how many are right now and how many were right first time."""
    from ..selfcheck import key, results
    from ..text import join_words, shorten

    found = results(wb.answers)
    if not any(r.answered for r in found):
        return [note("report.selfcheck.empty", lang)]
    parts: dict[tuple[str, str], list] = {}
    for r in found:
        parts.setdefault((r.notebook, r.set), []).append(r)
    rows = [[notebook, t(f"selfcheck.set.{name}", lang), str(len(rs)), str(sum(r.answered for r in rs)),
             str(sum(r.right for r in rs)), str(sum(r.first_right for r in rs))]
            for (notebook, name), rs in parts.items()]
    answered = [r for r in found if r.answered]
    blocks: list = [
        Paragraph(t("report.selfcheck.total", lang, answered=len(answered), total=len(found),
                    right=sum(r.right for r in answered), first=sum(r.first_right for r in answered))),
        Table([t(f"report.selfcheck.col.{c}", lang) for c in ("notebook", "part", "questions", "answered", "right",
                                                              "first")],
              rows, caption=t("report.selfcheck.caption", lang)),
    ]
    wrong = [t("report.selfcheck.question", lang, notebook=r.notebook, part=t(f"selfcheck.set.{r.set}", lang),
               n=r.n, question=shorten(t(key(r.notebook, r.id), lang), 70)) for r in answered if not r.right]
    if wrong:
        blocks.append(Paragraph(t("report.selfcheck.open", lang, questions=join_words(wrong, lang))))
    return blocks


@functools.cache
def report_sources() -> dict:
    """``{"works": {id: reference}, "sections": {section: {"notebook", "works"}}}`` from
    journeylib/data/sources.yaml: the works each part of the report rests on, cited as the
    notebook that teaches the part cites them."""
    import yaml

    path = Path(__file__).resolve().parents[1] / "data" / "sources.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _sources(_wb, lang: str) -> list:
    """The works behind the report's parts, each once, in the order of the parts."""
    data = report_sources()
    ids: list[str] = []
    for name in REPORT_SECTIONS:
        for work in data["sections"].get(name, {}).get("works", []):
            if work not in ids:
                ids.append(work)
    dois = data.get("dois", {})
    refs = "\n\n".join(data["works"][work] + (f" doi:{dois[work]}" if work in dois else "") for work in ids)
    return [Paragraph(t("report.sources.intro", lang)), LongText(refs)]


_BUILDERS = {"brand": _brand, "journey": _journey, "moments": _moments, "drivers": _drivers,
             "service": _service, "channels": _channels, "hospitality": _hospitality, "reflection": _reflection,
             "advice": _advice, "selfcheck": _selfcheck,
             "sources": _sources}


def section(name: str, workbook, lang: str | None = None) -> Section:
    """One report section (``name`` from :data:`REPORT_SECTIONS`) for ``workbook``."""
    lang = check_language(lang)
    if name not in _BUILDERS:
        raise KeyError(f"unknown section {name!r}; choose one of {', '.join(REPORT_SECTIONS)}")
    return safe_section(name, t(f"report.section.{name}", lang), lambda: _BUILDERS[name](workbook, lang), lang)


def report_sections(workbook, lang: str | None = None) -> list[Section]:
    """Every section of the learner's report, in order."""
    return [section(name, workbook, lang) for name in REPORT_SECTIONS]


def report_workbook(workbook: str | os.PathLike = "", case: str = "hospital", lang: str | None = None):
    """The workbook a report notebook shows: the file ``workbook`` (validated), or, when it is
    empty, the demo workbook of ``case`` (:func:`~journeylib.demo_class.demo_workbook`)."""
    from ..demo_class import demo_workbook
    from ..store import load_workbook

    if str(workbook).strip():
        return load_workbook(workbook)
    return demo_workbook(case or "hospital", lang=lang)


def header(workbook, lang: str | None = None) -> Section:
    """The report's title with learner, organisation and case (for the notebook view)."""
    lang = check_language(lang)
    return Section("header", _title(workbook, lang),
                   [Table([t("report.col.field", lang), t("report.col.text", lang)],
                          [list(row) for row in _meta(workbook, lang)])], lang)


def _title(wb, lang: str) -> str:
    learner = " ".join(wb.learner.split())
    return t("report.title_learner", lang, learner=learner) if learner else t("report.title", lang)


def _meta(wb, lang: str) -> list[tuple[str, str]]:
    none = t("report.not_filled", lang)
    case = wb.case
    try:
        shipped = shipped_case(case, lang)
        case = shipped.title if shipped is not None else case
    except JourneyError:
        pass
    return [
        (t("report.meta.learner", lang), wb.learner.strip() or none),
        (t("field.organisation", lang), wb.brand.organisation.strip() or none),
        (t("report.meta.case", lang), case or none),
    ]


def report_document(workbook, lang: str | None = None) -> Document:
    """The whole report of ``workbook``: title, learner, organisation and case, every section."""
    lang = check_language(lang)
    return Document(_title(workbook, lang), lang, _meta(workbook, lang), report_sections(workbook, lang))


def render_html(workbook, lang: str | None = None) -> str:
    """The learner's advice report as one self-contained HTML page (a ``str``)."""
    from .html import render_document

    return render_document(report_document(workbook, lang))


def render_pdf(workbook, path, lang: str | None = None) -> Path:
    """Write the learner's report as a PDF to ``path`` (atomically). Returns the path."""
    from ..store import atomic_write
    from .pdf import render_document

    atomic_write(path, render_document(report_document(workbook, lang)))
    return Path(path)


def render_docx(workbook, path, lang: str | None = None, *, date=None) -> Path:
    """Write the learner's report as an editable Word document to ``path`` (atomically), the
    learner as its author; ``date`` (default today) goes on its title page. Returns the path."""
    from ..store import atomic_write
    from .docx import render_document

    atomic_write(path, render_document(report_document(workbook, lang), author=" ".join(workbook.learner.split()),
                                       date=date))
    return Path(path)


def _format_of(out) -> str:
    suffix = Path(out).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".pdf", ".docx"):
        return suffix[1:]
    raise FileFormatError("report.error.format", file=str(out), suffix=suffix or "-")


def write_report(workbook_or_path, out, lang: str | None = None) -> Path:
    """Write the report of a workbook (a :class:`~journeylib.model.Workbook` or a workbook file)
    to ``out``; the format follows the suffix (``.html``, ``.pdf`` or ``.docx``). Returns the path written."""
    from ..model import Workbook
    from ..store import atomic_write, load_workbook

    fmt = _format_of(out)
    workbook = workbook_or_path if isinstance(workbook_or_path, Workbook) else load_workbook(workbook_or_path)
    if fmt == "pdf":
        return render_pdf(workbook, out, lang)
    if fmt == "docx":
        return render_docx(workbook, out, lang)
    atomic_write(out, render_html(workbook, lang).encode("utf-8"))
    return Path(out)
