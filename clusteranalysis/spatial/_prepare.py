"""Shared preparation for the spatial statistics (private).

Turns a tidy table (region × cluster) into one value vector per cluster,
aligned with the weights, and a weights subset without the regions that
cannot take part: no value, a non-positive LQ when logs are taken, no
neighbour. Every region left out is returned with its reason.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem

REASONS = {
    "missing": "no value (missing or suppressed)",
    "nonpositive": "value ≤ 0: its logarithm is undefined",
    "island": "no neighbour in the weights",
    "isolated": "no neighbour with a value",
    "unknown": "code not in the weights (no boundary)",
}


def groups(table: pd.DataFrame, *, value: str, region: str, cluster: str | None):
    """Yield (cluster id, Series value by region code) for each cluster."""
    needed = [c for c in (region, value, cluster) if c is not None]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise DataError([Problem(f"column {c!r} is missing", column=c) for c in missing])
    keys = [region] + ([cluster] if cluster else [])
    dup = table.duplicated(keys, keep=False)
    if dup.any():
        raise DataError([Problem("repeated " + " × ".join(keys) + " rows", column=region,
                                 rows=tuple(int(i) for i in np.flatnonzero(dup))[:20])])
    if cluster is None:
        yield None, pd.Series(table[value].to_numpy(dtype=float),
                              index=table[region].astype(str))
        return
    for cid, part in table.groupby(cluster, sort=False, observed=True):
        yield cid, pd.Series(part[value].to_numpy(dtype=float), index=part[region].astype(str))


def subset(values: pd.Series, w, *, log: bool, transform: str):
    """Aligned vector, weights subset and the reasons for every region left out.

    Returns ``(ids, y, w_sub, excluded)`` with ``excluded`` a dict code -> reason key.
    """
    import libpysal

    ids = [str(i) for i in w.id_order]
    v = values.reindex(ids).to_numpy(dtype=float)
    excluded = {}
    for code, x in zip(ids, v):
        if not np.isfinite(x):
            excluded[code] = "missing"
        elif log and x <= 0:
            excluded[code] = "nonpositive"
    for code in w.islands:
        excluded.setdefault(str(code), "island")
    keep = [c for c in ids if c not in excluded]
    while True:  # leaving regions out can isolate others
        kept = set(keep)
        lonely = [c for c in keep if not any(str(n) in kept for n in w.neighbors[c])]
        if not lonely:
            break
        excluded.update(dict.fromkeys(lonely, "isolated"))
        keep = [c for c in keep if c not in excluded]
    if len(keep) < 3:
        raise DataError(f"spatial statistics need at least 3 regions with a value and a "
                        f"neighbour; {len(keep)} remain ({len(excluded)} left out)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w_sub = libpysal.weights.w_subset(w, keep) if len(keep) < len(ids) else \
            libpysal.weights.W(w.neighbors, w.weights, id_order=ids)
    w_sub.transform = transform
    y = values.reindex(keep).to_numpy(dtype=float)
    if log:
        y = np.log(y)
    return keep, y, w_sub, excluded
