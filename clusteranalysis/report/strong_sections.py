"""Sections of the US Cluster Mapping view: the region's strong clusters and the
clusters linked to them.

Both take the :class:`~clusteranalysis.report.us_view.StrongView` of
:func:`clusteranalysis.report.cluster_report_data` (``r.strong``) and return
``None`` — nothing is shown — for a definition without cluster linkages (the
view does not apply); otherwise a :class:`~clusteranalysis.report.section.Section`.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.i18n import N_, gettext_for, ngettext_for

from ._columns import table
from ._html import paragraph
from .section import Section, omitted
from .us_view import SMALL_COMPARISON

_KIND = {"traded": N_("traded"), "local": N_("local")}
_STRENGTH = {"very strong": N_("very strong"), "strong": N_("strong"), "lower": N_("weaker")}


def strong_section(view, meta) -> Section | None:
    """The region's strong clusters (U.S. Cluster Mapping Project rule), in plain words.

    Parameters
    ----------
    view : StrongView or None
        ``r.strong`` of :func:`clusteranalysis.report.cluster_report_data`.
    meta : ReportMeta

    Returns
    -------
    Section or None
        ``None`` when the view does not apply (no linkages in the definition).
    """
    if view is None:
        return None
    _, ngettext = gettext_for(meta.language), ngettext_for(meta.language)
    title = _("Strong clusters")
    n, m = view.n_regions, view.min_regions
    blocks = [paragraph(_(
        "A cluster is **strong** in the sense of the U.S. Cluster Mapping Project (Delgado, "
        "Porter and Stern) when its location quotient (LQ) of employment is at least 1 and "
        "in the top quarter of the regions compared (at or above their 75th percentile), "
        "and its employees and establishments are above the bottom quarter (25th "
        "percentile). The percentiles are taken over the regions of the data at the level "
        "of {name} that have employees in the cluster; the LQ is measured against "
        "{reference}, with all employees of the region as the total."),
        name=meta.region_name, reference=meta.reference_name)]
    if n < SMALL_COMPARISON:
        blocks.append(paragraph(ngettext(
            "The data contain only {n} region at this level, so the comparison set is "
            "small: a ranking needs at least {m} regions with data, and percentiles mean "
            "little with fewer than {small}. For a sound verdict use the county files of a "
            "whole state or of the nation.",
            "The data contain only {n} regions at this level, so the comparison set is "
            "small: a ranking needs at least {m} regions with data, and percentiles mean "
            "little with fewer than {small}. For a sound verdict use the county files of a "
            "whole state or of the nation.", n), css="ca-note", n=n, m=m,
            small=SMALL_COMPARISON))
    cl = view.classes
    judged = int(cl["strong_cluster"].notna().sum()) if len(cl) else 0
    if len(view.strong):
        rows = _with_kind(view.strong, meta.language)
        blocks.append(table(rows, ["label", "kind_text", "employment_end", "lq"], meta,
                            caption=_("Strong clusters of {name} {end}").format(
                                name=meta.region_name, end=meta.end)))
    elif judged:
        blocks.append(paragraph(ngettext(
            "None of the {k} cluster that could be judged is strong.",
            "None of the {k} clusters that could be judged is strong.", judged), k=judged))
    else:
        no_lq = int(cl["lq"].isna().sum()) if len(cl) else 0
        reasons = [_("No cluster could be judged in {end}.").format(end=meta.end)]
        if no_lq:
            reasons.append(ngettext(
                "{k} of the {total} clusters has no LQ because the statistical office "
                "withholds (suppresses) part of its employment.",
                "{k} of the {total} clusters have no LQ because the statistical office "
                "withholds (suppresses) part of their employment.", no_lq).format(
                    k=no_lq, total=len(cl)))
        if not len(cl) or int(cl["n_compared"].max()) < m:
            reasons.append(_("No cluster has employees in at least {m} regions of the "
                             "data.").format(m=m))
        blocks.append(paragraph(" ".join(r.replace("{", "{{").replace("}", "}}")
                                         for r in reasons)))
    if judged:
        blocks.append(paragraph(ngettext(
            "{k} of {total} cluster could be judged; the others have withheld values or "
            "too few regions with data (shown as n/a, never as not strong).",
            "{k} of {total} clusters could be judged; the others have withheld values or "
            "too few regions with data (shown as n/a, never as not strong).", len(cl)),
            css="ca-note", k=judged, total=len(cl)))
    return Section(title, blocks)


def related_section(view, meta) -> Section | None:
    """Clusters linked to the region's strong clusters (U.S. Cluster Mapping linkages).

    Without strong clusters (none judged) the section starts from the clusters
    with an LQ of at least 1 and says so.

    Returns
    -------
    Section or None
        ``None`` when the view does not apply (no linkages in the definition).
    """
    if view is None:
        return None
    _ = gettext_for(meta.language)
    title = _("Related clusters")
    if view.basis == "none":
        return omitted(title, _("{name} has no strong cluster and no cluster with an LQ of "
                                "at least 1 in {end}, so there are no related clusters to "
                                "show."), name=meta.region_name, end=meta.end)
    intro = _(
        "Related clusters are linked to a cluster through shared industries, skills, "
        "technologies or inputs (U.S. Cluster Mapping Project linkages, Delgado, Porter and "
        "Stern 2016; a reading of the project's published figure in three classes: very "
        "strong, strong and weaker). They show where a region can build on what it already "
        "has.")
    blocks = [paragraph(intro)]
    labels = ", ".join(dict.fromkeys(view.related["label"].astype(str)))
    if view.basis == "strong":
        blocks.append(paragraph(_("Clusters linked to the strong clusters of {name}: "
                                  "{labels}."), name=meta.region_name, labels=labels))
    else:
        blocks.append(paragraph(_(
            "No cluster of {name} has a strong-cluster verdict (see above), so this section "
            "starts from the clusters with an LQ of at least 1 against {reference}: "
            "{labels}."), css="ca-note", name=meta.region_name,
            reference=meta.reference_name, labels=labels))
    rows = view.related.assign(strength_text=[
        _(_STRENGTH.get(str(s), str(s))) for s in view.related["strength"]])
    blocks.append(table(rows, ["label", "linked_label", "strength_text", "linked_lq"], meta,
                        caption=_("Linked clusters and the LQ of {name} in them, "
                                  "{end}").format(name=meta.region_name, end=meta.end),
                        bold_total=False))
    return Section(title, blocks)


def _with_kind(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    _ = gettext_for(language)
    kind = rows["kind"] if "kind" in rows else pd.Series(pd.NA, index=rows.index)
    return rows.assign(kind_text=[_(_KIND[k]) if k in _KIND else pd.NA for k in kind])
