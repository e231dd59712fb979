"""Cluster classification: portfolio quadrants, strong clusters, ECO stars."""

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import DataError, growth, location_quotient
from clusteranalysis.metrics.classify import classify_clusters
from clusteranalysis.inputs.definitions import Cluster, ClusterDefinition


def table(rows, years=(2010, 2020)):
    """{region: {cluster: (start, end)}} -> cluster table with total rows
    (total = sum of clusters + 100 employees in 'other')."""
    out = []
    for r, cl in rows.items():
        for k, y in enumerate(years):
            tot = 100.0
            for c, v in cl.items():
                out.append((r, y, c, float(v[k])))
                tot += float(v[k])
            out.append((r, y, "other", 100.0))
            out.append((r, y, "total", tot))
    return pd.DataFrame(out, columns=["region", "year", "cluster", "employment"])


def test_portfolio_golden_quadrants():
    t = table({"A": {"star": (60, 120), "mature": (80, 70), "emerging": (5, 15),
                     "transf": (10, 8)},
               "N": {"star": (100, 100), "mature": (100, 100), "emerging": (100, 100),
                     "transf": (100, 100)}})
    out = classify_clusters(t, start=2010, end=2020, reference="N", method="portfolio")
    assert set(out["region"]) == {"A"}
    assert "other" not in set(out["cluster"])
    q = dict(zip(out["cluster"], out["quadrant"]))
    assert q == {"star": "Star", "mature": "Mature", "emerging": "Emerging",
                 "transf": "Transforming"}
    row = out.set_index("cluster").loc["star"]
    # A 2010: 60/255 against N 100/500; 2020: 120/313
    assert row["lq_start"] == pytest.approx((60 / 255) / (100 / 500))
    assert row["lq"] == pytest.approx((120 / 313) / (100 / 500))
    assert row["employment_growth_pct"] == pytest.approx(100.0)
    assert row["reference_growth_pct"] == pytest.approx(0.0)


def test_portfolio_thresholds_and_growth_trend():
    t = table({"A": {"c": (30, 33)}, "N": {"c": (100, 105)}})
    # LQ: 30/130 / (100/200) = .46 -> 33/133 / (105/205) = .48: rising LQ
    base = classify_clusters(t, start=2010, end=2020, reference="N", method="portfolio")
    assert base["quadrant"].item() == "Emerging"
    high = classify_clusters(t, start=2010, end=2020, reference="N", method="portfolio",
                             lq_threshold=0.4)
    assert high["quadrant"].item() == "Star"
    # growth 10 % vs 5 % nationally: 5 pp faster; a 6 pp threshold makes it "not rising"
    g = classify_clusters(t, start=2010, end=2020, reference="N", method="portfolio",
                          trend="growth", trend_threshold=6.0)
    assert g["quadrant"].item() == "Transforming"


def test_lq_and_growth_columns_agree_with_the_metric_functions():
    rng = np.random.default_rng(3)
    t = table({r: {c: tuple(rng.integers(1, 500, 2)) for c in "abc"}
               for r in ["R1", "R2", "R3", "N"]})
    out = classify_clusters(t, start=2010, end=2020, reference="N")
    lq = location_quotient(t[t["year"] == 2020], by="cluster", total_code="total",
                           reference="N")
    m = out.merge(lq, on=["region", "cluster"], suffixes=("", "_metric"))
    assert len(m) == 9
    np.testing.assert_allclose(m["lq"], m["lq_metric"], rtol=1e-14)
    gr = growth(t[t["region"] != "N"], start=2010, end=2020, by="cluster")
    m = out.merge(gr, on=["region", "cluster"], suffixes=("", "_g"))
    np.testing.assert_allclose(m["employment_growth_pct"], m["employment_growth_pct_g"],
                               rtol=1e-14)


def test_freiburg_growth_inputs_match_reat_portfolio(shared_data):
    src = pd.read_csv(shared_data / "de-reat-germany" / "Freiburg_city_vs_germany_2008_2014.csv")
    exp = pd.read_csv(shared_data / "worked-examples" / "freiburg_portfolio_expected_REAT.csv")
    rows = []
    for place, col in (("Freiburg", "e_Freiburg"), ("Germany", "e_Germany")):
        for y in (2008, 2014):
            rows += [(place, y, ind, v) for ind, v in zip(src["industry"], src[f"{col}{y}"])]
            rows.append((place, y, "total", src[f"{col}{y}"].sum()))   # 9 rows = economy
    t = pd.DataFrame(rows, columns=["region", "year", "cluster", "employment"])
    out = classify_clusters(t, start=2008, end=2014, reference="Germany",
                            method="portfolio").set_index("cluster")
    exp = exp.set_index("industry")
    assert len(out) == 9
    np.testing.assert_allclose(out.loc[exp.index, "employment_growth_pct"],
                               exp["regional_growth_pct"], rtol=1e-12)
    np.testing.assert_allclose(out.loc[exp.index, "reference_growth_pct"],
                               exp["national_growth_pct"], rtol=1e-12)
    # REAT's bubble size is Freiburg's 2014 employment scaled to a maximum of 10
    np.testing.assert_allclose(10 * out.loc[exp.index, "employment_end"]
                               / out["employment_end"].max(), exp["point_size_REAT"],
                               rtol=1e-12)


