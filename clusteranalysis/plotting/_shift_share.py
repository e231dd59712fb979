"""Shift-share chart: each cluster's change split into its components."""

from __future__ import annotations

import numpy as np

from clusteranalysis.errors import DataError
from clusteranalysis.i18n import N_, Formatter, gettext_for

from ._common import (
    COLORBLIND, REFERENCE_COLOUR, add_note, cluster_rows, describe_column, locale_ticks,
    new_axes, period, require_columns, row_height, wrap,
)
from ._layout import fit_texts

#: Legend names of the components of :func:`clusteranalysis.metrics.shift_share`.
COMPONENT_NAMES = {
    "national_share": N_("National share"),
    "industry_mix": N_("Industry mix"),
    "competitive_share": N_("Competitive share"),
    "net_total_shift": N_("Net total shift"),
    "competitive_homothetic": N_("Competitive share (homothetic)"),
    "allocation_effect": N_("Allocation effect"),
    "regional_growth_effect": N_("Regional growth effect"),
    "regional_mix": N_("Regional mix"),
    "observed_change": N_("Observed change (sum)"),
}
OBSERVED_COLOUR = "#222222"


def _component_name(column: str, language: str = "en") -> str:
    if column in COMPONENT_NAMES:
        return gettext_for(language)(COMPONENT_NAMES[column])
    return column.replace("_", " ").capitalize()


def shift_share_chart(table, *, components=("national_share", "industry_mix",
                                            "competitive_share"),
                      observed="observed_change", value="employment", cluster="cluster",
                      label="label", region="region", include_other=False,
                      value_labels=False, title=None, ax=None, language="en"):
    """Shift-share components of each cluster as grouped horizontal bars.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`clusteranalysis.metrics.shift_share` for one region, run on a
        cluster table (``by="cluster"``), optionally with a ``label`` column.
        Rows with ``cluster == "total"`` are never drawn.
    components : sequence of str
        Component columns, one bar each per cluster (default: Dunn's three,
        which add up to the observed change).
    observed : str or None
        Column of the observed change, drawn as a dark-grey bar after the
        components of each cluster; None (or a table without it) draws none.
    value : str
        Measure the table decomposes; names the axis and its unit.
    cluster, label, region : str
        Column names; ``label`` falls back to ``cluster`` when absent.
    include_other : bool
        Also draw the ``"other"`` row (region total minus all clusters).
    value_labels : bool
        Write each component (signed, no decimals) at the end of its bar.
    title : str, optional
    ax : matplotlib Axes, optional
        Axes to draw in; a new figure is made if None.
    language : str, default "en"
        Language of the axis label, legend, notes and numbers.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The chart draws the table's numbers as they are; it computes nothing.
    Clusters are listed top-down in table order. A missing component (a
    suppressed value) gets no bar, never a bar of length 0, and the cluster
    is named in an ``"n/a: ..."`` note under the x-axis label.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "region": "14700", "cluster": ["auto", "logistics"],
    ...     "label": ["Automotive", "Logistics"], "start_year": 2015, "end_year": 2020,
    ...     "national_share": [407.0, 1286.0], "industry_mix": [-324.0, 881.0],
    ...     "competitive_share": [1062.0, 4857.0], "observed_change": [1145.0, 7024.0]})
    >>> ax = shift_share_chart(table)
    >>> [round(float(p.get_width())) for p in ax.patches]
    [407, 1286, -324, 881, 1062, 4857, 1145, 7024]
    >>> ax.get_xlabel()
    'Employment change 2015–2020, employees'
    """
    components = list(components)
    require_columns(table, [cluster, *components], "shift_share_chart")
    if region in table.columns and table[region].nunique() > 1:
        raise DataError("shift_share_chart() draws one region; the table holds "
                        f"{table[region].nunique()} (select one region first)")
    start, end = period(table)
    rows = cluster_rows(table, cluster=cluster, include_other=include_other)
    names = (rows[label] if label in rows.columns else rows[cluster]).astype(str)
    # one bar per component, then (darker) the observed change they add up to
    columns = components + ([observed] if observed and observed in rows.columns else [])
    n, m = len(rows), len(columns)
    ticks = [wrap(t, 30) for t in names]
    ax = new_axes(ax, figsize=(9, max(3.5, row_height(ticks, 0.25 * m) * n + 2)))

    _ = gettext_for(language)
    fmt = Formatter(language)
    colours = [COLORBLIND[k % 9] for k in range(len(components))] + [OBSERVED_COLOUR]
    labels = []
    height = 0.84 / max(m, 1)
    slots = np.arange(n, dtype=float)
    missing = np.zeros(n, dtype=bool)
    for j, column in enumerate(columns):
        pos = slots + (j - (m - 1) / 2) * height
        widths = rows[column].to_numpy(dtype=float)
        ok = np.isfinite(widths)
        missing |= ~ok
        is_observed = j == len(components)
        name = _component_name(column, language)
        bars = ax.barh(pos[ok], widths[ok], height=height, color=colours[j], label=name,
                       gid="bars-observed" if is_observed else f"bars-{column}", zorder=2)
        if value_labels:
            labels += ax.bar_label(bars, labels=[fmt.integer(v, signed=True)
                                                 for v in widths[ok]],
                                   fontsize="x-small", padding=2,
                                   fontweight="bold" if is_observed else "normal")

    ax.axvline(0.0, ls="--", lw=1, color=REFERENCE_COLOUR, gid="reference-x", zorder=1.8)
    ax.set_yticks(slots, ticks, fontsize="small")
    ax.set_ylim(n - 0.5, -0.5)  # first row on top
    ax.set_xlabel(describe_column(f"{value}_change", start, end, language)[0])
    ax.set_ylabel("")
    ax.margins(x=0.12 if value_labels else 0.05)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    locale_ticks(ax, language, axis="x")
    ax.legend(title=_("Shift-share component"), frameon=False, fontsize="small",
              title_fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if title:
        ax.set_title(title)
    add_note(ax, list(names[missing]), language=language)
    fit_texts(ax, labels, axis="x")
    return ax
