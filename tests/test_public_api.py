"""The public API: every public function of journeylib.analysis and journeylib.charts by its
own name from the package, loaded lazily (import stays light), listed in __all__ and dir().
"""
from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import journeylib
import journeylib.analysis as analysis
import journeylib.charts as charts

PACKAGES = {"journeylib.analysis": analysis, "journeylib.charts": charts}
#: submodules whose names stay in the submodule (reached as charts.CHARTS[name].example_data())
NOT_AT_PACKAGE_LEVEL = {"journeylib.charts.examples"}


def _submodules(package):
    return [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
            if not m.name.startswith("_")]


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize("package", PACKAGES.values(), ids=PACKAGES)
def test_every_name_in_all_resolves_and_is_callable(package):
    assert package.__all__ == sorted(set(package.__all__))
    for name in package.__all__:
        value = getattr(package, name)
        assert callable(value), name
        assert name in dir(package)


@pytest.mark.parametrize("package", PACKAGES.values(), ids=PACKAGES)
def test_the_package_lists_every_public_callable_of_its_submodules(package):
    """Each submodule's own __all__ decides what is public; the package table follows it."""
    expected = {}
    for module_name in _submodules(package):
        if module_name in NOT_AT_PACKAGE_LEVEL:
            continue
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            if callable(getattr(module, name)):
                assert name not in expected, f"{name} is public in {expected.get(name)} and {module_name}"
                expected[name] = module_name.rsplit(".", 1)[1]
    table = package._PUBLIC
    missing = {n: m for n, m in expected.items() if n not in table}
    stale = {n: m for n, m in table.items() if expected.get(n) != m}
    assert not missing, f"add to {package.__name__}._PUBLIC: {missing}"
    assert not stale, f"no longer public where {package.__name__}._PUBLIC says: {stale}"


@pytest.mark.parametrize("package", PACKAGES.values(), ids=PACKAGES)
def test_package_names_are_the_submodules_objects(package):
    for name, module in package._PUBLIC.items():
        assert getattr(package, name) is getattr(importlib.import_module(f"{package.__name__}.{module}"), name)


@pytest.mark.parametrize("package", PACKAGES.values(), ids=PACKAGES)
def test_submodules_stay_reachable_and_in_dir(package):
    for module_name in _submodules(package):
        short = module_name.rsplit(".", 1)[1]
        assert short in dir(package)
        assert getattr(package, short) is importlib.import_module(module_name)


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no_such_function"):
        analysis.no_such_function  # noqa: B018
    with pytest.raises(ImportError, match="plot_nothing"):
        from journeylib.charts import plot_nothing  # noqa: F401


def test_documented_imports_work():
    from journeylib.analysis import journey_ipa, key_drivers, key_drivers_from_corr, nps, peak_end  # noqa: F401
    from journeylib.charts import CHARTS, describe_journey_map, plot_journey_map  # noqa: F401

    assert journeylib.analysis.key_drivers is key_drivers
    assert "journey_map" in CHARTS


def test_importing_the_packages_loads_no_heavy_library():
    code = ("import sys, json, journeylib, journeylib.analysis, journeylib.charts\n"
            "from journeylib.charts import CHARTS, chart_info\n"
            "chart_info('emotion'); dir(journeylib.charts); dir(journeylib.analysis)\n"
            "print(json.dumps(sorted(m for m in ('matplotlib', 'pandas', 'numpy', 'pydantic', 'ipywidgets')"
            " if m in sys.modules)))")
    assert json.loads(_run(code)) == []


def test_charts_that_need_no_table_load_no_pandas():
    """Chart modules import pandas only inside the functions that need it (memory per kernel)."""
    code = ("import sys\n"
            "from journeylib.charts import plot_journey_map, plot_golden_circle, plot_communication_pie, "
            "plot_poster, plot_channel_heatmap, plot_key_drivers\n"
            "from journeylib.charts import examples\n"
            "import matplotlib; matplotlib.use('Agg')\n"
            "plot_journey_map(examples.journey()); plot_golden_circle(examples.brand())\n"
            "plot_channel_heatmap(examples.channel_matrix())\n"
            "print('pandas' in sys.modules, 'matplotlib' in sys.modules)")
    assert _run(code).split() == ["False", "True"]


def test_no_chart_module_imports_pandas_at_module_level():
    for path in sorted(Path(charts.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "pandas" for n in names), f"{path.name}:{node.lineno}"


def test_describe_functions_take_lang_as_keyword_only():
    for name in charts.__all__:
        if name.startswith("describe_"):
            lang = inspect.signature(getattr(charts, name)).parameters["lang"]
            assert lang.kind is inspect.Parameter.KEYWORD_ONLY, name

