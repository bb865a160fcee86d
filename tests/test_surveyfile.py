"""journeylib.surveyfile: survey tools' exports read from their content, labels to numbers, nothing personal."""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

import survey_exports as se
from journeylib.analysis import key_drivers
from journeylib.datasets import describe_survey_file, load_airline_survey, load_survey_file, survey_file_problem
from journeylib.errors import FileFormatError, JourneyError, LimitError, SurveyError
from journeylib.surveyfile import MAX_COLUMNS, match_scale, normalize_label
from journeylib.surveyfile.layouts import LAYOUTS

REASONS = {"identifier", "timestamp", "personal", "free_text", "empty", "constant", "metadata"}


def _xlsx_reader():
    return pytest.importorskip("journeylib.surveyfile.xlsx", reason="the Excel reader is not there yet")


def _top_driver(df, outcome):
    drivers = [c for c in df.columns if c != outcome and c not in df.attrs["nps"]]
    return key_drivers(df, outcome, drivers).iloc[0]["driver"]


def _check(export: se.Export, df):
    attrs = df.attrs
    assert attrs["layout"] == export.layout
    assert attrs["layout"] in LAYOUTS
    assert attrs["file"] == export.name
    assert set(attrs["labels"]) == set(attrs["scales"]) == set(df.columns)
    assert set(attrs["dropped"].values()) <= REASONS
    assert all(str(dtype) == "float64" for dtype in df.dtypes)
    for column, (low, high) in attrs["scales"].items():
        values = df[column].dropna()
        assert low <= values.min() and values.max() <= high, column
    outcome = attrs["outcome"]
    if export.layout == "limesurvey":  # question codes only: nothing says which is the overall one
        assert outcome is None
        outcome = export.outcome
    else:
        assert attrs["labels"][outcome] == (export.outcome if export.layout != "airline" else attrs["labels"][outcome])
    assert _top_driver(df, outcome) == export.top
    _no_personal_data(export, df)


def _no_personal_data(export: se.Export, df):
    """No planted e-mail address, name or IP address in the frame or its attrs (except the
    dropped columns' headers, which are column names, not answers)."""
    attrs = dict(df.attrs)
    attrs["dropped"] = sorted(attrs["dropped"].values())
    attrs["personal"] = sorted(attrs.get("personal", {}).values())
    text = json.dumps(attrs, default=str) + df.to_csv() + " ".join(map(str, df.columns))
    for item in export.personal:
        assert item not in text, item
    assert "@" not in text


@pytest.mark.parametrize("key", sorted(se.CSV_EXPORTS))
def test_every_csv_layout_loads_and_the_planted_top_driver_comes_first(key):
    export = se.CSV_EXPORTS[key]()
    _check(export, load_survey_file(export.data, name=export.name))


@pytest.mark.parametrize("key", sorted(se.XLSX_EXPORTS))
def test_every_xlsx_layout_loads_and_the_planted_top_driver_comes_first(key):
    _xlsx_reader()
    export = se.XLSX_EXPORTS[key]()
    df = load_survey_file(export.data, name=export.name)
    _check(export, df)
    assert df.attrs["sheet"] in df.attrs["sheets"]


def test_generic_xlsx_uses_the_first_sheet_with_data_and_sheet_chooses():
    _xlsx_reader()
    export = se.generic_xlsx()
    df = load_survey_file(export.data, name=export.name)
    assert df.attrs["sheets"] == ["Leeg", "Antwoorden"] and df.attrs["sheet"] == "Antwoorden"
    assert load_survey_file(export.data, name=export.name, sheet="Antwoorden").equals(df)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_microsoft_forms_rows_are_recognised_by_their_headers(lang):
    """The same recognition runs on a workbook's rows as on a CSV's: here the rows as CSV."""
    rows, export = se.microsoft_forms(lang)
    data = se._csv([[c.isoformat(" ") if hasattr(c, "isoformat") else c for c in row] for row in rows])
    df = load_survey_file(data, name="forms.csv")
    assert df.attrs["layout"] == "microsoft_forms"
    assert df.attrs["dropped"][rows[0][3]] == "personal" and df.attrs["personal"][rows[0][4]] == "name"
    assert {rows[0][1], rows[0][2]} <= {k for k, v in df.attrs["dropped"].items() if v == "timestamp"}
    assert df.attrs["scales"][export.top] == (1, 5)
    assert _top_driver(df, df.attrs["outcome"]) == export.top
    _no_personal_data(export, df)


