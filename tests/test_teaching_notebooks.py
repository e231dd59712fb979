"""The teaching and the exploration notebook (not report templates).

``notebooks/teaching_porter_clusters.ipynb`` is a 90-minute lesson on the
sample data; ``notebooks/explore.ipynb`` a researcher's first look at a
dataset. Static checks: committed clean with the ``python3`` kernelspec, no
function, class or lambda definitions, parameters papermill can inject, not in
the batch runner's registry, ``solution`` cells removable with nbconvert's
TagRemovePreprocessor (and nothing else needs them), references and the
synthetic-data note present, the answers written in the lesson still true of
the sample. Execution: both run headless with papermill (widget cells
included) on the sample, the exploration notebook also on a GENESIS export.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import papermill
import pandas as pd
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbconvert.preprocessors import TagRemovePreprocessor

import clusteranalysis as ca

# the sample's division-level codes are coarser than some of the definition's codes
pytestmark = pytest.mark.filterwarnings(
    "ignore:industry codes coarser than the definition:UserWarning")

REPO = Path(__file__).resolve().parent.parent
TEACHING = REPO / "notebooks" / "teaching_porter_clusters.ipynb"
EXPLORE = REPO / "notebooks" / "explore.ipynb"
NOTEBOOKS = [TEACHING, EXPLORE]
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: name -> type papermill infers from the parameters cell
PARAMETERS = {
    TEACHING: {"region": "str", "start_year": "int", "end_year": "int"},
    EXPLORE: {"source": "str", "region": "str", "reference": "str", "definition": "str",
              "start_year": "int", "end_year": "int", "measure": "str", "bubble_size": "str",
              "code_scheme": "str", "use_widgets": "bool"},
}
REFERENCES = [
    ("Porter, M. E. (1998)", "Clusters and the new economics of competition",
     "Harvard Business Review"),
    ("Porter, M. E. (2000)", "Location, competition, and economic development",
     "Economic Development Quarterly* 14(1)"),
    ("Delgado, M., Porter, M. E. & Stern, S. (2016)", "Defining clusters of related industries",
     "Journal of Economic Geography* 16(1)"),
    ("Dunn, E. S. (1960)", "A statistical and analytical technique for regional analysis"),
    ("Esteban-Marquillas, J. M. (1972)", "A reinterpretation of shift-share analysis"),
    ("Hoover, E. M. (1936)", "The measurement of industrial localization"),
    ("Krugman, P. (1991)", "*Geography and Trade*"),
    ("Isard, W. (1960)", "*Methods of Regional Analysis"),
    ("Ellison, G. & Glaeser, E. L. (1997)", "Journal of Political Economy"),
]


def read(path):
    return nbformat.read(path, as_version=4)


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def execute(path, out, **parameters):
    """Run a notebook headless like a user would, from the project root."""
    papermill.execute_notebook(str(path), str(out), parameters=parameters,
                               kernel_name="python3", cwd=str(REPO), progress_bar=False,
                               execution_timeout=120)
    return read(out)


def outputs(nb, snippet):
    """Outputs of the one code cell whose source contains ``snippet``."""
    (cell,) = [c for c in code_cells(nb) if snippet in c.source]
    return cell.outputs


def assert_no_errors(nb):
    for cell in code_cells(nb):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{errors[0].ename}: {errors[0].evalue} in {cell.source[:60]!r}"


def images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in code_cells(nb) for o in c.outputs)


# --- static checks ----------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_python3_kernel(path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3",
                                         "language": "python"}
    assert "papermill" not in nb.metadata and "widgets" not in nb.metadata
    for cell in code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_functions_classes_or_lambdas(path):
    transform = TransformerManager().transform_cell
    for cell in code_cells(read(path)):
        tree = ast.parse(transform(cell.source))
        found = [type(n).__name__ for n in ast.walk(tree) if isinstance(n, DEFINITIONS)]
        assert not found, f"{found} in cell: {cell.source[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_papermill_can_inject(path):
    found = papermill.inspect_notebook(str(path))
    assert {k: v["inferred_type_name"] for k, v in found.items()} == PARAMETERS[path]
    assert all(v["help"] for v in found.values())


def test_not_picked_up_by_the_batch_runner():
    from clusteranalysis.runner import TEMPLATES

    templates = {t.notebook_path(REPO) for t in TEMPLATES.values()}
    assert not templates & {p.resolve() for p in NOTEBOOKS}
    assert not {TEACHING.stem, EXPLORE.stem} & set(TEMPLATES)


def test_teaching_notebook_names_synthetic_data_and_references():
    text = markdown(read(TEACHING))
    assert "**synthetic**" in text and "fictional" in text
    for parts in REFERENCES:
        assert all(p in text for p in parts), parts
    answers = text.count("<details><summary>Answer</summary>")
    assert answers >= 5 and text.count("</details>") == answers


def test_solution_cells_are_removed_by_tag_remove_preprocessor():
    nb = read(TEACHING)
    solutions = [c for c in nb.cells if "solution" in tags(c)]
    assert len(solutions) >= 5 and all(c.cell_type == "code" for c in solutions)
    student, _ = TagRemovePreprocessor(remove_cell_tags={"solution"}, enabled=True).preprocess(
        read(TEACHING), {})
    assert not [c for c in student.cells if "solution" in tags(c)]
    assert len(student.cells) == len(nb.cells) - len(solutions)
    assert markdown(student) == markdown(nb)  # the collapsible answers stay


def test_documented_nbconvert_command_makes_the_student_version(tmp_path):
    nb = read(TEACHING)
    options = ["--TagRemovePreprocessor.enabled=True",
               "--TagRemovePreprocessor.remove_cell_tags solution"]
    assert all(o in markdown(nb) for o in options)  # what the instructors' note says
    subprocess.run([sys.executable, "-m", "nbconvert", str(TEACHING), "--to", "notebook",
                    "--TagRemovePreprocessor.enabled=True",
                    "--TagRemovePreprocessor.remove_cell_tags", "solution",
                    "--output-dir", str(tmp_path), "--output", "student"],
                   check=True, capture_output=True)
    student = read(tmp_path / "student.ipynb")
    assert len(student.cells) == len(nb.cells) - sum("solution" in tags(c) for c in nb.cells)
    assert not [c for c in student.cells if "solution" in tags(c)]


def test_student_version_needs_no_solution_cell():
    """A name bound only in solution cells is never used by the other cells."""
    transform = TransformerManager().transform_cell
    bound = {True: set(), False: set()}
    used = set()
    for cell in code_cells(read(TEACHING)):
        tree = ast.parse(transform(cell.source))
        is_solution = "solution" in tags(cell)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound[is_solution].add(node.id)
            elif isinstance(node, ast.Name) and not is_solution:
                used.add(node.id)
    assert not (bound[True] - bound[False]) & used


def test_written_answers_match_the_sample():
    """Numbers quoted in the lesson's text, recomputed with the library."""
    text = markdown(read(TEACHING))
    panel = ca.load_sample()
    definition = ca.load_definition("leipzig")

    # 2.1: the tiny table (logistics LQ = 1 at 300; >= 1.25 from 575 on a grid of 25)
    x = np.arange(0, 1501, 25)
    lq = (x / (x + 700)) / ((x + 600) / (x + 2700))
    assert x[np.argmax(lq >= 1.25)] == 575 and round(lq[x == 550][0], 2) == 1.24
    assert "575 employees (LQ 1.25; 550 give 1.24)" in text

    # 3.1: Kolbenau's automotive LQ
    clusters = ca.aggregate_clusters(panel, definition)
    lq = ca.location_quotient(clusters, by="cluster", total_code="total", reference="00")
    auto = lq[(lq["year"] == 2020) & (lq["cluster"] == "automotive")].set_index("region")
    assert auto["lq"].idxmax() == "08290" and f"{auto['lq'].max():.1f}" == "6.3"

    # 4.1: Auenstadt 2015-2020
    p = ca.cluster_profile(panel, definition, region="14700", start_year=2015, end_year=2020,
                           reference="00").set_index("cluster")
    t = p.loc["total"]
    assert f"{t['employment_growth_pct']:+.1f} %" == "+12.7 %"
    assert "+12.7 %" in text and "+5.7 %" in text
    assert f"{t['establishments_growth_pct']:+.1f} %" == "+5.7 %"
    faster = ((p["employment_growth_pct"] > t["employment_growth_pct"])
              & (p["establishments_growth_pct"] > t["establishments_growth_pct"]))
    behind = ((p["employment_growth_pct"] < t["employment_growth_pct"])
              & (p["establishments_growth_pct"] < t["establishments_growth_pct"]))
    assert set(p.index[faster]) == {"automotive", "logistics", "health_biotech"}
    assert set(p.index[behind]) == {"energy_environment", "media_creative", "other"}
    a = p.loc["automotive"]
    assert (f"{a['tax_share']:.1%}", f"{a['employment_share']:.1%}",
            f"{a['tax_intensity']:.1f}") == ("14.6%", "3.2%", "4.5")
    assert int(a["establishments_end"]) == 28 and int(a["establishments_start"]) == 26

    # 4.2: Kolbenau 2008-2010
    k = ca.cluster_profile(panel, definition, region="08290", start_year=2008, end_year=2010,
                           reference="00").set_index("cluster")
    assert [f"{v:+.1f}" for v in (k.loc["automotive", "employment_growth_pct"],
                                  k.loc["total", "employment_growth_pct"],
                                  k.loc["automotive", "establishments_growth_pct"],
                                  k.loc["total", "establishments_growth_pct"])] == [
        "-0.6", "+1.6", "+3.9", "+1.7"]

    # 5: logistics mostly competitive; media's industry mix negative, competitive positive
    s = ca.shift_share(clusters, start=2015, end=2020, reference="00", by="cluster",
                    total_code="total")
    s = s[s["region"] == "14700"].set_index("cluster")
    assert s.loc["logistics", "competitive_share"] > s.loc["logistics", "observed_change"] / 2
    assert s.loc["health_biotech", "industry_mix"] > s.loc["health_biotech", "competitive_share"]
    assert s.loc["media_creative", "industry_mix"] < 0 < s.loc["media_creative",
                                                               "competitive_share"]
    # 5.1
    summed = ca.shift_share(clusters, start=2015, end=2020, reference="00", by="cluster",
                         total_code="total", summed=True).set_index("region")
    relative = 100 * summed["competitive_share"] / summed["employment_start"]
    assert summed["competitive_share"].idxmin() == "05390"  # Eisenbrück
    assert round(summed["competitive_share"].min(), -2) == -8900
    assert (relative.idxmin(), f"{relative.min():.1f}") == ("12090", "-7.1")  # Mühlbergen
    assert (relative.idxmax(), f"{relative.max():.1f}") == ("14790", "10.4")  # Silberquell

    # 6.1
    ind = ca.specialisation_indices(panel[panel["year"] == 2020], reference="00",
                                    missing="omit").set_index("region")
    assert (ind["hoover"].idxmax(), f"{ind['hoover'].max():.2f}") == ("03490", "0.26")
    assert (ind["hoover"].idxmin(), f"{ind['hoover'].min():.2f}") == ("13090", "0.16")
    assert ind["entropy"].idxmin() == "03490"
    assert f"{ind.loc['08290', 'hoover']:.2f}" == "0.21"
    assert ind["hoover"].rank(ascending=False)["08290"] <= 3


