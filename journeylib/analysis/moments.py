"""Moments of truth by hand: a transparent score, the peak-end rule, and "Example WOW".

:func:`mot_scores` ranks the touchpoints of a journey by a score the learner can follow
step by step. Five components, each taken from the touchpoint's own ratings and put on
0..1 with the fixed ends of its scale (not the spread of the data, so one touchpoint's
score never depends on the others):

=============  ==========================================  ==============
component      raw value                                   0..1
=============  ==========================================  ==============
importance     importance, 1..5                            (raw - 1) / 4
influence      influence, 1..5                             (raw - 1) / 4
intensity      abs(emotion), 0..3                          raw / 3
gap            max(0, expectation - performance), 0..4    raw / 4
frequency      frequency, 1..5                             (raw - 1) / 4
=============  ==========================================  ==============

Each component's part is ``weight / sum(weights) * normalised value``; the score is the
sum of the parts, so it lies in 0..1 and the part columns add up to it exactly. Every
raw value, normalised value and part is a column of the table.

:func:`peak_end` applies the peak-end rule (Kahneman, Fredrickson, Schreiber & Redelmeier
1993; Redelmeier & Kahneman 1996): an episode is remembered mostly by its most intense
moment and its end. :func:`importance_influence` sorts the steps by importance and by
how much influence we have on them (the course's two-by-two, after the idea of "Example WOW").
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import AnalysisError
from ..i18n import check_language, t
from ..model import Journey

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "II_QUADRANTS",
    "PeakEnd",
    "mot_scores",
    "mot_rows",
    "explain_weights",
    "check_weights",
    "peak_end",
    "importance_influence",
    "ii_quadrant",
    "touchpoints_of",
    "touchpoint_columns",
]

#: The five components of the moment-of-truth score, in the order of the table columns.
COMPONENTS: tuple[str, ...] = ("importance", "influence", "intensity", "gap", "frequency")

#: Default weights (they sum to 1). ``explain_weights(lang)`` says why each one is there.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"importance": 0.30, "influence": 0.20, "intensity": 0.20, "gap": 0.20, "frequency": 0.10}
)

#: Quadrants of the importance x influence view, keys for ``ii.<key>`` texts.
II_QUADRANTS: tuple[str, ...] = ("act", "prepare", "standardise", "accept")

_SPAN = {"importance": (1, 4), "influence": (1, 4), "intensity": (0, 3), "gap": (0, 4), "frequency": (1, 4)}


def _raw(tp, component: str) -> int:
    if component == "intensity":
        return abs(tp.emotion)
    if component == "gap":
        return max(0, tp.expectation - tp.performance)
    return getattr(tp, component)


def touchpoints_of(journey: Journey) -> list:
    """The touchpoints of ``journey``; AnalysisError if it is no journey or has none."""
    if not isinstance(journey, Journey):
        raise AnalysisError("analysis.not_journey", kind=type(journey).__name__)
    if not journey.touchpoints:
        raise AnalysisError("analysis.empty_journey", name=journey.name)
    return list(journey.touchpoints)


def touchpoint_columns(journey: Journey, **columns: str) -> dict[str, list]:
    """``{column: [the touchpoint's field, per touchpoint]}`` in journey order, for a table:
    ``touchpoint_columns(journey, label="name", importance="importance")``."""
    touchpoints = touchpoints_of(journey)
    return {column: [getattr(tp, field) for tp in touchpoints] for column, field in columns.items()}


def check_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The weights to use: the defaults, overridden by ``weights``, scaled to sum 1.

    ``weights`` may name some components only (``{"frequency": 0}`` switches frequency
    off and keeps the other defaults). Unknown names, non-numbers, negative weights and
    weights that are all zero raise :class:`AnalysisError`.
    """
    merged = dict(DEFAULT_WEIGHTS)
    if weights is not None:
        if not isinstance(weights, Mapping):
            raise AnalysisError("analysis.mot.weights_mapping", value=repr(weights)[:40])
        for name, value in weights.items():
            if name not in COMPONENTS:
                raise AnalysisError(
                    "analysis.mot.weight_unknown", name=name, choices=", ".join(COMPONENTS)
                )
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                raise AnalysisError("analysis.mot.weight_number", name=name, value=repr(value)[:40])
            if value < 0:
                raise AnalysisError("analysis.mot.weight_negative", name=name, value=value)
            if math.isinf(value):
                raise AnalysisError("analysis.mot.weight_number", name=name, value=repr(value))
            merged[name] = float(value)
    total = sum(merged.values())
    if total <= 0:
        raise AnalysisError("analysis.mot.weights_zero")
    # rounded so that the defaults come back as 0.3, 0.2, ... (no float noise in tables)
    return {name: round(merged[name] / total, 12) for name in COMPONENTS}


def mot_scores(journey: Journey, weights: Mapping[str, float] | None = None) -> "pd.DataFrame":
    """Rank the touchpoints of ``journey`` as candidate moments of truth.

    Columns: ``id, name, phase``; per component ``<c>_raw`` (the rating it comes from),
    ``<c>_norm`` (0..1) and ``<c>_part`` (weighted contribution); ``score`` (the sum of
    the parts, 0..1); ``rank`` (1 = strongest candidate; equal scores share a rank) and
    ``moment_of_truth`` (what the learner marked, to compare). Sorted by score, highest
    first; equal scores by name, then id, so the order of the touchpoints in the journey
    does not matter. ``attrs["weights"]`` holds the weights used (summing to 1).
    """
    import pandas as pd

    w = check_weights(weights)
    table = pd.DataFrame(mot_rows(journey, w))
    table.attrs["weights"] = w
    return table


def mot_rows(journey: Journey, weights: Mapping[str, float] | None = None) -> list[dict]:
    """:func:`mot_scores` as plain rows (dicts with its columns, in its order), without pandas:
    for the report and the demo workbooks, which need only the ranking."""
    touchpoints = touchpoints_of(journey)
    w = check_weights(weights)
    rows = []
    for tp in touchpoints:
        row = {"id": tp.id, "name": tp.name, "phase": tp.phase}
        score = 0.0
        for c in COMPONENTS:
            raw = _raw(tp, c)
            low, span = _SPAN[c]
            norm = (raw - low) / span
            part = w[c] * norm
            row[f"{c}_raw"] = raw
            row[f"{c}_norm"] = norm
            row[f"{c}_part"] = part
            score += part
        row["score"] = score
        rows.append((round(score, 9), row, tp.moment_of_truth))
    # highest score first (compared at 9 decimals: no float noise), then name, then id;
    # equal scores share the best rank ("min" ranking)
    rows.sort(key=lambda item: (-item[0], item[1]["name"], item[1]["id"]))
    ranked = []
    for key, row, marked in rows:
        row["rank"] = 1 + sum(other > key for other, _, _ in rows)
        row["moment_of_truth"] = marked
        ranked.append(row)
    return ranked


def explain_weights(lang: str | None = None, weights: Mapping[str, float] | None = None) -> "pd.DataFrame":
    """One row per component: its name, weight (scaled to sum 1), raw value and why it counts."""
    import pandas as pd

    lang = check_language(lang)
    w = check_weights(weights)
    return pd.DataFrame(
        {
            "component": list(COMPONENTS),
            "name": [t(f"mot.component.{c}", lang) for c in COMPONENTS],
            "weight": [w[c] for c in COMPONENTS],
            "from": [t(f"mot.component.{c}.from", lang) for c in COMPONENTS],
            "explanation": [t(f"mot.component.{c}.why", lang) for c in COMPONENTS],
        }
    )


# --------------------------------------------------------------------------- peak-end

@dataclass(frozen=True)
class PeakEnd:
    """What the peak-end rule says about a journey's emotion curve."""

    peak_id: str
    peak_name: str
    peak_emotion: int
    peak_position: int  # 0-based position in the journey
    end_id: str
    end_name: str
    end_emotion: int
    end_position: int
    remembered: float  # mean of peak and end emotion
    average: float  # mean emotion of all touchpoints
    n: int

    @property
    def difference(self) -> float:
        """Remembered minus average: how much rosier (+) or darker (-) memory is."""
        return self.remembered - self.average


def peak_end(journey: Journey) -> PeakEnd:
    """Peak (largest ``abs(emotion)``; on a tie the first), end (the last touchpoint),
    the remembered score (mean of peak and end emotion) and the plain average."""
    touchpoints = touchpoints_of(journey)
    peak_position = max(range(len(touchpoints)), key=lambda i: (abs(touchpoints[i].emotion), -i))
    peak, end = touchpoints[peak_position], touchpoints[-1]
    return PeakEnd(
        peak_id=peak.id,
        peak_name=peak.name,
        peak_emotion=peak.emotion,
        peak_position=peak_position,
        end_id=end.id,
        end_name=end.name,
        end_emotion=end.emotion,
        end_position=len(touchpoints) - 1,
        remembered=(peak.emotion + end.emotion) / 2,
        average=sum(tp.emotion for tp in touchpoints) / len(touchpoints),
        n=len(touchpoints),
    )


# --------------------------------------------------------------------------- Example WOW

def ii_quadrant(importance: float, influence: float, cross: float = 3) -> str:
    """Quadrant key of one step; a value on the crosshair counts as high."""
    if importance >= cross:
        return "act" if influence >= cross else "prepare"
    return "standardise" if influence >= cross else "accept"


def importance_influence(journey: Journey) -> "pd.DataFrame":
    """Which steps matter, and on which do we have influence ("Example WOW").

    Columns ``id, name, phase, importance, influence, quadrant`` in journey order. The
    crosshair is the scale midpoint 3 on both axes; a value of 3 counts as high. Quadrant
    keys: ``act`` (important, in our hands), ``prepare`` (important, little influence:
    prepare for it and catch the customer), ``standardise`` (in our hands, matters less:
    a standard way of working), ``accept`` (matters less, little influence).
    """
    import pandas as pd

    table = pd.DataFrame(touchpoint_columns(journey, id="id", name="name", phase="phase",
                                            importance="importance", influence="influence"))
    table["quadrant"] = [ii_quadrant(i, f) for i, f in zip(table["importance"], table["influence"])]
    table.attrs.update(crosshair=(3, 3), crosshair_rule="midpoint", kind="influence")
    return table
