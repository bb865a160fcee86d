"""Read a learner's Excel workbook (``.xlsx``) safely: the cells of one sheet, nothing evaluated.

:func:`read_xlsx` returns an :class:`XlsxTable`: the cell values of one sheet as ``str``,
``int``, ``float``, ``datetime`` or ``None``, header rows included as they are. Reading is
done by openpyxl (``read_only=True``, ``data_only=False``, ``keep_vba=False``,
``keep_links=False``), but only after the file itself has been checked, from the zip's
central directory and without inflating anything:

* **what it is**: empty; an OLE2 file (``D0 CF 11 E0``), which is either a workbook
  protected with a password (Excel then writes an OLE2 container with an
  ``EncryptionInfo`` stream; the name is looked for in the bytes) or an old ``.xls``
  (Excel 97-2003); not a zip; a zip without ``xl/workbook.xml`` (a binary ``.xlsb`` and an
  OpenDocument ``.ods`` are named as such);
* **zip bombs**: more than :data:`MAX_MEMBERS` members (counted as central-directory
  signatures in the bytes, before :mod:`zipfile` builds an entry for each), more than
  :data:`MAX_UNCOMPRESSED` bytes unpacked in all, a member over 1 MB that unpacks more than
  :data:`MAX_RATIO` times its stored size. The sizes are the ones the central directory
  declares; Python's :mod:`zipfile` never inflates a member beyond its declared size (it
  stops there and fails on the checksum), so a lying directory gains nothing;
* **parts read whole**: the shared-strings table (every text of the workbook, which
  openpyxl loads into memory) at most :data:`MAX_SHARED_STRINGS_BYTES` unpacked and
  :data:`MAX_SHARED_STRINGS` strings (counted by a streaming scan); any other XML part
  except the worksheets (styles, theme, properties...) at most :data:`MAX_PART_BYTES`;
* **XML entities** (the "billion laughs"): the parts read here (``[Content_Types].xml``,
  ``xl/workbook.xml`` and its relationships) are parsed with :mod:`defusedxml`, and openpyxl
  uses defusedxml too when it is installed (it is a dependency); an entity declaration is
  refused with its own message.

While the sheet is read, row by row (the sheet is streamed, never loaded whole):

* more than :data:`MAX_COLUMNS` columns with content (the same bound as the CSV path of
  :func:`journeylib.surveyfile.load_survey_file`) or rows beyond :data:`MAX_ROWS` are refused
  as soon as they are met;
* **formulas are refused**, naming the first cell that holds one ("cell C7 holds a formula;
  paste the values instead"). The cached value Excel stores beside a formula is not used:
  it may be stale or absent (a file written by a script has none), and a learner's survey
  answers should be values; one "Paste Special > Values" in Excel fixes the file.
* **macros and external links are ignored, never evaluated**: ``keep_vba=False`` means the
  ``vbaProject.bin`` of a ``.xlsm`` is never opened, and ``keep_links=False`` that
  ``xl/externalLinks/`` is never read. A cell that uses an external link is a formula, so
  it is refused like any other. A macro-enabled workbook's answers are read like any other's.

Default sheet: the first worksheet with data (at least :data:`MIN_ROWS` rows with content);
``sheet=`` (a name, compared case-insensitively when no name matches exactly, or a 0-based
index) chooses another. Chart sheets hold no cells and are not listed in ``sheets``.

Values: a shared or inline string as ``str`` (an empty one as ``None``), numbers as ``int``
or ``float`` (a non-finite float as ``None``), dates as ``datetime``, a time of day as
``"HH:MM:SS"`` text, a duration as its text, TRUE/FALSE as ``"TRUE"``/``"FALSE"``, an error
value such as ``#N/A`` as ``None``. Every row is padded to the same width; trailing empty
rows and columns are trimmed, leading ones kept.

**Merged header cells.** SurveyMonkey merges a matrix question's cell over its columns, and
read-only openpyxl does not expose merges. The merge ranges are therefore found by scanning
the sheet part's bytes for ``<mergeCell ref="A1:D1">`` (a regular expression over the
streamed bytes, no XML parser, so no entity can be expanded). For each merge whose top row
is one of the first two rows with content (the header rows), its value is repeated across
the merge's columns in that row; the cells below it in a merge downwards stay empty, as a
CSV export has them (an empty sub-question means the whole question).

Every problem is a :class:`~journeylib.errors.FileFormatError` or
:class:`~journeylib.errors.LimitError` naming the file, in the current language; whatever
openpyxl or :mod:`zipfile` raise on a damaged file is turned into a ``FileFormatError``.
"""
from __future__ import annotations

