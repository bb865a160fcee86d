"""The save path of many notebooks on one workbook (issue 11): information, no budget in docs/architecture.md.

A save takes the workbook's lock, reads the file, and, when another session saved in
between, merges this session's own changes on top (journeylib.merge) before it writes.
Measured on a large workbook (80 touchpoints with texts, a 30,000-character advice): a save
of one's own change with nobody else writing, a save that has to merge another session's
change, and the watcher's look at the file when nothing changed (one stat) and when another
session saved (read, parse, adopt). Autosave runs these on a timer thread, not on the
redraw path; the mapper's delay=0 row in bench_redraw_mapper.py includes one.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def big_workbook():
    from journeylib.model import Journey, Touchpoint, Workbook

    tps = [Touchpoint(id=f"tp-{i}", name=f"Contactmoment {i}", phase=("before", "during", "after")[i % 3],
                      description=("beschrijving %d " % i) * 40, notes=("notitie %d " % i) * 40) for i in range(80)]
    return Workbook(learner="Anna", journeys=[Journey(name="Bezoek", touchpoints=tps)], advice="Advies. " * 4000)


def timed(action, runs: int = 25) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run() -> list[dict]:
    from journeylib.store import dump_workbook, open_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.workbook.json"
        path.write_bytes(dump_workbook(big_workbook()))
        a, b = open_workbook(path, delay=60), open_workbook(path, delay=60)
        size = path.stat().st_size / 1024

        def own(i):
            a.workbook.journeys[0].touchpoints[i % 80].name = f"eigen {i}"
            a.save()

        def merged(i):
            b.workbook.answers = {**b.workbook.answers, f"b-{i}": "x"}
            b.save()  # b's change is on disk: a's save merges it
            a.workbook.journeys[0].touchpoints[i % 80].notes = f"eigen {i}"
            start = time.perf_counter()
            a.save()
            return time.perf_counter() - start

        own_ms = timed(own)
        merge_ms = statistics.median(merged(i) for i in range(25)) * 1000
        idle_ms = timed(lambda i: a.check_external(), runs=200)

        def adopt(i):
            b.workbook.learner = f"Anna {i}"
            b.save()
            start = time.perf_counter()
            a.check_external()
            return time.perf_counter() - start

        adopt_ms = statistics.median(adopt(i) for i in range(25)) * 1000
        a.close(), b.close()
    info = f"workbook {size:.0f} KB, 80 touchpoints"
    return [
        {"what": f"save of one's own change, nobody else writing ({info}; median of 25)",
         "measured": f"{own_ms:.1f} ms", "budget": "(information)", "ok": True},
        {"what": "save that merges another session's change first (median of 25)",
         "measured": f"{merge_ms:.1f} ms", "budget": "(information)", "ok": True},
        {"what": "watcher, nothing changed (one stat; median of 200)",
         "measured": f"{idle_ms * 1000:.0f} µs", "budget": "(information)", "ok": True},
        {"what": "watcher, another session saved: read, parse, adopt (median of 25)",
         "measured": f"{adopt_ms:.1f} ms", "budget": "(information)", "ok": True},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
