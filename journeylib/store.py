"""Workbook files: atomic save, backup, autosave, import/export, schema versions.

Rules (the README's "Workbooks: your work, safe" says them for learners):

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
* Many sessions, one file: every open notebook has its own kernel and session. A save takes
  an OS lock beside the workbook (:func:`workbook_lock`), reads what is on disk and applies
  only this session's own changes on top of it (:mod:`journeylib.merge`), then writes
  atomically. The same value changed by two sessions keeps the later edit; the earlier one
  stays in the history and the session reports the conflict. A session notices a file that
  another session wrote (:meth:`WorkbookSession.check_external`, on every save and on a
  short timer in the kernel) and its widgets show the new values.
* A bounded history of earlier versions lives in a hidden folder beside the workbook
  (:class:`History`); any of them can be restored.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import threading
import time
import weakref
from datetime import datetime
from pathlib import Path
from typing import Callable

try:  # POSIX: an advisory lock that the OS releases when the process dies (even on SIGKILL)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

from .errors import FileFormatError, JourneyError, LimitError, NotOverwrittenError, SchemaVersionError
from .merge import Conflict, changed_paths, merge
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


def lock_path(path: str | os.PathLike) -> Path:
    """The lock file beside a workbook: ``.<name>.lock`` (hidden in the file browser)."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


def history_dir(path: str | os.PathLike) -> Path:
    """The history folder beside a workbook: ``.<name>.history/`` (hidden in the file browser)."""
    path = Path(path)
    return path.with_name(f".{path.name}.history")


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
    """Remove temporary files a crashed save left beside ``path`` (and in its history
    folder); returns how many."""
    path = Path(path)
    removed = 0
    now = time.time()
    pattern = f".{path.name}*.tmp-*"
    for tmp in [*path.parent.glob(pattern), *history_dir(path).glob(".*.tmp-*")]:
        try:
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed += 1
        except OSError:
            pass
    return removed


# ----------------------------------------------------------------------------- lock

#: How long a save waits for another session's save to finish before it gives up (and
#: tries again later): saves take milliseconds, so this only passes when something hangs.
LOCK_TIMEOUT = 15.0


