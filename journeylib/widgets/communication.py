"""Communication: name the slices of the 7 / 38 / 55 pie.

* :class:`CommunicationPie` asks the learner to name the three slices of the "pie" from
  the source text (words, tone of voice, facial expression): the assignment ``"pie"`` of
  :mod:`journeylib.assignments`. The names are kept in ``workbook.answers`` (the
  assignment's keys ``pie-a``, ``pie-b``, ``pie-c``). The fields name the slices by letter
  only: their shares come with the answer. "Show the answer" works once the learner has
  named a slice, and reveals the titles together with Mehrabian's own caveat (Silent
  Messages, 1971: the numbers are about feelings and attitudes, mainly when words and
  non-verbal signals disagree, and do not apply to communication in general). Whether the answer is shown is
  kept in ``workbook.progress["pie-revealed"]``.

The questions about the pie, the hospitality model and authenticity are self-checks
(:class:`journeylib.widgets.selfcheck.SelfCheck`, ``Quiz("pie", session=session)``).
"""
from __future__ import annotations

import ipywidgets as W
import matplotlib  # noqa: F401  (the pie chart draws with it; load it with the widget)

from .. import assignments
from ..charts import style
from ..charts.pie import SLICES, describe_communication_pie, plot_communication_pie
from ..errors import JourneyError
from ..i18n import t
from ..model import LIMITS, assign
from .base import WIDE, JourneyWidget, beside, chart_area, esc, fit, full, one_line, show_figure, up_to

__all__ = ["CommunicationPie", "PIE_IDS", "PIE_REVEALED"]

#: workbook.answers ids of the three slices, by letter (the "pie" assignment's keys)
PIE_IDS = {letter: key for (_, _, letter), key in zip(SLICES, assignments.get("pie").keys)}
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
        for _, _, letter in SLICES:
            box = self.fields[letter]
            box.description = t("pie.slice", letter=letter)  # no share: it would give the answer away
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
            f"<p style='margin:0.2em 0'>{esc(t('pie.face_note'))}</p>"
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
        # try first: the answer comes after a name of your own; in the lecture view the room
        # answers aloud and the instructor reveals
        if show and not any(self.labels) and not style.is_lecture():
            self.message.error(t("pie.name_first"))
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
