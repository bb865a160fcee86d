"""One vocabulary, in both languages (issue 13, section 4).

The glossary (journeylib/data/glossary.yaml, read by journeylib.glossary) gives every term in
Dutch and English with a definition. Its variants to avoid must not appear in any locale file
(journeylib/locales/*/*.json) nor in the Markdown of any notebook source (tools/notebooks/*.yaml),
in the language they belong to. Only the exceptions listed in EXCEPTIONS may, each with the
reason next to it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from journeylib import glossary
from journeylib.errors import JourneyError

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "journeylib" / "locales"
SOURCES = ROOT / "tools" / "notebooks"
LANGS = ("nl", "en")
TERMS = glossary.terms()

#: (file, locale key or the first line of the Markdown cell, variant pattern as in the glossary)
#: where a variant may stay. "quoted": the text quotes the variant on purpose. "others": a file
#: another change is editing now; the replacement is listed in that change's report and the
#: line goes when it is applied.
EXCEPTIONS: set[tuple[str, str, str]] = set()  # (file, key or cell's first line, pattern): none left


def texts():
    """(language, file, where, text): every locale value and every Markdown cell of a source."""
    for lang in LANGS:
        for path in sorted((LOCALES / lang).glob("*.json")):
            for key, value in json.loads(path.read_text(encoding="utf-8")).items():
                yield lang, f"locales/{lang}/{path.name}", key, value
    for path in sorted(SOURCES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        single = data.get("lang") if "name" in data else None
        for item in data["cells"]:
            md = item.get("md") if isinstance(item, dict) else None
            if md is None:
                continue
            pairs = md.items() if isinstance(md, dict) else [(single or "nl", md)]
            for lang, text in pairs:
                yield lang, path.name, text.strip().splitlines()[0], text


def plain(text: str) -> str:
    """Text without format fields ({case}), code (`case`), link targets and HTML tags."""
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"<[^>]+>", " ", text)


def variants(lang):
    """(term id, pattern, compiled, scope) for every variant to avoid in ``lang``."""
    for term_id, item in TERMS.items():
        for variant in item["avoid"][lang]:
            pattern, scope = (variant, None) if isinstance(variant, str) else (variant["pattern"], variant["only"])
            yield term_id, pattern, re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE), scope


def in_scope(scope, file, where):
    return scope is None or any(where.startswith(s) or file == s for s in scope)


def occurrences():
    found = []
    compiled = {lang: list(variants(lang)) for lang in LANGS}
    for lang, file, where, text in texts():
        body = plain(text)
        for term_id, pattern, regex, scope in compiled[lang]:
            if in_scope(scope, file, where):
                for match in regex.finditer(body):
                    found.append((file, where, pattern, match.group(0), term_id))
    return found


@pytest.mark.parametrize("term_id", list(TERMS))
def test_every_term_has_both_languages_a_definition_and_a_notebook(term_id):
    item = TERMS[term_id]
    for lang in LANGS:
        assert item[lang]["term"].strip(), f"{term_id}: no {lang} term"
        assert len(item[lang]["definition"].split()) >= 5, f"{term_id}: no {lang} definition"
        assert isinstance(item["avoid"][lang], list), f"{term_id}: avoid.{lang} is not a list"
    assert str(item["notebook"]) in glossary.NOTEBOOKS, term_id


def test_the_glossary_has_the_course_terms():
    wanted = {
        "touchpoint": ("contactmoment", "touchpoint"), "moment_of_truth": ("moment van de waarheid", "moment of truth"),
        "customer_journey": ("klantreis", "customer journey"), "journey_map": ("klantreiskaart", "journey map"),
        "brand_essence": ("merkessentie", "brand essence"), "level_basic": ("Basis", "Basic"),
        "promoter": ("promotor", "promoter"), "passive": ("passieve", "passive"),
        "detractor": ("criticaster", "detractor"), "standard_way": ("vaste werkwijze", "standard way of working"),
        "essence_words": ("merkwoorden", "essence words"), "keywords": ("kernwoorden", "keywords"),
        "case": ("casus", "case"), "key_driver": ("key driver", "key driver"),
        "peak_end": ("piek-eindregel", "peak-end rule"), "authentic": ("authentiek", "authentic"),
    }
    for term_id, (nl, en) in wanted.items():
        assert (glossary.term(term_id, "nl"), glossary.term(term_id, "en")) == (nl, en)
    for term_id in ("conscious_touchpoint", "unconscious_touchpoint", "golden_circle", "quadrant_concentrate",
                    "quadrant_keep_up", "quadrant_low_priority", "quadrant_overkill", "csat", "ces", "nps",
                    "shapley", "r_squared", "training", "hospitality", "communication", "representativeness"):
        assert term_id in TERMS


def test_no_term_is_its_own_variant():
    for term_id, item in TERMS.items():
        for lang in LANGS:
            for _, pattern, regex, scope in variants(lang):
                if scope is None:
                    assert not regex.fullmatch(item[lang]["term"]), f"{term_id}: {pattern!r} forbids the {lang} term itself"


def test_the_labels_are_the_glossary_terms():
    """The widget and chart labels take the glossary's words."""
    from journeylib.i18n import t
    pairs = {"level.basic": "level_basic", "quadrant.concentrate": "quadrant_concentrate",
             "quadrant.keep_up": "quadrant_keep_up", "quadrant.low_priority": "quadrant_low_priority",
             "quadrant.overkill": "quadrant_overkill", "field.moment_of_truth": "moment_of_truth"}
    for key, term_id in pairs.items():
        for lang in LANGS:
            assert t(key, lang).casefold() == glossary.term(term_id, lang).casefold(), (key, lang)
    assert t("field.standard_way", "nl") == "Vaste werkwijze"
    assert t("field.essence_words", "nl") == "Merkwoorden"


