"""The class overview on the projector: ``--anonymous`` (and ``anonymous=True``) shows learners as
"Cursist 1..n" / "Learner 1..n" and nothing that could point to one of them; the named overview
says at the top that it holds personal data. The check: every string field of every input
workbook that only one learner wrote, and every name, organisation, e-mail address and free
text even when shared, is searched for in the HTML, in Dutch and in English."""
from __future__ import annotations

import html as html_lib
import re
import zipfile

import pytest

from journeylib import cli, reports
from journeylib.model import BrandEssence, ChannelMatrix, Journey, PhaseReflection, Touchpoint, Workbook
from journeylib.reports import overview
from journeylib.store import dump_workbook
from test_reports import assert_sections

LANGS = ("nl", "en")
SHARED_KEYWORDS = {"before": ["wachttijd", "parkeren"], "during": ["vriendelijk welkom"], "after": ["factuur"]}
SHARED_MOMENTS = ["Inchecken aan de balie", "Afscheid bij de uitgang"]
EMAIL_KEYWORD = "klachten@zorgzuid.example"  # used by two learners: still an e-mail address
SHARED_ORGANISATION = "Ziekenhuis Quarenburg"  # two learners work there: still an organisation


def learner_workbook(i: int, name: str) -> Workbook:
    """A workbook whose every text is this learner's own (``Qx{i}``) unless it is one of the
    shared keywords, moments and essence words that several learners chose."""
    own = f"Qx{i}"
    tps = [Touchpoint(id=f"tp-{k}", name=SHARED_MOMENTS[k] if k < 2 else f"Eigen moment {own} {k}",
                      phase=("before", "during", "after")[k % 3], channel=f"Kanaal {own} {k}",
                      description=f"Beschrijving {own} {k} van {name}", standard_way=f"Werkwijze {own} {k}",
                      notes=f"Notitie {own} {k}, bel {name.split()[0].lower()}@mail.example",
                      moment_of_truth=k in (0, 1, 2), service_level=1 + (i + k) % 6)
           for k in range(4)]
    keywords = {p: PhaseReflection(keywords=[*words, f"sleutel {own} {p}"]) for p, words in SHARED_KEYWORDS.items()}
    if i < 2:
        keywords["after"].keywords.append(EMAIL_KEYWORD)
        keywords["before"].keywords.append(name.split()[0])  # a learner's first name as a keyword, twice
    from journeylib.selfcheck import questions, record_answer

    checked: dict = {}
    for q in questions("03")[:2]:  # two self-check questions, wrong at first for three of the learners
        if not isinstance(q["answer"], str):
            continue
        wrong = next(o for o in q["options"] if o != q["answer"])
        checked = record_answer(checked, "03", q, wrong if i < 3 else q["answer"])
    return Workbook(
        learner=name, case="hospital",
        brand=BrandEssence(organisation=SHARED_ORGANISATION if i < 2 else f"Organisatie {own} BV",
                           why=f"Waarom {own}: mail {own.lower()}@werk.example", how=f"Hoe {own}", what=f"Wat {own}",
                           essence_words=["warm", f"woord {own}", "zorgzaam" if i % 2 else f"ander {own}"],
                           values=[f"waarde {own}"]),
        journeys=[Journey(name=f"Reis {own}", persona=f"Persona {own}", touchpoints=tps)],
        channels=ChannelMatrix(channels=[f"Balie {own}", f"Telefoon {own}"], problems=[f"Probleem {own}"]),
        reflections=keywords,
        answers={"hospitality-model": f"Antwoord {own} over gastvrijheid; {name} schreef dit (06-1234{i}567)",
                 "authentic": f"Authentiek betekent voor mij {own} iets anders",
                 "pie-a": f"Taartpunt {own}", **checked},
        advice="" if i == 3 else f"## Advies {own}\n\nBeste directie van {SHARED_ORGANISATION}, mijn advies: {own}. "
                                  f"Groet, {name}.",
        service_ratings={"webshop_returns": 1} if i in (1, 4) else {},  # so the learners' progress differs
    )


NAMES = ["Zoë Vermaat-Quintijn", "Bartholomeus Ekdahl", "Ilse Oudewater", "Joram Kleefstra", "Mirthe van Aalsum"]


