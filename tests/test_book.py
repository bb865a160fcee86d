"""The course website (make book, tools/build_book.py): built once per session from the stored
notebooks, then checked as a reader and a browser would see it, offline.

Skipped at once when Sphinx, MyST-NB or the book theme is not installed.
"""
from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_nb")
pytest.importorskip("sphinx_book_theme")
pytestmark = pytest.mark.xdist_group("book")  # one worker: the parsed pages are shared by the module

from journeylib import glossary  # noqa: E402
from journeylib.i18n import t  # noqa: E402

from book_site import BUILD_SECONDS, book_site, builder  # noqa: E402,F401  (book_site: the fixture)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
build_book = builder()
SITE_PAGES = build_book.pages()
LAUNCH_HOSTS = {"mybinder.org", urlsplit(build_book.DEFAULT_HUB).hostname}


class Page(HTMLParser):
    """What a test needs from one HTML file: its links, images, ids, lang, title and text."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path, self.links, self.images, self.ids, self.loads = path, [], [], set(), []
        self.lang = self.title = None
        self.text, self._in_title, self._article, self._figcaption = [], False, 0, None
        self.figures: list[tuple[str, str]] = []  # (alt, caption text) of each chart figure
        self._chart = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "article":
            self._article += 1
        elif tag == "a" and "href" in a:
            self.links.append((a["href"], a.get("class", ""), self._article > 0))
        elif tag == "img":
            self.images.append(a)
            if self._chart is not None:
                self._chart["alt"] = a.get("alt", "")
        elif tag == "figure" and "jl-chart" in a.get("class", ""):
            self._chart = {"alt": "", "caption": []}
        elif tag == "figcaption" and self._chart is not None:
            self._figcaption = True
        for attr in ("src", "href", "data", "poster", "srcset"):
            if attr in a and tag != "a":
                self.loads.append((tag, a[attr]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._article -= 1
        elif tag == "figcaption":
            self._figcaption = False
        elif tag == "figure" and self._chart is not None:
            caption = " ".join("".join(self._chart["caption"]).split()).removesuffix("#").rstrip()  # the permalink
            self.figures.append((self._chart["alt"], caption))
            self._chart = None

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
        self.text.append(data)
        if self._figcaption and self._chart is not None:
            self._chart["caption"].append(data)

    @property
    def plain(self) -> str:
        return normalise(" ".join(self.text))


def normalise(text: str) -> str:
    """Whitespace collapsed and Sphinx's smart quotes made plain again."""
    for curly, plain in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "--"), ("—", "---")):
        text = text.replace(curly, plain)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def parsed(book_site):
    return {path: Page(path) for path in sorted(book_site.rglob("*.html")) if "_static" not in path.parts}


def page_file(site: Path, page) -> Path:
    return site / page.lang / f"{page.docname}.html"


def stored(page) -> dict:
    return json.loads((NOTEBOOKS / page.source).read_text(encoding="utf-8"))


def text_outputs(nb: dict, mime: str):
    """The stored outputs of type ``mime`` that the page shows: a widget's (its snapshot) or where
    no HTML outranks it."""
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data and build_book.WIDGET_VIEW not in data and mime != "text/html":
                continue
            value = data.get(mime)
            if value:
                yield "".join(value) if isinstance(value, list) else value


# --------------------------------------------------------------------------- every page is there

def test_every_course_notebook_has_a_page_in_both_languages(book_site):
    for number, (nl, en) in glossary.NOTEBOOKS.items():
        assert (book_site / "nl" / nl.replace(".ipynb", ".html")).is_file(), number
        assert (book_site / "en" / en.replace(".ipynb", ".html")).is_file(), number
    assert (book_site / "nl" / "instructor" / "00_guide.html").is_file()
    assert (book_site / "en" / "instructor" / "00_guide_en.html").is_file()
    for lang, listed in SITE_PAGES.items():
        for page in listed:
            assert page_file(book_site, page).is_file(), page
    assert (book_site / "index.html").is_file()
    assert (book_site / ".nojekyll").is_file()


