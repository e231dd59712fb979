"""Krugman specialisation (dissimilarity) index, in both conventions in use."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import distributions, doc

AGAINST = ("aggregate", "rest")


def _krugman_aggregate(s: np.ndarray, ref_share: np.ndarray) -> np.ndarray:
    """Sum of absolute share differences against the aggregate."""
    d = s - ref_share
    np.abs(d, out=d)
    return d.sum(axis=-1)


def _krugman_rest(s: np.ndarray, x: np.ndarray, tot: np.ndarray, ref: np.ndarray,
                  ref_tot: np.ndarray) -> np.ndarray:
    """Sum of absolute share differences against the aggregate minus the unit."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = ref - x
        rest /= (ref_tot - tot)[..., None]
    rest -= s
    np.abs(rest, out=rest)
    return rest.sum(axis=-1)


@doc
def krugman(
    df: pd.DataFrame,
    *,
    of: str = "region",
    against: str = "aggregate",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Krugman specialisation index of a region (dissimilarity of an industry).

    Parameters
    ----------
{params}
    against : {"aggregate", "rest"}
        ``"aggregate"``: against the reference economy *including* the unit
        (EconGeo's ``krugman_index``). ``"rest"``: against the reference
        economy *minus* the unit — the rest of the nation (Krugman 1991;
        Midelfart-Knarvik et al. 2000; REAT's ``krugman.spec(e_ij, e_il,
        ...)`` when ``e_il`` is the rest of the nation). The unit must be part
        of the reference.

    Returns
    -------
{returns} ``krugman_aggregate`` (in [0, 2)) or ``krugman_rest`` (in
        [0, 2]).

    Notes
    -----
    .. math::

        K^{agg}_u = \\sum_k |s_{uk} - S_k|, \\qquad
        K^{rest}_u = \\sum_k \\left| s_{uk} -
            \\frac{X_k - x_{uk}}{X - x_u} \\right|

    with :math:`s_{uk}` the unit's shares, :math:`S_k = X_k/X` the reference
    shares and :math:`x_u = \\sum_k x_{uk}`. Since the aggregate is the mix
    :math:`S_k = a\\,s_{uk} + (1-a)\\,R_k` of the unit and the rest
    (:math:`a = x_u/X`, :math:`R_k` the rest's shares), the two conventions
    are tied exactly: :math:`K^{agg} = (1 - a)\\,K^{rest}`, and
    :math:`K^{agg} = 2\\,HC` (twice the Hoover coefficient). They differ most
    for large units (Nordrhein-Westfalen, a large industry). REAT's
    ``krugman.spec2`` compares with the *unweighted*
    mean of the other regions' shares, a third convention not offered here.

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. MIT Press, ch. 3 and app. D.
    Midelfart-Knarvik, K. H., Overman, H. G., Redding, S. J. & Venables,
    A. J. (2000). The location of European industry. *European Economy,
    Economic Papers* 142.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> krugman(df)["krugman_aggregate"].round(4).tolist()
    [0.5, 0.3333]
    >>> krugman(df, against="rest")["krugman_rest"].round(4).tolist()  # A vs B
    [0.8333, 0.8333]
    """
    if against not in AGAINST:
        raise ValueError(f"against must be 'aggregate' or 'rest', not {against!r}")
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    s, tot = dist.shares()
    ref_share, ref_tot = dist.ref_shares()
    if against == "aggregate":
        k = _krugman_aggregate(s, ref_share)
    else:
        k = _krugman_rest(s, dist.x, tot, dist.ref, ref_tot)
    return dist.frame({f"krugman_{against}": k})
