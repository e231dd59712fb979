"""Section functions of the report layer, without a kernel.

Small hand-made tables check the rules (empty "other" row left out, a section
without data says so in one sentence and draws nothing, signs from the value,
LQs with two decimals, everything escaped); the sample city checks that every
section of the cluster report and of the city comparison renders.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd
import pytest

from clusteranalysis import report
from clusteranalysis.plotting import layout_problems
from clusteranalysis.report._html import inline, table_html
from clusteranalysis.report.context import ReportMeta

META = {lang: ReportMeta(language=lang, start=2015, end=2020, region="1", region_name="Testa",
                         reference="0", reference_name="Nation") for lang in ("en", "de")}


def tiny_profile(other_employees=50.0) -> pd.DataFrame:
    """A two-cluster profile: a decline that rounds to zero, and an 'other' row."""
    return pd.DataFrame({
        "region": "1", "cluster": ["a", "b", "other", "total"],
        "label": ["Alpha <b>", "Beta", "Other", "Total economy"],
        "start_year": 2015, "end_year": 2020,
        "employment_start": [100.0, 200.0, other_employees + 1, 301.0 + other_employees],
        "employment_end": [120.0, 199.99, other_employees, 319.99 + other_employees],
        "employment_share": [0.3, 0.5, 0.2, 1.0],
        "employment_growth_pct": [20.0, -0.005, -1.0, 6.0],
        "employment_change": [20.0, -0.01, -1.0, 19.0],
        "employment_cagr_pct": [3.7, -0.001, -0.2, 1.2],
        "employment_contribution": [1.05, -0.0005, -0.05, 1.0],
        "employment_contribution_pp": [6.0, -0.003, -0.3, 5.7],
        "lq_start": [1.0, 0.9, 1.0, 1.0], "lq": [1.2, 0.899, 1.0, 1.0],
        "lq_change": [0.2, -0.001, 0.0, 0.0],
    })


def test_inline_escapes_values_and_keeps_catalog_markup():
    out = inline("**{a}** and *{b}* > 1", a="<script>x</script>", b="**y**")
    assert out == ("<strong>&lt;script&gt;x&lt;/script&gt;</strong> and "
                   "<em>**y**</em> &gt; 1")
    assert "<th" not in table_html(None, [["<i>", "1"]]) and "&lt;i&gt;" in table_html(
        None, [["<i>", "1"]])


def test_section_renders_escaped_title_and_plain_text():
    s = report.Section("<b>Title</b>", ["<p>x</p>"])
    assert "<h2>&lt;b&gt;Title&lt;/b&gt;</h2>" in s._repr_html_()
    assert s.text() == "<b>Title</b>\nx" and s.figures == [] and not s.omitted


@pytest.mark.parametrize("language", ["en", "de"])
def test_profile_table_signs_decimals_and_empty_other(language):
    html = report.profile_table(tiny_profile(), META[language]).html()
    minus = "-0.0%" if language == "en" else "-0,0\xa0%"
    assert minus in html  # a decline that rounds to zero keeps its sign
    assert ("0.90" if language == "en" else "0,90") in html  # LQ: two decimals
    assert "Alpha &lt;b&gt;" in html and "Alpha <b>" not in html
    assert 'class="ca-total"' in html
    empty = report.profile_table(tiny_profile(other_employees=0.0), META[language])
    n_rows = empty.html().count("<tr") - 1
    assert n_rows == 3  # a, b, total: the empty "other" row is left out


def test_growth_section_contribution_in_percentage_points_and_a_chart():
    s = report.growth_section(tiny_profile(), META["de"])
    assert "-0,00 Pp." in s.html() and "+6,00 Pp." in s.html()
    assert len(s.figures) == 1
    assert "Gesamtwirtschaft: +6,00\xa0%" in s.text()


def test_sections_without_data_say_so_in_one_sentence():
    profile = tiny_profile()
    for s in (report.bubble_section(profile, META["en"], ["employment"], {}),
              report.tax_section(profile, META["en"], ["employment"]),
              report.lq_intervals_section(profile.iloc[0:0], META["en"]),
              report.classification_section(None, META["en"], 0),
              report.index_section(None, META["en"])):
        assert s.omitted and s.figures == []
        body = s.html().split(f"</h2>", 1)[1]
        assert body.count("<p") == 1 and body.count(". ") == 0, s.title


def test_bubble_section_states_the_shared_scale():
    from clusteranalysis.plotting import SizeNorm

    p = tiny_profile().assign(establishments_end=[10.0, 20.0, 5.0, 35.0],
                              establishments_growth_pct=[1.0, -2.0, 0.0, 0.5])
    s = report.bubble_section(p, META["en"], ["employment", "establishments"],
                              {"employment": SizeNorm(1, 5000), "establishments": SizeNorm(1, 40)},
                              n_regions=14)
    assert len(s.figures) == 2 and "all 14 regions" in s.text()
    assert "largest cluster: establishments 40, employees 5,000" in s.text()


def test_classification_names_are_translated():
    classes = pd.DataFrame({"cluster": ["a"], "label": ["Alpha"], "quadrant": ["Star"],
                            "lq": [1.5], "lq_change": [0.1], "strong_cluster": [True],
                            "strong_cluster_top10": [pd.NA], "star_size": [False],
                            "star_specialisation": [False], "star_focus": [True],
                            "stars": [1]})
    html = report.classification_section(classes, META["de"], 14).html()
    assert "Spitzenreiter" in html and ">ja<" in html and ">k. A.<" in html
    assert ">nein<" in html and "+0,10" in html


def test_findings_are_escaped():
    p = tiny_profile()
    html = report.findings_section(p, META["en"]).html()
    assert "Alpha &lt;b&gt;" in html and "<li>" in html


@functools.lru_cache(maxsize=4)
def sample_data(language):
    return report.cluster_report_data(region="14700", start_year=2015, end_year=2020,
                                      reference="00", data_path="data/sample_panel.csv",
                                      language=language)


def cluster_sections(language) -> list:
    """Every section of the sample city's cluster report (shared with the language test)."""
    r = sample_data(language)
    m = r.meta
    return [report.front_matter(r), report.headline_figures(r.profile, m),
            report.profile_table(r.profile, m), report.shares_section(r.profile, m, r.measures),
            report.bubble_section(r.profile, m, r.measures, r.norms, r.n_norm_regions),
            report.growth_section(r.profile, m), report.tax_section(r.profile, m, r.measures),
            report.shift_share_section(r.shift, m),
            report.portfolio_section(r.profile, m, r.norms.get("employment")),
            report.lq_intervals_section(r.lq_ci, m),
            report.classification_section(r.classes, m, r.n_ranked),
            report.index_section(r.index_table, m), report.findings_section(r.profile, m),
            report.data_notes(r), report.appendix(r)]


