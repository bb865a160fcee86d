"""Key drivers of large surveys computed where the data are: one aggregate SQL query (issue 14).

A CX team's survey can have millions of answers in a Parquet or CSV file, or sit in a
database. Key drivers need only the correlation matrix of the outcome and the drivers, and
that follows from a few sums (the *sufficient statistics*). :func:`key_drivers_from_sql`
lets the database add them up in one aggregate query, so the rows stay in their engine and
only one row of sums travels; it then builds the correlation matrix
(:func:`journeylib.analysis.keydrivers.correlation_from_sums`, with the checks of
:func:`~journeylib.analysis.keydrivers.key_drivers`) and hands it to
:func:`~journeylib.analysis.keydrivers.key_drivers_from_corr`. The result is the same
DataFrame as ``key_drivers`` on the same rows gives (to about 1e-12).

The query (:func:`sufficient_stats_sql`) is standard SQL: ``WITH``, ``CAST(... AS DOUBLE
PRECISION)``, ``CASE``, ``SUM``, ``COUNT``, ``MIN``, ``MAX``, ``AVG`` and ``CROSS JOIN``. It
runs on DuckDB, SQLite and PostgreSQL as it is, and on Spark SQL with ``dialect="spark"``
(backquoted names and ``DOUBLE``: Spark reads ``"name"`` as a string).

Numerical care. ``sum(xy) - sum(x) sum(y) / n`` loses every digit when the values are large
and close together (answers 1000001..1000005). So the query centres: a common table
expression ``jl_centre`` holds every column's mean (and the count of all rows), and the sums
are of ``x - mean(x)``. That is one query and two passes over the data (the engine reads a
Parquet file twice, and keeps no rows: the source is named twice rather than put in a CTE,
which DuckDB would store); the formulas do not depend on the shift, only the rounding does,
so a mean that is itself rounded changes nothing. A shift from a cheap first query (the
first row, say) would save the second pass but can be far from the mean on sorted data.

Missing answers. ``missing="listwise"``: the sums are over the rows where the outcome and
every driver are filled in (not NULL). ``missing="pairwise"``: for every pair of columns the
count, the sums, the sums of squares and the sum of products are over the rows where both
are filled in, as ``key_drivers(..., missing="pairwise")`` does.

Where the data are (``connection``):

* a DuckDB connection, an sqlite3 connection, or any DB-API 2.0 connection (psycopg,
  PyHive for Spark, ...);
* the path of a Parquet or CSV file (recognised from its first bytes): an in-memory DuckDB
  connection reads it in place; the file is then the table ``data``.

Names are never pasted into SQL as they are: a table name or column name is quoted as an
identifier (a quote inside it doubled), and a name that cannot be quoted safely (empty, not
text, a control character such as NUL or a line break) is refused. A *query* given instead
of a table is run as you write it (as a subquery): do not build it from someone else's text.
"""
from __future__ import annotations

import numbers
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence

from .analysis.keydrivers import MISSING, check_request, correlation_from_sums, key_drivers_from_corr
from .errors import AnalysisError, JourneyError, SurveyError
from .i18n import t

__all__ = [
    "key_drivers_from_sql",
    "key_drivers_from_stats",
    "sufficient_stats_sql",
    "stats_columns",
    "quote_identifier",
    "DIALECTS",
    "FILE_TABLE",
]

#: ``"standard"``: double-quoted names and DOUBLE PRECISION (PostgreSQL, DuckDB, SQLite);
#: ``"spark"``: backquoted names and DOUBLE (Spark SQL, Databricks, Hive).
DIALECTS = ("standard", "spark")
#: The table name of a Parquet or CSV file given as the connection.
FILE_TABLE = "data"

_QUOTE = {"standard": '"', "spark": "`"}
_DOUBLE = {"standard": "DOUBLE PRECISION", "spark": "DOUBLE"}
_QUERY = re.compile(r"\s*(\(|select\b|with\b)", re.IGNORECASE)
# the first rows looked at when an engine cannot tell a column's type (any DB-API connection)
_SAMPLE_ROWS = 100
_DUCKDB_NUMERIC = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                   "UBIGINT", "UHUGEINT", "FLOAT", "REAL", "DOUBLE", "BOOLEAN"}
_DUCKDB_TEXT = {"VARCHAR", "TEXT", "STRING"}


