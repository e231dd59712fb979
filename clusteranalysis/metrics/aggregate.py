"""Aggregation of an industry panel to clusters, "other" and the total economy."""

from __future__ import annotations


import numpy as np
import pandas as pd

from ._dense import FLAG_PRIORITY
from clusteranalysis.inputs._industry_codes import code_keys, nesting_pairs
from clusteranalysis.inputs.definitions import ClusterDefinition, _warn_overlaps, load_definition
from clusteranalysis._warn import warn_once
from clusteranalysis.errors import DataError, Problem
from clusteranalysis.i18n import gettext_for
from clusteranalysis.inputs.validate import measure_columns

_RANK = {f: len(FLAG_PRIORITY) - k for k, f in enumerate(FLAG_PRIORITY)}  # suppressed highest
_NAMES = np.array([None, *reversed(FLAG_PRIORITY)], dtype=object)
_SUPPRESSED = _RANK["suppressed"]


def aggregate_clusters(panel: pd.DataFrame, definition: ClusterDefinition | str, *,
                       measures=None, region: str = "region", year: str = "year",
                       industry: str = "industry", total_code: str = "TOTAL",
                       total: str = "row", other: bool = True,
                       language: str = "en") -> pd.DataFrame:
    """Sum an industry panel over the clusters of a definition.

    Parameters
    ----------
    panel : pandas.DataFrame
        Tidy panel, one row per region × year × industry (industry codes as
        text), optionally with ``<measure>_flag`` columns.
    definition : ClusterDefinition or str
        Definition, built-in name or YAML path (see :func:`load_definition`).
    measures : list of str, optional
        Default: employment, establishments, tax if present, then every other
        numeric column that is neither a key nor a flag.
    region, year, industry : str
        Key columns.
    total_code : str
        Industry code of the region-total rows.
    total : {"row", "sum"}
        Total economy: the ``total_code`` row (every region-year must have
        one; a panel without any such row falls back to ``"sum"``) or the sum
        over the industries that remain after dropping aggregates.
    other : bool
        Add the ``other`` rows (total minus all clusters).
    language : str, default "en"
        Language of the ``label`` column: the definition's label in that
        language (see :meth:`Cluster.label_in`), "Other" and "Total economy"
        from the message catalog (German "Übrige Wirtschaft", "Gesamtwirtschaft").

    Returns
    -------
    pandas.DataFrame
        One row per region × year × cluster (definition order), then
        ``other`` (label "Other") and ``total`` ("Total economy"); columns
        ``region``, ``year``, ``cluster``, ``label``, the measures and one
        ``<measure>_flag`` per measure.

    Warns
    -----
    UserWarning
        Aggregate codes dropped in favour of their parts (or parts dropped
        inside an aggregate they do not complete); industries covered by
        several clusters; industry codes coarser than the definition's codes
        (counted whole in their own cluster or in ``other``, never split);
        clusters without any industry in the panel (left out); clusters
        without rows in some region-years (value missing, not 0).

    Notes
    -----
    A cluster value is the sum over the industries assigned to it. A missing
    (suppressed) component makes the sum missing and flags it ``suppressed``
    — it is never taken as 0; otherwise the most severe component flag is
    kept (``imputed`` > ``estimated`` > ``provisional`` > ``break``; ``zero``
    is not carried). ``other`` = total − Σ clusters, so with
    ``total="row"`` it includes employees without an industry assignment.

    Only the finest codes are summed. Where a panel holds an aggregate and
    its parts for one region and year, the aggregate is dropped when the parts
    cover it (``B-F`` when ``B-E`` and ``F`` are present; ``29`` when any of
    ``29.1``… is present — below the division level completeness cannot be
    checked), and otherwise the parts are dropped (``C`` inside ``B-E``).

    Examples
    --------
    >>> panel = pd.DataFrame({
    ...     "region": "14713", "year": 2020,
    ...     "industry": ["29", "22.11", "49", "86", "35", "90", "47.11", "TOTAL"],
    ...     "employment": [100.0, 10.0, 50.0, np.nan, 20.0, 5.0, 60.0, 400.0]})
    >>> out = aggregate_clusters(panel, "leipzig")
    >>> out[["cluster", "employment", "employment_flag"]]
                  cluster  employment employment_flag
    0          automotive       110.0            <NA>
    1           logistics        50.0            <NA>
    2      health_biotech         NaN      suppressed
    3  energy_environment        20.0            <NA>
    4      media_creative         5.0            <NA>
    5               other         NaN      suppressed
    6               total       400.0            <NA>
    >>> out = aggregate_clusters(panel.fillna({"employment": 0.0}), "leipzig")
    >>> out.loc[out["cluster"] == "other", "employment"].item()  # 400 - 185
    215.0
    """
    definition = load_definition(definition)
    if total not in ("row", "sum"):
        raise ValueError(f"total must be 'row' or 'sum', not {total!r}")
    keys = [region, year, industry]
    rt = keys[:2]
    measures = _check(panel, keys, measures)
    comp = _components(panel, keys, measures)
    is_total = (comp[industry] == total_code).fillna(False).to_numpy(bool)
    cells = panel[rt].drop_duplicates().sort_values(rt, ignore_index=True)
    body = _finest(comp[~is_total], definition.scheme, region, year, industry)
    clusters, ids = _cluster_sums(body, cells, definition, rt, industry, measures)
    if total == "row" and is_total.any():
        tot = _sum(comp[is_total], rt, measures)
        lacking = cells.merge(tot[rt], how="left", indicator=True)["_merge"] == "left_only"
        if lacking.any():
            shown = [f"{r}/{y}" for r, y in cells[lacking.to_numpy()].head(10).to_numpy()]
            raise DataError([Problem(
                f"no region-total row (industry {total_code!r}) for region/year "
                f"{', '.join(shown)}{' and more' if lacking.sum() > 10 else ''}; "
                "pass total='sum' to use the sum over industries", column=industry)])
    else:
        tot = _sum(body, rt, measures)
    tot = cells.merge(tot, on=rt, how="left").assign(cluster="total")
    frames = [clusters, _other(clusters, tot, rt, measures)] if other else [clusters]
    out = pd.concat([*frames, tot], ignore_index=True)
    order = {c: k for k, c in enumerate([*ids, "other", "total"])}
    out = out.assign(_o=out["cluster"].map(order)).sort_values([*rt, "_o"], kind="stable")
    _ = gettext_for(language)
    labels = {**definition.labels_in(language), "other": _("Other"),
              "total": _("Total economy")}
    result = out[rt].reset_index(drop=True).assign(
        cluster=pd.array(out["cluster"].to_numpy(), dtype="string"),
        label=pd.array(out["cluster"].map(labels).to_numpy(), dtype="string"))
    for m in measures:
        # missing after the merge (no rows at all) counts as missing, never as 0
        na = out[f"{m}__na"].astype("boolean").fillna(True).to_numpy(bool)
        result[m] = np.where(na, np.nan, out[m].to_numpy(float))
    for m in measures:
        rank = out[f"{m}__rank"].fillna(0).to_numpy(int)
        result[f"{m}_flag"] = pd.array(_NAMES[rank], dtype="string")
    return result


