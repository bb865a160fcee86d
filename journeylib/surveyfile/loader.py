"""One loader for a learner's own survey file, as the survey tools export it.

:func:`load_survey_file` reads a CSV (comma, semicolon with decimal comma, or tab; UTF-8
with or without BOM, UTF-16, or Windows-1252 as older Excel writes it) or an Excel
workbook (``.xlsx``, by :func:`journeylib.surveyfile.xlsx.read_xlsx`), recognises which tool
wrote it from the header rows (:mod:`.layouts`) and returns the rating questions as numbers:

* numbers stay numbers (a 0-10 question about recommending is NPS, scale (0, 10));
* answer labels on a known scale become 1..k (:mod:`.scales`); "n.v.t.", "weet niet",
  "N/A" and the like become missing values;
* LimeSurvey answer codes ``A1``..``Ak`` (also ``AO01``..) become 1..k by the number in the
  code: LimeSurvey numbers a list's answers in the order they were asked, lowest first;
* labels that fit no known scale are not guessed: they are listed in
  ``attrs["unordered"]`` until the learner gives their order (``orders=``).

Nothing personal is returned: identifiers, timestamps, e-mail addresses, names, IP
addresses, the tools' metadata and free-text answers are left out (``attrs["dropped"]``),
recognised by their headers and by their values (a column of e-mail addresses under any
header). Every problem is a :class:`~journeylib.errors.JourneyError` in the current language.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass, field

from ..datasets import (
    AIRLINE_SERVICE_COLUMNS,
    SURVEY_BYTES,
    _source_bytes,
    airline_labels,
    load_airline_survey,
)
from ..errors import FileFormatError, LimitError, SurveyError
from ..i18n import check_language, t
from ..text import format_number, join_words, quote, shorten
from .layouts import Column, Table, header_reason, recognise
from .scales import MISSING_LABELS, leading_number, match_scale, normalize_label

__all__ = ["load_survey_file", "describe_survey_file", "survey_file_problem", "MAX_COLUMNS", "MIN_ANSWERS",
           "SHORT_LABEL"]

#: At most this many columns (a survey with every metadata column has about 100).
MAX_COLUMNS = 500
#: At least this many answers (rows) are needed to find key drivers.
MIN_ANSWERS = 5
#: A column is a set of labels to put in order (not free text) with at most this many labels...
MAX_ORDER_LABELS = 12
#: ... each at most this long.
MAX_LABEL_LENGTH = 60
#: Column names (short labels) are at most this long.
SHORT_LABEL = 40

_XLSX_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_COMMA_NUMBER = re.compile(r"^[+-]?\d+,\d+$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T,][\w\s:.,+-]{0,30})?$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?$")
_EMAIL = re.compile(r"[^@\s<>(),;:\"']+@[^@\s<>(),;:\"']+\.[A-Za-z]{2,}")
_IP = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}$")
_CODE = re.compile(r"^(?:A|AO)0*(\d{1,2})$", re.IGNORECASE)
_RECOMMEND = re.compile(r"aanbevel|aanbeveel|aanraden|aan te raden|recommend|\bnps\b|net promoter",
                        re.IGNORECASE)
# the order of the parts in the one-line summaries
_REASONS = ("free_text", "timestamp", "identifier", "personal", "metadata", "empty", "constant")
_PERSONAL_KINDS = ("email", "name", "ip", "phone", "location")


class _SurveyFileError(SurveyError):
    """A :class:`SurveyError` some of whose fields are sentences themselves, rendered in the
    language the message is shown in (a field that is callable gets that language)."""

    def message(self, lang: str | None = None) -> str:
        params = {k: (v(lang) if callable(v) else v) for k, v in self.params.items()}
        text = t(self.key, lang, **params)
        return f"{self.file}: {text}" if self.file else text


# ----------------------------------------------------------------------------- reading

def _is_xlsx(raw: bytes) -> bool:
    if not raw.startswith(_XLSX_MAGIC):
        return False
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" from Excel: UTF-16 with BOM
        try:
            return raw.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise FileFormatError("surveyfile.binary", file=file) from None
    if b"\x00" in raw:
        raise FileFormatError("surveyfile.binary", file=file)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")  # "CSV (gescheiden door lijstscheidingsteken)"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n") + text.count("\ufffd")
    if controls:
        raise FileFormatError("surveyfile.binary", file=file)
    return text


def _sniff(text: str) -> str:
    """The separator that splits the first lines into the same number of columns (more than one)."""
    sample = "\n".join(text.splitlines()[:30])
    best, best_score = ",", (-1.0, 0)
    for sep in (",", ";", "\t"):
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=sep) if row]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        body = rows[:-1] if len(rows) > 2 else rows  # the last line of the sample may be cut short
        score = (sum(len(row) == len(rows[0]) for row in body) / len(body), len(rows[0]))
        if score > best_score:
            best, best_score = sep, score
    return best


def _csv_rows(text: str, file: str) -> tuple[list[list[str]], str]:
    sep = _sniff(text)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise LimitError("surveyfile.too_many_columns", file=file, count=len(row),
                                 limit=MAX_COLUMNS)
            rows.append(row)
    except csv.Error as exc:
        raise SurveyError("surveyfile.parse", file=file, line=reader.line_num, detail=str(exc)[:200]) from None
    return rows, sep


@dataclass
class _Read:
    rows: list
    kind: str
    sep: str = ","
    sheet: str | None = None
    sheets: list = field(default_factory=list)


def _read(raw: bytes, file: str, sheet) -> _Read:
    if not raw.strip():
        raise SurveyError("surveyfile.empty", file=file)
    if raw.startswith(_OLE2_MAGIC) or _is_xlsx(raw):
        try:
            from .xlsx import read_xlsx  # an old .xls or an encrypted workbook: read_xlsx says which
        except ImportError:
            raise FileFormatError("surveyfile.xlsx_unavailable", file=file) from None

        table = read_xlsx(raw, sheet=sheet, file=file)
        if len(table.rows) and max((len(r) for r in table.rows), default=0) > MAX_COLUMNS:
            width = max(len(r) for r in table.rows)
            raise LimitError("surveyfile.too_many_columns", file=file, count=width, limit=MAX_COLUMNS)
        return _Read([list(row) for row in table.rows], "xlsx", sheet=table.sheet, sheets=list(table.sheets))
    if raw.startswith(_XLSX_MAGIC):
        raise FileFormatError("surveyfile.zip", file=file)
    rows, sep = _csv_rows(_decode(raw, file), file)
    return _Read(rows, "csv", sep)


# ----------------------------------------------------------------------------- one column

@dataclass
class _Result:
    """What a column turned out to be: ``kind`` is "rating", "unordered" or "dropped"."""

    column: Column
    kind: str
    reason: str | None = None
    personal: str | None = None
    numbers: list | None = None
    scale: tuple | None = None
    nps: bool = False
    labels: list | None = None  # unordered: the distinct labels, first seen first
    name: str = ""


def _clean(cell, comma: bool):
    """A cell as None (blank), float, datetime or stripped text."""
    if cell is None or isinstance(cell, bool):
        return None if cell is None else str(cell)
    if isinstance(cell, (int, float)):
        return None if isinstance(cell, float) and math.isnan(cell) else float(cell)
    if isinstance(cell, (_dt.date, _dt.time, _dt.timedelta)):
        return cell
    text = " ".join(str(cell).replace("\ufeff", "").split())
    if not text:
        return None
    if _NUMBER.match(text):
        return float(text)
    if comma and _COMMA_NUMBER.match(text):
        return float(text.replace(",", "."))
    return text


def _is_time(value) -> bool:
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return True
    return isinstance(value, str) and bool(_DATE.match(value) or _TIME.match(value))


def _numeric_scale(numbers: list[float], label: str) -> tuple[tuple, bool]:
    values = [v for v in numbers if not math.isnan(v)]
    low, high = min(values), max(values)
    whole = all(v == int(v) for v in values)
    if whole and 0 <= low and high <= 10:
        if _RECOMMEND.search(label) and high > 5:
            return (0, 10), True
        start = 0 if low == 0 else 1
        end = int(high)
        if 7 < high < 10 or (start == 0 and high > 5):
            end = 10
        return (start, end), False
    return (math.floor(low) if whole else low, math.ceil(high) if whole else high), False


def _classify(column: Column, layout: str, comma: bool) -> _Result:
    reason = header_reason(column.header)
    if reason:
        return _Result(column, "dropped", reason[0], reason[1])
    cells = [_clean(cell, comma) for cell in column.values]
    present = [c for c in cells if c is not None]
    texts = [c for c in present if isinstance(c, str)]
    if not present or all(normalize_label(c) in MISSING_LABELS for c in texts) and len(texts) == len(present):
        return _Result(column, "dropped", "empty")
    if any(_EMAIL.search(c) for c in texts):
        return _Result(column, "dropped", "personal", "email")
    if sum(1 for c in texts if _IP.match(c)) * 2 >= len(present):
        return _Result(column, "dropped", "personal", "ip")
    if sum(1 for c in present if _is_time(c)) * 5 >= len(present) * 4:
        return _Result(column, "dropped", "timestamp")
    if any(not isinstance(c, (str, float)) for c in present):
        return _Result(column, "dropped", "metadata")
    distinct = list(dict.fromkeys(texts))
    real = [label for label in distinct if normalize_label(label) not in MISSING_LABELS]
    numbers = _as_numbers(cells, real, layout)
    if numbers is not None:
        values = [v for v in numbers if not math.isnan(v)]
        if len(set(values)) == 1:
            return _Result(column, "dropped", "constant")
        whole = all(v == int(v) for v in values)
        if whole and len(set(values)) == len(values) >= MIN_ANSWERS and (min(values) < 0 or max(values) > 10):
            return _Result(column, "dropped", "identifier")  # every answer its own number: a respondent id
        scale, nps = (numbers.scale, False) if isinstance(numbers, _Scaled) else _numeric_scale(numbers, column.label)
        return _Result(column, "rating", numbers=list(numbers), scale=scale, nps=nps)
    if len(real) == 1:
        return _Result(column, "dropped", "constant")
    answered = sum(1 for c in texts if normalize_label(c) not in MISSING_LABELS)
    if (len(real) <= MAX_ORDER_LABELS and max(len(label) for label in real) <= MAX_LABEL_LENGTH
            and len(real) <= max(3, answered // 2) and not any(isinstance(c, float) for c in present)):
        return _Result(column, "unordered", labels=real)
    return _Result(column, "dropped", "free_text")


class _Scaled(list):
    """Numbers from labels on a known scale, with the scale's (low, high)."""

    scale: tuple = ()


