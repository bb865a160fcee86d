"""Every block type through every renderer; the PDF's text is real text; learner markup stays text."""
from __future__ import annotations

import io
import re

import pytest

from journeylib import reports
from test_reports import assert_inert, parse

SCRIPT = "<script>alert(1)</script>"


def pdf_pages(raw: bytes) -> list[str]:
    """The text of each page of a PDF, whitespace collapsed (the lines of a paragraph joined)."""
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(raw)).pages]


@pytest.fixture(scope="module")
def demo():
    wb = reports.demo_workbook("hospital", lang="nl")
    wb.brand.organisation = "Ziekenhuis Vliethoven \u2605 caf\u00e9 \u20ac 5"
    return wb


def test_the_pdf_holds_the_learners_text_as_real_text(demo, tmp_path):
    """Organisation, touchpoint names and the advice can be found (and copied) in the PDF."""
    pages = pdf_pages(reports.render_pdf(demo, tmp_path / "demo.pdf", lang="nl").read_bytes())
    text = " ".join(pages)
    assert "\ufffd" not in text  # every glyph maps back to its character
    title_page = pages[0]
    assert "Adviesrapport" in title_page and demo.learner in title_page
    assert demo.brand.organisation in title_page  # with the star, the accent and the euro sign
    assert "Inhoud" in title_page and "Momenten van de waarheid" in title_page
    chosen = [tp.name for tp in demo.journey.touchpoints if tp.moment_of_truth]
    assert chosen and all(name in text for name in chosen), chosen
    html_text = " ".join(parse(reports.render_html(demo, lang="nl")).text)
    named = [tp.name for tp in demo.journey.touchpoints if tp.name in html_text]
    assert len(named) > len(chosen) and [name for name in named if name not in text] == []  # as in the HTML
    sentence = "Een klant hoort niet opnieuw te hoeven bellen omdat de balie niet mocht helpen."
    assert sentence in demo.advice and sentence in text
    assert "Momenten van de waarheid" in text and "Advies" in text  # section headings too


# --------------------------------------------------------------------------- every block, every renderer

