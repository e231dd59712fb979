"""Tidy panel ↔ dense region × industry matrices (internal).

Every relatedness and complexity function works on one matrix per year:
``x[r, i]`` the measure of industry *i* in region *r*, regions and industries
sorted by code (as EconGeo's ``get_matrix`` and ecomplexity do).

Stated rules
------------
* A region × industry pair without a row is 0 (tidy tables often omit
  zeros); both peers do the same.
* A missing value (NaN, e.g. a suppressed cell) is an error, never a zero:
  impute it first (:func:`clusteranalysis.impute_suppressed`) or drop the
  rows on purpose.
* Negative values, duplicate region × industry (× year) rows are errors.
* Rows with ``industry == total_code`` are region totals, not industries, and
  are left out.
* Regions and industries whose values are all zero are *kept in the
  output* but *left out of the computation*: their RCA and every derived
  value is missing (NaN), as ecomplexity does by dropping them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem


@dataclass
class Matrix:
    """One year's region × industry matrix and its labels."""

    x: np.ndarray
    regions: pd.Index
    industries: pd.Index
    year: object = None

    @property
    def active_regions(self) -> np.ndarray:
        """Regions with a positive total (the others are left out)."""
        return self.x.sum(axis=1) > 0

    @property
    def active_industries(self) -> np.ndarray:
        """Industries with a positive total anywhere."""
        return self.x.sum(axis=0) > 0


def _codes(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1: missing) into the sorted distinct labels (as text).

    Categorical columns use their codes (no conversion of millions of rows to
    text); categories that do not occur are dropped.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories.astype(str).to_numpy(dtype=object)
        codes = s.cat.codes.to_numpy().astype(np.intp)
        ok = codes >= 0
        used = np.bincount(codes[ok], minlength=len(cats)) > 0
        order = np.flatnonzero(used)[np.argsort(cats[used], kind="stable")]
        rank = np.full(len(cats), -1, dtype=np.intp)
        rank[order] = np.arange(len(order))
        return np.where(ok, rank[np.where(ok, codes, 0)], -1), pd.Index(cats[order])
    c, uniq = pd.factorize(s.astype("string"), sort=True)
    return c.astype(np.intp, copy=False), pd.Index(np.asarray(uniq, dtype=object))


def matrices(df: pd.DataFrame, *, value: str, region: str, industry: str,
             year: str | None, total_code: str = "TOTAL") -> list[Matrix]:
    """One :class:`Matrix` per year of ``df`` (one without a year column)."""
    need = [c for c in (region, industry, value) if c not in df.columns]
    if need:
        raise DataError([Problem(f"missing required column(s): {', '.join(need)}")])
    if not pd.api.types.is_numeric_dtype(df[value]):
        raise DataError([Problem("measure must be numeric", column=value)])
    rc, regions = _codes(df[region])
    ic, industries = _codes(df[industry])
    v = df[value].to_numpy(dtype=np.float64, na_value=np.nan)
    tpos = industries.get_indexer([str(total_code)])[0]
    keep = ic != tpos if tpos >= 0 else np.ones(len(ic), dtype=bool)
    problems = []
    for codes, col in ((rc, region), (ic, industry)):
        if (codes < 0).any():
            problems.append(Problem("missing key values", column=col,
                                    rows=tuple(np.flatnonzero(codes < 0)[:20].tolist())))
    bad = keep & np.isnan(v)
    if bad.any():
        problems.append(Problem(
            "missing values (suppressed cells?) cannot be treated as zero in a "
            "region × industry matrix; impute them (impute_suppressed) or drop those rows",
            column=value, rows=tuple(np.flatnonzero(bad)[:20].tolist())))
    with np.errstate(invalid="ignore"):
        bad = keep & (v < 0)
    if bad.any():
        problems.append(Problem("negative values", column=value,
                                rows=tuple(np.flatnonzero(bad)[:20].tolist())))
    bad = keep & np.isinf(v)
    if bad.any():
        problems.append(Problem("infinite values", column=value,
                                rows=tuple(np.flatnonzero(bad)[:20].tolist())))
    if not keep.any():
        problems.append(Problem(f"no industry rows (only region totals {total_code!r}, or "
                                "an empty table)", column=industry))
    if problems:
        raise DataError(problems)
    if tpos >= 0:
        pos = np.flatnonzero(keep)
        rc, ic, v = rc[keep], ic[keep], v[keep]
        ic = ic - (ic > tpos)
        industries = industries.delete(tpos)
        regions_used = np.bincount(rc, minlength=len(regions)) > 0
        if not regions_used.all():  # a region with a total row only
            remap = np.cumsum(regions_used) - 1
            rc, regions = remap[rc], regions[regions_used]
    else:
        pos = np.arange(len(v))
    if year is not None and year in df.columns:
        yc, years = pd.factorize(df[year].to_numpy()[pos], sort=True)
    else:
        yc, years = np.zeros(len(v), dtype=np.intp), pd.Index([None])
    R, I = len(regions), len(industries)  # noqa: E741
    cell = (yc.astype(np.int64) * R + rc) * I + ic
    counts = np.bincount(cell, minlength=len(years) * R * I)
    if (counts > 1).any():
        dup = np.flatnonzero(counts[cell] > 1)
        what = " × year" if len(years) > 1 or years[0] is not None else ""
        raise DataError([Problem(f"duplicate region × industry{what} rows",
                                 rows=tuple(pos[dup][:20].tolist()))])
    cube = np.bincount(cell, weights=v, minlength=len(years) * R * I).reshape(len(years), R, I)
    return [Matrix(cube[k], pd.Index(regions, dtype="string"),
                   pd.Index(industries, dtype="string"), years[k]) for k in range(len(years))]


