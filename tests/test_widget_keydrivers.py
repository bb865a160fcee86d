"""KeyDriverExplorer, driven headless: shipped survey, uploads, errors next to fields, language."""
import datetime
import html

import numpy as np
import pandas as pd
import pytest

import journeylib
from journeylib import datasets
from journeylib.widgets.keydrivers import KeyDriverExplorer

from helpers import chart_or_none, on_disk

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py


@pytest.fixture
def session(open_session):
    """A session on the shipped hospital case (conftest.open_session closes it after the test)."""
    return open_session("hospital")


def upload(widget, name, content: bytes):
    widget.upload.value = ({"name": name, "type": "text/csv", "size": len(content), "content": content,
                            "last_modified": datetime.datetime(2026, 1, 1)},)


def survey_csv(drivers: int = 4, rows: int = 300, *, constant: str | None = None, seed: int = 1,
               sep: str = ",") -> bytes:
    """Ratings 1-5 for d1..dN, a text column and a satisfaction that depends on d1 most."""
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=rows)
    data = {"respondent": np.arange(1, rows + 1)}
    for i in range(1, drivers + 1):
        data[f"d{i}"] = np.clip(np.round(3 + mood * 0.5 + rng.normal(size=rows)), 1, 5).astype(int)
    score = 2.0 * data["d1"] + sum(data[f"d{i}"] * 0.3 for i in range(2, drivers + 1)) + rng.normal(size=rows)
    data["satisfaction"] = np.clip(np.round(score / score.max() * 5), 1, 5).astype(int)
    if constant:  # the same answer in every row that answered d1 (other answers only where d1 is blank)
        data[constant] = np.where(np.arange(rows) < 10, 5, 4)
        data["d1"] = np.where(np.arange(rows) < 10, np.nan, data["d1"])
    data["comment"] = ["ok"] * rows
    return pd.DataFrame(data).to_csv(index=False, sep=sep).encode()


def unchanged(session, before: bytes) -> bool:
    """Nothing of the survey goes into the workbook: the file is as it was, and it is the live one."""
    return session.path.read_bytes() == before and on_disk(session)


def test_widget_keydrivers_case_survey_method_and_crosshair(session):
    before = session.path.read_bytes()
    w = KeyDriverExplorer(session)
    assert w.source.value == "case:hospital" and w.outcome.value == "satisfaction"
    assert len(w.drivers.value) == 18 and "respondent" not in dict(w.drivers.options).values()
    assert repr(w) == "<KeyDriverExplorer: hospital survey, 2200 rows, 18 drivers, R² 0.55>"
    drivers_png, ipa_png = chart_or_none(w.drivers_out), chart_or_none(w.ipa_out)
    assert drivers_png and ipa_png
    assert "Gesprek met de specialist" in w.drivers_text.value  # labels are touchpoint names
    assert w.result.attrs["method"] == "shapley"

    w.method.value = "relative_weights"
    assert w.result.attrs["method"] == "relative_weights"
    assert chart_or_none(w.drivers_out) != drivers_png and "relatieve gewichten" in w.drivers_text.value
    assert unchanged(session, before)

    ipa_now, drivers_now = chart_or_none(w.ipa_out), chart_or_none(w.drivers_out)
    w.crosshair.value = "midpoint"
    assert chart_or_none(w.ipa_out) != ipa_now and chart_or_none(w.drivers_out) == drivers_now
    assert "midden" in w.ipa_text.value

    w.drivers.value = ("consultation", "reception-desk", "waiting-room")
    assert repr(w).startswith("<KeyDriverExplorer: hospital survey, 2200 rows, 3 drivers, R² ")
    assert w.describe().count("'") >= 6 and unchanged(session, before)


