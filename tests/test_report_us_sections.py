"""Sections of the US Cluster Mapping view (strong clusters, related clusters) and the
report changes for many clusters and BLS QCEW data, on hand-made tables.

The strong-cluster verdicts below are worked out by hand from the published rule
(LQ ≥ 1 and ≥ the 75th percentile of the regions with employees in the cluster,
employees and establishments above their 25th percentiles, linear interpolation).
"""

from __future__ import annotations

import re
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import clusteranalysis as ca
from clusteranalysis import report
from clusteranalysis.report._largest import MAX_CHART_CLUSTERS, largest_clusters
from clusteranalysis.report.context import ReportMeta
from clusteranalysis.report.notes import suppression_note
from clusteranalysis.report.us_view import strong_view

US = ca.load_definition("us_benchmark")
CODES = US.to_frame().groupby("cluster")["code"].first()

#: region → (automotive employees, establishments), (insurance employees, establishments)
REGIONS = {"R1": ((300, 30), (50, 3)), "R2": ((10, 5), (120, 10)),
           "R3": ((20, 6), (100, 4)), "R4": ((30, 7), (100, 5)),
           "R5": ((40, 8), (100, 6))}


def _clusters(regions=REGIONS) -> pd.DataFrame:
    rows = []
    for r, ((auto, auto_est), (ins, ins_est)) in regions.items():
        rows += [(r, 2020, CODES["automotive"], auto, auto_est),
                 (r, 2020, CODES["insurance_services"], ins, ins_est),
                 (r, 2020, "TOTAL", 1000.0, 100.0)]
    panel = pd.DataFrame(rows, columns=["region", "year", "industry", "employment",
                                        "establishments"])
    panel = panel.astype({"region": "string", "industry": "string",
                          "employment": "float64", "establishments": "float64"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # industries outside the two clusters
        return ca.aggregate_clusters(panel, US)


def _meta(region="R1", language="en", **kw):
    return ReportMeta(language=language, start=2019, end=2020, region=region,
                      region_name=kw.pop("region_name", f"Region {region}"),
                      reference_name=kw.pop("reference_name", "all regions in the data"),
                      **kw)


def _view(region, regions=REGIONS, language="en"):
    return strong_view(_clusters(regions), US, region=region, end=2020,
                       peers=set(regions), reference=None, cluster_reference=None,
                       min_regions=4, language=language)


def test_strong_clusters_golden():
    # automotive: LQ R1 = (300/1000)/(400/5000) = 3.75 ≥ p75 = 0.5, 300 > p25 = 20, 30 > 6
    # insurance: LQ R2 = (120/1000)/(470/5000) = 1.277 ≥ p75 = 1.064; 120 > 100; 10 > 4;
    # R3–R5 have LQ 1.064 ≥ p75 but 100 employees are not above p25 = 100
    expected = {"R1": ["automotive"], "R2": ["insurance_services"], "R3": [], "R4": [],
                "R5": []}
    for region, strong in expected.items():
        v = _view(region)
        assert list(v.strong["cluster"]) == strong, region
    v = _view("R1")
    assert v.basis == "strong" and v.n_regions == 5
    assert v.strong.loc[0, "lq"] == pytest.approx(3.75)
    # related clusters of R1's strong automotive cluster: the published linkages
    assert sorted(v.related["linked_cluster"]) == [
        "metalworking_technology", "plastics", "production_technology_and_heavy_machinery",
        "trailers_motor_homes_and_appliances"]


def test_strong_section_lists_the_strong_clusters_and_says_what_strong_means():
    s = report.strong_section(_view("R1"), _meta())
    text = s.text()
    assert s.title == "Strong clusters" and not s.omitted
    assert "75th percentile" in text and "25th percentile" in text
    assert "all regions in the data" in text           # against what the LQ is measured
    assert "only 5 regions" in text and "small" in text  # 5 < 20: a small comparison set
    rows = re.findall(r"<tr>(.*?)</tr>", s.html(), flags=re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r) for r in rows]
    assert cells[1] == ["Automotive", "traded", "300", "3.75"]
    assert len(cells) == 2


def test_strong_section_when_nothing_is_strong_or_nothing_can_be_judged():
    text = report.strong_section(_view("R3"), _meta("R3")).text()
    assert "None of the 2 clusters that could be judged is strong." in text
    two = {k: REGIONS[k] for k in ("R1", "R2")}   # 2 regions < min_regions 4: no verdict
    text = report.strong_section(_view("R1", two), _meta()).text()
    assert "No cluster could be judged in 2020." in text
    assert "No cluster has employees in at least 4 regions of the data." in text
    assert "only 2 regions" in text


def test_strong_section_counts_withheld_clusters_and_never_calls_them_not_strong():
    regions = dict(REGIONS, R1=((np.nan, 30), (50, 3)))
    v = _view("R1", regions)
    auto = v.classes.set_index("cluster").loc["automotive"]
    assert pd.isna(auto["strong_cluster"]) and pd.isna(auto["lq"])
    text = report.strong_section(v, _meta()).text()
    assert "1 of 2 clusters could be judged" in text
    assert "never as not strong" in text


def test_related_section_from_strong_clusters():
    s = report.related_section(_view("R1"), _meta())
    text = s.text()
    assert s.title == "Related clusters"
    assert "Clusters linked to the strong clusters of Region R1: Automotive." in text
    for label in ("Metalworking Technology", "Plastics",
                  "Production Technology and Heavy Machinery",
                  "Trailers, Motor Homes, and Appliances"):
        assert label in text


def test_related_section_falls_back_to_specialised_clusters_and_says_so():
    v = _view("R3")   # insurance LQ 1.064 ≥ 1 but not strong
    assert v.basis == "specialised"
    s = report.related_section(v, _meta("R3"))
    assert "starts from the clusters with an LQ of at least 1" in s.text()
    linked = set(ca.related_clusters(["insurance_services"])["linked_cluster"])
    assert set(v.related["linked_cluster"]) == linked and len(linked) > 3


def test_related_section_without_strong_or_specialised_clusters_is_one_sentence():
    regions = dict(REGIONS, R3=((1, 6), (1, 4)))
    v = _view("R3", regions)
    assert v.basis == "none"
    s = report.related_section(v, _meta("R3"))
    assert s.omitted and len(s.blocks) == 1


def test_sections_do_not_apply_without_linkages():
    panel = ca.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # coarse codes of the sample
        clusters = ca.aggregate_clusters(panel[panel["year"] == 2020], "leipzig")
    v = strong_view(clusters, ca.load_definition("leipzig"), region="14700", end=2020,
                    peers={"14700"}, reference=None, cluster_reference=None, min_regions=4)
    assert v is None
    assert report.strong_section(None, _meta()) is None
    assert report.related_section(None, _meta()) is None


def test_sample_report_has_no_us_view():
    r = report.cluster_report_data(region="14700", start_year=2015, end_year=2020,
                                   reference="00", data_path="data/sample_panel.csv")
    assert r.strong is None
    assert report.strong_section(r.strong, r.meta) is None


def test_sections_in_german_and_escaped():
    s = report.strong_section(_view("R1", language="de"), _meta(language="de"))
    assert s.title == "Starke Cluster" and "überregional" in s.text()
    assert "75. Perzentil" in s.text()
    meta = _meta(region_name="<b>R1</b>")
    for section in (report.strong_section(_view("R1"), meta),
                    report.related_section(_view("R1"), meta)):
        page = section.html()
        assert "<b>R1</b>" not in page and "&lt;b&gt;R1&lt;/b&gt;" in page


def _profile(n, withheld=()):
    ids = [f"c{k:02d}" for k in range(n)]
    emp = [float(1000 - k) for k in range(n)]
    df = pd.DataFrame({"cluster": ids, "label": ids, "employment_end": emp,
                       "establishments_end": [10.0] * n})
    df.loc[df["cluster"].isin(withheld), "employment_end"] = np.nan
    df.loc[df["cluster"].isin(withheld), "establishments_end"] = 10_000.0
    tot = pd.DataFrame({"cluster": ["other", "total"], "label": ["Other", "Total"],
                        "employment_end": [5.0, 1e6], "establishments_end": [1.0, 1e4]})
    return pd.concat([df, tot], ignore_index=True)


def test_largest_clusters_keeps_every_cluster_up_to_the_limit():
    p = _profile(MAX_CHART_CLUSTERS)
    rows, note = largest_clusters(p, _meta())
    assert note is None and rows is p


def test_largest_clusters_shows_the_largest_and_ranks_withheld_last():
    p = _profile(30, withheld=["c00", "c01"])
    rows, note = largest_clusters(p, _meta())
    kept = set(rows["cluster"]) - {"other", "total"}
    # withheld employment is never taken as 0 nor as large: ranked after every known value
    assert kept == {f"c{k:02d}" for k in range(2, 22)}
    assert {"other", "total"} <= set(rows["cluster"])
    assert "20 largest of the 30 clusters" in note


def test_shares_chart_of_67_clusters_shows_20_and_says_so():
    p = _profile(67).assign(employment_share=0.01, establishments_share=0.01)
    s = report.shares_section(p, _meta(), ["employment", "establishments"])
    assert "20 largest of the 67 clusters" in s.text()
    ax = s.figures[0].axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len([t for t in labels if t.startswith("c")]) == MAX_CHART_CLUSTERS


def test_suppression_note_counts_withheld_industries_and_employees():
    panel = pd.DataFrame({"region": "39049", "year": 2020,
                          "industry": ["111110", "111120", "111130", "TOTAL"],
                          "employment": [100.0, np.nan, 300.0, 1000.0],
                          "establishments": [5.0, 2.0, 7.0, 50.0]})
    text = " ".join(suppression_note(panel, _meta("39049", region_name="Franklin")))
    assert "1 of the 3 private industries" in text and "(2 establishments)" in text
    assert "400 employees, 40.0% of the 1,000 employees" in text
    assert "never counted as 0" in text
    complete = panel.assign(employment=panel["employment"].fillna(200.0))
    assert suppression_note(complete, _meta("39049")) == []


def test_qcew_source_and_licence(tmp_path):
    f = tmp_path / "qcew.csv"
    f.write_text("x\n", encoding="utf-8")
    data = SimpleNamespace(meta=_meta(), is_sample=False, files=[f], data_format="qcew",
                           panel=pd.DataFrame({"region": ["1"]}))
    info = report.front.source_info(data)
    assert "Bureau of Labor Statistics" in info["source"] and "qcew.csv" in info["source"]
    assert info["licence"].startswith("public domain")
    data.data_format = "tidy"
    assert report.front.source_info(data)["licence"] == "not stated in the data"


def test_intervals_and_portfolio_with_a_reference_known_as_shares():
    ci = pd.DataFrame(columns=["cluster", "employment"])
    ci.attrs["reference_shares"] = True
    s = report.lq_intervals_section(ci, _meta())
    assert s.omitted and "only as shares" in s.text()
    p = _profile(3).assign(lq_start=np.nan, lq=1.2, lq_change=np.nan)
    s = report.portfolio_section(p, _meta())
    assert not s.figures and "no portfolio chart" in s.text()


def test_index_chart_years_are_plain_numbers():
    from clusteranalysis import plotting

    t = pd.DataFrame({"cluster": ["a", "a", "total", "total"], "label": ["A", "A", "T", "T"],
                      "year": [2019, 2020, 2019, 2020], "index": [100.0, 90, 100, 95]})
    ax = plotting.index_chart(t)
    ax.figure.canvas.draw()
    lo, hi = ax.get_xlim()
    labels = [t.get_text() for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]
    assert labels == ["2019", "2020"]
    assert ax.xaxis.get_offset_text().get_text() == ""


def test_partial_reference_flags_clusters_whose_us_share_misses_industries():
    from clusteranalysis.metrics.strong import cluster_reference
    from clusteranalysis.report.us_view import partial_reference

    members = US.to_frame().groupby("cluster")["code"].apply(list)
    ins, auto = members["insurance_services"], members["automotive"]
    # every insurance industry has a US share, automotive only its first one
    ref = pd.DataFrame({"year": 2020, "industry": [*ins, auto[0], "TOTAL"],
                        "employment": [0.001] * (len(ins) + 1) + [1.0]})
    profile = pd.DataFrame({"cluster": ["automotive", "insurance_services", "plastics",
                                        "total"],
                            "label": ["Automotive", "Insurance Services", "Plastics", "Total"],
                            "lq": [1.5, 2.0, np.nan, 1.0]})
    # plastics has no LQ (nothing to warn about), the total is not a cluster
    assert partial_reference(cluster_reference(ref, US), US, profile) == ["Automotive"]
