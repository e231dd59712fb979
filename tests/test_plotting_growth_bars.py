"""growth_by_region_chart: bars per region × cluster, legend, language, PNG smoke test."""

import numpy as np
import pandas as pd

from clusteranalysis.plotting import growth_by_region_chart, layout_problems


def table():
    return pd.DataFrame({
        "name": ["Auenstadt"] * 3 + ["Kolbenau"] * 3,
        "label": ["Logistik", "Medien", "Gesamtwirtschaft"] * 2,
        "employment_growth_pct": [31.6, -3.8, 12.7, 5.0, np.nan, 2.0]})


def test_one_bar_per_region_and_cluster_in_table_order(tmp_path):
    ax = growth_by_region_chart(table(), period="2015–2020", language="de")
    heights = [p.get_width() for p in ax.patches]
    assert len(heights) == 6 and np.isnan(heights).sum() == 1  # missing stays missing
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Logistik", "Medien",
                                                             "Gesamtwirtschaft"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Auenstadt", "Kolbenau"]
    assert ax.get_legend().get_title().get_text() == "Region"
    assert ax.get_xlabel() == "Beschäftigungswachstum 2015–2020, %"
    ax.figure.canvas.draw()
    assert any("\xa0%" in t.get_text() for t in ax.get_xticklabels())  # German "10 %"
    assert layout_problems(ax.figure) == []
    ax.figure.savefig(tmp_path / "growth.png")
    assert (tmp_path / "growth.png").stat().st_size > 1000
