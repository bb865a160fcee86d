"""Communication: name the slices of the 7 / 38 / 55 pie, and the course's quizzes.

* :class:`CommunicationPie` asks the learner to name the three slices of the "pie" from
  the source text (words, tone of voice, facial expression). The names
  are kept in ``workbook.answers`` (``pie-a``, ``pie-b``, ``pie-c``); "Show the answer"
  reveals the titles together with Mehrabian's own caveat (Silent Messages, 1971: the
  numbers are about feelings and attitudes, mainly when words and non-verbal signals
  disagree, and do not apply to communication in general). Whether the answer is shown is
  kept in ``workbook.progress["pie-revealed"]``.
* :class:`Quiz` shows multiple-choice and matching questions with feedback per answer
  (why it is right, or why not). Questions are data (:class:`Question`); every text is a
  locale key, so a quiz follows :func:`journeylib.set_language`. With a session, checked
  answers are kept in ``workbook.answers`` under ``quiz-<question id>``.
* :data:`QUIZZES` holds the course's question sets: ``"hospitality"`` (the hospitality
  model's three parts), ``"pie"`` (the communication pie and what its numbers mean) and
  ``"authentic"`` (being yourself while representing the organisation), built from the
  question bank (:mod:`journeylib.selfcheck`, ``nb07.QUIZZES``): the right answers live
  there, not in the notebooks. Options come in each learner's own order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import ipywidgets as W
import matplotlib  # noqa: F401  (the pie chart draws with it; load it with the widget)

from ..charts.pie import SLICES, describe_communication_pie, plot_communication_pie
from ..errors import JourneyError
from ..i18n import t
from ..model import LIMITS, assign
from .base import (NOTE_STYLE, OK_STYLE, WIDE, FieldMessage, JourneyWidget, beside, chart_area, esc, fit, full,
                   one_line, row, show_figure, up_to)

__all__ = ["CommunicationPie", "Quiz", "Question", "QUIZZES", "PIE_IDS", "PIE_REVEALED", "choice", "match"]

#: workbook.answers ids of the three slices, by letter
PIE_IDS = {letter: f"pie-{letter.lower()}" for _, _, letter in SLICES}
#: workbook.progress id: is the answer shown?
PIE_REVEALED = "pie-revealed"


# =========================================================================== CommunicationPie

class CommunicationPie(JourneyWidget):
    """Name the three slices of the communication pie; reveal the answer and its caveat."""

    def __init__(self, session):
        super().__init__(session)
        self.intro = W.HTML()
        self.fields = {letter: W.Text(continuous_update=False, style=WIDE, layout=up_to("30em"))
                       for _, _, letter in SLICES}
        self.reveal = W.Button(icon="eye", button_style="info", layout=fit(min_width="14em"))
        self.answer = W.HTML(layout=full())
        self.out, self.caption = chart_area()
        self.slice_fields = {letter: self.bind(
            box, get=lambda letter=letter: self.session.workbook.answers.get(PIE_IDS[letter], ""),
            put=lambda value, letter=letter: self._put_slice(letter, value), read=one_line,
            check=lambda value, box=box: self._too_long(box, value), label=None, echo=True,
            after=lambda _old, _new: self._slice_named()) for letter, box in self.fields.items()}
        self.field_messages = {letter: field.message for letter, field in self.slice_fields.items()}
        self.reveal.on_click(lambda _: self.toggle())
        self.children = [beside([self.intro, *[part for field in self.slice_fields.values() for part in field.parts],
                                 self.reveal, self.message, self.answer],
                                [self.out, self.caption], form_width="24em", form_min="18em", gap="0.3em")]
        self.relabel()
        self.refresh()

    # -- state
    @property
    def labels(self) -> list[str]:
        """The learner's names for slices A, B and C ("" where not named yet)."""
        answers = self.session.workbook.answers
        return [answers.get(PIE_IDS[letter], "") for _, _, letter in SLICES]

    @property
    def revealed(self) -> bool:
        return bool(self.session.workbook.progress.get(PIE_REVEALED, False))

    # -- display
    def __repr__(self) -> str:
        named = sum(1 for label in self.labels if label)
        shown = ", answer shown" if self.revealed else ""
        return f"<CommunicationPie: {named} of 3 slices named{shown}>"

    def describe(self) -> str:
        return describe_communication_pie(self.labels, reveal=self.revealed)

    def relabel(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em;margin:0 0 0.4em'>{esc(t('pie.intro'))}</p>"
        for _, share, letter in SLICES:
            box = self.fields[letter]
            box.description = t("pie.slice", letter=letter, share=share)
            box.tooltip = t("pie.slice_help", letter=letter)
            box.placeholder = t("pie.placeholder")
        self._label_reveal()
        self._show_answer()
        self._draw()

    def refresh(self) -> None:
        """Show the names kept in ``session.workbook`` (after an upload replaced it)."""
        self.show_fields()
        self.message.clear()
        self._label_reveal()
        self._show_answer()
        self._draw()

    def _label_reveal(self) -> None:
        shown = self.revealed
        self.reveal.description = t("pie.hide" if shown else "pie.reveal")
        self.reveal.tooltip = t("pie.hide_help" if shown else "pie.reveal_help")
        self.reveal.icon = "eye-slash" if shown else "eye"

    def _show_answer(self) -> None:
        if not self.revealed:
            self.answer.value = ""
            return
        rows = []
        for (key, share, letter), guess in zip(SLICES, self.labels):
            mine = t("pie.your_answer", answer=guess) if guess else t("pie.no_answer")
            row = t("pie.answer_row", letter=letter, share=share, answer=t(f"chart.pie.answer_{key}"))
            rows.append(f"<li><b>{esc(row)}</b> <span style='color:#444'>({esc(mine)})</span></li>")
        self.answer.value = (
            "<div role='region' aria-live='polite' style='border-left:5px solid #0072B2;padding:0.4em 0.9em;"
            "background:#F2F7FB;font-size:1.05em;max-width:46em'>"
            f"<h4 style='margin:0.2em 0'>{esc(t('pie.answer_heading'))}</h4><ul style='margin:0.2em 0 0.6em'>"
            f"{''.join(rows)}</ul>"
            f"<h4 style='margin:0.4em 0 0.2em'>⚠ {esc(t('pie.caveat_heading'))}</h4>"
            f"<p style='margin:0.2em 0'>{esc(t('pie.caveat_body'))}</p>"
            f"<p style='margin:0.3em 0;font-style:italic'>{esc(t('pie.source'))}</p></div>")

    def _draw(self) -> None:
        labels, reveal = self.labels, self.revealed
        ax = plot_communication_pie(labels, reveal=reveal)
        text = describe_communication_pie(labels, reveal=reveal)
        show_figure(self.out, ax.figure, text)
        self.caption.value = f"<p style='max-width:48em'>{esc(text)}</p>"

    # -- edits
    @staticmethod
    def _too_long(box, value: str) -> str | None:
        if len(value) > LIMITS["short_text"]:
            return t("pie.too_long", field=box.description, limit=LIMITS["short_text"], n=len(value))
        return None

    def _put_slice(self, letter: str, value: str) -> None:
        workbook = self.session.workbook
        answers = dict(workbook.answers)
        if value:
            answers[PIE_IDS[letter]] = value
        else:
            answers.pop(PIE_IDS[letter], None)
        assign(workbook, "answers", answers)

    def _slice_named(self) -> None:
        self.changed()
        self._show_answer()
        self._draw()

    def toggle(self, show: bool | None = None) -> None:
        """Show the answer (or hide it again); ``show=None`` switches."""
        show = (not self.revealed) if show is None else bool(show)
        workbook = self.session.workbook
        if show == self.revealed and PIE_REVEALED in workbook.progress:
            return
        try:
            assign(workbook, "progress", {**workbook.progress, PIE_REVEALED: show})
        except JourneyError as exc:
            self.message.error(exc)
            return
        self.message.clear()
        self.changed()
        self._label_reveal()
        self._show_answer()
        self._draw()


# =========================================================================== questions

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,34}$")  # "quiz-" + id must be a workbook identifier