def _eight_regions():
    # cluster c in eight regions; region totals 1,000 each (+ nation)
    emp = [5, 10, 20, 40, 60, 80, 200, 300]
    est = [1, 2, 3, 4, 5, 6, 7, 8]
    rows = []
    for k, (e, n) in enumerate(zip(emp, est)):
        for y in (2010, 2020):
            rows += [(f"R{k}", y, "c", float(e), float(n)),
                     (f"R{k}", y, "total", 1000.0, 100.0)]
    return pd.DataFrame(rows, columns=["region", "year", "cluster", "employment",
                                       "establishments"])


def test_strong_cluster_rule_golden():
    t = _eight_regions()
    out = classify_clusters(t, start=2010, end=2020, method="strong").set_index("region")
    # LQ ∝ employment; reference = all regions: E_c/E = 715/8000
    lq = out["lq"]
    assert lq["R7"] == pytest.approx(0.3 / (715 / 8000))
    q75 = np.quantile(lq, 0.75)                 # between R5 and R6
    assert ((lq >= q75) & (lq >= 1)).sum() == 2
    expected = (lq >= q75) & (lq >= 1) & (out["employment_end"] > np.quantile(
        out["employment_end"], 0.25))
    assert out["strong_cluster"].astype(bool).tolist() == expected.tolist()
    assert out["strong_cluster"].sum() == 2     # R6, R7
    assert out["strong_cluster_top10"].sum() == 1  # R7
    # establishments must also be above the bottom quartile: remove them from R7
    t.loc[(t["region"] == "R7") & (t["cluster"] == "c"), "establishments"] = 0.0
    out = classify_clusters(t, start=2010, end=2020, method="strong").set_index("region")
    assert not out.loc["R7", "strong_cluster"]
    out = classify_clusters(t, start=2010, end=2020, method="strong",
                            establishments=None).set_index("region")
    assert out.loc["R7", "strong_cluster"]


def test_strong_cluster_needs_enough_regions():
    t = table({"A": {"c": (30, 60)}, "N": {"c": (100, 100)}})
    out = classify_clusters(t, start=2010, end=2020, reference="N", method="strong")
    assert out["strong_cluster"].isna().all()
    assert out["lq"].notna().all()


def test_strong_cluster_lq_against_traded_employment():
    rows = []
    for r, (tr1, tr2, loc) in {"A": (50, 50, 400), "B": (10, 90, 100), "C": (30, 30, 40),
                               "D": (20, 20, 240)}.items():
        for y in (2010, 2020):
            rows += [(r, y, "t1", float(tr1)), (r, y, "t2", float(tr2)),
                     (r, y, "l1", float(loc)), (r, y, "total", float(tr1 + tr2 + loc))]
    t = pd.DataFrame(rows, columns=["region", "year", "cluster", "employment"])
    d = ClusterDefinition("demo", "WZ 2008", (
        Cluster("t1", "T1", ("29",), kind="traded"), Cluster("t2", "T2", ("30",), kind="traded"),
        Cluster("l1", "L1", ("47",), kind="local")))
    out = classify_clusters(t, start=2010, end=2020, method="strong", definition=d,
                            min_regions=2).set_index(["region", "cluster"])
    # A's t1 against traded employment: (50/100) / (110/300)
    assert out.loc[("A", "t1"), "strong_lq"] == pytest.approx(0.5 / (110 / 300))
    assert out.loc[("A", "t1"), "lq"] == pytest.approx((50 / 500) / (110 / 1080))
    assert out.loc[("A", "l1"), "strong_lq"] == pytest.approx(1.0)  # the only local cluster
    plain = classify_clusters(t, start=2010, end=2020, method="strong", min_regions=2)
    np.testing.assert_allclose(plain["strong_lq"], plain["lq"])


