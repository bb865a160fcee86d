"""Word renderer: a :class:`~.blocks.Document` as an editable ``.docx`` file (python-docx).

The same sections as the HTML page and the PDF, as a document a learner can still edit and
hand in: a title page (title, learner, organisation, case, date, course, contents), then
every section from a new page under a real ``Heading 1`` (the learner's own ``##`` headings
and the reflection board's phases are ``Heading 2``, deeper ones ``Heading 3``), so Word's
navigation pane and its table of contents work. Tables are Word tables in the bordered
"Table Grid" style with the heading row marked to repeat on every page; charts are the
150 dpi PNGs drawn for the HTML, with the chart's name as alt text (``wp:docPr`` ``descr``
and ``title``) and its text description as the caption under it; a chart too wide for a
portrait page gets a landscape page, as in the PDF. The document's language (``w:lang``
in the style defaults, ``nl-NL`` or ``en-GB``) lets Word check the spelling, and the core
properties carry the title, the learner as author and the language.

Learner text is data: every text goes into a run as text, never as markup; characters XML
cannot hold (control characters, lone surrogates) are removed, and a paragraph that starts in
a right-to-left script is set right to left. The renderer picks its rule by the block's type
(``functools.singledispatch``); an unknown block raises ``TypeError``, as in the others.
"""
from __future__ import annotations

import datetime as _dt
import functools
import io
import re
import unicodedata

from ..i18n import t
from .blocks import CHART_DPI, MARK_SIGNS, Chart, Document, Gallery, LongText, Paragraph, Section, Table, \
    unknown_block
from .markdown import inline_runs, markdown_blocks, plain

__all__ = ["LANGUAGE_TAGS", "clean", "render_document", "add_block"]

#: The language tag Word gets for each course language (spell-checking, hyphenation).
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
#: A4 and its margins, in inches.
PAGE = (8.27, 11.69)
MARGIN = 0.85
_GREY, _NO, _HEAD_FILL = (0x44, 0x44, 0x44), (0x8A, 0x2B, 0x00), "EEF4FA"
_PICTURE_BOX = (3.2, 2.4)  # a reflection picture fits in this box (inches), as in the PDF
#: Characters XML 1.0 cannot hold (and C1 controls, which mean nothing in a text): removed.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SUCCESSORS = {  # the elements that follow each one we add, in the order the schema wants
    "w:bidi": ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
               "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:tblCaption": ("w:tblDescription", "w:tblPrChange"),
    "w:tblDescription": ("w:tblPrChange",),
    "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
    "w:shd": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
              "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange"),
}


def clean(text) -> str:
    """``text`` as a string XML (and so Word) can hold: illegal characters removed."""
    return _ILLEGAL.sub("", str(text))


def _right_to_left(text: str) -> bool:
    """Whether the first letter with a direction is from a right-to-left script (Arabic, Hebrew, ...)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _child(parent, tag: str, **attrs):
    """``parent``'s child ``tag`` (added in its place in the schema's order) with ``attrs`` set."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *_SUCCESSORS.get(tag, ()))
    for key, value in attrs.items():
        element.set(qn(key), value)
    return element