def test_the_root_page_lets_you_choose_the_language(book_site, parsed):
    root = parsed[book_site / "index.html"]
    targets = {href for href, _, _ in root.links}
    assert targets == {"nl/index.html", "en/index.html"}
    assert root.lang and root.title


def test_every_page_has_its_language_a_title_and_a_main_landmark(book_site, parsed):
    for path, page in parsed.items():
        if path.parent == book_site:
            continue
        lang = path.relative_to(book_site).parts[0]
        assert page.lang == lang, path
        assert page.title and page.title.strip(), path
        assert 'id="main-content"' in path.read_text(encoding="utf-8") or "<main" in path.read_text(encoding="utf-8")


def test_titles_and_table_of_contents_follow_the_course_map(book_site, parsed):
    for lang, listed in SITE_PAGES.items():
        home = book_site / lang / "index.html"
        wanted = [f"{p.docname}.html" for p in listed]
        toc = [href for href, cls, _ in parsed[home].links if "reference internal" in cls]
        in_order = [href for href in toc if href in wanted]
        assert in_order[: len(wanted)] == wanted, lang  # the landing page's toctrees, in order
        course = [p for p in listed if p.section == "course"]
        assert [p.docname[:2] for p in course] == list(glossary.NOTEBOOKS)
        for page in listed:
            first = stored(page)["cells"][0]["source"]
            heading = ("".join(first) if isinstance(first, list) else first).splitlines()[0].lstrip("# ").strip()
            assert parsed[page_file(book_site, page)].title.startswith(heading), (page, heading)


def test_previous_and_next_links_walk_the_course_in_order(book_site, parsed):
    for lang, listed in SITE_PAGES.items():
        for before, after in zip(listed, listed[1:]):
            here = parsed[page_file(book_site, before)]
            nexts = [href for href, cls, _ in here.links if "right-next" in cls]
            assert len(nexts) == 1, before.docname
            assert (page_file(book_site, before).parent / nexts[0]).resolve() == page_file(book_site, after).resolve()


# --------------------------------------------------------------------------- links and images

def test_language_switch_links_to_the_same_notebook_in_the_other_language(book_site, parsed):
    for lang, listed in SITE_PAGES.items():
        other = "en" if lang == "nl" else "nl"
        for page in listed:
            path = page_file(book_site, page)
            switch = [href for href, cls, _ in parsed[path].links if "jl-language-link" in cls]
            assert len(switch) == 1, path
            target = (path.parent / switch[0]).resolve()
            assert target.is_file(), (path, switch)
            assert target == (book_site / other / f"{page.other or 'index'}.html").resolve(), (path, target)
    for path, page in parsed.items():  # and on every other page too (landing, search, index)
        if path.parent != book_site:
            switch = [href for href, cls, _ in page.links if "jl-language-link" in cls]
            assert len(switch) == 1 and (path.parent / switch[0]).resolve().is_file(), path


def _local(href: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) and not href.startswith("//")


def test_every_internal_link_and_anchor_resolves(book_site, parsed):
    broken = []
    for path, page in parsed.items():
        for href, _, _ in page.links:
            if not _local(href):
                continue
            target, _, anchor = href.partition("#")
            file = (path.parent / unquote(target)).resolve() if target else path
            if not file.exists():
                broken.append(f"{path.relative_to(book_site)} -> {href}")
            elif anchor and file.suffix == ".html" and anchor not in (parsed.get(file) or Page(file)).ids:
                broken.append(f"{path.relative_to(book_site)} -> {href} (no id {anchor!r})")
    assert broken == []