def _cluster_sums(body, cells, definition, rt, industry, measures):
    """Components summed per region, year and cluster, on the full grid."""
    table = definition._table(body[industry])
    _warn_overlaps(table, stacklevel=4)
    _warn_partial(table)
    parts = body.assign(cluster=body[industry].map(table["cluster"]).to_numpy())
    agg = _sum(parts[parts["cluster"].notna()], [*rt, "cluster"], measures)
    agg["cluster"] = agg["cluster"].astype("string")  # also when no industry matched
    ids = [c for c in definition.ids if c in set(agg["cluster"])]
    missing = [c for c in definition.ids if c not in ids]
    if missing:
        warn_once(f"clusters without any industry in the panel are left out: "
                      f"{', '.join(missing)}", UserWarning, stacklevel=3)
    grid = cells.merge(pd.DataFrame({"cluster": pd.array(ids, dtype="string")}), how="cross")
    clusters = grid.merge(agg, on=[*rt, "cluster"], how="left")
    _warn_absent(clusters, measures)
    return clusters, ids


def _other(clusters, tot, rt, measures):
    """Total minus the sum of the clusters (missing if any part is missing)."""
    s = _sum(_filled(clusters, measures), rt, measures)
    s = _filled(tot[rt].merge(s, on=rt, how="left"), measures, absent=False)
    oth, t = tot[rt].assign(cluster="other"), _filled(tot, measures)
    for m, na, rank in ((m, f"{m}__na", f"{m}__rank") for m in measures):
        oth[m] = t[m] - s[m]
        oth[na] = t[na] | s[na]
        oth[rank] = np.maximum(t[rank], s[rank])
    return oth


def _check(panel, keys, measures) -> list[str]:
    problems = [Problem("column is missing", column=c) for c in keys if c not in panel.columns]
    if problems:
        raise DataError(problems)
    ind = panel[keys[2]]
    if pd.api.types.is_numeric_dtype(ind):
        problems.append(Problem("industry codes must be text, not numbers (29.10 would be "
                                "29.1); read the column with dtype=str", column=keys[2]))
    elif ind.isna().any():
        problems.append(Problem("industry code is missing", column=keys[2],
                                rows=tuple(np.flatnonzero(ind.isna().to_numpy()))))
    measures = measure_columns(panel, keys) if measures is None else list(measures)
    for m in measures:
        if m not in panel.columns:
            problems.append(Problem("measure column is missing", column=m))
        elif not pd.api.types.is_numeric_dtype(panel[m]) or pd.api.types.is_bool_dtype(panel[m]):
            problems.append(Problem("measure must be numeric", column=m))
    if not measures:
        problems.append(Problem("no numeric measure column found"))
    dup = panel.duplicated(keys, keep=False).to_numpy()
    if dup.any():
        problems.append(Problem("the same region, year and industry occur more than once",
                                column=keys[2], rows=tuple(np.flatnonzero(dup))))
    if problems:
        raise DataError(problems)
    return measures


