"""Growth between two years, growth indices and contributions to growth."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._dense import code_of, combine_flags, dense, values
from clusteranalysis.errors import DataError, Problem


def _period(d, start, end, year):
    years = d.years
    start = int(years.min()) if start is None else int(start)
    end = int(years.max()) if end is None else int(end)
    if end <= start:
        raise ValueError(f"end year ({end}) must be after start year ({start})")
    for y in (start, end):
        c = code_of(years, y)
        if c < 0 or not (d.t == c).any():
            raise DataError([Problem(f"year {y} is not in the table", column=year)])
    return start, end


def growth(
    df: pd.DataFrame,
    *,
    start: int | None = None,
    end: int | None = None,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
) -> pd.DataFrame:
    """Growth of every region × industry (or cluster) between two years.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel or cluster table.
    start, end : int, optional
        First and last year; default the first and last year in the table.
    value, by, region, year : str
        Measure and key columns.

    Returns
    -------
    pandas.DataFrame
        One row per region × ``by`` present in either year, with
        ``start_year``, ``end_year``, ``{value}_start``, ``{value}_end``,
        ``{value}_change`` (absolute change), ``{value}_growth_pct``
        (percent change), ``{value}_cagr_pct`` (compound annual growth rate,
        percent per year) and ``{value}_index`` (end value, start = 100), and
        ``{value}_flag`` (the more severe flag of both years) when present.

    Notes
    -----
    With :math:`x_0` the start value, :math:`x_1` the end value and
    :math:`T` the number of years between them:

    .. math::

        \\Delta x = x_1 - x_0, \\qquad
        g = 100\\,\\frac{x_1 - x_0}{x_0}, \\qquad
        \\mathrm{CAGR} = 100\\left[\\left(\\frac{x_1}{x_0}\\right)^{1/T} - 1\\right],
        \\qquad I = 100\\,\\frac{x_1}{x_0}

    Percent change, CAGR and index are undefined (missing) when
    :math:`x_0 = 0`, and missing when the ratio exceeds the floating-point
    range (a start value such as ``1e-308``), never infinite; the absolute
    change is still given. The CAGR divides the
    log growth by :math:`T` once (REAT's ``growth(..., "rate",
    time.periods=T)`` divides by :math:`T` twice). A value missing in either
    year (suppressed) gives missing results, never a growth from or to zero.

    References
    ----------
    OECD (2001). *Measuring Productivity*, Annex: growth rates.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A"] * 2, "year": [2010, 2020],
    ...                    "industry": ["29"] * 2, "employment": [100.0, 121.0]})
    >>> g = growth(df)
    >>> g[["employment_change", "employment_growth_pct", "employment_index"]].iloc[0].tolist()
    [21.0, 21.0, 121.0]
    >>> round(float(g["employment_cagr_pct"].iloc[0]), 4)
    1.9245
    """
    d = dense(df, region, year, by)
    start, end = _period(d, start, end, year)
    v = values(df, value)
    n = d.R * d.I
    cell = d.ri()
    x0 = np.full(n, np.nan)
    x1 = np.full(n, np.nan)
    present = np.zeros(n, dtype=bool)
    t0, t1 = code_of(d.years, start), code_of(d.years, end)
    m0, m1 = d.t == t0, d.t == t1
    x0[cell[m0]] = v[m0]
    x1[cell[m1]] = v[m1]
    present[cell[m0 | m1]] = True
    idx = np.flatnonzero(present)
    x0, x1 = x0[idx], x1[idx]
    span = end - start
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(x0 > 0, x1 / x0, np.nan)
        ratio[np.isinf(100.0 * ratio)] = np.nan  # overflow (x0 near 0): undefined, not inf
        cagr = 100.0 * (np.power(ratio, 1.0 / span) - 1.0)
    out = pd.DataFrame({
        region: d.regions.take(idx // d.I),
        by: d.industries.take(idx % d.I),
        "start_year": start,
        "end_year": end,
        f"{value}_start": x0,
        f"{value}_end": x1,
        f"{value}_change": x1 - x0,
        f"{value}_growth_pct": 100.0 * (ratio - 1.0),
        f"{value}_cagr_pct": cagr,
        f"{value}_index": 100.0 * ratio,
    })
    flag = f"{value}_flag"
    if flag in df.columns:
        f = df[flag].astype("string").to_numpy(dtype=object, na_value=None)
        f0 = np.full(n, None, dtype=object)
        f1 = np.full(n, None, dtype=object)
        f0[cell[m0]] = f[m0]
        f1[cell[m1]] = f[m1]
        out[flag] = combine_flags(pd.Series(f0[idx], dtype="string"),
                                  pd.Series(f1[idx], dtype="string"))
    return out


def growth_index(
    df: pd.DataFrame,
    *,
    base_year: int | None = None,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
) -> pd.DataFrame:
    """Index of a measure over time, base year = 100.

    Returns the key columns, ``value`` and ``index`` (``100 * x_t / x_base``)
    for every row; missing where the base-year value is missing or zero.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A"] * 3, "year": [2010, 2011, 2012],
    ...                    "industry": ["total"] * 3, "employment": [200.0, 210.0, 190.0]})
    >>> growth_index(df)["index"].tolist()
    [100.0, 105.0, 95.0]
    """
    d = dense(df, region, year, by)
    base_year = int(d.years.min()) if base_year is None else int(base_year)
    tb = code_of(d.years, base_year)
    if tb < 0:
        raise DataError([Problem(f"base year {base_year} is not in the table", column=year)])
    v = values(df, value)
    cell = d.ri()
    base = np.full(d.R * d.I, np.nan)
    mb = d.t == tb
    base[cell[mb]] = v[mb]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        b = base[cell]
        idx = np.where(b > 0, 100.0 * v / b, np.nan)
    idx[np.isinf(idx)] = np.nan  # overflow (base near zero): undefined, not infinite
    return df[[region, year, by, value]].assign(index=idx)


def growth_contribution(
    df: pd.DataFrame,
    *,
    start: int | None = None,
    end: int | None = None,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total_code: str = "TOTAL",
) -> pd.DataFrame:
    """Each industry's (or cluster's) contribution to the region's growth.

    Parameters
    ----------
    df : pandas.DataFrame
        Panel or cluster table containing the region-total rows
        (``by == total_code``; for :func:`aggregate_clusters` output pass
        ``by="cluster", total_code="total"``).
    start, end, value, by, region, year : see :func:`growth`.
    total_code : str
        Code of the total row.

    Returns
    -------
    pandas.DataFrame
        :func:`growth` output plus ``{value}_contribution`` (share of the
        region's total change, "growth share") and
        ``{value}_contribution_pp`` (contribution to the region's growth rate
        in percentage points).

    Notes
    -----
    .. math::

        c_i = \\frac{\\Delta e_i}{\\Delta e}, \\qquad
        c_i^{pp} = 100\\,\\frac{\\Delta e_i}{e_0}

    :math:`\\Delta e` is the change of the region total and :math:`e_0` its
    start value. The :math:`c_i` of a complete partition of the total sum to 1
    and the :math:`c_i^{pp}` to the total growth rate in percent. :math:`c_i`
    is undefined (missing) when the total did not change; a cluster can
    contribute more than 100 % or a negative share.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A"] * 6, "year": [2010] * 3 + [2020] * 3,
    ...                    "industry": ["a", "b", "TOTAL"] * 2,
    ...                    "employment": [50.0, 50, 100, 80, 40, 120]})
    >>> g = growth_contribution(df)
    >>> g["employment_contribution"].tolist()
    [1.5, -0.5, 1.0]
    >>> g["employment_contribution_pp"].tolist()
    [30.0, -10.0, 20.0]
    """
    g = growth(df, start=start, end=end, value=value, by=by, region=region, year=year)
    tot = g.loc[g[by] == total_code, [region, f"{value}_start", f"{value}_change"]]
    if tot.empty:
        raise DataError([Problem(f"no total rows ({by} == {total_code!r}) in the table",
                                 column=by)])
    tot = tot.rename(columns={f"{value}_start": "_t0", f"{value}_change": "_dt"})
    g = g.merge(tot, on=region, how="left", validate="many_to_one")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        c = g[f"{value}_change"] / g["_dt"].where(g["_dt"] != 0)
        pp = 100.0 * g[f"{value}_change"] / g["_t0"].where(g["_t0"] > 0)
    c, pp = c.where(~np.isinf(c)), pp.where(~np.isinf(pp))  # overflow: missing, not infinite
    return g.drop(columns=["_t0", "_dt"]).assign(
        **{f"{value}_contribution": c, f"{value}_contribution_pp": pp})
