"""Map sections of the cluster report and the city comparison (wired into the templates)."""

import pandas as pd
import pytest

from clusteranalysis import report
from conftest import REPO

SAMPLE = str(REPO / "data" / "sample_panel.csv")


@pytest.fixture(scope="module")
def data_de():
    return report.cluster_report_data(region="14700", start_year=2015, end_year=2020,
                                      definition="leipzig", reference="00",
                                      data_path=SAMPLE, language="de")


def test_regional_lqs_cover_the_cities_and_exclude_the_reference(data_de):
    lq = data_de.lq_map
    import clusteranalysis as ca

    cities = set(ca.load_boundaries("sample").query("level == 'city'")["region"])
    assert set(lq["region"]) == cities and len(cities) == 14
    assert "00" not in set(lq["region"])
    assert not lq["cluster"].isin(["other", "total"]).any()
    assert set(lq["cluster"]) == set(data_de.definition.ids)
    # the map LQ of the report's region is the profile's end-year LQ
    mine = lq[lq["region"] == "14700"].set_index("cluster")["lq"]
    prof = data_de.profile.set_index("cluster")["lq"].reindex(mine.index)
    pd.testing.assert_series_equal(mine, prof, check_names=False)


def test_map_section_draws_one_figure_per_cluster_in_german(data_de):
    s = report.map_section(data_de)
    assert not s.omitted
    assert s.title == "Wo die Cluster stark sind: Karten"
    assert len(s.figures) == len(data_de.definition.ids)
    text = s.text()
    assert "Standortquotient" in text and "Auenstadt" in text
    assert "location quotient" not in text.lower()


def test_map_section_without_geometry_is_one_sentence(data_de):
    from dataclasses import replace

    fake = data_de.lq_map.assign(region=lambda d: "X" + d["region"])
    s = report.map_section(replace(data_de, lq_map=fake))
    assert s.omitted and s.figures == []
    assert "Keine Karte" in s.text()


def test_comparison_map_section_small_multiples():
    c = report.comparison_data(regions=["14700", "01090"], start_year=2015, end_year=2020,
                               definition="leipzig", reference="00", data_path=SAMPLE,
                               language="en")
    s = report.comparison_map_section(c)
    assert len(s.figures) == 1
    titles = [ax.get_title() for ax in s.figures[0].axes if ax.get_title()]
    assert len(titles) == len(c.definition.ids)


@pytest.mark.parametrize("language", ["en", "de"])
def test_map_figures_have_no_overlapping_or_clipped_text(language):
    from clusteranalysis.plotting import layout_problems

    r = report.cluster_report_data(region="14700", start_year=2015, end_year=2020,
                                   definition="leipzig", reference="00", data_path=SAMPLE,
                                   language=language)
    c = report.comparison_data(regions=["14700", "01090", "08290"], start_year=2015,
                               end_year=2020, definition="leipzig", reference="00",
                               data_path=SAMPLE, language=language)
    figures = report.map_section(r).figures + report.comparison_map_section(c).figures
    assert figures
    assert {i: layout_problems(f) for i, f in enumerate(figures)} == dict.fromkeys(
        range(len(figures)), [])


def test_map_sections_leave_no_figure_open_in_pyplot(data_de):
    """Jupyter's inline backend shows every open pyplot figure again below the section."""
    import matplotlib.pyplot as plt

    plt.close("all")
    s = report.map_section(data_de)
    assert s.figures and plt.get_fignums() == []
    c = report.comparison_data(regions=["14700", "01090"], start_year=2015, end_year=2020,
                               definition="leipzig", reference="00", data_path=SAMPLE)
    assert report.comparison_map_section(c).figures and plt.get_fignums() == []


def test_map_titles_from_untrusted_names_are_not_mathtext(data_de):
    from dataclasses import replace

    profile = data_de.profile.copy()
    profile["label"] = profile["label"].astype(object)
    profile.loc[profile.index[0], "label"] = r"$\foo$ Cluster"
    s = report.map_section(replace(data_de, profile=profile))
    titles = [ax.get_title() for fig in s.figures for ax in fig.axes]
    assert r"$\foo$ Cluster" in titles
    s.html()  # broken mathtext would raise while drawing
