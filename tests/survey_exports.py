"""Survey files as the survey tools export them, built in memory, with planted driver weights.

Each builder returns an :class:`Export`: the file's bytes, a file name, the layout the
loader must recognise, the short label of the planted top driver (the one with by far the
largest weight, which :func:`journeylib.analysis.key_drivers` must rank first), the
overall question, and the personal data planted in it (e-mail addresses, names, IP
addresses) that must never come back from the loader.

The answers: every driver is a standard normal score, the outcome is their weighted sum
plus noise; each is cut into the answer scale at fixed quantiles. The layouts follow the
tools' exports as documented and as seen in real files (header rows, metadata columns,
answer labels, BOM, separators); they are made here, not copied from anyone's data.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import numpy as np

SAT_NL = ["Zeer ontevreden", "Ontevreden", "Neutraal", "Tevreden", "Zeer tevreden"]
SAT_EN = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]
AGREE_NL = ["Helemaal oneens", "Oneens", "Niet eens, niet oneens", "Eens", "Helemaal eens"]
AGREE_EN = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
QUALTRICS_SAT = ["Extremely dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied",
                 "Somewhat satisfied", "Extremely satisfied"]
FIRST = ["Anna", "Jan", "Sanne", "Pieter", "Fatima", "Mohammed", "Lotte", "Daan", "Emma", "Noah"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "El Amrani", "Mulder", "Bos", "Vos"]
CUTS = (0.1, 0.3, 0.6, 0.85)  # quantiles that cut a score into 5 answers


@dataclass
class Export:
    data: bytes
    name: str
    layout: str
    top: str
    outcome: str
    personal: list[str] = field(default_factory=list)


def planted(n: int, weights, seed: int, noise: float = 0.5):
    """``(drivers, outcome)``: n x k standard normal driver scores and the weighted outcome score."""
    rng = np.random.default_rng(seed)
    drivers = rng.standard_normal((n, len(weights)))
    outcome = drivers @ np.asarray(weights, dtype=float) + noise * rng.standard_normal(n)
    return drivers, outcome


def points(scores, k: int = 5, cuts=CUTS) -> np.ndarray:
    """Scores cut into 1..k (k=5: at the quantiles ``cuts``; else evenly)."""
    scores = np.asarray(scores, dtype=float)
    if k != 5:
        cuts = [i / k for i in range(1, k)]
    edges = np.quantile(scores, cuts)
    return 1 + np.searchsorted(edges, scores, side="right")


def people(n: int, seed: int, domain: str = "example.nl"):
    rng = np.random.default_rng(seed + 1000)
    first = [FIRST[i] for i in rng.integers(0, len(FIRST), n)]
    last = [LAST[i] for i in rng.integers(0, len(LAST), n)]
    emails = [f"{f.lower()}.{l.lower().replace(' ', '')}{i}@{domain}" for i, (f, l) in enumerate(zip(first, last))]
    return first, last, emails


def _csv(rows, sep=",", bom=False, encoding="utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _time(i: int) -> str:
    return f"2024/03/{1 + i % 28:02d} {8 + i % 10}:{i % 60:02d}:{(7 * i) % 60:02d} CET"


# ----------------------------------------------------------------------------- the tools

def google_forms(lang: str = "nl", n: int = 214, seed: int = 1) -> Export:
    """Tijdstempel, e-mail, a grid ``Question [Row]`` with satisfaction labels, the overall question
    as labels, a 0-10 recommendation as numbers, free text; the planted top driver is the third row."""
    rows_nl = ["Personeel", "Wachttijd", "Website", "Prijs"]
    rows_en = ["Staff", "Waiting time", "Website", "Price"]
    names = rows_nl if lang == "nl" else rows_en
    labels = SAT_NL if lang == "nl" else SAT_EN
    weights = [0.25, 0.15, 0.8, 0.1]
    drivers, outcome = planted(n, weights, seed)
    first, last, emails = people(n, seed)
    grid = "Hoe tevreden bent u over" if lang == "nl" else "How satisfied are you with"
    overall = ("Hoe tevreden bent u in het algemeen over ons?" if lang == "nl"
               else "Overall, how satisfied are you with us?")
    nps = ("Hoe waarschijnlijk is het dat je ons aanbeveelt aan vrienden of familie?" if lang == "nl"
           else "How likely is it that you would recommend us to a friend or colleague?")
    comment = "Wat kunnen we beter doen?" if lang == "nl" else "What could we do better?"
    header = ["Tijdstempel" if lang == "nl" else "Timestamp", "E-mailadres" if lang == "nl" else "Email Address",
              *[f"{grid} [{r}]" for r in names], overall, nps, comment]
    table = [header]
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    overall_points = points(outcome)
    nps_points = np.clip(np.round(outcome * 1.5 + 7), 0, 10).astype(int)
    missing = "n.v.t." if lang == "nl" else "N/A"
    for i in range(n):
        cells = [labels[driver_points[j][i] - 1] for j in range(len(weights))]
        if i % 37 == 5:
            cells[1] = missing
        if i % 53 == 7:
            cells[3] = ""
        table.append([_time(i), emails[i], *cells, labels[overall_points[i] - 1], int(nps_points[i]),
                      f"{'Meer' if lang == 'nl' else 'More'} {first[i]} {i}" if i % 3 else ""])
    return Export(_csv(table), f"google_forms_{lang}.csv", "google_forms", names[2], overall, emails)


def microsoft_forms(lang: str = "nl", n: int = 180, seed: int = 2) -> tuple[list[list], Export]:
    """Id, start and completion time, e-mail, name, then agreement statements as labels and the
    overall question as numbers (1-5 stars). Returns the rows and the .xlsx export."""
    import datetime as dt

    statements_nl = ["De medewerker was vriendelijk", "Ik kon snel terecht", "De uitleg was duidelijk",
                     "De kosten waren redelijk"]
    statements_en = ["The staff member was friendly", "I was seen quickly", "The explanation was clear",
                     "The costs were reasonable"]
    statements = statements_nl if lang == "nl" else statements_en
    labels = AGREE_NL if lang == "nl" else AGREE_EN
    weights = [0.2, 0.85, 0.2, 0.1]
    drivers, outcome = planted(n, weights, seed)
    first, last, emails = people(n, seed, "voorbeeld.nl")
    overall = "Algemene tevredenheid" if lang == "nl" else "Overall satisfaction"
    meta = (["Id", "Begintijd", "Tijdstip van voltooien", "E-mail", "Naam", "Tijdstip van laatste wijziging"]
            if lang == "nl" else ["Id", "Start time", "Completion time", "Email", "Name", "Last modified time"])
    rows = [[*meta, *statements, overall, "Opmerkingen" if lang == "nl" else "Comments"]]
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    overall_points = points(outcome)
    start = dt.datetime(2024, 5, 1, 9, 0, 0)
    for i in range(n):
        begin = start + dt.timedelta(minutes=37 * i)
        rows.append([i + 1, begin, begin + dt.timedelta(minutes=4), emails[i], f"{first[i]} {last[i]}", None,
                     *[labels[driver_points[j][i] - 1] for j in range(len(weights))], int(overall_points[i]),
                     f"{first[i]} {last[i]} vond het {i}" if i % 4 == 0 else None])
    export = Export(_xlsx({"Form1": rows}), f"microsoft_forms_{lang}.xlsx", "microsoft_forms", statements[1],
                    overall, [*emails, *[f"{f} {l}" for f, l in zip(first, last)]])
    return rows, export


def qualtrics(n: int = 160, seed: int = 3) -> Export:
    """Three header rows (names, question texts, ImportId), the usual metadata, a matrix Q1_1..Q1_4
    with numbers, the overall question Q2 as choice text; UTF-8 with BOM."""
    weights = [0.1, 0.2, 0.2, 0.9]
    subs = ["Booking", "Check-in", "Room", "Breakfast"]
    drivers, outcome = planted(n, weights, seed)
    first, last, emails = people(n, seed, "example.com")
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
    names = [*meta, "Q1_1", "Q1_2", "Q1_3", "Q1_4", "Q2", "Q3"]
    question = "How satisfied were you with each part of your stay?"
    texts = [*["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
               "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
               "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
               "Distribution Channel", "User Language"],
             *[f"{question} - {s}" for s in subs], "Overall, how satisfied are you with your stay?",
             "Is there anything else you would like to tell us?"]
    ids = [json.dumps({"ImportId": m.lower()}) for m in meta] + [
        json.dumps({"ImportId": f"QID1_{j}"}) for j in range(1, 5)] + [
        json.dumps({"ImportId": "QID2"}), json.dumps({"ImportId": "QID3_TEXT"})]
    table = [names, texts, ids]
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    overall_points = points(outcome)
    for i in range(n):
        table.append([f"2024-04-{1 + i % 28:02d} 10:{i % 60:02d}:00", f"2024-04-{1 + i % 28:02d} 10:{i % 60:02d}:59",
                      "IP Address", f"145.{i % 200}.{(3 * i) % 250}.{(7 * i) % 250}", 100, 60 + i, "True",
                      f"2024-04-{1 + i % 28:02d} 11:00:00", f"R_{i:04d}abcdEFGH{i}", last[i], first[i], emails[i],
                      "", f"52.{i:04d}", f"4.{i:04d}", "email", "EN",
                      *[int(driver_points[j][i]) for j in range(len(weights))],
                      QUALTRICS_SAT[overall_points[i] - 1], f"{first[i]} says thanks {i}" if i % 5 == 0 else ""])
    return Export(_csv(table, bom=True), "qualtrics.csv", "qualtrics", "Breakfast",
                  "Overall, how satisfied are you with your stay?", emails)


def surveymonkey_rows(n: int = 150, seed: int = 4) -> tuple[list[list], str, list[str]]:
    """Two header rows; a matrix question over four columns (blank header cells continue it),
    labels as values; an overall question ("Response"), a 0-10 recommendation with end labels."""
    weights = [0.15, 0.1, 0.9, 0.2]
    subs = ["Delivery", "Packaging", "Customer service", "Website"]
    drivers, outcome = planted(n, weights, seed)
    first, last, emails = people(n, seed, "example.org")
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
            "Last Name", "Custom Data 1"]
    matrix = "How satisfied or dissatisfied are you with each of the following?"
    overall = "Overall, how satisfied are you with our shop?"
    nps = "How likely is it that you would recommend our shop to a friend or colleague?"
    comment = "Any other comments?"
    first_row = [*meta, matrix, "", "", "", overall, nps, comment]
    second_row = [""] * len(meta) + [*subs, "Response", "Response", "Open-Ended Response"]
    rows = [first_row, second_row]
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    overall_points = points(outcome)
    nps_points = np.clip(np.round(outcome * 1.5 + 7), 0, 10).astype(int)
    ends = {0: "0 - Not at all likely", 10: "10 - Extremely likely"}
    for i in range(n):
        cells = [SAT_EN[driver_points[j][i] - 1] for j in range(len(weights))]
        if i % 41 == 3:
            cells[0] = "Not applicable"
        rows.append([11400000000 + 17 * i, 400000000 + i % 3, f"04/{1 + i % 28:02d}/2024 09:{i % 60:02d}:00 AM",
                     f"04/{1 + i % 28:02d}/2024 09:{i % 60:02d}:45 AM", f"81.{i % 200}.{(5 * i) % 250}.{i % 7}",
                     emails[i], first[i], last[i], "",
                     *cells, SAT_EN[overall_points[i] - 1], ends.get(int(nps_points[i]), int(nps_points[i])),
                     f"{first[i]} {last[i]}: ok {i}" if i % 6 == 0 else ""])
    return rows, "Customer service", [*emails, *first, *last]


def surveymonkey(n: int = 150, seed: int = 4) -> Export:
    rows, top, personal = surveymonkey_rows(n, seed)
    return Export(_csv(rows), "surveymonkey.csv", "surveymonkey", top,
                  "Overall, how satisfied are you with our shop?", personal)


def surveymonkey_xlsx(n: int = 150, seed: int = 4) -> Export:
    rows, top, personal = surveymonkey_rows(n, seed)
    rows = [[None if cell == "" else cell for cell in row] for row in rows]
    return Export(_xlsx({"Sheet": rows}), "surveymonkey.xlsx", "surveymonkey", top,
                  "Overall, how satisfied are you with our shop?", personal)


def limesurvey(n: int = 140, seed: int = 5) -> Export:
    """Question codes as headers, answer codes A1..A5 as values, LimeSurvey's metadata columns."""
    weights = [0.2, 0.9, 0.1]
    drivers, outcome = planted(n, weights, seed)
    meta = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl"]
    questions = ["G01Q01[SQ001]", "G01Q01[SQ002]", "G01Q01[SQ003]"]
    header = [*meta, *questions, "G01Q02", "G01Q03"]
    table = [header]
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    overall_points = points(outcome)
    ips = []
    for i in range(n):
        ip = f"10.{i % 250}.{(9 * i) % 250}.{1 + i % 200}"
        ips.append(ip)
        codes = [f"A{driver_points[j][i]}" for j in range(len(weights))]
        if i % 29 == 4:
            codes[2] = ""
        table.append([i + 1, f"2024-02-{1 + i % 28:02d} 12:00:00", 3, "nl", 1000003 * i % 999983,
                      f"2024-02-{1 + i % 28:02d} 11:55:00", f"2024-02-{1 + i % 28:02d} 12:00:00", ip,
                      "https://www.example.nl/enquete", *codes, f"A{overall_points[i]}",
                      f"tekst {i}" if i % 2 else ""])
    return Export(_csv(table), "limesurvey.csv", "limesurvey", "G01Q01[SQ002]", "G01Q02", ips)


