"""Dense integer indexing of a tidy panel (internal).

The metric functions map region, year and industry labels to integer codes
once and then work on flat numpy arrays with :func:`numpy.bincount` and fancy
indexing. On a panel of 60 million rows this is an order of magnitude faster
than ``groupby().transform()``. Categorical key columns are used as they are
(their codes are free); other columns are factorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem

# "zero" marks an exact value and is not carried into derived results.
FLAG_PRIORITY = ("suppressed", "imputed", "estimated", "provisional", "break")


def encode(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (``-1`` for missing) and the labels they index."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), s.cat.categories
    if pd.api.types.is_integer_dtype(s.dtype):
        v = s.to_numpy()
        lo, hi = int(v.min()), int(v.max())
        if hi - lo < 100_000:  # years: a dense range, no hashing needed
            if -(2**15) <= lo and hi < 2**15:  # years: 2 bytes a row, no temporary
                codes = v.astype(np.int16)
                codes -= np.int16(lo)
            else:
                codes = (v - lo).astype(np.int32)
            return codes, pd.Index(np.arange(lo, hi + 1))
    c, uniq = pd.factorize(s, sort=False)  # order of first appearance
    return c.astype(np.int32, copy=False), pd.Index(uniq)


def code_of(labels: pd.Index, value) -> int:
    """Position of ``value`` in ``labels``, or -1."""
    try:
        pos = labels.get_loc(value)
    except KeyError:
        return -1
    return pos if isinstance(pos, (int, np.integer)) else -1


@dataclass
class Dense:
    """Codes of one panel: ``r`` regions, ``t`` years, ``i`` industries."""

    r: np.ndarray
    t: np.ndarray
    i: np.ndarray
    regions: pd.Index
    years: pd.Index
    industries: pd.Index

    @property
    def R(self) -> int:  # noqa: N802 - dimension names as in the formulas
        return len(self.regions)

    @property
    def T(self) -> int:  # noqa: N802
        return len(self.years)

    @property
    def I(self) -> int:  # noqa: N802, E743
        return len(self.industries)

    def _flat(self, a, b, nb) -> np.ndarray:
        # int32 halves the memory of the index arrays on large panels
        dtype = np.int32 if (int(a.max(initial=0)) + 1) * nb < 2**31 else np.int64
        out = a.astype(dtype)
        out *= nb
        out += b
        return out

    def rt(self) -> np.ndarray:
        """Flat region × year cell of every row."""
        return self._flat(self.r, self.t, self.T)

    def ti(self) -> np.ndarray:
        """Flat year × industry cell of every row."""
        return self._flat(self.t, self.i, self.I)

    def ri(self) -> np.ndarray:
        """Flat region × industry cell of every row."""
        return self._flat(self.r, self.i, self.I)


def dense(df: pd.DataFrame, region: str, year: str, by: str) -> Dense:
    """Encode the three key columns of ``df``."""
    missing = [c for c in (region, year, by) if c not in df.columns]
    if missing:
        raise DataError([Problem(f"missing required column(s): {', '.join(missing)}")])
    r, regions = encode(df[region])
    t, years = encode(df[year])
    i, industries = encode(df[by])
    for codes, col in ((r, region), (t, year), (i, by)):
        if (codes < 0).any():
            raise DataError([Problem("missing key values", column=col,
                                     rows=tuple(np.flatnonzero(codes < 0)[:20]))])
    return Dense(r, t, i, regions, years, industries)


def values(df: pd.DataFrame, value: str) -> np.ndarray:
    """The measure as float64 (NaN for missing)."""
    if value not in df.columns:
        raise DataError([Problem(f"missing measure column {value!r}")])
    s = df[value]
    if not pd.api.types.is_numeric_dtype(s):
        raise DataError([Problem("measure must be numeric; run validate_panel first",
                                 column=value)])
    if s.dtype == np.float64:
        return s.to_numpy()  # a view: no copy of a large column
    return s.to_numpy(dtype=np.float64, na_value=np.nan)


#: Region code given to a reference table appended to a panel.
REFERENCE = "__reference__"


def append_reference(df: pd.DataFrame, reference: pd.DataFrame, *, region: str, by: str,
                     required, columns=None) -> pd.DataFrame:
    """``df`` with the rows of a reference table appended as region :data:`REFERENCE`.

    ``required`` are the columns the reference table must have; ``columns``
    those kept from both tables (default: all).
    """
    missing = [c for c in required if c not in reference.columns]
    if missing:
        raise DataError([Problem(f"reference table lacks column(s): {', '.join(missing)}")])
    if columns is not None:
        df = df[[c for c in columns if c in df.columns]]
        reference = reference[[c for c in columns if c in reference.columns]]
    out = pd.concat([df, reference.assign(**{region: REFERENCE})], ignore_index=True)
    for col in (region, by):
        out[col] = out[col].astype("string")
    return out


def with_column(frame: pd.DataFrame, name: str, array: np.ndarray) -> pd.DataFrame:
    """``frame`` with a new column holding ``array`` without copying it."""
    return frame.assign(**{name: pd.Series(array, index=frame.index, copy=False)})


def region_totals(d: Dense, v: np.ndarray, is_total: np.ndarray, total: str,
                  rt: np.ndarray | None = None) -> np.ndarray:
    """Region total per region × year cell (flat, length R*T).

    ``total="row"`` takes the value of the total row, ``"sum"`` sums the
    other rows (a missing component makes the sum missing).
    """
    rt = d.rt() if rt is None else rt
    if total == "row":
        den = np.full(d.R * d.T, np.nan)
        den[rt[is_total]] = v[is_total]
        return den
    if not is_total.any():  # no boolean-mask copies of the panel's columns
        return np.bincount(rt, weights=v, minlength=d.R * d.T).astype(np.float64, copy=False)
    keep = ~is_total
    # float even when no row is left (bincount of nothing is int64)
    return np.bincount(rt[keep], weights=v[keep], minlength=d.R * d.T).astype(np.float64,
                                                                                copy=False)


def resolve_total(d: Dense, total: str, total_code: str) -> tuple[str, np.ndarray]:
    """Normalise ``total`` ("auto", "row", "sum") and flag the total rows."""
    if total not in ("auto", "row", "sum"):
        raise ValueError(f"total must be 'auto', 'row' or 'sum', not {total!r}")
    tc = code_of(d.industries, total_code)
    is_total = d.i == tc if tc >= 0 else np.zeros(len(d.i), dtype=bool)
    if total == "auto":
        total = "row" if tc >= 0 else "sum"
    if total == "row":
        have = np.zeros(d.R * d.T, dtype=bool)
        have[d.rt()[is_total]] = True
        present = np.zeros(d.R * d.T, dtype=bool)
        present[d.rt()] = True
        lacking = np.flatnonzero(present & ~have)
        if lacking.size:
            cells = [f"{d.regions[c // d.T]}/{d.years[c % d.T]}" for c in lacking[:10]]
            raise DataError([Problem(
                f"no region-total row (industry {total_code!r}) for region/year "
                + ", ".join(cells) + (" and more" if lacking.size > 10 else "")
                + "; pass total='sum' to use the sum over industries")])
    return total, is_total


def combine_flags(*flags: pd.Series | None) -> pd.Series | None:
    """Element-wise the most severe flag (``suppressed`` first)."""
    present = [f for f in flags if f is not None]
    if not present:
        return None
    out = np.full(len(present[0]), None, dtype=object)
    for name in reversed(FLAG_PRIORITY):
        for f in present:
            out[(f.astype("string") == name).fillna(False).to_numpy(bool)] = name
    return pd.Series(out, index=present[0].index, dtype="string")
