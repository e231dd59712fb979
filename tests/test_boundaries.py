"""Bundled boundaries, load_boundaries and join_boundaries (codes that do not join are reported)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO

from clusteranalysis import DataError, load_boundaries, territorial_changes
from clusteranalysis.spatial import boundary_codes, join_boundaries, spatial_weights

gpd = pytest.importorskip("geopandas")
shapely = pytest.importorskip("shapely")

LAYERS = {"de-districts": 401, "de-states": 16, "us-states": 52, "sample": 15}


@pytest.mark.parametrize("layer, n", LAYERS.items())
def test_bundled_layers_are_keyed_by_unique_string_codes(layer, n):
    b = load_boundaries(layer)
    assert len(b) == n
    assert str(b["region"].dtype) == "string"
    assert b["region"].is_unique and b["region"].is_monotonic_increasing
    assert shapely.is_valid(b.geometry.to_numpy()).all()
    assert b.attrs["layer"] == layer and b.attrs["attribution"]


def test_german_layers_carry_the_licence_notice_and_real_codes():
    d = load_boundaries("de-districts")
    assert d.attrs["attribution"] == "© GeoBasis-DE / BKG 2021 (Daten verändert)"
    assert "dl-de/by-2-0" in d.attrs["licence"]
    assert d.crs.to_epsg() == 25832
    row = d.set_index("region").loc["14713"]
    assert (row["name"], row["state"], row["nuts"]) == ("Leipzig", "14", "DED51")
    assert d.loc[d["alt_region"].notna(), ["region", "alt_region"]].values.tolist() == \
        [["02000", "02"], ["11000", "11"]]
    assert d["region"].str.fullmatch(r"\d{5}").all()   # leading zeros kept: 01001 Flensburg
    assert d["region"].iloc[0] == "01001"


def test_states_are_the_union_of_their_districts():
    d, s = load_boundaries("de-districts"), load_boundaries("de-states")
    area = d.geometry.area.groupby(d["state"].to_numpy()).sum()
    np.testing.assert_allclose(s.set_index("region").geometry.area.loc[area.index], area,
                               rtol=1e-6)
    assert s.set_index("region").loc["14", "name"] == "Sachsen"


def test_bundled_geometry_is_well_under_3_mb():
    files = list((REPO / "data" / "boundaries").glob("*.geojson")) \
        + [REPO / "data" / "sample_boundaries.geojson"]
    assert len(files) == 4
    assert sum(f.stat().st_size for f in files) < 1.5e6


def test_us_states_have_their_neighbours_and_qcew_aliases():
    u = load_boundaries("us-states")
    with pytest.warns(UserWarning, match=r"02 \(Alaska\), 15 \(Hawaii\), 72 \(Puerto Rico\)"):
        w = spatial_weights(u)
    # the 20m original has gaps around South Dakota; the bundled file closes them
    assert sorted(w.neighbors["46"]) == ["19", "27", "30", "31", "38", "56"]
    assert u.set_index("region").loc["39", "alt_region"] == "39000"


def test_regenerating_the_boundaries_reproduces_the_committed_files(shared_data, tmp_path):
    if not hasattr(shapely, "coverage_simplify"):
        pytest.skip("data/make_boundaries.py needs shapely >= 2.1 (coverage simplification)")
    run = subprocess.run([sys.executable, str(REPO / "data" / "make_boundaries.py"),
                          str(shared_data), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    for name in ("de_districts", "de_states", "us_states"):
        assert (tmp_path / f"{name}.geojson").read_bytes() == \
            (REPO / "data" / "boundaries" / f"{name}.geojson").read_bytes(), name


def test_sample_polygons_are_fictional_tile_musterland_and_have_neighbours():
    s = load_boundaries("sample")
    assert s.attrs["fictional"] is True and s["fictional"].all()
    assert s.crs is None                                 # a fictional plane, no real place
    country = s[s["level"] == "country"].geometry.iloc[0]
    cities = s[s["level"] == "city"]
    assert len(cities) == 14
    assert cities.geometry.area.sum() == pytest.approx(country.area, rel=1e-6)
    overlap = sum(a.intersection(b).area for i, a in enumerate(cities.geometry)
                  for b in cities.geometry.iloc[i + 1:])
    assert overlap < 1e-6 * country.area
    w = spatial_weights(cities, kind="rook")
    assert w.islands == [] and min(w.cardinalities.values()) >= 2
    assert set(cities["region"]) == set(pd.read_csv(REPO / "data" / "sample_regions.csv",
                                                    dtype=str).query("level == 'city'")["region"])


def test_load_boundaries_reads_a_user_file_by_code_column(tmp_path):
    src = load_boundaries("de-states").rename(columns={"region": "AGS", "name": "GEN"})
    path = tmp_path / "states.gpkg"
    src.to_file(path, driver="GPKG")
    b = load_boundaries(path, code_column="AGS", name_column="GEN", attribution="© me")
    assert b["region"].tolist()[:2] == ["01", "02"] and b.attrs["attribution"] == "© me"
    with pytest.raises(ValueError, match="code_column"):
        load_boundaries(path)
    with pytest.raises(DataError, match="no column 'KEY'"):
        load_boundaries(path, code_column="KEY")
    src.iloc[[0, 0]].to_file(tmp_path / "dup.gpkg", driver="GPKG")
    with pytest.raises(DataError, match="duplicate region codes 01"):
        load_boundaries(tmp_path / "dup.gpkg", code_column="AGS")
    with pytest.raises(ValueError, match="unknown boundary layer 'de-kreise'"):
        load_boundaries("de-kreise")


def test_join_reports_unmatched_codes_on_both_sides():
    b = load_boundaries("sample")
    t = pd.DataFrame({"region": ["14700", "01090", "99999", "DG"], "lq": [1.3, 0.7, 1.0, 1.0]})
    j = join_boundaries(t, b)
    assert j.unmatched_data == ("99999", "DG")
    assert "14790" in j.unmatched_boundaries and "14700" not in j.unmatched_boundaries
    assert len(j.frame) == len(b)                      # no polygon dropped
    assert j.frame.set_index("region").loc["14700", "join"] == "matched"
    assert j.frame.set_index("region").loc["14790", "join"] == "no data"
    assert any("99999, DG" in n for n in j.notes())
    with pytest.raises(DataError, match="repeated codes: 14700"):
        join_boundaries(pd.concat([t, t.iloc[:1]]), b)


def test_berlin_and_hamburg_join_through_their_land_code():
    d = load_boundaries("de-districts")
    t = pd.DataFrame({"region": ["11", "02", "14713"], "lq": [1.2, 0.9, 1.0]})
    j = join_boundaries(t, d)
    assert j.aliases == {"02000": "02", "11000": "11"}
    assert j.unmatched_data == ()
    assert j.frame.set_index("region").loc["11000", "lq"] == 1.2
    assert "Berlin (11000) shows the value of code 11." in j.notes()
    assert boundary_codes(t, d)["region"].tolist() == ["11000", "02000", "14713"]


def _goettingen_panel():
    rows = [("03152", 2015), ("03156", 2015), ("03159", 2017), ("03159", 2018),
            ("14713", 2015), ("14713", 2017), ("14713", 2018)]
    return pd.DataFrame(rows, columns=["region", "year"]).assign(industry="TOTAL",
                                                                 employment=1.0)


def test_a_map_of_2015_shows_goettingen_merged_with_a_note():
    panel = _goettingen_panel()
    changes = territorial_changes(panel)
    t = pd.DataFrame({"region": ["03152", "03156", "14713"], "lq": [1.1, 0.9, 1.0]})
    j = join_boundaries(t, load_boundaries("de-districts"), changes=changes)
    assert j.changes.values.tolist() == [["03152", "03159", 2017], ["03156", "03159", 2017]]
    assert j.frame.set_index("region").loc["03159", "join"] == "territorial change"
    notes = " ".join(j.notes())
    assert "03152, 03156: merged into Göttingen (03159)" in notes
    assert "from 2017" in notes and "boundaries of January 1, 2021" in notes
    # without the change table the codes are still reported, not dropped
    plain = join_boundaries(t, load_boundaries("de-districts"))
    assert plain.unmatched_data == ("03152", "03156")


def test_goettingen_in_the_real_district_table(shared_data):
    df = pd.read_csv(shared_data / "de-regionalstatistik-13111-07-05-4"
                     / "svb_arbeitsort_wz_kreise_2015_2020.csv", dtype={"ags": str})
    districts = df[(df["level"] == "district") & (df["wz_code"] == "TOTAL")]
    panel = districts.rename(columns={"ags": "region"})[["region", "year"]]
    t2015 = districts[districts["year"] == 2015].rename(columns={"ags": "region"})
    j = join_boundaries(t2015[["region", "total"]], load_boundaries("de-districts"),
                        changes=territorial_changes(panel))
    assert set(j.changes["region"]) == {"03152", "03156"}
    assert set(j.changes["successor"]) == {"03159"}
    assert set(j.unmatched_data) == {"03152", "03156"}
    assert set(j.unmatched_boundaries) == {"03159", "02000", "11000"}


def test_import_clusteranalysis_does_not_import_the_geo_stack():
    code = ("import sys, clusteranalysis, clusteranalysis.plotting, clusteranalysis.spatial, "
            "clusteranalysis.report.maps; heavy = ['geopandas', 'shapely', 'pyogrio', 'pyproj', "
            "'mapclassify', 'libpysal', 'esda']; print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


SAMPLE = load_boundaries("sample")
CODES = st.sampled_from(list(SAMPLE["region"]) + ["99999", "DG", "01001", "x"])


@settings(max_examples=40, deadline=None)
@given(st.lists(CODES, unique=True, max_size=12))
def test_every_code_is_accounted_for(data_codes):
    """Property: each data code is drawn or reported; each polygon appears exactly once."""
    t = pd.DataFrame({"region": data_codes, "lq": 1.0})
    j = join_boundaries(t, SAMPLE)
    drawn = set(j.frame.loc[j.frame["join"] != "no data", "region"])
    assert drawn | set(j.unmatched_data) == set(data_codes)
    assert drawn.isdisjoint(j.unmatched_data)
    assert sorted(j.frame["region"]) == sorted(SAMPLE["region"])
    assert set(j.unmatched_boundaries) == set(SAMPLE["region"]) - drawn
