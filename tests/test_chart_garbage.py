"""charts.export.young_garbage: a widget's redraw collects its chart while it is young, so no
full garbage collection of the kernel lands in the middle of a change (issue 15, section 4;
benchmarks/bench_browser_latency.py measures what a learner waits)."""
from __future__ import annotations

import gc

import pytest

from journeylib.charts.export import young_garbage
from journeylib.datasets import load_case
from journeylib.model import Journey
from journeylib.store import open_workbook


def test_the_collector_is_paused_inside_and_back_after():
    assert gc.isenabled()
    with young_garbage():
        assert not gc.isenabled()
        with young_garbage():  # nested: the outer block decides
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_back_after_an_error():
    with pytest.raises(ValueError), young_garbage():
        raise ValueError("chart failed")
    assert gc.isenabled()


def test_left_paused_by_the_caller_it_stays_paused():
    gc.disable()
    try:
        with young_garbage():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _full_collections(action, times: int) -> int:
    full = []

    def seen(phase, info):
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.collect()
    gc.callbacks.append(seen)
    try:
        for i in range(times):
            action(i)
    finally:
        gc.callbacks.remove(seen)
    return len(full)


def test_mapper_redraws_need_no_full_collection(tmp_path):
    """34 touchpoints, 40 emotion changes, each redrawing the map: without the pause the
    closed maps pile up in the oldest generation and a full collection (150-300 ms in a
    kernel) comes every few changes."""
    from journeylib.widgets.mapper import TouchpointMapper

    hospital = load_case("hospital", "nl").journeys[0]
    airline = load_case("airlines", "nl").journeys[0]
    touchpoints = [tp.model_copy() for tp in hospital.touchpoints]
    touchpoints += [tp.model_copy(update={"id": f"air-{tp.id}"[:40]}) for tp in airline.touchpoints]
    session = open_workbook(tmp_path / "w.workbook.json", delay=60)
    session.workbook.journeys = [Journey(name="Twee reizen", touchpoints=touchpoints)]
    session.changed()
    mapper = TouchpointMapper(session)
    slider = mapper.fields["emotion"]
    first = slider.value
    values = (first + 1 if first < 3 else first - 1, first)
    drawn = []

    def change(i):
        before = mapper.out.outputs
        slider.value = values[i % 2]
        drawn.append(mapper.out.outputs is not before)

    try:
        assert _full_collections(change, 40) == 0
        assert all(drawn)
    finally:
        mapper.close()
        session.close()
