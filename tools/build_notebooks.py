"""Build the nl and en notebooks of each pair from one source, so they cannot drift apart.

A source is tools/notebooks/<NN>_<name>.yaml:

    nl: 03_klantreis.ipynb          # file names in notebooks/nl/ and notebooks/en/
    en: 03_journey.ipynb            # (or folder: instructor and one name: for a single notebook)
    cells:
      - md:
          nl: "# 03 · De klantreis ..."
          en: "# 03 · The journey ..."
      - parameters: {case: hospital}            # the papermill parameters cell (lang, case, workbook, lecture)
      - code: |
          session = jl.course.start(lang, case, workbook, lecture)
        tags: [setup]                           # optional

Code cells are identical in both languages; only Markdown and the `lang` default differ.
Outputs of an existing notebook are kept when a cell's source did not change, so
rebuilding does not throw away executed results; run `make notebooks` after a change.

    python tools/build_notebooks.py            # build all
    python tools/build_notebooks.py --check    # exit 1 when a notebook differs from its source
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "notebooks"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
PARAMETERS = ("lang", "case", "workbook", "lecture")


def parameters_source(lang: str, values: dict) -> str:
    values = {"case": "", "workbook": "", "lecture": False, **values, "lang": lang}
    lines = ["# Parameters (papermill and instructors may change these; learners need not)"]
    for name in list(PARAMETERS) + [k for k in values if k not in PARAMETERS]:
        lines.append(f"{name} = {values[name]!r}")
    return "\n".join(lines)


def cell_sources(spec: dict, lang: str) -> list[dict]:
    cells = []
    for item in spec["cells"]:
        if "md" in item:
            text = item["md"][lang] if isinstance(item["md"], dict) else item["md"]
            cells.append({"cell_type": "markdown", "metadata": {}, "source": text.rstrip("\n")})
        elif "parameters" in item:
            cells.append({"cell_type": "code", "metadata": {"tags": ["parameters"]},
                          "source": parameters_source(lang, item["parameters"] or {})})
        else:
            meta = {"tags": list(item["tags"])} if item.get("tags") else {}
            cells.append({"cell_type": "code", "metadata": meta, "source": item["code"].rstrip("\n")})
    return cells


def targets(spec: dict) -> list[tuple[str, Path]]:
    if "folder" in spec:
        return [(spec.get("lang", "nl"), ROOT / "notebooks" / spec["folder"] / spec["name"])]
    return [("nl", ROOT / "notebooks" / "nl" / spec["nl"]), ("en", ROOT / "notebooks" / "en" / spec["en"])]


def build(spec: dict, lang: str, path: Path) -> dict:
    old = {}
    if path.exists():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            old.setdefault(src, cell)
    cells = []
    for cell in cell_sources(spec, lang):
        if cell["cell_type"] == "code":
            prior = old.get(cell["source"])
            cell["execution_count"] = prior.get("execution_count") if prior else None
            cell["outputs"] = prior.get("outputs", []) if prior else []
        cells.append(cell)
    previous_meta = json.loads(path.read_text(encoding="utf-8"))["metadata"] if path.exists() else {}
    metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    if "widgets" in previous_meta:
        metadata["widgets"] = previous_meta["widgets"]
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def dump(nb: dict) -> str:
    import nbformat

    node = nbformat.from_dict(nb)
    for i, cell in enumerate(node.cells):  # stable ids derived from position keep diffs small
        cell["id"] = f"cell-{i:02d}"
    return nbformat.writes(node, version=4) + "\n"


def specs():
    for source in sorted(SOURCES.glob("*.yaml")):
        yield source, yaml.safe_load(source.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    bad = 0
    for source, spec in specs():
        if wanted and not any(w in source.name for w in wanted):
            continue
        for lang, path in targets(spec):
            nb = build(spec, lang, path)
            if check:
                current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"cells": []}
                strip = lambda cells: [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []))
                                       for c in cells]
                if strip(current["cells"]) != strip(nb["cells"]):
                    print(f"{path.relative_to(ROOT)} differs from {source.relative_to(ROOT)}")
                    bad += 1
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(nb), encoding="utf-8")
            print(f"built {path.relative_to(ROOT)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