def _as_numbers(cells: list, real: list[str], layout: str):
    """The column as floats (NaN for no answer), or None when its labels are not a scale."""
    nan = float("nan")
    if not real:
        return [c if isinstance(c, float) else nan for c in cells]
    if not any(isinstance(c, float) for c in cells):
        match = match_scale(real)
        if match is not None:
            out = _Scaled(nan if c is None or match.values.get(c) is None else float(match.values[c]) for c in cells)
            out.scale = (match.low, match.high)
            return out
    if layout == "limesurvey" and all(_CODE.match(label) for label in real):
        return [nan if c is None or isinstance(c, str) and normalize_label(c) in MISSING_LABELS
                else float(_CODE.match(c).group(1)) if isinstance(c, str) else c for c in cells]
    leading = {label: leading_number(label) for label in real}
    if all(number is not None for number in leading.values()):  # "10 - Extremely likely", "1 = slecht"
        return [nan if c is None else c if isinstance(c, float) else
                (nan if leading.get(c) is None else float(leading[c])) for c in cells]
    return None


# ----------------------------------------------------------------------------- names

def _unique_names(results: list[_Result]) -> None:
    seen: set[str] = set()
    for result in results:
        column = result.column
        base = shorten(column.short or column.label or column.header, SHORT_LABEL) or "?"
        name = base
        if name.casefold() in seen and column.short != column.label:  # a grid row twice: add the question
            name = shorten(f"{base} ({shorten(column.label, 24)})", SHORT_LABEL + 26)
        number = 2
        while name.casefold() in seen:
            name = f"{base} ({number})"
            number += 1
        seen.add(name.casefold())
        result.name = name


