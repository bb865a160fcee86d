"""Every assignment of the course's source texts, in one registry.

The source texts give the learner five small assignments: look up the hospitality model;
name the slices of the communication pie; say what *authentiek* means and how it relates to
*representatief*; write keywords and choose two images at the end of each phase (before,
during, after) on one reflection board; and write an advice for a current or future
employer. :data:`ASSIGNMENTS` lists them as :class:`Assignment` records. The widgets, the
learner's report (``reports.learner``) and the class overview (``reports.overview``) take
their list from here, and ``tests/test_assignments.py`` checks that every record has a
widget that a notebook calls, a report section that shows the answer and a count in the
class overview.

Where an answer lives in the workbook:

* ``kind="text"``: ``workbook.answers[id]``. Older workbooks kept a text answer under
  ``text-<id>`` (the record's ``legacy`` keys); :func:`text_answer` reads those too, and the
  :class:`~journeylib.widgets.text_answer.TextAnswer` widget saves under ``id`` and drops
  the old key, so no learner's text is lost;
* ``kind="pie"``: ``workbook.answers`` under the record's ``keys`` (one per slice);
* ``kind="board"``: ``workbook.reflections[phase]`` (keywords and images);
* ``kind="advice"``: ``workbook.advice``.

Texts are locale keys (``assignment.<id>.title``, ``assignment.<id>.good``) in
``locales/<lang>/assignments.json``.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import PHASES

__all__ = ["Assignment", "ASSIGNMENTS", "KINDS", "get", "in_notebook", "in_section", "text_answer", "pie_names",
           "is_answered", "answered_count"]

#: The kinds of assignment and where their answer is kept (see the module docstring).
KINDS = ("text", "pie", "board", "advice")


@dataclass(frozen=True)
class Assignment:
    """One assignment: where it is done, what the learner gives, where the answer is shown.

    ``notebook``: the two-digit number of the notebook that holds its widget; ``widget``:
    the class in :mod:`journeylib.widgets`, called in that notebook as :attr:`call`;
    ``section``: the learner report section (``reports.REPORT_SECTIONS``) that shows it;
    ``title`` and ``good`` are locale keys (``good``: what a good answer contains, for open
    answers, ``open_answer=True``; shown after the learner saved one); ``phase`` for a reflection board;
    ``keys``: the ``workbook.answers`` ids of a pie; ``legacy``: older ids of a text answer.
    """

    id: str
    notebook: str
    kind: str
    widget: str
    section: str
    arguments: str = ""
    phase: str | None = None
    keys: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()
    open_answer: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"assignment {self.id}: kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.kind == "board" and self.phase not in PHASES:
            raise ValueError(f"assignment {self.id}: a board needs a phase ({', '.join(PHASES)})")

    @property
    def title(self) -> str:
        """Locale key of the assignment's title."""
        return f"assignment.{self.id}.title"

    @property
    def good(self) -> str | None:
        """Locale key of "what a good answer contains" (open answers only)."""
        return f"assignment.{self.id}.good" if self.open_answer else None

    @property
    def call(self) -> str:
        """The line of code that shows this assignment's widget in its notebook."""
        return f"jl.widgets.{self.widget}(session{self.arguments})"


def _text(aid: str, notebook: str, section: str) -> Assignment:
    return Assignment(aid, notebook, "text", "TextAnswer", section, arguments=f', "{aid}"',
                      legacy=(f"text-{aid}",), open_answer=True)


def _board(phase: str, notebook: str, *, whole: bool = False) -> Assignment:
    # notebooks 03 and 04 show the board's own phase; 08 shows the whole board with "after"
    return Assignment(f"reflection-{phase}", notebook, "board", "ReflectionBoard", "reflection",
                      arguments="" if whole else f', phase="{phase}"', phase=phase)


#: Every assignment of the source texts, in course order.
ASSIGNMENTS: tuple[Assignment, ...] = (
    _board("before", "03"),
    _board("during", "04"),
    _text("hospitality-model", "07", "hospitality"),
    Assignment("pie", "07", "pie", "CommunicationPie", "hospitality", keys=("pie-a", "pie-b", "pie-c")),
    _text("authentic", "07", "hospitality"),
    _board("after", "08", whole=True),
    Assignment("advice", "08", "advice", "AdviceEditor", "advice", open_answer=True),
)

_BY_ID = {a.id: a for a in ASSIGNMENTS}
if len(_BY_ID) != len(ASSIGNMENTS):
    raise ValueError("assignment ids must differ")


def get(aid: str) -> Assignment:
    """The assignment with id ``aid``; a ``KeyError`` names the known ids."""
    try:
        return _BY_ID[aid]
    except KeyError:
        raise KeyError(f"unknown assignment {aid!r}; choose one of {', '.join(_BY_ID)}") from None


def in_notebook(notebook: str) -> list[Assignment]:
    """The assignments done in ``notebook`` ("07")."""
    return [a for a in ASSIGNMENTS if a.notebook == notebook]


def in_section(section: str) -> list[Assignment]:
    """The assignments that report section ``section`` shows."""
    return [a for a in ASSIGNMENTS if a.section == section]


def text_answer(assignment: Assignment, workbook) -> str:
    """A text answer as the learner left it: under its id, or else under an older key."""
    answers = workbook.answers
    for key in (assignment.id, *assignment.legacy):
        if answers.get(key, "").strip():
            return answers[key]
    return ""


def pie_names(assignment: Assignment, workbook) -> list[str]:
    """The learner's names for the slices of the pie, in slice order ("" where not named)."""
    return [workbook.answers.get(key, "").strip() for key in assignment.keys]


def is_answered(assignment: Assignment, workbook) -> bool:
    """Whether ``workbook`` holds an answer to ``assignment``."""
    kind = assignment.kind
    if kind == "text":
        return bool(text_answer(assignment, workbook).strip())
    if kind == "pie":
        return any(pie_names(assignment, workbook))
    if kind == "board":
        board = workbook.reflections[assignment.phase]
        return bool(board.keywords or board.images)
    return bool(workbook.advice.strip())


def answered_count(assignment: Assignment, workbooks) -> int:
    """How many of ``workbooks`` hold an answer to ``assignment``."""
    return sum(1 for workbook in workbooks if is_answered(assignment, workbook))
