"""A learner's advice report and the class overview: self-contained HTML, PDF and notebook views.

Both are built as a list of :class:`Section`\\ s (a title and blocks: paragraphs, tables,
charts with their description, images, long text). The same sections are rendered three
ways, so the file, the PDF and the instructor notebooks always show the same thing:

* :func:`render_html` - one self-contained HTML file: charts as PNG and reflection images as
  ``data:`` URIs, CSS inline, no JavaScript, no fonts or files from the network (a
  Content-Security-Policy in the page forbids scripts and every non-``data:`` source), every
  piece of learner text escaped with :func:`html.escape`, print-friendly CSS (a section per
  page, figures not split).
* :func:`render_pdf` - matplotlib's ``PdfPages`` (no LaTeX): a title page, each section from a
  new A4 page, text wrapped with real font metrics and carried over pages; wide charts get
  a landscape page of their own. Charts are placed as 150 dpi images, exactly as drawn for
  the HTML.
* In a notebook a :class:`Section` displays itself (``_repr_html_``) with the same HTML.

A section with nothing in the workbook says so in one sentence instead of failing; a chart
that cannot be drawn is replaced by a sentence naming the problem.

The class overview (:func:`load_class`, :func:`overview_sections`, :func:`render_overview_html`)
reads every ``*.json`` file of a folder: invalid workbooks are listed with the reason and
skipped. A folder without any ``*.json`` file is an error (:class:`OverviewError`): the CLI
prints one line and exits 1 without writing a file.

:func:`demo_workbook` and :func:`demo_class` make deterministic example data from the shipped
cases, so the instructor notebooks run headless with their default parameters.
"""
from __future__ import annotations

import base64
import functools
import html
import io
import itertools
import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import FileFormatError, JourneyError
from .i18n import check_language, t

__all__ = [
    "Section", "Paragraph", "LongText", "Table", "Chart", "Picture", "Gallery",
    "REPORT_SECTIONS", "OVERVIEW_SECTIONS", "TASKS",
    "report_sections", "section", "header", "report_workbook", "render_html", "render_pdf", "write_report",
    "ClassFolder", "OverviewError", "load_class", "task_status", "overview_sections", "overview_section",
    "render_overview_html", "write_overview", "demo_workbook", "demo_class",
]

#: Report sections, in order.
REPORT_SECTIONS = ("brand", "journey", "moments", "drivers", "service", "channels", "reflection", "advice")
#: Overview sections, in order.
OVERVIEW_SECTIONS = ("summary", "progress", "keywords", "moments", "essences", "service", "invalid")
#: The course tasks of the progress table (see :func:`task_status`).
TASKS = ("brand", "journey", "moments", "service", "channels", "reflection", "advice")
CHART_DPI = 150  # charts in HTML and PDF files
NOTEBOOK_DPI = 96  # charts shown in a notebook (keeps stored notebooks small)
_PHASES = ("before", "during", "after")
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


class OverviewError(JourneyError):
    """A class folder that is missing or holds no workbook files."""


# =========================================================================== blocks

@dataclass
class Paragraph:
    """One paragraph; ``note`` marks a short "nothing here yet" remark (shown in italics)."""

    text: str
    note: bool = False


@dataclass
class LongText:
    """A learner's long text (the advice), read as a small, safe part of Markdown.

    Headings (``## Situatie``), paragraphs (line breaks kept), bullet lists (``- ``, ``* ``,
    ``+ ``) and **bold** / *italic* are shown as such (:func:`markdown_blocks`); everything
    else is text. Nothing the learner typed becomes markup: the text is escaped first.
    """

    text: str


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""
    marks: tuple[str, ...] = ()  # (yes text, no text): such cells get a class for emphasis


@dataclass
class Picture:
    name: str
    mime: str
    raw: bytes
    width: int
    height: int


@dataclass
class Gallery:
    """A heading, an optional line of keywords and up to a few pictures (reflection board)."""

    heading: str
    text: str
    pictures: list[Picture]


@dataclass
class Chart:
    """A chart drawn on demand (``draw()`` returns an Axes on a new figure) and its description."""

    label: str
    draw: Callable[[], Any]
    description: str
    lang: str | None = None
    _png: dict = field(default_factory=dict, repr=False)
    _error: str | None = field(default=None, repr=False)

    def png(self, dpi: int = CHART_DPI) -> bytes | None:
        """The chart as PNG bytes (drawn once per ``dpi``, the figure closed); ``None`` when it failed."""
        if dpi not in self._png and self._error is None:
            import matplotlib.pyplot as plt

            from .charts.export import figure_png

            fig = None
            try:
                ax = self.draw()
                fig = ax.figure
                self._png[dpi] = figure_png(fig, dpi)
            except Exception as exc:  # one broken chart must not cost the whole report
                self._error = _detail(exc, self.lang)
            finally:
                if fig is not None:
                    plt.close(fig)
        return self._png.get(dpi)

    @property
    def error(self) -> str | None:
        return self._error

    def size_inches(self) -> tuple[float, float]:
        width, height = _png_size(self.png() or b"")
        return width / CHART_DPI, height / CHART_DPI


@dataclass
class Section:
    """One part of a report or overview. In a notebook it shows itself as HTML."""

    key: str
    title: str
    blocks: list = field(default_factory=list)
    lang: str | None = None

    def __repr__(self) -> str:
        kinds = Counter(type(b).__name__.lower() for b in self.blocks)
        parts = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items()))
        return f"<Section {self.key}: {parts or 'empty'}>"

    def _repr_html_(self) -> str:
        return section_html(self, heading="h2", dpi=NOTEBOOK_DPI)


def _detail(exc: BaseException, lang: str | None = None) -> str:
    if isinstance(exc, JourneyError):
        return t(exc.key, lang, **exc.params)
    return f"{type(exc).__name__}: {exc}"[:300]


def _png_size(raw: bytes) -> tuple[int, int]:
    if raw[:8] != b"\x89PNG\r\n\x1a\n" or len(raw) < 24:
        return 0, 0
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


def _note(key: str, lang: str, **params) -> Paragraph:
    return Paragraph(t(key, lang, **params), note=True)


def _safe_section(key: str, title: str, build: Callable[[], list], lang: str) -> Section:
    try:
        blocks = build()
    except Exception as exc:  # a section that fails says why; the others still render
        blocks = [_note("report.section_failed", lang, detail=_detail(exc, lang))]
    for block in blocks:
        if isinstance(block, Chart):
            block.lang = lang
    return Section(key, title, blocks, lang)


def _yes(value: bool, lang: str) -> str:
    return t("report.yes" if value else "report.no", lang)


# =========================================================================== learner report

