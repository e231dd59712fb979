"""Every bad input named in the data model gets a DataError naming problem, column and row."""

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import DataError, validate_panel


@pytest.fixture
def good():
    return pd.DataFrame({
        "region": pd.array(["01001", "01001", "01001", "14713", "14713", "14713"], dtype="string"),
        "year": [2020] * 6,
        "industry": pd.array(["29", "49", "TOTAL"] * 2, dtype="string"),
        "employment": [10.0, 20.0, 35.0, 5.0, 6.0, 12.0],
        "establishments": [1.0, 2.0, 3.0, 1.0, 1.0, 2.0],
        "employment_flag": pd.array([None] * 6, dtype="string"),
    })


def test_good_panel_is_normalised(good):
    out = validate_panel(good.astype({"year": "float64"}))
    assert out["year"].dtype == "int64"
    assert out["region"].tolist()[0] == "01001"
    assert out["employment"].dtype == "float64"


def test_missing_columns(good):
    with pytest.raises(DataError, match="missing required column.*industry"):
        validate_panel(good.drop(columns="industry"))


def test_no_measure(good):
    with pytest.raises(DataError, match="no measure column"):
        validate_panel(good[["region", "year", "industry"]])


def test_empty_table(good):
    with pytest.raises(DataError, match="the table is empty"):
        validate_panel(good.iloc[:0])


def test_numeric_region_column_is_rejected(good):
    bad = good.assign(region=[1001, 1001, 1001, 14713, 14713, 14713])
    with pytest.raises(DataError) as e:
        validate_panel(bad)
    assert "column 'region'" in str(e.value) and "leading zeros" in str(e.value)


def test_region_codes_that_lost_leading_zero(good):
    bad = good.assign(region=pd.array(["1001"] * 3 + ["14713"] * 3, dtype="string"))
    with pytest.raises(DataError) as e:
        validate_panel(bad)
    msg = str(e.value)
    assert "lost leading zeros (1001)" in msg and "rows 0, 1, 2" in msg


def test_negative_counts_named_with_rows(good):
    bad = good.copy()
    bad.loc[4, "employment"] = -3
    with pytest.raises(DataError, match=r"\[column 'employment'; row 4\] negative count"):
        validate_panel(bad)


def test_negative_tax_is_allowed_refunds(good):
    out = validate_panel(good.assign(tax=[-5.0, 1, 0, 2, 3, 5]))
    assert out["tax"].iloc[0] == -5.0


def test_duplicated_keys(good):
    bad = pd.concat([good, good.iloc[[1]]], ignore_index=True)
    with pytest.raises(DataError, match=r"rows 1, 6\] duplicated keys"):
        validate_panel(bad)


def test_non_integer_years(good):
    bad = good.astype({"year": "float64"})
    bad.loc[2, "year"] = 2020.5
    with pytest.raises(DataError, match=r"\[column 'year'; row 2\] years must be whole"):
        validate_panel(bad)
    text = good.astype({"year": "string"})
    text.loc[3, "year"] = "twenty"
    with pytest.raises(DataError, match=r"\[column 'year'; row 3\]"):
        validate_panel(text)


def test_non_numeric_measure(good):
    bad = good.astype({"employment": "object"})
    bad.loc[1, "employment"] = "1.234,5"
    with pytest.raises(DataError, match=r"\[column 'employment'; row 1\] non-numeric values \('1.234,5'\)"):
        validate_panel(bad)


def test_region_total_smaller_than_an_industry(good):
    bad = good.copy()
    bad.loc[5, "employment"] = 5.5
    with pytest.raises(DataError) as e:
        validate_panel(bad)
    assert "[column 'employment'; row 5] region total (industry 'TOTAL') is smaller than industry '49'" in str(e.value)


def test_suppressed_cell_holding_a_value_or_zero(good):
    bad = good.copy()
    bad["employment_flag"] = pd.array([None, "suppressed", None, None, None, None], dtype="string")
    with pytest.raises(DataError, match=r"row 1\] suppressed cells must be missing"):
        validate_panel(bad)
    ok = bad.copy()
    ok.loc[1, "employment"] = np.nan
    out = validate_panel(ok)
    assert np.isnan(out.loc[1, "employment"])  # stays missing, never 0


def test_unknown_flag(good):
    bad = good.copy()
    bad["employment_flag"] = pd.array(["secret"] + [None] * 5, dtype="string")
    with pytest.raises(DataError, match="unknown flag value"):
        validate_panel(bad)


def test_all_problems_reported_at_once_with_source_and_lines(good):
    bad = good.copy()
    bad.loc[0, "employment"] = -1
    bad.loc[3, "establishments"] = -2
    bad["region"] = pd.array(["1001"] * 3 + ["14713"] * 3, dtype="string")
    with pytest.raises(DataError) as e:
        validate_panel(bad, source="panel.csv", row_base=2, unit="line")
    err = e.value
    assert len(err.problems) == 3
    text = str(err)
    assert text.startswith("panel.csv: 3 problems found")
    assert "line 2] negative count" in text and "line 5] negative count" in text
