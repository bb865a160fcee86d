"""journeylib.text: one way to shorten, write numbers, join lists, count and quote, in nl and en."""
from __future__ import annotations

import pytest

from journeylib import text
from journeylib.errors import LanguageError
from journeylib.i18n import set_language
from journeylib.text import (
    ELLIPSIS,
    count_words,
    format_number,
    format_percent,
    format_signed,
    join_words,
    plural,
    quote,
    shorten,
    t_count,
)

MINUS = "\u2212"


# --------------------------------------------------------------------------- shorten

def test_shorten_keeps_text_that_fits_and_tidies_its_spaces():
    assert shorten("  Wachten \n op   de bus ", 40) == "Wachten op de bus"
    assert shorten("abc", 3) == "abc"
    assert shorten("", 5) == ""


def test_shorten_cuts_at_a_word_boundary_and_drops_trailing_punctuation():
    assert shorten("Wachten op de bus naar huis", 12) == "Wachten op" + ELLIPSIS
    assert shorten("Eerst, daarna de rest", 8) == "Eerst" + ELLIPSIS


def test_shorten_never_exceeds_the_width():
    sentence = "Klantcontact via de app en daarna nog een telefoontje naar de servicedesk"
    for width in range(0, len(sentence) + 2):
        for words in (True, False):
            for ellipsis in (ELLIPSIS, "..."):
                assert len(shorten(sentence, width, ellipsis=ellipsis, words=words)) <= max(width, 0)


def test_shorten_without_words_cuts_anywhere():
    assert shorten("abcdefghij", 5, words=False) == "abcd" + ELLIPSIS
    assert shorten("ab cdefghij", 6, words=False) == "ab cd" + ELLIPSIS
    assert shorten("abcdefghij", 6, ellipsis="...", words=False) == "abc..."


def test_shorten_a_long_word_is_cut_inside_it():
    assert shorten("Klantcontactmoment", 8) == "Klantco" + ELLIPSIS


def test_shorten_widths_shorter_than_the_ellipsis():
    assert shorten("abcdef", 1) == ELLIPSIS
    assert shorten("abcdef", 0) == ""
    assert shorten("abcdef", -3) == ""
    assert shorten("abcdef", 2, ellipsis="...") == ".."
    assert shorten("abcdef", 3, ellipsis="...") == "..."
    assert shorten("abcdef", 4, ellipsis="...") == "a..."


def test_shorten_accepts_anything_with_a_text():
    assert shorten(12345, 3) == "12" + ELLIPSIS
    assert shorten(None, 10) == "None"


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("value, digits, nl, en", [
    (0, 0, "0", "0"),
    (0, 1, "0,0", "0.0"),
    (3, 0, "3", "3"),
    (3.14159, 2, "3,14", "3.14"),
    (1234.5, 1, "1.234,5", "1,234.5"),
    (1234567, 0, "1.234.567", "1,234,567"),
    (999.96, 1, "1.000,0", "1,000.0"),
    (-2, 0, MINUS + "2", MINUS + "2"),
    (-1234.25, 1, MINUS + "1.234,2", MINUS + "1,234.2"),
    (-0.04, 1, "0,0", "0.0"),  # rounds to zero: no minus sign
    (-0.4, 0, "0", "0"),
    (2.5, 0, "2", "2"),  # Python's rounding, half to even
    (0.125, 2, "0,12", "0.12"),
])
def test_format_number_per_language(value, digits, nl, en):
    assert format_number(value, "nl", digits) == nl
    assert format_number(value, "en", digits) == en


def test_format_number_with_as_many_decimals_as_needed():
    assert format_number(0.25, "nl", None) == "0,25"
    assert format_number(1, "en", None) == "1"
    assert format_number(0, "nl", None) == "0"
    assert format_number(1500.5, "nl", None) == "1.500,5"
    assert format_number(-0.1 - 0.2, "en", None) == MINUS + "0.3"  # 0.30000000000000004
    assert format_number(1e-12, "en", None) == "0"


