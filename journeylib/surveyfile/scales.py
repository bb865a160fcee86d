"""Answer labels of the common rating scales (Dutch and English), in order, and how to match them.

A survey tool exports a rating question either as numbers or as the labels the respondent
saw ("Zeer tevreden", "Somewhat agree"). :func:`match_scale` finds the one known scale that
all labels of a question fit, and gives each label its place on that scale (1..k).

* Labels are compared folded: case, accents, punctuation and surrounding whitespace do not
  count, and a leading number is ignored ("5 - Zeer tevreden", "1 = slecht", "3. neutraal").
* The scales: satisfaction, agreement, ease and likelihood (symmetric, 4 to 7 points) and
  quality (poor ... excellent; slecht ... uitstekend). The shortest version of a scale that
  holds every label found is used, but never a 3-point one when a 5-point one fits:
  ``{"ontevreden", "neutraal", "tevreden"}`` is read as the middle of the 5-point scale.
  The full length of that version sets ``(low, high)``: a 5-point scale gives (1, 5) even
  when nobody answered 1.
* "n.v.t.", "weet niet", "geen mening", "not applicable", "N/A", "don't know",
  "prefer not to say" (:data:`MISSING_LABELS`) are no answer: they become missing values.
* All labels of a question must fit one scale; a question whose labels fit none is not
  guessed (:func:`match_scale` returns None and the loader asks for the order).

These are data the loader recognises, not texts a person reads, so they are not in the
locale files.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["normalize_label", "is_missing_label", "leading_number", "match_scale", "ScaleMatch",
           "MISSING_LABELS", "SCALE_NAMES"]

_LEADING_NUMBER = re.compile(r"^\s*([+-]?\d{1,3})(?:[.,]0+)?\s*(?:[-–—=:.)]\s*|\s+)(?=\S)(?=\D)")


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def normalize_label(label) -> str:
    """``label`` folded for comparison: no case, accents, punctuation or leading number."""
    text = str(label).strip().lstrip("\ufeff")
    text = _LEADING_NUMBER.sub("", text, count=1)
    return _fold(text)


def leading_number(label) -> int | None:
    """The number a label starts with ("5 - Zeer tevreden" -> 5), or None."""
    found = _LEADING_NUMBER.match(str(label).strip())
    return int(found.group(1)) if found else None


#: Answers that mean "no answer" (folded as :func:`normalize_label` folds them).
MISSING_LABELS = frozenset(_fold(text) for text in (
    "n.v.t.", "nvt", "n.v.t", "niet van toepassing", "weet niet", "weet ik niet", "geen mening", "geen idee",
    "zeg ik liever niet", "wil ik niet zeggen", "geen antwoord", "geen opgave",
    "not applicable", "n/a", "na", "don't know", "dont know", "do not know", "no opinion",
    "prefer not to say", "prefer not to answer", "rather not say", "no answer", "not sure",
))


def is_missing_label(label) -> bool:
    return normalize_label(label) in MISSING_LABELS


# Symmetric scales: each label has a degree, -3 (most negative) .. 3 (most positive), 0 the middle.
_SYMMETRIC: dict[str, dict[int, tuple[str, ...]]] = {
    "satisfaction": {
        -3: ("zeer ontevreden", "heel ontevreden", "erg ontevreden", "helemaal niet tevreden", "zeer niet tevreden",
             "very dissatisfied", "extremely dissatisfied", "completely dissatisfied", "very unsatisfied"),
        -2: ("ontevreden", "niet tevreden", "dissatisfied", "unsatisfied", "not satisfied"),
        -1: ("enigszins ontevreden", "een beetje ontevreden", "licht ontevreden", "wat ontevreden",
             "somewhat dissatisfied", "slightly dissatisfied", "moderately dissatisfied"),
        0: ("neutraal", "niet tevreden niet ontevreden", "niet tevreden en niet ontevreden",
            "niet tevreden maar ook niet ontevreden", "noch tevreden noch ontevreden",
            "neutral", "neither satisfied nor dissatisfied", "neither satisfied or dissatisfied"),
        1: ("enigszins tevreden", "een beetje tevreden", "redelijk tevreden", "wat tevreden",
            "somewhat satisfied", "slightly satisfied", "moderately satisfied"),
        2: ("tevreden", "satisfied"),
        3: ("zeer tevreden", "heel tevreden", "erg tevreden", "helemaal tevreden",
            "very satisfied", "extremely satisfied", "completely satisfied"),
    },
    "agreement": {
        -3: ("helemaal oneens", "zeer oneens", "volledig oneens", "totaal oneens", "helemaal mee oneens",
             "strongly disagree", "completely disagree", "totally disagree"),
        -2: ("oneens", "mee oneens", "niet eens", "disagree"),
        -1: ("enigszins oneens", "een beetje oneens", "beetje oneens", "enigszins mee oneens", "deels oneens",
             "somewhat disagree", "slightly disagree", "mildly disagree"),
        0: ("neutraal", "niet eens niet oneens", "niet eens en niet oneens", "noch eens noch oneens",
            "niet mee eens niet mee oneens", "neutral", "neither agree nor disagree", "neither agree or disagree"),
        1: ("enigszins eens", "een beetje eens", "beetje eens", "enigszins mee eens", "deels eens",
            "somewhat agree", "slightly agree", "mildly agree"),
        2: ("eens", "mee eens", "agree"),
        3: ("helemaal eens", "zeer eens", "volledig eens", "totaal eens", "helemaal mee eens",
            "strongly agree", "completely agree", "totally agree"),
    },
    "ease": {
        -3: ("zeer moeilijk", "heel moeilijk", "erg moeilijk", "zeer lastig", "heel lastig",
             "very difficult", "extremely difficult", "very hard"),
        -2: ("moeilijk", "lastig", "difficult", "hard"),
        -1: ("enigszins moeilijk", "een beetje moeilijk", "enigszins lastig", "somewhat difficult",
             "slightly difficult"),
        0: ("neutraal", "niet makkelijk niet moeilijk", "niet moeilijk niet makkelijk",
            "niet gemakkelijk niet moeilijk", "niet moeilijk niet gemakkelijk", "noch makkelijk noch moeilijk",
            "neutral", "neither easy nor difficult", "neither difficult nor easy", "neither easy or difficult"),
        1: ("enigszins makkelijk", "enigszins gemakkelijk", "een beetje makkelijk", "somewhat easy",
            "slightly easy"),
        2: ("makkelijk", "gemakkelijk", "eenvoudig", "easy"),
        3: ("zeer makkelijk", "heel makkelijk", "erg makkelijk", "zeer gemakkelijk", "heel gemakkelijk",
            "zeer eenvoudig", "very easy", "extremely easy"),
    },
    "likelihood": {
        -3: ("zeer onwaarschijnlijk", "heel onwaarschijnlijk", "erg onwaarschijnlijk", "zeker niet",
             "very unlikely", "extremely unlikely", "definitely not"),
        -2: ("onwaarschijnlijk", "waarschijnlijk niet", "unlikely", "probably not"),
        -1: ("enigszins onwaarschijnlijk", "een beetje onwaarschijnlijk", "somewhat unlikely", "slightly unlikely"),
        0: ("neutraal", "niet waarschijnlijk niet onwaarschijnlijk", "noch waarschijnlijk noch onwaarschijnlijk",
            "misschien", "neutral", "neither likely nor unlikely", "neither likely or unlikely", "maybe",
            "might or might not"),
        1: ("enigszins waarschijnlijk", "een beetje waarschijnlijk", "somewhat likely", "slightly likely"),
        2: ("waarschijnlijk", "waarschijnlijk wel", "likely", "probably"),
        3: ("zeer waarschijnlijk", "heel waarschijnlijk", "erg waarschijnlijk", "zeker wel", "zeker",
            "very likely", "extremely likely", "definitely"),
    },
}

# The versions of a symmetric scale, by the degrees they use (the order of preference
# among versions of the same length is the order here).
_SYMMETRIC_VERSIONS = (
    (-3, -2, 2, 3), (-3, -1, 1, 3), (-2, -1, 1, 2),
    (-3, -2, 0, 2, 3), (-3, -1, 0, 1, 3), (-2, -1, 0, 1, 2),
    (-3, -2, -1, 1, 2, 3),
    (-3, -2, -1, 0, 1, 2, 3),
)

# Quality: not symmetric; each version listed as it is asked, lowest first ("a|b": the same place).
_QUALITY_VERSIONS = (
    ("slecht", "matig", "goed", "uitstekend"),
    ("zeer slecht|heel slecht", "slecht", "goed", "zeer goed|heel goed"),
    ("poor", "fair", "good", "excellent"),
    ("very poor", "poor", "good", "very good"),
    ("slecht", "matig", "redelijk", "goed", "uitstekend"),
    ("zeer slecht|heel slecht", "slecht", "matig|neutraal|gemiddeld|redelijk", "goed", "zeer goed|heel goed"),
    ("zeer slecht|heel slecht", "slecht", "matig|neutraal|gemiddeld|redelijk", "goed", "uitstekend"),
    ("poor", "fair", "good", "very good", "excellent"),
    ("very poor", "poor", "fair|average|neutral", "good", "very good"),
    ("very poor|terrible", "poor", "average|fair|neutral", "good", "excellent"),
    ("zeer slecht|heel slecht", "slecht", "matig", "redelijk", "goed", "uitstekend"),
    ("very poor", "poor", "fair", "good", "very good", "excellent"),
    ("zeer slecht|heel slecht", "slecht", "matig", "redelijk", "goed", "zeer goed", "uitstekend"),
    ("very poor|terrible", "poor", "fair", "average", "good", "very good", "excellent"),
)


@dataclass(frozen=True)
class _Version:
    scale: str
    places: tuple[frozenset, ...]
    index: dict = field(hash=False, compare=False)


def _versions() -> tuple[_Version, ...]:
    versions = [
        (name, tuple(frozenset(_fold(label) for label in degrees[d]) for d in version))
        for name, degrees in _SYMMETRIC.items() for version in _SYMMETRIC_VERSIONS
    ]
    versions += [("quality", tuple(frozenset(_fold(label) for label in place.split("|")) for place in version))
                 for version in _QUALITY_VERSIONS]
    out = []
    for name, places in versions:
        index = {label: number for number, place in enumerate(places, start=1) for label in place}
        out.append(_Version(name, places, index))
    return tuple(sorted(out, key=lambda v: len(v.places)))  # shortest first; stable within a length


_VERSIONS = _versions()
#: The known scales by name.
SCALE_NAMES = ("satisfaction", "agreement", "quality", "ease", "likelihood")


@dataclass(frozen=True)
class ScaleMatch:
    """The known scale a question's labels fit: ``values`` maps each label as found to 1..k."""

    scale: str
    low: int
    high: int
    values: dict


def match_scale(labels) -> ScaleMatch | None:
    """The one known scale that every label of ``labels`` fits (missing-value labels aside).

    Returns None when no scale holds them all, or when there is no real label at all.
    ``values`` maps every label as given (missing-value labels to None) to its place.
    """
    labels = list(dict.fromkeys(str(label) for label in labels))
    folded = {label: normalize_label(label) for label in labels}
    real = {f for f in folded.values() if f and f not in MISSING_LABELS}
    if not real:
        return None
    for version in _VERSIONS:
        if real <= version.index.keys():
            values = {label: (version.index[f] if f in version.index else None) for label, f in folded.items()}
            return ScaleMatch(version.scale, 1, len(version.places), values)
    return None
