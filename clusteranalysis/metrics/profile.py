"""The cluster profile: the table behind a Leipzig-style cluster report."""

from __future__ import annotations

import pandas as pd

from ._dense import REFERENCE, append_reference
from .aggregate import aggregate_clusters
from clusteranalysis.inputs.coverage import definition_notes
from clusteranalysis.inputs.definitions import ClusterDefinition, load_definition
from clusteranalysis._warn import warn_once
from clusteranalysis.display import result_frame
from clusteranalysis.errors import DataError, Problem
from clusteranalysis.i18n import gettext_for
from .growth import growth, growth_contribution
from .location_quotient import location_quotient
from .shares import shares
from .tax import tax_contribution
from clusteranalysis.inputs.validate import KNOWN_MEASURES, validate_panel



def cluster_profile(
    panel: pd.DataFrame,
    definition: ClusterDefinition | str = "leipzig",
    *,
    region: str,
    start_year: int,
    end_year: int,
    reference=None,
    measures=None,
    total: str = "auto",
    region_col: str = "region",
    year: str = "year",
    industry: str = "industry",
    total_code: str = "TOTAL",
    language: str = "en",
) -> pd.DataFrame:
    """Profile of one region's clusters over a period.

    Parameters
    ----------
    panel : pandas.DataFrame
        Validated tidy panel (see :func:`validate_panel`) holding the region,
        and the reference region if it is named.
    definition : ClusterDefinition or str
        Cluster definition or the name of a built-in one (``"leipzig"``).
    region : str or list of str
        Region code, e.g. ``"14713"``, or several codes: their profiles are
        computed at once (one vectorised pass over all of them, e.g. every
        district of a table) and stacked in the order given.
    start_year, end_year : int
        The period.
    reference : None, str or pandas.DataFrame
        Reference of the location quotients, as in
        :func:`location_quotient` (``None``: all regions in the panel); a
        region code must name another region than ``region``.
    measures : list of str, optional
        Default: those of employment, establishments and tax in the panel.
    total : {"auto", "row", "sum"}
        Region total, as in :func:`shares`.
    region_col, year, industry, total_code : str
        Column names and the code of the region-total rows.
    language : str, default "en"
        Language of the ``label`` column (see :func:`aggregate_clusters`) and
        of the table's display (``summary()``, Jupyter).

    Returns
    -------
    ResultFrame
        A DataFrame (rendered as a styled table in Jupyter, with a text
        ``summary()``): one row per cluster in definition order, then ``other`` and
        ``total`` ("Total economy"). Columns: ``region``, ``cluster``,
        ``label``, ``start_year``, ``end_year``; per measure *m*:
        ``m_start``, ``m_end``, ``m_share`` (end year), ``m_change``,
        ``m_growth_pct``, ``m_cagr_pct``, ``m_flag`` (when flags exist);
        ``employment_contribution`` and ``employment_contribution_pp``
        (see :func:`growth_contribution`); ``lq_start``, ``lq``,
        ``lq_change`` (employment LQ); and with tax data
        ``tax_per_employee``, ``tax_per_establishment``, ``tax_intensity``,
        ``tax_share_change`` (see :func:`tax_contribution`).
        ``attrs["notes"]`` lists :class:`~clusteranalysis.Problem` notes a
        report must show: a region with no industry of the definition (every
        cluster empty) gets one (see
        :func:`clusteranalysis.inputs.coverage.definition_notes`).

    Warns
    -----
    UserWarning
        With every note of ``attrs["notes"]``.

    Notes
    -----
    Every column comes from one of the documented metric functions applied
    to :func:`aggregate_clusters` output; the total economy is the region
    total row, not the sum of the clusters, and ``other`` is the remainder.

    Examples
    --------
    >>> from clusteranalysis import load_sample
    >>> p = cluster_profile(load_sample(), "leipzig", region="14700",
    ...                     start_year=2015, end_year=2020, reference="00")
    >>> p["cluster"].tolist()[-2:]
    ['other', 'total']
    >>> float(p.loc[p["cluster"] == "total", "employment_share"].iloc[0])
    1.0
    >>> both = cluster_profile(load_sample(), "leipzig", region=["14700", "01090"],
    ...                        start_year=2015, end_year=2020, reference="00")
    >>> both.groupby("region", sort=False).size().to_dict()
    {'14700': 7, '01090': 7}
    """
    if isinstance(definition, str):
        definition = load_definition(definition)
    rc = region_col
    regions = [region] if isinstance(region, str) else list(dict.fromkeys(region))
    unknown = sorted(set(regions) - set(panel[rc].unique()))
    if unknown or not regions:
        raise DataError([Problem(f"region {r!r} is not in the panel", column=rc)
                         for r in unknown or ["(none given)"]])
    if isinstance(reference, str) and reference in regions:
        raise DataError([Problem(
            f"the reference region {reference!r} is the analysed region itself: its location "
            "quotients would all be 1 by definition; name another reference (the nation, "
            "e.g. 'DG') or None for all regions in the panel", column=rc)])
    if measures is None:
        measures = [m for m in KNOWN_MEASURES if m in panel.columns]
    if isinstance(reference, pd.DataFrame):
        panel = append_reference(panel[panel[rc].isin(regions)], reference, region=rc,
                                 by=industry, required=(year, industry))
        reference = REFERENCE
    years = panel[year].isin([start_year, end_year])
    if reference is None:
        sub = panel[years]
    else:
        if not (panel[rc] == reference).any():
            raise DataError([Problem(f"reference region {reference!r} is not in the panel",
                                     column=rc)])
        sub = panel[years & panel[rc].isin([*regions, reference])]
    sub = validate_panel(sub, region=rc, year=year, industry=industry, measures=measures,
                         total_code=total_code)
    present = sub[[rc, year]].drop_duplicates()
    gaps = [Problem(f"year {y} is missing for region {r!r}", column=year)
            for y in (start_year, end_year)
            for r in sorted(set(regions) - set(present.loc[present[year] == y, rc]))]
    if gaps:
        raise DataError(gaps)
    agg = aggregate_clusters(sub, definition, measures=measures, region=rc, year=year,
                             industry=industry, total_code=total_code,
                             total="sum" if total == "sum" else "row", language=language)
    kw = dict(by="cluster", region=rc, year=year)
    out = None
    for m in measures:
        g = growth_contribution(agg, start=start_year, end=end_year, value=m,
                                total_code="total", **kw) if m == "employment" else \
            growth(agg, start=start_year, end=end_year, value=m, **kw)
        s = shares(agg[agg[year] == end_year], value=m, total="row", total_code="total", **kw)
        g = g.merge(s[[rc, "cluster", f"{m}_share"]], on=[rc, "cluster"], how="left")
        if out is None:
            out = g
        else:
            out = out.merge(g.drop(columns=["start_year", "end_year"]),
                            on=[rc, "cluster"], how="outer")
    if "employment" in measures:
        lq = location_quotient(agg, value="employment", reference=reference,
                               total="row", total_code="total", **kw)
        lq = lq.pivot_table(index=[rc, "cluster"], columns=year, values="lq",
                            dropna=False).reset_index()
        lq = lq.rename(columns={start_year: "lq_start", end_year: "lq"})
        out = out.merge(lq[[rc, "cluster", "lq_start", "lq"]], on=[rc, "cluster"], how="left")
        out["lq_change"] = out["lq"] - out["lq_start"]
    if {"tax", "employment", "establishments"} <= set(measures):
        t = tax_contribution(agg, start=start_year, end=end_year, total="row",
                             total_code="total", **kw)
        cols = ["tax_per_employee", "tax_per_establishment", "tax_intensity",
                "tax_share_change"]
        out = out.merge(t[[rc, "cluster", *cols]], on=[rc, "cluster"], how="left")
    out = out[out[rc].isin(regions)]
    labels = agg.drop_duplicates("cluster").set_index("cluster")["label"]
    order = {c: k for k, c in enumerate(labels.index)}
    out = out.assign(label=out["cluster"].map(labels).astype("string"),
                     _order=out["cluster"].map(order),
                     _region=out[rc].map({r: k for k, r in enumerate(regions)}))
    out = (out.sort_values(["_region", "_order"]).drop(columns=["_order", "_region"])
           .reset_index(drop=True))
    first = [rc, "cluster", "label", "start_year", "end_year"]
    out = out[first + [c for c in out.columns if c not in first]]
    _ = gettext_for(language)
    caption = (_("Cluster profile of {region}, {definition}, {period}") if len(regions) == 1
               else _("Cluster profiles of {n} regions, {definition}, {period}"))
    result = result_frame(out, caption=caption.format(
        region=regions[0], n=len(regions), definition=definition.name,
        period=f"{start_year}\u2013{end_year}"), language=language)
    notes = definition_notes(sub, definition, regions=regions, region=rc, industry=industry,
                             total_code=total_code)
    for note in notes:
        warn_once(note.message, UserWarning, stacklevel=2)
    result.attrs["notes"] = notes
    return result
