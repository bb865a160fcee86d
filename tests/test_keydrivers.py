"""Key driver analysis (journeylib.analysis.keydrivers): exact Shapley/LMG and relative weights.

The reference for Shapley values is a brute-force loop: one least-squares fit per subset
(numpy.linalg.lstsq on the raw rows), then the Shapley formula. Property tests (hypothesis)
check the invariants; every error case must raise the right JourneyError subclass with a
message in Dutch and English.
"""
from __future__ import annotations

import itertools
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeylib
from journeylib import i18n
from journeylib.analysis import keydrivers as kd
from journeylib.analysis.keydrivers import (
    MAX_EXACT_DRIVERS,
    key_drivers,
    key_drivers_from_chunks,
    key_drivers_from_corr,
)
from journeylib.datasets import key_drivers_from_csv  # the reading is in datasets (analysis does no file I/O)
from journeylib.errors import AnalysisError, JourneyError, SurveyError

PROPS = settings(max_examples=60, deadline=None)
CSV_PROPS = settings(max_examples=25, deadline=None)


# --------------------------------------------------------------------------- helpers


def make_survey(seed: int, n: int, p: int, missing: float = 0.0, likert: bool = False) -> pd.DataFrame:
    """Correlated drivers d0..d{p-1} and an outcome y that depends on them, with gaps."""
    rng = np.random.default_rng(seed)
    loadings = rng.uniform(0.3, 1.2, size=p) * rng.choice([-1, 1], size=p)
    X = rng.normal(size=(n, p)) + rng.normal(size=(n, 1)) * loadings  # one common factor
    y = X @ rng.normal(size=p) + rng.normal(scale=2.0, size=n)
    if likert:  # survey-like 1..5 answers
        X = np.clip(np.round(3 + X / X.std(axis=0)), 1, 5)
        y = np.clip(np.round(3 + (y - y.mean()) / y.std()), 1, 5)
    df = pd.DataFrame(X, columns=[f"d{i}" for i in range(p)])
    df["y"] = y
    if missing:
        holes = rng.random(df.shape) < missing
        df = df.mask(holes)
    return df


def drivers_of(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c != "y"]


def lstsq_r2(X: np.ndarray, y: np.ndarray, cols: tuple[int, ...]) -> float:
    """R² of an OLS fit with intercept on the raw rows (the slow, obvious way)."""
    if not cols:
        return 0.0
    design = np.column_stack([np.ones(len(y)), X[:, list(cols)]])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ beta
    centred = y - y.mean()
    return 1.0 - (resid @ resid) / (centred @ centred)


