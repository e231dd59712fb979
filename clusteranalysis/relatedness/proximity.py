"""Industry–industry relatedness from co-occurrence: co-occurrence counts,
proximity (Hidalgo et al. 2007), association strength and cosine (EconGeo)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._matrix import concat, matrices, tidy_pairs
from .specialisation import binary_array, rca_array

METHODS = ("proximity", "association", "probability", "cosine")


def co_occurrence_array(b: np.ndarray) -> np.ndarray:
    """C = MᵀM: regions specialised in both industries (diagonal: ubiquity)."""
    return b.T @ b


def proximity_array(b: np.ndarray) -> np.ndarray:
    """φ_ij = C_ij / max(u_i, u_j); 0 for a pair with an industry of ubiquity 0."""
    c = co_occurrence_array(b)
    u = np.diag(c).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = c / np.maximum(u[:, None], u[None, :])
    phi[~np.isfinite(phi)] = 0.0
    return phi


def association_array(c: np.ndarray, method: str = "association") -> np.ndarray:
    """EconGeo ``relatedness``: association strength, probability index or cosine
    of a co-occurrence matrix, diagonal ignored and set to 0, 0/0 → 0."""
    c = c.astype(np.float64, copy=True)
    np.fill_diagonal(c, 0.0)
    s = c.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = c.sum()
        if method == "association":
            out = c * t / np.outer(s, s)
        elif method == "probability":
            si, sj = s[None, :], s[:, None]
            out = c / ((si / t * (sj / (t - si)) + sj / t * (si / (t - sj))) * (t / 2))
        else:
            out = c / np.sqrt(np.outer(s, s))
    out[~np.isfinite(out)] = 0.0
    np.fill_diagonal(out, 0.0)
    return out


def relatedness_array(b: np.ndarray, method: str) -> np.ndarray:
    """The I×I relatedness matrix of a binary matrix by ``method``."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if method == "proximity":
        return proximity_array(b)
    return association_array(co_occurrence_array(b), method)


