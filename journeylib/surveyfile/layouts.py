"""Which survey tool wrote a file, recognised from its header rows, and its questions.

Every layout is recognised from the content (the header cells), never from the file name.
Header cells are compared folded (case, accents, punctuation, whitespace and a BOM do not
count). The signatures, in the order they are tried:

``airline``           the 14 service columns and ``satisfaction`` of the public airline survey
``qualtrics``         row 1 column names (``ResponseId``, ``StartDate``...), row 2 the question
                      texts, row 3 (when present) ``{"ImportId": ...}``
``surveymonkey``      ``Respondent ID`` and ``Collector ID`` in row 1; row 2 holds the
                      sub-questions (or "Response"); a blank row-1 cell continues the question
                      to its left (a matrix question spread over columns)
``limesurvey``        ``submitdate`` with ``lastpage``, ``startlanguage`` or ``seed``
``microsoft_forms``   ``Id``, a start time and a completion time (English or Dutch headers)
``google_forms``      a ``Timestamp``/``Tijdstempel`` column; grid rows as ``Question [Row]``
``excel``             any other workbook (``.xlsx``), or a CSV separated by semicolons (as
                      Dutch Excel writes it, with decimal commas)
``plain``             any other CSV

:func:`header_reason` says which header names are never a question (identifiers,
timestamps, personal data, the tools' own metadata).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .scales import _fold

__all__ = ["LAYOUTS", "Column", "Table", "recognise", "header_reason", "header_key"]

LAYOUTS = ("google_forms", "microsoft_forms", "qualtrics", "surveymonkey", "limesurvey", "excel", "plain", "airline")


def header_key(cell) -> str:
    """A header cell folded for comparison ("E-mail address " -> "e mail address")."""
    return _fold("" if cell is None else str(cell).replace("\ufeff", ""))


def _keys(*names: str) -> frozenset:
    return frozenset(header_key(name) for name in names)


_IDENTIFIER = _keys(
    "id", "respondent id", "respondentid", "respondent", "respondentnummer", "respondent nummer", "collector id",
    "collectorid", "responseid", "response id", "_recordid", "externalreference", "external reference",
    "external data reference", "token", "uuid", "record id", "volgnummer", "nummer", "response number",
)
_TIMESTAMP = _keys(
    "timestamp", "tijdstempel", "zeitstempel", "marca temporal", "horodateur",
    "start time", "completion time", "last modified time", "begintijd", "tijdstip van voltooien",
    "tijdstip van laatste wijziging", "starttijd", "eindtijd", "voltooiingstijd",
    "startdate", "enddate", "recordeddate", "start date", "end date", "submitdate", "datestamp",
    "date submitted", "date modified", "datum", "date", "tijd", "time", "created", "submitted at",
)
_PERSONAL = {
    "email": _keys("email", "e-mail", "e-mailadres", "emailadres", "email address", "e-mail address", "mail",
                   "recipientemail", "e-mailadres respondent", "your email", "uw e-mailadres", "je e-mailadres"),
    "name": _keys("name", "naam", "first name", "last name", "firstname", "lastname", "voornaam", "achternaam",
                  "recipientfirstname", "recipientlastname", "full name", "volledige naam", "your name", "uw naam",
                  "je naam", "respondent name"),
    "ip": _keys("ip address", "ipaddress", "ipaddr", "ip adres", "ip-adres", "ip"),
    "location": _keys("locationlatitude", "locationlongitude", "latitude", "longitude", "postcode", "zip code",
                      "address", "adres"),
    "phone": _keys("phone", "phone number", "telefoon", "telefoonnummer", "mobiel", "mobile"),
}
_METADATA = _keys(
    "status", "progress", "duration in seconds", "duration", "finished", "distributionchannel", "userlanguage",
    "lastpage", "startlanguage", "seed", "refurl", "interviewtime", "q recaptchascore", "q relevantidduplicate",
    "q relevantidduplicatescore", "q relevantidfraudscore", "q relevantidlaststartdate", "language",
    "total points", "quiz feedback", "totaal aantal punten", "feedback van quiz", "punten", "points",
    "custom data", "unnamed 0", "totaalscore", "total score", "",
)
_METADATA_PREFIXES = ("custom data ", "points ", "feedback ", "punten ", "feedback van ", "unnamed ")


def header_reason(cell) -> tuple[str, str | None] | None:
    """``(reason, personal kind)`` for a header that is never a question, else None.

    reason: ``"identifier"``, ``"timestamp"``, ``"personal"`` (kind ``"email"``, ``"name"``,
    ``"ip"``, ``"location"``, ``"phone"``) or ``"metadata"``.
    """
    key = header_key(cell)
    if key in _IDENTIFIER:
        return "identifier", None
    if key in _TIMESTAMP:
        return "timestamp", None
    for kind, names in _PERSONAL.items():
        if key in names:
            return "personal", kind
    if key in _METADATA or key.startswith(_METADATA_PREFIXES) or key.endswith(" nps group"):
        return "metadata", None
    return None


@dataclass
class Column:
    """One column as the tool exported it: ``header`` (row 1), ``label`` (the full question
    text), ``short`` (a short name before it is made unique) and the answer cells."""

    header: str
    label: str
    short: str
    values: list


@dataclass
class Table:
    layout: str
    columns: list[Column]
    header_rows: int


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).replace("\ufeff", "").split())


def _width(rows: list[list]) -> int:
    return max((len(row) for row in rows), default=0)


def _column_values(rows: list[list], index: int) -> list:
    return [row[index] if index < len(row) else None for row in rows]


def _grid(label: str) -> str:
    """The row of a grid question ``Question [Row]`` (Google Forms), else the label."""
    found = re.fullmatch(r"(.+?)\s*\[([^\[\]]+)\]", label)
    return found.group(2).strip() if found else label


_SIGNATURES = {
    "microsoft_forms": (("id",), ("start time", "begintijd"), ("completion time", "tijdstip van voltooien")),
    "surveymonkey": (("respondent id",), ("collector id",)),
    "limesurvey": (("submitdate",), ("lastpage", "startlanguage", "seed")),
}


def _has_signature(keys: set[str], layout: str) -> bool:
    return all(any(header_key(name) in keys for name in group) for group in _SIGNATURES[layout])


def _first_data_row(rows: list[list]) -> int:
    for number, row in enumerate(rows):
        if any(_cell_text(cell) for cell in row):
            return number
    return len(rows)


def recognise(rows: list[list], *, kind: str, sep: str = ",", airline_columns=()) -> Table:
    """The layout of ``rows`` (header rows included) and its columns.

    ``kind``: ``"csv"`` or ``"xlsx"``; ``sep``: the CSV's separator.
    """
    start = _first_data_row(rows)
    rows = rows[start:]
    if not rows:
        return Table("excel" if kind == "xlsx" or sep == ";" else "plain", [], 0)
    width = _width(rows)
    first = [_cell_text(c) for c in rows[0]] + [""] * (width - len(rows[0]))
    keys = {header_key(cell) for cell in first}
    second = [_cell_text(c) for c in rows[1]] + [""] * (width - len(rows[1])) if len(rows) > 1 else [""] * width
    third = [_cell_text(c) for c in rows[2]] if len(rows) > 2 else []

    if airline_columns and {header_key(c) for c in (*airline_columns, "satisfaction")} <= keys:
        return _simple("airline", rows, first, width)
    import_ids = sum(1 for cell in third if cell.replace(" ", "").casefold().startswith('{"importid"'))
    if import_ids and import_ids >= len([c for c in third if c]) / 2 or (
            "responseid" in keys and ("startdate" in keys or "recordeddate" in keys)):
        return _qualtrics(rows, first, second, width, skip=3 if import_ids else 2)
    if _has_signature(keys, "surveymonkey"):
        return _surveymonkey(rows, first, second, width)
    if _has_signature(keys, "limesurvey"):
        return _limesurvey(rows, first, width)
    if _has_signature(keys, "microsoft_forms"):
        return _simple("microsoft_forms", rows, first, width)
    if keys & _keys("timestamp", "tijdstempel", "zeitstempel", "marca temporal", "horodateur"):
        return _simple("google_forms", rows, first, width, short=_grid)
    return _simple("excel" if kind == "xlsx" or sep == ";" else "plain", rows, first, width)


def _simple(layout, rows, first, width, short=lambda label: label, skip=1) -> Table:
    data = rows[skip:]
    columns = [Column(first[i], first[i], short(first[i]), _column_values(data, i)) for i in range(width)]
    return Table(layout, columns, skip)


def _qualtrics(rows, first, second, width, skip) -> Table:
    data = rows[skip:]
    columns = []
    for i in range(width):
        name, text = first[i], second[i] or first[i]
        short = text
        # a matrix row: "Question text - Row" under a name such as Q1_1
        if re.search(r"_\d+$", name) and " - " in text:
            short = text.rsplit(" - ", 1)[1].strip() or text
        columns.append(Column(name, text, short, _column_values(data, i)))
    return Table("qualtrics", columns, skip)


_SM_WHOLE = _keys("response", "open-ended response", "antwoord", "open antwoord", "reactie")


def _surveymonkey(rows, first, second, width) -> Table:
    data = rows[2:]
    columns = []
    question = ""
    for i in range(width):
        if first[i]:
            question = first[i]
        sub = second[i]
        header = first[i] or question
        if not sub or header_key(sub) in _SM_WHOLE:
            label, short = question, question
        else:
            label, short = f"{question} [{sub}]", sub
        columns.append(Column(header if first[i] else f"{question} [{sub}]", label, short, _column_values(data, i)))
    return Table("surveymonkey", columns, 2)


def _limesurvey(rows, first, width) -> Table:
    data = rows[1:]
    columns = []
    for i in range(width):
        header = first[i]
        # "G01Q01[SQ001]. Question text [Row]" (code and text) or just the code
        found = re.fullmatch(r"([A-Za-z0-9_]+(?:\[[A-Za-z0-9_]+\])?)\.\s+(.+)", header)
        label = found.group(2) if found else header
        columns.append(Column(header, label, _grid(label) if found else label, _column_values(data, i)))
    return Table("limesurvey", columns, 1)
