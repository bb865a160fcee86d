"""Excel workbooks for tests/test_xlsx.py: survey exports written with openpyxl, and hostile
files crafted by hand with zipfile (zip bombs built streaming, so they stay small in memory).

Every function returns the file's bytes. Import by module name (``import xlsx_files as xf``).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

LIKERT_EN = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
LIKERT_NL = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
STATEMENTS = ["The staff were friendly", "I did not have to wait long", "The website was clear"]
MB = 1024 * 1024


def workbook(sheets: dict[str, list[list]], *, merges: dict[str, list[str]] | None = None, chart_sheet: bool = False,
             dimension: str | None = None) -> bytes:
    """A workbook with these sheets (rows as lists; a str starting with "=" is a formula),
    ``merges`` per sheet (ranges such as ``"F1:H1"``), an optional chart sheet at the end."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for ref in (merges or {}).get(title, []):
            sheet.merge_cells(ref)
    if chart_sheet:  # with a chart, as Excel writes one (openpyxl cannot read back an empty chart sheet)
        from openpyxl.chart import BarChart, Reference

        chart = BarChart()
        first = book.worksheets[0]
        chart.add_data(Reference(first, min_col=1, min_row=1, max_row=max(first.max_row, 1)))
        book.create_chartsheet("Grafiek").add_chart(chart)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if dimension:  # openpyxl writes the true dimension; a file may declare any
        data = replace_part(data, "xl/worksheets/sheet1.xml",
                            lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + dimension.encode()
                                               + b'"', xml, count=1))
    return data


def replace_part(data: bytes, name: str, change, *, add: dict[str, bytes] | None = None) -> bytes:
    """The zip ``data`` with part ``name`` changed by ``change(bytes) -> bytes`` (or replaced by
    bytes) and the parts in ``add`` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                content = change(content) if callable(change) else change
            target.writestr(info.filename, content)
        for extra, content in (add or {}).items():
            target.writestr(extra, content)
    return out.getvalue()


# ----------------------------------------------------------------------------- survey exports

def microsoft_forms(n: int = 30, lang: str = "en") -> bytes:
    """Id, start and completion time, e-mail, name, then one column per statement with Likert labels."""
    labels = LIKERT_EN if lang == "en" else LIKERT_NL
    header = (["Id", "Start time", "Completion time", "Email", "Name"] if lang == "en"
              else ["Id", "Begintijd", "Tijdstip van voltooien", "E-mail", "Naam"])
    rows = [header + STATEMENTS]
    start = dt.datetime(2024, 5, 1, 9, 0)
    for i in range(n):
        begin = start + dt.timedelta(hours=i)
        rows.append([i + 1, begin, begin + dt.timedelta(minutes=3 + i % 5), f"persoon{i}@voorbeeld.nl",
                     f"Persoon {i}", *[labels[(i * (j + 2)) % 5] for j in range(len(STATEMENTS))]])
    return workbook({"Form1": rows})


SM_MATRIX = "How satisfied are you with our shop?"
SM_ROWS = ["Staff", "Price", "Range"]


def surveymonkey(n: int = 20) -> bytes:
    """Two header rows; the matrix question's cell merged over its three columns (D1:F1), the
    overall question's cell merged down over both header rows (G1:G2)."""
    first = ["Respondent ID", "Collector ID", "Email Address", SM_MATRIX, None, None, "Overall satisfaction"]
    second = [None, None, None, *SM_ROWS, None]
    rows = [first, second]
    for i in range(n):
        rows.append([1000 + i, 77, f"r{i}@example.com", *[LIKERT_EN[(i + j) % 5] for j in range(3)],
                     LIKERT_EN[i % 5]])
    return workbook({"Sheet": rows}, merges={"Sheet": ["D1:F1", "G1:G2"]})


def two_sheets() -> bytes:
    """A first sheet with only a title, the answers on the second, an empty third and a chart sheet."""
    answers = [["Respondent", "Service", "Speed"]] + [[i, 1 + i % 5, 1 + (i * 3) % 5] for i in range(10)]
    return workbook({"Toelichting": [["Enquête voorjaar 2024"]], "Antwoorden": answers, "Leeg": []},
                    chart_sheet=True)


