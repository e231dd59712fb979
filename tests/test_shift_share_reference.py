"""Shift-share against published and REAT 3.0.3 results in ../shared/data.

Each test skips with a clear reason when the reference data is not beside the
clone (``shared_data`` fixture). REAT's component names map to ours as
National share -> national_share, Industrial mix -> industry_mix, Regional
share -> competitive_share (Esteban: competitive_homothetic), Allocation
effect -> allocation_effect, Net total shift -> net_total_shift, Growth (t1-t)
-> observed_change.
"""

import numpy as np
import pandas as pd
import pytest

from clusteranalysis.metrics.shift_share import shift_share
from clusteranalysis.metrics.shift_share_dynamic import dynamic_shift_share, shift_share_projection

RTOL = 1e-9
DUNN = {"Growth (t1-t)": "observed_change", "National share": "national_share",
        "Industrial mix": "industry_mix", "Regional share": "competitive_share",
        "Net total shift": "net_total_shift"}
ESTEBAN = {**DUNN, "Regional share": "competitive_homothetic",
           "Allocation effect": "allocation_effect"}
GERFIN = {"Industrial mix": "industry_mix_ratio", "Regional share": "competitive_share_ratio",
          "Net total shift": "net_total_shift_ratio"}


def close(got, expected):
    # components near 0 (REAT: 1.1e-13) are compared on the scale of the region's change
    assert got == pytest.approx(expected, rel=RTOL, abs=1e-9)


def wide_to_long(wide, region_cols: dict, code) -> pd.DataFrame:
    """{(region, year): column} -> tidy panel."""
    return pd.concat([pd.DataFrame({"region": r, "year": y, "industry": code,
                                    "employment": wide[c].astype(float)})
                      for (r, y), c in region_cols.items()], ignore_index=True)


@pytest.fixture
def fk(shared_data):
    inp = pd.read_csv(shared_data / "worked-examples" / "fk2013_shiftshare_inputs.csv",
                      dtype={"region": str, "industry": str})
    reg = pd.concat(
        [inp.assign(year=2000, employment=inp.e_ij_t.astype(float)),
         inp.assign(year=2001, employment=inp.e_ij_t1.astype(float))]
    )[["region", "year", "industry", "employment"]]
    n = inp[inp.region == "A"]
    nat = pd.concat([n.assign(year=2000, employment=n.e_i_t.astype(float)),
                     n.assign(year=2001, employment=n.e_i_t1.astype(float))]
                    )[["year", "industry", "employment"]]
    exp = pd.read_csv(shared_data / "worked-examples" / "fk2013_shiftshare_expected_REAT.csv",
                      dtype={"region": str})
    return reg, nat, exp


@pytest.mark.parametrize("reat_method, method, names", [
    ("Dunn", "dunn", DUNN), ("Esteban", "esteban-marquillas", ESTEBAN),
    ("Gerfin", "gerfin", GERFIN)])
def test_farhauer_kroell_2013_all_methods(fk, reat_method, method, names):
    reg, nat, exp = fk
    for reference in (nat, None):  # the three regions tile the nation
        out = shift_share(reg, start=2000, end=2001, reference=reference, method=method,
                          summed=True).set_index("region")
        rows = exp[exp.method == reat_method]
        assert len(rows) == 3 * rows.component.nunique() and set(rows.component) <= set(names)
        for r in rows.itertuples():
            close(out.loc[r.region, names[r.component]], r.value)


def test_farhauer_kroell_2013_dynamic(shared_data):
    w = pd.read_csv(shared_data / "worked-examples" /
                    "fk2013_dynamic_shiftshare_inputs_regionA.csv", dtype={"industry": str})
    years = (2000, 2001, 2002)
    reg = wide_to_long(w, {("A", y): f"e_ij_{y}" for y in years}, w.industry)
    nat = wide_to_long(w, {("N", y): f"e_i_{y}" for y in years}, w.industry).drop(
        columns="region")
    out = dynamic_shift_share(reg, reference=nat, summed=True).iloc[0]
    exp = pd.read_csv(shared_data / "worked-examples"
                      / "fk2013_dynamic_shiftshare_expected_REAT.csv")
    for r in exp.itertuples():
        close(out[DUNN[r.component]], r.value)


def test_freiburg_2008_2014_dunn(shared_data):
    f = pd.read_csv(shared_data / "de-reat-germany" / "Freiburg_city_vs_germany_2008_2014.csv")
    code = [f"S{k}" for k in range(len(f))]  # the 9 section groups are the whole economy
    cols = {(r, y): f"e_{r}{y}" for r in ("Freiburg", "Germany") for y in (2008, 2014)}
    out = shift_share(wide_to_long(f, cols, code), start=2008, end=2014, reference="Germany",
                      summed=True).iloc[0]
    exp = pd.read_csv(shared_data / "worked-examples" / "freiburg_shift_dunn_expected_REAT.csv")
    assert out.region == "Freiburg"
    for r in exp.itertuples():
        close(out[DUNN[r.component]], r.value)


@pytest.fixture
def goettingen(shared_data):
    g = pd.read_csv(shared_data / "de-reat-germany" / "Goettingen_city_vs_germany_2008_2017.csv")
    code = g["WZ2008_Code"].where(g["WZ2008_Code"] != "A-R", "TOTAL")
    cols = {(r, y): f"{c}{y}" for r, c in (("03159", "Goettingen"), ("DG", "BRD"))
            for y in range(2008, 2018)}
    return g, wide_to_long(g, cols, code)


