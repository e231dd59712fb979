"""Classification of regional clusters: portfolio quadrants, US Cluster
Mapping "strong clusters" and European Cluster Observatory stars."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.inputs.definitions import ClusterDefinition, load_definition
from clusteranalysis.errors import DataError, Problem

METHODS = ("portfolio", "strong", "stars")
QUADRANTS = ("Star", "Mature", "Emerging", "Transforming")


def classify_clusters(
    cluster_table: pd.DataFrame,
    *,
    start: int | None = None,
    end: int,
    reference=None,
    lq: str | None = None,
    method=METHODS,
    value: str = "employment",
    establishments: str | None = "establishments",
    cluster: str = "cluster",
    region: str = "region",
    year: str = "year",
    total_code: str = "total",
    exclude=("other",),
    trend: str = "lq",
    lq_threshold: float = 1.0,
    trend_threshold: float = 0.0,
    definition: ClusterDefinition | str | None = None,
    strong_quantile: float = 0.75,
    strong_top_quantile: float = 0.9,
    strong_min_lq: float = 1.0,
    strong_size_quantile: float = 0.25,
    star_size_quantile: float = 0.9,
    star_lq: float = 2.0,
    star_focus_quantile: float = 0.9,
    min_regions: int = 4,
) -> pd.DataFrame:
    """Classify every region's clusters by three published rules.

    Parameters
    ----------
    cluster_table : pandas.DataFrame
        Output of :func:`aggregate_clusters`: one row per region × year ×
        cluster with the region-total rows (``cluster == total_code``).
        Rows in ``exclude`` (``"other"``) and the total rows are not clusters.
    start, end : int
        Years of the portfolio's trend; the other rules use ``end`` only.
        ``start`` may be left out (single year: strong clusters and stars;
        the start-year and change columns are then missing).
    reference : None, str or pandas.DataFrame
        What LQs and growth are measured against: ``None`` — the sum of all
        regions in the table; a region code (e.g. the nation, ``"00"``) —
        that region's rows (it is not classified itself); a DataFrame with
        ``year``, ``cluster`` and ``value`` (including the ``total_code``
        row) — given reference values; or a DataFrame with ``cluster`` and
        ``share`` (and optionally ``year``) — the reference's share
        :math:`E_c/E` of each cluster, so that no reference total is needed
        (reference growth is then missing).
    lq : str, optional
        A column of ``cluster_table`` holding precomputed LQs (for example
        LQs published with the data, such as BLS QCEW's ``lq_*``): used as
        the end-year LQ instead of computing one, so the table needs no
        region-total rows and no reference.
    method : str or tuple of str
        Any of ``"portfolio"``, ``"strong"``, ``"stars"``.
    value : str
        Measure (employment).
    establishments : str or None
        Establishment counts for the strong-cluster rule; ``None`` (or a
        table without the column) drops that condition.
    cluster, region, year : str
        Key columns.
    total_code : str
        Cluster code of the region totals.
    exclude : tuple of str
        Further codes that are not clusters.
    trend : {"lq", "growth"}
        Portfolio "rising": the LQ rose between ``start`` and ``end`` by more
        than ``trend_threshold`` (``"lq"``), or the cluster grew faster than
        in the reference by more than ``trend_threshold`` percentage points
        (``"growth"``, REAT's ``portfolio`` axes).
    lq_threshold : float
        Portfolio: LQ above which a cluster is specialised.
    trend_threshold : float
        See ``trend``.
    definition : ClusterDefinition or str, optional
        When given, clusters of kind ``"traded"`` (``"local"``) get their
        strong-cluster LQ against the region's employment in all clusters of
        that kind (as in the US Cluster Mapping, whose traded clusters cover
        the traded economy); clusters without a kind use the total economy.
        When the employment of any cluster of that kind is missing (withheld)
        in a region or the reference, that kind's total is unknown and the
        strong-cluster LQs of its clusters there are NA (not taken from a
        partial sum).
    strong_quantile, strong_top_quantile : float
        Strong cluster: LQ at least this quantile of the cluster's LQs over
        all regions (top quartile; top-10 % variant).
    strong_min_lq : float
        Strong cluster: minimum LQ.
    strong_size_quantile : float
        Strong cluster: employment (and establishments) above this quantile
        of the cluster's regions (above the bottom quartile).
    star_size_quantile, star_focus_quantile : float
        ECO stars: employment, and the cluster's share of the region's
        employment, at least this quantile over the regions (top 10 %).
    star_lq : float
        ECO specialisation star: LQ at least this (2).
    min_regions : int
        Rules that rank regions need at least this many regions with data
        for the cluster; otherwise their flags are missing.

    Returns
    -------
    pandas.DataFrame
        One row per region × cluster (reference region excluded):
        ``region``, ``cluster``, ``label`` (when the table has it),
        ``start_year``, ``end_year``, ``{value}_start``, ``{value}_end``,
        ``{value}_share`` (end year share of the region total), ``lq_start``,
        ``lq`` (end year), ``lq_change``, ``{value}_growth_pct``,
        ``reference_growth_pct`` and, per method:

        * portfolio — ``quadrant``: ``"Star"`` (LQ > threshold, rising),
          ``"Mature"`` (LQ > threshold, not rising), ``"Emerging"`` (LQ ≤
          threshold, rising), ``"Transforming"`` (LQ ≤ threshold, not
          rising); missing when an input is missing;
        * strong — ``strong_lq`` (the LQ the rule uses), ``strong_cluster``,
          ``strong_cluster_top10`` (nullable booleans, missing where the
          cluster's own values are missing or fewer than ``min_regions``
          regions have it);
        * stars — ``star_size``, ``star_specialisation``, ``star_focus``
          (nullable booleans) and ``stars`` (0–3, missing if a flag is).

    Notes
    -----
    LQ = (e_cr/e_r)/(E_c/E) with e_r the region's ``total_code`` row.
    Quantiles use linear interpolation (:meth:`pandas.Series.quantile`).

    *Strong cluster* (US Cluster Mapping Project, as published): LQ ≥ the
    75th percentile and ≥ 1, employment and establishments > their 25th
    percentiles, all percentiles taken per cluster over the regions *with
    employment in that cluster* (``strong_cluster_top10``: LQ ≥ the 90th
    percentile). A region without employment in the cluster is not strong
    in it and does not enter the percentiles (an earlier implementation let it,
    which lowered the thresholds and marked extra clusters strong).
    ``min_regions`` counts the regions with employment. ECO stars take
    their percentiles over all regions with a value. *Stars* (European Cluster Observatory): size — employment
    ≥ the 90th percentile; specialisation — LQ ≥ 2; focus — the cluster's
    share of regional employment ≥ the 90th percentile.

    References
    ----------
    Delgado, M., Porter, M. E. & Stern, S. (2016). Defining clusters of
    related industries. *Journal of Economic Geography* 16(1), 1–38;
    U.S. Cluster Mapping Project, "Strong clusters" methodology.
    Ketels, C. & Protsiv, S. (2014). *Methodology and Findings Report for a
    Cluster Mapping of Related Sectors*. European Cluster Observatory.
    Wieland, T. (2019). REAT: Regional Economic Analysis Toolbox,
    ``portfolio()``.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "region": ["A"] * 6 + ["N"] * 6,
    ...     "year": [2010, 2010, 2010, 2020, 2020, 2020] * 2,
    ...     "cluster": ["cars", "media", "total"] * 4,
    ...     "employment": [30.0, 10.0, 100.0, 45.0, 10.0, 120.0,
    ...                    300.0, 200.0, 2000.0, 310.0, 260.0, 2100.0]})
    >>> out = classify_clusters(t, start=2010, end=2020, reference="N",
    ...                         method="portfolio")
    >>> out[["cluster", "lq_start", "lq", "quadrant"]].round(2)
      cluster  lq_start    lq  quadrant
    0    cars       2.0  2.54      Star
    1   media       1.0  0.67  Transforming
    """
    methods = _methods(method)
    if trend not in ("lq", "growth"):
        raise ValueError(f"trend must be 'lq' or 'growth', not {trend!r}")
    single = start is None
    if single and "portfolio" in methods:
        raise ValueError("the portfolio needs a start year (start=...); strong clusters "
                         "and stars work on a single year")
    start = end if single else start
    t = _check(cluster_table, start, end, value, cluster, region, year, total_code,
               single=single, lq=lq)
    est = establishments if establishments and establishments in t.columns else None
    measures = [value] + ([est] if est else []) + ([lq] if lq else [])
    shares = (isinstance(reference, pd.DataFrame) and "share" in reference.columns
              and value not in reference.columns)
    regions, ref = _split(t, reference, measures, cluster, region, year, shares)
    not_cluster = {total_code, *exclude}

    def wide(frame, y, cols):
        f = frame[frame[year] == y]
        return f.set_index(["region_", "cluster_"])[cols]

    regions = regions.rename(columns={region: "region_", cluster: "cluster_"})
    ref = ref.rename(columns={cluster: "cluster_"})
    e0 = wide(regions, start, [value]).rename(columns={value: "e0"})
    e1 = wide(regions, end, measures).rename(columns={value: "e1"})
    out = e1.join(e0, how="outer").reset_index()
    tot = out[out["cluster_"] == total_code].set_index("region_")
    out = out[~out["cluster_"].isin(not_cluster)].reset_index(drop=True)
    out["tot0"] = tot["e0"].reindex(out["region_"]).to_numpy()
    out["tot1"] = tot["e1"].reindex(out["region_"]).to_numpy()
    col = "share" if shares else value
    r0, r1 = (ref[ref[year] == y] if year in ref.columns else ref for y in (start, end))
    r0, r1 = (r.set_index("cluster_")[col] for r in (r0, r1))
    for name, s in (("E0", r0), ("E1", r1)):
        out[name] = s.reindex(out["cluster_"]).to_numpy()
    # given shares are E_c / E with E = 1
    out["ET0"] = 1.0 if shares else r0.get(total_code, np.nan)
    out["ET1"] = 1.0 if shares else r1.get(total_code, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        share1 = out["e1"] / out["tot1"]
        lq0 = (out["e0"] / out["tot0"]) / (out["E0"] / out["ET0"])
        lq1 = share1 / (out["E1"] / out["ET1"]) if lq is None else out[lq]
        g = 100.0 * (out["e1"] / out["e0"].where(out["e0"] > 0) - 1.0)
        g_ref = 100.0 * (out["E1"] / out["E0"].where(out["E0"] > 0) - 1.0)
    if shares:
        g_ref = g_ref * np.nan  # shares say nothing about the reference's growth
    res = pd.DataFrame({region: out["region_"], cluster: out["cluster_"]})
    if "label" in t.columns:
        labels = t.drop_duplicates(cluster).set_index(cluster)["label"]
        res["label"] = labels.reindex(res[cluster]).to_numpy()
    res["start_year"] = int(start)
    res["end_year"] = int(end)
    res[f"{value}_start"] = out["e0"]
    res[f"{value}_end"] = out["e1"]
    res[f"{value}_share"] = share1
    res["lq_start"] = lq0
    res["lq"] = lq1
    res["lq_change"] = lq1 - lq0
    res[f"{value}_growth_pct"] = g
    res["reference_growth_pct"] = g_ref
    res = res.replace([np.inf, -np.inf], np.nan)
    if single:
        res["start_year"] = pd.array([pd.NA] * len(res), dtype="Int64")
        res[[f"{value}_start", "lq_start", "lq_change", f"{value}_growth_pct",
             "reference_growth_pct"]] = np.nan
    if "portfolio" in methods:
        res["quadrant"] = _quadrant(res, trend, lq_threshold, trend_threshold, value)
    if "strong" in methods:
        res["strong_lq"] = (res["lq"] if lq is not None
                            else _strong_lq(out, res, definition, total_code))
        _strong(res, out, est, cluster, strong_quantile, strong_top_quantile,
                strong_min_lq, strong_size_quantile, min_regions)
    if "stars" in methods:
        _stars(res, cluster, value, star_size_quantile, star_lq, star_focus_quantile,
               min_regions)
    return res


def _methods(method) -> tuple:
    methods = (method,) if isinstance(method, str) else tuple(method)
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise ValueError(f"method must be among {METHODS}, not {unknown or method!r}")
    return methods


def _check(t, start, end, value, cluster, region, year, total_code, single=False, lq=None):
    missing = [c for c in (region, year, cluster, value) + ((lq,) if lq else ())
               if c not in t.columns]
    if missing:
        raise DataError([Problem(f"missing required column(s): {', '.join(missing)}")])
    if not single and int(end) <= int(start):
        raise ValueError(f"end year ({end}) must be after start year ({start})")
    have = set(t[year].unique().tolist())
    problems = [Problem(f"year {y} is not in the table", column=year)
                for y in dict.fromkeys((start, end)) if y not in have]
    if lq is None and not (t[cluster] == total_code).any():
        problems.append(Problem(f"no region-total rows (cluster {total_code!r}); "
                                "pass the output of aggregate_clusters", column=cluster))
    if problems:
        raise DataError(problems)
    return t


def _sum_keep_nan(frame, keys, cols):
    """Group sums in which a missing component makes the sum missing."""
    g = frame.groupby(keys, sort=False)[cols]
    out = g.sum()
    return out.where(g.count() == g.size().to_numpy()[:, None]).reset_index()


def _split(t, reference, measures, cluster, region, year, shares=False):
    """Rows of the regions to classify and the reference rows (year, cluster, …)."""
    if reference is None:
        return t, _sum_keep_nan(t, [year, cluster], measures)
    if isinstance(reference, pd.DataFrame):
        need = [c for c in ((cluster, "share") if shares else (year, cluster, measures[0]))
                if c not in reference.columns]
        if need:
            raise DataError([Problem(f"reference table lacks column(s): {', '.join(need)}")])
        return t, reference
    is_ref = (t[region] == str(reference)).fillna(False).to_numpy(bool)
    if not is_ref.any():
        raise DataError([Problem(f"reference region {reference!r} is not in the table",
                                 column=region)])
    return t[~is_ref], t[is_ref]


def _quadrant(res, trend, lq_threshold, trend_threshold, value):
    lq = res["lq"]
    if trend == "lq":
        change = res["lq_change"]
    else:
        change = res[f"{value}_growth_pct"] - res["reference_growth_pct"]
    high, rising = lq > lq_threshold, change > trend_threshold
    q = np.select([high & rising, high & ~rising, ~high & rising],
                  list(QUADRANTS[:3]), QUADRANTS[3])
    q = pd.Series(q, index=res.index, dtype="string")
    return q.mask(lq.isna() | change.isna())


def _strong_lq(out, res, definition, total_code):
    if definition is None:
        return res["lq"]
    definition = load_definition(definition)
    kinds = {c.id: c.kind for c in definition.clusters}
    kind = out["cluster_"].map(kinds)
    lq = res["lq"].copy()
    for k in ("traded", "local"):
        sel = (kind == k).to_numpy()
        if not sel.any():
            continue
        members = out.loc[sel]
        # the region's (and the reference's) employment in all clusters of kind k; unknown
        # (NA) when any of them is withheld: a partial sum would overstate every LQ
        reg_k = members.groupby("region_")["e1"].sum(min_count=1).mask(
            members["e1"].isna().groupby(members["region_"]).any())
        ref = members.drop_duplicates("cluster_")["E1"]
        ref_k = ref.sum() if ref.notna().all() else np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            lq[sel] = ((members["e1"] / reg_k.reindex(members["region_"]).to_numpy())
                       / (members["E1"] / ref_k)).to_numpy()
    return lq


def _quantile_flag(res, cluster, col, q, min_regions, op, population=None):
    """``op(value, quantile of the cluster's values)``; NA with too few regions.

    ``population`` (boolean mask) restricts the rows whose values form the
    quantile and that can be flagged; rows outside it are False.
    """
    inside = res if population is None else res[population]
    grp = inside.groupby(cluster, sort=False)[col]
    thr = res[cluster].map(grp.quantile(q))
    n = res[cluster].map(grp.count()).fillna(0)
    flag = np.array(op(res[col], thr).to_numpy(bool), dtype=bool)
    if population is not None:
        flag &= np.asarray(population, dtype=bool)
    flag = pd.array(flag, dtype="boolean")
    flag[(n < min_regions).to_numpy() | res[col].isna().to_numpy()] = pd.NA
    return pd.Series(flag, index=res.index)


def _strong(res, out, est, cluster, q_top, q_top10, min_lq, q_size, min_regions):
    res_ = res.assign(_e=out["e1"].to_numpy())
    # the published rule: percentiles over the regions with employment in the cluster
    employed = (res_["_e"] > 0).to_numpy(bool)
    cols = ["_e"]
    if est:
        res_["_est"] = out[est].to_numpy()
        cols.append("_est")
    size_ok = np.ones(len(res), dtype=bool)
    unknown = res["strong_lq"].isna().to_numpy() & employed
    for c in cols:
        flag = _quantile_flag(res_, cluster, c, q_size, min_regions, lambda v, t: v > t,
                              population=employed)
        size_ok &= flag.fillna(False).to_numpy(bool)
        unknown |= flag.isna().to_numpy() & (employed | res_["_e"].isna().to_numpy())
    lq_ok = (res["strong_lq"] >= min_lq).to_numpy(bool)
    for name, q in (("strong_cluster", q_top), ("strong_cluster_top10", q_top10)):
        top = _quantile_flag(res_, cluster, "strong_lq", q, min_regions, lambda v, t: v >= t,
                             population=employed)
        flag = pd.array(top.fillna(False).to_numpy(bool) & lq_ok & size_ok, dtype="boolean")
        flag[unknown | (top.isna().to_numpy() & employed)] = pd.NA
        res[name] = flag


def _stars(res, cluster, value, q_size, star_lq, q_focus, min_regions):
    ge = lambda v, t: v >= t  # noqa: E731
    res["star_size"] = _quantile_flag(res, cluster, f"{value}_end", q_size, min_regions, ge)
    spec = pd.array((res["lq"] >= star_lq).to_numpy(bool), dtype="boolean")
    spec[res["lq"].isna().to_numpy()] = pd.NA
    res["star_specialisation"] = spec
    res["star_focus"] = _quantile_flag(res, cluster, f"{value}_share", q_focus,
                                       min_regions, ge)
    flags = res[["star_size", "star_specialisation", "star_focus"]]
    res["stars"] = flags.astype("Int64").sum(axis=1, skipna=False)
