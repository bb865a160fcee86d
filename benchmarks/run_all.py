"""`make bench`: run every benchmarks/bench_*.py, print measured vs budget, and keep the
latest table in benchmarks/README.md (between the RESULTS markers).

Each bench module exposes ``run() -> list[dict]`` with keys what, measured, budget, ok.
Budgets are from docs/architecture.md; these are measurements, not tests: a miss is reported, and the
exit code is 1 so that a regression is noticed when someone runs `make bench`.
"""
from __future__ import annotations

import importlib.util
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
START, END = "<!-- RESULTS:START -->", "<!-- RESULTS:END -->"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    only = set(argv)
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        print(f"running {path.name} ...", flush=True)
        started = time.perf_counter()
        try:
            found = load(path).run()
        except Exception as exc:  # report and go on with the others
            found = [{"what": path.stem, "measured": f"failed: {type(exc).__name__}: {exc}", "budget": "-",
                      "ok": False}]
        for row in found:
            row["bench"] = path.name
            rows.append(row)
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    table = ["| benchmark | what | measured | budget | ok |", "|---|---|---|---|---|"]
    table += [f"| {r['bench']} | {r['what']} | {r['measured']} | {r['budget']} | {'yes' if r['ok'] else 'NO'} |"
              for r in rows]
    machine = (f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}.")
    block = "\n".join([START, machine, "", *table, END])
    print("\n".join(table))
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n"
    if START in text and END in text and not only:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    elif not only:
        text = text.rstrip() + "\n\n" + block + "\n"
    if not only:
        readme.write_text(text, encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