def _brand(wb, lang: str) -> list:
    from .charts.golden import describe_golden_circle, plot_golden_circle

    brand = wb.brand
    filled = any([brand.organisation.strip(), brand.why.strip(), brand.how.strip(), brand.what.strip(),
                  *(w.strip() for w in brand.essence_words), *brand.values])
    if not filled:
        return [_note("report.brand.empty", lang)]
    blocks: list = [Chart(t("report.chart.golden", lang), lambda: plot_golden_circle(brand, lang=lang),
                          describe_golden_circle(brand, lang=lang))]
    rows = [[t(f"field.{k}", lang), getattr(brand, k).strip() or t("report.not_filled", lang)]
            for k in ("organisation", "why", "how", "what")]
    rows.append([t("field.essence_words", lang),
                 ", ".join(w for w in brand.essence_words if w.strip()) or t("report.not_filled", lang)])
    rows.append([t("field.values", lang), ", ".join(brand.values) or t("report.not_filled", lang)])
    blocks.append(Table([t("report.col.field", lang), t("report.col.text", lang)], rows))
    if wb.brand_fit:
        from .charts.brandfit import describe_brand_fit, plot_brand_fit

        ratings = list(wb.brand_fit)
        blocks.append(Chart(t("report.chart.brand_fit", lang), lambda: plot_brand_fit(ratings, lang=lang),
                            describe_brand_fit(ratings, lang=lang)))
    return blocks


def _journey(wb, lang: str) -> list:
    from .charts.journeymap import describe_journey_map, plot_journey_map

    journeys = [j for j in wb.journeys if j.touchpoints]
    if not journeys:
        return [_note("report.journey.empty", lang)]
    blocks: list = []
    if len(wb.journeys) > 1:
        blocks.append(Paragraph(t("report.journey.several", lang, count=len(wb.journeys),
                                  name=wb.journeys[0].name)))
    for journey in journeys:
        blocks.append(Chart(t("report.chart.journey_map", lang),
                            lambda j=journey: plot_journey_map(j, lang=lang),
                            describe_journey_map(journey, lang=lang)))
    return blocks


def _main_journey(wb):
    journey = wb.journey
    return journey if journey is not None and journey.touchpoints else None


def _moments(wb, lang: str) -> list:
    from .analysis.metrics import format_number
    from .analysis.moments import mot_scores
    from .charts.emotion import describe_emotion, plot_emotion
    from .charts.quadrants import describe_importance_influence, plot_importance_influence

    journey = _main_journey(wb)
    if journey is None:
        return [_note("report.journey.empty", lang)]
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
        blocks.append(_note("report.moments.none_chosen", lang))
    scores = mot_scores(journey).head(5)
    blocks.append(Table(
        [t("report.col.rank", lang), t("field.name", lang), t("field.phase", lang), t("report.col.score", lang),
         t("field.moment_of_truth", lang)],
        [[str(r["rank"]), r["name"], t(f"phase.{r['phase']}", lang), format_number(r["score"], lang, 2),
          _yes(bool(r["moment_of_truth"]), lang)] for _, r in scores.iterrows()],
        caption=t("report.moments.candidates", lang),
    ))
    blocks.append(Chart(t("report.chart.emotion", lang), lambda: plot_emotion(journey, lang=lang),
                        describe_emotion(journey, lang=lang)))
    blocks.append(Chart(t("report.chart.importance_influence", lang),
                        lambda: plot_importance_influence(journey, lang=lang),
                        describe_importance_influence(journey, lang=lang)))
    return blocks


@functools.lru_cache(maxsize=16)
def _shipped_case(case_id: str, lang: str):
    """A shipped case (``None`` for anything else), read once per language."""
    from .datasets import list_cases, load_case

    if not case_id or case_id not in list_cases():
        return None
    return load_case(case_id, lang=lang)


@functools.lru_cache(maxsize=8)
def _shipped_survey(case_id: str, lang: str):
    from .datasets import load_survey

    return load_survey(_shipped_case(case_id, lang))


def _drivers(wb, lang: str) -> list:
    journey = _main_journey(wb)
    if journey is None:
        return [_note("report.journey.empty", lang)]
    case = _shipped_case(wb.case, lang)
    if case is None or not case.survey:
        return [_note("report.drivers.none", lang)]
    from .analysis.keydrivers import key_drivers
    from .charts.drivers import describe_key_drivers, plot_key_drivers

    survey = _shipped_survey(wb.case, lang)
    ids = [tp.id for tp in journey.touchpoints if tp.id in survey.columns]
    if len(ids) < 2:
        return [_note("report.drivers.too_few", lang)]
    labels = {tp.id: tp.name for tp in journey.touchpoints}
    table = key_drivers(survey, "satisfaction", ids)
    return [
        Paragraph(t("report.drivers.source", lang, case=case.title, n=len(ids))),
        Chart(t("report.chart.drivers", lang), lambda: plot_key_drivers(table, labels=labels, lang=lang, top=12),
              describe_key_drivers(table, labels=labels, lang=lang)),
    ]


def _service(wb, lang: str) -> list:
    from .analysis.service import SCENARIOS, expectation_gaps, level_distribution
    from .charts.levels import describe_staircase, plot_staircase

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
        blocks.append(Chart(t("report.chart.staircase", lang), lambda: plot_staircase(table, lang=lang),
                            describe_staircase(table, lang=lang)))
    else:
        blocks.append(_note("report.service.empty", lang))
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
            blocks.append(_note("report.service.no_gaps", lang))
    return blocks


def _channels(wb, lang: str) -> list:
    matrix = wb.channels
    if not matrix.channels or not matrix.problems:
        return [_note("report.channels.empty", lang)]
    from .charts.channels import describe_channel_heatmap, plot_channel_heatmap

    return [Chart(t("report.chart.channels", lang), lambda: plot_channel_heatmap(matrix, lang=lang),
                  describe_channel_heatmap(matrix, lang=lang))]


def _reflection(wb, lang: str) -> list:
    blocks: list = []
    for phase in _PHASES:
        board = wb.reflections[phase]
        if not board.keywords and not board.images:
            continue
        text = (t("report.reflection.keywords", lang, words=", ".join(board.keywords)) if board.keywords
                else t("report.reflection.no_keywords", lang))
        pictures = [Picture(img.name or t("report.reflection.image", lang, number=i + 1), img.mime, img.raw(),
                            img.width, img.height) for i, img in enumerate(board.images)]
        blocks.append(Gallery(t(f"phase.{phase}", lang), text, pictures))
    return blocks or [_note("report.reflection.empty", lang)]


def _advice(wb, lang: str) -> list:
    text = wb.advice.strip()
    if not text:
        return [_note("report.advice.empty", lang)]
    words = sum(len(_plain(part).split()) for block in markdown_blocks(text) for part in _texts(block))
    return [Paragraph(t("report.advice.words", lang, count=words), note=True), LongText(text)]


_BUILDERS = {"brand": _brand, "journey": _journey, "moments": _moments, "drivers": _drivers,
             "service": _service, "channels": _channels, "reflection": _reflection, "advice": _advice}


