"""Nothing a journeylib widget shows is cut off or needs a sideways scroll bar (issue 11).

Every course notebook (nl and en) is opened in JupyterLab in Chromium and run (Run All, on
the same readiness signals as the sweep in test_notebooks_in_lab.py). Then, on the same page,
at 1280×800 and at 1920×1080 (the page is resized, the notebook is not run twice), every
widget output and everything inside it is checked for:

* clipped content: an element with ``overflow`` hidden / clip whose content is wider (or
  taller) than its box, e.g. a button label ending in "…" (``text-overflow: ellipsis``);
* sideways scrolling: an element with ``overflow`` auto / scroll whose content is wider than
  its box (the nearly empty scroll bar under a widget, a table inside its own scroll box),
  including the cell's output area itself;
* SVG charts whose texts reach past the SVG's ``viewBox`` (the picture is cut, as "Waarom: h"
  was), measured on the SVG as the browser lays it out with its own fonts.

The journeylib stylesheet (journeylib/widgets/static/journeylib.css) is put into the page by
the widgets' front-end piece (journeylib/widgets/guard.py); the test checks that it is there.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

import re

from .lab import SHOTS, open_notebook, problems, run_all, wait_idle, wait_until, wait_widgets_mounted

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "journeylib" / "widgets" / "static" / "journeylib.css"
NOTEBOOKS = [f"{p.parent.name}/{p.name}" for folder in ("nl", "en")
             for p in sorted((ROOT / "notebooks" / folder).glob("*.ipynb"))]
VIEWPORTS = ((1280, 800), (1920, 1080))

#: In the page: every problem in the visible notebook's widget outputs, as short texts.
FIND_CLIPPING = r"""async () => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return ['no notebook panel'];
  const found = [];
  const name = el => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/)
      .filter(c => c && !c.startsWith('lm-')).slice(0, 3).join('.') : '';
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
  };
  const said = el => (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
  const SKIP = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION']);  // their own scrolling is theirs
  const shown = el => el.getClientRects().length > 0;
  const cells = Array.from(panel.querySelectorAll('.jp-CodeCell'));
  const svgs = [];
  cells.forEach((cell, ci) => {
    const outs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'))
      .filter(out => out.querySelector(':scope > .jupyter-widgets'));
    if (!outs.length) return;
    const where = `cell ${ci + 1}`;
    const seen = new Set();
    // the descendant that reaches furthest past el's right edge (margin included): the cause
    const culprit = el => {
      const right = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
      let worst = null, most = 1;
      for (const child of el.querySelectorAll('*')) {
        if (!shown(child)) continue;
        const over = child.getBoundingClientRect().right + (parseFloat(getComputedStyle(child).marginRight) || 0) - right;
        if (over > most + 0.5) { most = over; worst = child; }
      }
      if (!worst) return '';
      const width = worst.style && worst.style.width ? `, width ${worst.style.width}` : '';
      return `; widest inside: ${name(worst)}${width} by ${Math.round(most)} px`;
    };
    const check = el => {
      if (seen.has(el) || SKIP.has(el.tagName) || !shown(el)) return;
      seen.add(el);
      const cs = getComputedStyle(el);
      const wide = el.scrollWidth > el.clientWidth + 1, tall = el.scrollHeight > el.clientHeight + 1;
      const what = `${where}: ${name(el)} "${said(el)}"`;
      if (cs.textOverflow === 'ellipsis' && wide && cs.overflowX !== 'visible') {
        found.push(`${what}: text cut off with … (${el.scrollWidth} > ${el.clientWidth} px)`);
      } else if (['hidden', 'clip'].includes(cs.overflowX) && wide) {
        found.push(`${what}: content cut off at the right (${el.scrollWidth} > ${el.clientWidth} px${culprit(el)})`);
      } else if (['auto', 'scroll'].includes(cs.overflowX) && wide) {
        found.push(`${what}: sideways scroll bar (${el.scrollWidth} > ${el.clientWidth} px${culprit(el)})`);
      }
      if (['hidden', 'clip'].includes(cs.overflowY) && tall && el.tagName !== 'svg') {
        found.push(`${what}: content cut off at the bottom (${el.scrollHeight} > ${el.clientHeight} px)`);
      }
    };
    // placeholders: the hint in an empty field must fit it ("type a keyword and press E")
    const ctx = document.createElement('canvas').getContext('2d');
    for (const out of outs) {
      for (const input of out.querySelectorAll('input[placeholder], textarea[placeholder]')) {
        if (!shown(input) || input.value || input.tagName === 'TEXTAREA') continue;
        const cs = getComputedStyle(input);
        ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        const need = ctx.measureText(input.placeholder).width;
        if (need > room + 1) found.push(`${where}: placeholder "${input.placeholder.slice(0, 40)}" cut off `
                                        + `(${Math.round(need)} > ${Math.round(room)} px)`);
      }
    }
    for (const out of outs) {
      // the output area and the cell around it: a widget wider than the cell scrolls there
      for (let el = out; el && el !== cell; el = el.parentElement) check(el);
      out.querySelectorAll('*').forEach(check);
      out.querySelectorAll('img[src^="data:image/svg+xml"], svg').forEach(el => {
        if (shown(el) && !(el.tagName === 'svg' && el.closest('img, svg:not(:scope)') )) svgs.push([where, el]);
      });
    }
  });
  // SVG charts: every text inside the viewBox, measured on an inline copy laid out by this browser
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-20000px;top:0;visibility:hidden';
  document.body.appendChild(host);
  try {
    for (const [where, el] of svgs) {
      let svg;
      if (el.tagName === 'IMG') {
        const src = el.getAttribute('src');
        const comma = src.indexOf(',');
        const head = src.slice(0, comma);
        const body = head.endsWith(';base64') ? atob(src.slice(comma + 1)) : decodeURIComponent(src.slice(comma + 1));
        host.innerHTML = body.slice(body.indexOf('<svg'));
        svg = host.querySelector('svg');
      } else {
        if (!el.viewBox || !el.viewBox.baseVal || !el.viewBox.baseVal.width) continue;  // an icon
        host.innerHTML = '';
        svg = el.cloneNode(true);
        host.appendChild(svg);
      }
      if (!svg || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) continue;
      const vb = svg.viewBox.baseVal;
      const inverse = svg.getScreenCTM().inverse();
      const cut = [];
      for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent.trim()) continue;
        const b = text.getBBox();
        const m = inverse.multiply(text.getScreenCTM());
        const xs = [], ys = [];
        for (const [x, y] of [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]) {
          xs.push(m.a * x + m.c * y + m.e); ys.push(m.b * x + m.d * y + m.f);
        }
        const tol = 1;
        const sides = [];
        if (Math.min(...xs) < vb.x - tol) sides.push('left');
        if (Math.max(...xs) > vb.x + vb.width + tol) sides.push('right');
        if (Math.min(...ys) < vb.y - tol) sides.push('top');
        if (Math.max(...ys) > vb.y + vb.height + tol) sides.push('bottom');
        if (sides.length) cut.push(`"${text.textContent.trim().slice(0, 40)}" (${sides.join(', ')})`);
      }
      if (cut.length) found.push(`${where}: SVG chart cuts off ${cut.slice(0, 4).join('; ')}`
                                 + (cut.length > 4 ? ` and ${cut.length - 4} more` : ''));
    }
  } finally {
    host.remove();
  }
  return found;
}"""

#: Wait until layout has settled after a resize (two animation frames, then the next task).
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))"


def assert_stylesheet(page, relpath: str) -> None:
    """The widgets' front-end piece (the ConnectionGuard) has put journeylib's stylesheet in
    the page, and every widget output of the notebook is a journeylib view (class jl-widget)."""
    marker = "Self-contained: every rule is scoped under .jl-widget"
    wait_until(lambda: page.evaluate(
        "(m) => Array.from(document.querySelectorAll('style')).some(s => s.textContent.includes(m))", marker),
        f"{relpath}: journeylib's stylesheet is not in the page")
    roots = page.evaluate("""() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      return Array.from(panel.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets'))
        .map(out => out.classList.contains('jl-widget')); }""")
    assert all(roots), f"{relpath}: widget outputs without the jl-widget class: {roots}"


def find_clipping(page, relpath: str) -> list[str]:
    """The problems at each viewport size; a screenshot of each cell with a problem (evidence)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(SETTLE)
        now = page.evaluate(FIND_CLIPPING)
        found += [f"{relpath} at {width}x{height}: {p}" for p in now]
        for number in sorted({int(p.split(":")[0].split()[1]) for p in now if p.startswith("cell ")}):
            cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").nth(number - 1)
            safe = relpath.replace("/", "_").replace(".ipynb", "")
            try:
                cell.scroll_into_view_if_needed(timeout=5_000)
                cell.screenshot(path=str(SHOTS / f"clipping_{safe}_{width}_cell{number}.png"), timeout=10_000)
            except Exception:  # a screenshot is evidence, not the test
                pass
    return found


