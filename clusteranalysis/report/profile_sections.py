"""Sections of the cluster report on size and growth: headline figures, profile, shares,
growth bubbles, growth and contribution, trade tax.

Each function takes the computed tables (see :func:`clusteranalysis.report.cluster_report_data`)
and the report's :class:`~clusteranalysis.report.context.ReportMeta`, and returns a
:class:`~clusteranalysis.report.section.Section`.
"""

from __future__ import annotations

from clusteranalysis.i18n import Formatter, N_, gettext_for

from ._charts import draw
from ._columns import drop_empty_other, table
from ._largest import largest_clusters
from ._html import paragraph, table_html
from .section import Section, omitted

PROFILE_COLUMNS = ["label", "employment_end", "employment_share", "employment_growth_pct",
                   "establishments_end", "establishments_growth_pct", "tax_end", "tax_share",
                   "lq"]
GROWTH_COLUMNS = ["label", "employment_start", "employment_end", "employment_change",
                  "employment_growth_pct", "employment_cagr_pct", "employment_contribution",
                  "employment_contribution_pp"]
TAX_COLUMNS = ["label", "tax_end", "tax_share", "tax_share_change", "tax_per_employee",
               "tax_per_establishment", "tax_intensity"]
_SIZE_NAMES = {"establishments": N_("establishments"), "employment": N_("employees"),
               "tax": N_("trade tax")}


def headline_figures(profile, meta) -> Section:
    """Employees, establishments, trade tax and the clusters' share, start and end year."""
    from .findings import headline

    _ = gettext_for(meta.language)
    h = headline(profile, language=meta.language, formatted=True)
    rows = [[str(v) for v in row] for row in h.itertuples(index=False, name=None)]
    align = ["left"] + ["right"] * (len(h.columns) - 1)
    return Section(_("Headline figures"), [table_html([str(c) for c in h.columns], rows,
                                                      align=align)])


def profile_table(profile, meta) -> Section:
    """Size, share, growth, trade tax and LQ of every cluster, the rest and the total."""
    _ = gettext_for(meta.language)
    shown = drop_empty_other(profile)
    return Section(_("Cluster profile"), [
        table(shown, PROFILE_COLUMNS, meta),
        paragraph(_("LQ: location quotient of employment against {reference} (above 1: the "
                    "cluster's share of employment is larger than there)."),
                  css="ca-note", reference=meta.reference_name)])


def shares_section(profile, meta, measures) -> Section:
    """Bar chart of the clusters' shares of employment (establishments, trade tax)."""
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    title = _("{name}: the clusters' shares of the local economy {end}").format(
        name=meta.region_name, end=meta.end)
    rows, note = largest_clusters(profile, meta)
    fig = draw(plotting.shares_chart, rows, measures=measures, value_labels=True,
               title=title, language=meta.language)
    return Section(_("Shares of the local economy"), [fig] + ([note] if note else []))


def bubble_section(profile, meta, measures, norms, n_regions: int = 0) -> Section:
    """Growth bubble charts (employment growth × establishment growth), one per size measure."""
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    title = _("Growth bubble charts")
    if "establishments" not in measures:
        return omitted(title, _("The data have no establishments, so there are no growth "
                                "bubble charts; the portfolio chart below shows each "
                                "cluster's LQ and its change."))
    f = Formatter(meta.language)
    blocks = [paragraph(_("Employment growth (x) against establishment growth (y) of each "
                          "cluster; the dashed lines mark the total economy. Bubble area: "
                          "establishments, employees or trade tax in {end}."), end=meta.end)]
    sizes = [m for m in ("establishments", "employment", "tax") if m in measures]
    if all(norms.get(m) is not None for m in sizes) and n_regions:
        largest = ", ".join(
            f"{_(_SIZE_NAMES[m])} {f.currency(norms[m].vmax) if m == 'tax' else f.integer(norms[m].vmax)}"
            for m in sizes)
        blocks.append(paragraph(_("The bubbles use one scale for all {n} regions of the data "
                                  "at this level (largest cluster: {largest}), so they compare "
                                  "across reports."), css="ca-note", n=n_regions,
                                largest=largest))
    else:
        blocks.append(paragraph(_("The bubbles are scaled to this region's largest cluster."),
                                css="ca-note"))
    rows, note = largest_clusters(profile, meta)
    if note:
        blocks.append(note)
    for m in sizes:
        chart_title = _("{name} {period}: bubble size = {size} {end}").format(
            name=meta.region_name, period=meta.period, size=_(_SIZE_NAMES[m]), end=meta.end)
        blocks.append(draw(plotting.bubble_chart, rows, size=m, size_norm=norms.get(m),
                           title=chart_title, language=meta.language))
    return Section(title, blocks)


def growth_section(profile, meta) -> Section:
    """Growth table and the contribution of each cluster to the growth of employment."""
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    shown = drop_empty_other(profile)
    title = _("{name}: contribution to employment growth {period}").format(
        name=meta.region_name, period=meta.period)
    rows, note = largest_clusters(shown, meta)
    fig = draw(plotting.contribution_chart, rows, title=title, language=meta.language)
    return Section(_("Growth and contribution to growth"), [
        table(shown, GROWTH_COLUMNS, meta),
        paragraph(_("Contribution to growth: the change of a cluster in percentage points of "
                    "total employment in {start}; the contributions add up to the growth of "
                    "the total economy."), css="ca-note", start=meta.start),
        fig] + ([note] if note else []))


def tax_section(profile, meta, measures) -> Section:
    """Trade tax of the clusters: amount, share, per employee and per establishment."""
    _ = gettext_for(meta.language)
    title = _("Trade tax contribution")
    if "tax" not in measures:
        return omitted(title, _("The data have no trade tax, so this section is left out."))
    return Section(title, [table(drop_empty_other(profile), TAX_COLUMNS, meta)])


