"""A free-text answer to an assignment (e.g. "what does 'authentic' mean to you?"), saved in
the workbook under ``answers["text-<key>"]``."""
from __future__ import annotations

import re

import ipywidgets as W

from ..errors import JourneyError, ValidationError
from ..i18n import t
from ..model import LIMITS
from .base import FieldMessage, JourneyWidget, full

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,33}$")


def _too_long(text: str) -> JourneyError | None:
    if len(text) > LIMITS["long_text"]:
        return ValidationError("validation.too_long_text", field=t("text_answer.field"), value=len(text),
                               limit=LIMITS["long_text"])
    return None


class TextAnswer(JourneyWidget):
    """``TextAnswer(session, "authentic")``: a text box whose content is kept in the workbook."""

    def __init__(self, session, key: str):
        if not _KEY.match(key):
            raise ValueError(f"answer key must be a short code of lower-case letters, digits, - or _: {key!r}")
        super().__init__(session)
        self.key = f"text-{key}"
        # continuous_update: the counter follows the typing; saving waits for a pause in it
        # (the session's debounced autosave)
        self.box = W.Textarea(value=self._stored(), continuous_update=True, layout=full(height="8em"))
        self.count = W.HTML()
        self.box.observe(lambda _: self._show_count(), names="value")  # also when refresh() sets it
        self.answer_field = self.bind(self.box, get=self._stored, put=self._put, check=_too_long, label=None,
                                      after=lambda _old, _new: self.changed())
        self.box_message = self.answer_field.message
        self.children = [self.box, W.HBox([self.count, self.box_message]), self.message]
        self.relabel()

    def _stored(self) -> str:
        return self.session.workbook.answers.get(self.key, "")

    def __repr__(self) -> str:
        return f"<TextAnswer {self.key}: {len(self.box.value.split())} words>"

    def describe(self) -> str:
        return t("text_answer.describe", limit=LIMITS["long_text"])

    def relabel(self) -> None:
        self.box.placeholder = t("text_answer.placeholder")
        self._show_count()

    def refresh(self) -> None:
        self.answer_field.show()

    def _show_count(self) -> None:
        self.count.value = t("text_answer.count", chars=len(self.box.value), limit=LIMITS["long_text"])

    def _put(self, text: str) -> None:
        answers = dict(self.session.workbook.answers)
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