# --- execution ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def teaching(tmp_path_factory):
    return execute(TEACHING, tmp_path_factory.mktemp("teaching") / "teaching.ipynb")


def test_teaching_notebook_runs_headless(teaching):
    assert_no_errors(teaching)
    assert images(teaching) >= 8  # LQ curve, heatmap, 3 bubbles, 4.2, shift-share, indices
    text = "".join(o.get("text", "") for c in code_cells(teaching) for o in c.outputs)
    assert "same as by hand: True" in text and "Krugman = 2 × Hoover: True" in text


def test_teaching_widget_cell_runs_under_papermill(teaching):
    out = outputs(teaching, "widgets.interact(")
    assert [o for o in out if WIDGET_VIEW in o.get("data", {})]
    # the static chart next to it shows the same content
    assert [o for o in outputs(teaching, "logistics_lq = ") if "image/png" in o.get("data", {})]


@pytest.fixture(scope="module")
def explore(tmp_path_factory):
    return execute(EXPLORE, tmp_path_factory.mktemp("explore") / "explore.ipynb")


def test_explore_notebook_runs_headless_on_the_sample(explore):
    assert_no_errors(explore)
    assert images(explore) >= 7  # bubble, shares, portfolio, index, heatmap, indices, LQ CI
    html = [o["data"]["text/html"] for c in code_cells(explore) for o in c.outputs
            if "text/html" in o.get("data", {})]
    assert any('class="clusteranalysis-result"' in h and "Auenstadt" in h for h in html)
    loaded = outputs(explore, "is_genesis = ")[0]["data"]["text/markdown"]
    assert "Synthetic sample data" in loaded
    assert [o for o in outputs(explore, "if use_widgets:") if WIDGET_VIEW in o.get("data", {})]


