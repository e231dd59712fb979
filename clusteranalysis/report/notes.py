"""Notes on the data in plain words, and the appendix with the code-level detail.

The notes are derived from the data and the definition (which codes the data
give only at a coarser level, which clusters have no industry in the data,
which values are confidential or estimated), not from the computation's
warnings, so they can be written in the report's language.
"""

from __future__ import annotations

import re

import pandas as pd

from clusteranalysis.i18n import N_, gettext_for, ngettext_for

from ._html import bullets, inline, paragraph, table_html
from .section import Section, omitted

_CODE_IN = re.compile(r"\(([^()]+)\)")  # the codes in "automotive (22.11), media (32.2)"
_FLAG_TEXT = {
    "suppressed": N_("Confidential or not published, shown as “n/a” (never as 0): {labels}."),
    "estimated": N_("Contain values estimated by the statistical office: {labels}."),
}


def coarse_codes(definition, panel) -> pd.DataFrame:
    """Industry codes of the data that are coarser than the definition (``industry``, ``partial``).

    Aggregates whose cluster parts are all in the data too (GENESIS ``B-F`` beside
    ``B-E`` and ``F``) are left out: they are dropped, not counted in "other".
    """
    codes = pd.unique(panel["industry"].astype("string"))
    present = set(codes.tolist())
    unmatched = definition.unmatched(codes)
    coarse = unmatched[unmatched["partial"].notna()]
    parts = coarse["partial"].map(lambda text: {c.strip() for group in _CODE_IN.findall(str(text))
                                                for c in group.split(",")})
    covered = parts.map(lambda p: bool(p) and p <= present)
    return coarse[~covered.to_numpy(bool)].reset_index(drop=True)


def missing_clusters(definition, profile, language: str = "en") -> list[str]:
    """Labels (in *language*) of the definition's clusters that have no row in the profile."""
    present = set(profile["cluster"]) if profile is not None else set()
    return [c.label_in(language) for c in definition.clusters if c.id not in present]


def _flagged(profile, flag) -> list[str]:
    cols = [c for c in profile.columns if c.endswith("_flag")]
    if not cols:
        return []
    hit = (profile[cols].astype("string") == flag).any(axis=1).to_numpy(bool)
    return profile.loc[hit, "label"].astype(str).tolist()


def data_notes(data) -> Section:
    """Notes on the data for readers: coarse codes, absent clusters, confidential values."""
    language = data.meta.language
    _, ngettext = gettext_for(language), ngettext_for(language)
    title = _("Notes on the data")
    profile = data.profile if data.profile is not None else data.profiles
    items = []
    coarse = coarse_codes(data.definition, data.panel)
    if len(coarse):
        n = len(coarse)
        items.append(inline(ngettext(
            "{n} industry that the data only give at a coarser level is counted in "
            "“{other}”, although part of it belongs to a cluster: {codes}.",
            "{n} industries that the data only give at a coarser level are counted in "
            "“{other}”, although part of each belongs to a cluster: {codes}.", n),
            n=n, other=_("Other"), codes=", ".join(coarse["industry"].astype(str))))
    absent = missing_clusters(data.definition, profile, language)
    if absent:
        items.append(inline(_("Clusters without any industry in the data are left out: "
                              "{labels}."), labels=", ".join(absent)))
    if profile is not None:
        if ((profile["cluster"] == "other") & (profile["employment_end"] == 0)).any():
            items.append(inline(_("Every industry in the data belongs to a cluster, so there "
                                  "is no remainder “{other}”."), other=_("Other")))
        for flag, text in _FLAG_TEXT.items():
            labels = list(dict.fromkeys(_flagged(profile, flag)))
            if labels:
                items.append(inline(_(text), labels=", ".join(labels)))
    if getattr(data, "data_format", "tidy") == "qcew" and data.meta.region:
        items += suppression_note(data.panel, data.meta)
    if getattr(data, "partial_reference", None):
        items.append(inline(_("The US shares come from the location quotients BLS publishes "
                              "for the industries of the counties in the data. For {labels}, "
                              "some industries of the cluster have no such LQ, so the US "
                              "share is too small and the cluster's LQ may be too high (an "
                              "upper bound)."), labels=", ".join(data.partial_reference)))
    if not items:
        return omitted(title, _("The data need no notes: every value is published and every "
                                "industry code fits the cluster definition."))
    return Section(title, [bullets(items)])


