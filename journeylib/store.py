"""Workbook files: atomic save, backup, autosave, import/export, schema versions.

Rules (DESIGN.md, "Data and persistence"):

* Saving is atomic: the new text goes to a temporary file in the same folder, is flushed
  and fsync'ed, and replaces the old file with :func:`os.replace`. A crash leaves either
  the old or the new file, never half of one.
* Before the old file is replaced it is kept as ``<file>.bak`` (the previous good version).
* A file that did not load (corrupt, foreign, from a newer course version) is never
  overwritten. :func:`open_workbook` falls back to its backup and keeps the unreadable
  file under another name, or, without a usable backup, refuses to save until the learner
  uploads a workbook or picks another name.
* :class:`WorkbookSession` is the object the widgets share: they change
  ``session.workbook`` and call :meth:`WorkbookSession.changed`; the session saves after a
  short quiet period (debounced), so an edit is on disk within about a second.
"""
from __future__ import annotations

import atexit
import json
import os
import threading
import time
import weakref
from datetime import datetime
from pathlib import Path
from typing import Callable

from .errors import FileFormatError, JourneyError, LimitError, NotOverwrittenError, SchemaVersionError
from .model import LIMITS, SCHEMA_VERSION, WORKBOOK_FORMAT, Workbook, validate
from .textfile import decode_text, read_bytes

SUFFIX = ".workbook.json"
#: Migrations from schema version ``v`` to ``v + 1``: functions on the raw JSON object.
#: Add one here (and raise SCHEMA_VERSION in model.py) whenever the workbook format changes.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


# ----------------------------------------------------------------------------- paths

def backup_path(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".bak")


def existing_backup(path: str | os.PathLike) -> str | None:
    """The backup of ``path`` when there is one (to point to in an error message), else None."""
    bak = backup_path(path)
    return str(bak) if bak.is_file() else None


def default_work_dir() -> Path:
    """Where workbooks go: ``$JOURNEYLIB_WORK``, else ``work/`` in the course folder."""
    env = os.environ.get("JOURNEYLIB_WORK")
    if env:
        return Path(env)
    course = Path(__file__).resolve().parents[1]
    if (course / "notebooks").is_dir():
        return course / "work"
    return Path.cwd() / "work"


def default_workbook_path(name: str = "") -> Path:
    """``work/<name>.workbook.json`` (``$JOURNEYLIB_WORKBOOK`` wins when set)."""
    env = os.environ.get("JOURNEYLIB_WORKBOOK")
    if env and not name:
        return Path(env)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in (name or "mijn")).strip("-") or "mijn"
    return default_work_dir() / f"{safe[:60]}{SUFFIX}"


# ----------------------------------------------------------------------------- parse / dump

def _kind(value) -> str:
    return {list: "list (JSON array)", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "number"
    )


