"""Channel consistency: may every channel's staff solve the same problems?

The telecom example of the course: the social-media desk fixed a problem at once and said
that phone and shop staff should have been able to as well. A problem type is
**inconsistent** when some channels may solve it and others may not.

**Consistency score** = the share of problem types that every channel handles the same
way (all channels may solve it, or none may), from 0 (every problem type differs between
channels) to 1 (fully consistent). A matrix without problem types or with fewer than two
channels has nothing to compare and scores 1.

A problem type that **no** channel may solve counts as consistent (every channel says the
same "no"), but that is nothing to praise: the customer is passed on wherever they knock.
:func:`unsolved` lists such problem types, and the texts name them instead of calling the
matrix consistent; when no channel may solve anything (:func:`nothing_allowed`) the texts say
only that.
"""
from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

from ..errors import AnalysisError
from ..i18n import check_language, t
from ..model import ChannelMatrix
from ..text import format_percent, join_words

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Inconsistency",
    "solve_table",
    "inconsistencies",
    "consistency_score",
    "unsolved",
    "nothing_allowed",
    "describe_inconsistency",
    "describe_inconsistencies",
]


@dataclass(frozen=True)
class Inconsistency:
    """A problem type that some channels may solve (``may``) and others not (``may_not``)."""

    problem: str
    may: tuple[str, ...]
    may_not: tuple[str, ...]

    def describe(self, lang: str | None = None) -> str:
        return describe_inconsistency(self, lang=lang)


def _check(matrix) -> ChannelMatrix:
    if not isinstance(matrix, ChannelMatrix):
        raise AnalysisError("analysis.channels.input", kind=type(matrix).__name__)
    return matrix


def solve_table(matrix: ChannelMatrix) -> pd.DataFrame:
    """Channel x problem table of booleans: True where that channel's staff may solve it."""
    import pandas as pd

    _check(matrix)
    return pd.DataFrame(
        [[matrix.allowed(c, p) for p in matrix.problems] for c in matrix.channels],
        index=pd.Index(list(matrix.channels), name="channel"),
        columns=pd.Index(list(matrix.problems), name="problem"),
        dtype=bool,
    )


def inconsistencies(matrix: ChannelMatrix) -> list[Inconsistency]:
    """Every problem type some channels may solve and others may not, in the matrix's
    order of problems; channels in the matrix's order of channels."""
    _check(matrix)
    found = []
    for problem in matrix.problems:
        may = tuple(c for c in matrix.channels if matrix.allowed(c, problem))
        may_not = tuple(c for c in matrix.channels if not matrix.allowed(c, problem))
        if may and may_not:
            found.append(Inconsistency(problem, may, may_not))
    return found


def consistency_score(matrix: ChannelMatrix) -> float:
    """Share of problem types every channel handles the same way (0..1; see module doc)."""
    _check(matrix)
    if not matrix.problems or len(matrix.channels) < 2:
        return 1.0
    return 1 - len(inconsistencies(matrix)) / len(matrix.problems)


def unsolved(matrix: ChannelMatrix) -> list[str]:
    """The problem types no channel may solve (in the matrix's order); none without channels."""
    _check(matrix)
    if not matrix.channels:
        return []
    return [p for p in matrix.problems if not any(matrix.allowed(c, p) for c in matrix.channels)]


def nothing_allowed(matrix: ChannelMatrix) -> bool:
    """True when there are channels and problem types and no channel may solve any of them."""
    _check(matrix)
    return bool(matrix.channels and matrix.problems) and len(unsolved(matrix)) == len(matrix.problems)


def describe_inconsistency(item: Inconsistency, *, lang: str | None = None) -> str:
    """One sentence: for problem X, channels A and B may solve it, but C may not."""
    lang = check_language(lang)
    return t(
        "channels.inconsistency", lang,
        problem=item.problem,
        may=join_words(item.may, lang),
        may_not=join_words(item.may_not, lang),
        verb_may=t("channels.verb_may_one" if len(item.may) == 1 else "channels.verb_may_many", lang),
    )


def describe_inconsistencies(matrix: ChannelMatrix, *, lang: str | None = None) -> str:
    """The score and one sentence per inconsistent problem type, as one paragraph."""
    lang = check_language(lang)
    found = inconsistencies(matrix)
    n = len(matrix.problems)
    if nothing_allowed(matrix):  # consistent, but only in saying no: not praised
        return t("channels.nothing_allowed_one" if n == 1 else "channels.nothing_allowed", lang, total=n,
                 problem=matrix.problems[0])
    head = t(
        "channels.score", lang,
        score=format_percent(consistency_score(matrix), lang),
        same=n - len(found), total=n,
    )
    parts = [head, *(describe_inconsistency(i, lang=lang) for i in found)]
    none_may = unsolved(matrix)
    if none_may:
        parts.append(t("channels.unsolved", lang, problems=join_words(none_may, lang, quote=True)))
    if not found:
        parts.append(t("channels.all_consistent_but" if none_may else "channels.all_consistent", lang))
    return " ".join(parts)
