"""Sections of the cluster report on structure and specialisation: shift-share, location
quotients (table, portfolio, intervals), classification, index series, findings.
"""

from __future__ import annotations

from clusteranalysis.i18n import Formatter, gettext_for

from ._charts import draw
from .context import MIN_REGIONS
from ._columns import drop_empty_other, table
from ._largest import largest_clusters
from ._html import bullets, esc, paragraph
from .section import Section, omitted

SHIFT_COLUMNS = ["label", "employment_start", "employment_end", "reference_rate",
                 "national_share", "industry_mix", "competitive_share", "observed_change"]
CI_COLUMNS = ["label", "employment", "lq", "lq_low", "lq_high", "significant_above_1"]
CLASS_COLUMNS = ["label", "quadrant", "lq", "lq_change", "strong_cluster",
                 "strong_cluster_top10", "star_size", "star_specialisation", "star_focus",
                 "stars"]


def shift_share_section(shift, meta) -> Section:
    """Dunn's shift-share of each cluster's employment change against the reference."""
    from clusteranalysis import plotting

    _, f = gettext_for(meta.language), Formatter(meta.language)
    title = _("Shift-share analysis")
    if shift is None or shift.empty:
        return omitted(title, _("The data do not cover both years for the region and the "
                                "reference, so there is no shift-share analysis."))
    shown = drop_empty_other(shift)
    rate = shift["reference_total_rate"].iloc[0]
    text = paragraph(_(
        "Shift-share analysis (Dunn) splits each cluster's employment change {period} into "
        "three parts that add up exactly to the observed change, measured against "
        "{reference}. **National share**: the change had the cluster grown like total "
        "employment in the reference ({rate}). **Industry mix**: the extra change because the "
        "cluster's industries grew faster (+) or slower (−) in the reference than its economy "
        "as a whole. **Competitive share**: the rest, how much better (+) or worse (−) the "
        "cluster did in {name} than the same cluster in the reference."),
        period=meta.period, reference=meta.reference_name,
        rate=f.share(rate, 1, signed=True), name=meta.region_name)
    caption = _("Shift-share of employment {period}, employees").format(period=meta.period)
    chart_title = _("{name}: shift-share of employment {period}").format(
        name=meta.region_name, period=meta.period)
    rows, note = largest_clusters(shown, meta)
    fig = draw(plotting.shift_share_chart, rows, value_labels=True, title=chart_title,
               language=meta.language)
    return Section(title, [text, table(shown, SHIFT_COLUMNS, meta, caption=caption), fig]
                   + ([note] if note else []))


def portfolio_section(profile, meta, size_norm=None) -> Section:
    """LQ at start and end with its change, and the portfolio chart (LQ against its change)."""
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    shown = drop_empty_other(profile)
    chart_title = _("{name}: cluster portfolio {period}").format(name=meta.region_name,
                                                                 period=meta.period)
    blocks = [table(shown, ["label", "lq_start", "lq", "lq_change"], meta)]
    clusters = profile[~profile["cluster"].isin(["other", "total"])]
    if clusters[["lq_start", "lq"]].dropna().empty:
        blocks.append(paragraph(_("Location quotient (LQ): employment share of a cluster in "
                                  "{name} divided by its share in {reference}; above 1 the "
                                  "cluster is more important locally. No cluster has an LQ "
                                  "in both {start} and {end}, so there is no portfolio "
                                  "chart."), css="ca-note", name=meta.region_name,
                                reference=meta.reference_name, start=meta.start,
                                end=meta.end))
        return Section(_("Specialisation: location quotients and portfolio"), blocks)
    rows, note = largest_clusters(profile, meta)
    fig = draw(plotting.portfolio_chart, rows, size_norm=size_norm, title=chart_title,
               language=meta.language)
    return Section(_("Specialisation: location quotients and portfolio"), blocks + [
        paragraph(_("Location quotient (LQ): employment share of a cluster in {name} divided "
                    "by its share in {reference}; above 1 the cluster is more important "
                    "locally. Bubble area: employees in {end}."), css="ca-note",
                  name=meta.region_name, reference=meta.reference_name, end=meta.end),
        fig] + ([note] if note else []))


