"""The course's data: a learner's workbook and the cases it starts from.

Pydantic models only: no file I/O, no user interface. Limits (README, "Workbooks: your work, safe") are part of
the models, so a workbook from disk, an upload, a case file and a widget edit are all
checked the same way. :func:`validate` turns pydantic's errors into a
:class:`~journeylib.errors.ValidationError` that names the field, in the current language.
"""
from __future__ import annotations

import base64
import binascii
import re
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from .errors import ValidationError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .text import shorten

SCHEMA_VERSION = 1
WORKBOOK_FORMAT = "cx-journey-lab/workbook"

#: Every enforced limit in one place (tests and docs read them from here).
LIMITS = {
    "short_text": 120,  # names, channels, essence words, keywords, learner name
    "long_text": 4_000,  # why/how/what, descriptions, notes, standard ways of working
    "advice_text": 40_000,  # the advice report text
    "touchpoints_per_journey": 80,
    "journeys_per_workbook": 10,
    "values_per_brand": 10,
    "keywords_per_phase": 12,
    "images_per_phase": 2,
    "image_upload_bytes": 8 * 1024 * 1024,  # what a learner may upload, before downscaling
    "image_stored_bytes": 400 * 1024,  # one image as stored in the workbook, after downscaling
    "image_max_side": 1024,  # pixels, after downscaling
    "workbook_bytes": 10 * 1024 * 1024,  # a workbook file on disk
    "case_bytes": 1024 * 1024,  # a case YAML file
    "channels": 12,
    "problems": 40,
    "behaviours": 40,
    "answers": 200,
    "progress_items": 100,
}
PHASES: tuple[str, ...] = ("before", "during", "after")
IMAGE_TYPES = {"png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff", "gif": b"GIF8", "webp": b"RIFF"}

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LIMITS["short_text"])]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LIMITS["short_text"])
]
LongText = Annotated[str, StringConstraints(max_length=LIMITS["long_text"])]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Score = Annotated[int, Field(ge=1, le=5)]
Phase = Literal[PHASES]  # the same as Literal["before", "during", "after"]
Language = Literal[LANGUAGES]


class ServiceLevel(IntEnum):
    """Ron Kaufman's six levels of service, judged from the customer's side."""

    CRIMINAL = 1
    BASIC = 2
    EXPECTED = 3
    DESIRED = 4
    SURPRISING = 5
    UNBELIEVABLE = 6

    @property
    def key(self) -> str:
        return self.name.lower()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class Touchpoint(_Model):
    """One contact moment between customer and organisation."""

    id: Identifier
    name: Name
    phase: Phase
    channel: ShortText = ""
    description: LongText = ""
    conscious: bool = True
    frequency: Score = 3  # 1 = rare ... 5 = every customer, every time
    importance: Score = 3
    influence: Score = 3
    performance: Score = 3
    expectation: Score = 3
    emotion: Annotated[int, Field(ge=-3, le=3)] = 0
    service_level: ServiceLevel | None = None
    moment_of_truth: bool = False
    standard_way: LongText = ""  # the agreed standard way of working for this moment
    notes: LongText = ""


class Journey(_Model):
    name: Name
    persona: LongText = ""
    touchpoints: Annotated[list[Touchpoint], Field(max_length=LIMITS["touchpoints_per_journey"])] = []

    @field_validator("touchpoints")
    @classmethod
    def _unique_ids(cls, touchpoints: list[Touchpoint]) -> list[Touchpoint]:
        seen: set[str] = set()
        for tp in touchpoints:
            if tp.id in seen:
                raise PydanticCustomError("duplicate_id", "duplicate id {id}", {"id": tp.id})
            seen.add(tp.id)
        return touchpoints

    def by_phase(self, phase: str) -> list[Touchpoint]:
        return [tp for tp in self.touchpoints if tp.phase == phase]

    def new_id(self, name: str = "") -> str:
        """A touchpoint id derived from ``name`` that is not used yet in this journey.

        Accents are dropped ("Één gesprek" -> "een-gesprek") and a long name is cut after a
        whole word (at most 30 characters).
        """
        import unicodedata

        plain = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
        base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
        if len(base) > 30:
            cut = base[:31].rfind("-")
            base = base[:cut] if cut >= 10 else base[:30].rstrip("-")
        base = base or "tp"
        if not base[0].isalnum():
            base = "tp-" + base
        used = {tp.id for tp in self.touchpoints}
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        return candidate


