"""The class overview: what a folder or zip of learners' workbooks shows, for the instructor.

:func:`load_class` reads a folder of workbooks, or the submissions zip of a learning platform
(Brightspace, Canvas, Moodle) or its unpacked folder, through
:func:`journeylib.lms.collect_submissions`: the latest workbook of each learner; invalid
workbooks, other files and older submissions are listed with the reason and skipped, and a
folder without any workbook is an error (:class:`OverviewError`: the CLI prints one line and
exits 1 without writing a file). :func:`overview_section` builds one part (summary, progress
per task, per notebook, answers per assignment of :mod:`journeylib.assignments`, keywords,
moments of truth, brand essences, service levels, self-checks, skipped files) as a
:class:`~.blocks.Section`; :func:`render_overview_html` and :func:`write_overview` make the page.

The named overview says at the top that it holds personal data. With ``anonymous=True`` it
can be projected: learners are "Learner 1..n" (in an order of their own, not by name, and
with no key to the names anywhere in it), and what could point to someone is left out: names,
organisations, file and folder names, open answers, the advice, brand stories, and any
keyword, moment of truth or essence word that fewer than :data:`MIN_SHARED` learners used or
that holds a name, an organisation or an e-mail address.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import assignments
from ..errors import JourneyError
from ..i18n import check_language, t
from ..model import PHASES
from .blocks import Chart, Document, Paragraph, Section, Table, note, safe_section

__all__ = ["OVERVIEW_SECTIONS", "TASKS", "MIN_SHARED", "NOTEBOOK_WORK", "OverviewError", "ClassFolder", "workbook_files", "load_class", "reason",
           "task_status", "notebook_status", "anonymous_key", "overview_section", "overview_sections", "overview_document", "render_overview_html",
           "write_overview", "question_misses"]

#: Overview sections, in order.
OVERVIEW_SECTIONS = ("summary", "progress", "notebooks", "assignments", "keywords", "moments", "essences", "service", "selfcheck",
                     "invalid")
#: The course tasks of the progress table (see :func:`task_status`).
TASKS = ("brand", "journey", "moments", "service", "channels", "reflection", "advice")
_PATH_PARAMS = {"backup", "file", "path", "aside"}
_NONE = "\u2014"  # an empty cell
_ANSWER_LENGTH = 200  # an open answer in the overview, shortened to this many characters
#: In the anonymous overview a keyword, moment or word is shown only when at least this many learners used it.
MIN_SHARED = 2
#: What a learner does in each notebook besides its self-check: course tasks (:data:`TASKS`) and assignments.
NOTEBOOK_WORK = {"00": (), "01": ("brand",), "02": ("service",), "03": ("journey", "reflection-before"),
                 "04": ("moments", "reflection-during"), "05": (), "06": ("channels",),
                 "07": ("hospitality-model", "pie", "authentic"), "08": ("reflection-after", "advice")}
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_PARTICLES = {"van", "der", "den", "het", "ter", "ten", "les", "von", "del", "las", "los", "bin", "ben"}


class OverviewError(JourneyError):
    """A class folder that is missing or holds no workbook files."""


@dataclass
class ClassFolder:
    """The workbooks of one class: ``entries`` (file name, workbook) and ``invalid`` (file name,
    reason: invalid workbooks, other files, older submissions); ``learners`` the name of each
    entry's learner where the workbook has none (the platform's); ``anonymous``: shown without
    names (see the module docstring)."""

    name: str
    entries: list[tuple[str, Any]]
    invalid: list[tuple[str, str]]
    learners: dict[str, str] = field(default_factory=dict)
    anonymous: bool = False

    def __repr__(self) -> str:
        mode = ", anonymous" if self.anonymous else ""
        return f"<ClassFolder: {len(self.entries)} workbooks, {len(self.invalid)} invalid{mode}>"


def workbook_files(folder: str | os.PathLike) -> list[Path]:
    """The ``*.json`` files of ``folder`` (not hidden, not in sub-folders), sorted by name."""
    folder = Path(folder)
    return sorted((p for p in folder.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith(".")
                   and p.is_file()), key=lambda p: p.name)


def load_class(folder: str | os.PathLike, lang: str | None = None, *, anonymous: bool = False) -> ClassFolder:
    """Read every workbook of ``folder`` (a folder, or a learning platform's submissions zip or
    its unpacked folder); invalid ones, other files and older submissions are kept aside with
    the reason. ``anonymous``: the overview of it shows no names (see the module docstring).

    Raises :class:`OverviewError` when ``folder`` does not exist or holds no workbook, and the
    :mod:`journeylib.lms` errors for a zip that is damaged, too large or holds too many files.
    """
    from ..lms import collect_submissions

    lang = check_language(lang)
    folder = Path(folder)
    if not folder.exists():
        raise OverviewError("overview.error.not_folder", file=str(folder))
    found = collect_submissions(folder, lang=lang)
    if not found.workbooks and not any(s.kind in ("damaged", "too_large", "older") for s in found.skipped):
        raise OverviewError("overview.error.empty", file=str(folder))
    entries = [(sub.name, sub.workbook) for sub in found.workbooks]
    learners = {sub.name: sub.learner for sub in found.workbooks}
    return ClassFolder(found.source, entries, [tuple(s) for s in found.skipped], learners, anonymous)


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


def _learner_name(file: str, wb, class_folder: ClassFolder | None = None) -> str:
    name = " ".join(wb.learner.split())
    if not name and class_folder is not None:
        name = class_folder.learners.get(file, "")
    return name or Path(file).name.removesuffix(".json").removesuffix(".workbook")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", text.casefold()) if len(w) >= 3 and w not in _PARTICLES}


class _View:
    """How one overview shows the class: learners by name, or as "Learner 1..n" without the
    texts that could point to someone (``anonymous``)."""

    def __init__(self, class_folder: ClassFolder, lang: str, anonymous: bool | None = None):
        self.class_folder, self.lang = class_folder, lang
        self.anonymous = class_folder.anonymous if anonymous is None else bool(anonymous)
        names = [(file, _learner_name(file, wb, class_folder)) for file, wb in class_folder.entries]
        if self.anonymous:  # an order of their own: not the names', not the files'
            order = sorted(range(len(names)), key=lambda i: (
                hashlib.sha256(" ".join(names[i][1].split()).casefold().encode("utf-8")).hexdigest(), i))
            self.entries = [class_folder.entries[i] for i in order]
            self.labels = {class_folder.entries[i][0]: t("overview_anon.learner", lang, n=k)
                           for k, i in enumerate(order, 1)}
        else:
            self.entries = list(class_folder.entries)
            self.labels = dict(names)
        people = [n for _, n in names] + list(class_folder.learners.values()) + [wb.learner for _, wb in self.entries]
        self._names = {" ".join(n.split()).casefold() for n in people if len(n.strip()) >= 3}
        self._tokens = set().union(*(_words(n) for n in people)) if people else set()
        self._organisations = {_normalised(wb.brand.organisation) for _, wb in self.entries
                               if len(wb.brand.organisation.strip()) >= 3}

    @property
    def workbooks(self) -> list:
        return [wb for _, wb in self.entries]

    def who(self, file: str) -> str:
        return self.labels[file]

    def shareable(self, text: str, count: int) -> bool:
        """Whether ``text``, used by ``count`` learners, may be shown (always, when named)."""
        if not self.anonymous:
            return True
        plain = _normalised(text)
        return (count >= MIN_SHARED and not _EMAIL.search(text) and not (_words(text) & self._tokens)
                and not any(name in plain for name in self._names)
                and not any(org in plain for org in self._organisations))

    def shared(self, counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return [(text, n) for text, n in counts if self.shareable(text, n)]


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


def anonymous_key(folder_or_class, lang: str | None = None) -> dict[str, str]:
    """``{"Learner 1": "Anna de Vries", ...}``: who is who in the anonymous overview, for the
    instructor's own eyes (no overview ever shows it; do not project it either)."""
    lang = check_language(lang)
    view = _View(_as_class(folder_or_class, lang), lang, anonymous=True)
    return {view.who(file): _learner_name(file, wb, view.class_folder) for file, wb in view.entries}


