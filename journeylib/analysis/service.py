"""Ron Kaufman's six levels of service, expectation gaps, and the level-sorting exercise.

The six levels (Kaufman, *Uplifting Service*, 2012), judged from the customer's side:
1 Criminal, 2 Basic, 3 Expected, 4 Desired, 5 Surprising, 6 Unbelievable. Levels drift
down over time: what surprises customers today is what they expect tomorrow.

:data:`SCENARIOS` holds the short service situations of the ServiceLevelSorter exercise
with the level each one illustrates; the answers and the feedback on every possible
answer live here (texts in the locale files, ``scenario.<id>.*``), not in notebooks.
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import AnalysisError
from ..i18n import check_language, has, t
from ..model import Journey, ServiceLevel, Touchpoint
from .moments import touchpoints_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LEVELS",
    "Scenario",
    "SCENARIOS",
    "to_level",
    "level_distribution",
    "expectation_gaps",
    "get_scenario",
    "check_answer",
]

#: The six levels, lowest first.
LEVELS: tuple[ServiceLevel, ...] = tuple(ServiceLevel)


def to_level(value) -> ServiceLevel:
    """A :class:`ServiceLevel` from a level, its number 1..6 or its key (``"expected"``)."""
    if isinstance(value, ServiceLevel):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        for level in LEVELS:
            if key in (level.key, str(int(level))):
                return level
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool) and 1 <= value <= 6:
        return ServiceLevel(int(value))
    raise AnalysisError(
        "analysis.service.level", value=repr(value)[:40], choices=", ".join(level.key for level in LEVELS)
    )


# --------------------------------------------------------------------------- distribution

def level_distribution(data) -> "pd.DataFrame":
    """How many touchpoints sit on each of the six levels.

    ``data`` is a :class:`Journey`, a list of touchpoints, a mapping ``id -> level`` (as
    ``Workbook.service_ratings``) or a list of levels. One row per level, lowest first:
    ``level`` (1..6), ``key``, ``count``, ``share`` (of the rated ones; 0 when none is
    rated) and ``names`` (a tuple of the touchpoint names on that level, in journey
    order; empty for bare levels). ``attrs["unrated"]`` counts touchpoints without a
    level, ``attrs["total"]`` the rated ones.
    """
    pairs: list[tuple[ServiceLevel | None, str | None]] = []
    if isinstance(data, Journey):
        items: Iterable = data.touchpoints
    elif isinstance(data, Mapping):
        items = [(value, str(key)) for key, value in data.items()]
    elif isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise AnalysisError("analysis.service.input", kind=type(data).__name__)
    else:
        items = data
    for item in items:
        if isinstance(item, Touchpoint):
            pairs.append((item.service_level, item.name))
        elif isinstance(item, tuple) and len(item) == 2:
            pairs.append((None if item[0] is None else to_level(item[0]), item[1]))
        else:
            pairs.append((None if item is None else to_level(item), None))
    rated = [(level, name) for level, name in pairs if level is not None]
    total = len(rated)
    rows = []
    for level in LEVELS:
        here = [name for lvl, name in rated if lvl == level]
        rows.append(
            {
                "level": int(level),
                "key": level.key,
                "count": len(here),
                "share": len(here) / total if total else 0.0,
                "names": tuple(name for name in here if name is not None),
            }
        )
    import pandas as pd  # here: the scenarios and answers are needed without pandas

    table = pd.DataFrame(rows)
    table.attrs.update(unrated=len(pairs) - total, total=total)
    return table


def expectation_gaps(journey: Journey, *, lang: str | None = None) -> "pd.DataFrame":
    """Performance minus expectation per touchpoint, the largest shortfall first.

    Columns ``id, name, phase, expectation, performance, gap``, ``verdict``
    (``below`` / ``meets`` / ``exceeds``) and ``verdict_label`` (in ``lang``). Sorted by gap (most negative first), then by
    name and id.
    """
    rows = [
        {
            "id": tp.id,
            "name": tp.name,
            "phase": tp.phase,
            "expectation": tp.expectation,
            "performance": tp.performance,
            "gap": tp.performance - tp.expectation,
        }
        for tp in touchpoints_of(journey)
    ]
    import pandas as pd

    table = pd.DataFrame(rows).sort_values(["gap", "name", "id"], kind="stable").reset_index(drop=True)
    table["verdict"] = ["below" if g < 0 else "exceeds" if g > 0 else "meets" for g in table["gap"]]
    table["verdict_label"] = [t(f"service.gap.{v}", lang) for v in table["verdict"]]
    return table


# --------------------------------------------------------------------------- scenarios

@dataclass(frozen=True)
class Scenario:
    """One short service situation and the level it illustrates.

    Texts: ``scenario.<id>.title``, ``.text`` (the situation), ``.why`` (why this level)
    and, for the answers people often give instead, ``.note.<level key>``.
    """

    id: str
    setting: str  # hotel, airline, bank, ... (for grouping; the title is translated)
    level: ServiceLevel
    notes: tuple[ServiceLevel, ...] = ()

    def title(self, lang: str | None = None) -> str:
        return t(f"scenario.{self.id}.title", lang)

    def text(self, lang: str | None = None) -> str:
        return t(f"scenario.{self.id}.text", lang)

    def explanation(self, lang: str | None = None) -> str:
        return t(f"scenario.{self.id}.why", lang)

    def feedback(self, answer, lang: str | None = None) -> str:
        """The feedback on ``answer`` (any of the six levels), in ``lang``."""
        lang = check_language(lang)
        chosen = to_level(answer)
        correct_name = t(f"level.{self.level.key}", lang)
        if chosen == self.level:
            head = t("service.feedback.correct", lang, level=correct_name)
        else:
            direction = "too_high" if chosen > self.level else "too_low"
            head = t(
                f"service.feedback.{direction}", lang,
                chosen=t(f"level.{chosen.key}", lang),
                help=t(f"level.{chosen.key}.help", lang),
                level=correct_name,
            )
            note_key = f"scenario.{self.id}.note.{chosen.key}"
            if has(note_key):
                head += " " + t(note_key, lang)
        return head + " " + self.explanation(lang)


_L = ServiceLevel
#: The scenarios of the level-sorting exercise (ids are stable: workbooks store answers by id).
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("telecom_installation", "telecom", _L.CRIMINAL, (_L.BASIC,)),
    Scenario("webshop_returns", "webshop", _L.CRIMINAL, (_L.BASIC,)),
    Scenario("airline_delay", "airline", _L.BASIC, (_L.CRIMINAL, _L.EXPECTED)),
    Scenario("bank_helpline", "bank", _L.BASIC, (_L.EXPECTED,)),
    Scenario("hotel_wifi", "hotel", _L.EXPECTED, (_L.DESIRED, _L.SURPRISING)),
    Scenario("pharmacy_pickup", "pharmacy", _L.EXPECTED, (_L.DESIRED,)),
    Scenario("hospital_reminder", "hospital", _L.DESIRED, (_L.EXPECTED, _L.SURPRISING)),
    Scenario("restaurant_birthday", "restaurant", _L.SURPRISING, (_L.DESIRED, _L.UNBELIEVABLE)),
    Scenario("airline_safety_rap", "airline", _L.SURPRISING, (_L.UNBELIEVABLE,)),
    Scenario("hotel_cuddly_toy", "hotel", _L.UNBELIEVABLE, (_L.SURPRISING,)),
)
_BY_ID = {s.id: s for s in SCENARIOS}


def get_scenario(scenario_id: str) -> Scenario:
    try:
        return _BY_ID[scenario_id]
    except (KeyError, TypeError):
        raise AnalysisError(
            "analysis.service.scenario", value=repr(scenario_id)[:40], choices=", ".join(_BY_ID)
        ) from None


def check_answer(scenario_id: str, level, *, lang: str | None = None) -> tuple[bool, str]:
    """Is ``level`` the level scenario ``scenario_id`` illustrates? And why (or why not).

    ``level`` may be a :class:`ServiceLevel`, its number 1..6 or its key.
    """
    scenario = get_scenario(scenario_id)
    chosen = to_level(level)
    return chosen == scenario.level, scenario.feedback(chosen, lang)
