"""journeylib.sql: key drivers from one aggregate SQL query, the data left in their engine (issue 14).

The same answer as key_drivers (to 1e-10) on the same rows, listwise and pairwise, with gaps
and with values far from zero (1000001..1000005), on DuckDB (a table, a Parquet file written by
DuckDB's COPY, a CSV file) and on SQLite; a query instead of a table; hostile names; the errors.
"""
from __future__ import annotations

import sqlite3

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeylib
from journeylib.analysis.keydrivers import key_drivers
from journeylib.errors import AnalysisError, SurveyError
from journeylib.sql import (
    key_drivers_from_sql,
    key_drivers_from_stats,
    quote_identifier,
    stats_columns,
    sufficient_stats_sql,
)

OUTCOME = "overall"
# names a careless query builder would break on: quotes, a semicolon, a comment, spaces
DRIVERS = ['staff "friendly"', "wait; DROP TABLE survey; --", "it's clean", "price"]
HOSTILE_TABLE = 'survey"; DROP TABLE survey; --'


def make_survey(n: int = 400, seed: int = 3, gaps: float = 0.08, offset: float = 1_000_000.0) -> pd.DataFrame:
    """1-5 ratings plus a large offset (1000001..1000005), planted weights, some empty cells."""
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=(n, 1))
    X = np.clip(np.round(3 + 0.7 * mood + rng.normal(size=(n, len(DRIVERS)))), 1, 5)
    y = np.clip(np.round(X @ np.array([0.5, 0.3, 0.15, 0.05]) + rng.normal(scale=0.7, size=n)), 1, 5)
    df = pd.DataFrame(X + offset, columns=DRIVERS)
    df.insert(0, OUTCOME, y + offset)
    df = df.mask(rng.random(df.shape) < gaps)
    df["comment"] = "ok"  # a text column that is not asked for
    return df


def assert_same(expected: pd.DataFrame, got: pd.DataFrame, tol: float = 1e-10) -> None:
    a = expected.set_index("driver")
    b = got.set_index("driver").loc[a.index]
    assert list(got.columns) == list(expected.columns)
    np.testing.assert_allclose(b["importance"], a["importance"], rtol=0, atol=tol)
    np.testing.assert_allclose(b["share"], a["share"], rtol=0, atol=tol)
    assert abs(got.attrs["r2"] - expected.attrs["r2"]) < tol
    for key in ("n", "rows", "method", "missing", "outcome", "binary", "bootstrap", "note"):
        assert got.attrs[key] == expected.attrs[key], key
    assert [d for d, _ in got.attrs["near_outcome"]] == [d for d, _ in expected.attrs["near_outcome"]]


def duckdb_table(df: pd.DataFrame, name: str = "survey"):
    con = duckdb.connect()
    con.register("frame", df)
    con.execute(f"CREATE TABLE {quote_identifier(name)} AS SELECT * FROM frame")
    con.unregister("frame")
    return con


def sqlite_table(df: pd.DataFrame, name: str = "survey"):
    con = sqlite3.connect(":memory:")
    df.to_sql(name, con, index=False)
    return con


def written_by_duckdb(df: pd.DataFrame, path, fmt: str) -> str:
    con = duckdb_table(df)
    con.execute(f"COPY survey TO '{path}' (FORMAT {fmt})")
    con.close()
    return str(path)


ENGINES = {
    "duckdb table": lambda df, tmp: (duckdb_table(df), "survey"),
    "duckdb parquet": lambda df, tmp: (written_by_duckdb(df, tmp / "survey.parquet", "parquet"), None),
    "duckdb csv": lambda df, tmp: (written_by_duckdb(df, tmp / "survey.csv", "csv"), None),
    "sqlite": lambda df, tmp: (sqlite_table(df), "survey"),
}


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
@pytest.mark.parametrize("engine", list(ENGINES))
def test_same_answer_as_key_drivers(engine, missing, tmp_path):
    df = make_survey()
    connection, table = ENGINES[engine](df, tmp_path)
    expected = key_drivers(df, OUTCOME, DRIVERS, missing=missing)
    got = key_drivers_from_sql(connection, table, OUTCOME, DRIVERS, missing=missing)
    assert_same(expected, got)
    assert got.attrs["rows"] == len(df) and got.attrs["n"] < len(df)  # gaps were left out


