"""Self-checks: the questions at the end of every notebook and the quizzes inside notebook 07,
one widget with one interaction.

* ``SelfCheck(session, "03")`` shows the self-check of notebook 03; ``SelfCheck(session,
  "07", set="pie")`` one of notebook 07's quizzes (``Quiz("pie", session=session)`` is the
  same, kept for the notebooks that call it so). Questions, answers and texts come from the
  question bank, :mod:`journeylib.selfcheck`.
* Per question: the learner chooses (radio buttons; a match question has one dropdown per
  item), then clicks **Check**. Only then comes the feedback: why the chosen option is right
  or why not, and after a wrong answer a hint and an invitation to try again (a match
  question marks each item, and explains the items that are right). Changing the choice
  afterwards takes the old feedback away until the next Check.
* Why a Check button and not feedback on every click: the learner commits to an answer
  before seeing anything, so clicking through the options until one turns green does not
  work; with the keyboard the arrow keys only move the choice (in a radio group every arrow
  press is a new selection, which would "answer" and reveal every option on the way); a
  match question needs every item chosen before it can be judged, so both kinds work the
  same; and the first checked answer means something (the class overview counts it).
* The options come in the learner's own order (:func:`journeylib.selfcheck.option_order`,
  keyed by ``session.workbook.learner``). Feedback is a ``role=status`` region; a wrong
  answer is calm (a neutral colour, no red, no ⚠).
* Checked answers are kept in ``workbook.answers`` under ``check-NN-<question id>``, with
  the first checked answer beside the latest (:func:`journeylib.selfcheck.record_answer`);
  answers saved by earlier versions (``quiz-<id>``) are read and come back.
"""
from __future__ import annotations

import ipywidgets as W

from ..errors import JourneyError
from ..i18n import t
from ..model import assign
from ..selfcheck import CHECK, is_match, is_right, key, option_order, quiz, record_answer, saved_answer, sets
from .base import NOTE_STYLE, OK_STYLE, WIDE, FieldMessage, JourneyWidget, esc, fit, full, row, up_to

__all__ = ["SelfCheck", "Quiz", "QuestionView"]

#: The feedback box: the same calm frame for a right and a wrong answer.
_BOX = "font-size:1.05em;padding:0.3em 0.6em;background:#F6F6F6;max-width:60em"


def _status(body: str) -> str:
    return f"<div role='status' style='{_BOX}'>{body}</div>"