def co_occurrence(df: pd.DataFrame, *, value: str = "employment", region: str = "region",
                  industry: str = "industry", year: str | None = "year",
                  threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """How many regions are specialised in both industries of each pair.

    Parameters
    ----------
    df, value, region, industry, year, threshold, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.

    Returns
    -------
    pandas.DataFrame
        Every ordered industry pair (× year): ``industry_1``, ``industry_2``
        and ``co_occurrence`` (integer; the diagonal is the ubiquity).

    Notes
    -----
    :math:`C_{ij} = \\sum_r M_{ri} M_{rj}`, i.e. :math:`C = M^\\top M`.
    EconGeo's ``co_occurrence`` sets the diagonal to 0; every relatedness
    measure here ignores it except proximity, where it is the ubiquity.

    Examples
    --------
    >>> df = pd.DataFrame({"region": list("AABBC"), "industry": list("xyxyz"),
    ...                    "employment": [5.0, 5.0, 5.0, 5.0, 30.0]})
    >>> t = co_occurrence(df)
    >>> t[t.industry_1 == "x"]
      industry_1 industry_2  co_occurrence
    0          x          x              2
    1          x          y              2
    2          x          z              0
    """
    frames = []
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        c = co_occurrence_array(binary_array(rca_array(m.x), threshold))
        frames.append(tidy_pairs(m, {"co_occurrence": c.astype(np.int64)}, year=year))
    return concat(frames)


def proximity(df: pd.DataFrame, *, value: str = "employment", region: str = "region",
              industry: str = "industry", year: str | None = "year",
              threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """Proximity of every industry pair (Hidalgo et al. 2007).

    Parameters
    ----------
    df, value, region, industry, year, threshold, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.

    Returns
    -------
    pandas.DataFrame
        Every ordered industry pair (× year): ``industry_1``, ``industry_2``,
        ``proximity`` (0–1, symmetric, 1 on the diagonal of an industry that
        some region is specialised in).

    Notes
    -----
    The minimum of the two conditional probabilities of being specialised
    in one industry given the other:

    .. math::

        \\varphi_{ij} = \\min\\{P(M_i = 1 \\mid M_j = 1), P(M_j = 1 \\mid M_i = 1)\\}
        = \\frac{C_{ij}}{\\max(u_i, u_j)}

    with :math:`u_i = C_{ii}` the ubiquity. A pair involving an industry that
    no region is specialised in has proximity 0 (no evidence of relatedness).
    Identical to ecomplexity 0.5.3 ``proximity``.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L. & Hausmann, R. (2007). The
    product space conditions the development of nations. *Science* 317,
    482–487.

    Examples
    --------
    >>> df = pd.DataFrame({"region": list("AABBC"), "industry": list("xyxyz"),
    ...                    "employment": [5.0, 5.0, 5.0, 5.0, 30.0]})
    >>> p = proximity(df)
    >>> p[p.industry_1 == "x"]
      industry_1 industry_2  proximity
    0          x          x        1.0
    1          x          y        1.0
    2          x          z        0.0
    """
    return relatedness(df, method="proximity", value=value, region=region,
                       industry=industry, year=year, threshold=threshold,
                       total_code=total_code).rename(columns={"relatedness": "proximity"})


def relatedness(df: pd.DataFrame, *, method: str = "association",
                value: str = "employment", region: str = "region",
                industry: str = "industry", year: str | None = "year",
                threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """Relatedness of every industry pair from their co-occurrence.

    Parameters
    ----------
    df, value, region, industry, year, threshold, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.
    method : {"association", "probability", "cosine", "proximity"}
        ``"association"`` (default, EconGeo ``relatedness(method =
        "association")``): observed over expected co-occurrence;
        ``"probability"``: the probability index of Steijn (2017), EconGeo
        2.1's *default* ``relatedness(mat)``; ``"cosine"`` (EconGeo
        ``method = "cosine"``); ``"proximity"``: see :func:`proximity`.

    Returns
    -------
    pandas.DataFrame
        ``industry_1``, ``industry_2`` (× year) and ``relatedness``.

    Notes
    -----
    With :math:`C` the co-occurrence matrix with its diagonal set to 0,
    :math:`s_i = \\sum_j C_{ij}` and :math:`T = \\sum_{ij} C_{ij}`:

    .. math::

        S^{AS}_{ij} = \\frac{C_{ij}\\, T}{s_i\\, s_j}, \\qquad
        S^{cos}_{ij} = \\frac{C_{ij}}{\\sqrt{s_i\\, s_j}}, \\qquad
        S^{prob}_{ij} = \\frac{2\\, C_{ij} / T}{\\frac{s_i}{T}\\frac{s_j}{T - s_i}
                        + \\frac{s_j}{T}\\frac{s_i}{T - s_j}}

    Association strength > 1 means two industries are found together more
    often than expected by chance. The diagonal is 0 and 0/0 is 0 (an
    industry that co-occurs with nothing is related to nothing), as in
    EconGeo 2.1.

    References
    ----------
    van Eck, N. J. & Waltman, L. (2009). How to normalize cooccurrence data?
    *JASIST* 60(8), 1635–1651.
    Steijn, M. P. A. (2017). Improvement on the association strength:
    implementing probability measures based on combinations without
    repetition. Working paper, Utrecht University.
    Balland, P.-A. (2017). EconGeo: Computing key indicators of the spatial
    distribution of economic activities. R package.

    Examples
    --------
    >>> df = pd.DataFrame({"region": list("AABBCC"), "industry": list("xyxzyz"),
    ...                    "employment": [5.0, 5.0, 5.0, 5.0, 5.0, 5.0]})
    >>> r = relatedness(df)
    >>> r[r.industry_1 == "x"]
      industry_1 industry_2  relatedness
    0          x          x          0.0
    1          x          y          1.5
    2          x          z          1.5
    """
    frames = []
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        phi = relatedness_array(binary_array(rca_array(m.x), threshold), method)
        frames.append(tidy_pairs(m, {"relatedness": phi}, year=year))
    return concat(frames)