def section(name: str, workbook, lang: str | None = None) -> Section:
    """One report section (``name`` from :data:`REPORT_SECTIONS`) for ``workbook``."""
    lang = check_language(lang)
    if name not in _BUILDERS:
        raise KeyError(f"unknown section {name!r}; choose one of {', '.join(REPORT_SECTIONS)}")
    return _safe_section(name, t(f"report.section.{name}", lang), lambda: _BUILDERS[name](workbook, lang), lang)


def report_sections(workbook, lang: str | None = None) -> list[Section]:
    """Every section of the learner's report, in order."""
    return [section(name, workbook, lang) for name in REPORT_SECTIONS]


def report_workbook(workbook: str | os.PathLike = "", case: str = "hospital", lang: str | None = None):
    """The workbook a report notebook shows: the file ``workbook`` (validated), or, when it is
    empty, the demo workbook of ``case`` (:func:`demo_workbook`)."""
    from .store import load_workbook

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
        shipped = _shipped_case(case, lang)
        case = shipped.title if shipped is not None else case
    except JourneyError:
        pass
    return [
        (t("report.meta.learner", lang), wb.learner.strip() or none),
        (t("field.organisation", lang), wb.brand.organisation.strip() or none),
        (t("report.meta.case", lang), case or none),
    ]


