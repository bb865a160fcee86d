"""What every journeylib widget shares.

* It is an ``ipywidgets.VBox`` over a :class:`~journeylib.store.WorkbookSession`: it edits
  ``session.workbook`` and calls ``session.changed()``; the session autosaves.
* Errors appear next to the field that caused them (:class:`FieldMessage`), in the
  current language; nothing raises into the notebook.
* Charts go into an ``Output`` widget through its state (SVG text in ``outputs``, see
  :func:`figure_svg`), never with ``with out:`` capture, so strict nbval and Voila both work.
* Its display bundle is the live view plus two texts: a short, stable ``repr`` (e.g.
  ``<TouchpointMapper: 12 touchpoints in 3 phases>``) and ``describe()``, a deterministic
  paragraph about the current chart. nbval compares both texts; a screen reader and a
  headless run (papermill) read them.
* Labels follow :func:`journeylib.set_language` (``relabel``).
* Its first child is a :class:`~journeylib.widgets.guard.ConnectionGuard`: when the view's
  kernel connection is gone it says so and disables the inputs; keys typed in the view never
  reach JupyterLab's shortcuts. The root carries the CSS class ``jl-widget``.
* When another notebook (another kernel) changes the workbook, the session emits "external"
  and the view shows the new values (``refresh``), as after an upload.
"""
from __future__ import annotations

import base64
import html
import re
import weakref

import ipywidgets as W

from .. import i18n
from ..charts.export import figure_png, figure_svg
from ..errors import JourneyError
from ..i18n import t

ERROR_STYLE = "color:#B00020;font-weight:600"
OK_STYLE = "color:#006644"


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def named_error(exc: JourneyError, label: str) -> JourneyError:
    """The same error, naming the field as the learner sees it ("Waarden", not ``values[2]``)."""
    if "field" not in exc.params:
        return exc
    return type(exc)(exc.key, file=exc.file, **{**exc.params, "field": label})