# --------------------------------------------------------------------------- the query


def quote_identifier(name, dialect: str = "standard") -> str:
    """``name`` as a quoted SQL identifier: a double quote around it (standard) or a backquote
    (spark), a quote inside it doubled: ``a"b`` becomes ``"a""b"``.

    Refuses (SurveyError) what cannot be quoted safely: an empty name, a name that is not
    text, a control character (NUL, line break, ...) or a lone surrogate.
    """
    quote = _QUOTE[_check_dialect(dialect)]
    if (not isinstance(name, str) or not name.strip()
            or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name)):
        raise SurveyError("sql.bad_name", name=repr(name)[:80])
    return quote + name.replace(quote, quote * 2) + quote


def stats_columns(count: int, missing: str = "listwise") -> list[str]:
    """The names of the result columns of :func:`sufficient_stats_sql` for ``count``
    columns, in order (column 0 is the outcome):

    ``jl_rows`` (rows in the table), ``lo_i`` and ``hi_i`` (each column's smallest and largest
    value over the rows used), ``mid`` (a value of the outcome between those two, or NULL:
    then it has at most two values); listwise ``n`` (complete rows), ``s_i`` (sums of
    ``x_i - mean``) and ``p_i_j`` (i <= j, sums of products of the centred values); pairwise,
    over the rows where both i and j are filled in, ``n_i_j`` (i <= j, rows), ``s_i_j``
    (sums of centred x_i), ``q_i_j`` (i != j, sums of its squares) and ``p_i_j`` (i <= j).
    """
    pairs = [(i, j) for i in range(count) for j in range(i, count)]
    names = ["jl_rows", *(f"lo_{i}" for i in range(count)), *(f"hi_{i}" for i in range(count)), "mid"]
    if missing == "pairwise":
        names += [f"n_{i}_{j}" for i, j in pairs]
        names += [f"s_{i}_{j}" for i in range(count) for j in range(count)]
        names += [f"q_{i}_{j}" for i in range(count) for j in range(count) if i != j]
    else:
        names += ["n", *(f"s_{i}" for i in range(count))]
    names += [f"p_{i}_{j}" for i, j in pairs]
    return names


