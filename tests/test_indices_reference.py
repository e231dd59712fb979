"""Indices against REAT 3.0.3 and EconGeo on the REAT German Länder data, and
the known bugs of both packages as named regression tests.

No expected values of these indices are stored with the data, so each test
re-implements the package's published formula naively (a loop per region, as
the R code does) and compares on real data. Where the packages' definitions
differ from ours, the test pins down the difference.
"""

import math

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import location_quotient
from clusteranalysis.indices import (concentration_indices, entropy, gini, hoover, krugman,
                                     specialisation_indices, theil_l, theil_t)
from conftest import make_panel

NATION = "Insgesamt"


@pytest.fixture
def laender(shared_data):
    """SvB by Land × section group 2008–2014; C dropped (it is nested in B-E)."""
    df = pd.read_csv(shared_data / "de-reat-germany" / "G_regions_emp_laender_2008_2014.csv",
                     dtype={"region": "string", "wz_code": "string"})
    df = df[df["wz_code"] != "C"].astype({"emp": float}).drop(columns="industry")
    return df.rename(columns={"wz_code": "industry", "emp": "employment"})[
        ["region", "year", "industry", "employment"]].reset_index(drop=True)


def _matrix(df, year):
    """Länder × sections matrix (without TOTAL and without Germany) and Germany."""
    d = df[(df["year"] == year) & (df["industry"] != "TOTAL")]
    m = d.pivot(index="region", columns="industry", values="employment")
    return m.drop(index=NATION), m.loc[NATION]


# --- naive transcriptions of the published R formulas -------------------------

def reat_hoover(x, weighting):                       # REAT hoover(x, weighting)
    return sum(abs(a / sum(x) - w / sum(weighting)) for a, w in zip(x, weighting)) / 2


def reat_krugman_spec(e_ij, e_il):                   # REAT krugman.spec(e_ij, e_il, e_j, e_l)
    return sum(abs(a / sum(e_ij) - b / sum(e_il)) for a, b in zip(e_ij, e_il))


def reat_gini_lq(e, ref):                            # REAT gini.spec / gini.conc
    lq = sorted((a / sum(e)) / (b / sum(ref)) for a, b in zip(e, ref))
    n, mean = len(lq), sum(lq) / len(lq)
    return 2 / (n * n * mean) * sum((k + 1) * (v - mean) for k, v in enumerate(lq))


def reat_herf(x, coefnorm=False):                    # REAT herf(x, coefnorm)
    h = sum((a / sum(x)) ** 2 for a in x)
    return (h - 1 / len(x)) / (1 - 1 / len(x)) if coefnorm else h


def reat_theil(x):                                   # REAT theil(x): mean(log(mean(x)/x))
    return float(np.mean(np.log(np.mean(x) / np.asarray(x))))


def econgeo_krugman_index(mat):                      # EconGeo krugman_index(mat)
    return (mat.div(mat.sum(axis=1), axis=0) - mat.sum() / mat.values.sum()).abs().sum(axis=1)


def econgeo_entropy(mat, rounded=True):              # EconGeo entropy(mat)
    f = mat.div(mat.sum(axis=1), axis=0)
    e = -(f * np.log2(f + 1e-9)).sum(axis=1)
    return e.round(3) if rounded else e


def econgeo_locational_gini(mat):                    # EconGeo locational_gini(mat)
    pop = mat.sum(axis=1) / mat.values.sum()
    out = {}
    for col in mat.columns:
        ind = mat[col]
        order = np.argsort((ind / pop).to_numpy(), kind="stable")
        cind = np.cumsum(ind.to_numpy()[order]) / ind.sum()
        cpop = np.cumsum(pop.to_numpy()[order])
        out[col] = (np.sum(cind[1:] * cpop[:-1]) - np.sum(cind[:-1] * cpop[1:])) / 2
    return pd.Series(out)


# --- agreement where the definitions agree ----------------------------------

@pytest.mark.parametrize("year", [2008, 2014])
def test_specialisation_indices_match_reat_and_econgeo_on_laender(laender, year):
    out = specialisation_indices(laender[laender["year"] == year], reference=NATION)
    out = out.set_index("region")
    mat, germany = _matrix(laender, year)
    assert len(out) == 16 and (out["n_industries"] == 10).all()
    for land, row in mat.iterrows():
        e, g = row.to_numpy(), germany[row.index].to_numpy()
        r = out.loc[land]
        assert r["hoover"] == pytest.approx(reat_hoover(e, g), rel=1e-12)
        assert r["krugman_rest"] == pytest.approx(reat_krugman_spec(e, g - e), rel=1e-12)
        assert r["hhi"] == pytest.approx(reat_herf(e), rel=1e-12)
        assert r["hhi_normalised"] == pytest.approx(reat_herf(e, coefnorm=True), rel=1e-12)
    np.testing.assert_allclose(out.loc[mat.index, "krugman_aggregate"],
                               econgeo_krugman_index(mat), rtol=1e-12)
    reat_gini = [reat_gini_lq(row.to_numpy(), germany[row.index].to_numpy())
                 for _, row in mat.iterrows()]
    ours = gini(laender[laender["year"] == year], reference=NATION, weighting="equal")
    np.testing.assert_allclose(ours.set_index("region").loc[mat.index, "gini"], reat_gini,
                               rtol=1e-12)


