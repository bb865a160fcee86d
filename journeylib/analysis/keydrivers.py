"""Key driver analysis: which drivers (touchpoint ratings, ...) matter most for an outcome.

*Derived importance*: instead of asking customers what matters, we look at how much of the
variation in an outcome (overall satisfaction, NPS, "would recommend") each driver
explains. Drivers are usually correlated, so a plain regression coefficient or a single
correlation gives a distorted picture. Two methods share the explained variance (R²)
fairly between correlated drivers:

``method="shapley"`` (default)
    Exact Shapley value regression, also known as LMG (Lindeman, Merenda & Gold 1980;
    Lipovetsky & Conklin 2001) and as *general dominance* (Budescu 1993; Azen & Budescu
    2003): each driver's importance is its gain in R² when it joins a model, averaged over
    every possible set of other drivers. The importances add up to the full model's R².
    R's ``relaimpo`` package (metric ``lmg``) is the reference implementation.
``method="relative_weights"``
    Johnson's relative weights (2000, *Multivariate Behavioral Research* 35:1-19): an
    approximation of the same idea from one eigendecomposition. The weights also add up to
    R². Use it for many drivers (more than :data:`MAX_EXACT_DRIVERS`).

Both methods only need the correlation matrix of the outcome and the drivers, never the
raw rows. That is why there are three entry points:

* :func:`key_drivers` - a pandas DataFrame in memory (optionally with bootstrap intervals);
* :func:`key_drivers_from_corr` - a correlation matrix computed elsewhere (a database,
  a cluster, a published table), so only the small matrix has to travel;
* :func:`key_drivers_from_chunks` - a table that arrives in pieces (DataFrames), of any
  size; memory use does not grow with the number of rows.

This module reads no files (analysis does no file I/O, see docs/architecture.md): a CSV of
any size is read in chunks by :func:`journeylib.datasets.key_drivers_from_csv`, which hands
the chunks to :func:`key_drivers_from_chunks`.

Every result is a DataFrame with one row per driver, sorted by importance (largest first):

========== ================================================================
driver     the driver's column name
importance its share of R² in absolute terms (the sum is R²)
share      importance / R² (the sum is 1), handy for "x % of what we explain"
low, high  95 % percentile-bootstrap interval of ``importance`` (only when
           ``bootstrap > 0``)
========== ================================================================

``df.attrs`` holds: ``r2`` (R² of the model with all drivers), ``n`` (rows used),
``rows`` (rows in the table, before incomplete rows were left out; None for a correlation
matrix), ``method``, ``missing``, ``outcome``, ``binary`` (the outcome has exactly two
values and was analysed as a linear probability model), ``bootstrap`` (resamples used),
``near_outcome`` (``(driver, r)`` for every driver whose correlation with the outcome is
above :data:`NEAR_OUTCOME_R` in absolute value: it probably measures the outcome itself) and
``note`` (a sentence in the current language for the reader, or "").

How the exact Shapley values are computed (for instructors)
-----------------------------------------------------------
For a set ``S`` of drivers, R²(S) = r_yS' R_SS⁻¹ r_yS follows from the correlation matrix.
All 2^p - 1 subsets are enumerated with the *sweep operator* in a breadth-first binary
tree: at depth d every node holds the correlation matrix of the remaining drivers and the
outcome, partialled on the drivers chosen so far. Leaving driver d out just drops its
row and column; taking it in sweeps on it (a rank-one update). Each level is one
vectorised numpy operation over all nodes, so R²(S) for every subset costs a few
floating-point operations per subset, and the number of respondents plays no role at all.
Above 16 drivers the tree is processed in blocks so that memory stays at about 2^p
numbers. The Shapley sums then use bit arithmetic on the subset masks: the weight of a
subset depends only on its size (popcount).
"""
from __future__ import annotations

import functools
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import AnalysisError, SurveyError
from ..i18n import t

__all__ = [
    "key_drivers",
    "key_drivers_from_corr",
    "key_drivers_from_chunks",
    "check_request",
    "correlation_from_sums",
    "huge_int_as_inf",
    "choose_outcome",
    "OutcomeChoice",
    "NEAR_OUTCOME_R",
    "MAX_EXACT_DRIVERS",
    "METHODS",
    "MISSING",
]

METHODS = ("shapley", "relative_weights")
MISSING = ("listwise", "pairwise")
#: Exact Shapley needs all 2^p subsets: 22 drivers is about 4 million subsets (~0.3 s).
MAX_EXACT_DRIVERS = 22
#: Upper limit for the number of bootstrap resamples.
MAX_BOOTSTRAP = 10_000

#: A driver that correlates with the outcome above this (in absolute value) probably measures
#: the outcome itself (an overall judgement taken for a driver): ``attrs["near_outcome"]``.
NEAR_OUTCOME_R = 0.9

# Smallest eigenvalue of the drivers' correlation matrix below which drivers count as
# (nearly) perfectly collinear. Every pivot of the sweep is at least this eigenvalue.
_COLLINEAR_TOL = 1e-8
# Drivers handled in one vectorised block of the subset tree (2^16 subsets).
_BLOCK_BITS = 16
# More than this share of failed bootstrap resamples is an error, not a footnote.
_MAX_FAILED_SHARE = 0.1
# Exact Shapley with bootstrap: at most this many subset R² values in all (~1 minute).
_MAX_BOOTSTRAP_SUBSETS = 2**30


# --------------------------------------------------------------------------- public API