@contextlib.contextmanager
def workbook_lock(path: str | os.PathLike, timeout: float = LOCK_TIMEOUT):
    """Hold the OS lock of a workbook (``.<name>.lock`` beside it) for one read-merge-write.

    Every session takes it before it reads the file to save; the OS releases it when the
    process ends, also on SIGKILL, so a crashed kernel never blocks the others. Where the OS
    has no ``fcntl`` (Windows) the lock is a no-op: one session per workbook there."""
    path = Path(path)
    if fcntl is None:  # pragma: no cover
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise JourneyError("store.locked", path=str(path)) from None
                time.sleep(0.005)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _stamp(path: Path):
    """What identifies one version of the file on disk: every save makes a new inode."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# ----------------------------------------------------------------------------- history

class History:
    """The last versions of a workbook, each a file in ``.<name>.history/`` beside it.

    A version is kept each time a save replaces the file: the version replaced, when it had
    been saved, and what the save changed. Saves of one session within ``quiet`` seconds
    share one version (the first), so typing does not wash the history out; a save that
    merged another session's work, resolved a conflict or replaced the whole workbook
    (upload, restore) always keeps one. At most ``keep`` versions and ``max_bytes`` in all.
    The folder is hidden (a dot name) and is never part of a Download.
    """

    keep = 20
    max_bytes = 60 * 1024 * 1024
    quiet = 60.0

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.folder = history_dir(self.path)

    def entries(self) -> list[dict]:
        """Newest first: ``{"file", "saved_at" (datetime), "changed" (list), "reason", "session"}``."""
        out = []
        for file in sorted(self.folder.glob("v-*.json"), reverse=True):
            try:
                meta = json.loads(file.read_bytes())["meta"]
                out.append({**meta, "file": file.name, "saved_at": datetime.fromisoformat(meta["saved_at"])})
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a damaged entry is passed over, never offered
        return out

    def load(self, file: str) -> Workbook:
        """The workbook of one entry (by its ``file`` name)."""
        entry = self.folder / Path(file).name
        try:
            data = json.loads(read_bytes(entry, limit=2 * LIMITS["workbook_bytes"]))
            raw = data["workbook"].encode("utf-8")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise FileFormatError("error.history_entry", file=str(entry)) from None
        return parse_workbook(raw, file=str(entry))

    def add(self, raw: bytes, *, saved_at: datetime, changed: list[str], reason: str, session: str) -> None:
        """Keep ``raw`` (the version being replaced) unless the newest entry is this session's
        from the last ``quiet`` seconds and nothing special happened."""
        now = datetime.now()
        newest = self.entries()[:1]
        if newest and reason == "save" and newest[0].get("session") == session:
            kept = datetime.fromisoformat(newest[0]["kept_at"])
            if (now - kept).total_seconds() < self.quiet:
                return
        meta = {"saved_at": saved_at.isoformat(timespec="seconds"), "kept_at": now.isoformat(timespec="microseconds"),
                "changed": changed[:12], "reason": reason, "session": session}
        record = json.dumps({"meta": meta, "workbook": raw.decode("utf-8")}, ensure_ascii=False).encode("utf-8")
        name = f"v-{now.strftime('%Y%m%d-%H%M%S-%f')}-{os.getpid()}.json"
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self.folder / name, record)
        self._prune()

    def _prune(self) -> None:
        files = sorted(self.folder.glob("v-*.json"), reverse=True)
        total = 0
        for i, file in enumerate(files):
            try:
                total += file.stat().st_size
            except OSError:
                continue
            if i >= self.keep or (i > 0 and total > self.max_bytes):
                try:
                    file.unlink()
                except OSError:
                    pass


# ----------------------------------------------------------------------------- session

_sessions: "weakref.WeakSet[WorkbookSession]" = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:  # a kernel that shuts down saves what is pending
    for session in list(_sessions):
        try:
            session.flush()
        except Exception:
            pass


def _as_data(workbook: Workbook) -> dict:
    return workbook.model_dump(mode="json")


class WorkbookSession:
    """One learner's workbook on disk, as one notebook (kernel) sees and edits it.

    Attributes: ``path``, ``workbook`` (the live :class:`Workbook`), ``status`` (``"ok"``,
    ``"recovered"`` after falling back to the backup, ``"blocked"`` when saving is refused),
    ``notice`` (a :class:`JourneyError` to show the learner, or ``None``), ``saved_at``,
    ``error`` (the last save error, or ``None``), ``conflicts`` (what the last save or
    refresh resolved against another session's change), ``history`` (:class:`History`).

    Events for :meth:`observe`: "saved", "error", "replaced" (upload, restore: a whole new
    workbook), "external" (another session's changes arrived: views show them), "conflict"
    (the same value was changed here and elsewhere; this session's later edit was kept).
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
        self.conflicts: list[Conflict] = []
        self.history = History(self.path)
        self.id = f"{os.getpid()}-{id(self):x}"
        self._trusted = trusted
        self._base = _as_data(workbook)  # the version on disk this session's edits start from
        self._stamp = _stamp(self.path) if trusted is not None else None
        self._dirty = False
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self._listeners: list[Callable[[str, "WorkbookSession"], None]] = []
        if trusted is not None:
            self.saved_at = datetime.fromtimestamp(self.path.stat().st_mtime)
        _sessions.add(self)
        _watch(self)

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
        """Call ``callback(event, session)`` on "saved", "error", "replaced", "external", "conflict"."""
        self._listeners.append(callback)

    def unobserve(self, callback) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, event: str) -> None:
        """Tell the views. From the autosave timer's thread, in a kernel, this waits for the
        kernel's main thread: views (ipywidgets) must not be changed from two threads at once,
        or a learner's value arriving on the main thread can be lost in the race."""
        def tell():
            for callback in list(self._listeners):
                try:
                    callback(event, self)
                except Exception:  # a broken view must not stop saving
                    pass

        if threading.current_thread() is threading.main_thread():
            tell()
        else:
            _dispatch(tell)

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
        """Save now: under the workbook's lock, apply this session's changes to what is on
        disk and write the result. Returns False (and sets ``error``, emits "error") when refused."""
        events: list[str] = []
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self.status != "ok":
                self.error = self.notice
                self._emit("error")
                return False
            try:
                with workbook_lock(self.path):
                    events = self._save_locked()
            except JourneyError as exc:
                self.error = exc
                self._emit("error")
                return False
            except OSError as exc:
                self.error = FileFormatError("error.file_unreadable", file=str(self.path), detail=exc.strerror)
                self._emit("error")
                return False
            except Exception as exc:  # a bug must be seen, not retried in silence by the timer
                self.error = JourneyError("store.save_failed", path=str(self.path), detail=f"{type(exc).__name__}: {exc}")
                self._emit("error")
                return False
            self._dirty = False
            self.error = None
            self.saved_at = datetime.now()
        for event in events:
            self._emit(event)
        self._emit("saved")
        return True

    def _save_locked(self, *, whole: bool = False) -> list[str]:
        """The read-merge-write of :meth:`save` (the lock is held). ``whole``: write this
        session's workbook as it is (upload, restore), merging nothing."""
        path = self.path
        current = path.read_bytes() if path.exists() else None
        mine = self._workbook
        events: list[str] = []
        reason = "replace" if whole else "save"
        theirs_data = None
        if current is not None and current != self._trusted:
            try:
                theirs = parse_workbook(current, file=str(path))
            except JourneyError as exc:
                raise NotOverwrittenError("error.not_overwritten", file=str(path), detail=exc.message()) from None
            theirs_data = _as_data(theirs)
        if theirs_data is not None and not whole and theirs_data != self._base:
            merged_data, conflicts = merge(self._base, _as_data(mine), theirs_data)
            merged = self._validated(merged_data, mine)
            reason = "conflict" if conflicts else "merge"
            self.conflicts = conflicts
            if merged is not mine:
                self._workbook = merged
                events.append("external")
            if conflicts:
                events.append("conflict")
        data = dump_workbook(self._workbook)
        if current is not None and current != data:
            old = theirs_data if theirs_data is not None else json.loads(current)
            self.history.add(current, saved_at=datetime.fromtimestamp(path.stat().st_mtime),
                             changed=changed_paths(old, _as_data(self._workbook)), reason=reason, session=self.id)
            atomic_write(backup_path(path), current)
        if current != data:
            atomic_write(path, data)
        self._trusted = data
        self._base = _as_data(self._workbook)
        self._stamp = _stamp(path)
        return events

    def _validated(self, data: dict, fallback: Workbook) -> Workbook:
        """The merged workbook; when together the two sides break a limit (say, 11 brand
        values), this session's own version."""
        try:
            merged = validate(Workbook, data, file=str(self.path))
        except JourneyError:
            return fallback
        return fallback if merged == fallback else merged

    def check_external(self) -> bool:
        """Take in what another session saved since this one last read or wrote the file.

        Cheap when nothing changed (one ``stat``). Pending edits of this session are kept:
        they are applied on top (and saved by the pending autosave). Emits "external" and
        returns True when the workbook changed."""
        with self._lock:
            if self.status != "ok":
                return False
            stamp = _stamp(self.path)
            if stamp is None or stamp == self._stamp:
                return False
            try:
                raw = read_bytes(self.path, limit=LIMITS["workbook_bytes"])
                theirs = parse_workbook(raw, file=str(self.path))
            except (JourneyError, OSError):
                return False  # half-replaced or damaged: the next save says so
            self._stamp = stamp
            self._trusted = raw
            theirs_data = _as_data(theirs)
            if theirs_data == self._base:
                return False
            if self._dirty:
                merged_data, conflicts = merge(self._base, _as_data(self._workbook), theirs_data)
                self._workbook = self._validated(merged_data, self._workbook)
                self.conflicts = conflicts
            else:
                self._workbook = theirs
            self._base = theirs_data
            self.saved_at = datetime.fromtimestamp(self.path.stat().st_mtime)
        self._emit("external")
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
        """Put ``workbook`` in place of the current one and save it whole (the version it
        replaces goes to the history and becomes .bak).

        When the file on disk is unreadable (status not "ok"), it is first kept under
        another name, never overwritten.
        """
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self.status != "ok" and self.path.exists():
                try:
                    parse_workbook(self.path.read_bytes(), file=str(self.path))
                except JourneyError:
                    _move_aside(self.path)
                self._trusted = None
            self.status, self.notice = "ok", None
            self._workbook = workbook
            try:
                with workbook_lock(self.path):
                    self._save_locked(whole=True)
            except JourneyError as exc:
                self._dirty = True
                self.error = exc
                self._emit("error")
                raise
            self._dirty = False
            self.error = None
            self.conflicts = []
            self.saved_at = datetime.now()
        self._emit("saved")
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

    def download_name(self) -> str:
        """The name a Download gets: the learner and today's date
        (``anna-de-vries-2026-12-03.workbook.json``), else the file's own name with the date."""
        from .names import slugify

        stem = slugify(self._workbook.learner or self.path.name.removesuffix(SUFFIX), "workbook")
        return f"{stem}-{datetime.now():%Y-%m-%d}{SUFFIX}"

    def restore_backup(self) -> Workbook:
        """Load ``<path>.bak`` and put it in place (the current file becomes the new .bak)."""
        bak = backup_path(self.path)
        if not bak.exists():
            raise FileFormatError("error.no_backup", file=str(self.path), backup=str(bak))
        workbook = load_workbook(bak)
        self.replace(workbook)
        return workbook

    def restore_version(self, file: str) -> Workbook:
        """Put an earlier version from the history in place (the current one is kept there)."""
        workbook = self.history.load(file)
        self.flush()
        self.replace(workbook)
        return workbook


# ----------------------------------------------------------------------------- watching

#: How often a kernel looks whether another session changed its workbooks (one stat each).
WATCH_INTERVAL = 1.0
_watcher: threading.Thread | None = None


def _dispatch(callback) -> None:
    """Run ``callback`` where widgets may be changed: on the kernel's main thread when in
    a Jupyter kernel (between messages), else right here."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        loop = getattr(kernel, "io_loop", None)
    except Exception:
        loop = None
    if loop is None:
        callback()
    else:
        loop.add_callback(callback)


def _watch_all() -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        for session in list(_sessions):
            if session._listeners and _stamp(session.path) != session._stamp:
                _dispatch(session.check_external)


def _watch(session: WorkbookSession) -> None:
    """Make sure the watcher thread runs (one per process; it only reads file stamps)."""
    global _watcher
    if _watcher is None or not _watcher.is_alive():
        _watcher = threading.Thread(target=_watch_all, name="journeylib-watch", daemon=True)
        _watcher.start()


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