class _Writer:
    """The document being written: the python-docx Document, the language, page state."""

    def __init__(self, doc: Document):
        import docx

        self.doc, self.lang = doc, doc.lang
        self.word = docx.Document()
        self.pending: Section | None = None  # a section whose heading comes with its first block
        self.landscape = False  # the current Word section is a landscape page for a wide chart
        self.fresh_page = False  # a Word section just began on a new page: no page break needed

    # -- text
    def paragraph(self, text: str = "", style: str | None = None, *, italic: bool = False, colour=None,
                  bold: bool = False):
        par = self.word.add_paragraph(style=style)
        if text:
            self.run(par, text, bold=bold, italic=italic, colour=colour)
        self.direction(par, text)
        return par

    def run(self, par, text: str, *, bold: bool = False, italic: bool = False, colour=None):
        from docx.shared import RGBColor

        run = par.add_run(clean(text))
        run.bold = bold or None
        run.italic = italic or None
        if colour is not None:
            run.font.color.rgb = RGBColor(*colour)
        return run

    def runs(self, par, runs) -> None:
        """Learner text with its **bold** and *italic* runs."""
        for bold, parts in runs:
            for italic, piece in parts:
                if piece:
                    self.run(par, piece, bold=bold, italic=italic)

    def direction(self, par, text: str) -> None:
        """A paragraph that starts in a right-to-left script reads from the right."""
        if _right_to_left(text):
            _child(par._p.get_or_add_pPr(), "w:bidi")
            for run in par.runs:
                run.font.rtl = True

    def heading(self, text: str, level: int):
        par = self.word.add_heading(level=level)
        self.run(par, text)
        self.direction(par, text)
        return par

    # -- pages
    def start_section(self, sec: Section) -> None:
        self.pending = sec

    def open(self, landscape: bool = False) -> None:
        """Before a block: a page of the right orientation, and the pending section's heading."""
        if landscape != self.landscape:
            self._orientation(landscape)
        if self.pending is not None:
            sec, self.pending = self.pending, None
            par = self.heading(sec.title, 1)
            par.paragraph_format.page_break_before = not self.fresh_page
        self.fresh_page = False

    def _orientation(self, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Inches

        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = (PAGE[1], PAGE[0]) if landscape else PAGE
        section.page_width, section.page_height = Inches(width), Inches(height)
        self.landscape, self.fresh_page = landscape, True

    def text_width(self) -> float:
        """The width between the margins of the current page, in inches."""
        return (PAGE[1] if self.landscape else PAGE[0]) - 2 * MARGIN

    # -- pictures
    def picture(self, raw: bytes, width: float, alt: str, caption: str) -> None:
        """An image ``width`` inches wide, centred, with alt text and a caption under it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        par = self.word.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.keep_with_next = True  # the caption stays with its picture
        shape = par.add_run().add_picture(io.BytesIO(raw), width=Inches(width))
        alt = clean(" ".join(alt.split()))
        shape._inline.docPr.set("descr", alt)
        shape._inline.docPr.set("title", alt)
        self.paragraph(caption, "Caption")


@functools.singledispatch
def add_block(block, writer: _Writer, sec: Section) -> None:
    """Add one block at the end of the document (a registered rule per block type)."""
    raise unknown_block(block, "DOCX")


@add_block.register
def _(block: Paragraph, writer: _Writer, sec: Section) -> None:
    writer.open()
    writer.paragraph(block.text, italic=block.note, colour=_GREY if block.note else None)


@add_block.register
def _(block: LongText, writer: _Writer, sec: Section) -> None:
    writer.open()
    for part in markdown_blocks(block.text):
        if part[0] == "heading":  # the learner's ## under the section's Heading 1, deeper ones one lower
            writer.heading(plain(part[2]), 2 if part[1] <= 2 else 3)
        elif part[0] == "list":
            for item in part[1]:
                par = writer.word.add_paragraph(style="List Bullet")
                writer.runs(par, inline_runs(item))
                writer.direction(par, item)
        else:
            par = writer.word.add_paragraph()
            writer.runs(par, inline_runs(part[1]))
            writer.direction(par, part[1])


def _column_widths(block: Table, total: float) -> list[float]:
    """Column widths in inches: in proportion to each column's text, no column starved."""
    natural = [max([min(len(str(c)), 40) for c in column] + [6]) for column in
               zip(block.columns, *[list(r) + [""] * (len(block.columns) - len(r)) for r in block.rows])]
    return [total * n / sum(natural) for n in natural]


@add_block.register
def _(block: Table, writer: _Writer, sec: Section) -> None:
    from docx.shared import Inches

    writer.open()
    if block.caption:
        par = writer.paragraph(block.caption, "Caption")
        par.paragraph_format.keep_with_next = True
    table = writer.word.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = writer.word.styles["Table Grid"]  # every cell bordered
    table.autofit = False
    widths = _column_widths(block, writer.text_width())
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
    head = table.rows[0]
    _child(head._tr.get_or_add_trPr(), "w:tblHeader")  # repeated at the top of every page
    for cell, text, width in zip(head.cells, block.columns, widths):
        cell.width = Inches(width)
        _child(cell._tc.get_or_add_tcPr(), "w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": _HEAD_FILL})
        par = cell.paragraphs[0]
        writer.run(par, str(text), bold=True)
        writer.direction(par, str(text))
    for row, cells in zip(table.rows[1:], block.rows):
        for cell, text, width in zip(row.cells, cells, widths):
            cell.width = Inches(width)
            text = str(text)
            mark = block.mark(text)
            par = cell.paragraphs[0]
            writer.run(par, f"{MARK_SIGNS[mark]} {text}" if mark else text, bold=mark == "yes",
                       colour=_NO if mark == "no" else None)
            writer.direction(par, text)
    if block.caption:  # the table's own alt text, for screen readers
        properties = table._tbl.tblPr
        _child(properties, "w:tblCaption", **{"w:val": clean(block.caption)[:255]})
    writer.paragraph()  # room between the table and what follows (and never two tables merged)


@add_block.register
def _(block: Chart, writer: _Writer, sec: Section) -> None:
    png = block.png(CHART_DPI)
    if png is None:
        writer.open()
        writer.paragraph(block.failed_text(), italic=True, colour=_GREY)
        writer.paragraph(block.description)
        return
    nat_w, nat_h = block.size_inches(CHART_DPI)
    portrait = min(1.0, (PAGE[0] - 2 * MARGIN) / nat_w, 8.2 / nat_h)
    landscape = min(1.0, (PAGE[1] - 2 * MARGIN) / nat_w, 5.2 / nat_h)
    wide = portrait < 0.6 and landscape > portrait * 1.1  # as in the PDF: a landscape page of its own
    writer.open(landscape=wide)
    writer.picture(png, nat_w * (landscape if wide else portrait), block.label, block.description)
    if wide:
        writer._orientation(False)


