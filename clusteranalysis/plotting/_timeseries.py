"""Index time series (base year = 100) of clusters against the total economy."""

from __future__ import annotations

import numpy as np

from clusteranalysis.errors import DataError
from clusteranalysis.i18n import gettext_for

from ._common import (
    REFERENCE_COLOUR, cluster_palette, describe_column, locale_ticks, new_axes,
    require_columns, wrap,
)

TOTAL_COLOUR = "#222222"


def _base_year(table, *, year, value, cluster, total):
    """The year in which every available index value is 100 (else the total's)."""
    at_100 = np.isclose(table[value].to_numpy(dtype=float), 100.0)
    known = table[value].notna().to_numpy()
    flags = table.assign(_ok=at_100 | ~known, _hit=at_100).groupby(year, sort=True)
    base = flags["_ok"].all() & flags["_hit"].any()
    years = list(base.index[base.to_numpy()])
    if not years:
        tot = table[(table[cluster] == total) & at_100]
        years = sorted(tot[year].unique())
    if not years:
        raise DataError(f"no year has {value} = 100; pass base_year= to index_chart()")
    return int(years[0])


def index_chart(index_table, *, ax=None, cluster="cluster", label="label", year="year",
                value="index", total="total", include_other=False, base_year=None,
                measure="employment", title=None, language="en"):
    """Index (base year = 100) of each cluster's employment against the total.

    Parameters
    ----------
    index_table : DataFrame
        Tidy table with one row per cluster × year for a single region:
        columns ``region`` (optional), ``cluster``, ``label``, ``year``,
        ``index``; the total economy has ``cluster == total``.
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.
    cluster, label, year, value : str
        Column names.
    total : str
        The ``cluster`` id of the total economy, drawn as a thick dark line.
    include_other : bool
        Also draw the ``"other"`` row (region total minus all clusters).
    base_year : int, optional
        Year in which the index is 100; found from the data if None.
    measure : str
        Measure the index is of, named in the y label.
    title : str, optional
    language : str, default "en"
        Language of the axis labels and numbers (names come from ``label``).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Missing (suppressed) values break a line; they are never drawn as 0.
    The horizontal dashed line marks 100. Lines carry gids ``"total"``,
    ``"reference"`` and ``"cluster-<id>"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "cluster": ["auto"] * 3 + ["total"] * 3,
    ...     "label": ["Automotive"] * 3 + ["Total economy"] * 3,
    ...     "year": [2015, 2016, 2017] * 2,
    ...     "index": [100.0, 108.0, 115.0, 100.0, 102.0, 103.5]})
    >>> ax = index_chart(table)
    >>> ax.get_ylabel()
    'Employment index (2015 = 100)'
    >>> [line.get_gid() for line in ax.lines]
    ['reference', 'cluster-auto', 'total']
    """
    from matplotlib.ticker import MaxNLocator

    require_columns(index_table, [cluster, year, value], "index_chart")
    if "region" in index_table.columns and index_table["region"].nunique() > 1:
        raise DataError("index_chart() draws one region; filter the table to one region "
                        f"first (found {sorted(index_table['region'].unique())})")
    table = index_table.sort_values(year, kind="stable")
    if base_year is None:
        base_year = _base_year(table, year=year, value=value, cluster=cluster,
                               total=total)
    _ = gettext_for(language)
    ax = new_axes(ax, figsize=(9, 5.5))
    ax.axhline(100.0, ls="--", lw=1, color=REFERENCE_COLOUR, zorder=1.8, gid="reference")

    ids = [c for c in table[cluster].unique()
           if c != total and (include_other or c != "other")]
    colours = cluster_palette(len(ids))
    for cid, colour in zip(ids, colours):
        part = table[table[cluster] == cid]
        name = part[label].iloc[0] if label in part.columns else cid
        ax.plot(part[year].to_numpy(), part[value].to_numpy(dtype=float), color=colour,
                lw=1.8, marker="o", ms=3, label=wrap(name, 28), gid=f"cluster-{cid}",
                zorder=2)
    part = table[table[cluster] == total]
    if len(part):
        name = part[label].iloc[0] if label in part.columns else _("Total economy")
        ax.plot(part[year].to_numpy(), part[value].to_numpy(dtype=float),
                color=TOTAL_COLOUR, lw=3.2, label=wrap(name, 28), gid="total", zorder=3)

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)  # 2019, not -1 + 2.02e3
    ax.set_xlabel(_("Year"))
    ylabel, _factor = describe_column(f"{measure}_index", base_year, None, language)
    ax.set_ylabel(ylabel)
    locale_ticks(ax, language, axis="y")
    ax.grid(axis="y", color="0.9", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
              fontsize="small")
    if title:
        ax.set_title(title)
    return ax