def _privacy(v: _View) -> Paragraph:
    """The first line of an overview: it holds personal data, or it is anonymous."""
    if v.anonymous:
        return Paragraph(t("overview_anon.banner.anonymous", v.lang, count=len(v.entries), min=MIN_SHARED))
    return Paragraph(t("overview_anon.banner.named", v.lang))


def _summary(v: _View, lang: str) -> list:
    from ..charts.overview import count_listing

    cf = v.class_folder
    cases = v.shared(_tally([wb.case for wb in v.workbooks if wb.case]))
    blocks = [_privacy(v), Paragraph(t("overview.summary", lang, valid=len(cf.entries), invalid=len(cf.invalid)))]
    if cases:
        blocks.append(Paragraph(t("overview.cases", lang, cases=count_listing(cases, lang, 10))))
    if not cf.entries:
        blocks.append(note("overview.no_valid", lang))
    return blocks


def _progress(v: _View, lang: str) -> list:
    if not v.entries:
        return [note("overview.no_valid", lang)]
    statuses = [(v.who(f), task_status(wb)) for f, wb in v.entries]
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


def notebook_status(workbook) -> dict[str, tuple[bool, bool]]:
    """Per notebook of the course (``"00"`` .. ``"08"``): ``(started, finished)``.

    Finished: its work is there (the tasks and assignments of :data:`NOTEBOOK_WORK`, as
    :func:`task_status` and :func:`journeylib.assignments.is_answered` see them) and every
    question of its self-check (and quizzes) has been checked. Started: any of that.
    """
    from ..selfcheck import NOTEBOOKS, results

    tasks = task_status(workbook)
    out = {}
    for nb in NOTEBOOKS:
        work = [tasks[item] if item in tasks else assignments.is_answered(assignments.get(item), workbook)
                for item in NOTEBOOK_WORK.get(nb, ())]
        checked = [r.answered for r in results(workbook.answers, nb)]
        done = work + checked
        out[nb] = (any(done), bool(done) and all(done))
    return out


