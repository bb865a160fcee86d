"""Fuzzing every loader and ``journeylib check``: bad input gives a JourneyError, nothing else.

Inputs are random bytes and text, random JSON structures, and valid files (a workbook, a
case, survey CSVs) damaged at random: bytes flipped, cut off, inserted, deleted, repeated;
JSON values replaced by values of another type; YAML and CSV lines dropped, repeated or
changed. For every input:

* the loader returns or raises :class:`~journeylib.errors.JourneyError`; any other
  exception fails the test and hypothesis shows the input;
* a JourneyError's message can be shown in both languages (and names the file, for
  workbooks and cases);
* the input file's bytes are unchanged and nothing is written next to it;
* ``save_workbook`` over a file that does not load raises and leaves it as it was;
* ``journeylib check FILE`` exits 0 or 1, never with a traceback or "unexpected error".

Together the tests below generate more than 10,000 inputs (``FUZZ_SCALE=10`` for a longer
run, ``FUZZ_SCALE=0.1`` for a quick one).
"""
from __future__ import annotations

import atexit
import base64
import contextlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from journeylib import cli
from journeylib.datasets import key_drivers_from_csv, load_airline_survey, load_case, load_survey_csv, parse_yaml, read_yaml
from journeylib.errors import JourneyError, NotOverwrittenError
from journeylib.model import (
    BrandEssence, BrandFitRating, ChannelMatrix, Journey, PhaseReflection, ServiceLevel, StoredImage,
    Touchpoint, Workbook,
)
from journeylib.store import backup_path, dump_workbook, load_workbook, open_workbook, parse_workbook, save_workbook

REPO = Path(__file__).resolve().parents[1]
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(examples: int):
    """Hypothesis settings for ``examples`` inputs (times FUZZ_SCALE), and the slow mark."""
    limits = settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.large_base_example],
    )
    return lambda test: pytest.mark.slow(limits(test))


# ----------------------------------------------------------------------------- checks

def journey_error_only(call, *args, names: str | None = None, **kwargs):
    """``call(...)``'s result, or the JourneyError it raised (checked); anything else propagates."""
    try:
        return call(*args, **kwargs)
    except JourneyError as exc:
        for lang in ("nl", "en"):
            text = exc.message(lang)
            assert isinstance(text, str) and text.strip(), (exc.key, exc.params)
            if names is not None:
                assert names in text, f"the message does not name {names}: {text}"
        return exc


def _scratch() -> Path:
    """One folder per test process for the input files, in memory when possible (fast to
    write and clean; these tests are about parsing, not about the disk)."""
    shm = Path("/dev/shm")
    memory = shm.is_dir() and os.access(shm, os.W_OK)
    folder = Path(tempfile.mkdtemp(prefix="journeylib-fuzz-", dir=shm if memory else None))
    atexit.register(shutil.rmtree, folder, True)
    return folder


SCRATCH = _scratch()


def _clear() -> None:
    for path in SCRATCH.iterdir():
        path.unlink()


@contextlib.contextmanager
def file_with(raw: bytes, name: str):
    """An empty folder holding only ``name`` with ``raw``; afterwards: the folder is as it was."""
    _clear()
    path = SCRATCH / name
    path.write_bytes(raw)
    yield path
    assert path.read_bytes() == raw, f"{name} was changed"
    assert sorted(p.name for p in SCRATCH.iterdir()) == [name], "something was written beside it"
    _clear()


# ----------------------------------------------------------------------------- base inputs

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(40))).decode()


def rich_workbook() -> Workbook:
    """A workbook that uses every part of the model, so mutations reach every validator."""
    touchpoints = [
        Touchpoint(id="balie", name="Balie", phase="during", channel="Balie", description="Inchecken",
                   conscious=True, frequency=5, importance=4, influence=2, performance=3, expectation=4,
                   emotion=-2, service_level=ServiceLevel.EXPECTED, moment_of_truth=True,
                   standard_way="Groeten binnen 10 seconden", notes="Druk op maandag"),
        Touchpoint(id="site", name="Website", phase="before", channel="Web", conscious=False),
        Touchpoint(id="mail", name="Nazorgmail", phase="after", emotion=3),
    ]
    return Workbook(
        learner="Anna de Vries", language="en", case="hospital",
        brand=BrandEssence(organisation="Ziekenhuis", why="Zorg", how="Samen", what="Behandeling",
                           essence_words=["warm", "deskundig", ""], values=["eerlijk", "open"]),
        journeys=[Journey(name="Bezoek", persona="Ria (72)", touchpoints=touchpoints),
                  Journey(name="Leeg")],
        service_ratings={"balie": ServiceLevel.DESIRED, "site": ServiceLevel.BASIC},
        channels=ChannelMatrix(channels=["Telefoon", "Balie"], problems=["Afspraak", "Rekening"],
                               can_solve={"Telefoon": ["Afspraak"], "Balie": ["Afspraak", "Rekening"]}),
        brand_fit=[BrandFitRating(brand="Ziekenhuis", behaviour="Koffie brengen", scores=[2, 1, 0])],
        reflections={"before": PhaseReflection(keywords=["spanning", "onzeker"],
                                                images=[StoredImage(name="a.png", mime="png", width=4,
                                                                    height=3, data=PNG)])},
        answers={"q1": "Omdat het telt", "moment-2": ""},
        advice="Verbeter de balie.\nEn de nazorg.",
        progress={"les1": True, "les2": False},
    )


