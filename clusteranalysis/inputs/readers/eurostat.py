"""Eurostat downloads (TSV, SDMX-CSV, long CSV) → tidy panel.

Three layouts are recognised from the first line:

TSV (bulk download, ``?format=TSV``)::

    unit,nace_r2,geo\\time<TAB>2016 <TAB>2015 
    THS_PER,A,AT<TAB>28.3 <TAB>27.9 p
    THS_PER,A,BE<TAB>: c<TAB>: 

SDMX-CSV (``?format=SDMX-CSV``)::

    DATAFLOW,LAST UPDATE,freq,unit,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG
    ESTAT:NAMA_10R_3EMPERS(1.0),18/04/24 23:00:00,A,THS,TOTAL,DE11,2020,2345.6,p

Long CSV (one observation a row, e.g. from R's ``eurostat`` package):
dimension columns, ``time`` and one value column (``values`` or the only
numeric column), optionally ``flags``.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem
from ._common import Problems, decode, raise_if, read_bytes, source_name, validated

#: Eurostat flags → flag of the tidy panel (None: known, no flag of ours).
FLAGS = {"c": "suppressed", "b": "break", "e": "estimated", "s": "estimated",
         "f": "estimated", "p": "provisional", "u": None, "n": None, "r": None,
         "d": None, "z": None, "i": None, "m": None}
#: When an observation carries several flags, the first of these wins.
PRIORITY = ("suppressed", "break", "estimated", "provisional")
#: SDMX ``CONF_STATUS`` codes that withhold the value.
CONFIDENTIAL = {"C", "D", "N", "S"}

_TIME = ("TIME_PERIOD", "time", "TIME", "Time")
_VALUE = ("OBS_VALUE", "values", "value", "VALUE")
_FLAG = ("OBS_FLAG", "flags", "flag")
_META = ("DATAFLOW", "LAST UPDATE", "STRUCTURE", "STRUCTURE_ID", "ACTION")
_TSV_CELL = re.compile(r"^(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|:)\s*(?P<flags>[a-z]*)$")


def read_eurostat(path, *, value: str = "employment", region: str = "geo",
                  industry: str | None = "nace_r2", select=None,
                  value_column: str | None = None,
                  encoding: str | None = None) -> pd.DataFrame:
    """Read a Eurostat TSV, SDMX-CSV or long CSV download into a tidy panel.

    Parameters
    ----------
    path : str, os.PathLike, bytes or binary file
        The download; ``.gz`` content is decompressed.
    value : str
        Name of the measure column (Eurostat's unit is kept in ``unit``).
    region, industry : str
        Dimensions that become ``region`` (NUTS or country code) and
        ``industry`` (NACE Rev. 2 code as published: ``B-E``, ``M_N``,
        ``C10-C12``, ``TOTAL``). ``industry=None`` (or a dataset without
        it) gives ``"TOTAL"``.
    select : dict, optional
        Keep only observations with these dimension values
        (``{"unit": "THS_PER", "na_item": "SAL_DC"}``; a value may be a list).
        After selecting, every other dimension must have one value.
    value_column : str, optional
        Column of the observations in a long CSV (default: ``OBS_VALUE``,
        ``values`` or the only numeric column).
    encoding : str, optional
        By default UTF-8.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``year``, ``industry``, ``value``, ``<value>_flag``,
        ``obs_flag`` (Eurostat's flags as published) and the remaining
        dimensions (``unit``, ``freq``, ...) as text columns.

    Notes
    -----
    ``:`` is a missing value; ``c`` (confidential) → missing, flag
    ``suppressed``; ``p`` → ``provisional``; ``e``, ``s`` (Eurostat
    estimate), ``f`` (forecast) → ``estimated``; ``b`` → ``break``; other
    Eurostat flags (u, n, r, d, z, i) are kept only in ``obs_flag``. With
    several flags the first in suppressed, break, estimated, provisional wins.
    Only annual data is read.
    """
    source = source_name(path)
    data = read_bytes(path)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise DataError([Problem(f"broken gzip file: {exc}")], source) from None
    text = decode(data, source, encoding, fallback=None)
    first = text.split("\n", 1)[0]
    problems = Problems()
    if "\t" in first and "\\" in first.split("\t", 1)[0]:
        obs = _tsv(text, problems)
    else:
        obs = _csv(text, value_column, problems)
    raise_if(problems, source)
    return _panel(obs, value, region, industry, select, source)


def _tsv(text, problems):
    """Observations of a TSV: dims dict, time, value, flags, line."""
    lines = text.split("\n")
    head = lines[0].split("\t")
    dims_part, time_name = head[0].split("\\", 1)
    dims = [d.strip() for d in dims_part.split(",")]
    times = [t.strip() for t in head[1:]]
    rows = {d: [] for d in dims}
    out = {"time": [], "value": [], "flags": [], "line": []}
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        keys = cells[0].split(",")
        if len(keys) != len(dims) or len(cells) != len(times) + 1:
            problems.add(f"{len(keys)} key parts and {len(cells) - 1} values where the "
                         f"header has {len(dims)} and {len(times)} (cut off or changed?)",
                         line=n)
            continue
        for t, cell in zip(times, cells[1:]):
            m = _TSV_CELL.match(cell.strip())
            if not m:
                problems.add(f"{cell.strip()!r} is not a Eurostat value (number or ':' with "
                             "flags such as 'p', 'e', 'c')", line=n, column=t)
                continue
            for d, k in zip(dims, keys):
                rows[d].append(k.strip())
            out["time"].append(t)
            out["value"].append(math.nan if m.group("num") == ":" else float(m.group("num")))
            out["flags"].append(m.group("flags"))
            out["line"].append(n)
        if problems.full:
            break
    return {**rows, **out}, dims


def _csv(text, value_column, problems):
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        problems.add(f"not readable as CSV: {exc}", line=reader.line_num)
        return {}, []
    if not rows:
        problems.add("the file is empty", line=1)
        return {}, []
    head = [h.strip() for h in rows[0]]
    time_col = next((c for c in _TIME if c in head), None)
    if time_col is None:
        problems.add("no time column (TIME_PERIOD or time): not a Eurostat SDMX-CSV or long "
                     f"CSV; header: {','.join(head)[:100]!r}", line=1)
        return {}, []
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    linenos = [i for i, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    value_col = value_column or next((c for c in _VALUE if c in head), None)
    flag_col = next((c for c in _FLAG if c in head), None)
    skip = {time_col, flag_col, "CONF_STATUS", *_META}
    if value_col is None:
        numeric = [c for j, c in enumerate(head) if c not in skip and all(
            _is_number(r[j]) for r in body if j < len(r))]
        if len(numeric) != 1:
            problems.add("cannot tell the value column; pass value_column=... (numeric "
                         f"columns: {', '.join(numeric) or 'none'})", line=1)
            return {}, []
        value_col = numeric[0]
    if value_col not in head:
        problems.add(f"no column {value_col!r}", line=1)
        return {}, []
    dims = [c for c in head if c not in skip | {value_col}]
    out = {d: [] for d in dims} | {"time": [], "value": [], "flags": [], "line": []}
    conf = head.index("CONF_STATUS") if "CONF_STATUS" in head else None
    for n, r in zip(linenos, body):
        if len(r) != len(head):
            problems.add(f"{len(r)} cells where the header has {len(head)} (cut off or "
                         "changed?)", line=n)
            continue
        cell = dict(zip(head, (c.strip() for c in r)))
        raw = cell[value_col]
        if raw in ("", ":"):
            v = math.nan
        elif _is_number(raw):
            v = float(raw)
        else:
            problems.add(f"non-numeric value {raw!r}", line=n, column=value_col)
            continue
        flags = cell.get(flag_col, "") if flag_col else ""
        if conf is not None and cell["CONF_STATUS"]:
            if cell["CONF_STATUS"] not in CONFIDENTIAL | {"F"}:
                problems.add(f"unknown CONF_STATUS {cell['CONF_STATUS']!r}", line=n)
            elif cell["CONF_STATUS"] in CONFIDENTIAL:
                flags += "c"
        for d in dims:
            out[d].append(cell[d])
        out["time"].append(cell[time_col])
        out["value"].append(v)
        out["flags"].append(flags.replace(" ", ""))
        out["line"].append(n)
        if problems.full:
            break
    return out, dims


def _is_number(s: str) -> bool:
    s = s.strip()
    if s in ("", ":"):
        return True
    try:
        float(s)
    except ValueError:
        return False
    return True


def _panel(parsed, value, region, industry, select, source):
    obs, dims = parsed
    df = pd.DataFrame(obs)
    lines = df.pop("line").to_numpy()
    problems = Problems()
    if region not in dims:
        raise DataError([Problem(f"no {region!r} dimension (dimensions: {', '.join(dims)})",
                                 rows=(1,), unit="line")], source)
    for dim, wanted in (select or {}).items():
        if dim not in dims:
            raise DataError([Problem(f"select= names {dim!r}, not a dimension of the file "
                                     f"({', '.join(dims)})")], source)
        keep = df[dim].isin([wanted] if isinstance(wanted, str) else list(wanted)).to_numpy()
        df, lines = df[keep].reset_index(drop=True), lines[keep]
    if df.empty:
        raise DataError([Problem(f"no observations left after select={select!r}")], source)
    has_industry = industry is not None and industry in dims
    others = [d for d in dims if d not in (region, industry)]
    varying = {d: sorted(df[d].unique()) for d in others if df[d].nunique() > 1}
    if varying:
        what = "; ".join(f"{d}: {', '.join(v[:6])}{' ...' if len(v) > 6 else ''}"
                         for d, v in varying.items())
        raise DataError([Problem(f"several values of other dimensions ({what}); choose one "
                                 f"with select={{{next(iter(varying))!r}: ...}}")], source)
    years = pd.to_numeric(df["time"].str.strip(), errors="coerce")
    bad = years.isna() | ~df["time"].str.strip().str.fullmatch(r"\d{4}")
    if bad.any():
        problems.add(f"not annual data: time {df['time'][bad].iloc[0]!r} (this reader makes "
                     "annual panels)", line=sorted(set(lines[bad.to_numpy()]))[:10])
    flags = []
    for n, f in zip(lines, df["flags"]):
        unknown = [c for c in f if c not in FLAGS]
        if unknown:
            problems.add(f"unknown Eurostat flag {''.join(unknown)!r} (known: "
                         + ", ".join(sorted(FLAGS)) + ")", line=n)
        ours = {FLAGS.get(c) for c in f}
        flags.append(next((p for p in PRIORITY if p in ours), None))
        if problems.full:
            break
    raise_if(problems, source)
    flag = pd.array(flags, dtype="string")
    v = df["value"].astype("float64").to_numpy()
    v = np.where([f == "suppressed" for f in flags], np.nan, v)
    out = pd.DataFrame({
        "region": df[region].astype("string"),
        "year": years.astype("int64"),
        "industry": (df[industry] if has_industry else pd.Series(["TOTAL"] * len(df))
                     ).astype("string"),
        value: v,
        f"{value}_flag": flag,
        "obs_flag": pd.array([f or None for f in df["flags"]], dtype="string"),
    })
    for d in others:
        out[d] = pd.array(df[d].tolist(), dtype="string")
    return validated(out, lines, source, [value])
