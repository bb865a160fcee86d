"""Small text jobs done one way everywhere: shorten, numbers, percentages, lists, plurals, quotes.

Every chart description, widget label, report line and error message that shows a
number or a list goes through these functions, so Dutch and English read the same
in every part of the course:

- ``shorten("Klantcontact via de app", 12)`` -> ``"Klantcontact…"``
- ``format_number(1234.5, "nl")`` -> ``"1.234,5"``; ``en`` -> ``"1,234.5"``
- ``format_percent(0.6)`` -> ``"60%"``; ``format_signed(2)`` -> ``"+2"``
- ``join_words(["a", "b", "c"], lang="nl")`` -> ``"a, b en c"``
- ``count_words(3, "fase", "fasen")`` -> ``"3 fasen"``; ``t_count(key, n)`` picks ``key.one``
- ``quote("wachten")`` -> ``"'wachten'"``

A leaf module: it imports only :mod:`journeylib.i18n` (see docs/architecture.md).
"""
from __future__ import annotations

from collections.abc import Iterable

from .i18n import check_language, has, t

__all__ = [
    "ELLIPSIS",
    "shorten",
    "format_number",
    "format_signed",
    "format_percent",
    "join_words",
    "plural",
    "count_words",
    "t_count",
    "quote",
]

ELLIPSIS = "\u2026"  # one character: "…"
MINUS = "\u2212"  # a real minus sign, as wide as "+"
_THOUSANDS = {"nl": ".", "en": ","}
_DECIMAL = {"nl": ",", "en": "."}


# --------------------------------------------------------------------------- shortening

def shorten(text, width: int, *, ellipsis: str = ELLIPSIS, words: bool = True) -> str:
    """``text`` on one line and at most ``width`` characters, ``ellipsis`` marking a cut.

    Runs of white space become one space. With ``words`` the cut falls at a space when
    one lies in the second half of the room, and trailing punctuation goes
    (``shorten("Wachten op de bus naar huis", 12)`` -> ``"Wachten op…"``); ``words=False``
    cuts anywhere.
    A width too small for a character and the ellipsis gives (part of) the ellipsis
    alone; a width of 0 or less gives ``""``.
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    room = width - len(ellipsis)
    if room <= 0:
        return ellipsis[: max(width, 0)]
    cut = text[:room]
    if words and " " in cut[room // 2:]:
        cut = cut[: cut.rindex(" ")]
    cut = cut.rstrip(" ,;:.-") if words else cut.rstrip()
    return (cut or text[:room]) + ellipsis


# --------------------------------------------------------------------------- numbers

def format_number(value: float, lang: str | None = None, digits: int | None = 1) -> str:
    """``value`` rounded to ``digits`` decimals (default 1), the way ``lang`` writes numbers.

    Dutch: ``1.234,5``; English: ``1,234.5``. Negative numbers get a real minus sign
    (``−3``); a value that rounds to zero prints without one (``-0.04`` -> ``"0,0"``).
    Rounding is Python's (half to even on the binary value): ``2.5, digits=0`` -> ``"2"``.
    ``digits=None`` shows as many decimals as the value has, up to 10 (axis ticks: ``0,25``, ``1``).
    """
    lang = check_language(lang)
    rounded = round(float(value), 10 if digits is None else digits)
    if rounded == 0:
        rounded = 0.0
    text = f"{abs(rounded):,.{10 if digits is None else max(digits, 0)}f}"
    if digits is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.translate(str.maketrans({",": _THOUSANDS[lang], ".": _DECIMAL[lang]}))
    return (MINUS if rounded < 0 else "") + text


def format_signed(value: float, lang: str | None = None, digits: int = 0) -> str:
    """:func:`format_number` with ``+`` before a positive number (``+2``, ``0``, ``−1``)."""
    text = format_number(value, lang, digits)
    return "+" + text if round(float(value), digits) > 0 else text


def format_percent(share: float, lang: str | None = None, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage: ``0.6`` -> ``"60%"``, ``0.125, digits=1`` -> ``"12,5%"`` (nl)."""
    return format_number(100 * float(share), lang, digits) + "%"


# --------------------------------------------------------------------------- lists, plurals, quotes

def join_words(items: Iterable, lang: str | None = None, *, quote: bool = False) -> str:
    """``["a", "b", "c"]`` -> ``"a, b en c"`` (nl) / ``"a, b and c"`` (en); ``[]`` -> ``""``.

    With ``quote`` every item is put in quotes first, whole (see :func:`quote`).
    """
    words = [_quoted(str(i)) if quote else str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " " + t("text.and", lang) + " " + words[-1]


def plural(count: float, one: str, many: str | None = None) -> str:
    """``one`` when ``count`` is 1 (or −1), else ``many``.

    Without ``many`` the English rule adds an ``s``; Dutch plurals are irregular
    (``fase`` -> ``fasen``, ``kanaal`` -> ``kanalen``), so pass ``many`` for Dutch words.
    """
    if abs(count) == 1:
        return one
    return many if many is not None else one + "s"


def count_words(count: float, one: str, many: str | None = None, *, lang: str | None = None,
                digits: int = 0) -> str:
    """The number and the word that fits it: ``"1 fase"``, ``"3 fasen"``, ``"1,234 touchpoints"`` (en)."""
    return f"{format_number(count, lang, digits)} {plural(count, one, many)}"


def t_count(key: str, count: int, lang: str | None = None, /, **params) -> str:
    """:func:`~journeylib.i18n.t` for a counted text: ``key + ".one"`` when ``count`` is 1.

    The locale files hold the singular under ``<key>.one`` where a language needs it;
    without that key the plural text serves every count. ``{count}`` is filled in.
    """
    one = key + ".one"
    return t(one if count == 1 and has(one) else key, lang, count=count, **params)


def quote(text, width: int | None = 60) -> str:
    """``text`` between single quotes, shortened to ``width`` characters inside them
    (``None``: never shortened)."""
    return _quoted(shorten(text, width) if width is not None else str(text))


def _quoted(text: str) -> str:
    return "'" + text + "'"
