"""The workbook bar shown in every notebook: file, what it holds, saved when, Download,
Upload, earlier versions, language, and a copy of the workbook in the learner's browser."""
from __future__ import annotations

import base64

import ipywidgets as W

from .. import i18n
from ..errors import JourneyError
from ..i18n import t
from .base import WIDE, FieldMessage, JourneyWidget, esc, fit, row, stack, up_to
from .browser_copy import (BrowserCopy, Copy, aware, copy_id, digest, is_empty, pick, restored_bytes, should_offer,
                           when_text)
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
    notebooks is said here in one line.

    The copy in the browser (:mod:`.browser_copy`; on by default only on Binder): it follows
    every save, this notebook's and another's. When the browser holds a copy and the session
    has no work yet, or older work, the bar offers to restore it in one click, through the
    session's upload path (:meth:`~journeylib.store.WorkbookSession.import_bytes`). While the
    offer is open the copy is left as it is (a new session's first edit must not wipe the
    work it offers); "No, continue with this workbook" lets it follow again."""

    def __init__(self, session, *, environ=None):
        self._environ = environ  # where to look for Binder (tests); None: os.environ
        self._raw: bytes | None = None  # the workbook's bytes as last saved or taken in
        self._pushed: str | None = None  # the digest last sent to the browser
        self._offered: Copy | None = None  # the copy the bar offers to restore
        self._asked: Copy | None = None  # the copy fetched for a restore
        self._declined: set[str] = set()
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
        # the copy in this browser: the switch, its state, remove; the offer to restore
        self.browser = BrowserCopy(environ=self._environ)
        self.keep_copy = W.Checkbox(value=self.browser.enabled, indent=False, layout=fit())
        self.copy_state = W.HTML()
        self.forget = W.Button(icon="trash", layout=fit())
        # dark teal under white text: 6.6:1 (ipywidgets' "info" blue is below 4.5:1)
        self.offer = W.Button(icon="upload", layout=fit(), style={"button_color": "#00695C", "text_color": "white"})
        self.decline = W.Button(layout=fit())
        self.offer_note = W.HTML()

    def _layout(self) -> list:
        self.confirm_box = row([self.question, self.confirm, self.keep], display="none")
        self.history_box = stack([row([self.versions, self.pick, self.cancel]), self.confirm_box], display="none")
        self.offer_box = stack([row([self.offer, self.decline]), self.offer_note], display="none")
        self.browser_box = row([self.keep_copy, self.copy_state, self.forget], display="none")
        return [row([self.file_label, self.download, self.upload, self.restore, self.language]),
                self.counts, self.offer_box, self.browser_box, self.history_box, self.notice, self.message,
                self.browser]

    def _wire(self) -> None:
        self.upload.observe(self._on_upload, names="value")
        self.language.observe(self._on_language, names="value")
        for button, action in ((self.restore, self._open_history), (self.pick, self._ask),
                               (self.cancel, self._close_history), (self.confirm, self._restore),
                               (self.keep, self._unask), (self.offer, self._ask_copy),
                               (self.decline, self._decline), (self.forget, self._forget)):
            button.on_click(lambda _, action=action: action())
        self.on_change(self.keep_copy, self._on_keep)
        self.browser.listen(self._on_browser)

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
        self.label_controls("browser_copy", ("keep_copy", "forget", "decline"))
        self._show_offer()
        self._show_copy_state()
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
        self._raw = self.session.export_bytes()
        data = base64.b64encode(self._raw).decode("ascii")
        self.download.value = (
            f'<a download="{esc(self.session.download_name())}" href="data:application/json;base64,{data}" '
            f'title="{esc(t("bar.download_help"))}" class="jp-Button" style="padding:0.3em 0.8em">'
            f'⬇ {esc(t("bar.download"))}</a>')

    def _on_session_event(self, event: str, session) -> None:
        super()._on_session_event(event, session)
        if event == "saved":
            self._show_status()
            self._show_download()
        if event in ("saved", "external"):  # (after "replaced" comes "saved")
            self._follow()
        if event == "external":
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

    # -- the copy in this browser
    def _on_browser(self, kind: str, content: dict, data: bytes | None) -> None:
        """A reply of the browser (see :class:`~.browser_copy.BrowserCopy`)."""
        if kind == "hello":
            self._hello()
        elif kind == "stored" and not content.get("ok") and content.get("error") != "off":
            self._pushed = None  # tried again at the next save
            detail = t("browser_copy.quota") if content.get("error") == "quota" else str(content.get("error"))
            self.message.error(t("browser_copy.store_failed", detail=detail))
        elif kind == "copy":
            self._restore_copy(content, data)
        elif kind == "removed":
            if content.get("ok"):
                self._pushed = None
                self._offered = None
                self._show_offer()
                self.message.ok(t("browser_copy.removed"))
            else:
                self.message.error(t("browser_copy.remove_failed", detail=str(content.get("error"))))
        self._show_copy_state()

    def _key(self) -> str:
        return copy_id(self.browser.course, self.session.path.name, self.session.workbook.learner)

    def _hello(self) -> None:
        """The browser is there: show the switch as it remembers it, offer its copy when the
        session has no work yet or older work, else let the copy follow this workbook."""
        browser, session = self.browser, self.session
        self.browser_box.layout.display = "flex" if browser.available else "none"
        with self.quietly():
            self.keep_copy.value = browser.enabled
        mine = [c for c in browser.copies if c.id == self._key()]
        self._pushed = mine[0].digest if mine else None
        copy = pick(browser.copies, course=browser.course, file=session.path.name, learner=session.workbook.learner)
        current = digest(self._raw) if self._raw is not None else ""
        if copy is not None and copy.digest not in self._declined and session.status == "ok" and \
                should_offer(copy, current=current, saved_at=session.saved_at, empty=is_empty(session.workbook)):
            self._offered = copy
        else:
            self._offered = None
        self._show_offer()
        self._follow()

    def _follow(self) -> None:
        """Send the workbook as saved to the browser, when the switch is on and no offer is open."""
        browser, session, raw = self.browser, self.session, self._raw
        if raw is None or not browser.ready:
            return
        current = digest(raw)
        if self._offered is not None and self._offered.digest == current:  # restored (here or elsewhere)
            self._offered = None
            self._show_offer()
        if (not (browser.available and browser.enabled) or self._offered is not None or session.status != "ok"
                or session.saved_at is None or current == self._pushed):
            return
        copy = Copy(id=self._key(), course=browser.course, file=session.path.name,
                    learner=session.workbook.learner, saved_at=aware(session.saved_at), size=len(raw), digest=current)
        browser.store(copy, raw)
        self._pushed = current

    def _show_offer(self) -> None:
        copy = self._offered
        if copy is None:
            self.offer_box.layout.display = "none"
            return
        when = when_text(copy.saved_at, self.browser.offset)
        self.offer.description = t("browser_copy.offer", when=when)
        self.offer.tooltip = t("browser_copy.offer_help")
        whose = f"{t('browser_copy.offer_learner', learner=copy.learner)} " if copy.learner else ""
        self.offer_note.value = f'<span style="color:#37474F">{esc(whose + t("browser_copy.offer_note"))}</span>'
        self.offer_box.layout.display = "flex"

    def _show_copy_state(self) -> None:
        mine = [c for c in self.browser.copies if c.id == self._key()] if self.browser.enabled else []
        text = t("browser_copy.state", when=when_text(mine[0].saved_at, self.browser.offset)) if mine else ""
        self.copy_state.value = f'<span style="color:#444">{esc(text)}</span>' if text else ""

    def _ask_copy(self) -> None:
        """Restore: fetch the copy's bytes from the browser (the reply restores them)."""
        if self._offered is None:
            return
        self._asked = self._offered
        self.browser.fetch(self._asked)

    def _restore_copy(self, content: dict, data: bytes | None) -> None:
        """The copy's bytes arrived: put them in place through the upload path (validated,
        under the lock, the version it replaces kept in the history), or say why not."""
        copy = self._asked
        if copy is None or content.get("id") != copy.id:
            return
        self._asked = None
        try:
            raw = restored_bytes(copy, content, data)
            self.session.import_bytes(raw, t("browser_copy.source"))
        except JourneyError as exc:
            self.message.error(exc)
            return
        self._offered = None  # also when the workbook, once validated, differs from the copy's bytes
        self._show_offer()
        self._follow()
        self.message.ok(t("browser_copy.restored", when=when_text(copy.saved_at, self.browser.offset)))

    def _decline(self) -> None:
        """Continue with this workbook: the copy follows it from now on."""
        if self._offered is not None:
            self._declined.add(self._offered.digest)
        self._offered = None
        self._show_offer()
        self.message.ok(t("browser_copy.declined"))
        self._follow()

    def _on_keep(self, change) -> None:
        self.browser.switch(change["new"])
        if change["new"]:
            self._pushed = None
            self.message.ok(t("browser_copy.on"))
            self._follow()
        # off: the browser removes the copies and says "removed"

    def _forget(self) -> None:
        """Remove the copies of this course from the browser and switch off."""
        with self.quietly():
            self.keep_copy.value = False
        self.browser.switch(False)
