"""Read a person's text file safely: size limit, no binary, UTF-8 only.

Used for workbooks (JSON), case files (YAML) and uploads. Every problem becomes a
:class:`~journeylib.errors.JourneyError` that names the file.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import FileFormatError, LimitError


def decode_text(raw: bytes, *, file: str, limit: int, backup: str | None = None) -> str:
    """Check and decode bytes that should be a UTF-8 text file of at most ``limit`` bytes
    (``backup``: a backup file to point to when the file is damaged)."""
    if len(raw) > limit:
        raise LimitError(
            "error.file_too_large", file=file, size=f"{len(raw) / 2**20:.1f}", limit=f"{limit / 2**20:.0f}"
        )
    if not raw.strip():
        raise FileFormatError("error.file_empty", file=file, backup_hint=backup)
    if b"\x00" in raw:
        raise FileFormatError("error.file_binary", file=file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError("error.file_encoding", file=file, position=exc.start) from None
    return text.removeprefix("\ufeff")


def read_bytes(path: str | os.PathLike, *, limit: int) -> bytes:
    """The bytes of ``path``, refusing a file larger than ``limit`` before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise LimitError(
                "error.file_too_large", file=str(path), size=f"{size / 2**20:.1f}", limit=f"{limit / 2**20:.0f}"
            )
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise FileFormatError("error.file_missing", file=str(path)) from None
    except IsADirectoryError:
        raise FileFormatError("error.file_unreadable", file=str(path), detail="directory") from None
    except PermissionError as exc:
        raise FileFormatError("error.file_unreadable", file=str(path), detail=exc.strerror) from None


def read_text(path: str | os.PathLike, *, limit: int, backup: str | None = None) -> str:
    """The UTF-8 text of ``path`` (see :func:`decode_text`)."""
    return decode_text(read_bytes(path, limit=limit), file=str(path), limit=limit, backup=backup)
