"""What every journeylib widget shares.

* It is an ``ipywidgets.VBox`` over a :class:`~journeylib.store.WorkbookSession`: it edits
  ``session.workbook`` and calls ``session.changed()``; the session autosaves.
* Errors appear next to the field that caused them (:class:`FieldMessage`), in the
  current language; nothing raises into the notebook.
* Charts go into an ``Output`` widget through its state (PNG bytes in ``outputs``), never
  with ``with out:`` capture, so strict nbval and Voila both work.
* Its display bundle is the live view plus two texts: a short, stable ``repr`` (e.g.
  ``<TouchpointMapper: 12 touchpoints in 3 phases>``) and ``describe()``, a deterministic
  paragraph about the current chart. nbval compares both texts; a screen reader and a
  headless run (papermill) read them.
* Labels follow :func:`journeylib.set_language` (``relabel``).
"""
from __future__ import annotations

import base64
import html
import io
import weakref

import ipywidgets as W

from .. import i18n
from ..errors import JourneyError
from ..i18n import t

ERROR_STYLE = "color:#B00020;font-weight:600"
OK_STYLE = "color:#006644"


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


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
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.value)).lstrip("⚠✓ ").strip()


#: Resolution of charts inside widgets: sharp on a projector, cheap to redraw.
WIDGET_DPI = 100


def figure_png(fig, dpi: int = WIDGET_DPI, *, margin: float = 1.5, pad: float = 0.1) -> bytes:
    """PNG bytes of ``fig`` cropped to its content, from a single draw.

    ``savefig(bbox_inches="tight")`` (used by :func:`~journeylib.charts.export.figure_bytes`)
    lays the figure out three times to find the tight box; for a widget redraw that is most
    of the time. Here the canvas is first widened by ``margin`` inches on every side (the
    axes keep their size and place relative to each other, so titles and labels that stick
    out are still drawn), drawn once, and cropped to the pixels that are not background,
    plus ``pad`` inches: the same picture at about half the cost.
    """
    width, height = fig.get_size_inches()
    wide, high = width + 2 * margin, height + 2 * margin
    boxes = [(ax, ax.get_position()) for ax in fig.axes]
    fig.set_size_inches(wide, high)
    for ax, box in boxes:
        ax.set_position([(box.x0 * width + margin) / wide, (box.y0 * height + margin) / high,
                         box.width * width / wide, box.height * height / high])
    fig.set_dpi(dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgba
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    import numpy as np

    rgba = np.asarray(canvas.buffer_rgba())
    background = np.array([round(v * 255) for v in to_rgba(fig.get_facecolor())], dtype=np.uint8)
    ink = rgba.view(np.uint32)[..., 0] != background.view(np.uint32)[0]  # one compare per pixel
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size:
        p = int(round(pad * dpi))
        rgba = rgba[max(rows[0] - p, 0):rows[-1] + p + 1, max(cols[0] - p, 0):cols[-1] + p + 1]
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(buffer, format="png", compress_level=3)
    return buffer.getvalue()


def figure_output_data(fig, description: str = "") -> dict:
    """A display_data output holding ``fig`` as PNG (and its description as text); closes
    the figure."""
    import matplotlib.pyplot as plt

    try:
        png = figure_png(fig)
    finally:
        plt.close(fig)
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": description or "<figure>"},
        "metadata": {"image/png": {"alt": description}} if description else {},
    }


def show_figure(out: W.Output, fig, description: str = "") -> None:
    """Replace what ``out`` shows with ``fig`` (through the Output's state)."""
    out.outputs = (figure_output_data(fig, description),)


_LIVE: "weakref.WeakSet[JourneyWidget]" = weakref.WeakSet()


def _on_language(lang: str) -> None:
    for widget in list(_LIVE):
        try:
            widget.relabel()
        except Exception:  # one broken view must not stop the others
            pass


i18n.on_language_change(_on_language)


class JourneyWidget(W.VBox):
    """Base class: a view over a workbook session with a stable repr and a description."""

    def __init__(self, session=None, **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.message = FieldMessage()
        _LIVE.add(self)
        if session is not None:
            session.observe(self._on_session_event)

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
        if self.session is not None:
            self.session.unobserve(self._on_session_event)
        _LIVE.discard(self)
        super().close()

    def _on_session_event(self, event: str, session) -> None:
        if event == "replaced":
            self.refresh()
        elif event == "error" and session.error is not None:
            self.message.error(session.error)

    def changed(self) -> None:
        """The workbook was edited: autosave (debounced)."""
        if self.session is not None:
            self.session.changed()
            if self.session.error is not None and self.session.status != "ok":
                self.message.error(self.session.notice or self.session.error)

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
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = repr(self)
        text = self.describe()
        if text:
            bundle["text/markdown"] = text
        return bundle

    @staticmethod
    def label(key: str, **params) -> str:
        return t(key, **params)