def _dropped_keys(results: list[_Result]) -> dict:
    dropped: dict[str, str] = {}
    for result in results:
        key = result.column.header or "?"
        number = 2
        while key in dropped:
            key = f"{result.column.header or '?'} ({number})"
            number += 1
        dropped[key] = result.reason
        result.name = key
    return dropped


# ----------------------------------------------------------------------------- orders

def _apply_order(result: _Result, order, file: str) -> None:
    if isinstance(order, str) or not hasattr(order, "__iter__"):
        raise SurveyError("surveyfile.order_not_list", file=file, column=result.name)
    order = [str(label) for label in order]
    place: dict[str, int] = {}
    for number, label in enumerate(order, start=1):
        key = normalize_label(label)
        if key in place:
            raise SurveyError("surveyfile.order_duplicate", file=file, column=result.name, label=quote(label))
        place[key] = number
    missing = [label for label in result.labels if normalize_label(label) not in place]
    if missing:
        raise SurveyError("surveyfile.order_missing", file=file, column=result.name,
                          labels=", ".join(quote(label) for label in missing))
    nan = float("nan")
    numbers = []
    for cell in result.column.values:
        cell = _clean(cell, False)
        key = None if cell is None else normalize_label(cell)
        numbers.append(float(place[key]) if key in place else nan)
    result.kind, result.numbers, result.scale, result.labels = "rating", numbers, (1, len(order)), None


