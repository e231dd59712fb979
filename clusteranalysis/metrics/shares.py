"""Shares of industries or clusters in their region's total."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._dense import dense, region_totals, resolve_total, values, with_column


def shares(
    df: pd.DataFrame,
    *,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total: str = "auto",
    total_code: str = "TOTAL",
) -> pd.DataFrame:
    """Share of each industry (or cluster) in its region's total.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel (or the output of :func:`aggregate_clusters` with
        ``by="cluster", total_code="total"``).
    value : str
        Measure column, e.g. ``"employment"``, ``"establishments"``, ``"tax"``.
    by : str
        Column of industry or cluster codes.
    region, year : str
        Key columns.
    total : {"auto", "row", "sum"}
        Region total: ``"row"`` the row whose ``by`` is ``total_code``
        (official tables include employees not assigned to any industry, so
        this total is usually larger than the sum); ``"sum"`` the sum over the
        other rows; ``"auto"`` is ``"row"`` when the table has total rows,
        else ``"sum"``.
    total_code : str
        Code of the total row.

    Returns
    -------
    pandas.DataFrame
        The key columns, ``value`` and ``{value}_share``, a fraction in [0, 1],
        for every input row (the total row has share 1 with ``total="row"``).
        Carries ``{value}_flag`` when present. A missing (suppressed) value,
        or a missing component of a summed total, gives a missing share.

    Notes
    -----
    .. math:: s_{ir} = \\frac{e_{ir}}{e_r}

    with :math:`e_r` the region total in the same year.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A"] * 3, "year": [2020] * 3,
    ...                    "industry": ["29", "49", "TOTAL"],
    ...                    "employment": [30.0, 50.0, 100.0]})
    >>> shares(df)["employment_share"].tolist()
    [0.3, 0.5, 1.0]
    >>> shares(df, total="sum")["employment_share"].tolist()
    [0.375, 0.625, 1.25]
    """
    d = dense(df, region, year, by)
    v = values(df, value)
    total, is_total = resolve_total(d, total, total_code)
    rt = d.rt()
    den = region_totals(d, v, is_total, total, rt)
    cols = [region, year, by, value] + ([f"{value}_flag"] if f"{value}_flag" in df else [])
    out = df[cols]
    share = den[rt]
    del rt
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(v, share, out=share)  # in place: one array of the panel's length
    share[np.isinf(share)] = np.nan
    return with_column(out, f"{value}_share", share)
