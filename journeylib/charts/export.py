"""Save a chart as PNG, SVG or PDF, or get its bytes for a download link.

Files are written atomically (a temporary file next to the target, flushed to disk, then
``os.replace``), so a half-written figure never replaces a good one. SVG keeps its text
as text (searchable, readable by a screen reader); PDF embeds TrueType fonts (no LaTeX).
Dates and random ids are left out, so the same figure gives the same bytes.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import io
import os
import re
import tempfile
from pathlib import Path

from ..errors import FileFormatError

@contextlib.contextmanager
def young_garbage():
    """Draw a chart inside this block: the cyclic garbage collector waits until it ends, and
    then collects only the young generations.

    A chart is tens of thousands of matplotlib objects linked in cycles. Collected as usual,
    they are moved to the oldest generation while the chart is still being drawn, become
    garbage there when it is closed, and every few redraws a full collection of the whole
    kernel (pandas, matplotlib, the widgets: 150,000+ objects) takes 150-300 ms in the middle
    of a change. Paused, the closed chart is still young at the end of the block and
    ``gc.collect(1)`` frees it in a few milliseconds; no full collection is needed
    (benchmarks/README.md, the in-browser latency rows). Build, render and close the figure
    inside the block, and keep no reference to it after."""
    if not gc.isenabled():  # paused by an outer block (or by the caller): leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(1)


FORMATS = ("png", "svg", "pdf")
_RC = {
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "svg.hashsalt": "journeylib",  # stable ids inside the SVG
}
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}


def _figure(fig_or_ax):
    """The top-level Figure of a Figure, SubFigure or Axes."""
    obj = fig_or_ax
    while not hasattr(obj, "savefig") or getattr(obj, "figure", obj) is not obj:
        parent = getattr(obj, "figure", None)
        if parent is None or parent is obj:
            break
        obj = parent
    return obj


def _format(fmt: str | None, path: str | None) -> str:
    if fmt is None:
        fmt = Path(path or "").suffix
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise FileFormatError("error.figure_format", file=path, format=fmt or "-", choices=", ".join(FORMATS))
    return fmt


def _write(fig, target, fmt: str) -> None:
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        fig.savefig(target, format=fmt, bbox_inches="tight", pad_inches=0.1, metadata=_METADATA[fmt])


def figure_bytes(fig, format: str = "png") -> bytes:  # noqa: A002 - matches matplotlib's name
    """The figure (or an Axes' figure) as PNG, SVG or PDF bytes."""
    fmt = _format(format, None)
    buffer = io.BytesIO()
    _write(_figure(fig), buffer, fmt)
    return buffer.getvalue()


def save_figure(fig_or_ax, path, *, format: str | None = None) -> Path:  # noqa: A002
    """Write the figure to ``path``; the format follows the suffix (.png, .svg, .pdf)
    unless ``format`` is given. Returns the path written."""
    path = Path(path)
    fmt = _format(format, str(path))
    fig = _figure(fig_or_ax)
    directory = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=directory, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False) as fh:
            tmp_name = fh.name
            _write(fig, fh, fmt)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise FileFormatError("error.figure_write", file=str(path), detail=exc.strerror or str(exc)) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return path


def figure_png(fig, dpi: int = 100, *, margin: float = 1.5, pad: float = 0.1) -> bytes:
    """PNG bytes of ``fig`` cropped to its content, from a single draw.

    ``savefig(bbox_inches="tight")`` (used by :func:`figure_bytes`)
    lays the figure out three times to find the tight box; for a widget redraw or a report
    with many charts that is most of the time. Here the canvas is first widened by ``margin`` inches on every side (the
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


# --------------------------------------------------------------------------- SVG for widgets
#
# Redraw speed (benchmarks/README.md: a change -> redrawn chart within 80 ms for 30 touchpoints): the
# charts of the widgets go into their Output as SVG, not PNG. Rasterising the texts of a
# chart with FreeType and PNG-encoding the result costs 150-250 ms for a 30-touchpoint chart;
# matplotlib's SVG backend writes text as text and rasterises nothing, and the picture stays
# sharp at any size on a projector. What remains of an SVG save is mostly measuring each line
# of text, once per save because matplotlib's metrics cache belongs to one renderer;
# :class:`_SVGRenderer` keeps those measurements across saves.

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
        values make matplotlib measure as usual.

        It subclasses a private matplotlib class and uses a private hook:
        ``tests/test_svg_export.py`` checks that the SVG is byte for byte what ``savefig``
        writes and that the hook is still called, and names matplotlib's version when not.
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
    with mpl.rc_context(_RC):  # text stays text; stable ids
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


__all__ = ["FORMATS", "save_figure", "figure_bytes", "figure_png", "figure_svg"]
