"""The learner's advice report: self-contained, escaped HTML; a paged PDF; the report notebook."""
from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeylib import reports
from journeylib.errors import FileFormatError, JourneyError
from journeylib.model import (BrandFitRating, ChannelMatrix, Journey, PhaseReflection, StoredImage, Touchpoint,
                              Workbook)
from journeylib.store import save_workbook

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
EVIL = f"{SCRIPT}{IMG}"


def png_bytes(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


def evil_workbook(learner: str = EVIL) -> Workbook:
    """A full workbook with script and event-handler markup in every text field."""
    def tp(i, phase, **kw):
        return Touchpoint(id=f"tp-{i}", name=f"{EVIL} {i}", phase=phase, channel=f"{IMG} ch{i % 2}",
                          description=EVIL, standard_way=EVIL, notes=EVIL, emotion=(i % 7) - 3,
                          importance=1 + i % 5, influence=1 + (i * 2) % 5, performance=1 + (i * 3) % 5,
                          expectation=3, service_level=1 + i % 6, moment_of_truth=i % 3 == 0, **kw)
    image = StoredImage(name=EVIL[:120], mime="png", width=40, height=30,
                        data=base64.b64encode(png_bytes()).decode("ascii"))
    return Workbook(
        learner=learner[:120], case=EVIL[:120], advice=f"{EVIL}\n\n{EVIL} $\\frac{{x}}$ & \"quotes\" 'single'",
        brand={"organisation": EVIL, "why": EVIL, "how": EVIL, "what": EVIL,
               "essence_words": [f"{SCRIPT}a", f"{IMG}b", "c\"'<>&"], "values": [EVIL, f"{EVIL}2"]},
        journeys=[Journey(name=EVIL, persona=EVIL,
                          touchpoints=[tp(i, ("before", "during", "after")[i % 3]) for i in range(9)])],
        channels=ChannelMatrix(channels=[f"{SCRIPT}phone", f"{IMG}desk"], problems=[f"{EVIL}p1", f"{EVIL}p2"],
                               can_solve={f"{SCRIPT}phone": [f"{EVIL}p1"]}),
        brand_fit=[BrandFitRating(behaviour=EVIL, scores=[2, -1, 0])],
        reflections={p: PhaseReflection(keywords=[EVIL, f"{IMG}!"], images=[image]) for p in ("before", "during", "after")},
        answers={"q1": EVIL, "hospitality-model": EVIL, "authentic": EVIL, "pie-a": EVIL},  # notebook 07's answers
    )


class Page(HTMLParser):
    """Collects what matters for safety: elements, attributes, text, image sources."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_inert(html: str) -> Page:
    """No script element, no event-handler attribute, nothing loaded from elsewhere."""
    page = parse(html)
    assert "script" not in page.tags
    assert not {"iframe", "object", "embed", "link", "base", "form", "svg", "math"} & set(page.tags)
    assert not [(t, k) for t, k, _ in page.attrs if k.lower().startswith("on")]
    for tag, key, value in page.attrs:
        if key in ("src", "href", "srcset", "action", "poster"):
            assert value.startswith(("data:image/", "#")), (tag, key, value[:60])
    assert re.search(r"https?://", html) is None
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    return page


def assert_sections(html: str, keys) -> tuple[Page, str]:
    """An inert page with a ``<section>`` for every key; returns the parsed page and its text."""
    page = assert_inert(html)
    for key in keys:
        assert f'<section id="{key}">' in html, key
    text = " ".join(page.text)
    assert "could not" not in text and "kon niet" not in text  # no chart or section failed
    return page, text


@pytest.fixture(scope="module")
def demo():
    return reports.demo_workbook("hospital", lang="nl")


@pytest.fixture(scope="module")
def demo_html(demo):
    return reports.render_html(demo, lang="nl")


def test_full_report_has_every_section_with_charts_and_no_failures(demo_html):
    page, text = assert_sections(demo_html, reports.REPORT_SECTIONS)
    images = [v for t, k, v in page.attrs if t == "img" and k == "src"]
    assert sum(v.startswith("data:image/png;base64,") for v in images) >= 8  # charts and reflection images
    assert "Merkessentie en gouden cirkel" in text and "Voorbeeldcursist" in text
    assert demo_html.count("<figcaption") >= 8  # every chart with its description


def test_every_learner_text_is_escaped_and_inert():
    html = reports.render_html(evil_workbook(), lang="en")
    page = assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html and "<img src=x" not in html
    assert SCRIPT in " ".join(page.text)  # shown as text, where the learner wrote it
    assert "could not" not in " ".join(page.text)
    # learner text appears only as text or inside alt attributes, never as markup
    assert not [k for t, k, v in page.attrs if k not in ("alt", "src", "id", "class", "href", "lang", "width",
                                                         "height", "aria-describedby", "aria-label", "scope",
                                                         "charset", "http-equiv", "content", "name", "role", "tabindex")]


def test_empty_workbook_says_so_per_section_and_does_not_fail(tmp_path):
    html = reports.render_html(Workbook(), lang="en")
    page = assert_inert(html)
    text = " ".join(page.text)
    for phrase in ("No brand essence filled in yet", "No customer journey", "No channel table",
                   "reflection board is still empty", "No advice text"):
        assert phrase in text
    assert "could not" not in text
    out = reports.render_pdf(Workbook(), tmp_path / "empty.pdf", lang="en")
    assert out.read_bytes().startswith(b"%PDF")


def pages(raw: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", raw))


def test_pdf_of_a_full_workbook_is_paged(tmp_path):
    """Every section filled (with hostile text, which must not break the layout either)."""
    raw = reports.render_pdf(evil_workbook(), tmp_path / "full.pdf", lang="en").read_bytes()
    assert raw.startswith(b"%PDF") and pages(raw) > 1
    assert pages(raw) >= 1 + len(reports.REPORT_SECTIONS)  # a title page and a page per section at least


def test_long_advice_flows_over_pages(tmp_path):
    short = reports.render_pdf(Workbook(advice="Kort advies."), tmp_path / "short.pdf").read_bytes()
    advice = "\n\n".join(" ".join(f"woord{j}" for j in range(i * 300, i * 300 + 300)) for i in range(5))
    long = reports.render_pdf(Workbook(advice=advice), tmp_path / "long.pdf").read_bytes()
    assert pages(long) >= pages(short) + 3


def test_a_chart_that_fails_is_named_and_the_rest_renders(monkeypatch, demo):
    import journeylib.charts.golden as golden

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(golden, "plot_golden_circle", broken)
    html = reports.section_html(reports.section("brand", demo, lang="en"))
    assert "This chart could not be drawn: RuntimeError: boom" in html
    assert "<table>" in html and "Golden circle" in html  # the rest of the section is still there


def test_languages_differ_and_unknown_section_or_format_is_refused(tmp_path, demo):
    nl = reports.section("moments", demo, lang="nl")
    en = reports.section("moments", demo, lang="en")
    assert nl.title == "Momenten van de waarheid" and en.title == "Moments of truth"
    assert repr(nl).startswith("<Section moments:")
    with pytest.raises(KeyError):
        reports.section("nope", demo)
    with pytest.raises(FileFormatError) as info:
        reports.write_report(demo, tmp_path / "x.odt")
    assert ".html" in info.value.message("en") and not (tmp_path / "x.odt").exists()


def test_write_report_from_a_file_and_the_cli(tmp_path):
    wb_path = tmp_path / "anna.workbook.json"
    save_workbook(Workbook(learner="Anna", advice="Meer aandacht voor de balie."), wb_path)
    out = reports.write_report(wb_path, tmp_path / "r.html", lang="en")
    assert "Advice report" in out.read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "journeylib.cli", "report", str(wb_path), "-o",
                             str(tmp_path / "r.pdf"), "--lang", "en"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    bad = tmp_path / "bad.workbook.json"
    bad.write_text("{ nope", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "journeylib.cli", "report", str(bad), "-o",
                             str(tmp_path / "bad.html"), "--lang", "en"], capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "bad.workbook.json" in result.stderr
    assert not (tmp_path / "bad.html").exists()
    with pytest.raises(JourneyError):
        reports.write_report(bad, tmp_path / "bad.pdf")


def test_demo_workbook_is_deterministic():
    a = reports.demo_workbook("telecom", lang="en")
    b = reports.demo_workbook("telecom", lang="en")
    assert a == b and a.advice and any(r.images for r in a.reflections.values())


def run_instructor_notebook(name: str, out: Path, **parameters) -> str:
    """Run notebooks/instructor/NAME with papermill in a fresh kernel; returns its HTML outputs
    (and checks that no cell failed and nothing in them is a script or an event handler)."""
    import nbformat
    import papermill as pm

    folder = ROOT / "notebooks" / "instructor"
    pm.execute_notebook(str(folder / name), str(out), parameters=parameters, progress_bar=False, cwd=str(folder),
                        kernel_name="python3")
    nb = nbformat.read(out, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in cells for o in c.get("outputs", []))
    page = parse(html)
    assert "script" not in page.tags and not [k for _, k, _ in page.attrs if k.startswith("on")]
    return html


def test_report_notebook_runs_headless_for_a_learner_workbook(tmp_path):
    """The notebook the batch runs: papermill parameters only, learner text escaped in its outputs."""
    wb_path = tmp_path / "evil.workbook.json"
    save_workbook(evil_workbook(), wb_path)
    html = run_instructor_notebook("report.ipynb", tmp_path / "out.ipynb", workbook=str(wb_path), lang="en")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "Moments of truth" in html


ADVICE_MD = ("## Situatie\nDe **balie** is *traag*.\nEen tweede regel.\n\n"
             f"- eerste punt\n- tweede punt {SCRIPT}\n\n### Advies {IMG}\nDoe het __nu__ en _samen_.")


def test_advice_markdown_headings_lists_and_emphasis_in_html():
    """Issue 11: the advice outline's '## Situatie' appeared literally in the report."""
    html = reports.render_html(Workbook(advice=ADVICE_MD), lang="nl")
    page = assert_inert(html)
    advice = html[html.index('<section id="advice">'):]
    assert "<h3>Situatie</h3>" in advice and "## " not in advice
    assert "<strong>balie</strong>" in advice and "<em>traag</em>" in advice
    assert "<p>De <strong>balie</strong> is <em>traag</em>.\nEen tweede regel.</p>" in advice  # line break kept
    assert "<ul><li>eerste punt</li><li>tweede punt &lt;script&gt;alert(1)&lt;/script&gt;</li></ul>" in advice
    assert "<h4>Advies &lt;img src=x onerror=&quot;alert(2)&quot;&gt;</h4>" in advice
    assert "<strong>nu</strong>" in advice and "<em>samen</em>" in advice
    assert "script" not in page.tags and SCRIPT in " ".join(page.text)
    assert "22 woorden" in advice  # the marks ("##", "**", "- ") are not counted as words


def test_advice_markdown_never_passes_markup():
    for text in (f"**{SCRIPT}**", f"*{IMG}*", f"# {SCRIPT}", f"- {IMG}", "<b>vet</b> **<i>x</i>**",
                 "** not bold **", "a*b*c and snake_case_name", "<!-- x -->", "[link](javascript:alert(1))"):
        out = reports.markdown_html(text)
        assert "<script" not in out and "<img" not in out and "<b>" not in out and "<i>" not in out
        assert "<!--" not in out and "href" not in out
    assert reports.markdown_html("** not bold **") == "<p>** not bold **</p>"
    assert reports.markdown_html("snake_case_name") == "<p>snake_case_name</p>"
    assert reports.markdown_html("#hashtag") == "<p>#hashtag</p>"  # no space: not a heading
    assert reports.markdown_html("## Kop ##", heading="h3") == "<h4>Kop</h4>"


def pdf_runs(raw: bytes) -> list[tuple[str, float, bool]]:
    """Every piece of text the PDF draws: (text, font size, bold)."""
    from pypdf import PdfReader

    seen = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            seen.append((text, round(size * tm[0], 2), "Bold" in str((font or {}).get("/BaseFont", ""))))

    for page in PdfReader(io.BytesIO(raw)).pages:
        page.extract_text(visitor_text=visit)
    return seen


def test_advice_markdown_in_the_pdf_has_headings_not_hashes(tmp_path):
    from journeylib.reports.pdf import SIZES

    raw = reports.render_pdf(Workbook(advice=ADVICE_MD), tmp_path / "advice.pdf", lang="nl").read_bytes()
    seen = pdf_runs(raw)
    texts = [text for text, _size, _bold in seen]
    assert ("Situatie", SIZES["h3"], True) in seen
    assert (f"Advies {IMG}", SIZES["h3"], True) in seen
    assert not [text for text in texts if "##" in text or "**" in text or "__" in text]
    assert ("balie", SIZES["text"] + 0.5, True) in seen and ("De ", SIZES["text"] + 0.5, False) in seen
    assert "Een tweede regel." in texts and "eerste punt" in texts and f"tweede punt {SCRIPT}" in texts
    assert texts.count("\u2022 ") == 2