def strings(value, key=""):
    """Every string field of a dumped workbook (image data left out: pictures are not text)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, str(k))
            if isinstance(k, str) and key in ("answers", "service_ratings", "progress"):
                yield k
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)
    elif isinstance(value, str) and key not in ("data", "mime", "format"):
        yield value


def page_text(html: str) -> str:
    """The page without its pictures (base64 could hold any short string by chance), unescaped."""
    return html_lib.unescape(re.sub(r'data:image/[a-z]+;base64,[A-Za-z0-9+/=]+', "", html)).casefold()


def forbidden(workbooks: list[Workbook], extra: list[str] = ()) -> list[str]:
    """What the anonymous overview must not hold: every text of four characters or more that only
    one learner wrote, and every name, organisation, e-mail, free text, whoever wrote it."""
    found: dict[str, set[int]] = {}
    for i, wb in enumerate(workbooks):
        for text in strings(wb.model_dump(mode="json")):
            if len(text.strip()) >= 4:
                found.setdefault(" ".join(text.split()).casefold(), set()).add(i)
    out = [text for text, who in found.items() if len(who) < 2]
    for wb in workbooks:
        out += [wb.learner, *wb.learner.split(), wb.brand.organisation, wb.brand.why, wb.advice,
                *wb.answers.values(), *[k for r in wb.reflections.values() for k in r.keywords if "@" in k]]
    out += [*NAMES, *[part for n in NAMES for part in n.split() if len(part) > 3], EMAIL_KEYWORD, *extra]
    emails = {m for wb in workbooks for s in strings(wb.model_dump(mode="json"))
              for m in re.findall(r"[^\s@]+@[^\s@]+", s)}
    return sorted({" ".join(t.split()).casefold() for t in [*out, *emails] if len(t.strip()) >= 4})


def leaks(html: str, texts: list[str]) -> list[str]:
    page = page_text(html)
    return [t for t in texts if t in page or t[:40] in page]


@pytest.fixture(scope="module")
def workbooks():
    return [learner_workbook(i, name) for i, name in enumerate(NAMES)]


@pytest.fixture(scope="module")
def folder(workbooks, tmp_path_factory):
    path = tmp_path_factory.mktemp("anon") / "groep-oudewater-2026"
    path.mkdir()
    for i, wb in enumerate(workbooks):
        (path / f"{wb.learner.split()[0].lower()}-{i}.workbook.json").write_bytes(dump_workbook(wb))
    (path / "kapot-van-ilse.workbook.json").write_text("{", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_the_anonymous_overview_holds_nothing_that_points_to_a_learner(folder, workbooks, lang):
    html = reports.render_overview_html(folder, lang=lang, anonymous=True)
    _, text = assert_sections(html, reports.OVERVIEW_SECTIONS)
    texts = forbidden(workbooks, extra=["kapot-van-ilse", "groep-oudewater-2026", ".workbook.json"])
    assert len(texts) > 150  # the search covers every field
    assert leaks(html, texts) == []
    assert len(leaks(reports.render_overview_html(folder, lang=lang), texts)) > 50  # the search does find them
    label = "Cursist" if lang == "nl" else "Learner"
    assert all(f"{label} {n}" in text for n in range(1, 6)) and f"{label} 6" not in text
    # what several learners chose stays visible, as counts, with a chart for each part
    page = page_text(html)
    assert "'wachttijd' (5)" in page and "'inchecken aan de balie' (5)" in page and "'zorgzaam' (2)" in page
    # five charts, each with its alt text and its text description
    assert html.count("<figure>") == 5 and len(re.findall(r'<img src="data:image/png;base64,[^"]+" alt="[^"]+"',
                                                          html)) == 5
    assert len(re.findall(r'<figcaption id="[^"]+">[^<]{40,}</figcaption>', html)) == 5


@pytest.mark.parametrize("lang", LANGS)
def test_the_named_overview_warns_at_the_top_and_holds_no_mapping(folder, lang):
    html = reports.render_overview_html(folder, lang=lang)
    warning = ("Bevat persoonsgegevens: niet projecteren" if lang == "nl"
               else "Contains personal data: do not project")
    assert warning in html and html.index(warning) < html.index("<nav")
    assert "Zoë Vermaat-Quintijn" in html and SHARED_ORGANISATION in html
    assert not re.search(r"(Cursist|Learner) \d", html)  # no key from names to numbers
    anonymous = reports.render_overview_html(folder, lang=lang, anonymous=True)
    assert warning not in anonymous and anonymous.index("projecte") < anonymous.index("<nav")


def test_numbers_are_stable_and_do_not_follow_the_names_or_files(folder, workbooks, tmp_path):
    def table(path):
        sec = reports.overview_section("progress", reports.load_class(path, "en", anonymous=True), "en")
        return sec.blocks[0].rows

    first = table(folder)
    assert table(folder) == first
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for i, wb in enumerate(reversed(workbooks)):
        (renamed / f"{i:02d}.json").write_bytes(dump_workbook(wb))
    assert table(renamed) == first  # the same learner gets the same number, whatever the files are called
    order = [overview._learner_name("", wb) for wb in workbooks]
    view = overview._View(reports.load_class(renamed, "en"), "en", anonymous=True)
    by_number = [overview._learner_name("", wb) for wb in view.workbooks]
    assert by_number != sorted(order) and by_number != sorted(order, reverse=True)


def test_the_key_to_the_numbers_is_for_the_instructor_only(folder):
    key = overview.anonymous_key(folder, "nl")
    assert sorted(key.values()) == sorted(NAMES) and sorted(key) == sorted(f"Cursist {n}" for n in range(1, 6))
    sec = reports.overview_section("progress", reports.load_class(folder, "nl", anonymous=True), "nl")
    assert [row[0] for row in sec.blocks[0].rows[:-1]] == [f"Cursist {n}" for n in range(1, 6)]
    done = {row[0]: row[1:] for row in sec.blocks[0].rows[:-1]}
    assert len({tuple(v) for v in done.values()}) >= 3  # the rows tell learners apart
    named = reports.overview_section("progress", reports.load_class(folder, "nl"), "nl")
    assert all(done[label] == next(r[1:] for r in named.blocks[0].rows if r[0] == name) for label, name in key.items())


def test_min_shared_is_what_decides(folder, monkeypatch):
    monkeypatch.setattr(overview, "MIN_SHARED", 6)  # nobody's keyword is shared by six of five learners
    sec = reports.overview_section("keywords", reports.load_class(folder, "en", anonymous=True), "en")
    assert [type(b).__name__ for b in sec.blocks] == ["Paragraph"] and "fewer than 6" in sec.blocks[0].text


def learner_zip(path, workbooks, layout: str):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i, wb in enumerate(workbooks):
            name = NAMES[i]
            data = dump_workbook(wb.model_copy(update={"learner": ""}) if i == 0 else wb)  # one left it empty
            squashed = re.sub(r"\W", "", "".join(reversed(name.split()))).lower()
            member = {"canvas": f"{squashed}_{100 + i}_{900 + i}_{name.split()[0].lower()}.workbook.json",
                      "moodle": f"{name}_{100 + i}_assignsubmission_file_/werkboek.json",
                      "brightspace": f"{100 + i}-{900 + i} - {name} - 1 Oct 2026 1012 AM - werkboek.json"}[layout]
            zf.writestr(member, data)
        zf.writestr("index.html", "<html></html>")
        zf.writestr("Verslag Zoë Vermaat.pdf", b"%PDF")
    return path


@pytest.mark.parametrize("layout, lang", [("canvas", "nl"), ("moodle", "en"), ("brightspace", "nl")])
def test_cli_anonymous_overview_of_a_platform_zip(workbooks, layout, lang, tmp_path, capsys):
    path = learner_zip(tmp_path / f"Opdracht {layout} Ilse.zip", workbooks, layout)
    out = tmp_path / "projector.html"
    assert cli.main(["overview", str(path), "-o", str(out), "--anonymous", "--lang", lang]) == 0
    captured = capsys.readouterr()
    assert "Verslag Zoë Vermaat.pdf" in captured.err  # the instructor's terminal says what was skipped
    html = out.read_text(encoding="utf-8")
    squashed = re.sub(r"\W", "", "".join(reversed(NAMES[0].split()))).lower()
    texts = forbidden(workbooks, extra=[path.name, path.stem, squashed, "werkboek.json", "Verslag"])
    assert leaks(html, texts) == []
    assert ("Cursist 5" if lang == "nl" else "Learner 5") in html


def test_the_notebook_switch(folder, tmp_path, workbooks):
    from test_reports import run_instructor_notebook

    html = run_instructor_notebook("class_overview.ipynb", tmp_path / "out.ipynb", folder=str(folder), lang="en",
                                   anonymous=True)
    assert "Learner 3" in html and "Anonymous overview, made to be projected" in html
    assert leaks(html, forbidden(workbooks, extra=["kapot-van-ilse"])) == []
