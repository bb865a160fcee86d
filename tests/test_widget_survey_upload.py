"""KeyDriverExplorer with the learner's own survey file (issue 14, section 4), driven headless.

Every survey tool's export from ``tests/survey_exports.py`` goes through the upload control
as bytes: the layout line, the outcome preselected, the planted top driver first; the sheet
chooser of a workbook with several sheets; labels that need an order; refused files (the
previous survey stays shown); nl and en; and nothing personal in the saved workbook, in the
widget state or in notebook 05's stored outputs.
"""
from __future__ import annotations

import datetime
import html
import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

import journeylib
from journeylib.widgets.keydrivers import KeyDriverExplorer, OrderGroup, order_groups

import survey_exports as se
from helpers import chart_or_none

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py
ROOT = Path(__file__).resolve().parents[1]
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def session(open_session):
    return open_session("hospital")


def upload(widget, name: str, content: bytes) -> None:
    """As the browser sends a file: the upload control's value, which the view empties again."""
    widget.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                            "last_modified": datetime.datetime(2026, 1, 1)},)


def column_of(widget, question: str) -> str:
    """The column (short label) of a question given by its short label or its full text."""
    df = widget.survey.df
    if question in df.columns:
        return question
    return next(c for c, text in df.attrs["labels"].items() if text == question)


LAYOUT_NAMES = {"google_forms": "Google Forms", "microsoft_forms": "Microsoft Forms", "qualtrics": "Qualtrics",
                "surveymonkey": "SurveyMonkey", "limesurvey": "LimeSurvey", "excel": "Excelbestand",
                "plain": "CSV-bestand", "airline": "enquête Airline Passenger Satisfaction"}
EXPORTS = {**se.CSV_EXPORTS, **se.XLSX_EXPORTS}


@pytest.mark.parametrize("key", sorted(EXPORTS))
def test_every_export_uploaded_gives_its_layout_line_outcome_and_the_planted_top_driver(session, key):
    export = EXPORTS[key]()
    w = KeyDriverExplorer(session)
    before = session.path.read_bytes()
    upload(w, export.name, export.data)
    line = w.source_msg.text
    assert line.startswith(f"{export.name} is ingelezen. {LAYOUT_NAMES[export.layout]}: "), line
    rows = w.survey.df.attrs["rows"]
    assert f"{rows} antwoorden, {len(w.survey.df.columns)} vragen" in line.replace(".", "")
    assert w.upload.value == ()  # not kept in the widget state
    several = len(w.survey.df.attrs["sheets"]) > 1  # generic_xlsx: an empty sheet, then the answers
    assert w.survey.raw == (export.data if several else None)  # kept (in memory) only to read another sheet
    outcome = column_of(w, export.outcome)
    if export.layout == "limesurvey":  # question codes say nothing: the learner is asked to choose
        assert w.outcome.value != outcome and "⚠" in w.outcome_msg.value
        w.outcome.value = outcome
        w.default_drivers.click()
    else:
        assert w.outcome.value == outcome, (w.outcome.value, outcome)
        if export.layout != "airline":  # the airline survey's outcome is fixed by its layout: no note
            assert "ℹ" in w.outcome_msg.value and outcome in w.outcome_msg.text
    assert outcome not in w.drivers.value and not set(w.drivers.value) & set(w.survey.df.attrs["nps"])
    assert w.result is not None and w.result.iloc[0]["driver"] == export.top, w.result
    assert chart_or_none(w.drivers_out) and chart_or_none(w.ipa_out)
    assert w.sheet.layout.display == ("" if several else "none") and w.order_box.layout.display == "none"
    assert session.path.read_bytes() == before  # the workbook is not touched


def test_short_labels_in_the_lists_full_texts_in_the_table(session):
    export = se.google_forms("nl")
    w = KeyDriverExplorer(session)
    upload(w, export.name, export.data)
    labels = [label for label, _v in w.drivers.options]
    assert "Website" in labels and all(len(label) <= 45 for label in labels)
    table = html.unescape(w.columns_info.value)
    assert "<details" in table and "<summary" in table  # folded, opened with the keyboard (Enter)
    assert "<th scope='row'" in table and "Hoe tevreden bent u over [Website]" in table
    assert export.outcome in table  # the long overall question in full
    assert "'E-mailadres' (persoonsgegevens)" in table and "'Tijdstempel' (datum of tijd)" in table
    assert "'Wat kunnen we beter doen?' (vrije tekst)" in table
    assert "Website" in w.drivers_text.value  # the chart's text uses the short labels
    journeylib.set_language("en")
    table = html.unescape(w.columns_info.value)
    assert "'E-mailadres' (personal data)" in table and "Questions and columns left out" in table
    assert w.source_msg.text.startswith("google_forms_nl.csv has been read. Google Forms: 214 answers, 6 questions")


