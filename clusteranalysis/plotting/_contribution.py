"""Bar charts of the report layer: contribution to growth, growth by cluster and region.

Text on the charts (axis labels, legend titles, value labels) is in the
report's language (gettext catalog) and numbers use Babel's formats via
:class:`clusteranalysis.i18n.Formatter`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import cluster_palette, new_axes, require_columns


def _room_for_labels(ax, values, share: float = 0.22) -> None:
    """x-limits with space beyond the longest bar on both sides for the value labels."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lo, hi = (min(0.0, v.min()), max(0.0, v.max())) if v.size else (0.0, 1.0)
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - (share * span if lo < 0 else 0.02 * span),
                hi + (share * span if hi > 0 else 0.02 * span))


def contribution_chart(profile, *, value="employment_contribution_pp", label="label",
                       cluster="cluster", growth="employment_growth_pct", period=None,
                       title=None, language="en", ax=None):
    """Contribution of each cluster and of the rest of the economy to total growth.

    Parameters
    ----------
    profile : DataFrame
        A cluster profile with ``value`` (percentage points), ``label``,
        ``cluster`` and a ``total`` row carrying ``growth`` (percent).
    period : str, optional
        Shown in the axis label, e.g. ``"2015–2020"`` (default: from the profile).
    language : str
        Language of the texts and numbers.

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal bars (the rest of the economy grey); value labels outside
        the bar ends; the total growth in the axis label, not on the bars.
    """
    from clusteranalysis.i18n import Formatter, gettext_for

    require_columns(profile, [value, label, cluster], "contribution_chart")
    _, f = gettext_for(language), Formatter(language)
    parts = profile[profile[cluster] != "total"].iloc[::-1]
    total = profile.loc[profile[cluster] == "total", growth] if growth in profile else []
    if period is None and {"start_year", "end_year"} <= set(profile.columns):
        period = f"{int(profile['start_year'].iloc[0])}\u2013{int(profile['end_year'].iloc[0])}"
    ax = new_axes(ax, figsize=(9, 0.45 * len(parts) + 1.8))
    vals = parts[value].astype(float).to_numpy()
    bars = ax.barh(parts[label].astype(str).to_numpy(), np.nan_to_num(vals),
                   color=["#bbbbbb" if c == "other" else "#0173b2" for c in parts[cluster]])
    ax.bar_label(bars, labels=[f.pp(v, 2) for v in vals], padding=3, fontsize="small")
    ax.axvline(0, color="0.3", lw=0.8)
    _room_for_labels(ax, vals)
    xlabel = _("Contribution to employment growth {period}, percentage points").format(
        period=period or "")
    if len(total):
        xlabel += "\n" + _("Total economy: {growth}").format(
            growth=f.percent(total.iloc[0], 1, signed=True))
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def growth_by_region_chart(table, *, value="employment_growth_pct", label="label",
                           name="name", period="", title=None, language="en", ax=None):
    """Growth of each cluster (rows) in each region (bars of one colour per region).

    Parameters
    ----------
    table : DataFrame
        Tidy: one row per region × cluster with ``name``, ``label``, ``value``
        (percent); row and legend order follow the table.
    """
    from clusteranalysis.i18n import Formatter, gettext_for

    require_columns(table, [value, label, name], "growth_by_region_chart")
    _, f = gettext_for(language), Formatter(language)
    wide = table.pivot_table(index=label, columns=name, values=value, sort=False,
                             dropna=False)
    wide = wide.reindex(index=pd.unique(table[label]), columns=pd.unique(table[name]))
    n_reg, n_cl = wide.shape[1], wide.shape[0]
    ax = new_axes(ax, figsize=(10, 0.35 * n_reg * n_cl + 1.5))
    height = 0.82 / max(n_reg, 1)
    colours = cluster_palette(n_reg)
    y = np.arange(n_cl)[::-1]
    for k, region in enumerate(wide.columns):
        ax.barh(y + 0.41 - (k + 0.5) * height, wide[region].to_numpy(float), height=height,
                color=colours[k], label=str(region))
    ax.set_yticks(y, [str(s) for s in wide.index])
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel(_("Employment growth {period}, %").format(period=period))
    ax.xaxis.set_major_formatter(lambda v, _pos: f.percent(v, 0))
    ax.legend(title=_("Region"), loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