def migrate(data: dict, *, file: str | None = None) -> dict:
    """Bring a raw workbook object up to :data:`SCHEMA_VERSION` (or refuse it)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemaVersionError("error.schema_unknown", file=file, found=repr(version))
    if version > SCHEMA_VERSION:
        raise SchemaVersionError("error.schema_future", file=file, found=version, supported=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data


def parse_workbook(raw: bytes, *, file: str = "workbook", backup: str | None = None) -> Workbook:
    """A :class:`Workbook` from the bytes of a workbook file, or a :class:`JourneyError`
    (pointing to ``backup`` when the file looks damaged and a backup exists)."""
    text = decode_text(raw, file=file, limit=LIMITS["workbook_bytes"], backup=backup)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            "error.json_syntax", file=file, line=exc.lineno, column=exc.colno, detail=exc.msg, backup_hint=backup
        ) from None
    except RecursionError:
        raise FileFormatError("error.json_too_deep", file=file) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise FileFormatError("error.json_value", file=file, detail=str(exc)[:80], backup_hint=backup) from None
    if not isinstance(data, dict):
        raise FileFormatError("error.not_object", file=file, kind=_kind(data))
    if data.get("format") != WORKBOOK_FORMAT:
        raise FileFormatError("error.not_workbook", file=file, format=WORKBOOK_FORMAT)
    return validate(Workbook, migrate(data, file=file), file=file)


def dump_workbook(workbook: Workbook) -> bytes:
    """The file text of a workbook (UTF-8 JSON, stable key order, readable indentation)."""
    text = workbook.model_dump_json(indent=1)
    raw = text.encode("utf-8") + b"\n"
    if len(raw) > LIMITS["workbook_bytes"]:
        raise LimitError(
            "error.file_too_large",
            size=f"{len(raw) / 2**20:.1f}",
            limit=f"{LIMITS['workbook_bytes'] / 2**20:.0f}",
        )
    return raw


def load_workbook(path: str | os.PathLike) -> Workbook:
    """Read and validate a workbook file. Raises :class:`JourneyError` naming what is wrong."""
    raw = read_bytes(path, limit=LIMITS["workbook_bytes"])
    return parse_workbook(raw, file=str(path), backup=existing_backup(path))


# ----------------------------------------------------------------------------- atomic write

def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old or the new file, whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def save_workbook(workbook: Workbook, path: str | os.PathLike, *, _trusted: bytes | None = None) -> bytes:
    """Save atomically, keeping the previous good version as ``<path>.bak``.

    Refuses (:class:`NotOverwrittenError`) when the file on disk is not a workbook that
    loads. Returns the bytes written. ``_trusted`` are bytes this process wrote to ``path``
    before: when the file still holds exactly those, it need not be validated again.
    """
    path = Path(path)
    data = dump_workbook(workbook)
    try:
        current = path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise NotOverwrittenError("error.not_overwritten", file=str(path), detail=exc.strerror) from None
    if current is not None:
        if current == data:
            return data
        if current != _trusted:
            try:
                parse_workbook(current, file=str(path))
            except JourneyError as exc:
                raise NotOverwrittenError(
                    "error.not_overwritten", file=str(path), detail=exc.message()
                ) from None
        atomic_write(backup_path(path), current)
    atomic_write(path, data)
    return data


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
    os.replace(path, target)
    return target


def clean_temporary_files(path: str | os.PathLike, older_than: float = 60.0) -> int:
    """Remove temporary files a crashed save left beside ``path``; returns how many."""
    path = Path(path)
    removed = 0
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}*.tmp-*"):
        try:
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed += 1
        except OSError:
            pass
    return removed


# ----------------------------------------------------------------------------- session

_sessions: "weakref.WeakSet[WorkbookSession]" = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:  # a kernel that shuts down saves what is pending
    for session in list(_sessions):
        try:
            session.flush()
        except Exception:
            pass


class WorkbookSession:
    """One learner's workbook on disk, shared by all widgets of a notebook.

    Attributes: ``path``, ``workbook`` (the live :class:`Workbook`), ``status`` (``"ok"``,
    ``"recovered"`` after falling back to the backup, ``"blocked"`` when saving is refused),
    ``notice`` (a :class:`JourneyError` to show the learner, or ``None``), ``saved_at``,
    ``error`` (the last save error, or ``None``).
    """

    def __init__(self, path: Path, workbook: Workbook, *, delay: float = 0.5, status: str = "ok",
                 notice: JourneyError | None = None, trusted: bytes | None = None):
        self.path = Path(path)
        self._workbook = workbook
        self.delay = delay
        self.status = status
        self.notice = notice
        self.error: JourneyError | None = None
        self.saved_at: datetime | None = None
        self._trusted = trusted
        self._dirty = False
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self._listeners: list[Callable[[str, "WorkbookSession"], None]] = []
        _sessions.add(self)

    # -- the workbook
    @property
    def workbook(self) -> Workbook:
        return self._workbook

    @property
    def dirty(self) -> bool:
        return self._dirty

    def __repr__(self) -> str:
        return f"<WorkbookSession: {self.path.name} ({self.status})>"

    # -- events
    def observe(self, callback: Callable[[str, "WorkbookSession"], None]) -> None:
        """Call ``callback(event, session)`` on "saved", "error" and "replaced"."""
        self._listeners.append(callback)

    def unobserve(self, callback) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, event: str) -> None:
        for callback in list(self._listeners):
            try:
                callback(event, self)
            except Exception:  # a broken view must not stop saving
                pass

    # -- saving
    def changed(self) -> None:
        """Note that the workbook changed; it is saved after ``delay`` seconds of quiet."""
        with self._lock:
            self._dirty = True
            if self._timer is not None:
                self._timer.cancel()
            if self.delay <= 0:
                self._timer = None
                self.save()
                return
            self._timer = threading.Timer(self.delay, self._save_from_timer)
            self._timer.daemon = True
            self._timer.start()

    def _save_from_timer(self) -> None:
        try:
            self.save()
        except Exception:  # never lose the change: try again later
            with self._lock:
                self._dirty = True
                self._timer = threading.Timer(max(self.delay, 0.5), self._save_from_timer)
                self._timer.daemon = True
                self._timer.start()

    def save(self) -> bool:
        """Save now. Returns False (and sets ``error``, emits "error") when refused."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self.status != "ok":
                self.error = self.notice
                self._emit("error")
                return False
            try:
                self._trusted = save_workbook(self._workbook, self.path, _trusted=self._trusted)
            except JourneyError as exc:
                self.error = exc
                self._emit("error")
                return False
            except OSError as exc:
                self.error = FileFormatError("error.file_unreadable", file=str(self.path), detail=exc.strerror)
                self._emit("error")
                return False
            self._dirty = False
            self.error = None
            self.saved_at = datetime.now()
        self._emit("saved")
        return True

    def flush(self) -> bool:
        """Save if a change is waiting (e.g. before download or shutdown)."""
        if self._dirty:
            return self.save()
        return True

    def close(self) -> None:
        self.flush()
        _sessions.discard(self)

    # -- replace / restore / import / export
    def replace(self, workbook: Workbook) -> None:
        """Put ``workbook`` in place of the current one and save (the old file becomes .bak).

        When the file on disk is unreadable (status not "ok"), it is first kept under
        another name, never overwritten.
        """
        with self._lock:
            if self.status != "ok" and self.path.exists():
                try:
                    parse_workbook(self.path.read_bytes(), file=str(self.path))
                except JourneyError:
                    _move_aside(self.path)
                self._trusted = None
            self.status, self.notice = "ok", None
            self._workbook = workbook
            self._dirty = True
        self.save()
        self._emit("replaced")

    def import_bytes(self, raw: bytes, name: str = "upload") -> Workbook:
        """Validate an uploaded workbook and put it in place. Invalid: raises, changes nothing."""
        workbook = parse_workbook(raw, file=name)
        self.flush()
        self.replace(workbook)
        return workbook

    def export_bytes(self) -> bytes:
        """The workbook as file bytes (for Download)."""
        with self._lock:
            return dump_workbook(self._workbook)

    def restore_backup(self) -> Workbook:
        """Load ``<path>.bak`` and put it in place (the current file becomes the new .bak)."""
        bak = backup_path(self.path)
        if not bak.exists():
            raise FileFormatError("error.no_backup", file=str(self.path), backup=str(bak))
        workbook = load_workbook(bak)
        self.replace(workbook)
        return workbook


