"""A free-text answer to an assignment of the registry (:mod:`journeylib.assignments`), e.g.
``TextAnswer(session, "authentic")``: "what does 'authentic' mean to you?".

The answer is saved in the workbook under ``answers[<assignment id>]``. Workbooks from before
the registry kept it under ``answers["text-<id>"]``: the widget shows that text, and its
first save moves it to the assignment's id, so no learner's text is lost. Once the learner's
answer is saved (the session's "saved" event), the widget shows what a good answer contains
(the assignment's ``good`` text); before that it only says that this will come.
"""
from __future__ import annotations

import ipywidgets as W

from .. import assignments
from ..errors import JourneyError, ValidationError
from ..i18n import t
from ..model import LIMITS
from .base import JourneyWidget, esc, full


def _too_long(text: str) -> JourneyError | None:
    if len(text) > LIMITS["long_text"]:
        return ValidationError("validation.too_long_text", field=t("text_answer.field"), value=len(text),
                               limit=LIMITS["long_text"])
    return None


def _text_assignment(key: str) -> assignments.Assignment:
    texts = [a.id for a in assignments.ASSIGNMENTS if a.kind == "text"]
    if key not in texts:
        raise ValueError(f"TextAnswer needs the id of a text assignment in journeylib.assignments "
                         f"({', '.join(texts)}), not {key!r}")
    return assignments.get(key)


class TextAnswer(JourneyWidget):
    """``TextAnswer(session, "authentic")``: a text box whose content is kept in the workbook."""

    def __init__(self, session, key: str):
        assignment = _text_assignment(key)  # a bad key fails before any view is made
        super().__init__(session)
        self.assignment = assignment
        self.key = self.assignment.id
        self.title = W.HTML()
        # continuous_update: the counter follows the typing; saving waits for a pause in it
        # (the session's debounced autosave)
        self.box = W.Textarea(value=self._stored(), continuous_update=True, layout=full(height="8em"))
        self.count = W.HTML()
        self.guide = W.HTML(layout=full())
        self.box.observe(lambda _: self._show_count(), names="value")  # also when refresh() sets it
        self.answer_field = self.bind(self.box, get=self._stored, put=self._put, check=_too_long, label=None,
                                      after=lambda _old, _new: self.changed())
        self.box_message = self.answer_field.message
        self.children = [self.title, self.box, W.HBox([self.count, self.box_message]), self.message, self.guide]
        self.relabel()

    def _stored(self) -> str:
        return assignments.text_answer(self.assignment, self.session.workbook)

    @property
    def saved(self) -> bool:
        """Whether the workbook holds an answer (then the widget shows what a good one contains)."""
        return bool(self._stored().strip())

    def __repr__(self) -> str:
        return f"<TextAnswer {self.key}: {len(self.box.value.split())} words>"

    def describe(self) -> str:
        return t("text_answer.describe", limit=LIMITS["long_text"])

    def relabel(self) -> None:
        self.title.value = f"<b style='font-size:1.05em'>{esc(t(self.assignment.title))}</b>"
        self.box.placeholder = t("text_answer.placeholder")
        self._show_count()
        self._show_guide()

    def refresh(self) -> None:
        self.answer_field.show()
        self._show_guide()

    def _show_count(self) -> None:
        self.count.value = t("text_answer.count", chars=len(self.box.value), limit=LIMITS["long_text"])

    def _show_guide(self) -> None:
        if not self.saved:
            self.guide.value = (f"<p style='color:#37474F;font-style:italic;margin:0.2em 0'>"
                                f"{esc(t('text_answer.good_later'))}</p>")
            return
        self.guide.value = (
            "<div role='region' aria-live='polite' style='border-left:5px solid #0072B2;padding:0.3em 0.9em;"
            "background:#F2F7FB;max-width:60em;margin-top:0.3em'>"
            f"<h4 style='margin:0.2em 0'>{esc(t('text_answer.good_heading'))}</h4>"
            f"<p style='margin:0.2em 0'>{esc(t(self.assignment.good))}</p></div>")

    def _on_session_event(self, event: str, session) -> None:
        super()._on_session_event(event, session)
        if event == "saved":  # not per keystroke: typing sends only the counter to the page
            self._show_guide()

    def _put(self, text: str) -> None:
        answers = {k: v for k, v in self.session.workbook.answers.items() if k not in self.assignment.legacy}
        if text.strip():
            answers[self.key] = text
        else:
            answers.pop(self.key, None)
        try:
            self.session.workbook.answers = answers  # validated on assignment
        except Exception as exc:  # pydantic error: translated like every other field
            from pydantic import ValidationError as PydanticError

            from ..model import translate

            raise (translate(exc) if isinstance(exc, PydanticError) else
                   JourneyError("validation.other", field="answers", detail=str(exc))) from None
