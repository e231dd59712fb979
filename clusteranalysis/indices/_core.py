"""A tidy panel as dense distributions (internal to the index modules).

Every index of specialisation or concentration compares, for each *unit* and
year, the distribution of a measure over *items* with a reference
distribution over the same items:

* specialisation of a region (``of="region"``): units are regions, items are
  industries, the reference is the industry structure of the reference
  economy (all regions in the table, a named reference region, or given
  totals);
* localisation of an industry (``of="industry"``): units are industries,
  items are regions, the reference is the regions' total employment.

:func:`distributions` turns a tidy panel into a dense array ``x`` of shape
(units, years, items) and a reference array ``ref`` of shape (years, items)
once; the index functions are then a few vectorised numpy reductions over the
last axis. No Python loop runs over regions or industries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusteranalysis.metrics._dense import REFERENCE, append_reference, code_of, dense, resolve_total, values
from clusteranalysis.errors import DataError, Problem

MISSING = ("propagate", "omit")


@dataclass
class Distributions:
    """Dense distributions of one panel (see the module docstring).

    ``x[u, t, k]`` is the value of unit *u* in item *k* in year *t* (0 where
    the table has no row, NaN where the value is missing); ``ref[t, k]`` the
    reference value; ``present[u, t]`` whether the unit has rows in year *t*;
    ``item_present[t, k]`` whether item *k* exists in year *t*.
    """

    x: np.ndarray
    ref: np.ndarray
    present: np.ndarray
    item_present: np.ndarray
    units: pd.Index
    years: pd.Index
    items: pd.Index
    unit_col: str
    item_col: str
    year_col: str

    def shares(self) -> tuple[np.ndarray, np.ndarray]:
        """Shares of the unit's total (units, years, items) and the totals."""
        tot = self.x.sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = self.x / tot[..., None]
        return s, tot

    def ref_shares(self) -> tuple[np.ndarray, np.ndarray]:
        """Reference shares (years, items) and reference totals (years);
        per unit (units, years, …) with ``missing="omit"``."""
        tot = self.ref.sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.ref / tot[..., None], tot

    def equal_shares(self) -> np.ndarray:
        """1/n for every item present in a year (years, items)."""
        n = self.item_present.sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.item_present / n[..., None]

    def n_items(self) -> np.ndarray:
        return self.item_present.sum(axis=-1)

    def frame(self, columns: dict) -> pd.DataFrame:
        """Tidy result: one row per unit × year present, with ``columns``
        (arrays of shape (units, years))."""
        u, t = np.nonzero(self.present)
        out = pd.DataFrame({self.unit_col: self.units.take(u),
                            self.year_col: self.years.take(t)})
        for name, arr in columns.items():
            out[name] = np.asarray(arr)[u, t]
        return out


def check_of(of: str, by: str) -> str:
    """Normalise ``of`` to ``"region"`` or ``"industry"``."""
    if of == "region":
        return "region"
    if of in ("industry", by):
        return "industry"
    raise ValueError(f"of must be 'region' or 'industry' (the {by!r} column), not {of!r}")