@pytest.mark.parametrize("engine", ["duckdb table", "sqlite"])
def test_relative_weights_and_a_query_instead_of_a_table(engine, tmp_path):
    df = make_survey(seed=5)
    connection, _ = ENGINES[engine](df, tmp_path)
    query = f"SELECT * FROM survey WHERE {quote_identifier('price')} > 1000001;"
    subset = df[df["price"] > 1_000_001]
    for missing in ("listwise", "pairwise"):
        expected = key_drivers(subset, OUTCOME, DRIVERS, method="relative_weights", missing=missing)
        got = key_drivers_from_sql(connection, query, OUTCOME, DRIVERS, method="relative_weights", missing=missing)
        assert_same(expected, got)


def test_query_on_a_file_and_a_table_with_a_schema(tmp_path):
    df = make_survey(seed=8)
    path = written_by_duckdb(df, tmp_path / "survey.parquet", "parquet")
    expected = key_drivers(df[df[OUTCOME] < 1_000_005], OUTCOME, DRIVERS[:3])
    got = key_drivers_from_sql(path, "SELECT * FROM data WHERE overall < 1000005", OUTCOME, DRIVERS[:3])
    assert_same(expected, got)
    con = duckdb.connect()
    con.execute("CREATE SCHEMA cx")
    con.register("frame", df)
    con.execute("CREATE TABLE cx.survey AS SELECT * FROM frame")
    assert_same(key_drivers(df, OUTCOME, DRIVERS), key_drivers_from_sql(con, "cx.survey", OUTCOME, DRIVERS))
    assert_same(key_drivers(df, OUTCOME, DRIVERS), key_drivers_from_sql(con, ("cx", "survey"), OUTCOME, DRIVERS))


def test_centred_sums_keep_the_digits_that_plain_sums_lose():
    """Without centring, sum(xy) - sum(x)sum(y)/n at values near 1e6 is off by ~1e-5: this
    would fail the 1e-10 comparisons above. The query's sums are of x - mean(x)."""
    df = make_survey(gaps=0.0).drop(columns="comment")
    con = sqlite_table(df)
    sql = sufficient_stats_sql("survey", [OUTCOME, *DRIVERS], "listwise")
    assert "AVG(x0) AS m0" in sql and "x0 - m0 AS z0" in sql and "SUM(z0 * z1) AS p_0_1" in sql
    row = dict(zip(stats_columns(5), con.execute(sql).fetchone()))
    x, y = df[OUTCOME].to_numpy(), df[DRIVERS[0]].to_numpy()
    exact = float(((x - x.mean()) * (y - y.mean())).sum())
    assert abs(row["p_0_1"] - row["s_0"] * row["s_1"] / row["n"] - exact) < 1e-6
    plain = float((x * y).sum() - x.sum() * y.sum() / len(x))
    assert abs(plain - exact) > 1e-6  # what the naive formula loses here


def test_binary_outcome_is_noted_as_in_key_drivers():
    df = make_survey(seed=11, offset=0.0)
    df[OUTCOME] = (df[OUTCOME] >= 4).astype(float).where(df[OUTCOME].notna())
    con = sqlite_table(df)
    for missing in ("listwise", "pairwise"):
        expected = key_drivers(df, OUTCOME, DRIVERS, missing=missing)
        got = key_drivers_from_sql(con, "survey", OUTCOME, DRIVERS, missing=missing)
        assert got.attrs["binary"] and got.attrs["note"]
        assert_same(expected, got)
    # three values, two of them only in incomplete rows: binary over the complete rows only
    df2 = make_survey(seed=12, offset=0.0, gaps=0.0)
    df2[OUTCOME] = (df2[OUTCOME] >= 4).astype(float)
    df2.loc[:9, OUTCOME] = 7.0
    df2.loc[:9, "price"] = np.nan
    con2 = duckdb_table(df2)
    for missing in ("listwise", "pairwise"):
        assert_same(key_drivers(df2, OUTCOME, DRIVERS, missing=missing),
                    key_drivers_from_sql(con2, "survey", OUTCOME, DRIVERS, missing=missing))


def test_numbers_stored_as_text_are_read_as_in_key_drivers():
    df = make_survey(seed=2, offset=0.0).drop(columns="comment")
    text = df.astype(object).where(df.notna(), None)
    text["price"] = [None if v is None else f"{v:g}" for v in text["price"]]
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE TABLE survey ({', '.join(quote_identifier(c) + ' TEXT' for c in df.columns)})")
    con.executemany(f"INSERT INTO survey VALUES ({', '.join('?' * len(df.columns))})", text.itertuples(index=False))
    assert_same(key_drivers(text, OUTCOME, DRIVERS), key_drivers_from_sql(con, "survey", OUTCOME, DRIVERS))
    dcon = duckdb.connect()
    dcon.register("frame", text.astype(str).replace("None", None))
    dcon.execute("CREATE TABLE survey AS SELECT * FROM frame")
    assert dcon.execute("DESCRIBE survey").fetchall()[1][1] == "VARCHAR"
    assert_same(key_drivers(text, OUTCOME, DRIVERS), key_drivers_from_sql(dcon, "survey", OUTCOME, DRIVERS))


