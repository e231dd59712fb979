"""US data path on real BLS QCEW data: Franklin County, Ohio (39049), 2019–2020.

Runs what the US report does — parameter file → data → US reference from BLS's
published LQs → cluster profile and strong clusters with the US benchmark — and
checks the numbers against the raw file with plain pandas. Skips when
``../shared/data`` is not beside the clone.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import clusteranalysis as ca
from clusteranalysis.inputs.io import read_data
from clusteranalysis.inputs.us import read_qcew_panel, reference_from_bls_lqs
from clusteranalysis.metrics.strong import cluster_reference
from clusteranalysis.runner.params import ClusterReportParams

REPO = Path(__file__).resolve().parent.parent
PARAMS = REPO / "parameters" / "real" / "franklin_oh_2020.yaml"
FILE = "us-qcew-ohio-2020/qcew_2020_annual_delaware_franklin_oh.csv"


@pytest.fixture(scope="module")
def franklin():
    from conftest import SHARED

    if not (SHARED / FILE).is_file():
        pytest.skip(f"{SHARED / FILE} not found (../shared/data beside the clone)")
    raw = pd.read_csv(SHARED / FILE, dtype=str, keep_default_na=False)
    spec = yaml.safe_load(PARAMS.read_text(encoding="utf-8"))
    params = ClusterReportParams.model_validate({k: v for k, v in spec.items()
                                                 if k != "template"})
    path = SHARED / params.data_path.replace("../shared/data/", "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        panel = read_data(path, format=params.data_format)
    return params, panel, raw


def test_parameter_file_and_panel(franklin):
    params, panel, raw = franklin
    assert (params.region, params.start_year, params.end_year) == ("39049", 2019, 2020)
    assert params.definition == "us_benchmark" and params.data_format == "qcew"
    assert set(panel["region"]) == {"39041", "39049"}
    assert set(panel["year"]) == {2019, 2020}
    f = raw[(raw["area_fips"] == "39049")]
    total = f[(f["own_code"] == "0") & (f["agglvl_code"] == "70")]
    got = panel[(panel["region"] == "39049") & (panel["industry"] == "TOTAL")].set_index("year")
    assert got.loc[2020, "employment"] == float(total["annual_avg_emplvl"].iloc[0])
    assert got.loc[2019, "employment"] == float(total["annual_avg_emplvl"].iloc[0]) - float(
        total["oty_annual_avg_emplvl_chg"].iloc[0])
    # private 6-digit rows; suppressed cells missing and flagged, never 0
    p6 = f[(f["own_code"] == "5") & (f["agglvl_code"] == "78")]
    sup = p6[p6["disclosure_code"] == "N"]["industry_code"]
    plain = sup[~sup.str.fullmatch(r"238\d\d[12]")]
    rows = panel[(panel["region"] == "39049") & (panel["year"] == 2020)].set_index("industry")
    assert rows.loc[plain, "employment"].isna().all()
    assert (rows.loc[plain, "employment_flag"] == "suppressed").all()
    # QCEW's residential/nonresidential contractor codes are summed into NAICS 238xx0
    assert not rows.index.str.fullmatch(r"238\d\d[12]").any()
    parts = p6[p6["industry_code"].str.fullmatch(r"23822[12]")]
    if (parts["disclosure_code"] != "N").all():
        assert rows.loc["238220", "employment"] == parts["annual_avg_emplvl"].astype(float).sum()


def test_us_reference_from_bls_lqs_reproduces_the_published_lqs(franklin):
    _, panel, _ = franklin
    ref = reference_from_bls_lqs(panel)
    f = panel[(panel["region"] == "39049") & (panel["year"] == 2020)]
    lq = ca.location_quotient(f, reference=ref)
    m = lq.merge(f[["industry", "lq_employment"]], on="industry")
    m = m.merge(ref[["industry", "lq_source"]], on="industry")
    m = m[(m["lq_employment"] > 0) & m["lq"].notna() & (m["industry"] != "TOTAL")]
    assert len(m) > 300
    # where Franklin's own LQ gave the share: identical; elsewhere within the 2-decimal
    # rounding of both published LQs
    own = m["lq_source"] == "39049"
    np.testing.assert_allclose(m.loc[own, "lq"], m.loc[own, "lq_employment"], rtol=1e-12)
    other = m[~own]
    src = panel[(panel["region"] == "39041") & (panel["year"] == 2020)].set_index(
        "industry")["lq_employment"].reindex(other["industry"]).to_numpy()
    bound = 0.005 + other["lq_employment"].to_numpy() * 0.005 / src + 1e-9
    assert (np.abs(other["lq"].to_numpy() - other["lq_employment"].to_numpy()) <= bound).all()


def test_profile_and_strong_clusters_for_franklin(franklin):
    params, panel, _ = franklin
    ref = reference_from_bls_lqs(panel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        profile = ca.cluster_profile(panel, params.definition, region=params.region,
                                     start_year=params.start_year,
                                     end_year=params.end_year, reference=ref,
                                     measures=["employment", "establishments"])
        clusters = ca.aggregate_clusters(panel, params.definition,
                                         measures=["employment", "establishments"])
    d = ca.load_definition("us_benchmark")
    # clusters without any of their industries in the county file are not listed
    found = set(profile["cluster"]) - {"other", "total"}
    assert found <= set(d.ids) and len(found) >= 60
    total = profile.set_index("cluster").loc["total"]
    f = panel[(panel["region"] == "39049")].set_index(["year", "industry"])
    assert total["employment_end"] == f.loc[(2020, "TOTAL"), "employment"]
    # one cluster recomputed from the industries with pandas (no suppressed member)
    codes = d.to_frame().query("cluster == 'insurance_services'")["code"]
    member = f.loc[2020].reindex(codes).dropna(subset=["employment"])
    row = profile.set_index("cluster").loc["insurance_services"]
    if member["employment_flag"].isna().all():
        assert row["employment_end"] == pytest.approx(member["employment"].sum())
    assert profile.query("cluster != 'total'")["lq_start"].isna().all()  # no 2019 LQs
    crf = cluster_reference(ref, d)
    classified = ca.classify_clusters(clusters, end=2020, reference=crf, method="strong",
                                      min_regions=2)
    mine = classified[classified["region"] == "39049"]
    assert set(mine["cluster"]) <= set(d.ids) and len(mine) >= 60
    # a cluster with a suppressed member has no LQ and no verdict (never "not strong")
    missing = mine["employment_end"].isna()
    assert mine.loc[missing, "strong_cluster"].isna().all()
    # the LQ against the US shares: (e_c / e_total) / (E_c / E), E = 1
    share = crf.set_index("cluster")["employment"]
    known = mine.dropna(subset=["employment_end"]).set_index("cluster")
    known = known[known.index.isin(share.dropna().index)]
    assert len(known) >= 3
    tot = f.loc[(2020, "TOTAL"), "employment"]
    np.testing.assert_allclose(known["lq"], known["employment_end"] / tot
                               / share.reindex(known.index))
    # Delaware County withholds a member of every cluster in 2020, so no cluster has the
    # two regions the percentiles need: no verdict rather than a wrong one
    assert mine["strong_cluster"].isna().all()
    strong = ca.strong_clusters(classified, "39049", definition=d)
    assert (strong["strong_lq"] >= 1).all()
    related = ca.related_clusters(strong["cluster"], strong=strong["cluster"])
    assert set(related["cluster"]) <= set(strong["cluster"])
    assert set(related["linked_cluster"]) <= set(d.ids)


def test_qcew_folder_with_a_national_file_gives_us000(tmp_path, franklin):
    _, _, raw = franklin
    county = raw[raw["area_fips"] == "39049"]
    nation = county.assign(area_fips="US000", agglvl_code=county["agglvl_code"].str.replace(
        r"^7", "1", regex=True))
    county.to_csv(tmp_path / "a_39049.csv", index=False)
    nation.to_csv(tmp_path / "b_us.csv", index=False)
    panel = read_qcew_panel(tmp_path)
    assert panel.attrs["reference"] == "US000"
    lq = ca.location_quotient(panel[panel["year"] == 2020], reference="US000")
    assert np.allclose(lq["lq"].dropna(), 1.0)   # the same numbers as the reference
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        clusters = ca.aggregate_clusters(panel, "us_benchmark",
                                         measures=["employment", "establishments"])
    out = ca.classify_clusters(clusters, end=2020, method="strong", reference="US000",
                               min_regions=1)
    assert set(out["region"]) == {"39049"}
    assert np.allclose(out["lq"].dropna(), 1.0)