def suppression_note(panel, meta) -> list[str]:
    """How much of a region's end-year employment BLS withholds (QCEW), in plain words."""
    from clusteranalysis.i18n import Formatter

    _, ngettext, f = gettext_for(meta.language), ngettext_for(meta.language), \
        Formatter(meta.language)
    rows = panel[(panel["region"] == meta.region) & (panel["year"] == meta.end)]
    total = rows.loc[rows["industry"] == "TOTAL", "employment"]
    ind = rows[rows["industry"] != "TOTAL"]
    withheld = ind["employment"].isna().to_numpy(bool)
    if not len(ind) or not withheld.any():
        return []
    k, n = int(withheld.sum()), len(ind)
    est = ind.loc[withheld, "establishments"] if "establishments" in ind else None
    items = [inline(ngettext(
        "BLS withholds (suppresses) employment figures that could identify an employer. In "
        "{end}, {k} of the {n} private industries (6-digit NAICS) with establishments in "
        "{name} are withheld ({est} establishments).",
        "BLS withholds (suppresses) employment figures that could identify an employer. In "
        "{end}, {k} of the {n} private industries (6-digit NAICS) with establishments in "
        "{name} are withheld ({est} establishments).", n), end=meta.end, k=k, n=n,
        name=meta.region_name,
        est=f.integer(est.sum(min_count=1)) if est is not None else f.missing)]
    if len(total) and total.notna().all():
        shown = ind["employment"].sum()
        items.append(inline(_(
            "The published industries have {shown} employees, {share} of the {total} "
            "employees of all industries and ownerships; the rest work in withheld "
            "industries or in the public sector. A cluster with a withheld industry shows "
            "“n/a”: its employment is not known, and it is never counted as 0."),
            shown=f.integer(shown), share=f.share(shown / total.iloc[0]),
            total=f.integer(total.iloc[0])))
    return items


def appendix(data) -> Section:
    """Code-level detail: the industry codes of every cluster and the coarse codes of the data."""
    meta = data.meta
    _ = gettext_for(meta.language)
    d = data.definition
    blocks = [paragraph(_("Industry codes ({classification}) of each cluster of the "
                          "definition “{name}”:"), classification=d.classification,
                        name=d.name)]
    rows = [[c.label_in(meta.language), ", ".join(c.codes)] for c in d.clusters]
    blocks.append(table_html([_("Cluster"), _("Industry codes")], rows))
    coarse = coarse_codes(d, data.panel)
    if len(coarse):
        blocks.append(paragraph(_("Codes in the data that are coarser than the definition "
                                  "(counted in “{other}”) and the cluster codes they "
                                  "contain:"), other=_("Other")))
        labels = d.labels_in(meta.language)
        contained = [", ".join(f"{labels.get(p.split(' (')[0], p.split(' (')[0])} "
                               f"({p.split(' (', 1)[1]}" if " (" in p else p
                               for p in _split_partial(text)) for text in coarse["partial"]]
        blocks.append(table_html([_("Code in the data"), _("Contains")],
                                 [[code, c] for code, c in zip(coarse["industry"], contained)]))
    years = data.panel["year"]
    blocks.append(paragraph(_("Data files: {files} ({regions} regions, years {first}–{last})."),
                            files=", ".join(p.name for p in data.files),
                            regions=data.panel["region"].nunique(), first=int(years.min()),
                            last=int(years.max())))
    return Section(_("Appendix: definitions and codes"), blocks)


def _split_partial(text: str) -> list[str]:
    """``"automotive (22.11), media (32.2)"`` → ``["automotive (22.11)", "media (32.2)"]``."""
    parts, depth, cur = [], 0, ""
    for ch in str(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return parts + ([cur.strip()] if cur.strip() else [])
