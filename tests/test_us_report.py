"""The US report on real BLS QCEW data: Franklin County, Ohio (39049), 2019–2020.

Runs the shipped parameter file ``parameters/real/franklin_oh_2020.yaml`` through the
batch runner (the data read from ``../shared/data``, as the file says) and checks the
HTML against numbers computed here from the raw CSV with pandas and the library's
published rule: the strong-cluster verdicts, the related clusters, a location quotient
against the US shares implied by BLS's LQs, the suppression counts; no warning or
traceback text, every word English, values escaped. Skips without ``../shared/data``.
"""

from __future__ import annotations

import re
import warnings
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
import yaml

import clusteranalysis as ca
from clusteranalysis.inputs.us import read_qcew_panel, reference_from_bls_lqs
from test_real_data_report import html_rows
from test_report_languages import foreign_words, visible_text

REPO = Path(__file__).resolve().parent.parent
PARAMS = REPO / "parameters" / "real" / "franklin_oh_2020.yaml"
FILE = "us-qcew-ohio-2020/qcew_2020_annual_delaware_franklin_oh.csv"
_RUN: dict = {}


@pytest.fixture
def franklin(shared_data, tmp_path_factory):
    """The report's HTML and the raw QCEW file (run once per session)."""
    if not (shared_data / FILE).is_file():
        pytest.skip(f"{shared_data / FILE} not found")
    if not _RUN:
        from clusteranalysis.runner import run_batch

        tmp = tmp_path_factory.mktemp("us_report")
        content = yaml.safe_load(PARAMS.read_text(encoding="utf-8"))
        assert content["data_path"] == f"../shared/data/{FILE}"  # beside the clone
        content["data_path"] = str(shared_data / FILE)  # where this test finds it
        params = tmp / PARAMS.name
        params.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        result = run_batch([params], tmp / "out", jobs=1, data_roots=[shared_data],
                           project_root=REPO, quiet=True)
        assert result.exit_code == 0, [r.error for r in result.reports]
        _RUN["html"] = (tmp / "out" / "franklin_oh_2020.html").read_text(encoding="utf-8")
        _RUN["raw"] = pd.read_csv(shared_data / FILE, dtype=str, keep_default_na=False)
        _RUN["path"] = shared_data / FILE
    return _RUN


def _section(page: str, title: str) -> str:
    """The HTML of the report section with heading *title*."""
    m = re.search(rf"<h2>{re.escape(title)}</h2>(.*?)</section>", page, flags=re.S)
    assert m, f"no section {title!r}"
    return m.group(1)


def _expected(path):
    """Strong verdicts and related clusters by the library's rule on the same file."""
    from clusteranalysis.metrics.strong import cluster_reference

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        panel = read_qcew_panel(path)
        d = ca.load_definition("us_benchmark")
        ref = cluster_reference(reference_from_bls_lqs(panel), d)[["year", "cluster",
                                                                    "employment"]]
        agg = ca.aggregate_clusters(panel[panel["year"] == 2020], d)
        classified = ca.classify_clusters(agg, end=2020, reference=ref, method="strong",
                                          min_regions=4)
    return classified[classified["region"] == "39049"], d


def test_strong_clusters_section_matches_the_rule(franklin):
    mine, _d = _expected(franklin["path"])
    strong = ca.strong_clusters(mine, "39049")
    text = unescape(visible_text(_section(franklin["html"], "Strong clusters")))
    assert "75th percentile" in text and "the comparison set is small" in text
    assert "only 2 regions" in text
    assert "the United States (shares implied by the location quotients" in text
    if strong.empty:  # both counties withhold a member of most clusters in 2020
        assert "No cluster could be judged in 2020." in text
        no_lq = int(mine["lq"].isna().sum())
        assert f"{no_lq} of the {len(mine)} clusters have no LQ" in text
    else:  # pragma: no cover - other vintages of the file
        for label in strong["label"]:
            assert label in text


def test_related_clusters_section_matches_the_linkages(franklin):
    mine, d = _expected(franklin["path"])
    specialised = mine[(mine["lq"] >= 1).fillna(False).to_numpy(bool)].sort_values(
        "lq", ascending=False)
    related = ca.related_clusters(specialised["cluster"], definition=d)
    assert len(related) >= 5
    part = _section(franklin["html"], "Related clusters")
    rows = [r for r in html_rows(part) if r and r[0] != "Cluster"]
    assert [(r[0], r[1]) for r in rows] == list(zip(related["label"],
                                                     related["linked_label"]))
    assert {r[2] for r in rows} <= {"very strong", "strong", "weaker"}
    assert "starts from the clusters with an LQ of at least 1" in unescape(part)


