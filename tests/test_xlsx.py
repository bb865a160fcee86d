"""journeylib.surveyfile.xlsx: learners' Excel workbooks read safely (fixtures: tests/xlsx_files.py)."""
from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

import xlsx_files as xf
from journeylib.errors import FileFormatError, JourneyError, LimitError
from journeylib.surveyfile import xlsx
from journeylib.surveyfile.xlsx import XlsxTable, read_xlsx


def _refused(data: bytes, kind: type, nl_words: tuple, en_words: tuple, **kwargs) -> JourneyError:
    """``read_xlsx`` refuses ``data`` with ``kind``; the message names the file and says, in
    both languages, what the words say (each word, case-insensitively)."""
    with pytest.raises(kind) as info:
        read_xlsx(data, file="enquete.xlsx", **kwargs)
    err = info.value
    nl, en = err.message("nl"), err.message("en")
    assert nl != en
    for text, words in ((nl, nl_words), (en, en_words)):
        assert text.startswith("enquete.xlsx: ") and "\n" not in text, text
        assert "Traceback" not in text
        for word in words:
            assert word.casefold() in text.casefold(), (word, text)
    return err


# ----------------------------------------------------------------------------- what is read

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_microsoft_forms_export_is_read_as_it_is(lang):
    table = read_xlsx(xf.microsoft_forms(30, lang), file="forms.xlsx")
    assert isinstance(table, XlsxTable) and table.sheet == "Form1" and table.sheets == ["Form1"]
    assert len(table.rows) == 31 and {len(row) for row in table.rows} == {8}
    assert table.rows[0][:2] == ["Id", "Start time" if lang == "en" else "Begintijd"]
    assert table.rows[0][5:] == xf.STATEMENTS
    first = table.rows[1]
    assert first[0] == 1 and isinstance(first[0], int)
    assert first[1] == dt.datetime(2024, 5, 1, 9, 0) and first[2] == dt.datetime(2024, 5, 1, 9, 3)
    assert first[3] == "persoon0@voorbeeld.nl"
    labels = xf.LIKERT_EN if lang == "en" else xf.LIKERT_NL
    assert all(cell in labels for row in table.rows[1:] for cell in row[5:])


def test_the_table_is_frozen():
    table = read_xlsx(xf.microsoft_forms(3))
    with pytest.raises(AttributeError):
        table.sheet = "x"


def test_surveymonkey_merged_question_cells_are_repeated_across_their_columns():
    table = read_xlsx(xf.surveymonkey(), file="sm.xlsx")
    first, second = table.rows[0], table.rows[1]
    assert first[3:6] == [xf.SM_MATRIX] * 3  # D1:F1 merged: the question over its three columns
    assert second[3:6] == xf.SM_ROWS
    # G1:G2 merged downwards: the lower cell stays empty, as in a CSV export
    assert first[6] == "Overall satisfaction" and second[6] is None
    assert first[:3] == ["Respondent ID", "Collector ID", "Email Address"] and second[:3] == [None] * 3
    assert len(table.rows) == 22 and table.rows[2][3] in xf.LIKERT_EN


def test_merges_below_the_header_rows_are_left_alone():
    rows = [["a", "b", "c"], ["x", None, None], ["y", None, None], [1, 2, 3]]
    table = read_xlsx(xf.workbook({"S": rows}, merges={"S": ["A3:C3"]}))
    assert table.rows[2] == ["y", None, None]


def test_merge_scan_finds_ranges_in_the_sheet_bytes_and_ignores_mergecells():
    chunk = b'<mergeCells count="2"><mergeCell ref="D1:F1"/><x:mergeCell ref=\'A2:A3\'/></mergeCells>'
    found = [m.decode() for m in xlsx._MERGE.findall(chunk)]
    assert found == ["D1:F1", "A2:A3"]


def test_the_first_sheet_with_data_is_read_and_sheet_chooses_another():
    data = xf.two_sheets()
    table = read_xlsx(data)
    # the chart sheet holds no cells and is not listed; "Toelichting" has one row only
    assert table.sheets == ["Toelichting", "Antwoorden", "Leeg"] and table.sheet == "Antwoorden"
    assert table.rows[0] == ["Respondent", "Service", "Speed"] and len(table.rows) == 11
    assert read_xlsx(data, sheet="Antwoorden") == table == read_xlsx(data, sheet=1)
    assert read_xlsx(data, sheet="antwoorden ").sheet == "Antwoorden"  # case and spaces do not count


