"""Build the nl and en notebooks of each pair from one source, so they cannot drift apart.

A source is tools/notebooks/<NN>_<name>.yaml:

    nl: 03_klantreis.ipynb          # file names in notebooks/nl/ and notebooks/en/
    en: 03_journey.ipynb            # (folder: instructor puts both in notebooks/instructor/; or
                                    #  folder:, name: and lang: for a single notebook)
    cells:
      - md:
          nl: "# 03 · De klantreis ..."
          en: "# 03 · The journey ..."
      - parameters: {case: hospital}            # the papermill parameters cell (lang, case, workbook, lecture)
      - code: |
          session = jl.course.start(lang, case, workbook, lecture)
        tags: [setup]                           # optional

Code cells are identical in both languages; only Markdown and the `lang` default differ. A
source is checked against that schema first: a bad item is an error that names the file and
the item (see `load_source`).

Outputs of an existing notebook are kept for a code cell whose source did not change, so
rebuilding does not throw away executed results; run `make notebooks` after a change. Old
and new code cells are paired by their place in the sequence of code cells (as a diff pairs
lines), not looked up by their code, so two cells with the same code each keep their own
outputs.

    python tools/build_notebooks.py [NAME ...]     # build all (or the sources whose name contains NAME)
    python tools/build_notebooks.py --check        # exit 1 when a notebook differs from its source

`make test` runs `--check`: a notebook edited in Jupyter but not in its YAML fails it, with the
command that regenerates it. A notebook under notebooks/ without a source must be listed in
HAND_WRITTEN.
"""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "notebooks"
NOTEBOOKS = ROOT / "notebooks"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
PARAMETERS = ("lang", "case", "workbook", "lecture")
# instructor notebooks written by hand in Jupyter (parameterised for batch runs): no YAML source
HAND_WRITTEN = {"instructor/class_overview.ipynb", "instructor/report.ipynb"}
REGENERATE = "python tools/build_notebooks.py"


# --------------------------------------------------------------------------- the schema

class SourceError(Exception):
    """A YAML source that cannot be read or does not fit the schema: names the file and the item."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Texts(_Strict):
    nl: str
    en: str


class Markdown(_Strict):
    md: Union[str, Texts]

    def text(self, lang: str) -> str:
        return self.md if isinstance(self.md, str) else getattr(self.md, lang)


class Parameters(_Strict):
    parameters: Union[dict[str, Union[str, bool, int, float, None]], None] = None

    @field_validator("parameters")
    @classmethod
    def _names(cls, values):
        for name in values or {}:
            if not name.isidentifier():
                raise ValueError(f"{name!r} is not a Python name")
            if name == "lang":
                raise ValueError("'lang' is set per notebook (nl/en); leave it out")
        return values


class Code(_Strict):
    code: str = Field(min_length=1)
    tags: list[str] = []


class Pair(_Strict):
    """A course notebook in notebooks/nl/ and its twin in notebooks/en/; with ``folder``, both
    side by side in notebooks/<folder>/ (a lecture notebook and its ``_en`` twin)."""
    nl: str = Field(pattern=r"^[\w.-]+\.ipynb$")
    en: str = Field(pattern=r"^[\w.-]+\.ipynb$")
    folder: Union[str, None] = Field(default=None, pattern=r"^[\w-]+$")
    cells: list

    @model_validator(mode="after")
    def _two_files(self):
        if self.folder is not None and self.nl == self.en:
            raise ValueError(f"nl and en are one file ({self.nl}) in notebooks/{self.folder}/: give each its own name")
        return self


class Single(_Strict):
    """One notebook in one language, e.g. an instructor's lecture demo."""
    folder: str = Field(pattern=r"^[\w-]+$")
    name: str = Field(pattern=r"^[\w.-]+\.ipynb$")
    lang: Literal["nl", "en"] = "nl"
    cells: list


ITEMS = {"md": Markdown, "parameters": Parameters, "code": Code}


def _problems(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in err.errors())


def _describe(item) -> str:
    """The item as a person finds it in the file: its kind and the start of its text."""
    if not isinstance(item, dict) or not item:
        return repr(item)[:60]
    kind = next(iter(item))
    value = item[kind]
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    first = str(value).strip().splitlines()[0] if str(value).strip() else ""
    return f"{kind}: {first[:50]!r}"