def test_widget_keydrivers_upload_plain_csv_and_choose_outcome(session):
    w = KeyDriverExplorer(session)
    before = session.path.read_bytes()
    upload(w, "eigen.csv", survey_csv(4))
    assert w.source.value.startswith("upload:") and "eigen.csv" in w.source_msg.text
    assert "1 met overal hetzelfde antwoord" in w.source_msg.text  # the left-out column counted in the line
    assert "'comment' (overal hetzelfde antwoord)" in html.unescape(w.columns_info.value)  # named, with why
    assert w.outcome.value == "satisfaction" and w.drivers.value == ("d1", "d2", "d3", "d4")
    assert repr(w).startswith("<KeyDriverExplorer: eigen.csv, 300 rows, 4 drivers, R² ")
    assert w.result.iloc[0]["driver"] == "d1"
    assert w.upload.value == () and unchanged(session, before)
    chart = chart_or_none(w.drivers_out)
    w.outcome.value = "d2"  # the outcome leaves the drivers
    assert "d2" not in [v for _l, v in w.drivers.options] and "d2" not in w.drivers.value
    assert chart_or_none(w.drivers_out) != chart and w.result.attrs["outcome"] == "d2"
    # a Dutch Excel file: semicolons and decimal commas
    upload(w, "excel.csv", survey_csv(3, sep=";"))
    assert repr(w).startswith("<KeyDriverExplorer: excel.csv, 300 rows, 3 drivers")
    assert len(w.source.options) == 6  # four cases and two uploads


def test_widget_keydrivers_upload_airline_layout_is_recognised(session):
    w = KeyDriverExplorer(session)
    raw = (datasets.datasets_dir() / "surveys" / "airline_layout_sample.csv").read_bytes()
    upload(w, "airline.csv", raw)
    assert "enquête Airline Passenger Satisfaction" in w.source_msg.text
    assert w.outcome.value == "satisfied" and len(w.drivers.value) == 14
    assert "Wifi aan boord" in [label for label, _v in w.drivers.options]
    assert repr(w).startswith("<KeyDriverExplorer: airline.csv, 1500 rows, 14 drivers, R² ")
    assert "Wifi aan boord" in w.describe() or "Online instappen" in w.describe()
    assert len(w.source.options) == 5 and w.sheet.layout.display == "none"  # a CSV has no sheets


def test_widget_keydrivers_too_many_drivers_suggests_relative_weights(session):
    w = KeyDriverExplorer(session)
    upload(w, "breed.csv", survey_csv(24, rows=400))
    assert len(w.drivers.value) == 24 and w.result is None
    assert "24 key drivers" in w.drivers_msg.text and "Relatieve gewichten" in w.drivers_msg.text
    assert w.drivers_out.outputs == () and repr(w).endswith("24 drivers, no result>")
    assert w.describe().startswith("Geen analyse: ")
    w.method.value = "relative_weights"
    assert w.drivers_msg.text == "" and w.result is not None and chart_or_none(w.drivers_out)
    w.method.value = "shapley"
    assert "24 key drivers" in w.drivers_msg.text and w.result is None
    journeylib.set_language("en")  # the message follows the language
    assert "Relative weights" in w.drivers_msg.text and "at most 22" in w.drivers_msg.text


def test_widget_keydrivers_constant_columns_are_named_next_to_the_field(session):
    w = KeyDriverExplorer(session)
    upload(w, "vast.csv", survey_csv(3, constant="d9"))
    assert "d9" in w.drivers_msg.text and "dezelfde waarde" in w.drivers_msg.text and w.result is None
    w.drivers.value = ("d1", "d2")
    assert w.drivers_msg.text == "" and w.result is not None
    w.outcome.value = "d9"
    assert "d9" in w.outcome_msg.text and w.drivers_msg.text == "" and w.result is None
    w.outcome.value = "satisfaction"
    w.drivers.value = ()
    assert w.drivers_msg.text == "Kies minstens één key driver." and w.ipa_out.outputs == ()