def _components(panel, keys, measures) -> pd.DataFrame:
    """Keys and, per measure: value with 0 for missing, missing mask, flag rank."""
    out = {k: panel[k] for k in keys}
    out[keys[2]] = panel[keys[2]].astype("string")
    for m in measures:
        v = panel[m].to_numpy(dtype=float, na_value=np.nan)
        flag = panel.get(f"{m}_flag")
        rank = (np.zeros(len(panel), dtype=int) if flag is None else
                flag.astype("string").map(_RANK).fillna(0).to_numpy(int))
        na = np.isnan(v) | (rank == _SUPPRESSED)
        out.update({m: np.where(na, 0.0, v), f"{m}__na": na,
                    f"{m}__rank": np.where(na, _SUPPRESSED, rank)})
    return pd.DataFrame(out, index=panel.index)


def _filled(df, measures, absent=True) -> pd.DataFrame:
    """Typed component columns; rows without data count as missing (``absent``)."""
    out = df.copy()
    for m in measures:
        out[m] = out[m].astype(float).fillna(0.0)
        out[f"{m}__na"] = out[f"{m}__na"].astype("boolean").fillna(absent).astype(bool)
        out[f"{m}__rank"] = out[f"{m}__rank"].astype(float).fillna(0).astype(int)
    return out


def _sum(parts, by, measures) -> pd.DataFrame:
    how = {c: ("sum" if c in measures else "max") for m in measures
           for c in (m, f"{m}__na", f"{m}__rank")}
    return parts.groupby(by, sort=False, observed=True).agg(how).reset_index()


def _finest(comp, scheme, region, year, industry):
    """Drop covered aggregates and the parts of uncovered ones (see Notes above)."""
    pairs = pd.DataFrame(nesting_pairs(pd.unique(comp[industry]), scheme),
                         columns=["_fine", "_coarse", "_key"], dtype="string")
    if pairs.empty:
        return comp
    rt = [region, year]
    present = comp[[region, year, industry]]
    m = present.merge(pairs, left_on=industry, right_on="_fine")
    m = m.merge(present.rename(columns={industry: "_coarse"}), on=rt + ["_coarse"])
    if m.empty:
        return comp
    cov = m.groupby(rt + ["_coarse"], observed=True)["_key"].nunique().rename("_n").reset_index()
    cov["_covered"] = cov["_n"] == cov["_coarse"].map(lambda c: len(code_keys(c, scheme)))
    m = m.merge(cov, on=rt + ["_coarse"])
    drop = pd.concat([m.loc[m["_covered"], rt + ["_coarse"]].set_axis(rt + ["_c"], axis=1),
                      m.loc[~m["_covered"], rt + ["_fine"]].set_axis(rt + ["_c"], axis=1)])
    hit = present.merge(drop.drop_duplicates(), left_on=rt + [industry], right_on=rt + ["_c"],
                        how="left", indicator=True)["_merge"].to_numpy() == "both"
    notes = []
    for flag, what in ((True, "aggregates whose parts are present"),
                       (False, "parts of an aggregate they do not complete")):
        g = m[m["_covered"] == flag].groupby("_coarse" if flag else "_fine")
        g = g["_fine" if flag else "_coarse"].unique()
        if len(g):
            shown = [f"{c!r} ({'parts' if flag else 'in'}: {', '.join(sorted(v)[:5])})"
                     for c, v in g.head(10).items()]
            notes.append(f"{what}: " + "; ".join(shown))
    warn_once("dropped industry codes to avoid double counting (per region and year) — "
                  + " | ".join(notes), UserWarning, stacklevel=3)
    return comp[~hit]


def _warn_partial(table) -> None:
    coarse = table[table["partial"].str.len() > 0]
    if len(coarse):
        shown = [f"{code!r} → {r.cluster if pd.notna(r.cluster) else 'other'}, contains "
                 + ", ".join(f"{i} ({c})" for i, c in r.partial[:4])
                 for code, r in zip(coarse.index[:12], coarse.head(12).itertuples())]
        warn_once("industry codes coarser than the definition are counted whole, not "
                      "split (see ClusterDefinition.unmatched): " + "; ".join(shown)
                      + (f" and {len(coarse) - 12} more" if len(coarse) > 12 else ""),
                      UserWarning, stacklevel=4)


def _warn_absent(clusters, measures) -> None:
    absent = clusters[f"{measures[0]}__na"].isna()
    if absent.any():
        n = clusters[absent].groupby("cluster", sort=False).size()
        warn_once("clusters without rows in some region-years are left missing (not 0; "
                      "add rows with 0 if the industries are truly absent): "
                      + ", ".join(f"{c} ({k} region-years)" for c, k in n.items()),
                      UserWarning, stacklevel=4)
