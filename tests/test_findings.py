"""Findings text and headline figures: golden sentences on hand-made profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusteranalysis import cluster_profile, load_sample
from clusteranalysis.report.findings import findings, headline, number, percent


# the sample's division-level codes are coarser than some of the definition's codes
pytestmark = pytest.mark.filterwarnings(
    "ignore:industry codes coarser than the definition:UserWarning")


def make_profile(**overrides) -> pd.DataFrame:
    """Three clusters, other and total; total employment grows 10 %."""
    p = pd.DataFrame({
        "region": "X", "cluster": ["auto", "logi", "media", "other", "total"],
        "label": ["Automotive", "Logistics", "Media", "Other", "Total economy"],
        "start_year": 2015, "end_year": 2020,
        "employment_start": [100.0, 200.0, 100.0, 600.0, 1000.0],
        "employment_end": [120.0, 210.0, 95.0, 675.0, 1100.0],
        "employment_growth_pct": [20.0, 5.0, -5.0, 12.5, 10.0],
        "employment_share": [120 / 1100, 210 / 1100, 95 / 1100, 675 / 1100, 1.0],
        "establishments_end": [10.0, 40.0, 30.0, 420.0, 500.0],
        "establishments_growth_pct": [5.0, 10.0, 2.0, 4.0, 4.5],
        "establishments_share": [0.02, 0.08, 0.06, 0.84, 1.0],
        "tax_end": [300.0, 100.0, 50.0, 550.0, 1000.0],
        "tax_growth_pct": [1.0, 2.0, 3.0, 4.0, -2.0],
        "tax_share": [0.30, 0.10, 0.05, 0.55, 1.0],
        "lq": [1.8, 0.9, 1.2, 0.95, 1.0],
    })
    for column, values in overrides.items():
        p[column] = values
    return p


def test_faster_slower_and_shrinking_clusters_are_golden():
    text = findings(make_profile())
    assert text[0] == ("Total employment rose by 10.0% from 2015 to 2020, "
                       "from 1,000 to 1,100 employees.")
    assert ("Clusters that grew faster than the local economy (+10.0%): "
            "Automotive (+20.0%).") in text
    assert "Clusters that grew, but more slowly than the local economy: Logistics (+5.0%)." in text
    assert "Clusters that lost employees: Media (-5.0%)." in text


def test_lq_below_one_is_not_specialised():
    text = findings(make_profile())
    assert ("Specialised compared with the reference (location quotient above 1), strongest "
            "first: Automotive (1.80); Media (1.20).") in text
    assert "Not specialised (location quotient 1 or below): Logistics (0.90)." in text


def test_no_cluster_specialised():
    text = findings(make_profile(lq=[0.9, 1.0, 0.5, 1.1, 1.0]))
    assert any(s.startswith("No cluster is specialised") for s in text)
    assert not any("Other" in s for s in text)  # the remainder is not a cluster


def test_missing_growth_is_not_available_not_zero():
    p = make_profile(employment_growth_pct=[20.0, np.nan, -5.0, 12.5, 10.0])
    text = findings(p)
    joined = " ".join(text)
    assert "Logistics (+0.0%)" not in joined and "Logistics (n/a)" not in joined
    assert not any("Logistics" in s for s in text if "local economy" in s or "lost" in s)
    assert text[-1] == ("Not available because of suppressed or missing data (n/a): "
                        "employment growth of Logistics.")


def test_missing_lq_and_tax_share_are_named():
    p = make_profile(lq=[np.nan, 0.9, 1.2, 0.95, 1.0], tax_share=[np.nan, 0.1, 0.05, 0.55, 1.0])
    text = findings(p)
    assert text[-1] == ("Not available because of suppressed or missing data (n/a): location "
                        "quotient of Automotive; trade-tax share of Automotive.")
    # the sum over the clusters is unknown, not the sum of the known ones
    assert ("Together the 3 clusters account for 38.6% of employment, 16.0% of "
            "establishments and n/a of trade tax.") in text
    # a superlative holds only among the clusters with data
    assert ("The largest share of trade tax comes from Logistics (10.0%), among the clusters "
            "with data.") in text


def test_tax_base_sentences():
    text = findings(make_profile())
    assert "The largest share of trade tax comes from Automotive (30.0%)." in text
    assert ("Clusters whose share of trade tax is at least their share of employment (tax "
            "intensity of 1 or more): Automotive (30.0% of trade tax, 10.9% of "
            "employment).") in text


def test_no_cluster_carries_the_tax_base():
    text = findings(make_profile(tax_share=[0.01, 0.02, 0.03, 0.94, 1.0]))
    assert "No cluster's share of trade tax reaches its share of employment." in text


def test_establishment_size_sentences():
    text = findings(make_profile())
    assert ("Employment grew faster than the number of establishments (larger establishments "
            "on average) in: Automotive (employment +20.0%, establishments +5.0%).") in text
    assert ("The number of establishments grew faster than employment (smaller establishments "
            "on average) in: Logistics (employment +5.0%, establishments +10.0%); Media "
            "(employment -5.0%, establishments +2.0%).") in text


def test_local_economy_sentence_with_tax_in_millions():
    p = make_profile(tax_end=[3e6, 1e6, 5e5, 5.5e6, 1.25e7])
    assert findings(p)[1] == ("The number of establishments rose by 4.5% to 500. Trade tax "
                              "fell by 2.0% to €12.5M.")


def test_shrinking_total_reads_did_better():
    p = make_profile(employment_growth_pct=[20.0, -1.0, -5.0, -3.0, -2.0])
    text = findings(p)
    assert text[0].startswith("Total employment fell by 2.0% from 2015 to 2020")
    assert ("Clusters that did better than the local economy (-2.0%): Automotive (+20.0%); "
            "Logistics (-1.0%).") in text
    assert "Clusters that lost employees: Media (-5.0%); Logistics (-1.0%)." in text


def test_german_formatting():
    p = make_profile(employment_start=[1000.0, 2000, 1000, 6000, 10000],
                     employment_end=[1200.0, 2100, 950, 6750, 11000],
                     employment_growth_pct=[20.25, 5.0, -5.0, 12.5, 10.0])
    text = findings(p, language="de")
    assert text[0] == ("Die Beschäftigung insgesamt stieg von 2015 bis 2020 um 10,0\xa0%, "
                       "von 10.000 auf 11.000 Beschäftigte.")
    assert ("Cluster, die schneller wuchsen als die lokale Wirtschaft (+10,0\xa0%): "
            "Automotive (+20,2\xa0%).") in text
    assert "Cluster mit Beschäftigungsverlust: Media (-5,0\xa0%)." in text
    assert any("Automotive (1,80); Media (1,20)" in s for s in text)


def test_estimated_flags_are_mentioned():
    p = make_profile(tax_flag=pd.array([None, "estimated", None, None, None], dtype="string"))
    assert findings(p)[-1] == "Values flagged as estimated: trade tax (Logistics)."


def test_sentences_without_data_are_left_out():
    p = make_profile()[["cluster", "label", "start_year", "end_year", "employment_start",
                        "employment_end", "employment_growth_pct"]]
    text = findings(p)
    assert len(text) == 4
    assert not any("trade tax" in s or "location quotient" in s for s in text)


def test_invalid_input():
    with pytest.raises(ValueError, match="total"):
        findings(make_profile().iloc[:-1])
    with pytest.raises(ValueError, match="language"):
        findings(make_profile(), language="fr")


def test_number_formats():
    assert number(1234.5, 1) == "1,234.5"
    assert number(1234.5, 1, "de") == "1.234,5"
    assert number(-0.01, 1, sign=True) == "-0.0"  # a decline never reads "+0.0"
    assert number(0.01, 1, sign=True) == "+0.0" and number(0.0, 1, sign=True) == "0.0"
    assert percent(-3.25, 1, "de", sign=True) == "-3,2\xa0%"
    assert number(np.nan) == percent(None) == "n/a"


def test_headline_figures():
    h = headline(make_profile())
    assert list(h.columns) == [2015, 2020, "change", "growth_pct"]
    assert h.loc["Employees"].tolist() == [1000.0, 1100.0, 100.0, pytest.approx(10.0)]
    assert h.loc["Employees in the 3 clusters"].tolist()[:3] == [400.0, 425.0, 25.0]
    share = h.loc["Share of employment in the 3 clusters"]
    assert share[2015] == pytest.approx(0.4) and np.isnan(share["growth_pct"])


def test_headline_formatted_german():
    h = headline(make_profile(), language="de", formatted=True)
    assert list(h.columns) == ["Kennzahl", "2015", "2020", "Veränderung", "Wachstum"]
    assert h.iloc[0].tolist() == ["Beschäftigte", "1.000", "1.100", "+100", "+10,0\xa0%"]
    assert h.iloc[-1].tolist() == ["Beschäftigungsanteil der 3 Cluster", "40,0\xa0%", "38,6\xa0%",
                                   "-1,4 Pp.", ""]


def test_headline_missing_cluster_value_is_not_summed_as_zero():
    p = make_profile(employment_end=[120.0, np.nan, 95.0, np.nan, 1100.0])
    h = headline(p)
    assert np.isnan(h.loc["Employees in the 3 clusters", 2020])
    assert headline(p, formatted=True).iloc[-2, 2] == "n/a"


def test_findings_on_the_sample_quote_the_profile():
    profile = cluster_profile(load_sample(), "leipzig", region="14700", start_year=2015,
                              end_year=2020, reference="00")
    text = findings(profile)
    total = profile.set_index("cluster").loc["total"]
    assert f"to {total['employment_end']:,.0f} employees" in text[0]
    top = profile.iloc[:-2].sort_values("lq", ascending=False).iloc[0]
    spec = next(s for s in text if s.startswith("Specialised"))
    assert spec.split(": ", 1)[1].startswith(f"{top['label']} ({top['lq']:.2f})")
    assert all("Other" not in s for s in text)


def test_a_small_decline_never_reads_plus_zero():
    p = make_profile(employment_growth_pct=[20.0, 5.0, -0.04, 12.5, 10.0])
    for language, expected in (("en", "Media (-0.0%)"), ("de", "Media (-0,0\xa0%)")):
        assert any(expected in s for s in findings(p, language=language))
        assert not any("+0.0" in s or "+0,0" in s for s in findings(p, language=language))


def test_sentences_come_from_the_catalog_whole():
    """Every German finding is a catalog sentence: no English word is left in it."""
    english = {"the", "and", "of", "employees", "clusters", "rose", "fell", "faster",
               "trade", "tax", "share", "employment", "establishments"}
    text = findings(make_profile(label=["Auto", "Logistik", "Medien", "Übrige", "Gesamt"]),
                    language="de")
    words = {w.strip(".,;:()").lower() for s in text for w in s.split()}
    assert not words & english
