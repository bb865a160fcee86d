"""journeylib: the Python library behind the CX Journey Lab course.

``import journeylib`` is kept light (well under 100 ms): matplotlib, pandas, pydantic and
ipywidgets are imported only when the part that needs them is first used.
"""
from __future__ import annotations

from importlib import import_module

from .errors import JourneyError
from .i18n import get_language, set_language, t

__version__ = "0.1.0"

# public name -> module that defines it (imported on first use)
_LAZY = {
    "open_workbook": "journeylib.store",
    "load_workbook": "journeylib.store",
    "save_workbook": "journeylib.store",
    "WorkbookSession": "journeylib.store",
    "Workbook": "journeylib.model",
    "lecture_style": "journeylib.charts.style",
    "load_case": "journeylib.datasets",
    "list_cases": "journeylib.datasets",
    "course": None,  # the module itself: journeylib.course.start(...), show_chart(...)
    "widgets": None,
    "charts": None,
    "analysis": None,
    "datasets": None,
    "exports": None,
    "reports": None,
    "store": None,
    "model": None,
    "text": None,
}

__all__ = ["JourneyError", "get_language", "set_language", "t", "__version__", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'journeylib' has no attribute {name!r}")
    module = _LAZY[name]
    value = import_module(f"journeylib.{name}") if module is None else getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