def _code(key: str) -> str:
    """The short code stored in the workbook for an option key (its last part)."""
    return key.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Question:
    """One quiz question; every text is a locale key.

    * ``kind="choice"``: ``options`` are the answer keys, ``answer`` is the right one, and
      ``feedback`` holds one key per option (why it is right, or why not).
    * ``kind="match"``: ``items`` are the things to pair, ``options`` the categories to
      pair them with (each item gets a dropdown), ``answer`` the right category per item
      and ``feedback`` one key per item (why it belongs where it does).
    """

    id: str
    kind: str
    prompt: str
    options: tuple[str, ...]
    answer: str | tuple[str, ...]
    feedback: tuple[str, ...]
    items: tuple[str, ...] = ()

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"question id {self.id!r}: lowercase letters, digits, - and _ (at most 35)")
        codes = [_code(k) for k in self.options]
        if len(set(codes)) != len(codes) or len(codes) < 2:
            raise ValueError(f"question {self.id}: at least two options, with different last key parts")
        if self.kind == "choice":
            if self.answer not in self.options or len(self.feedback) != len(self.options) or self.items:
                raise ValueError(f"question {self.id}: the answer must be an option; one feedback per option")
        elif self.kind == "match":
            if (not self.items or not isinstance(self.answer, tuple) or len(self.answer) != len(self.items)
                    or any(a not in self.options for a in self.answer) or len(self.feedback) != len(self.items)):
                raise ValueError(f"question {self.id}: one right option and one feedback per item")
        else:
            raise ValueError(f"question {self.id}: kind must be 'choice' or 'match', not {self.kind!r}")

    @property
    def answer_id(self) -> str:
        """The key under which the learner's answer is kept in ``workbook.answers``."""
        return f"quiz-{self.id}"

    def is_right(self, given) -> bool:
        if self.kind == "choice":
            return given == self.answer
        return tuple(given) == self.answer

    def right_items(self, given) -> list[bool]:
        """Match questions: for each item whether ``given`` pairs it rightly."""
        return [g == a for g, a in zip(given, self.answer)]

    def encode(self, given) -> str:
        """The answer as kept in the workbook: option codes (``"b"``, ``"words,tone,body"``)."""
        if self.kind == "choice":
            return _code(given)
        return ",".join(_code(g) for g in given)

    def decode(self, text: str):
        """The stored answer back as option keys, or ``None`` when it does not fit this question."""
        by_code = {_code(k): k for k in self.options}
        if self.kind == "choice":
            return by_code.get(str(text).strip())
        parts = [by_code.get(p.strip()) for p in str(text).split(",")]
        if len(parts) != len(self.items) or None in parts:
            return None
        return tuple(parts)


