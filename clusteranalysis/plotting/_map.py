"""Choropleth maps of per-region values and LISA cluster maps (geopandas, mapclassify).

Conventions (see docs/maps.md): LQs on a diverging scale centred on 1 and
symmetric in log terms; missing, suppressed and territorially changed regions
hatched and named in the legend; the report's own region outlined; Länder
borders over German districts; Alaska, Hawaii and Puerto Rico as insets, each
in an equal-area projection; the layer's licence notice printed on the map.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError

from . import _map_classes as mc
from . import _map_text as tx
from ._common import new_axes
from ._map_draw import (boundaries_frame, captions, categories_labels, colour_bar, draw, fill,
                        hide_axes, legend_handles, outline, panels, status_of)

__all__ = ["cluster_map", "lisa_map"]

LISA_COLOURS = {"high-high": "#d7191c", "low-low": "#2c7bb6", "high-low": "#fdae61",
                "low-high": "#abd9e9", "not significant": "#e6e6e6"}


def cluster_map(table: pd.DataFrame, boundaries="de-districts", *, column: str = "lq",
                region: str = "region", kind: str = "lq", scheme: str = "fixed", k: int = 5,
                bins=None, flag: str | None = None, highlight=None, borders=None,
                changes: pd.DataFrame | None = None, categories: dict | None = None,
                legend_title: str | None = None, title: str | None = None,
                legend: bool = True, notes: bool = True,
                cmap=None, language: str = "en", ax=None):
    """Choropleth of one value per region (LQ, growth, share or a class).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per region (e.g. one cluster's LQ in every district).
    boundaries : str or geopandas.GeoDataFrame
        A bundled layer name (``"de-districts"``, ``"de-states"``,
        ``"us-states"``, ``"sample"``) or :func:`~clusteranalysis.load_boundaries`.
    column, region : str
        Value and region code columns.
    kind : {"lq", "diverging", "sequential", "categorical"}
        ``lq``: diverging around 1, symmetric in log terms; ``diverging``:
        around 0 (growth); ``sequential`` (shares); ``categorical`` (classes
        such as Star/Mature, with ``categories`` = {value: colour}).
    scheme : {"fixed", "quantiles", "natural_breaks", "equal_interval", "continuous"}
        Class breaks (mapclassify; ``natural_breaks`` is Fisher–Jenks);
        ``fixed`` uses ``bins`` (LQ default ≤ 0.8, 0.8–1.25, > 1.25);
        ``continuous`` draws a colour bar instead of classes.
    k : int
        Number of classes of data-driven schemes.
    bins : sequence of float, optional
        Upper class bounds for ``scheme="fixed"``.
    flag : str, optional
        Flag column; missing values flagged ``"suppressed"`` are hatched as
        suppressed. Default ``f"{column}_flag"``, else ``employment_flag``
        (which :func:`~clusteranalysis.location_quotient` carries), when present.
    highlight : str or list of str, optional
        Region code(s) outlined (the report's own region).
    borders : bool, optional
        Draw Länder borders over German districts (default: yes for
        ``de-districts``).
    changes : pandas.DataFrame, optional
        :func:`clusteranalysis.territorial_changes` of the panel, to explain
        codes of years before a merger.
    legend_title, title : str, optional
        Legend title (default: "Location quotient" for LQs, else the column
        name) and Axes title.
    legend, notes : bool
        Draw the legend; print the join notes (codes that do not join).
    cmap : str, optional
        Matplotlib colormap name instead of the default.
    language : str
        Language of legend and notes (gettext catalog).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The map's Axes (US insets are child Axes of it).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"region": ["01090", "14700"], "lq": [0.5, 2.0]})
    >>> ax = cluster_map(t, "sample", highlight="14700")
    >>> [h.get_text() for h in ax.get_legend().get_texts()][:3]
    ['≤ 0.80', '0.80 – 1.25', '> 1.25']
    """
    from clusteranalysis.spatial.join import join_boundaries

    if kind not in (*mc.KINDS, "categorical"):
        raise ValueError(f"kind must be one of {', '.join(mc.KINDS)}, categorical; not {kind!r}")
    gdf = boundaries_frame(boundaries)
    if "level" in gdf.columns and gdf.attrs.get("layer") == "sample":
        gdf = gdf[gdf["level"] != "country"]
    if column not in table.columns:
        raise DataError(f"cluster_map() needs the value column {column!r}")
    if flag is None:  # the value's own flag, else the employment flag an LQ table carries
        flag = next((c for c in (f"{column}_flag", "employment_flag") if c in table.columns),
                    None)
    keep = [c for c in (region, column, flag) if c is not None and c in table.columns]
    join = join_boundaries(table[keep], gdf, region=region, changes=changes)
    frame = join.frame
    ax = new_axes(ax, figsize=(7, 8))
    if kind == "categorical":
        cats = categories or {}
        raw = frame[column].astype("string")
        status = np.where(raw.isna().to_numpy(bool), "missing", "value").astype(object)
        status[frame["join"].eq("territorial change").to_numpy(bool)] = "changed"
        colours = [cats.get(v, "0.5") if isinstance(v, str) else None for v in raw.fillna("")]
        handles_spec = [(cats[c], label) for c, label in (categories_labels(cats, language))
                        if c in set(raw.dropna())] if cats else []
        values = None
    else:
        values, status = status_of(frame, column, flag)
        finite = values[status == "value"]
        if kind == "lq":
            bad = finite <= 0
            status[(status == "value") & ~(values > 0)] = "missing"
            finite = finite[~bad]
        if len(finite) == 0:
            colours, handles_spec = [None] * len(frame), []
        elif scheme == "continuous":
            colours, norm, cm = mc.continuous_colours(values, kind, cmap)
            handles_spec = []
        else:
            bounds, _ = mc.breaks(finite, scheme=scheme, k=k, bins=bins, kind=kind)
            idx = np.searchsorted(bounds, np.nan_to_num(values, nan=np.inf), side="left")
            idx = np.minimum(idx, len(bounds) - 1)
            palette = mc.class_colours(bounds, None if scheme == "fixed" else finite, kind,
                                       cmap)
            colours = [palette[i] for i in idx]
            handles_spec = list(zip(palette, tx.class_labels(bounds, language, lq=kind == "lq")))
    for part, axis in panels(frame.assign(_c=list(range(len(frame)))), ax):
        rows = part["_c"].to_numpy()
        draw(part, [colours[i] for i in rows], status[rows], axis)
        axis.set_aspect("equal")
        hide_axes(axis)
    if borders or (borders is None and gdf.attrs.get("layer") == "de-districts"):
        from clusteranalysis.inputs.boundaries import load_boundaries

        states = load_boundaries("de-states").to_crs(gdf.crs)
        fill(ax, states.geometry.to_numpy(), facecolor="none", edgecolor="0.25",
              linewidth=0.7, zorder=3, label="borders")
    handles = legend_handles(handles_spec, frame, status, language)
    if highlight is not None:
        handles += outline(frame, highlight, ax, language)
    hide_axes(ax)
    if title:
        ax.set_title(title)
    if legend and (handles or scheme == "continuous"):
        if scheme == "continuous" and kind != "categorical" and len(finite):
            colour_bar(ax, norm, cm, kind, language)
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                      frameon=False, fontsize=8,
                      title=legend_title or tx.legend_title(kind, column, language),
                      title_fontsize=9)
    captions(ax, frame, join, language, notes)
    return ax


def lisa_map(lisa: pd.DataFrame, boundaries="de-districts", *, cluster_id=None,
             cluster: str = "cluster", region: str = "region", highlight=None,
             title: str | None = None, language: str = "en", ax=None, **kwargs):
    """LISA cluster map: significant high-high, low-low, high-low, low-high regions.

    Parameters
    ----------
    lisa : pandas.DataFrame
        From :func:`clusteranalysis.spatial.local_moran`.
    boundaries : str or geopandas.GeoDataFrame
        As in :func:`cluster_map`.
    cluster_id : optional
        The cluster to draw when ``lisa`` holds several.
    cluster, region : str
        Column names.
    highlight, title, language, ax, **kwargs
        Passed to :func:`cluster_map`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> lisa = pd.DataFrame({"region": ["01090", "14700"],
    ...                      "category": ["high-high", "not significant"]})
    >>> ax = lisa_map(lisa, "sample")
    >>> len(ax.get_legend().get_texts())
    3
    """
    if cluster_id is not None:
        lisa = lisa[lisa[cluster] == cluster_id]
    elif cluster in lisa.columns and lisa[cluster].nunique() > 1:
        raise DataError("the LISA table holds several clusters; pass cluster_id=")
    return cluster_map(lisa[[region, "category"]], boundaries, column="category",
                       region=region, kind="categorical", categories=LISA_COLOURS,
                       legend_title=tx.legend_title("lisa", "", language), highlight=highlight,
                       title=title, language=language, ax=ax, **kwargs)