def _notebooks(v: _View, lang: str) -> list:
    from ..charts.overview import NotebookShares, describe_notebook_shares, plot_notebook_shares

    if not v.entries:
        return [note("overview.no_valid", lang)]
    statuses = [notebook_status(wb) for wb in v.workbooks]
    total = len(statuses)
    rows = []
    for nb in statuses[0]:
        started = sum(s[nb][0] for s in statuses)
        finished = sum(s[nb][1] for s in statuses)
        rows.append((t("overview_anon.notebook_label", lang, notebook=nb, title=t(f"overview_anon.notebook.{nb}", lang)),
                     finished, started))
    shares = NotebookShares(rows, total)
    table = Table([t("overview_anon.notebooks.col.notebook", lang), t("overview_anon.notebooks.col.finished", lang),
                   t("overview_anon.notebooks.col.started", lang)],
                  [[label, t("overview_anon.share", lang, count=f, total=total, percent=round(100 * f / total)),
                    t("overview_anon.share", lang, count=s, total=total, percent=round(100 * s / total))]
                   for label, f, s in rows],
                  caption=t("overview_anon.notebooks.caption", lang))
    return [Chart(t("overview_anon.chart.notebooks", lang), lambda: plot_notebook_shares(shares, lang=lang),
                  describe_notebook_shares(shares, lang=lang)), table]


def _assignments(v: _View, lang: str) -> list:
    """Per assignment of the registry: how many learners have an answer in their workbook."""
    if not v.entries:
        return [note("overview.no_valid", lang)]
    workbooks = v.workbooks
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
    answers = [[v.who(file), t(a.title, lang), shorten(assignments.text_answer(a, wb), _ANSWER_LENGTH)]
               for a in texts for file, wb in v.entries if assignments.is_answered(a, wb)]
    if answers and v.anonymous:
        blocks.append(note("overview_anon.answers_hidden", lang))
    elif answers:
        blocks.append(Table([t("report.meta.learner", lang), t("overview.assignments.col.assignment", lang),
                             t("overview.assignments.col.answer", lang)], answers,
                            caption=t("overview.assignments.texts_caption", lang, length=_ANSWER_LENGTH)))
    return blocks


