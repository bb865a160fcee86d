"""Accessibility audit with axe-core (issue 15, section 3): no violation of impact "serious"
or "critical" under the WCAG 2.1 A and AA rules in what the course shows.

axe-core is the copy bundled in the PyPI package axe-playwright-python (``axe.min.js``),
injected into the page: nothing is fetched from the network.

Audited:

* the OUTPUTS of every notebook in JupyterLab after Run All: :func:`audit_outputs` is
  called by the notebook sweep, ``test_notebooks_in_lab.py`` (every nl, en and instructor
  notebook), on the page it has already run, so no notebook runs twice for the audit. The
  scope is the notebook's output areas (``.jp-OutputArea``): JupyterLab's own chrome (menus,
  toolbar, cell editors) is not the course's and is left out;
* the Voila lecture view (``journeylib lecture``), whole page: there the page is ours;
* the learner's HTML report of a demo workbook (``journeylib.demo_class``) and the class
  overview HTML, whole page.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]

#: WCAG 2.1 levels A and AA (axe's tags for the rules of those levels).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")
#: what JupyterLab puts in a notebook's output areas; the rest of the lab is JupyterLab's own
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea"


def axe_script() -> str:
    """axe-core as bundled by axe-playwright-python (no network)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


RUN = """async ([include, tags]) => {
  const context = include ? {include: Array.from(document.querySelectorAll(include))} : document;
  if (include && !context.include.length) return {violations: [], nodes: 0};
  const r = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({impact: n.impact, target: n.target.map(String).join(' '),
      html: n.html.slice(0, 160), summary: (n.failureSummary || '').slice(0, 300)}))})),
    nodes: include ? context.include.length : 1};
}"""


def audit(page, include: str | None = None) -> list[dict]:
    """The serious and critical violations on ``page`` (within the elements matching
    ``include``, or the whole page): one dict per rule, with its failing nodes."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    result = page.evaluate(RUN, [include, TAGS])
    return [v for v in result["violations"] if v["impact"] in FAILING]


def readable(violations: list[dict], where: str) -> str:
    """Violations as a learner-free, engineer-readable list: rule, impact, target, help."""
    lines = [f"{where}: {len(violations)} accessibility rule(s) violated (axe-core, WCAG 2.1 A/AA)"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:6]:
            lines.append(f"    at {node['target']}: {node['html']}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", "\n      "))
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


def audit_outputs(page, relpath: str) -> None:
    """Fail when the output areas of the visible notebook have a serious or critical
    violation. Each code cell's outputs are scrolled into view first: JupyterLab renders
    cells out of view lazily, and axe measures contrast on what is laid out."""
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
    for i in range(cells.count()):
        try:
            cells.nth(i).scroll_into_view_if_needed(timeout=5_000)
        except Exception:  # a cell that cannot scroll (hidden) has nothing to show
            pass
    found = audit(page, OUTPUTS)
    assert not found, readable(found, relpath)


def audit_page(page, where: str) -> None:
    """Fail when the whole page has a serious or critical violation."""
    found = audit(page)
    assert not found, readable(found, where)


@pytest.fixture
def plain_page(browser):
    """A page at 1280x800 in a context of its own (for pages that are not JupyterLab)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_the_audit_finds_what_it_was_written_for(plain_page):
    """The audit works offline and fails on the two defects of issue 15: a chart image without
    alternative text (image-alt, critical) and a scroll box that Tab cannot reach
    (scrollable-region-focusable, serious); journeylib's own way to show a chart
    (``charts.style.image_html``: alt text, a labelled box that Tab reaches) passes."""
    import base64
    import io

    from PIL import Image

    from journeylib.charts.style import image_html

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC"  # 1x1
    wide = '<p style="white-space:nowrap;margin:0">' + "a chart wider than its place " * 40 + "</p>"
    chart = io.BytesIO()
    Image.new("RGB", (1200, 10), (0, 0, 0)).save(chart, "PNG")  # shown at least 600 px wide: wider than its box
    ours = image_html(base64.b64encode(chart.getvalue()).decode("ascii"), "image/png", "A journey map")
    plain_page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        f'<div class="jp-OutputArea"><img src="data:image/png;base64,{png}"></div>'
        f'<div class="jp-OutputArea"><div style="overflow-x:auto;width:200px">{wide}</div></div>'
        f'<div class="jp-OutputArea" id="ours" style="width:200px">{ours}</div>'
        f'<img src="data:image/png;base64,{png}" class="outside"></main></body></html>')
    found = {v["id"]: v for v in audit(plain_page, ".jp-OutputArea")}
    text = readable(list(found.values()), "sample")
    assert set(found) == {"image-alt", "scrollable-region-focusable"}, text
    assert len(found["image-alt"]["nodes"]) == 1, "only the output areas are audited"
    assert len(found["scrollable-region-focusable"]["nodes"]) == 1, text
    assert "image-alt (critical)" in text and "Images must have alternative text" in text
    assert plain_page.evaluate("() => { const b = document.querySelector('#ours > div');"
                               " return b.scrollWidth > b.clientWidth; }"), "the sample of ours must scroll"
    assert audit(plain_page, "#ours") == []


