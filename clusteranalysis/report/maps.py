"""Report sections with maps: each cluster's LQ across all regions of the data, and small multiples.

For the cluster report, :func:`cluster_map_figures` draws one figure per
cluster (its LQ in every region of the data, the report's region outlined;
optionally the LISA cluster map beside it). For the city comparison,
:func:`comparison_map_figure` draws one small map per cluster with the same
fixed LQ classes, so the panels compare. When the region codes of the data
match no bundled boundaries, both return one sentence instead (the section is
left out with that sentence).
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from clusteranalysis.plotting._common import NON_CLUSTER_IDS
from clusteranalysis.plotting import _map_text as tx

__all__ = ["cluster_map_figures", "comparison_map_figure", "detect_layer"]

#: Share of the data's region codes a layer must match to be used.
MIN_MATCH = 0.5


def detect_layer(codes) -> str | None:
    """The bundled boundary layer whose codes match most of ``codes`` (or None).

    Codes that stand for a polygon through ``alt_region`` (Berlin ``11``,
    QCEW state ``39000``) count as matches.

    Examples
    --------
    >>> detect_layer(["14713", "14612", "DG"]), detect_layer(["01090", "14700", "00"])
    ('de-districts', 'sample')
    >>> detect_layer(["XX1"]) is None
    True
    """
    from clusteranalysis.inputs.boundaries import LAYERS, load_boundaries

    codes = {str(c) for c in codes if c is not None and c == c}
    if not codes:
        return None
    best, best_n = None, 0
    for layer in LAYERS:
        b = load_boundaries(layer)
        known = set(b["region"].astype(str))
        if "alt_region" in b.columns:
            known |= set(b["alt_region"].dropna().astype(str))
        n = len(codes & known)
        if n > best_n:
            best, best_n = layer, n
    return best if best_n >= MIN_MATCH * len(codes) else None


def _prepare(lq_table, *, cluster, region, year, column):
    table = lq_table
    if year is None and "year" in table.columns:
        year = int(table["year"].max())
    if year is not None and "year" in table.columns:
        table = table[table["year"] == year]
    table = table[~table[cluster].isin(NON_CLUSTER_IDS)]
    return table, year


def _layer(table, boundaries, region):
    if boundaries is not None:
        if isinstance(boundaries, str):
            from clusteranalysis.inputs.boundaries import load_boundaries

            return load_boundaries(boundaries)
        return boundaries
    layer = detect_layer(table[region].astype(str).unique())
    if layer is None:
        return None
    from clusteranalysis.inputs.boundaries import load_boundaries

    return load_boundaries(layer)


def cluster_map_figures(lq_table: pd.DataFrame, boundaries=None, *, region_code=None,
                        names: dict | None = None, year: int | None = None,
                        changes: pd.DataFrame | None = None, lisa: bool = True,
                        cluster: str = "cluster", region: str = "region", column: str = "lq",
                        permutations: int = 999, seed: int = 20240601,
                        language: str = "en"):
    """One map figure per cluster, or one sentence when the data have no geometry.

    Parameters
    ----------
    lq_table : pandas.DataFrame
        LQs of every region of the data: ``region``, ``cluster``, ``lq``
        (optionally ``year``, ``employment_flag``), e.g.
        :func:`~clusteranalysis.location_quotient` of
        :func:`~clusteranalysis.aggregate_clusters`. Rows ``total``/``other``
        are skipped.
    boundaries : str or GeoDataFrame, optional
        Boundary layer; default: the bundled layer matching the codes.
    region_code : str, optional
        The report's region, outlined on every map.
    names : dict, optional
        Cluster id -> display name (map titles).
    year : int, optional
        Year to map; default the latest in the table.
    changes : pandas.DataFrame, optional
        :func:`~clusteranalysis.territorial_changes` of the panel.
    lisa : bool
        Draw the LISA cluster map of the cluster beside its LQ map, titled with
        the global Moran's I of its log LQ and its permutation p-value.
    cluster, region, column : str
        Column names.
    permutations, seed : int
        Of the LISA permutations.
    language : str
        Language of all text.

    Returns
    -------
    list of matplotlib.figure.Figure or str
        Figures in cluster order; a sentence when no boundaries match.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"region": ["A1", "A2"], "cluster": "c1", "lq": [1.0, 2.0]})
    >>> cluster_map_figures(t)
    'No map: boundaries of the regions in the data are not available.'
    """
    import matplotlib.pyplot as plt

    from clusteranalysis.inputs import _datacache
    from clusteranalysis.plotting import cluster_map, lisa_map
    from clusteranalysis.spatial import boundary_codes, global_moran, local_moran, spatial_weights

    table, year = _prepare(lq_table, cluster=cluster, region=region, year=year, column=column)
    gdf = _layer(table, boundaries, region)
    if gdf is None:
        return tx.no_geometry_sentence(language)
    polygons = gdf[gdf["level"] != "country"] if "level" in gdf.columns else gdf
    table_w = boundary_codes(table, polygons, region=region)
    weights = None
    if lisa:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # islands are reported in the LISA table notes
            weights = spatial_weights(polygons)
        w_key = _datacache.fingerprint(weights)
    figures = []
    for cid, part in table.groupby(cluster, sort=False):
        title = (names or {}).get(cid, str(cid))
        if lisa:
            fig, (left, right) = plt.subplots(1, 2, figsize=(13, 7), layout="constrained")
        else:
            fig, left = plt.subplots(figsize=(8, 8), layout="constrained")
        cluster_map(part, gdf, column=column, region=region, highlight=region_code,
                    changes=changes, title=title, language=language, ax=left)
        if lisa:
            one = table_w[table_w[cluster] == cid]
            args = dict(value=column, region=region, cluster=cluster,
                        permutations=permutations, seed=seed)
            # the same for every region's report of this data and year: computed once a batch
            local, whole = _datacache.memo(
                "lisa", (one, w_key, sorted(args.items())),
                lambda: (local_moran(one, weights, **args), global_moran(one, weights, **args)))
            lisa_map(local, gdf, cluster=cluster, region=region, highlight=region_code,
                     title=tx.moran_title(whole.iloc[0]["I"], whole.iloc[0]["p_sim"],
                                          language),
                     language=language, ax=right, notes=False)
        figures.append(fig)
    return figures


def comparison_map_figure(lq_table: pd.DataFrame, boundaries=None, *, regions=None,
                          names: dict | None = None, year: int | None = None,
                          changes: pd.DataFrame | None = None, cluster: str = "cluster",
                          region: str = "region", column: str = "lq", ncols: int = 3,
                          language: str = "en"):
    """Small multiples for the city comparison: one map per cluster, same LQ classes.

    Parameters
    ----------
    lq_table : pandas.DataFrame
        As in :func:`cluster_map_figures`.
    boundaries : str or GeoDataFrame, optional
        Default: the bundled layer matching the codes.
    regions : list of str, optional
        The compared regions, outlined in every panel.
    names, year, changes, cluster, region, column, language
        As in :func:`cluster_map_figures`.
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure or str
        One figure (one Axes per cluster; the legend on the first panel
        only); a sentence when no boundaries match.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusteranalysis import load_boundaries
    >>> cities = load_boundaries("sample").query("level == 'city'")["region"]
    >>> lq = pd.concat([pd.DataFrame({"region": cities, "cluster": c, "lq": x})
    ...                 for c, x in (("logistics", 1.3), ("media", 0.7))])
    >>> fig = comparison_map_figure(lq, regions=["14700"], ncols=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['logistics', 'media']
    """
    import matplotlib.pyplot as plt

    from clusteranalysis.plotting import cluster_map

    table, year = _prepare(lq_table, cluster=cluster, region=region, year=year, column=column)
    gdf = _layer(table, boundaries, region)
    if gdf is None:
        return tx.no_geometry_sentence(language)
    ids = list(dict.fromkeys(table[cluster]))
    nrows = math.ceil(len(ids) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 4.4 * nrows),
                             layout="constrained", squeeze=False)
    for i, (ax, cid) in enumerate(zip(axes.flat, ids)):
        cluster_map(table[table[cluster] == cid], gdf, column=column, region=region,
                    highlight=regions, changes=changes,
                    title=textwrap.fill((names or {}).get(cid, str(cid)), 30),
                    legend=(i == 0), notes=(i == 0), language=language, ax=ax)
    for ax in list(axes.flat)[len(ids):]:
        ax.set_axis_off()
    return fig
