"""US county data for cluster reports: BLS QCEW files → a tidy panel, and a US
reference when only county files are at hand (I/O and reshaping only).

The US Cluster Mapping Project measures clusters with private employment of
6-digit NAICS industries. :func:`read_qcew_panel` therefore keeps, from QCEW
annual-averages files, the private (``own_code`` 5) 6-digit rows and the
region total of all covered employment (``own_code`` 0, the denominator of
BLS's own location quotients), and rebuilds the previous year from the
over-the-year changes that every QCEW file carries.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem
from .validate import validate_panel

#: Region code of the United States in QCEW files.
US = "US000"


def read_qcew_panel(path: str | os.PathLike, *, ownership: str = "5",
                    previous_year: bool = True, total_code: str = "TOTAL") -> pd.DataFrame:
    """Read QCEW annual-averages CSV files (county or national) into a cluster panel.

    Parameters
    ----------
    path : str or os.PathLike
        One QCEW CSV (BLS "area" data slice or a file of several areas) or a
        folder whose ``*.csv`` files are read in name order. A national file
        (``area_fips`` ``US000``) in the folder makes ``"US000"`` usable as
        the reference region.
    ownership : str
        Ownership of the industry rows: ``"5"`` private (the Cluster
        Mapping convention), ``"0"`` all covered.
    previous_year : bool
        Add the previous year's rows, rebuilt from the ``oty_*_chg`` columns
        (level − change); a suppressed value stays missing.
    total_code : str
        Industry code of the region total (QCEW ``10``, all ownerships).

    Returns
    -------
    pandas.DataFrame
        ``region``, ``year``, ``industry`` (6-digit NAICS as published, i.e.
        NAICS 2017 for 2017–2021 data), ``employment``, ``establishments``,
        their ``_flag`` columns (``suppressed`` where BLS withholds the value)
        and ``lq_employment``: BLS's published employment LQ against the
        United States (missing where not disclosed, and in rebuilt years).
        ``attrs["reference"]`` is ``"US000"`` when the national rows are in.

    Notes
    -----
    Total row: all covered employment of the area (``agglvl`` x0,
    ``own_code`` 0), as in BLS's LQs; industry rows: 6-digit NAICS of the
    chosen ownership (``agglvl`` x8: 18 national, 58 state, 78 county).
    """
    from .readers import read_qcew

    path = Path(path)
    files = sorted(f for f in path.glob("*.csv")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"no QCEW file (*.csv) in folder {path}")
    parts = []
    for f in files:
        raw = pd.read_csv(f, dtype=str, keep_default_na=False)
        df = read_qcew(f)
        parts.append(_select(df, raw, ownership, previous_year, total_code, str(f)))
    out = _standard_naics(pd.concat(parts, ignore_index=True))
    out = validate_panel(out, source=str(path), measures=["employment", "establishments"])
    if (out["region"] == US).any():
        out.attrs["reference"] = US
    return out


def _select(df, raw, ownership, previous_year, total_code, source):
    agg = df["agglvl"].astype(str)
    is_total = (df["industry"] == total_code) & (df["ownership"] == "0") & agg.str.endswith("0")
    is_ind = (df["ownership"] == ownership) & agg.str.endswith("8") & (agg.str.len() == 2)
    keep = (is_total | is_ind).fillna(False).to_numpy(bool)
    if not is_total.any():
        raise DataError([Problem("no 'Total, all industries' row of all ownerships (own_code 0, "
                                 "industry_code 10): use the complete area file")], source)
    cols = ["region", "year", "industry", "employment", "establishments", "employment_flag",
            "establishments_flag"]
    sel = df.loc[keep, cols].copy()
    sel["year"] = pd.to_numeric(sel["year"]).astype("int64")
    lq = pd.to_numeric(raw["lq_annual_avg_emplvl"], errors="coerce") if \
        "lq_annual_avg_emplvl" in raw else pd.Series(np.nan, index=raw.index)
    hidden = (raw.get("lq_disclosure_code", pd.Series("", index=raw.index)) == "N")
    sel["lq_employment"] = lq.mask(hidden | df["employment"].isna()).to_numpy()[keep]
    frames = [sel]
    if previous_year and "oty_annual_avg_emplvl_chg" in raw:
        prev = sel.copy()
        prev["year"] = sel["year"] - 1
        for measure, col in (("employment", "oty_annual_avg_emplvl_chg"),
                             ("establishments", "oty_annual_avg_estabs_chg")):
            chg = pd.to_numeric(raw[col], errors="coerce").to_numpy()[keep]
            bad = raw.get("oty_disclosure_code", pd.Series("", index=raw.index)).to_numpy()[keep]
            prev[measure] = (sel[measure] - chg).where(bad != "N")
            prev[f"{measure}_flag"] = sel[f"{measure}_flag"].mask(
                prev[measure].isna() & sel[f"{measure}_flag"].isna(), "suppressed")
        prev["lq_employment"] = np.nan
        frames.insert(0, prev)
    out = pd.concat(frames, ignore_index=True)
    return out


#: QCEW splits NAICS 238xx0 (specialty trade contractors) into residential (238xx1)
#: and nonresidential (238xx2) codes that NAICS itself does not have.
_QCEW_SPLIT = r"^238\d\d[12]$"


def _standard_naics(df: pd.DataFrame) -> pd.DataFrame:
    """Sum QCEW's residential/nonresidential construction codes into their NAICS code.

    A sum with a missing (suppressed) part is missing and flagged; the BLS LQ of
    a merged code is not known (missing).
    """
    split = df["industry"].str.fullmatch(_QCEW_SPLIT).fillna(False).to_numpy(bool)
    if not split.any():
        return df
    parts = df[split].assign(industry=df.loc[split, "industry"].str[:5] + "0")
    keys = ["region", "year", "industry"]
    g = parts.groupby(keys, sort=False)
    merged = g[["employment", "establishments"]].sum(min_count=1)
    complete = g[["employment", "establishments"]].count() == g.size().to_numpy()[:, None]
    merged = merged.where(complete).reset_index()
    for m in ("employment", "establishments"):
        merged[f"{m}_flag"] = pd.array(np.where(merged[m].isna(), "suppressed", None),
                                       dtype="string")
    merged["lq_employment"] = np.nan
    # a plain NAICS row of the same code (not published by QCEW) is kept as it is
    plain = set(map(tuple, df.loc[~split, keys].astype(str).to_numpy()))
    merged = merged[[tuple(map(str, k)) not in plain
                     for k in merged[keys].to_numpy()]]
    return pd.concat([df[~split], merged[df.columns]], ignore_index=True)


def reference_from_bls_lqs(panel: pd.DataFrame, *, lq: str = "lq_employment",
                           value: str = "employment", total_code: str = "TOTAL",
                           region: str = "region", year: str = "year",
                           industry: str = "industry") -> pd.DataFrame:
    """US reference shares implied by the LQs BLS publishes in QCEW county files.

    Parameters
    ----------
    panel : pandas.DataFrame
        Output of :func:`read_qcew_panel` (one or more counties).
    lq, value, total_code, region, year, industry : str
        Column names and the code of the region-total rows.

    Returns
    -------
    pandas.DataFrame
        A reference table for :func:`~clusteranalysis.location_quotient`,
        :func:`~clusteranalysis.cluster_profile` and
        :func:`~clusteranalysis.aggregate_clusters` + ``classify_clusters``:
        ``year``, ``industry``, ``value`` = the US share of the industry in
        total covered employment, with the ``total_code`` row = 1, plus
        ``lq_source`` (the county whose LQ was used). Only industries with a
        published LQ > 0 in some county appear.

    Notes
    -----
    BLS: :math:`LQ_{ic} = (e_{ic}/e_c)/(E_i/E)` with :math:`e_c` all covered
    employment of the county, so :math:`E_i/E = (e_{ic}/e_c)/LQ_{ic}`. Each
    industry's share is taken from the county with the largest LQ, where the
    two-decimal rounding of the published LQ matters least (relative error ≤
    0.005/LQ: 0.5 % at LQ 1, 5 % at LQ 0.1).

    How exact a cluster's reference is: industries that none of the given
    counties has (or whose values BLS withholds) have no implied share, so a
    cluster's reference share is a lower bound and its LQ an upper bound.
    The more counties (a whole state), the smaller the gap; a national QCEW
    file (``US000``) gives exact LQs.

    Examples
    --------
    >>> p = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                   "industry": ["111", "TOTAL", "111", "TOTAL"],
    ...                   "employment": [20.0, 1000.0, 5.0, 500.0],
    ...                   "lq_employment": [2.0, 1.0, 1.0, 1.0]})
    >>> reference_from_bls_lqs(p)[["year", "industry", "employment"]]
       year industry  employment
    0  2020      111        0.01
    1  2020    TOTAL        1.00
    """
    need = [c for c in (region, year, industry, value, lq) if c not in panel.columns]
    if need:
        raise DataError([Problem(f"missing column(s): {', '.join(need)}")])
    tot = panel[panel[industry] == total_code].set_index([region, year])[value]
    ind = panel[(panel[industry] != total_code) & (panel[lq] > 0) & panel[value].notna()]
    if ind.empty:
        raise DataError([Problem("no published LQ > 0: cannot derive a US reference", column=lq)])
    e_c = tot.reindex(pd.MultiIndex.from_frame(ind[[region, year]])).to_numpy()
    share = ind[value].to_numpy() / e_c / ind[lq].to_numpy()
    est = pd.DataFrame({year: ind[year].to_numpy(), industry: ind[industry].to_numpy(),
                        value: share, "lq_source": ind[region].to_numpy(),
                        "_lq": ind[lq].to_numpy()}).dropna(subset=[value])
    best = est.sort_values("_lq", ascending=False).drop_duplicates([year, industry])
    totals = pd.DataFrame({year: sorted(best[year].unique()), industry: total_code,
                           value: 1.0, "lq_source": None})
    out = pd.concat([best.drop(columns="_lq"), totals], ignore_index=True)
    out = out.sort_values([year, industry]).reset_index(drop=True)
    return out.astype({industry: "string", "lq_source": "string"})