def choice(qid: str, right: str, count: int) -> Question:
    """A multiple-choice question whose texts are ``quiz.<qid>.prompt``, ``quiz.<qid>.a``,
    ``quiz.<qid>.a_why``, ``.b``, ``.b_why``, ...; ``right`` is the letter of the right option."""
    letters = "abcdefgh"[:count]
    return Question(qid, "choice", f"quiz.{qid}.prompt", tuple(f"quiz.{qid}.{c}" for c in letters),
                    f"quiz.{qid}.{right}", tuple(f"quiz.{qid}.{c}_why" for c in letters))


def match(qid: str, categories: Sequence[str], answer: Sequence[str]) -> Question:
    """A matching question with items ``quiz.<qid>.item1 ...`` (and ``item1_why`` ...),
    paired with the category keys ``categories``; ``answer`` is the right one per item."""
    n = len(answer)
    return Question(qid, "match", f"quiz.{qid}.prompt", tuple(categories), tuple(answer),
                    tuple(f"quiz.{qid}.item{i}_why" for i in range(1, n + 1)),
                    tuple(f"quiz.{qid}.item{i}" for i in range(1, n + 1)))


def _from_bank(name: str) -> list[Question]:
    """Quiz ``name`` of the question bank (:mod:`journeylib.selfcheck`) as :class:`Question` objects."""
    from ..selfcheck import is_match, key, quiz

    notebook, questions = quiz(name)
    built = []
    for q in questions:
        def k(*parts, qid=q["id"]):
            return key(notebook, qid, *parts)
        options = tuple(k(option) for option in q["options"])
        if is_match(q):
            built.append(Question(q["id"], "match", k(), options, tuple(k(a) for a in q["answer"]),
                                  tuple(k(item, "why") for item in q["items"]), tuple(k(item) for item in q["items"])))
        else:
            built.append(Question(q["id"], "choice", k(), options, k(q["answer"]),
                                  tuple(k(option, "why") for option in q["options"])))
    return built


#: The course's question sets ("hospitality", "pie", "authentic"), built from the question
#: bank: journeylib/selfcheck/nb07.py, texts in journeylib/locales/*/selfcheck_07.json.
QUIZZES: dict[str, list[Question]] = {name: _from_bank(name) for name in ("hospitality", "pie", "authentic")}


# =========================================================================== Quiz

