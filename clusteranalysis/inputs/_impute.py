"""Bounds and imputation of suppressed cells (internal; public in :mod:`quality`)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from clusteranalysis.inputs import _hierarchy as hi
from clusteranalysis.errors import DataError, Problem


def impute_suppressed(
    panel: pd.DataFrame,
    method: str = "bounds",
    *,
    value: str = "employment",
    reference=None,
    scheme: str = "wz",
    region: str = "region",
    industry: str = "industry",
    year: str = "year",
    total_code: str = "TOTAL",
) -> pd.DataFrame:
    """Bound suppressed cells, or impute them by an explicit rule.

    Parameters
    ----------
    panel : pandas.DataFrame
        Tidy panel with one row per region × year × industry and a
        ``<value>_flag`` column (``suppressed`` marks withheld cells).
    method : {"bounds", "proportional"}
        ``"bounds"`` adds ``<value>_lower`` and ``<value>_upper`` and leaves
        every value as it is. ``"proportional"`` also fills each suppressed
        cell: the amount that the published cells leave open is spread over
        the unknown cells in proportion to the reference industry structure
        (see Notes); filled cells get the flag ``imputed``.
    value : str
        The measure.
    reference : None, str or pandas.DataFrame
        Industry structure for ``"proportional"``: a region code in the
        panel (e.g. ``"DG"``), a DataFrame with ``industry``, ``value`` and
        optionally ``year``, or None for the sum over all regions of the
        panel (published cells only).
    scheme : str
        Code scheme of the industries (see :func:`code_hierarchy`).
    region, industry, year, total_code : str
        Column names and the code of the region total.

    Returns
    -------
    pandas.DataFrame
        A copy with ``<value>_original`` (the published value, missing where
        suppressed), ``<value>_lower``, ``<value>_upper`` (equal to the value
        where published; upper missing where nothing bounds the cell) and, for
        ``"proportional"``, imputed values in ``value`` flagged ``imputed``.

    Notes
    -----
    The industries are split into the finest non-overlapping codes (the
    *leaves*, :func:`select_level` ``"finest"``); every published aggregate
    (``B-F``, ``G-U``, the region total) is the sum of its leaves — the
    total also counts persons without an industry. Published aggregates are
    taken from the most detailed to the total. At each, the *residual*

    .. math:: r = v_{aggregate} - \\sum_{\\text{known leaves}} v_{leaf}

    bounds each unknown leaf under it and their sum: :math:`0 \\le v \\le r`.
    ``"proportional"`` sets :math:`v_u = r \\, w_u / \\sum w` with the
    reference's value :math:`w_u` of each unknown leaf (at the total, the
    reference's unassigned persons take their share too; without reference
    values the residual is split equally). Unknown aggregates are the sums of
    their leaves, except an unknown region total, which also holds persons
    without an industry: it gets a lower bound only and is not filled. An
    unknown code inside a leaf (``C`` in ``B-E``) gets the leaf's value times
    the reference ratio. A negative residual (rounding in
    the source) is treated as 0 and warned about. Cells that are missing for
    other reasons (no flag, ``x``) are bounded but not filled.
    """
    if method not in ("bounds", "proportional"):
        raise ValueError("method must be 'bounds' or 'proportional'")
    flag_col = f"{value}_flag"
    for col in (region, year, industry, value):
        if col not in panel.columns:
            raise DataError([Problem(f"missing column {col!r}")])
    if panel.duplicated([region, year, industry]).any():
        raise DataError([Problem("duplicated region × year × industry rows; select one "
                                 "ownership / variant first")])
    out = panel.copy()
    v = out[value].astype("float64").to_numpy()
    flags = out[flag_col].astype("string") if flag_col in out else pd.Series(
        pd.array([None] * len(out), dtype="string"), index=out.index)
    suppressed = (flags == "suppressed").fillna(False).to_numpy(dtype=bool)

    codes = out[industry].astype("string").unique().tolist()
    h = hi.hierarchy(codes, scheme, total_code)
    data_ok = hi.data_complete(h, out, industry, [region, year], value)
    complete = {c: (bool(s) if s is not pd.NA else data_ok.get(c, False))
                for c, s in zip(h["code"].tolist(), h["complete"].tolist())}
    leaves = hi.finest(h, complete)
    tree = _Tree(h, leaves, total_code)
    weights = _reference(out, reference, value, region, industry, year, total_code)

    lower = np.where(np.isnan(v), 0.0, v)
    upper = v.copy()
    filled = v.copy()
    negative = 0
    pos = {c: i for i, c in enumerate(tree.order)}
    for (_, yr), idx in out.groupby([region, year], sort=False).indices.items():
        ind = out[industry].to_numpy()[idx]
        vals = np.full(len(tree.order), np.nan)
        rows = np.full(len(tree.order), -1)
        for r, c in zip(idx, ind):
            if c in pos:
                vals[pos[c]] = v[r]
                rows[pos[c]] = r
        w = weights(yr, tree.order)
        res = tree.solve(vals, w, method == "proportional")
        negative += res.negative
        for j, r in enumerate(rows):
            if r < 0 or not np.isnan(v[r]):
                continue
            lower[r], upper[r] = res.lower[j], res.upper[j]
            if suppressed[r]:
                filled[r] = res.value[j]
    if negative:
        warnings.warn(f"{negative} aggregate(s) smaller than their published parts; their "
                      "residual was taken as 0", stacklevel=2)
    out[f"{value}_original"] = v
    out[f"{value}_lower"] = lower
    out[f"{value}_upper"] = upper
    if method == "proportional":
        done = suppressed & ~np.isnan(filled)
        out[value] = np.where(done, filled, v)
        flags = flags.copy()
        flags[done] = "imputed"
        out[flag_col] = flags.astype("string")
    return out


class _Result:
    def __init__(self, n):
        self.lower = np.zeros(n)
        self.upper = np.full(n, np.nan)
        self.value = np.full(n, np.nan)
        self.group = np.full(n, -1)  # the aggregate whose residual bounds the cell
        self.negative = 0


class _Tree:
    """Leaves, published aggregates above them, and codes inside leaves."""

    def __init__(self, h, leaves, total_code):
        parent = hi.parents(h)
        depth = dict(zip(h["code"].tolist(), h["depth"].tolist()))
        self.leaves = list(leaves)
        leafset = set(leaves)
        self.order = list(h["code"].tolist())
        self.leaf_idx = [self.order.index(c) for c in self.leaves]
        self.total = self.order.index(total_code) if total_code in self.order else None
        under = {}  # aggregate -> leaves below it
        self.inside = {}  # code below a leaf -> (leaf or nearest coded ancestor)
        for c in self.order:
            chain, p = [], parent.get(c)
            while p is not None:
                chain.append(p)
                p = parent.get(p)
            if c in leafset:
                for a in chain:
                    under.setdefault(a, []).append(self.order.index(c))
            elif any(a in leafset for a in chain):
                self.inside[self.order.index(c)] = self.order.index(parent[c])
        # deepest aggregates first, the total last
        self.aggregates = sorted(
            ((self.order.index(a), ls) for a, ls in under.items()),
            key=lambda t: -depth[self.order[t[0]]])
        self.inside_order = sorted(self.inside, key=lambda j: depth[self.order[j]])

    def solve(self, vals, w, impute):
        res = _Result(len(vals))
        known = ~np.isnan(vals)
        val = vals.copy()  # published, then filled leaf by leaf
        res.lower[known] = vals[known]
        res.upper[known] = vals[known]
        done = known.copy()
        for a, ls in self.aggregates:
            if not known[a]:
                continue
            ls = np.array(ls)
            open_ = ls[~done[ls]]
            if not len(open_):
                continue
            r = vals[a] - np.nansum(val[ls[done[ls]]])
            if r < 0:
                res.negative += 1
                r = 0.0
            res.upper[open_] = r
            res.group[open_] = a
            weights = np.nan_to_num(w[open_], nan=0.0)
            extra = 0.0
            if a == self.total:  # persons without an industry get their share
                extra = max(np.nan_to_num(w[a]) - np.nansum(w[self.leaf_idx]), 0.0)
            share = weights.sum() + extra
            val[open_] = r * weights / share if share > 0 else r / len(open_)
            done[open_] = True
        # unknown aggregates: sums of their (known or filled) leaves and bounds
        for a, ls in self.aggregates:
            if known[a]:
                continue
            ls = np.array(ls)
            res.lower[a] = np.nansum(vals[ls])
            if a == self.total:  # persons without an industry: no upper bound, no value
                continue
            res.value[a] = val[ls].sum() if done[ls].all() else np.nan
            ups = res.upper[ls]
            res.upper[a] = np.nan if np.isnan(ups).any() else _sum_groups(vals, ls, res)
        res.value[self.leaf_idx] = np.where(done[self.leaf_idx], val[self.leaf_idx], np.nan)
        for j in self.inside_order:  # codes inside a leaf: the leaf's share
            p = self.inside[j]
            if known[j]:
                continue
            res.upper[j] = vals[p] if known[p] else res.upper[p]
            ratio = w[j] / w[p] if w[p] > 0 else np.nan
            base = vals[p] if known[p] else res.value[p]
            res.value[j] = base * ratio
        if not impute:
            res.value[:] = np.nan
        return res


def _sum_groups(vals, ls, res):
    """Upper bound of an aggregate: its published leaves plus, for each group
    of unknown leaves sharing one residual, that residual once."""
    known = ~np.isnan(vals[ls])
    residuals = {int(g): res.upper[j] for j, g in zip(ls[~known], res.group[ls[~known]])}
    return vals[ls][known].sum() + sum(residuals.values())


def _reference(panel, reference, value, region, industry, year, total_code):
    """weights(year, codes) -> reference value per code (NaN where unknown)."""
    if isinstance(reference, pd.DataFrame):
        ref = reference.copy()
        if year not in ref.columns:
            ref[year] = -1
    else:
        src = panel if reference is None else panel[panel[region] == reference]
        if reference is not None and src.empty:
            raise DataError([Problem(f"reference region {reference!r} is not in the panel",
                                     column=region)])
        ref = src.groupby([year, industry], sort=False)[value].sum(min_count=1).reset_index()
    table = {(int(y), str(i)): float(x) for y, i, x in
             zip(ref[year], ref[industry], ref[value]) if pd.notna(x)}

    def weights(yr, codes):
        return np.array([table.get((int(yr), c), table.get((-1, c), np.nan)) for c in codes])
    return weights
