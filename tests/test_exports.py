"""Journey exports: CSV and JSON round trips, CSV injection, Mermaid journey diagrams."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeylib import t
from journeylib.errors import FileFormatError, JourneyError, ValidationError
from journeylib.exports import (
    COLUMNS,
    CsvLineError,
    emotion_score,
    journey_from_csv,
    journey_from_json,
    journey_to_csv,
    journey_to_json,
    journey_to_mermaid,
    mermaid_markdown,
)
from journeylib.model import LIMITS, PHASES, Journey, ServiceLevel, Touchpoint

NASTY = ',"\n\r\t:;#=+-@\' éëï€東京🙂%%'
text_chars = st.characters(exclude_categories=("Cs",), include_characters=NASTY)
short = st.text(text_chars, max_size=40)
name = st.text(text_chars, min_size=1, max_size=40).filter(lambda s: s.strip())
long = st.text(text_chars, max_size=80)


@st.composite
def touchpoints(draw, index: int):
    return Touchpoint(
        id=f"tp-{index}",
        name=draw(name),
        phase=draw(st.sampled_from(PHASES)),
        channel=draw(short),
        description=draw(long),
        conscious=draw(st.booleans()),
        frequency=draw(st.integers(1, 5)),
        importance=draw(st.integers(1, 5)),
        influence=draw(st.integers(1, 5)),
        performance=draw(st.integers(1, 5)),
        expectation=draw(st.integers(1, 5)),
        emotion=draw(st.integers(-3, 3)),
        service_level=draw(st.none() | st.sampled_from(list(ServiceLevel))),
        moment_of_truth=draw(st.booleans()),
        standard_way=draw(long),
        notes=draw(long),
    )


@st.composite
def journeys(draw, max_touchpoints: int = 6):
    count = draw(st.integers(0, max_touchpoints))
    return Journey(name=draw(name), persona=draw(long),
                   touchpoints=[draw(touchpoints(i)) for i in range(count)])


def sample_journey() -> Journey:
    return Journey(name="Hotel: weekend", persona="Anna; 34 jaar", touchpoints=[
        Touchpoint(id="web", name="Website #1: zoeken", phase="before", channel="Website", emotion=1),
        Touchpoint(id="bel", name="Bellen om 10:30", phase="before", channel="Telefoon, app", emotion=-3),
        Touchpoint(id="bal", name="Inchecken; balie", phase="during", channel="Balie", emotion=3,
                   moment_of_truth=True),
        Touchpoint(id="tit", name="Title page", phase="during", channel="", emotion=0),
        Touchpoint(id="sec", name="section bar", phase="after", channel="E-mail", emotion=-1),
    ])


# --------------------------------------------------------------------------- CSV / JSON

HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(journeys())
def test_csv_round_trip(journey):
    text = journey_to_csv(journey)
    assert journey_from_csv(text) == journey


@HYPOTHESIS
@given(journeys())
def test_json_round_trip(journey):
    text = journey_to_json(journey)
    assert json.loads(text)["name"] == journey.name
    assert journey_from_json(text) == journey


def test_csv_header_and_one_row_per_touchpoint():
    journey = sample_journey()
    rows = list(csv.reader(io.StringIO(journey_to_csv(journey), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert set(Touchpoint.model_fields) <= set(rows[0])
    assert len(rows) == 1 + len(journey.touchpoints)
    assert [r[COLUMNS.index("id")] for r in rows[1:]] == [tp.id for tp in journey.touchpoints]
    assert rows[3][COLUMNS.index("moment_of_truth")] == "true"
    assert rows[2][COLUMNS.index("emotion")] == "-3", "numbers are not prefixed"


def test_csv_empty_journey_keeps_name_and_persona():
    journey = Journey(name="Nog leeg", persona="Student")
    text = journey_to_csv(journey)
    assert len(text.strip().splitlines()) == 2
    assert journey_from_csv(text) == journey


@pytest.mark.parametrize("danger", ["=HYPERLINK(\"http://x\")", "+31 20 123", "-2+3", "@SUM(A1)", "'al"])
def test_csv_formula_injection_is_neutralised(danger):
    journey = Journey(name=danger, touchpoints=[
        Touchpoint(id="a", name=danger, phase="before", description=danger, notes="\t" + danger)])
    rows = list(csv.reader(io.StringIO(journey_to_csv(journey), newline="")))
    for column in ("journey", "name", "description"):
        cell = rows[1][COLUMNS.index(column)]
        assert cell == "'" + danger, column
    assert rows[1][COLUMNS.index("notes")].startswith("'\t")
    assert journey_from_csv(journey_to_csv(journey)) == journey


def test_csv_from_a_dutch_spreadsheet():
    text = ("\ufeffname;phase;channel;emotion;moment_of_truth;conscious\r\n"
            "Website bekijken;Voor;Website;2;nee;ja\r\n"
            "Inchecken;tijdens;Balie;-1;ja;\r\n")
    journey = journey_from_csv(text)
    assert journey.name == t("export.untitled")
    assert [tp.phase for tp in journey.touchpoints] == ["before", "during"]
    assert [tp.id for tp in journey.touchpoints] == ["website-bekijken", "inchecken"]
    assert journey.touchpoints[1].moment_of_truth and journey.touchpoints[1].conscious
    assert journey.touchpoints[1].emotion == -1


def _error(text: str) -> JourneyError:
    with pytest.raises(JourneyError) as info:
        journey_from_csv(text, file="reis.csv")
    return info.value


def test_csv_errors_name_the_line():
    journey = sample_journey()
    journey.touchpoints[0].description = "twee\nregels"  # one record on two physical lines
    lines = journey_to_csv(journey).splitlines(keepends=True)
    # record 3 (the second touchpoint) starts on physical line 4
    bad = "".join(lines).replace(",Bellen om 10:30,before,", ",Bellen om 10:30,someday,")
    err = _error(bad)
    assert isinstance(err, CsvLineError) and isinstance(err, ValidationError)
    assert err.line == 4
    assert err.message("nl").startswith("reis.csv: regel 4: ")
    assert err.message("en").startswith("reis.csv: line 4: ")
    assert "phase" in err.message("en")

    header = ",".join(COLUMNS)
    row = dict.fromkeys(COLUMNS, "") | {"journey": "Reis", "id": "x", "name": "Naam", "phase": "before",
                                        "conscious": "misschien"}
    err = _error(header + "\n" + ",".join(row[c] for c in COLUMNS) + "\n")
    assert "regel 2" in err.message("nl") and "conscious" in err.message("nl")
    assert "ja of nee" in err.message("nl")

    err = _error("name,phase,emotion\nA,before,9\nB,after,abc\n")
    assert "regel 2" in err.message("nl") and "-3" in err.message("nl")
    err = _error("name,phase,emotion\nA,before,1\nB,after,abc\n")
    assert "line 3" in err.message("en") and "whole number" in err.message("en")

    err = _error("id,name,phase\nx,A,before\nx,B,after\n")
    assert "regel 3" in err.message("nl") and "regel 2" in err.message("nl")

    err = _error("name,phase\nA,before,extra\n")
    assert "regel 2" in err.message("nl")

    err = _error("journey,name,phase\nEen,A,before\nTwee,B,after\n")
    assert "line 3" in err.message("en")


def test_csv_header_and_file_errors():
    err = _error("naam,fase\nA,voor\n")
    assert isinstance(err, FileFormatError)
    assert "naam" in err.message("nl") and "name" in err.message("en")
    err = _error("name,description\nA,x\n")
    assert "phase" in err.message("en")
    assert isinstance(_error("  \n"), FileFormatError)
    rows = "".join(f"T{i},before\n" for i in range(LIMITS["touchpoints_per_journey"] + 1))
    err = _error("name,phase\n" + rows)
    assert str(LIMITS["touchpoints_per_journey"]) in err.message("en")


def test_json_errors():
    with pytest.raises(FileFormatError):
        journey_from_json("{nope")
    with pytest.raises(FileFormatError):
        journey_from_json("[]")
    with pytest.raises(ValidationError):
        journey_from_json('{"name": ""}')


def test_exports_do_not_import_matplotlib_or_pandas():
    code = ("import sys, journeylib.exports; "
            "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- Mermaid

TASK = re.compile(r"^ {6}(\d+)\.(?: [^:;#\n]*)?: ([1-5])(?:: ([^:;#,\n]+(?:, [^:;#,\n]+)*))?$")


def test_emotion_score_mapping():
    assert [emotion_score(e) for e in range(-3, 4)] == [1, 2, 2, 3, 4, 4, 5]


def test_mermaid_sections_tasks_and_sanitising():
    journey = sample_journey()
    text = journey_to_mermaid(journey, lang="nl")
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "    title Hotel - weekend"
    sections = [line.strip() for line in lines if line.strip().startswith("section ")]
    assert sections == ["section Voor", "section Tijdens", "section Na"]
    tasks = [line for line in lines[2:] if not line.strip().startswith("section ")]
    assert len(tasks) == len(journey.touchpoints)
    assert all(TASK.match(line) for line in tasks), tasks
    assert tasks[0] == "      1. Website 1 - zoeken: 4: Website"
    assert tasks[1] == "      2. Bellen om 10.30: 1: Telefoon / app"
    assert tasks[2] == "      3. Inchecken, balie: 5: Balie"
    # no channel: no actor; the number keeps "Title" from being read as a keyword
    assert tasks[3] == "      4. Title page: 3"
    english = journey_to_mermaid(journey, lang="en")
    assert "    section Before" in english and "    section After" in english


def test_mermaid_skips_empty_phases_and_markdown_block():
    journey = Journey(name="Kort", touchpoints=[Touchpoint(id="a", name="Alleen tijdens", phase="during")])
    text = journey_to_mermaid(journey, lang="en")
    assert [line.strip() for line in text.splitlines() if "section" in line] == ["section During"]
    block = mermaid_markdown(journey, lang="en")
    assert block.startswith("```mermaid\njourney\n") and block.endswith("\n```\n")
    assert block.count("```") == 2


@HYPOTHESIS
@given(journeys(max_touchpoints=8))
def test_mermaid_task_names_are_always_safe(journey):
    lines = journey_to_mermaid(journey, lang="nl").splitlines()
    assert lines[0] == "journey" and lines[1].startswith("    title ")
    assert not re.search(r"[#;]", lines[1])
    tasks = [line for line in lines[2:] if not line.startswith("    section ")]
    assert len(tasks) == len(journey.touchpoints)
    for line in tasks:
        assert TASK.match(line), line
    numbers = [int(TASK.match(line).group(1)) for line in tasks]
    assert numbers == list(range(1, len(tasks) + 1))