def test_no_broken_image_and_every_image_has_alt_text(book_site, parsed):
    problems = []
    for path, page in parsed.items():
        for img in page.images:
            src = img.get("src", "")
            if not src.startswith("data:") and not (path.parent / unquote(src)).is_file():
                problems.append(f"{path.relative_to(book_site)}: missing {src[:80]}")
            if not (img.get("alt") or "").strip():
                problems.append(f"{path.relative_to(book_site)}: no alt on {src[:80]}")
    assert problems == []


def test_every_chart_has_its_description_as_alt_text_and_visible(book_site, parsed):
    charts = 0
    for path, page in parsed.items():
        for alt, caption in page.figures:
            charts += 1
            assert alt.strip() and normalise(alt) == normalise(caption), (path, alt[:80], caption[:80])
    assert charts >= 40  # every chart of the course and the lecture notebooks
    page = parsed[book_site / "en" / "03_journey.html"]
    assert any(alt.startswith("Journey map of") for alt, _ in page.figures), [a[:40] for a, _ in page.figures]


def test_no_page_loads_anything_from_another_host(book_site, parsed):
    loads, links = [], []
    for path, page in parsed.items():
        for tag, value in page.loads:
            if re.match(r"^(https?:)?//", value.strip(), re.I):
                loads.append(f"{path.relative_to(book_site)}: <{tag}> {value[:80]}")
        for href, cls, in_article in page.links:
            host = urlsplit(href).hostname if href.startswith(("http:", "https:")) else None
            if host and not in_article:
                links.append(f"{path.relative_to(book_site)}: {href[:80]} (outside the page's text)")
            elif host in LAUNCH_HOSTS and "/" in href and not in_article:
                links.append(href)
    for css in book_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for found in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text):
            loads.append(f"{css.relative_to(book_site)}: {found}")
    assert loads == [] and links == []
    html = re.sub(r"data:[^\"')\s]+", "", "".join(p.read_text(encoding="utf-8") for p in parsed))  # not base64
    for cdn in ("require.js", "mathjax", "embed-amd", "fonts.googleapis", "jsdelivr", "unpkg", "cdnjs"):
        assert cdn not in html.lower(), cdn


# --------------------------------------------------------------------------- launch and download

def test_each_notebook_page_has_binder_jupyterhub_and_download(book_site, parsed):
    for lang, listed in SITE_PAGES.items():
        for page in listed:
            path = page_file(book_site, page)
            launch = [href for href, _, _ in parsed[path].links if href.startswith("https://")
                      and urlsplit(href).hostname in LAUNCH_HOSTS]
            binder = [h for h in launch if "mybinder.org" in h]
            hub = [h for h in launch if "mybinder.org" not in h]
            assert len(binder) == 1 and len(hub) == 1, path
            assert parse_qs(urlsplit(binder[0]).query)["urlpath"] == [f"journeylib/{lang}/lab/tree/notebooks/{page.source}"]
            assert binder[0].startswith("https://mybinder.org/v2/gh/cx-journey-lab/cx-journey-lab/")
            query = parse_qs(urlsplit(hub[0]).query)
            assert urlsplit(hub[0]).path == "/hub/user-redirect/git-pull"
            assert query["repo"] == ["https://github.com/cx-journey-lab/cx-journey-lab"]
            assert query["urlpath"] == [f"lab/tree/cx-journey-lab/notebooks/{page.source}"]
            downloads = [h for h, _, _ in parsed[path].links if h.endswith(".ipynb") and _local(h)]
            assert downloads, path
            copy = path.parent / downloads[0]
            assert copy.read_bytes() == (NOTEBOOKS / page.source).read_bytes(), path
            assert t("book.download", lang) in parsed[path].plain


def test_the_hub_of_the_launch_links_can_be_set():
    repo = build_book.Repository("someone", "course", "HEAD", "main")
    link = build_book.hub_url("https://hub.school.example/", repo, "nl/00_welkom.ipynb")
    assert link.startswith("https://hub.school.example/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fsomeone%2Fcourse&")
    assert "urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2Fnl%2F00_welkom.ipynb" in link


