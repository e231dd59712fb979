"""Reading and writing tidy panels as CSV (I/O only, no metrics)."""

from __future__ import annotations

import csv
import os
import warnings
from pathlib import Path

import pandas as pd

from clusteranalysis._atomic import atomic_path
from clusteranalysis.errors import DataError, Problem
from ._files import require_file
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
    path = require_file(path, "panel file")
    header = _header(path)
    columns = dict(columns or {})
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError([Problem(f"column(s) to rename not in the file: {', '.join(missing)}")],
                        source=str(path))
    final = {c: columns.get(c, c) for c in header}
    text_cols = {c: "string" for c, new in final.items()
                 if new in ("region", "industry", *ATTRIBUTE_COLUMNS) or str(new).endswith("_flag")}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(path, dtype=text_cols, encoding="utf-8", keep_default_na=False,
                             na_values={c: [""] for c in header}, index_col=False)
    except UnicodeDecodeError:
        raise DataError([_not_utf8(path)], source=str(path)) from None
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        _check_widths(path, len(header))  # names the line when a record is too long
        raise DataError([Problem(f"not a readable CSV file: {' '.join(str(exc).split())}")],
                        source=str(path)) from None
    if len(header) > 1 and len(df) and df.iloc[:, -1].isna().any():
        _check_widths(path, len(header))  # a cut-off line is padded with NaN by pandas
    if columns:
        df = df.rename(columns=columns)
    return validate_panel(df, source=str(path), row_base=2, unit="line", **validate_kw)


def _not_utf8(path: Path) -> Problem:
    """The first byte that is not UTF-8, by file line (pandas reports a chunk offset)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Problem(f"not UTF-8 encoded (byte 0x{data[exc.start]:02x} at offset "
                       f"{exc.start} cannot be decoded); save the file as UTF-8",
                       rows=(line,), unit="line")
    return Problem("not UTF-8 encoded; save the file as UTF-8")


def _header(path: Path) -> list[str]:
    """Column names of the first line; duplicated or missing names are refused."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except UnicodeDecodeError:
        raise DataError([_not_utf8(path)], source=str(path)) from None
    except csv.Error as exc:
        raise DataError([Problem(f"not a readable CSV file: {exc}", rows=(1,), unit="line")],
                        source=str(path)) from None
    if not header:
        raise DataError([Problem("the file is empty (no header line)", rows=(1,), unit="line")],
                        source=str(path))
    problems = []
    dup = list(dict.fromkeys(c for c in header if header.count(c) > 1))
    if dup:
        problems.append(Problem("column name(s) occur more than once: "
                                + ", ".join(repr(c[:40]) for c in dup[:5]), rows=(1,),
                                unit="line"))
    if any(not c.strip() for c in header):
        problems.append(Problem("a column has no name", rows=(1,), unit="line"))
    if problems:
        raise DataError(problems, source=str(path))
    return header


def _check_widths(path: Path, width: int) -> None:
    """Refuse records with more or fewer fields than the header (cut-off lines)."""
    short, counts = [], []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        start = reader.line_num + 1
        for rec in reader:
            if rec and len(rec) != width:
                short.append(start)
                counts.append(len(rec))
            start = reader.line_num + 1
    if short:
        why = ("the line is cut off (write an empty field for a missing value, e.g. "
               "'14700,2020,29,')" if counts[0] < width else "a value too many, or a comma "
               "inside an unquoted value")
        raise DataError([Problem(
            f"{counts[0]} field{'s' if counts[0] != 1 else ''} where the header has {width}: "
            + why, rows=tuple(short), unit="line")], source=str(path))


def write_panel(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a tidy panel as UTF-8 CSV, atomically (no half-written file).

    Missing values and flags are written as empty cells; floats keep full
    precision, so :func:`read_panel` gives back every value and flag.
    """
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n", float_format="%.17g")
