"""A class's submissions as learning platforms export them (Brightspace, Canvas, Moodle zips).

An instructor downloads one assignment's submissions as a zip. :func:`collect_submissions`
takes that zip (or the folder it was unpacked into) as it is and finds every workbook in it:

* **Canvas** puts every file at the top: ``devriesanna_12345_67890_anna.workbook.json``
  (the squashed name, ``_late_`` for a late one, the user's id, the file's id, the learner's
  own file name; a second upload of the same name becomes ``anna.workbook-1.json``).
* **Moodle** makes a folder per learner and plugin:
  ``Anna de Vries_12345_assignsubmission_file_/anna.workbook.json`` (or, without folders,
  ``Anna de Vries_12345_assignsubmission_file_anna.workbook.json``); the
  ``..._assignsubmission_onlinetext_`` folders hold text typed in Moodle, not files.
* **Brightspace** names each file
  ``12345-67890 - Anna de Vries - 1 Oct 2026 1012 AM - anna.workbook.json`` (also
  ``Oct 1, 2026``) and adds an ``index.html``.
* Anything else: nested folders, duplicate file names, PDFs and images beside the workbooks.

Each learner is named by the workbook's own ``learner`` field, else by the name the platform
gives. When a learner submitted more than once (the same id or name by the platform's
account, whatever the workbooks say) only the latest counts: by the platform's time
where its name carries one (Brightspace), else by the time the file was last saved as the zip
(or the folder) keeps it, then by Canvas' upload number. Everything not used is listed in
:attr:`Submissions.skipped` with the reason, in the chosen language.

Safety: members are read straight from the zip into memory, never extracted by their own
names. A name that would point outside the folder (``../``, ``/abs``, ``C:``, ``..\\``),
a symbolic link (in the zip or in a folder), an encrypted or special member is skipped
unread. The central directory is checked first (at most :data:`MAX_MEMBERS` entries,
:data:`MAX_DECLARED_BYTES` unpacked in all), then each workbook is streamed with a cap of
the store's workbook size, and reading stops at :data:`MAX_READ_BYTES` in all, whatever
the sizes a zip claims. With ``workdir`` the kept workbooks are written there under safe
names made from the learner's name (for a batch run, which passes a path to each notebook).
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import FileFormatError, JourneyError, LimitError
from .i18n import check_language, t
from .model import LIMITS
from .names import slugify

__all__ = ["MAX_MEMBERS", "MAX_DECLARED_BYTES", "MAX_READ_BYTES", "Submission", "Submissions", "Skipped",
           "collect_submissions", "parse_member", "platform_time", "is_submissions"]

#: At most this many entries in a zip or files in a folder (a class with its PDFs fits easily).
MAX_MEMBERS = 2_000
#: At most this many bytes unpacked in all, as the zip's central directory states them.
MAX_DECLARED_BYTES = 2 * 1024 ** 3
#: At most this many bytes actually read (workbooks only), whatever the zip claims.
MAX_READ_BYTES = 512 * 1024 ** 2
#: Files and folders that systems and platforms add, passed over without a word.
_CLUTTER = {".ds_store", "thumbs.db", "desktop.ini", "index.html", "__macosx"}
_S_IFLNK = 0o120000
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "mrt": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12}

_CANVAS = re.compile(r"^(?P<name>[^\W_]+)(?P<late>_late)?_(?P<uid>\d+)_(?P<fid>\d+)_(?P<file>.+)$", re.I)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<uid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.*)$")
_BRIGHTSPACE = re.compile(r"^(?P<sid>\d+)-(?P<fid>\d+) - (?P<name>.+?) - (?P<date>[^-]+?) - (?P<file>.+)$")
_DATE_DMY = re.compile(r"^(?P<d>\d{1,2}) (?P<m>[^\W\d_]+)\.?,? (?P<y>\d{4}),? (?P<hm>\d{3,4}|\d{1,2}:\d{2})"
                       r"(?: ?(?P<ampm>[AaPp][Mm]))?$")
_DATE_MDY = re.compile(r"^(?P<m>[^\W\d_]+)\.? (?P<d>\d{1,2}),? (?P<y>\d{4}),? (?P<hm>\d{3,4}|\d{1,2}:\d{2})"
                       r"(?: ?(?P<ampm>[AaPp][Mm]))?$")
_NUMBERED = re.compile(r"^(?P<stem>.+?)-(?P<n>\d{1,4})(?P<ext>\.json)$", re.I)


class Skipped(tuple):
    """``(name, reason)``: a file in the zip or folder that is not used, and why (in the
    chosen language). ``kind`` names the rule: ``not_workbook``, ``online_text``, ``damaged``,
    ``older``, ``unsafe_path``, ``symlink``, ``encrypted``, ``special``."""

    def __new__(cls, name: str, reason: str, kind: str):
        self = super().__new__(cls, (name, reason))
        self.kind = kind
        return self

    @property
    def name(self) -> str:
        return self[0]

    @property
    def reason(self) -> str:
        return self[1]

    def __repr__(self) -> str:
        return f"Skipped({self[0]!r}, kind={self.kind!r})"


@dataclass
class Submission:
    """One learner's workbook as found in the zip or folder."""

    name: str  # its path inside the zip or folder
    learner: str  # the workbook's learner field, else the platform's name, else the file name
    platform: str  # "brightspace", "canvas", "moodle" or "" (a plain folder)
    platform_name: str  # the learner's name as the platform wrote it ("" when it gave none)
    submitted_at: datetime | None  # the platform's time, when its file name carries one
    saved_at: datetime | None  # the file's time as the zip or folder keeps it
    workbook: Any  # the validated model.Workbook
    data: bytes = field(repr=False, default=b"")  # the file's bytes
    path: Path | None = None  # a file that holds them (the folder's own, or one written to ``workdir``)
    late: bool = False  # Canvas marked it late
    number: int = 0  # Canvas' upload number (anna.workbook-1.json: 1)
    user_id: str = ""  # the platform's id for the learner, when it gives one

    @property
    def key(self) -> str:
        """Who submitted it, as the platform says: its id for the learner, else the name it
        gives (case and spaces ignored). A file that no platform named is its own submission:
        in a plain folder two workbooks with the same learner field are both kept."""
        if self.user_id:
            return f"{self.platform}:{self.user_id}"
        if self.platform and self.platform_name:
            return f"{self.platform}:name:" + " ".join(self.platform_name.split()).casefold()
        return "file:" + self.name

    def order(self) -> tuple:
        when = self.submitted_at or self.saved_at or datetime.min
        return (when, self.number, self.name)


