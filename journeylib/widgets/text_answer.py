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


class TextAnswer(JourneyWidget):
    """``TextAnswer(session, "authentic")``: a text box whose content is kept in the workbook."""

    def __init__(self, session, key: str):
        if not _KEY.match(key):
            raise ValueError(f"answer key must be a short code of lower-case letters, digits, - or _: {key!r}")
        super().__init__(session)
        self.key = f"text-{key}"
        # continuous_update: the counter follows the typing; saving waits for a pause in it
        # (the session's debounced autosave)
        self.box = W.Textarea(value=session.workbook.answers.get(self.key, ""), continuous_update=True,
                              layout=full(height="8em"))
        self.box.observe(self._on_text, names="value")
        self.count = W.HTML()
        self.box_message = FieldMessage()
        self.children = [self.box, W.HBox([self.count, self.box_message]), self.message]
        self.relabel()

    def __repr__(self) -> str:
        return f"<TextAnswer {self.key}: {len(self.box.value.split())} words>"

    def describe(self) -> str:
        return t("text_answer.describe", limit=LIMITS["long_text"])

    def relabel(self) -> None:
        self.box.placeholder = t("text_answer.placeholder")
        self.count.value = t("text_answer.count", chars=len(self.box.value), limit=LIMITS["long_text"])

    def refresh(self) -> None:
        value = self.session.workbook.answers.get(self.key, "")
        if self.box.value != value:
            self.box.value = value

    def _on_text(self, change) -> None:
        text = change["new"]
        self.count.value = t("text_answer.count", chars=len(text), limit=LIMITS["long_text"])
        if len(text) > LIMITS["long_text"]:
            self.box_message.error(ValidationError("validation.too_long_text", field=t("text_answer.field"),
                                                   value=len(text), limit=LIMITS["long_text"]))
            return
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

            self.box_message.error(translate(exc) if isinstance(exc, PydanticError) else
                                   JourneyError("validation.other", field="answers", detail=str(exc)))
            return
        self.box_message.clear()
        self.changed()
