"""The self-check at the end of each notebook: multiple choice, a hint after a wrong answer,
an explanation for every option. Questions and answers come from journeylib.selfcheck."""
from __future__ import annotations

import ipywidgets as W

from ..i18n import t
from ..selfcheck import key, option_order, spec
from .base import NOTE_STYLE, FieldMessage, JourneyWidget, esc, fit

NONE = "-"


def not_yet(message: FieldMessage, text: str) -> None:
    """Show ``text`` in ``message`` as calm feedback ("Nog niet: ..."), announced politely."""
    message.value = f'<span role="status" style="{NOTE_STYLE}">{esc(text)}</span>'


class SelfCheck(JourneyWidget):
    """``SelfCheck(session, "03")``: the questions of notebook 03; answers are saved in the
    workbook (``answers["check-03-q1"]``) so a learner sees them again after a restart."""

    def __init__(self, session, notebook: str):
        super().__init__(session)
        self.notebook = notebook
        self.questions = spec(notebook)
        self.prompts: list[W.HTML] = []
        self.choices: list[W.RadioButtons] = []
        self.feedback: list[FieldMessage] = []
        rows = []
        for question in self.questions:
            prompt, feedback = W.HTML(), FieldMessage()
            choice = W.RadioButtons(options=[], value=None, layout=fit())
            self.on_change(choice, lambda change, question=question: self._answer(question, change["new"]))
            self.prompts.append(prompt)
            self.choices.append(choice)
            self.feedback.append(feedback)
            rows.append(W.VBox([prompt, choice, feedback], layout=W.Layout(margin="0 0 1em 0")))
        self.children = [*rows, self.message]
        self.relabel()

    def _answer_id(self, question: dict) -> str:
        return f"check-{self.notebook}-{question['id']}"

    def relabel(self) -> None:
        learner = self.session.workbook.learner if self.session else ""
        for i, question in enumerate(self.questions):
            notebook = self.notebook
            self.prompts[i].value = f"<b>{i + 1}. {t(key(notebook, question['id']))}</b>"
            saved = self.session.workbook.answers.get(self._answer_id(question)) if self.session else None
            with self.quietly():  # setting the choices gives no answer
                # in this learner's own order (the same at every reopening, another for a neighbour)
                order = option_order(notebook, question["id"], learner)
                self.choices[i].options = [(t(key(notebook, question["id"], opt)), opt) for opt in order]
                self.choices[i].value = saved if saved in question["options"] else None
            self._show_feedback(i, question, self.choices[i].value)

    def refresh(self) -> None:
        self.relabel()

    def _show_feedback(self, i: int, question: dict, option) -> None:
        if option is None:
            self.feedback[i].clear()
            return
        why = t(key(self.notebook, question["id"], option, "why"))
        if option == question["answer"]:
            self.feedback[i].ok(why)
        else:
            hint = t("selfcheck.hint", hint=t(key(self.notebook, question["id"], "hint")))
            not_yet(self.feedback[i], f"{t('selfcheck.not_yet', why=why)} {hint}")

    def _answer(self, question: dict, option) -> None:
        i = self.questions.index(question)
        self._show_feedback(i, question, option)
        if self.session is not None and option is not None:
            self.session.workbook.answers[self._answer_id(question)] = option
            self.changed()

    @property
    def right(self) -> int:
        return sum(choice.value == question["answer"] for choice, question in zip(self.choices, self.questions))

    @property
    def answered(self) -> int:
        return sum(choice.value is not None for choice in self.choices)

    def __repr__(self) -> str:
        return f"<SelfCheck {self.notebook}: {len(self.questions)} questions, {self.answered} answered>"

    def describe(self) -> str:
        return t("selfcheck.describe", count=len(self.questions))