#: finest WZ 2008 sections of GENESIS table 13111-07-05-4 (label as exported, share of jobs)
FINEST = {
    "A": ("Land- und Forstwirtschaft, Fischerei (A)", 0.010),
    "C": ("Verarbeitendes Gewerbe (C)", 0.200),
    "BDE": (None, 0.020),  # B, D and E: published only inside B-E
    "F": ("Baugewerbe (F)", 0.060),
    "G-I": ("Handel, Gastgewerbe, Verkehr (G-I)", 0.220),
    "J": ("Information und Kommunikation (J)", 0.040),
    "K": ("Erbringung von Finanz- und Vers.leistungen (K)", 0.030),
    "L": ("Grundstücks- und Wohnungswesen (L)", 0.010),
    "M-N": ("Freiberufl,wissenschaftl. techn. Dienstl.,sonst.DL", 0.145),
    "O-Q": ("Öff.Verw.,Verteidig.,Sozialvers.,Erz.-u.Unterricht", 0.205),
    "R-U": ("Kunst, Unterhaltung, Erholung, Priv. Haush.,usw.", 0.060),
}
AGGREGATES = {"B-F": ("Produzierendes Gewerbe (B-F)", ["C", "BDE", "F"]),
              "B-E": ("Produzierendes Gewerbe ohne Baugewerbe (B-E)", ["C", "BDE"]),
              "G-U": ("Dienstleistungsbereiche (G-U)",
                      ["G-I", "J", "K", "L", "M-N", "O-Q", "R-U"])}
