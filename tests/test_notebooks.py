"""Report templates (notebooks/*.ipynb) and the parameter files (parameters/*.yaml).

Static checks: committed without outputs, python3 kernelspec, one typed
``parameters`` cell whose names and types papermill infers as the runner
expects, no function or class definitions (notebooks only call the library).
Execution: both templates run through the batch runner users use and the HTML
holds the headline numbers computed independently with the library; the report's
shift-share, LQ-interval and classification tables hold the library's rows.
"""

from __future__ import annotations

import ast
import os
import re
from html import unescape
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

from clusteranalysis import (
    aggregate_clusters, classify_clusters, cluster_profile, load_sample, location_quotient_ci,
    shift_share,
)
from clusteranalysis.i18n import Formatter
from clusteranalysis.inputs.sample import load_sample_regions

# the sample's division-level codes are coarser than some of the definition's codes
pytestmark = pytest.mark.filterwarnings(
    "ignore:industry codes coarser than the definition:UserWarning")

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
PARAMETER_FILES = sorted((REPO / "parameters").glob("*.yaml"))
SAMPLE_CAPTION = {"en": "Synthetic sample data: fictional cities, not official statistics",
                  "de": "Synthetische Beispieldaten: fiktive Städte, keine amtliche Statistik"}

#: name -> type papermill infers, per template (the runner validates against these)
EXPECTED = {
    "cluster_report": {
        "region": "str", "start_year": "int", "end_year": "int", "definition": "str",
        "reference": "str", "data_path": "str", "data_format": "str", "data_columns": "str",
        "title": "str", "region_name": "str", "language": "str", "shared_size_norm": "bool",
    },
    "city_comparison": {
        "regions": "list", "start_year": "int", "end_year": "int", "definition": "str",
        "reference": "str", "data_path": "str", "data_format": "str", "data_columns": "str",
        "title": "str", "language": "str",
    },
}
PARAMETER_LINE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*): (?P<type>str|int|float|bool|list"
                            r"|dict) = (?P<default>[^=#]+?)  # (?P<help>[^=]+)$")
#: what no notebook may define: it calls the library instead
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def parameter_cells(nb):
    return [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]


def test_both_templates_exist():
    assert {p.stem for p in NOTEBOOKS} >= set(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3",
                                         "language": "python"}
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for cell in code_cells(nb):
        assert cell.outputs == [], f"outputs committed in: {cell.source[:60]!r}"
        assert cell.execution_count is None
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
    assert "papermill" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_typed_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    cells = parameter_cells(nb)
    assert len(cells) == 1
    assert nb.cells.index(cells[0]) == 1  # right after the title
    for line in cells[0].source.splitlines():
        # papermill skips a line with a second "=" (also one inside the help text)
        assert PARAMETER_LINE.match(line), f"not `name: type = default  # help`: {line!r}"
        ast.parse(line)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_defines_no_functions_or_classes(path):
    nb = nbformat.read(path, as_version=4)
    transform = TransformerManager().transform_cell  # tolerate IPython magics
    for cell in code_cells(nb):
        tree = ast.parse(transform(cell.source))
        found = [type(n).__name__ for n in ast.walk(tree) if isinstance(n, DEFINITIONS)]
        assert not found, f"{found} in cell: {cell.source[:80]!r}"


@pytest.mark.parametrize("template", sorted(EXPECTED))
def test_papermill_infers_names_and_types(template):
    found = papermill.inspect_notebook(str(REPO / "notebooks" / f"{template}.ipynb"))
    assert {k: v["inferred_type_name"] for k, v in found.items()} == EXPECTED[template]
    assert all(v["help"] for v in found.values())