def key_drivers(
    data: pd.DataFrame,
    outcome,
    drivers: Sequence,
    method: str = "shapley",
    missing: str = "listwise",
    bootstrap: int = 0,
    seed=None,
) -> pd.DataFrame:
    """How important each driver is for the outcome, from a table of survey answers.

    Parameters
    ----------
    data:
        One row per respondent; the outcome and the drivers are numeric columns
        (ratings, 0/1 answers, ...). Empty cells (NaN) are allowed, see ``missing``.
    outcome:
        Column name of what we want to explain, e.g. ``"overall_satisfaction"``. An
        outcome with exactly two values (0/1, yes/no as 1/0) is analysed as a linear
        probability model; ``df.attrs["binary"]`` is then True and ``note`` says so.
    drivers:
        Column names of the possible drivers (at least one; not the outcome).
    method:
        ``"shapley"`` (exact, at most :data:`MAX_EXACT_DRIVERS` drivers) or
        ``"relative_weights"`` (Johnson 2000, any number of drivers).
    missing:
        ``"listwise"``: use only rows where the outcome and every driver are filled in.
        ``"pairwise"``: compute each correlation from the rows where that pair is filled
        in (uses more answers, but the correlations come from different respondents;
        ``attrs["n"]`` is then the smallest number of rows behind one correlation).
    bootstrap:
        Number of bootstrap resamples for a 95 % percentile interval of each importance
        (columns ``low`` and ``high``); 0 (default) for none. 1,000 is a usual choice.
        Each resample costs one full analysis, so exact Shapley with many drivers allows
        fewer resamples (2^30 / 2^p: 1,024 at 20 drivers). Percentile intervals are not
        centred on the estimate: for a driver with an importance near zero the interval
        can even lie just above it, because importances cannot be negative.
    seed:
        Seed for the bootstrap, so the intervals can be reproduced.

    Returns
    -------
    DataFrame with columns ``driver``, ``importance``, ``share`` (and ``low``,
    ``high``), largest importance first; metadata in ``df.attrs`` (see the module).

    Raises
    ------
    SurveyError
        A column is missing or not numeric.
    AnalysisError
        Unusable input: too few rows, a constant column, two drivers that measure the same
        thing, too many drivers for the exact method, an unknown option, ...

    Example
    -------
    >>> key_drivers(survey, "satisfaction", ["staff", "waiting_time", "price"])
    """
    spec = _check_args(outcome, drivers, method, missing)
    bootstrap = _check_bootstrap(bootstrap)
    if method == "shapley" and bootstrap > _MAX_BOOTSTRAP_SUBSETS >> len(spec):
        limit = _MAX_BOOTSTRAP_SUBSETS >> len(spec)
        raise AnalysisError("keydrivers.bootstrap_too_heavy", count=len(spec), limit=limit)
    if not isinstance(data, pd.DataFrame):
        raise SurveyError("keydrivers.not_a_table", kind=type(data).__name__)
    names = [outcome, *spec]
    _check_columns(list(data.columns), names)
    if data.columns.duplicated().any():
        for name in names:
            if (data.columns == name).sum() > 1:
                raise SurveyError("keydrivers.duplicate_column", column=str(name))
    values = _numeric_block(data, names)
    if missing == "listwise":
        values = _complete_rows(values)
    moments = _Moments(len(names), missing)
    moments.update(values)
    corr, n, binary = moments.finish(names)
    result = _analyse(corr, names, n, method, missing, binary)
    result.attrs["rows"] = int(len(data))
    if bootstrap:
        _add_bootstrap(result, values, names, method, missing, bootstrap, seed)
    return result


def key_drivers_from_corr(
    corr: pd.DataFrame,
    outcome,
    drivers: Sequence,
    n: int,
    method: str = "shapley",
) -> pd.DataFrame:
    """Key drivers from a correlation matrix, e.g. computed inside a database.

    Useful when the answers are too many or too private to load: compute the Pearson
    correlations where the data lives (SQL ``CORR()``, Spark, a published table) and pass
    only the matrix. The result is the same as :func:`key_drivers` on the raw data.

    Parameters
    ----------
    corr:
        Square DataFrame whose index and columns contain the outcome and all drivers (other
        variables may be present and are ignored). A covariance matrix works too: it is
        rescaled to correlations.
    outcome, drivers, method:
        As in :func:`key_drivers`.
    n:
        Number of respondents behind the matrix (for pairwise correlations: the smallest
        number behind one correlation). Used for the "too few rows" check and reported
        as ``attrs["n"]``; it does not change the importances.

    ``attrs["missing"]`` is None (the matrix does not say how gaps were handled) and
    ``attrs["binary"]`` is False (a matrix does not show whether the outcome has two
    values). Bootstrap intervals need the raw rows, so they are not available here.
    """
    spec = _check_args(outcome, drivers, method, "listwise")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise AnalysisError("keydrivers.bad_n", value=repr(n))
    if not isinstance(corr, pd.DataFrame):
        raise AnalysisError("keydrivers.corr_not_a_table", kind=type(corr).__name__)
    names = [outcome, *spec]
    _check_columns(list(corr.columns), names)
    _check_columns(list(corr.index), names)
    try:
        sub = corr.loc[names, names].to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise AnalysisError("keydrivers.corr_not_numeric") from None
    if sub.shape != (len(names), len(names)):  # duplicated labels in the matrix
        raise AnalysisError("keydrivers.corr_not_numeric")
    matrix = _validate_corr(sub, names)
    result = _analyse(matrix, names, int(n), method, None, False)
    result.attrs["rows"] = None  # the matrix does not say how many rows were left out
    return result


