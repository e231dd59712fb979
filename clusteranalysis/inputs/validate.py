"""Validation of the tidy panel that enters the library.

Every check is vectorised and every problem is collected, so one
:class:`~clusteranalysis.DataError` reports them all at once with row numbers
and column names.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem

#: Measures that are counts of persons or units and can never be negative.
COUNT_MEASURES = ("employment", "establishments")
#: The measures the library knows by name (further numeric measures are allowed).
KNOWN_MEASURES = ("employment", "establishments", "tax")
#: Descriptive columns that official tables carry beside the keys; never measures,
#: read as text (QCEW ownership and aggregation-level codes are codes, not counts).
ATTRIBUTE_COLUMNS = ("name", "level", "ownership", "agglvl", "size_code", "unit",
                     "sector_label", "industry_title")
#: Values allowed in a ``<measure>_flag`` column.
FLAG_VALUES = ("suppressed", "estimated", "zero", "imputed", "provisional", "break")
#: Lengths of all-digit region codes that no official scheme uses (German AGS
#: has 2, 3, 5, 8, 9 or 12 digits, US FIPS 2 or 5): a code of this length has
#: most probably lost a leading zero (``"01001"`` read as the number 1001).
SUSPICIOUS_CODE_LENGTHS = (1, 4, 7)
#: Plausible years of a panel (inclusive): a whole number outside this range is a
#: typing or parsing error (``1e20``, ``99999``, ``-1``, nanoseconds of a date).
YEAR_RANGE = (1800, 2200)
#: Largest plausible count (persons, establishments): more than the world's
#: population is a unit or parsing error.
MAX_COUNT = 1e10
#: Largest plausible magnitude of any other measure (amounts in euros or dollars:
#: world GDP is about 1e14); beyond it sums overflow towards ``inf``.
MAX_AMOUNT = 1e15


def _rows(mask, base: int) -> tuple[int, ...]:
    return tuple(int(i) + base for i in np.flatnonzero(np.asarray(mask)))


def measure_columns(df: pd.DataFrame, keys=("region", "year", "industry")) -> list[str]:
    """Measure columns of a panel: the known measures present, then any other
    numeric column that is not a key and not a flag column.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["01"], "year": [2020], "industry": ["29"],
    ...                    "employment": [10.0], "name": ["A"], "gdp": [1.5]})
    >>> measure_columns(df)
    ['employment', 'gdp']
    """
    known = [m for m in KNOWN_MEASURES if m in df.columns]
    other = [
        c for c in df.columns
        if c not in known and c not in keys and not str(c).endswith("_flag")
        and c not in ATTRIBUTE_COLUMNS
        and pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
    ]
    return known + other


def _check_code(df, col, base, problems, *, is_region):
    """Codes are text, present, without surrounding spaces; region codes keep their zeros.

    The checks run on the distinct codes (a few thousand even in a panel of
    millions of rows) and are mapped back to the rows.
    """
    s = df[col]
    if pd.api.types.is_numeric_dtype(s):
        msg = "codes must be text, not numbers"
        if is_region:
            msg += " (numeric region codes lose their leading zeros: '01001' becomes 1001)"
        problems.append(Problem(msg + "; read the column with dtype=str", column=col))
        return s.astype("string")
    s = s.astype("string")
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    u = pd.Series(uniq, dtype="string")
    stripped = u.str.strip()

    def rows_of(mask_u, na=False):
        """Row mask of the rows whose distinct code is flagged (``na``: missing codes)."""
        return np.append(np.asarray(mask_u, dtype=bool), na)[codes]

    blank = (stripped == "").fillna(True).to_numpy(bool)
    missing = rows_of(blank, na=True)
    if missing.any():
        problems.append(Problem("missing code", column=col, rows=_rows(missing, base)))
    padded_u = (u != stripped).fillna(False).to_numpy(bool) & ~blank
    if padded_u.any():
        examples = ", ".join(repr(v) for v in u[padded_u].head(5))
        problems.append(Problem(
            f"codes with leading or trailing spaces ({examples}): '14700 ' and '14700' "
            "would be different regions; remove the spaces in the file",
            column=col, rows=_rows(rows_of(padded_u), base)))
    if is_region:
        digits = u.str.fullmatch(r"\d+").fillna(False)
        bad_len = digits & u.str.len().isin(SUSPICIOUS_CODE_LENGTHS).fillna(False)
        floaty = u.str.fullmatch(r"\d+\.0+").fillna(False)
        bad_u = (bad_len | floaty).to_numpy(bool)
        if bad_u.any():
            examples = ", ".join(sorted(u[bad_u])[:5])
            problems.append(Problem(
                f"numeric region codes that may have lost leading zeros ({examples}); "
                "German AGS and US FIPS codes have 2, 3, 5 or 8 digits",
                column=col, rows=_rows(rows_of(bad_u), base)))
    return s


def validate_panel(
    df: pd.DataFrame,
    *,
    region: str = "region",
    year: str = "year",
    industry: str = "industry",
    measures=None,
    total_code: str = "TOTAL",
    source: str | None = None,
    row_base: int = 0,
    unit: str = "row",
) -> pd.DataFrame:
    """Check a tidy panel and return it with normalised dtypes.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per region × year × industry.
    region, year, industry : str
        Key column names.
    measures : list of str, optional
        Measure columns; by default :func:`measure_columns`.
    total_code : str
        Industry code of the region-total row.
    source : str, optional
        File name, named in the error message.
    row_base, unit : int, str
        How row numbers are reported: ``row_base=0, unit="row"`` gives
        0-based positions; a CSV reader passes ``row_base=2, unit="line"`` so
        that the numbers are line numbers in the file.

    Returns
    -------
    pandas.DataFrame
        A copy with ``region``/``industry`` as string dtype, ``year`` as int64,
        measures as float64 and flag columns as string dtype.

    Raises
    ------
    DataError
        Listing every problem: missing or duplicated columns, wrong types,
        negative counts, infinite values, values beyond the plausibility
        bounds (:data:`MAX_COUNT` for counts, :data:`MAX_AMOUNT` for other
        measures), duplicated keys, years that are not whole numbers in
        :data:`YEAR_RANGE` (or are dates), codes with leading or trailing
        spaces, region codes that may have lost leading zeros, empty tables,
        unknown flags, suppressed cells holding a value, and a region total
        smaller than one of its industries.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["01", "01"], "year": [2020, 2020],
    ...                    "industry": ["29", "TOTAL"], "employment": [5, 4]})
    >>> validate_panel(df)
    Traceback (most recent call last):
    ...
    clusteranalysis.errors.DataError: 1 problem found:
      - [column 'employment'; row 1] region total (industry 'TOTAL') is smaller than industry '29' (5 > 4)
    """
    problems: list[Problem] = []
    if not isinstance(df, pd.DataFrame):
        raise DataError([Problem(f"expected a pandas DataFrame, got {type(df).__name__}")], source)
    dup_cols = df.columns[df.columns.duplicated()]
    if len(dup_cols):
        raise DataError([Problem("column name(s) occur more than once: "
                                 + ", ".join(repr(str(c)) for c in dict.fromkeys(dup_cols)))],
                        source)
    keys = [region, year, industry]
    missing = [c for c in keys if c not in df.columns]
    if missing:
        problems.append(Problem(f"missing required column(s): {', '.join(missing)}"))
    if measures is None:
        measures = measure_columns(df, keys)
    else:
        absent = [m for m in measures if m not in df.columns]
        if absent:
            problems.append(Problem(f"missing measure column(s): {', '.join(absent)}"))
        measures = [m for m in measures if m in df.columns]
    if not measures:
        problems.append(Problem(
            "no measure column (expected at least one of employment, establishments, tax)"))
    if len(df) == 0:
        problems.append(Problem("the table is empty"))
    if problems:
        raise DataError(problems, source)

    out = df.reset_index(drop=True).copy()
    out[region] = _check_code(out, region, row_base, problems, is_region=True)
    out[industry] = _check_code(out, industry, row_base, problems, is_region=False)

    _check_years(out, year, row_base, problems)

    for m in measures:
        col = out[m]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            num = pd.to_numeric(col.astype("string").str.strip(), errors="coerce")
            bad = num.isna() & col.notna()
            if bad.any():
                vals = ", ".join(repr(v) for v in col[bad].astype("string").unique()[:5])
                problems.append(Problem(f"non-numeric values ({vals})", column=m,
                                        rows=_rows(bad, row_base)))
            col = num
        col = col.astype("float64")
        out[m] = col
        _check_values(col, m, row_base, problems)
        flag = f"{m}_flag"
        if flag in out.columns:
            f = out[flag].astype("string")
            unknown = f.notna() & (f != "") & ~f.isin(FLAG_VALUES)
            if unknown.any():
                vals = ", ".join(repr(v) for v in f[unknown].unique()[:5])
                problems.append(Problem(f"unknown flag value(s) {vals}; allowed: "
                                        + ", ".join(FLAG_VALUES), column=flag,
                                        rows=_rows(unknown, row_base)))
            held = (f == "suppressed").fillna(False) & col.notna()
            if held.any():
                problems.append(Problem(
                    "suppressed cells must be missing (NaN), not hold a value", column=m,
                    rows=_rows(held, row_base)))
            out[flag] = f.replace("", pd.NA)

    if not problems:
        dup = out.duplicated(keys, keep=False)
        if dup.any():
            problems.append(Problem(f"duplicated keys ({region}, {year}, {industry})",
                                    rows=_rows(dup, row_base)))
        _check_totals(out, region, year, industry, measures, total_code, row_base, problems)
    if problems:
        raise DataError([replace(p, unit=unit) for p in problems], source)
    return out


def _check_years(out, year, base, problems) -> None:
    """Years: whole numbers in :data:`YEAR_RANGE`; converted to int64 in ``out``."""
    y = out[year]
    if not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y):
        if pd.api.types.is_datetime64_any_dtype(y) or pd.api.types.is_timedelta64_dtype(y):
            problems.append(Problem(
                f"years must be year numbers, not dates ({y.dtype}); use the year of the "
                "date, e.g. df[year].dt.year", column=year))
            return
        if pd.api.types.is_bool_dtype(y):
            problems.append(Problem("years must be year numbers, not true/false", column=year))
            return
        y = pd.to_numeric(y.astype("string").str.strip(), errors="coerce")
    f = y.astype("float64")
    with np.errstate(invalid="ignore"):
        bad = f.isna() | (np.floor(f) != f)
    if bad.any():
        problems.append(Problem("years must be whole numbers", column=year,
                                rows=_rows(bad, base)))
        return
    lo, hi = YEAR_RANGE
    out_of_range = (f < lo) | (f > hi)
    if out_of_range.any():
        vals = ", ".join(f"{v:g}" for v in f[out_of_range].unique()[:5])
        problems.append(Problem(f"implausible years ({vals}); years must lie in {lo}–{hi}",
                                column=year, rows=_rows(out_of_range, base)))
        return
    out[year] = f.astype("int64")


def _check_values(col, m, base, problems) -> None:
    """Finite values, no negative counts, magnitudes below the plausibility bounds."""
    values = col.to_numpy()
    infinite = np.isinf(values)
    if infinite.any():
        problems.append(Problem("infinite values (inf, -inf) are not data; a missing value "
                                "is an empty cell", column=m, rows=_rows(infinite, base)))
    if m in COUNT_MEASURES:
        neg = ~infinite & (values < 0)
        if neg.any():
            problems.append(Problem("negative count", column=m, rows=_rows(neg, base)))
    bound = MAX_COUNT if m in COUNT_MEASURES else MAX_AMOUNT
    with np.errstate(invalid="ignore"):
        huge = ~infinite & (np.abs(values) > bound)
    if huge.any():
        problems.append(Problem(
            f"implausibly large values (above {bound:.0e} in magnitude; largest "
            f"{np.nanmax(np.abs(values[huge])):.3g}): a unit or parsing error", column=m,
            rows=_rows(huge, base)))


def _check_totals(out, region, year, industry, measures, total_code, base, problems):
    is_total = out[industry] == total_code
    if not is_total.any():
        return
    parts = out.loc[~is_total, [region, year, industry, *measures]]
    totals = out.loc[is_total, [region, year, *measures]].reset_index()
    for m in measures:
        if m not in COUNT_MEASURES and (out[m] < 0).any():
            continue  # with negative entries (tax refunds) a part may exceed the total
        # max() (not idxmax) copes with region-years whose parts are all suppressed
        biggest = parts.groupby([region, year], sort=False)[m].max().rename("part_max")
        merged = totals[["index", region, year, m]].merge(
            biggest.reset_index(), on=[region, year])
        bad = merged[merged[m] < merged["part_max"]].head(20)
        for row in bad.itertuples(index=False):
            cell = parts[(parts[region] == getattr(row, region)) & (parts[year] == getattr(row, year))
                         & (parts[m] == row.part_max)]
            problems.append(Problem(
                f"region total (industry {total_code!r}) is smaller than industry "
                f"{cell[industry].iloc[0]!r} ({row.part_max:g} > {getattr(row, m):g})",
                column=m, rows=(int(row.index) + base,)))
