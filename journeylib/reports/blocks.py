"""The block model every report is made of: a :class:`Document` of :class:`Section`\\ s, each a
title and a list of blocks (paragraphs, long text, tables, charts with their description,
picture galleries).

The learner's report (:mod:`.learner`) and the class overview (:mod:`.overview`) build these
blocks; the renderers (:mod:`.html`, :mod:`.pdf`) only read them, so every output shows the same
thing. A new kind of block needs a renderer in each of them: an unknown block raises
``TypeError`` in every renderer instead of being dropped.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import JourneyError
from ..i18n import t

__all__ = ["CHART_DPI", "NOTEBOOK_DPI", "Paragraph", "LongText", "Table", "Picture", "Gallery", "Chart", "Section",
           "Document", "BLOCK_TYPES", "MARK_SIGNS", "unknown_block"]

CHART_DPI = 150  # charts in HTML and PDF files
NOTEBOOK_DPI = 96  # charts shown in a notebook (keeps stored notebooks small)


@dataclass
class Paragraph:
    """One paragraph; ``note`` marks a short "nothing here yet" remark (shown in italics)."""

    text: str
    note: bool = False


@dataclass
class LongText:
    """A learner's long text (the advice), read as a small, safe part of Markdown.

    Headings (``## Situatie``), paragraphs (line breaks kept), bullet lists (``- ``, ``* ``,
    ``+ ``) and **bold** / *italic* are shown as such (:mod:`.markdown`); everything else is
    text. Nothing the learner typed becomes markup.
    """

    text: str


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""
    marks: tuple[str, ...] = ()  # (yes text, no text): such cells get a mark and emphasis

    def mark(self, cell: str) -> str:
        """``"yes"``, ``"no"`` or ``""``: how a renderer emphasises ``cell``."""
        if self.marks and cell == self.marks[0]:
            return "yes"
        if self.marks and cell == self.marks[1]:
            return "no"
        return ""


#: The sign a renderer puts before a marked cell.
MARK_SIGNS = {"yes": "\u2713", "no": "\u2717"}


@dataclass
class Picture:
    name: str
    mime: str
    raw: bytes
    width: int
    height: int


@dataclass
class Gallery:
    """A heading, an optional line of keywords and up to a few pictures (reflection board)."""

    heading: str
    text: str
    pictures: list[Picture]


@dataclass
class Chart:
    """A chart drawn on demand (``draw()`` returns an Axes on a new figure) and its description."""

    label: str
    draw: Callable[[], Any]
    description: str
    lang: str | None = None
    _png: dict = field(default_factory=dict, repr=False)
    _error: str | None = field(default=None, repr=False)

    def png(self, dpi: int = CHART_DPI) -> bytes | None:
        """The chart as PNG bytes (drawn once per ``dpi``, the figure closed); ``None`` when it failed."""
        if dpi not in self._png and self._error is None:
            import matplotlib.pyplot as plt

            from ..charts.export import figure_png

            fig = None
            try:
                ax = self.draw()
                fig = ax.figure
                self._png[dpi] = figure_png(fig, dpi)
            except Exception as exc:  # one broken chart must not cost the whole report
                self._error = detail(exc, self.lang)
            finally:
                if fig is not None:
                    plt.close(fig)
        return self._png.get(dpi)

    @property
    def error(self) -> str | None:
        return self._error

    def failed_text(self) -> str:
        """The sentence shown instead of a chart that could not be drawn."""
        return t("report.chart_failed", self.lang, detail=self.error)

    def size_inches(self, dpi: int = CHART_DPI) -> tuple[float, float]:
        width, height = png_size(self.png(dpi) or b"")
        return width / dpi, height / dpi


#: Every kind of block; each renderer handles all of them.
BLOCK_TYPES = (Paragraph, LongText, Table, Chart, Gallery)


def unknown_block(block: Any, renderer: str) -> TypeError:
    """The error a renderer raises for a block it has no rule for."""
    kinds = ", ".join(k.__name__ for k in BLOCK_TYPES)
    return TypeError(f"the {renderer} renderer has no rule for a {type(block).__name__} block; known blocks: {kinds}")


#: plurals of block names that do not just add an "s" (for Section's repr)
_PLURALS = {"gallery": "galleries"}


@dataclass
class Section:
    """One part of a report or overview. In a notebook it shows itself as HTML."""

    key: str
    title: str
    blocks: list = field(default_factory=list)
    lang: str | None = None

    def __repr__(self) -> str:
        kinds = Counter(type(b).__name__.lower() for b in self.blocks)
        parts = ", ".join(f"{n} {_PLURALS.get(k, k + 's') if n > 1 else k}" for k, n in sorted(kinds.items()))
        return f"<Section {self.key}: {parts or 'empty'}>"

    def _repr_html_(self) -> str:
        from .html import section_html

        return section_html(self, heading="h2", dpi=NOTEBOOK_DPI)


@dataclass
class Document:
    """A whole report: a title, an optional introduction, a few (label, value) lines about it and its sections."""

    title: str
    lang: str
    meta: list[tuple[str, str]]
    sections: list[Section]
    intro: str = ""


def detail(exc: BaseException, lang: str | None = None) -> str:
    """What went wrong, for a person: a :class:`JourneyError`'s message, else the exception in one line."""
    if isinstance(exc, JourneyError):
        return t(exc.key, lang, **exc.params)
    return f"{type(exc).__name__}: {exc}"[:300]


def png_size(raw: bytes) -> tuple[int, int]:
    """Width and height in pixels of PNG bytes (``(0, 0)`` for anything else)."""
    if raw[:8] != b"\x89PNG\r\n\x1a\n" or len(raw) < 24:
        return 0, 0
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


def note(key: str, lang: str, **params) -> Paragraph:
    """A "nothing here yet" remark from the locale text ``key``."""
    return Paragraph(t(key, lang, **params), note=True)


def safe_section(key: str, title: str, build: Callable[[], list], lang: str) -> Section:
    """A section whose blocks come from ``build()``; when that fails the section says why."""
    try:
        blocks = build()
    except Exception as exc:  # a section that fails says why; the others still render
        blocks = [note("report.section_failed", lang, detail=detail(exc, lang))]
    for block in blocks:
        if isinstance(block, Chart):
            block.lang = lang
    return Section(key, title, blocks, lang)