def sufficient_stats_sql(table_or_query, columns: Sequence[str], missing: str = "listwise", *,
                         dialect: str = "standard") -> str:
    """The one aggregate query whose single result row :func:`key_drivers_from_stats` needs.

    ``table_or_query``: a table name (``"survey"``, ``"public.survey"`` or a tuple of name
    parts such as ``("public", "survey.2024")``) or a SELECT query (used as a subquery).
    ``columns``: the outcome first, then the drivers. ``missing``: ``"listwise"`` or
    ``"pairwise"``. ``dialect``: ``"standard"`` or ``"spark"`` (see :data:`DIALECTS`). The
    result columns are :func:`stats_columns`. Run it yourself where no DB-API connection is
    at hand, e.g. in Spark::

        row = spark.sql(sufficient_stats_sql("survey", names, dialect="spark")).collect()[0]
        key_drivers_from_stats(row, names[0], names[1:])
    """
    dialect = _check_dialect(dialect)
    missing = _check_missing(missing)
    if isinstance(columns, str) or not isinstance(columns, Sequence) or not columns:
        raise SurveyError("sql.bad_columns", kind=type(columns).__name__)
    source = _source(table_or_query, dialect)
    q = len(columns)
    double = _DOUBLE[dialect]
    pairwise = missing == "pairwise"
    values = ", ".join(f"CAST({quote_identifier(c, dialect)} AS {double}) AS x{i}" for i, c in enumerate(columns))
    complete = " AND ".join(f"x{i} IS NOT NULL" for i in range(q))
    # 1. the means (and the outcome's range over the rows used); 2. the centred values z
    # (pairwise: 0 for a gap, with f = 1 for a filled-in cell, else 0); 3. the sums. The
    # source is named twice, not put in a CTE of its own: an engine may store such a CTE
    # (DuckDB does), which would keep every row in memory.
    centre = ["COUNT(*) AS jl_all", *(f"AVG(x{i}) AS m{i}" for i in range(q))]
    if pairwise:
        centre += ["MIN(x0) AS y_low", "MAX(x0) AS y_high"]
    else:
        centre += [f"MIN(CASE WHEN {complete} THEN x0 END) AS y_low",
                   f"MAX(CASE WHEN {complete} THEN x0 END) AS y_high"]
    centred = ["jl_all", "y_low", "y_high", *(f"x{i}" for i in range(q))]
    for i in range(q):
        if pairwise:
            centred += [f"COALESCE(x{i} - m{i}, 0) AS z{i}", f"CASE WHEN x{i} IS NULL THEN 0 ELSE 1 END AS f{i}"]
        else:
            centred.append(f"x{i} - m{i} AS z{i}")
    stats = {"jl_rows": "MAX(jl_all)", "mid": "MIN(CASE WHEN x0 > y_low AND x0 < y_high THEN x0 END)"}
    for i in range(q):
        stats[f"lo_{i}"], stats[f"hi_{i}"] = f"MIN(x{i})", f"MAX(x{i})"
        if not pairwise:
            stats[f"s_{i}"] = f"SUM(z{i})"
        for j in range(q):
            if pairwise:
                stats[f"s_{i}_{j}"] = f"SUM(z{i})" if i == j else f"SUM(z{i} * f{j})"
                if i != j:
                    stats[f"q_{i}_{j}"] = f"SUM(z{i} * z{i} * f{j})"
            if j >= i:
                stats[f"p_{i}_{j}"] = f"SUM(z{i} * z{j})"
                if pairwise:
                    stats[f"n_{i}_{j}"] = f"SUM(f{i})" if i == j else f"SUM(f{i} * f{j})"
    if not pairwise:
        stats["n"] = "COUNT(*)"
    select = ",\n  ".join(f"{stats[name]} AS {name}" for name in stats_columns(q, missing))
    where = "" if pairwise else f"\n  WHERE {complete}"
    data = f"(SELECT {values} FROM {source} AS jl_source)"
    return (f"WITH jl_centre AS (\n  SELECT {', '.join(centre)}\n  FROM {data} AS jl_data\n),\n"
            f"jl_centred AS (\n  SELECT {', '.join(centred)}\n  FROM {data} AS jl_data CROSS JOIN jl_centre{where}\n)\n"
            f"SELECT\n  {select}\nFROM jl_centred")


# --------------------------------------------------------------------------- from the sums


def key_drivers_from_stats(stats, outcome, drivers: Sequence, *, method: str = "shapley",
                           missing: str = "listwise"):
    """Key drivers from the one result row of :func:`sufficient_stats_sql` (run anywhere).

    ``stats``: that row as a sequence in the query's column order, or as a mapping (or a
    Spark ``Row``) by the names of :func:`stats_columns`. ``outcome`` and ``drivers`` in the
    order the query was made for. The result is that of
    :func:`~journeylib.analysis.keydrivers.key_drivers` (same columns and ``attrs``).
    """
    names = check_request(outcome, drivers, method, missing)
    labels = stats_columns(len(names), missing)
    values = _row_values(stats, labels, missing)
    sums, rows = _sums(values, names, missing)
    corr, n, binary = correlation_from_sums(sums, names, missing)
    result = key_drivers_from_corr(corr, outcome, names[1:], n, method)
    result.attrs.update(missing=missing, binary=bool(binary), rows=rows,
                        note=t("keydrivers.note_binary", outcome=str(outcome)) if binary else "")
    return result


def _row_values(stats, labels: list, missing: str) -> dict:
    if hasattr(stats, "asDict"):  # a Spark Row
        stats = stats.asDict()
    if isinstance(stats, Mapping):
        absent = [label for label in labels if label not in stats]
        if absent:
            raise AnalysisError("sql.bad_stats", count=_count(labels), missing=missing, expected=len(labels),
                                found=len(labels) - len(absent))
        return {label: stats[label] for label in labels}
    if isinstance(stats, (str, bytes)) or not isinstance(stats, Sequence) or len(stats) != len(labels):
        found = len(stats) if isinstance(stats, Sequence) else type(stats).__name__
        raise AnalysisError("sql.bad_stats", count=_count(labels), missing=missing, expected=len(labels),
                            found=found)
    return dict(zip(labels, stats))