@dataclass
class Submissions:
    """What a zip or folder holds: the latest workbook of each learner, and what was skipped."""

    source: str  # the zip's or folder's own name
    workbooks: list[Submission]
    skipped: list[Skipped]
    platform: str = ""  # the platform most workbooks came from

    def __repr__(self) -> str:
        return f"<Submissions {self.platform or 'folder'}: {len(self.workbooks)} workbooks, {len(self.skipped)} skipped>"


# --------------------------------------------------------------------------- names

@dataclass
class Member:
    """What a member's path says about it (see :func:`parse_member`)."""

    file: str  # the learner's own file name
    platform: str = ""
    platform_name: str = ""
    user_id: str = ""
    submitted_at: datetime | None = None
    late: bool = False
    number: int = 0
    online_text: bool = False


def platform_time(text: str) -> datetime | None:
    """Brightspace's time in a file name (``1 Oct 2026 1012 AM``, ``Oct 1, 2026 1012 AM``,
    ``1 okt 2026 1012``), or None when it is not one."""
    text = " ".join(text.split())
    match = _DATE_DMY.match(text) or _DATE_MDY.match(text)
    if not match:
        return None
    month = _MONTHS.get(match["m"][:3].casefold())
    hm = match["hm"].replace(":", "")
    hour, minute = int(hm[:-2]), int(hm[-2:])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].upper() == "PM" else 0)
    try:
        return datetime(int(match["y"]), month, int(match["d"]), hour, minute) if month else None
    except ValueError:
        return None