def test_sources_path_bytes_and_file_object_give_the_same(tmp_path):
    export = se.google_forms("nl")
    path = tmp_path / "antwoorden.csv"
    path.write_bytes(export.data)
    by_path = load_survey_file(path)
    by_bytes = load_survey_file(export.data, name="antwoorden.csv")
    by_file = load_survey_file(io.BytesIO(export.data), name="antwoorden.csv")
    assert by_path.equals(by_bytes) and by_bytes.equals(by_file)
    assert by_path.attrs["file"] == str(path) and by_file.attrs["file"] == "antwoorden.csv"
    assert by_path.attrs["sheets"] == [] and by_path.attrs["sheet"] is None


def test_the_layout_comes_from_the_content_not_the_name():
    export = se.qualtrics()
    assert load_survey_file(export.data, name="google_forms.xlsx").attrs["layout"] == "qualtrics"


def test_google_forms_grid_rows_become_short_labels_with_the_full_question():
    df = load_survey_file(se.google_forms("nl").data, name="g.csv")
    assert list(df.columns[:4]) == ["Personeel", "Wachttijd", "Website", "Prijs"]
    assert df.attrs["labels"]["Personeel"] == "Hoe tevreden bent u over [Personeel]"
    assert df.attrs["scales"]["Personeel"] == (1, 5)
    assert df.attrs["rows"] == len(df) == 214
    nps = df.attrs["nps"]
    assert len(nps) == 1 and df.attrs["scales"][nps[0]] == (0, 10)
    assert df["Wachttijd"].isna().sum() == len(range(5, 214, 37))  # "n.v.t." is no answer
    assert df.attrs["dropped"] == {"Tijdstempel": "timestamp", "E-mailadres": "personal",
                                   "Wat kunnen we beter doen?": "free_text"}


def test_labels_become_their_place_on_the_scale():
    export = se.google_forms("en")
    df = load_survey_file(export.data, name="g.csv")
    text = export.data.decode()
    first = text.splitlines()[1].split(",")
    assert df["Staff"].iloc[0] == se.SAT_EN.index(first[2]) + 1


def test_qualtrics_three_header_rows_bom_and_matrix_rows():
    export = se.qualtrics()
    assert export.data.startswith("\ufeff".encode())
    df = load_survey_file(export.data, name="q.csv")
    assert df.attrs["rows"] == 160
    assert df.attrs["labels"]["Breakfast"] == "How satisfied were you with each part of your stay? - Breakfast"
    assert df.attrs["scales"]["Overall, how satisfied are you with…"] == (1, 5)  # QUALTRICS_SAT, 5 points
    for column in ("IPAddress", "RecipientEmail", "RecipientFirstName", "RecipientLastName"):
        assert df.attrs["dropped"][column] == "personal"
    assert df.attrs["dropped"]["ResponseId"] == "identifier"


def test_surveymonkey_blank_header_cells_continue_the_matrix_question():
    df = load_survey_file(se.surveymonkey().data, name="sm.csv")
    matrix = "How satisfied or dissatisfied are you with each of the following?"
    assert df.attrs["labels"]["Packaging"] == f"{matrix} [Packaging]"
    nps = df.attrs["nps"][0]
    assert df.attrs["labels"][nps].startswith("How likely is it") and df.attrs["scales"][nps] == (0, 10)
    assert set(df[nps].dropna()) <= set(range(11)) and {0.0, 10.0} & set(df[nps])  # "10 - Extremely likely" = 10
    assert df["Delivery"].isna().sum() == len(range(3, 150, 41))  # "Not applicable"


def test_limesurvey_answer_codes_are_their_numbers():
    export = se.limesurvey()
    df = load_survey_file(export.data, name="lime.csv")
    raw = export.data.decode().splitlines()[1].split(",")
    assert df["G01Q01[SQ001]"].iloc[0] == float(raw[9][1:])
    assert set(df["G01Q02"]) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert df.attrs["scales"]["G01Q02"] == (1, 5)
    assert {"id", "seed", "lastpage", "ipaddr", "refurl"} <= set(df.attrs["dropped"])


def test_dutch_excel_csv_semicolons_decimal_commas_and_e_mail_found_by_value():
    export = se.dutch_excel_csv()
    df = load_survey_file(export.data, name="export.csv")
    assert df.attrs["layout"] == "excel"
    assert (df["Totaaloordeel"] % 1 == 0.5).any()  # "7,5" is 7.5
    assert df.attrs["dropped"]["Contact"] == "personal" and df.attrs["personal"]["Contact"] == "email"
    assert df.attrs["dropped"]["Nr"] == "identifier"


