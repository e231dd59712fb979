"""Hoover coefficient of specialisation (regions) and localisation (industries)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import distributions, doc


def _hoover(s: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Half the sum of absolute share differences over the last axis."""
    d = s - ref
    np.abs(d, out=d)
    return 0.5 * d.sum(axis=-1)


@doc
def hoover(
    df: pd.DataFrame,
    *,
    of: str = "region",
    relative: bool = True,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Hoover coefficient of specialisation (of a region) or localisation
    (of an industry).

    Parameters
    ----------
{params}
    relative : bool
        ``True``: against the reference distribution (the classic
        coefficient). ``False``: against equal shares of the items present
        (REAT's ``hoover(x)`` without weighting).

    Returns
    -------
{returns} ``hoover`` in [0, 1): the share of the unit's employment that
        would have to move between items to match the reference.

    Notes
    -----
    .. math:: HC_u = \\tfrac12 \\sum_k \\left| s_{uk} - S_k \\right|

    with :math:`s_{uk} = x_{uk} / \\sum_k x_{uk}` the unit's shares and
    :math:`S_k` the reference shares. For a region, *k* runs over industries
    and :math:`S_k = E_k / E` is the reference economy's industry structure;
    for an industry, *k* runs over regions and :math:`S_k = e_k / E` is the
    region's share of total employment (Hoover's coefficient of
    localisation). The coefficient is half the Krugman index against the
    aggregate (:func:`krugman` with ``against="aggregate"``). EconGeo's
    ``spec_coeff`` computes the same quantity; its ``hoover_index`` reports
    it in percent rounded to two decimals — we never round.

    References
    ----------
    Hoover, E. M. (1936). The measurement of industrial localization. *Review
    of Economics and Statistics* 18(4), 162–171.
    Hoover, E. M. & Giarratani, F. (1985). *An Introduction to Regional
    Economics*, 3rd ed. Knopf, table 9-4.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> hoover(df)                    # A: 75 % in x against 50 % nationally
      region  year    hoover
    0      A  2020  0.250000
    1      B  2020  0.166667
    >>> hoover(df, of="industry")["hoover"].round(4).tolist()
    [0.2, 0.2]
    """
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    s, _ = dist.shares()
    ref = dist.ref_shares()[0] if relative else dist.equal_shares()
    return dist.frame({"hoover": _hoover(s, ref)})