import datetime as _dt
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass

from ..errors import FileFormatError, LimitError
from ..i18n import check_language, t
from ..text import format_number, quote, shorten

__all__ = ["read_xlsx", "XlsxTable", "MAX_UNCOMPRESSED", "MAX_MEMBERS", "MAX_RATIO", "MAX_SHARED_STRINGS_BYTES",
           "MAX_SHARED_STRINGS", "MAX_PART_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MIN_ROWS"]

MB = 1024 * 1024
#: All members of the zip together, unpacked.
MAX_UNCOMPRESSED = 50 * MB
#: Members of the zip (a real workbook has a few dozen).
MAX_MEMBERS = 1_000
#: A member over :data:`RATIO_FLOOR` may unpack to at most this many times its stored size.
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB
#: The shared-strings table, unpacked, and the number of strings in it.
MAX_SHARED_STRINGS_BYTES = 20 * MB
MAX_SHARED_STRINGS = 300_000
#: Any other XML part that openpyxl reads whole (styles, theme, properties, the workbook).
MAX_PART_BYTES = 10 * MB
#: Columns with content (the same bound as the CSV path, ``surveyfile.loader.MAX_COLUMNS``).
MAX_COLUMNS = 500
#: Rows of a sheet (a sheet going on beyond this row is refused as soon as it is met).
MAX_ROWS = 100_000
#: Rows with content a sheet needs to count as having data: a header row and one answer.
MIN_ROWS = 2

_OLE2 = b"\xd0\xcf\x11\xe0"
_ZIP = b"PK\x03\x04"
_CENTRAL = b"PK\x01\x02"
# OLE2 directory entries name their streams in UTF-16LE
_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_CT = {
    "sst": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    "sheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
}
_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)[\"']")
_CHUNK = 1 * MB
# styled empty cells beyond MAX_COLUMNS looked at in one sheet before it is refused as too wide
_MAX_BEYOND = 2_000_000


@dataclass(frozen=True)
class XlsxTable:
    """The cells of one sheet (``rows``, header rows included), the sheet read and all sheets."""

    rows: list[list[object]]
    sheet: str
    sheets: list[str]


class _Numbers:
    """An error whose number fields are written the way the language shown writes them
    (``1.000`` / ``1,000``); floats are megabytes with one decimal."""

    def message(self, lang: str | None = None) -> str:
        lang = check_language(lang)
        params = {
            key: (format_number(value, lang, 1 if isinstance(value, float) else 0)
                  if isinstance(value, (int, float)) and not isinstance(value, bool) else value)
            for key, value in self.params.items()
        }
        text = t(self.key, lang, **params)
        return f"{self.file}: {text}" if self.file else text


class XlsxFormatError(_Numbers, FileFormatError):
    """A file that is not a readable ``.xlsx`` (or holds what is not read: formulas, entities)."""


class XlsxLimitError(_Numbers, LimitError):
    """A workbook that is too large in one of the ways :func:`read_xlsx` bounds."""


def _mb(size: int) -> float:
    return round(size / MB, 1)


# ----------------------------------------------------------------------------- the file itself

def _check_kind(data: bytes, file: str) -> None:
    if not data.strip():
        raise XlsxFormatError("xlsx.empty", file=file)
    if data.startswith(_OLE2):
        if any(name in data for name in _ENCRYPTED):
            raise XlsxFormatError("xlsx.encrypted", file=file)
        raise XlsxFormatError("xlsx.xls", file=file)
    if not data.startswith(_ZIP):
        raise XlsxFormatError("xlsx.not_xlsx", file=file)


