"""Shannon entropy (diversity) of a region's industries or an industry's regions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import distributions, doc


def _entropy(s: np.ndarray) -> np.ndarray:
    """-sum s ln s over the last axis (0 ln 0 = 0), in nats."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.log(s)
    t[s == 0] = 0.0
    t *= s
    return 0.0 - t.sum(axis=-1)  # 0.0 - 0.0 is +0.0


@doc
def entropy(
    df: pd.DataFrame,
    *,
    of: str = "region",
    base: float | None = None,
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Shannon entropy of the distribution of a region over industries (its
    diversity) or of an industry over regions (its dispersion).

    Parameters
    ----------
{params}
    base : float, optional
        Base of the logarithm; default *e* (nats). ``base=2`` gives bits, as
        EconGeo's ``entropy``.

    Returns
    -------
{returns} ``entropy`` in [0, log n] (n items present in the year); log n
        exactly when all shares are equal.

    Notes
    -----
    .. math:: H_u = -\\sum_k s_{uk} \\log s_{uk}, \\qquad 0 \\log 0 = 0

    An absolute measure (no reference). Absolute Theil T is
    :math:`\\log n - H_u`. EconGeo's ``entropy`` adds :math:`10^{-9}` inside
    the logarithm and rounds the result to three decimals; we do neither.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. *Bell
    System Technical Journal* 27, 379–423.
    Frenken, K., Van Oort, F. & Verburg, T. (2007). Related variety,
    unrelated variety and regional economic growth. *Regional Studies* 41(5),
    685–697.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 50.0, 50.0]})
    >>> entropy(df, base=2)["entropy"].round(6).tolist()   # B: equal shares = 1 bit
    [0.811278, 1.0]
    """
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    s, _ = dist.shares()
    h = _entropy(s)
    if base is not None:
        h = h / np.log(base)
    return dist.frame({"entropy": h})
