"""Build the course website from the stored, executed notebooks (issue 15, section 1).

    python tools/build_book.py                  # -> _build/book/html (make book)
    python tools/build_book.py --out DIR        # elsewhere (the tests build into a temporary folder)
    python tools/build_book.py --hub-url https://hub.example.edu   # the JupyterHub of the launch links

The site is two Sphinx + MyST-NB builds with the configuration in ``book/`` (``conf.py``, the
``jl_book`` extension, templates and CSS), one per language, side by side under one root:

    html/index.html          choose a language (a small page written here)
    html/nl/ ...             the Dutch course 00-09, the instructor guide, the lecture notebooks
    html/en/ ...             the same in English

Each language is its own Sphinx project, so every page has the right ``<html lang>``, the theme's
labels and the full-text search (with its stemmer) in that language, and previous/next stay in
one language. A language switch on every page links to the same notebook in the other language
(the pairs come from ``tools/notebooks/*.yaml`` and ``journeylib.glossary.NOTEBOOKS``).

Nothing is executed (``nb_execution_mode = "off"``): the stored outputs are the outputs. The
notebooks in ``notebooks/`` are never changed; a copy of each is made for Sphinx in
``<out>/src/<lang>/`` with its outputs made fit for a page that has no kernel:

* a chart (an image output followed by the paragraph that describes it, as
  ``journeylib.course.show_chart`` shows them) becomes one figure whose alt text and caption are
  that description;
* a widget view, which renders as nothing without a kernel, becomes its stored static result: the
  charts kept in its output areas (the widget state in the notebook's metadata), each with its
  description, the widget's own text summary, and a note that this is a snapshot and the launch
  button opens the live notebook;
* the widget state is dropped, so no page loads a widget manager or require.js from a CDN.

The original notebook is copied into the site too, for the "download this notebook" link.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from base64 import b64decode
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_notebooks  # noqa: E402  (the notebook sources: which notebooks pair with which)

from journeylib import glossary  # noqa: E402
from journeylib.i18n import LANGUAGES, t  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
CONF_DIR = ROOT / "book"
DEFAULT_OUT = ROOT / "_build" / "book"
README = ROOT / "README.md"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGE_TYPES = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}
#: a placeholder: the launch link a school fills in with --hub-url or JL_BOOK_HUB_URL (make book BOOK_HUB=...)
DEFAULT_HUB = "https://jupyterhub.example.org"
CHARTS = "_charts"  # where the chart images of the copies go, inside each language's source folder
BADGE = re.compile(r"https://mybinder\.org/v2/gh/([\w.-]+)/([\w.-]+)/([\w.-]+)\?")
NOTEBOOK_LINK = re.compile(r"\[([^\]\n]*)\]\(([\w.-]+\.ipynb)(#[\w-]*)?\)")


class BookError(Exception):
    """The site cannot be built (a notebook output it cannot show, Sphinx failed): says which."""


# --------------------------------------------------------------------------- which pages

@dataclass
class Page:
    lang: str
    source: str        # under notebooks/, e.g. "nl/03_klantreis.ipynb"
    docname: str       # in the language's site, e.g. "03_klantreis" or "instructor/00_guide"
    section: str       # "course" or "instructor"
    other: str = ""    # the docname of the same notebook in the other language's site


def _docname(source: str) -> str:
    folder, name = source.split("/", 1)
    stem = name.removesuffix(".ipynb")
    return stem if folder in LANGUAGES else f"{folder}/{stem}"


def pages() -> dict[str, list[Page]]:
    """Per language, the site's notebook pages in the order of the course map: the course 00-09,
    then the instructor's notebooks (guide, lectures, then the bilingual hand-written ones)."""
    site: dict[str, list[Page]] = {lang: [] for lang in LANGUAGES}
    for number, (nl, en) in glossary.NOTEBOOKS.items():
        pair = {"nl": f"nl/{nl}", "en": f"en/{en}"}
        for lang in LANGUAGES:
            other = pair["en" if lang == "nl" else "nl"]
            site[lang].append(Page(lang, pair[lang], _docname(pair[lang]), "course", _docname(other)))
    singles: dict[str, dict[str, str]] = {}
    pairs: list[dict[str, str]] = []
    for path in build_notebooks.sources():
        spec, _ = build_notebooks.load_source(path)
        made = {lang: str(target.relative_to(NOTEBOOKS)) for lang, target in build_notebooks.targets(spec)}
        if not all(source.startswith("instructor/") for source in made.values()):
            continue
        if isinstance(spec, build_notebooks.Single):  # a guide and its _en twin are two singles
            (lang, source), = made.items()
            singles.setdefault(source.removesuffix(".ipynb").removesuffix("_en"), {})[lang] = source
        else:
            pairs.append(made)
    instructor = [singles[key] for key in sorted(singles)] + sorted(pairs, key=lambda p: p["nl"])
    instructor += [{lang: name for lang in LANGUAGES} for name in sorted(build_notebooks.HAND_WRITTEN)]
    for pair in instructor:
        for lang, source in pair.items():
            other = pair.get("en" if lang == "nl" else "nl", "")
            site[lang].append(Page(lang, source, _docname(source), "instructor", other and _docname(other)))
    for lang, listed in site.items():
        for page in listed:
            if not (NOTEBOOKS / page.source).is_file():
                raise BookError(f"notebooks/{page.source} is missing (course map, {lang})")
    return site