def test_parameter_files_load_and_match_their_template():
    assert PARAMETER_FILES
    for path in PARAMETER_FILES:
        assert re.fullmatch(r"[a-z0-9_]+", path.stem), path.name  # ASCII report name
        params = yaml.safe_load(path.read_text(encoding="utf-8"))
        template = params.pop("template")
        assert template in EXPECTED, path.name
        assert (REPO / "notebooks" / f"{template}.ipynb").is_file()
        assert set(params) <= set(EXPECTED[template]), path.name
        assert {"start_year", "end_year", "data_path"} <= set(params), path.name
        codes = [params["region"]] if "region" in params else params["regions"]
        assert all(isinstance(c, str) and c.isdigit() for c in codes), path.name  # quoted
        assert isinstance(params.get("reference", ""), str), path.name
        assert type(params["start_year"]) is int and type(params["end_year"]) is int
        assert params["start_year"] < params["end_year"]
        assert params.get("language", "en") in ("en", "de")
        assert (REPO / params["data_path"]).is_file()


def test_parameter_files_cover_every_sample_city_and_period():
    cities = load_sample_regions().query("level == 'city'")["region"].tolist()
    runs = set()
    languages = set()
    for path in PARAMETER_FILES:
        params = yaml.safe_load(path.read_text(encoding="utf-8"))
        languages.add(params.get("language", "en"))
        if params["template"] == "cluster_report":
            runs.add((params["region"], params["start_year"], params["end_year"]))
            assert path.stem.endswith(f"_{params['start_year']}_{params['end_year']}")
        else:
            assert len(params["regions"]) >= 6
    assert runs == {(c, s, e) for c in cities for s, e in ((2010, 2015), (2015, 2020))}
    assert languages == {"en", "de"}


# --- execution -------------------------------------------------------------------------

def report_texts() -> list[str]:
    """What the Auenstadt 2015-2020 report must show, computed here with the library."""
    profile = cluster_profile(load_sample(), "leipzig", region="14700", start_year=2015,
                              end_year=2020, reference="00").set_index("cluster")
    employees = f"{profile.loc['total', 'employment_end']:,.0f}"
    return ["Auenstadt: cluster report 2015–2020", employees,  # headline table
            f"{profile.loc['total', 'establishments_end']:,.0f}",
            f"{profile.loc['logistics', 'lq']:.2f}",  # profile table
            f"to {employees} employees."]  # findings


EN = Formatter("en")


def report_rows() -> list[list[str]]:
    """Rows of the report's shift-share, LQ-interval and classification tables.

    Computed here with the library on the same table the report uses: the two years
    of every region of the sample, summed to the clusters of the definition.
    """
    panel = load_sample()
    profile = cluster_profile(panel, "leipzig", region="14700", start_year=2015,
                              end_year=2020, reference="00").set_index("cluster")
    labels = profile["label"]
    table = aggregate_clusters(panel[panel["year"].isin([2015, 2020])], "leipzig")
    args = dict(start=2015, end=2020, reference="00", by="cluster", total_code="total")
    ss = shift_share(table, **args).query("region == '14700'").set_index("cluster")
    ss_total = shift_share(table, summed=True, **args).set_index("region").loc["14700"]
    ci = location_quotient_ci(table[table["year"] == 2020], reference="00", by="cluster",
                              total_code="total").query("region == '14700'")
    cl = classify_clusters(table, start=2015, end=2020, reference="00", min_regions=4)
    cl = cl[cl["region"] == "14700"].set_index("cluster")
    yes_no = {True: "yes", False: "no"}
    rows = []
    for cluster, r in ss.iterrows():  # clusters and "other"
        rows.append([labels[cluster], f"{r['employment_start']:,.0f}",
                     f"{r['employment_end']:,.0f}",
                     EN.percent(100 * r["reference_rate"], signed=True),
                     *[EN.integer(r[c], signed=True) for c in (
                         "national_share", "industry_mix", "competitive_share",
                         "observed_change")]])
    # the total row: the sums over clusters and "other" = the total economy's change
    assert ss_total["observed_change"] == profile.loc["total", "employment_change"]
    rows.append([labels["total"], f"{ss_total['employment_start']:,.0f}",
                 f"{ss_total['employment_end']:,.0f}",
                 EN.percent(100 * ss_total["reference_total_rate"], signed=True),
                 *[EN.integer(ss_total[c], signed=True) for c in (
                     "national_share", "industry_mix", "competitive_share",
                     "observed_change")]])
    for _, r in ci[ci["cluster"] != "total"].iterrows():
        rows.append([labels[r["cluster"]], f"{r['employment']:,.0f}", f"{r['lq']:.2f}",
                     f"{r['lq_low']:.2f}", f"{r['lq_high']:.2f}",
                     yes_no[bool(r["significant_above_1"])]])
    flags = ["strong_cluster", "strong_cluster_top10", "star_size", "star_specialisation",
             "star_focus"]
    for cluster, r in cl.iterrows():
        rows.append([labels[cluster], r["quadrant"], f"{r['lq']:.2f}",
                     EN.lq_change(r["lq_change"]),
                     *["n/a" if pd.isna(r[f]) else yes_no[bool(r[f])] for f in flags],
                     f"{r['stars']:.0f}"])
    assert cl["strong_cluster"].fillna(False).any()  # the flags are not all "no"
    return rows


