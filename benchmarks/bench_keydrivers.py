"""Benchmark: key driver analysis (journeylib.analysis.keydrivers).

Run ``python benchmarks/bench_keydrivers.py``: prints a markdown table. Measures, on
synthetic survey data:

* median time of exact Shapley for 15 and 20 drivers, from a prepared correlation matrix
  and from a DataFrame of 2,000 rows (budget: 15 drivers ≤ 50 ms, 20 drivers ≤ 1 s);
* the speed-up over the obvious method, one least-squares refit per subset, at 12
  drivers and 2,000 rows, both measured in this run (budget: ≥ 500×);
* relative weights at 20 drivers;
* peak traced memory (tracemalloc) of key_drivers_from_csv on CSV files of 100,000 and
  1,000,000 rows, generated in a temporary folder (budget: flat in the number of rows).

``run()`` returns the rows as dicts {"what", "measured", "budget", "ok"}.
"""
from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# One BLAS thread (set before numpy loads). On matrices this small, extra threads only add
# overhead: multi-threaded OpenBLAS makes the per-subset refit loop several times slower on
# 2 cores, which would flatter the speed-up. One thread gives the refit loop its best case.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journeylib.analysis.keydrivers import (  # noqa: E402
    MAX_EXACT_DRIVERS,
    key_drivers,
    key_drivers_from_corr,
)
from journeylib.datasets import key_drivers_from_csv  # noqa: E402

ROWS = 2_000


