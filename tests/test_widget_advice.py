"""AdviceEditor, driven headless: text saved, limit refused by the field, report links."""
import base64
import re

import pytest

import journeylib
from journeylib.model import LIMITS
from journeylib.store import load_workbook
from journeylib.widgets.advice import AdviceEditor


@pytest.fixture
def editor(open_session):
    """An editor on the hospital case (conftest.open_session closes the session after the test)."""
    widget = AdviceEditor(open_session("hospital", name="a"))
    yield widget
    widget.close()


def test_widget_advice_text_is_saved(editor):
    editor.text.value = "## Situatie\nHet ziekenhuis kan de balie beter inrichten."
    assert load_workbook(editor.session.path).advice.startswith("## Situatie")
    assert repr(editor) == "<AdviceEditor: 9 words>"
    assert "9 woorden" in editor.count.value


def test_widget_advice_outline_keeps_own_text(editor):
    editor.text.value = "Mijn eigen begin."
    editor.template.click()
    saved = load_workbook(editor.session.path).advice
    assert saved.startswith("Mijn eigen begin.") and "## Bevindingen" in saved and "## Eerste stappen" in saved


def test_widget_advice_too_long_is_refused_next_to_the_field(editor):
    editor.text.value = "kort"
    before = editor.session.path.read_bytes()
    editor.text.value = "x" * (LIMITS["advice_text"] + 1)
    assert "advice" in editor.text_message.text and editor.session.path.read_bytes() == before
    assert editor.session.workbook.advice == "kort"


def test_widget_advice_report_links_hold_html_and_pdf(editor):
    editor.text.value = "Advies <script>alert(1)</script>"
    editor.make_html.click()
    data = re.search(r'href="data:text/html;base64,([^"]+)"', editor.link.value).group(1)
    html = base64.b64decode(data).decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    editor.make_pdf.click()
    data = re.search(r'href="data:application/pdf;base64,([^"]+)"', editor.link.value).group(1)
    assert base64.b64decode(data).startswith(b"%PDF")


def test_widget_advice_relabels(editor):
    journeylib.set_language("en")
    assert editor.template.description == "Insert outline" and "Situation" in editor.outline.value


def _type(area, text):
    """Type ``text`` one key at a time, as the page sends it with continuous_update."""
    for i in range(1, len(text) + 1):
        area.set_state({"value": area.value + text[i - 1]})


def test_widget_advice_counter_follows_typing_and_saving_waits(tmp_path):
    """Issue 11: the counter only moved when the field lost focus. Every key now reaches
    the kernel and updates the counter; the workbook is saved once, after the typing."""
    from journeylib.store import open_workbook
    from journeylib.widgets.text_answer import TextAnswer

    session = open_workbook(tmp_path / "t.workbook.json", delay=60)  # no autosave during the test
    saves = []
    session.observe(lambda event, _s: saves.append(event) if event == "saved" else None)
    editor, answer = AdviceEditor(session), TextAnswer(session, "authentic")
    try:
        for area, count in ((editor.text, editor.count), (answer.box, answer.count)):
            assert area.continuous_update is True
            sent = {}
            for w in (*_walk(editor), *_walk(answer)):
                if getattr(w, "comm", None) is not None:
                    w.comm.send = lambda data=None, metadata=None, buffers=None, w=w: sent.setdefault(w, []).append(1)
            _type(area, "Meer ")
            assert "5 van" in html_text(count)
            _type(area, "tijd")
            assert "9 van" in html_text(count)
            # per key only the counter line goes to the page (and ipywidgets' echo of the
            # typed value to the field); nothing is redrawn
            assert set(sent) <= {count, area} and len(sent[count]) == 9
            assert saves == []
        assert session.workbook.advice == "Meer tijd" and session.workbook.answers["authentic"] == "Meer tijd"
        session.flush()
        assert saves == ["saved"] and load_workbook(session.path).advice == "Meer tijd"
    finally:
        editor.close()
        answer.close()
        session.close()


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def html_text(widget) -> str:
    return re.sub(r"<[^>]+>", "", widget.value)
