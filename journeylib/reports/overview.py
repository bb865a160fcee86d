"""The class overview: what a folder of learners' workbooks shows, for the instructor.

:func:`load_class` reads every ``*.json`` file of a folder; invalid workbooks are listed
with the reason and skipped, and a folder without any ``*.json`` file is an error
(:class:`OverviewError`: the CLI prints one line and exits 1 without writing a file).
:func:`overview_section` builds one part (summary, progress per task, answers per assignment
of :mod:`journeylib.assignments`, keywords, moments of truth, brand essences, service levels,
invalid files) as a :class:`~.blocks.Section`;
:func:`render_overview_html` and :func:`write_overview` make the page.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import assignments
from ..errors import JourneyError
from ..i18n import check_language, t
from ..model import PHASES
from .blocks import Chart, Document, Paragraph, Section, Table, note, safe_section

__all__ = ["OVERVIEW_SECTIONS", "TASKS", "OverviewError", "ClassFolder", "workbook_files", "load_class", "reason",
           "task_status", "overview_section", "overview_sections", "overview_document", "render_overview_html",
           "write_overview", "question_misses"]

#: Overview sections, in order.
OVERVIEW_SECTIONS = ("summary", "progress", "assignments", "keywords", "moments", "essences", "service", "selfcheck",
                     "invalid")
#: The course tasks of the progress table (see :func:`task_status`).
TASKS = ("brand", "journey", "moments", "service", "channels", "reflection", "advice")
_PATH_PARAMS = {"backup", "file", "path", "aside"}
_NONE = "\u2014"  # an empty cell
_ANSWER_LENGTH = 200  # an open answer in the overview, shortened to this many characters


class OverviewError(JourneyError):
    """A class folder that is missing or holds no workbook files."""


@dataclass
class ClassFolder:
    """The workbooks of one class: ``entries`` (file name, workbook) and ``invalid`` (file name, reason)."""

    name: str
    entries: list[tuple[str, Any]]
    invalid: list[tuple[str, str]]

    def __repr__(self) -> str:
        return f"<ClassFolder: {len(self.entries)} workbooks, {len(self.invalid)} invalid>"


def workbook_files(folder: str | os.PathLike) -> list[Path]:
    """The ``*.json`` files of ``folder`` (not hidden, not in sub-folders), sorted by name."""
    folder = Path(folder)
    return sorted((p for p in folder.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith(".")
                   and p.is_file()), key=lambda p: p.name)


def load_class(folder: str | os.PathLike, lang: str | None = None) -> ClassFolder:
    """Read every workbook of ``folder``; invalid ones are kept aside with the reason.

    Raises :class:`OverviewError` when ``folder`` is not a folder or holds no ``*.json`` file.
    """
    from ..store import load_workbook

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


def _learner_name(file: str, wb) -> str:
    name = " ".join(wb.learner.split())
    return name or file.removesuffix(".json").removesuffix(".workbook")


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _tally(items) -> list[tuple[str, int]]:
    """Count texts case- and space-insensitively; show the most used spelling. Most frequent first."""
    counts: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for item in items:
        key = _normalised(item)
        if not key:
            continue
        counts[key] += 1
        spellings.setdefault(key, Counter())[" ".join(item.split())] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(min(spellings[k].items(), key=lambda sv: (-sv[1], sv[0]))[0], n) for k, n in ranked]


def _summary(class_folder: ClassFolder, lang: str) -> list:
    from ..charts.overview import count_listing

    cases = _tally([wb.case for _, wb in class_folder.entries if wb.case])
    blocks = [Paragraph(t("overview.summary", lang, valid=len(class_folder.entries),
                          invalid=len(class_folder.invalid)))]
    if cases:
        blocks.append(Paragraph(t("overview.cases", lang, cases=count_listing(cases, lang, 10))))
    if not class_folder.entries:
        blocks.append(note("overview.no_valid", lang))
    return blocks


def _progress(class_folder: ClassFolder, lang: str) -> list:
    if not class_folder.entries:
        return [note("overview.no_valid", lang)]
    statuses = [(_learner_name(f, wb), task_status(wb)) for f, wb in class_folder.entries]
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


def _assignments(class_folder: ClassFolder, lang: str) -> list:
    """Per assignment of the registry: how many learners have an answer in their workbook."""
    if not class_folder.entries:
        return [note("overview.no_valid", lang)]
    workbooks = [wb for _, wb in class_folder.entries]
    total = len(workbooks)
    rows = [[assignment.notebook, t(assignment.title, lang),
             t("overview.assignments.count", lang, count=assignments.answered_count(assignment, workbooks),
               total=total)] for assignment in assignments.ASSIGNMENTS]
    blocks: list = [Table([t("overview.assignments.col.notebook", lang), t("overview.assignments.col.assignment", lang),
                           t("overview.assignments.col.answered", lang)], rows,
                          caption=t("overview.assignments.caption", lang, total=total))]
    # the open text answers themselves, shortened: the training discusses them
    from ..text import shorten

    texts = [a for a in assignments.ASSIGNMENTS if a.kind == "text"]
    answers = [[_learner_name(file, wb), t(a.title, lang), shorten(assignments.text_answer(a, wb), _ANSWER_LENGTH)]
               for a in texts for file, wb in class_folder.entries if assignments.is_answered(a, wb)]
    if answers:
        blocks.append(Table([t("report.meta.learner", lang), t("overview.assignments.col.assignment", lang),
                             t("overview.assignments.col.answer", lang)], answers,
                            caption=t("overview.assignments.texts_caption", lang, length=_ANSWER_LENGTH)))
    return blocks


def _keywords(class_folder: ClassFolder, lang: str) -> list:
    from ..charts.overview import describe_keyword_counts, plot_keyword_counts

    per_phase = {p: _tally([k for _, wb in class_folder.entries for k in wb.reflections[p].keywords])[:12]
                 for p in PHASES}
    if not any(per_phase.values()):
        return [note("overview.keywords.empty", lang)]
    return [Chart(t("overview.chart.keywords", lang), lambda: plot_keyword_counts(per_phase, lang=lang),
                  describe_keyword_counts(per_phase, lang=lang))]


def _moments(class_folder: ClassFolder, lang: str) -> list:
    from ..charts.overview import MomentCounts, describe_moment_counts, plot_moment_counts

    chosen = []
    for _, wb in class_folder.entries:
        names = {_normalised(tp.name): tp.name for j in wb.journeys for tp in j.touchpoints if tp.moment_of_truth}
        chosen.extend(names.values())  # each learner counts once per moment
    counts = _tally(chosen)[:15]
    if not counts:
        return [note("overview.moments.empty", lang)]
    learners = sum(1 for _, wb in class_folder.entries
                   if any(tp.moment_of_truth for j in wb.journeys for tp in j.touchpoints))
    moments = MomentCounts(counts, learners)
    return [Chart(t("overview.chart.moments", lang), lambda: plot_moment_counts(moments, lang=lang),
                  describe_moment_counts(moments, lang=lang))]


def _essences(class_folder: ClassFolder, lang: str) -> list:
    from ..charts.overview import count_listing
    from ..text import shorten

    rows = []
    for file, wb in class_folder.entries:
        b = wb.brand
        words = [w.strip() or _NONE for w in b.essence_words]
        rows.append([_learner_name(file, wb), b.organisation.strip() or _NONE, *words, shorten(b.why, 140) or _NONE])
    if not rows:
        return [note("overview.no_valid", lang)]
    words = _tally([w for _, wb in class_folder.entries for w in wb.brand.essence_words if w.strip()])
    blocks: list = [Table([t("report.meta.learner", lang), t("field.organisation", lang),
                           *[t("overview.word_n", lang, n=i) for i in (1, 2, 3)], t("field.why", lang)], rows)]
    if words:
        blocks.append(Paragraph(t("overview.essences.common", lang, words=count_listing(words, lang))))
    return blocks


def _service(class_folder: ClassFolder, lang: str) -> list:
    from ..analysis.service import SCENARIOS, level_distribution
    from ..charts.levels import describe_staircase, plot_staircase

    levels = [tp.service_level for _, wb in class_folder.entries for j in wb.journeys[:1] for tp in j.touchpoints
              if tp.service_level is not None]
    blocks: list = []
    if levels:
        table = level_distribution(levels)
        learners = sum(1 for _, wb in class_folder.entries
                       if any(tp.service_level is not None for j in wb.journeys[:1] for tp in j.touchpoints))
        blocks.append(Paragraph(t("overview.service.intro", lang, learners=learners)))
        blocks.append(Chart(t("report.chart.staircase", lang),
                            lambda: plot_staircase(table, lang=lang,
                                                   title=t("overview.service.title", lang, total=len(levels))),
                            describe_staircase(table, lang=lang)))
    else:
        blocks.append(note("overview.service.empty", lang))
    scenarios = {s.id: s for s in SCENARIOS}
    answers = [(k, v) for _, wb in class_folder.entries for k, v in wb.service_ratings.items() if k in scenarios]
    if answers:
        correct = sum(1 for k, v in answers if scenarios[k].level == v)
        blocks.append(Paragraph(t("overview.service.sorter", lang, correct=correct, total=len(answers))))
    return blocks


def question_misses(class_folder: ClassFolder) -> tuple[list[dict], int]:
    """Every self-check and quiz question that learners checked, the most missed first: per
    question how many learners answered it, how many were wrong at their first check (a
    learner may improve the answer afterwards, so the first one is what tells) and how many
    are still wrong. Also how many learners checked any question."""
    from ..selfcheck import results

    tally: dict[tuple[str, str], dict] = {}
    learners = 0
    for _, wb in class_folder.entries:
        answered = [r for r in results(wb.answers) if r.answered]
        learners += bool(answered)
        for r in answered:
            row = tally.setdefault((r.notebook, r.id), {"result": r, "answered": 0, "wrong_first": 0, "wrong_now": 0})
            row["answered"] += 1
            row["wrong_first"] += not r.first_right
            row["wrong_now"] += not r.right
    order = {(r.notebook, r.id): i for i, r in enumerate(results({}))}  # the course's order breaks ties
    return sorted(tally.values(), key=lambda row: (-row["wrong_first"], -row["wrong_now"],
                                                   order[(row["result"].notebook, row["result"].id)])), learners


def _selfcheck(class_folder: ClassFolder, lang: str) -> list:
    from ..charts.overview import QuestionMisses, describe_question_misses, plot_question_misses
    from ..selfcheck import key
    from ..text import shorten

    rows, learners = question_misses(class_folder)
    if not rows:
        return [note("overview.selfcheck.empty", lang)]

    def label(r, width: int) -> str:
        return t("overview.selfcheck.label", lang, notebook=r.notebook, part=t(f"selfcheck.set.{r.set}", lang), n=r.n,
                 question=shorten(t(key(r.notebook, r.id), lang), width))

    blocks: list = [Paragraph(t("overview.selfcheck.intro", lang, learners=learners,
                                answers=sum(row["answered"] for row in rows)))]
    missed = [row for row in rows if row["wrong_first"]]
    if not missed:
        return [*blocks, note("overview.selfcheck.none_missed", lang)]
    misses = QuestionMisses([(label(row["result"], 60), row["wrong_first"]) for row in missed[:10]], learners)
    blocks.append(Chart(t("overview.chart.selfcheck", lang), lambda: plot_question_misses(misses, lang=lang),
                        describe_question_misses(misses, lang=lang)))
    blocks.append(Table([t(f"overview.selfcheck.col.{c}", lang) for c in ("question", "answered", "wrong_first",
                                                                          "wrong_now")],
                        [[label(row["result"], 110), str(row["answered"]), str(row["wrong_first"]),
                          str(row["wrong_now"])] for row in missed],
                        caption=t("overview.selfcheck.caption", lang)))
    return blocks


def _invalid(class_folder: ClassFolder, lang: str) -> list:
    if not class_folder.invalid:
        return [note("overview.invalid.none", lang)]
    return [Table([t("overview.col.file", lang), t("overview.col.reason", lang)],
                  [list(r) for r in class_folder.invalid],
                  caption=t("overview.invalid.caption", lang, count=len(class_folder.invalid)))]


_BUILDERS = {"summary": _summary, "progress": _progress, "assignments": _assignments, "keywords": _keywords,
             "moments": _moments, "essences": _essences, "service": _service, "selfcheck": _selfcheck,
             "invalid": _invalid}


def _as_class(folder_or_class, lang: str) -> ClassFolder:
    return folder_or_class if isinstance(folder_or_class, ClassFolder) else load_class(folder_or_class, lang)


def overview_section(name: str, folder_or_class, lang: str | None = None) -> Section:
    """One section of the class overview (``name`` from :data:`OVERVIEW_SECTIONS`)."""
    lang = check_language(lang)
    if name not in _BUILDERS:
        raise KeyError(f"unknown section {name!r}; choose one of {', '.join(OVERVIEW_SECTIONS)}")
    class_folder = _as_class(folder_or_class, lang)
    return safe_section(name, t(f"overview.section.{name}", lang), lambda: _BUILDERS[name](class_folder, lang),
                        lang)


def overview_sections(folder_or_class, lang: str | None = None) -> list[Section]:
    lang = check_language(lang)
    class_folder = _as_class(folder_or_class, lang)
    return [overview_section(name, class_folder, lang) for name in OVERVIEW_SECTIONS]


def overview_document(folder_or_class, lang: str | None = None) -> Document:
    """The whole overview: its title, the folder and how many files it holds, every section."""
    lang = check_language(lang)
    class_folder = _as_class(folder_or_class, lang)
    meta = [(t("overview.meta.folder", lang), class_folder.name),
            (t("overview.meta.count", lang), str(len(class_folder.entries) + len(class_folder.invalid)))]
    return Document(t("overview.title", lang), lang, meta, overview_sections(class_folder, lang),
                    intro=t("overview.intro", lang))


def render_overview_html(folder_or_class, lang: str | None = None) -> str:
    """The class overview as one self-contained HTML page."""
    from .html import render_document

    return render_document(overview_document(folder_or_class, lang))


def write_overview(folder, out, lang: str | None = None) -> ClassFolder:
    """Write the overview of ``folder`` to ``out`` (HTML). Returns what was read (to report on)."""
    from ..store import atomic_write

    lang = check_language(lang)
    class_folder = load_class(folder, lang)
    atomic_write(out, render_overview_html(class_folder, lang).encode("utf-8"))
    return class_folder