def test_hostile_names_are_quoted_and_run_nothing():
    df = make_survey(seed=4)
    for con in (sqlite_table(df, HOSTILE_TABLE), duckdb_table(df, HOSTILE_TABLE)):
        con.execute("CREATE TABLE survey (keep INTEGER)")
        con.execute("INSERT INTO survey VALUES (1)")
        got = key_drivers_from_sql(con, HOSTILE_TABLE, OUTCOME, DRIVERS)
        assert_same(key_drivers(df, OUTCOME, DRIVERS), got)
        assert con.execute("SELECT keep FROM survey").fetchall() == [(1,)]  # nothing dropped
        with pytest.raises(SurveyError) as info:  # a name that is no table: an error, no statement run
            key_drivers_from_sql(con, "survey; DROP TABLE survey", OUTCOME, DRIVERS)
        assert info.value.key == "sql.unknown_table"
        assert con.execute("SELECT keep FROM survey").fetchall() == [(1,)]
    assert quote_identifier('a"b') == '"a""b"'
    assert quote_identifier("a`b", "spark") == "`a``b`"
    for bad in ("", "   ", "a\x00b", "line\nbreak", 3, None, "\ud800"):
        with pytest.raises(SurveyError) as info:
            quote_identifier(bad)
        assert info.value.key == "sql.bad_name"
    with pytest.raises(SurveyError) as info:
        key_drivers_from_sql(sqlite_table(df), "survey", OUTCOME, ["price", "bad\x00name"])
    assert info.value.key == "sql.bad_name"


def test_spark_dialect_quotes_with_backquotes_and_runs_on_sqlite():
    """Spark reads "name" as a string: the spark dialect uses `name` and DOUBLE. SQLite
    accepts both, so the same text can be run here."""
    df = make_survey(seed=6)
    sql = sufficient_stats_sql("survey", [OUTCOME, *DRIVERS], "pairwise", dialect="spark")
    assert "CAST(`overall` AS DOUBLE) AS x0" in sql and '"overall"' not in sql and "PRECISION" not in sql
    assert 'CAST(`staff "friendly"` AS DOUBLE)' in sql  # the name's own double quotes stay as they are
    con = sqlite_table(df)
    cursor = con.execute(sql)
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))  # by name, as a Spark Row
    got = key_drivers_from_stats(row, OUTCOME, DRIVERS, missing="pairwise")
    expected = key_drivers(df, OUTCOME, DRIVERS, missing="pairwise")
    assert_same(expected, got)
    got_sql = key_drivers_from_sql(con, "survey", OUTCOME, DRIVERS, missing="pairwise", dialect="spark")
    assert_same(expected, got_sql)


class _Proxy:
    """A DB-API connection of an engine journeylib does not know (as psycopg or PyHive)."""

    def __init__(self, connection):
        self._connection = connection

    def cursor(self):
        return self._connection.cursor()


def test_any_dbapi_connection(tmp_path):
    df = make_survey(seed=9)
    con = _Proxy(sqlite_table(df))
    assert_same(key_drivers(df, OUTCOME, DRIVERS, missing="pairwise"),
                key_drivers_from_sql(con, "survey", OUTCOME, DRIVERS, missing="pairwise"))
    with pytest.raises(SurveyError) as info:
        key_drivers_from_sql(con, "survey", OUTCOME, ["comment", "price"])
    assert info.value.key == "keydrivers.not_numeric" and info.value.params["value"] == "ok"


def _err(call):
    with pytest.raises(journeylib.JourneyError) as info:
        call()
    return info.value


def _frame(**columns):
    df = make_survey(n=60, seed=1, gaps=0.0)
    return df.assign(**columns)


