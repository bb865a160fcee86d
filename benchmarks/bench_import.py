"""Budget: `import journeylib` <= 100 ms (heavy libraries are loaded lazily).

Each measurement is a fresh interpreter timing only the import statement; the median of
several runs is reported.
"""
from __future__ import annotations

import statistics
import subprocess
import sys

CODE = "import time; t = time.perf_counter(); import journeylib; print(time.perf_counter() - t)"


def measure(runs: int = 15) -> float:
    times = [float(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(runs)]
    return statistics.median(times)


def run() -> list[dict]:
    ms = measure() * 1000
    return [{"what": "import journeylib (median of 15 fresh interpreters)", "measured": f"{ms:.1f} ms",
             "budget": "<= 100 ms", "ok": ms <= 100}]


if __name__ == "__main__":
    for row in run():
        print(row)
