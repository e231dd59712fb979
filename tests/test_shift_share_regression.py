"""Shift-share regression (Patterson 1991)."""

import numpy as np
import pandas as pd
import pytest

from clusteranalysis.metrics.shift_share_regression import (ShiftShareRegressionResult,
                                                   shift_share_regression)


def synthetic(rng, n_r=30, n_i=12, noise=0.003, G=0.04, planted=None):
    """Panel with growth = G + a_i + b_r + noise; effects weighted to sum to zero."""
    e0 = rng.gamma(2.0, 200.0, size=(n_r, n_i))
    a = rng.normal(0, 0.05, n_i)
    b = rng.normal(0, 0.05, n_r) if planted is None else planted
    a -= (e0.sum(0) * a).sum() / e0.sum()
    b = b - (e0.sum(1) * b).sum() / e0.sum()
    y = G + a[None, :] + b[:, None] + rng.normal(0, noise, (n_r, n_i))
    e1 = e0 * (1 + y)
    rows = [(f"R{r:02d}", yr, f"I{i:02d}", v[r, i]) for r in range(n_r) for i in range(n_i)
            for yr, v in ((2000, e0), (2005, e1))]
    df = pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])
    return df, a, b


def test_result_shapes_and_summary(rng):
    df, _, _ = synthetic(rng)
    res = shift_share_regression(df, start=2000, end=2005)
    assert isinstance(res, ShiftShareRegressionResult)
    assert res.params.shape == res.bse.shape == (1 + 12 + 30,)
    assert len(res.industry_effects) == 12 and len(res.region_effects) == 30
    assert res.result.params.shape == (1 + 11 + 29,)  # identified parameterisation
    assert res.nobs == 360 and len(res.cells) == 360
    assert (res.bse > 0).all()
    text = str(res.summary())
    assert "Shift-share regression (Patterson 1991)" in text
    assert "region[R29]" in text and "industry[I11]" in text  # the recovered levels too
    assert "<table" in res._repr_html_()
    assert list(res.effects.columns) == ["term", "level", "coef", "std_err", "t", "p_value",
                                         "ci_low", "ci_high"]


def test_recovers_planted_effects(rng):
    df, a, b = synthetic(rng)
    res = shift_share_regression(df, start=2000, end=2005)
    re, ie = res.region_effects, res.industry_effects
    assert re["level"].tolist() == [f"R{r:02d}" for r in range(30)]
    z = np.abs(re["coef"].to_numpy() - b) / re["std_err"].to_numpy()
    assert z.max() < 5
    np.testing.assert_allclose(re["coef"], b, atol=0.003)
    np.testing.assert_allclose(ie["coef"], a, atol=0.003)
    assert res.params[("reference", "growth")] == pytest.approx(0.04, abs=0.001)


def test_recovers_one_planted_competitive_region(rng):
    planted = np.zeros(20)
    planted[3] = 0.10  # region R03 grows 10 points faster in every industry
    df, _, _ = synthetic(rng, n_r=20, n_i=8, noise=0.002, planted=planted)
    re = shift_share_regression(df, start=2000, end=2005).region_effects.set_index("level")
    others = re.drop("R03")["coef"]
    assert re.loc["R03", "coef"] - others.mean() == pytest.approx(0.10, abs=0.004)
    assert re.loc["R03", "p_value"] < 1e-6
    assert others.abs().max() < 0.02


def test_weighted_constraints_and_intercept_is_overall_growth(rng):
    df, _, _ = synthetic(rng, n_r=10, n_i=5, noise=0.05)
    res = shift_share_regression(df, start=2000, end=2005)
    c = res.cells
    for term, key in (("industry", "industry"), ("region", "region")):
        W = c.groupby(key)["weight"].sum()
        eff = res.effects[res.effects.term == term].set_index("level")["coef"]
        assert (W * eff.loc[W.index]).sum() == pytest.approx(0.0, abs=1e-9)
    start, end = (df[df.year == y]["employment"].sum() for y in (2000, 2005))
    assert res.params[("reference", "growth")] == pytest.approx(end / start - 1, rel=1e-10)


def test_reference_region_is_left_out_and_zero_start_cells_dropped(rng):
    df, _, _ = synthetic(rng, n_r=6, n_i=4)
    nation = (df.groupby(["year", "industry"], as_index=False)["employment"].sum()
              .assign(region="DG"))
    zero = pd.DataFrame({"region": ["R00", "R00"], "year": [2000, 2005],
                         "industry": ["NEW", "NEW"], "employment": [0.0, 50.0]})
    full = pd.concat([df, nation, zero], ignore_index=True)
    res = shift_share_regression(full, start=2000, end=2005, reference="DG")
    assert "DG" not in set(res.cells["region"])
    assert "NEW" not in set(res.cells["industry"])
    with pytest.raises(TypeError, match="reference must be None"):
        shift_share_regression(full, start=2000, end=2005, reference=nation)


def test_unweighted_and_robust_variants(rng):
    df, _, _ = synthetic(rng, n_r=8, n_i=5, noise=0.02)
    ols = shift_share_regression(df, start=2000, end=2005, weights=None)
    assert (ols.cells["weight"] == 1).all()
    assert ols.params[("reference", "growth")] == pytest.approx(ols.cells["growth"].mean())
    hc = shift_share_regression(df, start=2000, end=2005, cov_type="HC1")
    assert hc.result.cov_type == "HC1"
    other = df.assign(jobs=df["employment"] * 2)
    w2 = shift_share_regression(other, start=2000, end=2005, weights="jobs")
    np.testing.assert_allclose(w2.params, shift_share_regression(df, start=2000,
                                                                 end=2005).params)


def test_too_few_cells_is_a_clear_error():
    df = pd.DataFrame({"region": ["A", "A"], "year": [2000, 2005], "industry": ["x", "x"],
                       "employment": [1.0, 2.0]})
    with pytest.raises(ValueError, match="too few cells"):
        shift_share_regression(df, start=2000, end=2005)
