"""The report template on real German district data (GENESIS table 13111-07-05-4).

Runs the parameter files in ``parameters/real/`` through the batch runner, as a
user would, and checks the HTML for the headline numbers and the location
quotients computed here independently from the tidy extract with pandas:
LQ = (e_ir / e_r) / (E_i / E), region total = the TOTAL row, reference =
Germany (``DG``). Skips when ``../shared/data`` is not beside the clone.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
FOLDER = "de-regionalstatistik-13111-07-05-4"
SECTIONS = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]
REPORTS = {"leipzig_2015_2020": (2015, 2020), "leipzig_2019_2020_genesis": (2019, 2020)}
_RUN: dict = {}  # the two reports run once per session (shared_data is function-scoped)


def html_rows(html: str) -> list[list[str]]:
    """The cell texts of every table row of an exported report."""
    return [[unescape(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr,
                                                      flags=re.S)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)]


@pytest.fixture
def reports(shared_data, tmp_path_factory):
    """Run both parameter files once (2 workers); the HTML of each report by name."""
    if not _RUN:
        _RUN.update(_run_reports(shared_data, tmp_path_factory.mktemp("real")))
    return _RUN


def _run_reports(shared: Path, tmp: Path) -> dict[str, str]:
    from clusteranalysis.runner import run_batch

    params = [REPO / "parameters" / "real" / f"{name}.yaml" for name in REPORTS]
    if (REPO.parent / "shared" / "data").resolve() != shared.resolve():
        # CLUSTERANALYSIS_SHARED points elsewhere: the same files with that data folder
        copies = []
        for p in params:
            copies.append(tmp / p.name)
            copies[-1].write_text(p.read_text(encoding="utf-8").replace(
                "../shared/data", str(shared)), encoding="utf-8")
        params = copies
    result = run_batch(params, tmp / "out", jobs=2, data_roots=[shared], project_root=REPO,
                       quiet=True)
    assert result.exit_code == 0, [r.error for r in result.reports]
    assert result.counts == {"ok": 2}
    return {name: (tmp / "out" / f"{name}.html").read_text(encoding="utf-8")
            for name in REPORTS}


@pytest.fixture
def svb(shared_data):
    """Employees (column ``total``) of Leipzig and Germany from the tidy extract."""
    df = pd.read_csv(shared_data / FOLDER / "svb_arbeitsort_wz_kreise_2015_2020.csv",
                     dtype={"ags": str}, usecols=["year", "ags", "wz_code", "total"])
    df = df[df["ags"].isin(["14713", "DG"])]
    return df.set_index(["ags", "year", "wz_code"])["total"].sort_index()


def expected_lq(svb: pd.Series, year: int) -> dict[str, float]:
    e, big = svb.loc["14713", year], svb.loc["DG", year]
    return {s: (e[s] / e["TOTAL"]) / (big[s] / big["TOTAL"]) for s in SECTIONS}


@pytest.mark.parametrize("name", list(REPORTS))
def test_headline_employment(reports, svb, name):
    start, end = REPORTS[name]
    html = reports[name]
    assert "import clusteranalysis" not in html and "display(" not in html  # no code
    assert "Leipzig, Stadt" in html and "synthetic" not in html.lower()
    row = next(r for r in html_rows(html) if r and r[0] == "Employees")
    assert row[1:3] == [f"{svb.loc['14713', start, 'TOTAL']:,.0f}",
                        f"{svb.loc['14713', end, 'TOTAL']:,.0f}"]


@pytest.mark.parametrize("name", list(REPORTS))
def test_location_quotient_of_each_section(reports, svb, name):
    start, end = REPORTS[name]
    lq0, lq1 = expected_lq(svb, start), expected_lq(svb, end)
    # the LQ table: cluster label ending in "(<section>)", LQ start, LQ end, change
    rows = {r[0].rsplit("(", 1)[-1].rstrip(")"): r for r in html_rows(reports[name])
            if len(r) == 4 and r[0].endswith(")")}
    for s in SECTIONS:
        assert rows[s][1:3] == [f"{lq0[s]:.2f}", f"{lq1[s]:.2f}"], s


def test_sources_and_missing_measures_are_stated(reports):
    tidy, genesis = reports["leipzig_2015_2020"], reports["leipzig_2019_2020_genesis"]
    for html in (tidy, genesis):
        assert "Trade tax is not in the data" in html
        assert "Establishments are not in the data" in html
    assert "svb_arbeitsort_wz_kreise_2015_2020.csv" in tidy
    assert "13111-07-05-4_2019.csv" in genesis and "13111-07-05-4_2020.csv" in genesis
    assert "Datenlizenz Deutschland - Namensnennung - Version 2.0" in genesis
