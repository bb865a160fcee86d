"""The shipped cases and surveys, and loaders for a person's own files.

* Cases are instructor-authored YAML files in ``datasets/cases/<id>.yaml``. Every text a
  learner reads is written in both languages as a mapping ``{nl: ..., en: ...}``;
  :func:`load_case` replaces each such mapping by the chosen language's value and
  validates the result as :class:`journeylib.model.Case`.
* YAML is read with ``safe_load`` semantics only, and more carefully than that: tabs used
  for indentation, tags outside plain data (``!!python/...``), alias bombs ("billion
  laughs", refused from the node graph without expanding it), deep nesting and syntax
  errors all become a :class:`~journeylib.errors.JourneyError` that names the file and line.
* Surveys are CSV files: the shipped ones in ``datasets/surveys/`` (synthetic, made by
  :mod:`journeylib.synth`), a learner's own (:func:`load_survey_csv`) and a file in the
  layout of the public "Airline Passenger Satisfaction" survey (:func:`load_airline_survey`).

Loaders raise nothing but :class:`~journeylib.errors.JourneyError` for bad input.
Importing this module is cheap: pandas, pydantic, numpy and yaml load inside the
functions that need them.
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

from .errors import CaseError, FileFormatError, JourneyError, SurveyError
from .i18n import check_language, t
from .textfile import decode_text, read_bytes

_DEFAULT_DIR = Path(__file__).resolve().parents[1] / "datasets"
#: The repository's ``datasets/`` folder; ``$JOURNEYLIB_DATASETS`` overrides it.
DATASETS_DIR = Path(os.environ.get("JOURNEYLIB_DATASETS") or _DEFAULT_DIR)

CASE_SUFFIXES = (".yaml", ".yml")
LANGS = ("nl", "en")
#: A YAML document may expand (aliases counted in full) to at most this many nodes.
YAML_MAX_NODES = 100_000
#: ... and be nested at most this deep (a case file needs about 8 levels).
YAML_MAX_DEPTH = 40
#: A survey CSV (the public airline survey's larger file is about 12 MB).
SURVEY_BYTES = 50 * 1024 * 1024
#: Rating columns of the public "Airline Passenger Satisfaction" survey (0 = not applicable).
AIRLINE_SERVICE_COLUMNS = (
    "Inflight wifi service",
    "Departure/Arrival time convenient",
    "Ease of Online booking",
    "Gate location",
    "Food and drink",
    "Online boarding",
    "Seat comfort",
    "Inflight entertainment",
    "On-board service",
    "Leg room service",
    "Baggage handling",
    "Checkin service",
    "Inflight service",
    "Cleanliness",
)
#: The other columns of that layout, in file order (before and after the ratings).
AIRLINE_PROFILE_COLUMNS = (
    "Gender", "Customer Type", "Age", "Type of Travel", "Class", "Flight Distance",
)
AIRLINE_DELAY_COLUMNS = ("Departure Delay in Minutes", "Arrival Delay in Minutes")
AIRLINE_COLUMNS = (
    "id", *AIRLINE_PROFILE_COLUMNS, *AIRLINE_SERVICE_COLUMNS, *AIRLINE_DELAY_COLUMNS, "satisfaction",
)
AIRLINE_SATISFACTION = {"satisfied": 1, "neutral or dissatisfied": 0}


# ----------------------------------------------------------------------------- places

def datasets_dir() -> Path:
    """The datasets folder in use: ``$JOURNEYLIB_DATASETS`` if set, else :data:`DATASETS_DIR`."""
    env = os.environ.get("JOURNEYLIB_DATASETS")
    return Path(env) if env else Path(DATASETS_DIR)


def list_cases() -> list[str]:
    """The ids of the shipped cases (file names without ``.yaml``), sorted."""
    folder = datasets_dir() / "cases"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in CASE_SUFFIXES and p.is_file())


def case_path(name: str) -> Path:
    """The file of the shipped case ``name``; an unknown name raises :class:`CaseError`."""
    names = list_cases()
    if name not in names:
        raise CaseError("error.case_unknown", name=str(name)[:60], choices=", ".join(names) or "-")
    folder = datasets_dir() / "cases"
    for suffix in CASE_SUFFIXES:
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    raise CaseError("error.case_unknown", name=name, choices=", ".join(names))  # pragma: no cover


def _as_case_file(name_or_path: str | os.PathLike) -> Path:
    if isinstance(name_or_path, os.PathLike):
        return Path(name_or_path)
    text = str(name_or_path)
    if text.lower().endswith(CASE_SUFFIXES) or "/" in text or os.sep in text:
        return Path(text)
    return case_path(text)


# ----------------------------------------------------------------------------- safe YAML

_SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp", "merge")
)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _check_tabs(text: str, file: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise FileFormatError("error.yaml_tab", file=file, line=number)


def _check_flow_depth(text: str, file: str) -> None:
    """Refuse deeply nested ``[[[[...`` before the parser sees it (its cost grows as depth²)."""
    depth = top = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > top:
                top = depth
                if top > YAML_MAX_DEPTH:
                    raise FileFormatError("error.yaml_too_deep", file=file, limit=YAML_MAX_DEPTH)
        elif char in "]}" and depth:
            depth -= 1


def _yaml_error(exc: Exception, text: str, file: str) -> JourneyError:
    import yaml

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        detail = f"character {exc.character!r} is not allowed"
    elif mark is not None:
        line, column = mark.line + 1, mark.column + 1
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    else:
        line, column, detail = "?", "?", str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return FileFormatError("error.yaml_syntax", file=file, line=line, column=column, detail=str(detail)[:200])


def _check_graph(root, file: str) -> None:
    """Tags, nesting depth and the fully expanded size of a composed node graph.

    Aliases make the graph share nodes; the expanded size is computed once per node
    (memoised), so an alias bomb costs as many steps as it has distinct nodes.
    """
    import yaml

    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            if isinstance(node, yaml.MappingNode):
                children = [n for pair in node.value for n in pair]
            else:
                children = list(node.value)
            total = 1 + sum(size[id(c)] for c in children)
            if total > YAML_MAX_NODES:
                raise FileFormatError("error.yaml_too_big", file=file, limit=f"{YAML_MAX_NODES:,}")
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:  # an alias inside its own anchor: expands without end
            raise FileFormatError("error.yaml_too_big", file=file, limit=f"{YAML_MAX_NODES:,}")
        if node.tag not in _SAFE_TAGS:
            raise FileFormatError(
                "error.yaml_tag", file=file, line=node.start_mark.line + 1, tag=_short_tag(node.tag)[:80]
            )
        if depth > YAML_MAX_DEPTH:
            raise FileFormatError("error.yaml_too_deep", file=file, limit=YAML_MAX_DEPTH)
        if isinstance(node, yaml.ScalarNode):
            size[key] = 1
            continue
        on_path.add(key)
        stack.append((node, depth, True))
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = list(node.value)
        for child in reversed(children):
            if id(child) not in size:
                stack.append((child, depth + 1, False))


def parse_yaml(text: str, *, file: str = "case.yaml") -> Any:
    """Plain data (dicts, lists, strings, numbers) from YAML text, read safely.

    Only the tags of ``yaml.safe_load`` for plain data are allowed; tabs used for
    indentation, alias bombs, deep nesting and syntax errors raise a
    :class:`~journeylib.errors.FileFormatError` naming the line.
    """
    import yaml

    if not text.strip():
        raise FileFormatError("error.file_empty", file=file)
    _check_tabs(text, file)
    _check_flow_depth(text, file)
    # The pure-Python loader on purpose: libyaml's composer recurses in C and can crash
    # the process on deeply nested input; here that is a catchable RecursionError.
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as exc:  # e.g. a control character, found while reading
        raise _yaml_error(exc, text, file) from None
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:
            raise FileFormatError("error.yaml_too_deep", file=file, limit=YAML_MAX_DEPTH) from None
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, text, file) from None
        if root is None:
            raise FileFormatError("error.file_empty", file=file)
        _check_graph(root, file)
        try:
            return loader.construct_document(root)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise _yaml_error(exc, text, file) from None
    finally:
        loader.dispose()


def read_yaml(path: str | os.PathLike, *, limit: int | None = None) -> Any:
    """Plain data from a YAML file (size limit ``model.LIMITS['case_bytes']``)."""
    if limit is None:
        from .model import LIMITS

        limit = LIMITS["case_bytes"]
    file = str(path)
    raw = read_bytes(path, limit=limit)
    return parse_yaml(decode_text(raw, file=file, limit=limit), file=file)


# ----------------------------------------------------------------------------- texts

def _path(parent: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{parent}[{part}]"
    return f"{parent}.{part}" if parent else str(part)


def resolve_texts(data: Any, lang: str, *, file: str | None = None, _where: str = "") -> Any:
    """Replace every ``{nl: ..., en: ...}`` mapping in ``data`` by its ``lang`` value.

    A mapping that has ``nl`` or ``en`` but not exactly these two keys raises
    :class:`CaseError` (``error.case_text``) naming the field path.
    """
    if isinstance(data, dict):
        keys = set(data)
        if keys & set(LANGS):
            if keys != set(LANGS):
                found = ", ".join(sorted(str(k) for k in keys))
                raise CaseError("error.case_text", file=file, field=_where or "-", found=found)
            return resolve_texts(data[lang], lang, file=file, _where=_where)
        return {k: resolve_texts(v, lang, file=file, _where=_path(_where, str(k))) for k, v in data.items()}
    if isinstance(data, list):
        return [resolve_texts(v, lang, file=file, _where=_path(_where, i)) for i, v in enumerate(data)]
    return data


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "yes/no"}.get(
        type(value), type(value).__name__
    )


# ----------------------------------------------------------------------------- cases

def load_case_raw(name_or_path: str | os.PathLike, lang: str | None = None) -> dict:
    """The case file as plain data; with ``lang`` its texts are resolved to that language.

    ``lang=None`` keeps both languages (the ``{nl, en}`` mappings as written).
    Not validated: :func:`load_case` does that.
    """
    path = _as_case_file(name_or_path)
    file = str(path)
    data = _read_case_yaml(path)
    if not isinstance(data, dict):
        raise CaseError("error.case_not_mapping", file=file, kind=_kind(data))
    if lang is not None:
        return resolve_texts(data, check_language(lang), file=file)  # new containers throughout
    import copy

    return copy.deepcopy(data)  # the caller may change it; the cached parse stays as read


#: Parsed case files by (path, size, modification time): a notebook, a lecture or a demo
#: class loads the same few cases again and again, and the safe pure-Python YAML parser
#: takes ~0.1 s per case. A file that changes on disk is read again.
_CASE_CACHE: dict = {}
_CASE_CACHE_SIZE = 16


def _read_case_yaml(path: Path) -> Any:
    try:
        stat = os.stat(path)
        key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return read_yaml(path)  # let the reader raise its own clear error
    if key not in _CASE_CACHE:
        data = read_yaml(path)
        while len(_CASE_CACHE) >= _CASE_CACHE_SIZE:
            _CASE_CACHE.pop(next(iter(_CASE_CACHE)))
        _CASE_CACHE[key] = data
    return _CASE_CACHE[key]


def load_case(name_or_path: str | os.PathLike, lang: str | None = None):
    """A validated :class:`~journeylib.model.Case`, its texts in ``lang``.

    ``name_or_path`` is a shipped case id (see :func:`list_cases`) or the path of an
    instructor's own YAML file. ``lang=None`` means the current language.
    """
    from .model import Case, validate

    lang = check_language(lang)
    path = _as_case_file(name_or_path)
    data = load_case_raw(path, lang)
    return validate(Case, data, file=str(path))


def check_case(name_or_path: str | os.PathLike) -> dict:
    """The case in both languages (``{"nl": Case, "en": Case}``), read once; raises on any problem."""
    from .model import Case, validate

    path = _as_case_file(name_or_path)
    raw = load_case_raw(path)
    return {
        lang: validate(Case, resolve_texts(raw, lang, file=str(path)), file=str(path)) for lang in LANGS
    }


def _case(case_or_name):
    from .model import Case

    return case_or_name if isinstance(case_or_name, Case) else load_case(case_or_name)


def survey_columns(case_or_name) -> dict[str, str]:
    """``{column: touchpoint name}`` for the survey of a case (columns = touchpoint ids)."""
    case = _case(case_or_name)
    columns: dict[str, str] = {}
    for journey in case.journeys:
        for tp in journey.touchpoints:
            columns.setdefault(tp.id, tp.name)
    return columns


def survey_path(case_or_name) -> Path:
    """The survey CSV file of a case (shipped surveys live in ``datasets/surveys/``)."""
    case = _case(case_or_name)
    name = case.survey
    if not name:
        raise SurveyError("error.survey_none", case=case.id)
    if Path(name).name != name or not name.lower().endswith(".csv"):
        raise SurveyError("error.survey_name", case=case.id, name=name)
    candidates: list[Path] = []
    if isinstance(case_or_name, (str, os.PathLike)):  # next to an instructor's own case file
        own = _as_case_file(case_or_name)
        candidates += [own.parent / name, own.parent.parent / "surveys" / name]
    candidates.append(datasets_dir() / "surveys" / name)
    for path in candidates:
        if path.is_file():
            return path
    return candidates[-1]


def load_survey(case_or_name):
    """The shipped survey of a case as a DataFrame.

    Columns: ``respondent``, one per touchpoint id (ratings 1-5 as floats, NaN = no
    answer), ``satisfaction`` (1-5) and ``recommend`` (0-10). ``df.attrs["labels"]``
    maps the touchpoint columns to their names in the current language.
    """
    case = _case(case_or_name)
    labels = survey_columns(case)
    df = load_survey_csv(survey_path(case_or_name), outcome="satisfaction", drivers=list(labels))
    for column in ("respondent", "satisfaction", "recommend"):
        if column in df.columns and not df[column].isna().any():
            df[column] = df[column].astype("int64")
    df.attrs["case"] = case.id
    df.attrs["labels"] = labels
    return df


# ----------------------------------------------------------------------------- CSV

def _source_bytes(source, limit: int, name: str | None = None) -> tuple[bytes, str]:
    if isinstance(source, (str, os.PathLike)):
        return read_bytes(source, limit=limit), name or str(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw = bytes(source)
        name = name or "upload.csv"
    elif hasattr(source, "read"):
        raw = source.read(limit + 1)
        name = name or str(getattr(source, "name", "upload.csv"))
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
    else:
        raise SurveyError("error.survey_source", kind=type(source).__name__)
    if len(raw) > limit:
        from .errors import LimitError

        raise LimitError(
            "error.file_too_large", file=name, size=f"{len(raw) / 2**20:.1f}", limit=f"{limit / 2**20:.0f}"
        )
    return raw, name


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def read_survey_text(source, *, limit: int = SURVEY_BYTES, name: str | None = None) -> tuple[str, str]:
    """``(text, file name)`` of a CSV: size limit, not empty, no NUL bytes, UTF-8."""
    raw, file = _source_bytes(source, limit, name)
    if not raw.strip():
        raise SurveyError("error.survey_empty", file=file)
    return decode_text(raw, file=file, limit=limit), file


def _parse_csv(text: str, file: str):
    import pandas as pd

    first = text.split("\n", 1)[0].rstrip("\r")
    sep = _delimiter(first)
    try:
        header = next(csv.reader([first], delimiter=sep))
    except (csv.Error, StopIteration) as exc:
        raise SurveyError("error.survey_parse", file=file, line=1, detail=str(exc)[:200]) from None
    names = [h.strip() for h in header]
    seen: set[str] = set()
    for h in names:
        if h and h in seen:
            raise SurveyError("error.survey_duplicate", file=file, column=h[:80])
        seen.add(h)
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            decimal="," if sep == ";" else ".",
            skip_blank_lines=False,
            low_memory=False,
        )
    except pd.errors.EmptyDataError:
        raise SurveyError("error.survey_empty", file=file) from None
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError, MemoryError) as exc:
        message = str(exc)
        found = re.search(r"line (\d+)", message)
        line = int(found.group(1)) if found else "?"
        detail = message.splitlines()[-1] if message else type(exc).__name__
        raise SurveyError("error.survey_parse", file=file, line=line, detail=detail[:200]) from None
    df.columns = [str(c).strip() for c in df.columns]
    # line numbers as in the file (header = line 1), then drop rows that are entirely empty
    df.index = pd.RangeIndex(2, len(df) + 2)
    df = df.dropna(how="all")
    if df.empty:
        raise SurveyError("error.survey_no_rows", file=file)
    return df


def _require(df, columns, file: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        shown = ", ".join(str(c) for c in list(df.columns)[:12])
        raise SurveyError(
            "error.survey_columns", file=file, columns=", ".join(missing)[:400], found=shown[:400] or "-"
        )


def _to_number(df, column: str, file: str, *, low=None, high=None, whole: bool = False):
    """``df[column]`` as float64; a non-number, non-whole or out-of-range cell names its line."""
    import numpy as np
    import pandas as pd

    from .analysis.keydrivers import huge_int_as_inf

    series = df[column]
    try:
        values = pd.to_numeric(series, errors="coerce")
    except OverflowError:  # an integer cell too large for a float (310+ digits)
        values = pd.to_numeric(series.map(huge_int_as_inf), errors="coerce")
    values = values.astype("float64")
    bad = (values.isna() & series.notna()) | np.isinf(values)
    if whole:
        bad |= values.notna() & (values != np.floor(values))
    if bad.any():
        line = bad.idxmax()
        raise SurveyError(
            "error.survey_not_number", file=file, column=column[:80], line=int(line),
            value=str(series.loc[line])[:40],
        )
    if low is not None or high is not None:
        out = values.notna() & ((values < low) | (values > high))
        if out.any():
            line = out.idxmax()
            value = values.loc[line]
            raise SurveyError(
                "error.survey_range", file=file, column=column[:80], line=int(line),
                value=int(value) if float(value).is_integer() else value, low=low, high=high,
            )
    return values


#: Rows of a CSV read at a time by :func:`key_drivers_from_csv`.
DEFAULT_CHUNKSIZE = 50_000


def key_drivers_from_csv(
    path,
    outcome,
    drivers,
    method: str = "shapley",
    missing: str = "listwise",
    chunksize: int = DEFAULT_CHUNKSIZE,
):
    """Key drivers from a CSV file of any size, read ``chunksize`` rows at a time.

    The reading happens here; the analysis is
    :func:`journeylib.analysis.keydrivers.key_drivers_from_chunks`. Only the needed columns
    are read, so memory use depends on the chunk size and the number of drivers, not on
    the number of rows. The result equals :func:`~journeylib.analysis.keydrivers.key_drivers`
    on the whole file (up to rounding, ~1e-12).

    The file must be a comma-separated CSV with a header row and decimal points. Bootstrap
    intervals are not available here (they need all rows in memory). Problems raise
    :class:`SurveyError` naming the file (or :class:`~journeylib.errors.AnalysisError`).
    """
    import numbers

    import pandas as pd

    from .analysis.keydrivers import key_drivers_from_chunks
    from .errors import AnalysisError

    if isinstance(chunksize, bool) or not isinstance(chunksize, numbers.Integral) or chunksize < 1:
        raise AnalysisError("keydrivers.bad_chunksize", value=repr(chunksize))
    file = os.fspath(path)

    def chunks(names):
        header = pd.read_csv(file, nrows=0)
        if len(header.columns) == 1 and ";" in str(header.columns[0]):
            raise SurveyError("keydrivers.csv_semicolon")
        yield header  # no rows: a missing column is named before any row is read
        with pd.read_csv(file, usecols=names, chunksize=int(chunksize)) as reader:
            yield from reader

    try:
        return key_drivers_from_chunks(chunks, outcome, drivers, method=method, missing=missing)
    except SurveyError as err:
        raise err.with_file(file) from None
    except FileNotFoundError:
        raise SurveyError("keydrivers.csv_missing", file=file) from None
    except pd.errors.EmptyDataError:
        raise SurveyError("keydrivers.csv_empty", file=file) from None
    except (pd.errors.ParserError, UnicodeDecodeError, OSError):
        raise SurveyError("keydrivers.csv_unreadable", file=file) from None


def load_survey_csv(path_or_file, *, outcome: str | None = None, drivers=None, name: str | None = None):
    """A learner's own survey CSV as a DataFrame.

    ``path_or_file`` is a path, bytes (e.g. from an upload) or a file object. Comma,
    semicolon (with decimal comma, as Dutch Excel writes it) and tab separated files are
    recognised. ``outcome`` and ``drivers`` name columns that must exist and hold numbers
    (empty cells are allowed and become NaN); they are returned as floats. The index is
    the line number in the file. Problems raise :class:`SurveyError` naming the column and
    line, or another :class:`~journeylib.errors.JourneyError` (size, encoding).
    """
    text, file = read_survey_text(path_or_file, name=name)
    df = _parse_csv(text, file)
    needed = ([outcome] if outcome else []) + [d for d in (drivers or []) if d != outcome]
    _require(df, needed, file)
    for column in needed:
        df[column] = _to_number(df, column, file)
    df.attrs["file"] = file
    return df


def load_airline_survey(path_or_file, *, name: str | None = None):
    """A CSV in the layout of the public "Airline Passenger Satisfaction" survey.

    The 14 service columns (:data:`AIRLINE_SERVICE_COLUMNS`) keep their names and become
    floats; 0 ("not applicable") becomes NaN. A column ``satisfied`` (1 = "satisfied",
    0 = "neutral or dissatisfied") is added next to ``satisfaction``. The files as
    published also have an unnamed index column (dropped) and ``id`` (kept). Missing
    required columns raise :class:`SurveyError` naming them.
    """
    text, file = read_survey_text(path_or_file, name=name)
    df = _parse_csv(text, file)
    df = df.drop(columns=[c for c in df.columns if c == "" or re.fullmatch(r"Unnamed: \d+", c)])
    _require(df, [*AIRLINE_SERVICE_COLUMNS, "satisfaction"], file)
    for column in AIRLINE_SERVICE_COLUMNS:
        values = _to_number(df, column, file, low=0, high=5, whole=True)
        df[column] = values.mask(values == 0)
    for column in ("id", "Age", "Flight Distance", *AIRLINE_DELAY_COLUMNS):
        if column in df.columns:
            df[column] = _to_number(df, column, file)
    answer = df["satisfaction"].astype("string").str.strip().str.casefold()
    satisfied = answer.map(AIRLINE_SATISFACTION)
    if satisfied.isna().any():
        line = satisfied.isna().idxmax()
        raise SurveyError(
            "error.survey_satisfaction", file=file, line=int(line), value=str(df["satisfaction"].loc[line])[:40],
            choices=", ".join(AIRLINE_SATISFACTION),
        )
    df["satisfied"] = satisfied.astype("int64")
    df.attrs["file"] = file
    df.attrs["labels"] = airline_labels()
    return df


def airline_labels(lang: str | None = None) -> dict[str, str]:
    """Readable labels for the 14 airline service columns, in ``lang``."""
    return {c: t("airline." + _slug(c), lang) for c in AIRLINE_SERVICE_COLUMNS}


def _slug(column: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", column.lower()).strip("_")



# ----------------------------------------------------------------------------- survey tools' files

def load_survey_file(source, *, name: str | None = None, lang: str | None = None, sheet=None, orders=None):
    """A survey file as a survey tool exports it (Google Forms, Microsoft Forms, Qualtrics,
    SurveyMonkey, LimeSurvey, Excel, plain CSV, the airline layout): its rating questions as
    numbers, with what was recognised and left out in ``df.attrs``.
    See :func:`journeylib.surveyfile.load_survey_file`."""
    from .surveyfile.loader import load_survey_file as load

    return load(source, name=name, lang=lang, sheet=sheet, orders=orders)


def describe_survey_file(df, lang: str | None = None) -> str:
    """One line about a file read by :func:`load_survey_file`: layout, answers, questions, what was left out."""
    from .surveyfile.loader import describe_survey_file as describe

    return describe(df, lang)


def survey_file_problem(df, lang: str | None = None) -> str | None:
    """For a file whose answer labels must be put in order before it can be used: the sentence saying so; else None."""
    from .surveyfile.loader import survey_file_problem as problem

    return problem(df, lang)
