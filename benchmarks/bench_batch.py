"""Budget: a batch of reports uses every core; >= 1.7x a sequential papermill loop on 2 cores.

The same 8 demo workbooks (one per learner, from the shipped cases) are run through the
report notebook (notebooks/instructor/report.ipynb) twice, in one process:

* sequential: a plain loop of ``papermill.execute_notebook``, one kernel after the other;
* batch: :func:`journeylib.batch.run_batch` with one worker process per core.

Each run starts its own kernel in both cases (nothing is reused between runs); kernel start-up
and drawing the charts dominate. One untimed run first warms the font and bytecode caches.
The ratio is sequential time / batch time.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "instructor" / "report.ipynb"
WORKBOOKS = 8
BUDGET = 1.7


def _env(work: str) -> None:
    os.environ["JOURNEYLIB_WORK"] = work
    os.environ.pop("JOURNEYLIB_WORKBOOK", None)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"


def measure(workbooks: int = WORKBOOKS) -> dict:
    import papermill as pm

    sys.path.insert(0, str(ROOT))
    from journeylib import batch, reports

    with tempfile.TemporaryDirectory(prefix="jl-bench-batch-") as tmp:
        tmp = Path(tmp)
        folder = reports.demo_class(tmp / "class", size=workbooks, lang="nl", invalid=False)
        files = batch._workbook_files(folder)
        _env(str(tmp / "work"))
        cwd = str(NOTEBOOK.parent)
        pm.execute_notebook(str(NOTEBOOK), str(tmp / "warm.ipynb"), parameters={"workbook": str(files[0])},
                            progress_bar=False, cwd=cwd)
        started = time.perf_counter()
        for i, path in enumerate(files):
            pm.execute_notebook(str(NOTEBOOK), str(tmp / f"seq-{i}.ipynb"), parameters={"workbook": str(path)},
                                progress_bar=False, cwd=cwd)
        sequential = time.perf_counter() - started
        workers = batch.default_jobs()
        started = time.perf_counter()
        results = batch.run_batch(NOTEBOOK, tmp / "batch", workbooks=folder, workers=workers, progress=False)
        parallel = time.perf_counter() - started
        failed = [r.detail for r in results if not r.ok]
        if failed:
            raise RuntimeError(f"batch runs failed: {failed[:2]}")
    return {"sequential": sequential, "batch": parallel, "workers": workers, "n": len(files)}


def run() -> list[dict]:
    load_before = os.getloadavg()[0]
    m = measure()
    ratio = m["sequential"] / m["batch"]
    # other work on the machine takes cores from the parallel run: say how busy it was
    load = max(load_before, os.getloadavg()[0])
    return [{
        "what": f"batch of {m['n']} report notebooks, {m['workers']} workers, vs a sequential papermill loop",
        "measured": f"{ratio:.2f}x ({m['sequential']:.1f} s sequential, {m['batch']:.1f} s batch; "
                    f"{os.cpu_count()} cores, load average up to {load:.1f})",
        "budget": f">= {BUDGET}x on 2 cores",
        "ok": ratio >= BUDGET,
    }]


if __name__ == "__main__":
    for row in run():
        print(row)
