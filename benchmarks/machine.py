"""How fast this machine is at the moment, for reading the timings next to it.

Shared virtual machines (CI runners, Binder, the project's own) run the same Python code at
speeds that differ by up to ~2x from one minute to the next. :func:`speed` times a fixed piece
of plain Python (3 million additions in a loop, no allocation worth naming) a few times; its
median says how fast the interpreter ran around a measurement, so that two runs of a bench
can be compared (a result that is 1.5x slower next to a reference that is 1.5x slower says
the machine changed, not the code).
"""
from __future__ import annotations

import statistics
import time

LOOP = 3_000_000


def _loop() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(LOOP):
        total += i
    return (time.perf_counter() - started) * 1000


def speed(repeat: int = 5) -> float:
    """Median milliseconds of the reference loop (lower is faster)."""
    return statistics.median(_loop() for _ in range(repeat))


def describe(before: float, after: float) -> str:
    return (f"reference loop ({LOOP:,} Python additions, benchmarks/machine.py): {before:.0f} ms before, "
            f"{after:.0f} ms after")