def test_lq_against_the_us_from_the_raw_file(franklin):
    """Insurance Services: LQ = (e_c / e_total) / Σ_i E_i/E, with E_i/E = (e_i/e)/LQ_i."""
    raw = franklin["raw"]
    codes = ca.load_definition("us_benchmark").to_frame().query(
        "cluster == 'insurance_services'")["code"]
    six = raw[(raw["own_code"] == "5") & (raw["agglvl_code"] == "78")
              & raw["industry_code"].isin(codes)]
    assert (six.loc[six["area_fips"] == "39049", "disclosure_code"] != "N").all()
    tot = raw[(raw["own_code"] == "0") & (raw["agglvl_code"] == "70")].set_index(
        "area_fips")["annual_avg_emplvl"].astype(float)
    six = six.assign(emp=six["annual_avg_emplvl"].astype(float),
                     lq=pd.to_numeric(six["lq_annual_avg_emplvl"], errors="coerce"))
    six = six[six["lq"] > 0]
    six = six.assign(share=six["emp"] / six["area_fips"].map(tot) / six["lq"])
    us_share = six.sort_values("lq").groupby("industry_code")["share"].last().sum()
    fr = six[six["area_fips"] == "39049"]["emp"].sum()
    expected = (fr / tot["39049"]) / us_share
    profile = _section(franklin["html"], "Cluster profile")
    row = next(r for r in html_rows(profile) if r and r[0] == "Insurance Services")
    assert row[-1] == f"{expected:.2f}"


def test_suppression_is_explained_with_counts_from_the_raw_file(franklin):
    raw = franklin["raw"]
    f = raw[(raw["area_fips"] == "39049") & (raw["own_code"] == "5")
            & (raw["agglvl_code"] == "78")]
    # QCEW's residential/nonresidential contractor codes are one NAICS industry each
    f = f.assign(code=f["industry_code"].str.replace(r"^(238\d\d)[12]$", r"\g<1>0",
                                                     regex=True))
    withheld = f.groupby("code")["disclosure_code"].apply(lambda s: (s == "N").any())
    shown = f[~f["code"].isin(withheld[withheld].index)]["annual_avg_emplvl"].astype(float)
    text = unescape(visible_text(_section(franklin["html"], "Notes on the data")))
    assert (f"{int(withheld.sum())} of the {len(withheld)} private industries"
            in text)
    assert f"The published industries have {shown.sum():,.0f} employees" in text
    assert "never counted as 0" in text
    # Biopharmaceuticals: 2 of its 4 industries have no BLS LQ in the file (no employees
    # in either county), so its LQ against the US is an upper bound and the notes say so
    ref = reference_from_bls_lqs(read_qcew_panel(franklin["path"]))
    codes = ca.load_definition("us_benchmark").to_frame().query(
        "cluster == 'biopharmaceuticals'")["code"]
    if not codes.isin(ref["industry"]).all():
        assert re.search(r"For [^.]*Biopharmaceuticals[^.]*, some industries of the cluster "
                         r"have no such LQ", text)


def test_report_is_clean_english_and_escaped(franklin):
    page = franklin["html"]
    text = visible_text(page)
    for word in ("Warning", "Traceback", "constrained_layout", "Error"):
        assert word not in text
    assert '<html lang="en">' in page
    assert foreign_words(text, "en") == set()
    assert "public domain" in text and "Bureau of Labor Statistics" in text
    assert "not stated in the data" not in text
    # every chart of many clusters says that it shows the largest ones
    assert text.count("The chart shows the 20 largest of the 63 clusters") >= 3
    assert "<script" not in page.lower()
    assert "&lt;" not in text  # nothing double-escaped into view


def test_the_county_is_named_by_the_parameter_file_not_by_its_code(franklin):
    text = unescape(re.sub(r"<[^>]+>", " ", franklin["html"]))
    assert text.count("Franklin County, Ohio") >= 3
    # the FIPS code may appear as a code (front matter), never in place of the name
    assert not re.search(r"\b(in|of|for|did in) 39049\b", text)
