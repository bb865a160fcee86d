"""The seeded generators: shipped survey files are reproducible and carry the planted structure."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from journeylib import synth
from journeylib.datasets import AIRLINE_COLUMNS, datasets_dir, load_case, load_survey, survey_columns

CASES = sorted(synth.SPECS)


def test_regenerating_reproduces_the_shipped_files_byte_for_byte(tmp_path, capsys):
    assert synth.main(["--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([*(f"{c}.csv" for c in CASES), synth.AIRLINE_SAMPLE])
    assert capsys.readouterr().out.count("\n") == len(written)
    shipped = datasets_dir() / "surveys"
    for name in written:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_the_seed_matters(monkeypatch):
    spec = synth.SPECS["telecom"]
    first = synth.survey_csv("telecom")
    assert synth.survey_csv("telecom") == first
    monkeypatch.setitem(synth.SPECS, "telecom", dataclasses.replace(spec, seed=spec.seed + 1))
    assert synth.survey_csv("telecom") != first


@pytest.mark.parametrize("name", CASES)
def test_spec_matches_the_case(name):
    spec = synth.SPECS[name]
    case = load_case(name, lang="en")
    assert case.survey == spec.file
    assert set(spec.weights) == set(survey_columns(case))
    assert set(spec.missing) <= set(spec.weights)
    # a few strong drivers, several weak ones, one or two (or three) near zero
    assert 3 <= len(spec.strong()) <= 4
    assert 1 <= len(spec.near_zero()) <= 3
    assert len(spec.weights) - len(spec.strong()) - len(spec.near_zero()) >= 8


def test_a_spec_that_does_not_match_is_refused():
    touchpoints = [("search-book", 4), ("boarding", 3)]
    with pytest.raises(ValueError, match="only in spec"):
        synth.survey_table("airlines", touchpoints)


@pytest.mark.parametrize("name", CASES)
def test_survey_shape_ranges_and_missing_answers(name):
    spec = synth.SPECS[name]
    df = load_survey(name)
    columns = list(survey_columns(name))
    assert len(df) == spec.respondents and 1500 <= len(df) <= 2500
    assert df["respondent"].tolist() == list(range(1, len(df) + 1))
    ratings = df[columns]
    values = ratings.to_numpy().ravel()
    assert set(values[~np.isnan(values)]) == {1.0, 2.0, 3.0, 4.0, 5.0}
    assert 0.02 <= ratings.isna().to_numpy().mean() <= 0.06
    assert ratings.isna().mean().min() > 0.005  # every touchpoint has some missing answers
    rates = ratings.isna().mean()
    for tp, rate in spec.missing.items():  # touchpoints not everyone meets miss more answers
        assert rates[tp] > rates[[c for c in columns if c not in spec.missing]].mean(), tp
    assert df["satisfaction"].between(1, 5).all() and df["satisfaction"].nunique() == 5
    assert df["recommend"].between(0, 10).all() and df["recommend"].nunique() >= 9
    assert df[["satisfaction", "recommend"]].notna().all().all()
    assert df["satisfaction"].corr(df["recommend"]) > 0.6


@pytest.mark.parametrize("name", CASES)
def test_strong_drivers_correlate_more_than_near_zero_ones(name):
    spec = synth.SPECS[name]
    df = load_survey(name)
    corr = df[list(spec.weights)].corrwith(df["satisfaction"])
    assert corr[spec.strong()].min() > corr[spec.near_zero()].max() + 0.05, corr.sort_values()
    # the planted order shows in a regression on the complete rows
    import numpy as np

    complete = df.dropna()
    x = complete[list(spec.weights)].to_numpy()
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    coef, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(x)), x]), complete["satisfaction"].to_numpy(),
                               rcond=None)
    beta = dict(zip(spec.weights, coef[1:]))
    assert min(beta[k] for k in spec.strong()) > max(beta[k] for k in spec.near_zero())


@pytest.mark.parametrize("name", CASES)
def test_rating_means_follow_the_case_performance(name):
    case = load_case(name, lang="en")
    df = load_survey(name)
    perf = {tp.id: tp.performance for j in case.journeys for tp in j.touchpoints}
    means = df[list(perf)].mean()
    levels = sorted(set(perf.values()))
    assert len(levels) >= 3, levels
    for lower, higher in zip(levels, levels[1:]):  # every touchpoint of a better level rates higher
        below = [k for k, p in perf.items() if p == lower]
        above = [k for k, p in perf.items() if p == higher]
        assert means[below].max() < means[above].min(), (lower, higher)


def test_make_survey_equals_the_csv():
    df = synth.make_survey("hospital")
    shipped = load_survey("hospital")
    assert df.shape == shipped.shape
    assert df.fillna(-1).to_numpy().tolist() == shipped.fillna(-1).to_numpy().tolist()


def test_airline_layout_generator():
    df = synth.make_airline_layout(800, seed=3)
    assert list(df.columns) == list(AIRLINE_COLUMNS) and len(df) == 800
    assert df["id"].is_unique
    assert set(df["satisfaction"]) == {"satisfied", "neutral or dissatisfied"}
    assert 0.3 < (df["satisfaction"] == "satisfied").mean() < 0.6
    assert (df["Inflight wifi service"] == 0).any()  # "not applicable" answers exist
    ratings = df[list(AIRLINE_COLUMNS[7:21])]
    assert ratings.isin(range(6)).all().all()
    assert set(df["Class"]) == {"Business", "Eco", "Eco Plus"}
    assert df.equals(synth.make_airline_layout(800, seed=3))
    assert not df.equals(synth.make_airline_layout(800, seed=4))


def test_airline_sample_is_synthetic_and_sized():
    text = (datasets_dir() / "surveys" / synth.AIRLINE_SAMPLE).read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0].startswith(",id,Gender,") and lines[-1] == ""
    assert len(lines) - 2 == synth.AIRLINE_SAMPLE_ROWS
