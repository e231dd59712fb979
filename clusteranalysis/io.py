"""Reading and writing tidy panels as CSV (I/O only, no metrics)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ._atomic import atomic_path
from .errors import DataError, Problem
from .validate import ATTRIBUTE_COLUMNS, validate_panel

KEY_COLUMNS = ("region", "year", "industry")


def read_panel(path: str | os.PathLike, **validate_kw) -> pd.DataFrame:
    """Read a tidy panel CSV and validate it.

    Codes are read as text, so ``01001`` keeps its leading zero; empty cells
    are missing (never 0); flag columns are read as text. Problems are
    reported with the file name and file line numbers.

    Parameters
    ----------
    path : str or os.PathLike
        UTF-8 CSV with the columns of the tidy panel (see
        ``docs/conventions.md``).
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
    text_cols = {c: "string" for c in head.columns
                 if c in ("region", "industry", *ATTRIBUTE_COLUMNS) or str(c).endswith("_flag")}
    try:
        df = pd.read_csv(path, dtype=text_cols, encoding="utf-8", keep_default_na=False,
                         na_values={c: [""] for c in head.columns})
    except UnicodeDecodeError as exc:
        raise DataError([Problem(f"not UTF-8 encoded ({exc.reason} at byte {exc.start})")],
                        source=str(path)) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError([Problem(f"not a readable CSV file: {exc}")], source=str(path)) from None
    return validate_panel(df, source=str(path), row_base=2, unit="line", **validate_kw)


def write_panel(df: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a tidy panel as UTF-8 CSV, atomically (no half-written file).

    Missing values and flags are written as empty cells; floats keep full
    precision, so :func:`read_panel` gives back every value and flag.
    """
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n", float_format="%.17g")
