"""Theil T and Theil L (mean log deviation) of specialisation or localisation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import distributions, doc


def _theil_t(s: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """sum s ln(s / ref) over the last axis (terms with s = 0 are 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = s / ref
        np.log(t, out=t)
    t[s == 0] = 0.0
    t *= s
    return t.sum(axis=-1)


def _theil_l(s: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """sum ref ln(ref / s) over the last axis (terms with ref = 0 are 0)."""
    ref = np.broadcast_to(ref, s.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ref / s
        np.log(t, out=t)
    t[ref == 0] = 0.0
    t *= ref
    return t.sum(axis=-1)


_NOTES = """
    Notes
    -----
    Treat the items as groups with "population" shares :math:`p_k` and
    "income" shares :math:`s_{uk}`, so that :math:`LQ_k = s_{uk}/p_k`:

    .. math::

        T_u = \\sum_k s_{uk} \\ln\\frac{s_{uk}}{p_k}
            = \\sum_k p_k\\, LQ_k \\ln LQ_k, \\qquad
        L_u = \\sum_k p_k \\ln\\frac{p_k}{s_{uk}} = -\\sum_k p_k \\ln LQ_k

    ``relative=True``: :math:`p_k` are the reference shares (relative
    specialisation or concentration; :math:`T_u` is the Kullback–Leibler
    divergence of the unit from the reference). ``relative=False``:
    :math:`p_k = 1/n`, the Theil indices of the raw values, where
    :math:`T_u = \\ln n - H_u` (:math:`H_u` the Shannon entropy) and
    :math:`L_u = \\frac1n \\sum_k \\ln(\\bar x/x_k)` is the mean log
    deviation. Both are ≥ 0 and 0 only for identical distributions.
    :math:`L_u` is infinite when the unit has none of an item with a
    positive weight; :math:`T_u` is then still finite.

    REAT's ``theil(x)`` computes ``mean(log(mean(x)/x))`` — the mean log
    deviation :math:`L` with ``relative=False`` — although it is labelled
    the Theil index, which usually means :math:`T`.

    References
    ----------
    Theil, H. (1967). *Economics and Information Theory*. North-Holland.
    Shorrocks, A. F. (1980). The class of additively decomposable inequality
    measures. *Econometrica* 48(3), 613–625.
    Cutrini, E. (2010). Specialization and concentration from a twofold
    geographical perspective. *Regional Studies* 44(3), 315–336.

"""


def _theil(df, of, relative, value, by, region, year, reference, total, total_code,
           missing, func, name):
    dist = distributions(df, of=of, value=value, by=by, region=region, year=year,
                         reference=reference, total=total, total_code=total_code,
                         missing=missing)
    s, _ = dist.shares()
    ref = dist.ref_shares()[0] if relative else dist.equal_shares()
    return dist.frame({name: func(s, ref)})


@doc
def theil_t(
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
    """Theil T index of a region's specialisation (an industry's concentration).

    Parameters
    ----------
{params}
    relative : bool
        ``True``: against the reference shares; ``False``: against equal
        shares.

    Returns
    -------
{returns} ``theil_t`` ≥ 0.
    {notes}
    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> theil_t(df)["theil_t"].round(6).tolist()
    [0.130812, 0.056633]
    """
    return _theil(df, of, relative, value, by, region, year, reference, total,
                  total_code, missing, _theil_t, "theil_t")


@doc
def theil_l(
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
    """Theil L index (mean log deviation) of a region's specialisation (an
    industry's concentration).

    Parameters
    ----------
{params}
    relative : bool
        ``True``: against the reference shares; ``False``: against equal
        shares (the mean log deviation of the raw values, REAT's ``theil``).

    Returns
    -------
{returns} ``theil_l`` ≥ 0 (infinite when the unit lacks an item
        present in the reference).
    {notes}
    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"], "year": 2020,
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 20.0, 40.0]})
    >>> theil_l(df)["theil_l"].round(6).tolist()
    [0.143841, 0.058892]
    """
    return _theil(df, of, relative, value, by, region, year, reference, total,
                  total_code, missing, _theil_l, "theil_l")


theil_t.__doc__ = theil_t.__doc__.replace("    {notes}\n", _NOTES)
theil_l.__doc__ = theil_l.__doc__.replace("    {notes}\n", _NOTES)