RICH = rich_workbook()
GOOD_WORKBOOK = dump_workbook(RICH)
GOOD_JSON = json.loads(GOOD_WORKBOOK)

# A small case in the shipped layout (full shipped cases are fuzzed too, with fewer examples:
# the safe YAML reader is pure Python and a 13 kB case takes ~20 ms).
SMALL_CASE = """\
# a small case for fuzzing
id: fuzz-case
title: {nl: "Een bezoek", en: "A visit"}
summary:
  nl: >-
    Een korte casus.
  en: >-
    A short case.
brands:
  - organisation: Ziekenhuis
    why: {nl: "Zorg", en: "Care"}
    essence_words:
      - {nl: warm, en: warm}
      - {nl: snel, en: quick}
      - ""
    values: [open, &v eerlijk]
journeys:
  - name: {nl: "Bezoek", en: "Visit"}
    persona: |
      Ria (72)
    touchpoints:
      - id: balie
        phase: during
        name: {nl: "Balie", en: "Desk"}
        importance: 4
        emotion: -1
        service_level: 3
        moment_of_truth: true
      - id: mail
        phase: after
        name: {nl: "Mail", en: "Mail"}
channels:
  channels: [Telefoon, Balie]
  problems: [Afspraak]
  can_solve:
    Telefoon: [Afspraak]
brand_fit:
  - brand: Ziekenhuis
    behaviour: {nl: "Koffie", en: "Coffee"}
    scores: [2, 1, 0]
survey: hospital.csv
"""
SHIPPED_CASES = sorted((REPO / "datasets" / "cases").glob("*.yaml"))


def _head(path: Path, lines: int) -> str:
    with open(path, encoding="utf-8") as fh:
        return "".join(next(fh) for _ in range(lines))


SURVEY_CSV = _head(REPO / "datasets" / "surveys" / "telecom.csv", 9)
SURVEY_COLUMNS = SURVEY_CSV.split("\n", 1)[0].split(",")
SURVEY_OUTCOME, SURVEY_DRIVERS = "satisfaction", ["phone-wait", "phone-agent", "social-dm", "shop-visit"]
AIRLINE_CSV = _head(REPO / "datasets" / "surveys" / "airline_layout_sample.csv", 9)
KD_CSV = "sat,a,b,c\n" + "".join(
    f"{(i * 7) % 5 + 1},{(i * 3) % 5 + 1},{(i * 11) % 4 + 1},{(i * i) % 5 + 1}\n" for i in range(30)
)


def test_base_inputs_are_valid(tmp_path):
    """The mutations start from valid files (else they would test only the first error)."""
    assert parse_workbook(GOOD_WORKBOOK) == RICH
    (tmp_path / "small.yaml").write_text(SMALL_CASE, encoding="utf-8")
    case = load_case(tmp_path / "small.yaml", lang="en")
    assert case.journeys[0].touchpoints[0].name == "Desk"
    assert len(load_survey_csv(SURVEY_CSV.encode(), outcome=SURVEY_OUTCOME, drivers=SURVEY_DRIVERS)) == 8
    assert len(load_airline_survey(AIRLINE_CSV.encode())) == 8
    (tmp_path / "kd.csv").write_text(KD_CSV)
    assert len(key_drivers_from_csv(tmp_path / "kd.csv", "sat", ["a", "b", "c"])) == 3


# ----------------------------------------------------------------------------- strategies