def brute_force_shapley(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """One regression per subset, then phi_j = sum_S |S|!(p-|S|-1)!/p! [R²(S+j) - R²(S)]."""
    p = X.shape[1]
    r2 = {S: lstsq_r2(X, y, S) for k in range(p + 1) for S in itertools.combinations(range(p), k)}
    phi = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for k in range(p):
            weight = math.factorial(k) * math.factorial(p - k - 1) / math.factorial(p)
            for S in itertools.combinations(others, k):
                phi[j] += weight * (r2[tuple(sorted(S + (j,)))] - r2[S])
    return phi


def by_driver(result: pd.DataFrame, column: str = "importance") -> dict:
    return dict(zip(result["driver"], result[column]))


def assert_same_result(a: pd.DataFrame, b: pd.DataFrame, tol: float = 1e-9) -> None:
    assert list(a.columns) == list(b.columns)
    assert sorted(a["driver"]) == sorted(b["driver"])
    for column in a.columns[1:]:
        left, right = by_driver(a, column), by_driver(b, column)
        for name in left:
            assert left[name] == pytest.approx(right[name], abs=tol), (column, name)
    assert a.attrs["r2"] == pytest.approx(b.attrs["r2"], abs=tol)


def outcome_of(call):
    """The result of ``call()``, or the message key of the JourneyError it raised."""
    try:
        return call()
    except JourneyError as err:
        return err.key


survey_params = st.tuples(
    st.integers(0, 2**32 - 1),  # seed
    st.integers(1, 7),  # drivers
    st.integers(20, 120),  # rows
)


# --------------------------------------------------------------------------- correctness


@pytest.mark.parametrize("p", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("seed", [0, 1])
def test_shapley_equals_brute_force_lstsq_loop(p, seed):
    df = make_survey(seed, n=80, p=p)
    expected = brute_force_shapley(df[drivers_of(df)].to_numpy(), df["y"].to_numpy())
    result = key_drivers(df, "y", drivers_of(df))
    got = by_driver(result)
    for j, name in enumerate(drivers_of(df)):
        assert got[name] == pytest.approx(expected[j], abs=1e-10)
    assert result.attrs["r2"] == pytest.approx(lstsq_r2(df[drivers_of(df)].to_numpy(), df["y"].to_numpy(),
                                                        tuple(range(p))), abs=1e-10)


def test_all_subset_r2_matches_one_lstsq_per_subset():
    df = make_survey(3, n=50, p=6)
    X, y = df[drivers_of(df)].to_numpy(), df["y"].to_numpy()
    corr = np.corrcoef(np.column_stack([X, y]), rowvar=False)
    r2 = kd._all_subset_r2(corr)
    assert r2.shape == (2**6,)
    for mask in range(2**6):
        cols = tuple(i for i in range(6) if mask >> i & 1)
        assert r2[mask] == pytest.approx(lstsq_r2(X, y, cols), abs=1e-10), mask


def test_blocked_subset_tree_equals_single_block(monkeypatch):
    """Above _BLOCK_BITS drivers the tree runs in blocks; the blocks must fit together."""
    df = make_survey(4, n=60, p=9)
    corr = np.corrcoef(df[[*drivers_of(df), "y"]].to_numpy(), rowvar=False)
    whole = kd._all_subset_r2(corr)
    monkeypatch.setattr(kd, "_BLOCK_BITS", 3)
    blocked = kd._all_subset_r2(corr)
    np.testing.assert_allclose(blocked, whole, rtol=0, atol=1e-12)


def test_eighteen_drivers_use_blocks_and_sum_to_r2(monkeypatch):
    df = make_survey(5, n=400, p=18)
    result = key_drivers(df, "y", drivers_of(df))
    assert result["importance"].sum() == pytest.approx(result.attrs["r2"], abs=1e-10)
    monkeypatch.setattr(kd, "_BLOCK_BITS", 18)  # one single block
    assert_same_result(result, key_drivers(df, "y", drivers_of(df)), tol=1e-12)


def _r2_pair(ri, rj, rij):
    """R² of two standardised drivers, written out: (ri² + rj² - 2 ri rj rij) / (1 - rij²)."""
    return (ri**2 + rj**2 - 2 * ri * rj * rij) / (1 - rij**2)


def test_lmg_three_drivers_by_hand():
    """LMG for 3 drivers from its explicit formula (Lindeman, Merenda & Gold 1980):
    LMG_1 = 1/3 R²(1) + 1/6 [R²(12) - R²(2)] + 1/6 [R²(13) - R²(3)] + 1/3 [R²(123) - R²(23)]."""
    r = {"a": 0.5, "b": 0.4, "c": 0.3}
    rab, rac, rbc = 0.3, 0.2, 0.1
    corr = pd.DataFrame(
        [[1, r["a"], r["b"], r["c"]], [r["a"], 1, rab, rac], [r["b"], rab, 1, rbc], [r["c"], rac, rbc, 1]],
        index=["y", "a", "b", "c"],
        columns=["y", "a", "b", "c"],
    )
    # R²(abc) by Cramer's rule on the 3x3 system R beta = r
    R = np.array([[1, rab, rac], [rab, 1, rbc], [rac, rbc, 1]])
    det = np.linalg.det(R)
    beta = []
    for k in range(3):
        Rk = R.copy()
        Rk[:, k] = [r["a"], r["b"], r["c"]]
        beta.append(np.linalg.det(Rk) / det)
    r2_all = beta[0] * r["a"] + beta[1] * r["b"] + beta[2] * r["c"]
    pair = {
        "ab": _r2_pair(r["a"], r["b"], rab),
        "ac": _r2_pair(r["a"], r["c"], rac),
        "bc": _r2_pair(r["b"], r["c"], rbc),
    }
    single = {k: v**2 for k, v in r.items()}
    s1, r12, r123 = single, pair, r2_all
    lmg_a = s1["a"] / 3 + (r12["ab"] - s1["b"]) / 6 + (r12["ac"] - s1["c"]) / 6 + (r123 - r12["bc"]) / 3
    lmg_b = s1["b"] / 3 + (r12["ab"] - s1["a"]) / 6 + (r12["bc"] - s1["c"]) / 6 + (r123 - r12["ac"]) / 3
    lmg_c = s1["c"] / 3 + (r12["ac"] - s1["a"]) / 6 + (r12["bc"] - s1["b"]) / 6 + (r123 - r12["ab"]) / 3

    result = key_drivers_from_corr(corr, "y", ["a", "b", "c"], n=100)
    got = by_driver(result)
    assert got["a"] == pytest.approx(lmg_a, abs=1e-12)
    assert got["b"] == pytest.approx(lmg_b, abs=1e-12)
    assert got["c"] == pytest.approx(lmg_c, abs=1e-12)
    assert result.attrs["r2"] == pytest.approx(r2_all, abs=1e-12)
    assert list(result["driver"]) == ["a", "b", "c"]


def test_relative_weights_two_drivers_by_hand():
    """Johnson (2000) for two drivers: R^½ = [[u, v], [v, u]] with u, v = (√(1+r) ± √(1-r)) / 2."""
    r1, r2, r12 = 0.6, 0.3, 0.5
    corr = pd.DataFrame([[1, r1, r2], [r1, 1, r12], [r2, r12, 1]], index=["y", "a", "b"], columns=["y", "a", "b"])
    u = (math.sqrt(1 + r12) + math.sqrt(1 - r12)) / 2
    v = (math.sqrt(1 + r12) - math.sqrt(1 - r12)) / 2
    inv = np.linalg.inv(np.array([[u, v], [v, u]]))
    beta = inv @ np.array([r1, r2])
    eps_a = u**2 * beta[0] ** 2 + v**2 * beta[1] ** 2
    eps_b = v**2 * beta[0] ** 2 + u**2 * beta[1] ** 2
    result = by_driver(key_drivers_from_corr(corr, "y", ["a", "b"], n=50, method="relative_weights"))
    assert result["a"] == pytest.approx(eps_a, abs=1e-12)
    assert result["b"] == pytest.approx(eps_b, abs=1e-12)
    assert eps_a + eps_b == pytest.approx(_r2_pair(r1, r2, r12), abs=1e-12)


@pytest.mark.parametrize("method", ["shapley", "relative_weights"])
def test_uncorrelated_drivers_get_their_squared_correlation(method):
    ry = [0.5, 0.3, 0.1, 0.0]
    names = ["y", "a", "b", "c", "d"]
    matrix = np.eye(5)
    matrix[0, 1:] = matrix[1:, 0] = ry
    result = key_drivers_from_corr(pd.DataFrame(matrix, index=names, columns=names), "y", names[1:], n=30,
                                   method=method)
    assert by_driver(result) == pytest.approx(dict(zip(names[1:], np.square(ry))), abs=1e-14)
    assert result.attrs["r2"] == pytest.approx(0.35, abs=1e-14)


def test_result_layout_and_attrs():
    df = make_survey(7, n=90, p=4)
    result = key_drivers(df, "y", drivers_of(df))
    assert list(result.columns) == ["driver", "importance", "share"]
    assert list(result.index) == [0, 1, 2, 3]
    assert result["importance"].is_monotonic_decreasing
    assert set(result.attrs) >= {"r2", "n", "method", "missing", "outcome", "binary", "note"}
    assert result.attrs["n"] == 90
    assert result.attrs["method"] == "shapley"
    assert result.attrs["missing"] == "listwise"
    assert result.attrs["outcome"] == "y"
    assert result.attrs["binary"] is False
    assert result.attrs["note"] == ""
    assert not result.isna().any().any()


def test_ties_are_sorted_by_driver_name():
    names = ["y", "zzz", "aa", "mid"]
    matrix = np.array([[1, 0.4, 0.4, 0.1], [0.4, 1, 0.2, 0.0], [0.4, 0.2, 1, 0.0], [0.1, 0.0, 0.0, 1]])
    result = key_drivers_from_corr(pd.DataFrame(matrix, index=names, columns=names), "y", names[1:], n=40)
    assert list(result["driver"]) == ["aa", "zzz", "mid"]
    swapped = key_drivers_from_corr(pd.DataFrame(matrix, index=names, columns=names), "y", ["mid", "aa", "zzz"], n=40)
    assert list(swapped["driver"]) == ["aa", "zzz", "mid"]


def test_listwise_drops_incomplete_rows_and_pairwise_keeps_them():
    df = make_survey(8, n=200, p=3, missing=0.1)
    listwise = key_drivers(df, "y", drivers_of(df))
    pairwise = key_drivers(df, "y", drivers_of(df), missing="pairwise")
    assert listwise.attrs["n"] == len(df.dropna())
    assert pairwise.attrs["n"] == int(df.notna().astype(int).T.dot(df.notna().astype(int)).to_numpy().min())
    assert pairwise.attrs["n"] > listwise.attrs["n"]
    assert listwise.attrs["r2"] == pytest.approx(lstsq_r2(df.dropna()[drivers_of(df)].to_numpy(),
                                                          df.dropna()["y"].to_numpy(), (0, 1, 2)), abs=1e-10)


def test_pairwise_equals_listwise_without_gaps():
    df = make_survey(9, n=100, p=5)
    assert_same_result(key_drivers(df, "y", drivers_of(df)), key_drivers(df, "y", drivers_of(df), missing="pairwise"),
                       tol=1e-12)


def test_survey_like_columns_are_accepted():
    """Likert answers, nullable integers, numbers stored as text, and 0/1 booleans."""
    df = make_survey(10, n=150, p=3, likert=True)
    df["d0"] = df["d0"].astype("Int64")
    df.loc[3, "d0"] = pd.NA
    df["d1"] = df["d1"].astype(int).astype(str).astype(object)
    df["flag"] = (df["d2"] > 3)
    result = key_drivers(df, "y", ["d0", "d1", "d2", "flag"])
    assert result.attrs["n"] == 149
    assert np.isfinite(result[["importance", "share"]].to_numpy()).all()


# --------------------------------------------------------------------------- binary outcome


def test_binary_outcome_is_a_linear_probability_model_and_says_so():
    df = make_survey(11, n=120, p=3)
    df["satisfied"] = (df["y"] > df["y"].median()).astype(int)
    names = ["d0", "d1", "d2"]
    result = key_drivers(df, "satisfied", names)
    assert result.attrs["binary"] is True
    assert "satisfied" in result.attrs["note"]
    assert result.attrs["note"] == journeylib.t("keydrivers.note_binary", "nl", outcome="satisfied")
    # a linear probability model is plain OLS on the 0/1 outcome
    X, y = df[names].to_numpy(), df["satisfied"].to_numpy(float)
    assert result.attrs["r2"] == pytest.approx(lstsq_r2(X, y, (0, 1, 2)), abs=1e-10)
    journeylib.set_language("en")
    english = key_drivers(df, "satisfied", names)
    assert english.attrs["note"] == journeylib.t("keydrivers.note_binary", "en", outcome="satisfied")
    assert english.attrs["note"] != result.attrs["note"]


def test_three_valued_outcome_is_not_binary():
    df = make_survey(12, n=120, p=2)
    df["y"] = np.digitize(df["y"], np.quantile(df["y"], [1 / 3, 2 / 3]))
    result = key_drivers(df, "y", drivers_of(df))
    assert result.attrs["binary"] is False and result.attrs["note"] == ""


def test_csv_detects_binary_outcome_across_chunks(tmp_path):
    df = make_survey(13, n=100, p=2)
    df["y"] = (df["y"] > 0).astype(int)
    file = tmp_path / "binary.csv"
    df.to_csv(file, index=False)
    result = key_drivers_from_csv(file, "y", drivers_of(df), chunksize=7)
    assert result.attrs["binary"] is True


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_chunks_in_memory_equal_the_whole_table(missing):
    """key_drivers_from_chunks is the analysis behind the CSV reader: pieces of a DataFrame
    (or a callable that is told which columns to read) give the result of the whole table."""
    df = make_survey(14, n=90, p=3, missing=0.1)
    whole = key_drivers(df, "y", drivers_of(df), missing=missing)
    pieces = [df.iloc[i:i + 20] for i in range(0, len(df), 20)]
    asked = []
    for chunks in (pieces, lambda names: asked.append(names) or iter(pieces)):
        result = key_drivers_from_chunks(chunks, "y", drivers_of(df), missing=missing)
        assert result["driver"].tolist() == whole["driver"].tolist()
        assert np.allclose(result["importance"], whole["importance"], atol=1e-12)
        assert result.attrs["rows"] == len(df) and result.attrs["n"] == whole.attrs["n"]
    assert asked == [["y", *drivers_of(df)]]
    with pytest.raises(SurveyError) as info:
        key_drivers_from_chunks([df.drop(columns="d1")], "y", drivers_of(df))
    assert info.value.key == "keydrivers.missing_column"


# --------------------------------------------------------------------------- properties


@PROPS
@given(survey_params, st.sampled_from(["listwise", "pairwise"]))
def test_shapley_sum_is_full_model_r2_and_shares_sum_to_one(params, missing):
    seed, p, n = params
    df = make_survey(seed, n=n + p, p=p, missing=0.05 if missing == "pairwise" else 0.0)
    result = outcome_of(lambda: key_drivers(df, "y", drivers_of(df), missing=missing))
    if isinstance(result, str):  # e.g. too few rows after gaps: an explained refusal
        assert result.startswith("keydrivers.")
        return
    assert result["importance"].sum() == pytest.approx(result.attrs["r2"], abs=1e-10)
    assert result["share"].sum() == pytest.approx(1.0, abs=1e-12)
    assert np.isfinite(result[["importance", "share"]].to_numpy()).all()
    if missing == "listwise":
        X, y = df[drivers_of(df)].to_numpy(), df["y"].to_numpy()
        assert result.attrs["r2"] == pytest.approx(lstsq_r2(X, y, tuple(range(p))), abs=1e-10)
        assert (result["importance"] >= -1e-12).all()


@PROPS
@given(survey_params)
def test_relative_weights_sum_to_r2(params):
    seed, p, n = params
    df = make_survey(seed, n=n + p, p=p)
    result = key_drivers(df, "y", drivers_of(df), method="relative_weights")
    shapley = key_drivers(df, "y", drivers_of(df))
    assert result["importance"].sum() == pytest.approx(result.attrs["r2"], abs=1e-10)
    assert result.attrs["r2"] == pytest.approx(shapley.attrs["r2"], abs=1e-12)
    assert result["share"].sum() == pytest.approx(1.0, abs=1e-12)
    assert (result["importance"] >= 0).all()


@PROPS
@given(survey_params, st.randoms(use_true_random=False), st.sampled_from(kd.METHODS))
def test_driver_order_does_not_matter(params, random, method):
    seed, p, n = params
    df = make_survey(seed, n=n + p, p=p)
    names = drivers_of(df)
    shuffled = names[:]
    random.shuffle(shuffled)
    a = key_drivers(df, "y", names, method=method)
    b = key_drivers(df[["y", *reversed(names)]], "y", shuffled, method=method)
    assert list(a["driver"]) == list(b["driver"])
    np.testing.assert_allclose(a["importance"], b["importance"], rtol=0, atol=1e-12)


@PROPS
@given(survey_params, st.sampled_from(kd.METHODS), st.sampled_from(["listwise", "pairwise"]))
def test_corr_entry_point_agrees_with_dataframe(params, method, missing):
    seed, p, n = params
    df = make_survey(seed, n=n + 2 * p, p=p, missing=0.08)
    direct = outcome_of(lambda: key_drivers(df, "y", drivers_of(df), method=method, missing=missing))
    if isinstance(direct, str):
        return
    source = df if missing == "pairwise" else df.dropna()
    corr = source.corr()  # pandas: pairwise complete observations
    via_corr = key_drivers_from_corr(corr, "y", drivers_of(df), n=direct.attrs["n"], method=method)
    assert_same_result(direct, via_corr, tol=1e-10)
    assert via_corr.attrs["n"] == direct.attrs["n"]


@CSV_PROPS
@given(survey_params, st.sampled_from(["listwise", "pairwise"]), st.integers(1, 50), st.integers(1, 50))
def test_csv_agrees_with_dataframe_for_any_chunk_size(params, missing, chunk_a, chunk_b):
    seed, p, n = params
    df = make_survey(seed, n=n + 2 * p, p=p, missing=0.08)
    df["note"] = "text that is never read"
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "survey.csv"
        df.to_csv(file, index=False)
        direct = outcome_of(lambda: key_drivers(df, "y", drivers_of(df)[:-1], missing=missing))
        a = outcome_of(lambda: key_drivers_from_csv(file, "y", drivers_of(df)[:-1], missing=missing,
                                                    chunksize=chunk_a))
        b = outcome_of(lambda: key_drivers_from_csv(file, "y", drivers_of(df)[:-1], missing=missing,
                                                    chunksize=chunk_b))
    if isinstance(direct, str):
        assert a == b == direct
        return
    assert_same_result(direct, a, tol=1e-9)
    assert_same_result(a, b, tol=1e-9)
    assert a.attrs["n"] == b.attrs["n"] == direct.attrs["n"]
    assert a.attrs["missing"] == missing and a.attrs["binary"] == direct.attrs["binary"]


def test_csv_with_large_values_matches_dataframe(tmp_path):
    """Shifting by the first chunk's means keeps the sums accurate for values far from 0."""
    df = make_survey(14, n=3000, p=4) + 1e6
    file = tmp_path / "big.csv"
    df.to_csv(file, index=False)
    for missing in kd.MISSING:
        assert_same_result(key_drivers(df, "y", drivers_of(df), missing=missing),
                           key_drivers_from_csv(file, "y", drivers_of(df), missing=missing, chunksize=500),
                           tol=1e-9)


# --------------------------------------------------------------------------- bootstrap


def test_bootstrap_intervals_contain_estimate_and_are_reproducible():
    df = make_survey(15, n=300, p=4)
    a = key_drivers(df, "y", drivers_of(df), bootstrap=200, seed=42)
    b = key_drivers(df, "y", drivers_of(df), bootstrap=200, seed=42)
    c = key_drivers(df, "y", drivers_of(df), bootstrap=200, seed=43)
    assert list(a.columns) == ["driver", "importance", "share", "low", "high"]
    assert (a["low"] <= a["importance"]).all() and (a["importance"] <= a["high"]).all()
    assert (a["low"] < a["high"]).all()
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["low"], c["low"])
    assert a.attrs["bootstrap"] == 200
    plain = key_drivers(df, "y", drivers_of(df))
    pd.testing.assert_frame_equal(a[["driver", "importance", "share"]], plain)


def test_bootstrap_pairwise_and_relative_weights():
    df = make_survey(16, n=300, p=3, missing=0.05)
    result = key_drivers(df, "y", drivers_of(df), method="relative_weights", missing="pairwise", bootstrap=100,
                         seed=1)
    assert (result["low"] <= result["importance"]).all() and (result["importance"] <= result["high"]).all()


def test_bootstrap_skips_degenerate_resamples_and_says_so():
    """A rare answer (one respondent) is missing from some resamples: those are skipped."""
    df = make_survey(17, n=400, p=2)
    df["rare"] = 0.0
    df.loc[:3, "rare"] = 1.0  # 4 of 400: absent from about 1.8 % of the resamples
    result = key_drivers(df, "y", ["d0", "d1", "rare"], bootstrap=100, seed=3)
    assert 0 < 100 - result.attrs["bootstrap"] <= 10
    assert result.attrs["note"] != ""


def test_bootstrap_fails_clearly_when_most_resamples_are_degenerate():
    df = make_survey(18, n=30, p=2)
    df["rare"] = 0.0
    df.loc[0, "rare"] = 1.0
    with pytest.raises(AnalysisError) as info:
        key_drivers(df, "y", ["d0", "d1", "rare"], bootstrap=50, seed=0)
    assert info.value.key == "keydrivers.bootstrap_failed"


# --------------------------------------------------------------------------- errors


def _base() -> pd.DataFrame:
    return make_survey(20, n=40, p=3)


def _with(**columns) -> pd.DataFrame:
    df = _base()
    for name, values in columns.items():
        df[name] = values(df) if callable(values) else values
    return df


def _corr_with_gap(name: str) -> pd.DataFrame:
    corr = _base().corr()
    corr.loc[name, :] = np.nan
    return corr


ERROR_CASES = {
    "constant driver": (lambda: key_drivers(_with(same=4.0), "y", ["d0", "same"]),
                        AnalysisError, "keydrivers.constant_driver", ["same"]),
    "constant outcome": (lambda: key_drivers(_with(y=3.0), "y", ["d0", "d1"]),
                         AnalysisError, "keydrivers.constant_outcome", ["y"]),
    "duplicate column": (lambda: key_drivers(_with(copy=lambda d: d["d1"]), "y", ["d0", "d1", "copy"]),
                         AnalysisError, "keydrivers.collinear_pair", ["d1", "copy"]),
    "reversed scale": (lambda: key_drivers(_with(rev=lambda d: 6 - d["d0"]), "y", ["rev", "d1", "d0"]),
                       AnalysisError, "keydrivers.collinear_pair", ["d0", "rev"]),
    "sum of drivers": (lambda: key_drivers(_with(total=lambda d: d["d0"] + d["d1"]), "y", ["d0", "d1", "d2", "total"]),
                       AnalysisError, "keydrivers.collinear_set", ["d0", "d1", "total"]),
    "missing column": (lambda: key_drivers(_base(), "y", ["d0", "speed"]),
                       SurveyError, "keydrivers.missing_column", ["speed"]),
    "missing outcome": (lambda: key_drivers(_base(), "nps", ["d0"]),
                        SurveyError, "keydrivers.missing_column", ["nps"]),
    "text column": (lambda: key_drivers(_with(staff=lambda d: ["goed", "slecht"] * 20), "y", ["d0", "staff"]),
                    SurveyError, "keydrivers.not_numeric", ["staff", "goed"]),
    "decimal comma": (lambda: key_drivers(_with(price=lambda d: [f"{v:.1f}".replace(".", ",") for v in d["d0"]]),
                                          "y", ["price"]),
                      SurveyError, "keydrivers.not_numeric", ["price"]),
    "dates": (lambda: key_drivers(_with(when=pd.Timestamp("2024-01-01")), "y", ["d0", "when"]),
              SurveyError, "keydrivers.not_numeric", ["when"]),
    "infinite value": (lambda: key_drivers(_with(d2=lambda d: d["d2"].where(d.index != 5, np.inf)), "y", ["d2"]),
                       SurveyError, "keydrivers.not_finite", ["d2"]),
    "too few rows": (lambda: key_drivers(_base().head(4), "y", ["d0", "d1", "d2"]),
                     AnalysisError, "keydrivers.too_few_rows", ["4", "5"]),
    "too few complete rows": (lambda: key_drivers(_with(d0=lambda d: d["d0"].where(d.index < 3)), "y", ["d0", "d1"]),
                              AnalysisError, "keydrivers.too_few_rows", ["3"]),
    "empty table": (lambda: key_drivers(_base().iloc[:0], "y", ["d0"]),
                    AnalysisError, "keydrivers.too_few_rows", ["0"]),
    "outcome among drivers": (lambda: key_drivers(_base(), "y", ["d0", "y"]),
                              AnalysisError, "keydrivers.outcome_is_driver", ["y"]),
    "no drivers": (lambda: key_drivers(_base(), "y", []), AnalysisError, "keydrivers.no_drivers", []),
    "driver twice": (lambda: key_drivers(_base(), "y", ["d0", "d1", "d0"]),
                     AnalysisError, "keydrivers.duplicate_driver", ["d0"]),
    "unknown method": (lambda: key_drivers(_base(), "y", ["d0"], method="lasso"),
                       AnalysisError, "keydrivers.unknown_method", ["lasso", "shapley"]),
    "unknown missing": (lambda: key_drivers(_base(), "y", ["d0"], missing="impute"),
                        AnalysisError, "keydrivers.unknown_missing", ["impute", "pairwise"]),
    "too many for exact": (lambda: key_drivers(make_survey(0, n=60, p=MAX_EXACT_DRIVERS + 1), "y",
                                               [f"d{i}" for i in range(MAX_EXACT_DRIVERS + 1)]),
                           AnalysisError, "keydrivers.too_many_drivers", ["relative_weights", str(MAX_EXACT_DRIVERS)]),
    "bootstrap too heavy": (lambda: key_drivers(make_survey(0, n=60, p=21), "y", [f"d{i}" for i in range(21)],
                                                bootstrap=1000),
                            AnalysisError, "keydrivers.bootstrap_too_heavy", ["21", "512", "relative_weights"]),
    "negative bootstrap": (lambda: key_drivers(_base(), "y", ["d0"], bootstrap=-1),
                           AnalysisError, "keydrivers.bad_bootstrap", ["-1"]),
    "fractional bootstrap": (lambda: key_drivers(_base(), "y", ["d0"], bootstrap=2.5),
                             AnalysisError, "keydrivers.bad_bootstrap", ["2.5"]),
    "not a table": (lambda: key_drivers([[1, 2], [3, 4]], "y", ["d0"]),
                    SurveyError, "keydrivers.not_a_table", ["list"]),
    "corr missing name": (lambda: key_drivers_from_corr(_base().corr(), "y", ["d0", "waiting"], n=40),
                          SurveyError, "keydrivers.missing_column", ["waiting"]),
    "corr with NaN": (lambda: key_drivers_from_corr(_corr_with_gap("d1"), "y", ["d0", "d1"], n=40),
                      AnalysisError, "keydrivers.corr_bad_value", ["d1"]),
    "corr not symmetric": (lambda: key_drivers_from_corr(_base().corr().assign(d0=lambda c: c["d0"] * 0.5 + 0.1),
                                                         "y", ["d0", "d1"], n=40),
                           AnalysisError, "keydrivers.corr_not_symmetric", ["d0"]),
    "corr inconsistent": (lambda: key_drivers_from_corr(
        pd.DataFrame([[1, .3, .3, .3], [.3, 1, .9, .9], [.3, .9, 1, -.9], [.3, .9, -.9, 1]],
                     index=list("yabc"), columns=list("yabc")), "y", list("abc"), n=50),
        AnalysisError, "keydrivers.pairwise_inconsistent", []),
    "corr bad n": (lambda: key_drivers_from_corr(_base().corr(), "y", ["d0"], n=-3),
                   AnalysisError, "keydrivers.bad_n", ["-3"]),
    "corr too few rows": (lambda: key_drivers_from_corr(_base().corr(), "y", ["d0", "d1", "d2"], n=4),
                          AnalysisError, "keydrivers.too_few_rows", ["4"]),
    "corr not a table": (lambda: key_drivers_from_corr(np.eye(3), "y", ["d0"], n=10),
                         AnalysisError, "keydrivers.corr_not_a_table", ["ndarray"]),
    "corr constant driver": (lambda: key_drivers_from_corr(_with(same=1.0).cov(), "y", ["d0", "same"], n=40),
                             AnalysisError, "keydrivers.constant_driver", ["same"]),
    "csv bad chunksize": (lambda: key_drivers_from_csv("x.csv", "y", ["d0"], chunksize=0),
                          AnalysisError, "keydrivers.bad_chunksize", ["0"]),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_error_cases_raise_journey_error_with_message_in_both_languages(case):
    call, kind, key, mentioned = ERROR_CASES[case]
    with pytest.raises(kind) as info:
        call()
    err = info.value
    assert err.key == key
    texts = {}
    for lang in ("nl", "en"):
        journeylib.set_language(lang)
        texts[lang] = str(err)
        for word in mentioned:
            assert word in texts[lang], (lang, word, texts[lang])
    assert texts["nl"] != texts["en"]


def test_pairwise_driver_constant_on_shared_rows():
    """d1 varies overall, but is 2 on every row where d0 is answered: their r does not exist."""
    df = make_survey(21, n=60, p=2)
    df.loc[:29, "d1"] = 2.0
    df.loc[30:, "d0"] = np.nan
    with pytest.raises(AnalysisError) as info:
        key_drivers(df, "y", ["d0", "d1"], missing="pairwise")
    assert info.value.key == "keydrivers.pairwise_constant"
    journeylib.set_language("en")
    assert "'d1'" in str(info.value) and "'d0'" in str(info.value)


@pytest.mark.parametrize("cell", ["1" * 310, "-" + "1" * 310])
def test_csv_integer_too_large_for_a_float_is_not_finite(cell, tmp_path):
    """pandas reads a 310-digit cell as a Python int, and pd.to_numeric raised OverflowError."""
    file = tmp_path / "answers.csv"
    file.write_text("y,d0,d1\n" + "".join(f"{i % 5},{i % 3},{i % 4}\n" for i in range(20)) + f"3,{cell},2\n")
    for missing in ("listwise", "pairwise"):
        with pytest.raises(SurveyError) as info:
            key_drivers_from_csv(file, "y", ["d0", "d1"], missing=missing)
        assert info.value.key == "keydrivers.not_finite"
        assert "'d0'" in str(info.value) and str(file) in str(info.value)
    # the same column as Python ints in a DataFrame
    df = _base().astype({"d0": object})
    df.loc[3, "d0"] = int(cell)
    with pytest.raises(SurveyError) as info:
        key_drivers(df, "y", ["d0", "d1"])
    assert info.value.key == "keydrivers.not_finite"


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
@pytest.mark.parametrize("value", [1e155, 1e200, -1e300])
def test_value_whose_square_overflows_is_too_large(value, missing, tmp_path):
    """Pairwise, numpy's LinAlgError escaped; listwise, the column was called constant or got importance 0."""
    df = _base()
    df.loc[5, "d1"] = value
    with pytest.raises(AnalysisError) as info:
        key_drivers(df, "y", ["d0", "d1", "d2"], missing=missing)
    assert info.value.key == "keydrivers.too_large"
    assert info.value.params["column"] == "d1" and info.value.params["value"] == f"{value:.3g}"
    file = tmp_path / "answers.csv"
    df.to_csv(file, index=False)
    with pytest.raises(AnalysisError) as info:
        key_drivers_from_csv(file, "y", ["d0", "d1", "d2"], missing=missing, chunksize=7)
    assert info.value.key == "keydrivers.too_large" and info.value.params["column"] == "d1"
    for lang in ("nl", "en"):
        journeylib.set_language(lang)
        assert "'d1'" in str(info.value) and f"{value:.3g}" in str(info.value)


@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
def test_large_values_that_fit_give_the_same_importances(missing):
    """Rescaling is harmless up to ~1e150; pairwise, two variances of 1e200 no longer overflow their product."""
    df = _base()
    df.loc[[2, 9], "d1"] = np.nan
    expected = key_drivers(df, "y", ["d0", "d1", "d2"], missing=missing)
    scaled = df.assign(d0=df["d0"] * 1e100, d1=df["d1"] * -1e120)
    assert_same_result(key_drivers(scaled, "y", ["d0", "d1", "d2"], missing=missing), expected, tol=1e-9)


def test_relative_weights_have_no_driver_limit():
    p = MAX_EXACT_DRIVERS + 3
    df = make_survey(22, n=200, p=p)
    result = key_drivers(df, "y", drivers_of(df), method="relative_weights")
    assert len(result) == p
    assert result["importance"].sum() == pytest.approx(result.attrs["r2"], abs=1e-10)


def test_csv_errors_name_the_file_and_the_column(tmp_path):
    df = _base()
    file = tmp_path / "answers.csv"
    df.to_csv(file, index=False)
    with pytest.raises(SurveyError) as info:
        key_drivers_from_csv(file, "y", ["d0", "speed"])
    assert info.value.key == "keydrivers.missing_column"
    assert str(file) in str(info.value) and "speed" in str(info.value)

    with pytest.raises(SurveyError) as info:
        key_drivers_from_csv(tmp_path / "nothing.csv", "y", ["d0"])
    assert info.value.key == "keydrivers.csv_missing"

    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SurveyError) as info:
        key_drivers_from_csv(empty, "y", ["d0"])
    assert info.value.key == "keydrivers.csv_empty"

    semicolons = tmp_path / "excel.csv"
    semicolons.write_text("y;d0\n1;2\n2;3,5\n", encoding="utf-8")
    with pytest.raises(SurveyError) as info:
        key_drivers_from_csv(semicolons, "y", ["d0"])
    assert info.value.key == "keydrivers.csv_semicolon"
    assert 'sep=";"' in str(info.value)

    # text appears only in a later chunk
    text = df.astype(object)
    text.loc[35, "d1"] = "n.v.t."
    late = tmp_path / "late.csv"
    text.to_csv(late, index=False)
    with pytest.raises(SurveyError) as info:
        key_drivers_from_csv(late, "y", ["d0", "d1"], chunksize=10)
    assert info.value.key == "keydrivers.not_numeric"
    journeylib.set_language("en")
    assert "n.v.t." in str(info.value) and "'d1'" in str(info.value) and str(late) in str(info.value)


def test_every_message_key_exists_in_both_languages_with_the_same_fields():
    nl = {k for k in i18n.keys("nl") if k.startswith("keydrivers.")}
    en = {k for k in i18n.keys("en") if k.startswith("keydrivers.")}
    assert nl == en and len(nl) >= 25
    for key in nl:
        assert i18n.placeholders("nl", key) == i18n.placeholders("en", key), key
    source = Path(kd.__file__).read_text(encoding="utf-8") + Path(journeylib.datasets.__file__).read_text("utf-8")
    used = set(re.findall(r'"(keydrivers\.[a-z_]+)"', source))
    assert used <= nl, used - nl


def test_import_journeylib_does_not_load_the_analysis():
    code = "import sys, journeylib; print('journeylib.analysis.keydrivers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- the outcome (issue 11)

def ratings(columns, rows=60, seed=3, ten=()):
    """A table of 1-5 ratings (0-10 for the columns in ``ten``), in the order given."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({c: rng.integers(0, 11, rows) if c in ten else rng.integers(1, 6, rows)
                         for c in columns})


@pytest.mark.parametrize("columns, expected", [
    (["Totaaloordeel", "Ontvangst", "Wachttijd", "Personeel"], "Totaaloordeel"),  # first
    (["Ontvangst", "Totaaloordeel", "Wachttijd", "Personeel"], "Totaaloordeel"),  # middle
    (["Ontvangst", "Wachttijd", "Personeel", "Totaaloordeel"], "Totaaloordeel"),  # last
    (["Ontvangst", "Algemene tevredenheid", "Tevredenheid parkeren", "Personeel"], "Algemene tevredenheid"),
    (["tevredenheid", "aanbevelen", "balie", "wachtkamer"], "tevredenheid"),
    (["staff", "overall_satisfaction", "price", "waiting_time"], "overall_satisfaction"),
    (["staff", "price", "NPS", "waiting_time"], "NPS"),
    (["likelihood to recommend", "staff", "price"], "likelihood to recommend"),
    (["recommend", "satisfaction", "staff"], "satisfaction"),  # satisfaction before recommendation
    (["Balie", "Wachttijd", "Overall score", "Parkeren"], "Overall score"),
])
def test_choose_outcome_by_name_in_any_position(columns, expected):
    choice = kd.choose_outcome(ratings(columns))
    assert (choice.column, choice.reason, choice.sure) == (expected, "name", True)


def test_choose_outcome_is_never_the_last_column_by_position():
    columns = ["Totaaloordeel", "Ontvangst", "Wachttijd", "Parkeren"]
    assert kd.choose_outcome(ratings(columns)).column == "Totaaloordeel"
    # only the columns offered count (a respondent number is left out by the caller)
    assert kd.choose_outcome(ratings(columns), ["Ontvangst", "Totaaloordeel"]).column == "Totaaloordeel"
    choice = kd.choose_outcome(ratings(["recommend", "satisfaction", "staff"]))
    assert choice.others == ("recommend",)  # also an outcome: not proposed as a driver


def test_choose_outcome_from_a_ten_point_scale_when_no_name_says_it():
    df = ratings(["Q1", "Q2", "Q3", "Q4"], ten=("Q3",))
    assert kd.choose_outcome(df) == kd.OutcomeChoice("Q3", "scale")
    both = ratings(["Q1", "Q2", "Q3"], ten=("Q2", "Q3"))  # two 0-10 columns: no way to tell
    assert kd.choose_outcome(both).reason == "fallback"
    # a long question that mentions recommending, on 0-10, beats one that mentions satisfaction
    df = ratings(["Tevreden over de balie", "Hoe waarschijnlijk is het dat u ons aanbeveelt", "Wachttijd"],
                 ten=("Hoe waarschijnlijk is het dat u ons aanbeveelt",))
    choice = kd.choose_outcome(df)
    assert choice.column == "Hoe waarschijnlijk is het dat u ons aanbeveelt" and choice.reason == "scale"


def test_choose_outcome_guess_and_fallback_ask_the_learner():
    guess = kd.choose_outcome(ratings(["Ontvangst", "Tevreden over de balie", "Wachttijd"]))
    assert (guess.column, guess.reason, guess.sure) == ("Tevreden over de balie", "guess", False)
    none = kd.choose_outcome(ratings(["Ontvangst", "Wachttijd", "Personeel"]))
    assert (none.column, none.reason, none.sure) == ("Ontvangst", "fallback", False)  # the first, said so
    assert kd.choose_outcome(pd.DataFrame()) == kd.OutcomeChoice(None, "none")


def test_near_outcome_and_rows_in_attrs():
    rng = np.random.default_rng(5)
    df = ratings(["a", "b", "c"], rows=200).astype(float)
    df["y"] = df["a"] + df["b"] + rng.normal(size=200)
    df["copy"] = df["y"] + rng.normal(scale=0.1, size=200)  # the outcome again, under another name
    df.loc[df.index[:30], "c"] = np.nan
    result = key_drivers(df, "y", ["a", "b", "c", "copy"])
    assert [d for d, _r in result.attrs["near_outcome"]] == ["copy"]
    assert result.attrs["near_outcome"][0][1] > 0.99
    assert result.attrs["rows"] == 200 and result.attrs["n"] == 170
    assert key_drivers(df, "y", ["a", "b"]).attrs["near_outcome"] == []
    corr = df.dropna().corr()
    assert key_drivers_from_corr(corr, "y", ["a", "copy"], n=170).attrs["rows"] is None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.csv"
        df.to_csv(path, index=False)
        from_csv = key_drivers_from_csv(path, "y", ["a", "b", "c"], chunksize=64)
    assert (from_csv.attrs["rows"], from_csv.attrs["n"]) == (200, 170)
