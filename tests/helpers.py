"""Plain helpers the widget tests share (fixtures live in conftest.py).

Import them by module name, ``from helpers import chart, on_disk``: pytest puts this folder
on ``sys.path`` for test files here (the default ``prepend`` import mode; there is no
``__init__.py``), also in ``pytest -n`` workers.
"""
from __future__ import annotations

from journeylib.store import load_workbook


def chart(out, mime: str = "image/svg+xml") -> str:
    """What the ipywidgets Output ``out`` shows: the SVG text, or for ``mime="image/png"``
    the base64 PNG. Fails (IndexError) when it shows nothing."""
    return out.outputs[0]["data"][mime]


def chart_or_none(out, mime: str = "image/svg+xml") -> str | None:
    """Like ``chart``, but None while the Output shows nothing."""
    outputs = out.outputs  # read once: an autosave thread may draw meanwhile
    return outputs[0]["data"][mime] if outputs else None


def on_disk(session) -> bool:
    """The workbook file holds exactly the session's live workbook."""
    return load_workbook(session.path) == session.workbook
