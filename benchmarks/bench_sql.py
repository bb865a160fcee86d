"""Benchmark: key drivers of a large survey in SQL, the data left in their engine (journeylib.sql).

Run ``python benchmarks/run_all.py sql`` (or ``python benchmarks/bench_sql.py``): prints a
markdown table. DuckDB itself writes a survey of 10 million rows x 15 drivers + outcome
(1-5 ratings with planted weights, a common factor and ~2 % empty cells, generated in SQL
from ``range()`` and ``random()``) to a Parquet file and the same rows to a CSV file, in a
temporary folder that is deleted afterwards. Each variant then runs in a fresh Python
process, which reports its time and its peak resident memory (``VmHWM`` in
``/proc/self/status``, the whole process: Python, numpy, pandas, DuckDB and all):

* ``key_drivers_from_sql`` on the Parquet file, listwise and pairwise;
* ``key_drivers_from_csv`` (pandas, 50,000 rows at a time) on the CSV file;
* both again at 1 million rows: memory must stay flat in the number of rows.

``JOURNEYLIB_BENCH_SQL_ROWS`` sets the large size for a quick check (e.g. 200000; the small
size is a tenth of it). ``run()`` returns the rows as dicts {"what", "measured", "budget", "ok"}.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from journeylib.datasets import DEFAULT_CHUNKSIZE  # noqa: E402
ROWS = int(os.environ.get("JOURNEYLIB_BENCH_SQL_ROWS", "10000000"))
DRIVERS = [f"d{i:02d}" for i in range(15)]
# planted weights: d00 matters most (twice d01), then d01, ...; d14 hardly
WEIGHTS = [2.0, *(round(1.0 - i / 15, 3) for i in range(1, 15))]
# flat: the larger file may cost at most this much more peak memory than the smaller one
FLAT_RATIO = 1.2

# One process per variant; prints what it measured as one JSON line.
CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})

def status(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # MiB

import journeylib.sql, journeylib.datasets, duckdb, pandas, numpy  # noqa: E401  (imports are not the variant)
before = status("VmRSS")
start = time.perf_counter()
if {kind!r} == "sql":
    result = journeylib.sql.key_drivers_from_sql({path!r}, None, "y", {drivers!r}, missing={missing!r})
else:
    result = journeylib.datasets.key_drivers_from_csv({path!r}, "y", {drivers!r}, missing={missing!r})
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "peak": status("VmHWM"), "before": before, "n": result.attrs["n"],
                  "rows": result.attrs["rows"], "top": result["driver"].iloc[0], "r2": result.attrs["r2"],
                  "importance": dict(zip(result["driver"], result["importance"]))}}))
"""


def generate(folder: Path, rows: int) -> tuple[Path, Path]:
    """The survey as Parquet and CSV, written by DuckDB from SQL (no Python loop over rows)."""
    import duckdb

    # each driver: 3 + common factor + its own noise, rounded and clipped to 1..5; the
    # outcome: the weighted mean of the drivers plus noise; ~2 % of every column empty
    ratings = ",\n".join(
        f"CAST(GREATEST(1, LEAST(5, ROUND(3 + 1.2 * (f - 0.5) + 2.4 * (random() - 0.5)))) AS TINYINT) AS {d}"
        for d in DRIVERS)
    weighted = " + ".join(f"{w} * {d}" for w, d in zip(WEIGHTS, DRIVERS))
    outcome = (f"CAST(GREATEST(1, LEAST(5, ROUND(({weighted}) / {sum(WEIGHTS)} + 3.0 * (random() - 0.5))))"
               " AS TINYINT)")
    gaps = ", ".join(f"CASE WHEN random() < 0.02 THEN NULL ELSE {c} END AS {c}" for c in ["y", *DRIVERS])
    select = (f"SELECT {gaps} FROM (SELECT {outcome} AS y, * FROM "
              f"(SELECT {ratings} FROM (SELECT random() AS f FROM range({rows}))))")
    parquet, csv = folder / f"survey_{rows}.parquet", folder / f"survey_{rows}.csv"
    con = duckdb.connect()
    con.execute(f"COPY ({select}) TO '{parquet}' (FORMAT parquet)")
    con.execute(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{csv}' (FORMAT csv, HEADER)")
    con.close()
    return parquet, csv


def measure(kind: str, path: Path, missing: str = "listwise") -> dict:
    code = CHILD.format(root=str(ROOT), kind=kind, path=str(path), drivers=DRIVERS, missing=missing)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "child failed")
    return json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])