# =========================================================================== HTML

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       color: #111; background: #fff; line-height: 1.5; margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
nav ol { padding-left: 1.4rem; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: .95rem; color: #222; margin-top: .4rem; }
table { border-collapse: collapse; margin: .8rem 0; width: 100%; break-inside: auto; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
.table { overflow-x: auto; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #eef4fa; }
td.yes { font-weight: bold; } td.no { color: #8a2b00; }
p.note { font-style: italic; color: #444; }
.longtext p, .longtext li { white-space: pre-line; overflow-wrap: anywhere; }
.gallery { display: flex; flex-wrap: wrap; gap: .8rem; }
.gallery figure { margin: 0; max-width: 18rem; }
.gallery img { max-height: 14rem; }
footer { margin-top: 3rem; font-size: .85rem; color: #555; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  section { break-before: page; page-break-before: always; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""
#: No scripts, no network: only inline styles and data: images may be used by the page.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def esc(text: Any) -> str:
    """Learner text made safe for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------- learner Markdown
#
# The advice outline puts "## Situatie" headings in the learner's text. A small subset of
# Markdown is read here, with no dependency and no raw HTML: each piece of text is escaped
# before the few tags below are put around it.

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_MD_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])", re.S)
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"
                        r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S)


def markdown_blocks(text: str) -> list[tuple]:
    """The learner's text as blocks: ``("heading", level, text)``, ``("paragraph", text)``
    (line breaks kept) and ``("list", [item, ...])``. Inline marks stay in the texts."""
    blocks: list[tuple] = []
    para: list[str] = []
    items: list[str] | None = None

    def flush() -> None:
        nonlocal items
        if para:
            blocks.append(("paragraph", "\n".join(para)))
            para.clear()
        if items is not None:
            blocks.append(("list", items))
            items = None

    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = _MD_HEADING.match(line)
        bullet = _MD_BULLET.match(line)
        if heading:
            flush()
            if (heading.group(2) or "").strip():
                blocks.append(("heading", len(heading.group(1)), heading.group(2).strip()))
        elif bullet:
            if para:
                flush()
            if items is None:
                items = []
            items.append(bullet.group(1).strip())
        elif items is not None and raw[:1] in (" ", "\t"):
            items[-1] += "\n" + line.strip()  # an indented line goes on with the list item
        else:
            if items is not None:
                flush()
            para.append(line.strip())
    flush()
    return blocks


def _texts(block: tuple) -> list[str]:
    return list(block[1]) if block[0] == "list" else [block[-1]]


def _italic_html(text: str) -> str:
    """Escaped ``text`` with *italic* / _italic_ as ``<em>``."""
    out, pos = [], 0
    for m in _MD_ITALIC.finditer(text):
        out.append(esc(text[pos:m.start()]))
        out.append(f"<em>{esc(m.group(1) or m.group(2))}</em>")
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def inline_html(text: str) -> str:
    """Learner text as safe HTML: escaped, with **bold** and *italic* (nothing else)."""
    out, pos = [], 0
    for m in _MD_BOLD.finditer(text):
        out.append(_italic_html(text[pos:m.start()]))
        out.append(f"<strong>{_italic_html(m.group(1) or m.group(2))}</strong>")
        pos = m.end()
    out.append(_italic_html(text[pos:]))
    return "".join(out)


def _plain(text: str) -> str:
    """The text without its bold and italic marks (for the PDF and word counts)."""
    text = _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return _MD_ITALIC.sub(lambda m: m.group(1) or m.group(2), text)


def markdown_html(text: str, heading: str = "h2") -> str:
    """The learner's Markdown as HTML under a section heading ``heading`` (``h2``: its
    ``#`` and ``##`` headings become ``h3``, deeper ones ``h4``)."""
    top = int(heading[1]) + 1
    parts = []
    for block in markdown_blocks(text):
        if block[0] == "heading":
            tag = f"h{min(6, top if block[1] <= 2 else top + 1)}"
            parts.append(f"<{tag}>{inline_html(block[2])}</{tag}>")
        elif block[0] == "list":
            parts.append("<ul>" + "".join(f"<li>{inline_html(item)}</li>" for item in block[1]) + "</ul>")
        else:
            parts.append(f"<p>{inline_html(block[1])}</p>")
    return "".join(parts)


def _data_uri(mime: str, raw: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


def _td(cell: str, marks: tuple[str, ...]) -> str:
    if marks and cell == marks[0]:
        return f'<td class="yes">\u2713 {esc(cell)}</td>'
    if marks and cell == marks[1]:
        return f'<td class="no">\u2717 {esc(cell)}</td>'
    return f"<td>{esc(cell)}</td>"


def _block_html(block, heading: str, number: Iterator, dpi: int = CHART_DPI, lang: str | None = None) -> str:
    sub = "h3" if heading == "h2" else "h4"
    if isinstance(block, Paragraph):
        return f'<p class="note">{esc(block.text)}</p>' if block.note else f"<p>{esc(block.text)}</p>"
    if isinstance(block, LongText):
        return f'<div class="longtext">{markdown_html(block.text, heading)}</div>'
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in block.columns)
        body = "".join("<tr>" + "".join(_td(c, block.marks) for c in row) + "</tr>" for row in block.rows)
        caption = f"<caption>{esc(block.caption)}</caption>" if block.caption else ""
        return f'<div class="table"><table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    if isinstance(block, Chart):
        ident = f"desc-{next(number)}"
        png = block.png(dpi)
        if png is None:
            return (f'<p class="note">{esc(t("report.chart_failed", lang, detail=block.error))}</p>'
                    f"<p>{esc(block.description)}</p>")
        width, height = _png_size(png)
        return (f'<figure><img src="{_data_uri("image/png", png)}" alt="{esc(block.label)}" '
                f'aria-describedby="{ident}" width="{width * 100 // dpi}" '
                f'height="{height * 100 // dpi}">'
                f'<figcaption id="{ident}">{esc(block.description)}</figcaption></figure>')
    if isinstance(block, Gallery):
        pictures = "".join(
            f'<figure><img src="{_data_uri(_MIME.get(p.mime, "application/octet-stream"), p.raw)}" '
            f'alt="{esc(p.name)}" width="{int(p.width)}" height="{int(p.height)}">'
            f"<figcaption>{esc(p.name)}</figcaption></figure>" for p in block.pictures)
        gallery = f'<div class="gallery">{pictures}</div>' if pictures else ""
        return f"<{sub}>{esc(block.heading)}</{sub}><p>{esc(block.text)}</p>{gallery}"
    raise TypeError(f"unknown block {type(block).__name__}")


def section_html(sec: Section, heading: str = "h2", dpi: int = CHART_DPI) -> str:
    """One section as an HTML ``<section>`` (learner text escaped, images inline)."""
    number = (f"{sec.key}-{i}" for i in itertools.count(1))  # ids unique within a page
    inner = "".join(_block_html(b, heading, number, dpi, sec.lang) for b in sec.blocks)
    return f'<section id="{esc(sec.key)}"><{heading}>{esc(sec.title)}</{heading}>{inner}</section>'


def _page(title: str, lang: str, meta: list[tuple[str, str]], sections: list[Section], intro: str = "") -> str:
    from . import __version__

    meta_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta)
    toc = "".join(f'<li><a href="#{esc(s.key)}">{esc(s.title)}</a></li>' for s in sections)
    body = "".join(section_html(s, "h2") for s in sections)
    intro_html = f"<p>{esc(intro)}</p>" if intro else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{esc(title)}</h1>{intro_html}<dl class="meta">{meta_html}</dl></header>\n'
        f'<nav aria-label="{esc(t("report.contents", lang))}"><h2>{esc(t("report.contents", lang))}</h2>'
        f"<ol>{toc}</ol></nav>\n<main>{body}</main>\n"
        f"<footer>{esc(t('report.footer', lang, version=__version__))}</footer>\n</body>\n</html>\n"
    )


def render_html(workbook, lang: str | None = None) -> str:
    """The learner's advice report as one self-contained HTML page (a ``str``)."""
    lang = check_language(lang)
    return _page(_title(workbook, lang), lang, _meta(workbook, lang), report_sections(workbook, lang))


# =========================================================================== PDF

_PORTRAIT = (8.27, 11.69)
_LANDSCAPE = (11.69, 8.27)
_MARGIN = 0.75
_SIZES = {"title": 22, "h2": 16, "h3": 12.5, "text": 10, "small": 8.5}
_LINE = 1.38  # line height as a multiple of the font size


class _PdfWriter:
    """A simple flow layout on matplotlib figures: text, tables and images top to bottom."""

    def __init__(self, pdf, title: str, lang: str):
        self.pdf, self.title, self.lang = pdf, title, lang
        self.fig = None
        self.page_no = 0
        self.y = 0.0
        self.size = _PORTRAIT
        self.fresh = False  # the open page holds only a section heading so far

    # -- pages
    def new_page(self, size=_PORTRAIT) -> None:
        import matplotlib.pyplot as plt

        self.finish_page()
        self.size = size
        self.fig = plt.figure(figsize=size)
        self.page_no += 1
        self.y = _MARGIN

    def finish_page(self) -> None:
        import matplotlib.pyplot as plt

        if self.fig is None:
            return
        w, h = self.size
        footer = f"{self.title} \u00b7 {t('report.page', self.lang, page=self.page_no)}"
        self.fig.text(0.5, 0.35 / h, footer, ha="center", va="bottom", fontsize=_SIZES["small"], color="#555555",
                      parse_math=False)
        self.pdf.savefig(self.fig)
        plt.close(self.fig)
        self.fig = None

    @property
    def width(self) -> float:
        return self.size[0] - 2 * _MARGIN

    def room(self) -> float:
        return self.size[1] - _MARGIN - 0.35 - self.y

    def need(self, height: float) -> None:
        """Start a new page when ``height`` inches do not fit (or no page is open)."""
        if self.fig is None:
            self.new_page(_PORTRAIT)
        elif height > self.room() and self.y > _MARGIN + 0.01:
            self.new_page(self.size)

    # -- content
    def _text(self, x: float, y: float, text: str, size: float, **kw) -> None:
        w, h = self.size
        self.fig.text(x / w, 1 - y / h, text, fontsize=size, va="top", ha="left", parse_math=False, **kw)

    def lines(self, text: str, size: float, *, width: float | None = None, indent: float = 0.0,
              after: float = 0.12, **kw) -> None:
        from .charts.journeymap import wrap_text

        width = (width or self.width) - indent
        step = size * _LINE / 72
        for raw_line in text.split("\n"):
            wrapped = wrap_text(raw_line, width * 72, size, max_lines=10**6,
                                weight=kw.get("fontweight", "normal"), font_style=kw.get("style", "normal"))
            for line in wrapped:
                self.need(step)
                self._text(_MARGIN + indent, self.y, line, size, **kw)
                self.y += step
        self.y += after

    def heading(self, text: str, level: str = "h2") -> None:
        size = _SIZES[level]
        self.need(size * _LINE / 72 * 2 + 0.6)  # keep a heading with what follows
        self.lines(text, size, fontweight="bold", after=0.1 if level == "h2" else 0.05)
        if level == "h2":
            w, h = self.size
            self.fig.add_artist(_hline(_MARGIN / w, 1 - _MARGIN / w, 1 - (self.y - 0.04) / h))
            self.y += 0.12
            self.fresh = True

    def paragraph(self, block: Paragraph) -> None:
        self.fresh = False
        self.lines(block.text, _SIZES["text"], style="italic" if block.note else "normal",
                   color="#444444" if block.note else "black", after=0.15)

    def table(self, block: Table) -> None:
        from .charts.journeymap import text_width, wrap_text

        self.fresh = False

        size = _SIZES["small"] + 0.5
        step = size * _LINE / 72
        if block.caption:
            self.lines(block.caption, _SIZES["text"], fontweight="bold", after=0.04)
        n = len(block.columns)
        natural = [max([text_width(str(c), size, weight="bold")]
                       + [min(text_width(str(r[i]), size), 260) for r in block.rows]) + 10 for i, c in
                   enumerate(block.columns)]
        total = sum(natural)
        widths = [self.width * 72 * x / total for x in natural]
        if total < self.width * 72:
            widths = natural
        pad = 0.04

        def row(cells, bold):
            wrapped = [wrap_text(str(c), max(widths[i] - 8, 20), size, max_lines=12,
                                 weight="bold" if bold else "normal") for i, c in enumerate(cells)]
            height = max(len(w) for w in wrapped) * step + 2 * pad
            self.need(height)
            x = _MARGIN
            for i, lines_ in enumerate(wrapped):
                for k, line in enumerate(lines_):
                    self._text(x + 0.04, self.y + pad + k * step, line, size, fontweight="bold" if bold else "normal")
                x += widths[i] / 72
            self.y += height
            w, h = self.size
            self.fig.add_artist(_hline(_MARGIN / w, x / w, 1 - self.y / h, colour="#BBBBBB"))

        row(block.columns[:n], True)
        for r in block.rows:
            row(r, False)
        self.y += 0.15

    def picture(self, raw: bytes, max_w: float, max_h: float, *, x: float | None = None) -> tuple[float, float]:
        """Place an image at the cursor (not moving it); returns the width and height used."""
        import numpy as np
        from PIL import Image

        with Image.open(io.BytesIO(raw)) as img:
            img.seek(0)
            array = np.asarray(img.convert("RGBA"))
        ph, pw = array.shape[:2]
        scale = min(max_w / pw, max_h / ph)
        w_in, h_in = pw * scale, ph * scale
        w, h = self.size
        left = x if x is not None else _MARGIN
        ax = self.fig.add_axes((left / w, 1 - (self.y + h_in) / h, w_in / w, h_in / h))
        ax.imshow(array, interpolation="antialiased")
        ax.set_axis_off()
        return w_in, h_in

    def chart(self, block: Chart, section_title: str) -> None:
        png = block.png()
        if png is None:
            self.fresh = False
            self.lines(t("report.chart_failed", self.lang, detail=block.error), _SIZES["text"], style="italic")
            self.lines(block.description, _SIZES["text"])
            return
        nat_w, nat_h = block.size_inches()
        portrait = min(_PORTRAIT[0] - 2 * _MARGIN, nat_w) / nat_w
        portrait = min(portrait, 8.2 / nat_h)
        landscape = min(1.0, (_LANDSCAPE[0] - 2 * _MARGIN) / nat_w, 5.4 / nat_h)
        if portrait < 0.6 and landscape > portrait * 1.1:  # wide: a landscape page of its own
            if self.fresh:  # the open page has only the heading: the landscape page carries it
                import matplotlib.pyplot as plt

                plt.close(self.fig)
                self.fig, self.page_no = None, self.page_no - 1
            self.finish_page()
            self.new_page(_LANDSCAPE)
            self.heading(section_title, "h2")
            self.fresh = False
            desc_h = self._height_of(block.description, _SIZES["text"])
            max_h = max(2.0, self.room() - desc_h - 0.2)
            _, used = self.picture(png, self.width, max_h)
            self.y += used + 0.15
            self.lines(block.description, _SIZES["text"])
            self.finish_page()  # what follows starts on a new portrait page (made when needed)
            return
        self.fresh = False
        height = nat_h * portrait
        self.need(height + 0.8)
        _, used = self.picture(png, self.width, height)
        self.y += used + 0.12
        self.lines(block.description, _SIZES["text"], after=0.25)

    def _height_of(self, text: str, size: float) -> float:
        from .charts.journeymap import wrap_text

        count = sum(len(wrap_text(part, self.width * 72, size, max_lines=10**6)) for part in text.split("\n"))
        return count * size * _LINE / 72 + 0.12

    def gallery(self, block: Gallery) -> None:
        self.fresh = False
        self.need((0.5 + self._height_of(block.text, _SIZES["text"])) + (2.9 if block.pictures else 0))
        self.heading(block.heading, "h3")
        self.lines(block.text, _SIZES["text"])
        if not block.pictures:
            return
        self.need(2.9)
        x, tallest = _MARGIN, 0.0
        for picture in block.pictures:
            try:
                used_w, used_h = self.picture(picture.raw, 3.2, 2.4, x=x)
            except Exception:  # a picture Pillow cannot decode: say so, go on
                self.lines(t("report.image_failed", self.lang, name=picture.name), _SIZES["small"], style="italic")
                continue
            w, h = self.size
            self.fig.text((x) / w, 1 - (self.y + used_h + 0.05) / h, picture.name, fontsize=_SIZES["small"],
                          va="top", ha="left", parse_math=False)
            x += used_w + 0.3
            tallest = max(tallest, used_h)
        self.y += tallest + 0.35

    def long_text(self, block: LongText) -> None:
        self.fresh = False
        size, width = _SIZES["text"] + 0.5, min(self.width, 6.8)
        for block in markdown_blocks(block.text):
            if block[0] == "heading":
                self.heading(_plain(block[2]), "h3")
                self.fresh = False
            elif block[0] == "list":
                for item in block[1]:
                    self.lines("\u2022 " + _plain(item), size, width=width, indent=0.2, after=0.06)
                self.y += 0.08
            else:
                self.lines(_plain(block[1]), size, width=width, after=0.14)


def _hline(x0: float, x1: float, y: float, colour: str = "#0072B2"):
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], color=colour, linewidth=0.8)


def _write_pdf(target, title: str, lang: str, meta: list[tuple[str, str]], sections: list[Section],
               intro: str = "") -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    from . import __version__

    metadata = {"Title": title, "Creator": f"journeylib {__version__}", "Producer": "matplotlib",
                "CreationDate": None, "ModDate": None}
    with PdfPages(target, metadata=metadata) as pdf:
        writer = _PdfWriter(pdf, title, lang)
        writer.new_page()
        writer.y = 1.6
        writer.lines(title, _SIZES["title"], fontweight="bold", after=0.3)
        if intro:
            writer.lines(intro, _SIZES["text"], after=0.2)
        for key, value in meta:
            writer.lines(f"{key}: {value}", _SIZES["h3"], after=0.05)
        writer.y += 0.4
        writer.lines(t("report.contents", lang), _SIZES["h3"], fontweight="bold", after=0.08)
        for i, sec in enumerate(sections, 1):
            writer.lines(f"{i}. {sec.title}", _SIZES["text"] + 1, indent=0.2, after=0.02)
        writer.y += 0.4
        writer.lines(t("report.footer", lang, version=__version__), _SIZES["small"], color="#555555")
        for sec in sections:
            writer.new_page()
            writer.heading(sec.title, "h2")
            for block in sec.blocks:
                if isinstance(block, Paragraph):
                    writer.paragraph(block)
                elif isinstance(block, LongText):
                    writer.long_text(block)
                elif isinstance(block, Table):
                    writer.table(block)
                elif isinstance(block, Chart):
                    writer.chart(block, sec.title)
                elif isinstance(block, Gallery):
                    writer.gallery(block)
            writer.finish_page()
        writer.finish_page()


def render_pdf(workbook, path, lang: str | None = None) -> Path:
    """Write the learner's report as a PDF to ``path`` (atomically). Returns the path."""
    from .store import atomic_write

    lang = check_language(lang)
    buffer = io.BytesIO()
    _write_pdf(buffer, _title(workbook, lang), lang, _meta(workbook, lang), report_sections(workbook, lang))
    atomic_write(path, buffer.getvalue())
    return Path(path)


def _format_of(out) -> str:
    suffix = Path(out).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    raise FileFormatError("report.error.format", file=str(out), suffix=suffix or "-")


def write_report(workbook_or_path, out, lang: str | None = None) -> Path:
    """Write the report of a workbook (a :class:`~journeylib.model.Workbook` or a workbook file)
    to ``out``; the format follows the suffix (``.html`` or ``.pdf``). Returns the path written."""
    from .model import Workbook
    from .store import atomic_write, load_workbook

    fmt = _format_of(out)
    workbook = workbook_or_path if isinstance(workbook_or_path, Workbook) else load_workbook(workbook_or_path)
    if fmt == "pdf":
        return render_pdf(workbook, out, lang)
    atomic_write(out, render_html(workbook, lang).encode("utf-8"))
    return Path(out)


# =========================================================================== class overview

@dataclass
class ClassFolder:
    """The workbooks of one class: ``entries`` (file name, workbook) and ``invalid`` (file name, reason)."""

    name: str
    entries: list[tuple[str, Any]]
    invalid: list[tuple[str, str]]

    def __repr__(self) -> str:
        return f"<ClassFolder: {len(self.entries)} workbooks, {len(self.invalid)} invalid>"


_PATH_PARAMS = {"backup", "file", "path", "aside"}


def workbook_files(folder: str | os.PathLike) -> list[Path]:
    """The ``*.json`` files of ``folder`` (not hidden, not in sub-folders), sorted by name."""
    folder = Path(folder)
    return sorted((p for p in folder.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith(".")
                   and p.is_file()), key=lambda p: p.name)


def load_class(folder: str | os.PathLike, lang: str | None = None) -> ClassFolder:
    """Read every workbook of ``folder``; invalid ones are kept aside with the reason.

    Raises :class:`OverviewError` when ``folder`` is not a folder or holds no ``*.json`` file.
    """
    from .store import load_workbook

    lang = check_language(lang)
    folder = Path(folder)
    if not folder.is_dir():
        raise OverviewError("overview.error.not_folder", file=str(folder))
    files = workbook_files(folder)
    if not files:
        raise OverviewError("overview.error.empty", file=str(folder))
    entries, invalid = [], []
    for path in files:
        try:
            entries.append((path.name, load_workbook(path)))
        except JourneyError as exc:
            invalid.append((path.name, reason(exc, lang)))
    return ClassFolder(folder.name, entries, invalid)


def reason(exc: JourneyError, lang: str | None = None) -> str:
    """The message of ``exc`` without the file in front, and file paths in it cut to their names
    (an overview shows the file in its own column and never the instructor's folders)."""
    params = {k: (Path(v).name if isinstance(v, str) and k in _PATH_PARAMS and ("/" in v or os.sep in v) else v)
              for k, v in exc.params.items()}
    return t(exc.key, lang, **params)


def task_status(workbook) -> dict[str, bool]:
    """Which course tasks a workbook shows work for (:data:`TASKS`).

    A task counts as done when the workbook's ``progress`` says so, or when its content is
    there: brand (organisation and three essence words), journey (a touchpoint), moments
    (a touchpoint marked as moment of truth), service (an answer in the service-level sorter,
    ``service_ratings``), channels (a channel and a problem type), reflection (a keyword or
    an image), advice (any text). Content pre-filled from a case counts as present.
    """
    wb = workbook
    content = {
        "brand": wb.brand.complete,
        "journey": any(j.touchpoints for j in wb.journeys),
        "moments": any(tp.moment_of_truth for j in wb.journeys for tp in j.touchpoints),
        "service": bool(wb.service_ratings),
        "channels": bool(wb.channels.channels and wb.channels.problems),
        "reflection": any(r.keywords or r.images for r in wb.reflections.values()),
        "advice": bool(wb.advice.strip()),
    }
    return {task: bool(content[task] or wb.progress.get(task, False)) for task in TASKS}


def _who(file: str, wb) -> str:
    name = " ".join(wb.learner.split())
    return name or file.removesuffix(".json").removesuffix(".workbook")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _tally(items) -> list[tuple[str, int]]:
    """Count texts case- and space-insensitively; show the most used spelling. Most frequent first."""
    counts: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for item in items:
        key = _norm(item)
        if not key:
            continue
        counts[key] += 1
        spellings.setdefault(key, Counter())[" ".join(item.split())] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(min(spellings[k].items(), key=lambda sv: (-sv[1], sv[0]))[0], n) for k, n in ranked]


def _bars(panels: list[tuple[str, list[tuple[str, int]]]], lang: str, *, xlabel: str):
    """Horizontal frequency bars, one panel per (title, counts); returns the first Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .charts import style
    from .charts.journeymap import shorten

    style.apply()
    lecture = style.is_lecture()
    rows = max([len(c) for _, c in panels] + [1])
    fig, axes = plt.subplots(1, len(panels), figsize=((13 if lecture else max(7.5, 4.2 * len(panels) + 1)),
                                                      max(2.8, 0.34 * rows + 1.6)), squeeze=False)
    for ax, (title, counts) in zip(axes[0], panels):
        ax.set_title(title, loc="left", fontweight="bold")
        if not counts:
            ax.set_axis_off()
            ax.text(0.5, 0.5, t("overview.none", lang), ha="center", va="center", transform=ax.transAxes,
                    style="italic", color=style.NEUTRAL, parse_math=False)
            continue
        names = [shorten(n, 28 if len(panels) > 1 else 40) for n, _ in counts][::-1]
        values = [v for _, v in counts][::-1]
        ys = range(len(values))
        ax.barh(list(ys), values, color=style.HIGHLIGHT, edgecolor="black", linewidth=0.6, height=0.65)
        ax.set_yticks(list(ys))
        ax.set_yticklabels(names)
        for label in ax.get_yticklabels():
            label.set_parse_math(False)
        for y, v in zip(ys, values):
            ax.text(v, y, f" {v}", va="center", ha="left", fontsize="small", parse_math=False)
        ax.set_xlim(0, max(values) * 1.2 + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="y", length=0)
    fig.tight_layout()
    return axes[0][0]


def _listing(counts: list[tuple[str, int]], lang: str, limit: int = 5) -> str:
    from .analysis.metrics import join_names

    return join_names([f"'{name}' ({n})" for name, n in counts[:limit]], lang)


def _ov_summary(klass: ClassFolder, lang: str) -> list:
    cases = _tally([wb.case for _, wb in klass.entries if wb.case])
    blocks = [Paragraph(t("overview.summary", lang, valid=len(klass.entries), invalid=len(klass.invalid)))]
    if cases:
        blocks.append(Paragraph(t("overview.cases", lang, cases=_listing(cases, lang, 10))))
    if not klass.entries:
        blocks.append(_note("overview.no_valid", lang))
    return blocks


def _ov_progress(klass: ClassFolder, lang: str) -> list:
    if not klass.entries:
        return [_note("overview.no_valid", lang)]
    statuses = [(_who(f, wb), task_status(wb)) for f, wb in klass.entries]
    done, missing = t("overview.done", lang), t("overview.missing", lang)
    rows = [[who, *[done if s[task] else missing for task in TASKS]] for who, s in statuses]
    total = len(statuses)
    rows.append([t("overview.total", lang), *[f"{sum(s[task] for _, s in statuses)}/{total}" for task in TASKS]])
    blocks: list = [Table([t("report.meta.learner", lang), *[t(f"overview.task.{task}", lang) for task in TASKS]],
                          rows, caption=t("overview.progress_caption", lang, done=done, missing=missing),
                          marks=(done, missing))]
    behind = [(t(f"overview.task.{task}", lang), [who for who, s in statuses if not s[task]]) for task in TASKS]
    lines = [t("overview.not_done", lang, task=task, count=len(names), names=", ".join(names[:12])
               + (" …" if len(names) > 12 else "")) for task, names in behind if names]
    blocks.append(Paragraph(" ".join(lines) if lines else t("overview.all_done", lang)))
    return blocks


def _ov_keywords(klass: ClassFolder, lang: str) -> list:
    per_phase = [(t(f"phase.{p}", lang), _tally([k for _, wb in klass.entries for k in wb.reflections[p].keywords])[:12])
                 for p in _PHASES]
    if not any(c for _, c in per_phase):
        return [_note("overview.keywords.empty", lang)]
    parts = [t("overview.keywords.phase", lang, phase=phase, words=_listing(c, lang)) if c
             else t("overview.keywords.phase_none", lang, phase=phase) for phase, c in per_phase]
    description = " ".join([t("overview.keywords.intro", lang)] + parts)
    return [Chart(t("overview.chart.keywords", lang),
                  lambda: _bars(per_phase, lang, xlabel=t("overview.learners", lang)), description)]


def _ov_moments(klass: ClassFolder, lang: str) -> list:
    chosen = []
    for _, wb in klass.entries:
        names = {_norm(tp.name): tp.name for j in wb.journeys for tp in j.touchpoints if tp.moment_of_truth}
        chosen.extend(names.values())  # each learner counts once per moment
    counts = _tally(chosen)[:15]
    if not counts:
        return [_note("overview.moments.empty", lang)]
    learners = sum(1 for _, wb in klass.entries if any(tp.moment_of_truth for j in wb.journeys for tp in j.touchpoints))
    description = t("overview.moments.describe", lang, learners=learners, moments=_listing(counts, lang))
    return [Chart(t("overview.chart.moments", lang),
                  lambda: _bars([(t("overview.chart.moments", lang), counts)], lang,
                                xlabel=t("overview.learners", lang)), description)]


def _ov_essences(klass: ClassFolder, lang: str) -> list:
    from .charts.journeymap import shorten

    rows = []
    for file, wb in klass.entries:
        b = wb.brand
        words = [w.strip() or "\u2014" for w in b.essence_words]
        rows.append([_who(file, wb), b.organisation.strip() or "\u2014", *words, shorten(b.why, 140) or "\u2014"])
    if not rows:
        return [_note("overview.no_valid", lang)]
    words = _tally([w for _, wb in klass.entries for w in wb.brand.essence_words if w.strip()])
    blocks: list = [Table([t("report.meta.learner", lang), t("field.organisation", lang),
                           *[t("overview.word_n", lang, n=i) for i in (1, 2, 3)], t("field.why", lang)], rows)]
    if words:
        blocks.append(Paragraph(t("overview.essences.common", lang, words=_listing(words, lang))))
    return blocks


def _ov_service(klass: ClassFolder, lang: str) -> list:
    from .analysis.service import level_distribution
    from .charts.levels import describe_staircase, plot_staircase

    levels = [tp.service_level for _, wb in klass.entries for j in wb.journeys[:1] for tp in j.touchpoints
              if tp.service_level is not None]
    blocks: list = []
    if levels:
        table = level_distribution(levels)
        learners = sum(1 for _, wb in klass.entries
                       if any(tp.service_level is not None for j in wb.journeys[:1] for tp in j.touchpoints))
        blocks.append(Paragraph(t("overview.service.intro", lang, learners=learners)))
        blocks.append(Chart(t("report.chart.staircase", lang),
                            lambda: plot_staircase(table, lang=lang,
                                                   title=t("overview.service.title", lang, total=len(levels))),
                            describe_staircase(table, lang=lang)))
    else:
        blocks.append(_note("overview.service.empty", lang))
    from .analysis.service import SCENARIOS

    scenario_ids = {s.id: s for s in SCENARIOS}
    answers = [(k, v) for _, wb in klass.entries for k, v in wb.service_ratings.items() if k in scenario_ids]
    if answers:
        correct = sum(1 for k, v in answers if scenario_ids[k].level == v)
        blocks.append(Paragraph(t("overview.service.sorter", lang, correct=correct, total=len(answers))))
    return blocks


def _ov_invalid(klass: ClassFolder, lang: str) -> list:
    if not klass.invalid:
        return [_note("overview.invalid.none", lang)]
    return [Table([t("overview.col.file", lang), t("overview.col.reason", lang)], [list(r) for r in klass.invalid],
                  caption=t("overview.invalid.caption", lang, count=len(klass.invalid)))]


_OVERVIEW = {"summary": _ov_summary, "progress": _ov_progress, "keywords": _ov_keywords, "moments": _ov_moments,
             "essences": _ov_essences, "service": _ov_service, "invalid": _ov_invalid}


def _as_class(folder_or_class, lang: str) -> ClassFolder:
    return folder_or_class if isinstance(folder_or_class, ClassFolder) else load_class(folder_or_class, lang)


def overview_section(name: str, folder_or_class, lang: str | None = None) -> Section:
    """One section of the class overview (``name`` from :data:`OVERVIEW_SECTIONS`)."""
    lang = check_language(lang)
    if name not in _OVERVIEW:
        raise KeyError(f"unknown section {name!r}; choose one of {', '.join(OVERVIEW_SECTIONS)}")
    klass = _as_class(folder_or_class, lang)
    return _safe_section(name, t(f"overview.section.{name}", lang), lambda: _OVERVIEW[name](klass, lang), lang)


def overview_sections(folder_or_class, lang: str | None = None) -> list[Section]:
    lang = check_language(lang)
    klass = _as_class(folder_or_class, lang)
    return [overview_section(name, klass, lang) for name in OVERVIEW_SECTIONS]


def render_overview_html(folder_or_class, lang: str | None = None) -> str:
    """The class overview as one self-contained HTML page."""
    lang = check_language(lang)
    klass = _as_class(folder_or_class, lang)
    meta = [(t("overview.meta.folder", lang), klass.name),
            (t("overview.meta.count", lang), str(len(klass.entries) + len(klass.invalid)))]
    return _page(t("overview.title", lang), lang, meta, overview_sections(klass, lang),
                 intro=t("overview.intro", lang))


def write_overview(folder, out, lang: str | None = None) -> ClassFolder:
    """Write the overview of ``folder`` to ``out`` (HTML). Returns what was read (to report on)."""
    from .store import atomic_write

    lang = check_language(lang)
    klass = load_class(folder, lang)
    atomic_write(out, render_overview_html(klass, lang).encode("utf-8"))
    return klass


# =========================================================================== demo data

_DEMO_NAMES = ("Anouk de Vries", "Bram Jansen", "Chloé Bakker", "Daan Visser", "Eline Smit", "Fatima El Amrani",
               "Gijs Meijer", "Hanna de Boer", "Ivo Mulder", "Julia de Groot", "Kees Bos", "Lotte Vos",
               "Mehmet Yilmaz", "Noor Peters", "Olaf Hendriks", "Priya Ramdin")
_TILE_COLOURS = {"before": (86, 180, 233), "during": (230, 159, 0), "after": (0, 158, 115)}


def _tile(phase: str, variant: int) -> bytes:
    """A small deterministic PNG (a coloured tile with a shape) standing in for a learner's photo."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (240, 160), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    colour = _TILE_COLOURS[phase]
    draw.rectangle((10, 10, 229, 149), outline=colour, width=6)
    if variant % 2:
        draw.ellipse((80, 40, 160, 120), fill=colour)
    else:
        draw.polygon([(120, 30), (175, 130), (65, 130)], fill=colour)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _demo_fill(wb, case, lang: str, rng: random.Random, *, complete: bool = True) -> None:
    """Fill ``wb`` (pre-filled from ``case``) the way a learner might, deterministically."""
    from .analysis.moments import mot_scores
    from .analysis.service import SCENARIOS
    from .model import ChannelMatrix, PhaseReflection, ServiceLevel, StoredImage

    def does(task: str) -> bool:
        return complete or rng.random() < {"brand": 0.85, "moments": 0.75, "service": 0.65, "channels": 0.55,
                                            "reflection": 0.7, "advice": 0.5}[task]

    journey = wb.journeys[0]
    # moments of truth: the learner marks two or three of the strongest candidates
    ranked = list(mot_scores(journey)["id"])
    if does("moments"):
        picks = set(ranked[: 3 + rng.randrange(2)])
        picks = set(rng.sample(sorted(picks), min(len(picks), 2 + rng.randrange(2))))
    else:
        picks = set()
    for tp in journey.touchpoints:
        tp.moment_of_truth = tp.id in picks
        gap = tp.performance - tp.expectation
        base = 3 + (1 if gap > 0 else -1 if gap < 0 else 0) + rng.choice((0, 0, 0, 1, -1))
        tp.service_level = ServiceLevel(min(6, max(1, base)))
    if not does("brand"):
        wb.brand.essence_words = [wb.brand.essence_words[0], "", ""]
    if does("service"):
        chosen = rng.sample(list(SCENARIOS), 6)
        wb.service_ratings = {s.id: ServiceLevel(min(6, max(1, int(s.level) + rng.choice((0, 0, 0, 1, -1)))))
                              for s in chosen}
    if not (wb.channels.channels and wb.channels.problems) and does("channels"):
        channels = list(dict.fromkeys(tp.channel for tp in journey.touchpoints if tp.channel))[:4]
        problems = [p.strip() for p in t("report.demo.problems", lang).split("|")]
        if len(channels) >= 2:
            wb.channels = ChannelMatrix(channels=channels, problems=problems,
                                        can_solve={c: [p for p in problems if rng.random() < 0.6] for c in channels})
    elif not complete and not does("channels"):
        wb.channels = ChannelMatrix()
    if does("reflection"):
        boards = {}
        for i, phase in enumerate(_PHASES):
            pool = [w.strip() for w in t(f"report.demo.keywords.{phase}", lang).split(",")]
            keywords = rng.sample(pool, 3 + rng.randrange(2))
            raw = _tile(phase, i + rng.randrange(2))
            image = StoredImage(name=t("report.demo.image", lang, phase=t(f"phase.{phase}", lang).lower()),
                                mime="png", width=240, height=160, data=base64.b64encode(raw).decode("ascii"))
            boards[phase] = PhaseReflection(keywords=keywords, images=[image] if complete or i != 1 else [])
        wb.reflections = boards
    if does("advice"):
        chosen_names = [tp.name for tp in journey.touchpoints if tp.moment_of_truth] or [journey.touchpoints[0].name]
        weakest = min(journey.touchpoints, key=lambda tp: (tp.performance - tp.expectation, tp.name)).name
        wb.advice = t("report.demo.advice", lang, organisation=wb.brand.organisation or case.title,
                      moments=", ".join(chosen_names), weakest=weakest)


def demo_workbook(case: str = "hospital", lang: str | None = None, *, learner: str | None = None, seed: int = 0):
    """A complete example workbook from a shipped case: every report section has content.

    Deterministic for the same ``case``, ``lang`` and ``seed`` (for stored notebook outputs).
    """
    from .datasets import load_case

    lang = check_language(lang)
    source = load_case(case, lang=lang)
    name = learner if learner is not None else t("report.demo.learner", lang)
    wb = source.to_workbook(learner=name, language=lang)
    _demo_fill(wb, source, lang, random.Random(f"{case}:{seed}"), complete=True)
    return wb


def demo_class(folder: str | os.PathLike | None = None, *, size: int = 12, lang: str | None = None,
               invalid: bool = True, seed: int = 0) -> Path:
    """Write a demo class of ``size`` workbooks (from the shipped cases, in turn) to ``folder``.

    Learners do different parts of the work, so the overview has something to show; with
    ``invalid`` one broken file is added, to show how the overview lists it. Without
    ``folder`` a temporary folder is made (removed when Python exits). Returns the folder.
    """
    from .datasets import list_cases, load_case
    from .store import save_workbook

    lang = check_language(lang)
    if folder is None:
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="jl-demo-class-")
        atexit.register(shutil.rmtree, folder, True)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cases = [c for c in list_cases() if c in ("airlines", "hospital", "partner-visit", "telecom")] or list_cases()
    rng = random.Random(f"class:{seed}")
    for i in range(size):
        case_id = cases[i % len(cases)]
        source = load_case(case_id, lang=lang)
        learner = _DEMO_NAMES[i % len(_DEMO_NAMES)] + (f" {i // len(_DEMO_NAMES) + 1}" if i >= len(_DEMO_NAMES) else "")
        wb = source.to_workbook(learner=learner, language=lang)
        _demo_fill(wb, source, lang, random.Random(f"{seed}:{i}:{rng.random()}"), complete=False)
        save_workbook(wb, folder / f"{i + 1:03d}-{case_id}.workbook.json")
    if invalid:
        (folder / "zz-broken.workbook.json").write_text('{"format": "cx-journey-lab/workbook", "schema_version": 1,'
                                                       ' "learner": ', encoding="utf-8")
    return folder

