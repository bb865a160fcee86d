"""HTML renderer: a :class:`~.blocks.Document` as one self-contained page, a section for a notebook.

The markup is in Jinja2 templates (``templates/page.html``, one macro per block type in
``templates/blocks.html``) with autoescaping on, so learner text is escaped wherever it is
put; the renderer picks the macro by the block's type (``functools.singledispatch``) and an
unknown block raises ``TypeError``. The page is self-contained: charts and reflection images
as ``data:`` URIs, the CSS (``report.css``) inline, no JavaScript, nothing from the network (a
Content-Security-Policy in the page forbids scripts and every non-``data:`` source), and
print-friendly (a section per page, figures not split).
"""
from __future__ import annotations

import base64
import functools
import html as _html
import itertools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterator

from markupsafe import Markup

from ..i18n import t
from .blocks import CHART_DPI, MARK_SIGNS, Chart, Document, Gallery, LongText, Paragraph, Section, Table, png_size, \
    unknown_block
from .markdown import inline_runs, markdown_blocks

__all__ = ["CSP", "esc", "render_document", "section_html", "markdown_html", "inline_html", "block_html"]

#: No scripts, no network: only inline styles and data: images may be used by the page.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def esc(text: Any) -> str:
    """Text made safe for HTML text and attribute values (for callers outside the templates)."""
    return _html.escape(str(text), quote=True)


def _escaped(value: Any) -> Any:
    """Every ``{{ value }}`` of the templates: escaped with the standard library's entities
    (``&quot;``, ``&#x27;``), so pages read the same as before the templates; markup made
    by the templates themselves (macros) passes as it is."""
    return value if isinstance(value, Markup) else Markup(esc(value))


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("journeylib.reports", "templates"), autoescape=True,
                       finalize=_escaped, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def _macros():
    return _environment().get_template("blocks.html").module


@functools.lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("journeylib.reports").joinpath("report.css").read_text(encoding="utf-8")


def _data_uri(mime: str, raw: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


@dataclass
class _Place:
    """Where a block is drawn: the section's heading level, the chart resolution, ids for descriptions."""

    heading: str
    dpi: int
    ids: Iterator[str]

    @property
    def subheading(self) -> str:
        return "h3" if self.heading == "h2" else "h4"


@functools.singledispatch
def block_html(block, place: _Place) -> Markup:
    """One block as HTML (a registered rule per block type)."""
    raise unknown_block(block, "HTML")


@block_html.register
def _(block: Paragraph, place: _Place) -> Markup:
    return _macros().paragraph(block)


@block_html.register
def _(block: LongText, place: _Place) -> Markup:
    return _macros().longtext(_markdown_data(block.text, place.heading))


@block_html.register
def _(block: Table, place: _Place) -> Markup:
    return _macros().table(block, MARK_SIGNS)


@block_html.register
def _(block: Chart, place: _Place) -> Markup:
    ident = f"desc-{next(place.ids)}"
    png = block.png(place.dpi)
    if png is None:
        return _macros().chart_failed(block)
    width, height = png_size(png)
    return _macros().chart(block, ident, _data_uri("image/png", png), width * 100 // place.dpi,
                           height * 100 // place.dpi)


@block_html.register
def _(block: Gallery, place: _Place) -> Markup:
    pictures = [(p, _data_uri(_MIME.get(p.mime, "application/octet-stream"), p.raw)) for p in block.pictures]
    return _macros().gallery(block, place.subheading, pictures)


def _markdown_data(text: str, heading: str) -> list[dict]:
    """The learner's Markdown as data for the ``markdown`` macro; under a section heading
    ``heading`` (``h2``) its ``#`` and ``##`` headings become ``h3``, deeper ones ``h4``."""
    top = int(heading[1]) + 1
    out = []
    for block in markdown_blocks(text):
        if block[0] == "heading":
            out.append({"kind": "heading", "tag": f"h{min(6, top if block[1] <= 2 else top + 1)}",
                        "runs": inline_runs(block[2])})
        elif block[0] == "list":
            out.append({"kind": "list", "entries": [inline_runs(item) for item in block[1]]})
        else:
            out.append({"kind": "paragraph", "runs": inline_runs(block[1])})
    return out


def markdown_html(text: str, heading: str = "h2") -> str:
    """The learner's Markdown as safe HTML under a section heading ``heading``."""
    return str(_macros().markdown(_markdown_data(text, heading)))


def inline_html(text: str) -> str:
    """Learner text as safe HTML: escaped, with **bold** and *italic* (nothing else)."""
    return str(_macros().runs(inline_runs(text)))


def section_html(sec: Section, heading: str = "h2", dpi: int = CHART_DPI) -> str:
    """One section as an HTML ``<section>`` (learner text escaped, images inline)."""
    place = _Place(heading, dpi, (f"{sec.key}-{i}" for i in itertools.count(1)))  # ids unique within a page
    inner = Markup("").join(block_html(block, place) for block in sec.blocks)
    return str(_macros().section(sec, heading, inner))


def render_document(doc: Document) -> str:
    """The whole document as one self-contained HTML page."""
    from .. import __version__

    body = Markup("").join(Markup(section_html(sec, "h2")) for sec in doc.sections)
    return _environment().get_template("page.html").render(
        doc=doc, lang=doc.lang, csp=Markup(CSP), css=Markup(_css()), body=body,
        contents=t("report.contents", doc.lang), footer=t("report.footer", doc.lang, version=__version__))
