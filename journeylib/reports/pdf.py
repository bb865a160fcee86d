"""PDF renderer: a :class:`~.blocks.Document` as an A4 PDF with real, selectable text (fpdf2).

A title page (title, learner, organisation, case, contents), then every section from a new
page: its heading, then its blocks top to bottom, text wrapped and carried over pages.
Tables are real tables (the heading row repeated on a new page); charts are placed as
150 dpi PNG images, exactly as drawn for the HTML, with their description as text under
them; a chart too wide for a portrait page gets a landscape page of its own. Every page
has a footer with the title and the page number, and the sections are the PDF's bookmarks.

The text is set in DejaVu Sans, the font shipped with matplotlib (read from disk, nothing
from the network), so Dutch text and signs such as ★ € é ✓ show. The renderer picks its
rule by the block's type (``functools.singledispatch``); an unknown block raises
``TypeError``, as in the HTML renderer.
"""
from __future__ import annotations

import functools
import io
from pathlib import Path

from ..i18n import t
from .blocks import (CHART_DPI, MARK_SIGNS, Chart, Document, Gallery, LongText, Paragraph, Section, Table,
                     unknown_block)
from .markdown import inline_runs, markdown_blocks, plain

__all__ = ["SIZES", "FONT", "render_document", "draw_block"]

INCH = 72.0  # the page is measured in points
PORTRAIT = (8.27 * INCH, 11.69 * INCH)
MARGIN = 0.75 * INCH
FOOTER = 0.35 * INCH  # from the bottom edge to the footer line
#: Font sizes in points.
SIZES = {"title": 22, "h2": 16, "h3": 12.5, "text": 10, "small": 8.5}
LINE = 1.38  # line height as a multiple of the font size
FONT = "DejaVu"
_STYLES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
           "BI": "DejaVuSans-BoldOblique.ttf"}
_BLACK, _GREY, _FOOTER_GREY = (17, 17, 17), (68, 68, 68), (85, 85, 85)
_BLUE, _RULE, _HEAD_FILL, _NO = (0, 114, 178), (187, 187, 187), (238, 244, 250), (138, 43, 0)


@functools.lru_cache(maxsize=1)
def _font_files() -> dict[str, Path]:
    """The DejaVu Sans files that matplotlib ships (regular, bold, italic, bold italic)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {style: folder / name for style, name in _STYLES.items()}


def _new_pdf(doc: Document):
    from fpdf import FPDF

    from .. import __version__

    class ReportPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-(FOOTER + SIZES["small"] * LINE))
            self.set_font(FONT, "", SIZES["small"])
            self.set_text_color(*_FOOTER_GREY)
            self.cell(0, SIZES["small"] * LINE, f"{doc.title} \u00b7 {t('report.page', doc.lang, page=self.page_no())}",
                      align="C")

    pdf = ReportPDF(orientation="portrait", unit="pt", format="A4")
    for style, path in _font_files().items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN + FOOTER)
    pdf.set_title(doc.title)
    pdf.set_lang(doc.lang)
    pdf.set_creator(f"journeylib {__version__}")
    pdf.set_producer("fpdf2")
    return pdf


class _Writer:
    """The flow layout: text, tables and images top to bottom, a section heading kept with what follows."""

    def __init__(self, pdf, doc: Document):
        self.pdf, self.lang = pdf, doc.lang
        self.pending: Section | None = None  # a section whose page is opened by its first block
        self.after_wide = False  # a wide chart filled a landscape page: what follows starts a portrait page

    # -- text
    def text(self, text: str, size: float, style: str = "", *, colour=_BLACK, indent: float = 0.0,
             after: float = 0.12 * INCH) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, size * LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    def runs(self, runs, size: float, *, prefix: str = "", indent: float = 0.0, after: float = 0.0) -> None:
        """Learner text with its **bold** and *italic* runs, wrapped inside the margin (plus ``indent``)."""
        pdf = self.pdf
        left = pdf.l_margin
        pdf.set_left_margin(left + indent)
        pdf.set_x(left + indent)
        pdf.set_text_color(*_BLACK)
        height = size * LINE
        if prefix:
            pdf.set_font(FONT, "", size)
            pdf.write(height, prefix)
        for bold, parts in runs:
            for italic, piece in parts:
                pdf.set_font(FONT, ("B" if bold else "") + ("I" if italic else ""), size)
                pdf.write(height, piece)
        pdf.ln(height)
        pdf.set_left_margin(left)
        pdf.ln(after)

    def text_height(self, text: str, size: float, width: float | None = None) -> float:
        self.pdf.set_font(FONT, "", size)
        return self.pdf.multi_cell(width or self.pdf.epw, size * LINE, text, dry_run=True, output="HEIGHT")

    def rule(self, colour=_BLUE) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.8)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())

    def heading(self, text: str, level: str = "h2") -> None:
        size = SIZES[level]
        self.need(size * LINE * 2 + 0.6 * INCH)  # keep a heading with what follows
        if level == "h2":
            self.text(text, size, "B", after=0.06 * INCH)
            self.rule()
            self.pdf.ln(0.16 * INCH)
        else:
            self.text(text, size, "B", after=0.05 * INCH)

    # -- pages
    def start_section(self, sec: Section) -> None:
        self.pending, self.after_wide = sec, False

    def open_page(self, orientation: str = "portrait") -> None:
        """Before a block: the pending section's page (with its heading), or a page after a wide chart."""
        if self.pending is not None:
            sec, self.pending = self.pending, None
            self.pdf.add_page(orientation=orientation)
            self.pdf.start_section(sec.title)
            self.heading(sec.title)
        elif self.after_wide or orientation == "landscape":
            self.pdf.add_page(orientation=orientation)
        self.after_wide = False

    def room(self) -> float:
        return self.pdf.h - self.pdf.b_margin - self.pdf.get_y()

    def need(self, height: float) -> None:
        if height > self.room() and self.pdf.get_y() > self.pdf.t_margin + 1:
            self.pdf.add_page(same=True)

    def image(self, source, width: float, height: float, x: float | None = None) -> None:
        self.pdf.image(source, x=self.pdf.l_margin if x is None else x, y=self.pdf.get_y(), w=width, h=height)