def _picture_png(raw: bytes) -> tuple[bytes, int, int]:
    """Any picture Pillow reads as PNG bytes (Word reads PNG everywhere) with its size in pixels."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as img:
        img.seek(0)
        img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
        out = io.BytesIO()
        img.save(out, format="PNG")
        return out.getvalue(), img.width, img.height


@add_block.register
def _(block: Gallery, writer: _Writer, sec: Section) -> None:
    writer.open()
    writer.heading(block.heading, 2)
    writer.paragraph(block.text)
    for picture in block.pictures:
        try:
            raw, width, height = _picture_png(picture.raw)
        except Exception:  # a picture Pillow cannot decode: say so, go on
            writer.paragraph(t("report.image_failed", writer.lang, name=picture.name), italic=True, colour=_GREY)
            continue
        scale = min(_PICTURE_BOX[0] / width, _PICTURE_BOX[1] / height)
        writer.picture(raw, width * scale, picture.name, picture.name)


def _date_text(day: _dt.date, lang: str) -> str:
    months = t("report_docx.months", lang).split(",")
    return t("report_docx.date_format", lang, day=day.day, month=months[day.month - 1].strip(), year=day.year)


def _title_page(writer: _Writer, doc: Document, day: _dt.date) -> None:
    from .. import __version__

    writer.paragraph(doc.title, "Title")
    if doc.intro:
        writer.paragraph(doc.intro)
    lines = [*doc.meta, (t("report_docx.date", doc.lang), _date_text(day, doc.lang)),
             (t("report_docx.course_label", doc.lang), t("report_docx.course", doc.lang))]
    for key, value in lines:
        par = writer.paragraph()
        writer.run(par, f"{key}: ", bold=True)
        writer.run(par, value)
        writer.direction(par, value)
    writer.paragraph(t("report.contents", doc.lang), bold=True).paragraph_format.space_before = _points(18)
    for i, sec in enumerate(doc.sections, 1):
        writer.paragraph(f"{i}. {sec.title}").paragraph_format.left_indent = _points(14)
    writer.paragraph(t("report.footer", doc.lang, version=__version__), italic=True,
                     colour=_GREY).paragraph_format.space_before = _points(18)


def _points(value: float):
    from docx.shared import Pt

    return Pt(value)


def _setup(writer: _Writer, doc: Document, author: str, day: _dt.date) -> None:
    """A4 pages, the document's language in the style defaults, its core properties, a footer."""
    from docx.oxml.ns import qn
    from docx.shared import Inches

    from .. import __version__

    word = writer.word
    section = word.sections[0]
    section.page_width, section.page_height = Inches(PAGE[0]), Inches(PAGE[1])
    for side in ("left", "right", "top", "bottom"):
        setattr(section, f"{side}_margin", Inches(MARGIN))
    tag = LANGUAGE_TAGS.get(doc.lang, doc.lang)
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), tag)
    theme = word.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), tag)
    core = word.core_properties
    core.title = clean(doc.title)[:255]
    core.author = clean(author)[:255]
    core.last_modified_by = clean(author)[:255]
    core.language = tag
    core.subject = clean(t("report_docx.course", doc.lang))
    core.comments = clean(t("report.footer", doc.lang, version=__version__))
    core.keywords = ""
    core.revision = 1
    moment = _dt.datetime.combine(day, _dt.time(12, 0))
    core.created = core.modified = moment
    from docx.opc.constants import RELATIONSHIP_TYPE

    package = word.part.package  # the template's thumbnail is a blank page: no thumbnail at all
    for key, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]
    footer = section.footer.paragraphs[0]
    writer.run(footer, f"{doc.title} \u00b7 ")
    _page_number(footer)


def _page_number(par) -> None:
    """A PAGE field (Word and LibreOffice fill in the number) at the end of ``par``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    par._p.append(field)


def render_document(doc: Document, *, author: str = "", date: _dt.date | None = None) -> bytes:
    """The whole document as ``.docx`` bytes; ``author`` goes into its properties, ``date``
    (default today) onto its title page."""
    day = date or _dt.date.today()
    writer = _Writer(doc)
    _setup(writer, doc, author, day)
    _title_page(writer, doc, day)
    for sec in doc.sections:
        writer.start_section(sec)
        for block in sec.blocks:
            add_block(block, writer, sec)
        if writer.pending is not None:  # a section without blocks still has its heading
            writer.open()
    out = io.BytesIO()
    writer.word.save(out)
    return out.getvalue()