class QuestionView:
    """The controls of one question: prompt, choices, the Check button, the feedback under it."""

    def __init__(self, owner: "SelfCheck", index: int, question: dict):
        self.owner, self.index, self.question = owner, index, question
        self.heading = W.HTML(layout=full())
        self.radio: W.RadioButtons | None = None
        self.item_labels: list[W.HTML] = []
        self.dropdowns: list[W.Dropdown] = []
        if is_match(question):
            controls = []
            for _ in question["items"]:
                label = W.HTML(layout=full(max_width="60em"))
                dropdown = W.Dropdown(options=[], value=None, style=WIDE, layout=up_to("30em"))
                owner.on_change(dropdown, lambda _change: self.choice_changed())
                self.item_labels.append(label)
                self.dropdowns.append(dropdown)
                controls.append(W.VBox([label, dropdown], layout=W.Layout(margin="0 0 0.4em 1em")))
        else:
            self.radio = W.RadioButtons(options=[], value=None, style=WIDE, layout=full(max_width="60em"))
            owner.on_change(self.radio, lambda _change: self.choice_changed())
            controls = [self.radio]
        self.check = W.Button(icon="check", button_style="primary", layout=fit(min_width="10em"))
        self.check.on_click(lambda _button: owner.check(index))
        self.message = FieldMessage()  # a save that failed
        self.feedback = W.HTML(layout=full())  # last: what the browser test reads under the choices
        self.box = W.VBox([self.heading, *controls, row([self.check, self.message], gap="0.8em"), self.feedback],
                          layout=full(border="1px solid #BBBBBB", padding="0.5em 1em", margin="0 0 0.8em 0"))

    # -- the choice
    def selection(self):
        """What is chosen now: an option, or one option (or None) per item."""
        if self.radio is not None:
            return self.radio.value
        return tuple(d.value for d in self.dropdowns)

    def select(self, given) -> None:
        if self.radio is not None:
            self.radio.value = given
            return
        for dropdown, value in zip(self.dropdowns, given or [None] * len(self.dropdowns)):
            dropdown.value = value

    def choice_changed(self) -> None:
        """The learner chose something else: the feedback of the checked answer no longer applies."""
        self.show_checked()

    def show_checked(self) -> None:
        """The feedback on the checked answer while it is what is chosen; else none."""
        given = self.owner.given(self.question)
        self.show_feedback(given if given is not None and self.selection() == given else None)

    # -- texts
    def relabel(self, learner: str) -> None:
        notebook, question = self.owner.notebook, self.question
        qid = question["id"]
        self.heading.value = (
            f"<b style='font-size:0.95em;color:#444'>"
            f"{esc(t('selfcheck.question', n=self.index + 1, total=len(self.owner.questions)))}</b>"
            f"<p style='font-size:1.1em;font-weight:600;margin:0.1em 0 0.4em'>{esc(t(key(notebook, qid)))}</p>")
        # in this learner's own order (the same at every reopening, another for a neighbour)
        options = [(t(key(notebook, qid, option)), option) for option in option_order(notebook, qid, learner)]
        with self.owner.quietly():  # new option texts are no answer
            if self.radio is not None:
                keep = self.radio.value
                self.radio.options = options
                self.radio.value = keep
                self.radio.description = t("selfcheck.your_answer")
                self.radio.tooltip = t("selfcheck.answer_help")
            for label, dropdown, item in zip(self.item_labels, self.dropdowns, question.get("items", ())):
                text = t(key(notebook, qid, item))
                label.value = f"<span style='font-size:1.05em'>• {esc(text)}</span>"
                keep = dropdown.value
                dropdown.options = options
                dropdown.value = keep
                dropdown.description = t("selfcheck.belongs_to")
                dropdown.tooltip = t("selfcheck.belongs_help", item=text)
        self.check.description = t("selfcheck.check")
        self.check.tooltip = t("selfcheck.check_help")

    def note(self, text: str) -> None:
        """A calm word under the question (nothing was checked)."""
        self.feedback.value = _status(f"<span style='{NOTE_STYLE}'>{esc(text)}</span>")

    def show_feedback(self, given) -> None:
        """The feedback on the checked answer ``given`` (None: none)."""
        if given is None:
            self.feedback.value = ""
            return
        notebook, question = self.owner.notebook, self.question
        qid = question["id"]
        right = is_right(question, given)
        if right:
            head = f"<span style='{OK_STYLE};font-weight:600'>✓ {esc(t('selfcheck.right'))}</span>"
        else:
            head = f"<span style='{NOTE_STYLE};font-weight:600'>{esc(t('selfcheck.wrong'))}</span>"
        nudge = ("" if right else f"<br><span style='{NOTE_STYLE}'>{esc(t('selfcheck.hint', hint=t(key(notebook, qid, 'hint'))))}"
                 f"</span> <i style='{NOTE_STYLE}'>{esc(t('selfcheck.try_again'))}</i>")
        if not is_match(question):
            self.feedback.value = _status(f"{head} {esc(t(key(notebook, qid, given, 'why')))}{nudge}")
            return
        rows = []
        for item, chosen, answer in zip(question["items"], given, question["answer"]):
            text = esc(t(key(notebook, qid, item)))
            if chosen == answer:  # the why of an item says where it belongs: only once it is right
                rows.append(f"<li><span style='{OK_STYLE}'>✓</span> <b>{text}</b>: "
                            f"{esc(t(key(notebook, qid, answer)))}<br>{esc(t(key(notebook, qid, item, 'why')))}</li>")
            else:
                rows.append(f"<li><span style='{NOTE_STYLE}'>○ <b>{text}</b>: "
                            f"{esc(t('selfcheck.item_not_yet'))}</span></li>")
        score = t("selfcheck.match_score", right=sum(c == a for c, a in zip(given, question["answer"])),
                  total=len(given))
        self.feedback.value = _status(f"{head} {esc(score)}{nudge}<ul style='margin:0.3em 0'>{''.join(rows)}</ul>")


