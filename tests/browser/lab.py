"""Driving JupyterLab from Playwright: open a notebook, Run All, wait, collect problems."""
from __future__ import annotations

import re
import time


def open_notebook(page, lab, relpath: str) -> None:
    page.goto(f"{lab['url']}/lab/tree/{relpath}?token={lab['token']}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="attached")
    # wait for the kernel to be ready (status indicator in the toolbar says idle)
    page.wait_for_function(
        "() => { const s = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');"
        " return s && (s.getAttribute('data-status') === 'idle'); }", timeout=90_000)


def click_run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def run_all(page) -> None:
    click_run_all(page)
    wait_until_done(page)


def code_prompts(page) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt",
        "nodes => nodes.map(n => n.textContent.trim())")


def wait_until_done(page, timeout: float = 150) -> None:
    deadline = time.time() + timeout
    idle_since, retries = None, 0
    while time.time() < deadline:
        prompts = code_prompts(page)  # "[*]:" while a cell runs, "[7]:" when it has run
        if prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts):
            return
        # a run sent while the very first kernel of a fresh server was still starting can be
        # dropped (every cell back to "[ ]:"): after 5 quiet seconds, ask again (twice at most)
        if prompts and all(p == "[ ]:" for p in prompts):
            idle_since = idle_since or time.time()
            if time.time() - idle_since > 5 and retries < 2:
                retries += 1
                idle_since = None
                click_run_all(page)
        else:
            idle_since = None
        time.sleep(0.3)
    raise AssertionError(f"not every cell ran: {code_prompts(page)}")


def problems(page) -> list[str]:
    """Visible signs that something went wrong in the notebook."""
    found = []
    text = page.inner_text(".jp-NotebookPanel:not(.lm-mod-hidden)")
    for needle in ("Error displaying widget", "Traceback (most recent call last)", "Error rendering"):
        if needle in text:
            found.append(needle)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    for i in range(errors.count()):
        content = errors.nth(i).inner_text()
        if "Error" in content or "Traceback" in content:
            found.append(content[:300])
    if page.locator(".jp-Dialog").count():
        found.append("a dialog is open: " + page.locator(".jp-Dialog").first.inner_text()[:200])
    return found


def widget_count(page) -> int:
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .widget-box, "
                        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .jupyter-widgets").count()


SNAPSHOT = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output'))
    .map(n => n.innerText).join('\\n')"""


def snapshot(page) -> str:
    return page.evaluate(SNAPSHOT)


def wait_for_change(page, before: str, timeout: float = 60) -> str:
    deadline = time.time() + timeout
    while time.time() < deadline:
        now = snapshot(page)
        if now != before:
            return now
        time.sleep(0.2)
    raise AssertionError("the notebook's output did not change after using a control")
