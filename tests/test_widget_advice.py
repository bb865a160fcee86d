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