def test_the_repository_comes_from_the_readme_badge():
    repo = build_book.repository_from_readme((ROOT / "README.md").read_text(encoding="utf-8"))
    assert (repo.owner, repo.name) == ("cx-journey-lab", "cx-journey-lab")
    with pytest.raises(build_book.BookError, match="Binder badge"):
        build_book.repository_from_readme("# no badge here")


# --------------------------------------------------------------------------- outputs: stored, not executed

def test_no_notebook_was_executed_the_stored_outputs_are_shown(book_site, parsed):
    if BUILD_SECONDS:
        assert BUILD_SECONDS[0] < 120, BUILD_SECONDS  # executing 36 notebooks would take far longer
    for lang, listed in SITE_PAGES.items():
        for page in listed:
            text = parsed[page_file(book_site, page)].plain
            for value in text_outputs(stored(page), "text/markdown"):  # shown when there is no HTML
                sentence = normalise(re.sub(r"[*_`#]", "", value.split("\n")[0]))[:70]
                assert sentence.replace("'", "") in text.replace("'", ""), (page.source, sentence)
    assert not list(book_site.rglob(".jupyter_cache")) and not list(book_site.rglob("jupyter_execute"))


def test_widgets_show_their_stored_snapshot_with_a_note_in_the_page_language(book_site, parsed):
    for lang, listed in SITE_PAGES.items():
        note = t("book.snapshot_note", lang)
        for page in listed:
            html = page_file(book_site, page).read_text(encoding="utf-8")
            views = sum(1 for cell in stored(page)["cells"] for o in cell.get("outputs", [])
                        if build_book.WIDGET_VIEW in o.get("data", {}))
            assert parsed[page_file(book_site, page)].plain.count(normalise(note)) == views, page.source
            assert build_book.WIDGET_VIEW not in html and "jl-static" not in html
    explorer = parsed[book_site / "en" / "05_key_drivers.html"]  # the key-driver explorer's two charts
    alts = [alt for alt, _ in explorer.figures]
    assert any(a.startswith("Key-driver analysis with Shapley values") for a in alts)
    assert any(a.startswith("Importance-performance analysis with derived importance") for a in alts)


def test_the_build_leaves_the_notebooks_untouched(book_site):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in NOTEBOOKS.rglob("*.ipynb")}
    nb = stored(SITE_PAGES["nl"][3])
    assert "widgets" in nb["metadata"]  # the original keeps its widget state; only the copy drops it
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in NOTEBOOKS.rglob("*.ipynb")}


def test_a_chart_without_a_description_is_an_error_not_an_image_without_alt(tmp_path):
    repo = build_book.Repository("o", "n", "HEAD", "main")
    copier = build_book.Copier("nl", tmp_path, repo)
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"}}]
    with pytest.raises(build_book.BookError, match="without a description"):
        copier.outputs(outputs, {}, "notebooks/nl/x.ipynb, cell 3")
    described = outputs + [{"output_type": "display_data", "metadata": {},
                            "data": {"text/markdown": "A chart of three bars.", "text/plain": "<Markdown>"}}]
    result, myst = copier.outputs(described, {}, "here")
    assert myst and len(result) == 1 and ":alt: A chart of three bars." in result[0]["data"]["text/markdown"]


# --------------------------------------------------------------------------- search

def test_full_text_search_in_each_language(book_site):
    for lang, word in (("nl", "klantreiskaart"), ("en", "touchpoint")):
        assert (book_site / lang / "search.html").is_file()
        index = (book_site / lang / "searchindex.js").read_text(encoding="utf-8")
        assert index.startswith("Search.setIndex(")
        data = json.loads(index[len("Search.setIndex("):-1])
        assert any(term.startswith(word[:8]) for term in data["terms"]), (lang, word)
        assert len(data["docnames"]) == len(SITE_PAGES[lang]) + 1  # the notebooks and the landing page