def test_the_notebook_sweep_runs_the_audit():
    """Every notebook's outputs are audited by the sweep in test_notebooks_in_lab.py (which
    already runs each notebook): the audit must stay wired in there."""
    source = (ROOT / "tests" / "browser" / "test_notebooks_in_lab.py").read_text(encoding="utf-8")
    assert "audit_outputs(page, relpath)" in source


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_of_a_demo_workbook(plain_page, lang):
    from journeylib.demo_class import demo_workbook
    from journeylib.reports import render_html

    plain_page.set_content(render_html(demo_workbook("hospital", lang), lang))
    audit_page(plain_page, f"the HTML report ({lang})")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_class_overview_html(plain_page, tmp_path, lang):
    from journeylib.demo_class import demo_class
    from journeylib.reports import render_overview_html

    plain_page.set_content(render_overview_html(demo_class(tmp_path / "class", lang=lang), lang))
    audit_page(plain_page, f"the class overview ({lang})")


#: a sample of the course website (tools/build_book.py, tests/book_site.py): the root page, both
#: landing pages, notebooks with charts and widget snapshots in each language, the glossary, the
#: search page, an instructor guide and the class overview page
SITE_SAMPLE = ["index.html", "nl/index.html", "en/index.html", "nl/03_klantreis.html", "en/05_key_drivers.html",
               "nl/02_serviceniveaus.html", "en/09_glossary.html", "nl/search.html",
               "en/instructor/00_guide_en.html", "nl/instructor/class_overview.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from book_site import built_site

    return built_site(tmp_path_factory)


@pytest.mark.parametrize("relpath", SITE_SAMPLE)
def test_website_page(plain_page, site, relpath):
    """The course website: the whole page (the theme's parts are ours to choose), at 1280x800."""
    path = site / relpath
    assert path.is_file(), relpath
    plain_page.goto(path.as_uri())
    audit_page(plain_page, f"the website: {relpath}")


#: 200 % zoom of a 1280x800 window: the page is laid out in 640x400 CSS pixels
ZOOMED = {"width": 640, "height": 400}
#: per chart image in the visible notebook's outputs: its alt text and its width on screen
CHART_WIDTHS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img.jl-chart'))
  .filter(img => img.getClientRects().length)
  .map(img => [img.alt.slice(0, 60), img.getBoundingClientRect().width])"""


def shoot_charts(page, relpath: str, prefix: str, most: int = 3) -> None:
    """Screenshots of the page with each of the first ``most`` code cells that show a chart."""
    from .lab import SHOTS

    safe = relpath.replace("/", "_").replace(".ipynb", "")
    SHOTS.mkdir(parents=True, exist_ok=True)
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell:has(img.jl-chart)")
    for i in range(min(cells.count(), most)):
        try:
            cells.nth(i).scroll_into_view_if_needed(timeout=5_000)
            page.screenshot(path=str(SHOTS / f"{prefix}_{safe}_{i + 1}.png"))
        except Exception:  # a screenshot is evidence, not the test
            pass


@pytest.mark.parametrize("relpath", ["nl/03_klantreis.ipynb", "en/05_key_drivers.ipynb"])
def test_notebook_at_200_percent_zoom(page, lab, relpath):
    """At 200 % zoom (a 1280x800 window, so 640x400 CSS pixels; the same layout the browser
    makes when zoomed; JupyterLab's side bars closed) nothing in the widgets is cut off (test_clipping.py's check, SVG chart
    texts included; a chart's own box may scroll), every chart is at least as large on the
    screen as at 100 % (its texts do not shrink), and the outputs still pass the audit. The two notebooks: the journey map (03) and
    the key drivers with the IPA quadrants (05), the widest charts with the most text."""
    from .lab import open_notebook, run_all, wait_widgets_mounted
    from .test_clipping import FIND_CLIPPING, SETTLE

    page.set_viewport_size({"width": 1280, "height": 800})
    kernel = open_notebook(page, lab, relpath)
    st = run_all(page, lab, relpath, kernel)
    wait_widgets_mounted(page, relpath, st["cellWidgets"])
    page.evaluate(SETTLE)
    normal = page.evaluate(CHART_WIDTHS)
    shoot_charts(page, relpath, "outputs_1280")
    page.set_viewport_size(ZOOMED)
    # JupyterLab's side bars closed, as a learner at 200 % does (the lab's own layout is not ours)
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }")
    page.evaluate(SETTLE)
    zoomed = page.evaluate(CHART_WIDTHS)
    assert normal and len(zoomed) == len(normal), (normal, zoomed)
    smaller = [f"{alt!r}: {w1:.0f} px at 100 %, {2 * w2:.0f} at 200 %"
               for (alt, w1), (_alt, w2) in zip(normal, zoomed) if 2 * w2 < w1 - 1]
    assert not smaller, f"{relpath}: charts shown smaller at 200 % than at 100 %: {smaller}"
    # a chart's own box may scroll sideways at this size: that is what it is for (charts.style.image_html)
    cut = [p for p in page.evaluate(FIND_CLIPPING) if "div.jl-chart-scroll" not in p.split(":")[1]]
    shoot_charts(page, relpath, "zoom200")
    assert not cut, f"{relpath} at 200 % zoom:\n" + "\n".join(cut)
    audit_outputs(page, relpath + " at 200 % zoom")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_at_200_percent_zoom(browser, lang):
    """The report at 200 % zoom (device scale 2, 640 CSS px wide): no sideways scrolling of
    the page, no text cut off, charts within the page."""
    from journeylib.demo_class import demo_workbook
    from journeylib.reports import render_html

    from .lab import SHOTS

    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    page = context.new_page()
    try:
        page.set_content(render_html(demo_workbook("hospital", lang), lang))
        found = page.evaluate("""() => {
          const out = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
          for (const el of document.querySelectorAll('body *')) {
            const cs = getComputedStyle(el);
            if (['hidden', 'clip'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1)
              out.push(`${el.tagName.toLowerCase()} cut off: ${(el.textContent || '').trim().slice(0, 40)}`);
            if (el.tagName === 'IMG' && el.getBoundingClientRect().right > root.clientWidth + 1)
              out.push(`image wider than the page: ${el.alt.slice(0, 40)}`);
          }
          return out; }""")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("figure").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"zoom200_report_{lang}.png"))
        assert not found, found
        audit_page(page, f"the HTML report at 200 % zoom ({lang})")
    finally:
        context.close()
