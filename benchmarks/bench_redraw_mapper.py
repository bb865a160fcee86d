"""Benchmark: TouchpointMapper, a change -> redrawn journey map (Python side).

Budget (docs/architecture.md): a widget change -> chart redrawn, Python side, <= 80 ms median for a
30-touchpoint journey. Measured here: the time from setting a control's ``value`` (what a
browser change does in the kernel) until the handler has returned, i.e. the workbook is
changed, the save is scheduled and the Output's state holds the new map. Median over 20
changes, after two warm-up changes, on a 30-touchpoint journey made of the shipped cases'
touchpoints (6 channels, all three phases, moments of truth).

The session autosaves with its default delay (0.5 s, in a timer thread), as in a notebook.
One row also measures the same change with an immediate save inside the change
(``delay=0``, as the tests use): for information, as it adds a synchronous write and fsync
to disk that a learner's notebook does in the background. Two reference rows show what the
map costs drawn as PNG and as SVG (with the check for text past the figure's edge that the
mapper skips) through ``base.show_figure``.

``run()`` returns rows {"what", "measured", "budget", "ok"}; ``python
benchmarks/bench_redraw_mapper.py`` prints them.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import journeylib  # noqa: E402
from journeylib.datasets import load_case  # noqa: E402
from journeylib.model import Journey  # noqa: E402
from journeylib.store import open_workbook  # noqa: E402

CHANGES = 20
BUDGET_MS = 80.0
BUDGET = "<= 80 ms median"


def journey_30() -> Journey:
    """30 real touchpoints: the hospital case's 18, then 12 of the airline case's."""
    hospital = load_case("hospital", "nl").journeys[0]
    airline = load_case("airlines", "nl").journeys[0]
    touchpoints = [tp.model_copy() for tp in hospital.touchpoints]
    for tp in airline.touchpoints[:12]:
        touchpoints.append(tp.model_copy(update={"id": f"air-{tp.id}"[:40]}))
    return Journey(name="Een dag vol afspraken", persona=hospital.persona, touchpoints=touchpoints)


def _mapper(folder: Path, name: str, delay: float):
    from journeylib.widgets.mapper import TouchpointMapper

    session = open_workbook(folder / f"{name}.workbook.json", delay=delay)
    session.workbook.journeys = [journey_30()]
    session.changed()
    session.flush()
    started = time.perf_counter()
    mapper = TouchpointMapper(session)
    first = time.perf_counter() - started
    # edit a touchpoint in the middle of the map
    mapper.list.value = mapper.list.options[14][1]
    return session, mapper, first


def _changes(mapper, field: str, values) -> tuple[float, int, float]:
    """Median seconds per change of ``field`` (wall clock), how many changes updated the
    Output, and the median CPU seconds of this process per change."""
    widget = mapper.fields[field]
    times, cpu, updated = [], [], 0
    for i, value in enumerate(values):
        before = mapper.out.outputs
        started, started_cpu = time.perf_counter(), time.process_time()
        widget.value = value
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if i >= 2:  # two warm-up changes
            times.append(elapsed)
            cpu.append(elapsed_cpu)
            updated += mapper.out.outputs is not before
    return statistics.median(times), updated, statistics.median(cpu)


def _adds(mapper) -> tuple[float, int, float]:
    """Like :func:`_changes`, for a click on Add (the new touchpoint is deleted, untimed)."""
    times, cpu, updated = [], [], 0
    for i in range(CHANGES + 2):
        before = mapper.out.outputs
        started, started_cpu = time.perf_counter(), time.process_time()
        mapper.add.click()
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if i >= 2:
            times.append(elapsed)
            cpu.append(elapsed_cpu)
            updated += mapper.out.outputs is not before
        mapper.delete.click()
    return statistics.median(times), updated, statistics.median(cpu)


def _row(what: str, seconds: float, updated: int | None = None, cpu: float | None = None, *,
         budget: str = BUDGET, ok: bool | None = None) -> dict:
    ms = seconds * 1000
    measured = f"{ms:.1f} ms"
    if cpu is not None:
        measured += f" (CPU {cpu * 1000:.1f} ms)"
    if updated is not None:
        measured += f" ({updated}/{CHANGES} changes redrew the map)"
    return {"what": what, "measured": measured, "budget": budget, "ok": ms <= BUDGET_MS if ok is None else ok}


def _png_reference(journey) -> tuple[float, float]:
    """Build + PNG and build + SVG via base.show_figure (median of 7)."""
    import ipywidgets as W

    from journeylib.charts.journeymap import plot_journey_map
    from journeylib.widgets.base import show_figure

    out = W.Output()
    result = []
    for fmt in ("png", "svg"):
        times = []
        for _ in range(7):
            started = time.perf_counter()
            show_figure(out, plot_journey_map(journey).figure, "", fmt)
            times.append(time.perf_counter() - started)
        result.append(statistics.median(times))
    return result[0], result[1]


def run() -> list[dict]:
    journeylib.set_language("nl")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session, mapper, first = _mapper(folder, "bench", delay=0.5)
        n = len(mapper.journey.touchpoints)
        emotions = [(-2, 1, 3, -1)[i % 4] for i in range(CHANGES + 2)]
        seconds, updated, cpu = _changes(mapper, "emotion", emotions)
        rows.append(_row(f"emotion slider -> map redrawn, {n} touchpoints (median of {CHANGES})",
                         seconds, updated, cpu, ok=seconds * 1000 <= BUDGET_MS and updated == CHANGES))
        names = [f"Afspraak bevestigd via de app, versie {i}" for i in range(CHANGES + 2)]
        seconds, updated, cpu = _changes(mapper, "name", names)
        rows.append(_row(f"name text -> map redrawn, {n} touchpoints (median of {CHANGES})",
                         seconds, updated, cpu, ok=seconds * 1000 <= BUDGET_MS and updated == CHANGES))
        flags = [i % 2 == 0 for i in range(CHANGES + 2)]
        seconds, updated, cpu = _changes(mapper, "moment_of_truth", flags)
        rows.append(_row(f"moment-of-truth tick -> map redrawn, {n} touchpoints (median of {CHANGES})",
                         seconds, updated, cpu, ok=seconds * 1000 <= BUDGET_MS and updated == CHANGES))
        seconds, updated, cpu = _adds(mapper)
        rows.append(_row(f"Add button -> new touchpoint in the list and on the map, {n} touchpoints "
                         f"(median of {CHANGES}; each deleted again, untimed)", seconds, updated, cpu,
                         ok=seconds * 1000 <= BUDGET_MS and updated == CHANGES))
        scores = [(2, 4, 5, 1)[i % 4] for i in range(CHANGES + 2)]
        seconds, updated, cpu = _changes(mapper, "importance", scores)
        rows.append(_row(f"importance slider (not on the map: saved, no redraw), {n} touchpoints "
                         f"(median of {CHANGES})", seconds, updated, cpu))
        session.close()

        session0, mapper0, _ = _mapper(folder, "now", delay=0)
        seconds, updated, cpu = _changes(mapper0, "emotion", emotions)
        rows.append(_row(f"emotion slider -> map redrawn, with an immediate save (delay=0), {n} touchpoints "
                         f"(median of {CHANGES})", seconds, updated, cpu,
                         budget="(information: includes a synchronous save with fsync)", ok=updated == CHANGES))
        session0.close()
        rows.append(_row("first view of the widget (cold caches; not a change)", first,
                         budget="(information)", ok=True))
        png, svg = _png_reference(mapper.journey)
        rows.append(_row("reference: build the map + PNG via base.show_figure(fmt=\"png\") (median of 7)", png,
                         budget="(not used)", ok=True))
        rows.append(_row("reference: build the map + SVG via base.show_figure (median of 7)", svg,
                         budget="(information)", ok=True))
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['what']}: {row['measured']}  [{row['budget']}]  {'ok' if row['ok'] else 'MISSED'}")