def key_drivers_from_chunks(
    chunks,
    outcome,
    drivers: Sequence,
    method: str = "shapley",
    missing: str = "listwise",
) -> pd.DataFrame:
    """Key drivers from a table that arrives in pieces: DataFrames with the same columns.

    Per piece the counts, sums and cross-products of the needed columns are added up (for
    ``missing="pairwise"`` per pair of columns), so memory use depends on the size of a
    piece and the number of drivers, not on the number of rows. The result equals
    :func:`key_drivers` on the whole table (up to rounding, ~1e-12); ``attrs["rows"]`` is
    the number of rows in all pieces. Bootstrap intervals are not available here (they need
    all rows in memory).

    ``chunks`` is an iterable of DataFrames, or a callable that takes the list of needed
    column names (outcome first) and returns one, so that a reader reads only those columns:
    it is called after the options are checked. Every piece is checked for the columns; a
    piece without rows (a file's header) counts for that check only.
    :func:`journeylib.datasets.key_drivers_from_csv` reads a CSV file this way.
    """
    spec = _check_args(outcome, drivers, method, missing)
    names = [outcome, *spec]
    moments = _Moments(len(names), missing)
    rows = 0
    for chunk in chunks(list(names)) if callable(chunks) else chunks:
        if not isinstance(chunk, pd.DataFrame):
            raise SurveyError("keydrivers.not_a_table", kind=type(chunk).__name__)
        _check_columns(list(chunk.columns), names)
        rows += len(chunk)
        block = _numeric_block(chunk, names)
        if missing == "listwise":
            block = _complete_rows(block)
        moments.update(block)
    corr, n, binary = moments.finish(names)
    result = _analyse(corr, names, n, method, missing, binary)
    result.attrs["rows"] = rows
    return result


def check_request(outcome, drivers: Sequence, method: str = "shapley", missing: str = "listwise",
                  columns: Sequence | None = None) -> list:
    """The checks :func:`key_drivers` makes before it reads any data, for a caller that reads
    the data elsewhere (:mod:`journeylib.sql`): the options, the drivers (none, twice, the
    outcome among them, too many for the exact method) and, when ``columns`` is given, that
    every name is one of them. Returns ``[outcome, *drivers]``; raises the same errors."""
    names = [outcome, *_check_args(outcome, drivers, method, missing)]
    if columns is not None:
        _check_columns(list(columns), names)
    return names


def correlation_from_sums(sums, names: Sequence, missing: str = "listwise") -> tuple[pd.DataFrame, int, bool]:
    """The correlation matrix from sufficient statistics added up elsewhere (one SQL query).

    ``sums`` holds what :func:`key_drivers_from_chunks` adds up, for the columns ``names``
    (outcome first), each value already minus a shift per column (any shift near the
    column's mean: the results do not depend on it, the rounding does), in a mapping:

    * listwise (rows where every column is filled in): ``n`` (rows), ``s`` (q sums),
      ``P`` (q x q sums of products);
    * pairwise: ``N``, ``S``, ``Q``, ``P`` (q x q), over the rows where both column i and
      column j are filled in: the rows, the sums of x_i, the sums of x_i² and of x_i x_j;

    and for both ``low`` and ``high`` (each column's smallest and largest value over the
    rows used; pairwise: its filled-in cells) and ``outcome_values`` (up to three distinct
    values of the outcome over those rows: two means a binary outcome).

    Returns ``(corr, n, binary)``: the matrix as a DataFrame labelled by ``names``, the
    number of rows used (pairwise: the smallest per pair) and whether the outcome has two
    values. The checks and errors are those of :func:`key_drivers` (too few rows, a
    constant column, sums that overflowed).
    """
    names = list(names)
    moments = _Moments(len(names), missing)
    q = len(names)

    def array(key, shape):
        value = np.array(sums[key], dtype=float)
        if value.shape != shape:
            raise ValueError(f"sums[{key!r}] has shape {value.shape}, expected {shape}")
        return value

    if moments.pairwise:
        for key in ("N", "S", "Q", "P"):
            setattr(moments, key, array(key, (q, q)))
    else:
        moments.n = int(sums["n"])
        moments.s = array("s", (q,))
        moments.P = array("P", (q, q))
    moments.low = array("low", (q,))
    moments.high = array("high", (q,))
    moments.outcome_values = np.array(sorted({float(v) for v in sums["outcome_values"]})[:3])
    corr, n, binary = moments.finish(names)
    return pd.DataFrame(corr, index=names, columns=names), n, binary


