"""Heatmap of location quotients, regions × clusters, on a log scale around 1."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError
from clusteranalysis.i18n import Formatter, gettext_for

from ._common import REFERENCE_COLOUR, fill, new_axes, require_columns, wrap

#: seaborn's "vlag" (blue–white–red) at 0, ¼, ½, ¾ and 1, rebuilt so that no
#: seaborn import is needed (it costs seconds).
VLAG = ("#2369bd", "#9baecb", "#faf5f4", "#d39794", "#a9373b")
#: Candidate colour-bar ticks, in LQ units.
LQ_TICKS = (1 / 8, 1 / 4, 1 / 2, 2 / 3, 1, 1.5, 2, 4, 8)


def _matrix(lq_table, region, cluster, value, name):
    """Regions × clusters table of LQs in order of first appearance."""
    keys = [region, cluster]
    if lq_table.duplicated(keys).any():
        raise DataError(f"lq_heatmap() needs one {value!r} per {region!r} × {cluster!r}; "
                        "filter the table to one year / one measure first")
    wide = lq_table.pivot(index=region, columns=cluster, values=value)
    wide = wide.reindex(index=pd.unique(lq_table[region]),
                        columns=pd.unique(lq_table[cluster]))
    if name in lq_table.columns:
        names = lq_table.drop_duplicates(region).set_index(region)[name]
        shown = names.reindex(wide.index).fillna(pd.Series(wide.index, wide.index))
        if shown.duplicated().any():  # keep the code where names repeat
            shown = shown + " (" + wide.index.astype(str) + ")"
        wide.index = shown.astype(str).to_numpy()
    return wide.astype(float)


def _short(fmt, value: float) -> str:
    """An LQ tick with as few decimals as it needs (``1``, ``1.5``, ``0.67``)."""
    digits = next((d for d in (0, 1) if abs(round(value, d) - value) < 1e-9), 2)
    return fmt.decimal(value, digits)


def lq_heatmap(lq_table, *, region="region", cluster="label", value="lq", ax=None,
               annot=True, center=1, name="name", title=None, language="en"):
    """Location quotients as a heatmap, regions (rows) × clusters (columns).

    Parameters
    ----------
    lq_table : DataFrame
        Tidy table with one row per region × cluster (one year).
    region, cluster, value : str
        Column names; ``cluster`` is what labels the columns (default the
        cluster label).
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.
    annot : bool
        Write each LQ with 2 decimals into its cell ("n/a" where missing).
    center : float
        LQ drawn white (1 = the reference average).
    name : str
        Column with region names; used for the rows when present.
    title : str, optional
    language : str, default "en"
        Language of the axis labels, colour bar and numbers.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Colours encode ``log2(LQ / center)`` on a symmetric diverging scale
    (seaborn's ``"vlag"``, blue–white–red), so LQ = 2 and LQ = 0.5 are equally
    intense; the colour bar is labelled in LQ units. Missing LQs are left
    blank and annotated "n/a", never coloured as 0. LQ = 0 gets the end colour.
    An empty table (e.g. no industry of the definition in the data) raises
    :class:`~clusteranalysis.DataError`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "region": ["14713", "14713", "14612", "14612"],
    ...     "name": ["Leipzig", "Leipzig", "Dresden", "Dresden"],
    ...     "label": ["Automotive", "Logistics"] * 2,
    ...     "lq": [1.42, 0.8, 0.6, 1.1]})
    >>> ax = lq_heatmap(table)
    >>> [t.get_text() for t in ax.texts]
    ['1.42', '0.80', '0.60', '1.10']
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Leipzig', 'Dresden']
    """
    require_columns(lq_table, [region, cluster, value], "lq_heatmap")
    if center <= 0:
        raise ValueError(f"center must be a positive LQ, got {center!r}")
    if not len(lq_table) or not lq_table[value].notna().any():
        raise DataError(f"lq_heatmap() got no {value!r} values to draw (an empty table: are "
                        "the industry codes of the cluster definition in the data?)")
    if "year" in lq_table.columns and lq_table["year"].nunique() > 1:
        raise DataError("lq_heatmap() draws one year; filter the table first")
    wide = _matrix(lq_table, region, cluster, value, name)
    lq = wide.to_numpy()
    missing = ~np.isfinite(lq)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log2(lq / center)
    finite = np.isfinite(logs)
    vlim = max(float(np.max(np.abs(logs[finite]))) if finite.any() else 0.0, 1.0)
    logs = np.where(~missing & ~finite, -vlim, logs)  # LQ = 0 → end colour

    n_rows, n_cols = wide.shape
    upright = n_cols > 4  # many clusters: upright names, never touching each other
    # upright names take height from the cells: keep the cells (and the colour bar beside
    # them, whose two-line label must fit) at least 3 inches tall
    longest = max((len(line) for c in wide.columns for line in wrap(c, 28).splitlines()),
                  default=0)
    names = 0.09 * longest if upright else 0.0
    ax = new_axes(ax, figsize=(max(6.0, 1.1 * n_cols + 3),
                               max(3.0, 0.45 * n_rows + 2, 3.0 + names + 1.0)))
    _ = gettext_for(language)
    fmt = Formatter(language)
    labels = np.array([["" if miss else fmt.lq(v) for v, miss in zip(row, row_missing)]
                       for row, row_missing in zip(lq, missing)], dtype=object)
    year = None
    if "year" in lq_table.columns and lq_table["year"].nunique() == 1:
        year = int(lq_table["year"].iloc[0])
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("vlag", VLAG)
    mesh = ax.pcolormesh(np.ma.masked_array(logs, mask=missing), cmap=cmap, vmin=-vlim,
                         vmax=vlim, edgecolors="white", linewidth=0.5)
    ax.figure.colorbar(mesh, ax=ax, label=fill(
        _("Employment LQ {year}\n(log scale, {center} = reference)"),
        year=year, center=_short(fmt, center)))
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)  # first region on top
    ax.set_xticks(np.arange(n_cols) + 0.5,
                  [wrap(c, 28 if upright else 16) for c in wide.columns])
    ax.set_yticks(np.arange(n_rows) + 0.5, [str(r) for r in wide.index])
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    if annot:
        rgba = cmap(mesh.norm(np.nan_to_num(logs)))
        dark = rgba[..., :3] @ np.array([0.2126, 0.7152, 0.0722]) < 0.408
        for i, j in zip(*np.nonzero(~missing)):
            ax.text(j + 0.5, i + 0.5, labels[i, j], ha="center", va="center",
                    fontsize="small", color="white" if dark[i, j] else "0.15")
        for i, j in zip(*np.nonzero(missing)):
            ax.text(j + 0.5, i + 0.5, fmt.missing, ha="center", va="center",
                    fontsize="small", color=REFERENCE_COLOUR, gid="na-note")
    colorbar = mesh.colorbar
    ticks = [t for t in LQ_TICKS if abs(np.log2(t)) <= vlim + 1e-9]
    colorbar.set_ticks(np.log2(ticks), labels=[_short(fmt, t * center) for t in ticks])
    ax.set_xlabel(_("Cluster"))
    ax.set_ylabel(_("Region"))
    for tick in ax.get_xticklabels():
        tick.set(rotation=90 if upright else 0, ha="center")
    ax.tick_params(axis="y", labelrotation=0)
    if title:
        ax.set_title(title)
    return ax
