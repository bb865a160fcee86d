"""The small front-end piece at the top of every journeylib view (see ``static/guard.js``).

ipywidgets marks a view whose model has lost its kernel connection with the CSS class
``jupyter-widgets-disconnected`` (after a kernel restart or shutdown, and for views drawn
from the widget state saved in a notebook after a page reload), but shows nothing and keeps
accepting input. The guard, an anywidget, watches for that class on its journeylib view,
then shows :attr:`message` in the learner's language and disables the view's inputs. It
also keeps the keys typed in the view away from JupyterLab's shortcuts.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import anywidget
import traitlets

from ..i18n import t

STATIC = Path(__file__).with_name("static")


@lru_cache(maxsize=1)
def _asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _stylesheet() -> str:
    """The guard's rules and journeylib's layout rules (``static/journeylib.css``), if any."""
    parts = [_asset("guard.css")]
    if (STATIC / "journeylib.css").is_file():
        parts.append(_asset("journeylib.css"))
    return "\n".join(parts)


class ConnectionGuard(anywidget.AnyWidget):
    """Shows ``message`` and disables its view's inputs while the kernel connection is gone."""

    _esm = traitlets.Unicode(_asset("guard.js")).tag(sync=True)
    _css = traitlets.Unicode(_stylesheet()).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(message=t("widget.disconnected"), **kwargs)

    def relabel(self) -> None:
        self.message = t("widget.disconnected")

    def __repr__(self) -> str:
        return "<ConnectionGuard>"
