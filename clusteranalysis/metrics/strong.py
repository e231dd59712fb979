"""A region's strong clusters and the clusters linked to them (US Cluster
Mapping view), from the output of :func:`classify_clusters`."""

from __future__ import annotations

import pandas as pd

from clusteranalysis.errors import DataError, Problem
from clusteranalysis.inputs.definitions import ClusterDefinition, load_definition
from clusteranalysis.inputs.linkages import STRENGTHS, load_linkages


def strong_clusters(classified: pd.DataFrame, of: str, *, top10: bool = False,
                    definition: ClusterDefinition | str | None = None,
                    value: str = "employment", region: str = "region",
                    cluster: str = "cluster") -> pd.DataFrame:
    """The strong clusters of one region, highest LQ first.

    Parameters
    ----------
    classified : pandas.DataFrame
        Output of :func:`classify_clusters` with ``method`` including
        ``"strong"``.
    of : str
        The region's code.
    top10 : bool
        Use the stricter top-10 % rule (``strong_cluster_top10``).
    definition : ClusterDefinition or str, optional
        Adds ``kind`` (traded/local) and, when the table has none, ``label``.
    value, region, cluster : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``cluster``, ``label``, ``kind`` (with a definition),
        ``{value}_end``, ``lq`` and ``strong_lq`` of each strong cluster;
        empty (with these columns) when the region has none. Clusters whose
        flag is missing (too few regions, suppressed data) are not listed.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["A", "A", "B"], "cluster": ["x", "y", "x"],
    ...                   "label": ["X", "Y", "X"], "employment_end": [50.0, 20.0, 10.0],
    ...                   "lq": [1.5, 2.5, 0.5], "strong_lq": [1.5, 2.5, 0.5],
    ...                   "strong_cluster": pd.array([True, True, False], dtype="boolean")})
    >>> strong_clusters(t, "A")[["cluster", "strong_lq"]]
      cluster  strong_lq
    0       y        2.5
    1       x        1.5
    """
    flag = "strong_cluster_top10" if top10 else "strong_cluster"
    need = [c for c in (region, cluster, flag, "strong_lq") if c not in classified.columns]
    if need:
        raise DataError([Problem("not a strong-cluster classification (run classify_clusters "
                                 f"with method='strong'): missing {', '.join(need)}")])
    rows = classified[(classified[region] == of).fillna(False).to_numpy(bool)]
    rows = rows[rows[flag].fillna(False).to_numpy(bool)]
    d = load_definition(definition) if definition is not None else None
    out = pd.DataFrame({cluster: rows[cluster].astype("string")})
    if "label" in rows.columns:
        out["label"] = rows["label"].astype("string")
    elif d is not None:
        out["label"] = out[cluster].map(d.labels).astype("string")
    if d is not None:
        out["kind"] = out[cluster].map({c.id: c.kind for c in d.clusters}).astype("string")
    for col in (f"{value}_end", "lq", "strong_lq"):
        if col in rows.columns:
            out[col] = rows[col].to_numpy()
    return out.sort_values(["strong_lq", cluster], ascending=[False, True]).reset_index(drop=True)