class FieldMessage(W.HTML):
    """A one-line message shown next to a field (errors are announced to screen readers)."""

    def __init__(self, **kwargs):
        super().__init__(value="", **kwargs)

    def error(self, exc: JourneyError | str) -> None:
        text = exc.message() if isinstance(exc, JourneyError) else str(exc)
        self.value = f'<span role="alert" style="{ERROR_STYLE}">⚠ {esc(text)}</span>'

    def ok(self, text: str) -> None:
        self.value = f'<span role="status" style="{OK_STYLE}">✓ {esc(text)}</span>'

    def clear(self) -> None:
        self.value = ""

    @property
    def text(self) -> str:
        """The message without markup (for tests and reprs)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.value)).lstrip("⚠✓ ").strip()


#: Resolution of PNG charts inside widgets: sharp on a projector, cheap to redraw.
WIDGET_DPI = 100


def figure_output_data(fig, description: str = "", fmt: str = "svg", dpi: int = WIDGET_DPI, *,
                       whole: bool = True) -> dict:
    """A display_data output holding ``fig`` as SVG (or PNG at ``dpi`` with ``fmt="png"``)
    and its description as text; closes the figure. ``whole``: see :func:`figure_svg`."""
    import matplotlib.pyplot as plt

    try:
        if fmt == "png":
            data = base64.b64encode(figure_png(fig, dpi)).decode("ascii")
        else:
            data = figure_svg(fig, whole=whole)
    finally:
        plt.close(fig)
    mime = "image/png" if fmt == "png" else "image/svg+xml"
    return {
        "output_type": "display_data",
        "data": {mime: data, "text/plain": description or "<figure>"},
        "metadata": {mime: {"alt": description}} if description else {},
    }


def show_figure(out: W.Output, fig, description: str = "", fmt: str = "svg", dpi: int = WIDGET_DPI, *,
                whole: bool = True) -> None:
    """Replace what ``out`` shows with ``fig`` (through the Output's state), as SVG unless
    ``fmt="png"``."""
    out.outputs = (figure_output_data(fig, description, fmt, dpi, whole=whole),)


_LIVE: "weakref.WeakSet[JourneyWidget]" = weakref.WeakSet()


def _on_language(lang: str) -> None:
    for widget in list(_LIVE):
        try:
            widget.relabel()
            widget.guard_view.relabel()
        except Exception:  # one broken view must not stop the others
            pass


i18n.on_language_change(_on_language)


class JourneyWidget(W.VBox):
    """Base class: a view over a workbook session with a stable repr and a description."""

    def __init__(self, session=None, **kwargs):
        from .guard import ConnectionGuard

        self.guard_view = ConnectionGuard()
        super().__init__(**kwargs)
        self.add_class("jl-widget")
        self.observe(self._keep_guard_first, names="children")
        self._keep_guard_first()
        self.session = session
        self.message = FieldMessage()
        _LIVE.add(self)
        if session is not None:
            session.observe(self._on_session_event)

    def _keep_guard_first(self, _change=None) -> None:
        children = tuple(self.children)
        if not children or children[0] is not self.guard_view:
            self.children = (self.guard_view, *(c for c in children if c is not self.guard_view))

    # -- to be provided by subclasses
    def describe(self) -> str:
        """A deterministic paragraph about what the view shows now."""
        return ""

    def relabel(self) -> None:
        """Set every label again in the current language."""

    def refresh(self) -> None:
        """Redraw from ``session.workbook`` (after an upload replaced it)."""

    # -- shared behaviour
    @property
    def closed(self) -> bool:
        """True after ``close()``: the view no longer follows session or language."""
        return getattr(self, "comm", None) is None

    def close(self) -> None:
        """Close the view: it stops following the session and the language."""
        session = getattr(self, "session", None)  # None when __init__ failed half-way (refused input)
        if session is not None:
            session.unobserve(self._on_session_event)
        _LIVE.discard(self)
        guard = getattr(self, "guard_view", None)
        if guard is not None:
            guard.close()
        super().close()

    def _on_session_event(self, event: str, session) -> None:
        if event in ("replaced", "external"):
            self.refresh()
        elif event == "error" and session.error is not None:
            self.message.error(session.error)

    def changed(self) -> None:
        """The workbook was edited: autosave (debounced)."""
        if self.session is not None:
            self.session.changed()
            if self.session.error is not None and self.session.status != "ok":
                self.message.error(self.session.notice or self.session.error)

    def follow_session(self) -> None:
        """Another view of this session in this kernel edited the workbook (see
        :meth:`tell_peers`); views that show the same data redraw what changed. Default: nothing."""

    def tell_peers(self) -> None:
        """This view edited its session's workbook: the other views of the same session in
        this kernel (the mapper and the moments explorer of notebook 04) follow now, not after
        a click. Other kernels learn of it through the session's "external" event."""
        for other in list(_LIVE):
            if other is not self and other.session is self.session and not other.closed:
                try:
                    other.follow_session()
                except Exception:  # one broken view must not stop the edit
                    pass

    def guard(self, message: FieldMessage, action, *args, **kwargs):
        """Run ``action``; a JourneyError is shown in ``message`` instead of raised."""
        try:
            result = action(*args, **kwargs)
        except JourneyError as exc:
            message.error(exc)
            return None
        message.clear()
        return result

    def _repr_mimebundle_(self, **kwargs):
        """The live view, and what shows where it cannot be live: JupyterLab falls back to
        the HTML when the view's model is gone (the page reloaded before the notebook was
        saved, a notebook opened with stored outputs), so that a learner sees what the view
        showed and a note to run the cell, never a dead copy that accepts typing."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = repr(self)
        text = self.describe()
        if text:
            bundle["text/markdown"] = text
        bundle["text/html"] = (f'<div class="jl-static"><p>{esc(text)}</p>'
                               f'<p style="color:#5a3b00"><em>{esc(t("widget.static_note"))}</em></p></div>')
        return bundle

    @staticmethod
    def label(key: str, **params) -> str:
        return t(key, **params)
