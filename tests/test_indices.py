"""Indices of specialisation and concentration: golden values, properties, batch."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from clusteranalysis import DataError
from clusteranalysis.indices import (concentration_indices, ellison_glaeser, entropy, gini,
                                     herfindahl, hoover, krugman, lorenz_curve,
                                     specialisation_indices, theil_l, theil_t)
from conftest import make_panel

# Region A (100 employees) against a nation of 1,000 that contains it:
# s = (.1, .3, .6), S = (.5, .3, .2), LQ = (.2, 1, 3)
A = make_panel({"A": {"x": 10, "y": 30, "z": 60}})
NATION = pd.DataFrame({"year": 2020, "industry": ["x", "y", "z"],
                       "employment": [500.0, 300.0, 200.0]})


def one(frame, col):
    assert len(frame) == 1
    return float(frame[col].iloc[0])


def test_golden_three_industries():
    out = specialisation_indices(A, reference=NATION).iloc[0]
    assert out["n_industries"] == 3 and out["employment"] == 100.0
    assert out["hoover"] == pytest.approx(0.4, abs=1e-15)
    assert out["krugman_aggregate"] == pytest.approx(0.8, abs=1e-15)
    assert out["krugman_rest"] == pytest.approx(0.8 / 0.9, abs=1e-15)   # rest = nation − A
    # Lorenz points (.5,.1), (.8,.4), (1,1): G = 1 − (.5·.1 + .3·.5 + .2·1.4)
    assert out["gini"] == pytest.approx(0.52, abs=1e-15)
    assert out["hhi"] == pytest.approx(0.46, abs=1e-15)
    assert out["hhi_normalised"] == pytest.approx((0.46 - 1 / 3) / (2 / 3), abs=1e-15)
    assert out["theil_t"] == pytest.approx(0.1 * math.log(0.2) + 0.6 * math.log(3), abs=1e-15)
    assert out["theil_l"] == pytest.approx(0.5 * math.log(5) - 0.2 * math.log(3), abs=1e-15)
    assert out["entropy"] == pytest.approx(
        -(0.1 * math.log(0.1) + 0.3 * math.log(0.3) + 0.6 * math.log(0.6)), abs=1e-15)


def test_golden_equal_weighting_is_the_gini_of_the_lqs():
    # LQs .2, 1, 3: mean 1.4; sum λ(R−mean) = −1.2 − .8 + 4.8 = 2.8; G = 2·2.8/(9·1.4)
    assert one(gini(A, reference=NATION, weighting="equal"), "gini") == pytest.approx(4 / 9)


def test_per_index_functions_agree_with_the_batch():
    df = make_panel({"A": {"x": 10, "y": 30, "z": 60}, "B": {"x": 5, "y": 0, "z": 1},
                     "C": {"x": 40, "y": 20, "z": 1}})
    batch = specialisation_indices(df)
    for frame in (hoover(df), krugman(df), krugman(df, against="rest"), gini(df),
                  herfindahl(df), theil_t(df), theil_l(df), entropy(df)):
        merged = batch.merge(frame, on=["region", "year"], suffixes=("", "_single"))
        for col in frame.columns.drop(["region", "year"]):
            np.testing.assert_allclose(merged[col + "_single"], merged[col], rtol=1e-14)
    conc = concentration_indices(df)
    for frame in (hoover(df, of="industry"), gini(df, of="industry"),
                  herfindahl(df, of="industry"), krugman(df, of="industry", against="rest")):
        merged = conc.merge(frame, on=["industry", "year"], suffixes=("", "_single"))
        for col in frame.columns.drop(["industry", "year"]):
            np.testing.assert_allclose(merged[col + "_single"], merged[col], rtol=1e-14)


def test_region_lacking_an_industry_has_infinite_theil_l_but_finite_theil_t():
    df = make_panel({"A": {"x": 10, "y": 0}, "B": {"x": 10, "y": 30}})
    out = specialisation_indices(df).set_index("region")
    assert out.loc["A", "theil_l"] == np.inf
    assert np.isfinite(out.loc["A", "theil_t"])
    assert out.loc["A", "entropy"] == 0.0 and out.loc["A", "hhi"] == 1.0


def test_missing_row_counts_as_zero_but_suppressed_value_gives_missing_indices():
    absent = make_panel({"A": {"x": 10}, "B": {"x": 10, "y": 30}})
    zero = make_panel({"A": {"x": 10, "y": 0}, "B": {"x": 10, "y": 30}})
    pd.testing.assert_frame_equal(specialisation_indices(absent),
                                  specialisation_indices(zero))
    suppressed = make_panel({"A": {"x": 10, "y": np.nan}, "B": {"x": 10, "y": 30}})
    # given reference values, so that only A's own missing value matters
    out = specialisation_indices(suppressed, reference=NATION.iloc[:2])
    assert out.set_index("region").loc["A", list(out.columns[3:])].isna().all()
    assert out.set_index("region").loc["B", "hoover"] > 0


def test_total_rows_are_left_out_and_reference_region_is_not_a_unit():
    df = make_panel({"A": {"x": 10, "y": 30}, "N": {"x": 100, "y": 100}},
                    total={"A": 45, "N": 210})
    out = hoover(df, reference="N")
    assert out["region"].tolist() == ["A"]
    assert one(out, "hoover") == pytest.approx(0.5 * (abs(0.25 - 0.5) + abs(0.75 - 0.5)))
    conc = hoover(df, of="industry", reference="N")   # only region A left: nothing to compare
    assert conc["hoover"].tolist() == [0.0, 0.0]


def test_localisation_uses_total_rows_as_region_weights():
    df = make_panel({"A": {"x": 10, "y": 30}, "B": {"x": 30, "y": 30}},
                    total={"A": 40, "B": 80})
    by_row = hoover(df, of="industry", total="row").set_index("industry")["hoover"]
    by_sum = hoover(df, of="industry", total="sum").set_index("industry")["hoover"]
    # x: 10/40, 30/40 against weights 40/120, 80/120 (row) or 40/100, 60/100 (sum)
    assert by_row["x"] == pytest.approx(abs(0.25 - 1 / 3))
    assert by_sum["x"] == pytest.approx(abs(0.25 - 0.4))


def test_of_accepts_the_by_column_name_for_cluster_tables():
    df = make_panel({"A": {"x": 10, "y": 30}, "B": {"x": 30, "y": 30}})
    df = df.rename(columns={"industry": "cluster"})
    a = hoover(df, of="cluster", by="cluster")
    b = hoover(df, of="industry", by="cluster")
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["cluster", "year", "hoover"]
    with pytest.raises(ValueError, match="of must be"):
        hoover(df, of="regions", by="cluster")


def test_errors_are_clear():
    with pytest.raises(DataError, match="reference region 'DG' is not in the table"):
        hoover(A, reference="DG")
    with pytest.raises(ValueError, match="against must be"):
        krugman(A, against="nation")
    with pytest.raises(ValueError, match="weighting must be"):
        gini(A, weighting="population")
    with pytest.raises(ValueError, match="reference table only applies"):
        hoover(A, of="industry", reference=NATION)


def test_several_years_are_separate_distributions():
    df = pd.concat([make_panel({"A": {"x": 10, "y": 30}, "B": {"x": 30, "y": 30}}, year=y)
                    for y in (2019, 2020)], ignore_index=True)
    df.loc[(df["year"] == 2020) & (df["region"] == "A") & (df["industry"] == "x"),
           "employment"] = 30.0
    out = hoover(df).set_index(["region", "year"])["hoover"]
    assert out[("A", 2020)] == 0.0 and out[("B", 2020)] == 0.0
    assert out[("A", 2019)] > 0


def test_lorenz_curve_area_gives_the_gini():
    df = make_panel({"A": {"x": 10, "y": 30, "z": 60}, "B": {"x": 5, "y": 0, "z": 1},
                     "C": {"x": 40, "y": 20, "z": 1}})
    for weighting in ("reference", "equal"):
        lc = lorenz_curve(df, weighting=weighting)
        assert (lc.groupby("region")["rank"].first() == 0).all()
        area = lc.groupby("region").apply(
            lambda g: np.sum(np.diff(g["cum_weight"]) * (g["cum_share"].to_numpy()[1:]
                                                         + g["cum_share"].to_numpy()[:-1])),
            include_groups=False)
        g = gini(df, weighting=weighting).set_index("region")["gini"]
        np.testing.assert_allclose(1 - area, g.loc[area.index], rtol=1e-12)
        # curve is convex: ordered by LQ
        assert lc.dropna(subset=["lq"]).groupby("region")["lq"].is_monotonic_increasing.all()


# --- properties --------------------------------------------------------------

matrices = st.integers(1, 5).flatmap(lambda r: st.integers(2, 6).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 1000), min_size=k, max_size=k)
                       .filter(lambda row: sum(row) > 0), min_size=r, max_size=r)))


def _panel(rows):
    return make_panel({f"R{j}": {f"i{k}": v for k, v in enumerate(row)}
                       for j, row in enumerate(rows)})


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_properties_of_specialisation_indices(rows):
    n = len(rows[0])
    out = specialisation_indices(_panel(rows))
    tol = 1e-12
    assert ((out["hhi"] >= 1 / n - tol) & (out["hhi"] <= 1 + tol)).all()
    assert ((out["hhi_normalised"] >= -tol) & (out["hhi_normalised"] <= 1 + tol)).all()
    assert (out["entropy"] <= math.log(n) + tol).all() and (out["entropy"] >= -tol).all()
    assert (out["theil_t"] >= -tol).all() and (out["theil_l"] >= -tol).all()
    assert ((out["gini"] >= -tol) & (out["gini"] < 1)).all()
    assert ((out["hoover"] >= -tol) & (out["hoover"] < 1)).all()
    share = out["employment"] / sum(map(sum, rows))
    np.testing.assert_allclose(out["krugman_aggregate"][share < 1],
                               ((1 - share) * out["krugman_rest"])[share < 1], atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 1000), min_size=2, max_size=8),
       st.lists(st.integers(1, 50), min_size=1, max_size=4))
def test_identical_structures_give_zero_and_equal_shares_give_log_n(base, scale):
    rows = [[b * c for b in base] for c in scale]
    out = specialisation_indices(_panel(rows))
    for col in ("hoover", "krugman_aggregate", "gini", "theil_t", "theil_l"):
        np.testing.assert_allclose(out[col], 0.0, atol=1e-12)
    if len(rows) > 1:
        np.testing.assert_allclose(out["krugman_rest"], 0.0, atol=1e-12)
    n = len(base)
    eq = entropy(_panel([[7] * n]))
    assert one(eq, "entropy") == pytest.approx(math.log(n), rel=1e-14)
    assert one(herfindahl(_panel([[7] * n])), "hhi") == pytest.approx(1 / n)


@settings(max_examples=40, deadline=None)
@given(matrices)
def test_properties_of_concentration_indices(rows):
    out = concentration_indices(_panel(rows)).dropna(subset=["hhi"])
    tol = 1e-12
    assert ((out["gini"] >= -tol) & (out["gini"] < 1)).all()
    assert (out["theil_t"] >= -tol).all() and (out["theil_l"] >= -tol).all()
    n = out["n_regions"]
    assert ((out["hhi"] >= 1 / n - tol) & (out["hhi"] <= 1 + tol)).all()


# --- Ellison–Glaeser ---------------------------------------------------------

def _eg_naive(plants, areas):
    """EG (1997), eq. (5), written out per industry."""
    x = areas.set_index("region")["employment"]
    x = x / x.sum()
    out = {}
    for ind, g in plants.groupby("industry"):
        e = g["employment"].sum()
        s = g.groupby("region")["employment"].sum().reindex(x.index, fill_value=0) / e
        G = ((s - x) ** 2).sum()
        H = ((g["employment"] / e) ** 2).sum()
        sx2 = (x ** 2).sum()
        out[ind] = (G - (1 - sx2) * H) / ((1 - sx2) * (1 - H))
    return pd.Series(out)


def test_ellison_glaeser_golden_and_against_naive(rng):
    areas = pd.DataFrame({"region": list("abcdefgh"),
                          "employment": rng.integers(100, 5000, 8).astype(float)})
    plants = pd.DataFrame({"industry": rng.choice(["p", "q", "r"], 60),
                           "region": rng.choice(list("abcdefgh"), 60),
                           "employment": rng.integers(1, 200, 60).astype(float)})
    out = ellison_glaeser(plants, areas).set_index("industry")["ellison_glaeser"]
    naive = _eg_naive(plants, areas)
    np.testing.assert_allclose(out.loc[naive.index], naive, rtol=1e-12)


def test_ellison_glaeser_per_year_and_single_plant():
    areas = pd.DataFrame({"region": ["a", "b"] * 2, "year": [2019, 2019, 2020, 2020],
                          "employment": [500.0, 500.0, 100.0, 900.0]})
    plants = pd.DataFrame({"industry": ["x"] * 4 + ["y"], "region": ["a"] * 4 + ["b"],
                           "year": [2019, 2019, 2020, 2020, 2020],
                           "employment": [10.0, 10.0, 10.0, 10.0, 5.0]})
    out = ellison_glaeser(plants, areas).set_index(["industry", "year"])
    # 2019: two equal plants in a (x_a = .5): G = .5, H = .5 -> γ = (.5 − .25)/.25 = 1
    assert out.loc[("x", 2019), "ellison_glaeser"] == pytest.approx(1.0)
    # 2020: x_a = .1: G = .81 + .81 = 1.62, Σx² = .82, H = .5
    assert out.loc[("x", 2020), "ellison_glaeser"] == pytest.approx(
        (1.62 - 0.18 * 0.5) / (0.18 * 0.5))
    assert np.isnan(out.loc[("y", 2020), "ellison_glaeser"])   # one plant: H = 1
    assert out.loc[("y", 2020), "n_plants"] == 1


def test_ellison_glaeser_rejects_unknown_areas_and_negative_sizes():
    areas = pd.DataFrame({"region": ["a"], "employment": [10.0]})
    with pytest.raises(DataError, match="area_employment lacks"):
        ellison_glaeser(pd.DataFrame({"industry": ["x"], "region": ["b"],
                                      "employment": [1.0]}), areas)
    with pytest.raises(DataError, match="missing or negative"):
        ellison_glaeser(pd.DataFrame({"industry": ["x"], "region": ["a"],
                                      "employment": [-1.0]}), areas)


def test_concentration_indices_with_plants_adds_eg_columns():
    df = make_panel({"a": {"x": 20, "y": 480}, "b": {"x": 0, "y": 500}})
    plants = pd.DataFrame({"industry": "x", "region": "a", "year": 2020,
                           "employment": [10.0, 10.0]})
    out = concentration_indices(df, plants=plants).set_index("industry")
    assert out.loc["x", "ellison_glaeser"] == pytest.approx(
        ellison_glaeser(plants, pd.DataFrame({"region": ["a", "b"], "year": 2020,
                                              "employment": [500.0, 500.0]}))
        ["ellison_glaeser"].iloc[0])
    assert np.isnan(out.loc["y", "ellison_glaeser"])


def test_missing_omit_compares_on_the_observed_items():
    a = make_panel({"A": {"x": 10, "y": 30, "z": np.nan}})
    out = specialisation_indices(a, reference=NATION, missing="omit").iloc[0]
    # A (.25, .75) against the nation's x, y renormalised: (500, 300)/800
    assert out["n_industries"] == 2 and out["employment"] == 40.0
    assert out["hoover"] == pytest.approx(0.5 * (abs(0.25 - 0.625) + abs(0.75 - 0.375)))
    assert out["krugman_rest"] == pytest.approx(abs(0.25 - 490 / 760) + abs(0.75 - 270 / 760))
    assert out["hhi_normalised"] == pytest.approx((0.625 - 0.5) / 0.5)
    assert specialisation_indices(a, reference=NATION).iloc[0, 3:].isna().all()
    full = make_panel({"A": {"x": 10, "y": 30, "z": 60}, "B": {"x": 5, "y": 0, "z": 1}})
    pd.testing.assert_frame_equal(specialisation_indices(full, missing="omit"),
                                  specialisation_indices(full))
    pd.testing.assert_frame_equal(concentration_indices(full, missing="omit"),
                                  concentration_indices(full))
    with pytest.raises(ValueError, match="missing must be"):
        hoover(full, missing="zero")


def test_missing_omit_on_the_sample_panel_with_suppressed_cells():
    import warnings
    import clusteranalysis as ca
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = ca.load_sample()
    assert panel["employment"].isna().any()
    strict = specialisation_indices(panel, reference="00")
    assert strict["hoover"].isna().all()          # every city has a suppressed division
    lenient = specialisation_indices(panel, reference="00", missing="omit")
    assert lenient["hoover"].between(0, 1).all()
    assert (lenient["n_industries"] < strict["n_industries"]).all()