#: code, name (indented as exported), jobs 2019, growth to 2020, factor of manufacturing
REGIONS = [("DG", "Deutschland", 33_000_000, 1.010, 1.0),
           ("14", "  Sachsen", 1_600_000, 1.005, 1.1),
           ("14612", "      Dresden, Stadt", 300_000, 1.020, 0.8),
           ("14713", "      Leipzig, Stadt", 280_000, 1.030, 0.6),
           ("14522", "      Mittelsachsen, Landkreis", 110_000, 0.990, 1.8)]


def genesis_export() -> str:
    """A two-year GENESIS export with nested codes and one suppressed cell."""
    lines = ["GENESIS-Tabelle: 13111-07-05-4",
             "Sozialversicherungspflichtig Beschäftigte am Arbeitsort nach;;;;",
             "Wirtschaftszweigen - Stichtag 30.06. - Kreise u. krfr. Städte;;;;",
             "Sozialversicherungspfl. Beschäftigte (Arbeitsort) (Anzahl);;;;",
             ";;;Stichtag;Stichtag", ";;;30.06.2019;30.06.2020"]
    for code, name, jobs, growth, manufacturing in REGIONS:
        years = [{k: round(jobs * share * (manufacturing if k == "C" else 1)
                           * (1.0 if year == 2019 else growth + 0.004 * (i - 5)))
                  for i, (k, (_, share)) in enumerate(FINEST.items())} for year in (2019, 2020)]
        rows = {k: (label, [v[k] for v in years]) for k, (label, _) in FINEST.items() if label}
        rows.update({k: (label, [sum(v[p] for p in parts) for v in years])
                     for k, (label, parts) in AGGREGATES.items()})
        rows["TOTAL"] = ("Insgesamt", [sum(v.values()) + 100 for v in years])  # + unassigned
        for k, (label, values) in rows.items():
            cells = ["." if (code, k, y) == ("14522", "K", 0) else str(v)  # suppressed
                     for y, v in enumerate(values)]
            lines.append(";".join([code, name, label, *cells]))
    return "\n".join(lines + ["__________", "Stand: 01.01.2024 / 00:00:00"]) + "\n"


