"""Growth of each cluster in several regions (the city comparison's bar chart).

Text on the chart (axis label, legend title) is in the report's language
(gettext catalog) and the tick labels use Babel's percent format via
:class:`clusteranalysis.i18n.Formatter`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import cluster_palette, new_axes, require_columns


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
    ax = new_axes(ax, figsize=(10, 0.17 * n_reg * n_cl + 0.3 * n_cl + 1.5))
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