def huge_int_as_inf(value):
    """An int too large for a float as +-inf, as pandas reads the same digits in a text column
    (then "not finite"); any other value unchanged. Shared with the survey loaders."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")
    return value


# --------------------------------------------------------------------------- the outcome

# Words in a column name that mark an overall judgement (Dutch and English). The name is
# folded (lower case, no accents) and split into words; a word counts when it starts with
# one of these stems ("totaaloordeel", "overall_score", "algemene tevredenheid").
_OVERALL_STEMS = ("overall", "totaal", "total", "algemeen", "algemene", "eindoordeel", "eindcijfer",
                  "rapportcijfer", "general", "globaal", "global", "gesamt")
# Words of an outcome question: satisfaction first, then recommendation / loyalty.
_SATISFACTION_STEMS = ("tevreden", "satisf", "csat", "ces", "kto", "oordeel")
_RECOMMEND_STEMS = ("aanbevel", "aanbeveel", "aanraden", "recommend", "nps", "likelihood", "waarschijnlijk",
                    "loyal", "promot")
_SHORT_WORDS = {"nps", "ces", "csat", "kto"}  # only as whole words
# Words that may stand next to an outcome word in a short outcome name ("NPS score",
# "likelihood to recommend", "tevredenheid (1-5)").
_FILLER = {"score", "cijfer", "rating", "totaal", "total", "to", "the", "of", "would", "you", "u", "ons", "us",
           "te", "de", "het", "van", "klant", "klanten", "customer", "scale", "schaal", "vraag", "question",
           "likely", "waarschijnlijkheid", "index"}


@dataclass(frozen=True)
class OutcomeChoice:
    """Which column :func:`choose_outcome` took as the outcome, and why.

    ``reason``: ``"name"`` (the column name says it is an overall judgement),
    ``"scale"`` (no name says so, but it is the one 0-10 column among shorter scales: a
    recommendation question), ``"guess"`` (only an outcome word inside a longer name, such
    as "tevreden over de balie": the learner should check), ``"fallback"`` (nothing
    recognisable: the first column, so the learner must choose) or ``"none"`` (no columns).
    ``others``: other columns whose name says outcome too (not proposed as drivers).
    """

    column: object
    reason: str
    others: tuple = ()

    @property
    def sure(self) -> bool:
        return self.reason in ("name", "scale")


def _words(name) -> list[str]:
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii").casefold()
    return re.findall(r"[a-z]+|[0-9]+", folded)


def _has(word: str, stems) -> bool:
    return any(word.startswith(stem) for stem in stems if stem not in _SHORT_WORDS) or word in _SHORT_WORDS & set(stems)


def _name_score(name) -> int:
    """How strongly a column name says "overall judgement": 0 (not at all) .. 6."""
    words = _words(name)
    if not words:
        return 0
    overall = any(_has(w, _OVERALL_STEMS) for w in words)
    satisfaction = any(_has(w, _SATISFACTION_STEMS) for w in words)
    recommend = any(_has(w, _RECOMMEND_STEMS) for w in words)
    if not (overall or satisfaction or recommend):
        return 0
    score = 3 if overall else 0
    score += 2 if satisfaction else (1 if recommend else 0)
    # only outcome words (and filler or numbers): "tevredenheid", "NPS score", "recommend (0-10)";
    # not "tevredenheid parkeren", which is a touchpoint
    plain = all(w.isdigit() or w in _FILLER or _has(w, _OVERALL_STEMS + _SATISFACTION_STEMS + _RECOMMEND_STEMS)
                for w in words)
    if plain:
        score += 1
    elif not overall:
        score = min(score, 1)  # an outcome word about something else ("tevreden over het parkeren")
    return score


def _is_ten_point(values) -> bool:
    """Whole numbers within 0..10 that reach above 7 (a 0-10 or 1-10 recommendation scale)."""
    values = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    if values.empty:
        return False
    return bool((values >= 0).all() and (values <= 10).all() and values.max() > 7
                and (values == values.round()).all())


def choose_outcome(data: pd.DataFrame, columns: Sequence | None = None) -> OutcomeChoice:
    """The column of ``data`` (among ``columns``, default: all) most likely to be the outcome.

    Never the last column because it is last. In order:

    1. the column *name*: an overall judgement ("Totaaloordeel", "overall satisfaction",
       "Algemene tevredenheid": strongest), an outcome question on its own ("tevredenheid",
       "satisfaction", "NPS", "aanbevelen", "likelihood to recommend"); ties go to
       satisfaction over recommendation, then to the 0-10 column, then to the first in
       ``columns``;
    2. the *values*: the only column on a 0-10 scale among columns with shorter scales
       (a recommendation question);
    3. an outcome word inside a longer name ("tevreden over de balie"), ``reason="guess"``;
    4. otherwise the first column, with ``reason="fallback"``: the learner has to choose.

    Pure: reads ``data``, changes nothing.
    """
    names = list(data.columns) if columns is None else list(columns)
    if not names:
        return OutcomeChoice(None, "none")
    ten = {name: name in data.columns and _is_ten_point(data[name]) for name in names}
    scored = [(_name_score(name), name) for name in names]
    ranked = sorted((item for item in scored if item[0] > 0),
                    key=lambda item: (-item[0], not ten[item[1]], names.index(item[1])))
    strong = [name for score, name in ranked if score >= 2]
    if strong:
        return OutcomeChoice(strong[0], "name", tuple(strong[1:]))
    tens = [name for name in names if ten[name]]
    if len(tens) == 1 and len(names) > 1:
        return OutcomeChoice(tens[0], "scale")
    if ranked:
        return OutcomeChoice(ranked[0][1], "guess")
    return OutcomeChoice(names[0], "fallback")


# --------------------------------------------------------------------------- checks


def _check_args(outcome, drivers, method, missing) -> list:
    """Validate the options and return the drivers as a list."""
    if method not in METHODS:
        raise AnalysisError("keydrivers.unknown_method", method=str(method), choices=", ".join(METHODS))
    if missing not in MISSING:
        raise AnalysisError("keydrivers.unknown_missing", missing=str(missing), choices=", ".join(MISSING))
    if isinstance(drivers, str) or not isinstance(drivers, Iterable):
        drivers = [drivers]
    drivers = list(drivers)
    if not drivers:
        raise AnalysisError("keydrivers.no_drivers")
    seen = set()
    for name in drivers:
        if name in seen:
            raise AnalysisError("keydrivers.duplicate_driver", driver=str(name))
        seen.add(name)
    if outcome in seen:
        raise AnalysisError("keydrivers.outcome_is_driver", outcome=str(outcome))
    if method == "shapley" and len(drivers) > MAX_EXACT_DRIVERS:
        raise AnalysisError("keydrivers.too_many_drivers", count=len(drivers), limit=MAX_EXACT_DRIVERS)
    return drivers


def _check_bootstrap(bootstrap) -> int:
    if (
        isinstance(bootstrap, bool)
        or not isinstance(bootstrap, numbers.Integral)
        or not 0 <= bootstrap <= MAX_BOOTSTRAP
    ):
        raise AnalysisError("keydrivers.bad_bootstrap", value=repr(bootstrap), limit=MAX_BOOTSTRAP)
    return int(bootstrap)


def _check_columns(available: list, names: list) -> None:
    have = set(available)
    for name in names:
        if name not in have:
            shown = ", ".join(str(c) for c in available[:12]) + (", ..." if len(available) > 12 else "")
            raise SurveyError("keydrivers.missing_column", column=str(name), available=shown or "-")


def _numeric_block(data: pd.DataFrame, names: list) -> np.ndarray:
    """The columns ``names`` as one float64 array (rows x columns), NaN for gaps."""
    plain = [isinstance(dtype, np.dtype) and dtype.kind in "biuf" for dtype in data.dtypes]
    if all(plain) and data.shape[1] <= 2 * len(names) and data.columns.is_unique:
        # fast path for a table of plain numbers, not much wider than needed: converting
        # it whole is cheaper than selecting columns by label in pandas
        position = {name: i for i, name in enumerate(data.columns)}
        values = data.to_numpy(dtype=float)[:, [position[name] for name in names]]
    else:
        block = data[names]
        if all(isinstance(dtype, np.dtype) and dtype.kind in "biuf" for dtype in block.dtypes):
            values = block.to_numpy(dtype=float)  # plain numpy columns: one copy
        else:
            columns = [_numeric(block.iloc[:, i], name) for i, name in enumerate(names)]
            return np.column_stack(columns).reshape(len(block), len(names))
    if np.isinf(values).any():
        column = int(np.flatnonzero(np.isinf(values).any(axis=0))[0])
        raise SurveyError("keydrivers.not_finite", column=str(names[column]))
    return values


def _complete_rows(values: np.ndarray) -> np.ndarray:
    """The rows without any gap (listwise deletion)."""
    incomplete = np.isnan(values).any(axis=1)
    return values[~incomplete] if incomplete.any() else values


def _numeric(series: pd.Series, name) -> np.ndarray:
    """A column as float64 with NaN for gaps; SurveyError if it is not numeric."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or (
        pd.api.types.is_numeric_dtype(dtype) and getattr(dtype, "kind", "f") in "biuf"
    ):
        values = series.to_numpy(dtype=float, na_value=np.nan)
    elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        try:
            converted = pd.to_numeric(series.astype(object), errors="coerce")
        except OverflowError:  # an int too large for a float (310+ digits), as read by pandas
            converted = pd.to_numeric(series.astype(object).map(huge_int_as_inf), errors="coerce")
        bad = converted.isna() & series.notna()
        if bad.any():
            raise SurveyError("keydrivers.not_numeric", column=str(name), value=str(series[bad].iloc[0])[:40])
        values = converted.to_numpy(dtype=float, na_value=np.nan)
    else:
        example = series.dropna()
        value = str(example.iloc[0])[:40] if len(example) else str(dtype)
        raise SurveyError("keydrivers.not_numeric", column=str(name), value=value)
    if np.isinf(values).any():
        raise SurveyError("keydrivers.not_finite", column=str(name))
    return values