def _two_sheets() -> bytes:
    """A workbook with the answers twice: 'Voorjaar' (Snelheid drives most) and 'Najaar' (Prijs)."""
    sheets = {}
    for title, weights, seed in (("Voorjaar", [0.9, 0.1, 0.2], 21), ("Najaar", [0.1, 0.9, 0.2], 22)):
        drivers, outcome = se.planted(120, weights, seed)
        rows = [["Snelheid", "Prijs", "Vriendelijkheid", "Tevredenheid"]]
        points = [se.points(drivers[:, j]) for j in range(3)]
        overall = se.points(outcome)
        rows += [[int(points[0][i]), int(points[1][i]), int(points[2][i]), int(overall[i])] for i in range(120)]
        sheets[title] = rows
    sheets["Toelichting"] = [["Deze enquête is in 2024 gehouden."]]
    return se._xlsx(sheets)


def test_a_workbook_with_several_sheets_gets_a_sheet_chooser(session):
    w = KeyDriverExplorer(session)
    upload(w, "seizoenen.xlsx", _two_sheets())
    assert w.sheet.layout.display == "" and [v for _l, v in w.sheet.options][:2] == ["Voorjaar", "Najaar"]
    assert w.sheet.value == "Voorjaar" and w.result.iloc[0]["driver"] == "Snelheid"
    assert w.sheet.description == "Werkblad"
    key = w.source.value
    w.sheet.value = "Najaar"
    assert w.source.value == key and w.survey.sheet == "Najaar" and w.result.iloc[0]["driver"] == "Prijs"
    assert len(w.source.options) == 5  # the same upload, another sheet: no second entry
    shown = repr(w)
    w.sheet.value = "Toelichting"  # a sheet without answers: refused, the sheet read stays
    assert "seizoenen.xlsx" in w.source_msg.text and "⚠" in w.source_msg.value
    assert w.sheet.value == "Najaar" and repr(w) == shown
    # a CSV, or a workbook with one sheet: no chooser
    plain = se.plain()
    upload(w, plain.name, plain.data)
    assert w.sheet.layout.display == "none"
    w.source.value = key  # back to the workbook: its chooser again
    assert w.sheet.layout.display == "" and w.sheet.value == "Najaar"
    journeylib.set_language("en")
    assert w.sheet.description == "Sheet"


FREQ = ["Nooit", "Soms", "Vaak", "Altijd"]
CHANNEL = ["Telefoon", "Balie", "Website"]


def _frequency_survey(n: int = 150, seed: int = 31) -> bytes:
    """One rating (the overall mark) and questions answered 'Nooit' ... 'Altijd' (not a known
    scale); the second one drives the mark. A channel question has no order at all."""
    drivers, outcome = se.planted(n, [0.2, 0.9, 0.1], seed)
    header = ["Tijdstempel", "Kanaal", "Werd u teruggebeld?", "Kreeg u antwoord op uw vraag?",
              "Moest u wachten?", "Rapportcijfer"]
    points = [se.points(drivers[:, j], k=4) for j in range(3)]
    mark = np.clip(np.round(outcome * 1.3 + 7), 1, 10).astype(int)
    rows = [header]
    for i in range(n):
        # the first answers are not in the scale's order, so the first-seen order is wrong
        rows.append([f"2024/05/{1 + i % 28:02d} 10:00:00", CHANNEL[i % 3],
                     *[FREQ[points[j][i] - 1] for j in range(3)], int(mark[i])])
    return se._csv(rows)


def _put_in_order(group: OrderGroup, wanted: list[str]) -> None:
    """Click the arrow buttons (as a learner does) until the group's list is ``wanted``."""
    for target, label in enumerate(wanted):
        while group.order.index(label) > target:
            group.ups[group.order.index(label)].click()
    assert group.order == wanted