def check_item(item, file: str, index: int):
    """One validated cell item; SourceError naming the file and the item otherwise."""
    where = f"{file}: cells item {index + 1} ({_describe(item)})"
    if not isinstance(item, dict):
        raise SourceError(f"{where}: an item is a mapping with one of the keys {', '.join(ITEMS)}")
    kinds = [k for k in ITEMS if k in item]
    if len(kinds) != 1:
        found = ", ".join(map(str, item)) or "none"
        raise SourceError(f"{where}: an item has exactly one of the keys {', '.join(ITEMS)} (found: {found})")
    try:
        return ITEMS[kinds[0]].model_validate(item)
    except ValidationError as err:
        raise SourceError(f"{where}: {_problems(err)}") from None


def check_source(data, file: str) -> tuple[Pair | Single, list]:
    """The notebook description and its cell items, validated (see the module's schema)."""
    if not isinstance(data, dict):
        raise SourceError(f"{file}: a source is a mapping with nl:, en: and cells: (or folder:, name:, cells:)")
    model = Single if "folder" in data and not {"nl", "en"} & set(data) else Pair
    try:
        spec = model.model_validate(data)
    except ValidationError as err:
        raise SourceError(f"{file}: {_problems(err)}") from None
    items = [check_item(item, file, i) for i, item in enumerate(spec.cells)]
    count = sum(isinstance(item, Parameters) for item in items)
    if count != 1:
        raise SourceError(f"{file}: a notebook has exactly one 'parameters' item (found {count})")
    for i, item in enumerate(items):
        if isinstance(spec, Pair) and isinstance(item, Markdown) and isinstance(item.md, str):
            raise SourceError(f"{file}: cells item {i + 1} ({_describe(spec.cells[i])}): "
                              "md in a nl/en pair needs both texts, as md: {nl: ..., en: ...}")
    return spec, items


def load_source(path: Path) -> tuple[Pair | Single, list]:
    file = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise SourceError(f"{file}: not valid YAML: {err}") from None
    return check_source(data, file)


# --------------------------------------------------------------------------- building

#: the parameters cell's comment, in the notebook's own language
PARAMETERS_COMMENT = {
    "nl": "# Parameters (papermill en docenten kunnen ze veranderen; cursisten hoeven er niets mee)",
    "en": "# Parameters (papermill and instructors may change these; learners need not)",
}


def parameters_source(lang: str, values: dict) -> str:
    values = {"case": "", "workbook": "", "lecture": False, **values, "lang": lang}
    lines = [PARAMETERS_COMMENT[lang]]
    for name in list(PARAMETERS) + [k for k in values if k not in PARAMETERS]:
        lines.append(f"{name} = {values[name]!r}")
    return "\n".join(lines)


def cell_sources(items: list, lang: str) -> list[dict]:
    cells = []
    for item in items:
        if isinstance(item, Markdown):
            cells.append({"cell_type": "markdown", "metadata": {}, "source": item.text(lang).rstrip("\n")})
        elif isinstance(item, Parameters):
            cells.append({"cell_type": "code", "metadata": {"tags": ["parameters"]},
                          "source": parameters_source(lang, item.parameters or {})})
        else:
            meta = {"tags": list(item.tags)} if item.tags else {}
            cells.append({"cell_type": "code", "metadata": meta, "source": item.code.rstrip("\n")})
    return cells


def targets(spec: Pair | Single) -> list[tuple[str, Path]]:
    if isinstance(spec, Single):
        return [(spec.lang, NOTEBOOKS / spec.folder / spec.name)]
    if spec.folder is not None:
        return [("nl", NOTEBOOKS / spec.folder / spec.nl), ("en", NOTEBOOKS / spec.folder / spec.en)]
    return [("nl", NOTEBOOKS / "nl" / spec.nl), ("en", NOTEBOOKS / "en" / spec.en)]


def source_text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def earlier_cells(old: list[dict], new: list[dict]) -> dict[int, dict]:
    """For each new code cell (by index in ``new``), the old code cell with the same code at the
    same place in the sequence of code cells. Pairing by place, not by code, gives two cells
    with identical code each their own outputs."""
    old_code = [c for c in old if c["cell_type"] == "code"]
    new_code = [i for i, c in enumerate(new) if c["cell_type"] == "code"]
    matcher = difflib.SequenceMatcher(a=[source_text(c) for c in old_code],
                                      b=[new[i]["source"] for i in new_code], autojunk=False)
    pairs = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            pairs[new_code[b + k]] = old_code[a + k]
    return pairs


