"""Importance-performance analysis (Martilla & James 1977, Journal of Marketing 41(1)).

Each item gets a point: performance on the x-axis, importance on the y-axis. A crosshair
splits the plane into four quadrants (keys as in ``quadrant.*`` of the locale files):

================  ===================  =====================
key               importance           performance
================  ===================  =====================
``concentrate``   high                 low   ("Concentrate here")
``keep_up``       high                 high  ("Keep up the good work")
``low_priority``  low                  low   ("Low priority")
``overkill``      low                  high  ("Possible overkill")
================  ===================  =====================

Where the crosshair lies is a choice, so it is stated: ``"midpoint"`` puts it on the
middle of the scale (3 on 1..5), ``"mean"`` on the mean of the data. **Boundary rule:**
a value exactly on the crosshair counts as high (``>=``), on both axes; with the
midpoint crosshair an item rated 3 for importance is therefore "important".

Every table has ``attrs``: ``crosshair`` = ``(x, y)`` = ``(performance, importance)``,
``crosshair_rule`` (``"midpoint"`` or ``"mean"``), ``scale`` and ``kind`` (``"stated"``
for ratings, ``"derived"`` when importance is a key driver's share of R²).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from ..errors import AnalysisError
from ..model import Journey
from .moments import touchpoint_columns

__all__ = ["QUADRANTS", "CROSSHAIRS", "quadrant", "ipa_table", "journey_ipa", "derived_ipa"]

#: Quadrant keys, in reading order of the grid (top-left, top-right, bottom-left, bottom-right).
QUADRANTS: tuple[str, ...] = ("concentrate", "keep_up", "low_priority", "overkill")
CROSSHAIRS: tuple[str, ...] = ("midpoint", "mean")


def quadrant(importance: float, performance: float, crosshair: tuple[float, float]) -> str:
    """The quadrant key of one point; ``crosshair`` is ``(performance, importance)``."""
    x, y = crosshair
    if importance >= y:
        return "keep_up" if performance >= x else "concentrate"
    return "overkill" if performance >= x else "low_priority"


def _check_rule(crosshair: str) -> str:
    if crosshair not in CROSSHAIRS:
        raise AnalysisError("analysis.ipa.crosshair", value=repr(crosshair)[:40], choices=", ".join(CROSSHAIRS))
    return crosshair


def _check_scale(scale) -> tuple[float, float]:
    try:
        low, high = float(scale[0]), float(scale[1])
        ok = len(scale) == 2 and low < high
    except (TypeError, ValueError, IndexError):
        ok = False
    if not ok:
        raise AnalysisError("analysis.ipa.scale", value=repr(scale)[:40])
    return low, high


def _require(frame, columns, *, allow_empty: bool = False) -> None:
    """A DataFrame with ``columns`` (and rows, unless ``allow_empty``), or AnalysisError."""
    if not isinstance(frame, pd.DataFrame):
        raise AnalysisError("analysis.ipa.not_table", kind=type(frame).__name__)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalysisError(
            "analysis.ipa.missing_column", column=missing[0], columns=", ".join(map(str, frame.columns))
        )
    if frame.empty and not allow_empty:
        raise AnalysisError("analysis.ipa.empty")


def _numeric(frame: pd.DataFrame, column: str, labels: pd.Series, what: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna()
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise AnalysisError(
            "analysis.ipa.not_number", column=what, label=labels.iloc[i], value=repr(frame[column].iloc[i])[:40]
        )
    return values.astype(float)


def _classify(table: pd.DataFrame, x: float, y: float, rule: str, kind: str, scale) -> pd.DataFrame:
    x, y = round(float(x), 9), round(float(y), 9)  # no float noise on the boundary
    table["quadrant"] = [quadrant(i, p, (x, y)) for i, p in zip(table["importance"], table["performance"])]
    table.attrs.update(crosshair=(x, y), crosshair_rule=rule, scale=scale, kind=kind)
    return table


def ipa_table(
    df: pd.DataFrame,
    *,
    label: str = "label",
    importance: str = "importance",
    performance: str = "performance",
    crosshair: str = "midpoint",
    scale: Sequence[float] = (1, 5),
) -> pd.DataFrame:
    """Importance-performance table of ``df``: one row per item, with its quadrant.

    The result has columns ``label``, ``importance``, ``performance`` (renamed from the
    given column names), the other columns of ``df`` unchanged, and ``quadrant``; rows
    keep their order. Values must be numbers within ``scale``.
    """
    rule = _check_rule(crosshair)
    low, high = _check_scale(scale)
    _require(df, (label, importance, performance))
    labels = df[label].astype(str).reset_index(drop=True)
    frame = df.reset_index(drop=True)
    table = pd.DataFrame(
        {
            "label": labels,
            "importance": _numeric(frame, importance, labels, importance),
            "performance": _numeric(frame, performance, labels, performance),
        }
    )
    for key, column in (("importance", importance), ("performance", performance)):
        bad = (table[key] < low) | (table[key] > high)
        if bad.any():
            i = bad.to_numpy().nonzero()[0][0]
            raise AnalysisError(
                "analysis.ipa.range", column=column, label=labels.iloc[i],
                value=frame[column].iloc[i], low=_plain(low), high=_plain(high),
            )
    for column in frame.columns:
        if column not in (label, importance, performance) and column not in table.columns:
            table[column] = frame[column]
    if rule == "midpoint":
        x = y = (low + high) / 2
    else:
        x, y = table["performance"].mean(), table["importance"].mean()
    return _classify(table, x, y, rule, "stated", (_plain(low), _plain(high)))


def _plain(value: float):
    return int(value) if float(value).is_integer() else value


def journey_ipa(journey: Journey, crosshair: str = "midpoint") -> pd.DataFrame:
    """IPA of a journey's touchpoints (their importance and performance ratings, 1..5).

    Columns ``label`` (the touchpoint name), ``importance``, ``performance``, ``id``,
    ``phase``, ``quadrant``, in journey order.
    """
    df = pd.DataFrame(touchpoint_columns(journey, label="name", importance="importance",
                                         performance="performance", id="id", phase="phase"))
    return ipa_table(df, crosshair=crosshair)


def derived_ipa(
    drivers_df: pd.DataFrame,
    survey_df: pd.DataFrame,
    *,
    crosshair: str = "mean",
    scale: Sequence[float] = (1, 5),
) -> pd.DataFrame:
    """IPA with *derived* importance: a key driver's share of R² against its mean rating.

    ``drivers_df`` is the output of key-driver analysis (columns ``driver``, ``share``,
    usually ``importance`` and optionally ``low``/``high``); ``survey_df`` has one column
    of ratings (``scale``, NaN allowed) per driver. Importance = ``share``; performance =
    the mean rating of the driver's column (missing answers left out); ``n`` = how many
    answers that mean is based on. The key-driver columns ``importance``, ``low`` and
    ``high`` (an R² contribution and its interval, not the share) are kept as
    ``driver_importance``, ``driver_importance_low`` and ``driver_importance_high``;
    the key-driver ``attrs`` as ``attrs["drivers"]``.

    Crosshair ``"mean"`` (default): the mean share and the mean of the mean ratings.
    ``"midpoint"``: the middle of the rating scale for performance and an equal share
    (1 / number of drivers) for importance — shares are not on the rating scale.
    """
    rule = _check_rule(crosshair)
    low, high = _check_scale(scale)
    _require(drivers_df, ("driver", "share"))
    _require(survey_df, (), allow_empty=True)
    drivers = drivers_df.reset_index(drop=True)
    labels = drivers["driver"].astype(str)
    shares = _numeric(drivers, "share", labels, "share")
    performance, counts = [], []
    for driver, name in zip(drivers["driver"], labels):
        if driver not in survey_df.columns:
            raise AnalysisError(
                "analysis.ipa.survey_column", driver=name, columns=", ".join(map(str, survey_df.columns))
            )
        column = survey_df[driver]
        if is_numeric_dtype(column) and not is_bool_dtype(column):  # numbers already: no conversion
            answers = column.to_numpy(dtype=float, na_value=np.nan)
            wrong = (answers < low) | (answers > high)  # NaN (no answer) is neither
        else:
            converted = pd.to_numeric(column, errors="coerce")
            answers = converted.to_numpy(dtype=float, na_value=np.nan)
            wrong = ((converted.isna() & column.notna()) | (converted < low) | (converted > high)).to_numpy()
        if wrong.any():
            i = wrong.nonzero()[0][0]
            raise AnalysisError(
                "analysis.ipa.range", column=name, label=name, value=column.iloc[i],
                low=_plain(low), high=_plain(high),
            )
        answered = answers[~np.isnan(answers)]
        if not answered.size:
            raise AnalysisError("analysis.ipa.no_answers", driver=name)
        performance.append(float(answered.mean()))
        counts.append(int(answered.size))
    table = pd.DataFrame({"label": labels, "importance": shares, "performance": performance, "n": counts})
    renamed = {"importance": "driver_importance", "low": "driver_importance_low", "high": "driver_importance_high"}
    for column in drivers.columns:
        if column not in ("driver", "share"):
            table[renamed.get(column, column)] = drivers[column]
    if rule == "midpoint":
        x, y = (low + high) / 2, 1 / len(table)
    else:
        x, y = table["performance"].mean(), table["importance"].mean()
    table = _classify(table, x, y, rule, "derived", (_plain(low), _plain(high)))
    table.attrs["drivers"] = dict(drivers_df.attrs)  # r2, method, outcome, ... of the key drivers
    return table