def fill_moments(page, lab, relpath: str, kernel: str) -> None:
    """Notebook 04 on a fresh workbook has no journey, so the moments explorer shows no
    ranking table: start the journey from the case's example in the mapper, then Update the
    explorer, and wait until its table is there (the table that was cut off in its box)."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator("button", has_text=re.compile("voorbeeld|example", re.I)).first.click()
    wait_idle(page, lab, relpath, kernel)
    panel.locator("button:has(.fa-refresh)").first.click()
    wait_idle(page, lab, relpath, kernel)
    tables = panel.locator(".widget-html-content table")
    wait_until(lambda: tables.count() > 0, f"{relpath}: the moments explorer shows no ranking table")


@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_browser_nothing_is_cut_off(page, lab, relpath):
    start = time.perf_counter()
    kernel = open_notebook(page, lab, relpath)
    st = run_all(page, lab, relpath, kernel)
    wait_widgets_mounted(page, relpath, st["cellWidgets"])
    assert problems(page) == [], relpath
    if relpath.split("/")[1].startswith("04_"):
        fill_moments(page, lab, relpath, kernel)
    if st["widgets"]:  # the glossary shows a table, no widget (and so no widget stylesheet)
        assert_stylesheet(page, relpath)
    found = find_clipping(page, relpath)
    print(f"{relpath}: {time.perf_counter() - start:.1f} s")
    assert not found, "\n".join(found)