class _QuestionView:
    """The controls of one question inside a :class:`Quiz`."""

    def __init__(self, quiz: "Quiz", index: int, question: Question):
        self.quiz = quiz
        self.question = question
        self.heading = W.HTML()
        self.prompt = W.HTML()
        self.item_labels: list[W.HTML] = []
        self.dropdowns: list[W.Dropdown] = []
        self.radio: W.RadioButtons | None = None
        if question.kind == "choice":
            self.radio = W.RadioButtons(options=[], value=None, style=WIDE,
                                        layout=full(max_width="60em"))
            controls = [self.radio]
        else:
            controls = []
            for _ in question.items:
                label = W.HTML(layout=full(max_width="60em"))
                dropdown = W.Dropdown(options=[], value=None, style=WIDE, layout=up_to("30em"))
                self.item_labels.append(label)
                self.dropdowns.append(dropdown)
                controls.append(W.VBox([label, dropdown], layout=W.Layout(margin="0 0 0.4em 1em")))
        self.check = W.Button(icon="check", button_style="primary", layout=fit(min_width="10em"))
        self.check.on_click(lambda _: quiz.check(index))
        self.message = FieldMessage()
        self.feedback = W.HTML(layout=full())
        self.box = W.VBox([self.heading, self.prompt, *controls, row([self.check, self.message], gap="0.8em"),
                           self.feedback],
                          layout=full(border="1px solid #BBBBBB", padding="0.5em 1em", margin="0 0 0.8em 0"))

    def selection(self):
        if self.radio is not None:
            return self.radio.value
        return tuple(d.value for d in self.dropdowns)

    def select(self, given) -> None:
        if self.radio is not None:
            self.radio.value = given
        else:
            for dropdown, value in zip(self.dropdowns, given if given is not None else [None] * len(self.dropdowns)):
                dropdown.value = value

    def relabel(self, n: int, total: int) -> None:
        question = self.question
        self.heading.value = f"<b style='font-size:0.95em;color:#444'>{esc(t('quiz.question', n=n, total=total))}</b>"
        self.prompt.value = (f"<p style='font-size:1.1em;font-weight:600;margin:0.1em 0 0.4em'>"
                             f"{esc(t(question.prompt))}</p>")
        options = [(t(k), k) for k in question.options]
        if self.radio is not None:
            keep = self.radio.value
            self.radio.options = [(t(k), k) for k in self._learner_order()]
            self.radio.value = keep
            self.radio.description = t("quiz.your_answer")
            self.radio.tooltip = t("quiz.answer_help")
        for label, dropdown, item in zip(self.item_labels, self.dropdowns, question.items):
            label.value = f"<span style='font-size:1.05em'>• {esc(t(item))}</span>"
            keep = dropdown.value
            dropdown.options = options
            dropdown.value = keep
            dropdown.description = t("quiz.belongs_to")
            dropdown.tooltip = t("quiz.belongs_help", item=t(item))
        self.check.description = t("quiz.check")
        self.check.tooltip = t("quiz.check_help")

    def _learner_order(self) -> list[str]:
        """A bank question's options in this learner's own order (journeylib.selfcheck.option_order);
        a question made in code keeps its order."""
        from ..selfcheck import option_order, quiz_question

        found = quiz_question(self.question.id)
        if found is None:
            return list(self.question.options)
        session = self.quiz.session
        codes = option_order(found, self.question.id, session.workbook.learner if session else "")
        by_code = {_code(k): k for k in self.question.options}
        return [by_code[c] for c in codes if c in by_code] or list(self.question.options)

    def show_feedback(self, given) -> None:
        question = self.question
        if given is None:
            self.feedback.value = ""
            return
        if question.kind == "choice":
            why = t(question.feedback[question.options.index(given)])
            if question.is_right(given):
                body = f"<span style='{OK_STYLE}'>✓ {esc(t('quiz.right'))}</span> {esc(why)}"
            else:
                body = (f"<span style='{NOTE_STYLE};font-weight:600'>{esc(t('quiz.wrong'))}</span> {esc(why)} "
                        f"<i>{esc(t('quiz.try_again'))}</i>")
        else:
            marks = question.right_items(given)
            rows = []
            for ok, item, why in zip(marks, question.items, question.feedback):
                mark = (f"<span style='{OK_STYLE}'>✓</span>" if ok else
                        f"<span style='{NOTE_STYLE}' title='{esc(t('quiz.item_not_yet'))}'>○</span>")
                rows.append(f"<li>{mark} <b>{esc(t(item))}</b><br>{esc(t(why))}</li>")
            if all(marks):
                head_style, head = OK_STYLE, "✓ " + t("quiz.right")
            else:
                head_style, head = f"{NOTE_STYLE};font-weight:600", t("quiz.wrong")
            body = (f"<span style='{head_style}'>{esc(head)}</span> "
                    f"{esc(t('quiz.match_score', right=sum(marks), total=len(marks)))}"
                    + ("" if all(marks) else f" <i>{esc(t('quiz.try_again'))}</i>")
                    + f"<ul style='margin:0.3em 0'>{''.join(rows)}</ul>")
        self.feedback.value = (f"<div role='status' style='font-size:1.05em;padding:0.3em 0.6em;background:#F6F6F6;"
                               f"max-width:60em'>{body}</div>")