def test_an_unknown_sheet_is_refused_with_the_list_of_sheets():
    data = xf.two_sheets()
    _refused(data, FileFormatError, ("Verslag", "'Toelichting', 'Antwoorden', 'Leeg'"),
             ("Verslag", "'Toelichting', 'Antwoorden', 'Leeg'"), sheet="Verslag")
    _refused(data, FileFormatError, ("nummer 7", "3"), ("number 7", "3"), sheet=7)


def test_a_chosen_sheet_without_data_and_a_workbook_without_data_are_refused():
    data = xf.two_sheets()
    _refused(data, FileFormatError, ("'Toelichting'", "kopregel"), ("'Toelichting'", "header row"),
             sheet="Toelichting")
    _refused(data, FileFormatError, ("'Leeg'",), ("'Leeg'",), sheet=2)
    _refused(xf.workbook({"A": [["alleen een kop"]], "B": []}), FileFormatError, ("geen enkel blad", "'A', 'B'"),
             ("no sheet", "'A', 'B'"))


def test_numbers_dates_times_booleans_and_errors_become_plain_values():
    table = read_xlsx(xf.numbers_and_dates())
    assert table.rows[1] == [1, 7.5, dt.datetime(2024, 3, 1, 14, 30), "09:15:00", "TRUE", None, None]
    assert table.rows[2] == [2, 8.25, dt.datetime(2024, 3, 2), "17:00:05", "FALSE", None, None]
    assert type(table.rows[1][0]) is int and type(table.rows[1][1]) is float
    assert all(isinstance(v, (str, int, float, dt.datetime, type(None))) for row in table.rows for v in row)


def test_trailing_empty_rows_and_columns_are_trimmed_and_rows_padded():
    rows = [["a", "b", None, None], [1, None], [None, None, None], [2, 3, None], [None], [None, None]]
    table = read_xlsx(xf.workbook({"S": rows}))
    assert table.rows == [["a", "b"], [1, None], [None, None], [2, 3]]


def test_leading_empty_rows_are_kept():
    table = read_xlsx(xf.workbook({"S": [[None], ["a", "b"], [1, 2]]}))
    assert table.rows == [[None, None], ["a", "b"], [1, 2]]


def test_a_declared_dimension_is_not_trusted():
    table = read_xlsx(xf.workbook({"S": xf.SMALL}, dimension="A1:XFD1048576"))
    assert table.rows == xf.SMALL


def test_styled_empty_cells_beyond_the_column_bound_are_trimmed():
    table = read_xlsx(xf.styled_far_right())
    assert table.rows == [[r, 2 * r] for r in range(1, 6)]


def test_many_rows_of_styled_empty_cells_far_right_are_refused_early(monkeypatch):
    """Each row padded out to column ZZZ (18,278) by one styled empty cell: looking at those
    cells has a budget, so 100,000 such rows cannot keep the reader busy for minutes."""
    seen = []
    original = xlsx._value
    monkeypatch.setattr(xlsx, "_value", lambda cell: seen.append(1) or original(cell))
    _refused(xf.styled_far_right(50_000, "ZZZ"), LimitError, ("18.278 kolommen",), ("18,278 columns",))
    assert len(seen) < 1_000  # only the cells that exist, not the fillers between them


def test_shared_strings_are_read():
    sheet = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
             b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>4</v></c></row>')
    table = read_xlsx(xf.shared_strings(["Vraag", "Cijfer", "Zeer tevreden"], sheet))
    assert table.rows == [["Vraag", "Cijfer"], ["Zeer tevreden", 4]]


# ----------------------------------------------------------------------------- what is refused

@pytest.mark.parametrize("data", [b"", b"  \n\t "], ids=["empty", "blank"])
def test_an_empty_file_is_refused(data):
    _refused(data, FileFormatError, ("leeg",), ("empty",))


def test_random_bytes_and_a_zip_without_a_workbook_are_not_xlsx():
    rng = np.random.default_rng(3)
    for data in (rng.integers(0, 256, 3000, dtype=np.uint8).tobytes(), b"Id;Naam\n1;Jan\n",
                 b"PK\x03\x04" + bytes(300), xf.no_workbook()):
        _refused(data, FileFormatError, ("geen Excelbestand (.xlsx)",), ("not an Excel .xlsx file",))


def test_an_old_xls_says_save_it_as_xlsx_or_csv():
    err = _refused(xf.xls(), FileFormatError, (".xls", "97-2003", ".xlsx of CSV"), (".xls", "97-2003", ".xlsx or CSV"))
    assert "wachtwoord" not in err.message("nl")


def test_a_password_protected_workbook_says_remove_the_password():
    err = _refused(xf.encrypted(), FileFormatError, ("wachtwoord", "haal het wachtwoord eraf"),
                   ("password", "remove the password, then upload it again"))
    assert "97-2003" not in err.message("en")


