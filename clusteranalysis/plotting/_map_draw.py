"""Drawing helpers of the maps (private): paths, collections, insets, legend, captions.

No metric is computed here; every reader-facing string comes from
:mod:`clusteranalysis.plotting._map_text`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _map_text as tx

#: Face colour and hatch of regions without a drawn value.
STATUS_STYLE = {"missing": ("white", "////"), "suppressed": ("0.85", "xxxx"),
                "changed": ("0.92", "....")}
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


def boundaries_frame(boundaries):
    if isinstance(boundaries, str):
        from clusteranalysis.inputs.boundaries import load_boundaries

        return load_boundaries(boundaries)
    return boundaries


def status_of(frame, column, flag):
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


def fill(ax, geoms, *, facecolor, edgecolor, linewidth, hatch=None, zorder=1, label=None):
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


def draw(frame, colours, status, ax, *, edge="white", lw=0.25):
    """Fill polygons: valued ones in their colour, the others hatched (one collection each)."""
    geoms = frame.geometry.to_numpy()
    has = status == "value"
    if has.any():
        fill(ax, geoms[has], facecolor=[colours[i] for i in np.flatnonzero(has)],
              edgecolor=edge, linewidth=lw, label="value")
    for key, (face, hatch) in STATUS_STYLE.items():
        part = status == key
        if part.any():
            fill(ax, geoms[part], facecolor=face, edgecolor="0.55", linewidth=lw,
                  hatch=hatch, label=key)
    ax.autoscale_view()


def hide_axes(ax) -> None:
    """No frame, ticks or labels on a map panel.

    Hiding the two axes too (not only ``set_axis_off``) spares matplotlib the
    tick layout it otherwise runs on every draw to place the title; the
    picture is the same.
    """
    ax.set_axis_off()
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)


def panels(frame, ax):
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
            hide_axes(sub)
            out.append((part.to_crs(crs), sub))
    return out


def categories_labels(cats, language):
    """(category, legend label) pairs; LISA categories get translated labels."""
    return [(c, tx.lisa_label(c, language) if c in tx.LISA_LABELS else c) for c in cats]


def legend_handles(spec, frame, status, language):
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=c, edgecolor="0.5", linewidth=0.3, label=_wrap(label))
               for c, label in spec]
    for key, (face, hatch) in STATUS_STYLE.items():
        names = frame.loc[status == key, "name"].astype(str).tolist()
        if names:
            handles.append(Patch(facecolor=face, edgecolor="0.55", hatch=hatch,
                                 label=_wrap(tx.status_label(key, sorted(names), language))))
    return handles


def outline(frame, highlight, ax, language):
    from matplotlib.lines import Line2D

    codes = [highlight] if isinstance(highlight, str) else list(highlight)
    own = frame[frame["region"].isin(codes)]
    if not len(own):
        return []
    if frame.attrs.get("layer") == "us-states":
        own = own[~own["region"].isin(list(US_INSETS))].to_crs(US_MAIN_CRS)
    fill(ax, own.geometry.to_numpy(), facecolor="none", edgecolor="black", linewidth=2.2,
          zorder=5, label="highlight")
    name = ", ".join(own["name"].astype(str))
    return [Line2D([], [], color="black", linewidth=2.2,
                   label=_wrap(tx.highlight_label(name, language)))]


def _wrap(text: str, width: int = LEGEND_WIDTH) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def colour_bar(ax, norm, cm, kind, language):
    from matplotlib.cm import ScalarMappable

    from clusteranalysis.i18n import Formatter

    bar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cm), ax=ax, shrink=0.6)
    bar.set_label(tx.legend_title(kind, "", language))
    if kind == "lq":
        f = Formatter(language)
        ticks = [t for t in (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0)
                 if norm.vmin <= np.log(t) <= norm.vmax]
        bar.set_ticks([float(np.log(t)) for t in ticks], labels=[f.lq(t) for t in ticks])


def captions(ax, frame, join, language, notes):
    text = tx.attribution(frame.attrs.get("attribution", ""), language)
    if text:
        ax.annotate(text, xy=(1.0, 0.0), xycoords="axes fraction", xytext=(0, -4),
                    textcoords="offset points", ha="right", va="top", fontsize=6, color="0.35",
                    gid="caption")
    lines = join.notes(language) if notes else []
    if lines:
        ax.annotate("\n".join(_wrap(line, NOTE_WIDTH) for line in lines), xy=(0.0, 0.0),
                    xycoords="axes fraction", xytext=(0, -14), textcoords="offset points",
                    ha="left", va="top", fontsize=7, gid="caption")