def tidy_cells(m: Matrix, columns: dict, *, region: str, industry: str,
               year: str | None, per_region: dict | None = None,
               per_industry: dict | None = None) -> pd.DataFrame:
    """Region × industry table (region-major order) of R×I arrays (``columns``),
    region vectors (``per_region``) and industry vectors (``per_industry``)."""
    R, I = m.x.shape  # noqa: E741
    frame = pd.DataFrame({
        region: pd.array(m.regions.to_numpy(dtype=object)[np.repeat(np.arange(R), I)],
                         dtype="string"),
        industry: pd.array(m.industries.to_numpy(dtype=object)[np.tile(np.arange(I), R)],
                           dtype="string")})
    if year is not None and m.year is not None:
        frame.insert(0, year, m.year)
    for name, a in columns.items():
        frame[name] = np.asarray(a).reshape(-1) if isinstance(a, np.ndarray) else a
    for name, a in (per_region or {}).items():
        frame[name] = np.repeat(a, I) if isinstance(a, np.ndarray) else a.repeat(I)
    for name, a in (per_industry or {}).items():
        frame[name] = (np.tile(a, R) if isinstance(a, np.ndarray)
                       else a.take(np.tile(np.arange(I), R)))
    return frame


def tidy_pairs(m: Matrix, columns: dict, *, year: str | None) -> pd.DataFrame:
    """Industry × industry table (``industry_1``, ``industry_2``) of I×I arrays."""
    I = len(m.industries)  # noqa: E741
    frame = pd.DataFrame({
        "industry_1": np.repeat(m.industries.to_numpy(), I),
        "industry_2": np.tile(m.industries.to_numpy(), I)}).astype("string")
    if year is not None and m.year is not None:
        frame.insert(0, year, m.year)
    for name, a in columns.items():
        frame[name] = np.asarray(a).reshape(-1)
    return frame


def tidy_vector(m: Matrix, axis: str, columns: dict, *, key: str,
                year: str | None) -> pd.DataFrame:
    """One row per region (``axis="region"``) or industry."""
    labels = m.regions if axis == "region" else m.industries
    frame = pd.DataFrame({key: labels.to_numpy()}).astype("string")
    if year is not None and m.year is not None:
        frame.insert(0, year, m.year)
    for name, a in columns.items():
        frame[name] = np.asarray(a)
    return frame


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack per-year frames (one frame: returned as it is)."""
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def pair_matrix(table: pd.DataFrame, industries: pd.Index, column: str) -> np.ndarray:
    """An I×I matrix from a tidy pair table (``industry_1``, ``industry_2``, column)."""
    need = [c for c in ("industry_1", "industry_2", column) if c not in table.columns]
    if need:
        raise DataError([Problem(f"relatedness table lacks column(s): {', '.join(need)}")])
    i = industries.get_indexer(table["industry_1"].astype("string"))
    j = industries.get_indexer(table["industry_2"].astype("string"))
    ok = (i >= 0) & (j >= 0)
    out = np.zeros((len(industries), len(industries)))
    out[i[ok], j[ok]] = table[column].to_numpy(dtype=float, na_value=np.nan)[ok]
    return out
