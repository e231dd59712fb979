"""Economic complexity: ECI, PCI (industry complexity), complexity outlook
index (COI) and outlook gain (COG)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import complexity_arrays
from ._matrix import concat, matrices, tidy_cells, tidy_vector
from .specialisation import binary_array, rca_array


def _run(df, method, steps, value, region, industry, year, threshold, total_code,
         outlook_too=True, gain=True):
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        r = rca_array(m.x)
        b = binary_array(r, threshold)
        yield m, r, b, complexity_arrays(b, method, steps, outlook_too, gain)


def complexity(df: pd.DataFrame, *, method: str = "eigenvector", steps: int = 2,
               value: str = "employment", region: str = "region",
               industry: str = "industry", year: str | None = "year",
               threshold: float = 1.0, total_code: str = "TOTAL") -> pd.DataFrame:
    """Economic complexity of regions and industries, cell by cell.

    Parameters
    ----------
    df, value, region, industry, year, threshold, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.
    method : {"eigenvector", "reflections"}
        ``"eigenvector"`` (default): ECI/PCI from the eigenvector of the
        second largest eigenvalue, standardised, with COI and COG.
        ``"reflections"``: the method of reflections after ``steps``
        iterations, raw (not standardised; no COI/COG).
    steps : int
        Iterations of the method of reflections.

    Returns
    -------
    pandas.DataFrame
        Every region × industry (× year), like ecomplexity's output:
        ``region``, ``industry``, ``value``, ``rca``, ``specialised``,
        ``diversity``, ``ubiquity``, ``eci`` (of the region), ``pci`` (of
        the industry), ``density`` (proximity-weighted, 0–1, see
        :func:`relatedness_density`) and, for the eigenvector method,
        ``coi`` (of the region) and ``cog``. Left-out (all-zero) regions and
        industries have missing values.

    Notes
    -----
    With :math:`M` the binary matrix, :math:`d_r` diversity and
    :math:`u_i` ubiquity, PCI is the eigenvector :math:`k_i` of the second
    largest eigenvalue of

    .. math::

        \\tilde M_{ij} = \\frac{1}{u_i} \\sum_r \\frac{M_{ri} M_{rj}}{d_r}

    and :math:`k_r = \\frac{1}{d_r}\\sum_i M_{ri} k_i`. The sign makes
    :math:`k_r` correlate positively with diversity; then
    :math:`ECI = (k_r - \\bar k_r)/\\sigma_{k_r}` and
    :math:`PCI = (k_i - \\bar k_r)/\\sigma_{k_r}` (population sd; PCI on
    the scale of ECI), exactly as ecomplexity 0.5.3 does.

    .. math::

        COI_r = \\sum_i (1 - M_{ri})\\, \\omega_{ri}\\, k_i, \\qquad
        COG_{ri} = (1 - M_{ri}) \\sum_j (1 - M_{rj})
                   \\frac{\\varphi_{ij}}{\\sum_l \\varphi_{jl}} k_j

    with :math:`\\omega` the proximity density; COI is standardised over
    regions and COG divided by :math:`\\sigma_{k_r}` (ecomplexity).

    Method of reflections: :math:`k_{r,0} = d_r`, :math:`k_{i,0} = u_i`,
    :math:`k_{r,N} = \\frac{1}{d_r}\\sum_i M_{ri} k_{i,N-1}`,
    :math:`k_{i,N} = \\frac{1}{u_i}\\sum_r M_{ri} k_{r,N-1}` (EconGeo
    ``morc``/``mort`` for ``steps`` ≤ 2; EconGeo rescales later steps to
    0–100, this function does not).

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic
    complexity. *PNAS* 106(26), 10570–10575.
    Hausmann, R., Hidalgo, C. A. et al. (2014). *The Atlas of Economic
    Complexity*. MIT Press.
    Balland, P.-A. & Rigby, D. (2017). The geography of complex knowledge.
    *Economic Geography* 93(1), 1–23.
    Harvard Growth Lab, ``ecomplexity`` 0.5.3 (Python package).

    Examples
    --------
    Four regions, three industries. B and C are specialised in two
    industries, A and D in one; the sign convention makes ECI rise with
    diversity.

    >>> df = pd.DataFrame({
    ...     "region": list("AAABBCCD"), "industry": list("xyzxyxyx"),
    ...     "employment": [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]})
    >>> out = complexity(df)
    >>> out.drop_duplicates("region")[["region", "diversity", "eci"]].round(3)
      region  diversity    eci
    0      A          1 -1.732
    3      B          2  0.577
    6      C          2  0.577
    9      D          1  0.577
    """
    frames = []
    for m, r, b, res in _run(df, method, steps, value, region, industry, year,
                             threshold, total_code):
        cells = {value: m.x, "rca": r, "specialised": _spec(b, r)}
        per_region = {"diversity": _count(b.sum(axis=1), m.active_regions),
                      "eci": res["eci"]}
        per_industry = {"ubiquity": _count(b.sum(axis=0), m.active_industries),
                        "pci": res["pci"]}
        frame = tidy_cells(m, cells, region=region, industry=industry, year=year,
                           per_region=per_region, per_industry=per_industry)
        frame["density"] = res["density"].reshape(-1)
        if "coi" in res:
            frame["coi"] = np.repeat(res["coi"], len(m.industries))
            frame["cog"] = res["cog"].reshape(-1)
        frames.append(frame)
    return concat(frames)


def eci(df: pd.DataFrame, *, method: str = "eigenvector", steps: int = 2,
        value: str = "employment", region: str = "region", industry: str = "industry",
        year: str | None = "year", threshold: float = 1.0,
        total_code: str = "TOTAL") -> pd.DataFrame:
    """Economic Complexity Index of every region (see :func:`complexity`).

    Returns
    -------
    pandas.DataFrame
        ``region`` (× year), ``diversity``, ``eci`` and (eigenvector method)
        ``coi``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "region": list("AAABBCCD"), "industry": list("xyzxyxyx"),
    ...     "employment": [10.0] * 8})
    >>> eci(df)["eci"].round(3).tolist()
    [-1.732, 0.577, 0.577, 0.577]
    """
    frames = []
    for m, r, b, res in _run(df, method, steps, value, region, industry, year,
                             threshold, total_code, gain=False):
        cols = {"diversity": _count(b.sum(axis=1), m.active_regions), "eci": res["eci"]}
        if "coi" in res:
            cols["coi"] = res["coi"]
        frames.append(tidy_vector(m, "region", cols, key=region, year=year))
    return concat(frames)


def pci(df: pd.DataFrame, *, method: str = "eigenvector", steps: int = 2,
        value: str = "employment", region: str = "region", industry: str = "industry",
        year: str | None = "year", threshold: float = 1.0,
        total_code: str = "TOTAL") -> pd.DataFrame:
    """Product (industry) Complexity Index of every industry (see :func:`complexity`).

    Returns
    -------
    pandas.DataFrame
        ``industry`` (× year), ``ubiquity`` and ``pci``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "region": list("AAABBCCD"), "industry": list("xyzxyxyx"),
    ...     "employment": [10.0] * 8})
    >>> pci(df)[["industry", "ubiquity"]]
      industry  ubiquity
    0        x         3
    1        y         2
    2        z         1
    """
    frames = []
    for m, r, b, res in _run(df, method, steps, value, region, industry, year,
                             threshold, total_code, outlook_too=False):
        cols = {"ubiquity": _count(b.sum(axis=0), m.active_industries), "pci": res["pci"]}
        frames.append(tidy_vector(m, "industry", cols, key=industry, year=year))
    return concat(frames)


def _count(k: np.ndarray, active: np.ndarray) -> pd.arrays.IntegerArray:
    out = pd.array(k.astype(np.int64), dtype="Int64")
    out[~active] = pd.NA
    return out


def _spec(b: np.ndarray, r: np.ndarray):
    spec = pd.array(b.astype(bool).reshape(-1), dtype="boolean")
    spec[np.isnan(r).reshape(-1)] = pd.NA
    return spec