def _constant_error(index: int, name) -> AnalysisError:
    """The error for a column with one value (index 0 is the outcome)."""
    if index == 0:
        return AnalysisError("keydrivers.constant_outcome", outcome=str(name))
    return AnalysisError("keydrivers.constant_driver", driver=str(name))


def _validate_corr(matrix: np.ndarray, names: list) -> np.ndarray:
    """Check a user-supplied correlation (or covariance) matrix; return a clean copy."""
    q = len(names)
    if not np.isfinite(matrix).all():
        i, j = np.argwhere(~np.isfinite(matrix))[0]
        raise AnalysisError("keydrivers.corr_bad_value", first=str(names[i]), second=str(names[j]))
    scale = np.abs(matrix).max() or 1.0
    if not np.allclose(matrix, matrix.T, rtol=0, atol=1e-8 * scale):
        i, j = np.unravel_index(np.argmax(np.abs(matrix - matrix.T)), matrix.shape)
        raise AnalysisError("keydrivers.corr_not_symmetric", first=str(names[i]), second=str(names[j]))
    matrix = (matrix + matrix.T) / 2
    diag = np.diag(matrix).copy()
    for i in range(q):
        if diag[i] <= 0:
            raise _constant_error(i, names[i])
    sd = np.sqrt(diag)
    matrix = matrix / sd[:, None] / sd[None, :]
    off = np.abs(matrix) > 1 + 1e-8
    if off.any():
        i, j = np.argwhere(off)[0]
        raise AnalysisError("keydrivers.corr_bad_value", first=str(names[i]), second=str(names[j]))
    np.clip(matrix, -1.0, 1.0, out=matrix)
    np.fill_diagonal(matrix, 1.0)
    return matrix