def test_windows_1252_csv_from_older_excel():
    text = "Vraag;Café;Totaaloordeel\n" + "".join(f"{i % 5 + 1};{(i * 3) % 5 + 1};{(i * 7) % 10 + 1}\n"
                                                    for i in range(20))
    df = load_survey_file(text.encode("cp1252"), name="oud.csv")
    assert "Café" in df.columns and df.attrs["outcome"] == "Totaaloordeel"


def test_airline_layout_keeps_load_airline_survey(tmp_path):
    export = se.airline()
    df = load_survey_file(export.data, name="airline.csv", lang="en")
    old = load_airline_survey(export.data, name="airline.csv")
    assert df["Online boarding"].tolist() == pytest.approx(old["Online boarding"].tolist(), nan_ok=True)
    assert df.attrs["labels"]["Online boarding"] == "Online boarding"
    assert df.attrs["outcome"] == "satisfied" and df.attrs["scales"]["satisfied"] == (0, 1)


# ----------------------------------------------------------------------------- scales

@pytest.mark.parametrize("labels, scale, values", [
    (["Zeer ontevreden", "Ontevreden", "Neutraal", "Tevreden", "Zeer tevreden"], "satisfaction", [1, 2, 3, 4, 5]),
    (["very dissatisfied", "VERY SATISFIED", " Satisfied ", "Neutral"], "satisfaction", [1, 5, 4, 3]),
    (["Helemaal oneens", "Eens", "Niet eens, niet oneens"], "agreement", [1, 4, 3]),
    (["Strongly disagree", "Neither agree nor disagree", "Strongly agree"], "agreement", [1, 3, 5]),
    (["Slecht", "Matig", "Redelijk", "Goed", "Uitstekend"], "quality", [1, 2, 3, 4, 5]),
    (["Poor", "Fair", "Good", "Very good", "Excellent"], "quality", [1, 2, 3, 4, 5]),
    (["Zeer moeilijk", "Heel makkelijk", "Neutraal"], "ease", [1, 5, 3]),
    (["very unlikely", "likely", "very likely", "Neither likely nor unlikely"], "likelihood", [1, 4, 5, 3]),
    (["5 - Zeer tevreden", "1 - Zeer ontevreden", "3 = neutraal"], "satisfaction", [5, 1, 3]),
    (["Zéér tevreden", "niet tevreden/niet ontevreden"], "satisfaction", [5, 3]),
    (["Helemaal oneens", "Oneens", "Enigszins oneens", "Neutraal", "Enigszins eens", "Eens", "Helemaal eens"],
     "agreement", [1, 2, 3, 4, 5, 6, 7]),
    (["Zeer ontevreden", "Ontevreden", "Tevreden", "Zeer tevreden"], "satisfaction", [1, 2, 3, 4]),
])
def test_known_scales_in_both_languages(labels, scale, values):
    match = match_scale(labels)
    assert match is not None and match.scale == scale
    assert [match.values[label] for label in labels] == values


def test_a_five_point_scale_keeps_its_length_when_nobody_answered_one():
    match = match_scale(["Ontevreden", "Neutraal", "Tevreden", "Zeer tevreden"])
    assert (match.low, match.high) == (1, 5) and match.values["Ontevreden"] == 2


@pytest.mark.parametrize("label", ["n.v.t.", "N.V.T", "niet van toepassing", "Weet niet", "geen mening",
                                   "Not applicable", "N/A", "Don't know", "Prefer not to say"])
def test_missing_value_labels_are_no_answer(label):
    match = match_scale(["Tevreden", label, "Zeer tevreden"])
    assert match is not None and match.values[label] is None


def test_labels_of_two_scales_in_one_question_fit_none():
    assert match_scale(["Tevreden", "Helemaal eens"]) is None
    assert match_scale(["Soms", "Vaak"]) is None
    assert normalize_label(" 1 = Slécht ") == "slecht"


# ----------------------------------------------------------------------------- unordered and orders

FREQ = ["Nooit", "Soms", "Vaak", "Altijd"]


def _frequency_file(questions: int = 8, answers: int = 40, seed: int = 3) -> bytes:
    rng = np.random.default_rng(seed)
    header = ["Tijdstempel", "Opmerking", "Toelichting", "Verder", *[f"Vraag {i}" for i in range(questions)]]
    rows = [header]
    for i in range(answers):
        rows.append([f"2024/01/{1 + i % 28:02d} 10:00:00", f"lang verhaal {i}", f"uitleg {i}", f"iets {i}",
                     *[FREQ[rng.integers(0, 4)] for _ in range(questions)]])
    return se._csv(rows)