def test_xlsb_and_ods_are_named():
    _refused(xf.xlsb(), FileFormatError, (".xlsb",), (".xlsb",))
    _refused(xf.ods(), FileFormatError, (".ods",), (".ods",))


def test_a_zip_bomb_is_refused_from_the_central_directory(monkeypatch):
    data = xf.zip_bomb()  # 200 MB of zeros in well under 1 MB
    assert len(data) < 2 * xf.MB
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or pytest.fail("inflated"))
    _refused(data, LimitError, ("200,0 MB", "50 MB"), ("200.0 MB", "50 MB"))
    assert opened == []


def test_one_member_that_unpacks_absurdly_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 10**9)  # past the total bound: the ratio speaks
    _refused(xf.zip_bomb(20 * xf.MB), LimitError, ("'xl/worksheets/sheet2.xml'", "zipbom"),
             ("'xl/worksheets/sheet2.xml'", "zip bomb"))


def test_a_central_directory_that_lies_about_a_size_gains_nothing():
    """The directory says 1,000 bytes for a sheet that inflates to 60 MB: zipfile stops at 1,000
    (and fails on the checksum), so reading stays small and ends in a clear refusal."""
    data = xf.lying_bomb()
    tracemalloc.start()
    try:
        _refused(data, FileFormatError, ("niet te lezen",), ("cannot be read",))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * xf.MB


def test_too_many_members_are_refused_before_zipfile_reads_them(monkeypatch):
    def no_zipfile(*args, **kwargs):
        raise AssertionError("zipfile should not have been asked")

    data = xf.many_members(2_000)
    monkeypatch.setattr(zipfile, "ZipFile", no_zipfile)
    _refused(data, LimitError, ("1.000 onderdelen",), ("1,000 parts",))


def test_a_huge_shared_strings_table_is_refused():
    _refused(xf.huge_shared_strings(400_000), LimitError, ("300.000 verschillende teksten",),
             ("300,000 different texts",))


def test_a_shared_strings_table_over_its_size_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS_BYTES", 1000)
    sheet = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>'
    _refused(xf.shared_strings([f"tekst {i}" for i in range(200)], sheet), LimitError, ("tabel met teksten",),
             ("table of texts",))


def test_strings_are_counted_across_chunk_boundaries(monkeypatch):
    monkeypatch.setattr(xlsx, "_CHUNK", 7)
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 99)
    sheet = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>'
    read_xlsx(xf.shared_strings([f"t{i}" for i in range(99)], sheet))
    with pytest.raises(LimitError):
        read_xlsx(xf.shared_strings([f"t{i}" for i in range(100)], sheet))


def test_another_part_read_whole_is_bounded(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 5_000)
    _refused(xf.microsoft_forms(3), LimitError, ("'xl/theme/theme1.xml'",), ("'xl/theme/theme1.xml'",))


def test_a_thousand_columns_are_refused():
    _refused(xf.wide(1_000), LimitError, ("1.000 kolommen", "500"), ("1,000 columns", "500"))


def test_rows_beyond_the_bound_are_refused_as_soon_as_they_are_met():
    _refused(xf.many_rows(xlsx.MAX_ROWS + 1), LimitError, ("rij 100.000",), ("row 100,000",))
    # a cell in row 999,999,999: stops at the bound, does not walk a billion empty rows
    _refused(xf.far_row(999_999_999), LimitError, ("rij 100.000",), ("row 100,000",))


@pytest.mark.parametrize("rows", [[["a", "b"]], [], [[None], ["x"]]])
def test_fewer_than_two_rows_are_refused(rows):
    _refused(xf.workbook({"Blad1": rows}), FileFormatError, ("blad", "'Blad1'"), ("sheet", "'Blad1'"))


def test_a_formula_cell_is_refused_with_its_reference():
    err = _refused(xf.formula("C7", "=SUM(A7:B7)"), FileFormatError,
                   ("cel C7", "formule", "'Data'", "plakken speciaal"),
                   ("cell C7", "holds a formula", "'Data'", "paste the values instead"))
    assert "=SUM(A7:B7)" in err.message("en")


def test_a_formula_on_a_sheet_without_data_does_not_matter():
    data = xf.workbook({"Notitie": [["=TODAY()"]], "Data": xf.SMALL})
    assert read_xlsx(data).sheet == "Data"
    _refused(data, FileFormatError, ("cel A1",), ("cell A1",), sheet="Notitie")


