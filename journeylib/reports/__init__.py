"""A learner's advice report and the class overview: self-contained HTML, PDF, Word and notebook views.

Both are built as a list of :class:`Section`\\ s of blocks (:mod:`.blocks`: paragraphs, tables,
charts with their description, images, long text). The same sections are rendered four
ways, so the file, the PDF, the Word document and the instructor notebooks always show the same thing:

* :func:`render_html` (:mod:`.html`) - one self-contained HTML page from Jinja2 templates,
  every piece of learner text escaped, no scripts, nothing from the network.
* :func:`render_pdf` (:mod:`.pdf`) - an A4 PDF with real, selectable text (fpdf2).
* :func:`render_docx` (:mod:`.docx`) - an editable Word document (python-docx): real headings,
  Word tables, charts as images with alt text.
* In a notebook a :class:`Section` displays itself (``_repr_html_``) with the same HTML.

What the parts hold is in :mod:`.learner` (the learner's report) and :mod:`.overview` (the
class overview); :func:`demo_workbook` and :func:`demo_class` (:mod:`journeylib.demo_class`)
make deterministic example data from the shipped cases. See docs/architecture.md.
"""
from __future__ import annotations

from ..demo_class import demo_class, demo_workbook
from .blocks import CHART_DPI, NOTEBOOK_DPI, Chart, Document, Gallery, LongText, Paragraph, Picture, Section, Table
from .html import CSP, esc, inline_html, markdown_html, section_html  # noqa: F401
from .learner import (REPORT_SECTIONS, header, render_docx, render_html, render_pdf, report_document,
                      report_sections, report_workbook, section, write_report)
from .markdown import markdown_blocks  # noqa: F401
from .overview import (OVERVIEW_SECTIONS, TASKS, ClassFolder, OverviewError, load_class, overview_document,
                       overview_section, overview_sections, reason, render_overview_html, task_status,
                       workbook_files, write_overview)

# Also importable by name, as before the package (not in __all__): CHART_DPI, NOTEBOOK_DPI, CSP, esc,
# inline_html, markdown_html, markdown_blocks, section_html, reason, workbook_files.
__all__ = [
    "Section", "Paragraph", "LongText", "Table", "Chart", "Picture", "Gallery", "Document",
    "REPORT_SECTIONS", "OVERVIEW_SECTIONS", "TASKS",
    "report_sections", "section", "header", "report_workbook", "report_document", "render_html", "render_pdf",
    "render_docx", "write_report", "ClassFolder", "OverviewError", "load_class", "task_status", "overview_sections",
    "overview_section", "overview_document", "render_overview_html", "write_overview", "demo_workbook", "demo_class",
]
