"""Budgets: one notebook headless ≤ 5 s; all notebooks under nbval ≤ 2 min; kernel peak
memory per notebook ≤ 250 MB.

Each notebook runs in a fresh kernel (nbclient, default parameters, an empty work folder);
the kernel's resident memory is sampled every 20 ms with psutil and its peak kept. The
nbval row runs strict nbval over notebooks/ in one process, as `make test` does without
parallel workers.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_one(path: Path) -> tuple[float, float]:
    import nbformat
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as work:
        os.environ["JOURNEYLIB_WORK"] = work
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        peak = [0]
        done = threading.Event()

        def sample():
            proc = None
            while not done.is_set():
                try:
                    if proc is None and client.km is not None and getattr(client.km, "provisioner", None):
                        pid = getattr(client.km.provisioner, "pid", None)
                        proc = psutil.Process(pid) if pid else None
                    if proc is not None:
                        peak[0] = max(peak[0], proc.memory_info().rss)
                except (psutil.Error, AttributeError):
                    pass
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        client.execute()
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
    return elapsed, peak[0] / 2**20


def run() -> list[dict]:
    rows = []
    paths = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    worst_time, worst_mem = ("", 0.0), ("", 0.0)
    for path in paths:
        seconds, mb = run_one(path)
        name = f"{path.parent.name}/{path.name}"
        rows.append({"what": f"{name} headless (fresh kernel)", "measured": f"{seconds:.1f} s, peak {mb:.0f} MB",
                     "budget": "≤ 5 s, ≤ 250 MB", "ok": seconds <= 5 and 0 < mb <= 250})
        worst_time = max(worst_time, (name, seconds), key=lambda x: x[1])
        worst_mem = max(worst_mem, (name, mb), key=lambda x: x[1])
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                             "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
                             "notebooks"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    rows.append({"what": f"all {len(paths)} notebooks under strict nbval, one process",
                 "measured": f"{seconds:.0f} s ({'passed' if result.returncode == 0 else 'FAILED'})",
                 "budget": "≤ 120 s", "ok": seconds <= 120 and result.returncode == 0})
    rows.append({"what": f"slowest notebook / largest kernel", "measured":
                 f"{worst_time[0]} {worst_time[1]:.1f} s / {worst_mem[0]} {worst_mem[1]:.0f} MB",
                 "budget": "≤ 5 s / ≤ 250 MB", "ok": worst_time[1] <= 5 and worst_mem[1] <= 250})
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
