"""The advice report as a Word document (issue 16, section 1): the same sections as the HTML page
and the PDF, read back with python-docx (headings with their styles, text, tables, images and
their alt text), XML that Word and LibreOffice open without repair, and the three ways to get
it: `journeylib report -o x.docx`, `journeylib batch --report docx` and notebook 08's button."""
from __future__ import annotations

import base64
import datetime
import io
import re
import os
import shutil
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser

import pytest
from lxml import etree

from journeylib import reports
from journeylib.model import Workbook
from journeylib.reports import docx as docx_renderer
from journeylib.store import save_workbook
from test_report_renderers import Unknown, document, pdf_pages, samples
from test_reports import EVIL, SCRIPT, evil_workbook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DAY = datetime.date(2026, 12, 3)
#: Text XML cannot hold, right-to-left text, emoji and a word longer than any line.
HOSTILE = "a\x00b\x01c\x08d\x0be\x0cf\x1bg\x7fh\ufffei\uffff \u0645\u0631\u062d\u0628\u0627 \U0001F600\u2605 " + "x" * 300
RTL = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd, dit is een zin"  # starts in Hebrew


def read(raw: bytes):
    import docx

    return docx.Document(io.BytesIO(raw))


def headings(doc) -> list[tuple[int, str]]:
    """(level, text) of every paragraph in a Heading style, in order."""
    out = []
    for par in doc.paragraphs:
        match = re.fullmatch(r"Heading (\d)", par.style.name)
        if match:
            out.append((int(match.group(1)), par.text))
    return out


class _Headings(HTMLParser):
    """The headings inside <main> of a report page: (level, text), h2 as level 1."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.current, self.found = False, None, []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside = True
        elif self.inside and re.fullmatch(r"h[2-6]", tag):
            self.current = [int(tag[1]) - 1, ""]

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside = False
        elif self.current is not None and re.fullmatch(r"h[2-6]", tag):
            self.found.append((self.current[0], self.current[1]))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current[1] += data


def html_headings(page: str) -> list[tuple[int, str]]:
    parser = _Headings()
    parser.feed(page)
    return parser.found


def all_text(doc) -> str:
    """Every paragraph's text, the tables' cells and the footer."""
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pictures(raw: bytes) -> list:
    """The ``wp:docPr`` of every picture in the document body."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    return body.findall(f".//{WP}docPr")


# the order the schema (ECMA-376, transitional) gives the children of the elements the renderer writes to
ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
            "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
            "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription", "tblPrChange"],
    "trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
             "tcPrChange"],
}