# ----------------------------------------------------------------------------- the loader

def load_survey_file(source, *, name: str | None = None, lang: str | None = None, sheet=None, orders=None):
    """A learner's survey file as a DataFrame of its rating questions (floats, NaN = no answer).

    ``source``: a path, the bytes of an upload (``name`` is then its file name) or a binary
    file object. The layout (which survey tool wrote it) is recognised from the content.
    ``sheet``: the sheet of a workbook (name or number, default the first with data).
    ``orders``: ``{column: [lowest label, ..., highest label]}`` for columns listed in
    ``attrs["unordered"]``: their labels become 1..k and the column is included.
    ``lang``: the language of readable labels the loader adds (the airline survey's).

    Columns are named by a short unique label; ``df.attrs``: ``layout``, ``labels`` (column
    -> full question), ``scales`` (column -> (low, high)), ``dropped`` (header -> reason:
    "identifier", "timestamp", "personal", "free_text", "empty", "constant", "metadata"),
    ``personal`` (header -> "email", "name", "ip", "phone" or "location"), ``unordered``
    (column -> its labels, first seen first), ``nps`` (0-10 recommendation columns),
    ``outcome`` (the overall question, or None), ``needs_order``, ``file``, ``rows``
    (answers), ``sheets``, ``sheet``.

    Fewer than two rating questions raise :class:`SurveyError` naming what was found,
    unless ordering the ``unordered`` columns can make up for it (then ``needs_order`` is
    True and :func:`survey_file_problem` gives the sentence to show).
    """
    lang = check_language(lang)
    raw, file = _source_bytes(source, SURVEY_BYTES, name)
    read = _read(raw, file, sheet)
    comma = read.sep == ";"
    table = recognise(read.rows, kind=read.kind, sep=read.sep,
                      airline_columns=AIRLINE_SERVICE_COLUMNS if read.kind == "csv" else ())
    if table.layout == "airline":
        df = _airline(raw, file, lang)
    else:
        df = _frame(table, file, comma, orders)
    df.attrs.update(file=file, sheets=read.sheets, sheet=read.sheet)
    return df


def _data_rows(table: Table) -> list[bool]:
    """Which data rows hold anything at all (blank rows are no answers)."""
    if not table.columns:
        return []
    length = max(len(column.values) for column in table.columns)
    filled = [False] * length
    for column in table.columns:
        for i, cell in enumerate(column.values):
            if not filled[i] and cell is not None and str(cell).strip():
                filled[i] = True
    return filled


