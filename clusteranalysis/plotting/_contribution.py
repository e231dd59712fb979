"""Contribution of each cluster to the growth rate of total employment."""

from __future__ import annotations

import numpy as np

from clusteranalysis.i18n import Formatter, gettext_for

from ._common import (
    COLORBLIND, add_note, cluster_rows, describe_column, locale_ticks,
    new_axes, period, require_columns, row_height, total_row, wrap,
)
from ._layout import fit_texts

OTHER_COLOUR = "#bbbbbb"


def _empty_other(rows, cluster: str):
    """True per row for an ``other`` row without any employees in either year."""
    is_other = (rows[cluster] == "other").to_numpy()
    cols = [c for c in ("employment_start", "employment_end") if c in rows.columns]
    if not cols:
        return np.zeros(len(rows), dtype=bool)
    values = rows[cols].to_numpy(dtype=float)
    return is_other & np.all(np.nan_to_num(values, nan=0.0) == 0, axis=1)


def contribution_chart(profile, *, column="employment_contribution_pp", label="label",
                       cluster="cluster", include_other=True, value_labels=True,
                       title=None, ax=None, language="en"):
    """Horizontal bars: each cluster's contribution to total employment growth.

    Parameters
    ----------
    profile : DataFrame
        A cluster profile (docs/conventions.md) with ``column`` (default the
        contribution in percentage points, which adds up over the clusters and
        ``other`` to the total growth rate).
    column : str
        ``"employment_contribution_pp"`` (percentage points) or
        ``"employment_contribution"`` (fraction of the total change, drawn in %).
    label, cluster : str
        Column names; ``label`` falls back to ``cluster``.
    include_other : bool
        Also draw the ``"other"`` row (grey), unless it holds no employees.
    value_labels : bool
        Write each value (signed, two decimals) at the end of its bar; the
        axis grows until every label lies inside the plot area.
    title : str, optional
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.
    language : str, default "en"
        Language of the axis label, notes and numbers.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The total economy's growth rate is written under the axis label, not on
    the bars. A missing value gets no bar and is named in an "n/a" note under the axis label.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> profile = pd.DataFrame({
    ...     "cluster": ["auto", "logistics", "other", "total"],
    ...     "label": ["Automotive", "Logistics", "Other", "Total economy"],
    ...     "start_year": 2015, "end_year": 2020,
    ...     "employment_growth_pct": [12.0, -4.0, 2.0, 3.0],
    ...     "employment_contribution_pp": [0.6, -0.56, 2.96, 3.0]})
    >>> ax = contribution_chart(profile)
    >>> [t.get_text() for t in ax.texts]
    ['+0.60', '-0.56', '+2.96']
    >>> ax.get_xlabel().splitlines()[1]
    'Total economy: +3.00%'
    """
    require_columns(profile, [cluster, column], "contribution_chart")
    start, end = period(profile)
    _ = gettext_for(language)
    fmt = Formatter(language)
    xlabel, factor = describe_column(column, start, end, language)
    rows = cluster_rows(profile, cluster=cluster, include_other=include_other)
    rows = rows[~_empty_other(rows, cluster)]
    names = (rows[label] if label in rows.columns else rows[cluster]).astype(str)
    values = rows[column].to_numpy(dtype=float) * factor
    ok = np.isfinite(values)
    n = len(rows)
    ticks = [wrap(t, 36) for t in names]
    ax = new_axes(ax, figsize=(9, max(3.0, row_height(ticks, 0.45) * n + 1.8)))

    slots = np.arange(n, dtype=float)
    colours = np.where((rows[cluster] == "other").to_numpy(), OTHER_COLOUR, COLORBLIND[0])
    bars = ax.barh(slots[ok], values[ok], height=0.7, color=list(colours[ok]), zorder=2,
                   gid="bars-contribution")
    texts = []
    if value_labels:
        texts = ax.bar_label(bars, labels=[fmt.decimal(v, 2, signed=True) for v in values[ok]],
                             padding=3, fontsize="small")
    ax.axvline(0.0, color="0.3", lw=0.8, zorder=1.8, gid="reference-x")
    ax.set_yticks(slots, ticks, fontsize="small")
    ax.set_ylim(n - 0.5, -0.5)  # first row on top
    total = total_row(profile, cluster=cluster)
    growth = None if total is None else total.get("employment_growth_pct")
    if growth is not None and np.isfinite(float(growth)):
        xlabel += "\n" + _("Total economy: {value}").format(
            value=fmt.percent(float(growth), 2, signed=True))
    ax.set_xlabel(xlabel)
    ax.margins(x=0.05)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    locale_ticks(ax, language, axis="x")
    if title:
        ax.set_title(title)
    add_note(ax, list(names[~ok]), language=language)
    fit_texts(ax, texts, axis="x")
    return ax