def _question_list(questions) -> tuple[Question, ...]:
    """A quiz's questions: a list of :class:`Question` or the name of a set in :data:`QUIZZES`."""
    if isinstance(questions, str):
        if questions not in QUIZZES:
            raise ValueError(f"unknown quiz {questions!r}; choose one of {', '.join(QUIZZES)}")
        questions = QUIZZES[questions]
    questions = tuple(questions)
    if not questions or not all(isinstance(question, Question) for question in questions):
        raise ValueError("a quiz needs at least one Question")
    if len({question.id for question in questions}) != len(questions):
        raise ValueError("question ids in a quiz must differ")
    return questions


class Quiz(JourneyWidget):
    """Multiple-choice and matching questions with feedback per answer.

    ``questions``: a list of :class:`Question`, or the name of a set in :data:`QUIZZES`
    (``"hospitality"``, ``"pie"``, ``"authentic"``). With a ``session`` the checked answers
    are kept in ``workbook.answers`` (``quiz-<id>``) and come back after a restart.
    """

    def __init__(self, questions, session=None):
        super().__init__(session)
        try:
            self.questions = _question_list(questions)
        except ValueError:
            self.close()
            raise
        self._given: dict[str, object] = {}
        self.views = [_QuestionView(self, i, question) for i, question in enumerate(self.questions)]
        self.summary = W.HTML()
        self.children = [*(view.box for view in self.views), self.summary, self.message]
        self.relabel()
        self.refresh()

    # -- state
    @property
    def answered(self) -> int:
        return len(self._given)

    @property
    def right(self) -> int:
        given = self._given
        return sum(1 for question in self.questions if question.id in given and question.is_right(given[question.id]))

    def status(self, question: Question) -> str:
        """``"right"``, ``"wrong"`` or ``"open"`` for the last checked answer."""
        if question.id not in self._given:
            return "open"
        return "right" if question.is_right(self._given[question.id]) else "wrong"

    # -- display
    def __repr__(self) -> str:
        return f"<Quiz: {len(self.questions)} questions, {self.answered} answered, {self.right} right>"

    def describe(self) -> str:
        parts = [t("quiz.describe", total=len(self.questions), answered=self.answered, right=self.right)]
        parts += [t("quiz.describe_status", n=i, status=t(f"quiz.status_{self.status(question)}"))
                  for i, question in enumerate(self.questions, 1)]
        return " ".join(parts)

    def relabel(self) -> None:
        total = len(self.questions)
        for n, view in enumerate(self.views, 1):
            view.relabel(n, total)
            view.show_feedback(self._given.get(view.question.id))
        self._show_summary()

    def refresh(self) -> None:
        """Show the answers kept in ``session.workbook`` (after an upload replaced it)."""
        if self.session is not None:
            answers = self.session.workbook.answers
            self._given = {}
            for question in self.questions:
                if question.answer_id in answers:
                    given = question.decode(answers[question.answer_id])
                    if given is not None:
                        self._given[question.id] = given
        for view in self.views:
            given = self._given.get(view.question.id)
            view.select(given)
            view.message.clear()
            view.show_feedback(given)
        self.message.clear()
        self._show_summary()

    def _show_summary(self) -> None:
        self.summary.value = f"<p style='font-size:1.05em'>{esc(self.describe())}</p>"

    # -- actions
    def check(self, index: int) -> None:
        """Check question ``index`` (0-based) with what is selected now: feedback, and save."""
        view = self.views[index]
        question = view.question
        given = view.selection()
        if question.kind == "choice" and given is None:
            view.message.error(t("quiz.choose_first"))
            return
        if question.kind == "match" and None in given:
            view.message.error(t("quiz.match_incomplete", missing=sum(1 for g in given if g is None)))
            return
        if self.session is not None:
            workbook = self.session.workbook
            try:
                assign(workbook, "answers", {**workbook.answers, question.answer_id: question.encode(given)})
            except JourneyError as exc:
                view.message.error(exc)
                return
            self.changed()
        self._given[question.id] = given
        view.message.clear()
        view.show_feedback(given)
        self._show_summary()
