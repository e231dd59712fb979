import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError, location_quotient
from conftest import make_panel


def test_golden_lq_all_regions_reference():
    # A: 10/40 in industry 1; reference: 30/80  -> LQ = 0.25/0.375
    df = make_panel({"A": {"1": 10, "2": 30}, "B": {"1": 20, "2": 20}},
                    total={"A": 40, "B": 40})
    out = location_quotient(df)
    lq = {(r, i): v for r, i, v in zip(out["region"], out["industry"], out["lq"])}
    assert lq[("A", "1")] == pytest.approx((10 / 40) / (30 / 80), rel=1e-15)
    assert lq[("B", "2")] == pytest.approx((20 / 40) / (50 / 80), rel=1e-15)
    assert lq[("A", "TOTAL")] == 1.0


def test_golden_lq_named_reference_region_is_not_returned():
    df = make_panel({"A": {"1": 10, "2": 30}, "DG": {"1": 200, "2": 800}},
                    total={"A": 40, "DG": 1000})
    out = location_quotient(df, reference="DG")
    assert set(out["region"]) == {"A"}
    lq = dict(zip(out["industry"], out["lq"]))
    assert lq["1"] == pytest.approx(0.25 / 0.2)
    assert lq["2"] == pytest.approx(0.75 / 0.8)


def test_total_row_differs_from_sum_of_industries():
    # official tables: TOTAL includes unclassified employees (here 10 of 50)
    df = make_panel({"A": {"1": 10, "2": 30}, "N": {"1": 100, "2": 300}},
                    total={"A": 50, "N": 400})
    by_row = location_quotient(df, reference="N", total="row")
    by_sum = location_quotient(df, reference="N", total="sum")
    assert by_row["lq"].iloc[0] == pytest.approx((10 / 50) / (100 / 400))
    assert by_sum["lq"].iloc[0] == pytest.approx((10 / 40) / (100 / 400))


def test_given_reference_totals_table():
    df = make_panel({"R": {"i": 1714}}, year=2013, total={"R": 79006})
    nation = pd.DataFrame({"year": [2013, 2013], "industry": ["i", "TOTAL"],
                           "employment": [879213.0, 15593224.0]})
    out = location_quotient(df, reference=nation)
    assert out["lq"].iloc[0] == pytest.approx(0.384762342301328, rel=1e-12)


def test_unknown_reference_region_is_a_clear_error():
    df = make_panel({"A": {"1": 10}}, total={"A": 10})
    with pytest.raises(DataError, match="reference region 'DG' is not in the table"):
        location_quotient(df, reference="DG")


def test_missing_total_row_for_one_region_year_is_named():
    df = make_panel({"A": {"1": 10}, "B": {"1": 5}}, total={"A": 10})
    with pytest.raises(DataError, match=r"no region-total row .* B/2020"):
        location_quotient(df, total="row")


def test_suppressed_cell_gives_missing_lq_never_zero():
    df = make_panel({"A": {"1": 10, "2": 30}, "N": {"1": 100, "2": 300}},
                    total={"A": 40, "N": 400})
    df.loc[(df.region == "A") & (df.industry == "1"), "employment"] = np.nan
    out = location_quotient(df, reference="N")
    assert np.isnan(out.loc[out.industry == "1", "lq"].iloc[0])
    assert out.loc[out.industry == "2", "lq"].iloc[0] == pytest.approx(0.75 / 0.75)


def test_categorical_keys_give_the_same_result():
    df = make_panel({"A": {"1": 10, "2": 30}, "B": {"1": 20, "2": 25}})
    cat = df.astype({"region": "category", "industry": "category"})
    np.testing.assert_allclose(location_quotient(df)["lq"], location_quotient(cat)["lq"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(1, 5_000), min_size=4, max_size=4), min_size=2, max_size=8))
def test_property_employment_weighted_mean_lq_is_one(matrix):
    rows = [(f"R{r}", 2020, f"{i:02d}", float(v)) for r, vals in enumerate(matrix)
            for i, v in enumerate(vals)]
    df = pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])
    out = location_quotient(df)
    # sum_r e_r/E * LQ_ir = 1 for every industry
    e_r = out.groupby("region")["employment"].transform("sum")
    weight = e_r / out["employment"].sum()
    mean = (weight * out["lq"]).groupby(out["industry"]).sum()
    np.testing.assert_allclose(mean, 1.0, rtol=1e-12)