def test_unknown_labels_are_not_guessed_and_need_an_order():
    df = load_survey_file(_frequency_file(), name="freq.csv")
    assert df.attrs["needs_order"] is True and df.empty and len(df.columns) == 0
    assert set(df.attrs["unordered"]) == {f"Vraag {i}" for i in range(8)}
    assert sorted(df.attrs["unordered"]["Vraag 0"]) == sorted(FREQ)
    nl = survey_file_problem(df, "nl")
    en = survey_file_problem(df, "en")
    assert nl.startswith("12 kolommen: 3 met vrije tekst, 1 tijdstempel, 8 met antwoorden als '")
    assert nl.endswith("die geen bekende schaal zijn: zet hun antwoorden hieronder op volgorde.")
    assert en.startswith("12 columns: 3 free text, 1 timestamp, 8 with answers like '")
    assert en.endswith("that are not a known scale: put their labels in order below.")
    assert "8" in describe_survey_file(df, "en")


def test_orders_put_the_labels_in_order_and_include_the_column():
    data = _frequency_file()
    df = load_survey_file(data, name="freq.csv", orders={"Vraag 0": FREQ, "Vraag 1": [x.upper() for x in FREQ]})
    assert list(df.columns) == ["Vraag 0", "Vraag 1"] and df.attrs["needs_order"] is False
    assert df.attrs["scales"]["Vraag 0"] == (1, 4)
    assert survey_file_problem(df) is None
    raw = data.decode().splitlines()[1].split(",")
    assert df["Vraag 0"].iloc[0] == FREQ.index(raw[4]) + 1
    assert set(df.attrs["unordered"]) == {f"Vraag {i}" for i in range(2, 8)}


def test_an_order_missing_a_label_names_it():
    with pytest.raises(SurveyError) as info:
        load_survey_file(_frequency_file(), name="freq.csv", orders={"Vraag 0": ["Nooit", "Soms", "Vaak"]})
    assert "'Altijd'" in info.value.message("nl") and "'Altijd'" in info.value.message("en")
    with pytest.raises(SurveyError, match="Vraag 9"):
        load_survey_file(_frequency_file(), name="freq.csv", orders={"Vraag 9": FREQ})
    with pytest.raises(SurveyError, match="'soms'"):
        load_survey_file(_frequency_file(), name="freq.csv", orders={"Vraag 0": [*FREQ, "soms"]})


# ----------------------------------------------------------------------------- bad files

def _messages(err: JourneyError) -> tuple[str, str]:
    nl, en = err.message("nl"), err.message("en")
    assert nl and en and nl != en
    return nl, en


@pytest.mark.parametrize("data, kind, words", [
    (b"", SurveyError, ("leeg", "empty")),
    (b"   \r\n ", SurveyError, ("leeg", "empty")),
    (b"a,b\n1,2\n", SurveyError, ("1 antwoord", "1 answer")),
    (b"a,b\n1,2\n3,4\n", SurveyError, ("2 antwoorden", "2 answers")),
    (bytes(range(256)) * 8, FileFormatError, ("binaire", "binary")),
    (b"PK\x03\x04" + bytes(200), FileFormatError, ("zip", "zip")),
    (("\n".join([",".join(f"q{i}" for i in range(1000))] + [",".join("3" for _ in range(1000))] * 6)).encode(),
     LimitError, ("1000 kolommen", "1000 columns")),
    (("\n".join(["Naam,Opmerking,Nog iets"] + [f"persoon {i},een lang verhaal {i},anders {i}" for i in range(20)]))
     .encode(), SurveyError, ("3 kolommen: 2 met vrije tekst, 1 naam.", "3 columns: 2 free text, 1 name.")),
])
def test_bad_files_give_a_clear_line_in_both_languages(data, kind, words):
    with pytest.raises(kind) as info:
        load_survey_file(data, name="bad.csv")
    nl, en = _messages(info.value)
    assert nl.startswith("bad.csv: ") and words[0] in nl, nl
    assert en.startswith("bad.csv: ") and words[1] in en, en


def test_one_rating_question_is_too_few():
    data = "\n".join(["Tijdstempel,Tevredenheid,Kanaal"] + [f"2024/01/01 10:00,{i % 5 + 1},Telefoon"
                                                            for i in range(20)]).encode()
    with pytest.raises(SurveyError) as info:
        load_survey_file(data, name="een.csv")
    nl, en = _messages(info.value)
    assert "1 vraag met een beoordeling" in nl and "1 rating question" in en


