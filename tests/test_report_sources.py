"""The advice report ends with its sources (issue 16: "... the learner's reflection images, sources"),
and cites them exactly as the notebooks that teach each part do, in both languages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from journeylib import reports
from journeylib.demo_class import demo_workbook
from journeylib.reports.learner import report_sources

ROOT = Path(__file__).resolve().parents[1]


def _sources_cell(lang: str, number: str) -> str:
    [path] = (ROOT / "notebooks" / lang).glob(f"{number}_*.ipynb")
    cell = json.loads(path.read_text(encoding="utf-8"))["cells"][-1]
    return " ".join("".join(cell["source"]).split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_cited_work_is_in_the_sources_of_the_notebook_that_teaches_the_part(lang):
    data = report_sources()
    for name, part in data["sections"].items():
        assert name in reports.REPORT_SECTIONS, name
        listed = _sources_cell(lang, part["notebook"])
        for work in part["works"]:
            assert " ".join(data["works"][work].split()) in listed, (lang, name, work)
            if work in data.get("dois", {}):
                assert f"https://doi.org/{data['dois'][work]}" in listed, (lang, name, work)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_ends_with_each_work_once(lang):
    section = reports.section("sources", demo_workbook("hospital", lang=lang), lang)
    assert section.title == {"nl": "Bronnen", "en": "Sources"}[lang]
    html = reports.render_html(demo_workbook("hospital", lang=lang), lang)
    part = html[html.index('id="sources"'):]
    for year, author in [("2009", "Sinek"), ("2012", "Kaufman"), ("1977", "Martilla"), ("1987", "Carlzon"),
                         ("2000", "Johnson"), ("1971", "Mehrabian")]:
        assert len(re.findall(rf"{author}, [A-Z]\..*?\({year}\)", part)) == 1, (author, part[:2000])
    assert "<em>Start With Why" in part  # titles in italics, as the notebooks set them
    assert reports.REPORT_SECTIONS[-1] == "sources"
