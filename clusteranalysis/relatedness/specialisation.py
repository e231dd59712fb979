"""Revealed comparative advantage (RCA = LQ) matrix, binary specialisation,
diversity and ubiquity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._matrix import concat, matrices, tidy_cells, tidy_vector


def rca_array(x: np.ndarray) -> np.ndarray:
    """RCA of every cell; NaN in all-zero rows and columns.

    Computed as ``x_ri · X / (x_r · X_i)`` so that integer counts whose LQ is
    exactly 1 give exactly 1.0.
    """
    rs = x.sum(axis=1)
    cs = x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * rs.sum()
        out /= rs[:, None]
        out /= cs[None, :]
    out[:, cs == 0] = np.nan
    out[rs == 0, :] = np.nan
    return out


def binary_array(rca: np.ndarray, threshold: float = 1.0) -> np.ndarray:
    """M = 1 where RCA ≥ threshold (missing RCA: 0), as float64 for BLAS."""
    with np.errstate(invalid="ignore"):
        return (rca >= threshold).astype(np.float64)


def rca(df: pd.DataFrame, *, value: str = "employment", region: str = "region",
        industry: str = "industry", year: str | None = "year", threshold: float = 1.0,
        total_code: str = "TOTAL") -> pd.DataFrame:
    """Revealed comparative advantage (location quotient) and binary specialisation.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel with ``region``, ``industry``, ``value`` (and ``year``:
        each year is computed on its own). Absent region × industry pairs
        count as 0; missing values raise :class:`~clusteranalysis.DataError`.
    value, region, industry, year : str
        Column names (``year=None`` or a table without it: one period).
    threshold : float
        A region is specialised in an industry when RCA ≥ ``threshold``
        (default 1, so LQ = 1 counts, as in EconGeo and ecomplexity).
    total_code : str
        Industry code of region-total rows; they are left out.

    Returns
    -------
    pandas.DataFrame
        Every region × industry (× year): ``region``, ``industry``,
        ``value``, ``rca`` and ``specialised`` (nullable boolean). Regions and
        industries that are zero everywhere have missing ``rca`` and
        ``specialised``.

    Notes
    -----
    .. math::

        RCA_{ri} = \\frac{x_{ri} / \\sum_j x_{rj}}{\\sum_s x_{si} / \\sum_{s,j} x_{sj}},
        \\qquad M_{ri} = [RCA_{ri} \\ge \\theta]

    The reference is the sum of all regions in the table and the region
    total the sum of its industries (the convention of both peers); compare
    :func:`clusteranalysis.location_quotient`, which can use a national row
    and total rows. Unlike EconGeo, RCA is not rounded to two decimals
    before the threshold is applied (EconGeo counts 0.995 as specialised).

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative
    advantage. *The Manchester School* 33(2), 99–123.
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106(26), 10570–10575.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"],
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 10.0, 50.0]})
    >>> rca(df)[["region", "industry", "rca", "specialised"]]
      region industry   rca  specialised
    0      A        x  1.875         True
    1      A        y  0.417        False
    2      B        x  0.417        False
    3      B        y  1.389         True
    """
    frames = []
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        r = rca_array(m.x)
        spec = pd.array(binary_array(r, threshold).astype(bool).reshape(-1), dtype="boolean")
        spec[np.isnan(r).reshape(-1)] = pd.NA
        frames.append(tidy_cells(m, {value: m.x, "rca": r, "specialised": spec},
                                 region=region, industry=industry, year=year))
    return concat(frames)


def diversity(df: pd.DataFrame, *, value: str = "employment", region: str = "region",
              industry: str = "industry", year: str | None = "year",
              threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """Diversity: the number of industries a region is specialised in.

    Parameters are those of :func:`rca`.

    Returns
    -------
    pandas.DataFrame
        ``region`` (× ``year``) and ``diversity`` (integer; missing for a
        region with no employment at all).

    Notes
    -----
    :math:`k_{r,0} = \\sum_i M_{ri}`.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106(26), 10570–10575.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"],
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 10.0, 10.0]})
    >>> diversity(df)
      region  diversity
    0      A          1
    1      B          1
    """
    return _degree(df, "region", value, region, industry, year, threshold, total_code)


def ubiquity(df: pd.DataFrame, *, value: str = "employment", region: str = "region",
             industry: str = "industry", year: str | None = "year",
             threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """Ubiquity: the number of regions specialised in an industry.

    Parameters are those of :func:`rca`.

    Returns
    -------
    pandas.DataFrame
        ``industry`` (× ``year``) and ``ubiquity`` (integer; missing for an
        industry without employment anywhere).

    Notes
    -----
    :math:`k_{i,0} = \\sum_r M_{ri}`.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106(26), 10570–10575.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A", "A", "B", "B"],
    ...                    "industry": ["x", "y", "x", "y"],
    ...                    "employment": [30.0, 10.0, 10.0, 10.0]})
    >>> ubiquity(df)
      industry  ubiquity
    0        x         1
    1        y         1
    """
    return _degree(df, "industry", value, region, industry, year, threshold, total_code)


def _degree(df, axis, value, region, industry, year, threshold, total_code):
    frames = []
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        b = binary_array(rca_array(m.x), threshold)
        if axis == "region":
            k, active = b.sum(axis=1), m.active_regions
        else:
            k, active = b.sum(axis=0), m.active_industries
        k = pd.array(k.astype(np.int64), dtype="Int64")
        k[~active] = pd.NA
        name = "diversity" if axis == "region" else "ubiquity"
        frames.append(tidy_vector(m, axis, {name: k}, key=region if axis == "region"
                                  else industry, year=year))
    return concat(frames)
