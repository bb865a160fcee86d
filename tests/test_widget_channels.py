"""ChannelGrid, driven headless: toggle cells, add and remove channels and problem types."""
import pytest

import journeylib
from journeylib.charts.channels import describe_channel_heatmap
from journeylib.model import LIMITS, ChannelMatrix, Workbook
from journeylib.store import open_workbook
from journeylib.widgets.channels import ChannelGrid

from helpers import chart_or_none, on_disk

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py

SHOP, PHONE, SOCIAL = "Winkel", "Telefoon (klantenservice)", "Social-mediadesk"
ENGINEER = "Monteur inplannen"


@pytest.fixture
def telecom(open_session):
    """A session on the shipped telecom case (conftest.open_session closes it after the test)."""
    return open_session("telecom")


def test_widget_channel_grid_toggle_updates_model_and_heatmap(telecom):
    g = ChannelGrid(telecom)
    assert repr(g) == "<ChannelGrid: 3 channels × 8 problems, 6 inconsistencies>"
    assert len(g.cells) == 24 and g.grid.layout.grid_template_columns.startswith("minmax(14em")
    assert g.cells[(SHOP, ENGINEER)].value is False and g.cells[(SHOP, ENGINEER)].description == "Nee"
    assert "⚠" in g._problem_labels[ENGINEER].value and "Tegenstrijdigheden: 6" in g.findings.value
    before = chart_or_none(g.out)

    g.cells[(SHOP, ENGINEER)].value = True
    assert telecom.workbook.channels.allowed(SHOP, ENGINEER) and on_disk(telecom)
    assert chart_or_none(g.out) != before
    assert g.cells[(SHOP, ENGINEER)].description == "Ja" and g.cells[(SHOP, ENGINEER)].button_style == "success"
    assert "⚠" not in g._problem_labels[ENGINEER].value and "Tegenstrijdigheden: 5" in g.findings.value
    assert repr(g) == "<ChannelGrid: 3 channels × 8 problems, 5 inconsistencies>"
    assert f"'{ENGINEER}'" not in g.describe()
    shop = telecom.workbook.channels.can_solve[SHOP]  # kept in the order of the problem types
    assert ENGINEER in shop and shop == [p for p in telecom.workbook.channels.problems if p in shop]

    drawn = chart_or_none(g.out)
    g.cells[(SOCIAL, "Modem vervangen")].value = False
    assert not telecom.workbook.channels.allowed(SOCIAL, "Modem vervangen") and on_disk(telecom)
    assert chart_or_none(g.out) != drawn and repr(g) == "<ChannelGrid: 3 channels × 8 problems, 6 inconsistencies>"
    assert g.describe() == describe_channel_heatmap(telecom.workbook.channels) == g.caption.value.replace(
        "&#x27;", "'")[len("<p style='max-width:52em'>"):-len("</p>")]


def test_widget_channel_grid_add_remove_and_bad_names(telecom):
    g = ChannelGrid(telecom)
    drawn = chart_or_none(g.out)
    g.new_channel.value = "  Chat  op de website "
    g.add_channel.click()
    matrix = telecom.workbook.channels
    assert matrix.channels[-1] == "Chat op de website" and on_disk(telecom) and chart_or_none(g.out) != drawn
    assert g.new_channel.value == "" and "toegevoegd" in g.channel_message.text
    assert len(g.cells) == 32 and repr(g).startswith("<ChannelGrid: 4 channels × 8 problems")
    saved = telecom.path.read_bytes()

    for value, expected in [("chat OP de website", "staat al in de tabel"), ("   ", "typ eerst de naam"),
                            ("k" * (LIMITS["short_text"] + 1), "Nieuw kanaal is te lang")]:
        g.new_channel.value = value
        g.add_channel.click()
        assert expected in g.channel_message.text
    g.new_problem.value = ENGINEER.upper()
    g.add_problem.click()
    assert "staat al in de tabel" in g.problem_message.text
    assert telecom.path.read_bytes() == saved and len(telecom.workbook.channels.channels) == 4

    g.new_problem.value = "Factuur uitleggen"
    g.add_problem.click()
    assert telecom.workbook.channels.problems[-1] == "Factuur uitleggen" and on_disk(telecom)
    g.cells[(PHONE, "Factuur uitleggen")].value = True
    assert telecom.workbook.channels.allowed(PHONE, "Factuur uitleggen") and on_disk(telecom)

    drawn = chart_or_none(g.out)
    g.remove_channel_buttons[PHONE].click()
    matrix = telecom.workbook.channels
    assert PHONE not in matrix.channels and PHONE not in matrix.can_solve and on_disk(telecom)
    assert chart_or_none(g.out) != drawn and "weggehaald" in g.message.text
    g.remove_problem_buttons["Modem vervangen"].click()
    matrix = telecom.workbook.channels
    assert "Modem vervangen" not in matrix.problems and on_disk(telecom)
    assert all("Modem vervangen" not in ps for ps in matrix.can_solve.values())
    assert repr(g) == "<ChannelGrid: 3 channels × 8 problems, 7 inconsistencies>"


