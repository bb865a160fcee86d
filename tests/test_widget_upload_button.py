"""The key-driver explorer's upload button (issue 11): ipywidgets 8's FileUpload always shows
"{description} ({number of files})", and the explorer empties the value after reading a file,
so the learner saw "Eigen CSV uploaden (0)". UploadButton shows the description only.

The button's front end (its ESM) runs here in Node with a tiny fake DOM; the kernel side gets
a file in the shape the front end sends (content as bytes, last_modified in milliseconds).
"""
import json
import shutil
import subprocess

import ipywidgets as W
import pytest

import journeylib
from journeylib.widgets import upload as keydrivers
from journeylib.widgets.keydrivers import KeyDriverExplorer
from journeylib.widgets.upload import UploadButton

pytestmark = pytest.mark.usefixtures("close_widgets")  # from conftest.py

FAKE_DOM = r"""
class El {
  constructor(tag) { this.tagName = tag; this.children = []; this.listeners = {}; this.attrs = {};
                     this.style = {}; this.className = ""; this.own = ""; this.clicks = 0; }
  appendChild(child) { this.children.push(child); return child; }
  set textContent(value) { this.children = []; this.own = value; }
  get textContent() { return this.own + this.children.map((c) => c.textContent).join(""); }
  setAttribute(key, value) { this.attrs[key] = String(value); }
  addEventListener(name, f) { (this.listeners[name] ||= []).push(f); }
  async fire(name) { for (const f of this.listeners[name] || []) await f(); }
  click() { this.clicks += 1; }
}
globalThis.document = { createElement: (tag) => new El(tag),
                        createTextNode: (text) => ({ textContent: text }) };
const state = { description: "Eigen CSV uploaden", tooltip: "Upload een enquête", icon: "upload",
                disabled: false, accept: ".csv", multiple: false, value: [], error: "" };
const handlers = {};
let saves = 0;
const model = { get: (k) => state[k], set: (k, v) => { state[k] = v; },
                on: (n, f) => { (handlers[n] ||= []).push(f); }, off: () => {},
                save_changes: () => { saves += 1; } };
const { default: widget } = await import(process.argv[2]);
const el = new El("div");
widget.render({ model, el });
const [button, input] = el.children;
const out = { text: button.textContent, title: button.title, accept: input.accept, tag: button.tagName };
state.description = "Upload own CSV";
for (const f of handlers["change:description"]) f();
out.relabelled = button.textContent;
await button.fire("click");
out.clicks = input.clicks;
input.files = [{ name: "eigen.csv", type: "text/csv", size: 3, lastModified: 1767225600000,
                 arrayBuffer: async () => new Uint8Array([97, 44, 98]).buffer }];
await input.fire("change");
out.value = state.value.map((f) => ({ ...f, content: Array.from(new Uint8Array(f.content)) }));
out.saves = saves;
out.after = button.textContent;
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_upload_button_front_end_shows_no_count(tmp_path):
    esm = tmp_path / "upload.mjs"
    esm.write_text(keydrivers._UPLOAD_ESM, encoding="utf-8")
    runner = tmp_path / "run.mjs"
    runner.write_text(FAKE_DOM, encoding="utf-8")
    done = subprocess.run(["node", str(runner), esm.as_uri()], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["tag"] == "button" and out["text"].strip() == "Eigen CSV uploaden"  # no " (0)"
    assert out["relabelled"].strip() == "Upload own CSV" and out["title"] == "Upload een enquête"
    assert out["accept"] == ".csv" and out["clicks"] == 1  # the button opens the file dialog
    assert out["value"] == [{"name": "eigen.csv", "type": "text/csv", "size": 3, "last_modified": 1767225600000,
                             "content": [97, 44, 98]}] and out["saves"] == 1
    assert "(" not in out["after"]  # a file in the value: still no count


def test_fileupload_of_ipywidgets_would_show_the_count():
    """Why FileUpload is not used: its view draws the number of files after the description."""
    import pathlib
    import sys

    root = pathlib.Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    bundles = list(root.glob("@jupyter-widgets/jupyterlab-manager/static/*.js")) if root.is_dir() else []
    found = [b for b in bundles if "FileUploadView" in b.read_text(encoding="utf-8", errors="ignore")]
    if not found:
        pytest.skip("the JupyterLab widgets bundle is not installed here")
    assert 'get("description")} (${' in found[0].read_text(encoding="utf-8", errors="ignore")


@pytest.fixture
def session(open_session):
    return open_session("hospital")


def test_explorer_uses_the_upload_button_and_reads_a_file_from_the_front_end(session):
    w = KeyDriverExplorer(session)
    assert isinstance(w.upload, UploadButton) and not isinstance(w.upload, W.FileUpload)
    assert w.upload.description == "Eigen enquête uploaden" and w.upload.accept == ".csv,.tsv,.txt,.xlsx"
    assert repr(w.upload) == "<UploadButton: Eigen enquête uploaden>"
    content = b"respondent,d1,d2,satisfaction\n" + b"".join(
        f"{i},{1 + i % 5},{1 + (i * 3) % 5},{1 + (i + i % 3) % 5}\n".encode() for i in range(40))
    # as the browser sends it: content as bytes, last_modified in milliseconds since 1970
    w.upload.set_state({"value": [{"name": "eigen.csv", "type": "text/csv", "size": len(content),
                                   "content": memoryview(content), "last_modified": 1767225600000}]})
    assert w.source.value.startswith("upload:") and "eigen.csv" in w.source_msg.text
    assert w.upload.value == ()  # emptied again: the file is not kept in the widget state
    journeylib.set_language("en")
    assert w.upload.description == "Upload own survey"