def _hidden_note(v: _View, lang: str, before: int, after: int) -> list:
    return [note("overview_anon.rare_hidden", lang, min=MIN_SHARED)] if v.anonymous and after < before else []


def _keywords(v: _View, lang: str) -> list:
    from ..charts.overview import describe_keyword_counts, plot_keyword_counts

    every = {p: _tally([k for wb in v.workbooks  # each learner counts once per keyword
                        for k in {_normalised(k): k for k in wb.reflections[p].keywords}.values()]) for p in PHASES}
    per_phase = {p: v.shared(counts)[:12] for p, counts in every.items()}
    if not any(every.values()):
        return [note("overview.keywords.empty", lang)]
    hidden = _hidden_note(v, lang, sum(map(len, every.values())), sum(len(v.shared(c)) for c in every.values()))
    if not any(per_phase.values()):
        return hidden
    return [Chart(t("overview.chart.keywords", lang), lambda: plot_keyword_counts(per_phase, lang=lang),
                  describe_keyword_counts(per_phase, lang=lang)), *hidden]


def _moments(v: _View, lang: str) -> list:
    from ..charts.overview import MomentCounts, describe_moment_counts, plot_moment_counts

    chosen = []
    for wb in v.workbooks:
        names = {_normalised(tp.name): tp.name for j in wb.journeys for tp in j.touchpoints if tp.moment_of_truth}
        chosen.extend(names.values())  # each learner counts once per moment
    every = _tally(chosen)
    counts = v.shared(every)[:15]
    if not every:
        return [note("overview.moments.empty", lang)]
    hidden = _hidden_note(v, lang, len(every), len(v.shared(every)))
    if not counts:
        return hidden
    learners = sum(1 for wb in v.workbooks if any(tp.moment_of_truth for j in wb.journeys for tp in j.touchpoints))
    moments = MomentCounts(counts, learners)
    return [Chart(t("overview.chart.moments", lang), lambda: plot_moment_counts(moments, lang=lang),
                  describe_moment_counts(moments, lang=lang)), *hidden]


def _essences(v: _View, lang: str) -> list:
    from ..charts.overview import count_listing
    from ..text import shorten

    if not v.entries:
        return [note("overview.no_valid", lang)]
    every = _tally([w for wb in v.workbooks for w in wb.brand.essence_words if w.strip()])
    words = v.shared(every)
    blocks: list = []
    if v.anonymous:
        blocks.append(note("overview_anon.essences_hidden", lang, min=MIN_SHARED))
    else:
        rows = []
        for file, wb in v.entries:
            b = wb.brand
            cells = [w.strip() or _NONE for w in b.essence_words]
            rows.append([v.who(file), b.organisation.strip() or _NONE, *cells, shorten(b.why, 140) or _NONE])
        blocks.append(Table([t("report.meta.learner", lang), t("field.organisation", lang),
                             *[t("overview.word_n", lang, n=i) for i in (1, 2, 3)], t("field.why", lang)], rows))
    if words:
        blocks.append(Paragraph(t("overview.essences.common", lang, words=count_listing(words, lang))))
    return blocks


def _service(v: _View, lang: str) -> list:
    from ..analysis.service import SCENARIOS, level_distribution
    from ..charts.levels import describe_staircase, plot_staircase

    levels = [tp.service_level for wb in v.workbooks for j in wb.journeys[:1] for tp in j.touchpoints
              if tp.service_level is not None]
    blocks: list = []
    if levels:
        table = level_distribution(levels)
        learners = sum(1 for wb in v.workbooks
                       if any(tp.service_level is not None for j in wb.journeys[:1] for tp in j.touchpoints))
        blocks.append(Paragraph(t("overview.service.intro", lang, learners=learners)))
        blocks.append(Chart(t("report.chart.staircase", lang),
                            lambda: plot_staircase(table, lang=lang,
                                                   title=t("overview.service.title", lang, total=len(levels))),
                            describe_staircase(table, lang=lang)))
    else:
        blocks.append(note("overview.service.empty", lang))
    scenarios = {s.id: s for s in SCENARIOS}
    answers = [(k, val) for wb in v.workbooks for k, val in wb.service_ratings.items() if k in scenarios]
    if answers:
        correct = sum(1 for k, val in answers if scenarios[k].level == val)
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


