"""The advice: the course's final assignment, and the learner's report to download."""
from __future__ import annotations

import base64

import ipywidgets as W

from ..i18n import t
from ..model import LIMITS
from .base import FieldMessage, JourneyWidget, attribute, esc, fit, full, row

SECTIONS = ("situation", "findings", "advice", "steps")
_MIME = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class AdviceEditor(JourneyWidget):
    """``AdviceEditor(session)``: write the advice for a (future) employer, with a suggested
    outline; it is saved in the workbook (``workbook.advice``). Under it, the learner's whole
    report (brand, journey, moments of truth, ..., the advice) can be made and downloaded as
    one HTML file, as a PDF or as a Word document the learner can still edit."""

    def __init__(self, session):
        super().__init__(session)
        self.outline = W.HTML()
        self.template = W.Button(icon="list", layout=fit())
        self.template.on_click(lambda _: self._insert_outline())
        # continuous_update: every keystroke reaches the kernel, so the counter follows the
        # typing; the workbook is still saved once the typing pauses (the session's debounced
        # autosave), and nothing is redrawn per keystroke (the counter is one line of text)
        self.text = W.Textarea(value=session.workbook.advice, continuous_update=True,
                               layout=full(height="22em"))
        get, put = attribute(lambda: self.session.workbook, "advice")
        self.advice_field = self.bind(self.text, get=get, put=put, label=None, after=lambda _old, _new: self._edited())
        self.text_message = self.advice_field.message
        self.count = W.HTML()
        self.make_html = W.Button(icon="file-code-o", layout=fit())
        self.make_pdf = W.Button(icon="file-pdf-o", layout=fit())
        self.make_docx = W.Button(icon="file-word-o", layout=fit())
        self.make_html.on_click(lambda _: self._offer("html"))
        self.make_pdf.on_click(lambda _: self._offer("pdf"))
        self.make_docx.on_click(lambda _: self._offer("docx"))
        self.link = W.HTML()
        self.report_message = FieldMessage()
        self.children = [self.outline, self.template, self.text, W.HBox([self.count, self.text_message]),
                         row([self.make_html, self.make_pdf, self.make_docx, self.link], gap=None),
                         self.report_message, self.message]
        self.relabel()

    # -- display
    def __repr__(self) -> str:
        words = len(self.session.workbook.advice.split())
        return f"<AdviceEditor: {words} words>"

    def describe(self) -> str:
        words = len(self.session.workbook.advice.split())
        return t("advice.describe", words=words, limit=LIMITS["advice_text"])

    def relabel(self) -> None:
        items = "".join(f"<li><b>{esc(t(f'advice.section.{s}'))}</b>: {esc(t(f'advice.section.{s}.help'))}</li>"
                        for s in SECTIONS)
        self.outline.value = f"<p>{esc(t('advice.intro'))}</p><ol>{items}</ol>"
        self.template.description = t("advice.template")
        self.template.tooltip = t("advice.template_help")
        self.text.description = ""
        self.text.placeholder = t("advice.placeholder")
        self.make_html.description = t("advice.report_html")
        self.make_html.tooltip = t("advice.report_help")
        self.make_pdf.description = t("advice.report_pdf")
        self.make_pdf.tooltip = t("advice.report_help")
        self.make_docx.description = t("advice.report_docx")
        self.make_docx.tooltip = t("advice.report_docx_help")
        self._show_count()

    def refresh(self) -> None:
        self.advice_field.show()
        self.link.value = ""
        self._show_count()

    def _show_count(self) -> None:
        text = self.session.workbook.advice
        self.count.value = esc(t("advice.count", words=len(text.split()), chars=len(text),
                                 limit=LIMITS["advice_text"]))

    # -- actions
    def _edited(self) -> None:
        self.link.value = ""  # a report made before this edit is out of date
        self._show_count()
        self.changed()

    def _insert_outline(self) -> None:
        outline = "\n\n".join(f"## {t(f'advice.section.{s}')}\n" for s in SECTIONS)
        self.text.value = (self.text.value.rstrip() + "\n\n" + outline).strip() + "\n"

    def _offer(self, kind: str) -> None:
        """Make the report; say so once it is ready (guard clears the message after the action)."""
        filename = self.guard(self.report_message, self._report, kind)
        if filename:
            self.report_message.ok(t("advice.report_ready", file=filename))

    def _report(self, kind: str) -> str:
        from .. import reports

        self.session.flush()
        workbook = self.session.workbook
        name = self.session.path.name.removesuffix(".workbook.json") or "report"
        if kind == "html":
            data = reports.render_html(workbook).encode("utf-8")
            mime, filename = "text/html", f"{name}.html"
        else:
            import tempfile
            from pathlib import Path

            render = reports.render_pdf if kind == "pdf" else reports.render_docx
            with tempfile.TemporaryDirectory() as tmp:
                out = render(workbook, Path(tmp) / f"{name}.{kind}")
                data = Path(out).read_bytes()
            mime, filename = _MIME[kind], f"{name}.{kind}"
        href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        self.link.value = (f'<a download="{esc(filename)}" href="{href}" class="jp-Button" '
                           f'style="padding:0.3em 0.8em">⬇ {esc(t("advice.download", file=filename))}</a>')
        return filename