def _frame(table: Table, file: str, comma: bool, orders):
    import pandas as pd

    if not table.columns or not any(column.header for column in table.columns):
        raise SurveyError("surveyfile.no_header", file=file)
    keep = _data_rows(table)
    for column in table.columns:
        column.values = [cell for cell, filled in zip(column.values, keep) if filled]
    answers = sum(keep)
    if answers < MIN_ANSWERS:
        raise SurveyError(_one("surveyfile.too_few_answers", answers), file=file, count=answers,
                          minimum=MIN_ANSWERS)
    results = [_classify(column, table.layout, comma) for column in table.columns]
    used = [r for r in results if r.kind != "dropped"]
    _unique_names(used)
    dropped = _dropped_keys([r for r in results if r.kind == "dropped"])
    unordered = {r.name: r for r in used if r.kind == "unordered"}
    for column, order in (orders or {}).items():
        if column not in unordered:
            raise SurveyError("surveyfile.order_unknown", file=file, column=str(column)[:80],
                              choices=", ".join(quote(c) for c in unordered) or "-")
        _apply_order(unordered[column], order, file)
    ratings = [r for r in used if r.kind == "rating"]
    still = [r for r in used if r.kind == "unordered"]
    summary = _Summary(len(results), [(r.reason, r.personal) for r in results if r.kind == "dropped"],
                       len(ratings), [r.labels for r in still])
    if len(ratings) < 2 and len(ratings) + len(still) < 2:
        raise _SurveyFileError("surveyfile.too_few_questions", file=file, columns=len(results),
                               found=summary.found)
    df = pd.DataFrame({r.name: pd.Series(r.numbers, dtype="float64") for r in ratings})
    df.index = pd.RangeIndex(len(df)) if ratings else pd.RangeIndex(answers)
    nps = [r.name for r in ratings if r.nps]
    df.attrs.update(
        layout=table.layout,
        labels={r.name: r.column.label for r in ratings},
        scales={r.name: tuple(r.scale) for r in ratings},
        dropped=dropped,
        personal={r.name: r.personal for r in results if r.kind == "dropped" and r.personal},
        unordered={r.name: list(r.labels) for r in still},
        nps=nps,
        outcome=_outcome(df, {r.name: r.column.label for r in ratings}, nps),
        needs_order=len(ratings) < 2,
        rows=answers,
    )
    return df


def _one(key: str, count: int) -> str:
    """``key + ".one"`` for a count of one (the singular texts)."""
    return key + ".one" if count == 1 else key


def _outcome(df, labels: dict, nps: list):
    """The overall question: overall satisfaction by its text, else the recommendation question."""
    import pandas as pd

    from ..analysis.keydrivers import choose_outcome

    if len(df.columns) < 2:
        return None
    names = list(df.columns)
    texts: dict = {}  # full question text -> column (the texts made unique, as a table needs)
    for name in names:
        text, number = labels[name], 2
        while text in texts:
            text, number = f"{labels[name]} ({number})", number + 1
        texts[text] = name
    by_text = choose_outcome(pd.DataFrame({text: df[name] for text, name in texts.items()}))
    if by_text.sure and by_text.reason == "name":
        return texts[by_text.column]
    by_name = choose_outcome(df)
    if by_name.sure:
        return by_name.column
    return nps[0] if nps else None


def _airline(raw: bytes, file: str, lang: str):
    from ..datasets import AIRLINE_DELAY_COLUMNS, AIRLINE_PROFILE_COLUMNS

    full = load_airline_survey(raw, name=file)
    columns = [*AIRLINE_SERVICE_COLUMNS, "satisfied"]
    df = full[columns].astype("float64").reset_index(drop=True)
    labels = dict(airline_labels(lang))
    labels["satisfied"] = t("surveyfile.airline_satisfied", lang)
    dropped = {"id": "identifier"} if "id" in full.columns else {}
    dropped.update({c: "metadata" for c in (*AIRLINE_PROFILE_COLUMNS, *AIRLINE_DELAY_COLUMNS) if c in full.columns})
    df.attrs.update(
        layout="airline", labels=labels, scales={**{c: (1, 5) for c in AIRLINE_SERVICE_COLUMNS}, "satisfied": (0, 1)},
        dropped=dropped, personal={}, unordered={}, nps=[], outcome="satisfied", needs_order=False, rows=len(df),
    )
    return df


