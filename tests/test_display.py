import numpy as np
import pandas as pd

import clusteranalysis as ca
from clusteranalysis.display import ResultFrame, result_frame


def test_profile_renders_formatted_escaped_html_and_text():
    p = ca.cluster_profile(ca.load_sample(), "leipzig", region="14700", start_year=2015,
                           end_year=2020, reference="00")
    assert isinstance(p, ResultFrame) and isinstance(p, pd.DataFrame)
    html = p._repr_html_()
    total = p.loc[p.cluster == "total", "employment_end"].iloc[0]
    assert f"{total:,.0f}" in html  # thousands separator
    assert "100.0%" in html  # the total's share as a percentage
    assert "<caption>Cluster profile of 14700, leipzig, 2015–2020</caption>" in html
    text = p.summary()
    assert "Total economy" in text and f"{total:,.0f}" in text


def test_missing_values_show_as_na_not_zero_and_text_is_escaped():
    r = result_frame(pd.DataFrame({"label": ["<b>x</b>"], "employment_growth_pct": [np.nan],
                                   "lq": [1.234]}))
    html = r._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert ">n/a<" in html and ">1.23<" in html
    assert "n/a" in r.summary()


def test_derived_frames_stay_plain_dataframes_in_behaviour():
    r = result_frame(pd.DataFrame({"a": [1.0, 2.0]}))
    assert (r["a"] * 2).tolist() == [2.0, 4.0]
    assert r[r.a > 1].shape == (1, 1)


def test_shift_share_components_are_employees_not_percentages():
    r = result_frame(pd.DataFrame({"label": ["Logistik"], "national_share": [407.0],
                                   "competitive_share": [-1234.0], "employment_share": [0.1]}))
    html = r._repr_html_()
    assert "+407" in html and "−1,234" not in html and "-1,234" in html
    assert "40700.0%" not in html and "10.0%" in html


def test_p_values_keep_significant_digits():
    r = result_frame(pd.DataFrame({"p_value": [0.000123, 0.5]}))
    assert "0.000123" in r._repr_html_() and ">0.5<" in r._repr_html_()


def test_index_tables_render_formatted():
    sample = ca.load_sample()
    idx = ca.specialisation_indices(sample[sample.year == 2020], reference="00", missing="omit")
    assert isinstance(idx, ResultFrame)
    html = idx._repr_html_()
    value = idx["hoover"].iloc[0]
    assert f">{value:.3f}<" in html and "<caption>Specialisation indices (employment)</caption>" in html
    assert "Hoover" in idx.summary()


def test_summary_labels_percentage_points_and_never_signs_a_rounded_zero_wrongly():
    r = result_frame(pd.DataFrame({
        "label": ["A", "B", "C"],
        "tax_share_change": [-0.026, 0.0004, 0.0],      # fraction change: percentage points
        "employment_growth_pct": [-0.04, 0.04, 0.0],    # percent
        "lq_change": [-0.001, 0.004, 0.0],              # always two decimals
        "employment_contribution_pp": [-0.56, 0.5, 0.0],
    }))
    rows = [line.split() for line in r.summary().splitlines()[1:]]
    assert rows[0][1:] == ["-2.6", "pp", "-0.0%", "-0.00", "-0.56", "pp"]
    assert rows[1][1:] == ["+0.0", "pp", "+0.0%", "+0.00", "+0.50", "pp"]
    assert rows[2][1:] == ["0.0", "pp", "0.0%", "0.00", "0.00", "pp"]
    assert "+0\n" not in r.summary() and "-0 " not in r.summary()


def test_summary_and_html_in_german():
    p = ca.cluster_profile(ca.load_sample(), "leipzig", region="14700", start_year=2015,
                           end_year=2020, reference="00", language="de")
    text = p.summary()
    assert text.splitlines()[0] == "Clusterprofil von 14700, leipzig, 2015–2020"
    assert "Gesamtwirtschaft" in text and "Beschäftigtenanteil" in text
    assert "100,0\xa0%" in text and "100.0%" not in text
    total = p.loc[p.cluster == "total", "employment_end"].iloc[0]
    assert f"{total:,.0f}".replace(",", ".") in p._repr_html_()
    # the same frame in English on request
    assert "Total economy" not in p.summary(language="en")  # labels are data, in German
    assert "Employment share" in p.summary(language="en")


def test_categories_and_flags_are_words_of_the_language():
    r = result_frame(pd.DataFrame({"label": ["A", "B"], "quadrant": ["Star", "Transforming"],
                                   "significant_above_1": [True, False]}), language="de")
    text = r.summary()
    assert "Spitzenreiter" in text and "Im Wandel" in text and "ja" in text and "nein" in text
    assert "Star" not in text and "True" not in text
