"""Customer metrics: NPS, CSAT and CES, each with the definition it uses.

All three ignore missing answers (NaN / None), refuse answers outside their scale with an
:class:`~journeylib.errors.AnalysisError` that names the value, and refuse an empty set of
answers. Each result carries its definition in Dutch and English (``.definition(lang)``)
and a one-line text (``.text(lang)``) with rounded numbers, for charts and notebooks.

- NPS (Reichheld 2003): 0-10 "how likely are you to recommend us?"; promoters 9-10,
  passives 7-8, detractors 0-6; NPS = % promoters - % detractors, from -100 to 100.
- CSAT: the share of 4 and 5 answers on a 1-5 satisfaction scale, as a percentage.
- CES (Dixon, Freeman & Toman 2010): the mean answer to "how much effort did you have to
  make?", by default on 1 (very little) to 7 (very much); lower is better.

Numbers in the texts are written by :mod:`journeylib.text` (decimal comma in Dutch).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import AnalysisError
from ..i18n import t
from ..text import format_number, format_percent, format_signed

__all__ = [
    "NPSResult",
    "CSATResult",
    "CESResult",
    "nps",
    "csat",
    "ces",
    "definition",
]


# --------------------------------------------------------------------------- validation

def _clean(scores: Iterable, metric: str, low: int, high: int, *, whole: bool = True) -> list[float]:
    """The answers as floats, without missing ones; raises on anything outside the scale."""
    if isinstance(scores, (str, bytes)):
        raise AnalysisError("analysis.metrics.not_number", metric=metric, value=repr(scores)[:40])
    import pandas as pd

    values: list[float] = []
    for raw in (scores.tolist() if hasattr(scores, "tolist") else scores):
        if isinstance(raw, (bool, str, bytes)) or type(raw).__name__ == "bool_":
            raise AnalysisError("analysis.metrics.not_number", metric=metric, value=repr(raw)[:40])
        try:
            if pd.isna(raw):  # None, NaN, pd.NA, NaT: a missing answer
                continue
            number = float(raw)
        except (TypeError, ValueError):
            raise AnalysisError(
                "analysis.metrics.not_number", metric=metric, value=repr(raw)[:40]
            ) from None
        if not (low <= number <= high) or (whole and number != int(number)):
            shown = int(number) if number.is_integer() else number
            raise AnalysisError(
                "analysis.metrics.range", metric=metric, value=shown, low=low, high=high
            )
        values.append(number)
    if not values:
        raise AnalysisError("analysis.metrics.empty", metric=metric)
    return values


def definition(metric: str, lang: str | None = None, **params) -> str:
    """The definition text of ``"nps"``, ``"csat"`` or ``"ces"`` in ``lang``."""
    if metric == "ces":
        params = {"low": 1, "high": 7, **params}
    return t(f"metrics.{metric}.definition", lang, **params)


# --------------------------------------------------------------------------- results

class _Shown:
    """Results show as their sentence (definition included) in a notebook."""

    def _repr_markdown_(self) -> str:
        return f"{self.text()}\n\n*{self.definition()}*"


@dataclass(frozen=True)
class NPSResult(_Shown):
    """Net Promoter Score: ``value`` = % promoters - % detractors (-100 .. 100)."""

    value: float
    n: int
    promoters: int
    passives: int
    detractors: int

    @property
    def pct_promoters(self) -> float:
        return 100 * self.promoters / self.n

    @property
    def pct_passives(self) -> float:
        return 100 * self.passives / self.n

    @property
    def pct_detractors(self) -> float:
        return 100 * self.detractors / self.n

    def definition(self, lang: str | None = None) -> str:
        return definition("nps", lang)

    def text(self, lang: str | None = None) -> str:
        return t(
            "metrics.nps.text", lang,
            value=format_signed(self.value, lang), n=self.n,
            promoters=self.promoters, passives=self.passives, detractors=self.detractors,
        )


@dataclass(frozen=True)
class CSATResult(_Shown):
    """Customer satisfaction: ``value`` = % of answers that are 4 or 5 (0 .. 100)."""

    value: float
    n: int
    satisfied: int

    @property
    def share(self) -> float:
        return self.satisfied / self.n

    def definition(self, lang: str | None = None) -> str:
        return definition("csat", lang)

    def text(self, lang: str | None = None) -> str:
        return t(
            "metrics.csat.text", lang,
            value=format_percent(self.share, lang), n=self.n, satisfied=self.satisfied,
        )


@dataclass(frozen=True)
class CESResult(_Shown):
    """Customer effort score: ``value`` = mean effort on ``scale`` (lower is less effort)."""

    value: float
    n: int
    scale: tuple[int, int]

    def definition(self, lang: str | None = None) -> str:
        return definition("ces", lang, low=self.scale[0], high=self.scale[1])

    def text(self, lang: str | None = None) -> str:
        return t(
            "metrics.ces.text", lang,
            value=format_number(self.value, lang), n=self.n, low=self.scale[0], high=self.scale[1],
        )


# --------------------------------------------------------------------------- metrics

def nps(scores: Iterable) -> NPSResult:
    """Net Promoter Score of 0-10 answers (NaN ignored): % promoters (9-10) - % detractors (0-6)."""
    values = _clean(scores, "NPS", 0, 10)
    promoters = sum(v >= 9 for v in values)
    detractors = sum(v <= 6 for v in values)
    n = len(values)
    return NPSResult(
        value=100 * (promoters - detractors) / n,
        n=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
    )


def csat(scores: Iterable) -> CSATResult:
    """CSAT of 1-5 answers (NaN ignored): the percentage of answers that are 4 or 5."""
    values = _clean(scores, "CSAT", 1, 5)
    satisfied = sum(v >= 4 for v in values)
    return CSATResult(value=100 * satisfied / len(values), n=len(values), satisfied=satisfied)


def ces(scores: Iterable, scale: tuple[int, int] = (1, 7)) -> CESResult:
    """Customer effort score: the mean answer on ``scale`` (1 = very little effort)."""
    try:
        low, high = (int(scale[0]), int(scale[1]))
    except (TypeError, ValueError, IndexError):
        raise AnalysisError("analysis.metrics.scale", scale=repr(scale)) from None
    if len(scale) != 2 or low >= high:
        raise AnalysisError("analysis.metrics.scale", scale=repr(scale))
    values = _clean(scores, "CES", low, high)
    return CESResult(value=sum(values) / len(values), n=len(values), scale=(low, high))
