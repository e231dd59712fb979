import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from clusteranalysis import shares
from conftest import make_panel


def test_golden_shares_against_total_row():
    df = make_panel({"A": {"29": 30, "49": 50}}, total={"A": 100})
    out = shares(df)
    got = dict(zip(out["industry"], out["employment_share"]))
    assert got == {"29": 0.3, "49": 0.5, "TOTAL": 1.0}


def test_golden_shares_against_sum_and_auto_without_total_row():
    df = make_panel({"A": {"29": 30, "49": 10}, "B": {"29": 1, "49": 3}})
    out = shares(df)  # no TOTAL rows: auto means sum
    assert out["employment_share"].tolist() == [0.75, 0.25, 0.25, 0.75]


def test_suppressed_value_gives_missing_share_not_zero():
    df = make_panel({"A": {"29": 30, "49": 50}}, total={"A": 100})
    df.loc[0, "employment"] = np.nan
    out = shares(df)
    assert np.isnan(out["employment_share"].iloc[0])
    assert out["employment_share"].iloc[1] == 0.5
    # with the sum as total, the missing component makes every share missing
    assert out.pipe(lambda _: shares(df, total="sum"))["employment_share"].isna().all()


def test_shares_of_other_measure_and_flag_carried():
    df = make_panel({"A": {"29": 30, "49": 50}}, total={"A": 100})
    df["tax"] = [5.0, 15.0, 20.0]
    df["tax_flag"] = pd.array(["estimated", None, None], dtype="string")
    out = shares(df, value="tax")
    assert out["tax_share"].tolist() == [0.25, 0.75, 1.0]
    assert out["tax_flag"].iloc[0] == "estimated"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10_000), min_size=3, max_size=3), min_size=1, max_size=6))
def test_property_shares_sum_to_one(matrix):
    rows = [(f"R{r}", 2020, f"{i:02d}", float(v)) for r, vals in enumerate(matrix)
            for i, v in enumerate(vals)]
    df = pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])
    out = shares(df)
    sums = out.groupby("region")["employment_share"].sum()
    totals = out.groupby("region")["employment"].sum()
    np.testing.assert_allclose(sums[totals > 0], 1.0, rtol=1e-12)
    assert out.loc[out["region"].isin(totals[totals == 0].index), "employment_share"].isna().all()
