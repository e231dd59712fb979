import numpy as np
import pandas as pd
import pytest

from clusteranalysis import tax_contribution


@pytest.fixture
def two_years():
    rows = [
        # region, year, industry, tax, employment, establishments
        ("A", 2015, "29", 400.0, 20.0, 2.0),
        ("A", 2015, "86", 100.0, 30.0, 5.0),
        ("A", 2015, "TOTAL", 800.0, 100.0, 10.0),
        ("A", 2020, "29", 600.0, 20.0, 2.0),
        ("A", 2020, "86", 100.0, 40.0, 5.0),
        ("A", 2020, "TOTAL", 1000.0, 100.0, 10.0),
    ]
    return pd.DataFrame(rows, columns=["region", "year", "industry", "tax", "employment",
                                       "establishments"]).astype({"industry": "string"})


def test_golden_tax_contribution(two_years):
    t = tax_contribution(two_years).set_index("industry")
    assert t.loc["29", "tax_share"] == pytest.approx(0.6)
    assert t.loc["29", "tax_share_start"] == pytest.approx(0.5)
    assert t.loc["29", "tax_share_change"] == pytest.approx(0.1)
    assert t.loc["29", "tax_per_employee"] == pytest.approx(30.0)
    assert t.loc["29", "tax_per_establishment"] == pytest.approx(300.0)
    # 0.6 tax share / 0.2 employment share
    assert t.loc["29", "tax_intensity"] == pytest.approx(3.0)
    assert t.loc["86", "tax_intensity"] == pytest.approx(0.1 / 0.4)
    assert t.loc["86", "tax_per_employee_change_pct"] == pytest.approx(100 * (2.5 / (10 / 3) - 1))
    assert t.loc["TOTAL", "tax_intensity"] == pytest.approx(1.0)


def test_intensity_is_ratio_of_per_employee_to_average(two_years):
    t = tax_contribution(two_years).set_index("industry")
    avg = t.loc["TOTAL", "tax_per_employee"]
    np.testing.assert_allclose(t["tax_intensity"], t["tax_per_employee"] / avg)


def test_suppressed_tax_stays_missing(two_years):
    df = two_years.copy()
    df.loc[(df.year == 2020) & (df.industry == "86"), "tax"] = np.nan
    t = tax_contribution(df).set_index("industry")
    assert np.isnan(t.loc["86", "tax_share"]) and np.isnan(t.loc["86", "tax_intensity"])
    assert t.loc["29", "tax_share"] == pytest.approx(0.6)