# Byte strings that parsers treat specially (b"7" * 4301: more digits than Python converts to int).
TOKENS = [
    b"7" * 4301, b'"', b"\\", b"{", b"}", b"[", b"]", b",", b":", b"null", b"true", b"NaN", b"-Infinity", b"1e999",
    b"-0", b"0.5", b"99999999999999999999", b'"\\ud800"', b'"\\u0000"', b"\x00", b"\xff", b"\xef\xbb\xbf",
    b"\xc3", b"\r", b"\n", b"\t", b" ", b"\x85", b"\xe2\x80\xa8", b"[" * 200, b"{}" * 50, b'"x": 1,',
    b"&a", b"*a", b"!!python/object:os.system", b"<<: *a", b"---", b"...", b"? ", b"- ", b"|", b">", b"#",
    b"'", b"%YAML 1.1", b"@", b"`", b"\x1b", b";", b"=cmd|' /C calc'!A0", b'""', b",,,", b"\r\n",
]


@st.composite
def mutated(draw, base: bytes, max_ops: int = 4, tokens: list[bytes] = TOKENS) -> bytes:
    """``base`` with one to ``max_ops`` random byte-level edits."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(["set", "flip", "truncate", "insert", "token", "delete", "repeat"]))
        pos = draw(st.integers(0, len(data)))
        if op == "set" and data:
            data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "flip" and data:
            data[min(pos, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=12))
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(tokens))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 40))]
        elif op == "repeat":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 200))] * draw(st.integers(1, 3))
    return bytes(data)


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.text(min_size=100, max_size=200), st.sampled_from(["", " ", "before", "during", "png", "1", "nl"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


PATHS = list(_paths(GOOD_JSON))


def _edit(document, path, action, value):
    if not path:
        return value if action == "replace" else document
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[f"extra_{len(parent)}"] = value
    elif action == "add":
        parent.append(value)
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[last])))
    return document


@st.composite
def changed_json(draw) -> bytes:
    """The good workbook's JSON with one to three values replaced, deleted, added or repeated."""
    document = json.loads(GOOD_WORKBOOK)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(document))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        document = _edit(document, path, action, draw(json_values))
    indent = draw(st.sampled_from([None, 1, 4]))
    return json.dumps(document, indent=indent, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@st.composite
def text_lines_mutated(draw, base: str, cells: list[str]) -> str:
    """Line-, cell- and value-level edits of a text file (CSV or YAML)."""
    lines = base.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["drop", "repeat", "swap", "cell", "value", "value", "indent", "line"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines[i:i] = [lines[i]] * draw(st.integers(1, 5))
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cell":
            parts = lines[i].split(",")
            k = draw(st.integers(0, len(parts) - 1))
            parts[k] = draw(st.sampled_from(cells) | st.text(max_size=12))
            lines[i] = ",".join(parts)
        elif op == "value" and ": " in lines[i]:  # YAML: "key: value" gets another value
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(cells) | st.text(max_size=12))}"
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "\t", "    "])) + lines[i].lstrip()
        elif op == "line":
            lines.insert(i, draw(st.text(max_size=40)))
    return "\n".join(lines)


# Cells include values whose square overflows a float (1e200, 1e308, a 300-digit number) and
# integers too large for a float at all (310 digits, which pandas reads as a Python int).
CSV_CELLS = ["", " ", "NA", "nan", "inf", "-inf", "1e200", "1e308", "1e999", "3,5", "3.5", "0", "6", "-1", "x", '"',
             '"a\nb"', "satisfied", "neutral or dissatisfied", "Satisfied ", "1" * 300, "1" * 310, "-" + "1" * 310,
             "0x10", "1_000", "True", "\u00a03", "٣"]
YAML_CELLS = ["", "null", "~", "[]", "{}", "&a x", "*a", "!!binary aGk=", "!!python/name:os.system", "1" * 5000,
              "0o17", "1e999", ".nan", "2024-02-30", "'", '"', "{nl: a}", "{nl: a, en: b, de: c}", "- x",
              "yes", "Off", "?", "<<: *v", "|", ">-"]
SURVEY_BASES = [SURVEY_CSV, SURVEY_CSV.replace(",", ";"), SURVEY_CSV.replace(",", "\t")]


# ----------------------------------------------------------------------------- workbooks