@pytest.mark.filterwarnings("ignore:dropped industry codes to avoid double counting")
def test_explore_notebook_runs_on_a_genesis_export(tmp_path):
    source = tmp_path / "13111-07-05-4.csv"
    source.write_text(genesis_export(), encoding="utf-8")
    nb = execute(EXPLORE, tmp_path / "explore.ipynb", source=str(source), region="14713",
                 reference="DG", definition="wz_sections", start_year=2019, end_year=2020,
                 use_widgets=False)
    assert_no_errors(nb)
    loaded = outputs(nb, "is_genesis = ")[0]["data"]["text/markdown"]
    assert "(GENESIS export)" in loaded and "Synthetic" not in loaded
    levels = outputs(nb, "ca.code_hierarchy(")[0]["data"]["text/markdown"]
    finest = re.search(r"finest non-overlapping level is: ([^.]+)\.", levels).group(1)
    assert set(finest.split(", ")) == {"A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q",
                                       "R-U", "TOTAL"}
    flags = outputs(nb, "flag_table = ")[0]["data"]["text/plain"]
    assert re.search(r"employment\s+140\s+1\s+1", flags)  # one suppressed cell, flagged
    assert images(nb) >= 7
    assert not [o for o in outputs(nb, "if use_widgets:") if WIDGET_VIEW in o.get("data", {})]
    # one level of regions for the size scale, heatmap and widgets: the three districts,
    # not the state (Sachsen) or Germany
    regions = outputs(nb, "all_profiles = ca.cluster_profile(")[0]["data"]["text/markdown"]
    assert regions.startswith("3 regions at the level of Leipzig, Stadt (district)")
    profile = pd.DataFrame(ca.cluster_profile(
        ca.read_genesis(source), "wz_sections", region="14713", start_year=2019,
        end_year=2020, reference="DG"))
    html = "".join(o["data"].get("text/html", "") for o in outputs(nb, "profile.caption = "))
    assert f"{profile.set_index('cluster').loc['total', 'employment_end']:,.0f}" in html


def test_explore_notebook_stops_clearly_when_the_definition_does_not_fit_the_data(tmp_path):
    """The default (division-level) definition on a GENESIS table of section groups."""
    source = tmp_path / "13111-07-05-4.csv"
    source.write_text(genesis_export(), encoding="utf-8")
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        execute(EXPLORE, tmp_path / "explore.ipynb", source=str(source), region="14713",
                reference="DG", start_year=2019, end_year=2020, use_widgets=False)
    assert caught.value.ename == "DataError"
    assert "None of the industry codes of the cluster definition 'leipzig'" in caught.value.evalue
    assert 'definition = "wz_sections"' in caught.value.evalue
    # it stops in the profile cell, before any chart
    nb = read(tmp_path / "explore.ipynb")
    assert images(nb) == 0