class BrandEssence(_Model):
    """Brand identity: the golden circle and exactly three essence words.

    A word may still be empty while the learner is working on it; three slots are always
    there, and no word may appear twice.
    """

    organisation: ShortText = ""
    why: LongText = ""
    how: LongText = ""
    what: LongText = ""
    essence_words: list[ShortText] = ["", "", ""]
    values: Annotated[list[ShortText], Field(max_length=LIMITS["values_per_brand"])] = []

    @field_validator("essence_words")
    @classmethod
    def _three_words(cls, words: list[str]) -> list[str]:
        if len(words) != 3:
            raise PydanticCustomError("essence_words", "exactly three words", {"count": len(words)})
        filled = [w.casefold() for w in words if w]
        if len(filled) != len(set(filled)):
            raise PydanticCustomError("essence_duplicate", "a word appears twice", {})
        return words

    @property
    def complete(self) -> bool:
        return bool(self.organisation and all(self.essence_words))


class ChannelMatrix(_Model):
    """Which channel's staff may solve which type of problem."""

    channels: Annotated[list[Name], Field(max_length=LIMITS["channels"])] = []
    problems: Annotated[list[Name], Field(max_length=LIMITS["problems"])] = []
    can_solve: dict[str, list[str]] = {}

    @model_validator(mode="after")
    def _known_names(self) -> "ChannelMatrix":
        for label, names in (("channels", self.channels), ("problems", self.problems)):
            if len(set(names)) != len(names):
                raise PydanticCustomError("duplicate_name", "duplicate name in {field}", {"field": label})
        for channel, problems in self.can_solve.items():
            if channel not in self.channels:
                raise PydanticCustomError("unknown_channel", "unknown channel {name}", {"name": channel})
            for problem in problems:
                if problem not in self.problems:
                    raise PydanticCustomError(
                        "unknown_problem", "unknown problem {name}", {"name": problem}
                    )
        return self

    def allowed(self, channel: str, problem: str) -> bool:
        return problem in self.can_solve.get(channel, ())


class BrandFitRating(_Model):
    """A behaviour rated against the three essence words (-2 clashes ... +2 fits)."""

    brand: ShortText = ""
    behaviour: Name
    scores: Annotated[list[Annotated[int, Field(ge=-2, le=2)]], Field(min_length=3, max_length=3)]