def test_a_cell_using_an_external_link_is_a_formula():
    _refused(xf.external_link(with_formula=True), FileFormatError, ("cel B3",), ("cell B3",))


@pytest.fixture
def opened_parts(monkeypatch):
    """The names of the zip members read while the test runs."""
    names = []
    original = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return names


def test_macros_are_ignored_never_opened(opened_parts):
    data = xf.xlsm()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    opened_parts.clear()
    assert read_xlsx(data).rows == [["q1", "q2"], [1, 2], [3, 4]]
    assert "xl/worksheets/sheet1.xml" in opened_parts  # the spy sees what is read
    assert not any("vbaProject" in name for name in opened_parts)


def test_external_links_are_ignored_never_opened(opened_parts):
    data = xf.external_link()
    opened_parts.clear()
    assert read_xlsx(data).rows == [["q1", "q2"], [1, 2], [3, 4]]
    assert "xl/worksheets/sheet1.xml" in opened_parts
    assert not any("externalLink" in name for name in opened_parts)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/sharedStrings.xml"])
def test_xml_entity_bombs_are_refused(part):
    _refused(xf.billion_laughs(part), FileFormatError, ("XML-entiteiten",), ("XML entities",))


def test_damaged_workbooks_raise_nothing_but_journey_errors():
    """Truncations and byte flips of a real workbook: a clear refusal or a table, never a traceback."""
    good = xf.microsoft_forms(10)
    rng = np.random.default_rng(5)
    refused = 0
    for cut in range(0, len(good), max(1, len(good) // 40)):
        try:
            read_xlsx(good[:cut], file="x.xlsx")
        except JourneyError:
            refused += 1
    for _ in range(150):
        data = bytearray(good)
        for pos in rng.integers(30, len(good), 4):
            data[pos] = int(rng.integers(0, 256))
        try:
            read_xlsx(bytes(data), file="x.xlsx")
        except JourneyError as err:
            refused += 1
            assert err.message("nl") and err.message("en")
    assert refused > 40


def test_the_column_bound_is_the_csv_paths():
    from journeylib.surveyfile import MAX_COLUMNS

    assert xlsx.MAX_COLUMNS == MAX_COLUMNS


# ----------------------------------------------------------------------------- through the loader

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_microsoft_forms_workbook_loads_through_load_survey_file(lang):
    from journeylib.surveyfile import load_survey_file

    df = load_survey_file(xf.microsoft_forms(40, lang), name="forms.xlsx")
    assert df.attrs["layout"] == "microsoft_forms" and df.attrs["sheet"] == "Form1"
    assert list(df.columns) == xf.STATEMENTS and len(df) == 40
    assert df.attrs["scales"][xf.STATEMENTS[0]] == (1, 5)
    assert "persoon0@voorbeeld.nl" not in df.to_csv()


def test_a_merged_surveymonkey_workbook_loads_through_load_survey_file():
    from journeylib.surveyfile import load_survey_file

    df = load_survey_file(xf.surveymonkey(30), name="sm.xlsx")
    assert df.attrs["layout"] == "surveymonkey"
    assert set(xf.SM_ROWS) <= set(df.columns) and "Overall satisfaction" in df.columns
    assert df.attrs["labels"]["Staff"] == f"{xf.SM_MATRIX} [Staff]"


def test_a_refusal_reaches_the_learner_through_load_survey_file():
    from journeylib.surveyfile import load_survey_file

    with pytest.raises(FileFormatError) as info:
        load_survey_file(xf.encrypted(), name="beveiligd.xlsx")
    assert info.value.message("en").startswith("beveiligd.xlsx: ") and "password" in info.value.message("en")


# ----------------------------------------------------------------------------- measured

@pytest.mark.slow
def test_a_10000_by_20_sheet_is_streamed(capsys):
    """Time, then peak memory (tracemalloc, which slows reading down) of reading 10,000 rows x 20
    columns; printed. The memory bound is loose: loading the whole workbook (not read-only) takes
    several times as much."""
    data = xf.large(10_000, 20)
    start = time.perf_counter()
    table = read_xlsx(data)
    seconds = time.perf_counter() - start
    assert len(table.rows) == 10_001 and len(table.rows[0]) == 20
    assert table.rows[2][:2] == [xf.LIKERT_EN[1], 3] and table.rows[0][19] == "Q20"
    tracemalloc.start()
    try:
        read_xlsx(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with capsys.disabled():
        print(f"\nread_xlsx 10,000 x 20 ({len(data) / xf.MB:.2f} MB file): {seconds:.2f} s, "
              f"peak {peak / xf.MB:.1f} MB (tracemalloc)")
    assert peak < 40 * xf.MB