@functools.singledispatch
def draw_block(block, writer: _Writer, sec: Section) -> None:
    """Draw one block at the cursor (a registered rule per block type)."""
    raise unknown_block(block, "PDF")


@draw_block.register
def _(block: Paragraph, writer: _Writer, sec: Section) -> None:
    writer.open_page()
    writer.text(block.text, SIZES["text"], "I" if block.note else "", colour=_GREY if block.note else _BLACK,
                after=0.15 * INCH)


@draw_block.register
def _(block: LongText, writer: _Writer, sec: Section) -> None:
    writer.open_page()
    size = SIZES["text"] + 0.5
    for part in markdown_blocks(block.text):
        if part[0] == "heading":
            writer.heading(plain(part[2]), "h3")  # the learner's heading, without its marks
        elif part[0] == "list":
            for item in part[1]:
                writer.runs(inline_runs(item), size, prefix="\u2022 ", indent=0.2 * INCH, after=0.06 * INCH)
            writer.pdf.ln(0.08 * INCH)
        else:
            writer.runs(inline_runs(part[1]), size, after=0.14 * INCH)


@draw_block.register
def _(block: Table, writer: _Writer, sec: Section) -> None:
    from fpdf.fonts import FontFace

    writer.open_page()
    pdf = writer.pdf
    if block.caption:
        writer.text(block.caption, SIZES["text"], "B", after=0.04 * INCH)
    size = SIZES["small"] + 0.5
    pdf.set_font(FONT, "B", size)
    natural = [pdf.get_string_width(str(c)) for c in block.columns]
    pdf.set_font(FONT, "", size)
    for row in block.rows:
        natural = [max(w, min(pdf.get_string_width(_cell_text(block, str(c))), 260)) for w, c in zip(natural, row)]
    natural = [w + 12 for w in natural]
    width = min(sum(natural), pdf.epw)
    widths = [width * w / sum(natural) for w in natural]
    pdf.set_text_color(*_BLACK)
    pdf.set_draw_color(*_RULE)
    pdf.set_line_width(0.5)
    styles = {"yes": FontFace(emphasis="BOLD"), "no": FontFace(color=_NO), "": None}
    with pdf.table(width=width, col_widths=widths, align="LEFT", text_align="LEFT", v_align="TOP",
                   line_height=size * LINE, padding=(2, _CELL_PAD), first_row_as_headings=True,
                   headings_style=FontFace(emphasis="BOLD", fill_color=_HEAD_FILL)) as table:
        table.row([str(c) for c in block.columns])
        for cells in block.rows:
            row = table.row()
            for cell, cell_width in zip(cells, widths):
                text = _fit_cell(pdf, _cell_text(block, str(cell)), cell_width - 2 * _CELL_PAD, size)
                row.cell(text, style=styles[block.mark(str(cell))])
    pdf.ln(0.15 * INCH)


_CELL_PAD = 4
_CELL_LINES = 40  # a row always fits on a page (fpdf2 cannot split a row)


def _cell_text(block: Table, cell: str) -> str:
    mark = block.mark(cell)
    return f"{MARK_SIGNS[mark]} {cell}" if mark else cell


def _fit_cell(pdf, text: str, width: float, size: float) -> str:
    """``text``, cut after :data:`_CELL_LINES` lines (with an ellipsis) when it is longer."""
    lines = pdf.multi_cell(width, size * LINE, text, dry_run=True, output="LINES")
    if len(lines) <= _CELL_LINES:
        return text
    return " ".join(lines[:_CELL_LINES]).rstrip()[:-2] + " \u2026"


