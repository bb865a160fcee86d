"""`import journeylib` stays light: heavy libraries load only when used (budget: 100 ms)."""
import json
import subprocess
import sys

HEAVY = ["pandas", "matplotlib", "numpy", "ipywidgets", "pydantic", "yaml", "PIL"]


def test_import_journeylib_loads_no_heavy_module():
    code = ("import sys, json, journeylib; journeylib.set_language('en'); "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_lazy_names_resolve():
    import journeylib

    assert journeylib.open_workbook.__module__ == "journeylib.store"
    assert callable(journeylib.lecture_style)
    assert "open_workbook" in dir(journeylib)


def test_submodules_are_reachable_from_a_fresh_import():
    code = ("import journeylib as jl; jl.analysis.ipa.journey_ipa; jl.charts.quadrants.plot_ipa; "
            "jl.exports.mermaid_markdown; jl.datasets.list_cases; print(sorted(jl.analysis.__all__)[:2])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
