import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError, growth, growth_contribution, growth_index


def panel(rows):
    return pd.DataFrame(rows, columns=["region", "year", "industry", "employment"]).astype(
        {"region": "string", "industry": "string"})


def test_golden_growth_measures_are_named_and_distinct():
    df = panel([("A", 2005, "29", 1000.0), ("A", 2008, "29", 1331.0)])
    g = growth(df).iloc[0]
    assert g["employment_change"] == 331.0
    assert g["employment_growth_pct"] == pytest.approx(33.1)
    assert g["employment_index"] == pytest.approx(133.1)
    # 1.1^3 = 1.331: CAGR is 10 % a year, not 33.1 / 3 and not divided by 3 twice
    assert g["employment_cagr_pct"] == pytest.approx(10.0, rel=1e-12)
    assert (g["start_year"], g["end_year"]) == (2005, 2008)


def test_regression_reat_growth_rate_divides_by_periods_once():
    # REAT growth(..., "rate", time.periods=T) divides by T twice; ours must not
    df = panel([("A", 2000, "x", 100.0), ("A", 2010, "x", 200.0)])
    cagr = growth(df)["employment_cagr_pct"].iloc[0]
    assert cagr == pytest.approx(100 * (2 ** 0.1 - 1), rel=1e-12)
    assert (1 + cagr / 100) ** 10 == pytest.approx(2.0, rel=1e-12)


def test_growth_from_zero_is_missing_but_change_is_kept():
    df = panel([("A", 2010, "x", 0.0), ("A", 2020, "x", 50.0)])
    g = growth(df).iloc[0]
    assert g["employment_change"] == 50.0
    assert np.isnan(g["employment_growth_pct"]) and np.isnan(g["employment_cagr_pct"])


def test_suppressed_end_value_gives_missing_growth_and_flag():
    df = panel([("A", 2010, "x", 10.0), ("A", 2020, "x", np.nan)])
    df["employment_flag"] = pd.array([None, "suppressed"], dtype="string")
    g = growth(df).iloc[0]
    assert np.isnan(g["employment_change"]) and np.isnan(g["employment_growth_pct"])
    assert g["employment_flag"] == "suppressed"


def test_industry_appearing_in_end_year_only_is_kept_with_missing_start():
    df = panel([("A", 2010, "x", 10.0), ("A", 2020, "x", 12.0), ("A", 2020, "y", 3.0)])
    g = growth(df).set_index("industry")
    assert np.isnan(g.loc["y", "employment_start"]) and g.loc["y", "employment_end"] == 3.0


def test_bad_period_is_rejected():
    df = panel([("A", 2010, "x", 10.0), ("A", 2020, "x", 12.0)])
    with pytest.raises(ValueError, match="must be after"):
        growth(df, start=2020, end=2010)
    with pytest.raises(DataError, match="year 2015 is not in the table"):
        growth(df, start=2015, end=2020)


def test_growth_index_base_year():
    df = panel([("A", y, "x", v) for y, v in [(2010, 80.0), (2011, 100.0), (2012, 120.0)]])
    assert growth_index(df, base_year=2011)["index"].tolist() == [80.0, 100.0, 120.0]


def test_golden_growth_contribution():
    df = panel([("A", 2010, "a", 50.0), ("A", 2010, "b", 50.0), ("A", 2010, "TOTAL", 110.0),
                ("A", 2020, "a", 80.0), ("A", 2020, "b", 40.0), ("A", 2020, "TOTAL", 130.0)])
    g = growth_contribution(df).set_index("industry")
    assert g.loc["a", "employment_contribution"] == pytest.approx(30 / 20)
    assert g.loc["b", "employment_contribution"] == pytest.approx(-10 / 20)
    assert g.loc["a", "employment_contribution_pp"] == pytest.approx(100 * 30 / 110)


def test_contribution_undefined_when_total_unchanged():
    df = panel([("A", 2010, "a", 5.0), ("A", 2010, "TOTAL", 10.0),
                ("A", 2020, "a", 7.0), ("A", 2020, "TOTAL", 10.0)])
    assert growth_contribution(df)["employment_contribution"].isna().all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 1000)), min_size=1, max_size=6))
def test_property_contributions_sum_to_one_when_total_changes(pairs):
    rows = []
    for k, (a, b) in enumerate(pairs):
        rows += [("R", 2010, f"i{k}", float(a)), ("R", 2020, f"i{k}", float(b))]
    t0, t1 = sum(a for a, _ in pairs), sum(b for _, b in pairs)
    rows += [("R", 2010, "TOTAL", float(t0)), ("R", 2020, "TOTAL", float(t1))]
    g = growth_contribution(panel(rows))
    parts = g[g["industry"] != "TOTAL"]
    if t1 != t0:
        assert parts["employment_contribution"].sum() == pytest.approx(1.0, rel=1e-9)
    if t0 > 0:
        total_pct = 100 * (t1 - t0) / t0
        assert parts["employment_contribution_pp"].sum() == pytest.approx(total_pct, abs=1e-9)
