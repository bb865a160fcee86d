"""Every string a person reads, in Dutch and English.

Messages live in ``journeylib/locales/<lang>/*.json`` (flat ``key -> text`` maps, one
file per part of the library, merged at first use). Texts are ``str.format`` templates
with named fields. Dutch is the default language of the course.

This module is a leaf: it imports nothing else from journeylib. That is why the base of
every error a person can cause, :class:`JourneyError` (a message key plus its fields,
shown in the current language), and :class:`LanguageError` are defined here;
:mod:`journeylib.errors` re-exports them beside the rest of the hierarchy.
"""
from __future__ import annotations

import json
import os
import string
from pathlib import Path

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALE_DIR = Path(__file__).with_name("locales")
_catalogs: dict[str, dict[str, str]] = {}
_current = os.environ.get("JOURNEYLIB_LANG", DEFAULT_LANGUAGE)
if _current not in LANGUAGES:  # a bad environment value must not break import
    _current = DEFAULT_LANGUAGE
_listeners: list = []


def _load(lang: str) -> dict[str, str]:
    catalog = _catalogs.get(lang)
    if catalog is None:
        catalog = {}
        for file in sorted((_LOCALE_DIR / lang).glob("*.json")):
            part = json.loads(file.read_text(encoding="utf-8"))
            clash = catalog.keys() & part.keys()
            if clash:
                raise RuntimeError(f"duplicate message keys in {file}: {sorted(clash)}")
            catalog.update(part)
        _catalogs[lang] = catalog
    return catalog


def check_language(lang: str | None) -> str:
    """Return a valid language code; ``None`` means the current language."""
    if lang is None:
        return _current
    if lang not in LANGUAGES:
        raise LanguageError("error.language", lang=lang, choices=", ".join(LANGUAGES))
    return lang


def set_language(lang: str) -> str:
    """Switch the language of every message, label and chart text ("nl" or "en")."""
    global _current
    _current = check_language(lang)
    for callback in list(_listeners):
        callback(_current)
    return _current


def get_language() -> str:
    return _current


def on_language_change(callback) -> None:
    """Call ``callback(lang)`` after every :func:`set_language` (widgets relabel)."""
    _listeners.append(callback)


class JourneyError(Exception):
    """Base class: a problem with input that the learner or instructor can fix.

    ``key`` names a message in the locale files; ``params`` fill in its fields when the
    message is shown, so ``str(err)`` follows :func:`set_language`.
    """

    def __init__(self, key: str, /, *, file: str | None = None, **params):
        self.key = key
        self.file = None if file is None else str(file)
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        text = t(self.key, lang, **self.params)
        if self.params.get("backup_hint"):  # a damaged file that has a backup: say where it is
            text += " " + t("error.use_backup", lang, backup=self.params["backup_hint"])
        if self.file:
            return f"{self.file}: {text}"
        return text

    def __str__(self) -> str:
        return self.message()

    def with_file(self, file) -> "JourneyError":
        """Attach the file name (when the error is raised before it is known)."""
        if self.file is None:
            self.file = str(file)
        return self


class LanguageError(JourneyError, ValueError):
    """An unknown language code."""


def has(key: str) -> bool:
    return key in _load(DEFAULT_LANGUAGE)


def t(key: str, lang: str | None = None, /, **params) -> str:
    """The text for ``key`` in ``lang`` (default: the current language)."""
    lang = check_language(lang)
    catalog = _load(lang)
    try:
        template = catalog[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in language {lang!r}") from None
    return template.format(**params) if params else template


def keys(lang: str) -> set[str]:
    return set(_load(lang))


def placeholders(lang: str, key: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(_load(lang)[key]) if name}