# --------------------------------------------------------------------------- sufficient statistics


class _Moments:
    """Counts, sums and cross-products of the columns, added up chunk by chunk.

    Values are shifted by the first chunk's column means before summing, which keeps the
    subtraction ``sum(xy) - sum(x)sum(y)/n`` accurate. Listwise: one count and one
    cross-product matrix over complete rows (the caller drops incomplete rows).
    Pairwise, with M the not-null mask and Z the shifted values with gaps set to 0:
    N = M'M (rows per pair), S = Z'M (sum of x_i over rows where j is present),
    Q = (Z∘Z)'M and P = Z'Z.
    """

    def __init__(self, q: int, missing: str):
        self.q = q
        self.pairwise = missing == "pairwise"
        self.shift = None
        self.low = np.full(q, np.inf)
        self.high = np.full(q, -np.inf)
        self.outcome_values = np.empty(0)
        if self.pairwise:
            self.N = np.zeros((q, q))
            self.S = np.zeros((q, q))
            self.Q = np.zeros((q, q))
            self.P = np.zeros((q, q))
        else:
            self.n = 0
            self.s = np.zeros(q)
            self.P = np.zeros((q, q))

    def update(self, X: np.ndarray) -> None:
        # huge values (about 1e154 and more) overflow the sums of squares: finish() reports it
        with np.errstate(over="ignore", invalid="ignore"):
            self._update(X)

    def _update(self, X: np.ndarray) -> None:
        if X.shape[0] == 0:
            return
        X = np.asfortranarray(X)  # column-major: the per-column sums and minima run fast
        if self.pairwise:
            mask = ~np.isnan(X)
            if self.shift is None:
                counts = mask.sum(axis=0)
                sums = np.where(mask, X, 0.0).sum(axis=0)
                self.shift = np.divide(sums, counts, out=np.zeros(self.q), where=counts > 0)
            Z = np.where(mask, X - self.shift, 0.0)
            M = mask.astype(float)
            self.N += M.T @ M
            self.S += Z.T @ M
            self.Q += (Z * Z).T @ M
            self.P += Z.T @ Z
            self.low = np.minimum(self.low, np.min(X, axis=0, where=mask, initial=np.inf))
            self.high = np.maximum(self.high, np.max(X, axis=0, where=mask, initial=-np.inf))
            y = X[mask[:, 0], 0]
        else:
            if self.shift is None:
                self.shift = X.mean(axis=0)
            Z = X - self.shift
            self.n += X.shape[0]
            self.s += Z.sum(axis=0)
            self.P += Z.T @ Z
            self.low = np.minimum(self.low, X.min(axis=0))
            self.high = np.maximum(self.high, X.max(axis=0))
            y = X[:, 0]
        if self.outcome_values.size < 3 and y.size:
            # the distinct outcome values, up to 3 (is it binary?) without sorting the chunk
            low, high = y.min(), y.max()
            found = {float(v) for v in self.outcome_values} | {float(low), float(high)}
            if len(found) < 3:
                others = y[(y != low) & (y != high)]
                if others.size:
                    found.add(float(others[0]))
            self.outcome_values = np.array(sorted(found)[:3])

    def finish(self, names: list) -> tuple[np.ndarray, int, bool]:
        """The correlation matrix, the number of rows used and whether the outcome is binary.

        Raises AnalysisError for too few rows or a constant column.
        """
        p = self.q - 1
        n = int(self.N.min()) if self.pairwise else self.n
        if n < p + 2:
            raise AnalysisError("keydrivers.too_few_rows", n=n, needed=p + 2)
        for i, name in enumerate(names):
            if self.low[i] == self.high[i]:
                raise _constant_error(i, name)
        if self.pairwise:
            N = self.N
            with np.errstate(over="ignore", invalid="ignore"):
                cov = self.P - self.S * self.S.T / N
                var_row = self.Q - self.S**2 / N  # variance of x_i over the rows shared with x_j
            self._check_finite(names, cov, var_row)
            var_col = var_row.T
            flat = var_row <= 1e-10 * self.Q  # x_i takes one value on the rows it shares with x_j
            if flat.any():
                i, j = np.argwhere(flat)[0]
                raise AnalysisError("keydrivers.pairwise_constant", driver=str(names[i]), other=str(names[j]))
            with np.errstate(over="ignore"):
                scale = np.sqrt(var_row * var_col)
            if not np.isfinite(scale).all():  # variances above ~1e154: their product overflows
                scale = np.sqrt(var_row) * np.sqrt(var_col)
            corr = cov / scale
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                cov = self.P - np.outer(self.s, self.s) / n
            self._check_finite(names, cov)
            sd = np.sqrt(np.clip(np.diag(cov), 0, None))
            for i, name in enumerate(names):
                if not sd[i] > 0:  # all but rounding-identical values
                    raise _constant_error(i, name)
            corr = cov / sd[:, None] / sd[None, :]
        self._check_finite(names, corr)
        corr = (corr + corr.T) / 2
        np.clip(corr, -1.0, 1.0, out=corr)
        np.fill_diagonal(corr, 1.0)
        binary = self.outcome_values.size == 2
        return corr, n, binary

    def _check_finite(self, names: list, *arrays: np.ndarray) -> None:
        """AnalysisError if a sum of squares overflowed (values of about 1e154 and more).

        Such values make the sums inf or NaN, and the correlations would be nonsense. The
        column named is the one with the largest value in absolute terms among the columns
        of the first entry that is not finite.
        """
        for array in arrays:
            bad = ~np.isfinite(array)
            if bad.any():
                pair = np.argwhere(bad)[0] if array.ndim == 2 else np.flatnonzero(bad)[:1]
                size = np.maximum(np.abs(self.low), np.abs(self.high))
                column = max((int(k) for k in pair), key=lambda k: size[k])
                value = self.high[column] if abs(self.high[column]) >= abs(self.low[column]) else self.low[column]
                raise AnalysisError("keydrivers.too_large", column=str(names[column]), value=f"{value:.3g}")