def related_clusters(clusters, *, linkages: str | pd.DataFrame = "us_benchmark",
                     strong=None, min_strength: str = "lower",
                     definition: ClusterDefinition | str | None = "us_benchmark",
                     exclude_given: bool = False) -> pd.DataFrame:
    """Clusters linked to the given ones (for example a region's strong clusters).

    Parameters
    ----------
    clusters : iterable of str
        Cluster ids (e.g. ``strong_clusters(...)["cluster"]``).
    linkages : str or pandas.DataFrame
        A built-in linkage table (``"us_benchmark"``, read symmetrically:
        a link counts in both directions) or a table with ``cluster``,
        ``linked_cluster`` and ``strength``.
    strong : iterable of str, optional
        The region's strong clusters: adds ``linked_is_strong``.
    min_strength : {"lower", "strong", "very strong"}
        Weakest linkage class to keep.
    definition : ClusterDefinition or str or None
        Adds ``label`` and ``linked_label``.
    exclude_given : bool
        Leave out linked clusters that are among ``clusters`` themselves.

    Returns
    -------
    pandas.DataFrame
        ``cluster``, ``linked_cluster``, ``strength`` (strongest first within
        each given cluster, in the order given), labels and
        ``linked_is_strong`` when asked for.

    Examples
    --------
    >>> r = related_clusters(["automotive"], min_strength="very strong")
    >>> r["linked_cluster"].tolist()
    ['metalworking_technology', 'production_technology_and_heavy_machinery']
    """
    if min_strength not in STRENGTHS:
        raise ValueError(f"min_strength must be one of {STRENGTHS}, not {min_strength!r}")
    given = list(dict.fromkeys(map(str, clusters)))
    links = (load_linkages(linkages, symmetric=True) if isinstance(linkages, str)
             else linkages.copy())
    links["strength"] = pd.Categorical(links["strength"], categories=STRENGTHS, ordered=True)
    keep = links["cluster"].isin(given) & (links["strength"] >= min_strength)
    if exclude_given:
        keep &= ~links["linked_cluster"].isin(given)
    out = links[keep.to_numpy(bool)].copy()
    out["_order"] = out["cluster"].map({c: k for k, c in enumerate(given)})
    out = out.sort_values(["_order", "strength", "linked_cluster"],
                          ascending=[True, False, True]).drop(columns="_order")
    if definition is not None:
        labels = load_definition(definition).labels
        out.insert(1, "label", out["cluster"].map(labels).astype("string"))
        out["linked_label"] = out["linked_cluster"].map(labels).astype("string")
    if strong is not None:
        out["linked_is_strong"] = out["linked_cluster"].isin(set(map(str, strong)))
    return out.reset_index(drop=True)


def cluster_reference(industry_reference: pd.DataFrame,
                      definition: ClusterDefinition | str = "us_benchmark", *,
                      value: str = "employment", year: str = "year",
                      industry: str = "industry", total_code: str = "TOTAL") -> pd.DataFrame:
    """Sum an industry reference table (e.g. US shares implied by BLS LQs) over clusters.

    Parameters
    ----------
    industry_reference : pandas.DataFrame
        ``year``, ``industry``, ``value`` with a ``total_code`` row, such as
        :func:`clusteranalysis.inputs.us.reference_from_bls_lqs`.
    definition : ClusterDefinition or str
    value, year, industry, total_code : str

    Returns
    -------
    pandas.DataFrame
        ``year``, ``cluster``, ``value`` (including ``other`` and ``total``)
        and ``industries``: the number of the cluster's industries the
        reference has a value for — the reference for
        :func:`classify_clusters` (``reference=``).

    Examples
    --------
    >>> ref = pd.DataFrame({"year": 2020, "industry": ["336111", "336112", "TOTAL"],
    ...                     "employment": [0.001, 0.002, 1.0]})
    >>> cluster_reference(ref).query("cluster == 'automotive'")[["cluster", "employment",
    ...                                                          "industries"]]
          cluster  employment  industries
    0  automotive       0.003           2
    """
    import warnings

    from .aggregate import aggregate_clusters

    d = load_definition(definition)
    panel = industry_reference[[year, industry, value]].assign(region="reference")
    with warnings.catch_warnings():  # unmatched industries are counted in "other"
        warnings.simplefilter("ignore", UserWarning)
        agg = aggregate_clusters(panel, d, measures=[value], year=year, industry=industry,
                                 total_code=total_code)
    have = d.match(industry_reference[industry])["cluster"].value_counts()
    out = agg[[year, "cluster", value]].reset_index(drop=True)
    out["industries"] = out["cluster"].map(have).fillna(0).astype("int64")
    return out