# --------------------------------------------------------------------------- the launch links

@dataclass
class Repository:
    owner: str
    name: str
    ref: str          # for Binder (HEAD: the default branch)
    branch: str       # for nbgitpuller

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"


def repository_from_readme(text: str) -> Repository:
    """The repository of the README's Binder badge (owner, name, ref)."""
    found = BADGE.search(text)
    if found is None:
        raise BookError("README.md has no Binder badge (https://mybinder.org/v2/gh/OWNER/NAME/REF?...): "
                        "give --repository OWNER/NAME")
    owner, name, ref = found.groups()
    return Repository(owner, name, ref, "main")


def binder_url(repo: Repository, source: str, lang: str) -> str:
    # as the README's badges: journeylib/<lang>/ sets the lab's language, then goes on to lab/tree/...
    path = f"journeylib/{lang}/lab/tree/notebooks/{source}"
    return f"https://mybinder.org/v2/gh/{repo.owner}/{repo.name}/{repo.ref}?urlpath={quote(path, safe='/')}"


def hub_url(hub: str, repo: Repository, source: str) -> str:
    """An nbgitpuller link: the hub clones the course into the learner's home on the first click."""
    path = f"lab/tree/{repo.name}/notebooks/{source}"
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo.url, safe='')}"
            f"&branch={quote(repo.branch, safe='')}&urlpath={quote(path, safe='')}")


# --------------------------------------------------------------------------- the copies

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _is_repr(text: str) -> bool:
    """A Python repr such as <Figure size 640x480 with 1 Axes>: not a description."""
    return text.startswith("<") and text.rstrip().endswith(">")