def parse_member(parts: tuple[str, ...]) -> Member:
    """The platform, learner and time a member's path (its folders and name) carries."""
    base = parts[-1]
    member = Member(base)
    found = _BRIGHTSPACE.match(base)
    if found:
        member = Member(found["file"], "brightspace", found["name"].strip(), submitted_at=platform_time(found["date"]))
    else:
        folder = next((_MOODLE.match(p) for p in reversed(parts[:-1]) if _MOODLE.match(p) and not
                       _MOODLE.match(p)["file"]), None)
        flat = _MOODLE.match(base)
        canvas = _CANVAS.match(base)
        if folder or (flat and flat["file"]):
            found = folder or flat
            member = Member(base if folder else found["file"], "moodle", found["name"].strip(), found["uid"],
                            online_text=found["plugin"] == "onlinetext")
        elif canvas:
            member = Member(canvas["file"], "canvas", canvas["name"], canvas["uid"], late=bool(canvas["late"]))
    numbered = _NUMBERED.match(member.file)
    if numbered and member.platform == "canvas":
        member.number = int(numbered["n"])
    return member


def _unsafe(name: str) -> bool:
    """A member name that would point outside the folder it is unpacked in (zip slip)."""
    if any(unicodedata.category(c) == "Cc" for c in name):
        return True
    posix = name.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:", posix) or posix.startswith("//"):
        return True
    return any(part == ".." for part in posix.split("/"))


def _clutter(parts: tuple[str, ...]) -> bool:
    return any(p.casefold() in _CLUTTER or p.startswith(".") for p in parts)


# --------------------------------------------------------------------------- reading

class _Reader:
    """Collects the members of one zip or folder: workbooks parsed, everything else skipped."""

    def __init__(self, source: str, lang: str):
        self.source, self.lang = source, lang
        self.found: list[Submission] = []
        self.skipped: list[Skipped] = []
        self.read_bytes = 0

    def skip(self, name: str, kind: str, **params) -> None:
        self.skipped.append(Skipped(name, t(f"lms.skip.{kind}", self.lang, **params), kind))

    def candidate(self, name: str, parts: tuple[str, ...]) -> Member | None:
        """The member's meaning when it should be read as a workbook, else None (skipped or clutter)."""
        if _clutter(parts):
            return None
        member = parse_member(parts)
        if member.online_text:
            self.skip(name, "online_text")
            return None
        suffix = PurePosixPath(member.file).suffix.lower()
        if suffix != ".json":
            self.skip(name, "not_workbook", suffix=suffix.lstrip(".") or "-")
            return None
        return member

    def too_large(self, name: str, size: int) -> bool:
        limit = LIMITS["workbook_bytes"]
        if size > limit:
            self.skip(name, "too_large", size=f"{size / 2**20:.1f}", limit=f"{limit / 2**20:.0f}")
            return True
        return False

    def count(self, size: int) -> None:
        self.read_bytes += size
        if self.read_bytes > MAX_READ_BYTES:
            raise LimitError("lms.error.too_big", file=self.source, limit=f"{MAX_READ_BYTES / 2**20:.0f}")

    def add(self, name: str, member: Member, raw: bytes, saved_at: datetime | None, path: Path | None) -> None:
        from .store import parse_workbook

        try:
            workbook = parse_workbook(raw, file=PurePosixPath(name).name)
        except JourneyError as exc:
            kind = "too_large" if isinstance(exc, LimitError) else "damaged"
            params = {k: (PurePosixPath(v.replace("\\", "/")).name if isinstance(v, str) and k in _PATH_PARAMS else v)
                      for k, v in exc.params.items()}
            self.skipped.append(Skipped(name, t(exc.key, self.lang, **params), kind))
            return
        learner = " ".join(workbook.learner.split()) or member.platform_name or _stem(member.file)
        self.found.append(Submission(name, learner, member.platform, member.platform_name, member.submitted_at,
                                     saved_at, workbook, raw, path, member.late, member.number, member.user_id))

    def result(self, workdir: str | os.PathLike | None) -> Submissions:
        latest: dict[str, Submission] = {}
        for sub in sorted(self.found, key=Submission.order):
            latest[sub.key] = sub  # the latest of each learner wins
        kept = sorted(latest.values(), key=lambda s: (s.learner.casefold(), s.name))
        older = [s for s in self.found if latest[s.key] is not s]
        for sub in sorted(older, key=lambda s: s.name):
            self.skip(sub.name, "older", learner=sub.learner, kept=latest[sub.key].name)
        if workdir is not None:
            _write(kept, Path(workdir))
        platforms = [s.platform for s in kept if s.platform]
        platform = max(sorted(set(platforms)), key=platforms.count) if platforms else ""
        return Submissions(self.source, kept, sorted(self.skipped, key=lambda s: s.name), platform)