# ----------------------------------------------------------------------------- in words

@dataclass
class _Summary:
    """What a file held, for the one-line texts: column count, dropped reasons, ratings, unordered."""

    columns: int
    dropped: list
    ratings: int
    unordered: list

    def parts(self, lang, *, with_ratings: bool) -> list[str]:
        counts: dict[str, int] = {}
        for reason, kind in self.dropped:
            key = f"personal_{kind}" if reason == "personal" and kind in _PERSONAL_KINDS else reason
            counts[key] = counts.get(key, 0) + 1
        order = [r for r in _REASONS if r != "personal"]
        order[order.index("identifier") + 1:order.index("identifier") + 1] = (
            [f"personal_{k}" for k in _PERSONAL_KINDS] + ["personal"])
        parts = [_counted(f"surveyfile.part.{key}", counts[key], lang) for key in order if counts.get(key)]
        if with_ratings and self.ratings:
            parts.append(_counted("surveyfile.part.ratings", self.ratings, lang))
        if self.unordered:
            examples = list(dict.fromkeys(label for labels in self.unordered for label in labels[:2]))[:2]
            parts.append(_counted("surveyfile.part.unordered", len(self.unordered), lang,
                                  examples=join_words([quote(e, 30) for e in examples], lang)))
        return parts

    def found(self, lang=None) -> str:
        return ", ".join(self.parts(lang, with_ratings=True))


def _counted(key: str, count: int, lang, **params) -> str:
    return t(_one(key, count), lang, n=format_number(count, lang, 0), **params)


_LAYOUT_KEYS = {"excel": "surveyfile.layout.excel", "plain": "surveyfile.layout.plain",
                "airline": "surveyfile.layout.airline"}
_LAYOUT_NAMES = {"google_forms": "Google Forms", "microsoft_forms": "Microsoft Forms", "qualtrics": "Qualtrics",
                 "surveymonkey": "SurveyMonkey", "limesurvey": "LimeSurvey"}


def _summary(df) -> _Summary:
    dropped = df.attrs.get("dropped", {})
    personal = df.attrs.get("personal", {})
    return _Summary(len(df.columns) + len(dropped) + len(df.attrs.get("unordered", {})),
                    [(reason, personal.get(col)) for col, reason in dropped.items()], len(df.columns),
                    list(df.attrs.get("unordered", {}).values()))


def describe_survey_file(df, lang: str | None = None) -> str:
    """The one line the learner reads about a loaded file, e.g. "Google Forms: 214 answers,
    9 questions; left out: 1 timestamp, 1 e-mail address, 2 free text." """
    lang = check_language(lang)
    layout = df.attrs.get("layout", "plain")
    name = _LAYOUT_NAMES.get(layout) or t(_LAYOUT_KEYS.get(layout, "surveyfile.layout.plain"), lang)
    summary = _summary(df)
    answers = _counted("surveyfile.answers", int(df.attrs.get("rows", len(df))), lang)
    questions = _counted("surveyfile.questions", len(df.columns), lang)
    left_out = summary.parts(lang, with_ratings=False)
    unordered = left_out.pop() if summary.unordered else None
    if left_out:
        text = t("surveyfile.describe_left_out", lang, layout=name, answers=answers, questions=questions,
                 dropped=", ".join(left_out))
    else:
        text = t("surveyfile.describe", lang, layout=name, answers=answers, questions=questions)
    if unordered:
        text += " " + t("surveyfile.describe_unordered", lang, unordered=unordered)
    return text


def survey_file_problem(df, lang: str | None = None) -> str | None:
    """The sentence for a loaded file that needs its labels put in order first, else None."""
    if not df.attrs.get("needs_order"):
        return None
    summary = _summary(df)
    return t("surveyfile.needs_order", check_language(lang), columns=summary.columns, found=summary.found(lang))