def _open_zip(data: bytes, file: str) -> zipfile.ZipFile:
    # every central-directory entry starts with this signature and zipfile builds one object per
    # entry, so counting the signatures bounds its work before it starts
    if data.count(_CENTRAL) > MAX_MEMBERS:
        raise XlsxLimitError("xlsx.members", file=file, limit=MAX_MEMBERS)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any failure to read a hostile zip's directory means "not an xlsx"
        raise XlsxFormatError("xlsx.not_xlsx", file=file) from None


def _check_sizes(archive: zipfile.ZipFile, file: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise XlsxLimitError("xlsx.members", file=file, limit=MAX_MEMBERS)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise XlsxLimitError("xlsx.bomb_total", file=file, size=_mb(total), limit=MAX_UNCOMPRESSED // MB)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise XlsxLimitError("xlsx.bomb_ratio", file=file, part=quote(info.filename),
                                 ratio=info.file_size // max(info.compress_size, 1), size=_mb(info.file_size))


def _check_workbook(archive: zipfile.ZipFile, file: str) -> None:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise XlsxFormatError("xlsx.xlsb", file=file)
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        try:
            if archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                raise XlsxFormatError("xlsx.ods", file=file)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
            pass
    raise XlsxFormatError("xlsx.not_xlsx", file=file)


def _parse_xml(archive: zipfile.ZipFile, name: str, file: str):
    """A small part parsed with defusedxml (entities refused), or None when it is absent."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise XlsxLimitError("xlsx.part_too_large", file=file, part=quote(name), size=_mb(info.file_size),
                             limit=MAX_PART_BYTES // MB)
    try:
        return fromstring(archive.read(name))
    except DefusedXmlException:
        raise XlsxFormatError("xlsx.entities", file=file, part=quote(name)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged part, whatever the parser or zipfile say
        raise _damaged(exc, file) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parts(archive: zipfile.ZipFile, file: str) -> tuple[str | None, set[str]]:
    """The shared-strings part and the worksheet parts, from ``[Content_Types].xml``."""
    types = _parse_xml(archive, "[Content_Types].xml", file)
    sst, sheets = None, set()
    for element in (types if types is not None else []):
        if _local(element.tag) != "Override":
            continue
        part = (element.get("PartName") or "").lstrip("/")
        kind = element.get("ContentType") or ""
        if kind == _CT["sst"]:
            sst = part
        elif kind == _CT["sheet"]:
            sheets.add(part)
    if sst is None and "xl/sharedStrings.xml" in archive.namelist():
        sst = "xl/sharedStrings.xml"
    return sst, sheets


def _check_parts(archive: zipfile.ZipFile, sst: str | None, sheets: set[str], file: str) -> None:
    for info in archive.infolist():
        name = info.filename
        if name == sst or name in sheets or name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels")):
            continue
        if info.file_size > MAX_PART_BYTES:
            raise XlsxLimitError("xlsx.part_too_large", file=file, part=quote(name), size=_mb(info.file_size),
                                 limit=MAX_PART_BYTES // MB)
    if sst is None or sst not in archive.namelist():
        return
    size = archive.getinfo(sst).file_size
    if size > MAX_SHARED_STRINGS_BYTES:
        raise XlsxLimitError("xlsx.shared_strings_size", file=file, size=_mb(size),
                             limit=MAX_SHARED_STRINGS_BYTES // MB)
    count = 0
    for chunk in _scan(archive, sst, file):
        count += len(_SI.findall(chunk))
        if count > MAX_SHARED_STRINGS:
            raise XlsxLimitError("xlsx.shared_strings_count", file=file, limit=MAX_SHARED_STRINGS)


def _scan(archive: zipfile.ZipFile, name: str, file: str):
    """The part's bytes in pieces that each end just before a ``<`` (a tag is never split),
    streamed: never more than about a megabyte at a time."""
    try:
        with archive.open(name) as stream:
            rest = b""
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                buffer = rest + chunk
                cut = buffer.rfind(b"<")
                if cut < 0 or len(buffer) - cut > 256:  # no tag left open at the end
                    rest = b""
                    yield buffer
                else:
                    rest = buffer[cut:]
                    yield buffer[:cut]
            if rest:
                yield rest
    except Exception as exc:  # noqa: BLE001 - a damaged member: zipfile's BadZipFile, zlib errors, ...
        raise _damaged(exc, file) from None


def _sheet_paths(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Sheet name -> its part in the zip, from the workbook and its relationships."""
    book = _parse_xml(archive, "xl/workbook.xml", file)
    rels = _parse_xml(archive, "xl/_rels/workbook.xml.rels", file)
    if book is None or rels is None:
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    paths = {}
    for element in book.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        if element.get("name") is not None and rid in targets:
            paths[element.get("name")] = targets[rid]
    return paths


def _damaged(exc: BaseException, file: str) -> XlsxFormatError:
    from defusedxml import DefusedXmlException

    cause, seen = exc, 0
    while cause is not None and seen < 10:  # openpyxl wraps the parser's error in its own
        if isinstance(cause, DefusedXmlException):
            return XlsxFormatError("xlsx.entities_somewhere", file=file)
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    detail = shorten(f"{type(exc).__name__}: {exc}", 100)
    return XlsxFormatError("xlsx.damaged", file=file, detail=detail)


# ----------------------------------------------------------------------------- the sheet

def _value(cell):
    value = cell.value
    if value is None or cell.data_type == "e":  # an error value such as #N/A: no answer
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    return str(value)


def _formula(cell) -> str:
    value = cell.value
    text = value if isinstance(value, str) else getattr(value, "text", None) or "="
    return quote(text, 40)


def _read_sheet(ws, name: str, file: str, *, chosen: bool) -> list[list] | None:
    """The rows of ``ws`` (trimmed, padded), or None when it has fewer than :data:`MIN_ROWS` rows
    with content. A formula is refused once the sheet is known to be the one read: at once when
    ``chosen``, else when the sheet has data."""
    from openpyxl.cell.read_only import EMPTY_CELL

    rows: list[list] = []
    filled = 0  # rows with content
    formula = None
    last = 0  # the number of rows up to the last one with content
    beyond = 0  # cells looked at beyond MAX_COLUMNS (styled but empty ones), in all rows
    for index, row in enumerate(ws.iter_rows(), start=1):
        if index > MAX_ROWS:
            raise XlsxLimitError("xlsx.too_many_rows", file=file, sheet=quote(name), limit=MAX_ROWS)
        cells = row
        if len(row) > MAX_COLUMNS:  # a row is as long as its last cell, which may be styled but empty
            tail = row[MAX_COLUMNS:]
            beyond += len(tail)
            if beyond > _MAX_BEYOND or any(c is not EMPTY_CELL and _value(c) is not None for c in tail):
                # the last column with a value, or (too many styled empty cells) the row's length
                count = next((len(row) - i for i, c in enumerate(reversed(row))
                              if c is not EMPTY_CELL and _value(c) is not None), 0)
                raise XlsxLimitError("xlsx.too_many_columns", file=file, sheet=quote(name),
                                     count=count if count > MAX_COLUMNS else len(row), limit=MAX_COLUMNS)
            cells = row[:MAX_COLUMNS]
        values = [None] * len(cells)
        width = 0
        for i, cell in enumerate(cells):
            if cell is EMPTY_CELL:
                continue
            if formula is None and cell.data_type == "f":
                formula = cell
            value = _value(cell)
            if value is not None or cell.data_type == "f":
                values[i] = value
                width = i + 1
        del values[width:]
        rows.append(values)
        if width:
            filled += 1
            last = index
        if formula is not None and (chosen or filled >= MIN_ROWS):
            raise XlsxFormatError("xlsx.formula", file=file, cell=formula.coordinate, sheet=quote(name),
                                  formula=_formula(formula))
    if filled < MIN_ROWS:
        return None
    del rows[last:]
    width = max(len(row) for row in rows)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows


def _merges(archive: zipfile.ZipFile, path: str | None, file: str) -> list[tuple[int, int, int, int]]:
    """The merge ranges of a sheet part as (min_col, min_row, max_col, max_row), 1-based."""
    from openpyxl.utils.cell import range_boundaries

    if not path or path not in archive.namelist():
        return []
    merges = []
    for chunk in _scan(archive, path, file):
        for ref in _MERGE.findall(chunk):
            try:
                merges.append(range_boundaries(ref.decode("ascii")))
            except (ValueError, TypeError):
                continue
            if len(merges) > MAX_COLUMNS * 4:  # more than the header rows can use
                return merges
    return merges


def _fill_merges(rows: list[list], merges) -> None:
    """Repeat each header merge's value across its columns (in the first two rows with content)."""
    header = [i for i, row in enumerate(rows) if any(v is not None for v in row)][:2]
    width = len(rows[0]) if rows else 0
    for min_col, min_row, max_col, _max_row in merges:
        top = min_row - 1
        if top not in header or min_col > width:
            continue
        row = rows[top]
        value = row[min_col - 1]
        for col in range(min_col, min(max_col, width)):
            if row[col] is None:
                row[col] = value


# ----------------------------------------------------------------------------- reading

def _choose(names: list[str], sheet, file: str) -> int | None:
    if sheet is None:
        return None
    listed = ", ".join(quote(n) for n in names) or "-"
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return sheet
        raise XlsxFormatError("xlsx.unknown_sheet_index", file=file, number=sheet, count=len(names), sheets=listed)
    if isinstance(sheet, str):
        if sheet in names:
            return names.index(sheet)
        folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if len(folded) == 1:
            return names.index(folded[0])
    raise XlsxFormatError("xlsx.unknown_sheet", file=file, sheet=quote(str(sheet)), sheets=listed)


def read_xlsx(data: bytes, *, sheet: str | int | None = None, file: str = "") -> XlsxTable:
    """The cells of one sheet of the workbook ``data`` (see the module's notes for what is checked).

    ``sheet``: a sheet name or 0-based index; by default the first sheet with data.
    ``file``: the file's name, for the messages.
    """
    data = bytes(data)
    _check_kind(data, file)
    archive = _open_zip(data, file)
    with archive:
        _check_sizes(archive, file)
        _check_workbook(archive, file)
        sst, sheet_parts = _parts(archive, file)
        _check_parts(archive, sst, sheet_parts, file)
        paths = _sheet_paths(archive, file)
        name, names, rows = _load(data, sheet, file)
        _fill_merges(rows, _merges(archive, paths.get(name), file))
    return XlsxTable(rows=rows, sheet=name, sheets=names)


def _load(data: bytes, sheet, file: str) -> tuple[str, list[str], list[list]]:
    """The name of the sheet read, all worksheets' names and the sheet's rows."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions mean nothing to a learner
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_vba=False,
                                 keep_links=False)
            try:
                sheets = list(book.worksheets)
                names = [ws.title for ws in sheets]
                chosen = _choose(names, sheet, file)
                if not sheets:
                    raise XlsxFormatError("xlsx.no_sheets", file=file)
                for index in ([chosen] if chosen is not None else range(len(sheets))):
                    ws = sheets[index]
                    ws.reset_dimensions()  # a declared size is not trusted: rows are as long as their cells
                    rows = _read_sheet(ws, names[index], file, chosen=chosen is not None)
                    if rows is not None:
                        return names[index], names, rows
                if chosen is not None:
                    raise XlsxFormatError("xlsx.too_few_rows", file=file, sheet=quote(names[chosen]), minimum=MIN_ROWS)
                raise XlsxFormatError("xlsx.no_data", file=file, sheets=", ".join(quote(n) for n in names))
            finally:
                book.close()
    except (FileFormatError, LimitError):
        raise
    except MemoryError:
        raise XlsxLimitError("xlsx.memory", file=file) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl on a damaged file: KeyError, InvalidFileException, ...
        raise _damaged(exc, file) from None