# --------------------------------------------------------------------------- the analysis


def _analyse(corr: np.ndarray, names: list, n: int, method: str, missing, binary: bool) -> pd.DataFrame:
    """Importances from a checked correlation matrix (outcome first, then the drivers)."""
    p = len(names) - 1
    if n < p + 2:
        raise AnalysisError("keydrivers.too_few_rows", n=n, needed=p + 2)
    rxx = corr[1:, 1:]
    rxy = corr[1:, 0]
    _check_collinear(rxx, names[1:], missing)
    importance, r2 = _importance(rxx, rxy, method)
    notes = []
    if binary:
        notes.append(t("keydrivers.note_binary", outcome=str(names[0])))
    result = _frame(names, importance, r2, n, method, missing, binary, notes)
    near = [(names[1 + i], float(r)) for i, r in enumerate(rxy) if abs(r) > NEAR_OUTCOME_R]
    result.attrs["near_outcome"] = sorted(near, key=lambda item: -abs(item[1]))
    return result


def _importance(rxx: np.ndarray, rxy: np.ndarray, method: str) -> tuple[np.ndarray, float]:
    r2 = float(rxy @ np.linalg.solve(rxx, rxy))
    if method == "shapley":
        importance = _shapley(rxx, rxy)
    else:
        importance = _relative_weights(rxx, rxy)
    if not (np.isfinite(importance).all() and np.isfinite(r2)):
        raise AnalysisError("keydrivers.unstable")
    return importance, r2


def _check_collinear(rxx: np.ndarray, drivers: list, missing) -> None:
    """AnalysisError if the drivers' correlation matrix is (nearly) singular."""
    values, vectors = np.linalg.eigh(rxx)
    if values[0] >= _COLLINEAR_TOL:
        return
    loading = np.abs(vectors[:, 0])
    involved = [int(i) for i in np.argsort(-loading) if loading[i] >= 0.05 * loading.max()]
    if len(involved) == 2:
        i, j = sorted(involved)
        raise AnalysisError("keydrivers.collinear_pair", first=str(drivers[i]), second=str(drivers[j]))
    if values[0] < -_COLLINEAR_TOL and missing != "listwise":
        # pairwise correlations from different respondents that do not fit together
        raise AnalysisError("keydrivers.pairwise_inconsistent")
    shown = ", ".join(f"'{drivers[i]}'" for i in sorted(involved))
    raise AnalysisError("keydrivers.collinear_set", drivers=shown)


def _frame(names, importance, r2, n, method, missing, binary, notes, low=None, high=None) -> pd.DataFrame:
    drivers = names[1:]
    p = len(drivers)
    total = float(np.sum(importance))
    share = importance / total if total > 0 else np.full(p, 1.0 / p)
    # rounding makes the order independent of the order of the drivers (ties by name)
    order = sorted(range(p), key=lambda i: (-round(float(importance[i]), 12), str(drivers[i])))
    columns = {
        "driver": [drivers[i] for i in order],
        "importance": np.asarray(importance, dtype=float)[order],
        "share": np.asarray(share, dtype=float)[order],
    }
    if low is not None:
        columns["low"] = np.asarray(low, dtype=float)[order]
        columns["high"] = np.asarray(high, dtype=float)[order]
    df = pd.DataFrame(columns)
    df.attrs.update(
        r2=r2,
        n=int(n),
        method=method,
        missing=missing,
        outcome=names[0],
        binary=bool(binary),
        bootstrap=0,
        note=" ".join(notes),
    )
    return df


def _add_bootstrap(result, values, names, method, missing, bootstrap, seed) -> None:
    """Add 95 % percentile-bootstrap columns ``low`` and ``high`` to ``result`` in place."""
    rng = np.random.default_rng(seed)
    rows = values.shape[0]
    p = len(names) - 1
    draws = np.empty((bootstrap, p))
    used = 0
    for _ in range(bootstrap):
        sample = values[rng.integers(0, rows, rows)]
        moments = _Moments(len(names), missing)
        moments.update(sample)
        try:
            corr, n, _ = moments.finish(names)
            rxx, rxy = corr[1:, 1:], corr[1:, 0]
            _check_collinear(rxx, names[1:], missing)
            draws[used], _ = _importance(rxx, rxy, method)
        except AnalysisError:  # e.g. a rare answer that is missing from this resample
            continue
        used += 1
    failed = bootstrap - used
    if failed > _MAX_FAILED_SHARE * bootstrap:
        raise AnalysisError("keydrivers.bootstrap_failed", failed=failed, total=bootstrap)
    low, high = np.percentile(draws[:used], [2.5, 97.5], axis=0)
    position = {name: i for i, name in enumerate(names[1:])}
    order = [position[d] for d in result["driver"]]
    result["low"] = low[order]
    result["high"] = high[order]
    result.attrs["bootstrap"] = used
    if failed:
        extra = t("keydrivers.note_bootstrap_skipped", failed=failed, total=bootstrap)
        result.attrs["note"] = f"{result.attrs['note']} {extra}".strip()