class SelfCheck(JourneyWidget):
    """``SelfCheck(session, "03")``: the self-check of notebook 03; ``set="pie"`` (a name from
    :func:`journeylib.selfcheck.sets`) one of the notebook's quizzes. Choose, then Check; the
    checked answers are kept in the workbook and come back after a restart."""

    def __init__(self, session=None, notebook: str = "", set: str = CHECK):  # noqa: A002 (the bank's word)
        super().__init__(session)
        try:
            question_sets = sets(notebook)
            if set not in question_sets:
                raise ValueError(f"notebook {notebook} has no question set {set!r}; "
                                 f"choose one of {', '.join(question_sets)}")
        except ValueError:
            self.close()
            raise
        self.notebook, self.set = notebook, set
        self.questions = question_sets[set]
        self._given: dict[str, object] = {}  # question id -> the answer checked last
        self.views = [QuestionView(self, i, question) for i, question in enumerate(self.questions)]
        self.summary = W.HTML()
        self.children = [*(view.box for view in self.views), self.summary, self.message]
        self.refresh()

    # -- state
    def given(self, question: dict):
        """The answer last checked for ``question`` (None: not checked yet)."""
        return self._given.get(question["id"])

    @property
    def answered(self) -> int:
        return len(self._given)

    @property
    def right(self) -> int:
        return sum(1 for q in self.questions if q["id"] in self._given and is_right(q, self._given[q["id"]]))

    def status(self, question: dict) -> str:
        """``"right"``, ``"wrong"`` or ``"open"`` for the last checked answer."""
        if question["id"] not in self._given:
            return "open"
        return "right" if is_right(question, self._given[question["id"]]) else "wrong"

    @property
    def _learner(self) -> str:
        return self.session.workbook.learner if self.session is not None else ""

    # -- display
    def __repr__(self) -> str:
        name = self.notebook if self.set == CHECK else f"{self.notebook} {self.set}"
        return (f"<SelfCheck {name}: {len(self.questions)} questions, {self.answered} answered, "
                f"{self.right} right>")

    def describe(self) -> str:
        return " ".join([t("selfcheck.intro", count=len(self.questions)),
                         t("selfcheck.describe_status", answered=self.answered, right=self.right)])

    def relabel(self) -> None:
        learner = self._learner
        for view in self.views:
            view.relabel(learner)
            view.show_checked()
        self._show_summary()

    def refresh(self) -> None:
        """Show the answers kept in ``session.workbook`` (after an upload replaced it)."""
        if self.session is not None:
            answers = self.session.workbook.answers
            self._given = {}
            for question in self.questions:
                found = saved_answer(answers, self.notebook, question)
                if found is not None:
                    self._given[question["id"]] = found[0]
        learner = self._learner
        for view in self.views:
            view.relabel(learner)  # the learner's name (and so the order) may have changed
            given = self._given.get(view.question["id"])
            with self.quietly():
                view.select(given)
            view.message.clear()
            view.show_feedback(given)
        self.message.clear()
        self._show_summary()

    def _show_summary(self) -> None:
        self.summary.value = f"<p style='font-size:1.05em'>{esc(self.describe())}</p>"

    # -- actions
    def check(self, index: int) -> None:
        """Check question ``index`` (0-based) with what is chosen now: feedback, and save."""
        view = self.views[index]
        question, given = view.question, view.selection()
        if given is None:
            view.note(t("selfcheck.choose_first"))
            return
        if is_match(question) and None in given:
            view.note(t("selfcheck.match_incomplete", missing=sum(1 for g in given if g is None)))
            return
        if self.session is not None:
            workbook = self.session.workbook
            try:
                assign(workbook, "answers", record_answer(workbook.answers, self.notebook, question, given))
            except JourneyError as exc:
                view.message.error(exc)
                return
            self.changed()
        self._given[question["id"]] = given
        view.message.clear()
        view.show_feedback(given)
        self._show_summary()

    def answer(self, index: int, given) -> None:
        """Choose ``given`` for question ``index`` and check it (what a learner does in two clicks)."""
        self.views[index].select(given)
        self.check(index)


class Quiz(SelfCheck):
    """``Quiz("pie", session=session)``: the question set ``"pie"`` of the notebook that holds
    it, the same as ``SelfCheck(session, "07", set="pie")``."""

    def __init__(self, name: str, session=None):
        try:
            notebook, _ = quiz(name)
        except KeyError:
            raise ValueError(f"unknown quiz {name!r}") from None
        super().__init__(session, notebook, set=name)