def test_every_cluster_report_section_renders_on_the_sample():
    sections = cluster_sections("en")
    assert not any(s.omitted for s in sections)
    assert sum(len(s.figures) for s in sections) == 8  # shares, 3 bubbles, contribution,
    # shift-share, portfolio, index
    front = sections[0].text()
    for word in ("Auenstadt (code 14700)", "2015–2020", "leipzig (WZ 2008)",
                 "Musterland (national reference, synthetic)", "clusteranalysis 0.1.0",
                 "BSD 3-Clause", "Synthetic sample data"):
        assert word in front, word
    assert sections[0].level == 1 and sections[0].title == "Auenstadt: cluster report 2015–2020"


def test_data_notes_in_plain_words_and_code_detail_in_the_appendix():
    r = sample_data("en")
    notes = report.data_notes(r).text()
    assert "industries that the data only give at a coarser level are counted in “Other”" in notes
    assert "ClusterDefinition" not in notes and "→" not in notes
    appendix = report.appendix(r).text()
    assert "22.11" in appendix and "sample_panel.csv" in appendix


def test_city_comparison_sections():
    r = report.comparison_data(regions=["14700", "08290"], start_year=2015, end_year=2020,
                               reference="00", data_path="data/sample_panel.csv",
                               language="de")
    m, order = r.meta, r.definition.ids
    overview = report.comparison_overview(r.profiles, m)
    assert overview.html().count("<tr") == 3  # heading + two regions
    assert "Auenstadt" in overview.text() and "Kolbenau" in overview.text()
    assert len(report.comparison_specialisation(r.profiles, m).figures) == 1
    assert len(report.comparison_growth(r.profiles, m).figures) == 1
    ranks = report.comparison_rankings(r.profiles, m, order)
    assert ranks.html().count("<tr") == 1 + 2 * len(order)
    summary = report.comparison_summary(r.profiles, m, order).text()
    assert "am stärksten spezialisiert" in summary and "Kolbenau:" in summary
    front = report.front_matter(r, kind="city_comparison")
    assert front.title == "Städtevergleich: Cluster 2015–2020"
    assert "Regionen Auenstadt, Kolbenau" in front.text()


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_label_overlaps_in_any_chart_of_the_sample_report(language):
    figures = [f for s in cluster_sections(language) for f in s.figures]
    assert len(figures) == 8
    assert {i: layout_problems(f) for i, f in enumerate(figures) if layout_problems(f)} == {}


SHARED = (Path(os.environ.get("CLUSTERANALYSIS_SHARED", Path(__file__).resolve().parents[1]
                              .parent / "shared")) / "data" / "de-regionalstatistik-13111-07-05-4")