ERROR_CASES = {
    "unknown table (sqlite)": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), "surveys", OUTCOME, DRIVERS),
                               SurveyError, "sql.unknown_table", ["surveys"]),
    "unknown table (duckdb)": (lambda tmp: key_drivers_from_sql(duckdb_table(_frame()), "surveys", OUTCOME, DRIVERS),
                               SurveyError, "sql.unknown_table", ["surveys"]),
    "bad query": (lambda tmp: key_drivers_from_sql(duckdb_table(_frame()), "SELECT * FRM survey", OUTCOME, DRIVERS),
                  SurveyError, "sql.bad_query", ["syntax error"]),
    "unknown column": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), "survey", OUTCOME, ["prijs"]),
                       SurveyError, "keydrivers.missing_column", ["prijs", "price"]),
    "text column (sqlite)": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), "survey", OUTCOME, ["comment"]),
                             SurveyError, "keydrivers.not_numeric", ["comment", "ok"]),
    "text column (duckdb)": (lambda tmp: key_drivers_from_sql(duckdb_table(_frame()), "survey", OUTCOME, ["comment"]),
                             SurveyError, "keydrivers.not_numeric", ["comment", "ok"]),
    "date column (duckdb)": (lambda tmp: key_drivers_from_sql(
        duckdb_table(_frame(day=pd.Timestamp("2026-05-01"))), "survey", OUTCOME, ["day", "price"]),
        SurveyError, "keydrivers.not_numeric", ["day", "2026-05-01"]),
    "blob (sqlite)": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame(raw=b"\x00\x01")), "survey", OUTCOME,
                                                       ["raw"]), SurveyError, "keydrivers.not_numeric", ["raw"]),
    "too few rows": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame().head(5)), "survey", OUTCOME, DRIVERS),
                     AnalysisError, "keydrivers.too_few_rows", ["6", "5"]),
    "no rows": (lambda tmp: key_drivers_from_sql(duckdb_table(_frame().head(0)), "survey", OUTCOME, DRIVERS,
                                                 missing="pairwise"), AnalysisError, "keydrivers.too_few_rows", ["0"]),
    "constant driver": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame(same=3.0)), "survey", OUTCOME,
                                                         ["price", "same"]),
                        AnalysisError, "keydrivers.constant_driver", ["same"]),
    "constant outcome": (lambda tmp: key_drivers_from_sql(duckdb_table(_frame(overall=2.0)), "survey", OUTCOME,
                                                          ["price"], missing="pairwise"),
                         AnalysisError, "keydrivers.constant_outcome", ["overall"]),
    "NaN (duckdb)": (lambda tmp: key_drivers_from_sql(
        duckdb_table(_frame()).execute("UPDATE survey SET price = 'NaN'::DOUBLE WHERE overall > 1000003"),
        "survey", OUTCOME, ["price"]), SurveyError, "sql.not_a_number", ["price"]),
    "inf (duckdb)": (lambda tmp: key_drivers_from_sql(_frame_with_inf(), "survey", OUTCOME, ["price"]),
                     SurveyError, "keydrivers.not_finite", ["price"]),
    "bootstrap": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), "survey", OUTCOME, DRIVERS, bootstrap=100),
                  AnalysisError, "sql.no_bootstrap", ["bootstrap=0"]),
    "unknown method": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), "survey", OUTCOME, DRIVERS,
                                                        method="lmg"), AnalysisError, "keydrivers.unknown_method",
                       ["lmg"]),
    "unknown dialect": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), "survey", OUTCOME, DRIVERS,
                                                         dialect="mysql"), AnalysisError, "sql.unknown_dialect",
                        ["mysql"]),
    "not a connection": (lambda tmp: key_drivers_from_sql(42, "survey", OUTCOME, DRIVERS),
                         SurveyError, "sql.not_a_connection", ["int"]),
    "bad table": (lambda tmp: key_drivers_from_sql(sqlite_table(_frame()), ["survey"], OUTCOME, DRIVERS),
                  SurveyError, "sql.bad_table", ["list"]),
    "missing file": (lambda tmp: key_drivers_from_sql(str(tmp / "none.parquet"), None, OUTCOME, DRIVERS),
                     SurveyError, "keydrivers.csv_missing", ["none.parquet"]),
    "broken parquet": (lambda tmp: key_drivers_from_sql(_broken_parquet(tmp), None, OUTCOME, DRIVERS),
                       SurveyError, "sql.file_unreadable", ["broken.parquet"]),
    "file and a table name": (lambda tmp: key_drivers_from_sql(
        written_by_duckdb(_frame(), tmp / "s.parquet", "parquet"), "survey", OUTCOME, DRIVERS),
        SurveyError, "sql.file_table", ["survey", "data"]),
    "column missing in file": (lambda tmp: key_drivers_from_sql(
        written_by_duckdb(_frame(), tmp / "s.csv", "csv"), None, OUTCOME, ["prijs"]),
        SurveyError, "keydrivers.missing_column", ["s.csv", "prijs"]),
    "bad stats row": (lambda tmp: key_drivers_from_stats((1, 2, 3), OUTCOME, ["price"]),
                      AnalysisError, "sql.bad_stats", ["3"]),
}


def _frame_with_inf():
    con = duckdb_table(_frame())
    con.execute("UPDATE survey SET price = 'inf'::DOUBLE WHERE overall > 1000003")
    return con


