"""The shipped cases, the safe YAML reader and the survey loaders (journeylib.datasets)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeylib
from journeylib import datasets, i18n
from journeylib.datasets import (
    AIRLINE_SERVICE_COLUMNS,
    list_cases,
    load_airline_survey,
    load_case,
    load_case_raw,
    load_survey,
    load_survey_csv,
    survey_columns,
)
from journeylib.errors import (
    CaseError,
    FileFormatError,
    JourneyError,
    LimitError,
    SurveyError,
    ValidationError,
)
from journeylib.model import LIMITS, Case

CASES = ["airlines", "hospital", "partner-visit", "telecom"]
LANGS = ["nl", "en"]
# fields whose value is the same in every language (codes, names of organisations, files)
PLAIN_FIELDS = {"id", "phase", "survey", "organisation", "brand"}


def touchpoints(case: Case):
    return [tp for journey in case.journeys for tp in journey.touchpoints]


# ----------------------------------------------------------------------------- shipped cases

def test_the_four_cases_are_listed():
    assert list_cases() == CASES


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CASES)
def test_case_loads_validates_and_makes_a_workbook(name, lang):
    case = load_case(name, lang=lang)
    assert isinstance(case, Case) and case.id == name
    assert case.survey == f"{name}.csv"
    tps = touchpoints(case)
    assert 12 <= len(tps) <= 24
    assert {tp.phase for tp in tps} == {"before", "during", "after"}
    for tp in tps:
        assert tp.channel and tp.description and tp.name, tp.id
    workbook = case.to_workbook(learner="Test", language=lang)
    assert workbook.case == name and workbook.brand.complete
    assert [tp.id for tp in workbook.journeys[0].touchpoints] == [tp.id for tp in case.journeys[0].touchpoints]


@pytest.mark.parametrize("name", CASES)
def test_texts_differ_between_languages(name):
    both = datasets.check_case(name)
    nl, en = both["nl"], both["en"]
    assert nl.title != en.title and nl.summary != en.summary
    assert nl.brands[0].why != en.brands[0].why
    assert nl.journeys[0].persona != en.journeys[0].persona
    for a, b in zip(touchpoints(nl), touchpoints(en), strict=True):
        assert a.id == b.id and a.importance == b.importance
        assert a.name != b.name and a.description != b.description, a.id


def _plain_strings(data, where=""):
    """Strings in the raw case that are not inside an {nl, en} mapping."""
    if isinstance(data, dict):
        if set(data) == {"nl", "en"}:
            return []
        out = []
        for key, value in data.items():
            if key not in PLAIN_FIELDS:
                out += _plain_strings(value, f"{where}.{key}")
        return out
    if isinstance(data, list):
        return [s for i, v in enumerate(data) for s in _plain_strings(v, f"{where}[{i}]")]
    return [where] if isinstance(data, str) else []


@pytest.mark.parametrize("name", CASES)
def test_every_learner_text_is_written_in_both_languages(name):
    raw = load_case_raw(name)
    assert _plain_strings(raw) == []
    # and the organisations' names really are plain (the same in both languages)
    assert all(isinstance(b["organisation"], str) for b in raw["brands"])


def test_current_language_is_the_default():
    journeylib.set_language("en")
    assert load_case("hospital").title == load_case("hospital", lang="en").title
    journeylib.set_language("nl")
    assert load_case("hospital").title == load_case("hospital", lang="nl").title != load_case(
        "hospital", lang="en"
    ).title


def test_airline_brands_and_the_rapping_steward():
    case = load_case("airlines", lang="en")
    playful, formal = case.brands
    assert "playful" in playful.essence_words and "refined" in formal.essence_words
    brands = {playful.organisation, formal.organisation}
    behaviours = {r.behaviour for r in case.brand_fit}
    assert len(behaviours) >= 5
    for behaviour in behaviours:  # every behaviour is rated against each brand
        assert {r.brand for r in case.brand_fit if r.behaviour == behaviour} == brands
    rap = {r.brand: sum(r.scores) for r in case.brand_fit if "rap" in r.behaviour.lower()}
    assert rap[playful.organisation] > 0 > rap[formal.organisation]
    # the same holds in Dutch, and the learner's workbook keeps only "our" brand's ratings
    nl = load_case("airlines", lang="nl")
    rap_nl = {r.brand: sum(r.scores) for r in nl.brand_fit if "rapt" in r.behaviour}
    assert rap_nl == rap
    assert {r.brand for r in nl.to_workbook().brand_fit} == {playful.organisation}


def test_airline_journey_covers_the_service_items():
    ids = {tp.id for tp in touchpoints(load_case("airlines", lang="en"))}
    assert {"search-book", "online-checkin", "boarding", "safety-briefing", "inflight-service",
            "seat", "food-drink", "baggage-claim", "follow-up"} <= ids


def test_telecom_desk_may_solve_what_phone_and_shop_may_not():
    both = datasets.check_case("telecom")
    for lang, case in both.items():
        matrix = case.channels
        desk, phone, shop = matrix.channels
        only_desk = [p for p in matrix.problems
                     if matrix.allowed(desk, p) and not matrix.allowed(phone, p) and not matrix.allowed(shop, p)]
        assert len(only_desk) >= 2, lang
        assert 6 <= len(matrix.problems) <= 8
    # both languages describe the same matrix
    grid = {
        lang: [[c.channels.allowed(ch, p) for p in c.channels.problems] for ch in c.channels.channels]
        for lang, c in both.items()
    }
    assert grid["nl"] == grid["en"]


def test_hospital_has_unconscious_moments_during_the_visit():
    case = load_case("hospital", lang="en")
    during = [tp for tp in touchpoints(case) if tp.phase == "during"]
    unconscious = [tp.id for tp in during if not tp.conscious]
    assert {"signposting", "waiting-room"} <= set(unconscious) and len(unconscious) >= 4
    assert {"parking-intercom", "reception-desk", "call-in"} <= {tp.id for tp in during if tp.conscious}
    assert len(during) > len(touchpoints(case)) / 2
    assert sum(tp.moment_of_truth for tp in touchpoints(case)) >= 2


def test_partner_visit_steps_vary_in_importance_and_influence():
    case = load_case("partner-visit", lang="en")
    tps = {tp.id: tp for tp in touchpoints(case)}
    assert len(tps) >= 16
    matters_no_influence = [t for t in tps.values() if t.importance >= 4 and t.influence <= 1]
    influence_matters_little = [t for t in tps.values() if t.influence == 5 and t.importance <= 2]
    assert "flight" in {t.id for t in matters_no_influence}
    assert len(influence_matters_little) >= 2
    assert sum(t.moment_of_truth for t in tps.values()) >= 2
    assert "LEGO" in case.summary and "LEGO" in load_case("partner-visit", lang="nl").summary


def test_case_by_path_and_unknown_name(tmp_path):
    path = datasets.case_path("telecom")
    assert load_case(path, lang="en").id == "telecom" == load_case(str(path)).id
    with pytest.raises(CaseError) as info:
        load_case("nope", lang="en")
    assert info.value.key == "error.case_unknown"
    assert "nope" in str(info.value) and "hospital" in str(info.value)


def test_case_files_are_parsed_once_but_changes_on_disk_are_read(tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(datasets.case_path("hospital").read_text(encoding="utf-8"), encoding="utf-8")
    parsed = []
    real = datasets.read_yaml
    monkeypatch.setattr(datasets, "read_yaml", lambda *a, **k: parsed.append(a) or real(*a, **k))
    first = load_case(path, lang="nl")
    assert load_case(path, lang="en").id == first.id and len(parsed) == 1  # the second load: no parse
    raw = datasets.load_case_raw(path)
    raw["id"] = "changed-by-caller"
    raw["journeys"].clear()
    assert datasets.load_case_raw(path)["id"] == "hospital" and load_case(path).journeys  # not shared
    text = path.read_text(encoding="utf-8").replace("id: hospital", "id: edited", 1)
    path.write_text(text + "\n# a longer file\n", encoding="utf-8")
    assert load_case(path).id == "edited" and len(parsed) == 2


def test_datasets_folder_can_be_overridden(tmp_path, monkeypatch):
    (tmp_path / "cases").mkdir()
    text = datasets.case_path("hospital").read_text(encoding="utf-8").replace("id: hospital", "id: my-case")
    (tmp_path / "cases" / "my-case.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JOURNEYLIB_DATASETS", str(tmp_path))
    assert list_cases() == ["my-case"]
    assert load_case("my-case").id == "my-case"


def test_import_is_cheap():
    code = ("import sys, json, journeylib.datasets; "
            "print(json.dumps([m for m in ('pandas', 'pydantic', 'yaml', 'numpy', 'journeylib.model') "
            "if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


# ----------------------------------------------------------------------------- shipped surveys

@pytest.mark.parametrize("name", CASES)
def test_survey_matches_its_case(name):
    df = load_survey(name)
    columns = survey_columns(name)
    assert list(df.columns) == ["respondent", *columns, "satisfaction", "recommend"]
    assert df.attrs["labels"] == columns and df.attrs["case"] == name
    assert df["respondent"].is_unique and df["satisfaction"].dtype == "int64"
    assert df[list(columns)].isna().any().any()


def test_survey_columns_follow_the_language():
    journeylib.set_language("en")
    assert survey_columns("hospital")["consultation"] == "Consultation with the specialist"
    journeylib.set_language("nl")
    assert survey_columns("hospital")["consultation"] == "Gesprek met de specialist"


def test_survey_of_an_own_case_file_is_found_next_to_it(tmp_path):
    case_dir, survey_dir = tmp_path / "cases", tmp_path / "surveys"
    case_dir.mkdir(), survey_dir.mkdir()
    (case_dir / "mine.yaml").write_bytes(datasets.case_path("telecom").read_bytes())
    shipped = datasets.survey_path("telecom").read_text(encoding="utf-8").splitlines()
    (survey_dir / "telecom.csv").write_text("\n".join(shipped[:11]) + "\n", encoding="utf-8")
    assert len(load_survey(case_dir / "mine.yaml")) == 10


# ----------------------------------------------------------------------------- bad case files

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefghi", "bcdefghij")
)


def _airlines(change) -> str:
    data = load_case_raw("airlines")
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _four_words(data):
    data["brands"][0]["essence_words"].append({"nl": "vrolijk", "en": "cheerful"})


def _unknown_phase(data):
    data["journeys"][0]["touchpoints"][2]["phase"] = "halfway"


def _nl_only(data):
    data["journeys"][0]["touchpoints"][3]["name"] = {"nl": "Koffer afgeven"}


BAD_YAML = {
    # name: (content, error class, message key, text the English message contains)
    "empty": (b"", FileFormatError, "error.file_empty", ""),
    "only_comments": (b"# nothing here\n", FileFormatError, "error.file_empty", ""),
    "python_tag": ("id: x\ntitle: !!python/object/apply:os.system ['touch PWNED']\n",
                   FileFormatError, "error.yaml_tag", "line 2"),
    "local_tag": ("id: !shell x\n", FileFormatError, "error.yaml_tag", "!shell"),
    "alias_bomb": (BOMB, FileFormatError, "error.yaml_too_big", "alias"),
    "recursive_alias": ("a: &a [1, *a]\n", FileFormatError, "error.yaml_too_big", "alias"),
    "tabs": ("id: x\ntitle:\n\tnl: a\n\ten: b\n", FileFormatError, "error.yaml_tab", "line 3"),
    "syntax": ("id: x\ntitle: [unclosed\nsummary: y\n", FileFormatError, "error.yaml_syntax", "line"),
    "two_documents": ("id: x\n---\nid: y\n", FileFormatError, "error.yaml_syntax", "line 2"),
    "deep_flow": ("a: " + "[" * 20_000 + "]" * 20_000 + "\n", FileFormatError, "error.yaml_too_deep", ""),
    "deep_block": ("- " * 3_000 + "x\n", FileFormatError, "error.yaml_too_deep", ""),
    "invalid_utf8": (b"id: caf\xe9\n", FileFormatError, "error.file_encoding", "UTF-8"),
    "nul_bytes": (b"id: x\x00\n", FileFormatError, "error.file_binary", "NUL"),
    "too_large": (b"# " + b"x" * LIMITS["case_bytes"] + b"\n", LimitError, "error.file_too_large", "MB"),
    "not_a_mapping": ("- a\n- b\n", CaseError, "error.case_not_mapping", "list"),
    "four_essence_words": (_four_words, ValidationError, "validation.essence_words", "brands[0].essence_words"),
    "unknown_phase": (_unknown_phase, ValidationError, "validation.choice", "journeys[0].touchpoints[2].phase"),
    "text_without_en": (_nl_only, CaseError, "error.case_text", "journeys[0].touchpoints[3].name"),
}


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_bad_case_file_raises_the_right_error_and_writes_nothing(name, tmp_path, monkeypatch):
    content, error, key, expect = BAD_YAML[name]
    if callable(content):
        content = _airlines(content)
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    start = time.perf_counter()
    with pytest.raises(error) as info:
        load_case(path, lang="en")
    assert time.perf_counter() - start < 2.0, "refusing bad input must be quick"
    err = info.value
    assert err.key == key and err.file == str(path)
    english, dutch = err.message("en"), err.message("nl")
    assert english.startswith(str(path)) and expect in english, english
    assert dutch != english
    assert sorted(tmp_path.rglob("*")) == before  # nothing written (no PWNED, no temp file)


def test_the_unchanged_dump_is_accepted(tmp_path):
    """The bad-file cases above differ from a good file only in what they break."""
    path = tmp_path / "ok.yaml"
    path.write_text(_airlines(lambda data: None), encoding="utf-8")
    assert load_case(path, lang="en") == load_case("airlines", lang="en")


def test_safe_yaml_allows_plain_data_and_merge_keys():
    data = datasets.parse_yaml("base: &b {x: 1, y: [a, b]}\nother:\n  <<: *b\n  z: 2024-01-01\n")
    assert data["other"]["x"] == 1 and data["other"]["y"] == ["a", "b"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\t\n ,?%@`")), max_size=80))
def test_yaml_reader_raises_only_journey_errors(text):
    try:
        datasets.parse_yaml(text, file="x.yaml")
    except JourneyError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_case_loader_raises_only_journey_errors(raw):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        path.write_bytes(raw)
        try:
            load_case(path, lang="nl")
        except JourneyError:
            pass


# ----------------------------------------------------------------------------- own survey CSV

def test_own_csv_with_semicolons_and_decimal_commas():
    raw = "naam;balie;wachtkamer;tevreden\nA;4;3,5;4\nB;;2;3\n\nC;5;4;5\n".encode()
    df = load_survey_csv(raw, outcome="tevreden", drivers=["balie", "wachtkamer"])
    assert list(df.index) == [2, 3, 5]  # file line numbers; the blank line is dropped
    assert df["wachtkamer"].tolist() == [3.5, 2.0, 4.0]
    assert df["balie"].isna().sum() == 1 and df["naam"].tolist() == ["A", "B", "C"]


BAD_CSV = {
    "empty": (b"", "error.survey_empty", {}),
    "header_only": (b"a,b\n", "error.survey_no_rows", {}),
    "missing_column": (b"a,b\n1,2\n", "error.survey_columns", {"columns": "satisfaction, c"}),
    "not_a_number": (b"satisfaction,c\n4,3\n5,veel\n", "error.survey_not_number",
                     {"column": "c", "line": 3, "value": "veel"}),
    "ragged": (b"satisfaction,c\n4,3\n5,3,9,9\n", "error.survey_parse", {"line": 3}),
    "duplicate": (b"c,satisfaction,c\n1,2,3\n", "error.survey_duplicate", {"column": "c"}),
    "infinite": (b"satisfaction,c\n4,inf\n", "error.survey_not_number", {"line": 2}),
}


@pytest.mark.parametrize("name", sorted(BAD_CSV))
def test_bad_own_csv_names_the_problem(name):
    raw, key, params = BAD_CSV[name]
    with pytest.raises(SurveyError) as info:
        load_survey_csv(raw, outcome="satisfaction", drivers=["c"], name="mine.csv")
    assert info.value.key == key and info.value.file == "mine.csv"
    for param, value in params.items():
        assert info.value.params[param] == value, (param, info.value.params)
    assert info.value.message("nl") != info.value.message("en")


@pytest.mark.parametrize("cell", ["1" * 310, "-" + "1" * 310])
def test_integer_cell_too_large_for_a_float_is_not_a_number(cell, tmp_path):
    """pandas reads a 310-digit cell as a Python int, and pd.to_numeric raised OverflowError."""
    with pytest.raises(SurveyError) as info:
        load_survey_csv(f"satisfaction,c\n4,3\n5,{cell}\n".encode(), outcome="satisfaction", drivers=["c"],
                        name="mine.csv")
    assert info.value.key == "error.survey_not_number"
    assert info.value.params["column"] == "c" and info.value.params["line"] == 3

    with pytest.raises(SurveyError) as info:
        load_airline_survey(_airline_file(tmp_path, edit=_wifi_on_line_4(cell)))
    assert info.value.key == "error.survey_not_number"
    assert info.value.params["column"] == "Inflight wifi service" and info.value.params["line"] == 4


def test_large_integer_cells_that_fit_a_float_still_load():
    big = "1" * 300  # also a Python int in pandas, but a float can hold it
    df = load_survey_csv(f"satisfaction,c\n4,3\n5,{big}\n6,99999999999999999999\n".encode(),
                         outcome="satisfaction", drivers=["c"])
    assert df["c"].dtype == "float64"
    assert df["c"].tolist() == [3.0, float(big), 1e20]


def test_own_csv_file_problems(tmp_path):
    with pytest.raises(FileFormatError) as info:
        load_survey_csv(tmp_path / "absent.csv")
    assert info.value.key == "error.file_missing"
    (tmp_path / "latin1.csv").write_bytes("naam,score\nJosé,4\n".encode("latin-1"))
    with pytest.raises(FileFormatError) as info:
        load_survey_csv(tmp_path / "latin1.csv")
    assert info.value.key == "error.file_encoding"
    with pytest.raises(LimitError) as info:
        datasets.read_survey_text(b"a\n" + b"1\n" * 100, limit=50, name="big.csv")
    assert info.value.file == "big.csv"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_csv_loader_raises_only_journey_errors(raw):
    try:
        load_survey_csv(raw, outcome="satisfaction", drivers=["a"])
    except JourneyError:
        pass


# ----------------------------------------------------------------------------- airline layout

def _airline_file(tmp_path, n=60, edit=None) -> Path:
    from journeylib.synth import airline_layout_csv

    text = airline_layout_csv(n, seed=7)
    if edit:
        text = edit(text)
    path = tmp_path / "airline.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _wifi_on_line_4(cell: str):
    """An edit for :func:`_airline_file`: the "Inflight wifi service" cell of line 4 becomes ``cell``."""
    def edit(text):
        lines = text.splitlines(keepends=True)
        cells = lines[3].split(",")
        cells[8] = cell
        lines[3] = ",".join(cells)
        return "".join(lines)

    return edit


def test_airline_survey_loader(tmp_path):
    import pandas as pd

    path = _airline_file(tmp_path, n=400)
    raw = pd.read_csv(path)
    df = load_airline_survey(path)
    assert "Unnamed: 0" not in df.columns and "id" in df.columns and len(df) == 400
    for column in AIRLINE_SERVICE_COLUMNS:
        zeros = (raw[column] == 0).to_numpy()
        assert df[column].isna().to_numpy().tolist() == zeros.tolist(), column
        assert df[column].dropna().between(1, 5).all()
    assert (raw["Inflight wifi service"] == 0).any()  # the file does have "not applicable" answers
    assert set(df["satisfied"].unique()) == {0, 1} and df["satisfied"].dtype == "int64"
    assert (df["satisfied"] == (raw["satisfaction"] == "satisfied").astype(int).to_numpy()).all()
    assert set(df.attrs["labels"]) == set(AIRLINE_SERVICE_COLUMNS)


def test_airline_survey_without_required_columns(tmp_path):
    import pandas as pd

    path = _airline_file(tmp_path)
    raw = pd.read_csv(path).drop(columns=["Online boarding", "satisfaction"])
    raw.to_csv(path, index=False)
    with pytest.raises(SurveyError) as info:
        load_airline_survey(path)
    assert info.value.key == "error.survey_columns"
    assert "Online boarding" in str(info.value) and "satisfaction" in str(info.value)


def test_airline_survey_bad_values_name_the_line(tmp_path):
    def bad_answer(text):
        lines = text.splitlines(keepends=True)
        lines[4] = lines[4].replace("satisfied", "happy")
        return "".join(lines)

    with pytest.raises(SurveyError) as info:
        load_airline_survey(_airline_file(tmp_path, edit=bad_answer))
    assert info.value.key == "error.survey_satisfaction" and info.value.params["line"] == 5

    with pytest.raises(SurveyError) as info:
        load_airline_survey(_airline_file(tmp_path, edit=_wifi_on_line_4("7")))
    assert info.value.key == "error.survey_range"
    assert info.value.params["column"] == "Inflight wifi service" and info.value.params["line"] == 4


# ----------------------------------------------------------------------------- messages

def test_dataset_messages_exist_in_both_languages():
    locales = Path(i18n.__file__).with_name("locales")
    nl = json.loads((locales / "nl" / "datasets.json").read_text(encoding="utf-8"))
    en = json.loads((locales / "en" / "datasets.json").read_text(encoding="utf-8"))
    assert nl.keys() == en.keys()
    for key in nl:
        assert i18n.placeholders("nl", key) == i18n.placeholders("en", key), key
    used = {"error.file_empty", "error.yaml_syntax", "error.yaml_tab", "error.yaml_tag",
            "error.yaml_too_big", "error.case_unknown", "error.case_text"}
    assert used <= i18n.keys("nl") and used <= i18n.keys("en")
    assert set(datasets.airline_labels("nl")) == set(AIRLINE_SERVICE_COLUMNS)
    assert datasets.airline_labels("nl") != datasets.airline_labels("en")
