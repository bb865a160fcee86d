"""Notebook 03's journey mapper used by keyboard alone, in JupyterLab in Chromium (issue 15).

On a fresh workbook the learner arrives at the mapper (the test puts the focus on its first
field, as Tab through JupyterLab's own toolbar and cells would; that part is JupyterLab's),
and from there uses only Tab, Shift+Tab, typing, Enter, Space and the arrow keys: name a new
journey and create it, Tab to "Toevoegen" (add a touchpoint), press Space, type the
touchpoint's name, choose its phase with the arrow keys and move the emotion slider with the
arrow keys. The workbook on disk then holds all of it. On the way, every control that gets
the focus shows it (a visible outline or ring), and Tab moves down the page in reading order.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from journeylib.i18n import t

from .lab import SHOTS, open_notebook, problems, run_all, wait_idle, wait_until, wait_widgets_mounted

pytestmark = pytest.mark.browser
NOTEBOOK = "nl/03_klantreis.ipynb"
LANG = "nl"

#: what has the focus now: its kind, label, value, place on the page, and how focus shows
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // places within the mapper: the notebook scrolls as the focus moves down
  const root = el.closest('.jl-mapper-under-test');
  const origin = root ? root.getBoundingClientRect() : {top: 0, left: 0};
  const label = el.getAttribute('aria-label') || el.title || (el.labels && el.labels[0] ? el.labels[0].textContent : '')
    || (el.closest('.widget-inline-hbox') && el.closest('.widget-inline-hbox').querySelector('.widget-label')
        ? el.closest('.widget-inline-hbox').querySelector('.widget-label').textContent : '');
  return {tag: el.tagName.toLowerCase(), type: el.type || '', role: el.getAttribute('role') || '',
          text: (el.innerText || el.textContent || '').trim().slice(0, 60), value: 'value' in el ? el.value : '',
          label: (label || '').trim(), valuemin: el.getAttribute('aria-valuemin'),
          valuenow: el.getAttribute('aria-valuenow'), inMapper: !!el.closest('.jl-mapper-under-test'),
          top: box.top - origin.top, left: box.left - origin.left, width: box.width, height: box.height,
          outline: [cs.outlineStyle, parseFloat(cs.outlineWidth) || 0, cs.outlineColor],
          shadow: cs.boxShadow};
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def focus_visible(info: dict) -> bool:
    """The focused element shows it: an outline of some width, or a focus ring as box-shadow."""
    style, width, _colour = info["outline"]
    return (style not in ("none", "hidden") and width >= 1) or (info["shadow"] not in ("", "none"))


class Walk:
    """Tab through the mapper, remembering every control that got the focus."""

    def __init__(self, page):
        self.page = page
        self.seen: list[dict] = []

    def tab_to(self, matches, what: str, limit: int = 80) -> dict:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            info = focused(self.page)
            if info is None:
                continue
            self.seen.append(info)
            assert info["inMapper"], f"Tab left the mapper before reaching {what}: {info}; on the way: {[(s['tag'], s['role'], s['label'][:30], s['valuemin']) for s in self.seen[-14:]]}"
            assert focus_visible(info), f"the focus is not visible on {info['tag']} {info['label'] or info['text']!r}: " \
                                        f"outline {info['outline']}, box-shadow {info['shadow']}"
            if matches(info):
                return info
        raise AssertionError(f"{limit} presses of Tab did not reach {what}; last: {self.seen[-3:]}")


def in_reading_order(steps: list[dict]) -> list[str]:
    """Pairs of consecutive focus stops that go back up the page (more than half a line) or,
    on one line, to the left."""
    wrong = []
    for a, b in zip(steps, steps[1:]):
        same_line = abs(b["top"] - a["top"]) < max(8, a["height"] / 2)
        if (not same_line and b["top"] < a["top"]) or (same_line and b["left"] + 1 < a["left"]):
            wrong.append(f"{a['label'] or a['text']!r} -> {b['label'] or b['text']!r}")
    return wrong


def saved_workbook(lab) -> dict:
    path = Path(lab["work"]) / "cx-journey-lab.workbook.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def test_mapper_by_keyboard_only(page, lab):
    page.set_viewport_size({"width": 1280, "height": 800})
    kernel = open_notebook(page, lab, NOTEBOOK)
    st = run_all(page, lab, NOTEBOOK, kernel)
    wait_widgets_mounted(page, NOTEBOOK, st["cellWidgets"])
    create = t("mapper.create", LANG)
    mapper = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output > .jl-widget",
                          has=page.locator("button", has_text=create)).first
    mapper.evaluate("el => el.classList.add('jl-mapper-under-test')")
    mapper = page.locator(".jl-mapper-under-test")
    mapper.scroll_into_view_if_needed()
    # arrive at the view: its first field (the new journey's name) gets the focus
    first = mapper.locator("input[type=text]").first
    first.evaluate("el => el.focus()")
    start = focused(page)
    assert start and start["inMapper"] and focus_visible(start), start
    walk = Walk(page)

    # 1. a journey: type its name, Tab to "Klantreis maken", Enter
    page.keyboard.type("Weekendje weg")
    walk.tab_to(lambda f: f["tag"] == "button" and f["text"] == create, f"the button {create!r}")
    page.keyboard.press("Enter")
    wait_idle(page, lab, NOTEBOOK, kernel)
    add = t("mapper.add", LANG)
    add_button = mapper.locator("button:visible", has_text=re.compile(rf"^\s*{re.escape(add)}\s*$"))
    wait_until(lambda: add_button.count() == 1, "the mapper did not show its list")

    # 2. Tab (from where the create button was) to "Toevoegen", Space
    walk.seen.clear()
    walk.tab_to(lambda f: f["tag"] == "button" and f["text"] == add, f"the button {add!r}")
    wrong = in_reading_order(walk.seen)
    assert not wrong, f"Tab does not follow the reading order: {wrong}"
    page.keyboard.press("Space")
    wait_idle(page, lab, NOTEBOOK, kernel)
    new_name = t("mapper.new_name", LANG)
    wait_until(lambda: new_name in json.dumps(saved_workbook(lab), ensure_ascii=False),
               "Space on the add button made no touchpoint")

    # 3. its name: Tab to the form's name field (it holds the new touchpoint's name), type a new one
    walk.tab_to(lambda f: f["tag"] == "input" and f["value"] == new_name, "the touchpoint's name field")
    page.keyboard.press("Control+A")
    page.keyboard.type("Kamer boeken")
    # 4. its phase: the next control, a list; the arrow key chooses "Tijdens"
    phase = walk.tab_to(lambda f: f["tag"] == "select", "the phase list")
    assert phase["value"] == t("phase.before", LANG), phase  # the first touchpoint of a new journey: the first phase
    page.keyboard.press("ArrowDown")
    wait_idle(page, lab, NOTEBOOK, kernel)
    now = focused(page)
    assert now and now["inMapper"] and now["tag"] == "select", f"the arrow key moved the focus out of the list: {now}"
    # 5. its emotion: the slider from -3 to 3, two steps to the right
    walk.tab_to(lambda f: f["role"] == "slider" and float(f["valuemin"] or 0) == -3, "the emotion slider")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_until(lambda: float((focused(page) or {}).get("valuenow") or 0) == 2,
               f"the arrow keys did not move the emotion slider: {focused(page)}")
    page.keyboard.press("Tab")  # leave the slider (as a learner does); the form keeps the value
    wait_idle(page, lab, NOTEBOOK, kernel)

    def saved_touchpoint():
        journeys = saved_workbook(lab).get("journeys") or [{}]
        return journeys[0].get("name"), [tp for tp in journeys[0].get("touchpoints", [])
                                         if tp.get("name") == "Kamer boeken"]

    deadline = time.time() + 20
    name, tps = saved_touchpoint()
    while time.time() < deadline and not (tps and tps[0].get("phase") == "during" and tps[0].get("emotion") == 2):
        time.sleep(0.3)
        name, tps = saved_touchpoint()
    assert name == "Weekendje weg", saved_workbook(lab)
    assert len(tps) == 1, f"the touchpoint was not saved by its new name: {saved_workbook(lab).get('journeys')}"
    assert tps[0]["phase"] == "during" and tps[0]["emotion"] == 2, tps[0]
    kinds = {(f["tag"], f["role"]) for f in walk.seen + [start]}
    assert {("input", ""), ("button", ""), ("select", "")} <= kinds and any(r == "slider" for _t, r in kinds), kinds
    assert problems(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "keyboard_mapper_done.png"))
