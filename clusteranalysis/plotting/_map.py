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

__all__ = ["cluster_map", "lisa_map"]

#: Face colour and hatch of regions without a drawn value.
STATUS_STYLE = {"missing": ("white", "////"), "suppressed": ("0.85", "xxxx"),
                "changed": ("0.92", "....")}
LISA_COLOURS = {"high-high": "#d7191c", "low-low": "#2c7bb6", "high-low": "#fdae61",
                "low-high": "#abd9e9", "not significant": "#e6e6e6"}
#: Characters per line of legend labels and of the notes under the map.
LEGEND_WIDTH = 34
NOTE_WIDTH = 95
#: US insets: state FIPS -> (equal-area projection, inset position in axes fraction).
US_MAIN_CRS = "EPSG:5070"
US_INSETS = {
    "02": ("EPSG:3338", (0.0, 0.0, 0.27, 0.3)),
    "15": ("+proj=aea +lat_0=13 +lon_0=-157 +lat_1=8 +lat_2=18 +datum=NAD83 +units=m +no_defs",
           (0.27, 0.0, 0.16, 0.16)),
    "72": ("+proj=aea +lat_0=18 +lon_0=-66.5 +lat_1=17.5 +lat_2=18.5 +datum=NAD83 +units=m "
           "+no_defs", (0.82, 0.0, 0.12, 0.08)),
}


def _boundaries(boundaries):
    if isinstance(boundaries, str):
        from clusteranalysis.inputs.boundaries import load_boundaries

        return load_boundaries(boundaries)
    return boundaries


def _status(frame, column, flag):
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    status = np.where(np.isfinite(values), "value", "missing").astype(object)
    if flag is not None and flag in frame.columns:
        flagged = frame[flag].astype("string").eq("suppressed").fillna(False).to_numpy(bool)
        status[~np.isfinite(values) & flagged] = "suppressed"
    status[frame["join"].eq("territorial change").to_numpy(bool)] = "changed"
    return values, status


def _path(geom):
    """One matplotlib Path of a (multi)polygon.

    Exteriors run counter-clockwise and holes clockwise, so holes stay open
    under the even-odd and the non-zero fill rule alike.
    """
    from matplotlib.path import Path

    def ring(r, ccw):
        xy = np.asarray(r.coords)[:, :2]
        return Path(xy if r.is_ccw == ccw else xy[::-1], closed=True)

    parts = getattr(geom, "geoms", [geom])
    return Path.make_compound_path(*[ring(r, i == 0) for poly in parts
                                     for i, r in enumerate((poly.exterior, *poly.interiors))])


def _fill(ax, geoms, *, facecolor, edgecolor, linewidth, hatch=None, zorder=1, label=None):
    """Add one collection of polygons (one path per (multi)polygon) to ``ax``."""
    from matplotlib.collections import PathCollection

    paths = [_path(g) for g in geoms if g is not None and not g.is_empty]
    coll = PathCollection(paths, facecolors=facecolor, edgecolors=edgecolor,
                          linewidths=linewidth, hatch=hatch, zorder=zorder,
                          transform=ax.transData)
    if label:
        coll.set_gid(label)
    ax.add_collection(coll, autolim=True)
    return coll


def _draw(frame, colours, status, ax, *, edge="white", lw=0.25):
    """Fill polygons: valued ones in their colour, the others hatched (one collection each)."""
    geoms = frame.geometry.to_numpy()
    has = status == "value"
    if has.any():
        _fill(ax, geoms[has], facecolor=[colours[i] for i in np.flatnonzero(has)],
              edgecolor=edge, linewidth=lw, label="value")
    for key, (face, hatch) in STATUS_STYLE.items():
        part = status == key
        if part.any():
            _fill(ax, geoms[part], facecolor=face, edgecolor="0.55", linewidth=lw,
                  hatch=hatch, label=key)
    ax.autoscale_view()


def _panels(frame, ax):
    """(sub-frame, axes) pairs: the US gets insets for AK, HI, PR; others one panel."""
    if frame.attrs.get("layer") != "us-states":
        return [(frame, ax)]
    codes = frame["region"].astype(str)
    inset = codes.isin(list(US_INSETS)).to_numpy()
    out = [(frame[~inset].to_crs(US_MAIN_CRS), ax)]
    for code, (crs, box) in US_INSETS.items():
        part = frame[(codes == code).to_numpy()]
        if len(part):
            sub = ax.inset_axes(box)
            sub.set_axis_off()
            out.append((part.to_crs(crs), sub))
    return out


