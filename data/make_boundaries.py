"""Regenerate the bundled boundary files in ``data/boundaries/`` from the public originals.

The originals are the unmodified BKG VG5000 shapefiles (German districts and
Länder, 1 Jan 2021, dl-de/by-2-0) and the Census Bureau cartographic boundary
file ``cb_2018_us_state_20m`` (public domain). They are not part of the
repository; pass the folder that holds them (in CI and on the developers'
machines ``../shared/data`` beside the clone)::

    python data/make_boundaries.py ../shared/data

What is done (and nothing else):

- German districts: reprojected from DHDN / Gauss-Krüger 3 (EPSG:31467) to
  ETRS89 / UTM 32N (EPSG:25832), simplified as a coverage (shared borders
  stay shared, no gaps or overlaps; tolerance ``DE_TOLERANCE`` metres) and
  rounded to whole metres.
- German Länder: the union of their simplified districts (so Land borders
  lie exactly on district borders); names from ``VG5000_LAN`` (``GF == 9``).
- US states: the gaps of the 20m file between South Dakota and Montana,
  North Dakota and Wyoming (up to about 1.3 km, so that contiguity missed
  them) closed with ``shapely.coverage_clean`` (``US_GAP`` degrees), then
  coverage-simplified in NAD83 longitude/latitude (EPSG:4269, tolerance
  ``US_TOLERANCE`` degrees) and rounded to 4 decimals (about 10 m).

The output is GeoJSON written by this script (sorted by code, fixed key
order, ``\\n`` line endings), so that the same originals always give the same
bytes. Every file carries its source and attribution; the German files the
notice the licence requires for changed data, "© GeoBasis-DE / BKG 2021
(Daten verändert)", which the maps print.

Needs geopandas and shapely >= 2.1 (coverage simplification); this script
is run by maintainers only, the package reads the result with any supported
version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "boundaries"
DE_TOLERANCE = 800.0  # metres
US_TOLERANCE = 0.02  # degrees
US_GAP = 0.05  # degrees: gaps narrower than this between states are closed
DE_ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
DE_LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
US_ATTRIBUTION = "Source: U.S. Census Bureau, cartographic boundary file 2018 (simplified)"
# Berlin and Hamburg are a Land and a district at once; district tables of the
# Regionaldatenbank list them only at Land level ("11", "02").
CITY_STATES = {"11000": "11", "02000": "02"}


def _round(geoms, digits):
    import shapely

    rounded = shapely.set_precision(geoms, 10.0 ** -digits, mode="pointwise")
    bad = ~shapely.is_valid(rounded)
    if bad.any():
        rounded[bad] = shapely.make_valid(rounded[bad])
    return rounded


def _coords(geom, digits):
    def ring(coords):
        if digits == 0:
            return [[int(round(x)), int(round(y))] for x, y in coords]
        return [[round(x, digits), round(y, digits)] for x, y in coords]

    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    polys = [p for p in polys if not p.is_empty]
    parts = [[ring(p.exterior.coords)] + [ring(i.coords) for i in p.interiors] for p in polys]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def write_geojson(path: Path, frame, *, crs: str, digits: int, meta: dict) -> None:
    """Write ``frame`` (a GeoDataFrame) as deterministic GeoJSON."""
    from clusteranalysis.inputs._geojson import dumps

    features = []
    for row in frame.itertuples(index=False):
        props = {k: (None if v is None or v != v else v)
                 for k, v in row._asdict().items() if k != "geometry"}
        features.append((props, _coords(row.geometry, digits)))
    path.write_bytes(dumps(features, meta=meta, crs=crs))


def germany(src: Path):
    import geopandas as gpd
    import pandas as pd
    import shapely

    folder = src / "geo-de-bkg-vg5000-2021"
    krs = gpd.read_file(folder / "VG5000_KRS.shp").to_crs(25832)
    krs = krs.sort_values("AGS", ignore_index=True)
    geoms = shapely.coverage_simplify(krs.geometry.values, DE_TOLERANCE)
    geoms = _round(geoms, 0)
    districts = gpd.GeoDataFrame({
        "region": krs["AGS"].astype(str), "name": krs["GEN"].astype(str),
        "kind": krs["BEZ"].astype(str), "state": krs["AGS"].str[:2].astype(str),
        "nuts": krs["NUTS"].astype(str),
        "alt_region": [CITY_STATES.get(c) for c in krs["AGS"]],
    }, geometry=geoms, crs=25832)
    lan = gpd.read_file(folder / "VG5000_LAN.shp")
    names = lan[lan["GF"] == 9].set_index("AGS")["GEN"].to_dict()
    codes = sorted(districts["state"].unique())
    unions = [shapely.coverage_union_all(districts.geometry.values[districts["state"] == c])
              for c in codes]
    states = gpd.GeoDataFrame({"region": codes, "name": [names[c] for c in codes]},
                              geometry=_round(pd.Series(unions).to_numpy(), 0), crs=25832)
    return districts, states


def united_states(src: Path):
    import geopandas as gpd
    import shapely

    us = gpd.read_file(src / "geo-us-census-cb2018-states-20m" / "cb_2018_us_state_20m.shp")
    us = us.sort_values("GEOID", ignore_index=True)
    clean = shapely.coverage_clean(us.geometry.values, gap_width=US_GAP)
    geoms = _round(shapely.coverage_simplify(clean, US_TOLERANCE), 4)
    return gpd.GeoDataFrame({"region": us["GEOID"].astype(str), "name": us["NAME"].astype(str),
                             "postal": us["STUSPS"].astype(str)}, geometry=geoms, crs=4269)


def _check_neighbours(original, simplified, label, gap=0.0):
    """Simplification must not change who borders whom (queen contiguity).

    With ``gap`` > 0, originals closer than ``gap`` count as neighbours.
    """
    import shapely

    def pairs(geoms, distance):
        tree = shapely.STRtree(geoms)
        if distance:
            a, b = tree.query(geoms, predicate="dwithin", distance=distance)
        else:
            a, b = tree.query(geoms, predicate="intersects")
        return {(i, j) for i, j in zip(a, b) if i < j}

    before, after = pairs(original, gap), pairs(simplified, 0.0)
    if before != after:
        print(f"{label}: neighbours changed: lost {sorted(before - after)[:5]}, "
              f"gained {sorted(after - before)[:5]}", file=sys.stderr)
        return False
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder holding geo-de-bkg-vg5000-2021/ "
                        "and geo-us-census-cb2018-states-20m/ (e.g. ../shared/data)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    import geopandas as gpd

    args.out.mkdir(parents=True, exist_ok=True)
    districts, states = germany(args.source)
    krs = gpd.read_file(args.source / "geo-de-bkg-vg5000-2021" / "VG5000_KRS.shp")
    krs = krs.to_crs(25832).sort_values("AGS", ignore_index=True)
    ok = _check_neighbours(krs.geometry.values, districts.geometry.values, "de-districts")
    de_meta = {"attribution": DE_ATTRIBUTION, "licence": DE_LICENCE,
               "source": "BKG VG5000, Verwaltungsgebiete 1:5 000 000, Stand 01.01.2021",
               "valid_on": "2021-01-01"}
    write_geojson(args.out / "de_districts.geojson", districts, crs="EPSG:25832", digits=0,
                  meta={"name": "de-districts", **de_meta})
    write_geojson(args.out / "de_states.geojson", states, crs="EPSG:25832", digits=0,
                  meta={"name": "de-states", **de_meta})
    us = united_states(args.source)
    raw = gpd.read_file(args.source / "geo-us-census-cb2018-states-20m"
                        / "cb_2018_us_state_20m.shp").sort_values("GEOID", ignore_index=True)
    ok &= _check_neighbours(raw.geometry.values, us.geometry.values, "us-states", US_GAP)
    write_geojson(args.out / "us_states.geojson", us, crs="EPSG:4269", digits=4,
                  meta={"name": "us-states", "attribution": US_ATTRIBUTION,
                        "licence": "public domain (work of the U.S. government)",
                        "source": "U.S. Census Bureau, cb_2018_us_state_20m",
                        "valid_on": "2018-01-01"})
    for name in ("de_districts", "de_states", "us_states"):
        path = args.out / f"{name}.geojson"
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