def test_labels_that_need_an_order_are_put_in_order_then_used(session):
    w = KeyDriverExplorer(session)
    upload(w, "frequentie.csv", _frequency_survey())
    assert w.survey.needs_order and w.result is None and w.drivers_out.outputs == ()
    assert w.order_box.layout.display == ""
    problem = w.order_problem.text
    assert problem.startswith("6 kolommen: ") and "zet hun antwoorden hieronder op volgorde" in problem
    assert "Nog geen analyse" in w.drivers_text.value and w.describe().startswith("Geen analyse: 6 kolommen")
    assert len(w._groups) == 2  # the three frequency questions share one list; the channel has its own
    freq = next(g for g in w._groups if len(g.columns) == 3)
    channel = next(g for g in w._groups if len(g.columns) == 1)
    assert sorted(freq.order) == sorted(FREQ) and freq.order != FREQ
    assert "Deze vragen meenemen" in freq.use.description and "Deze vraag meenemen" in channel.use.description
    assert freq.ups[0].disabled and freq.downs[-1].disabled and not freq.ups[1].disabled
    assert freq.ups[1].tooltip.startswith(f"Zet '{freq.order[1]}' een plek hoger")
    assert "(laagst)" in freq.places[0].value and "(hoogst)" in freq.places[-1].value
    _put_in_order(freq, FREQ)
    channel.use.value = False  # a channel has no order: left out
    w.apply_order.click()
    assert not w.survey.needs_order and w.outcome.value == "Rapportcijfer"
    assert set(w.drivers.value) == {"Werd u teruggebeld?", "Kreeg u antwoord op uw vraag?", "Moest u wachten?"}
    assert w.result.iloc[0]["driver"] == "Kreeg u antwoord op uw vraag?"
    assert w.survey.df.attrs["scales"]["Moest u wachten?"] == (1, 4)
    assert w.order_msg.text == "Volgorde gebruikt: 3 vragen doen nu mee als cijfers." and w.order_problem.value == ""
    assert "Kanaal" in w.survey.df.attrs["unordered"] and w.order_box.layout.display == ""  # can be changed
    # the wrong order gives another answer: the order is used, not guessed
    _put_in_order(freq, ["Altijd", "Vaak", "Soms", "Nooit"])
    w.apply_order.click()
    assert w.result.iloc[0]["driver"] == "Kreeg u antwoord op uw vraag?"
    upside = w.survey.df["Moest u wachten?"].iloc[:5].tolist()
    _put_in_order(freq, FREQ)
    w.apply_order.click()
    assert [5 - v for v in w.survey.df["Moest u wachten?"].iloc[:5]] == upside
    journeylib.set_language("en")
    assert w.order_msg.text == "Order used: 3 questions now take part as numbers."
    assert w.apply_order.description == "Use this order" and "Include this question" in channel.use.description
    assert freq.ups[1].tooltip.startswith("Move ")


def test_a_file_with_enough_ratings_and_some_unordered_questions_is_analysed_at_once(session):
    data = _frequency_survey().decode()
    lines = data.splitlines()
    extra = se.points(np.random.default_rng(3).standard_normal(len(lines) - 1))
    data = "\r\n".join([lines[0] + ",Beoordeling balie"] + [f"{line},{int(p)}" for line, p in zip(lines[1:], extra)])
    w = KeyDriverExplorer(session)
    upload(w, "gemengd.csv", data.encode())
    assert not w.survey.needs_order and w.result is not None and w.order_box.layout.display == ""
    assert "⚠" not in w.order_problem.value and "Nog op volgorde te zetten: 4 met antwoorden als" in w.source_msg.text


def test_order_groups_join_questions_with_the_same_labels():
    groups = order_groups({"a": ["Soms", "Nooit"], "b": ["nooit", "SOMS"], "c": ["Ja", "Nee"]})
    assert groups == [(["a", "b"], ["Soms", "Nooit"]), (["c"], ["Ja", "Nee"])]


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(60):
                member.write(chunk)
    return out.getvalue()


def _formula() -> bytes:
    rows = [["Snelheid", "Prijs", "Tevredenheid"]] + [[1 + i % 5, 1 + (i * 3) % 5, 1 + (i * 7) % 5] for i in range(20)]
    rows[4][1] = "=B2+B3"
    return se._xlsx({"Blad1": rows})


