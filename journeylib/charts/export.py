"""Save a chart as PNG, SVG or PDF, or get its bytes for a download link.

Files are written atomically (a temporary file next to the target, flushed to disk, then
``os.replace``), so a half-written figure never replaces a good one. SVG keeps its text
as text (searchable, readable by a screen reader); PDF embeds TrueType fonts (no LaTeX).
Dates and random ids are left out, so the same figure gives the same bytes.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from ..errors import FileFormatError

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


__all__ = ["FORMATS", "save_figure", "figure_bytes", "figure_png"]
