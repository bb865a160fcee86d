"""Nine notebooks open at once must fit Binder's memory (benchmarks/bench_lab_memory.py): the
heavy libraries load only in the notebooks that need them. Each check runs in a fresh
interpreter, as a kernel starts."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def run(code: str, tmp_path) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path, env={**os.environ, "JOURNEYLIB_WORK": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_notebook_without_charts_loads_no_matplotlib_and_keeps_the_lecture_style(tmp_path):
    out = run("""
        import sys
        import journeylib as jl
        session = jl.course.start("nl", "hospital", lecture=True)
        jl.course.self_check("00", session)
        print("before", "matplotlib" in sys.modules, "numpy" in sys.modules)
        from journeylib.charts import style
        ax = style.get_ax()  # the first figure: the projector style is applied now
        import matplotlib as mpl
        print("lecture", mpl.rcParams["font.size"] == style.LECTURE_RC["font.size"])
    """, tmp_path)
    assert "before False False" in out
    assert "lecture True" in out


def test_brand_fit_the_demo_board_and_service_checks_need_no_pandas(tmp_path):
    out = run("""
        import sys
        import journeylib as jl
        from journeylib import reports
        from journeylib.analysis.service import check_answer, SCENARIOS
        session = jl.course.start("nl", "airlines")
        airlines = jl.course.example("airlines", "nl")
        jl.course.chart("brand_fit", airlines.brand_fit)
        jl.widgets.BrandFitCheck(session)
        demo = reports.demo_workbook("hospital", lang="nl")
        reports.section("reflection", demo)
        check_answer(SCENARIOS[0].id, SCENARIOS[0].level)
        print("pandas", "pandas" in sys.modules)
    """, tmp_path)
    assert "pandas False" in out