def open_workbook(path: str | os.PathLike | None = None, *, case: str | None = None,
                  lang: str | None = None, learner: str = "", delay: float = 0.5) -> WorkbookSession:
    """Open (or create) a learner's workbook and return the session the widgets share.

    * The file does not exist: a new workbook (pre-filled from ``case`` when given) is
      created and saved at once.
    * The file loads: it is used as it is (``case`` is then ignored).
    * The file does not load: the backup is used when it loads (the unreadable file is kept
      under another name, see ``notice``); without a usable backup nothing is saved until the
      learner uploads a workbook (status "blocked"). Nothing ever raises here for a bad file.
    """
    from .i18n import check_language

    path = Path(path) if path is not None else default_workbook_path()
    language = check_language(lang)
    clean_temporary_files(path)
    if not path.exists():
        workbook = _new_workbook(case, language, learner)
        session = WorkbookSession(path, workbook, delay=delay)
        session.save()
        return session
    try:
        raw = read_bytes(path, limit=LIMITS["workbook_bytes"])
        workbook = parse_workbook(raw, file=str(path))  # the backup is tried next: no hint
        return WorkbookSession(path, workbook, delay=delay, trusted=raw)
    except JourneyError as problem:
        failure = problem
    bak = backup_path(path)
    try:
        backup = load_workbook(bak)
    except JourneyError:
        blocked = JourneyError("store.blocked", path=str(path), cause=failure.message())
        return WorkbookSession(path, _new_workbook(case, language, learner), delay=delay,
                               status="blocked", notice=blocked)
    aside = _move_aside(path)
    session = WorkbookSession(path, backup, delay=delay)
    session.notice = JourneyError("store.recovered", path=str(path), backup=str(bak), aside=aside.name,
                                  cause=failure.message())
    session.save()
    return session


def _new_workbook(case: str | None, language: str, learner: str) -> Workbook:
    if case:
        from .datasets import load_case

        return load_case(case, lang=language).to_workbook(learner=learner, language=language)
    return Workbook(learner=learner, language=language)
