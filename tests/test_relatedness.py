"""Relatedness and complexity: hand-computed values, properties, zero rule, errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusteranalysis as ca
from clusteranalysis import relatedness as rel


def tidy(values: dict, year=None) -> pd.DataFrame:
    rows = [(r, i, float(v)) for r, inds in values.items() for i, v in inds.items()]
    df = pd.DataFrame(rows, columns=["region", "industry", "employment"])
    df = df.astype({"region": "string", "industry": "string"})
    if year is not None:
        df["year"] = year
    return df


# A: x, y; B: x; C: y, z (10 employees each) gives exactly this specialisation:
# totals x 20, y 20, z 10 of 50, so RCA_Ax = 0.5/0.4 = 1.25, RCA_Bx = 2.5, ...
SMALL = tidy({"A": {"x": 10, "y": 10}, "B": {"x": 10}, "C": {"y": 10, "z": 10}})


def matrix(t: pd.DataFrame, col: str, index="industry_1", columns="industry_2"):
    return t.pivot(index=index, columns=columns, values=col).to_numpy(dtype=float,
                                                                     na_value=np.nan)


def test_rca_hand_values_and_lq_one_counts():
    df = tidy({"A": {"x": 30, "y": 10}, "B": {"x": 10, "y": 50}})
    out = rel.rca(df)
    # (30/40)/(40/100), (10/40)/(60/100), (10/60)/(40/100), (50/60)/(60/100)
    assert out["rca"].tolist() == pytest.approx([1.875, 5 / 12, 5 / 12, 25 / 18])
    assert out["specialised"].tolist() == [True, False, False, True]
    same = rel.rca(tidy({"A": {"x": 3, "y": 7}, "B": {"x": 6, "y": 14}}))
    assert (same["rca"] == 1.0).all()          # exactly 1, not 0.999…
    assert same["specialised"].all()
    assert not rel.rca(tidy({"A": {"x": 3, "y": 7}, "B": {"x": 6, "y": 14}}),
                       threshold=1.01)["specialised"].any()


def test_small_matrix_degrees():
    assert rel.diversity(SMALL)["diversity"].tolist() == [2, 1, 2]
    assert rel.ubiquity(SMALL)["ubiquity"].tolist() == [2, 2, 1]
    co = matrix(rel.co_occurrence(SMALL), "co_occurrence")
    assert co.tolist() == [[2, 1, 0], [1, 2, 1], [0, 1, 1]]


def test_proximity_hand_values():
    # φ_xy = C_xy / max(u_x, u_y) = 1/2, φ_yz = 1/max(2, 1) = 1/2, φ_xz = 0
    phi = matrix(rel.proximity(SMALL), "proximity")
    assert phi.tolist() == [[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]]


def test_association_probability_cosine_hand_values():
    # off-diagonal co-occurrence: C_xy = C_yz = 1; s = (1, 2, 1), T = 4
    assoc = matrix(rel.relatedness(SMALL, method="association"), "relatedness")
    assert assoc.tolist() == [[0, 2, 0], [2, 0, 2], [0, 2, 0]]  # 1·4/(1·2)
    cos = matrix(rel.relatedness(SMALL, method="cosine"), "relatedness")
    assert cos[0, 1] == pytest.approx(1 / math.sqrt(2))
    # probability index: 1 / ((2/4·1/2 + 1/4·2/3) · 4/2) = 1 / (5/6)
    prob = matrix(rel.relatedness(SMALL, method="probability"), "relatedness")
    assert prob[0, 1] == pytest.approx(1.2)
    assert prob[0, 2] == 0 and np.diag(prob).tolist() == [0, 0, 0]


def test_density_hand_values():
    d = rel.relatedness_density(SMALL).set_index(["region", "industry"])["density"]
    # B has x only: ω_By = φ_xy / (φ_xy + φ_yy + φ_zy) = 0.5/2, ω_Bz = 0, ω_Bx = 1/1.5
    assert d["B", "y"] == pytest.approx(0.25)
    assert d["B", "z"] == 0
    assert d["B", "x"] == pytest.approx(2 / 3)
    a = rel.relatedness_density(SMALL, method="association").set_index(
        ["region", "industry"])["density"]
    assert a["B", "y"] == pytest.approx(2 / 4)   # S_xy / (S_xy + S_zy)
    assert a["B", "z"] == 0


def test_eci_hand_values():
    # M̃ = [[.75,.25,0],[.25,.5,.25],[0,.5,.5]]; λ2 = (3+√5)/8; kp ∝ (1, -0.382, -1.236)
    # kc = (mean of A, B, C) = (-0.309, -1, 0.809) after the sign rule; standardised
    # this is ((√5 - 3)/4, -√5/2, (3 + √5)/4)
    out = rel.eci(SMALL)
    r5 = math.sqrt(5)
    assert out["eci"].tolist() == pytest.approx([(r5 - 3) / 4, -r5 / 2, (3 + r5) / 4])
    p = rel.pci(SMALL)["pci"].to_numpy()
    assert p[0] < p[1] < p[2]   # z is done only by the most complex region


def test_reflections_hand_values():
    # k_{i,1} = mean diversity of the regions doing i: x (A 2, B 1) → 1.5,
    # y (A 2, C 2) → 2, z (C) → 2; k_{r,1} = mean ubiquity: A 2, B 2, C 1.5
    assert rel.pci(SMALL, method="reflections", steps=1)["pci"].tolist() == [1.5, 2, 2]
    assert rel.eci(SMALL, method="reflections", steps=1)["eci"].tolist() == [2, 2, 1.5]
    # k_{i,2} = mean k_{r,1}: x (2+2)/2, y (2+1.5)/2, z 1.5
    assert rel.pci(SMALL, method="reflections", steps=2)["pci"].tolist() == [2, 1.75, 1.5]


def test_opportunities_view():
    out = rel.opportunities(SMALL, "B")
    assert out["industry"].tolist() == ["y", "z"]
    assert out["rank"].tolist() == [1, 2]
    assert out["density"].tolist() == pytest.approx([0.25, 0.0])
    assert {"pci", "cog", "rca", "employment"} <= set(out.columns)
    assert len(rel.opportunities(SMALL, "B", top=1)) == 1
    with pytest.raises(ca.DataError, match="region 'Q'"):
        rel.opportunities(SMALL, "Q")
    empty = pd.concat([SMALL, tidy({"Q": {"x": 0}})], ignore_index=True)
    with pytest.raises(ca.DataError, match="no employment"):
        rel.opportunities(empty, "Q")


def test_variety_hand_values_wz_and_naics():
    # two divisions 29 (two classes) and 10; shares 1/4, 1/4, 1/2
    df = tidy({"A": {"29.10": 25, "29.20": 25, "10.11": 50}})
    v = rel.variety(df, scheme="wz", level="division").iloc[0]
    assert v["entropy"] == pytest.approx(1.5)
    assert v["unrelated_variety"] == pytest.approx(1.0)
    assert v["related_variety"] == pytest.approx(0.5)
    n = tidy({"A": {"336111": 1, "311111": 1, "541511": 2}})
    v = rel.variety(n, scheme="naics", level="sector").iloc[0]
    assert v["unrelated_variety"] == pytest.approx(1.0)   # 31-33 and 54, half each
    assert v["related_variety"] == pytest.approx(0.5)
    with pytest.raises(ca.DataError, match="several levels"):
        rel.variety(tidy({"A": {"29": 1, "29.10": 1}}), scheme="wz", level="section")


def test_zero_rows_and_columns_are_left_out_not_a_crash():
    base = {"A": {"x": 10, "y": 10}, "B": {"x": 10}, "C": {"y": 10, "z": 10}}
    with_zero = tidy({**base, "D": {"x": 0, "y": 0}, "A": {**base["A"], "w": 0}})
    c = rel.complexity(with_zero)
    assert c.loc[c.region == "D", ["rca", "eci", "density", "coi"]].isna().all().all()
    assert c.loc[c.industry == "w", ["rca", "pci", "density"]].isna().all().all()
    assert c.loc[c.region == "D", "specialised"].isna().all()
    ref = rel.complexity(tidy(base)).set_index(["region", "industry"])
    got = c.set_index(["region", "industry"]).loc[ref.index]
    for col in ("rca", "eci", "pci", "density", "coi", "cog"):
        np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float))
    # one region / one industry only: defined where possible, no exception
    one = rel.complexity(tidy({"A": {"x": 5, "y": 5}}))
    assert one["eci"].isna().all() and (one["rca"] == 1).all()
    assert rel.proximity(tidy({"A": {"x": 5}}))["proximity"].tolist() == [1.0]


def test_bad_input_raises_data_error():
    df = SMALL.copy()
    df.loc[0, "employment"] = np.nan
    with pytest.raises(ca.DataError, match="impute"):
        rel.rca(df)
    df = SMALL.copy()
    df.loc[1, "employment"] = -1.0
    with pytest.raises(ca.DataError, match="negative"):
        rel.proximity(df)
    with pytest.raises(ca.DataError, match="duplicate"):
        rel.eci(pd.concat([SMALL, SMALL.head(1)], ignore_index=True))
    with pytest.raises(ca.DataError, match="missing required"):
        rel.rca(SMALL, value="jobs")
    with pytest.raises(ValueError, match="method"):
        rel.relatedness(SMALL, method="jaccard")
    with pytest.raises(ca.DataError, match="no industry rows"):
        rel.eci(tidy({"A": {"TOTAL": 5}}))
    with pytest.raises(ca.DataError, match="infinite"):
        rel.rca(SMALL.assign(employment=np.inf))


def test_total_rows_are_ignored_and_years_are_separate():
    df = pd.concat([SMALL, tidy({"A": {"TOTAL": 99}})], ignore_index=True)
    assert "TOTAL" not in set(rel.rca(df)["industry"])
    two = pd.concat([SMALL.assign(year=2019), SMALL.assign(year=2020)], ignore_index=True)
    e = rel.eci(two)
    assert e.groupby("year")["eci"].apply(list).tolist() == [rel.eci(SMALL)["eci"].tolist()] * 2
    with pytest.raises(ca.DataError, match="one year"):
        rel.opportunities(two, "A")


def test_public_names_at_the_root():
    for name in ("rca", "proximity", "relatedness", "relatedness_density", "opportunities",
                 "complexity", "eci", "pci", "variety", "diversity", "ubiquity",
                 "co_occurrence"):
        assert name in ca.relatedness.__all__


# ---------------------------------------------------------------- properties

@st.composite
def panels(draw):
    R = draw(st.integers(2, 7))
    I = draw(st.integers(2, 6))  # noqa: E741
    cells = draw(st.lists(st.integers(0, 50), min_size=R * I, max_size=R * I))
    x = np.array(cells, dtype=float).reshape(R, I)
    return tidy({f"r{r}": {f"i{i}": x[r, i] for i in range(I)} for r in range(R)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_properties_of_proximity_density_and_rca(df):
    phi = matrix(rel.proximity(df), "proximity")
    assert np.allclose(phi, phi.T)
    assert ((phi >= 0) & (phi <= 1)).all()
    u = rel.ubiquity(df)["ubiquity"].to_numpy(dtype=float, na_value=0)
    assert np.all(np.diag(phi)[u > 0] == 1)
    d = rel.relatedness_density(df)["density"].dropna()
    assert ((d >= -1e-12) & (d <= 1 + 1e-12)).all()
    # the employment-weighted mean RCA of every industry is 1
    r = rel.rca(df).dropna(subset=["rca"])
    tot = r.groupby("region")["employment"].transform("sum")
    w = (r["rca"] * tot).groupby(r["industry"]).sum() / tot.groupby(r["industry"]).sum()
    assert np.allclose(w, 1.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels(), st.randoms(use_true_random=False))
def test_properties_of_complexity(df, random):
    e = rel.eci(df)
    valid = e["eci"].dropna()
    if len(valid) > 2 and valid.std() > 1e-9:
        assert valid.mean() == pytest.approx(0, abs=1e-9)
        assert valid.std(ddof=0) == pytest.approx(1)
        div = e.loc[valid.index, "diversity"].to_numpy(float)
        if div.std() > 0:
            assert np.corrcoef(div, valid)[0, 1] >= -1e-9
    # the order of the rows does not matter
    order = list(range(len(df)))
    random.shuffle(order)
    again = rel.eci(df.iloc[order].reset_index(drop=True))
    np.testing.assert_allclose(again["eci"].to_numpy(float), e["eci"].to_numpy(float),
                               atol=1e-9)
    # scaling every value keeps every relatedness measure
    scaled = df.assign(employment=df["employment"] * 7.0)
    np.testing.assert_allclose(rel.relatedness(scaled)["relatedness"],
                               rel.relatedness(df)["relatedness"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=4, max_size=4))
def test_variety_decomposes_entropy(cells):
    codes = ["29.10", "29.20", "10.11", "45.11"]
    df = tidy({"A": dict(zip(codes, cells))})
    v = rel.variety(df, scheme="wz", level="division").iloc[0]
    if sum(cells) == 0:
        assert v[["entropy", "unrelated_variety", "related_variety"]].isna().all()
        return
    assert v["entropy"] == pytest.approx(v["unrelated_variety"] + v["related_variety"])
    assert v["related_variety"] >= 0
    assert v["unrelated_variety"] <= math.log2(3) + 1e-12


def test_density_with_a_given_relatedness_table():
    table = rel.relatedness(SMALL, method="association")
    given = rel.relatedness_density(SMALL, method=table)
    computed = rel.relatedness_density(SMALL, method="association")
    np.testing.assert_allclose(given["density"], computed["density"])
    # pairs the table lacks count as unrelated: without x–y only y–z relates
    partial = table[~((table.industry_1 == "x") | (table.industry_2 == "x"))]
    d = rel.relatedness_density(SMALL, method=partial).set_index(["region", "industry"])
    assert d.loc[("B", "y"), "density"] == 0.0
    assert np.isnan(d.loc[("B", "x"), "density"])     # x relates to nothing
    top = rel.opportunities(SMALL, "B", method=table)
    assert top["industry"].tolist() == ["y", "z"]


def test_large_matrices_use_lanczos_with_the_dense_result(rng):
    from clusteranalysis.relatedness import _core

    x = np.round(rng.lognormal(2, 1.5, size=(900, _core.DENSE_LIMIT + 100)))
    x[rng.random(x.shape) < 0.5] = 0
    b = rel.specialisation.binary_array(rel.specialisation.rca_array(x))
    lanczos = _core.eigen_complexity(b)
    limit = _core.DENSE_LIMIT
    try:
        _core.DENSE_LIMIT = 10**9
        dense = _core.eigen_complexity(b)
    finally:
        _core.DENSE_LIMIT = limit
    np.testing.assert_allclose(lanczos.eci, dense.eci, atol=1e-8)
    np.testing.assert_allclose(lanczos.pci, dense.pci, atol=1e-8)