def _count(labels: list) -> int:
    return sum(1 for label in labels if label.startswith("lo_"))


def _number(value, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, numbers.Number) or hasattr(value, "__float__"):
        return float(value)
    raise AnalysisError("sql.bad_stats_value", value=repr(value)[:40])


def _sums(values: dict, names: list, missing: str) -> tuple[dict, int | None]:
    """The mapping :func:`correlation_from_sums` takes, from the query's row; and the rows."""
    import numpy as np

    q = len(names)
    low = np.array([_number(values[f"lo_{i}"], np.inf) for i in range(q)])
    high = np.array([_number(values[f"hi_{i}"], -np.inf) for i in range(q)])
    for i, name in enumerate(names):
        if np.isnan(low[i]) or np.isnan(high[i]):
            raise SurveyError("sql.not_a_number", column=str(name))
        if np.isinf(low[i]) and values[f"lo_{i}"] is not None or np.isinf(high[i]) and values[f"hi_{i}"] is not None:
            raise SurveyError("keydrivers.not_finite", column=str(name))
    found = {low[0], high[0]} if np.isfinite(low[0]) else set()
    if values["mid"] is not None:
        found.add(_number(values["mid"], 0.0))
    sums = {"low": low, "high": high, "outcome_values": sorted(found)}

    def pair(prefix, i, j):
        key = f"{prefix}_{min(i, j)}_{max(i, j)}" if prefix in ("n", "p") else f"{prefix}_{i}_{j}"
        return _number(values[key], 0.0)

    if missing == "pairwise":
        sums["N"] = np.array([[pair("n", i, j) for j in range(q)] for i in range(q)])
        sums["S"] = np.array([[pair("s", i, j) for j in range(q)] for i in range(q)])
        sums["P"] = np.array([[pair("p", i, j) for j in range(q)] for i in range(q)])
        sums["Q"] = np.array([[pair("q", i, j) if i != j else sums["P"][i, i] for j in range(q)] for i in range(q)])
    else:
        sums["n"] = int(_number(values["n"], 0.0))
        sums["s"] = np.array([_number(values[f"s_{i}"], 0.0) for i in range(q)])
        sums["P"] = np.array([[pair("p", i, j) for j in range(q)] for i in range(q)])
    rows = values["jl_rows"]
    return sums, None if rows is None else int(_number(rows, 0.0))


# --------------------------------------------------------------------------- the entry point


def key_drivers_from_sql(connection, table_or_query, outcome, drivers: Sequence, *, method: str = "shapley",
                         missing: str = "listwise", bootstrap: int = 0, dialect: str = "standard"):
    """How important each driver is for the outcome, computed inside a database or a file.

    Parameters
    ----------
    connection:
        A DuckDB connection, an sqlite3 connection, any DB-API 2.0 connection (psycopg,
        PyHive, ...), or the path of a Parquet or CSV file (read in place by an in-memory
        DuckDB connection; the file is the table ``data``).
    table_or_query:
        A table name (``"survey"``, ``"public.survey"``, or a tuple of name parts), or a
        SELECT query such as ``"SELECT * FROM survey WHERE wave = 3"``. For a file: None
        (the whole file), ``"data"`` or a query on ``data``.
    outcome, drivers, method, missing:
        As in :func:`journeylib.analysis.keydrivers.key_drivers`.
    bootstrap:
        Must stay 0: bootstrap intervals need the single answers, which never leave the
        database here.
    dialect:
        ``"standard"`` (default) or ``"spark"`` for Spark SQL through a DB-API connection.

    Returns
    -------
    The DataFrame of ``key_drivers`` (``driver``, ``importance``, ``share``; ``attrs`` with
    ``r2``, ``n``, ``rows``, ``method``, ``missing``, ``binary``, ``near_outcome``, ``note``).

    Raises
    ------
    SurveyError
        An unknown table or column, a column that is not numeric, a name that cannot be
        quoted, a file that cannot be read, a query the database refuses.
    AnalysisError
        As ``key_drivers``: too few rows, a constant column, an unknown option, ...

    Only SELECT statements are run; nothing is written. On PostgreSQL a query the database
    refuses leaves the connection's transaction aborted: call ``connection.rollback()``
    before using it again.
    """
    if bootstrap:
        raise AnalysisError("sql.no_bootstrap")
    dialect = _check_dialect(dialect)
    names = check_request(outcome, drivers, method, missing)
    for name in names:
        quote_identifier(name, dialect)
    file = None
    if isinstance(connection, (str, os.PathLike)):
        file = os.fspath(connection)
        table_or_query = _file_table(table_or_query)
    source = _source(table_or_query, dialect)  # checks the table name before anything is read
    try:
        engine = _open_file(file) if file is not None else _Engine(connection)
        try:
            columns = engine.columns(source, table_or_query)
            check_request(outcome, drivers, method, missing, columns=columns)
            for name in names:
                if columns.count(name) > 1:
                    raise SurveyError("keydrivers.duplicate_column", column=str(name))
            engine.check_numeric(source, names, dialect)
            row = engine.one(sufficient_stats_sql(table_or_query, names, missing, dialect=dialect))
        finally:
            if file is not None:
                engine.close()
        return key_drivers_from_stats(row, outcome, names[1:], method=method, missing=missing)
    except JourneyError as err:
        raise (err.with_file(file) if file is not None else err) from None