def run() -> list[dict]:
    rows: list[dict] = []

    def add(what, measured, budget, ok):
        rows.append({"what": what, "measured": measured, "budget": budget, "ok": bool(ok)})

    large, small = ROWS, max(ROWS // 10, 1000)
    found = {}
    with tempfile.TemporaryDirectory(prefix="bench_sql_") as tmp:
        folder = Path(tmp)
        for size in (small, large):
            start = time.perf_counter()
            parquet, csv = generate(folder, size)
            made = time.perf_counter() - start
            sizes = f"Parquet {parquet.stat().st_size / 2**20:.0f} MiB, CSV {csv.stat().st_size / 2**20:.0f} MiB"
            found[size] = {
                ("sql", "listwise"): measure("sql", parquet),
                ("sql", "pairwise"): measure("sql", parquet, "pairwise"),
                ("csv", "listwise"): measure("csv", csv),
                "made": made, "sizes": sizes,
            }
            parquet.unlink()
            csv.unlink()
    for size in (large, small):
        info = found[size]
        for (kind, missing) in (("sql", "listwise"), ("sql", "pairwise"), ("csv", "listwise")):
            m = info[(kind, missing)]
            name = "key_drivers_from_sql, Parquet" if kind == "sql" else "key_drivers_from_csv, CSV"
            add(f"{name}, {size:,} rows x {len(DRIVERS)} drivers, {missing}",
                f"{m['seconds']:.2f} s; peak RSS {m['peak']:.0f} MiB ({m['peak'] - m['before']:+.0f} MiB over the "
                f"imports); n = {m['n']:,}; top driver {m['top']}",
                "(information; planted top driver d00 first)", m["top"] == "d00")
        add(f"files of {size:,} rows written by DuckDB", f"{info['made']:.1f} s; {info['sizes']}", "(information)",
            True)
    sql_big = found[large][("sql", "listwise")]
    csv_big = found[large][("csv", "listwise")]
    agree = max(abs(sql_big["importance"][d] - csv_big["importance"][d]) for d in DRIVERS)
    add(f"same importances from SQL and from the CSV, {large:,} rows (largest difference)", f"{agree:.1e}",
        "≤ 1e-10", agree <= 1e-10)
    times = sql_big["seconds"], csv_big["seconds"]
    add(f"key_drivers_from_sql (Parquet) vs key_drivers_from_csv, {large:,} rows, listwise",
        f"{times[0]:.1f} s vs {times[1]:.1f} s (CSV takes {times[1] / times[0]:.1f}× as long); "
        f"peak RSS {sql_big['peak']:.0f} vs {csv_big['peak']:.0f} MiB", "(information)", True)
    for kind in ("sql", "csv"):
        big, little = found[large][(kind, "listwise")], found[small][(kind, "listwise")]
        ratio = big["peak"] / little["peak"]
        # key_drivers_from_csv reads 50,000 rows at a time: below that a file is read in one piece
        ok = ratio <= FLAT_RATIO or (kind == "csv" and small < 2 * DEFAULT_CHUNKSIZE)
        add(f"{'key_drivers_from_sql' if kind == 'sql' else 'key_drivers_from_csv'} peak RSS, {large:,} rows / "
            f"{small:,} rows", f"{ratio:.2f} ({big['peak']:.0f} / {little['peak']:.0f} MiB)",
            f"≤ {FLAT_RATIO} (flat in rows)", ok)
    return rows


if __name__ == "__main__":  # the table as run_all.py prints it, without rewriting benchmarks/README.md
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run_all import main

    sys.exit(main(["sql"]))
