"""An upload button that shows only its description: every journeylib upload uses it
(the workbook bar, the key-driver explorer, the reflection board)."""
from __future__ import annotations

import anywidget
import traitlets
from ipywidgets.widgets.trait_types import TypedTuple
from ipywidgets.widgets.widget_upload import _value_serialization

__all__ = ["UploadButton"]


# ipywidgets 8's FileUpload always draws "{description} ({number of files in value})", and
# journeylib's widgets empty ``value`` after every upload (the file is read at once, and 50 MB must
# not stay in the widget state), so the learner saw "Upload own CSV (0)" for ever. This
# button draws only the icon and the description and otherwise behaves like FileUpload:
# the same ``value`` (name, type, size, content, last_modified), filled by the browser.
_UPLOAD_ESM = r"""
function render({ model, el }) {
  const button = document.createElement("button");
  button.className = "jupyter-widgets jupyter-button widget-upload jl-upload";
  button.type = "button";
  button.style.width = "auto";  // the whole description, never "Eigen CSV upl..."
  button.style.maxWidth = "100%";
  const input = document.createElement("input");
  input.type = "file";
  input.style.display = "none";
  el.appendChild(button);
  el.appendChild(input);
  const draw = () => {
    button.textContent = "";
    const icon = model.get("icon");
    if (icon) {
      const i = document.createElement("i");
      i.className = "fa fa-" + icon;
      button.appendChild(i);
    }
    const text = model.get("description");
    button.appendChild(document.createTextNode((icon && text ? " " : "") + text));
    button.title = model.get("tooltip") || "";
    button.setAttribute("aria-label", text);
    button.disabled = !!model.get("disabled");
    input.accept = model.get("accept");
    input.multiple = !!model.get("multiple");
  };
  draw();
  const names = ["description", "tooltip", "icon", "disabled", "accept", "multiple"];
  for (const name of names) model.on("change:" + name, draw);
  button.addEventListener("click", () => input.click());
  input.addEventListener("click", () => { input.value = ""; });
  input.addEventListener("change", async () => {
    try {
      const files = await Promise.all(Array.from(input.files || []).map(async (file) => ({
        name: file.name, type: file.type, size: file.size, last_modified: file.lastModified,
        content: await file.arrayBuffer(),
      })));
      model.set("error", "");
      model.set("value", files);
    } catch (error) {
      model.set("error", String(error));
    }
    model.save_changes();
  });
  return () => { for (const name of names) model.off("change:" + name, draw); };
}
export default { render };
"""


class UploadButton(anywidget.AnyWidget):
    """A file upload button that shows its description only, never a count of files.

    The same ``value`` as :class:`ipywidgets.FileUpload` (a tuple of dicts with ``name``,
    ``type``, ``size``, ``content``, ``last_modified``), and ``description``, ``tooltip``,
    ``icon``, ``accept``, ``multiple``, ``disabled`` and ``error``.
    """

    _esm = traitlets.Unicode(_UPLOAD_ESM).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    icon = traitlets.Unicode("upload").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    value = TypedTuple(traitlets.Dict()).tag(sync=True, echo_update=False, **_value_serialization)

    def __repr__(self) -> str:
        return f"<UploadButton: {self.description}>"
