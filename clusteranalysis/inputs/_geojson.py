"""Deterministic GeoJSON text (private): the same features always give the same bytes.

Used by the sample generator (fictional polygons of Musterland) and by
``data/make_boundaries.py``. Pure Python: no GDAL, so the bytes do not depend
on a library version.
"""

from __future__ import annotations

import json


def dumps(features, *, meta: dict, crs: str | None = None) -> bytes:
    """GeoJSON FeatureCollection as UTF-8 bytes, one feature per line.

    Parameters
    ----------
    features : iterable of (dict, dict)
        ``(properties, geometry)`` pairs; geometry is a GeoJSON geometry
        mapping whose coordinates are ints or already rounded floats.
    meta : dict
        Foreign members written before the features (``name``,
        ``attribution``, ``licence``, ...).
    crs : str, optional
        Written as the (GeoJSON 2008) ``crs`` member, e.g. ``"EPSG:25832"``;
        omitted for the fictional plane of the sample.

    Examples
    --------
    >>> dumps([({"region": "1"}, {"type": "Point", "coordinates": [0, 1]})],
    ...       meta={"name": "x"})
    b'{"type":"FeatureCollection","name":"x","features":[\\n{"type":"Feature","properties":{"region":"1"},"geometry":{"type":"Point","coordinates":[0,1]}}]}\\n'
    """
    doc = {"type": "FeatureCollection", **meta}
    if crs is not None:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    lines = [json.dumps({"type": "Feature", "properties": p, "geometry": g},
                        ensure_ascii=False, separators=(",", ":")) for p, g in features]
    head = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))[:-1]
    return (head + ',"features":[\n' + ",\n".join(lines) + "]}\n").encode("utf-8")