REFUSED = {
    "bom.xlsx": (_zip_bomb, "uitgepakt"),
    "oud.xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "97-2003"),
    "geheim.xlsx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptionInfo".encode("utf-16-le")
                    + bytes(600), "wachtwoord"),
    "twee.csv": (lambda: b"a,b\n1,2\n3,4\n", "2 antwoorden"),
    "breed.csv": (lambda: ("\n".join([",".join(f"q{i}" for i in range(1000))] + [",".join("3" for _ in range(1000))] * 6))
                  .encode(), "1000 kolommen"),
    "formule.xlsx": (_formula, "formule"),
    "tekst.csv": (lambda: "\n".join(["Naam,Opmerking"] + [f"persoon {i},verhaal {i}" for i in range(20)]).encode(),
                  "2 kolommen: 1 met vrije tekst, 1 naam."),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files_say_why_and_the_previous_survey_stays(session, name):
    make, words = REFUSED[name]
    w = KeyDriverExplorer(session)
    google = se.google_forms("nl")
    upload(w, google.name, google.data)
    shown, chart, options = repr(w), chart_or_none(w.drivers_out), list(w.source.options)
    upload(w, name, make())
    nl = w.source_msg.text
    assert nl.startswith(f"{name}: ") and words in nl, nl
    assert "⚠" in w.source_msg.value and 'role="alert"' in w.source_msg.value
    assert repr(w) == shown and chart_or_none(w.drivers_out) == chart and list(w.source.options) == options
    assert w.upload.value == ()
    journeylib.set_language("en")  # the line follows the language
    en = w.source_msg.text
    assert en.startswith(f"{name}: ") and en != nl
    w.source.value = "case:hospital"  # another survey chosen: the old refusal goes
    assert w.source_msg.text == ""


def test_the_upload_limit_stays(session, monkeypatch):
    from journeylib import datasets

    w = KeyDriverExplorer(session)
    shown = repr(w)
    monkeypatch.setattr(datasets, "SURVEY_BYTES", 1000)
    export = se.qualtrics()
    upload(w, export.name, export.data)
    assert "te groot" in w.source_msg.text and repr(w) == shown
    assert w.upload.accept == ".csv,.tsv,.txt,.xlsx"


def _widget_state(w) -> bytes:
    """Everything the front end gets (and a saved notebook may keep) of the view's controls."""
    states = [control.get_state() for control in w._own_widgets()]
    return json.dumps(states, default=str, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("make", [lambda: se.google_forms("nl"), se.qualtrics, se.surveymonkey,
                                  lambda: se.microsoft_forms_export("nl")], ids=["google", "qualtrics", "monkey", "msforms"])
def test_nothing_personal_reaches_the_saved_workbook_or_the_widget_state(session, make):
    export = make()
    assert export.personal and any(b"@" in p.encode() for p in export.personal)
    w = KeyDriverExplorer(session)
    upload(w, export.name, export.data)
    assert w.result is not None
    session.workbook.answers["keydrivers-note"] = "Mijn eigen enquête geanalyseerd."  # a save happens
    session.changed()
    session.flush()
    saved = b"".join(p.read_bytes() for p in session.path.parent.rglob("*") if p.is_file())
    assert b"Mijn eigen enqu" in saved  # the save did happen
    state = _widget_state(w)
    for value in export.personal:
        assert value.encode("utf-8") not in saved, value
        assert value.encode("utf-8") not in state, value
    assert not EMAIL.search(saved) and not EMAIL.search(state)
    assert export.name.encode() not in saved  # the workbook keeps nothing of the file, not even its name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_notebook_05_stored_outputs_hold_no_personal_data(lang):
    raw = (ROOT / "notebooks" / lang / "05_key_drivers.ipynb").read_bytes()
    for key, make in EXPORTS.items():
        for value in make().personal:
            if "@" in value or " " in value:  # e-mail addresses and full names (first names alone are words)
                assert value.encode("utf-8") not in raw, (key, value)
    found = [m.group(0) for m in EMAIL.finditer(raw) if not m.group(0).endswith((b".png", b".svg"))]
    assert not found, found


def test_a_survey_file_given_as_a_path(session, tmp_path):
    export = se.microsoft_forms_export("en")
    path = tmp_path / export.name
    path.write_bytes(export.data)
    w = KeyDriverExplorer(session, survey=path)
    assert w.survey.layout == "microsoft_forms" and w.outcome.value == "Overall satisfaction"
    assert w.result.iloc[0]["driver"] == export.top
    assert repr(w).startswith("<KeyDriverExplorer: microsoft_forms_en.xlsx, 180 rows, 4 drivers, R² ")
    w2 = KeyDriverExplorer(session, survey="nope.docx")
    assert "nope.docx" in w2.source_msg.text and w2.source.value == "case:hospital"
