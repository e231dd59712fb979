"""Relatedness density of region × industry pairs and the "opportunities"
view of one region."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem
from ._core import complexity_arrays, density_array
from ._matrix import concat, matrices, pair_matrix, tidy_cells
from .proximity import relatedness_array
from .specialisation import binary_array, rca_array


def relatedness_density(df: pd.DataFrame, *, method="proximity",
                        value: str = "employment", region: str = "region",
                        industry: str = "industry", year: str | None = "year",
                        threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """Relatedness density: how related a region's specialisations are to each industry.

    Parameters
    ----------
    df, value, region, industry, year, threshold, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.
    method : {"proximity", "association", "cosine"} or pandas.DataFrame
        The industry–industry relatedness (see
        :func:`~clusteranalysis.relatedness.relatedness`), computed from the
        same table; or a given table with ``industry_1``, ``industry_2``,
        ``relatedness`` (e.g. computed from a larger set of regions, or the
        US cluster linkages). Pairs it lacks count as unrelated (0).

    Returns
    -------
    pandas.DataFrame
        Every region × industry (× year): ``region``, ``industry``,
        ``value``, ``rca``, ``specialised`` and ``density`` (0–1; missing
        for an industry related to nothing and for regions with no
        employment).

    Notes
    -----
    .. math::

        \\omega_{ri} = \\frac{\\sum_j M_{rj}\\, \\varphi_{ji}}{\\sum_j \\varphi_{ji}}

    The share of the relatedness of industry *i* that falls on industries
    the region is specialised in. The sum runs over all industries,
    including *i* itself: with proximity (diagonal 1) a region's own
    specialisation in *i* counts, as in ecomplexity 0.5.3 and Hidalgo et al.
    (2007); association strength and cosine have a zero diagonal (EconGeo).
    EconGeo's ``relatedness_density`` is 100 ω rounded to 2 decimals.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L. & Hausmann, R. (2007). The
    product space conditions the development of nations. *Science* 317,
    482–487.
    Hidalgo, C. A. et al. (2018). The principle of relatedness. In
    *Unifying Themes in Complex Systems IX*, Springer, 451–457.
    Boschma, R., Balland, P.-A. & Kogler, D. F. (2015). Relatedness and
    technological change in cities. *Industrial and Corporate Change* 24(1),
    223–250.

    Examples
    --------
    >>> df = pd.DataFrame({"region": list("AABBCC"), "industry": list("xyxzyz"),
    ...                    "employment": [5.0, 5.0, 5.0, 5.0, 5.0, 5.0]})
    >>> d = relatedness_density(df, method="association")
    >>> d[d.region == "A"][["industry", "specialised", "density"]]
      industry  specialised  density
    0        x         True      0.5
    1        y         True      0.5
    2        z        False      1.0
    """
    frames = []
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        r = rca_array(m.x)
        b = binary_array(r, threshold)
        if isinstance(method, pd.DataFrame):
            phi = pair_matrix(method, m.industries, "relatedness")
        else:
            phi = relatedness_array(b, method)
        dens = density_array(b, phi)
        dens[~m.active_regions] = np.nan
        spec = pd.array(b.astype(bool).reshape(-1), dtype="boolean")
        spec[np.isnan(r).reshape(-1)] = pd.NA
        frames.append(tidy_cells(m, {value: m.x, "rca": r, "specialised": spec,
                                     "density": dens},
                                 region=region, industry=industry, year=year))
    return concat(frames)


def opportunities(df: pd.DataFrame, of: str, *, method="proximity", top: int | None = None,
                  value: str = "employment", region: str = "region",
                  industry: str = "industry", year: str | None = "year",
                  threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """For one region: the industries it is not yet specialised in, by density.

    Parameters
    ----------
    df : pandas.DataFrame
        All regions (relatedness and complexity need them); one year.
    of : str
        The region's code.
    method : str or pandas.DataFrame
        Relatedness used for the density (see :func:`relatedness_density`).
    top : int, optional
        Keep the first ``top`` rows.
    value, region, industry, year, threshold, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.

    Returns
    -------
    pandas.DataFrame
        One row per industry with employment somewhere in which ``of`` has
        RCA < threshold: ``rank`` (1 = most related), ``industry``,
        ``value`` (the region's), ``rca``, ``density``, ``pci`` (industry
        complexity) and ``cog`` (the region's outlook gain from it), sorted
        by density (ties: higher PCI first, then code).

    Notes
    -----
    This is the "principle of relatedness" view (Hidalgo et al. 2018): the
    probability that a region enters an industry grows with its density.
    High density and high PCI/COG mark related *and* complex diversification
    options (Balland et al. 2019).

    References
    ----------
    Balland, P.-A., Boschma, R., Crespo, J. & Rigby, D. L. (2019). Smart
    specialization policy in the European Union: relatedness, knowledge
    complexity and regional diversification. *Regional Studies* 53(9),
    1252–1268.

    Examples
    --------
    >>> df = pd.DataFrame({"region": list("AABBCC"), "industry": list("xyxzyz"),
    ...                    "employment": [5.0, 5.0, 5.0, 5.0, 5.0, 5.0]})
    >>> opportunities(df, "A", method="association")[["rank", "industry", "density"]]
       rank industry  density
    0     1        z      1.0
    """
    ms = matrices(df, value=value, region=region, industry=industry, year=year,
                  total_code=total_code)
    if len(ms) > 1:
        raise DataError([Problem(f"several years ({', '.join(map(str, (m.year for m in ms)))});"
                                 " select one year first", column=year)])
    m = ms[0]
    k = m.regions.get_indexer([str(of)])[0]
    if k < 0:
        raise DataError([Problem(f"region {of!r} is not in the table", column=region)])
    if not m.active_regions[k]:
        raise DataError([Problem(f"region {of!r} has no {value} in any industry",
                                 column=value)])
    r = rca_array(m.x)
    b = binary_array(r, threshold)
    phi = (pair_matrix(method, m.industries, "relatedness") if isinstance(method, pd.DataFrame)
           else relatedness_array(b, method))
    dens = density_array(b[k:k + 1], phi)[0]
    cx = complexity_arrays(b)
    out = pd.DataFrame({industry: m.industries.to_numpy(), value: m.x[k], "rca": r[k],
                        "density": dens, "pci": cx["pci"], "cog": cx["cog"][k]})
    out[industry] = out[industry].astype("string")
    keep = (b[k] == 0) & m.active_industries
    out = out[keep].sort_values(["density", "pci", industry],
                                ascending=[False, False, True], na_position="last")
    out = out.reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.head(top) if top is not None else out