def numbers_and_dates() -> bytes:
    """Whole numbers, decimals, a date, a time, a boolean, an error value, an empty string."""
    return workbook({"Data": [
        ["n", "mark", "date", "time", "flag", "error", "blank"],
        [1, 7.5, dt.datetime(2024, 3, 1, 14, 30), dt.time(9, 15), True, "#N/A", ""],
        [2, 8.25, dt.date(2024, 3, 2), dt.time(17, 0, 5), False, None, None],
    ]})


def large(rows: int = 10_000, columns: int = 20) -> bytes:
    """A header row and ``rows`` rows of ``columns`` cells: numbers 1-5, every fourth column a
    Likert label, in a shared-strings table as Excel writes them (hand-written XML: fast to build)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(j + 1) for j in range(columns)]
    strings = [f"Q{j + 1}" for j in range(columns)] + LIKERT_EN
    parts = ['<row r="1">' + "".join(f'<c r="{letters[j]}1" t="s"><v>{j}</v></c>' for j in range(columns)) + "</row>"]
    for i in range(rows):
        r = i + 2
        cells = [f'<c r="{letters[j]}{r}"><v>{(i * (j + 1)) % 5 + 1}</v></c>' if j % 4 else
                 f'<c r="{letters[j]}{r}" t="s"><v>{columns + (i + j) % 5}</v></c>' for j in range(columns)]
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    return shared_strings(strings, "".join(parts).encode())


def formula(cell: str = "C7", text: str = "=SUM(A7:B7)") -> bytes:
    rows = [["a", "b", "c"]] + [[i, i * 2, i * 3] for i in range(1, 10)]
    data = workbook({"Data": rows})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    book["Data"][cell] = text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- hostile files

def _minimal(sheet_xml: bytes = b"", *, sst: bytes | None = None, extra: dict[str, bytes] | None = None,
             content_types: bytes | None = None, compress_level: int | None = None,
             stream: dict[str, tuple] | None = None) -> bytes:
    """An xlsx written by hand: one sheet (``sheet_xml`` inside ``<sheetData>``, or a whole part
    when it starts with ``<?xml``), an optional shared-strings part, extra parts, and parts
    written streaming: ``stream = {name: (chunk, times)}``."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = content_types or (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           b'spreadsheetml.sharedStrings+xml"/>' if sst is not None or "xl/sharedStrings.xml" in (stream or {})
           else b"")
        + b"</Types>")
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
                        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                        f'Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
                            f'<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
               if sst is not None or "xl/sharedStrings.xml" in (stream or {}) else "")
            + "</Relationships>").encode(),
        "xl/worksheets/sheet1.xml": (sheet_xml if sheet_xml.startswith(b"<?xml") else
                                     f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
                                     .encode() + sheet_xml + b"</sheetData></worksheet>"),
    }
    if sst is not None:
        parts["xl/sharedStrings.xml"] = sst
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compress_level) as archive:
        for name, content in parts.items():
            if name not in (stream or {}):
                archive.writestr(name, content)
        for name, (chunk, times) in (stream or {}).items():
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(times):
                    member.write(chunk)
    return out.getvalue()


def rows_xml(rows: list[list]) -> bytes:
    """``<row>`` elements with inline strings and numbers."""
    from openpyxl.utils import get_column_letter

    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{get_column_letter(c)}{r}"
            if isinstance(value, str):
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif value is not None:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return "".join(out).encode()


SMALL = [["a", "b"], [1, 2], [3, 4]]


