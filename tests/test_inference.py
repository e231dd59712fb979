"""Confidence intervals for location quotients and growth differences."""

import math

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import DataError, location_quotient
from clusteranalysis.metrics.inference import growth_difference_ci, location_quotient_ci
from conftest import make_panel

Z95 = 1.959963984540054


def test_golden_moineddin_interval():
    df = make_panel({"R": {"i": 60}}, total={"R": 1000})
    nation = pd.DataFrame({"year": 2020, "industry": ["i", "TOTAL"],
                           "employment": [4000.0, 100000.0]})
    out = location_quotient_ci(df, reference=nation).set_index("industry")
    var = 1 / 60 - 1 / 1000 - 1 / 4000 + (2 * 1.5 - 1) / 100000
    assert out.loc["i", "lq"] == pytest.approx(1.5)
    assert out.loc["i", "lq_se_log"] == pytest.approx(math.sqrt(var), rel=1e-14)
    assert out.loc["i", "lq_low"] == pytest.approx(1.5 * math.exp(-Z95 * math.sqrt(var)))
    assert out.loc["i", "lq_high"] == pytest.approx(1.5 * math.exp(Z95 * math.sqrt(var)))
    assert out.loc["i", "p_value"] == pytest.approx(
        math.erfc(abs(math.log(1.5)) / math.sqrt(var) / math.sqrt(2)), rel=1e-12)
    assert bool(out.loc["i", "significant_above_1"])
    assert pd.isna(out.loc["TOTAL", "lq_low"]) and pd.isna(out.loc["TOTAL", "significant_above_1"])
    indep = location_quotient_ci(df, reference=nation, nested=False).set_index("industry")
    assert indep.loc["i", "lq_se_log"] == pytest.approx(
        math.sqrt(1 / 60 - 1 / 1000 + 1 / 4000 - 1 / 100000))
    wide = location_quotient_ci(df, reference=nation, level=0.99).set_index("industry")
    assert wide.loc["i", "lq_low"] < out.loc["i", "lq_low"]


@pytest.mark.parametrize("reference", [None, "N", "table"])
def test_lq_column_is_the_location_quotient(reference):
    df = make_panel({"A": {"1": 10, "2": 30}, "B": {"1": 20, "2": 25},
                     "N": {"1": 300, "2": 500}}, total={"A": 45, "B": 50, "N": 900})
    if reference == "table":
        ref = df[df["region"] == "N"].drop(columns="region")
        df = df[df["region"] != "N"]
    else:
        ref = reference
    expected = location_quotient(df, reference=ref)
    for method in ("moineddin", "bootstrap"):
        out = location_quotient_ci(df, reference=ref, method=method, n_boot=50, seed=1)
        pd.testing.assert_frame_equal(out[expected.columns], expected)


def test_zero_cell_and_missing_value():
    df = make_panel({"A": {"1": 0, "2": np.nan}, "B": {"1": 20, "2": 25}},
                    total={"A": 45, "B": 50})
    out = location_quotient_ci(df, reference="B").set_index("industry")
    assert out.loc["1", "lq"] == 0.0 and np.isnan(out.loc["1", "lq_low"])
    assert out.loc["1", "significant_above_1"] == False  # noqa: E712
    assert np.isnan(out.loc["2", "lq"]) and pd.isna(out.loc["2", "significant_above_1"])


