"""BLS QCEW open-data CSV (annual averages) → tidy panel.

The Quarterly Census of Employment and Wages publishes "CSV data slices"
(by area or by industry) and annual "singlefile"/"by_area" CSVs with the
columns ``area_fips, own_code, industry_code, agglvl_code, size_code, year,
qtr, disclosure_code, annual_avg_estabs, annual_avg_emplvl,
total_annual_wages, ...``; see ``docs/readers.md``.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem
from ._common import Problems, decode, raise_if, read_bytes, source_name, validated

#: QCEW columns → measure names of the tidy panel.
MEASURES = {"annual_avg_emplvl": "employment", "annual_avg_estabs": "establishments",
            "total_annual_wages": "wages"}
#: Measures that BLS withholds when ``disclosure_code == "N"`` (the file shows
#: 0). Establishment counts are not confidential and stay as published.
WITHHELD = ("employment", "wages")
REQUIRED = ("area_fips", "own_code", "industry_code", "agglvl_code", "year", "qtr",
            "disclosure_code", *MEASURES)
#: QCEW ownership codes.
OWNERSHIP = {"0": "total covered", "1": "federal government", "2": "state government",
             "3": "local government", "5": "private", "8": "total government",
             "9": "total U.I. covered (excludes federal)"}


def read_qcew(path, *, ownership=None, total_code: str = "TOTAL",
              encoding: str | None = None) -> pd.DataFrame:
    """Read a BLS QCEW annual-averages CSV into a tidy panel.

    Parameters
    ----------
    path : str, os.PathLike, bytes or binary file
        A QCEW open-data CSV with annual averages (``qtr == "A"``); extra
        columns (``area_title``, ``industry_title``, ``lq_*``, ``oty_*``)
        are allowed.
    ownership : str or list of str, optional
        Keep only these ownership codes (``"0"`` total covered, ``"5"``
        private, ``"1"``/``"2"``/``"3"`` federal/state/local government).
    total_code : str
        Industry code given to QCEW's ``10`` ("Total, all industries").
    encoding : str, optional
        By default UTF-8 (ISO-8859-1 as a fallback).

    Returns
    -------
    pandas.DataFrame
        ``region`` (``area_fips`` as text: ``"39049"``, ``"US000"``),
        ``ownership`` (``own_code``), ``agglvl`` (``agglvl_code``), ``year``,
        ``industry`` (``industry_code``; ``10`` → ``total_code``),
        ``employment`` (``annual_avg_emplvl``), ``establishments``
        (``annual_avg_estabs``), ``wages`` (``total_annual_wages``, USD) and
        their ``_flag`` columns; ``name`` and ``industry_title`` when the
        file has ``area_title`` / ``industry_title``.

        Rows with ``disclosure_code == "N"`` show 0 in the file; here their
        employment and wages are missing with flag ``suppressed``.

    Notes
    -----
    Region × year × industry is unique only within one ownership: the
    industry ``TOTAL`` appears once per ownership. Each ownership is
    validated as a panel of its own; select one (``ownership="5"``) before
    computing metrics, and never sum ownerships 1/2/3/5 together with 0.

    BLS computes its published location quotients as (county industry
    employment / county total covered employment, all ownerships) ÷ (U.S.
    industry employment / U.S. total covered employment). The U.S. totals
    are not in a county file, so the reader cannot compute them; pass them
    to :func:`~clusteranalysis.location_quotient` as ``reference``.
    """
    source = source_name(path)
    text = decode(read_bytes(path), source, encoding)
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError([Problem(f"not a readable CSV file: {exc}")], source) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        hint = (" — this is a quarterly file (month*_emplvl); download the annual averages"
                if "month1_emplvl" in raw.columns else "")
        raise DataError([Problem(f"not a QCEW annual-averages file: missing column(s) "
                                 f"{', '.join(missing)}{hint}", rows=(1,), unit="line")], source)
    if raw.empty:
        raise DataError([Problem("no data rows: the file holds only the header line",
                                 rows=(1,), unit="line")], source)
    lines = np.arange(len(raw)) + 2
    problems = Problems()
    widths = np.array([len(r) for r in csv.reader(io.StringIO(text)) if r][1:])
    if len(widths) == len(raw) and (widths != raw.shape[1]).any():
        short = widths != raw.shape[1]
        problems.add(f"{widths[short][0]} fields where the header has {raw.shape[1]} (the "
                     "line is cut off or changed)", line=list(lines[short]))
    raw = raw.fillna("").apply(lambda s: s.str.strip())

    def bad(mask, message, column):
        if mask.any():
            problems.add(message, line=list(lines[np.asarray(mask)]), column=column)

    bad(raw["qtr"] != "A", "not an annual average (qtr must be 'A')", "qtr")
    bad(~raw["disclosure_code"].isin(["", "N"]), "unknown disclosure code (known: '' and 'N')",
        "disclosure_code")
    bad(raw["area_fips"] == "", "missing area_fips", "area_fips")
    if "size_code" in raw and raw["size_code"].nunique() > 1:
        problems.add("several establishment size classes (size_code); select one first",
                     column="size_code")
    if ownership is not None:
        keep = raw["own_code"].isin([ownership] if isinstance(ownership, str) else ownership)
        raw, lines = raw[keep.to_numpy()].reset_index(drop=True), lines[keep.to_numpy()]
        if raw.empty:
            problems.add(f"no rows with own_code {ownership!r}")
    values = {}
    for col, name in MEASURES.items():
        num = pd.to_numeric(raw[col], errors="coerce")
        bad(num.isna(), f"non-numeric value in {col}", col)
        values[name] = num.astype("float64")
    raise_if(problems, source)

    withheld = (raw["disclosure_code"] == "N").to_numpy()
    df = pd.DataFrame({
        "region": raw["area_fips"].astype("string"),
        "ownership": raw["own_code"].astype("string"),
        "agglvl": raw["agglvl_code"].astype("string"),
        "year": raw["year"],
        "industry": raw["industry_code"].replace("10", total_code).astype("string"),
    })
    if "area_title" in raw:
        df.insert(1, "name", raw["area_title"].astype("string"))
    if "industry_title" in raw:
        df["industry_title"] = raw["industry_title"].astype("string")
    for name, v in values.items():
        if name in WITHHELD:
            v = v.mask(withheld)
        df[name] = v
    for name in values:
        flag = np.where(withheld, "suppressed", None) if name in WITHHELD else [None] * len(df)
        df[f"{name}_flag"] = pd.array(list(flag), dtype="string")

    parts = []
    for own, idx in df.groupby("ownership", sort=False).indices.items():
        parts.append(validated(df.iloc[idx].reset_index(drop=True), lines[idx], source,
                               list(values)).set_index(pd.Index(idx)))
    out = pd.concat(parts).sort_index().reset_index(drop=True)
    out.attrs["ownership"] = {o: OWNERSHIP.get(o, "?") for o in out["ownership"].unique()}
    return out
