"""The small, safe part of Markdown a learner's advice is read with.

The advice outline puts "## Situatie" headings in the learner's text. Here that text is
read into plain data, with no dependency and no raw HTML: blocks (headings, paragraphs with
their line breaks, bullet lists) and, inside them, runs of text that are bold and/or italic.
The renderers turn that data into their own output, so nothing the learner typed can
become markup; what is not read as one of these marks stays text.
"""
from __future__ import annotations

import re

__all__ = ["markdown_blocks", "inline_runs", "plain", "block_texts", "word_count"]

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"
                     r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S)


def markdown_blocks(text: str) -> list[tuple]:
    """The learner's text as blocks: ``("heading", level, text)``, ``("paragraph", text)``
    (line breaks kept) and ``("list", [item, ...])``. Inline marks stay in the texts."""
    blocks: list[tuple] = []
    para: list[str] = []
    items: list[str] | None = None

    def flush() -> None:
        nonlocal items
        if para:
            blocks.append(("paragraph", "\n".join(para)))
            para.clear()
        if items is not None:
            blocks.append(("list", items))
            items = None

    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading:
            flush()
            if (heading.group(2) or "").strip():
                blocks.append(("heading", len(heading.group(1)), heading.group(2).strip()))
        elif bullet:
            if para:
                flush()
            if items is None:
                items = []
            items.append(bullet.group(1).strip())
        elif items is not None and raw[:1] in (" ", "\t"):
            items[-1] += "\n" + line.strip()  # an indented line goes on with the list item
        else:
            if items is not None:
                flush()
            para.append(line.strip())
    flush()
    return blocks


def _split(pattern: re.Pattern, text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (inside a match of ``pattern``, text without the marks) pieces."""
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append((False, text[pos:m.start()]))
        out.append((True, m.group(1) or m.group(2)))
        pos = m.end()
    out.append((False, text[pos:]))
    return out


def inline_runs(text: str) -> list[tuple[bool, list[tuple[bool, str]]]]:
    """``text`` as ``[(bold, [(italic, text), ...]), ...]``: **bold** holds *italic* runs, not the other way."""
    return [(bold, _split(_ITALIC, part)) for bold, part in _split(_BOLD, text)]


def plain(text: str) -> str:
    """The text without its bold and italic marks (for word counts and the PDF's headings)."""
    return "".join(piece for _, parts in inline_runs(text) for _, piece in parts)


def block_texts(block: tuple) -> list[str]:
    """The texts of one block from :func:`markdown_blocks` (a list's items, else its one text)."""
    return list(block[1]) if block[0] == "list" else [block[-1]]


def word_count(text: str) -> int:
    """How many words the learner wrote; the marks (``##``, ``**``, ``- ``) are not words."""
    return sum(len(plain(part).split()) for block in markdown_blocks(text) for part in block_texts(block))