def cluster_map(table: pd.DataFrame, boundaries="de-districts", *, column: str = "lq",
                region: str = "region", kind: str = "lq", scheme: str = "fixed", k: int = 5,
                bins=None, flag: str | None = None, highlight=None, borders=None,
                changes: pd.DataFrame | None = None, categories: dict | None = None,
                legend_title: str | None = None, title: str | None = None, legend: bool = True, notes: bool = True,
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
    gdf = _boundaries(boundaries)
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
        values, status = _status(frame, column, flag)
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
    for part, axis in _panels(frame.assign(_c=list(range(len(frame)))), ax):
        rows = part["_c"].to_numpy()
        _draw(part, [colours[i] for i in rows], status[rows], axis)
        axis.set_aspect("equal")
        axis.set_axis_off()
    if borders or (borders is None and gdf.attrs.get("layer") == "de-districts"):
        from clusteranalysis.inputs.boundaries import load_boundaries

        states = load_boundaries("de-states").to_crs(gdf.crs)
        _fill(ax, states.geometry.to_numpy(), facecolor="none", edgecolor="0.25",
              linewidth=0.7, zorder=3, label="borders")
    handles = _legend_handles(handles_spec, frame, status, language)
    if highlight is not None:
        handles += _outline(frame, highlight, ax, language)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    if legend and (handles or scheme == "continuous"):
        if scheme == "continuous" and kind != "categorical" and len(finite):
            _colour_bar(ax, norm, cm, kind, language)
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                      frameon=False, fontsize=8,
                      title=legend_title or tx.legend_title(kind, column, language),
                      title_fontsize=9)
    _captions(ax, frame, join, language, notes)
    return ax


def categories_labels(cats, language):
    """(category, legend label) pairs; LISA categories get translated labels."""
    return [(c, tx.lisa_label(c, language) if c in tx.LISA_LABELS else c) for c in cats]


def _legend_handles(spec, frame, status, language):
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=c, edgecolor="0.5", linewidth=0.3, label=_wrap(label))
               for c, label in spec]
    for key, (face, hatch) in STATUS_STYLE.items():
        names = frame.loc[status == key, "name"].astype(str).tolist()
        if names:
            handles.append(Patch(facecolor=face, edgecolor="0.55", hatch=hatch,
                                 label=_wrap(tx.status_label(key, sorted(names), language))))
    return handles


def _outline(frame, highlight, ax, language):
    from matplotlib.lines import Line2D

    codes = [highlight] if isinstance(highlight, str) else list(highlight)
    own = frame[frame["region"].isin(codes)]
    if not len(own):
        return []
    if frame.attrs.get("layer") == "us-states":
        own = own[~own["region"].isin(list(US_INSETS))].to_crs(US_MAIN_CRS)
    _fill(ax, own.geometry.to_numpy(), facecolor="none", edgecolor="black", linewidth=2.2,
          zorder=5, label="highlight")
    name = ", ".join(own["name"].astype(str))
    return [Line2D([], [], color="black", linewidth=2.2,
                   label=_wrap(tx.highlight_label(name, language)))]


def _wrap(text: str, width: int = LEGEND_WIDTH) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _colour_bar(ax, norm, cm, kind, language):
    from matplotlib.cm import ScalarMappable

    from clusteranalysis.i18n import Formatter

    bar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cm), ax=ax, shrink=0.6)
    bar.set_label(tx.legend_title(kind, "", language))
    if kind == "lq":
        f = Formatter(language)
        ticks = [t for t in (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0)
                 if norm.vmin <= np.log(t) <= norm.vmax]
        bar.set_ticks([float(np.log(t)) for t in ticks], labels=[f.lq(t) for t in ticks])


def _captions(ax, frame, join, language, notes):
    text = tx.attribution(frame.attrs.get("attribution", ""), language)
    if text:
        ax.annotate(text, xy=(1.0, 0.0), xycoords="axes fraction", xytext=(0, -4),
                    textcoords="offset points", ha="right", va="top", fontsize=6, color="0.35")
    lines = join.notes(language) if notes else []
    if lines:
        ax.annotate("\n".join(_wrap(line, NOTE_WIDTH) for line in lines), xy=(0.0, 0.0),
                    xycoords="axes fraction", xytext=(0, -14), textcoords="offset points",
                    ha="left", va="top", fontsize=7)


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
                       legend_title=tx.legend_title("lisa", "", language), highlight=highlight, title=title, language=language, ax=ax, **kwargs)
