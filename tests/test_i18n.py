"""Every message exists in both languages, with the same placeholders."""
import json
import string
from pathlib import Path

import pytest

import journeylib
from journeylib import i18n
from journeylib.errors import LanguageError

LOCALES = Path(i18n.__file__).with_name("locales")


def test_every_key_exists_in_both_languages():
    nl, en = i18n.keys("nl"), i18n.keys("en")
    assert nl == en, f"only nl: {sorted(nl - en)}; only en: {sorted(en - nl)}"
    assert len(nl) > 50


def test_locale_files_mirror_each_other():
    assert sorted(p.name for p in (LOCALES / "nl").glob("*.json")) == sorted(
        p.name for p in (LOCALES / "en").glob("*.json")
    )


class Anything:
    """A value for any placeholder: fits every format spec, attribute and index."""

    def __format__(self, spec):
        return "7"

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self


def fields(text: str) -> list[tuple[str, str, str]]:
    """(name, conversion, format spec) of every placeholder; ValueError for a stray brace."""
    return sorted({(name, conv or "", spec or "") for _, name, spec, conv in string.Formatter().parse(text)
                   if name is not None})


def placeholder_problems(nl: str, en: str) -> list[str]:
    """What is wrong with the placeholders of one message in its two languages ([] if nothing)."""
    try:
        a, b = fields(nl), fields(en)
    except ValueError as exc:  # "{" without "}", "}" alone
        return [f"broken brace: {exc}"]
    problems = []
    if a != b:
        problems.append(f"nl has {a}, en has {b}")
    if any(not name or name.split(".")[0].split("[")[0].isdigit() for name, _, _ in a + b):
        problems.append("positional placeholder: t() fills in names only")
    for lang, text, found in (("nl", nl, a), ("en", en, b)):
        if not found and ("{{" in text or "}}" in text):  # t() formats only when there are fields
            problems.append(f"{lang}: '{{{{' or '}}}}' without placeholders is shown doubled")
    return problems


def test_placeholder_problems_are_found():
    assert placeholder_problems("{n} kamers", "{n} rooms") == []
    assert placeholder_problems("{n} kamers", "{count} rooms")
    assert placeholder_problems("{share:.0%} van", "{share} of")  # a format spec lost in translation
    assert placeholder_problems("{name!r} ontbreekt", "{name} is missing")
    assert placeholder_problems("{} kamers", "{} rooms")
    assert placeholder_problems("{n kamers", "{n} rooms")
    assert placeholder_problems("{n} kamers", "{n} rooms}")
    assert placeholder_problems("zoals {{x}}", "such as {{x}}")
    assert placeholder_problems("zoals {{x}} ({n})", "such as {{x}} ({n})") == []


@pytest.mark.parametrize("key", sorted(i18n.keys("nl")))
def test_placeholders_and_text_per_key(key):
    nl, en = i18n._load("nl")[key], i18n._load("en")[key]
    assert placeholder_problems(nl, en) == [], key
    values = {name.split(".")[0].split("[")[0]: Anything() for name, _, _ in fields(nl)}
    for lang in ("nl", "en"):  # the message can be shown, and says something
        assert i18n.t(key, lang, **values).strip(), (key, lang)


def test_translations_are_not_copies():
    nl, en = i18n._load("nl"), i18n._load("en")
    same = [k for k in nl if nl[k] == en[k] and len(nl[k]) > 25]
    assert same == [], f"untranslated long texts: {same[:10]}"


def test_locale_files_are_valid_json_objects_of_strings():
    files = sorted(LOCALES.glob("*/*.json"))
    assert len(files) >= 20, files
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and all(isinstance(v, str) for v in data.values()), file


def test_set_language_switches_messages_and_rejects_unknown():
    journeylib.set_language("en")
    assert journeylib.t("phase.during") == "During"
    journeylib.set_language("nl")
    assert journeylib.t("phase.during") == "Tijdens"
    with pytest.raises(LanguageError) as info:
        journeylib.set_language("fr")
    assert "fr" in str(info.value) and "nl" in str(info.value)
    assert journeylib.get_language() == "nl"


def test_error_message_follows_language_after_raising():
    err = LanguageError("error.language", lang="de", choices="nl, en")
    journeylib.set_language("en")
    english = str(err)
    journeylib.set_language("nl")
    assert str(err) != english and "de" in str(err)


def test_language_listeners_are_called():
    seen = []
    i18n.on_language_change(seen.append)
    try:
        journeylib.set_language("en")
    finally:
        i18n._listeners.remove(seen.append)
    assert seen == ["en"]
