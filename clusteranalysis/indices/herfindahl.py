"""Herfindahl–Hirschman index, raw and normalised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import distributions, doc


def _hhi(s: np.ndarray) -> np.ndarray:
    """Sum of squared shares over the last axis."""
    return np.einsum("...k,...k->...", s, s)


def _hhi_normalised(h: np.ndarray, n: np.ndarray) -> np.ndarray:
    """(H - 1/n) / (1 - 1/n); missing for n < 2."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (h - 1.0 / n) / (1.0 - 1.0 / n)
    return np.where(n >= 2, out, np.nan)


@doc
def herfindahl(
    df: pd.DataFrame,
    *,
    of: str = "region",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    reference=None,
    total: str = "auto",
    total_code: str = "TOTAL",
    missing: str = "propagate",
) -> pd.DataFrame:
    """Herfindahl–Hirschman index of a region's industries (or an industry's
    regions), raw and normalised.

    An absolute measure: the reference enters only through ``n`` — the
    number of items (industries, or regions) in the table in that year,
    counting those where the unit has zero.

    Parameters
    ----------
{params}

    Returns
    -------
{returns} ``hhi`` in [1/n, 1] and ``hhi_normalised`` in [0, 1] (missing
        when n < 2).

    Notes
    -----
    .. math::

        H_u = \\sum_k s_{uk}^2, \\qquad
        H^*_u = \\frac{H_u - 1/n}{1 - 1/n}

    Shares are fractions, so the index lies in [1/n, 1] (antitrust practice
    multiplies by 10,000). :math:`1/H` is the "numbers equivalent"
    (REAT's ``herf(x, output="eq")``). Same definition as REAT's ``herf``
    (``coefnorm=TRUE`` for :math:`H^*`) and EconGeo's ``herfindahl``.

    References
    ----------
    Hirschman, A. O. (1945). *National Power and the Structure of Foreign
    Trade*. University of California Press.
    Herfindahl, O. C. (1950). *Concentration in the Steel Industry*. PhD
    thesis, Columbia University.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> herfindahl(df).round(4)
      region  year     hhi  hhi_normalised
    0      A  2020  0.6250          0.2500
    1      B  2020  0.5556          0.1111
    """
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    s, _ = dist.shares()
    h = _hhi(s)
    n = np.broadcast_to(dist.n_items(), h.shape)
    return dist.frame({"hhi": h, "hhi_normalised": _hhi_normalised(h, n)})
