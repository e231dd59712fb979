"""Spatial weights from boundaries (libpysal): queen or rook contiguity, or k nearest neighbours.

Regions without a neighbour (islands) are reported — in a warning naming
them and in ``w.islands`` — never silently dropped; the statistics in
:mod:`clusteranalysis.spatial.moran` and :mod:`clusteranalysis.spatial.lisa`
leave them out of the computation and say so in their tables.
"""

from __future__ import annotations

import warnings

__all__ = ["spatial_weights"]

KINDS = ("queen", "rook", "knn")


def spatial_weights(boundaries, *, kind: str = "queen", k: int = 5, region: str = "region"):
    """Spatial weights between the polygons of a boundary layer.

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        Polygons with a region code column (e.g. from
        :func:`clusteranalysis.load_boundaries`).
    kind : {"queen", "rook", "knn"}
        ``queen``: neighbours share at least one boundary point; ``rook``:
        they share a boundary segment; ``knn``: the ``k`` nearest polygon
        centroids (every region has neighbours; asymmetric).
    k : int
        Number of neighbours for ``kind="knn"``.
    region : str
        Column of region codes; they become the weights' ids.

    Returns
    -------
    libpysal.weights.W
        Binary weights (``transform == "B"``), ids = region codes in the order
        of ``boundaries``; ``w.islands`` lists regions without neighbours.

    Warns
    -----
    UserWarning
        When there are islands (names them).

    Notes
    -----
    The bundled boundaries are simplified as a coverage, so neighbouring
    polygons share exactly the same border points and contiguity is the same
    as on the unsimplified originals (checked by ``data/make_boundaries.py``).
    Centroids for ``knn`` are taken in the layer's coordinate reference
    system: use a projected one (the German layers are in metres).

    Examples
    --------
    >>> from clusteranalysis import load_boundaries
    >>> w = spatial_weights(load_boundaries("sample").query("level == 'city'"))
    >>> w.n, w.islands, sorted(w.neighbors["14700"])
    (14, [], ['03490', '09790', '12090', '14790', '16090'])
    """
    import libpysal

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    ids = boundaries[region].astype(str).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands itself; we do below
        if kind == "knn":
            if k >= len(ids):
                raise ValueError(f"k={k} needs more than {k} regions, the layer has {len(ids)}")
            w = libpysal.weights.KNN.from_dataframe(boundaries, k=k, ids=ids)
        else:
            cls = libpysal.weights.Queen if kind == "queen" else libpysal.weights.Rook
            w = cls.from_dataframe(boundaries, ids=ids)
    w.transform = "B"
    if w.islands:
        names = boundaries.set_index(boundaries[region].astype(str))["name"] \
            if "name" in boundaries.columns else None
        shown = [f"{c} ({names[c]})" if names is not None else str(c) for c in w.islands]
        warnings.warn(f"{len(shown)} region(s) without a {kind} neighbour (islands), left out of "
                      f"spatial statistics: {', '.join(shown)}", UserWarning, stacklevel=2)
    return w