def test_reat_bug_goettingen_example_labelled_2017_is_2008_2016(goettingen, shared_data):
    """REAT's shiftd help example says time2 = 2017 but its columns end in 2016."""
    g, panel = goettingen
    exp = pd.read_csv(shared_data / "worked-examples" /
                      "goettingen_shiftd_dunn_2008_2016_expected_REAT.csv")
    # with the total rows in the table: G from Germany's A-R row (= its section sum),
    # Göttingen's own A-R row (> its section sum) is not used
    out = dynamic_shift_share(panel, years=range(2008, 2017), reference="DG",
                              summed=True).iloc[0]
    for r in exp.itertuples():
        close(out[DUNN[r.component]], r.value)
    sections = g[g.WZ2008_Code != "A-R"]
    assert out.observed_change == sections.Goettingen2016.sum() - sections.Goettingen2008.sum()
    assert out.observed_change != sections.Goettingen2017.sum() - sections.Goettingen2008.sum()


def test_goettingen_dynamic_true_2008_2017(goettingen):
    g, panel = goettingen
    out = dynamic_shift_share(panel, years=range(2008, 2018), reference="DG", summed=True).iloc[0]
    sections = g[g.WZ2008_Code != "A-R"]
    change = sections.Goettingen2017.sum() - sections.Goettingen2008.sum()
    assert change == 10411.0 and out.steps == 9
    assert out.observed_change == change
    close(out.national_share + out.industry_mix + out.competitive_share, change)
    close(out.net_total_shift, out.industry_mix + out.competitive_share)
    # the 2016 -> 2017 step is what the REAT example leaves out
    last = shift_share(panel, start=2016, end=2017, reference="DG", summed=True).iloc[0]
    upto16 = dynamic_shift_share(panel, years=range(2008, 2017), reference="DG",
                                 summed=True).iloc[0]
    for c in ("national_share", "industry_mix", "competitive_share"):
        close(out[c], upto16[c] + last[c])


def test_spiekermann_wegener_2008_projection(shared_data):
    s = pd.read_csv(shared_data / "worked-examples" / "spiekermann_wegener2008_shiftp_inputs.csv",
                    dtype={"region": str, "industry": str})
    obs = pd.concat([s.assign(year=2000, employment=s.e_ij_2000.astype(float)),
                     s.assign(year=2006, employment=s.e_ij_2006.astype(float))]
                    )[["region", "year", "industry", "employment"]]
    n = s[s.region == "1"]
    nat = pd.concat([n.assign(year=2000, employment=n.e_i_2000.astype(float)),
                     n.assign(year=2006, employment=n.e_i_2006.astype(float))]
                    )[["year", "industry", "employment"]]
    proj = n.assign(year=2010, employment=n.e_i_2010_prognosis.astype(float))[
        ["year", "industry", "employment"]]
    exp = pd.read_csv(shared_data / "worked-examples" /
                      "spiekermann_wegener2008_shiftp_expected_REAT.csv",
                      dtype={"region": str, "industry": str})
    out = shift_share_projection(obs, start=2000, end=2006, projection=proj,
                                 reference=nat).set_index(["region", "industry"])
    prog = exp[exp.block == "prog"]
    assert len(prog) == 6
    for r in prog.itertuples():
        close(out.loc[(r.region, r.industry), "employment_projected"], r.value)
    gerfin = shift_share(obs, start=2000, end=2006, reference=nat, method="gerfin",
                         summed=True).set_index("region")
    for r in exp[exp.block == "components"].itertuples():
        close(gerfin.loc[r.region, GERFIN[r.item]], r.value)
    # the projection's factor is the Gerfin competitive ratio
    np.testing.assert_allclose(out.groupby(level="region")["competitive_factor"].first(),
                               gerfin["competitive_share_ratio"], rtol=RTOL)


def test_krumme_holukuluku_published_table(shared_data):
    t = pd.read_csv(shared_data / "worked-examples" / "krumme_holukuluku_shiftshare_table.csv")
    ind = t[t.industry != "Total"]
    region = wide_to_long(ind, {("H", 1985): "regional_emp_1985", ("H", 1995): "regional_emp_1995"},
                         ind.industry)
    # the nation: 1985 shares of 1,000 and 1985-95 growth per industry (total +29 %)
    e85 = 10.0 * ind.national_share_1985_pct
    nation = pd.concat([
        pd.DataFrame({"year": 1985, "industry": ind.industry, "employment": e85}),
        pd.DataFrame({"year": 1995, "industry": ind.industry,
                      "employment": e85 * (1 + ind.national_growth_1985_1995_pct / 100)})])
    out = shift_share(region, start=1985, end=1995, reference=nation).set_index("industry")
    for r in ind.itertuples():
        close(out.loc[r.industry, "employment_start"] + out.loc[r.industry, "national_share"],
              r.expected_emp_1995_at_total_national_growth)
        close(out.loc[r.industry, "net_total_shift"], r.total_shift)
        close(out.loc[r.industry, "competitive_share"], r.differential_effect)
        close(out.loc[r.industry, "industry_mix"], r.composition_effect)
    tot = t[t.industry == "Total"].iloc[0]
    s = shift_share(region, start=1985, end=1995, reference=nation, summed=True).iloc[0]
    close(s.national_share, 290.0)
    close(s.net_total_shift, tot.total_shift)
    close(s.competitive_share, tot.differential_effect)
    close(s.industry_mix, tot.composition_effect)
    close(s.observed_change, 630.0)
    close(s.reference_total_rate, tot.national_growth_1985_1995_pct / 100)