class Copier:
    """Makes the site's copy of a notebook: charts as figures with their description, widget
    views as their stored static result, no widget state."""

    def __init__(self, lang: str, srcdir: Path, repository: Repository):
        self.lang = lang
        self.repository = repository
        self.charts = srcdir / CHARTS
        self.charts.mkdir(parents=True, exist_ok=True)

    def figure(self, mime: str, data, description: str, where: str) -> str:
        description = description.strip()
        if not description:
            raise BookError(f"{where}: a chart without a description (its alt text would be empty)")
        raw = b64decode(_text(data)) if mime != "image/svg+xml" else _text(data).encode("utf-8")
        name = hashlib.sha256(raw).hexdigest()[:20] + IMAGE_TYPES[mime]
        (self.charts / name).write_bytes(raw)
        return (f"```{{figure}} /{CHARTS}/{name}\n:alt: {_one_line(description)}\n:figclass: jl-chart\n\n"
                f"{description}\n```\n")

    def markdown_output(self, text: str) -> dict:
        return {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": text}}

    def snapshot(self, bundle: dict, state: dict, where: str) -> dict:
        """A widget view as its stored static result, with the note that this is a snapshot."""
        summary = _text(bundle.get("text/markdown")).strip()
        parts = []
        for index, (mime, data, text) in enumerate(self._widget_charts(bundle[WIDGET_VIEW]["model_id"], state)):
            description = text if text and not _is_repr(text) else summary
            parts.append(self.figure(mime, data, description, f"{where}, widget chart {index + 1}"))
        if summary and not any(summary in part for part in parts):
            parts.append(summary + "\n")
        parts.append(f"```{{note}}\n{t('book.snapshot_note', self.lang)}\n```\n")
        return self.markdown_output("\n".join(parts))

    @staticmethod
    def _widget_charts(model_id: str, state: dict):
        """The images shown in the output areas of a widget, in the order of its children."""
        seen, found = set(), []

        def refs(value):
            if isinstance(value, str) and value.startswith("IPY_MODEL_"):
                yield value.removeprefix("IPY_MODEL_")
            elif isinstance(value, list):
                for item in value:
                    yield from refs(item)
            elif isinstance(value, dict):
                for item in value.values():
                    yield from refs(item)

        def walk(mid: str):
            model = state.get(mid)
            if mid in seen or model is None:
                return
            seen.add(mid)
            if model.get("model_name") == "OutputModel":
                for output in model["state"].get("outputs", []):
                    data = output.get("data", {})
                    for mime in IMAGE_TYPES:
                        if mime in data:
                            found.append((mime, data[mime], _text(data.get("text/plain")).strip()))
                            break
            for key, value in model.get("state", {}).items():
                if key not in ("layout", "style"):
                    for child in refs(value):
                        walk(child)

        walk(model_id)
        return found

    def outputs(self, outputs: list, state: dict, where: str) -> tuple[list, bool]:
        """The cell's outputs for the page; True when one of them is MyST (a figure or a note)."""
        result, myst, index = [], False, 0
        while index < len(outputs):
            output = outputs[index]
            data = output.get("data", {})
            index += 1
            if WIDGET_VIEW in data:
                result.append(self.snapshot(data, state, where))
                myst = True
                continue
            mime = next((m for m in IMAGE_TYPES if m in data), None)
            if mime is None:
                result.append(output)
                continue
            text = _text(data.get("text/plain")).strip()
            if not text or _is_repr(text):  # show_chart: the description is the next output
                following = outputs[index].get("data", {}) if index < len(outputs) else {}
                text = _text(following.get("text/markdown")).strip()
                index += 1 if text else 0
            result.append(self.markdown_output(self.figure(mime, data[mime], text, where)))
            myst = True
        return result, myst

    def notebook(self, page: Page, site: dict[str, list[Page]]) -> dict:
        nb = json.loads((NOTEBOOKS / page.source).read_text(encoding="utf-8"))
        nb = copy.deepcopy(nb)
        widgets = nb.get("metadata", {}).pop("widgets", {})
        state = widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        for number, cell in enumerate(nb["cells"]):
            where = f"notebooks/{page.source}, cell {number}"
            if cell["cell_type"] == "markdown":
                cell["source"] = self.links(_text(cell["source"]), page, site)
                continue
            if cell["cell_type"] != "code":
                continue
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if "parameters" in tags:  # papermill's cell: nothing for a reader
                tags.append("remove-cell")
            cell["outputs"], myst = self.outputs(cell.get("outputs", []), state, where)
            if myst:
                cell["metadata"].setdefault("mystnb", {})["markdown_format"] = "myst"
        return nb

    def links(self, text: str, page: Page, site: dict[str, list[Page]]) -> str:
        """Links to a sibling notebook: kept when it is a page of this site, to the other
        language's page when it is there, to the repository's file otherwise."""
        folder = page.source.rsplit("/", 1)[0]
        here = {p.source: p for p in site[page.lang]}
        there = {p.source: p for lang, listed in site.items() if lang != page.lang for p in listed}

        def replace(found: re.Match) -> str:
            label, target, anchor = found.group(1), f"{folder}/{found.group(2)}", found.group(3) or ""
            if target in here:
                return found.group(0)
            if target in there:  # another Sphinx project: a plain link, which MyST would take for a reference
                other = there[target]
                up = "../" * (page.docname.count("/") + 1)
                href = f"{up}{other.lang}/{other.docname}.html{anchor}"
                return f'<a href="{html.escape(href)}" hreflang="{other.lang}">{html.escape(label)}</a>'
            return f"[{label}]({self.repository.url}/blob/{self.repository.branch}/notebooks/{target}{anchor})"

        return NOTEBOOK_LINK.sub(replace, text)


# --------------------------------------------------------------------------- the landing pages

def landing_page(lang: str, listed: list[Page]) -> str:
    def toctree(caption: str, section: str) -> str:
        entries = "\n".join(p.docname for p in listed if p.section == section)
        return f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n\n{entries}\n```\n"

    return "\n".join([
        f"# {t('book.title', lang)}\n",
        t("book.landing_intro", lang) + "\n",
        t("book.landing_order", lang) + "\n",
        toctree(t("book.toc_course", lang), "course"),
        t("book.instructor_intro", lang) + "\n",
        toctree(t("book.toc_instructor", lang), "instructor"),
    ])


def root_page() -> str:
    """html/index.html: the choice of language, both languages on one small page."""
    choices = "\n".join(
        f'      <li lang="{lang}"><a href="{lang}/index.html" hreflang="{lang}">{html.escape(t("book.title", lang))}</a>'
        f'<p>{html.escape(t("book.landing_intro", lang))}</p></li>'
        for lang in LANGUAGES)
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>CX Journey Lab</title>
  <link rel="alternate" hreflang="nl" href="nl/index.html">
  <link rel="alternate" hreflang="en" href="en/index.html">
  <style>
    body {{ font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0; line-height: 1.5; }}
    header, main {{ max-width: 46em; margin: 0 auto; padding: 1em 1.5em; }}
    ul {{ list-style: none; padding: 0; }}
    li {{ margin: 1.5em 0; }}
    a {{ color: #0b5394; font-size: 1.3em; font-weight: 600; }}
    a:focus-visible {{ outline: 3px solid #0b5394; outline-offset: 2px; }}
  </style>
</head>
<body>
  <header><h1>CX Journey Lab</h1></header>
  <main>
    <ul>
{choices}
    </ul>
  </main>
</body>
</html>
"""


# --------------------------------------------------------------------------- the build

def prepare(lang: str, listed: list[Page], site: dict[str, list[Page]], out: Path,
            repo: Repository, hub: str) -> Path:
    """Write the language's Sphinx sources, its downloads and the configuration for book/conf.py."""
    srcdir, extra = out / "src" / lang, out / "extra" / lang
    for folder in (srcdir, extra):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    copier = Copier(lang, srcdir, repo)
    for page in listed:
        target = srcdir / f"{page.docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(copier.notebook(page, site), ensure_ascii=False, indent=1), encoding="utf-8")
        download = extra / f"{page.docname}.ipynb"
        download.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NOTEBOOKS / page.source, download)
    (srcdir / "index.md").write_text(landing_page(lang, listed), encoding="utf-8")
    other = "en" if lang == "nl" else "nl"
    config = {
        "lang": lang,
        "other_lang": other,
        "extra": str(extra),
        "repository": repo.url,
        "strings": {key: t(f"book.{key}", lang) for key in (
            "title", "snapshot_note", "launch_label", "launch_binder", "launch_binder_hint", "launch_hub",
            "launch_hub_hint", "download", "language_label", "other_language", "other_language_title")},
        "pages": {p.docname: {**asdict(p), "binder": binder_url(repo, p.source, lang),
                              "hub": hub_url(hub, repo, p.source)} for p in listed},
    }
    path = out / f"conf-{lang}.json"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def build(out: Path = DEFAULT_OUT, hub: str | None = None, repository: str | None = None,
          quiet: bool = True) -> Path:
    """Build the whole site into ``out/html``; returns that folder."""
    out = Path(out).resolve()
    hub = hub or os.environ.get("JL_BOOK_HUB_URL") or DEFAULT_HUB
    repo = repository_from_readme(README.read_text(encoding="utf-8"))
    if repository:
        owner, _, name = repository.partition("/")
        repo = Repository(owner, name, repo.ref, repo.branch)
    site = pages()
    html_dir = out / "html"
    for folder in (html_dir, out / "sites"):
        shutil.rmtree(folder, ignore_errors=True)
    html_dir.mkdir(parents=True)
    jobs = []
    for lang, listed in site.items():
        config = prepare(lang, listed, site, out, repo, hub)
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-c", str(CONF_DIR),
                   "-d", str(out / "doctrees" / lang), str(out / "src" / lang), str(out / "sites" / lang / "html")]
        if quiet:
            command.insert(3, "-q")
        env = {**os.environ, "JL_BOOK_CONFIG": str(config), "PYTHONHASHSEED": "0"}
        jobs.append((lang, subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                            text=True)))
    failed = []
    for lang, job in jobs:
        log, _ = job.communicate()
        if job.returncode:
            failed.append(f"[{lang}] sphinx-build exited with {job.returncode}:\n{log}")
        elif log.strip() and not quiet:
            print(log, end="")
    if failed:
        raise BookError("\n".join(failed))
    for lang in site:  # each site on its own first: myst-nb writes beside its output folder
        shutil.move(out / "sites" / lang / "html", html_dir / lang)
    (html_dir / "index.html").write_text(root_page(), encoding="utf-8")
    (html_dir / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: keep _static/ and _images/
    return html_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="build folder (default: _build/book)")
    parser.add_argument("--hub-url", default=None,
                        help=f"the JupyterHub of the launch links (default: $JL_BOOK_HUB_URL or {DEFAULT_HUB})")
    parser.add_argument("--repository", default=None,
                        help="OWNER/NAME on GitHub (default: from the README's Binder badge)")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's output")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        html_dir = build(args.out, args.hub_url, args.repository, quiet=not args.verbose)
    except BookError as err:
        print(err, file=sys.stderr)
        return 1
    shown = html_dir.relative_to(ROOT) if html_dir.is_relative_to(ROOT) else html_dir
    print(f"built {shown}/index.html in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