def test_widget_keydrivers_bad_or_too_large_csv_is_refused(session, monkeypatch):
    w = KeyDriverExplorer(session)
    before_disk, shown, chart = session.path.read_bytes(), repr(w), chart_or_none(w.drivers_out)
    upload(w, "leeg.csv", b"")
    assert "leeg.csv" in w.source_msg.text and "leeg" in w.source_msg.text
    upload(w, "tekst.csv", b"naam,stad\nAnna,Utrecht\nBram,Delft\n")
    assert "tekst.csv" in w.source_msg.text and "minstens 5 nodig" in w.source_msg.text
    upload(w, "kapot.csv", b"a,b\n1,2\n\x00\x01\x02")
    assert "kapot.csv" in w.source_msg.text
    monkeypatch.setattr(datasets, "SURVEY_BYTES", 1000)
    upload(w, "groot.csv", survey_csv(3))
    assert "groot.csv" in w.source_msg.text and "te groot" in w.source_msg.text
    # nothing changed: same survey, same chart, same workbook, one source per case
    assert repr(w) == shown and chart_or_none(w.drivers_out) == chart and len(w.source.options) == 4
    assert unchanged(session, before_disk) and w.upload.value == ()


def test_widget_keydrivers_repr_describe_and_relabel(session):
    a, b = KeyDriverExplorer(session), KeyDriverExplorer(session, survey="telecom")
    assert b.source.value == "case:telecom" and repr(b).startswith("<KeyDriverExplorer: telecom survey, 2000 rows")
    b.close()  # a closed view is not relabelled (nor redrawn) on a language change
    c = KeyDriverExplorer(session)
    assert repr(a) == repr(c) and a.describe() == c.describe() and len(repr(a)) < 100
    assert a.describe().startswith("Key-driveranalyse met Shapley")
    assert a.upload.description == "Eigen enquête uploaden" and a.method.options[1][0] == "Relatieve gewichten"
    assert a._repr_mimebundle_()["text/plain"] == repr(a)
    journeylib.set_language("en")
    assert b.upload.description == "Eigen enquête uploaden"
    assert a.upload.description == "Upload own survey" and a.method.options[1] == ("Relative weights",
                                                                               "relative_weights")
    assert a.source.value == "case:hospital" and a.source.options[1][0].startswith("Survey of the case")
    assert a.outcome.options[-2][0] == "Overall satisfaction (satisfaction)"
    assert a.describe().startswith("Key-driver analysis with Shapley")
    assert repr(a) == repr(c)


def test_widget_keydrivers_unknown_survey_argument_and_workbook_upload(session, tmp_path):
    w = KeyDriverExplorer(session, survey="nope")
    assert "nope" in w.source_msg.text and w.source.value == "case:hospital"
    path = tmp_path / "mijn.csv"
    path.write_bytes(survey_csv(3))
    f = KeyDriverExplorer(session, survey=path)
    assert repr(f).startswith("<KeyDriverExplorer: mijn.csv, 300 rows, 3 drivers")
    # the workbook is replaced by one of another case: the case survey follows
    from journeylib.store import dump_workbook
    other = datasets.load_case("telecom").to_workbook()
    session.import_bytes(dump_workbook(other), "telecom.workbook.json")
    assert w.source.value == "case:telecom"
    assert f.survey.name == "mijn.csv"  # an own file stays


def dutch_excel_csv(columns, rows: int = 300, seed: int = 4) -> bytes:
    """As Dutch Excel saves it: semicolons, decimal commas. "Totaaloordeel" is the overall judgement
    (a 1-10 mark with decimals) that follows the touchpoint ratings; "Kopie" copies it almost."""
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=rows)
    data = {"Respondent": np.arange(1, rows + 1)}
    touch = {}
    for name in ("Ontvangst", "Wachttijd", "Personeel", "Parkeren"):
        touch[name] = np.clip(np.round(3 + mood * 0.6 + rng.normal(size=rows)), 1, 5)
    overall = np.clip(np.round(1.2 * touch["Personeel"] + 0.6 * touch["Wachttijd"] + 0.4 * touch["Ontvangst"]
                               + rng.normal(size=rows), 1), 1, 10)
    values = {**touch, "Totaaloordeel": overall, "Kopie": overall + rng.normal(scale=0.1, size=rows)}
    for name in columns:
        data[name] = values[name]
    return pd.DataFrame(data).to_csv(index=False, sep=";", decimal=",").encode()


