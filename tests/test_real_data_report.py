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
import yaml

REPO = Path(__file__).resolve().parent.parent
FOLDER = "de-regionalstatistik-13111-07-05-4"
SECTIONS = ["A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"]
REPORTS = {"leipzig_2015_2020": (2015, 2020), "leipzig_2019_2020_genesis": (2019, 2020)}
#: the two shipped files: an English and a German report
LANGUAGE = {"leipzig_2015_2020": "en", "leipzig_2019_2020_genesis": "de"}
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


#: where the tests read the data instead of data/genesis/ (the user's download folder)
SHARED_SOURCES = {
    "leipzig_2015_2020": {
        "data_format": "tidy",
        "data_path": f"{FOLDER}/svb_arbeitsort_wz_kreise_2015_2020.csv",
        "data_columns": "ags=region,wz_code=industry,total=employment,"
                        "total_flag=employment_flag"},
    "leipzig_2019_2020_genesis": {"data_format": "genesis", "data_path": f"{FOLDER}/raw"},
}


def _run_reports(shared: Path, tmp: Path) -> dict[str, str]:
    """The shipped parameter files with the data read from ../shared instead of data/genesis/."""
    from clusteranalysis.runner import run_batch

    params = []
    for name in REPORTS:
        content = yaml.safe_load((REPO / "parameters" / "real" / f"{name}.yaml")
                                 .read_text(encoding="utf-8"))
        assert content["data_path"] == "data/genesis"  # where README tells users to put it
        source = dict(SHARED_SOURCES[name])
        source["data_path"] = str(shared / source["data_path"])
        params.append(tmp / f"{name}.yaml")
        params[-1].write_text(yaml.safe_dump({**content, **source}, allow_unicode=True),
                              encoding="utf-8")
    result = run_batch(params, tmp / "out", jobs=2, data_roots=[shared], project_root=REPO,
                       quiet=True)
    assert result.exit_code == 0, [r.error for r in result.reports]
    assert result.counts == {"ok": 2}
    return {name: (tmp / "out" / f"{name}.html").read_text(encoding="utf-8")
            for name in REPORTS}


def test_shipped_real_parameter_files_say_clearly_that_the_download_is_missing(tmp_path):
    """Without data/genesis/ the runner names the folder (and runs nothing)."""
    from clusteranalysis.runner import run_batch
    from clusteranalysis.runner.validate import InvalidParameters

    if (REPO / "data" / "genesis").exists():
        pytest.skip("data/genesis/ exists in this clone")
    params = sorted((REPO / "parameters" / "real").glob("leipzig_*.yaml"))
    with pytest.raises(InvalidParameters) as err:
        run_batch(params, tmp_path / "out", project_root=REPO, quiet=True)
    assert str(err.value).count("data_path: file not found: 'data/genesis'") == len(params)
    assert not (tmp_path / "out" / "index.html").exists()


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
    assert "synthetisch" not in html.lower()
    de = LANGUAGE[name] == "de"
    row = next(r for r in html_rows(html) if r and r[0] == ("Beschäftigte" if de else "Employees"))
    expected = [f"{svb.loc['14713', y, 'TOTAL']:,.0f}" for y in (start, end)]
    assert row[1:3] == [e.replace(",", ".") for e in expected] if de else expected


@pytest.mark.parametrize("name", list(REPORTS))
def test_location_quotient_of_each_section(reports, svb, name):
    start, end = REPORTS[name]
    lq0, lq1 = expected_lq(svb, start), expected_lq(svb, end)
    # the LQ table: cluster label ending in "(<section>)", LQ start, LQ end, change
    rows = {r[0].rsplit("(", 1)[-1].rstrip(")"): r for r in html_rows(reports[name])
            if len(r) == 4 and r[0].endswith(")")}
    comma = LANGUAGE[name] == "de"
    for s in SECTIONS:
        expected = [f"{lq0[s]:.2f}", f"{lq1[s]:.2f}"]
        assert rows[s][1:3] == ([e.replace(".", ",") for e in expected] if comma else expected), s


def test_sources_and_missing_measures_are_stated(reports):
    tidy, genesis = reports["leipzig_2015_2020"], reports["leipzig_2019_2020_genesis"]
    assert "The data have no trade tax, so this section is left out." in tidy
    assert "The data have no establishments, so there are no growth bubble charts" in tidy
    assert "Die Daten enthalten keine Gewerbesteuer, daher entfällt dieser Abschnitt." in genesis
    assert "Die Daten enthalten keine Betriebe, daher gibt es keine Wachstumsblasendiagramme" \
        in genesis
    assert "svb_arbeitsort_wz_kreise_2015_2020.csv" in tidy
    assert "13111-07-05-4_2019.csv" in genesis and "13111-07-05-4_2020.csv" in genesis
    # licence and vintage of the export, in the report's language
    assert "Data licence Germany – attribution – version 2.0 (dl-de/by-2-0)" in tidy
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)" in genesis
    assert "Stand vom 17. August 2021" in unescape(genesis)


@pytest.mark.parametrize("name", list(REPORTS))
def test_no_empty_other_row_and_no_orphaned_explanation(reports, name):
    html = unescape(reports[name])
    rows = html_rows(reports[name])
    assert not any(r and r[0] in ("Other", "Übrige Wirtschaft") for r in rows)
    # the bubble section has only its one sentence: no explanation of the missing charts
    assert "dashed lines mark" not in html and "gestrichelten Linien" not in html


@pytest.mark.parametrize("name", list(REPORTS))
def test_district_maps_with_the_bkg_notice(reports, name):
    html = unescape(reports[name])
    heading = {"leipzig_2015_2020": "Where the clusters are strong: maps",
               "leipzig_2019_2020_genesis": "Wo die Cluster stark sind: Karten"}[name]
    assert heading in html
    section = html[html.index(heading):]
    section = section[:section.index("</section>")]
    # one LQ + LISA figure per section group of wz_sections, as inline PNG
    assert section.count("<img") >= 8
    assert "Keine Karte" not in section and "No map" not in section