def test_format_number_defaults_to_one_decimal_in_the_current_language():
    set_language("en")
    try:
        assert format_number(2) == "2.0"
    finally:
        set_language("nl")
    assert format_number(2) == "2,0"


def test_format_number_refuses_an_unknown_language():
    with pytest.raises(LanguageError):
        format_number(1, "de")


def test_format_signed():
    assert format_signed(2, "nl") == "+2"
    assert format_signed(0, "nl") == "0"
    assert format_signed(-3, "en") == MINUS + "3"
    assert format_signed(0.04, "en", 1) == "0.0"  # rounds to zero: no plus either
    assert format_signed(1.25, "nl", 1) == "+1,2"
    assert format_signed(1500, "nl") == "+1.500"


def test_format_percent():
    assert format_percent(0.6, "nl") == "60%"
    assert format_percent(0, "en") == "0%"
    assert format_percent(1, "en") == "100%"
    assert format_percent(0.125, "nl", 1) == "12,5%"
    assert format_percent(0.125, "en", 1) == "12.5%"
    assert format_percent(-0.25, "en") == MINUS + "25%"
    assert format_percent(0.004, "nl") == "0%"
    assert format_percent(12.5, "nl") == "1.250%"


# --------------------------------------------------------------------------- lists, plurals, quotes

def test_join_words_in_both_languages():
    assert join_words([], "nl") == "" and join_words([], "en") == ""
    assert join_words(["a"], "nl") == "a"
    assert join_words(["a", "b"], "nl") == "a en b"
    assert join_words(["a", "b", "c"], "nl") == "a, b en c"
    assert join_words(["a", "b", "c"], "en") == "a, b and c"
    assert join_words(iter([1, 2]), "en") == "1 and 2"


def test_join_words_quotes_whole_items():
    long = "x" * 80
    assert join_words(["a", long], "en", quote=True) == f"'a' and '{long}'"
    assert join_words(["a"], "nl", quote=True) == "'a'"


def test_plural_one_versus_many():
    assert plural(1, "fase", "fasen") == "fase"
    assert plural(-1, "fase", "fasen") == "fase"
    assert plural(0, "fase", "fasen") == "fasen"
    assert plural(2, "fase", "fasen") == "fasen"
    assert plural(1.5, "phase") == "phases"
    assert plural(1, "phase") == "phase"


def test_count_words_writes_the_number_per_language():
    assert count_words(1, "contactmoment", "contactmomenten", lang="nl") == "1 contactmoment"
    assert count_words(0, "contactmoment", "contactmomenten", lang="nl") == "0 contactmomenten"
    assert count_words(1234, "touchpoint", lang="en") == "1,234 touchpoints"
    assert count_words(1234, "kanaal", "kanalen", lang="nl") == "1.234 kanalen"


def test_t_count_uses_the_singular_key_only_for_one():
    key = "chart.journeymap.describe_no_channel"
    one = t_count(key, 1, "nl")
    many = t_count(key, 3, "nl")
    assert one.startswith("1 contactmoment ") and "3" in many and one != many
    assert t_count(key, 0, "en") != t_count(key, 1, "en")


def test_t_count_without_a_singular_key_uses_the_plural_text():
    assert t_count("chart.text.more", 1, "en") == "1 more"
    assert t_count("chart.text.more", 4, "nl") == "nog 4 andere"


def test_quote():
    assert quote("wachten") == "'wachten'"
    assert quote("") == "''"
    assert quote("a b c d e f", 5) == "'a b" + ELLIPSIS + "'"
    assert len(quote("y" * 100)) == 62
    assert quote("y" * 100, None) == "'" + "y" * 100 + "'"


def test_text_imports_only_i18n():
    """text is a leaf: it may import journeylib.i18n and nothing else of journeylib."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(text.__file__).read_text(encoding="utf-8"))
    ours = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            name = ("journeylib." if node.level else "") + (node.module or "")
            ours |= {name} if name.startswith("journeylib") else set()
        elif isinstance(node, ast.Import):
            ours |= {a.name for a in node.names if a.name.startswith("journeylib")}
    assert ours == {"journeylib.i18n"}, ours
