"""Shift-share (Dunn, Esteban-Marquillas, Arcelus, Gerfin): golden values,
conventions, REAT known bugs as named regression tests, and identities."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError
from clusteranalysis.metrics.shift_share import shift_share

ADDITIVE = {
    "dunn": ["national_share", "industry_mix", "competitive_share"],
    "esteban-marquillas": ["national_share", "industry_mix", "competitive_homothetic",
                           "allocation_effect"],
    "arcelus": ["national_share", "regional_growth_effect", "industry_mix_homothetic",
                "industry_mix_allocation", "regional_mix_homothetic",
                "regional_mix_allocation"],
}


def panel(region_values: dict, years=(2000, 2010)) -> pd.DataFrame:
    """{region: {industry: (start, end)}} -> tidy panel."""
    rows = [(r, y, i, float(v[k])) for r, inds in region_values.items()
            for i, v in inds.items() for k, y in enumerate(years)]
    return pd.DataFrame(rows, columns=["region", "year", "industry", "employment"])


def nation(values: dict, years=(2000, 2010)) -> pd.DataFrame:
    return panel({"N": values}, years).drop(columns="region")


# Region A: x 10 -> 15, y 20 -> 18; nation x 100 -> 110 (g 0.1), y 100 -> 130 (g 0.3), G 0.2
A = panel({"A": {"x": (10, 15), "y": (20, 18)}})
NAT = nation({"x": (100, 110), "y": (100, 130)})


def by_industry(out):
    return out.set_index("industry")


def test_golden_dunn_per_industry():
    out = by_industry(shift_share(A, start=2000, end=2010, reference=NAT))
    assert out.loc["x", ["national_share", "industry_mix", "competitive_share"]].tolist() == \
        pytest.approx([2.0, -1.0, 4.0])
    assert out.loc["y", ["national_share", "industry_mix", "competitive_share"]].tolist() == \
        pytest.approx([4.0, 2.0, -8.0])
    assert out.loc["x", "net_total_shift"] == pytest.approx(3.0)
    assert out["observed_change"].tolist() == [5.0, -2.0]
    assert out["reference_rate"].tolist() == pytest.approx([0.1, 0.3])
    assert out["reference_total_rate"].tolist() == pytest.approx([0.2, 0.2])


def test_golden_dunn_summed():
    s = shift_share(A, start=2000, end=2010, reference=NAT, summed=True).iloc[0]
    assert [s.national_share, s.industry_mix, s.competitive_share, s.net_total_shift,
            s.observed_change] == pytest.approx([6.0, 1.0, -4.0, -3.0, 3.0])
    assert (s.employment_start, s.employment_end) == (30.0, 33.0)


def test_golden_esteban_marquillas():
    # homothetic start values: 30 * 100/200 = 15 each; r_x - g_x = 0.4, r_y - g_y = -0.4
    out = by_industry(shift_share(A, start=2000, end=2010, reference=NAT,
                                  method="esteban-marquillas"))
    assert out["competitive_homothetic"].tolist() == pytest.approx([6.0, -6.0])
    assert out["allocation_effect"].tolist() == pytest.approx([-2.0, -2.0])
    assert out["competitive_share"].tolist() == pytest.approx([4.0, -8.0])


def test_golden_arcelus():
    # r = 33/30 - 1 = 0.1, G = 0.2
    out = by_industry(shift_share(A, start=2000, end=2010, reference=NAT, method="arcelus"))
    assert out["regional_growth_effect"].tolist() == pytest.approx([-1.0, -2.0])
    assert out["industry_mix_homothetic"].tolist() == pytest.approx([-1.5, 1.5])
    assert out["industry_mix_allocation"].tolist() == pytest.approx([0.5, 0.5])
    assert out["regional_mix"].tolist() == pytest.approx([5.0, -6.0])
    assert out["regional_mix_homothetic"].tolist() == pytest.approx([7.5, -4.5])
    assert out["regional_mix_allocation"].tolist() == pytest.approx([-2.5, -1.5])


def test_golden_gerfin():
    out = by_industry(shift_share(A, start=2000, end=2010, reference=NAT, method="gerfin"))
    assert out.loc["x", ["industry_mix_ratio", "competitive_share_ratio",
                         "net_total_shift_ratio"]].tolist() == \
        pytest.approx([1.1 / 1.2, 1.5 / 1.1, 1.5 / 1.2])
    s = shift_share(A, start=2000, end=2010, reference=NAT, method="gerfin", summed=True).iloc[0]
    assert s.expected_end == pytest.approx(37.0)
    assert [s.industry_mix_ratio, s.competitive_share_ratio, s.net_total_shift_ratio] == \
        pytest.approx([37 / 36, 33 / 37, 1.1 / 1.2])
    assert "national_share" not in out


def test_reference_as_region_code_dataframe_or_sum_agree():
    two = panel({"A": {"x": (10, 15), "y": (20, 18)}, "B": {"x": (90, 95), "y": (80, 112)}})
    with_nation = pd.concat([two, panel({"N": {"x": (100, 110), "y": (100, 130)}})])
    a = shift_share(two, start=2000, end=2010, reference=None)
    b = shift_share(with_nation, start=2000, end=2010, reference="N")
    c = shift_share(two, start=2000, end=2010, reference=NAT)
    assert set(b["region"]) == {"A", "B"}
    for other in (b, c):
        pd.testing.assert_frame_equal(a, other)


def test_g_uses_the_reference_total_row_when_present():
    # nation TOTAL 250 -> 290 (G 0.16, includes unclassified) vs sum 200 -> 240 (G 0.2)
    nat = pd.concat([NAT, nation({"TOTAL": (250, 290)})], ignore_index=True)
    row = shift_share(A, start=2000, end=2010, reference=nat, summed=True).iloc[0]
    auto_sum = shift_share(A, start=2000, end=2010, reference=NAT, summed=True).iloc[0]
    forced = shift_share(A, start=2000, end=2010, reference=nat, total="sum", summed=True).iloc[0]
    assert row.reference_total_rate == pytest.approx(0.16)
    assert row.national_share == pytest.approx(30 * 0.16)
    assert forced.reference_total_rate == auto_sum.reference_total_rate == pytest.approx(0.2)
    # G moves jobs between national share and industry mix only
    for s in (row, forced):
        assert s.national_share + s.industry_mix == pytest.approx(6.0 + 1.0)
        assert s.competitive_share == pytest.approx(-4.0)


def test_region_total_rows_are_not_an_industry_and_not_used():
    with_total = pd.concat([A, panel({"A": {"TOTAL": (35, 40)}})], ignore_index=True)
    out = shift_share(with_total, start=2000, end=2010, reference=NAT)
    assert "TOTAL" not in set(out["industry"])
    s = shift_share(with_total, start=2000, end=2010, reference=NAT, summed=True).iloc[0]
    assert s.observed_change == 3.0  # the sum over industries, not the TOTAL row's 5


def test_total_row_required_when_asked_for():
    with pytest.raises(DataError, match="needs one 'TOTAL' row for 2000"):
        shift_share(A, start=2000, end=2010, reference=NAT, total="row")
    nat_part = pd.concat([NAT, nation({"TOTAL": (250, 290)}).iloc[:1]])
    with pytest.raises(DataError, match="'TOTAL' row for 2010"):
        shift_share(A, start=2000, end=2010, reference=nat_part)


def test_reference_none_uses_sum_of_regions_total_rows():
    df = pd.concat([panel({"A": {"x": (10, 15), "TOTAL": (12, 20)},
                           "B": {"x": (20, 20), "TOTAL": (28, 30)}})])
    s = shift_share(df, start=2000, end=2010, reference=None, summed=True)
    assert s["reference_total_rate"].tolist() == pytest.approx([50 / 40 - 1] * 2)


def test_absent_row_counts_as_zero_and_missing_value_stays_missing():
    df = panel({"A": {"x": (10, 15), "y": (20, 18)}})
    df = df[~((df.industry == "y") & (df.year == 2000))]  # y enters: no 2000 row
    out = by_industry(shift_share(df, start=2000, end=2010, reference=NAT))
    assert out.loc["y", "competitive_share"] == 18.0
    assert out.loc["y", "employment_start"] == 0.0
    sup = A.copy()
    sup.loc[(sup.industry == "y") & (sup.year == 2010), "employment"] = np.nan
    out = by_industry(shift_share(sup, start=2000, end=2010, reference=NAT))
    assert np.isnan(out.loc["y", "competitive_share"])
    assert out.loc["x", "competitive_share"] == pytest.approx(4.0)
    s = shift_share(sup, start=2000, end=2010, reference=NAT, summed=True)
    assert np.isnan(s["competitive_share"].iloc[0])


def test_categorical_keys_give_the_same_result():
    two = panel({"A": {"x": (10, 15), "y": (20, 18)}, "B": {"x": (90, 95), "y": (80, 112)}})
    cat = two.astype({"region": "category", "industry": "category"})
    a = shift_share(two, start=2000, end=2010, reference=None, method="arcelus")
    b = shift_share(cat, start=2000, end=2010, reference=None, method="arcelus")
    np.testing.assert_allclose(a.select_dtypes("number"), b.select_dtypes("number"))


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(start=2000, end=2005), DataError, "year 2005 is not in the table"),
    (dict(start=2010, end=2000), ValueError, "must be after"),
    (dict(start=2000, end=2010, method="shift"), ValueError, "method must be one of"),
    (dict(start=2000, end=2010, reference="DG"), DataError, "reference region 'DG'"),
    (dict(start=2000, end=2010, total="rows"), ValueError, "total must be"),
])
def test_clear_errors(kwargs, err, match):
    kwargs.setdefault("reference", None)
    with pytest.raises(err, match=match):
        shift_share(A, **kwargs)


def test_duplicate_rows_are_an_error():
    with pytest.raises(DataError, match="duplicate"):
        shift_share(pd.concat([A, A.iloc[:1]]), start=2000, end=2010, reference=NAT)


# --- REAT known bugs (STYLE.md): each a named regression test -----------------------

def test_reat_bug_industry_starting_at_zero_is_finite():
    """REAT: regional shift = e_i0 * (e_i1/e_i0 - E_i1/E_i0) -> 0 * inf = NaN."""
    df = panel({"A": {"x": (10, 15), "z": (0, 5)}})
    nat = nation({"x": (100, 110), "z": (50, 60)})
    e0, e1, g1 = np.array([10.0, 0.0]), np.array([15.0, 5.0]), np.array([1.1, 1.2])
    with np.errstate(divide="ignore", invalid="ignore"):
        reat_regional = e0 * (e1 / e0 - g1)
    assert np.isnan(reat_regional[1])  # what REAT does
    for method in ADDITIVE:
        out = by_industry(shift_share(df, start=2000, end=2010, reference=nat, method=method))
        assert out.loc["z", "competitive_share"] == 5.0
        assert out.loc["z", "national_share"] == 0.0 and out.loc["z", "industry_mix"] == 0.0
        parts = out[ADDITIVE[method]].sum(axis=1)
        np.testing.assert_allclose(parts, out["observed_change"], rtol=1e-12)
        assert np.isfinite(out.select_dtypes("number").to_numpy()).all()
    em = by_industry(shift_share(df, start=2000, end=2010, reference=nat,
                                 method="esteban-marquillas"))
    assert em.loc["z", "competitive_homothetic"] == 0.0  # convention: r_z is undefined
    assert em.loc["z", "allocation_effect"] == 5.0
    ge = by_industry(shift_share(df, start=2000, end=2010, reference=nat, method="gerfin"))
    assert np.isnan(ge.loc["z", "competitive_share_ratio"])
    assert ge.loc["z", "industry_mix_ratio"] == pytest.approx(1.2 / (170 / 150))


def test_reat_bug_per_industry_national_share_contains_industry_mix():
    """REAT shifti runs shift() per industry, so its 'national share' is e_i0*g_i."""
    out = by_industry(shift_share(A, start=2000, end=2010, reference=NAT))
    reat_per_industry_national_share = {"x": 10 * 0.1, "y": 20 * 0.3}
    for i, reat in reat_per_industry_national_share.items():
        assert out.loc[i, "national_share"] == pytest.approx(out.loc[i, "employment_start"] * 0.2)
        assert out.loc[i, "national_share"] != pytest.approx(reat)
        assert out.loc[i, "national_share"] + out.loc[i, "industry_mix"] == pytest.approx(reat)


# --- identities (hypothesis) ----------------------------------------------------------

cells = st.integers(0, 5_000)


@st.composite
def tables(draw):
    n_r, n_i = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    reg = {f"R{r}": {f"{i:02d}": (draw(cells), draw(cells)) for i in range(n_i)}
           for r in range(n_r)}
    nat = {f"{i:02d}": (draw(st.integers(1, 10**6)), draw(st.integers(0, 10**6)))
           for i in range(n_i)}
    return panel(reg), nation(nat)


def _close(parts, target, terms):
    """parts == target up to rounding relative to the largest term."""
    scale = np.maximum(1.0, np.abs(np.column_stack(terms)).max(axis=1))
    assert (np.abs(np.asarray(parts) - np.asarray(target)) <= 1e-9 * scale).all()


def _assert_adds_up(out, cols):
    terms = [out[c] for c in cols + ["observed_change"]]
    _close(out[cols].sum(axis=1), out["observed_change"], terms)
    _close(out["industry_mix"] + out["competitive_share"], out["net_total_shift"],
           [out["industry_mix"], out["competitive_share"]])


@settings(max_examples=80, deadline=None)
@given(tables(), st.sampled_from(sorted(ADDITIVE)))
def test_property_components_add_up_to_observed_change(t, method):
    df, nat = t
    for summed in (False, True):
        out = shift_share(df, start=2000, end=2010, reference=nat, method=method, summed=summed)
        _assert_adds_up(out, ADDITIVE[method])
        _assert_adds_up(out, ["national_share", "industry_mix", "competitive_share"])
    out = shift_share(df, start=2000, end=2010, reference=nat, method=method)
    if method == "esteban-marquillas":
        _close(out.competitive_homothetic + out.allocation_effect, out.competitive_share,
               [out.competitive_homothetic, out.allocation_effect])
    if method == "arcelus":
        _close(out.regional_growth_effect + out.regional_mix, out.competitive_share,
               [out.regional_growth_effect, out.regional_mix])
        _close(out.regional_mix_homothetic + out.regional_mix_allocation, out.regional_mix,
               [out.regional_mix_homothetic, out.regional_mix_allocation])


@settings(max_examples=40, deadline=None)
@given(tables())
def test_property_sum_of_regions_reference_has_zero_total_competitive_share(t):
    df, _ = t
    ref_start = df[df.year == 2000].groupby("industry")["employment"].sum()
    if (ref_start == 0).any() or ref_start.sum() == 0:
        return  # g_i undefined for an industry absent everywhere at the start
    s = shift_share(df, start=2000, end=2010, reference=None, summed=True)
    # against the sum of all regions, competitive shares and industry mixes cancel
    scale = max(1.0, df["employment"].sum())
    assert abs(s["competitive_share"].sum()) <= 1e-9 * scale
    assert abs(s["industry_mix"].sum()) <= 1e-9 * scale
