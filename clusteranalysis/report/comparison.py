"""Sections of the city comparison: overview, specialisation, growth, rankings, summary.

Each function takes the stacked cluster profiles of the regions
(:func:`clusteranalysis.report.comparison_data`, column ``name`` added) and the
report's :class:`~clusteranalysis.report.context.ReportMeta`.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.i18n import Formatter, gettext_for

from ._charts import draw
from ._columns import COLUMNS, format_cell, heading
from ._html import bullets, inline, paragraph, table_html
from .section import Section


def _clusters(profiles):
    return profiles[~profiles["cluster"].isin(["other", "total"])]


def comparison_overview(profiles, meta) -> Section:
    """Per region: employees, growth, establishments and trade tax, the clusters' share."""
    _, f = gettext_for(meta.language), Formatter(meta.language)
    totals = profiles[profiles["cluster"] == "total"].set_index("region")
    other = profiles[profiles["cluster"] == "other"].set_index("region")
    cols = [c for c in ("employment_end", "employment_growth_pct",
                        "establishments_growth_pct", "tax_end", "tax_growth_pct")
            if c in totals.columns and totals[c].notna().any()]
    heads = [_("Region")] + [heading(c, meta.language, meta.start, meta.end) for c in cols]
    heads.append(heading("cluster_share", meta.language, meta.start, meta.end))

    rows = []
    for code in meta.regions:
        row = totals.loc[code]
        share = 1 - other["employment_share"].get(code, float("nan"))
        rows.append([str(row["name"])] + [format_cell(row[c], COLUMNS[c][1], f) for c in cols]
                    + [f.share(share)])
    return Section(_("Overview"), [table_html(heads, rows,
                                              align=["left"] + ["right"] * (len(heads) - 1))])


def comparison_specialisation(profiles, meta) -> Section:
    """Heatmap of the location quotients, regions × clusters."""
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    fig = draw(plotting.lq_heatmap, _clusters(profiles)[["region", "name", "label", "lq"]],
               title=_("Employment location quotients {end}").format(end=meta.end),
               language=meta.language)
    return Section(_("Specialisation"), [
        paragraph(_("Red: larger share of employment than in {reference} (LQ above 1); blue: "
                    "smaller."), css="ca-note", reference=meta.reference_name), fig])


def comparison_growth(profiles, meta) -> Section:
    """Employment growth of every cluster (and the total economy) in every region."""
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    rows = profiles[profiles["cluster"] != "other"]
    fig = draw(plotting.growth_by_region_chart, rows, period=meta.period,
               title=_("Employment growth {period} by cluster").format(period=meta.period),
               language=meta.language)
    return Section(_("Employment growth by cluster"), [fig])


def comparison_rankings(profiles, meta, order=()) -> Section:
    """Per cluster the regions ranked by LQ, growth and size."""
    _, f = gettext_for(meta.language), Formatter(meta.language)
    cl = _clusters(profiles)
    by = cl.groupby("cluster", sort=False)
    ranked = cl.assign(
        lq_rank=by["lq"].rank(ascending=False, method="min"),
        growth_rank=by["employment_growth_pct"].rank(ascending=False, method="min"),
        size_rank=by["employment_end"].rank(ascending=False, method="min"),
        _order=cl["cluster"].map({c: k for k, c in enumerate(order)}),
    ).sort_values(["_order", "lq_rank"], kind="stable")
    cols = ["label", "name", "lq", "lq_rank", "employment_growth_pct", "growth_rank",
            "employment_end", "size_rank"]

    heads = [heading(c, meta.language, meta.start, meta.end) for c in cols]
    rows = [[format_cell(v, COLUMNS[c][1], f) for v, c in zip(r, cols)]
            for r in ranked[cols].itertuples(index=False, name=None)]
    align = ["left", "left"] + ["right"] * (len(cols) - 2)
    return Section(_("Rankings"), [table_html(heads, rows, align=align)])


def comparison_summary(profiles, meta, order=()) -> Section:
    """Leading region per cluster, and per region its specialisations."""
    _, f = gettext_for(meta.language), Formatter(meta.language)
    cl = _clusters(profiles)
    lead = {m: cl.sort_values(m, ascending=False, na_position="last", kind="stable")
            .drop_duplicates("cluster").set_index("cluster")
            for m in ("lq", "employment_growth_pct", "employment_end")}
    items = [inline(_("**{label}:** most specialised in {lq_region} (LQ {lq}); strongest "
                      "employment growth in {g_region} ({g}); most employees in {n_region} "
                      "({n})."),
                    label=lead["lq"].loc[c, "label"], lq_region=lead["lq"].loc[c, "name"],
                    lq=f.lq(lead["lq"].loc[c, "lq"]),
                    g_region=lead["employment_growth_pct"].loc[c, "name"],
                    g=f.percent(lead["employment_growth_pct"].loc[c, "employment_growth_pct"],
                                signed=True),
                    n_region=lead["employment_end"].loc[c, "name"],
                    n=f.integer(lead["employment_end"].loc[c, "employment_end"]))
             for c in (order or pd.unique(cl["cluster"])) if c in lead["lq"].index]
    totals = profiles[profiles["cluster"] == "total"].set_index("region")
    m = cl["cluster"].nunique()
    for code in meta.regions:
        mine = cl[(cl["region"] == code) & (cl["lq"] > 1)]["label"].astype(str).tolist()
        items.append(inline(_("**{region}:** specialised (LQ above 1) in {k} of {m} clusters"
                              "{names}; total employment {growth}."),
                            region=totals.loc[code, "name"], k=len(mine), m=m,
                            names=(": " + ", ".join(mine)) if mine else "",
                            growth=f.percent(totals.loc[code, "employment_growth_pct"],
                                             signed=True)))
    return Section(_("Summary"), [bullets(items)])