def _selfcheck(v: _View, lang: str) -> list:
    from ..charts.overview import QuestionMisses, describe_question_misses, plot_question_misses
    from ..selfcheck import key
    from ..text import shorten

    rows, learners = question_misses(v.class_folder)
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


def _invalid(v: _View, lang: str) -> list:
    invalid = v.class_folder.invalid
    if not invalid:
        return [note("overview.invalid.none", lang)]
    if v.anonymous:  # file names and reasons can name a learner: the named overview and the command list them
        return [note("overview_anon.skipped_hidden", lang, count=len(invalid))]
    return [Table([t("overview.col.file", lang), t("overview.col.reason", lang)], [list(r) for r in invalid],
                  caption=t("overview_anon.skipped_caption", lang, count=len(invalid)))]


_BUILDERS = {"summary": _summary, "progress": _progress, "notebooks": _notebooks, "assignments": _assignments, "keywords": _keywords,
             "moments": _moments, "essences": _essences, "service": _service, "selfcheck": _selfcheck,
             "invalid": _invalid}


def _as_class(folder_or_class, lang: str, anonymous: bool | None = None) -> ClassFolder:
    if isinstance(folder_or_class, ClassFolder):
        found = folder_or_class
    else:
        found = load_class(folder_or_class, lang)
    return found if anonymous is None or bool(anonymous) == found.anonymous else replace(found, anonymous=bool(anonymous))


def overview_section(name: str, folder_or_class, lang: str | None = None, *, anonymous: bool | None = None) -> Section:
    """One section of the class overview (``name`` from :data:`OVERVIEW_SECTIONS`); ``anonymous``
    (default: the class folder's own setting) shows it without names."""
    lang = check_language(lang)
    if name not in _BUILDERS:
        raise KeyError(f"unknown section {name!r}; choose one of {', '.join(OVERVIEW_SECTIONS)}")
    view = _View(_as_class(folder_or_class, lang), lang, anonymous)
    return safe_section(name, t(f"overview.section.{name}", lang), lambda: _BUILDERS[name](view, lang), lang)


def overview_sections(folder_or_class, lang: str | None = None, *, anonymous: bool | None = None) -> list[Section]:
    lang = check_language(lang)
    class_folder = _as_class(folder_or_class, lang, anonymous)
    return [overview_section(name, class_folder, lang) for name in OVERVIEW_SECTIONS]


def overview_document(folder_or_class, lang: str | None = None, *, anonymous: bool | None = None) -> Document:
    """The whole overview: its title, a line on personal data, the folder (not when anonymous)
    and how many files it holds, every section."""
    lang = check_language(lang)
    class_folder = _as_class(folder_or_class, lang, anonymous)
    count = (t("overview.meta.count", lang), str(len(class_folder.entries) + len(class_folder.invalid)))
    if class_folder.anonymous:
        title, meta = t("overview_anon.title", lang), [count]
    else:
        title, meta = t("overview.title", lang), [(t("overview.meta.folder", lang), class_folder.name), count]
    intro = _privacy(_View(class_folder, lang)).text + " " + t("overview.intro", lang)
    return Document(title, lang, meta, overview_sections(class_folder, lang), intro=intro)


def render_overview_html(folder_or_class, lang: str | None = None, *, anonymous: bool | None = None) -> str:
    """The class overview as one self-contained HTML page."""
    from .html import render_document

    return render_document(overview_document(folder_or_class, lang, anonymous=anonymous))


def write_overview(folder, out, lang: str | None = None, *, anonymous: bool = False) -> ClassFolder:
    """Write the overview of ``folder`` (a folder or a submissions zip) to ``out`` (HTML).
    Returns what was read (to report on)."""
    from ..store import atomic_write

    lang = check_language(lang)
    class_folder = load_class(folder, lang, anonymous=anonymous)
    atomic_write(out, render_overview_html(class_folder, lang).encode("utf-8"))
    return class_folder