def test_concentration_indices_match_reat_on_laender(laender):
    year = 2014
    d = laender[laender["year"] == year]
    mat, _ = _matrix(laender, year)
    land_totals = d[d["industry"] == "TOTAL"].set_index("region")["employment"]
    land_totals = land_totals.drop(NATION).loc[mat.index]
    out = concentration_indices(d, reference=NATION, total="row").set_index("industry")
    for ind in mat.columns:
        e = mat[ind].to_numpy()
        # REAT krugman.conc(e_ij, e_uj) and hoover(e_ij, weighting = e_uj)
        assert out.loc[ind, "krugman_aggregate"] == pytest.approx(
            reat_krugman_spec(e, land_totals.to_numpy()), rel=1e-12)
        assert out.loc[ind, "hoover"] == pytest.approx(
            reat_hoover(e, land_totals.to_numpy()), rel=1e-12)
    conc = gini(d, of="industry", reference=NATION, total="row", weighting="equal")
    np.testing.assert_allclose(
        conc.set_index("industry").loc[mat.columns, "gini"],
        [reat_gini_lq(mat[c].to_numpy(), land_totals.to_numpy()) for c in mat.columns],
        rtol=1e-12)


# --- known bugs and differences of REAT and EconGeo ---------------------------

def test_regression_reat_theil_is_the_mean_log_deviation_not_theil_t(laender):
    """REAT's theil(x) = mean(log(mean(x)/x)) is Theil L (MLD), not Theil T."""
    d = laender[laender["year"] == 2014]
    mat, _ = _matrix(laender, 2014)
    ours_l = theil_l(d, reference=NATION, relative=False).set_index("region")["theil_l"]
    ours_t = theil_t(d, reference=NATION, relative=False).set_index("region")["theil_t"]
    reat = pd.Series({land: reat_theil(row.to_numpy()) for land, row in mat.iterrows()})
    np.testing.assert_allclose(ours_l.loc[reat.index], reat, rtol=1e-12)
    # ... and Theil T is something else: T = ln n − Shannon entropy
    assert (abs(ours_t.loc[reat.index] - reat) > 1e-3).all()
    h = entropy(d, reference=NATION).set_index("region")["entropy"]
    np.testing.assert_allclose(ours_t, math.log(10) - h.loc[ours_t.index], rtol=1e-12)


def test_regression_econgeo_entropy_is_not_rounded(laender):
    """EconGeo's entropy() rounds to 3 decimals (and adds 1e-9 inside log2)."""
    d = laender[laender["year"] == 2014]
    mat, _ = _matrix(laender, 2014)
    ours = entropy(d, reference=NATION, base=2).set_index("region")["entropy"].loc[mat.index]
    np.testing.assert_allclose(ours, econgeo_entropy(mat, rounded=False), atol=1e-7)
    rounded = econgeo_entropy(mat)
    assert (ours != rounded).all()
    assert (ours.round(3) == rounded).all()
    assert (ours - rounded).abs().max() > 1e-4


def test_regression_econgeo_rca_is_not_rounded(laender):
    """EconGeo's rca()/location_quotient() round LQs to 2 decimals; ours do not."""
    d = laender[laender["year"] == 2014]
    mat, _ = _matrix(laender, 2014)
    rca = mat.div(mat.sum(axis=1), axis=0) / (mat.sum() / mat.values.sum())
    ours = location_quotient(d[d["region"] != NATION], total="sum")
    ours = ours.pivot(index="region", columns="industry", values="lq").loc[
        mat.index, mat.columns]
    np.testing.assert_allclose(ours, rca, rtol=1e-12)
    assert (ours.round(2) - ours).abs().to_numpy().max() > 1e-3


def test_regression_krugman_econgeo_and_reat_conventions_differ(laender):
    """EconGeo compares with the aggregate including the region, REAT's
    krugman.spec with the region you pass (here: the rest of Germany); we
    offer both under explicit names, tied by K_agg = (1 − a) K_rest."""
    d = laender[laender["year"] == 2014]
    agg = krugman(d, reference=NATION).set_index("region")["krugman_aggregate"]
    rest = krugman(d, reference=NATION, against="rest").set_index("region")["krugman_rest"]
    nrw = "Nordrhein-Westfalen"
    assert rest[nrw] / agg[nrw] > 1.2                  # NRW is a fifth of Germany
    emp = d[d["industry"] != "TOTAL"].groupby("region")["employment"].sum()
    a = emp.drop(NATION) / emp[NATION]
    np.testing.assert_allclose(agg, ((1 - a) * rest).loc[agg.index], rtol=1e-12)
    np.testing.assert_allclose(agg, 2 * hoover(d, reference=NATION)["hoover"].to_numpy(),
                               rtol=1e-12)


def test_regression_econgeo_locational_gini_is_half_the_gini(laender):
    """EconGeo's locational_gini returns the area between the Lorenz curve and
    the diagonal (max 0.5); the Gini coefficient is twice that area."""
    d = laender[(laender["year"] == 2014) & (laender["region"] != NATION)]
    mat, _ = _matrix(laender, 2014)
    ours = gini(d, of="industry", total="sum").set_index("industry")["gini"]
    np.testing.assert_allclose(ours.loc[mat.columns], 2 * econgeo_locational_gini(mat),
                               rtol=1e-10)


def test_regression_econgeo_hoover_index_is_not_in_rounded_percent():
    """EconGeo's hoover_index reports 100·HC rounded to 2 decimals."""
    ind, pop = [1, 2, 4], [3, 3, 3]
    df = make_panel({f"r{k}": {"i": float(v)} for k, v in enumerate(ind)},
                    total={f"r{k}": float(p) for k, p in enumerate(pop)})
    ours = hoover(df, of="industry", total="row")["hoover"].iloc[0]
    assert ours == pytest.approx(5 / 21, rel=1e-15)      # ½(4/21 + 1/21 + 5/21)
    assert round(100 * ours, 2) / 100 != pytest.approx(ours, rel=1e-6)