def test_widget_channel_grid_empty_workbook_and_limits(tmp_path):
    s = open_workbook(tmp_path / "empty.workbook.json", delay=0)
    g = ChannelGrid(s)
    assert repr(g) == "<ChannelGrid: 0 channels × 0 problems, 0 inconsistencies>"
    assert "Voeg minstens één kanaal" in g.hint.value and g.grid.children == () and g.findings.value == ""
    assert "Nog geen kanalen" in g.describe() and chart_or_none(g.out)

    g.new_problem.value = "Pakket kwijt"
    g.add_problem.click()
    assert s.workbook.channels.problems == ["Pakket kwijt"] and on_disk(s) and g.hint.value
    assert repr(g) == "<ChannelGrid: 0 channels × 1 problem, 0 inconsistencies>"
    g.new_channel.value = "Telefoon"
    g.add_channel.click()
    assert g.hint.value == "" and list(g.cells) == [("Telefoon", "Pakket kwijt")]
    g.cells[("Telefoon", "Pakket kwijt")].value = True
    assert s.workbook.channels.can_solve == {"Telefoon": ["Pakket kwijt"]} and on_disk(s)

    full = ChannelMatrix(channels=[f"Kanaal {i}" for i in range(LIMITS["channels"])], problems=["Pakket kwijt"])
    s.replace(Workbook(channels=full))  # an upload: the grid is rebuilt
    assert len(g.cells) == LIMITS["channels"] and repr(g).startswith("<ChannelGrid: 12 channels × 1 problem")
    saved = s.path.read_bytes()
    g.new_channel.value = "Nog een"
    g.add_channel.click()
    assert "maximaal 12 kanalen" in g.channel_message.text and s.path.read_bytes() == saved

    journeylib.set_language("en")
    g.add_channel.click()
    assert "at most 12 channels" in g.channel_message.text and s.path.read_bytes() == saved
    assert g.add_channel.description == "Add channel" and g.new_problem.description == "New problem type"
    assert g.cells[("Kanaal 0", "Pakket kwijt")].description == "No"
    assert g.remove_channel_buttons["Kanaal 0"].description == "Remove"
    assert g.describe().startswith("Table of 12 channels") or "12" in g.describe()


def test_widget_channel_grid_and_chart_have_the_same_orientation(telecom):
    """Issue 11: the grid edits problem types (rows) x channels (columns); the chart showed
    channels x problem types. Both now have problem types as rows and channels as columns."""
    g = ChannelGrid(telecom)
    m = telecom.workbook.channels
    header = [child for child in g.grid.children[1:len(m.channels) + 1]]
    assert [box.children[0].value for box in header] == [f"<b style='font-size:1.05em'>{c}</b>" for c in m.channels]
    from journeylib.charts.channels import plot_channel_heatmap
    ax = plot_channel_heatmap(m)
    assert [x.get_text().replace("\n", " ") for x in ax.get_xticklabels()] == list(m.channels)
    rows = [x.get_text().replace("\n", " ").lstrip("⚠ ") for x in ax.get_yticklabels()]
    assert len(rows) == len(m.problems) and rows[1] == m.problems[1]
    assert "8 soorten problemen (rijen) en 3 kanalen (kolommen)" in g.describe()
    import matplotlib.pyplot as plt
    plt.close(ax.figure)


def test_widget_channel_grid_nothing_allowed_is_not_praised(tmp_path):
    """Issue 11: a grid of "Nee" everywhere was praised as "100 % consistent"."""
    s = open_workbook(tmp_path / "nee.workbook.json", delay=0)
    s.replace(Workbook(channels=ChannelMatrix(channels=["Telefoon", "Winkel"], problems=["Storing", "Factuur"])))
    g = ChannelGrid(s)
    assert all(cell.description == "Nee" for cell in g.cells.values())
    assert "100" not in g.findings.value and "dezelfde" not in g.findings.value
    assert "Geen enkel kanaal mag een van deze problemen zelf oplossen" in g.findings.value
    assert "Zet een vakje op Ja" in g.findings.value
    assert "100" not in g.describe() and "Elk kanaal mag dezelfde" not in g.describe()
    assert "Geen enkel kanaal mag een van deze 2 soorten problemen zelf oplossen" in g.caption.value

    g.cells[("Telefoon", "Storing")].value = True
    g.cells[("Winkel", "Storing")].value = True  # consistent for Storing; nobody may solve Factuur
    assert "Tegenstrijdigheden: 0" in g.findings.value
    assert "Geen enkel kanaal mag &#x27;Factuur&#x27; zelf oplossen" in g.findings.value
    assert "Elk kanaal mag dezelfde problemen oplossen: de klant" not in g.findings.value
    journeylib.set_language("en")
    assert "No channel may solve &#x27;Factuur&#x27; itself" in g.findings.value
    s.close()