# --------------------------------------------------------------------------- engines


class _Engine:
    """A connection and what its kind of engine allows: how to run a query, how to tell
    whether a column holds numbers."""

    def __init__(self, connection):
        module = type(connection).__module__ or ""
        if module.split(".")[0] in ("duckdb", "_duckdb"):
            self.kind = "duckdb"
        elif module.split(".")[0] == "sqlite3":
            self.kind = "sqlite"
        elif callable(getattr(connection, "cursor", None)):
            self.kind = "dbapi"
        else:
            raise SurveyError("sql.not_a_connection", kind=type(connection).__name__)
        self.connection = connection

    def close(self) -> None:
        self.connection.close()

    def _run(self, sql: str, fetch: str):
        if self.kind == "duckdb":  # its cursor() is another connection, without this one's temporary tables
            result = self.connection.execute(sql)
            if fetch == "description":
                return result.description
            return result.fetchone() if fetch == "one" else result.fetchall()
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            if fetch == "description":
                return cursor.description
            return cursor.fetchone() if fetch == "one" else cursor.fetchall()
        finally:
            cursor.close()

    def run(self, sql: str, fetch: str = "all", *, error: str = "sql.query_failed", **params):
        try:
            return self._run(sql, fetch)
        except JourneyError:
            raise
        except Exception as exc:  # the driver's own error classes differ per engine
            raise SurveyError(error, error=_first_line(exc), **params) from None

    def one(self, sql: str):
        return self.run(sql, "one")

    def columns(self, source: str, table_or_query) -> list[str]:
        """The column names of the table or query (no row is read)."""
        if _is_query(table_or_query):
            kw = {"error": "sql.bad_query"}
        else:
            kw = {"error": "sql.unknown_table", "table": _shown(table_or_query)}
        description = self.run(f"SELECT * FROM {source} AS jl_source WHERE 1 = 0", "description", **kw)
        return [str(item[0]) for item in description or ()]

    def check_numeric(self, source: str, names: list, dialect: str) -> None:
        """SurveyError ``keydrivers.not_numeric`` for a column that holds something else."""
        getattr(self, f"_numeric_{self.kind}")(source, names, dialect)

    def _numeric_duckdb(self, source: str, names: list, dialect: str) -> None:
        types = {row[0]: str(row[1]).upper() for row in self.run(f"DESCRIBE SELECT * FROM {source} AS jl_source")}
        for name in names:
            kind = types.get(name, "")
            if kind in _DUCKDB_NUMERIC or kind.startswith("DECIMAL"):
                continue
            column = quote_identifier(name, dialect)
            if kind in _DUCKDB_TEXT:  # text that reads as numbers is fine, as in key_drivers
                sql = (f"SELECT {column} FROM {source} AS jl_source WHERE {column} IS NOT NULL "
                       f"AND TRY_CAST({column} AS DOUBLE) IS NULL LIMIT 1")
            else:
                sql = f"SELECT CAST({column} AS VARCHAR) FROM {source} AS jl_source WHERE {column} IS NOT NULL LIMIT 1"
            found = self.run(sql)
            if found or kind not in _DUCKDB_TEXT:
                value = found[0][0] if found else kind
                raise SurveyError("keydrivers.not_numeric", column=str(name), value=str(value)[:40])

    def _numeric_sqlite(self, source: str, names: list, dialect: str) -> None:
        # SQLite's CAST turns any text into a number ('abc' -> 0): look for values stored as
        # text that do not read as a number, or as blobs, first (one pass)
        parts = []
        for name in names:
            column = quote_identifier(name, dialect)
            parts.append(f"MIN(CASE WHEN typeof({column}) = 'blob' OR (typeof({column}) = 'text' "
                         f"AND NOT CAST({column} AS REAL) = {column}) THEN {column} END)")
        found = self.one(f"SELECT {', '.join(parts)} FROM {source} AS jl_source")
        for name, value in zip(names, found):
            if value is not None:
                raise SurveyError("keydrivers.not_numeric", column=str(name), value=_text(value))

    def _numeric_dbapi(self, source: str, names: list, dialect: str) -> None:
        # no portable way to ask a column's type: look at the first rows (the engine's own
        # CAST refuses the rest, e.g. PostgreSQL: invalid input syntax for type double precision)
        columns = ", ".join(quote_identifier(name, dialect) for name in names)
        for row in self.run(f"SELECT {columns} FROM {source} AS jl_source LIMIT {_SAMPLE_ROWS}"):
            for name, value in zip(names, row):
                if value is None or (isinstance(value, numbers.Number) and not isinstance(value, complex)):
                    continue
                if isinstance(value, str):
                    try:
                        float(value)
                        continue
                    except ValueError:
                        pass
                raise SurveyError("keydrivers.not_numeric", column=str(name), value=_text(value))


