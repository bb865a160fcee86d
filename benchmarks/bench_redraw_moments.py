"""Benchmark: MomentsOfTruthExplorer, from a control change to the redrawn view (Python side).

Run ``python benchmarks/bench_redraw_moments.py``. A journey of 30 touchpoints (seeded
ratings); every change is made as the browser makes it (setting the control's ``value``),
and the time runs until the Output's state holds the new PNG (or the table its new HTML).
Budget (docs/architecture.md): a widget change redraws its chart in <= 80 ms median.

What redraws what (only what depends on the changed control is redrawn):

* a weight slider -> the ranking table only (neither chart uses the weights);
* the crosshair -> the IPA chart only: measured with the chart cache emptied before every
  change (a first visit), and going back to a state seen before (from the cache);
* a rating changed elsewhere + Update -> table and both charts: reported per change and
  per chart (half of it).

``run()`` returns the rows as dicts {"what", "measured", "budget", "ok"}.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journeylib.model import Journey, Touchpoint  # noqa: E402
from journeylib.store import open_workbook  # noqa: E402

CHANGES = 20
BUDGET_MS = 80.0
PHASES = ("before", "during", "after")


def journey(n: int = 30, seed: int = 7) -> Journey:
    rng = random.Random(seed)
    names = ["Website bekijken", "Afspraak maken", "Bevestiging per mail", "Herinnering", "Route plannen",
             "Parkeren", "Ontvangst", "Wachten", "Gesprek", "Uitleg", "Betalen", "Napraten", "Vervolgafspraak",
             "Uitslag", "Vragenlijst"]
    return Journey(name="Benchmark", touchpoints=[
        Touchpoint(id=f"tp-{i:02d}", name=f"{names[i % len(names)]} {i // len(names) + 1}", phase=PHASES[i * 3 // n],
                   importance=rng.randint(1, 5), influence=rng.randint(1, 5), performance=rng.randint(1, 5),
                   expectation=rng.randint(1, 5), emotion=rng.randint(-3, 3), frequency=rng.randint(1, 5))
        for i in range(n)])


class Clock:
    """Wall time (what the learner waits) and this process's CPU time (what the code costs,
    less disturbed by other work on the machine) of each change."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self):
        self._start = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *exc):
        self.wall.append(time.perf_counter() - self._start[0])
        self.cpu.append(time.process_time() - self._start[1])

    def median_ms(self, share: float = 1.0) -> tuple[float, float]:
        return statistics.median(self.wall) * 1000 * share, statistics.median(self.cpu) * 1000 * share


def _row(what: str, clock: Clock, share: float = 1.0, budget_ms: float = BUDGET_MS) -> dict:
    wall, cpu = clock.median_ms(share)
    return {"what": what, "measured": f"{wall:.0f} ms (CPU {cpu:.0f} ms)",
            "budget": f"<= {budget_ms:.0f} ms median", "ok": wall <= budget_ms}


def run() -> list[dict]:
    from journeylib.widgets import moments
    from journeylib.widgets.moments import MomentsOfTruthExplorer

    with tempfile.TemporaryDirectory() as folder:
        session = open_workbook(Path(folder) / "bench.workbook.json", delay=0)
        session.workbook.journeys = [journey()]
        session.changed()
        widget = MomentsOfTruthExplorer(session)

        # 1. weight slider -> ranking table
        weights = Clock()
        for k in range(CHANGES):
            slider = widget.sliders[("importance", "frequency", "gap")[k % 3]]
            before = widget.ranking.value
            with weights:
                slider.value = (slider.value + 3) % 11
            assert widget.ranking.value != before or slider.value == 0

        # 2. crosshair -> IPA chart, first visit (cache emptied) and revisit (cached)
        cold, warm = Clock(), Clock()
        for _ in range(CHANGES):
            moments.FIGURES.clear()
            before = widget.ipa_out.outputs
            with cold:
                widget.crosshair.value = "mean" if widget.crosshair.value == "midpoint" else "midpoint"
            assert widget.ipa_out.outputs != before
        for _ in range(CHANGES):
            with warm:
                widget.crosshair.value = "mean" if widget.crosshair.value == "midpoint" else "midpoint"

        # 3. a rating changed elsewhere, then Update: table and both charts (cache emptied)
        both = Clock()
        tp = session.workbook.journeys[0].touchpoints[0]
        for _ in range(CHANGES):
            tp.importance = 1 + (tp.importance % 5)
            moments.FIGURES.clear()
            before = (widget.ipa_out.outputs, widget.ii_out.outputs)
            with both:
                widget.reload.click()
            assert widget.ipa_out.outputs != before[0] and widget.ii_out.outputs != before[1]
        widget.close()
        session.close()

    return [
        _row(f"weight slider -> ranking table, 30 touchpoints (no chart uses the weights), median of {CHANGES}",
             weights),
        _row(f"crosshair -> IPA chart redrawn (1 chart, not seen before), median of {CHANGES}", cold),
        _row(f"crosshair -> IPA chart, a state seen before (from the cache), median of {CHANGES}", warm),
        _row(f"rating changed + Update -> table + 2 charts redrawn, per change, median of {CHANGES}", both,
             budget_ms=2 * BUDGET_MS),
        _row("rating changed + Update -> per chart (per change / 2)", both, share=0.5),
    ]


if __name__ == "__main__":
    rows = run()
    for row in rows:
        print(f"{row['what']}: {row['measured']} (budget {row['budget']}) {'ok' if row['ok'] else 'OVER BUDGET'}")