def check_workbook_bytes(raw: bytes) -> None:
    """parse/load/open/check/save on one input; see the module docstring for the promises."""
    parsed = journey_error_only(parse_workbook, raw, file="fuzz.workbook.json", names="fuzz.workbook.json")
    with file_with(raw, "w.workbook.json") as path:
        loaded = journey_error_only(load_workbook, path, names=str(path))
        assert type(parsed) is type(loaded) and (parsed == loaded if isinstance(parsed, Workbook) else True)
    if isinstance(loaded, Workbook):  # a good file: saving over it keeps its exact bytes as the .bak
        assert loaded == parse_workbook(dump_workbook(loaded)), "round trip changed the workbook"
        _clear()
        path = SCRATCH / "w.workbook.json"
        path.write_bytes(raw)
        save_workbook(RICH, path)
        if raw != GOOD_WORKBOOK:  # saving the same bytes again writes nothing
            assert backup_path(path).read_bytes() == raw
        _clear()
        return
    with file_with(raw, "w.workbook.json") as path:  # a bad file: never overwritten
        with pytest.raises(NotOverwrittenError):
            save_workbook(RICH, path)
        session = open_workbook(path, delay=0)  # no backup: blocked, file kept, nothing raised
        assert session.status == "blocked" and session.notice is not None
        assert session.save() is False
        session.close()


@fuzz(1500)
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xef\xbb\xbf{}")
@example(b"[" * 5000)
def test_fuzz_workbook_random_bytes(raw):
    check_workbook_bytes(raw)


@fuzz(2000)
@given(mutated(GOOD_WORKBOOK))
def test_fuzz_workbook_mutated_bytes(raw):
    check_workbook_bytes(raw)


@fuzz(1300)
@given(changed_json())
def test_fuzz_workbook_changed_values(raw):
    check_workbook_bytes(raw)


@fuzz(600)
@given(json_values)
def test_fuzz_workbook_random_json(value):
    raw = json.dumps(value).encode()
    check_workbook_bytes(raw)
    check_workbook_bytes(json.dumps({**GOOD_JSON, **value} if isinstance(value, dict) else value).encode())


@pytest.mark.parametrize("where", ["parse", "load", "open", "check", "save"])
def test_workbook_with_a_very_long_number_is_a_journey_error(tmp_path, where, capsys):
    raw = GOOD_WORKBOOK.replace(b'"emotion": -2', b'"emotion": ' + b"7" * 4301)
    assert raw != GOOD_WORKBOOK
    path = tmp_path / "w.workbook.json"
    path.write_bytes(raw)
    if where == "parse":
        with pytest.raises(JourneyError):
            parse_workbook(raw)
    elif where == "load":
        with pytest.raises(JourneyError):
            load_workbook(path)
    elif where == "open":
        assert open_workbook(path, delay=0).status == "blocked"
    elif where == "check":  # today: exit 3 and "unexpected error ... ValueError"
        assert cli.main(["check", str(path)]) == 1
        assert "ValueError" not in capsys.readouterr().err
    else:
        with pytest.raises(NotOverwrittenError):
            save_workbook(RICH, path)
    assert path.read_bytes() == raw


# ----------------------------------------------------------------------------- cases (YAML)

def check_case_text(raw: bytes) -> None:
    text = raw.decode("utf-8", "replace")
    journey_error_only(parse_yaml, text, file="fuzz.yaml")
    with file_with(raw, "case.yaml") as path:
        journey_error_only(read_yaml, path)
        journey_error_only(load_case, path, lang="en", names=str(path))


@fuzz(800)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_fuzz_yaml_random_text(text):
    check_case_text(text.encode("utf-8", "surrogatepass"))


@fuzz(1200)
@given(st.one_of(mutated(SMALL_CASE.encode()), text_lines_mutated(SMALL_CASE, YAML_CELLS).map(str.encode)))
def test_fuzz_case_mutated(raw):
    check_case_text(raw)


@fuzz(120)
@given(st.sampled_from(SHIPPED_CASES).flatmap(lambda p: mutated(p.read_bytes(), max_ops=2)))
def test_fuzz_shipped_case_mutated(raw):
    check_case_text(raw)


# ----------------------------------------------------------------------------- surveys (CSV)

SURVEY_LOADERS = ["plain", "columns", "airline", "path", "file"]


def check_survey_csv(raw: bytes, loader: str) -> None:
    if loader == "plain":
        journey_error_only(load_survey_csv, raw, name="mine.csv")
    elif loader == "columns":
        journey_error_only(load_survey_csv, raw, name="mine.csv", outcome=SURVEY_OUTCOME, drivers=SURVEY_DRIVERS)
    elif loader == "airline":
        journey_error_only(load_airline_survey, raw, name="airline.csv")
    elif loader == "file":
        journey_error_only(load_survey_csv, io.BytesIO(raw), outcome=SURVEY_OUTCOME, drivers=SURVEY_DRIVERS)
    else:
        with file_with(raw, "mine.csv") as path:
            journey_error_only(load_survey_csv, path, outcome=SURVEY_OUTCOME, drivers=SURVEY_DRIVERS,
                               names=str(path))