def test_no_variant_to_avoid_in_the_locales_or_the_notebook_sources():
    found = occurrences()
    left = [f"{file} [{where}]: {text!r} (glossary: {term_id}, avoid {pattern!r})"
            for file, where, pattern, text, term_id in found if (file, where, pattern) not in EXCEPTIONS]
    assert not left, "variants to avoid (use the glossary's term):\n" + "\n".join(left)


def test_every_exception_is_still_needed():
    found = {(file, where, pattern) for file, where, pattern, _, _ in occurrences()}
    stale = sorted(EXCEPTIONS - found)
    assert not stale, f"exceptions that no longer occur; remove them from EXCEPTIONS: {stale}"


def test_variant_patterns_match_whole_words_only():
    regex = dict(((t, p), r) for t, p, r, _ in variants("nl"))[("key_driver", "drijfveren")]
    assert regex.search("de drijfveren van klanten") and not regex.search("drijfverenanalyse")
    driver = dict(((t, p), r) for t, p, r, _ in variants("nl"))[("key_driver", "(?<!key )(?<!key-)drivers?")]
    assert driver.search("vijf drivers") and not driver.search("vijf key drivers") and not driver.search("key-driveranalyse")
    assert plain("bij casus '{case}'") == "bij casus ' '"


def test_term_follows_the_language_and_names_an_unknown_id():
    from journeylib import i18n
    before = i18n.get_language()
    try:
        i18n.set_language("en")
        assert glossary.term("touchpoint") == "touchpoint"
        i18n.set_language("nl")
        assert glossary.term("touchpoint") == "contactmoment"
    finally:
        i18n.set_language(before)
    with pytest.raises(JourneyError) as err:
        glossary.term("no_such_term", "nl")
    assert "no_such_term" in err.value.message("nl") and "no_such_term" in err.value.message("en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_table_shows_every_term_with_a_link_to_its_notebook(lang):
    table = glossary.table(lang)
    page = table._repr_html_()
    assert len(table.rows) == len(TERMS)
    for item in TERMS.values():
        assert glossary.term(item.id, lang).replace("&", "&amp;").replace("'", "&#x27;") in page
    index = 0 if lang == "nl" else 1
    folder = ROOT / "notebooks" / lang
    for number, files in glossary.NOTEBOOKS.items():
        assert (folder / files[index]).is_file() or number == "09", files[index]
    markdown = table._repr_markdown_()
    assert markdown.count("\n") == len(TERMS) + 1


def test_the_glossary_notebook_renders_the_data_file():
    """Notebook 09 builds its table from journeylib.glossary, so the page and the data never differ."""
    data = yaml.safe_load((SOURCES / "09_begrippen.yaml").read_text(encoding="utf-8"))
    code = "\n".join(item["code"] for item in data["cells"] if "code" in item)
    assert "glossary.table(lang)" in code
