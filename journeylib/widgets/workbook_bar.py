"""The workbook bar shown in every notebook: file, saved when, Download, Upload, language."""
from __future__ import annotations

import base64

import ipywidgets as W

from .. import i18n
from ..i18n import t
from .base import FieldMessage, JourneyWidget, esc


class WorkbookBar(JourneyWidget):
    """Which workbook, when it was saved; Download and Upload (Binder sessions end without
    warning); restore the backup; switch the language of the course (nl/en)."""

    def __init__(self, session):
        super().__init__(session)
        self.file_label = W.HTML()
        self.download = W.HTML()
        self.upload = W.FileUpload(accept=".json", multiple=False, layout=W.Layout(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        self.restore = W.Button(icon="history", layout=W.Layout(width="auto"))
        self.restore.on_click(lambda _: self.guard(self.message, self._restore))
        self.language = W.ToggleButtons(options=[("NL", "nl"), ("EN", "en")], value=i18n.get_language(),
                                        style={"button_width": "3.5em"})
        self.language.observe(self._on_language, names="value")
        self.notice = FieldMessage()
        self.children = [
            W.HBox([self.file_label, self.download, self.upload, self.restore, self.language],
                   layout=W.Layout(align_items="center", flex_flow="row wrap", grid_gap="0.6em")),
            self.notice,
            self.message,
        ]
        self.relabel()
        self.refresh()

    # -- display
    def __repr__(self) -> str:
        return f"<WorkbookBar: {self.session.path.name}, {self.session.status}>"

    def describe(self) -> str:
        return t("bar.describe", file=self.session.path.name)

    def relabel(self) -> None:
        self.upload.description = t("bar.upload")
        self.upload.tooltip = t("bar.upload_help")
        self.restore.description = t("bar.restore")
        self.restore.tooltip = t("bar.restore_help")
        self.language.tooltips = [t("bar.lang_nl"), t("bar.lang_en")]
        if self.language.value != i18n.get_language():
            self.language.value = i18n.get_language()
        self._show_status()
        self._show_download()

    def refresh(self) -> None:
        self._show_status()
        self._show_download()
        if self.session.notice is not None:
            self.notice.error(self.session.notice)
        else:
            self.notice.clear()

    def _show_status(self) -> None:
        s = self.session
        when = t("store.saved", time=s.saved_at.strftime("%H:%M:%S")) if s.saved_at else t("store.not_saved")
        self.file_label.value = (f"<b>{esc(t('bar.workbook'))}</b> <code>{esc(s.path.name)}</code> "
                                 f"<span title='{esc(str(s.path))}'>· {esc(when)}</span>")

    def _show_download(self) -> None:
        data = base64.b64encode(self.session.export_bytes()).decode("ascii")
        self.download.value = (
            f'<a download="{esc(self.session.path.name)}" href="data:application/json;base64,{data}" '
            f'title="{esc(t("bar.download_help"))}" class="jp-Button" style="padding:0.3em 0.8em">'
            f'⬇ {esc(t("bar.download"))}</a>')

    def _on_session_event(self, event: str, session) -> None:
        super()._on_session_event(event, session)
        if event == "saved":
            self._show_status()
            self._show_download()
        elif event == "replaced":
            self.refresh()

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
            from ..errors import JourneyError

            self.message.error(exc if isinstance(exc, JourneyError) else t("bar.upload_failed", detail=str(exc)))
        else:
            self.message.ok(t("bar.uploaded", file=name))
        finally:
            self.upload.value = ()

    def _restore(self) -> None:
        self.session.restore_backup()
        self.message.ok(t("bar.restored"))

    def _on_language(self, change) -> None:
        if change["new"] != i18n.get_language():
            i18n.set_language(change["new"])