def _open_file(file: str) -> _Engine:
    """An in-memory DuckDB connection with the Parquet or CSV file as the view ``data``."""
    import duckdb

    if not os.path.isfile(file):
        raise SurveyError("keydrivers.csv_missing", file=file)
    try:
        with open(file, "rb") as fh:
            parquet = fh.read(4) == b"PAR1"
    except OSError:
        raise SurveyError("keydrivers.csv_unreadable", file=file) from None
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("PRAGMA disable_progress_bar")  # it would print into the caller's output
        # the path is a value passed to DuckDB, never part of the SQL text
        relation = connection.read_parquet(file) if parquet else connection.read_csv(file)
        relation.create_view(FILE_TABLE)
    except duckdb.Error as exc:
        connection.close()
        raise SurveyError("sql.file_unreadable", file=file, error=_first_line(exc)) from None
    return _Engine(connection)


# --------------------------------------------------------------------------- small checks


def _check_dialect(dialect) -> str:
    if dialect not in DIALECTS:
        raise AnalysisError("sql.unknown_dialect", dialect=str(dialect), choices=", ".join(DIALECTS))
    return dialect


def _check_missing(missing) -> str:
    if missing not in MISSING:
        raise AnalysisError("keydrivers.unknown_missing", missing=str(missing), choices=", ".join(MISSING))
    return missing


def _is_query(table_or_query) -> bool:
    return isinstance(table_or_query, str) and bool(_QUERY.match(table_or_query))


def _source(table_or_query, dialect: str) -> str:
    """The FROM item: a quoted (qualified) table name, or the query in parentheses."""
    if _is_query(table_or_query):
        return f"({table_or_query.strip().rstrip(';').rstrip()})"
    if isinstance(table_or_query, str):
        parts = table_or_query.split(".")
    elif isinstance(table_or_query, tuple) and table_or_query:
        parts = list(table_or_query)
    else:
        raise SurveyError("sql.bad_table", kind=type(table_or_query).__name__)
    return ".".join(quote_identifier(part, dialect) for part in parts)


def _file_table(table_or_query):
    if table_or_query is None or table_or_query == FILE_TABLE or _is_query(table_or_query):
        return FILE_TABLE if table_or_query is None else table_or_query
    raise SurveyError("sql.file_table", table=_shown(table_or_query), name=FILE_TABLE)


def _shown(table) -> str:
    return ".".join(table) if isinstance(table, tuple) else str(table)


def _text(value) -> str:
    return (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))[:40]


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