def _broken_parquet(tmp):
    path = tmp / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 40)
    return str(path)


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_errors_in_both_languages(case, tmp_path):
    call, kind, key, mentioned = ERROR_CASES[case]
    err = _err(lambda: call(tmp_path))
    assert isinstance(err, kind) and err.key == key, (type(err), err.key, str(err))
    texts = {}
    for lang in ("nl", "en"):
        journeylib.set_language(lang)
        texts[lang] = str(err)
        for word in mentioned:
            assert word in texts[lang], (lang, word, texts[lang])
    assert texts["nl"] != texts["en"]


def test_pairwise_constant_on_shared_rows_as_in_key_drivers():
    df = make_survey(n=80, seed=21, gaps=0.0, offset=0.0).drop(columns="comment")
    df.loc[:39, "price"] = 2.0
    df.loc[40:, "it's clean"] = np.nan
    with pytest.raises(AnalysisError) as expected:
        key_drivers(df, OUTCOME, ["it's clean", "price"], missing="pairwise")
    with pytest.raises(AnalysisError) as got:
        key_drivers_from_sql(duckdb_table(df), "survey", OUTCOME, ["it's clean", "price"], missing="pairwise")
    assert got.value.key == expected.value.key == "keydrivers.pairwise_constant"
    assert got.value.params == expected.value.params


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(8, 60),
    p=st.integers(1, 4),
    gaps=st.sampled_from([0.0, 0.05, 0.2]),
    offset=st.sampled_from([0.0, -3.5, 1e6]),
    missing=st.sampled_from(["listwise", "pairwise"]),
)
def test_property_same_as_key_drivers_or_the_same_error(seed, n, p, gaps, offset, missing):
    rng = np.random.default_rng(seed)
    X = rng.integers(1, 6, size=(n, p + 1)).astype(float) + offset
    df = pd.DataFrame(X, columns=["y", *(f"d{i}" for i in range(p))])
    df = df.mask(rng.random(df.shape) < gaps)
    drivers = [f"d{i}" for i in range(p)]
    try:
        expected = key_drivers(df, "y", drivers, missing=missing)
    except AnalysisError as err:
        with pytest.raises(AnalysisError) as info:
            key_drivers_from_sql(sqlite_table(df), "survey", "y", drivers, missing=missing)
        assert info.value.key == err.key
        return
    got = key_drivers_from_sql(sqlite_table(df), "survey", "y", drivers, missing=missing)
    assert_same(expected, got, tol=1e-9)


def test_correlation_from_sums_is_key_drivers_matrix():
    """The pure helper in analysis: sums with any shift give the matrix key_drivers uses."""
    from journeylib.analysis.keydrivers import correlation_from_sums

    df = make_survey(seed=14, gaps=0.0).drop(columns="comment")
    X = df.to_numpy()
    Z = X - X[0]  # a shift that is not the mean
    sums = {"n": len(X), "s": Z.sum(axis=0), "P": Z.T @ Z, "low": X.min(axis=0), "high": X.max(axis=0),
            "outcome_values": [1_000_001.0, 1_000_002.0, 1_000_003.0]}
    corr, n, binary = correlation_from_sums(sums, list(df.columns))
    exact = (df - 1_000_000).corr()  # pandas on the raw values near 1e6 is itself off by ~1e-11
    np.testing.assert_allclose(corr.to_numpy(), exact.to_numpy(), rtol=0, atol=1e-12)
    assert list(corr.index) == list(df.columns) and n == len(df) and not binary
    with pytest.raises(ValueError):
        correlation_from_sums({**sums, "P": np.eye(2)}, list(df.columns))


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=12))
def test_property_any_column_name_is_quoted_or_refused(name):
    """Any text as a column name: the answer of key_drivers, or sql.bad_name; never SQL."""
    df = make_survey(n=40, seed=1, gaps=0.0, offset=0.0)[[OUTCOME, "price"]]
    if name in df.columns or name.casefold() in {c.casefold() for c in df.columns}:
        return
    df[name] = df["price"].to_numpy()[::-1]
    try:
        quote_identifier(name)
    except SurveyError as err:
        assert err.key == "sql.bad_name"
        with pytest.raises(SurveyError) as info:
            key_drivers_from_sql(sqlite3.connect(":memory:"), "survey", OUTCOME, [name])
        assert info.value.key == "sql.bad_name"
        return
    for con in (sqlite_table(df), duckdb_table(df)):
        got = key_drivers_from_sql(con, "survey", OUTCOME, ["price", name])
        assert_same(key_drivers(df, OUTCOME, ["price", name]), got)