_PATH_PARAMS = {"backup", "file", "path", "aside"}


def _stem(file: str) -> str:
    name = PurePosixPath(file.replace("\\", "/")).name
    numbered = _NUMBERED.match(name)
    if numbered:
        name = numbered["stem"] + numbered["ext"]
    return name[:-5].removesuffix(".workbook") if name.lower().endswith(".json") else name


def _write(kept: list[Submission], workdir: Path) -> None:
    """Each kept workbook as ``workdir/<learner>.workbook.json`` (a safe, unique name)."""
    from .store import atomic_write

    workdir.mkdir(parents=True, exist_ok=True)
    root = workdir.resolve()
    used: set[str] = set()
    for sub in kept:
        base = slugify(sub.learner, fallback="workbook")
        stem, n = base, 2
        while stem in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        target = root / f"{stem}.workbook.json"
        if target.is_symlink() or target.resolve().parent != root:  # never write through a link
            raise FileFormatError("lms.error.workdir", file=str(target))
        atomic_write(target, sub.data)
        sub.path = target


def _zip_time(info: zipfile.ZipInfo) -> datetime | None:
    try:
        return datetime(*info.date_time)
    except (TypeError, ValueError):
        return None


def _read_zip(path: Path, reader: _Reader) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # noqa: BLE001 - BadZipFile, NotImplementedError, struct.error...: all damage
        raise FileFormatError("lms.error.damaged_zip", file=str(path), detail=_detail(exc)) from None
    with archive:
        infos = archive.infolist()  # the central directory, read before any member
        if len(infos) > MAX_MEMBERS:
            raise LimitError("lms.error.too_many", file=str(path), count=len(infos), limit=MAX_MEMBERS)
        declared = sum(max(0, i.file_size) for i in infos)
        if declared > MAX_DECLARED_BYTES:
            raise LimitError("lms.error.too_big", file=str(path), limit=f"{MAX_DECLARED_BYTES / 2**20:.0f}")
        for info in infos:
            name = info.filename
            if info.is_dir():
                continue
            if _unsafe(name):
                reader.skip(_printable(name), "unsafe_path")
                continue
            parts = tuple(p for p in name.replace("\\", "/").split("/") if p not in ("", "."))
            if not parts:
                continue
            mode = info.external_attr >> 16
            if stat.S_IFMT(mode) == _S_IFLNK:
                if not _clutter(parts):
                    reader.skip(name, "symlink")
                continue
            if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                reader.skip(name, "special")
                continue
            member = reader.candidate(name, parts)
            if member is None or reader.too_large(name, info.file_size):
                continue
            if info.flag_bits & 0x1:
                reader.skip(name, "encrypted")
                continue
            try:
                with archive.open(info) as fh:
                    raw = fh.read(LIMITS["workbook_bytes"] + 1)  # whatever the header claims
            except Exception as exc:  # noqa: BLE001 - a bad CRC, method, header: this member is damaged
                reader.skip(name, "damaged", detail=_detail(exc))
                continue
            reader.count(len(raw))
            if reader.too_large(name, len(raw)):
                continue
            reader.add(name, member, raw, _zip_time(info), None)