def zip_bomb(size: int = 200 * MB) -> bytes:
    """A workbook whose sheet part is ``size`` bytes of zeros, compressed (about 1000:1), written
    streaming in 1 MB pieces."""
    return _minimal(rows_xml(SMALL), stream={"xl/worksheets/sheet2.xml": (bytes(MB), size // MB)}, compress_level=1)


def lying_bomb(size: int = 60 * MB) -> bytes:
    """A sheet part that inflates to ``size`` bytes while the central directory says it has 1,000:
    the directory looks harmless; reading it must stop at the declared size."""
    name = "xl/worksheets/sheet1.xml"
    data = bytearray(_minimal(stream={name: (b"<" * MB, size // MB)}, compress_level=1))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(name)
    # patch the member's central-directory entry to declare 1,000 bytes unpacked
    central = data.find(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == info.filename.encode():
            break
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo(info.filename).file_size == 1000
    return bytes(data)


def many_members(count: int = 2_000) -> bytes:
    return _minimal(rows_xml(SMALL), extra={f"xl/media/image{i}.png": b"x" for i in range(count)})


def huge_shared_strings(count: int = 400_000) -> bytes:
    """A shared-strings table of ``count`` different strings (about 10 MB unpacked), written streaming."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main">')
    body = b"".join(f"<si><t>antwoord {i}</t></si>".encode() for i in range(count))
    sheet = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' \
            b'<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>'
    return _minimal(sheet, sst=head + body + b"</sst>")


def shared_strings(strings: list[str], sheet_xml: bytes) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return _minimal(sheet_xml, sst=(head + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>").encode())


def billion_laughs(part: str) -> bytes:
    """An entity bomb in ``part`` ("xl/sharedStrings.xml" or "xl/workbook.xml")."""
    entities = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    if part == "xl/sharedStrings.xml":
        sst = (f'<?xml version="1.0" encoding="UTF-8"?>{entities}<sst xmlns="http://schemas.openxmlformats.org/'
               f'spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>').encode()
        return _minimal(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>',
                        sst=sst)
    data = _minimal(rows_xml(SMALL))
    return replace_part(data, "xl/workbook.xml", lambda xml: xml.replace(
        b'<?xml version="1.0" encoding="UTF-8"?>', b'<?xml version="1.0" encoding="UTF-8"?>' + entities.encode())
        .replace(b'name="Blad1"', b'name="&lol9;"'))


def wide(columns: int = 1_000) -> bytes:
    rows = [[f"c{j}" for j in range(columns)]] + [[i + j for j in range(columns)] for i in range(2)]
    return workbook({"Breed": rows})


def styled_far_right(rows: int = 5, column: str = "ZZ") -> bytes:
    """Every row ends in a styled but empty cell at ``column`` (ZZ: 702), beyond the column bound."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 2}</v></c><c r="{column}{r}" s="0"/>'
                   f'</row>' for r in range(1, rows + 1))
    return _minimal(body.encode())


def far_row(row: int) -> bytes:
    """Two rows of data, then a cell in row ``row``."""
    return _minimal(rows_xml(SMALL) + f'<row r="{row}"><c r="A{row}"><v>1</v></c></row>'.encode())


def many_rows(count: int) -> bytes:
    body = b"".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'.encode() for r in range(1, count + 1))
    return _minimal(body)


def xls() -> bytes:
    """An old .xls: the OLE2 signature, then junk (and the stream name "Workbook", as BIFF8 has)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(range(256)) * 8


def encrypted() -> bytes:
    """An encrypted OOXML workbook: OLE2 with the streams EncryptionInfo and EncryptedPackage."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(50)
            + "EncryptedPackage".encode("utf-16-le") + bytes(range(256)) * 8)


def xlsm() -> bytes:
    """A macro-enabled workbook: vbaProject.bin and the macro-enabled content type."""
    rows = [["q1", "q2"], [1, 2], [3, 4]]
    data = workbook({"Blad1": rows})
    return replace_part(
        data, "[Content_Types].xml",
        lambda xml: xml.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        .replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nShell \"calc\"\n"},
    )


def external_link(with_formula: bool = False) -> bytes:
    """A workbook with an external link part (and, optionally, a cell that uses it)."""
    rows = [["q1", "q2"], [1, 2], [3, "='[andere.xlsx]Blad1'!A1" if with_formula else 4]]
    data = workbook({"Blad1": rows})
    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><externalBook><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1">'
            b'<v>666</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
    return replace_part(
        data, "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.'
                                b'org/officeDocument/2006/relationships/externalLink" Target="externalLinks/'
                                b'externalLink1.xml"/></Relationships>'),
        add={"xl/externalLinks/externalLink1.xml": link},
    )


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def no_workbook() -> bytes:
    """A zip (here a Word document's parts) without ``xl/workbook.xml``."""
    return _zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})


def xlsb() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": bytes(100)})


def ods() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                 "content.xml": b"<office:document-content/>"})
