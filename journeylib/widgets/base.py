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
import functools
import html
import io
import re
import weakref

import ipywidgets as W

from .. import i18n
from ..charts.export import figure_png
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
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.value)).lstrip("⚠✓ ").strip()


#: Resolution of PNG charts inside widgets: sharp on a projector, cheap to redraw.
WIDGET_DPI = 100


# --------------------------------------------------------------------------- SVG output
#
# Redraw speed (benchmarks/README.md: a change -> redrawn chart within 80 ms for 30 touchpoints): the
# charts of the widgets go into their Output as SVG, not PNG. Rasterising the texts of a
# chart with FreeType and PNG-encoding the result costs 150-250 ms for a 30-touchpoint chart;
# matplotlib's SVG backend writes text as text and rasterises nothing, and the picture stays
# sharp at any size on a projector. What remains of an SVG save is mostly measuring each line
# of text, once per save because matplotlib's metrics cache belongs to one renderer;
# :class:`_SVGRenderer` keeps those measurements across saves.

_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "journeylib"}  # text stays text; stable ids


@functools.lru_cache(maxsize=1)
def _text_to_path():
    from matplotlib.textpath import TextToPath

    return TextToPath()


@functools.lru_cache(maxsize=8192)
def _text_metrics(text: str, prop, ismath) -> tuple[float, float, float]:
    return _text_to_path().get_text_width_height_descent(text, prop, ismath)


@functools.lru_cache(maxsize=256)
def _font_height(prop) -> tuple:
    """Ascent, descent and line gap of ``prop``'s font in points, from its OS/2 or hhea
    table: what ``Text._get_layout`` reads from the font file for every text it lays out."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            scale = prop.get_size_in_points() / font.get_sfnt_table("head")["unitsPerEm"]
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


@functools.lru_cache(maxsize=1)
def _svg_renderer_class():
    from matplotlib.backends.backend_svg import RendererSVG

    class _SVGRenderer(RendererSVG):
        """matplotlib's SVG renderer, with text measurements shared across saves.

        The size of a text line depends only on the text and its font (SVG units are
        points), so a measurement made for one save is valid for the next. Text layout asks
        the renderer for the font's line metrics when it offers them
        (``_get_font_height_metrics``, a hook matplotlib's own PDF/PS backends use); ``None``
        values make matplotlib measure as usual. A test checks that the SVG is byte for byte
        what ``savefig`` writes.
        """

        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath:
                return super().get_text_width_height_descent(s, prop, ismath)
            return _text_metrics(s, prop.copy(), ismath)  # a copy: a FontProperties may change later

        def _get_font_height_metrics(self, prop, *_, **__):
            try:
                return _font_height(prop.copy())
            except Exception:  # another matplotlib: let it measure the font itself
                return None, None, None

    return _SVGRenderer


def figure_svg(fig, *, whole: bool = True) -> str:
    """``fig`` as SVG text: the same bytes as ``fig.savefig(format="svg")`` with text kept
    as text and no date, but faster when the same texts are drawn again.

    With ``whole`` (the default) text that reaches past the figure's edge (a long title or
    label) widens the SVG's view so that nothing is cut off, as ``bbox_inches="tight"``
    would; finding that out costs about a third of the save. Charts whose layout keeps
    everything inside by construction (the journey map, the quadrant charts; tests check
    it) pass ``whole=False``."""
    import matplotlib as mpl

    buffer = io.StringIO()
    dpi = fig.dpi
    width, height = fig.get_size_inches()
    with mpl.rc_context(_SVG_RC):
        fig.dpi = 72  # what FigureCanvasSVG.print_svg does: one SVG unit is one point
        try:
            renderer = _svg_renderer_class()(width * 72, height * 72, buffer, image_dpi=dpi,
                                             metadata={"Date": None})
            fig.draw(renderer)
            renderer.finalize()
            outside = _ink_outside(fig, renderer, width, height) if whole else None
        finally:
            fig.dpi = dpi
    svg = buffer.getvalue()
    if outside is not None:  # widen the view: x0 y0 x1 y1 in inches, SVG's y runs downwards
        x0, y0, x1, y1 = outside
        w, h = round((x1 - x0) * 72, 3), round((y1 - y0) * 72, 3)
        view = f'width="{w}pt" height="{h}pt" viewBox="{round(x0 * 72, 3)} {round((height - y1) * 72, 3)} {w} {h}"'
        svg = _SVG_SIZE.sub(view, svg, count=1)
    return svg


_SVG_SIZE = re.compile(r'width="[^"]*pt" height="[^"]*pt" viewBox="[^"]*"')


def _ink_outside(fig, renderer, width: float, height: float, pad: float = 0.05):
    """None when everything drawn lies inside the figure; else the box (inches: x0, y0, x1,
    y1) that holds the figure and everything drawn, plus ``pad``."""
    box = fig.get_tightbbox(renderer)
    if box is None or (box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height):
        return None
    return (min(0.0, box.x0 - pad), min(0.0, box.y0 - pad), max(width, box.x1 + pad), max(height, box.y1 + pad))


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