def survey(p: int, n: int = ROWS, seed: int = 0) -> pd.DataFrame:
    """Drivers with one common factor (like 'general mood') and an outcome that depends on them."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + rng.normal(size=(n, 1)) * rng.uniform(0.3, 1.0, size=p)
    y = X @ rng.uniform(0.0, 1.0, size=p) + rng.normal(scale=2.0, size=n)
    df = pd.DataFrame(X, columns=[f"d{i:02d}" for i in range(p)])
    df["y"] = y
    return df


def median_time(call, repeat: int) -> float:
    call()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def refit_per_subset(df: pd.DataFrame, drivers: list[str]) -> np.ndarray:
    """The obvious method: one least-squares fit on the raw rows for every subset."""
    X = df[drivers].to_numpy()
    y = df["y"].to_numpy()
    p = len(drivers)
    centred = y - y.mean()
    sst = centred @ centred
    ones = np.ones((len(y), 1))
    r2 = np.zeros(2**p)
    for mask in range(1, 2**p):
        cols = [i for i in range(p) if mask >> i & 1]
        design = np.hstack([ones, X[:, cols]])
        beta, *_ = np.linalg.lstsq(design, y, rcond=None)
        resid = y - design @ beta
        r2[mask] = 1.0 - resid @ resid / sst
    phi = np.zeros(p)
    for j in range(p):
        bit = 1 << j
        for mask in range(2**p):
            if not mask & bit:
                k = bin(mask).count("1")
                weight = math.factorial(k) * math.factorial(p - k - 1) / math.factorial(p)
                phi[j] += weight * (r2[mask | bit] - r2[mask])
    return phi


def write_csv(path: Path, rows: int, p: int, chunk: int = 200_000) -> None:
    """A survey CSV of 1-5 ratings, written in pieces (so writing it stays small too)."""
    rng = np.random.default_rng(1)
    columns = [f"d{i:02d}" for i in range(p)] + ["y", "comment"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(columns) + "\n")
        for start in range(0, rows, chunk):
            m = min(chunk, rows - start)
            base = rng.normal(size=(m, 1))
            X = np.clip(np.round(3 + base + rng.normal(size=(m, p))), 1, 5).astype(int)
            y = np.clip(np.round(X.mean(axis=1) + rng.normal(scale=0.8, size=m)), 1, 5).astype(int)
            block = pd.DataFrame(X, columns=columns[:p])
            block["y"] = y
            block["comment"] = "ok"
            block.to_csv(fh, header=False, index=False)


def csv_peak(path: Path, drivers: list[str]) -> tuple[float, float]:
    """Peak traced memory (MiB) and time (s) of key_drivers_from_csv on ``path``."""
    tracemalloc.start()
    start = time.perf_counter()
    key_drivers_from_csv(path, "y", drivers, missing="pairwise")
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, elapsed


def run() -> list[dict]:
    rows: list[dict] = []

    def add(what, measured, budget, ok):
        rows.append({"what": what, "measured": measured, "budget": budget, "ok": bool(ok)})

    for p, budget in ((15, 0.050), (20, 1.0)):
        df = survey(p)
        drivers = [c for c in df.columns if c != "y"]
        corr = df.corr()
        repeat = 21 if p == 15 else 7
        t_corr = median_time(lambda: key_drivers_from_corr(corr, "y", drivers, n=ROWS), repeat)
        t_df = median_time(lambda: key_drivers(df, "y", drivers), repeat)
        add(f"exact Shapley, {p} drivers, from a correlation matrix (median)", f"{t_corr * 1e3:.1f} ms",
            f"≤ {budget * 1e3:.0f} ms", t_corr <= budget)
        add(f"exact Shapley, {p} drivers, from a DataFrame of {ROWS:,} rows (median)", f"{t_df * 1e3:.1f} ms",
            f"≤ {budget * 1e3:.0f} ms", t_df <= budget)

    p = MAX_EXACT_DRIVERS
    df = survey(p)
    drivers = [c for c in df.columns if c != "y"]
    corr = df.corr()
    t_max = median_time(lambda: key_drivers_from_corr(corr, "y", drivers, n=ROWS), 3)
    tracemalloc.start()
    key_drivers_from_corr(corr, "y", drivers, n=ROWS)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    add(f"exact Shapley, {p} drivers (MAX_EXACT_DRIVERS), from a correlation matrix (median; peak memory)",
        f"{t_max * 1e3:.0f} ms; {peak:.0f} MiB", f"(2^{p} subsets = {2**p * 8 / 2**20:.0f} MiB of R² values)", True)

    p = 12
    df = survey(p)
    drivers = [c for c in df.columns if c != "y"]
    t_fast = median_time(lambda: key_drivers(df, "y", drivers), 21)
    slow = refit_per_subset(df, drivers)
    refits = []
    for _ in range(3):
        start = time.perf_counter()
        refit_per_subset(df, drivers)
        refits.append(time.perf_counter() - start)
    t_slow = statistics.median(refits)
    fast = key_drivers(df, "y", drivers).set_index("driver").loc[drivers, "importance"].to_numpy()
    agree = np.allclose(fast, slow, rtol=0, atol=1e-10)
    ratio = t_slow / t_fast
    add(f"speed-up over one lstsq refit per subset, 12 drivers, {ROWS:,} rows",
        f"{ratio:,.0f}× (median {t_slow:.2f} s vs {t_fast * 1e3:.2f} ms; same values: {agree})", "≥ 500×",
        ratio >= 500 and agree)

    p = 20
    df = survey(p)
    drivers = [c for c in df.columns if c != "y"]
    t_rw = median_time(lambda: key_drivers(df, "y", drivers, method="relative_weights"), 21)
    add(f"relative weights, {p} drivers, from a DataFrame of {ROWS:,} rows (median)", f"{t_rw * 1e3:.1f} ms",
        "≤ 50 ms", t_rw <= 0.050)

    p = 8
    drivers = [f"d{i:02d}" for i in range(p)]
    with tempfile.TemporaryDirectory() as folder:
        peaks = {}
        for size in (100_000, 1_000_000):
            path = Path(folder) / f"survey_{size}.csv"
            write_csv(path, size, p)
            peaks[size] = csv_peak(path, drivers)
            path.unlink()
    small, large = peaks[100_000][0], peaks[1_000_000][0]
    for size, (peak, elapsed) in peaks.items():
        add(f"key_drivers_from_csv peak memory, {size:,} rows, {p} drivers, pairwise",
            f"{peak:.1f} MiB ({elapsed:.2f} s)", "flat in rows", True)
    add("peak memory 1,000,000 rows / 100,000 rows", f"{large / small:.2f}", "≤ 1.2", large <= 1.2 * small)
    return rows


def main() -> int:
    rows = run()
    print("| what | measured | budget | ok |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['what']} | {row['measured']} | {row['budget']} | {'yes' if row['ok'] else 'NO'} |")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
