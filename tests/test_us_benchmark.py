"""US Cluster Mapping benchmark: built-in definition, linkages, strong clusters."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis.inputs.definitions import load_definition

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def us():
    return load_definition("us_benchmark")


def test_51_traded_and_16_local_clusters_with_subclusters(us):
    kinds = [c.kind for c in us.clusters]
    assert kinds.count("traded") == 51 and kinds.count("local") == 16
    assert all(c.subclusters for c in us.clusters)
    assert us.classification == "NAICS 2012"
    assert any("Delgado" in r for r in us.references)


def test_every_code_is_in_exactly_one_cluster_and_one_subcluster(us):
    f = us.to_frame()
    assert len(f) == 954 and f["code"].str.fullmatch(r"\d{6}").all()
    assert not f["code"].duplicated().any()
    m = us.match(f["code"])          # no overlap warning (pytest turns none into errors)
    assert (m["cluster"].to_numpy() == f["cluster"].to_numpy()).all()
    sub = us.subcluster_definition()
    sf = sub.to_frame()
    assert sorted(sf["code"]) == sorted(f["code"])
    assert (sf["cluster"].str.split("__").str[0].to_numpy()
            == f.set_index("code").loc[sf["code"], "cluster"].to_numpy()).all()


def test_benchmark_rows_of_the_crosswalk_map_to_their_cluster(us, shared_data):
    raw = pd.read_csv(shared_data / "us-cluster-definitions"
                      / "dps2016_naics2012_to_cluster_crosswalk.csv", dtype=str,
                      keep_default_na=False)
    bench = raw[raw["emsi_specific_naics"] == "False"]
    m = us.match(bench["naics"])
    labels = m["label"].fillna("").to_numpy()
    assert (labels == bench["cluster_name"].to_numpy()).all()
    # the one benchmark row without a cluster in the source maps to none
    assert m.loc[bench["cluster_name"].to_numpy() == "", "industry"].tolist() == ["814110"]
    # third-party rows (Emsi / NAICS 2017 codes) are not part of the benchmark
    extra = raw[raw["emsi_specific_naics"] == "True"]
    assert us.match(extra["naics"])["cluster"].isna().all()


def test_generated_files_are_up_to_date(shared_data, tmp_path):
    script = runpy.run_path(str(REPO / "data" / "make_us_benchmark.py"))
    script["main"]([str(shared_data / "us-cluster-definitions"), str(tmp_path)])
    for rel in ("definitions/us_benchmark.yaml", "us_cluster_linkages.csv"):
        assert (tmp_path / rel).read_text("utf-8") == (REPO / "data" / rel).read_text("utf-8")


def test_linkages_name_traded_clusters_of_the_definition(us):
    links = ca.load_linkages()
    kinds = {c.id: c.kind for c in us.clusters}
    assert len(links) == 203
    assert set(links["cluster"]) | set(links["linked_cluster"]) <= set(kinds)
    assert {kinds[c] for c in set(links["cluster"]) | set(links["linked_cluster"])} == {"traded"}
    sym = ca.load_linkages(symmetric=True)
    pairs = set(zip(sym["cluster"], sym["linked_cluster"]))
    assert all((b, a) in pairs for a, b in pairs)
    with pytest.raises(ca.DataError):
        ca.load_linkages("leipzig")


def test_subcluster_schema_errors(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text("name: d\nclassification: NAICS 2012\nclusters:\n"
                 "  - id: a\n    label: A\n    subclusters:\n      - {id: s, label: S}\n"
                 "    codes:\n      - {code: '336111', subcluster: s}\n"
                 "      - {code: '336112', subcluster: t}\n      - '336120'\n")
    with pytest.raises(ca.DataError) as err:
        load_definition(f)
    text = str(err.value)
    assert "unknown subcluster 't'" in text and "needs one" in text


# ------------------------------------------------------------- strong clusters

def _regions(emp, lq_total=1000.0, est=None):
    """One cluster ``c`` in len(emp) regions, one year; region totals 1,000."""
    rows = []
    for k, e in enumerate(emp):
        n = float(est[k]) if est is not None else (float(e > 0) * (k + 1))
        rows += [(f"R{k}", 2020, "c", float(e), n), (f"R{k}", 2020, "total", lq_total, 100.0)]
    return pd.DataFrame(rows, columns=["region", "year", "cluster", "employment",
                                       "establishments"])


def test_strong_quantiles_over_regions_with_employment_only():
    # four regions without employment in c, four with 5, 12, 15, 30 (LQ ∝ employment)
    t = _regions([0, 0, 0, 0, 5, 12, 15, 30])
    out = ca.classify_clusters(t, end=2020, method="strong").set_index("region")
    lq = out["lq"]
    # published rule: 75th percentile of the LQs of R4..R7 only
    q75 = np.quantile(lq[["R4", "R5", "R6", "R7"]], 0.75)
    assert q75 == pytest.approx(lq["R6"] + 0.25 * (lq["R7"] - lq["R6"]))
    assert out["strong_cluster"].astype(bool).tolist() == [False] * 7 + [True]
    # the old rule took the percentile over all eight regions (zeros included):
    # its threshold lies between R5 and R6, so R6 (LQ 1.5 > 1) was marked strong too
    old_q75 = np.quantile(lq, 0.75)
    assert lq["R6"] >= old_q75 and lq["R6"] >= 1 and lq["R6"] < q75
    assert not out.loc["R6", "strong_cluster"]
    # regions without employment are not strong, and not unknown
    assert out.loc[["R0", "R1", "R2", "R3"], "strong_cluster"].notna().all()
    # too few regions with employment: unknown for those, still False without employment
    few = ca.classify_clusters(t, end=2020, method="strong", min_regions=5)
    few = few.set_index("region")["strong_cluster"]
    assert few[["R4", "R5", "R6", "R7"]].isna().all()
    assert not few[["R0", "R1", "R2", "R3"]].astype(bool).any()


def test_strong_size_thresholds_over_regions_with_employment():
    # employment 25th percentile over the employed regions (old rule: over all, = 0,
    # so every employed region passed the size test)
    t = _regions([0, 0, 0, 40, 50, 60, 300], est=[0, 0, 0, 4, 5, 6, 7])
    nation = pd.DataFrame({"cluster": ["c"], "share": [0.01]})   # LQ = employment / 10
    out = ca.classify_clusters(t, end=2020, method="strong", strong_quantile=0.0,
                               reference=nation, establishments=None).set_index("region")
    # q=0 for the LQ makes only LQ ≥ 1 and the size rule matter; 25th percentile of
    # (40, 50, 60, 300) = 47.5: R3 (40) is too small although its LQ is above 1
    assert out.loc["R3", "lq"] > 1
    assert not out.loc["R3", "strong_cluster"]
    assert out.loc[["R4", "R5", "R6"], "strong_cluster"].astype(bool).all()


def test_strong_single_year_with_published_lqs_and_no_total_rows():
    t = _regions([0, 10, 20, 30, 40])
    t = t[t["cluster"] != "total"].assign(lq_emp=lambda d: d["employment"] / 25.0)
    out = ca.classify_clusters(t, end=2020, method="strong", lq="lq_emp")
    assert out["lq"].tolist() == pytest.approx([0, 0.4, 0.8, 1.2, 1.6])
    assert out["strong_cluster"].astype(bool).tolist() == [False, False, False, False, True]
    assert out["start_year"].isna().all() and out["lq_change"].isna().all()
    with pytest.raises(ValueError, match="start year"):
        ca.classify_clusters(t, end=2020, method="portfolio", lq="lq_emp")


def test_strong_with_reference_shares_equals_reference_totals():
    t = _regions([0, 10, 20, 30, 40, 50])
    nation = pd.DataFrame({"year": [2020, 2020], "cluster": ["c", "total"],
                           "employment": [300.0, 10000.0]})
    shares = pd.DataFrame({"cluster": ["c"], "share": [0.03]})
    a = ca.classify_clusters(t, end=2020, method="strong", reference=nation)
    b = ca.classify_clusters(t, end=2020, method="strong", reference=shares)
    np.testing.assert_allclose(a["lq"], b["lq"])
    assert a["strong_cluster"].tolist() == b["strong_cluster"].tolist()
    assert b["reference_growth_pct"].isna().all()


def test_strong_and_related_clusters_tables():
    t = _regions([0, 5, 12, 15, 30])
    t["cluster"] = t["cluster"].replace({"c": "automotive"})
    classified = ca.classify_clusters(t, end=2020, method="strong", min_regions=3)
    s = ca.strong_clusters(classified, "R4", definition="us_benchmark")
    assert s["cluster"].tolist() == ["automotive"]
    assert s["label"].tolist() == ["Automotive"] and s["kind"].tolist() == ["traded"]
    assert ca.strong_clusters(classified, "R1").empty
    r = ca.related_clusters(s["cluster"], strong=["plastics"])
    assert set(r["linked_cluster"]) == {"metalworking_technology", "plastics",
                                        "production_technology_and_heavy_machinery",
                                        "trailers_motor_homes_and_appliances"}
    assert r["strength"].is_monotonic_decreasing
    assert r.set_index("linked_cluster")["linked_is_strong"].to_dict()["plastics"]
    assert r["linked_label"].notna().all()
