"""Map sections of the cluster report and the city comparison (figures from :mod:`.maps`).

Each cluster's location quotient in every region of the report's level (all
districts, all sample cities), the report's region outlined, with the LISA map
of local spatial clusters beside it; for the comparison one small map per
cluster. On data whose region codes match no bundled boundaries the section
is one sentence.
"""

from __future__ import annotations

import warnings

import pandas as pd

from clusteranalysis.i18n import gettext_for

from ._charts import detach, untrusted_text
from ._html import paragraph
from .section import Section, omitted


def regional_lqs(clusters: pd.DataFrame, *, year: int, regions, reference=None) -> pd.DataFrame:
    """LQ of every cluster in every region of *regions* in *year* (input of the maps).

    *clusters* is :func:`~clusteranalysis.aggregate_clusters` of the whole panel;
    the reference (a named region row, or all regions when ``None``) is the
    report's. Rows ``other`` and ``total`` are dropped.

    Examples
    --------
    >>> import clusteranalysis as ca
    >>> panel = ca.load_sample()
    >>> agg = ca.aggregate_clusters(panel[panel["year"] == 2020], "leipzig")
    >>> lq = regional_lqs(agg, year=2020, regions={"14700", "01090"}, reference="00")
    >>> sorted(lq["region"].unique()), "total" in set(lq["cluster"])
    (['01090', '14700'], False)
    """
    from clusteranalysis.metrics.location_quotient import location_quotient

    one = clusters[clusters["year"] == year]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lq = location_quotient(one, by="cluster", reference=reference, total_code="total")
    keep = lq["region"].isin(set(regions)) & ~lq["cluster"].isin(["other", "total"])
    return lq.loc[keep].reset_index(drop=True)


def _names(data) -> dict:
    return dict(zip(data.profile["cluster"], data.profile["label"])) if data.profile is not None \
        else dict(zip(data.profiles["cluster"], data.profiles["label"]))


def _drawn(data, draw):
    """``(title, figures, _)`` of a map section, or the omitted section when there is no map.

    *draw* makes the figure(s) from ``data.lq_map``, ``data.meta`` and the
    cluster names (or returns the sentence saying why there is no map); the
    names come from files, so no text is read as mathtext, and each figure is
    detached from pyplot so that it is shown once, by the section.
    """
    m = data.meta
    _ = gettext_for(m.language)
    title = _("Where the clusters are strong: maps")
    if data.lq_map is None or data.lq_map.empty:
        return omitted(title, _("No map: the data hold no regions to compare."))
    with untrusted_text():
        drawn = draw(data.lq_map, m, _names(data))
    if isinstance(drawn, str):
        return omitted(title, drawn)
    figures = drawn if isinstance(drawn, list) else [drawn]
    return title, [detach(f) for f in figures], _


def map_section(data) -> Section:
    """Where each cluster is strong: LQ maps of all regions and LISA clusters (cluster report)."""
    from .maps import cluster_map_figures

    drawn = _drawn(data, lambda lq, m, names: cluster_map_figures(
        lq, region_code=m.region, names=names, year=m.end, lisa=True, language=m.language))
    if isinstance(drawn, Section):
        return drawn
    title, figures, _ = drawn
    m = data.meta
    intro = paragraph(_(
        "Each map shows a cluster's location quotient in {year} in every region of the "
        "data; {region} is outlined. Beside it, the local Moran statistic (LISA) marks "
        "regions that form a spatial cluster of high or low values with their neighbours."),
        year=str(m.end), region=m.region_name)
    return Section(title, [intro, *figures])


def comparison_map_section(data) -> Section:
    """Small multiples: each cluster's LQ across all regions, the compared regions outlined."""
    from .maps import comparison_map_figure

    drawn = _drawn(data, lambda lq, m, names: comparison_map_figure(
        lq, regions=list(m.regions), names=names, year=m.end, language=m.language))
    if isinstance(drawn, Section):
        return drawn
    title, figures, _ = drawn
    return Section(title, [paragraph(_(
        "Location quotient of each cluster in {year}; the compared regions are outlined."),
        year=str(data.meta.end)), *figures])
