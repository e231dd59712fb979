"""Nested codes, bounds and imputation of suppressed cells, territorial changes."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError
from clusteranalysis.inputs.quality import (code_hierarchy, impute_suppressed, select_level,
                                     territorial_changes)
from clusteranalysis.inputs.readers import read_genesis, read_qcew

EXCERPT = Path(__file__).parent / "fixtures" / "official" / "genesis_13111-07-05-4_2020.csv"
WZ = ["A", "B-F", "B-E", "C", "F", "G-U", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U", "TOTAL"]
FINEST = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]


@pytest.fixture
def genesis_2020(shared_data):
    folder = shared_data / "de-regionalstatistik-13111-07-05-4" / "raw"
    return read_genesis(folder / "13111-07-05-4_2020.csv")


# ------------------------------------------------------------------ hierarchy
def test_wz_hierarchy():
    h = code_hierarchy(WZ).set_index("code")
    assert h.loc["C", "parent"] == "B-E" and h.loc["B-E", "parent"] == "B-F"
    assert h.loc["B-F", "parent"] == "TOTAL" and pd.isna(h.loc["TOTAL", "parent"])
    assert h.loc["C", "depth"] == 3 and h.loc["G-I", "depth"] == 2
    assert bool(h.loc["B-F", "complete"]) and bool(h.loc["G-U", "complete"])  # by structure
    assert not h.loc["B-E", "complete"]  # C is not all of B-E
    assert (h["overlaps"] == "").all()
    assert h.loc["M-N", "level"] == "section_group" and h.loc["C", "level"] == "section"


def test_other_schemes():
    n = code_hierarchy(["10", "102", "1013", "31-33", "336", "3361", "336111", "62"], "naics")
    n = n.set_index("code")
    assert n.loc["31-33", "parent"] == "1013" and n.loc["1013", "parent"] == "10"
    assert n.loc["336111", "parent"] == "3361" and n.loc["62", "parent"] == "102"
    assert n.loc["3361", "level"] == "industry_group" and n.loc["336111", "level"] == \
        "national_industry"
    assert bool(n.loc["1013", "complete"])  # supersector 1013 is exactly 31-33
    a = code_hierarchy(["DG", "14", "145", "14511", "03", "03241", "03241001"], "ags")
    assert a.set_index("code")["parent"].fillna("-").to_dict() == {
        "DG": "-", "14": "DG", "145": "14", "14511": "145", "03": "DG", "03241": "03",
        "03241001": "03241"}
    u = code_hierarchy(["EU27_2020", "DE", "DED", "DED5", "DED51"], "nuts").set_index("code")
    assert u.loc["DED51", "parent"] == "DED5" and u.loc["DE", "parent"] == "EU27_2020"
    f = code_hierarchy(["US000", "39000", "39049", "C1814"], "fips").set_index("code")
    assert f.loc["39049", "parent"] == "39000" and f.loc["C1814", "level"] == "msa"
    e = code_hierarchy(["TOTAL", "C", "C10-C12", "C10", "M_N"], "nace").set_index("code")
    assert e.loc["C10", "parent"] == "C10-C12" and e.loc["C10-C12", "parent"] == "C"
    o = code_hierarchy(["10-12", "11-13"])
    assert o.set_index("code").loc["10-12", "overlaps"] == "11-13"
    with pytest.raises(ValueError, match="unknown code scheme"):
        code_hierarchy(["x"], "isic")


def test_select_finest_wz_never_counts_twice(genesis_2020):
    sel = select_level(genesis_2020)
    assert sorted(sel["industry"].unique()) == sorted(FINEST + ["TOTAL"])
    sel = sel[sel["level"] == "district"]
    parts = sel[sel["industry"] != "TOTAL"]
    complete = parts.groupby(["region", "year"])["employment"].agg(["sum", "count"])
    complete = complete[complete["count"] == len(FINEST)]
    total = sel[sel["industry"] == "TOTAL"].set_index(["region", "year"])["employment"]
    gap = total.reindex(complete.index) - complete["sum"]
    # README: the total also counts persons without an industry, 0-29 of them
    assert len(gap) > 300 and gap.between(0, 29).all()
    assert sorted(select_level(genesis_2020, "coarsest")["industry"].unique()) == [
        "A", "B-F", "G-U", "TOTAL"]
    with pytest.raises(DataError, match="nested codes.*B-F ⊃ B-E"):
        select_level(genesis_2020, "section_group")


def test_select_level_of_regions(genesis_2020):
    districts = select_level(genesis_2020, "district", column="region")
    assert set(districts["level"]) == {"country", "district"}
    finest = select_level(genesis_2020, column="region", keep_total=False)
    # districts where the Land has them; Hamburg and Berlin (Bezirke all '.') stay as
    # Länder; Hannover city does not replace Region Hannover (it is not all of it)
    assert set(finest["region"]) >= {"02", "11", "03241", "14713"}
    assert not {"03241001", "DG", "14", "01"} & set(finest["region"])
    # the finest regions tile the Länder exactly (Germany's row also counts persons
    # without a place of work in a Land: footnote "einschließlich ... Ohne Angabe")
    totals = genesis_2020[genesis_2020["industry"] == "TOTAL"]
    states = totals.loc[totals["level"] == "state", "employment"].sum()
    assert finest.loc[finest["industry"] == "TOTAL", "employment"].sum() == states
    assert 0 < totals.loc[totals["region"] == "DG", "employment"].item() - states < 2000


def test_select_finest_naics_qcew(shared_data):
    df = read_qcew(shared_data / "us-qcew-ohio-2020" / "qcew_2020_annual_delaware_franklin_oh.csv",
                   ownership="5")
    sel = select_level(df, scheme="naics")
    h = code_hierarchy(sel["industry"].unique(), "naics")
    assert (h.loc[h["code"] != "TOTAL", "depth"] == 1).all()  # nothing nested in anything
    assert set(select_level(df, 3, scheme="naics", keep_total=False)["agglvl"]) == {"75"}


def test_unknown_codes_warn(genesis_2020):
    odd = genesis_2020.assign(industry=genesis_2020["industry"].replace("K", "Finanzen"))
    with pytest.warns(UserWarning, match="unknown to scheme 'wz'.*Finanzen"):
        select_level(odd)


# ------------------------------------------------------------------ suppressed cells
def test_bounds_leave_values_alone_and_contain_nothing_made_up():
    df = read_genesis(EXCERPT)
    out = impute_suppressed(df, "bounds")
    pd.testing.assert_series_equal(out["employment"], df["employment"])
    pd.testing.assert_series_equal(out["employment_flag"], df["employment_flag"])
    fl = out[out["region"] == "01001"].set_index("industry")
    residual = 43762 - 5779 - 36871  # TOTAL - B-E - G-U
    assert fl.loc["A", "employment_upper"] == fl.loc["F", "employment_upper"] == residual
    assert fl.loc["A", "employment_lower"] == 0
    assert fl.loc["B-F", "employment_lower"] == 5779  # at least B-E
    assert fl.loc["B-F", "employment_upper"] == 5779 + residual
    assert np.isnan(fl.loc["A", "employment_original"])
    assert (fl.loc["C", ["employment_lower", "employment_upper"]] == 5062).all()


def test_proportional_imputation_is_flagged_and_consistent():
    df = read_genesis(EXCERPT)
    out = impute_suppressed(df, "proportional", reference="DG")
    fl = out[out["region"] == "01001"].set_index("industry")
    assert (fl.loc[["A", "B-F", "F"], "employment_flag"] == "imputed").all()
    assert fl.loc["B-F", "employment"] == pytest.approx(5779 + fl.loc["F", "employment"])
    de = df[df["region"] == "DG"].set_index("industry")["employment"]
    unassigned = de["TOTAL"] - de[FINEST].sum()
    ratio = fl.loc["A", "employment"] / fl.loc["F", "employment"]
    assert ratio == pytest.approx(de["A"] / de["F"])  # national industry structure
    residual = 43762 - 5779 - 36871
    assert fl.loc["A", "employment"] + fl.loc["F", "employment"] == pytest.approx(
        residual * (de["A"] + de["F"]) / (de["A"] + de["F"] + unassigned))
    untouched = out["employment_flag"] != "imputed"
    assert (out.loc[untouched.fillna(True), "employment"].fillna(-1)
            == df.loc[untouched.fillna(True), "employment"].fillna(-1)).all()
    # cells missing without a flag ('x', '...') are bounded, never filled
    with pytest.warns(UserWarning, match="smaller than their published parts"):
        # the constructed file's foreign figures are rounded separately: not additive
        x = impute_suppressed(df, "proportional", value="foreign_total", reference="DG")
    cell = x[(x["region"] == "01001") & (x["industry"] == "L")]
    assert np.isnan(cell["foreign_total"].item()) and pd.isna(cell["foreign_total_flag"].item())


def test_bounds_hold_the_truth_on_real_districts(genesis_2020):
    """Take every complete district of 2020, hide A, F and B-F as GENESIS does
    (Flensburg), and check that bounds contain the truth and the imputation
    reproduces the sum it must."""
    d = genesis_2020[(genesis_2020["level"] == "district")]
    full = d.groupby("region")["employment"].count() == len(WZ)
    d = d[d["region"].isin(full[full].index)].copy()
    hide = d["industry"].isin(["A", "F", "B-F"])
    truth = d["employment"].copy()
    d.loc[hide, "employment"] = np.nan
    d.loc[hide, "employment_flag"] = "suppressed"
    b = impute_suppressed(d, "bounds")
    assert ((b["employment_lower"] <= truth) & (truth <= b["employment_upper"]))[hide].all()
    p = impute_suppressed(d, "proportional", reference=genesis_2020.query("region == 'DG'")[
        ["year", "industry", "employment"]])
    assert (p.loc[hide, "employment_flag"] == "imputed").all()
    assert ((p["employment"] >= b["employment_lower"] - 1e-9)
            & (p["employment"] <= b["employment_upper"] + 1e-9))[hide].all()
    # A + F together get the residual minus the national unassigned share: close to truth
    af = p[p["industry"].isin(["A", "F"])].groupby("region")["employment"].sum()
    true_af = d.assign(t=truth)[d["industry"].isin(["A", "F"])].groupby("region")["t"].sum()
    assert ((af - true_af).abs() <= 30).mean() > 0.9


def test_never_zero_fills_and_warns_on_inconsistent_totals():
    p = pd.DataFrame({"region": "01001", "year": 2020, "industry": ["TOTAL", "A", "C"],
                      "employment": [10.0, 12.0, np.nan],
                      "employment_flag": [None, None, "suppressed"]})
    with pytest.warns(UserWarning, match="smaller than their published parts"):
        out = impute_suppressed(p, "proportional")
    assert out["employment_upper"].iloc[2] == 0 and out["employment"].iloc[2] == 0
    lonely = pd.DataFrame({"region": "01", "year": 2020, "industry": ["A"],
                           "employment": [np.nan], "employment_flag": ["suppressed"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = impute_suppressed(lonely, "proportional")
    assert np.isnan(out["employment"].item()) and np.isnan(out["employment_upper"].item())
    assert out["employment_flag"].item() == "suppressed"  # nothing bounds it: stays missing
    with pytest.raises(ValueError, match="method"):
        impute_suppressed(lonely, "zero")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=10, max_size=10), st.integers(0, 30),
       st.lists(st.booleans(), min_size=len(WZ), max_size=len(WZ)))
def test_property_bounds_always_contain_the_truth(parts, unassigned, hidden):
    v = dict(zip(FINEST, parts))
    v["C"] = v["B-E"] // 2
    v["B-F"] = v["B-E"] + v["F"]
    v["G-U"] = sum(v[c] for c in ["G-I", "J", "K", "L", "M-N", "O-Q", "R-U"])
    v["TOTAL"] = v["A"] + v["B-F"] + v["G-U"] + unassigned
    truth = pd.Series([float(v[c]) for c in WZ])
    p = pd.DataFrame({"region": "01001", "year": 2020, "industry": WZ, "employment": truth,
                      "employment_flag": pd.array([None] * len(WZ), dtype="string")})
    hide = np.array(hidden)
    p.loc[hide, "employment"] = np.nan
    p.loc[hide, "employment_flag"] = "suppressed"
    ref = pd.DataFrame({"industry": WZ, "employment": 1.0})
    out = impute_suppressed(p, "proportional", reference=ref)
    lo, up = out["employment_lower"], out["employment_upper"]
    assert ((lo <= truth + 1e-9) & ((truth <= up + 1e-9) | up.isna())).all()
    filled = out["employment_flag"] == "imputed"
    val = out["employment"]
    assert ((val >= lo - 1e-9) & ((val <= up + 1e-9) | up.isna()))[filled.fillna(False)].all()
    # published cells are never changed
    assert (out.loc[~hide, "employment"] == truth[~hide]).all()


# ------------------------------------------------------------------ territorial changes
def test_goettingen_reform_in_the_real_tidy_csv(shared_data):
    tidy = pd.read_csv(shared_data / "de-regionalstatistik-13111-07-05-4"
                       / "svb_arbeitsort_wz_kreise_2015_2020.csv", dtype={"ags": str})
    changes = territorial_changes(tidy, region="ags")
    assert changes["ags"].tolist() == ["03152", "03156", "03159"]
    # Landkreis Göttingen (new) exists since 1 Nov 2016: the 30 June 2016 figures
    # still use the old codes, so the break shows between 2016 and 2017
    assert changes["year"].tolist() == [2017] * 3
    assert changes["change"].tolist() == ["vanishes", "vanishes", "appears"]
    assert changes["related"].tolist() == ["03159", "03159", "03152, 03156"]
    assert changes["name"].tolist()[1] == "Osterode am Harz, Landkreis"


def test_no_changes_and_gaps():
    p = pd.DataFrame({"region": ["01", "01", "02", "02", "03"], "year": [2019, 2020] * 2
                      + [2020], "industry": "TOTAL", "employment": 1.0})
    out = territorial_changes(p)
    assert out[["region", "change", "year", "related"]].values.tolist() == [
        ["03", "appears", 2020, ""]]
    assert territorial_changes(p[p["region"] != "03"]).empty