def _read_folder(folder: Path, reader: _Reader) -> None:
    seen = 0
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        rel = here.relative_to(folder).parts
        for d in sorted(dirs):
            if (here / d).is_symlink():
                if not _clutter((*rel, d)):
                    reader.skip("/".join((*rel, d)), "symlink")
                dirs.remove(d)
            elif _clutter((*rel, d)):
                dirs.remove(d)  # .history folders, __MACOSX/: not ours to read
        dirs.sort()
        for f in sorted(files):
            seen += 1
            if seen > MAX_MEMBERS:
                raise LimitError("lms.error.too_many", file=str(folder), count=f"> {MAX_MEMBERS}", limit=MAX_MEMBERS)
            parts = (*rel, f)
            name = "/".join(parts)
            target = here / f
            try:
                info = target.lstat()
            except OSError as exc:
                reader.skip(name, "damaged", detail=exc.strerror or str(exc))
                continue
            if stat.S_ISLNK(info.st_mode):
                if not _clutter(parts):
                    reader.skip(name, "symlink")
                continue
            if not stat.S_ISREG(info.st_mode):
                reader.skip(name, "special")
                continue
            member = reader.candidate(name, parts)
            if member is None or reader.too_large(name, info.st_size):
                continue
            try:
                fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
                with os.fdopen(fd, "rb") as fh:
                    raw = fh.read(LIMITS["workbook_bytes"] + 1)
            except OSError as exc:
                reader.skip(name, "damaged", detail=exc.strerror or str(exc))
                continue
            reader.count(len(raw))
            if reader.too_large(name, len(raw)):
                continue
            reader.add(name, member, raw, datetime.fromtimestamp(info.st_mtime), target)


def _detail(exc: BaseException) -> str:
    return _printable(str(exc) or type(exc).__name__)[:120]


def _printable(text: str) -> str:
    return "".join("?" if unicodedata.category(c)[0] == "C" else c for c in text)


def is_submissions(path: str | os.PathLike) -> bool:
    """Whether ``path`` is something :func:`collect_submissions` reads: a folder or a zip file."""
    path = Path(path)
    return path.is_dir() or (path.is_file() and zipfile.is_zipfile(path))


def collect_submissions(path: str | os.PathLike, *, workdir: str | os.PathLike | None = None,
                        lang: str | None = None) -> Submissions:
    """Every workbook in the zip or folder ``path``, the latest one per learner.

    Raises a :class:`JourneyError` when ``path`` is missing, neither a folder nor a zip,
    a damaged zip, too large or holds too many files. Files that are not used are listed in
    :attr:`Submissions.skipped`, with the reason in ``lang``. With ``workdir`` every kept
    workbook is also written there (:attr:`Submission.path`)."""
    lang = check_language(lang)
    path = Path(path)
    reader = _Reader(path.name or str(path), lang)
    if path.is_dir():
        _read_folder(path, reader)
    elif not path.exists():
        raise FileFormatError("lms.error.missing", file=str(path))
    elif path.is_file() and zipfile.is_zipfile(path):
        _read_zip(path, reader)
    elif path.is_file() and path.suffix.lower() == ".zip":
        raise FileFormatError("lms.error.damaged_zip", file=str(path), detail=t("lms.no_zip_directory", lang))
    else:
        raise FileFormatError("lms.error.not_zip", file=str(path))
    return reader.result(workdir)
