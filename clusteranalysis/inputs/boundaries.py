"""Region boundaries for maps and spatial statistics, keyed by the panels' region codes.

Bundled layers (simplified derivatives, see ``data/boundaries/README.md``):

============== ============================================= =====================
layer          regions and code                              attribution
============== ============================================= =====================
de-districts   401 German districts, 5-digit AGS (``14713``)  © GeoBasis-DE / BKG 2021 (Daten verändert)
de-states      16 Länder, 2-digit AGS (``14``)                © GeoBasis-DE / BKG 2021 (Daten verändert)
us-states      50 states, DC, Puerto Rico, 2-digit FIPS       U.S. Census Bureau (public domain)
sample         Musterland ``00`` and its 14 fictional cities   fictional (synthetic sample)
============== ============================================= =====================

This module only reads files; joining to data is
:func:`clusteranalysis.spatial.join.join_boundaries`. geopandas is imported
when a layer is loaded, never at ``import clusteranalysis``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from clusteranalysis._paths import data_dir
from clusteranalysis.errors import DataError, Problem

__all__ = ["LAYERS", "load_boundaries"]

#: Bundled layers: name -> file inside the data folder.
LAYERS = {
    "de-districts": "boundaries/de_districts.geojson",
    "de-states": "boundaries/de_states.geojson",
    "us-states": "boundaries/us_states.geojson",
    "sample": "sample_boundaries.geojson",
}
_META = ("name", "attribution", "licence", "source", "valid_on", "fictional")


@functools.lru_cache(maxsize=8)
def _parse_bundled(path: Path):
    import geopandas as gpd

    doc = json.loads(path.read_text(encoding="utf-8"))
    crs = doc.get("crs", {}).get("properties", {}).get("name")
    frame = gpd.GeoDataFrame.from_features(doc["features"], crs=crs)
    meta = {k: doc[k] for k in _META if k in doc}
    return frame, meta


def _read_bundled(path: Path):
    """A fresh copy of a bundled layer (parsed once per process; files are read-only data)."""
    frame, meta = _parse_bundled(path)
    return frame.copy(), dict(meta)


def load_boundaries(layer: str = "de-districts", *, code_column: str | None = None,
                    name_column: str | None = None, attribution: str | None = None):
    """Boundaries as a GeoDataFrame keyed by region code.

    Parameters
    ----------
    layer : {"de-districts", "de-states", "us-states", "sample"} or path
        A bundled layer (offline, simplified) or the path of any vector file
        GDAL reads (shapefile, GeoPackage, GeoJSON; read with pyogrio).
    code_column, name_column : str, optional
        For a file: the columns holding the region code (read as text, leading
        zeros kept) and the name. Required ``code_column`` for files.
    attribution : str, optional
        For a file: the notice printed on maps (the licence of most official
        boundaries requires one).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per region, sorted by code: ``region`` (string), ``name``,
        layer-specific columns (``de-districts``: ``kind``, ``state``,
        ``nuts``, ``alt_region``; ``us-states``: ``postal``, ``alt_region``
        (the QCEW state code, ``39000`` for ``39``); ``sample``:
        ``level``, ``fictional``) and ``geometry``. ``attrs`` holds
        ``layer``, ``attribution``, ``licence``, ``source``, ``valid_on``
        (territorial status) and ``fictional``.

    Raises
    ------
    ValueError
        Unknown layer name.
    DataError
        A file without the code column, or with duplicate or missing codes.

    Notes
    -----
    ``alt_region`` (German districts): Berlin ``11000`` and Hamburg ``02000``
    are a Land and a district at once; the Regionaldatenbank's district
    tables list them only as ``11`` and ``02``, and
    :func:`~clusteranalysis.spatial.join.join_boundaries` uses that code when
    the district code is absent from the data.

    Examples
    --------
    >>> b = load_boundaries("de-districts")
    >>> len(b), b.crs.to_epsg(), b.attrs["attribution"]
    (401, 25832, '© GeoBasis-DE / BKG 2021 (Daten verändert)')
    >>> b.loc[b["region"] == "14713", "name"].item()
    'Leipzig'
    >>> s = load_boundaries("sample")
    >>> bool(s["fictional"].all()), s.attrs["fictional"]
    (True, True)
    """
    if isinstance(layer, str) and layer in LAYERS:
        frame, meta = _read_bundled(data_dir() / LAYERS[layer])
        meta["layer"] = layer
    elif isinstance(layer, str) and not Path(layer).suffix:
        raise ValueError(f"unknown boundary layer {layer!r}; bundled layers: "
                         + ", ".join(LAYERS) + " (or pass the path of a vector file)")
    else:
        frame, meta = _read_file(Path(layer), code_column, name_column)
        meta.update(layer=Path(layer).name, attribution=attribution or "")
    if meta.get("layer") == "us-states":  # QCEW codes a state as its FIPS + "000"
        frame["alt_region"] = frame["region"].astype(str) + "000"
    frame["region"] = frame["region"].astype("string")
    frame["name"] = frame["name"].astype("string")
    for col in ("alt_region", "kind", "state", "nuts", "postal", "level"):
        if col in frame.columns:
            frame[col] = frame[col].astype("string")
    if "fictional" in frame.columns:
        frame["fictional"] = frame["fictional"].astype(bool)
    meta.setdefault("fictional", False)
    columns = ["region", "name"] + [c for c in frame.columns
                                    if c not in ("region", "name", "geometry")]
    frame = frame[columns + ["geometry"]].sort_values("region", ignore_index=True)
    frame.attrs.update(meta)
    return frame


def _read_file(path: Path, code_column, name_column):
    import geopandas as gpd

    if code_column is None:
        raise ValueError("load_boundaries(path) needs code_column= (the column holding the "
                         "region codes, e.g. 'AGS' or 'GEOID')")
    if not path.is_file():
        raise FileNotFoundError(f"boundary file not found: {path}")
    frame = gpd.read_file(path, engine="pyogrio")
    problems = []
    if code_column not in frame.columns:
        problems.append(Problem(f"no column {code_column!r}; columns: "
                                + ", ".join(map(str, frame.columns)), column=code_column))
    if name_column is not None and name_column not in frame.columns:
        problems.append(Problem(f"no column {name_column!r}", column=name_column))
    if problems:
        raise DataError(problems, source=str(path))
    codes = frame[code_column].astype("string").str.strip()
    bad = codes.isna() | (codes == "")
    dup = codes.duplicated(keep=False) & ~bad
    if bad.any():
        problems.append(Problem("missing region code", column=code_column,
                                rows=tuple(int(i) for i in frame.index[bad])))
    if dup.any():
        problems.append(Problem("duplicate region codes " + ", ".join(sorted(set(codes[dup])))
                                + " (dissolve multi-part regions first)", column=code_column,
                                rows=tuple(int(i) for i in frame.index[dup])))
    if problems:
        raise DataError(problems, source=str(path))
    out = gpd.GeoDataFrame({"region": codes.to_numpy(),
                            "name": (frame[name_column] if name_column else codes).to_numpy()},
                           geometry=frame.geometry.to_numpy(), crs=frame.crs)
    return out, {"source": str(path)}