def html_rows(html: str) -> list[list[str]]:
    """The cell texts of every table row of an exported report."""
    return [[unescape(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr,
                                                      flags=re.S)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)]


def assert_no_code(html: str):
    for code in ("import clusteranalysis", "cluster_profile(", "plt.show()", "display("):
        assert code not in html


#: parameter file of one test run per template (English report, German comparison)
CASES = {
    "cluster_report": (
        'template: cluster_report\nregion: "14700"\nstart_year: 2015\nend_year: 2020\n'
        'definition: leipzig\nreference: "00"\ndata_path: data/sample_panel.csv\n'
        "language: en\nshared_size_norm: true\n"),
    "city_comparison": (
        'template: city_comparison\nregions: ["14700", "08290"]\nstart_year: 2010\n'
        'end_year: 2015\ndefinition: leipzig\nreference: "00"\n'
        "data_path: data/sample_panel.csv\nlanguage: de\n"),
}


def comparison_texts() -> list[str]:
    """What the German Auenstadt-Kolbenau comparison 2010-2015 must show."""
    panel = load_sample()
    out = ["Städtevergleich: Cluster 2010–2015", "Auenstadt", "Kolbenau"]
    for region in ("14700", "08290"):
        p = cluster_profile(panel, "leipzig", region=region, start_year=2010, end_year=2015,
                            reference="00").set_index("cluster")
        out.append(f"{p.loc['total', 'employment_end']:,.0f}".replace(",", "."))
        out.append(f"{p.loc['automotive', 'lq']:.2f}".replace(".", ","))
    return out


EXPECTED_TEXTS = {"cluster_report": report_texts, "city_comparison": comparison_texts}
EXPECTED_ROWS = {"cluster_report": report_rows}
#: charts each template draws on the sample (shares, 3 bubbles, contribution, shift-share,
#: portfolio, index; heatmap and growth bars) — the kernel must render them even when
#: MPLBACKEND=Agg is set in the environment (conftest sets it)
MIN_IMAGES = {"cluster_report": 8, "city_comparison": 2}
REPORT_CAPTIONS = ["Shift-share of employment 2015–2020, employees",
                   "Employment location quotients 2020 with 95% confidence intervals",
                   "Classification of the clusters 2015–2020 (14 regions compared)"]


@pytest.mark.parametrize("template", sorted(EXPECTED))
def test_templates_execute_through_runner(template, tmp_path):
    from clusteranalysis.runner import run_batch

    params = tmp_path / f"{template}_test.yaml"
    params.write_text(CASES[template], encoding="utf-8")
    result = run_batch([params], tmp_path / "out", project_root=REPO, quiet=True)
    assert result.exit_code == 0, [r.error for r in result.reports]
    html = (tmp_path / "out" / f"{template}_test.html").read_text(encoding="utf-8")
    assert_no_code(html)
    assert SAMPLE_CAPTION[yaml.safe_load(CASES[template])["language"]] in html
    assert os.environ.get("MPLBACKEND") == "Agg"  # the trap this test guards against
    assert html.count("data:image/png;base64,") >= MIN_IMAGES[template]
    for text in EXPECTED_TEXTS[template]():
        assert text in html, text
    if template in EXPECTED_ROWS:
        found = html_rows(html)
        for row in EXPECTED_ROWS[template]():
            assert row in found, row
        for caption in REPORT_CAPTIONS:
            assert caption in html, caption