@pytest.mark.parametrize("language", ["en", "de"])
def test_leipzig_real_district_table_sections(language):
    """Sections on the real table: no establishments, no tax, no empty "other" row."""
    if not SHARED.is_dir():
        pytest.skip(f"real district data not found at {SHARED}")
    r = report.cluster_report_data(
        region="14713", start_year=2015, end_year=2020, definition="wz_sections",
        reference="DG", data_path=str(SHARED / "svb_arbeitsort_wz_kreise_2015_2020.csv"),
        data_columns="ags=region,wz_code=industry,total=employment,total_flag=employment_flag",
        language=language)
    m = r.meta
    assert m.region_name == "Leipzig, Stadt" and m.reference_name == "Deutschland"
    bubbles = report.bubble_section(r.profile, m, r.measures, r.norms, r.n_norm_regions)
    tax = report.tax_section(r.profile, m, r.measures)
    assert bubbles.omitted and tax.omitted and not bubbles.figures
    table = report.profile_table(r.profile, m)
    other = "Other" if language == "en" else "Übrige Wirtschaft"
    assert other not in table.text()  # every section is a cluster: the empty row is left out
    notes = report.data_notes(r).text()
    assert ("no remainder" if language == "en" else "keine „Übrige Wirtschaft“") in notes
    front = report.front_matter(r).text()
    assert "Regionaldatenbank Deutschland" in front and "dl-de/by-2-0" in front
    sections = [report.growth_section(r.profile, m), report.shift_share_section(r.shift, m),
                report.portfolio_section(r.profile, m, r.norms.get("employment")),
                report.index_section(r.index_table, m),
                report.shares_section(r.profile, m, r.measures)]
    figures = [f for s in sections for f in s.figures]
    assert len(figures) == 5
    assert {s.title: layout_problems(f) for s in sections for f in s.figures
            if layout_problems(f)} == {}


def test_no_label_overlaps_in_the_comparison_charts():
    r = report.comparison_data(regions=["14700", "08290", "01090", "14790", "16090", "10090"],
                               start_year=2015, end_year=2020, reference="00",
                               data_path="data/sample_panel.csv", language="de")
    for s in (report.comparison_specialisation(r.profiles, r.meta),
              report.comparison_growth(r.profiles, r.meta)):
        assert [layout_problems(f) for f in s.figures] == [[]], s.title


def test_headline_and_shift_share_sections_show_the_computed_numbers():
    from clusteranalysis.i18n import Formatter

    r = sample_data("de")
    f = Formatter("de")
    total = r.profile.set_index("cluster").loc["total"]
    head = report.headline_figures(r.profile, r.meta)
    assert f.integer(total["employment_end"]) in head.text()
    shift = report.shift_share_section(r.shift, r.meta)
    rows = [line for line in shift.html().split("<tr")[2:]]
    assert len(rows) == len(r.shift)  # clusters, "other" (not empty) and the total
    # the total row: its observed change is the profile's change of total employment
    assert f.integer(total["employment_change"], signed=True) in rows[-1]
    assert 'class="ca-total"' in rows[-1] and len(shift.figures) == 1
    assert "Branchenstruktur" in shift.text() and "Dunn" in shift.text()


def test_figure_png_crops_the_empty_margin_to_the_pad_like_a_tight_bbox():
    import io

    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from clusteranalysis.report._html import figure_png

    fig = Figure(figsize=(4, 2))  # 200 x 100 px at dpi 50
    fig.add_artist(Rectangle((0.25, 0.2), 0.25, 0.4, transform=fig.transFigure,
                             facecolor="black", edgecolor="none", antialiased=False))
    img = plt.imread(io.BytesIO(figure_png(fig, dpi=50, pad_inches=0.1)))
    assert img.shape[:2] == (40 + 2 * 5, 50 + 2 * 5)  # the rectangle and 5 px on each side
    assert (img[5:-5, 5:-5, :3] == 0).all() and (img[:5, :, :3] == 1).all()
    # content at the figure's edge still gets its margin (filled with the background)
    fig.add_artist(Rectangle((0, 0), 0.1, 0.1, transform=fig.transFigure, facecolor="red",
                             antialiased=False))
    img = plt.imread(io.BytesIO(figure_png(fig, dpi=50, pad_inches=0.1)))
    assert img.shape[:2] == (60 + 2 * 5, 100 + 2 * 5)
    assert (img[-5:, :, :3] == 1).all() and (img[:, :5, :3] == 1).all()
    assert img.shape[2] == 3  # opaque figure: RGB
    fig.patch.set_alpha(0.0)
    assert plt.imread(io.BytesIO(figure_png(fig, dpi=50))).shape[2] == 4  # transparency kept


def test_report_figures_match_a_tight_bbox_save_in_size():
    import io

    import matplotlib.pyplot as plt

    from clusteranalysis.report._html import figure_png

    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.plot([0, 1], [0, 2])
    ax.set_title("Beschäftigung")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    buf.seek(0)
    tight = plt.imread(buf).shape
    mine = plt.imread(io.BytesIO(figure_png(fig))).shape
    plt.close(fig)
    assert abs(tight[0] - mine[0]) <= 3 and abs(tight[1] - mine[1]) <= 12