def test_bootstrap_is_seeded_and_close_to_moineddin_for_large_counts():
    df = make_panel({"A": {"1": 400, "2": 600}, "B": {"1": 2000, "2": 8000}})
    a = location_quotient_ci(df, reference=None, method="bootstrap", n_boot=999, seed=7)
    b = location_quotient_ci(df, reference=None, method="bootstrap", n_boot=999, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = location_quotient_ci(df, reference=None, method="bootstrap", n_boot=999, seed=8)
    assert not np.array_equal(a["lq_low"], c["lq_low"])
    m = location_quotient_ci(df, reference=None)
    np.testing.assert_allclose(a["lq_low"], m["lq_low"], rtol=0.02)
    np.testing.assert_allclose(a["lq_high"], m["lq_high"], rtol=0.02)
    assert ((a["p_value"] > 0) & (a["p_value"] <= 1)).all()


def test_bad_arguments():
    df = make_panel({"A": {"1": 10}}, total={"A": 10})
    with pytest.raises(ValueError, match="method must be"):
        location_quotient_ci(df, reference=None, method="fieller")
    with pytest.raises(ValueError, match="level must be"):
        location_quotient_ci(df, reference=None, level=95)
    with pytest.raises(DataError, match="reference region"):
        location_quotient_ci(df, reference="DG")


# --- coverage by simulation ----------------------------------------------------

def _simulated_tables(rng, p, n_people, n_sim):
    """n_sim multinomial region × industry tables as one panel (year = draw)."""
    R, I = p.shape
    counts = rng.multinomial(n_people, p.ravel(), size=n_sim)      # (n_sim, R*I)
    return pd.DataFrame({
        "region": np.tile(np.repeat([f"r{k}" for k in range(R)], I), n_sim),
        "year": np.repeat(np.arange(n_sim), R * I),
        "industry": np.tile([f"i{k}" for k in range(I)], R * n_sim),
        "employment": counts.ravel().astype(float)})


def _coverage(out, p):
    true = (p / p.sum(axis=1, keepdims=True)) / p.sum(axis=0, keepdims=True)
    R, I = p.shape
    t = true[out["region"].str[1:].astype(int), out["industry"].str[1:].astype(int)]
    hit = (out["lq_low"] <= t) & (t <= out["lq_high"])
    return hit.groupby([out["region"], out["industry"]]).mean()


def test_moineddin_interval_covers_95_percent(rng):
    # a large region (half the economy: the (2LQ − 1)/X term matters) and small
    # ones; expected cell counts from 20 to 4,000
    p = np.array([[0.30, 0.10, 0.10],
                  [0.01, 0.02, 0.04],
                  [0.03, 0.01, 0.01],
                  [0.10, 0.08, 0.20]])
    panel = _simulated_tables(rng, p, 20_000, 2000)
    out = location_quotient_ci(panel, reference=None)
    cov = _coverage(out, p)
    assert abs(cov.mean() - 0.95) < 0.01
    assert cov.between(0.925, 0.975).all(), cov
    # ignoring that the region is part of the reference over-covers badly for
    # the large region
    naive = _coverage(location_quotient_ci(panel, reference=None, nested=False), p)
    assert naive.loc[("r0", "i0")] > 0.99


def test_bootstrap_interval_covers_about_95_percent(rng):
    p = np.array([[0.02, 0.03], [0.45, 0.50]])
    panel = _simulated_tables(rng, p, 5000, 300)
    out = location_quotient_ci(panel, reference=None, method="bootstrap", n_boot=199,
                               seed=11)
    cov = _coverage(out, p)
    assert cov.between(0.90, 0.99).all(), cov


# --- growth differences ----------------------------------------------------------

def _growth_panel(a, b):
    return pd.DataFrame({"region": "A", "year": [2015, 2015, 2020, 2020],
                         "industry": ["c", "TOTAL"] * 2,
                         "employment": [a[0], b[0], a[1], b[1]]}).astype(
        {"employment": float})


def test_growth_difference_golden():
    out = growth_difference_ci(_growth_panel((20, 30), (10000, 10100))).iloc[0]
    var = (1 / 20 - 1 / 10000) + (1 / 30 - 1 / 10100)
    rho = 1.5 / 1.01
    assert out["growth_pct"] == pytest.approx(50.0)
    assert out["comparison_growth_pct"] == pytest.approx(1.0)
    assert out["growth_difference_pp"] == pytest.approx(49.0)
    assert out["growth_ratio"] == pytest.approx(rho)
    assert out["ratio_low"] == pytest.approx(rho * math.exp(-Z95 * math.sqrt(var)))
    assert out["difference_high_pp"] == pytest.approx(
        101 * (rho * math.exp(Z95 * math.sqrt(var)) - 1))
    assert not out["significant"]                    # 20 -> 30 is not enough evidence
    big = growth_difference_ci(_growth_panel((2000, 3000), (100000, 101000))).iloc[0]
    assert big["significant"] and big["p_value"] < 1e-6


def test_growth_difference_against_a_reference_region_and_independent_counts():
    df = pd.DataFrame({"region": ["A", "A", "N", "N"], "year": [2015, 2020] * 2,
                       "industry": "c", "employment": [50.0, 80.0, 1000.0, 1100.0]})
    out = growth_difference_ci(df, reference="N")
    assert out["region"].tolist() == ["A"]
    r = out.iloc[0]
    assert r["comparison_start"] == 1000 and r["comparison_end"] == 1100
    assert r["growth_difference_pp"] == pytest.approx(60.0 - 10.0)
    indep = growth_difference_ci(df, reference="N", nested=False).iloc[0]
    assert indep["ratio_high"] - indep["ratio_low"] > r["ratio_high"] - r["ratio_low"]
    with pytest.raises(DataError, match="no total rows"):
        growth_difference_ci(df)
    with pytest.raises(DataError, match="reference region"):
        growth_difference_ci(df, reference="DG")


def test_growth_difference_zero_counts_are_missing():
    out = growth_difference_ci(_growth_panel((0, 5), (1000, 1000))).iloc[0]
    assert np.isnan(out["growth_pct"]) and np.isnan(out["ratio_low"])
    assert pd.isna(out["significant"])


def test_growth_difference_interval_covers_95_percent_under_equal_growth(rng):
    n = 4000
    a0 = rng.poisson(30, n)
    a1 = rng.poisson(30 * 1.2, n)
    rest0 = rng.poisson(3000, n)
    rest1 = rng.poisson(3000 * 1.2, n)
    df = pd.DataFrame({
        "region": np.tile(np.repeat(np.arange(n).astype(str), 2), 2),
        "year": np.repeat([2015, 2020], 2 * n),
        "industry": np.tile(["c", "TOTAL"], 2 * n),
        "employment": np.column_stack([np.c_[a0, a0 + rest0].ravel(),
                                       np.c_[a1, a1 + rest1].ravel()]).T.ravel()
        .astype(float)})
    out = growth_difference_ci(df)
    cover = ((out["ratio_low"] <= 1) & (out["ratio_high"] >= 1)).mean()
    assert abs(cover - 0.95) < 0.015
    assert abs(out["significant"].mean() - 0.05) < 0.015