def distributions(
    df: pd.DataFrame,
    *,
    of: str,
    value: str,
    by: str,
    region: str,
    year: str,
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> Distributions:
    """Dense distributions of ``df`` (see :class:`Distributions`).

    Rows whose ``by`` is ``total_code`` never enter a distribution: shares
    are of the sum over the items, so the items must partition the economy
    (drop aggregates such as ``B-E`` when ``C`` is also present). For
    ``of="industry"`` the regions' weights are their totals (``total``:
    the ``total_code`` row, the sum over industries, or ``"auto"``).
    """
    of = check_of(of, by)
    if missing not in MISSING:
        raise ValueError(f"missing must be 'propagate' or 'omit', not {missing!r}")
    if isinstance(reference, pd.DataFrame):
        if of == "industry":
            raise ValueError("a reference table only applies to of='region'; the "
                             "localisation of an industry is measured over the "
                             "regions in the table")
        df = append_reference(df, reference, region=region, by=by, required=(year, by, value),
                              columns=(region, year, by, value))
        reference = REFERENCE
    d = dense(df, region, year, by)
    v = values(df, value)
    tc = code_of(d.industries, total_code)
    is_total = d.i == tc if tc >= 0 else np.zeros(len(d.i), dtype=bool)
    rc = -1
    if reference is not None:
        rc = code_of(d.regions, str(reference))
        if rc < 0:
            raise DataError([Problem(f"reference region {reference!r} is not in the table",
                                     column=region)])
    keep = None if not is_total.any() else ~is_total
    R, T, I = d.R, d.T, d.I
    if of == "region":
        x, present, item_present = _fill(d.r, d.t, d.i, v, keep, (R, T, I))
        if rc >= 0:
            ref = x[rc].copy()
            x[rc] = 0.0
            present[rc] = False
        else:
            ref = _sum(x, missing)
        if tc >= 0:
            item_present[:, tc] = False
        units, items, unit_col, item_col = d.regions, d.industries, region, by
    else:
        x, present, item_present = _fill(d.i, d.t, d.r, v, keep, (I, T, R))
        total, is_total = resolve_total(d, total, total_code)
        if total == "row":
            ref = np.zeros((T, R))
            ref[d.t[is_total], d.r[is_total]] = v[is_total]
        else:
            ref = _sum(x, missing)
        if rc >= 0:
            x[:, :, rc] = 0.0
            ref[:, rc] = 0.0
            item_present[:, rc] = False
        if tc >= 0:
            present[tc] = False
        units, items, unit_col, item_col = d.industries, d.regions, by, region
    if missing == "omit":
        nan = np.isnan(x)
        if nan.any():  # compare each unit with the reference on its observed items only
            x[nan] = 0.0
            ref = np.where(nan, 0.0, np.nan_to_num(ref, nan=0.0))
            item_present = item_present & ~nan
    return Distributions(x, ref, present, item_present, units, d.years, items,
                         unit_col, item_col, year)


def _sum(x, missing):
    """Sum over units; with ``missing="omit"`` over the observed values."""
    return np.nansum(x, axis=0) if missing == "omit" else x.sum(axis=0)


def _fill(u, t, k, v, keep, shape):
    """Scatter ``v`` into a dense (units, years, items) array."""
    U, T, K = shape
    if keep is not None:
        u, t, k, v = u[keep], t[keep], k[keep], v[keep]
    dtype = np.int64 if U * T * K >= 2**31 else np.int32
    ut = u.astype(dtype)
    ut *= T
    ut += t
    flat = ut * K
    flat += k
    x = np.zeros(U * T * K)
    x[flat] = v
    del flat
    present = np.zeros(U * T, dtype=bool)
    present[ut] = True
    del ut
    tk = t.astype(dtype) * K + k
    item_present = np.zeros(T * K, dtype=bool)
    item_present[tk] = True
    return x.reshape(U, T, K), present.reshape(U, T), item_present.reshape(T, K)


def lorenz_order(y: np.ndarray, w: np.ndarray):
    """Sort the items of every unit × year by ``y / w`` (the LQ) ascending.

    Returns the sorting permutation along the last axis and ``y`` and ``w``
    in that order. Items with ``w == 0`` go last (they add nothing to the
    Lorenz curve's horizontal axis).
    """
    w = np.broadcast_to(w, y.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        key = y / w
    key[w == 0] = np.inf
    order = np.argsort(key, axis=-1, kind="stable")
    del key
    return order, np.take_along_axis(y, order, -1), np.take_along_axis(w, order, -1)


COMMON_PARAMS = """\
    df : pandas.DataFrame
        Tidy panel, one row per region × year × industry (or the output of
        :func:`aggregate_clusters` with ``by="cluster", total_code="total"``).
        The industries must partition the economy: drop aggregates such as
        ``B-E`` when its part ``C`` is in the table too. Rows whose ``by`` is
        ``total_code`` are not part of any distribution.
    of : {"region", "industry"}
        ``"region"``: the specialisation of every region, a distribution over
        industries compared with the reference industry structure.
        ``"industry"`` (or the name of the ``by`` column, e.g. ``"cluster"``):
        the localisation of every industry, a distribution over regions
        compared with the regions' total employment.
    value, by, region, year : str
        Measure and key columns.
    reference : None, str or pandas.DataFrame
        Reference economy for ``of="region"``: ``None`` — all regions in the
        table; a region code (e.g. ``"Insgesamt"`` or ``"00"`` for the
        nation) — that region's rows, which are then not a unit themselves
        (with ``of="industry"`` that region is left out of the distribution);
        a DataFrame with columns ``year``, ``by`` and ``value`` — given
        reference values (``of="region"`` only).
    total : {"auto", "row", "sum"}
        ``of="industry"`` only: a region's weight is its ``total_code`` row
        (``"row"``), the sum over its industries (``"sum"``), or the row when
        the table has total rows (``"auto"``).
    total_code : str
        Code of the total rows.
    missing : {"propagate", "omit"}
        A missing (suppressed) value makes the unit's index missing
        (``"propagate"``, default — never computed as if it were zero), or
        is left out: the unit and the reference are compared on the items
        the unit has values for, both renormalised (``"omit"``; with
        ``reference=None`` the reference sums the observed values only).
"""

COMMON_RETURNS = """\
    pandas.DataFrame
        One row per unit (region for ``of="region"``, else the ``by`` value)
        and year present in the table, with the unit column, ``year`` and"""


def doc(func):
    """Fill the shared ``{params}`` and ``{returns}`` parts of a docstring."""
    func.__doc__ = func.__doc__.replace("{params}\n", COMMON_PARAMS).replace(
        "{returns}", COMMON_RETURNS)
    return func