@fuzz(700)
@given(st.binary(max_size=600) | st.text(alphabet=st.sampled_from(list("ab1,;\t\n\r\" .-e")), max_size=300)
       .map(str.encode), st.sampled_from(SURVEY_LOADERS))
def test_fuzz_survey_random(raw, loader):
    check_survey_csv(raw, loader)


@fuzz(800)
@given(st.sampled_from(SURVEY_BASES + [AIRLINE_CSV]).flatmap(
    lambda base: mutated(base.encode()) | text_lines_mutated(base, CSV_CELLS).map(str.encode)),
    st.sampled_from(SURVEY_LOADERS))
def test_fuzz_survey_mutated(raw, loader):
    check_survey_csv(raw, loader)


@fuzz(300)
@given(text_lines_mutated(AIRLINE_CSV, CSV_CELLS))
def test_fuzz_airline_survey_mutated(text):
    journey_error_only(load_airline_survey, text.encode(), name="airline.csv")


HUGE = "1" * 310  # too large for a float


@pytest.mark.parametrize("loader", ["columns", "airline"])
def test_survey_cell_with_a_huge_integer_is_a_journey_error(loader):
    if loader == "columns":
        raw = f"satisfaction,c\n4,3\n5,{HUGE}\n".encode()
    else:
        header, first, rest = AIRLINE_CSV.split("\n", 2)
        cells = first.split(",")
        cells[8] = HUGE  # Inflight wifi service
        raw = "\n".join([header, ",".join(cells), rest]).encode()
    with pytest.raises(JourneyError):
        if loader == "columns":
            load_survey_csv(raw, outcome="satisfaction", drivers=["c"])
        else:
            load_airline_survey(raw)


# ----------------------------------------------------------------------------- key drivers (CSV)

@fuzz(700)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(st.one_of(mutated(KD_CSV.encode()), text_lines_mutated(KD_CSV, CSV_CELLS).map(str.encode),
                 st.binary(max_size=200)),
       st.sampled_from(["listwise", "pairwise"]), st.sampled_from(["shapley", "relative_weights"]),
       st.integers(1, 40))
def test_fuzz_key_drivers_from_csv(raw, missing, method, chunksize):
    with file_with(raw, "survey.csv") as path:
        journey_error_only(key_drivers_from_csv, path, "sat", ["a", "b", "c"], method=method, missing=missing,
                           chunksize=chunksize)


def test_key_drivers_cell_with_a_huge_integer_is_a_journey_error(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(KD_CSV + f"3,{HUGE},2,1\n")
    with pytest.raises(JourneyError):
        key_drivers_from_csv(path, "sat", ["a", "b", "c"])


def test_key_drivers_huge_value_pairwise_is_a_journey_error(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(KD_CSV.replace("\n", "\n1,1e200,1,1\n", 1))
    with pytest.raises(JourneyError):
        key_drivers_from_csv(path, "sat", ["a", "b", "c"], missing="pairwise")


# ----------------------------------------------------------------------------- the CLI

def check_cli(raw: bytes, name: str) -> None:
    with file_with(raw, name) as path:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check", str(path)])
        note(f"exit {code}; stdout {out.getvalue()!r}; stderr {err.getvalue()!r}")
        assert code in (0, 1)
        if code == 0:
            assert err.getvalue() == "" and str(path) in out.getvalue()
        else:  # one line naming the file, then the summary line
            lines = err.getvalue().splitlines()
            assert len(lines) == 2 and lines[0].startswith(str(path)), lines


@fuzz(500)
@given(st.one_of(st.binary(max_size=500), mutated(GOOD_WORKBOOK), changed_json()),
       st.sampled_from(["w.workbook.json", "w.json", "noext"]))
def test_fuzz_cli_check_workbook(raw, name):
    check_cli(raw, name)


@fuzz(300)
@given(st.one_of(st.binary(max_size=300), mutated(SMALL_CASE.encode()),
                 text_lines_mutated(SMALL_CASE, YAML_CELLS).map(str.encode)),
       st.sampled_from(["case.yaml", "case.YML"]))
def test_fuzz_cli_check_case(raw, name):
    check_cli(raw, name)
