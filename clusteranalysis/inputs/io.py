"""Reading and writing tidy panels as CSV (I/O only, no metrics)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from clusteranalysis._atomic import atomic_path
from clusteranalysis.errors import DataError, Problem
from .validate import ATTRIBUTE_COLUMNS, validate_panel

KEY_COLUMNS = ("region", "year", "industry")
#: ``old=new`` pairs of column names, comma separated (``data_columns`` of a report)
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
COLUMN_MAP_PATTERN = rf"^({_NAME}={_NAME}(,{_NAME}={_NAME})*)?$"
DATA_FORMATS = ("tidy", "genesis", "qcew")


def parse_column_map(text: str) -> dict[str, str]:
    """``"ags=region,total=employment"`` as a mapping; names must be identifiers.

    Examples
    --------
    >>> parse_column_map("ags=region, wz_code=industry")
    {'ags': 'region', 'wz_code': 'industry'}
    >>> parse_column_map("")
    {}
    """
    import re

    text = "".join(text.split())
    if not re.fullmatch(COLUMN_MAP_PATTERN, text):
        raise ValueError(f"column map {text!r} is not of the form old=new,old=new "
                         "(names are letters, digits and underscores)")
    return dict(pair.split("=") for pair in text.split(",")) if text else {}


def read_data(path: str | os.PathLike, *, format: str = "tidy", columns: str | dict = "",
              **kw) -> pd.DataFrame:
    """Read a panel in one of the supported formats: the entry point of the reports.

    Parameters
    ----------
    path : str or os.PathLike
        A tidy CSV, a GENESIS/Regionalstatistik CSV export, or a folder of
        GENESIS exports (e.g. one file per year, as downloaded); the folder's
        ``*.csv`` files are read in name order and stacked. For ``"qcew"``:
        a BLS QCEW annual-averages CSV or a folder of them (county files, and
        optionally the national file ``US000`` as reference).
    format : {"tidy", "genesis", "qcew"}
        File format; ``"qcew"`` reads with
        :func:`clusteranalysis.inputs.us.read_qcew_panel` (private 6-digit
        NAICS industries, all-ownership totals, previous year rebuilt, BLS's
        published LQs in ``lq_employment``).
    columns : str or dict
        Renames applied before validation, e.g.
        ``"ags=region,wz_code=industry,total=employment"`` (tidy files whose
        columns have other names).
    **kw
        Passed to :func:`read_panel` or :func:`clusteranalysis.read_genesis`.

    Returns
    -------
    pandas.DataFrame
        The validated panel; for GENESIS exports ``attrs`` keeps ``table``,
        ``dropped`` and the (last file's) ``footnotes`` with the licence notice.
    """
    if format not in DATA_FORMATS:
        raise ValueError(f"data format must be one of {', '.join(DATA_FORMATS)}, not {format!r}")
    renames = parse_column_map(columns) if isinstance(columns, str) else dict(columns)
    path = Path(path)
    if format == "qcew":
        from .us import read_qcew_panel

        df = read_qcew_panel(path, **kw)
        return validate_panel(df.rename(columns=renames), source=str(path),
                              measures=["employment", "establishments"]) if renames else df
    if format == "genesis":
        from .readers import read_genesis

        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        if not files:
            raise FileNotFoundError(f"no GENESIS export (*.csv) in folder {path}")
        frames = [read_genesis(f, **kw) for f in files]
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if renames:
            df = df.rename(columns=renames)
        out = validate_panel(df, source=str(path)) if len(frames) > 1 or renames else df
        # keep what the exports say about themselves (the last file's footnotes and licence)
        tables = list(dict.fromkeys(f.attrs.get("table") for f in frames))
        out.attrs = {**frames[-1].attrs, "table": ", ".join(map(str, tables)),
                     "dropped": [d for f in frames for d in f.attrs.get("dropped", [])]}
        return out
    return read_panel(path, columns=renames, **kw)


def read_panel(path: str | os.PathLike, *, columns: dict | None = None,
               **validate_kw) -> pd.DataFrame:
    """Read a tidy panel CSV and validate it.

    Codes are read as text, so ``01001`` keeps its leading zero; empty cells
    are missing (never 0); flag columns are read as text. Problems are
    reported with the file name and file line numbers.

    Parameters
    ----------
    path : str or os.PathLike
        UTF-8 CSV with the columns of the tidy panel (see
        ``docs/conventions.md``).
    columns : dict, optional
        Column renames applied before validation (``{"ags": "region"}``).
    **validate_kw
        Passed to :func:`validate_panel` (e.g. ``measures=[...]``).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "p.csv"
    >>> _ = f.write_text("region,year,industry,employment\\n01001,2020,29,10\\n")
    >>> read_panel(f)["region"].tolist()
    ['01001']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"panel file not found: {path}")
    try:
        head = pd.read_csv(path, nrows=0, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(f"not UTF-8 encoded ({exc.reason} at byte {exc.start})")],
                        source=str(path)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError([Problem(f"not a readable CSV file: {exc}")], source=str(path)) from None
    columns = dict(columns or {})
    missing = [c for c in columns if c not in head.columns]
    if missing:
        raise DataError([Problem(f"column(s) to rename not in the file: {', '.join(missing)}")],
                        source=str(path))
    final = {c: columns.get(c, c) for c in head.columns}
    text_cols = {c: "string" for c, new in final.items()
                 if new in ("region", "industry", *ATTRIBUTE_COLUMNS) or str(new).endswith("_flag")}
    try:
        df = pd.read_csv(path, dtype=text_cols, encoding="utf-8", keep_default_na=False,
                         na_values={c: [""] for c in head.columns})
    except UnicodeDecodeError as exc:
        raise DataError([Problem(f"not UTF-8 encoded ({exc.reason} at byte {exc.start})")],
                        source=str(path)) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError([Problem(f"not a readable CSV file: {exc}")], source=str(path)) from None
    if columns:
        df = df.rename(columns=columns)
    return validate_panel(df, source=str(path), row_base=2, unit="line", **validate_kw)


def write_panel(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a tidy panel as UTF-8 CSV, atomically (no half-written file).

    Missing values and flags are written as empty cells; floats keep full
    precision, so :func:`read_panel` gives back every value and flag.
    """
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n", float_format="%.17g")