def test_strong_cluster_lq_is_na_where_a_cluster_of_its_kind_is_withheld():
    rows = []
    for r, (tr1, tr2, loc) in {"A": (50, 50, 400), "B": (10, None, 100), "C": (30, 30, 40),
                               "D": (20, 20, 240), "N": (200, 300, 1000)}.items():
        for y in (2010, 2020):
            total = 1500.0 if r == "N" else (tr1 + (tr2 or 35) + loc)  # B's total is known
            rows += [(r, y, "t1", float(tr1)), (r, y, "t2", tr2 and float(tr2)),
                     (r, y, "l1", float(loc)), (r, y, "total", total)]
    t = pd.DataFrame(rows, columns=["region", "year", "cluster", "employment"])
    d = ClusterDefinition("demo", "WZ 2008", (
        Cluster("t1", "T1", ("29",), kind="traded"), Cluster("t2", "T2", ("30",), kind="traded"),
        Cluster("l1", "L1", ("47",), kind="local")))
    out = classify_clusters(t, start=2010, end=2020, method="strong", definition=d,
                            reference="N", min_regions=2).set_index(["region", "cluster"])
    # B's traded employment is unknown (t2 withheld): not 10 / 10 from a partial sum
    assert pd.isna(out.loc[("B", "t1"), "strong_lq"])
    assert out.loc[("B", "l1"), "strong_lq"] == pytest.approx(1.0)  # local kind complete
    assert out.loc[("A", "t1"), "strong_lq"] == pytest.approx(0.5 / (200 / 500))


def test_eco_stars_golden():
    t = _eight_regions()
    out = classify_clusters(t, start=2010, end=2020, method="stars").set_index("region")
    # size: employment ≥ 90th percentile -> only R7; specialisation LQ ≥ 2: R6, R7
    # (200/1000 / (715/8000) = 2.24); focus = share of region: same order as size
    assert out["star_size"].astype(bool).tolist() == [False] * 7 + [True]
    assert out["star_specialisation"].astype(bool).tolist() == [False] * 6 + [True, True]
    assert out["star_focus"].astype(bool).tolist() == [False] * 7 + [True]
    assert out["stars"].tolist() == [0] * 6 + [1, 3]
    strict = classify_clusters(t, start=2010, end=2020, method="stars", star_lq=3.0)
    assert strict["star_specialisation"].sum() == 1


def test_all_methods_one_tidy_table_and_missing_values():
    t = _eight_regions()
    t.loc[(t["region"] == "R0") & (t["cluster"] == "c") & (t["year"] == 2020),
          "employment"] = np.nan
    out = classify_clusters(t, start=2010, end=2020)
    assert len(out) == 8
    for col in ("quadrant", "strong_cluster", "strong_cluster_top10", "star_size",
                "star_specialisation", "star_focus", "stars"):
        assert col in out.columns
    r0 = out.set_index("region").loc["R0"]
    assert pd.isna(r0["quadrant"]) and pd.isna(r0["strong_cluster"]) and pd.isna(r0["stars"])
    # the missing value makes the reference (sum of regions) missing: LQs are
    # missing everywhere, never computed from a zero
    assert out["lq"].isna().all()


def test_errors_are_clear():
    t = table({"A": {"c": (1, 2)}, "N": {"c": (1, 2)}})
    with pytest.raises(ValueError, match="method must be among"):
        classify_clusters(t, start=2010, end=2020, method="quadrants")
    with pytest.raises(DataError, match="year 2015 is not in the table"):
        classify_clusters(t, start=2015, end=2020)
    with pytest.raises(DataError, match="reference region 'DG'"):
        classify_clusters(t, start=2010, end=2020, reference="DG")
    with pytest.raises(DataError, match="no region-total rows"):
        classify_clusters(t[t["cluster"] != "total"], start=2010, end=2020)
    with pytest.raises(ValueError, match="end year"):
        classify_clusters(t, start=2020, end=2010)


def test_given_reference_table_and_sample_data():
    import clusteranalysis as ca
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clusters = ca.aggregate_clusters(ca.load_sample(), "leipzig")
    out = classify_clusters(clusters, start=2015, end=2020, reference="00",
                            definition="leipzig")
    assert set(out["cluster"]) == set(clusters["cluster"]) - {"other", "total"}
    assert out["quadrant"].notna().all()
    assert out["region"].nunique() == clusters["region"].nunique() - 1
    assert "00" not in set(out["region"])
    ref = clusters[clusters["region"] == "00"][["year", "cluster", "employment"]]
    given = classify_clusters(clusters[clusters["region"] != "00"], start=2015, end=2020,
                              reference=ref, definition="leipzig")
    pd.testing.assert_frame_equal(out.reset_index(drop=True), given.reset_index(drop=True))