def _decode_image(data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise PydanticCustomError("image_base64", "not base64", {}) from None


class StoredImage(_Model):
    """An image inside the workbook: downscaled, base64-encoded."""

    name: ShortText = ""
    mime: Literal["png", "jpeg", "gif", "webp"]
    width: Annotated[int, Field(ge=1, le=LIMITS["image_max_side"])]
    height: Annotated[int, Field(ge=1, le=LIMITS["image_max_side"])]
    data: Annotated[str, Field(max_length=(LIMITS["image_stored_bytes"] * 4) // 3 + 4)]

    @model_validator(mode="after")
    def _magic(self) -> "StoredImage":
        raw = _decode_image(self.data)
        if not raw.startswith(IMAGE_TYPES[self.mime]) or (self.mime == "webp" and raw[8:12] != b"WEBP"):
            raise PydanticCustomError("image_type", "content is not {mime}", {"mime": self.mime})
        return self

    def raw(self) -> bytes:
        return base64.b64decode(self.data)


class PhaseReflection(_Model):
    keywords: Annotated[list[Name], Field(max_length=LIMITS["keywords_per_phase"])] = []
    images: Annotated[list[StoredImage], Field(max_length=LIMITS["images_per_phase"])] = []


def _empty_reflections() -> dict[str, PhaseReflection]:
    return {phase: PhaseReflection() for phase in PHASES}


class Workbook(_Model):
    """Everything one learner makes in the course, in one file."""

    format: Literal["cx-journey-lab/workbook"] = WORKBOOK_FORMAT
    schema_version: Literal[1] = SCHEMA_VERSION
    learner: ShortText = ""
    language: Language = DEFAULT_LANGUAGE
    case: ShortText = ""
    brand: BrandEssence = Field(default_factory=BrandEssence)
    journeys: Annotated[list[Journey], Field(max_length=LIMITS["journeys_per_workbook"])] = []
    service_ratings: Annotated[dict[Identifier, ServiceLevel], Field(max_length=LIMITS["answers"])] = {}
    channels: ChannelMatrix = Field(default_factory=ChannelMatrix)
    brand_fit: Annotated[list[BrandFitRating], Field(max_length=LIMITS["behaviours"])] = []
    reflections: dict[Phase, PhaseReflection] = Field(default_factory=_empty_reflections)
    answers: Annotated[dict[Identifier, LongText], Field(max_length=LIMITS["answers"])] = {}
    advice: Annotated[str, StringConstraints(max_length=LIMITS["advice_text"])] = ""
    progress: Annotated[dict[Identifier, bool], Field(max_length=LIMITS["progress_items"])] = {}

    @field_validator("reflections")
    @classmethod
    def _all_phases(cls, reflections: dict[str, PhaseReflection]) -> dict[str, PhaseReflection]:
        return {phase: reflections.get(phase) or PhaseReflection() for phase in PHASES}

    @property
    def journey(self) -> Journey | None:
        """The learner's main (first) journey, if any."""
        return self.journeys[0] if self.journeys else None


class Case(_Model):
    """An instructor-authored case (YAML), after its texts are resolved to one language."""

    id: Identifier
    title: Name
    summary: LongText = ""
    brands: Annotated[list[BrandEssence], Field(min_length=1, max_length=4)]
    journeys: Annotated[list[Journey], Field(min_length=1, max_length=LIMITS["journeys_per_workbook"])]
    channels: ChannelMatrix = Field(default_factory=ChannelMatrix)
    brand_fit: Annotated[list[BrandFitRating], Field(max_length=LIMITS["behaviours"])] = []
    survey: ShortText = ""  # file name in datasets/surveys/, columns = touchpoint ids

    def to_workbook(self, *, learner: str = "", language: str = DEFAULT_LANGUAGE) -> Workbook:
        """A new workbook pre-filled from this case (the first brand is 'ours')."""
        own = self.brands[0].organisation
        return Workbook(
            learner=learner,
            language=language,
            case=self.id,
            brand=self.brands[0].model_copy(deep=True),
            journeys=[j.model_copy(deep=True) for j in self.journeys],
            channels=self.channels.model_copy(deep=True),
            brand_fit=[r.model_copy(deep=True) for r in self.brand_fit if r.brand in ("", own)],
        )


# --------------------------------------------------------------------------- validation

def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            if not text.isprintable():  # a key with a line break or control character stays on one line
                text = text.encode("unicode_escape").decode("ascii")
            out += ("." if out else "") + text
    return out or "-"


_TYPE_KEYS = {
    "missing": "missing",
    "extra_forbidden": "extra",
    "string_too_long": "too_long_text",
    "string_too_short": "empty",
    "too_long": "too_many",
    "too_short": "too_few",
    "greater_than_equal": "range",
    "less_than_equal": "range",
    "literal_error": "choice",
    "enum": "choice",
    "string_pattern_mismatch": "identifier",
    "int_parsing": "number",
    "int_type": "number",
    "int_from_float": "number",
    "bool_parsing": "yes_no",
    "bool_type": "yes_no",
    "string_type": "text",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}


def translate(exc: PydanticValidationError, *, file: str | None = None) -> ValidationError:
    """The first problem of a pydantic error, as a message a person can act on."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    kind = first["type"]
    ctx = dict(first.get("ctx") or {})
    field = _loc(first["loc"])
    key = _TYPE_KEYS.get(kind, kind)
    params: dict[str, Any] = {"field": field, "value": shorten(repr(first.get("input")), 40, ellipsis="...", words=False), "more": len(errors) - 1}
    if kind in ("greater_than_equal", "less_than_equal"):
        lo, hi = _bounds(first["loc"])
        params.update(low=lo, high=hi)
    elif kind in ("string_too_long", "too_long", "too_short"):
        params["limit"] = ctx.get("max_length", ctx.get("min_length", ""))
        given = first.get("input")
        params["value"] = ctx.get("actual_length", len(given) if hasattr(given, "__len__") else "")
    elif kind in ("literal_error", "enum"):
        params["choices"] = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
    elif kind == "value_error":
        params["detail"] = str(ctx.get("error", first.get("msg", "")))
    else:
        params.update({k: v for k, v in ctx.items() if isinstance(v, (str, int, float))})
    msg_key = f"validation.{key}"
    from .i18n import has

    if not has(msg_key):
        msg_key, params["detail"] = "validation.other", first.get("msg", kind)
    return ValidationError(msg_key, file=file, **params)


def _bounds(loc: tuple[Any, ...]) -> tuple[int, int]:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if name == "emotion":
        return -3, 3
    if name == "scores":
        return -2, 2
    if name in ("service_level",) or (len(loc) >= 1 and loc[0] == "service_ratings"):
        return 1, 6
    if name in ("width", "height"):
        return 1, LIMITS["image_max_side"]
    return 1, 5


def validate(model: type[BaseModel], data: Any, *, file: str | None = None):
    """``model.model_validate(data)``, raising a translated :class:`ValidationError`."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise translate(exc, file=file) from None


def assign(obj: BaseModel, field: str, value: Any) -> None:
    """Set one field with validation; a bad value raises :class:`ValidationError`."""
    try:
        setattr(obj, field, value)
    except PydanticValidationError as exc:
        raise translate(exc) from None