def dutch_excel_csv(n: int = 120, seed: int = 6) -> Export:
    """What Dutch Excel writes: ``;``, decimal commas, a BOM; numbers, a report mark (1-10 with halves)
    as the overall question, a column of e-mail addresses under an unremarkable header."""
    weights = [0.1, 0.2, 0.85, 0.15]
    names = ["Balie", "Wachtkamer", "Behandeling", "Parkeren"]
    drivers, outcome = planted(n, weights, seed)
    _, _, emails = people(n, seed, "mail.example")
    table = [["Nr", "Contact", *names, "Totaaloordeel"]]
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    mark = np.clip(np.round((outcome * 1.2 + 7) * 2) / 2, 1, 10)
    for i in range(n):
        table.append([i + 1, emails[i], *[int(driver_points[j][i]) for j in range(len(weights))],
                      f"{mark[i]:.1f}".replace(".", ",")])
    return Export(_csv(table, sep=";", bom=True), "excel.csv", "excel", "Behandeling", "Totaaloordeel", emails)


def numeric_table(first: str, names: list[str], outcome: str, weights, n: int, seed: int) -> list[list]:
    """A header row (``first``: a respondent number, then the drivers and the outcome) and n rows of 1-5 answers."""
    drivers, score = planted(n, weights, seed)
    driver_points = [points(drivers[:, j]) for j in range(len(weights))]
    overall_points = points(score)
    return [[first, *names, outcome]] + [
        [i + 1, *[int(driver_points[j][i]) for j in range(len(weights))], int(overall_points[i])] for i in range(n)]