@pytest.mark.parametrize("columns", [
    ["Totaaloordeel", "Ontvangst", "Wachttijd", "Personeel", "Parkeren"],
    ["Ontvangst", "Wachttijd", "Totaaloordeel", "Personeel", "Parkeren"],
    ["Ontvangst", "Wachttijd", "Personeel", "Parkeren", "Totaaloordeel"],
])
def test_widget_keydrivers_dutch_excel_outcome_is_the_overall_judgement(session, columns):
    """Issue 11: the outcome defaulted to the last column, so Totaaloordeel became a driver."""
    w = KeyDriverExplorer(session)
    raw = dutch_excel_csv(columns)
    assert b";" in raw and b"," in raw  # decimal commas
    upload(w, "enquete.csv", raw)
    assert w.outcome.value == "Totaaloordeel"
    assert "Totaaloordeel" not in w.drivers.value and "Respondent" not in w.drivers.value
    assert set(w.drivers.value) == {"Ontvangst", "Wachttijd", "Personeel", "Parkeren"}
    assert "Totaaloordeel" in w.outcome_msg.text and "kolomnaam" in w.outcome_msg.text
    assert w.result.attrs["r2"] < 0.9 and w.drivers_msg.text == ""
    assert w.result.iloc[0]["driver"] == "Personeel"
    w.outcome.value = "Parkeren"  # the learner chose: the note about the default goes
    assert w.outcome_msg.text == ""


def test_widget_keydrivers_unrecognised_outcome_asks_the_learner(session):
    w = KeyDriverExplorer(session)
    upload(w, "vragen.csv", survey_csv(4).replace(b"satisfaction", b"q9"))
    assert w.outcome.value == "d1"  # the first column, not the last ("q9")
    assert "Geen kolom herkend als uitkomst" in w.outcome_msg.text and "'d1'" in w.outcome_msg.text
    assert "⚠" in w.outcome_msg.value
    journeylib.set_language("en")
    assert "No column was recognised as the outcome" in w.outcome_msg.text


def test_widget_keydrivers_warns_when_a_driver_is_almost_the_outcome(session):
    w = KeyDriverExplorer(session)
    upload(w, "kopie.csv", dutch_excel_csv(["Ontvangst", "Wachttijd", "Personeel", "Totaaloordeel", "Kopie"]))
    assert w.outcome.value == "Totaaloordeel" and "Kopie" in w.drivers.value
    text = w.drivers_msg.text
    assert text.startswith("'Kopie' lijkt bijna hetzelfde te meten als de uitkomst 'Totaaloordeel' (correlatie 1,00)")
    assert "⚠" in w.drivers_msg.value and w.result is not None  # a warning: the analysis is still shown
    assert "'Kopie' lijkt bijna hetzelfde te meten als de uitkomst 'Totaaloordeel'" in w.describe()
    journeylib.set_language("en")
    assert w.drivers_msg.text.startswith("'Kopie' seems to measure almost the same as the outcome 'Totaaloordeel'")
    w.drivers.value = ("Ontvangst", "Wachttijd", "Personeel")
    assert w.drivers_msg.text == ""


def test_widget_keydrivers_explains_the_rows_left_out(session):
    """Issue 11: the chart said n = 959 while the text said 2,200 respondents."""
    w = KeyDriverExplorer(session)
    assert w.result.attrs["n"] == 959 and w.result.attrs["rows"] == 2200
    assert "959 van de 2.200 antwoorden zijn compleet voor deze vragen; de andere zijn weggelaten." in \
        w.drivers_text.value
    assert "959 van de 2.200 antwoorden zijn compleet" in w.describe()
    from journeylib.charts.drivers import plot_key_drivers
    ax = plot_key_drivers(w.result, lang="nl")
    assert "n = 959 van 2.200 (alleen complete antwoorden)" in ax.get_xlabel()
    ax_en = plot_key_drivers(w.result, lang="en")
    assert "n = 959 of 2,200 (complete answers only)" in ax_en.get_xlabel()
    import matplotlib.pyplot as plt
    plt.close(ax.figure), plt.close(ax_en.figure)
    journeylib.set_language("en")
    assert "959 of 2,200 answers are complete for these questions; the others are left out." in w.describe()