@draw_block.register
def _(block: Chart, writer: _Writer, sec: Section) -> None:
    png = block.png()
    if png is None:
        writer.open_page()
        writer.text(block.failed_text(), SIZES["text"], "I", colour=_GREY)
        writer.text(block.description, SIZES["text"])
        return
    nat_w, nat_h = block.size_inches()
    portrait = min(1.0, (PORTRAIT[0] - 2 * MARGIN) / INCH / nat_w, 8.2 / nat_h)
    landscape = min(1.0, (PORTRAIT[1] - 2 * MARGIN) / INCH / nat_w, 5.4 / nat_h)
    source = io.BytesIO(png)
    if portrait < 0.6 and landscape > portrait * 1.1:  # wide: a landscape page of its own
        repeat_heading = writer.pending is None  # else the landscape page is the section's first
        writer.open_page("landscape")
        if repeat_heading:
            writer.heading(sec.title)
        room = writer.room() - writer.text_height(block.description, SIZES["text"]) - 0.2 * INCH
        scale = min(writer.pdf.epw / nat_w, max(2.0 * INCH, room) / nat_h)
        writer.image(source, nat_w * scale, nat_h * scale)
        writer.pdf.ln(nat_h * scale + 0.15 * INCH)
        writer.text(block.description, SIZES["text"])
        writer.after_wide = True
        return
    writer.open_page()
    width, height = nat_w * portrait * INCH, nat_h * portrait * INCH
    writer.need(height + 0.8 * INCH)
    writer.image(source, width, height)
    writer.pdf.ln(height + 0.12 * INCH)
    writer.text(block.description, SIZES["text"], after=0.25 * INCH)


def _picture_source(raw: bytes):
    """A picture fpdf2 can place (any format Pillow reads, as RGB or RGBA)."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as img:
        img.seek(0)
        return img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")


@draw_block.register
def _(block: Gallery, writer: _Writer, sec: Section) -> None:
    writer.open_page()
    pdf = writer.pdf
    box_w, box_h, gap = 3.2 * INCH, 2.4 * INCH, 0.3 * INCH
    caption = SIZES["small"] * LINE
    writer.need(0.5 * INCH + writer.text_height(block.text, SIZES["text"]) + (box_h if block.pictures else 0))
    writer.heading(block.heading, "h3")
    writer.text(block.text, SIZES["text"])
    x, tallest = pdf.l_margin, 0.0
    for picture in block.pictures:
        try:
            source = _picture_source(picture.raw)
        except Exception:  # a picture Pillow cannot decode: say so, go on
            writer.text(t("report.image_failed", writer.lang, name=picture.name), SIZES["small"], "I", colour=_GREY)
            continue
        scale = min(box_w / source.width, box_h / source.height)
        width, height = source.width * scale, source.height * scale
        if x > pdf.l_margin and x + width > pdf.w - pdf.r_margin:  # the row is full: the next one
            pdf.ln(tallest + caption + 0.25 * INCH)
            x, tallest = pdf.l_margin, 0.0
        if x == pdf.l_margin:
            writer.need(height + caption)
        y = pdf.get_y()
        writer.image(source, width, height, x=x)
        pdf.set_xy(x, y + height + 2)
        pdf.set_font(FONT, "", SIZES["small"])
        pdf.set_text_color(*_BLACK)
        pdf.multi_cell(width, SIZES["small"] * LINE, picture.name, align="L", max_line_height=caption)
        pdf.set_xy(pdf.l_margin, y)
        x += width + gap
        tallest = max(tallest, height)
    if block.pictures:
        pdf.ln(tallest + caption + 0.35 * INCH)


def _title_page(writer: _Writer, doc: Document) -> None:
    from .. import __version__

    pdf = writer.pdf
    pdf.add_page()
    pdf.set_y(1.6 * INCH)
    writer.text(doc.title, SIZES["title"], "B", after=0.3 * INCH)
    if doc.intro:
        writer.text(doc.intro, SIZES["text"], after=0.2 * INCH)
    for key, value in doc.meta:
        writer.text(f"{key}: {value}", SIZES["h3"], after=0.05 * INCH)
    pdf.ln(0.4 * INCH)
    writer.text(t("report.contents", doc.lang), SIZES["h3"], "B", after=0.08 * INCH)
    for i, sec in enumerate(doc.sections, 1):
        writer.text(f"{i}. {sec.title}", SIZES["text"] + 1, indent=0.2 * INCH, after=0.02 * INCH)
    pdf.ln(0.4 * INCH)
    writer.text(t("report.footer", doc.lang, version=__version__), SIZES["small"], colour=_FOOTER_GREY)


def render_document(doc: Document) -> bytes:
    """The whole document as PDF bytes."""
    pdf = _new_pdf(doc)
    writer = _Writer(pdf, doc)
    _title_page(writer, doc)
    for sec in doc.sections:
        writer.start_section(sec)
        for block in sec.blocks:
            draw_block(block, writer, sec)
        if writer.pending is not None:  # a section without blocks still shows its heading
            writer.open_page()
    return bytes(pdf.output())
