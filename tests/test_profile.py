"""cluster_profile: every column is the documented metric of the aggregated clusters."""

import numpy as np
import pandas as pd
import pytest

import clusteranalysis as ca


@pytest.fixture(scope="module")
def sample():
    return ca.load_sample()


@pytest.fixture(scope="module")
def profile(sample):
    return ca.cluster_profile(sample, "leipzig", region="14700", start_year=2015,
                              end_year=2020, reference="00")


def test_rows_in_definition_order_then_other_and_total(profile):
    ids = [c.id for c in ca.load_definition("leipzig").clusters]
    assert profile["cluster"].tolist() == ids + ["other", "total"]
    assert profile.loc[profile.cluster == "total", "label"].iloc[0] == "Total economy"


def test_total_economy_is_the_region_total_row(sample, profile):
    tot = sample[(sample.region == "14700") & (sample.industry == "TOTAL")].set_index("year")
    row = profile.set_index("cluster").loc["total"]
    assert row["employment_end"] == tot.loc[2020, "employment"]
    assert row["employment_start"] == tot.loc[2015, "employment"]
    assert row["tax_end"] == tot.loc[2020, "tax"]


def test_clusters_plus_other_partition_the_total(profile):
    parts = profile[profile.cluster != "total"]
    for m in ("employment", "establishments"):
        assert parts[f"{m}_share"].sum() == pytest.approx(1.0, rel=1e-12)
        assert parts[f"{m}_end"].sum() == pytest.approx(
            profile.loc[profile.cluster == "total", f"{m}_end"].iloc[0])
    assert parts["employment_contribution"].sum() == pytest.approx(1.0, rel=1e-12)


def test_columns_equal_the_metric_functions(sample, profile):
    definition = ca.load_definition("leipzig")
    sub = sample[sample.region.isin(["14700", "00"]) & sample.year.isin([2015, 2020])]
    agg = ca.aggregate_clusters(sub, definition)
    lq = ca.location_quotient(agg[agg.year == 2020], by="cluster", total_code="total",
                              reference="00")
    g = ca.growth(agg, by="cluster", value="establishments")
    g = g[g.region == "14700"].set_index("cluster")
    p = profile.set_index("cluster")
    np.testing.assert_allclose(p["lq"], lq.set_index("cluster").loc[p.index, "lq"], rtol=1e-12)
    np.testing.assert_allclose(p["establishments_growth_pct"],
                               g.loc[p.index, "establishments_growth_pct"], rtol=1e-12)
    t = p.loc["logistics"]
    assert t["tax_intensity"] == pytest.approx(t["tax_share"] / t["employment_share"])


def test_lq_against_all_regions_when_no_reference(sample):
    cities = sample[sample.region != "00"]
    p = ca.cluster_profile(cities, "leipzig", region="14700", start_year=2015, end_year=2020)
    assert p["lq"].notna().all()


def test_unknown_region_or_year_is_a_clear_error(sample):
    with pytest.raises(ca.DataError, match="region '99999' is not in the panel"):
        ca.cluster_profile(sample, "leipzig", region="99999", start_year=2015, end_year=2020)
    with pytest.raises(ca.DataError, match="year 2030 is missing"):
        ca.cluster_profile(sample, "leipzig", region="14700", start_year=2015, end_year=2030,
                           reference="00")


@pytest.mark.filterwarnings("ignore:industry codes coarser than the definition:UserWarning")
def test_several_regions_at_once_equal_one_at_a_time():
    from pandas.testing import assert_frame_equal

    panel = ca.load_sample()
    codes = ["14700", "01090", "09790"]
    kw = dict(start_year=2010, end_year=2020, reference="00")
    together = ca.cluster_profile(panel, "leipzig", region=codes, **kw)
    assert list(dict.fromkeys(together["region"])) == codes
    for code in codes:
        alone = ca.cluster_profile(panel, "leipzig", region=code, **kw)
        part = together[together["region"] == code].reset_index(drop=True)
        assert_frame_equal(pd.DataFrame(part), pd.DataFrame(alone), check_exact=False,
                           rtol=1e-12)
    with pytest.raises(ca.DataError, match="'99999' is not in the panel"):
        ca.cluster_profile(panel, "leipzig", region=["14700", "99999"], **kw)
