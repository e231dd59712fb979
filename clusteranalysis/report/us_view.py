"""Tables of the US Cluster Mapping view of a report: strong clusters and linked clusters.

Computed for definitions that have cluster linkages (the built-in
``us_benchmark``); the sections in :mod:`.strong_sections` only format them.
The strong-cluster rule is :func:`clusteranalysis.classify_clusters`
(``method="strong"``) as published, with the percentiles taken over the
regions of the report's level; the LQ is measured against the report's
reference or, for BLS QCEW county files without a national file, against the
US shares implied by the location quotients BLS publishes
(:func:`clusteranalysis.inputs.us.reference_from_bls_lqs`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from clusteranalysis.i18n import N_

#: With fewer regions than this, the report calls the comparison set small.
SMALL_COMPARISON = 20
#: How the report names the US reference derived from BLS's LQs (catalog key).
US_REFERENCE = N_("the United States (shares implied by the location quotients that BLS "
                  "publishes in the county files)")


@dataclass
class StrongView:
    """What the strong-cluster and related-cluster sections show.

    Attributes
    ----------
    classes : pandas.DataFrame
        The region's clusters: ``cluster``, ``label``, ``kind``,
        ``employment_end``, ``lq``, ``strong_cluster`` (missing where no
        verdict), ``n_compared`` (regions with employees in the cluster).
    strong : pandas.DataFrame
        :func:`clusteranalysis.strong_clusters` of the region (may be empty).
    related : pandas.DataFrame
        :func:`clusteranalysis.related_clusters` of the ``basis`` clusters,
        with ``linked_lq`` (the region's LQ of the linked cluster).
    basis : str
        ``"strong"`` (related clusters of the strong clusters), ``"specialised"``
        (no strong cluster could be judged: of the clusters with LQ ≥ 1) or
        ``"none"``.
    n_regions : int
        Regions compared (the region's level, without a reference region).
    min_regions : int
        Regions with data a cluster needs for a verdict.
    bls_reference : bool
        The LQs are against US shares derived from BLS's published LQs.
    """

    classes: pd.DataFrame
    strong: pd.DataFrame
    related: pd.DataFrame
    basis: str
    n_regions: int
    min_regions: int
    bls_reference: bool = False


def has_linkages(definition) -> bool:
    """Whether the definition has built-in linkages (the US benchmark)."""
    from clusteranalysis.inputs.linkages import BUILTIN

    return getattr(definition, "name", None) in BUILTIN


def bls_reference(panel, reference):
    """US industry shares implied by BLS's published LQs, or ``None`` where they do not apply.

    They apply to QCEW data (a ``lq_employment`` column with values) when the
    report names no reference region.
    """
    if reference is not None or "lq_employment" not in panel.columns \
            or not panel["lq_employment"].notna().any():
        return None
    from clusteranalysis.inputs.us import reference_from_bls_lqs

    return reference_from_bls_lqs(panel)


def partial_reference(cluster_ref, definition, profile) -> list[str]:
    """Labels of the profile's clusters with an LQ whose US share misses some industries.

    *cluster_ref* is :func:`clusteranalysis.metrics.strong.cluster_reference` (with
    ``industries``): a cluster with fewer industries there than in the definition has
    a reference share that is a lower bound, so its LQ may be too high.
    """
    found = cluster_ref.drop_duplicates("cluster", keep="last").set_index("cluster")[
        "industries"]
    size = definition.to_frame().groupby("cluster")["code"].nunique()
    known = profile[profile["lq"].notna().to_numpy(bool)
                    & ~profile["cluster"].isin(["other", "total"]).to_numpy(bool)]
    short = found.reindex(known["cluster"]).to_numpy() < size.reindex(known["cluster"]).to_numpy()
    return known.loc[short, "label"].astype(str).tolist()


def strong_view(clusters, definition, *, region, end, peers, reference, cluster_reference,
                min_regions, language="en", bls=False) -> StrongView | None:
    """Strong clusters of *region* in *end* and the clusters linked to them.

    Parameters
    ----------
    clusters : pandas.DataFrame
        :func:`clusteranalysis.aggregate_clusters` of the regions (with totals).
    definition : ClusterDefinition
    region : str
    end : int
    peers : set of str
        Regions compared (same level as *region*).
    reference : None or str
        The report's reference region (``None``: all regions in the data).
    cluster_reference : None, str or pandas.DataFrame
        What the LQs are measured against (:func:`clusteranalysis.classify_clusters`).
    min_regions : int
        Passed to :func:`clusteranalysis.classify_clusters`.
    language : str
        Language of the cluster labels.
    bls : bool
        *cluster_reference* comes from BLS's published LQs.

    Returns
    -------
    StrongView or None
        ``None`` when the definition has no linkages (not a US benchmark report).
    """
    import clusteranalysis as ca

    if not has_linkages(definition):
        return None
    ref = cluster_reference
    regions = set(peers) - ({reference} if isinstance(reference, str) else set())
    keep = clusters["region"].isin(regions | ({reference} if isinstance(reference, str)
                                             else set()))
    table = clusters[(clusters["year"] == end) & keep.to_numpy(bool)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # LQ against total employment (as BLS's LQs): a traded-economy denominator is not
        # known when industries are withheld
        classified = ca.classify_clusters(table, end=end, reference=ref, method="strong",
                                          min_regions=min_regions)
    mine = classified[classified["region"] == region].copy()
    names = {c.id: c.label_in(language) for c in definition.clusters}
    kinds = {c.id: c.kind for c in definition.clusters}
    has_emp = classified[classified["employment_end"].fillna(0) > 0]
    counts = has_emp.groupby("cluster")["region"].nunique()
    mine["label"] = mine["cluster"].map(names).fillna(mine["cluster"]).astype("string")
    mine["kind"] = mine["cluster"].map(kinds).astype("string")
    mine["n_compared"] = mine["cluster"].map(counts).fillna(0).astype("int64")
    cols = ["cluster", "label", "kind", "employment_end", "lq", "strong_cluster",
            "n_compared"]
    mine = mine[[c for c in cols if c in mine.columns]].reset_index(drop=True)
    strong = ca.strong_clusters(classified, region, definition=definition)
    strong["label"] = strong["cluster"].map(names).astype("string")
    if len(strong):
        basis, given = "strong", list(strong["cluster"])
    else:
        spec = mine[(mine["lq"] >= 1).fillna(False).to_numpy(bool)]
        spec = spec.sort_values(["lq", "cluster"], ascending=[False, True])
        basis, given = ("specialised", list(spec["cluster"])) if len(spec) else ("none", [])
    related = ca.related_clusters(given, linkages=definition.name, strong=strong["cluster"],
                                  definition=definition)
    related["label"] = related["cluster"].map(names).astype("string")
    related["linked_label"] = related["linked_cluster"].map(names).astype("string")
    related["linked_lq"] = related["linked_cluster"].map(
        mine.set_index("cluster")["lq"]).astype("Float64")
    return StrongView(mine, strong, related, basis, len(regions), min_regions, bls)