def png(width=40, height=30, fmt="PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def bar_chart(figsize=(5, 3)):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    ax.bar(["a", "b"], [1, 2])
    return ax


def broken_chart():
    raise RuntimeError("boom")


def samples(text: str = "") -> dict[type, list]:
    """One or more blocks of every type; ``text`` goes into every text field."""
    from journeylib.reports.blocks import Chart, Gallery, LongText, Paragraph, Picture, Table

    return {
        Paragraph: [Paragraph(f"Alinea {text}"), Paragraph(f"Nog niets {text}", note=True)],
        LongText: [LongText(f"## Kop {text}\nDe **balie** is *traag* {text}.\n\n- punt {text}")],
        Table: [Table([f"Kolom {text}", "Klaar"], [[f"cel {text}", "ja"], ["rij 2", "nee"]],
                      caption=f"Bijschrift {text}", marks=("ja", "nee"))],
        Chart: [Chart(f"Staafjes {text}", bar_chart, f"Beschrijving van de staafjes {text}", lang="nl"),
                Chart(f"Breed {text}", lambda: bar_chart((16, 3)), f"Een brede grafiek {text}", lang="nl"),
                Chart(f"Kapot {text}", broken_chart, f"Wat de kapotte grafiek zou tonen {text}", lang="nl")],
        Gallery: [Gallery(f"Tijdens {text}", f"Trefwoorden: wachten {text}",
                          [Picture(f"foto {text}", "png", png(), 40, 30),
                           Picture(f"gif {text}", "gif", png(fmt="GIF"), 40, 30),
                           Picture(f"kapot {text}", "png", b"not an image", 40, 30)])],
    }


def document(blocks, text: str = ""):
    from journeylib.reports.blocks import Document, Section

    return Document(f"Rapport {text}", "nl", [(f"Cursist {text}", f"Anna {text}")],
                    [Section("alles", f"Alles {text}", blocks, "nl")], intro=f"Inleiding {text}")


def render_both(blocks, text: str = "") -> tuple[str, list[str]]:
    from journeylib.reports import html, pdf

    doc = document(blocks, text)
    return html.render_document(doc), pdf_pages(pdf.render_document(doc))


def test_the_samples_cover_every_block_type():
    from journeylib.reports.blocks import BLOCK_TYPES

    assert set(samples()) == set(BLOCK_TYPES)


@pytest.mark.parametrize("kind", list(samples()), ids=lambda k: k.__name__)
def test_every_block_type_renders_in_html_and_pdf(kind):
    page, pages = render_both(samples()[kind])
    pdf = " ".join(pages)
    expected = {
        "Paragraph": ["Alinea", "Nog niets"],
        "LongText": ["Kop", "De balie is traag", "punt"],
        "Table": ["Bijschrift", "Kolom", "cel", "\u2713 ja", "\u2717 nee"],
        "Chart": ["Beschrijving van de staafjes", "Een brede grafiek", "Wat de kapotte grafiek zou tonen",
                  "kon niet getekend worden: RuntimeError: boom"],
        "Gallery": ["Tijdens", "Trefwoorden: wachten", "foto", "gif", "kapot"],
    }[kind.__name__]
    text = re.sub(r"<[^>]+>", "", page)
    for phrase in expected:
        assert phrase in text, ("html", phrase)
        assert phrase in pdf, ("pdf", phrase)
    assert "Alles" in pages[1]  # the section starts on the page after the title page
    if kind.__name__ == "LongText":
        assert "\u2022 punt" in pdf and "<li>punt</li>" in page


def test_html_shows_each_block_as_its_element():
    page, _ = render_both([b for blocks in samples().values() for b in blocks])
    assert '<p class="note">Nog niets </p>' in page and "<h3>Kop</h3>" in page
    assert '<td class="yes">\u2713 ja</td>' in page and "<caption>Bijschrift </caption>" in page
    assert page.count("<figure>") == 2 + 3 and page.count('aria-describedby="desc-alles-') == 2  # charts, pictures
    assert 'src="data:image/gif;base64,' in page


def test_a_wide_chart_gets_a_landscape_page_with_the_section_heading():
    from pypdf import PdfReader

    from journeylib.reports import pdf

    charts = samples()[reports.Chart]
    reader = PdfReader(io.BytesIO(pdf.render_document(document(charts))))
    sizes = [(float(p.mediabox.width) > float(p.mediabox.height)) for p in reader.pages]
    assert sizes == [False, False, True, False], sizes  # title; first chart; the wide one; the broken one
    assert "Alles" in reader.pages[2].extract_text() and "Een brede grafiek" in reader.pages[2].extract_text()


class Unknown:
    text = "?"


def test_an_unknown_block_is_an_error_in_every_renderer():
    from journeylib.reports import html, pdf

    for render in (html.render_document, pdf.render_document):
        with pytest.raises(TypeError, match="no rule for a Unknown block"):
            render(document([reports.Paragraph("ok"), Unknown()]))
    with pytest.raises(TypeError, match="HTML renderer"):
        reports.section_html(reports.Section("x", "X", [Unknown()]))


def test_learner_script_in_any_text_field_is_escaped_in_html():
    blocks = [b for blocks in samples(SCRIPT).values() for b in blocks]
    page, pages = render_both(blocks, SCRIPT)
    assert_inert(page)
    assert "<script" not in page.lower()
    shown = " ".join(parse(page).text)
    # every text field: title, intro, meta, section and block texts, table cells, captions, chart labels
    fields = ["Rapport", "Inleiding", "Cursist", "Anna", "Alles", "Alinea", "Nog niets", "Kop", "punt", "Kolom", "cel",
              "Bijschrift", "Beschrijving van de staafjes", "Een brede grafiek", "Tijdens", "Trefwoorden: wachten",
              "foto", "gif"]
    for field in fields:
        assert f"{field} {SCRIPT}" in shown, field
    assert f'alt="Staafjes {SCRIPT}' not in page and 'alt="Staafjes &lt;script&gt;' in page  # attributes too
    assert f"Alinea {SCRIPT}" in " ".join(pages)  # the PDF shows the text as written


def test_pdf_text_stays_inside_the_page(tmp_path):
    """Flow layout: every piece of text of a long, hostile report lies within the page."""
    from pypdf import PdfReader

    from test_reports import evil_workbook

    wb = evil_workbook()
    wb.advice = "\n\n".join(" ".join(f"woord{j}" for j in range(i * 200, i * 200 + 200)) for i in range(4))
    reader = PdfReader(io.BytesIO(reports.render_pdf(wb, tmp_path / "evil.pdf", lang="en").read_bytes()))
    outside = []
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, width=width, height=height, number=number):
            x, y = tm[4], tm[5]
            if text.strip() and not (0 < x < width - 20 and 0 < y < height - 20):
                outside.append((number, round(x), round(y), text[:30]))

        page.extract_text(visitor_text=visit)
    assert not outside
    assert len(reader.pages) >= 1 + len(reports.REPORT_SECTIONS)
