"""The layering of journeylib (docs/architecture.md, "Layers") is the import-linter contracts in
pyproject.toml. `make test` runs `lint-imports`; these tests run it too, so that pytest alone
catches a violation, and show that the contracts do catch one."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {c["id"]: c for c in CONFIG["contracts"]}
# calls that read or write a file: analysis gets its data as arguments (datasets reads them)
FILE_CALLS = {"open", "read_csv", "read_table", "read_excel", "read_json", "read_parquet", "read_sql",
              "to_csv", "to_excel", "to_json", "to_parquet", "read_text", "write_text", "read_bytes",
              "write_bytes", "savefig", "load", "loadtxt", "genfromtxt", "save", "savetxt"}

needs_linter = pytest.mark.skipif(LINT is None, reason="import-linter is not installed (pip install -e .[test])")


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(cwd), "PATH": str(Path(sys.executable).parent), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([LINT, "--no-cache", "--no-logo", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_contracts_are_declared():
    assert CONFIG["root_package"] == "journeylib"
    assert set(CONTRACTS) >= {"layers", "widgets", "analysis-pure", "analysis-no-files", "charts-no-widgets"}
    layers = [layer.split("#")[0].strip() for layer in CONTRACTS["layers"]["layers"]]
    tops = [layer.split(" ")[0] for layer in layers]
    # cli/course/batch > widgets > reports > charts > (files) > analysis > model > ... > i18n
    order = ["cli", "widgets", "reports", "charts", "store", "analysis", "model", "errors", "text", "i18n"]
    assert [t for t in tops if t in order] == order, tops
    assert "store : datasets" in layers[order.index("store")]
    assert CONTRACTS["layers"]["exhaustive"] and CONTRACTS["widgets"]["exhaustive"]
    widgets, toolkit = CONTRACTS["widgets"]["layers"]
    assert " | " in widgets and "moments" in widgets and "base" in toolkit and "base" not in widgets
    forbidden = set(CONTRACTS["analysis-pure"]["forbidden_modules"])
    assert {"journeylib.charts", "journeylib.widgets", "matplotlib", "ipywidgets"} <= forbidden
    assert {"os", "io", "pathlib"} <= set(CONTRACTS["analysis-no-files"]["forbidden_modules"])
    assert "ipywidgets" in CONTRACTS["charts-no-widgets"]["forbidden_modules"]


@needs_linter
def test_the_code_keeps_every_contract():
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
    assert "BROKEN" not in out.stdout and out.stdout.count("KEPT") == len(CONTRACTS)


@needs_linter
def test_a_violation_fails_the_check(tmp_path):
    """A copy of journeylib with an analysis module that imports matplotlib (inside a function,
    as a lazy import would), a widget that imports another widget and a module placed in no
    layer: lint-imports fails and names each."""
    shutil.copytree(ROOT / "journeylib", tmp_path / "journeylib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    moments = tmp_path / "journeylib" / "analysis" / "moments.py"
    moments.write_text(moments.read_text(encoding="utf-8") + "\n\ndef _draw():\n    import matplotlib\n")
    service = tmp_path / "journeylib" / "widgets" / "service.py"
    service.write_text(service.read_text(encoding="utf-8") + "\nfrom . import mapper\n")
    (tmp_path / "journeylib" / "newthing.py").write_text("X = 1\n")
    out = lint(tmp_path)
    assert out.returncode != 0
    assert "journeylib.analysis.moments -> matplotlib" in out.stdout, out.stdout[-4000:]
    assert "journeylib.widgets.service -> journeylib.widgets.mapper" in out.stdout, out.stdout[-4000:]
    assert "journeylib.newthing" in out.stdout, out.stdout[-4000:]


def file_calls(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in FILE_CALLS:
                found.append(f"line {node.lineno}: {name}()")
    return found


def test_file_calls_are_found():
    assert file_calls("import pandas as pd\ndf = pd.read_csv(path)\nwith open(p) as f: pass\n") == [
        "line 2: read_csv()", "line 3: open()"]
    assert file_calls("x = key_drivers(df, 'y', ['a'])\n") == []


@pytest.mark.parametrize("path", sorted((ROOT / "journeylib" / "analysis").glob("*.py")), ids=lambda p: p.name)
def test_analysis_reads_and_writes_no_files(path):
    assert file_calls(path.read_text(encoding="utf-8")) == [], path.name


def test_docs_describe_every_layer_and_the_readme_links_them():
    """docs/architecture.md names every module of the layers and widgets contracts; the README
    links it (and docs/api.md) in its Dutch and its English part."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for contract in ("layers", "widgets"):
        for layer in CONTRACTS[contract]["layers"]:
            for name in layer.split("#")[0].replace("|", ":").split(":"):
                assert f"`{name.strip()}" in doc, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    dutch, english = readme.split("**English.**", 1)
    for part in (dutch.split("**Nederlands.**", 1)[1], english.split("## ", 1)[0]):
        assert "(docs/architecture.md)" in part and "(docs/api.md)" in part
