"""Tests of the bundled synthetic sample data (clusteranalysis.inputs.sample)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteranalysis.inputs.sample import (
    BOUNDARIES_FILE,
    PANEL_FILE,
    REGIONS_FILE,
    generate_sample,
    load_sample,
    load_sample_regions,
    main,
    write_sample,
)

DATA = Path(__file__).resolve().parent.parent / "data"
DIVISIONS = [f"{i:02d}" for i in (*range(1, 4), *range(5, 34), *range(35, 40), 41, 42, 43,
                                   45, 46, 47, *range(49, 54), 55, 56, *range(58, 64), 64,
                                   65, 66, 68, *range(69, 76), *range(77, 83), 84, 85, 86,
                                   87, 88, *range(90, 94), 94, 95, 96, 97, 98, 99)]
MANUFACTURING = [f"{i}" for i in range(10, 34)]
# Divisions the Leipzig-style cluster fields use (whole or in part).
CLUSTER_DIVISIONS = ["18", "21", "22", "24", "25", "28", "29", "32", "35", "36", "37", "38",
                     "39", "45", "49", "50", "51", "52", "53", "58", "59", "60", "62", "72",
                     "73", "74", "86", "87", "88", "90", "91"]
MEASURES = ["employment", "establishments", "tax"]


@pytest.fixture(scope="module")
def panel():
    return load_sample()


@pytest.fixture(scope="module")
def regions():
    return load_sample_regions()


def _totals(panel, measure="employment"):
    t = panel[panel["industry"] == "TOTAL"]
    return t.pivot(index="year", columns="region", values=measure)


def _national(panel, measure="employment"):
    nat = panel[(panel["region"] == "00") & (panel["industry"] != "TOTAL")]
    return nat.pivot(index="year", columns="industry", values=measure)


def test_regeneration_reproduces_committed_files_byte_for_byte(tmp_path):
    paths = write_sample(tmp_path)
    for path in paths:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_command_line_writes_the_same_files(tmp_path, capsys):
    assert main(["--out", str(tmp_path / "out")]) == 0
    assert PANEL_FILE in capsys.readouterr().out
    for name in (PANEL_FILE, REGIONS_FILE, BOUNDARIES_FILE):
        assert (tmp_path / "out" / name).read_bytes() == (DATA / name).read_bytes()


def test_generation_is_deterministic_and_depends_on_seed():
    a, _ = generate_sample(seed=7)
    b, _ = generate_sample(seed=7)
    c, _ = generate_sample(seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["employment"].equals(c["employment"])


def test_loaded_panel_equals_generated_panel(panel, regions):
    gen_panel, gen_regions = generate_sample()
    pd.testing.assert_frame_equal(panel, gen_panel)
    pd.testing.assert_frame_equal(regions, gen_regions)


def test_file_format():
    raw = (DATA / PANEL_FILE).read_bytes()
    assert b"\r" not in raw
    assert raw.startswith(b"region,year,industry,employment,establishments,tax,"
                          b"employment_flag,establishments_flag,tax_flag\n")
    assert b".0," not in raw and b"nan" not in raw.lower()
    assert len(raw) < 2_500_000
    assert b"\n00,2005,01," in raw and b"\n01090,2005,01," in raw


def test_dtypes_and_leading_zeros(panel, regions):
    assert panel.columns.tolist() == ["region", "year", "industry", *MEASURES,
                                      "employment_flag", "establishments_flag", "tax_flag"]
    for col in ("region", "industry", "employment_flag", "establishments_flag", "tax_flag"):
        assert isinstance(panel[col].dtype, pd.StringDtype), col
        assert panel[col].dtype.na_value is pd.NA, col
    assert panel["year"].dtype == np.int64
    for m in MEASURES:
        assert panel[m].dtype == np.float64
    assert "00" in set(panel["region"])
    starts_with_zero = {r for r in panel["region"].unique() if r.startswith("0") and r != "00"}
    assert len(starts_with_zero) >= 3
    assert set(panel["region"].str.len()) == {2, 5}
    assert isinstance(regions["region"].dtype, pd.StringDtype)
    assert regions["population"].dtype == np.int64
    assert set(regions["region"]) == set(panel["region"])


def test_empty_flags_are_missing_not_empty_strings(panel):
    for col in ("employment_flag", "establishments_flag", "tax_flag"):
        assert not (panel[col] == "").any()
        assert set(panel[col].dropna().unique()) <= {"suppressed", "estimated"}
        assert panel[col].isna().mean() > 0.9


def test_coverage_regions_divisions_years(panel, regions):
    cities = regions[regions["level"] == "city"]
    assert len(cities) >= 12
    nation = regions[regions["level"] == "country"]
    assert nation["region"].tolist() == ["00"]
    assert "synthetic" in nation["name"].iloc[0]
    assert cities["population"].between(100_000, 1_500_000).all()
    assert cities["population"].min() < 150_000 and cities["population"].max() > 1_000_000
    assert sorted(panel["year"].unique().tolist()) == list(range(2005, 2021))
    wz = pd.read_csv(DATA / "wz2008_divisions.csv", dtype="string", keep_default_na=False)
    assert wz["code"].tolist() == DIVISIONS
    assert len(DIVISIONS) == 88
    assert set(panel["industry"]) == set(DIVISIONS) | {"TOTAL"}
    # complete grid, each key once
    keys = panel[["region", "year", "industry"]]
    assert not keys.duplicated().any()
    assert len(panel) == len(regions) * 16 * 89


def test_rows_sorted_with_total_last(panel):
    keys = panel[["region", "year", "industry"]]
    assert keys.equals(keys.sort_values(["region", "year", "industry"]).reset_index(drop=True))
    last = panel.groupby(["region", "year"], sort=False)["industry"].last()
    assert (last == "TOTAL").all()


def test_wz2008_division_table():
    wz = pd.read_csv(DATA / "wz2008_divisions.csv", dtype="string", keep_default_na=False)
    assert wz.columns.tolist() == ["code", "label_de", "label_en", "section"]
    assert wz["code"].is_unique
    assert (wz["label_de"].str.len() > 3).all() and (wz["label_en"].str.len() > 3).all()
    sections = wz.set_index("code")["section"]
    assert sections["29"] == "C" and sections["35"] == "D" and sections["62"] == "J"
    assert sections["84"] == "O" and sections["99"] == "U"
    assert wz["section"].value_counts()["C"] == 24


def test_total_at_least_sum_and_every_division(panel):
    div = panel[panel["industry"] != "TOTAL"]
    sums = div.groupby(["region", "year"])[MEASURES].sum(min_count=1)
    maxima = div.groupby(["region", "year"])[MEASURES].max()
    totals = panel[panel["industry"] == "TOTAL"].set_index(["region", "year"])[MEASURES]
    totals = totals.loc[sums.index]
    assert totals.notna().all().all()
    assert (totals >= sums).all().all()
    assert (totals >= maxima).all().all()
    # an unclassified remainder, small: 0.05-0.3 % of the sum of divisions
    # (plus rounding); larger where suppressed cells are missing from the sum.
    share = (totals - sums) / sums
    assert share.max().max() < 0.03
    assert share["establishments"].between(0.0004, 0.0035).all()  # never suppressed
    complete = div.groupby(["region", "year"])["employment"].count() == 88
    assert complete.sum() >= 16  # at least the nation
    remainder = share.loc[complete[complete].index]
    assert remainder.min().min() > 0.0004 and remainder.max().max() < 0.0035


def test_suppressed_cells_are_nan_with_flag_never_zero(panel):
    for m in ("employment", "tax"):
        flagged = panel[f"{m}_flag"] == "suppressed"
        assert np.array_equal(flagged.fillna(False).to_numpy(bool), panel[m].isna()), m
    supp = panel[panel["employment_flag"] == "suppressed"]
    assert (supp["tax_flag"] == "suppressed").all()
    assert supp["establishments"].between(1, 2).all()
    assert supp["establishments_flag"].isna().all()
    assert panel["establishments"].notna().all()
    # cells with at least 3 establishments are published
    visible = panel["establishments"] >= 3
    assert panel.loc[visible, "employment"].notna().all()


def test_some_suppression_exists_in_small_divisions(panel):
    supp = panel[panel["employment_flag"] == "suppressed"]
    assert len(supp) >= 100
    assert supp["region"].nunique() >= 6
    assert set(supp["industry"]) & {"05", "06", "07", "12", "19", "99"}
    assert set(supp["industry"]) <= set(DIVISIONS)


def test_nation_and_totals_never_suppressed(panel):
    protected = (panel["region"] == "00") | (panel["industry"] == "TOTAL")
    assert panel.loc[protected, MEASURES].notna().all().all()
    assert not (panel.loc[protected, "employment_flag"] == "suppressed").any()


def _cluster_divisions() -> list[str]:
    """CLUSTER_DIVISIONS plus the divisions of every code in data/definitions/leipzig.yaml."""
    divisions = set(CLUSTER_DIVISIONS)
    path = DATA / "definitions" / "leipzig.yaml"
    if path.is_file():
        yaml = pytest.importorskip("yaml")
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        divisions |= {str(c["code"])[:2] for cl in spec["clusters"] for c in cl["codes"]}
    return sorted(divisions)


def test_no_suppression_in_cluster_divisions_of_big_cities(panel, regions):
    big = regions.loc[(regions["level"] == "city") & (regions["population"] > 200_000), "region"]
    assert len(big) >= 6
    divisions = _cluster_divisions()
    cells = panel[panel["region"].isin(big) & panel["industry"].isin(divisions)]
    assert len(cells) == len(big) * 16 * len(divisions)
    assert cells[MEASURES].notna().all().all()
    assert (cells["establishments"] >= 3).all()


def test_estimated_cells_have_values(panel):
    for m in MEASURES:
        est = panel[f"{m}_flag"] == "estimated"
        assert est.sum() > 0, m
        assert panel.loc[est.fillna(False), m].notna().all(), m


def test_counts_are_whole_numbers_and_consistent(panel):
    for m in MEASURES:
        v = panel[m].dropna()
        assert (v >= 0).all() and (v == np.round(v)).all(), m
    div = panel[panel["industry"] != "TOTAL"]
    published = div.dropna(subset=["employment"])
    # no employees without an establishment, none with establishments but no employee
    assert ((published["employment"] > 0) == (published["establishments"] > 0)).all()
    assert (published["employment"] >= published["establishments"]).all()


def test_magnitudes_of_the_550k_city(panel, regions):
    city = regions.loc[regions["population"].between(500_000, 600_000), "region"]
    assert city.tolist() == ["14700"]
    tot = panel[(panel["region"] == "14700") & (panel["industry"] == "TOTAL")].set_index("year")
    assert 200_000 <= tot.loc[2020, "employment"] <= 300_000
    assert 15_000 <= tot.loc[2020, "establishments"] <= 25_000
    per_employee = tot["tax"] / tot["employment"]
    assert per_employee.between(400, 2_000).all()


def test_national_magnitudes(panel):
    emp, est, tax = (_totals(panel, m)["00"] for m in MEASURES)
    assert 33e6 <= emp[2019] <= 35e6 and 33e6 <= emp[2020] <= 35e6
    assert emp[2005] < emp[2019]
    assert 2.0e6 <= est[2019] <= 2.4e6
    assert (tax / emp).between(400, 1_200).all()
    # the nation is a separate reference, far larger than the sum of the cities
    cities = _totals(panel).drop(columns="00").sum(axis=1)
    assert (cities < 0.2 * emp).all()


def test_city_employment_per_inhabitant_plausible(panel, regions):
    emp = _totals(panel).loc[2020]
    pop = regions.set_index("region")["population"]
    ratio = (emp / pop).drop("00")
    assert ratio.between(0.3, 0.8).all()


def test_2009_dip_in_national_manufacturing_and_agency_work(panel):
    nat = _national(panel)
    manu = nat[MANUFACTURING].sum(axis=1)
    assert manu[2009] < 0.98 * manu[2008]
    assert manu[2011] > manu[2009]
    assert nat.loc[2009, "29"] < 0.95 * nat.loc[2008, "29"]
    assert nat.loc[2009, "78"] < 0.9 * nat.loc[2008, "78"]


def test_covid_dip_in_hospitality_and_arts(panel):
    nat = _national(panel)
    for group in (["55", "56"], ["90", "91", "92", "93"]):
        s = nat[group].sum(axis=1)
        assert s[2020] < 0.95 * s[2019], group


def test_tax_swings_more_than_employment(panel):
    emp, tax = _totals(panel)["00"], _totals(panel, "tax")["00"]
    assert tax[2009] / tax[2008] < 0.9 < emp[2009] / emp[2008]
    assert tax[2020] / tax[2019] < 0.9
    d_emp = np.log(_totals(panel)).diff().std()
    d_tax = np.log(_totals(panel, "tax")).diff().std()
    assert (d_tax > 2 * d_emp).all()


def test_tax_per_employee_uneven_by_industry(panel):
    nat_emp, nat_tax = _national(panel), _national(panel, "tax")
    per = (nat_tax.loc[2019] / nat_emp.loc[2019])
    for high in ("64", "35", "21", "29", "46"):
        assert per[high] > 2_000, high
    for none in ("84", "97", "98", "99"):
        assert (panel.loc[panel["industry"] == none, "tax"].dropna() == 0).all(), none
    assert per["85"] < 100 and per["88"] < 100


def test_national_growing_and_shrinking_divisions(panel):
    nat = _national(panel)
    change = nat.loc[2019] / nat.loc[2005]
    for shrinking in ("18", "58", "05"):
        assert change[shrinking] < 0.85, shrinking
    for growing in ("62", "63", "86", "87", "88", "52", "72"):
        assert change[growing] > 1.25, growing


def test_establishment_sizes_by_industry(panel):
    nat = panel[(panel["region"] == "00") & (panel["year"] == 2019)].set_index("industry")
    size = nat["employment"] / nat["establishments"]
    assert size["29"] > 150
    assert size[["43", "56", "96"]].max() < 10
    assert 8 <= size["86"] <= 20


def test_city_profiles_show_in_the_data(panel):
    share = panel[panel["year"] == 2019].pivot(index="industry", columns="region",
                                               values="employment")
    share = share.drop(index="TOTAL") / share.loc["TOTAL"]
    lq = share.div(share["00"], axis=0)
    assert lq.loc["29", "08290"] > 3  # automotive city
    assert lq.loc["50", "01090"] > 3  # seaport
    assert lq.loc["64", "06490"] > 2  # financial centre
    assert lq.loc["60", "16090"] > 2  # media city


def test_missing_data_folder_raises_with_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path.name)):
        load_sample(tmp_path)
    with pytest.raises(FileNotFoundError, match="sample_regions.csv"):
        load_sample_regions(tmp_path)


def test_fictional_boundaries_are_labelled_and_depend_on_the_seed():
    import json

    from clusteranalysis.inputs.sample import sample_boundaries_bytes

    doc = json.loads(sample_boundaries_bytes())
    assert doc["fictional"] is True and "does not exist" in doc["attribution"]
    assert "crs" not in doc                              # a fictional plane, not the Earth
    assert all(f["properties"]["fictional"] for f in doc["features"])
    assert [f["properties"]["region"] for f in doc["features"]][:2] == ["00", "01090"]
    assert sample_boundaries_bytes(7) != sample_boundaries_bytes()
    assert sample_boundaries_bytes(7) == sample_boundaries_bytes(7)