# --------------------------------------------------------------------------- the two methods


def _relative_weights(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights; they add up to R².

    With R_xx = V diag(λ) V' the orthogonal counterparts Z of the drivers have
    correlations Λ = R_xx^½ = V diag(√λ) V' with them; regress y on Z (β = Λ⁻¹ r_xy)
    and give each driver the part Λ_jk² β_k² of every β_k².
    """
    values, vectors = np.linalg.eigh(rxx)
    values = np.clip(values, 0.0, None)
    root = (vectors * np.sqrt(values)) @ vectors.T
    beta = (vectors / np.sqrt(values)) @ (vectors.T @ rxy)
    return (root**2) @ (beta**2)


def _all_subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of every subset of drivers, from a correlation matrix with the outcome LAST.

    Returns ``r2`` of length 2^p where ``r2[mask]`` is the R² of the drivers whose bits
    are set in ``mask`` (bit i = driver i; ``r2[0] = 0``).

    Breadth-first over a binary tree: a node at depth d is a (k x k) matrix, k = p - d + 1,
    holding the remaining drivers d..p-1 and the outcome, partialled on the drivers
    included so far. Excluding driver d drops row/column 0; including it sweeps on it:
    A - a a' / a_00. Stacking [excluded, included] makes the node index the subset mask.
    At the leaves the 1x1 matrix is 1 - R²(S). The first p - 16 drivers are expanded
    first; each of their nodes is then finished as a separate block of 2^16 subsets, so
    the working memory stays small (the result itself is 2^p numbers).
    """
    q = corr.shape[0]
    p = q - 1
    out = np.empty(2**p)
    outer = max(0, p - _BLOCK_BITS)
    inner = p - outer
    states = _sweep_levels(corr[:, :, None].astype(float, copy=True), outer)
    view = out.reshape(2**inner, 2**outer)  # view[s, prefix] = out[s * 2^outer + prefix]
    for prefix in range(2**outer):
        leaves = _sweep_levels(states[:, :, prefix : prefix + 1], inner)
        np.subtract(1.0, leaves[0, 0, :], out=view[:, prefix])
    out[0] = 0.0
    return out


def _sweep_levels(nodes: np.ndarray, levels: int) -> np.ndarray:
    """Expand ``levels`` drivers of the subset tree; ``nodes`` is (k, k, N), nodes last.

    Keeping the node axis last makes every operation run over long contiguous vectors.
    """
    for _ in range(levels):
        k, _, count = nodes.shape
        following = np.empty((k - 1, k - 1, 2 * count))
        rest = nodes[1:, 1:, :]
        column = nodes[1:, 0, :]
        following[:, :, :count] = rest  # driver left out
        included = following[:, :, count:]  # driver taken in: sweep on it
        np.multiply((column / nodes[0, 0, :])[:, None, :], column[None, :, :], out=included)
        np.subtract(rest, included, out=included)
        nodes = following
    return nodes


@functools.lru_cache(maxsize=4)
def _popcount(p: int) -> np.ndarray:
    """Number of set bits of 0 .. 2^p - 1 (uint8, read-only, cached), built by doubling."""
    counts = np.zeros(1, dtype=np.uint8)
    for _ in range(p):
        counts = np.concatenate([counts, counts + 1])
    counts.flags.writeable = False
    return counts


def _shapley(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Exact Shapley values (LMG) of R² for every driver.

    phi_j = sum over S without j of w(|S|) [R²(S + j) - R²(S)], w(k) = k!(p-k-1)!/p!.
    Written per subset T: T containing j counts with weight w(|T|-1), T without j with
    -w(|T|). So phi_j = sum_{T with j} c(T) - sum_T w(|T|) R²(T), with
    c(T) = (w(|T|-1) + w(|T|)) R²(T). The sums over "T with bit j" for all j come from
    folding the array in half p times.
    """
    p = len(rxy)
    corr = np.empty((p + 1, p + 1))
    corr[:p, :p] = rxx
    corr[:p, p] = corr[p, :p] = rxy
    corr[p, p] = 1.0
    r2 = _all_subset_r2(corr)
    size = _popcount(p)
    w_without = np.array([1.0 / (p * math.comb(p - 1, k)) for k in range(p)] + [0.0])
    w_both = w_without + np.concatenate([[0.0], w_without[:-1]])
    # In blocks, in place (memory: the 2^p R² values and little more): the R² totals per
    # subset size, for sum_T w(|T|) R²(T), then c(T) = (w(|T|-1) + w(|T|)) R²(T).
    per_size = np.zeros(p + 1)
    step = 2**_BLOCK_BITS
    for start in range(0, r2.size, step):
        block, sizes = r2[start : start + step], size[start : start + step]
        per_size += np.bincount(sizes, weights=block, minlength=p + 1)
        block *= w_both.take(sizes)
    total_without = float(w_without @ per_size)
    c = r2
    phi = np.empty(p)
    for j in range(p - 1, -1, -1):  # bit j is the highest bit left: fold it away
        half = c.size // 2
        phi[j] = c[half:].sum() - total_without
        c[:half] += c[half:]
        c = c[:half]
    return phi
