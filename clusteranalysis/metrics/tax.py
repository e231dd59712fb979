"""How much of the local trade tax each industry or cluster brings in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .growth import _period
from ._dense import dense
from .shares import shares


def tax_contribution(
    df: pd.DataFrame,
    *,
    start: int | None = None,
    end: int | None = None,
    tax: str = "tax",
    employment: str = "employment",
    establishments: str = "establishments",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total: str = "auto",
    total_code: str = "TOTAL",
) -> pd.DataFrame:
    """Tax contribution of every industry or cluster, and its change.

    Parameters
    ----------
    df : pandas.DataFrame
        Panel or cluster table with tax, employment and establishment columns
        and the region-total rows.
    start, end : int, optional
        The period; default the first and last year in the table.
    tax, employment, establishments : str
        Measure columns (local trade-tax revenue in euros, employees,
        establishments).
    by, region, year, total, total_code : see :func:`shares`.

    Returns
    -------
    pandas.DataFrame
        One row per region × ``by`` with ``start_year``, ``end_year`` and, for
        the end year: ``tax_share``, ``employment_share``,
        ``establishments_share``, ``tax_per_employee`` (euros),
        ``tax_per_establishment`` (euros), ``tax_intensity``; for the start
        year the same with the suffix ``_start``; and ``tax_share_change``
        (end minus start share, as a fraction) and
        ``tax_per_employee_change_pct``.

    Notes
    -----
    With :math:`T_i`, :math:`e_i`, :math:`n_i` tax, employees and
    establishments of *i*, and :math:`T`, :math:`e` the region totals:

    .. math::

        s^T_i = \\frac{T_i}{T}, \\qquad
        \\tau_i = \\frac{T_i}{e_i}, \\qquad
        \\frac{T_i}{n_i}, \\qquad
        \\text{intensity}_i = \\frac{s^T_i}{s^e_i} = \\frac{T_i / e_i}{T / e}

    An intensity above 1 means the cluster pays more trade tax per employee
    than the local economy on average. A ratio whose denominator is zero or
    missing is missing (never 0 or infinite), as is one that exceeds the
    floating-point range. Trade tax (Gewerbesteuer) is volatile
    from year to year; read single-year shares with care.

    References
    ----------
    Statistisches Bundesamt, Realsteuervergleich (Fachserie 14 Reihe 10.1).

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A"] * 3, "year": [2020] * 3,
    ...                    "industry": ["29", "86", "TOTAL"],
    ...                    "tax": [600.0, 100.0, 1000.0],
    ...                    "employment": [20.0, 30.0, 100.0],
    ...                    "establishments": [2.0, 5.0, 10.0]})
    >>> t = tax_contribution(df, start=2020, end=2020)
    >>> t[["industry", "tax_share", "tax_per_employee", "tax_intensity"]]
      industry  tax_share  tax_per_employee  tax_intensity
    0       29        0.6              30.0       3.000000
    1       86        0.1               3.3...    0.333333
    2    TOTAL        1.0              10.0       1.000000
    """
    d = dense(df, region, year, by)
    if start is None or end is None or start != end:
        start, end = _period(d, start, end, year)
    keys = [region, by]
    out = None
    for y, suffix in ((end, ""), (start, "_start")):
        sub = df[df[year] == y]
        part = sub[keys].reset_index(drop=True)
        vals = {}
        for m in (tax, employment, establishments):
            s = shares(sub, value=m, by=by, region=region, year=year,
                       total=total, total_code=total_code)
            vals[m] = s[m].to_numpy(dtype=float)
            part[f"{m}_share{suffix}"] = s[f"{m}_share"].to_numpy()
        se = part[f"{employment}_share{suffix}"].to_numpy(dtype=float, na_value=np.nan)
        part[f"tax_per_employee{suffix}"] = _ratio(vals[tax], vals[employment])
        part[f"tax_per_establishment{suffix}"] = _ratio(vals[tax], vals[establishments])
        part[f"tax_intensity{suffix}"] = _ratio(
            part[f"{tax}_share{suffix}"].to_numpy(dtype=float, na_value=np.nan), se)
        out = part if out is None else out.merge(part, on=keys, how="outer")
    out.insert(2, "start_year", start)
    out.insert(3, "end_year", end)
    out["tax_share_change"] = out[f"{tax}_share"] - out[f"{tax}_share_start"]
    out["tax_per_employee_change_pct"] = 100.0 * (_ratio(
        out["tax_per_employee"].to_numpy(float), out["tax_per_employee_start"].to_numpy(float))
        - 1.0)
    return out


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b`` where ``b > 0``; missing where ``b`` is 0 or missing, or the ratio
    overflows (a denominator such as ``1e-300``): never infinite."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.where(b > 0, a / b, np.nan)
    r[np.isinf(r) | np.isinf(100.0 * r)] = np.nan
    return r
