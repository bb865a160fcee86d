"""The course website's own pieces, as a small Sphinx extension (see book/conf.py).

On every page: the link to the same page in the other language (``jl-language.html`` in the
article header, and ``<link rel="alternate" hreflang>`` in the head). On every notebook page,
under its title: the launch bar with Binder, the JupyterHub (an nbgitpuller link) and the
download of the notebook. Pages, links and texts come from the JSON file that
``tools/build_book.py`` writes for each language.
"""
from __future__ import annotations

import html
import posixpath

#: pages Sphinx makes itself, present in both languages under the same name
GENERATED = ("search", "genindex")


def _relative(pagename: str, target: str) -> str:
    """The href from page ``pagename`` to ``target`` (a path from the site's root, with suffix)."""
    return posixpath.relpath(target, posixpath.dirname(pagename) or ".")


def other_language_href(pagename: str, book: dict) -> str:
    """From ``pagename`` of this language's site to the same page in the other language's
    (both sites are siblings under one root), or to its home page when it has no twin."""
    page = book["pages"].get(pagename)
    if page is not None:
        twin = page["other"] or "index"
    elif pagename == "index" or pagename in GENERATED:
        twin = pagename
    else:
        twin = "index"
    return _relative(pagename, f"../{book['other_lang']}/{twin}.html")


def launch_bar(pagename: str, book: dict) -> str:
    page, text = book["pages"][pagename], book["strings"]
    download = posixpath.basename(pagename) + ".ipynb"
    items = [
        (page["binder"], text["launch_binder"], text["launch_binder_hint"], ""),
        (page["hub"], text["launch_hub"], text["launch_hub_hint"], ""),
        (download, text["download"], "", f' download="{html.escape(download)}"'),
    ]
    links = "\n".join(
        f'<li><a href="{html.escape(href)}"{extra}>{html.escape(label)}</a>'
        + (f'<span class="jl-hint">{html.escape(hint)}</span>' if hint else "") + "</li>"
        for href, label, hint, extra in items)
    label = html.escape(text["launch_label"])
    return (f'<nav class="jl-launch" aria-label="{label}"><p>{label}</p>\n<ul>\n{links}\n</ul></nav>\n')


def page_context(app, pagename, templatename, context, doctree):
    book = app.config.jl_book
    other = book["other_lang"]
    href = other_language_href(pagename, book)
    context["jl_other_href"] = href
    context["jl_other_lang"] = other
    context["jl_strings"] = book["strings"]
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{other}" href="{html.escape(href)}" />')
    if pagename in book["pages"] and "body" in context:
        body = context["body"]
        end = body.find("</h1>")
        cut = end + len("</h1>") if end >= 0 else 0
        context["body"] = body[:cut] + "\n" + launch_bar(pagename, book) + body[cut:]


def setup(app):
    app.add_config_value("jl_book", {}, "html")  # set in conf.py from tools/build_book.py's file
    app.connect("html-page-context", page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
