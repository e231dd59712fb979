"""Related and unrelated variety (Frenken, Van Oort & Verburg 2007)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusteranalysis.errors import DataError, Problem
from clusteranalysis.inputs._industry_codes import WZ_SECTIONS
from ._matrix import concat, matrices, tidy_vector

#: Levels of the code hierarchy a group can be taken at.
LEVELS = {"wz": ("section", "division", "group", "class"),
          "nace": ("section", "division", "group", "class"),
          "naics": ("sector", "subsector", "industry_group", "naics_industry")}
#: NAICS sectors that span several two-digit numbers.
NAICS_SECTORS = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45",
                 "48": "48-49", "49": "48-49"}
_DIVISION_SECTION = {f"{d:02d}": s for s, (lo, hi) in WZ_SECTIONS.items()
                     for d in range(lo, hi + 1)}


def industry_group(codes, scheme: str, level: str) -> pd.Series:
    """The group of each code at a coarser level of its hierarchy.

    Parameters
    ----------
    codes : array-like of str
    scheme : {"wz", "nace", "naics"}
    level : str
        WZ/NACE: ``"section"`` (letter), ``"division"`` (``29``), ``"group"``
        (``29.1``), ``"class"`` (``29.10``). NAICS: ``"sector"`` (``31-33``
        for 31, 32, 33), ``"subsector"`` (3 digits), ``"industry_group"``
        (4), ``"naics_industry"`` (5).

    Returns
    -------
    pandas.Series
        Group codes (string), missing where a code is coarser than the level
        or not of the scheme.

    Examples
    --------
    >>> industry_group(["29.10", "10.1", "45.11"], "wz", "section").tolist()
    ['C', 'C', 'G']
    >>> industry_group(["336111", "321113", "541511"], "naics", "sector").tolist()
    ['31-33', '31-33', '54']
    """
    scheme = str(scheme).lower()
    if scheme not in LEVELS or level not in LEVELS[scheme]:
        raise ValueError(f"level must be one of {LEVELS.get(scheme, ())} for scheme "
                         f"{scheme!r} (schemes: {', '.join(LEVELS)}), not {level!r}")
    s = pd.Series(codes, dtype="string").str.strip()
    if scheme == "naics":
        width = LEVELS["naics"].index(level) + 2
        digits = s.str.fullmatch(r"\d{2,6}").fillna(False) & (s.str.len() >= width)
        out = s.str[:width].where(digits)
        if level == "sector":
            out = out.map(lambda c: NAICS_SECTORS.get(c, c) if isinstance(c, str) else c)
        return out.astype("string")
    div = s.str.extract(r"^(\d{2})((?:\.\d+)*)$")
    ok = div[0].notna()
    rest = div[1].fillna("").str.replace(".", "", regex=False)
    if level == "section":
        return div[0].map(_DIVISION_SECTION).astype("string")
    if level == "division":
        return div[0].where(ok).astype("string")
    width = 1 if level == "group" else 2
    return (div[0] + "." + rest.str[:width]).where(ok & (rest.str.len() >= width)
                                                    ).astype("string")


def variety(df: pd.DataFrame, *, scheme: str, level: str, value: str = "employment",
            region: str = "region", industry: str = "industry", year: str | None = "year",
            total_code: str = "TOTAL", base: float = 2.0) -> pd.DataFrame:
    """Entropy, related variety and unrelated variety of every region.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel at one level of detail (e.g. WZ classes or 6-digit NAICS);
        codes must not nest (no ``29`` beside ``29.10``).
    scheme : {"wz", "nace", "naics"}
        Code hierarchy (the package's WZ/NACE section table and NAICS digits).
    level : str
        Level of the groups (see :func:`industry_group`): industries in the
        same group are related. Frenken et al. use 2-digit groups of 5-digit
        industries.
    value, region, industry, year, total_code
        As for :func:`~clusteranalysis.relatedness.rca`.
    base : float
        Logarithm base (2: bits, as Frenken et al.).

    Returns
    -------
    pandas.DataFrame
        ``region`` (× year), ``entropy``, ``unrelated_variety`` and
        ``related_variety`` (entropy = unrelated + related); missing for a
        region with no employment.

    Notes
    -----
    With :math:`p_i` the industry shares of a region, :math:`P_g = \\sum_{i
    \\in g} p_i` the group shares:

    .. math::

        UV = \\sum_g P_g \\log \\frac{1}{P_g}, \\qquad
        RV = \\sum_g P_g H_g, \\quad H_g = \\sum_{i \\in g}
        \\frac{p_i}{P_g} \\log \\frac{P_g}{p_i}

    and :math:`H = \\sum_i p_i \\log(1/p_i) = UV + RV` (0 log 0 = 0).
    Not rounded (EconGeo's ``entropy`` rounds to 3 decimals).

    References
    ----------
    Frenken, K., Van Oort, F. & Verburg, T. (2007). Related variety,
    unrelated variety and regional economic growth. *Regional Studies*
    41(5), 685–697.

    Examples
    --------
    >>> df = pd.DataFrame({"region": ["A"] * 4,
    ...                    "industry": ["29.10", "29.20", "10.11", "45.11"],
    ...                    "employment": [25.0, 25.0, 25.0, 25.0]})
    >>> variety(df, scheme="wz", level="division")
      region  entropy  unrelated_variety  related_variety
    0      A      2.0                1.5              0.5
    """
    frames = []
    for m in matrices(df, value=value, region=region, industry=industry, year=year,
                      total_code=total_code):
        groups = industry_group(m.industries, scheme, level)
        if groups.isna().any():
            bad = m.industries[groups.isna().to_numpy()]
            raise DataError([Problem(
                f"industry codes without a {level} in scheme {scheme}: "
                + ", ".join(map(str, bad[:10])) + (" and more" if len(bad) > 10 else ""),
                column=industry)])
        g_codes, g_labels = pd.factorize(groups, sort=True)
        _check_nesting(m.industries, industry)
        x = m.x
        tot = x.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = x / tot[:, None]
            h = -np.nansum(np.where(p > 0, p * np.log(p), 0.0), axis=1)
            onehot = np.zeros((len(m.industries), len(g_labels)))
            onehot[np.arange(len(g_codes)), g_codes] = 1.0
            pg = p @ onehot
            uv = -np.nansum(np.where(pg > 0, pg * np.log(pg), 0.0), axis=1)
        scale = np.log(base)
        h, uv = h / scale, uv / scale
        rv = h - uv
        for a in (h, uv, rv):
            a[tot <= 0] = np.nan
        frames.append(tidy_vector(m, "region", {"entropy": h, "unrelated_variety": uv,
                                                "related_variety": np.maximum(rv, 0.0)},
                                  key=region, year=year))
    return concat(frames)


def _check_nesting(codes: pd.Index, column: str) -> None:
    """Codes that contain others would be counted twice."""
    s = sorted(map(str, codes))
    nested = [(a, b) for a, b in zip(s, s[1:]) if b.startswith(a) and a != b
              and (len(b) > len(a))]
    if nested:
        raise DataError([Problem(
            "codes at several levels (" + ", ".join(f"{a} ⊃ {b}" for a, b in nested[:5])
            + "); select one level first (select_level)", column=column)])
