"""Every message exists in both languages, with the same placeholders."""
import json
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


@pytest.mark.parametrize("key", sorted(i18n.keys("nl")))
def test_placeholders_and_text_per_key(key):
    assert i18n.placeholders("nl", key) == i18n.placeholders("en", key), key
    assert i18n.t(key, "nl").strip() if not i18n.placeholders("nl", key) else True


def test_translations_are_not_copies():
    nl, en = i18n._load("nl"), i18n._load("en")
    same = [k for k in nl if nl[k] == en[k] and len(nl[k]) > 25]
    assert same == [], f"untranslated long texts: {same[:10]}"


def test_locale_files_are_valid_json_objects_of_strings():
    for file in LOCALES.glob("*/*.json"):
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
