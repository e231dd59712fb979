"""The clusters a chart shows when a definition has many (the US benchmark has 67).

A chart of every cluster stays readable up to :data:`MAX_CHART_CLUSTERS`
clusters; beyond that the charts show the largest ones and say so, while the
tables list all of them.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.i18n import gettext_for

from ._html import paragraph

#: Charts show at most this many clusters (plus the rest and the total).
MAX_CHART_CLUSTERS = 20
_NOT_CLUSTERS = ("other", "total")


def largest_clusters(table: pd.DataFrame, meta, *, value: str = "employment_end",
                     year: int | None = None, n: int = MAX_CHART_CLUSTERS):
    """The rows of *table* a chart shows, and a note when some clusters are left out.

    Parameters
    ----------
    table : pandas.DataFrame
        A profile-like table with ``cluster`` (one row per cluster, or per
        cluster × year with ``year`` given).
    meta : ReportMeta
    value : str
        Size that ranks the clusters (employees); ties and clusters whose
        employment is withheld are ranked by ``establishments_end`` when the
        table has it (a withheld value is never taken as 0: it ranks last).
    year : int, optional
        For a table by year: rank by the rows of this year.
    n : int
        Clusters to keep.

    Returns
    -------
    (pandas.DataFrame, str or None)
        The rows to draw (the ``other`` and ``total`` rows are kept) and an
        HTML note for the section, ``None`` when every cluster is drawn.
    """
    rows = table if year is None else table[table["year"] == year]
    clusters = rows[~rows["cluster"].isin(_NOT_CLUSTERS)]
    total = clusters["cluster"].nunique()
    if total <= n:
        return table, None
    keys = [c for c in (value, "establishments_end") if c in clusters.columns]
    ranked = clusters.sort_values(keys, ascending=False, na_position="last", kind="stable")
    keep = set(ranked["cluster"].head(n)) | set(_NOT_CLUSTERS)
    _ = gettext_for(meta.language)
    note = paragraph(_("The chart shows the {n} largest of the {total} clusters (by employees "
                       "in {end}; clusters whose employment is withheld by establishments); "
                       "the tables list all clusters."), css="ca-note", n=n, total=total,
                     end=meta.end)
    return table[table["cluster"].isin(keep).to_numpy(bool)], note
