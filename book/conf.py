"""Sphinx configuration of the course website, one language per build.

Not run by hand: ``python tools/build_book.py`` (``make book``) writes the sources of each
language and a JSON file with its pages, launch links and texts, and runs sphinx-build with
``-c book`` and ``JL_BOOK_CONFIG`` pointing at that file. Everything here works offline: the
theme ships its fonts and icons in ``_static``, the stored outputs are shown as they are
(nothing is executed) and no widget manager, require.js or MathJax is loaded from a CDN.
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

BOOK = json.loads(Path(os.environ["JL_BOOK_CONFIG"]).read_text(encoding="utf-8"))

project = "CX Journey Lab"
author = "CX Journey Lab"
copyright = "CX Journey Lab; course text CC BY 4.0, code MIT"
language = BOOK["lang"]
jl_book = BOOK  # pages, launch links and texts, for the jl_book extension
root_doc = "index"

extensions = ["myst_nb", "jl_book"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["jl-book.css"]
html_extra_path = [BOOK["extra"]]  # the original notebooks, for "download this notebook"

# the stored outputs are the outputs: never execute
nb_execution_mode = "off"
nb_ipywidgets_js = {}           # no widget manager or require.js from a CDN (the copies hold no widget state)
nb_merge_streams = True
nb_output_stderr = "remove"      # a stray warning on stderr is not for readers
myst_enable_extensions = []     # no dollarmath: no MathJax from a CDN
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]   # notebooks that go from # to ### (a heading level skipped)
mathjax_path = "mathjax-not-used.js"  # never a CDN, should a page ever hold math

html_theme = "sphinx_book_theme"
html_title = BOOK["strings"]["title"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,       # the page's own launch bar has the notebook download
    "use_fullscreen_button": False,
    "article_header_end": ["jl-language.html", "article-header-buttons.html"],
    "extra_footer": "",
    "navigation_with_keys": False,
}
