"""A journey as CSV, JSON or a Mermaid ``journey`` diagram, and back from CSV / JSON.

Pure Python (no matplotlib, no pandas): usable from the CLI, the reports and a download
button alike.

CSV: one row per touchpoint, a header row of field names; the journey's own ``journey``
and ``persona`` are repeated on every row (a journey without touchpoints is one row with
only those two filled). Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, so such text is written with a leading apostrophe (OWASP's advice
for CSV injection); a text that already starts with an apostrophe gets one more, and
:func:`journey_from_csv` removes exactly one, so the round trip is exact.
:func:`journey_from_csv` also reads a file saved by a Dutch spreadsheet (``;`` between
fields), accepts phase names in Dutch or English and ``ja``/``nee`` for yes/no.

Mermaid: emotion (-3..3) becomes the diagram's score (1..5) as
``score = 3 + round(2 * emotion / 3)`` (halves away from zero), i.e.
-3 → 1, -2 → 2, -1 → 2, 0 → 3, 1 → 4, 2 → 4, 3 → 5: the extremes, which people remember
best (peak-end rule), stay apart.
"""
from __future__ import annotations

import csv
import io
import json
import re

from .errors import FileFormatError, JourneyError, LimitError, ValidationError
from .i18n import t
from .model import LIMITS, PHASES, Journey, Touchpoint, validate

#: the touchpoint columns, in the model's order
FIELDS: tuple[str, ...] = tuple(Touchpoint.model_fields)
JOURNEY_FIELDS = ("journey", "persona")
COLUMNS: tuple[str, ...] = JOURNEY_FIELDS + FIELDS
_TEXT = {"journey", "persona", "id", "name", "phase", "channel", "description", "standard_way", "notes"}
_BOOL = {"conscious", "moment_of_truth"}
_INT = {"frequency", "importance", "influence", "performance", "expectation", "emotion", "service_level"}
_RISKY = ("=", "+", "-", "@", "\t", "\r", "'")
_YES = {"true", "yes", "ja", "j", "y", "1", "waar", "x"}
_NO = {"false", "no", "nee", "n", "0", "onwaar"}
_PHASE_NAMES = {"before": "before", "during": "during", "after": "after",
                "voor": "before", "tijdens": "during", "na": "after"}
_MAX_CSV_CHARS = 2 * 1024 * 1024


class CsvLineError(ValidationError):
    """A problem on one line of a journey CSV: the message starts with the line number."""

    def __init__(self, line: int, inner: JourneyError):
        super().__init__(inner.key, file=inner.file, **inner.params)
        self.line = line

    def message(self, lang: str | None = None) -> str:
        text = t("error.journey_csv.line", lang, line=self.line, detail=t(self.key, lang, **self.params))
        return f"{self.file}: {text}" if self.file else text


# --------------------------------------------------------------------------- CSV

