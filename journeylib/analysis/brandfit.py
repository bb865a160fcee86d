"""Brand fit: does a behaviour fit the brand's three essence words?

Each behaviour is rated against the three essence words, from -2 (clashes with the word)
to +2 (fits it well); the total runs from -6 to +6. **Verdict rule** (``verdict()``):

- *clashes* when the total is -2 or lower, or when any single word scores -2 (one essence
  word clearly broken is enough: the brand promise is only as strong as its weakest word);
- *fits* when the total is +2 or higher (and no word scores -2);
- *neutral* otherwise.

The same behaviour rated for two brands shows the course's example: a steward rapping the
safety announcement fits an airline whose essence is "fun, friendly, easy going" and
clashes with a formal one (:func:`compare_brands`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import AnalysisError
from ..i18n import check_language, t
from ..model import BrandEssence, BrandFitRating, validate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["VERDICTS", "FitRows", "verdict", "verdict_rule", "fit_rows", "fit_table", "compare_rows",
           "compare_brands", "brand_label"]

#: Verdict keys, best first (texts ``brandfit.verdict.<key>``).
VERDICTS: tuple[str, ...] = ("fits", "neutral", "clashes")
_RESERVED = {"behaviour", "brand", "brand_label", "total", "verdict", "verdict_key"}


@dataclass(frozen=True)
class FitRows:
    """A brand-fit table as plain rows (dicts with the columns of :func:`fit_table` or
    :func:`compare_brands`), for charts and widgets: pandas is loaded only by :meth:`frame`,
    so a notebook that only shows brand fit does not carry pandas (~35 MB per kernel).
    ``words``: the essence-word columns (one brand); ``brands``: the brands (several)."""

    rows: tuple[dict, ...]
    words: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> "pd.DataFrame":
        import pandas as pd

        table = pd.DataFrame(list(self.rows))
        if self.words:
            table.attrs["words"] = list(self.words)
        if self.brands:
            table.attrs["brands"] = list(self.brands)
        return table


def verdict(scores: Sequence[int]) -> str:
    """``fits``, ``neutral`` or ``clashes`` for three scores (see the module's rule)."""
    total = sum(scores)
    if total <= -2 or min(scores) <= -2:
        return "clashes"
    return "fits" if total >= 2 else "neutral"


def verdict_rule(lang: str | None = None) -> str:
    """The verdict rule in words, for charts and notebooks."""
    return t("brandfit.rule", lang)


def brand_label(brand: str, lang: str | None = None) -> str:
    """The brand's name for display; an empty brand means the learner's own brand."""
    return brand or t("brandfit.own_brand", lang)


def _ratings(ratings: Iterable) -> list[BrandFitRating]:
    if isinstance(ratings, (str, bytes, BrandFitRating)) or not isinstance(ratings, Iterable):
        raise AnalysisError("analysis.brandfit.input", kind=type(ratings).__name__)
    out = [r if isinstance(r, BrandFitRating) else validate(BrandFitRating, r) for r in ratings]
    seen = set()
    for r in out:
        key = (r.brand, r.behaviour.casefold())
        if key in seen:
            raise AnalysisError("analysis.brandfit.duplicate", behaviour=r.behaviour, brand=brand_label(r.brand))
        seen.add(key)
    return out


def _words(essence_words, lang: str) -> list[str]:
    words = essence_words.essence_words if isinstance(essence_words, BrandEssence) else essence_words
    if isinstance(words, (str, bytes)) or not isinstance(words, Sequence) or len(words) != 3:
        raise AnalysisError("analysis.brandfit.words", value=repr(words)[:60])
    columns: list[str] = []
    for i, word in enumerate(words, start=1):
        name = str(word).strip() or t("brandfit.word_n", lang, n=i)
        if name in _RESERVED or name in columns:
            name = t("brandfit.word_n", lang, n=i) + f" ({name})"
        columns.append(name)
    return columns


def fit_table(ratings: Iterable, essence_words, brand: str | None = None, *, lang: str | None = None) -> "pd.DataFrame":
    """Behaviour x essence-word scores, with total and verdict, for one brand.

    ``essence_words`` is a :class:`BrandEssence` or three words (empty ones become
    "word 1" ...). ``brand`` picks the ratings of one brand; without it all ratings must
    be for the same brand. Columns: ``behaviour``, ``brand``, ``brand_label``, one column
    per essence word, ``total`` (-6..6), ``verdict_key`` and ``verdict`` (translated).
    Rows keep the order of the ratings. ``attrs["words"]`` lists the word columns.
    """
    return fit_rows(ratings, essence_words, brand, lang=lang).frame()


def fit_rows(ratings: Iterable, essence_words, brand: str | None = None, *, lang: str | None = None) -> FitRows:
    """:func:`fit_table` as :class:`FitRows` (no pandas)."""
    lang = check_language(lang)
    words = _words(essence_words, lang)
    rated = _ratings(ratings)
    if brand is not None:
        rated = [r for r in rated if r.brand == brand]
    brands = list(dict.fromkeys(r.brand for r in rated))
    if len(brands) > 1:
        raise AnalysisError(
            "analysis.brandfit.several_brands", brands=", ".join(brand_label(b, lang) for b in brands)
        )
    if not rated:
        raise AnalysisError("analysis.brandfit.empty", brand=brand_label(brand or "", lang))
    rows = []
    for r in rated:
        row = {"behaviour": r.behaviour, "brand": r.brand, "brand_label": brand_label(r.brand, lang)}
        row.update(zip(words, r.scores))
        key = verdict(r.scores)
        row.update(total=sum(r.scores), verdict_key=key, verdict=t(f"brandfit.verdict.{key}", lang))
        rows.append(row)
    return FitRows(tuple(rows), words=tuple(words))


def compare_brands(ratings: Iterable, *, lang: str | None = None) -> "pd.DataFrame":
    """The same behaviours across brands: one row per (behaviour, brand).

    Columns ``behaviour, brand, brand_label, total, verdict_key, verdict, differs``;
    ``differs`` is True for every row of a behaviour whose verdict is not the same for
    all brands it was rated for. Behaviours (matched regardless of capitals, shown as
    first written) and brands in order of first appearance.
    ``attrs["brands"]`` lists the brands.
    """
    return compare_rows(ratings, lang=lang).frame()


def compare_rows(ratings: Iterable, *, lang: str | None = None) -> FitRows:
    """:func:`compare_brands` as :class:`FitRows` (no pandas)."""
    lang = check_language(lang)
    rated = _ratings(ratings)
    if not rated:
        raise AnalysisError("analysis.brandfit.empty", brand=brand_label("", lang))
    brands = list(dict.fromkeys(r.brand for r in rated))
    spelling: dict[str, str] = {}  # the same behaviour, however it is capitalised
    for r in rated:
        spelling.setdefault(r.behaviour.casefold(), r.behaviour)
    by_key = {(r.behaviour.casefold(), r.brand): r for r in rated}
    rows = []
    for folded, behaviour in spelling.items():
        present = [by_key[(folded, b)] for b in brands if (folded, b) in by_key]
        differs = len({verdict(r.scores) for r in present}) > 1
        for r in present:
            key = verdict(r.scores)
            rows.append(
                {
                    "behaviour": behaviour,
                    "brand": r.brand,
                    "brand_label": brand_label(r.brand, lang),
                    "total": sum(r.scores),
                    "verdict_key": key,
                    "verdict": t(f"brandfit.verdict.{key}", lang),
                    "differs": differs,
                }
            )
    return FitRows(tuple(rows), brands=tuple(brands))