def test_too_large_a_file_is_refused_before_reading(monkeypatch):
    import journeylib.surveyfile.loader as loader

    monkeypatch.setattr(loader, "SURVEY_BYTES", 1000)
    with pytest.raises(LimitError):
        load_survey_file(se.plain().data, name="groot.csv")


def test_old_xls_and_encrypted_workbooks_are_left_to_the_excel_reader():
    _xlsx_reader()
    with pytest.raises(JourneyError) as info:
        load_survey_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), name="oud.xls")
    _messages(info.value)


def test_random_bytes_raise_nothing_but_journey_errors():
    rng = np.random.default_rng(11)
    for size in (1, 7, 100, 3000):
        for _ in range(20):
            data = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
            try:
                load_survey_file(data, name="x.csv")
            except JourneyError:
                pass


def test_odd_but_readable_csvs_raise_nothing_but_journey_errors():
    texts = ["a\n" * 10, ",,,\n,,,\n" * 5, '"unclosed\n1,2\n' * 4, "a;b\n" + "1;2\n" * 10, "\ufeff\ufeff,x\n" * 9,
             "Tijdstempel\n2024/01/01\n" * 6, "x,y\n" + "nan,inf\n" * 10, "a,a\n1,2\n3,4\n5,6\n7,8\n9,1\n"]
    for text in texts:
        try:
            load_survey_file(text.encode(), name="x.csv")
        except JourneyError:
            pass


def test_duplicate_headers_get_their_own_names():
    data = "\n".join(["a,a,b"] + [f"{i % 5 + 1},{(i * 2) % 5 + 1},{(i * 3) % 5 + 1}" for i in range(20)]).encode()
    df = load_survey_file(data, name="dup.csv")
    assert list(df.columns) == ["a", "a (2)", "b"]


def test_describe_in_both_languages():
    df = load_survey_file(se.google_forms("nl").data, name="g.csv")
    assert describe_survey_file(df, "nl") == (
        "Google Forms: 214 antwoorden, 6 vragen; weggelaten: 1 met vrije tekst, 1 tijdstempel, 1 e-mailadres.")
    assert describe_survey_file(df, "en") == (
        "Google Forms: 214 answers, 6 questions; left out: 1 free text, 1 timestamp, 1 e-mail address.")
    plain = load_survey_file(b"x,y\n" + b"1,2\n2,3\n3,5\n4,4\n5,1\n", name="p.csv")
    assert describe_survey_file(plain, "en") == "CSV file: 5 answers, 2 questions; nothing left out."


def test_outcome_falls_back_to_the_recommendation_question():
    rows = [["Timestamp", "Staff", "Speed", "How likely are you to recommend us?"]]
    rows += [[f"2024/01/{1 + i % 28:02d} 10:00", i % 5 + 1, (i * 3) % 5 + 1, (i * 7) % 11] for i in range(30)]
    df = load_survey_file(se._csv(rows), name="nps.csv")
    assert df.attrs["nps"] == ["How likely are you to recommend us?"]
    assert df.attrs["outcome"] == "How likely are you to recommend us?"
    assert not math.isnan(df["Staff"].iloc[0])


POOL = ["", "Tevreden", "Zeer tevreden", "n.v.t.", "Soms", "3", "4,5", "10 - Extremely likely", "jan@example.nl",
        "2024/01/01 10:00:00", "A3", "Vaak", "x" * 70, "0", "-1", "1e400", "\ufeff", '"', "Strongly agree"]


def test_generated_csvs_raise_nothing_but_journey_errors_and_never_return_an_e_mail_address():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    headers = st.sampled_from(["Tijdstempel", "E-mail", "Naam", "id", "Vraag", "Q1_1", "submitdate", "x", ""])
    cells = st.sampled_from(POOL)

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(st.lists(headers, min_size=1, max_size=6), st.integers(0, 12), st.sampled_from([",", ";", "\t"]),
           st.data())
    def check(header, rows, sep, data):
        table = [header] + [[data.draw(cells) for _ in header] for _ in range(rows)]
        try:
            df = load_survey_file(se._csv(table, sep=sep), name="gen.csv")
        except JourneyError:
            return
        text = df.to_csv() + json.dumps({k: v for k, v in df.attrs.items() if k not in ("dropped", "personal")},
                                        default=str)
        assert "jan@example.nl" not in text

    assert hypothesis
    check()