def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas: text starting with = + - @ (tab, CR, ') gets a '."""
    return "'" + text if text.startswith(_RISKY) else text


def _unsafe(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _cell(name: str, value) -> str:
    if value is None:
        return ""
    if name in _BOOL:
        return "true" if value else "false"
    if name in _INT:
        return str(int(value))
    return _safe(str(value))


def journey_to_csv(journey: Journey) -> str:
    """One row per touchpoint (every field), with a header row; safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: "\r\n" between rows, quotes where needed
    writer.writerow(COLUMNS)
    head = [_cell("journey", journey.name), _cell("persona", journey.persona)]
    if not journey.touchpoints:
        writer.writerow(head + [""] * len(FIELDS))
    for tp in journey.touchpoints:
        data = tp.model_dump()
        writer.writerow(head + [_cell(name, data[name]) for name in FIELDS])
    return out.getvalue()


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _value(name: str, raw: str, line: int):
    if name in _TEXT:
        return _unsafe(raw)
    value = raw.strip()
    if name in _BOOL:
        word = value.casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
        key = "error.journey_csv.not_yes_no"
    else:
        if re.fullmatch(r"[+-]?\d{1,3}", value):
            return int(value)
        key = "error.journey_csv.not_number"
    raise CsvLineError(line, ValidationError(key, column=name, value=value[:40]))


def journey_from_csv(text: str, *, file: str | None = None) -> Journey:
    """Read a journey written by :func:`journey_to_csv` (or edited in a spreadsheet).

    Needs the columns ``name`` and ``phase``; every other column is optional (a missing
    ``id`` is made from the name). Problems raise a :class:`JourneyError` naming the line
    (and ``file`` when given).
    """
    try:
        return _from_csv(text, file)
    except JourneyError as exc:
        raise (exc.with_file(file) if file is not None else exc) from None


def _from_csv(text: str, file: str | None) -> Journey:
    if len(text) > _MAX_CSV_CHARS:
        raise LimitError("error.file_too_large", file=file, size=f"{len(text) / 2**20:.1f}",
                         limit=f"{_MAX_CSV_CHARS / 2**20:.0f}")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise FileFormatError("error.journey_csv.empty", file=file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
        unknown = [h for h in header if h not in COLUMNS]
        missing = [h for h in ("name", "phase") if h not in header]
        twice = sorted({h for h in header if header.count(h) > 1})
        if unknown or missing or twice:
            raise FileFormatError("error.journey_csv.header", file=file,
                                  problem=", ".join(unknown or missing or twice), columns=", ".join(COLUMNS))
        journey_name = persona = None
        touchpoints: list[Touchpoint] = []
        lines: dict[str, int] = {}
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CsvLineError(line, FileFormatError("error.journey_csv.width", found=len(row),
                                                         expected=len(header)))
            cells = dict(zip(header, row))
            name = _unsafe(cells.get("journey", ""))
            if name.strip() and journey_name is None:
                journey_name = name
            elif name.strip() and name != journey_name:
                raise CsvLineError(line, FileFormatError("error.journey_csv.two_journeys",
                                                         first=journey_name[:40], found=name[:40]))
            if persona is None and "persona" in cells:
                persona = _unsafe(cells["persona"])
            tp_cells = {k: v for k, v in cells.items() if k in FIELDS}
            if not any(v.strip() for v in tp_cells.values()):
                continue  # the row of a journey without touchpoints
            if len(touchpoints) >= LIMITS["touchpoints_per_journey"]:
                raise CsvLineError(line, LimitError("error.journey_csv.too_many",
                                                    limit=LIMITS["touchpoints_per_journey"]))
            data = {}
            for key, raw in tp_cells.items():
                if raw == "" and key not in ("name", "phase"):
                    continue  # the model's default
                data[key] = _value(key, raw, line)
            if isinstance(data.get("phase"), str):
                data["phase"] = _PHASE_NAMES.get(data["phase"].strip().casefold(), data["phase"].strip())
            try:
                if not data.get("id"):
                    data["id"] = Journey(name="x", touchpoints=touchpoints).new_id(str(data.get("name", "")))
                tp = validate(Touchpoint, data)
            except ValidationError as exc:
                raise CsvLineError(line, exc) from None
            if tp.id in lines:
                raise CsvLineError(line, ValidationError("error.journey_csv.duplicate_id", id=tp.id,
                                                         first=lines[tp.id]))
            lines[tp.id] = line
            touchpoints.append(tp)
    except csv.Error as exc:
        error = FileFormatError("error.journey_csv.syntax", detail=str(exc))
        raise CsvLineError(reader.line_num, error) from None
    name = journey_name if journey_name is not None else t("export.untitled")
    return validate(Journey, {"name": name, "persona": persona or "", "touchpoints": touchpoints}, file=file)


# --------------------------------------------------------------------------- JSON

def journey_to_json(journey: Journey) -> str:
    """The journey as indented JSON (UTF-8 text, fields in the model's order)."""
    return json.dumps(journey.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def journey_from_json(text: str, *, file: str | None = None) -> Journey:
    """Read :func:`journey_to_json` output; problems raise a :class:`JourneyError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError("error.json_syntax", file=file, line=exc.lineno, column=exc.colno,
                              detail=exc.msg) from None
    if not isinstance(data, dict):
        raise FileFormatError("error.not_object", file=file, kind=type(data).__name__)
    return validate(Journey, data, file=file)


# --------------------------------------------------------------------------- Mermaid

def emotion_score(emotion: int) -> int:
    """Emotion -3..3 as a Mermaid journey score 1..5 (see the module docstring)."""
    scaled = 2 * int(emotion) / 3
    return 3 + int(abs(scaled) + 0.5) * (1 if scaled >= 0 else -1)


def _mermaid_text(text: str) -> str:
    """Text that Mermaid's journey grammar reads as plain text: no ':' ';' '#' or newlines."""
    text = " ".join(str(text).split())
    text = re.sub(r"(?<=\d):(?=\d)", ".", text)  # 10:30 -> 10.30
    text = re.sub(r"\s*:\s*", " - ", text)
    text = " ".join(text.replace(";", ",").replace("#", "").split())
    return text.strip(" -") or text


def journey_to_mermaid(journey: Journey, lang: str | None = None) -> str:
    """A Mermaid ``journey`` diagram: one section per phase, one task per touchpoint.

    Tasks are numbered like the journey map (``3. Name``); that also keeps a name such
    as "Title page" from being read as a Mermaid keyword. The score is
    :func:`emotion_score`, the actor the channel.
    """
    title = _mermaid_text(journey.name) or t("export.untitled", lang)
    lines = ["journey", f"    title {title}"]
    number = 0
    for phase in PHASES:
        tps = journey.by_phase(phase)
        if not tps:
            continue
        lines.append(f"    section {t(f'phase.{phase}', lang)}")
        for tp in tps:
            number += 1
            task = f"{number}. {_mermaid_text(tp.name)}".rstrip()
            line = f"      {task}: {emotion_score(tp.emotion)}"
            actor = _mermaid_text(tp.channel).replace(",", " /")
            if actor:
                line += f": {actor}"
            lines.append(line)
    return "\n".join(lines) + "\n"


def mermaid_markdown(journey: Journey, lang: str | None = None) -> str:
    """The Mermaid diagram as a fenced Markdown block; JupyterLab renders it as a diagram."""
    return "```mermaid\n" + journey_to_mermaid(journey, lang) + "```\n"


__all__ = [
    "COLUMNS",
    "CsvLineError",
    "emotion_score",
    "journey_from_csv",
    "journey_from_json",
    "journey_to_csv",
    "journey_to_json",
    "journey_to_mermaid",
    "mermaid_markdown",
]