def assert_opens_cleanly(raw: bytes) -> None:
    """What makes Word offer a repair: a part that does not parse, a character XML forbids,
    a relationship to a missing part, a part without a content type, two drawings with one
    id, property elements out of the schema's order."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        names = set(z.namelist())
        assert z.testzip() is None
        types = etree.fromstring(z.read("[Content_Types].xml"))
        defaults = {e.get("Extension").lower() for e in types if e.tag.endswith("Default")}
        overrides = {e.get("PartName").lstrip("/") for e in types if e.tag.endswith("Override")}
        for name in names:
            if name.endswith("/"):
                continue
            assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
            if name.endswith((".xml", ".rels")):
                data = z.read(name)
                text = data.decode("utf-8")
                assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), name
                root = etree.fromstring(data)  # raises on anything malformed
                if name.endswith(".rels"):
                    folder = name.replace("_rels/", "").removesuffix(".rels").rpartition("/")[0]
                    for rel in root:
                        if rel.get("TargetMode") == "External":
                            continue
                        target = rel.get("Target")
                        path = target.lstrip("/") if target.startswith("/") else "/".join(
                            p for p in (folder, target) if p)
                        parts = []
                        for piece in path.split("/"):
                            parts = parts[:-1] if piece == ".." else parts + [piece]
                        assert "/".join(parts) in names, (name, target)
        body = etree.fromstring(z.read("word/document.xml"))
    ids = [e.get("id") for e in body.iter(f"{WP}docPr")]
    assert len(ids) == len(set(ids)), ids
    for element in body.iter(*(f"{W}{tag}" for tag in ORDER)):
        order = ORDER[etree.QName(element).localname]
        seen = [etree.QName(c).localname for c in element if etree.QName(c).namespace == W[1:-1]]
        known = [order.index(tag) for tag in seen if tag in order]
        assert known == sorted(known), (etree.QName(element).localname, seen)


# --------------------------------------------------------------------------- the demo report

@pytest.fixture(scope="module")
def demo():
    wb = reports.demo_workbook("hospital", lang="nl")
    wb.brand.organisation = "Ziekenhuis Vliethoven \u2605 caf\u00e9 \u20ac 5"
    return wb


@pytest.fixture(scope="module")
def demo_docx(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "demo.docx"
    started = time.perf_counter()
    reports.render_docx(demo, path, lang="nl", date=DAY)
    return {"raw": path.read_bytes(), "seconds": time.perf_counter() - started}


def test_the_demo_report_has_the_html_reports_headings_as_word_headings(demo, demo_docx):
    doc = read(demo_docx["raw"])
    page = reports.render_html(demo, lang="nl")
    found = headings(doc)
    assert found == html_headings(page)
    assert [text for level, text in found if level == 1] == [reports.section(n, demo, "nl").title
                                                             for n in reports.REPORT_SECTIONS]
    assert (2, "Tijdens") in found  # the reflection board's phases one level down
    first = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    assert first.paragraph_format.page_break_before  # every section from a new page, as in the PDF


def test_the_same_sections_in_html_pdf_and_docx(demo, demo_docx, tmp_path):
    """A section added to the report once is in all three outputs, in the same order."""
    titles = [reports.section(n, demo, "nl").title for n in reports.REPORT_SECTIONS]
    html = [text for level, text in html_headings(reports.render_html(demo, lang="nl")) if level == 1]
    docx = [text for level, text in headings(read(demo_docx["raw"])) if level == 1]
    from pypdf import PdfReader

    reader = PdfReader(reports.render_pdf(demo, tmp_path / "d.pdf", lang="nl"))
    bookmarks = [item.title for item in reader.outline]  # the PDF's sections
    starts = [" ".join((reader.pages[reader.get_destination_page_number(item)].extract_text() or "").split())
              for item in reader.outline]
    assert html == docx == bookmarks == titles
    assert all(page.startswith(title) for page, title in zip(starts, titles))  # each heads its page


def test_the_demo_report_reads_back_text_title_page_tables_and_properties(demo, demo_docx):
    raw = demo_docx["raw"]
    doc = read(raw)
    text = all_text(doc)
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "Adviesrapport: Voorbeeldcursist"
    for line in ("Cursist: Voorbeeldcursist", f"Organisatie: {demo.brand.organisation}", "Datum: 3 december 2026",
                 "Cursus: CX Journey Lab", "Casus: Een dag op de polikliniek"):
        assert line in text, line
    sentence = "Een klant hoort niet opnieuw te hoeven bellen omdat de balie niet mocht helpen."
    assert sentence in demo.advice and sentence in text
    chosen = [tp.name for tp in demo.journey.touchpoints if tp.moment_of_truth]
    assert chosen and all(name in text for name in chosen)
    # tables are Word tables: bordered style, a repeating heading row, bold heading cells
    blocks = [b for s in reports.report_document(demo, "nl").sections for b in s.blocks]
    tables = [b for b in blocks if isinstance(b, reports.Table)]
    assert len(doc.tables) == len(tables) >= 4
    for table, block in zip(doc.tables, tables):
        assert table.style.name == "Table Grid"
        head = table.rows[0]
        assert head._tr.trPr.find(f"{W}tblHeader") is not None
        assert [c.text for c in head.cells] == block.columns
        assert all(r.bold for c in head.cells for r in c.paragraphs[0].runs)
        assert [[c.text for c in row.cells] for row in table.rows[1:2]] == [
            [f"{reports.blocks.MARK_SIGNS[block.mark(c)]} {c}" if block.mark(c) else c for c in block.rows[0]]]
    # properties and language
    core = doc.core_properties
    assert (core.title, core.author, core.language) == ("Adviesrapport: Voorbeeldcursist", "Voorbeeldcursist", "nl-NL")
    lang = doc.styles.element.find(f"{W}docDefaults").find(f".//{W}lang")
    assert lang.get(f"{W}val") == "nl-NL"
    assert not [e for e in doc.styles.element.iter(f"{W}lang") if e.get(f"{W}val") not in (None, "nl-NL")]
    assert doc.sections[0].page_width.inches == pytest.approx(8.27, abs=0.01)  # A4
    assert "docProps/thumbnail.jpeg" not in zipfile.ZipFile(io.BytesIO(raw)).namelist()
    assert_opens_cleanly(raw)


def test_every_chart_and_picture_is_an_image_with_alt_text_and_a_caption(demo, demo_docx):
    raw = demo_docx["raw"]
    doc = read(raw)
    sections = reports.report_document(demo, "nl").sections
    charts = [b for s in sections for b in s.blocks if isinstance(b, reports.Chart)]
    photos = [p for s in sections for b in s.blocks if isinstance(b, reports.Gallery) for p in b.pictures]
    shapes = pictures(raw)
    assert len(doc.inline_shapes) == len(shapes) == len(charts) + len(photos) >= 10
    assert [s.get("descr") for s in shapes] == [c.label for c in charts] + [p.name for p in photos]
    assert all(s.get("title") == s.get("descr") and s.get("descr").strip() for s in shapes)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    for chart in charts:
        assert chart.description in captions, chart.label
    for shape in doc.inline_shapes:
        assert shape.width.inches <= 8.27 - 2 * docx_renderer.MARGIN + 0.01
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert media and all(m.startswith(b"\x89PNG") for m in media)


def test_the_demo_report_is_made_in_reasonable_time_and_size(demo_docx):
    """Measured: the demo report (10 charts drawn at 150 dpi, 3 photos) takes about 3 s and
    0.7 MB on the 2-core machine; the budget leaves room for a slower one."""
    assert demo_docx["seconds"] < 20
    assert len(demo_docx["raw"]) < 2_500_000


# --------------------------------------------------------------------------- empty and hostile workbooks

def test_an_empty_workbook_gives_every_section_with_its_note(tmp_path):
    raw = reports.render_docx(Workbook(), tmp_path / "empty.docx", lang="en").read_bytes()
    doc = read(raw)
    assert headings(doc) == html_headings(reports.render_html(Workbook(), lang="en"))
    assert [t for _, t in headings(doc)] == [reports.section(n, Workbook(), "en").title
                                             for n in reports.REPORT_SECTIONS]
    text = all_text(doc)
    assert "No advice text written yet." in text and "The reflection board is still empty." in text
    assert doc.paragraphs[0].text == "Advice report" and doc.core_properties.language == "en-GB"
    assert doc.core_properties.author == "" and len(doc.inline_shapes) == 0
    assert_opens_cleanly(raw)


def test_a_hostile_workbook_is_data_and_opens_cleanly(tmp_path):
    wb = evil_workbook()
    wb.learner = f"Anna {HOSTILE[:60]}"
    wb.advice = f"## Kop {HOSTILE}\n\n{RTL}\n\n- punt {HOSTILE}\n\n{EVIL} **vet** & <b>niet vet</b>"
    wb.brand.organisation = HOSTILE[:100]
    raw = reports.render_docx(wb, tmp_path / "evil.docx", lang="en").read_bytes()
    assert_opens_cleanly(raw)
    doc = read(raw)
    text = all_text(doc)
    assert f"{EVIL} vet & <b>niet vet</b>" in text  # markup stays text; **bold** became bold
    assert "abcdefghi" in text and "\u0645\u0631\u062d\u0628\u0627 \U0001F600\u2605" in text  # only the illegal removed
    assert "x" * 300 in text
    clean = docx_renderer.clean
    assert headings(doc) == [(level, clean(text)) for level, text in html_headings(reports.render_html(wb, lang="en"))]
    rtl = next(p for p in doc.paragraphs if p.text == RTL)
    assert rtl._p.pPr.find(f"{W}bidi") is not None and all(r.font.rtl for r in rtl.runs)
    assert next(p for p in doc.paragraphs if p.text.startswith("punt")).style.name == "List Bullet"
    assert doc.core_properties.author == docx_renderer.clean(" ".join(wb.learner.split()))  # as the title page
    assert len(pictures(raw)) >= 3 and all(s.get("descr") for s in pictures(raw))
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert b"<script>" not in z.read("word/document.xml")  # only as &lt;script&gt; text


# --------------------------------------------------------------------------- every block, the renderer alone

def test_every_block_type_renders_in_docx_with_hostile_text():
    blocks = [b for kind in samples(HOSTILE).values() for b in kind]
    raw = docx_renderer.render_document(document(blocks, HOSTILE), author=HOSTILE, date=DAY)
    assert_opens_cleanly(raw)
    doc = read(raw)
    text = all_text(doc)
    clean = docx_renderer.clean(HOSTILE)
    for phrase in ("Alinea", "Nog niets", "Kop", "punt", "Bijschrift", "cel", "Beschrijving van de staafjes",
                   "Een brede grafiek", "Wat de kapotte grafiek zou tonen", "Tijdens", "Trefwoorden: wachten",
                   "foto", "gif"):
        assert f"{phrase} {clean}" in text, phrase
    assert "kon niet getekend worden: RuntimeError: boom" in text
    from journeylib.i18n import t

    assert t("report.image_failed", "nl", name=f"kapot {clean}") in text  # the picture Pillow cannot read
    assert "\u2713 ja" in text and "\u2717 nee" in text
    assert len(doc.inline_shapes) == 2 + 2  # two charts drawn, two pictures decoded (the PNG and the GIF)
    orientation = [s.page_width > s.page_height for s in doc.sections]
    assert orientation == [False, True, False], orientation  # the wide chart on a landscape page of its own
    note = next(p for p in doc.paragraphs if p.text.startswith("Nog niets"))
    assert note.runs[0].italic


def test_an_unknown_block_is_an_error_in_the_docx_renderer():
    with pytest.raises(TypeError, match="DOCX renderer has no rule for a Unknown block"):
        docx_renderer.render_document(document([reports.Paragraph("ok"), Unknown()]))


def test_clean_removes_only_what_xml_cannot_hold():
    assert docx_renderer.clean("a\x00\x1f\x7f\ud800\ufffe\tb\nc\r\u200f\U0001F600") == "a\tb\nc\r\u200f\U0001F600"


@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("JOURNEYLIB_REQUIRE_SOFFICE") != "1",
                    reason="LibreOffice is not installed (CI installs it and sets JOURNEYLIB_REQUIRE_SOFFICE=1)")
def test_libreoffice_converts_the_report_to_pdf(demo_docx, tmp_path):
    """Opens without repair in LibreOffice: its headless writer converts the report to PDF."""
    assert shutil.which("soffice"), "JOURNEYLIB_REQUIRE_SOFFICE=1 but LibreOffice (soffice) is not installed"
    source = tmp_path / "demo.docx"
    source.write_bytes(demo_docx["raw"])
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel workers do not share one
    result = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Momenten van de waarheid" in " ".join(pdf_pages((tmp_path / "demo.pdf").read_bytes()))


# --------------------------------------------------------------------------- CLI, batch, notebook 08

def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "journeylib.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_cli_writes_docx_and_refuses_to_overwrite_any_report(tmp_path):
    wb_path = tmp_path / "anna.workbook.json"
    save_workbook(Workbook(learner="Anna", advice="Meer aandacht voor de balie."), wb_path)
    out = tmp_path / "advies.docx"
    result = run_cli("report", wb_path, "-o", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Meer aandacht voor de balie." in all_text(read(out.read_bytes()))
    for target in (out, tmp_path / "r.pdf", tmp_path / "r.html"):
        target.write_bytes(b"the learner's edited version")
        result = run_cli("report", wb_path, "-o", target)
        assert result.returncode == 1 and result.stderr.count("\n") == 1
        assert "bestaat al" in result.stderr and "--force" in result.stderr
        assert target.read_bytes() == b"the learner's edited version"
    result = run_cli("--lang", "en", "report", wb_path, "-o", out, "--force")
    assert result.returncode == 0 and read(out.read_bytes()).core_properties.author == "Anna"
    from journeylib.errors import FileFormatError

    with pytest.raises(FileFormatError) as info:
        reports.write_report(wb_path, tmp_path / "x.odt")
    assert ".docx" in info.value.message("en")


def test_batch_writes_each_workbooks_report_as_docx(tmp_path):
    from journeylib import batch, cli
    from test_batch import tiny_notebook

    folder = tmp_path / "class"
    folder.mkdir()
    save_workbook(Workbook(learner="Anna de Vries", advice="Advies van Anna."), folder / "a.workbook.json")
    save_workbook(Workbook(learner=EVIL, advice=f"Advies {HOSTILE}"), folder / "b.workbook.json")
    nb = tiny_notebook(tmp_path / "echo.ipynb")
    results = batch.run_batch(nb, tmp_path / "out", workbooks=folder, workers=2, progress=False, lang="nl",
                              report="docx")
    assert [r.status for r in results] == ["ok", "ok"], [r.detail for r in results]
    files = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert files == sorted(["anna-de-vries.docx", f"{batch.slugify(EVIL, fallback='b')}.docx"])
    anna = read((tmp_path / "out" / "anna-de-vries.docx").read_bytes())
    assert "Advies van Anna." in all_text(anna) and anna.core_properties.language == "nl-NL"
    assert all(str(tmp_path / "out" / f) in sum((r.outputs for r in results), []) for f in files)
    with pytest.raises(batch.BatchError) as info:
        batch.run_batch(nb, tmp_path / "out2", workbooks=folder, report="odt", progress=False)
    assert "docx" in info.value.message("en")
    assert cli._parser().parse_args(["batch", str(nb), "--workbooks", str(folder), "-o", "x",
                                     "--report", "docx"]).report == "docx"


def test_notebook_08_offers_the_report_as_a_word_download(open_session):
    import docx as python_docx

    from journeylib.widgets.advice import AdviceEditor

    editor = AdviceEditor(open_session("hospital", name="anna"))
    try:
        assert editor.make_docx.description == "Rapport maken (Word)"
        buttons = next(box.children for box in editor.children if editor.make_html in getattr(box, "children", ()))
        assert buttons[:3] == (editor.make_html, editor.make_pdf, editor.make_docx)  # beside HTML and PDF
        editor.text.value = f"## Situatie\nAdvies {SCRIPT}"
        editor.make_docx.click()
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        match = re.search(rf'download="anna\.docx" href="data:{re.escape(mime)};base64,([^"]+)"', editor.link.value)
        assert match, editor.link.value
        doc = python_docx.Document(io.BytesIO(base64.b64decode(match.group(1))))
        assert (2, "Situatie") in headings(doc) and f"Advies {SCRIPT}" in all_text(doc)
        assert "anna.docx" in editor.report_message.text
    finally:
        editor.close()