def lq_intervals_section(lq_ci, meta, level: float = 0.95) -> Section:
    """Location quotients of the end year with confidence intervals (Moineddin et al.)."""
    _, f = gettext_for(meta.language), Formatter(meta.language)
    title = _("Location quotients with confidence intervals")
    if lq_ci is not None and lq_ci.attrs.get("reference_shares"):
        return omitted(title, _("The reference is known only as shares of employment (from "
                                "the location quotients the statistical office publishes), "
                                "not as counts, so there are no confidence intervals."))
    rows = drop_empty_other(lq_ci, "employment") if lq_ci is not None else None
    if rows is None or rows.empty:
        return omitted(title, _("The data have no employees for the clusters in {end}, so "
                                "there are no intervals."), end=meta.end)
    lvl = f.share(level, 0)
    return Section(title, [
        paragraph(_("An LQ computed from employee counts is an estimate. The interval treats "
                    "the employees as a random sample (Moineddin et al. 2003, log scale): the "
                    "LQ lies in it with {level} confidence. **Above 1** means the whole "
                    "interval lies above 1, so the specialisation is not a chance result. The "
                    "interval covers random variation only, not errors in the data or in the "
                    "cluster definition."), level=lvl),
        table(rows, CI_COLUMNS, meta, caption=_(
            "Employment location quotients {end} with {level} confidence intervals").format(
                end=meta.end, level=lvl))])


def classification_section(classes, meta, n_ranked: int, min_regions: int = MIN_REGIONS,
                           has_establishments: bool = True) -> Section:
    """Portfolio quadrant, strong cluster (U.S. Cluster Mapping) and stars (ECO) per cluster."""
    _ = gettext_for(meta.language)
    title = _("Cluster classification")
    if classes is None or classes.empty:
        return omitted(title, _("No cluster has the values the classification needs."))
    blocks = [paragraph(_(
        "**Quadrant** (as in the portfolio chart): *Star*: LQ above 1 and rising {period}; "
        "*Mature*: LQ above 1, not rising; *Emerging*: LQ of 1 or below, rising; "
        "*Transforming*: LQ of 1 or below, not rising. **Strong cluster** (U.S. Cluster "
        "Mapping Project): LQ of at least 1 and in the top quarter of the {n} regions "
        "compared, with employees and establishments above the bottom quarter. **Stars** "
        "(European Cluster Observatory, 0–3): one each for size, specialisation (LQ of at "
        "least 2) and focus. Rankings need at least {m} regions with data."),
        period=meta.period, n=n_ranked, m=min_regions)]
    if not has_establishments:
        blocks.append(paragraph(_("The data have no establishments: strong clusters are "
                                  "judged by LQ and employees only."), css="ca-note"))
    blocks.append(table(classes, CLASS_COLUMNS, meta, caption=_(
        "Classification of the clusters {period} ({n} regions compared)").format(
            period=meta.period, n=n_ranked)))
    return Section(title, blocks)


def index_section(index_table, meta) -> Section:
    """Employment index of each cluster and of the total economy (start year = 100).

    *index_table* is :func:`clusteranalysis.growth_index` of the region's clusters by
    year with their labels (see :func:`clusteranalysis.report.cluster_report_data`).
    """
    from clusteranalysis import plotting

    _ = gettext_for(meta.language)
    title = _("Employment over time")
    years = index_table["year"].nunique() if index_table is not None else 0
    if years < 2:
        return omitted(title, _("The data have fewer than two years for this region."))
    chart_title = _("{name}: employment index {period} ({start} = 100)").format(
        name=meta.region_name, period=meta.period, start=meta.start)
    drawn = index_table["cluster"].isin(index_table.dropna(subset=["index"])["cluster"])
    rows, note = largest_clusters(index_table[drawn.to_numpy(bool)], meta,
                                  value="employment", year=meta.end)
    blocks = [draw(plotting.index_chart, rows, base_year=meta.start, title=chart_title,
                   language=meta.language)] + ([note] if note else [])
    if not drawn.all():
        blocks.append(paragraph(_("Clusters without an index (employment withheld or missing "
                                  "in a year) are not drawn."), css="ca-note"))
    return Section(title, blocks)


def findings_section(profile, meta) -> Section:
    """The findings in short sentences (numbers from the profile)."""
    from .findings import findings

    _ = gettext_for(meta.language)
    sentences = findings(profile, language=meta.language)
    if not sentences:
        return omitted(_("Findings"), _("The profile has too few values for findings."))
    return Section(_("Findings"), [bullets([esc(s) for s in sentences])])
