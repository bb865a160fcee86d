"""The course's vocabulary in Dutch and English: one term per concept (issue 13, section 4).

The terms live in ``journeylib/data/glossary.yaml``: per id a term and a definition in each
language, the variants to avoid, and the notebook that introduces the term. Widgets, charts
and reports that name a concept take its name from here; notebook 09 (the glossary) shows
:func:`table`, so the page and the data cannot differ; ``tests/test_glossary.py`` checks that
no variant to avoid appears in the locale files or the notebook sources.

    >>> from journeylib import glossary
    >>> glossary.term("moment_of_truth", "nl")
    'moment van de waarheid'
    >>> glossary.term("moment_of_truth", "en")
    'moment of truth'
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from .i18n import JourneyError, check_language

__all__ = ["Entry", "terms", "term", "definition", "entry", "table", "NOTEBOOKS"]

GLOSSARY_FILE = Path(__file__).with_name("data") / "glossary.yaml"

#: notebook number -> (Dutch file, English file) in notebooks/nl and notebooks/en
NOTEBOOKS = {
    "00": ("00_welkom.ipynb", "00_welcome.ipynb"),
    "01": ("01_merkessentie.ipynb", "01_brand_essence.ipynb"),
    "02": ("02_serviceniveaus.ipynb", "02_service_levels.ipynb"),
    "03": ("03_klantreis.ipynb", "03_journey.ipynb"),
    "04": ("04_momenten_van_de_waarheid.ipynb", "04_moments_of_truth.ipynb"),
    "05": ("05_key_drivers.ipynb", "05_key_drivers.ipynb"),
    "06": ("06_kanalen.ipynb", "06_channels.ipynb"),
    "07": ("07_gastvrijheid.ipynb", "07_hospitality.ipynb"),
    "08": ("08_reflectie_en_advies.ipynb", "08_reflection_and_advice.ipynb"),
    "09": ("09_begrippen.ipynb", "09_glossary.ipynb"),
}

_HEADINGS = {
    "nl": ("Begrip", "In het Engels", "Betekenis", "Notebook"),
    "en": ("Term", "In Dutch", "Meaning", "Notebook"),
}


class Entry(dict):
    """One term: ``entry["nl"]["term"]``, ``entry["en"]["definition"]``, ``entry["avoid"]["nl"]``,
    ``entry["notebook"]``; ``entry.id`` is its id in the glossary."""

    @property
    def id(self) -> str:
        return self["id"]


@lru_cache(maxsize=1)
def _load() -> dict[str, Entry]:
    import yaml  # only when the glossary is first used: `import journeylib` stays light

    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    return {key: Entry(value, id=key) for key, value in data.items()}


def terms() -> dict[str, Entry]:
    """Every term of the glossary, id -> :class:`Entry`, in the order of the file."""
    return dict(_load())


def entry(term_id: str) -> Entry:
    """The glossary entry ``term_id``; a :class:`JourneyError` names the unknown id."""
    found = _load().get(term_id)
    if found is None:
        raise JourneyError("glossary.unknown", id=term_id, choices=", ".join(sorted(_load())))
    return found


def term(term_id: str, lang: str | None = None) -> str:
    """The term ``term_id`` in ``lang`` (default: the current language), e.g. "contactmoment"."""
    return entry(term_id)[check_language(lang)]["term"]


def definition(term_id: str, lang: str | None = None) -> str:
    """The definition of ``term_id`` in ``lang`` (default: the current language)."""
    return " ".join(entry(term_id)[check_language(lang)]["definition"].split())


class Table:
    """The glossary as a table in one language; a notebook shows it as HTML (Markdown and
    plain text for other front ends)."""

    def __init__(self, lang: str):
        self.lang = lang
        other = "en" if lang == "nl" else "nl"
        index = 0 if lang == "nl" else 1
        rows = []
        for item in _load().values():
            number = str(item["notebook"])
            rows.append((item[lang]["term"], item[other]["term"], definition(item.id, lang),
                         number, NOTEBOOKS[number][index]))
        self.rows = sorted(rows, key=lambda row: row[0].casefold())

    def _repr_html_(self) -> str:
        head = "".join(f"<th style=\"text-align:left\">{html.escape(h)}</th>" for h in _HEADINGS[self.lang])
        body = "".join(
            f"<tr><td style=\"text-align:left\"><strong>{html.escape(a)}</strong></td>"
            f"<td style=\"text-align:left\"><em>{html.escape(b)}</em></td>"
            f"<td style=\"text-align:left\">{html.escape(c)}</td>"
            f"<td style=\"text-align:left\"><a href=\"{html.escape(f)}\">{html.escape(n)}</a></td></tr>"
            for a, b, c, n, f in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_markdown_(self) -> str:
        cell = lambda s: s.replace("|", "\\|")
        lines = ["| " + " | ".join(_HEADINGS[self.lang]) + " |", "|---|---|---|---|"]
        lines += [f"| **{cell(a)}** | *{cell(b)}* | {cell(c)} | [{n}]({f}) |" for a, b, c, n, f in self.rows]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<glossary: {len(self.rows)} terms, {self.lang}>"


def table(lang: str | None = None) -> Table:
    """The whole glossary in ``lang``, alphabetical by term, for notebook 09."""
    return Table(check_language(lang))