def build(items: list, lang: str, path: Path) -> dict:
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"cells": [], "metadata": {}}
    cells = cell_sources(items, lang)
    prior = earlier_cells(previous["cells"], cells)
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            cell["execution_count"] = prior[i].get("execution_count") if i in prior else None
            cell["outputs"] = prior[i].get("outputs", []) if i in prior else []
    metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    if "widgets" in previous["metadata"]:
        metadata["widgets"] = previous["metadata"]["widgets"]
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def dump(nb: dict) -> str:
    import nbformat

    node = nbformat.from_dict(nb)
    for i, cell in enumerate(node.cells):  # stable ids derived from position keep diffs small
        cell["id"] = f"cell-{i:02d}"
    return nbformat.writes(node, version=4) + "\n"


def sources(wanted: list[str] = ()) -> list[Path]:
    return [s for s in sorted(SOURCES.glob("*.yaml")) if not wanted or any(w in s.name for w in wanted)]


# --------------------------------------------------------------------------- checking

def _as_text(cells: list[dict]) -> list[str]:
    lines = []
    for i, cell in enumerate(cells, 1):
        tags = cell.get("metadata", {}).get("tags", [])
        lines.append(f"## cell {i}: {cell['cell_type']}" + (f" tags={tags}" if tags else ""))
        lines.extend(source_text(cell).splitlines())
    return lines


def difference(current: list[dict], wanted: list[dict], limit: int = 24) -> str:
    """What differs between a stored notebook's cells and its source, as a short diff ('' if nothing)."""
    diff = list(difflib.unified_diff(_as_text(current), _as_text(wanted), "notebook", "source", n=1, lineterm=""))
    if not diff:
        return ""
    shown = diff[2:2 + limit] + ([f"... ({len(diff) - 2 - limit} more lines)"] if len(diff) > 2 + limit else [])
    return "\n".join("    " + line for line in shown)


def check(paths: list[Path], out=sys.stdout) -> int:
    """How many notebooks differ from their sources (and sources that are broken); says why."""
    bad, made, broken = 0, set(), False
    for source in paths:
        try:
            spec, items = load_source(source)
        except SourceError as err:
            print(f"{err}", file=out)
            bad, broken = bad + 1, True
            continue
        rel = source.relative_to(ROOT)
        for lang, path in targets(spec):
            made.add(path)
            name = path.relative_to(ROOT)
            if not path.exists():
                print(f"{name} is missing; its source is {rel}. Build it: {REGENERATE} {source.stem}", file=out)
                bad += 1
                continue
            current = json.loads(path.read_text(encoding="utf-8"))["cells"]
            diff = difference(current, cell_sources(items, lang))
            if diff:
                print(f"{name} differs from its source {rel}:\n{diff}\n"
                      f"  The YAML is the source: put a change made in Jupyter into {rel}, then regenerate\n"
                      f"  with `{REGENERATE} {source.stem}` (and `make notebooks` to re-execute).", file=out)
                bad += 1
    if len(paths) == len(sources()) and not broken:  # (a broken source's notebooks are not known)
        for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
            rel = path.relative_to(NOTEBOOKS).as_posix()
            if path not in made and rel not in HAND_WRITTEN and ".ipynb_checkpoints" not in path.parts:
                print(f"notebooks/{rel} has no source in tools/notebooks/: write one (and run {REGENERATE}), "
                      "or list it in HAND_WRITTEN in tools/build_notebooks.py", file=out)
                bad += 1
    return bad


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("--")]
    paths = sources(wanted)
    if "--check" in argv:
        bad = check(paths)
        if bad:
            print(f"{bad} notebook(s) out of step with tools/notebooks/*.yaml", file=sys.stderr)
        return 1 if bad else 0
    try:
        loaded = [(source, *load_source(source)) for source in paths]  # every source checked before any write
    except SourceError as err:
        print(err, file=sys.stderr)
        return 2
    for source, spec, items in loaded:
        for lang, path in targets(spec):
            nb = build(items, lang, path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(nb), encoding="utf-8")
            print(f"built {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