def generic_xlsx(n: int = 100, seed: int = 7) -> Export:
    """A workbook someone made by hand: an empty first sheet, then the answers on 'Antwoorden'."""
    rows = numeric_table("Respondent", ["Bereikbaarheid", "Vriendelijkheid", "Snelheid", "Deskundigheid"],
                         "Tevredenheid", [0.2, 0.1, 0.15, 0.8], n, seed)
    return Export(_xlsx({"Leeg": [], "Antwoorden": rows}), "eigen.xlsx", "excel", "Deskundigheid", "Tevredenheid")


def plain(n: int = 100, seed: int = 8) -> Export:
    table = numeric_table("respondent", ["balie", "wachtkamer", "arts"], "tevredenheid", [0.15, 0.85, 0.1], n, seed)
    return Export(_csv(table), "plain.csv", "plain", "wachtkamer", "tevredenheid")


def airline(n: int = 300, seed: int = 9) -> Export:
    """The public airline survey's layout, with "Online boarding" planted as the top driver."""
    from journeylib.datasets import AIRLINE_COLUMNS, AIRLINE_SERVICE_COLUMNS

    weights = [0.05] * len(AIRLINE_SERVICE_COLUMNS)
    top = AIRLINE_SERVICE_COLUMNS.index("Online boarding")
    weights[top] = 0.9
    drivers, outcome = planted(n, weights, seed)
    rng = np.random.default_rng(seed)
    table = [["", *AIRLINE_COLUMNS]]
    service = [points(drivers[:, j]) for j in range(len(weights))]
    satisfied = outcome > np.quantile(outcome, 0.55)
    for i in range(n):
        table.append([i, 1000 + i, "Female" if i % 2 else "Male", "Loyal Customer", 20 + i % 50, "Business travel",
                      "Eco", 300 + 7 * i, *[0 if (i + j) % 47 == 0 else int(service[j][i]) for j in range(len(weights))],
                      int(rng.integers(0, 30)), int(rng.integers(0, 30)),
                      "satisfied" if satisfied[i] else "neutral or dissatisfied"])
    return Export(_csv(table), "airline.csv", "airline", "Online boarding", "satisfied")


def microsoft_forms_export(lang: str = "nl") -> Export:
    return microsoft_forms(lang)[1]


#: Every layout's fixture (the xlsx ones need the Excel reader).
CSV_EXPORTS = {
    "google_forms_nl": lambda: google_forms("nl"),
    "google_forms_en": lambda: google_forms("en"),
    "qualtrics": qualtrics,
    "surveymonkey": surveymonkey,
    "limesurvey": limesurvey,
    "dutch_excel_csv": dutch_excel_csv,
    "plain": plain,
    "airline": airline,
}
XLSX_EXPORTS = {
    "microsoft_forms_nl": lambda: microsoft_forms_export("nl"),
    "microsoft_forms_en": lambda: microsoft_forms_export("en"),
    "surveymonkey_xlsx": surveymonkey_xlsx,
    "generic_xlsx": generic_xlsx,
}
