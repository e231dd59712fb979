"""Dynamic shift-share (Barff & Knight) and shift-share projection."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis.metrics.shift_share import shift_share
from clusteranalysis.metrics.shift_share_dynamic import dynamic_shift_share, shift_share_projection

COMPONENTS = ["national_share", "industry_mix", "competitive_share", "net_total_shift",
              "observed_change"]


def long(values: dict, years) -> pd.DataFrame:
    """{region: {industry: [v per year]}} -> tidy panel."""
    rows = [(r, y, i, float(v)) for r, inds in values.items() for i, vs in inds.items()
            for y, v in zip(years, vs)]
    return pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])


YEARS = (2000, 2001, 2002)
REG = long({"A": {"1": [10, 12, 13], "2": [0, 5, 6]}}, YEARS)
NAT = long({"N": {"1": [100, 110, 110], "2": [50, 50, 60]}}, YEARS).drop(columns="region")


def test_golden_dynamic_two_steps():
    # step 1: G = 10/150, g1 = 0.1, g2 = 0; step 2: G = 10/160, g1 = 0, g2 = 0.2
    out = dynamic_shift_share(REG, reference=NAT).set_index("industry")
    G1, G2 = 10 / 150, 10 / 160
    assert out.loc["1", "national_share"] == pytest.approx(10 * G1 + 12 * G2)
    assert out.loc["1", "industry_mix"] == pytest.approx(10 * (0.1 - G1) + 12 * (0 - G2))
    assert out.loc["1", "competitive_share"] == pytest.approx((12 - 11) + (13 - 12))
    assert out.loc["2", "national_share"] == pytest.approx(5 * G2)  # starts at zero
    assert out.loc["2", "competitive_share"] == pytest.approx(5 + (6 - 6))
    assert out["observed_change"].tolist() == [3.0, 6.0]
    assert (out["steps"] == 2).all() and (out["start_year"] == 2000).all()


def test_two_years_equal_classic_shift_share():
    d = dynamic_shift_share(REG, years=[2000, 2002], reference=NAT)
    s = shift_share(REG, start=2000, end=2002, reference=NAT)
    np.testing.assert_allclose(d[COMPONENTS], s[COMPONENTS])


def test_by_step_rows_sum_to_the_period():
    steps = dynamic_shift_share(REG, reference=NAT, by_step=True)
    assert sorted(set(zip(steps.start_year, steps.end_year))) == [(2000, 2001), (2001, 2002)]
    total = steps.groupby("industry")[COMPONENTS].sum()
    period = dynamic_shift_share(REG, reference=NAT).set_index("industry")[COMPONENTS]
    np.testing.assert_allclose(total, period)


def test_any_sequence_of_years_and_errors():
    out = dynamic_shift_share(REG, years=[2000, 2002], reference=NAT, summed=True)
    assert out["steps"].iloc[0] == 1
    with pytest.raises(ValueError, match="increasing"):
        dynamic_shift_share(REG, years=[2002, 2000], reference=NAT)
    with pytest.raises(ValueError, match="increasing"):
        dynamic_shift_share(REG, years=[2000], reference=NAT)
    with pytest.raises(ValueError, match="method must be one of"):
        dynamic_shift_share(REG, reference=NAT, method="gerfin")


@pytest.mark.parametrize("method", ["esteban-marquillas", "arcelus"])
def test_dynamic_other_additive_methods_add_up(method):
    out = dynamic_shift_share(REG, reference=NAT, method=method)
    np.testing.assert_allclose(out["competitive_share"] + out["national_share"]
                               + out["industry_mix"], out["observed_change"])


@st.composite
def dynamic_tables(draw):
    n, n_r, n_i = draw(st.integers(2, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    years = list(range(2000, 2000 + n))
    series = st.lists(st.integers(0, 3_000), min_size=n, max_size=n)  # zeros anywhere
    reg = {f"R{r}": {str(i): draw(series) for i in range(n_i)} for r in range(n_r)}
    nat = {str(i): draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n))
           for i in range(n_i)}
    return years, long(reg, years), long({"N": nat}, years).drop(columns="region")


@settings(max_examples=60, deadline=None)
@given(dynamic_tables())
def test_property_dynamic_components_add_up_with_zeros(t):
    years, df, ref = t
    for summed in (False, True):
        out = dynamic_shift_share(df, reference=ref, summed=summed)
        parts = out[["national_share", "industry_mix", "competitive_share"]]
        scale = np.maximum(1.0, parts.abs().max(axis=1))
        assert ((parts.sum(axis=1) - out["observed_change"]).abs() <= 1e-9 * scale).all()
    first = df[df.year == years[0]].groupby("region")["employment"].sum()
    last = df[df.year == years[-1]].groupby("region")["employment"].sum()
    np.testing.assert_allclose(out.set_index("region")["observed_change"],
                               (last - first).loc[out["region"]])


# --- projection -------------------------------------------------------------------

OBS = long({"R": {"1": [1400, 1000], "2": [3600, 4400]}}, (2000, 2006))
BASE = long({"N": {"1": [3700, 2900], "2": [6300, 9100]}}, (2000, 2006)).drop(columns="region")
PROJ = pd.DataFrame({"year": [2010, 2010, 2014, 2014], "industry": ["1", "2"] * 2,
                     "employment": [2500.0, 12500, 2000, 14000]})


def test_golden_projection_region_shift():
    c = 5400 / (1400 * 2900 / 3700 + 3600 * 9100 / 6300)
    out = shift_share_projection(OBS, start=2000, end=2006, projection=PROJ, reference=BASE)
    p10 = out[out.projection_year == 2010].set_index("industry")
    assert p10.loc["1", "employment_projected"] == pytest.approx(1000 * 2500 / 2900 * c)
    assert p10.loc["2", "employment_projected"] == pytest.approx(4400 * 12500 / 9100 * c)
    assert (p10["competitive_factor"] == c).all()
    assert set(out.projection_year) == {2010, 2014}
    s = shift_share_projection(OBS, start=2000, end=2006, projection=PROJ, reference=BASE,
                               summed=True)
    assert s.loc[s.projection_year == 2010, "employment_projected"].iloc[0] == \
        pytest.approx(p10["employment_projected"].sum())


def test_projection_shift_variants():
    kw = dict(start=2000, end=2006, projection=PROJ.iloc[:2], reference=BASE)
    none = shift_share_projection(OBS, shift="none", **kw).set_index("industry")
    assert none.loc["1", "employment_projected"] == pytest.approx(1000 * 2500 / 2900)
    ind = shift_share_projection(OBS, shift="industry", **kw).set_index("industry")
    assert ind.loc["1", "competitive_factor"] == pytest.approx((1000 / 1400) / (2900 / 3700))
    reg = shift_share_projection(OBS, **kw)
    yearly = shift_share_projection(OBS, shift_per_year=True, **kw)
    np.testing.assert_allclose(yearly["competitive_factor"],
                               reg["competitive_factor"] ** (4 / 6))


def test_projection_errors():
    with pytest.raises(ValueError, match="after the end year"):
        shift_share_projection(OBS, start=2000, end=2006, reference=BASE,
                               projection=PROJ.assign(year=2006))
    with pytest.raises(ValueError, match="shift must be"):
        shift_share_projection(OBS, start=2000, end=2006, reference=BASE, projection=PROJ,
                               shift="both")
