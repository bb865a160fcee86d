"""The workbook bar shown in every notebook: file, what it holds, saved when, Download,
Upload, earlier versions, language."""
from __future__ import annotations

import base64

import ipywidgets as W

from .. import i18n
from ..errors import JourneyError
from ..i18n import t
from .base import WIDE, FieldMessage, JourneyWidget, esc, fit, row, stack, up_to
from .upload import UploadButton

#: How the parts of a conflict's path read for a learner (the first part is enough).
_PARTS = ("brand", "journeys", "service_ratings", "channels", "brand_fit", "reflections", "answers", "advice",
          "learner", "progress")


class WorkbookBar(JourneyWidget):
    """Which workbook, what it holds and when it was saved; Download and Upload (Binder
    sessions end without warning); restore an earlier version from the history (with a
    confirmation that stays until answered); switch the language of the course (nl/en).

    Every notebook has its own bar over its own session: when another notebook saves, the
    counts and the time follow (the session's "external" event), and a conflict between two
    notebooks is said here in one line."""

    def __init__(self, session):
        super().__init__(session)
        self.build()
        self.relabel()  # also the status and the download link
        self._show_notice()

    def _build_controls(self) -> None:
        self.file_label = W.HTML()
        self.counts = W.HTML()
        self.download = W.HTML()
        self.upload = UploadButton(accept=".json", multiple=False)
        self.restore = W.Button(icon="history", layout=fit())
        self.language = W.ToggleButtons(options=[("NL", "nl"), ("EN", "en")], value=i18n.get_language(),
                                        style={"button_width": "3.5em"})
        # earlier versions: a list, then a confirmation that stays until answered
        self.versions = W.Dropdown(options=[], layout=up_to("34em"))
        self.pick = W.Button(icon="undo", layout=fit())
        self.cancel = W.Button(layout=fit())
        self.question = W.HTML()
        self.confirm = W.Button(icon="check", button_style="warning", layout=fit())
        self.keep = W.Button(layout=fit())
        self.notice = FieldMessage()

    def _layout(self) -> list:
        self.confirm_box = row([self.question, self.confirm, self.keep], display="none")
        self.history_box = stack([row([self.versions, self.pick, self.cancel]), self.confirm_box], display="none")
        return [row([self.file_label, self.download, self.upload, self.restore, self.language]),
                self.counts, self.history_box, self.notice, self.message]

    def _wire(self) -> None:
        self.upload.observe(self._on_upload, names="value")
        self.language.observe(self._on_language, names="value")
        for button, action in ((self.restore, self._open_history), (self.pick, self._ask),
                               (self.cancel, self._close_history), (self.confirm, self._restore),
                               (self.keep, self._unask)):
            button.on_click(lambda _, action=action: action())

    # -- display
    def __repr__(self) -> str:
        return f"<WorkbookBar: {self.session.path.name}, {self.session.status}>"

    def describe(self) -> str:
        return t("bar.describe", file=self.session.path.name)

    def relabel(self) -> None:
        self.label_controls("bar", ("upload", "restore"))
        self.pick.description = t("bar.history_pick")
        self.cancel.description = t("bar.history_close")
        self.confirm.description = t("bar.history_confirm")
        self.keep.description = t("bar.history_keep")
        self.versions.description = t("bar.history_label")
        self.versions.style = WIDE
        self.language.tooltips = [t("bar.lang_nl"), t("bar.lang_en")]
        if self.language.value != i18n.get_language():
            self.language.value = i18n.get_language()
        if self.history_box.layout.display != "none":
            self._fill_versions()
        self._show_status()
        self._show_download()

    def refresh(self) -> None:
        self._show_status()
        self._show_download()
        self._show_notice()

    def _show_notice(self) -> None:
        if self.session.notice is not None:
            self.notice.error(self.session.notice)
        else:
            self.notice.clear()

    def _show_status(self) -> None:
        s = self.session
        when = t("store.saved", time=s.saved_at.strftime("%H:%M:%S")) if s.saved_at else t("store.not_saved")
        self.file_label.value = (f"<b>{esc(t('bar.workbook'))}</b> <code>{esc(s.path.name)}</code> "
                                 f"<span title='{esc(str(s.path))}'>· {esc(when)}</span>")
        wb = s.workbook
        touchpoints = sum(len(j.touchpoints) for j in wb.journeys)
        self.counts.value = (f'<span class="jl-bar-counts" style="color:#444">'
                             f'{esc(t("bar.counts", journeys=len(wb.journeys), touchpoints=touchpoints, answers=len(wb.answers)))}'
                             f"</span>")

    def _show_download(self) -> None:
        data = base64.b64encode(self.session.export_bytes()).decode("ascii")
        self.download.value = (
            f'<a download="{esc(self.session.download_name())}" href="data:application/json;base64,{data}" '
            f'title="{esc(t("bar.download_help"))}" class="jp-Button" style="padding:0.3em 0.8em">'
            f'⬇ {esc(t("bar.download"))}</a>')

    def _on_session_event(self, event: str, session) -> None:
        super()._on_session_event(event, session)
        if event == "saved":
            self._show_status()
            self._show_download()
        elif event == "external":
            self.message.ok(t("store.external", time=session.saved_at.strftime("%H:%M:%S")
                              if session.saved_at else ""))
        elif event == "conflict" and session.conflicts:
            self.message.error(t("store.conflict", where=self._part_label(session.conflicts[0].where)))

    # -- actions
    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name, content = item["name"], bytes(item["content"])
        try:
            self.session.import_bytes(content, name)
        except Exception as exc:  # JourneyError: shown next to the field; nothing changed
            self.message.error(exc if isinstance(exc, JourneyError) else t("bar.upload_failed", detail=str(exc)))
        else:
            self.message.ok(t("bar.uploaded", file=name))
        finally:
            self.upload.value = ()

    def _fill_versions(self) -> None:
        entries = self.session.history.entries()
        options = []
        for entry in entries:
            changed = ", ".join(dict.fromkeys(self._part_label(p) for p in entry.get("changed", [])))
            options.append((t("bar.history_entry", time=entry["saved_at"].strftime("%d-%m %H:%M:%S"),
                              changed=changed or "—"), entry["file"]))
        self.versions.options = options
        self.versions.value = options[0][1] if options else None
        self.pick.disabled = not options
        if not options:
            self.message.ok(t("bar.history_empty"))

    @staticmethod
    def _part_label(path: str) -> str:
        """The part of the workbook a dotted path lies in, in the learner's words."""
        part = path.split(".", 1)[0]
        return t(f"bar.part.{part}") if part in _PARTS else part

    def _open_history(self) -> None:
        self.session.flush()
        self._fill_versions()
        self.history_box.layout.display = "flex"

    def _close_history(self) -> None:
        self._unask()
        self.history_box.layout.display = "none"

    def _ask(self) -> None:
        if self.versions.value is None:
            return
        version = self.versions.label.split(" (", 1)[0]
        self.question.value = (f'<span role="alert"><b>{esc(t("bar.history_question", version=version))}'
                               f"</b></span>")
        self.confirm_box.layout.display = "flex"

    def _unask(self) -> None:
        self.confirm_box.layout.display = "none"
        self.question.value = ""

    def _restore(self) -> None:
        """Restore the chosen version; the confirmation (or the error) stays in the message."""
        label = self.versions.label.split(" (", 1)[0]  # the time, without what changed after it
        if self.guard(self.message, self.session.restore_version, self.versions.value) is not None:
            self._close_history()
            self.message.ok(t("bar.restored", version=label))

    def _on_language(self, change) -> None:
        if change["new"] != i18n.get_language():
            i18n.set_language(change["new"])
