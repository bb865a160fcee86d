"""Every course notebook ends with its sources in full, and cites nothing that is not there
(issue 13, §5: "References").

The last cell of each notebook in notebooks/nl and notebooks/en, and of each lecture notebook in
notebooks/instructor (lecture_*.ipynb in Dutch, lecture_*_en.ipynb in English), is the section
"## Bronnen" / "## Sources": a Markdown list, one entry per source, each with a year ("(1977)";
"(z.j.)" / "(n.d.)" for an undated text) and a title. Every author the notebook's other Markdown
names, with or without a year ("Martilla & James (1977)", "(Kaufman, *Uplifting Service*,
2012)", "Kaufman", "Mehrabian"), must have an entry there with that name and that year.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: the lecture notebooks: lecture_NN_name.ipynb (Dutch) and lecture_NN_name_en.ipynb beside it
LECTURES_EN = sorted((ROOT / "notebooks" / "instructor").glob("lecture_*_en.ipynb"))
LECTURES_NL = sorted(set((ROOT / "notebooks" / "instructor").glob("lecture_*.ipynb")) - set(LECTURES_EN))
NL = sorted((ROOT / "notebooks" / "nl").glob("*.ipynb")) + LECTURES_NL
EN = sorted((ROOT / "notebooks" / "en").glob("*.ipynb")) + LECTURES_EN
HEADING = {"nl": "## Bronnen", "en": "## Sources"}
UNDATED = {"nl": "z.j.", "en": "n.d."}

#: authors of the works behind the course (../shared/course/FACTS.md): a notebook that names
#: one of them, even without a year, lists the work in its sources
AUTHORS = {
    "Azen", "Bitner", "Budescu", "Carlzon", "Conklin", "Dixon", "Fredrickson", "Freeman", "Gold",
    "Grömping", "James", "Johnson", "Kahneman", "Kano", "Kaufman", "Lecinski", "Lindeman",
    "Lipovetsky", "Martilla", "Mehrabian", "Merenda", "Morgan", "Ostrom", "Redelmeier", "Reichheld",
    "Schreiber", "Shostack", "Sinek", "Temkin", "Toman",
}
NAME = r"[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
YEAR = r"(?:19|20)\d\d"
#: "(Kaufman, 2012)", "(Kaufman, *Uplifting Service*, 2012)", "(Carlzon, 1987; ...)"
PARENTHETICAL = re.compile(rf"\(([^()]*?{NAME}[^()]*?),\s*({YEAR})[a-z]?\s*[;)]")
#: "Martilla & James (1977)", "Lindeman, Merenda & Gold (1980)", "Simon Sinek (2009)"
NARRATIVE = re.compile(rf"((?:{NAME}(?:,\s*|\s*&\s*|\s+en\s+|\s+and\s+))*{NAME})(?:'s)?\s+\(({YEAR})[a-z]?\)")


def cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def lang_of(path: Path) -> str:
    if path.parent.name == "instructor":
        return "en" if path.stem.endswith("_en") else "nl"
    return path.parent.name


def split(path: Path) -> tuple[str, str]:
    """(the notebook's Markdown before its sources, the sources section)."""
    md = cells(path)
    assert md and md[-1].lstrip().startswith(HEADING[lang_of(path)]), (
        f"{path.name}: the last Markdown cell is not the section {HEADING[lang_of(path)]!r}")
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["cells"][-1]["cell_type"] == "markdown", f"{path.name}: the sources section is not the last cell"
    return "\n".join(md[:-1]), md[-1]


def entries(section: str) -> list[str]:
    """The list items of the sources section, continuation lines joined."""
    items: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return [" ".join(item.split()) for item in items]


def plain(text: str) -> str:
    """Markdown emphasis and links removed, whitespace normalised (titles are in *italics*)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return " ".join(text.replace("*", "").split())


def citations(text: str) -> list[tuple[list[str], str]]:
    """(surnames, year) for every author-year citation in ``text``."""
    found = []
    body = plain(re.sub(r"(?<!\*)\*(?!\*)[^*\n]+(?<!\*)\*(?!\*)", " § ", text))  # *titles* are not authors
    for names, year in PARENTHETICAL.findall(body) + NARRATIVE.findall(body):
        surnames = [n for n in re.findall(NAME, names) if n not in {"En", "And", "Zie", "See", "Het", "De"}]
        if surnames:
            found.append((surnames, year))
    return found


def entry_for(items: list[str], names: list[str], year: str | None) -> str | None:
    for item in items:
        text = plain(item)
        if (year is None or re.search(rf"\({year}[a-z]?\)", text)) and all(
                re.search(rf"\b{re.escape(n)}\b", text) for n in names):
            return item
    return None


@pytest.mark.parametrize("path", NL + EN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_author_cited_is_in_the_sources(path):
    body, section = split(path)
    items = entries(section)
    assert items, f"{path.name}: the sources section lists nothing"
    missing = []
    for names, year in citations(body):
        known = [n for n in names if n in AUTHORS] or names[-1:]  # "Simon Sinek": the surname
        if entry_for(items, known, year) is None:
            missing.append(f"{' & '.join(names)} ({year})")
    for name in sorted(AUTHORS):
        if re.search(rf"\b{name}\b", plain(body)) and entry_for(items, [name], None) is None:
            missing.append(name)
    assert not missing, f"{path.name}: cited but not in {HEADING[lang_of(path)]!r}: {sorted(set(missing))}"


@pytest.mark.parametrize("path", NL + EN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_entry_has_a_year_and_a_title(path):
    _, section = split(path)
    undated = re.escape(UNDATED[lang_of(path)])
    for item in entries(section):
        year = re.search(rf"\((?:{YEAR}[a-z]?|{undated})\)", item)
        assert year, f"{path.name}: no year (or {UNDATED[lang_of(path)]}) in {item[:80]!r}"
        before, after = item[:year.start()], item[year.end():]
        # a title: in italics (a book, a report, or a title standing in for the author), or the
        # sentence right after the year (an article, whose journal is then in italics)
        title = re.search(r"\*[^*]{3,}\*", before + after) or re.match(r"\.\s+[^.*]{3,}", after)
        assert title, f"{path.name}: no title in {item[:80]!r}"
        assert "doi.org/10." in item or "doi:" not in item.lower(), f"{path.name}: write a DOI as https://doi.org/..."


@pytest.mark.parametrize("nl, en", list(zip(NL, EN)), ids=[p.stem for p in NL])
def test_both_languages_list_the_same_sources(nl, en):
    a, b = entries(split(nl)[1]), entries(split(en)[1])
    assert len(a) == len(b), f"{nl.name}: {len(a)} sources, {en.name}: {len(b)}"
    years = lambda items: [re.findall(rf"\((?:{YEAR}|z\.j\.|n\.d\.)\)", i)[:1] for i in items]
    norm = lambda ys: [[y.replace("z.j.", "-").replace("n.d.", "-") for y in x] for x in ys]
    assert norm(years(a)) == norm(years(b)), f"{nl.stem}: the two lists differ"


@pytest.mark.parametrize("path", NL + EN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_lecturers_saying_keeps_its_attribution(path):
    """The seed text: 'Docent Kees Kerkvliet zei regelmatig: "historisch ontstaan, hysterisch
    vastgehouden."' A notebook that uses the saying names him as the seed does."""
    body, section = split(path)
    if not re.search(r"hysteri(sch|cally)", body, re.I):
        return
    text = plain(section)
    assert "Docent Kees Kerkvliet zei regelmatig" in text and "historisch ontstaan, hysterisch vastgehouden" in text, \
        f"{path.name}: the saying's source, with the seed's attribution, is missing from the sources"
