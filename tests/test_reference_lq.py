"""Location quotients against published and reference results in ../shared/data.

Each test skips with a clear reason when the reference data is not beside the clone.
"""

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import location_quotient, validate_panel

RTOL = 1e-9


def test_farhauer_kroell_2013_lq(shared_data):
    ex = pd.read_csv(shared_data / "worked-examples" / "fk2013_location_quotient.csv").iloc[0]
    region = pd.DataFrame({"region": ["j", "j"], "year": [2013, 2013],
                           "industry": ["i", "TOTAL"], "employment": [ex.e_ij, ex.e_j]})
    nation = pd.DataFrame({"year": [2013, 2013], "industry": ["i", "TOTAL"],
                           "employment": [ex.e_i, ex.e]})
    lq = location_quotient(region, reference=nation)["lq"].iloc[0]
    assert lq == pytest.approx(ex.expected_LQ_REAT_3_0_3, rel=RTOL)
    assert round(lq, 7) == ex.expected_LQ_published


def test_goettingen_2017_lq_against_germany(shared_data):
    wide = pd.read_csv(shared_data / "de-reat-germany" / "Goettingen_city_vs_germany_2008_2017.csv",
                       dtype={"WZ2008_Code": str})
    code = wide["WZ2008_Code"].where(wide["WZ2008_Code"] != "A-R", "TOTAL")
    panel = pd.concat([
        pd.DataFrame({"region": "03159", "year": 2017, "industry": code,
                      "employment": wide["Goettingen2017"]}),
        pd.DataFrame({"region": "DG", "year": 2017, "industry": code,
                      "employment": wide["BRD2017"]}),
    ], ignore_index=True)
    panel = validate_panel(panel)
    out = location_quotient(panel, reference="DG", total="row").set_index("industry")
    expected = pd.read_csv(shared_data / "worked-examples" / "goettingen_lq2017_expected_REAT.csv",
                           dtype={"WZ2008_Code": str}).set_index("WZ2008_Code")["LQ_2017_expected_REAT"]
    got = out.loc[expected.index, "lq"]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=RTOL)
    # the total is the A-R row, not the section sum (sections miss L, S, T, U here)
    assert out.loc["TOTAL", "employment"] > out.drop("TOTAL")["employment"].sum()


def test_laender_by_section_2015_lq_all_regions_reference(shared_data):
    raw = pd.read_csv(shared_data / "de-reat-germany" / "G_regions_industries_laender_2015.csv")
    panel = raw.drop(columns="region").rename(columns={"region_code": "region", "ind_code": "industry",
                                "emp_all": "employment"})[["region", "year", "industry", "employment"]]
    panel = validate_panel(panel)
    # REAT locq2: reference = sum over the 16 Länder, region total = sum of sections
    out = location_quotient(panel, reference=None, total="sum")
    expected = pd.read_csv(shared_data / "worked-examples" / "g_regions_industries_lq2015_expected_REAT.csv")
    merged = expected.merge(out, left_on=["j_region", "i_industry"], right_on=["region", "industry"],
                            how="left", validate="one_to_one")
    assert len(merged) == 16 * 17 and merged["lq"].notna().all()
    np.testing.assert_allclose(merged["lq"], merged["LQ"], rtol=RTOL)


def _naive_lq(df, ref):
    """Independent textbook formula with pandas merges, for the cross-check."""
    tot = df[df.industry == "TOTAL"][["region", "year", "employment"]].rename(columns={"employment": "e_r"})
    nat = ref[["year", "industry", "employment"]].rename(columns={"employment": "E_i"})
    nat_tot = nat[nat.industry == "TOTAL"][["year", "E_i"]].rename(columns={"E_i": "E"})
    m = df.merge(tot, on=["region", "year"]).merge(nat, on=["year", "industry"]).merge(nat_tot, on="year")
    m["lq_naive"] = (m.employment / m.e_r) / (m.E_i / m.E)
    return m


def test_every_german_district_and_section_lq_against_DG(shared_data):
    path = shared_data / "de-regionalstatistik-13111-07-05-4" / "svb_arbeitsort_wz_kreise_2015_2020.csv"
    raw = pd.read_csv(path, dtype={"ags": str, "total_flag": str})
    raw = raw[raw.level.isin(["district", "country"])]
    panel = validate_panel(
        raw.rename(columns={"ags": "region", "wz_code": "industry", "total": "employment",
                            "total_flag": "employment_flag"})
        [["region", "year", "industry", "employment", "employment_flag"]]
        .assign(employment_flag=lambda d: d.employment_flag.replace({"zero": None})),
        source=str(path))
    out = location_quotient(panel, reference="DG", total="row")
    assert set(out.region) == set(panel.region) - {"DG"}
    ref = _naive_lq(panel[panel.region != "DG"], panel[panel.region == "DG"])
    merged = out.merge(ref[["region", "year", "industry", "lq_naive"]],
                       on=["region", "year", "industry"], validate="one_to_one")
    assert len(merged) == len(out) > 30_000
    np.testing.assert_allclose(merged.lq, merged.lq_naive, rtol=RTOL, equal_nan=True)
    # suppressed cells stay missing, they are not LQ 0
    sup = merged.employment_flag == "suppressed"
    assert sup.sum() > 100 and merged.loc[sup, "lq"].isna().all()
    leipzig = merged[(merged.region == "14713") & (merged.year == 2020)].set_index("industry")
    assert leipzig.loc["TOTAL", "lq"] == 1.0
    # Leipzig is a service city: its information & communication LQ is well above 1
    assert leipzig.loc["J", "lq"] > 1.2 and leipzig.loc["B-E", "lq"] < 0.8
