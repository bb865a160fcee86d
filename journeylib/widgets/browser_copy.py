"""A copy of the workbook in the learner's browser (see ``static/browser_copy.js``).

A Binder session ends after some idle minutes and takes the work folder with it. The
workbook bar therefore also keeps the saved workbook in the browser's IndexedDB (a workbook
may be up to ``LIMITS["workbook_bytes"]``, 10 MB: more than localStorage's ~5 MB), keyed by
the course, the workbook's file name and its learner. When a new session has no work yet,
or older work than the browser's copy, the bar offers to put the copy back; that goes
through the session's normal save path (:meth:`~journeylib.store.WorkbookSession.import_bytes`).

Privacy: on by default only on Binder (:func:`on_binder`, from the variables BinderHub sets
in the learner's server); elsewhere the learner switches it on. The switch's state is kept in
the browser per course (localStorage, only when it differs from the default); switching off
removes the course's copies. With the switch off nothing is written in the browser.

This module is the transport, an anywidget without a view of its own: messages with the
front-end (the workbook's bytes travel as a binary buffer, never in the widget state, so no
learner's work ends up in a saved notebook), and what the bar decides with them
(:func:`pick`, :func:`should_offer`, :func:`checked_bytes`). The bar shows the controls.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Callable

import anywidget
import ipywidgets as W
import traitlets

from ..errors import FileFormatError, LimitError
from ..i18n import t
from ..model import LIMITS, Workbook
from .guard import _asset

#: The course's name in the browser's storage (with the repository on Binder, see :func:`course_id`).
COURSE = "cx-journey-lab"
#: What BinderHub puts in the environment of every server it launches (its spawner's
#: ``get_env``): any of them set means the kernel runs on Binder.
BINDER_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_PERSISTENT_REQUEST", "BINDER_REF_URL",
                    "BINDER_REPO_URL")
#: The parts of a workbook that are not the learner's work: a workbook with nothing else is "empty".
NOT_WORK = {"learner", "language", "case"}


def on_binder(environ=None) -> bool:
    """True when this kernel runs in a server launched by Binder."""
    environ = os.environ if environ is None else environ
    return any(environ.get(name, "").strip() for name in BINDER_VARIABLES)


def course_id(environ=None) -> str:
    """The course in the browser's storage. Every Binder launch of any repository shares one
    web address (mybinder.org), so on Binder the repository is part of it."""
    environ = os.environ if environ is None else environ
    repo = environ.get("BINDER_REPO_URL", "").strip()
    return f"{COURSE} {repo}" if repo else COURSE


def copy_id(course: str, file: str, learner: str) -> str:
    """The key of one copy in the browser: course, workbook file, learner."""
    return json.dumps([course, file, learner], ensure_ascii=False)


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def is_empty(workbook: Workbook) -> bool:
    """True when the workbook holds no work (a new one: only a name, language or case)."""
    return workbook.model_dump(exclude=NOT_WORK) == _empty()


@lru_cache(maxsize=1)
def _empty() -> dict:
    return Workbook().model_dump(exclude=NOT_WORK)


def aware(when: datetime) -> datetime:
    """``when`` with a time zone (a naive time is the kernel's local time)."""
    return when if when.tzinfo is not None else when.astimezone()


@dataclass(frozen=True)
class Copy:
    """What the browser says about one stored copy (its bytes stay there until fetched)."""

    id: str
    course: str
    file: str
    learner: str
    saved_at: datetime
    size: int
    digest: str

    @classmethod
    def from_json(cls, data) -> "Copy | None":
        """A copy from the front-end's description; None for anything that does not fit."""
        try:
            copy = cls(id=str(data["id"]), course=str(data["course"]), file=str(data["file"]),
                       learner=str(data.get("learner", "")), saved_at=aware(datetime.fromisoformat(data["saved_at"])),
                       size=int(data["size"]), digest=str(data["digest"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return copy

    def to_json(self) -> dict:
        return {"id": self.id, "course": self.course, "file": self.file, "learner": self.learner,
                "saved_at": self.saved_at.isoformat(timespec="seconds"), "size": self.size, "digest": self.digest}


def pick(copies, *, course: str, file: str, learner: str) -> Copy | None:
    """The copy to offer for this workbook: the newest of this course and file, of this
    learner (a new workbook has no learner yet: then the newest of any)."""
    mine = [c for c in copies if c.course == course and c.file == file and (not learner or c.learner == learner)]
    return max(mine, key=lambda c: c.saved_at, default=None)


def should_offer(copy: Copy | None, *, current: str, saved_at: datetime | None, empty: bool) -> bool:
    """Offer ``copy`` when it differs from the workbook (digest ``current``) and the
    workbook is new (``empty``) or older than the copy."""
    if copy is None or copy.digest == current:
        return False
    return empty or saved_at is None or copy.saved_at > aware(saved_at)


def too_large(size: int) -> LimitError:
    limit = LIMITS["workbook_bytes"]
    return LimitError("error.browser_copy_too_large", size=f"{size / 2**20:.1f}", limit=f"{limit / 2**20:.0f}")


def restored_bytes(copy: Copy, content: dict, data: bytes | None) -> bytes:
    """The bytes of ``copy`` as the browser sent them back (``content``: its reply), or the
    error to show: gone, too large (never more than a workbook may be), or damaged (not the
    bytes that were stored)."""
    error = content.get("error")
    if error == "missing":
        raise FileFormatError("error.browser_copy_missing")
    size = content.get("size") if error == "too_large" else len(data) if data is not None else copy.size
    if isinstance(size, int) and size > LIMITS["workbook_bytes"]:
        raise too_large(size)
    if error or data is None or len(data) != copy.size or digest(data) != copy.digest:
        raise FileFormatError("error.browser_copy_damaged")
    return data


def when_text(when: datetime, offset_minutes: int | None = None) -> str:
    """A copy's saved-at time for the learner: in the browser's time zone when it said which."""
    when = aware(when)
    if offset_minutes is not None:
        when = when.astimezone(timezone(timedelta(minutes=offset_minutes)))
    return t("browser_copy.when", day=f"{when.day:02d}", month=f"{when.month:02d}", year=f"{when.year}",
             time=when.strftime("%H:%M"))


class BrowserCopy(anywidget.AnyWidget):
    """The front-end piece that keeps the copies (IndexedDB) and the switch (localStorage).

    ``listen(callback)``: ``callback(kind, content, data)`` for every reply of the browser:
    "hello" (it is there: ``available``, ``enabled``, ``copies``), "stored", "copy" (the
    bytes of a fetched copy in ``data``), "removed". Nothing is sent before "hello".
    """

    _esm = traitlets.Unicode(_asset("browser_copy.js")).tag(sync=True)
    course = traitlets.Unicode(COURSE).tag(sync=True)
    default_on = traitlets.Bool(False).tag(sync=True)
    limit = traitlets.Int(LIMITS["workbook_bytes"]).tag(sync=True)

    def __init__(self, *, environ=None, **kwargs):
        super().__init__(course=course_id(environ), default_on=on_binder(environ),
                         layout=W.Layout(display="none"), **kwargs)
        self.ready = False  # the browser said hello
        self.available = False  # it can store (IndexedDB and localStorage allowed)
        self.enabled = self.default_on
        self.copies: list[Copy] = []
        self.offset: int | None = None  # the browser's time zone, minutes east of UTC
        self._listeners: list[Callable] = []
        self.on_msg(self._on_front)

    def __repr__(self) -> str:
        return f"<BrowserCopy: {'on' if self.enabled else 'off'}, {len(self.copies)} copies>"

    def listen(self, callback: Callable) -> None:
        self._listeners.append(callback)

    # -- to the browser
    def store(self, copy: Copy, raw: bytes) -> None:
        self.send({"kind": "store", "record": copy.to_json()}, buffers=[raw])

    def fetch(self, copy: Copy) -> None:
        self.send({"kind": "fetch", "id": copy.id})

    def remove(self) -> None:
        """Remove every copy of this course from the browser."""
        self.send({"kind": "remove"})

    def switch(self, on: bool) -> None:
        """Remember the switch in the browser; off removes the course's copies there too."""
        self.enabled = bool(on)
        self.send({"kind": "switch", "on": self.enabled})

    # -- from the browser
    def _on_front(self, _widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("kind")
        data = bytes(buffers[0]) if buffers else None
        if kind == "hello":
            self.ready = True
            self.available = bool(content.get("available"))
            self.enabled = bool(content.get("enabled")) and self.available
            self.copies = [c for c in map(Copy.from_json, content.get("copies") or []) if c is not None]
            offset = content.get("offset")
            self.offset = offset if isinstance(offset, int) and abs(offset) <= 24 * 60 else None
        elif kind == "stored" and content.get("ok"):
            copy = Copy.from_json(content.get("record") or {})
            if copy is not None:
                self.copies = [c for c in self.copies if c.id != copy.id] + [copy]
        elif kind == "removed" and content.get("ok"):
            self.copies = []
        elif kind not in ("stored", "copy", "removed"):
            return
        for callback in list(self._listeners):
            callback(kind, content, data)
