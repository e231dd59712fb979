"""Classic shift-share analysis: Dunn, Esteban-Marquillas, Arcelus and Gerfin.

The panel is read once into dense region × industry arrays (:func:`_extract`);
:func:`_components` computes every component for all regions at once. The
dynamic variant, the projection and the regression reuse both. Conventions and
every deliberate difference from REAT are explained in ``docs/shift_share.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._dense import code_of, dense, values
from clusteranalysis.errors import DataError, Problem

METHODS = ("dunn", "esteban-marquillas", "arcelus", "gerfin")


@dataclass
class _Arrays:
    """Values of the analysed regions (rows) × industries (columns) per year."""

    regions: pd.Index
    industries: pd.Index
    years: list
    e: np.ndarray        # (Y, R, I) regional values; absent rows are 0
    E: np.ndarray        # (Y, I) reference values by industry
    T: np.ndarray        # (Y,) reference total (the G of Dunn)
    present: np.ndarray  # (R, I) the pair has a row in at least one year


def _problem(msg, column=None):
    return DataError([Problem(msg, column=column)])


def _extract(df, years, reference, value, by, region, year, total, total_code) -> _Arrays:
    """Dense arrays of ``years`` for every region except a reference region."""
    if total not in ("auto", "row", "sum"):
        raise ValueError(f"total must be 'auto', 'row' or 'sum', not {total!r}")
    d = dense(df, region, year, by)
    v = values(df, value)
    Y, R, I = len(years), d.R, d.I
    lut = np.full(d.T, -1, dtype=np.int64)
    for k, y in enumerate(years):
        c = code_of(d.years, y)
        if c < 0:
            raise _problem(f"year {y} is not in the table", column=year)
        lut[c] = k
    idx = np.flatnonzero(lut[d.t] >= 0)
    pos = lut[d.t[idx]]
    for k in np.flatnonzero(np.bincount(pos, minlength=Y) == 0):
        raise _problem(f"year {years[k]} is not in the table", column=year)
    flat = pos * (R * I) + d.r[idx].astype(np.int64) * I + d.i[idx]
    if np.bincount(flat, minlength=Y * R * I).max(initial=0) > 1:
        raise _problem(f"duplicate {region} × {year} × {by} rows")
    cube = np.zeros(Y * R * I)
    cube[flat] = v[idx]
    cube = cube.reshape(Y, R, I)
    has = np.zeros(Y * R * I, dtype=bool)
    has[flat] = True
    has = has.reshape(Y, R, I)
    tc = code_of(d.industries, total_code)
    keep_i = np.arange(I) != tc
    rc = -1
    if isinstance(reference, pd.DataFrame):
        E, T = _given_reference(reference, years, d.industries[keep_i], value, by, year,
                                total, total_code)
    elif reference is None:
        E = cube[:, :, keep_i].sum(axis=1)
        T = _total(total, E, cube[..., tc] if tc >= 0 else None,
                   has[..., tc] if tc >= 0 else None, has.any(axis=2), "every region")
    else:
        rc = code_of(d.regions, str(reference))
        if rc < 0:
            raise _problem(f"reference region {reference!r} is not in the table", column=region)
        if not has[:, rc].any(axis=1).all():
            raise _problem(f"reference region {reference!r} has no rows in some of the years "
                           f"{list(years)}", column=region)
        E = cube[:, rc, keep_i]
        T = _total(total, E, cube[:, rc, tc, None] if tc >= 0 else None,
                   has[:, rc, tc, None] if tc >= 0 else None, np.ones((Y, 1), bool),
                   f"reference region {reference!r}")
    keep_r = np.arange(R) != rc
    return _Arrays(d.regions[keep_r], d.industries[keep_i], list(years),
                   cube[:, keep_r][:, :, keep_i], E, T,
                   has[:, keep_r][:, :, keep_i].any(axis=0))


def _total(total, E, tot, has_tot, present, who):
    """Reference total per year: the total row(s) or the sum over industries.

    ``tot``, ``has_tot`` and ``present`` are (years, regions) arrays of the
    total rows, or ``None`` when the table has no total code at all.
    """
    if total == "sum" or (total == "auto" and (has_tot is None or not has_tot.any())):
        return E.sum(axis=1)
    if has_tot is None or (present & ~has_tot).any():
        raise _problem(f"no total row for {who} in some year; pass total='sum' to use "
                       "the sum over industries")
    return np.where(has_tot, tot, 0.0).sum(axis=1)


def _given_reference(ref, years, industries, value, by, year, total, total_code):
    missing = [c for c in (year, by, value) if c not in ref.columns]
    if missing:
        raise _problem(f"reference table lacks column(s): {', '.join(missing)}")
    codes = ref[by].astype("string")
    vals = values(ref, value)
    is_tot = (codes == total_code).fillna(False).to_numpy(bool)
    E = np.zeros((len(years), len(industries)))
    T = np.zeros(len(years))
    pos = industries.astype("string").get_indexer(codes)
    for k, y in enumerate(years):
        in_y = (ref[year] == y).to_numpy(bool)
        if not in_y.any():
            raise _problem(f"year {y} is not in the reference table", column=year)
        sel = in_y & ~is_tot & (pos >= 0)
        np.add.at(E[k], pos[sel], vals[sel])
        if total == "sum" or (total == "auto" and not is_tot.any()):
            T[k] = vals[in_y & ~is_tot].sum()
        elif (in_y & is_tot).sum() != 1:
            raise _problem(f"reference table needs one {total_code!r} row for {y}; pass "
                           "total='sum' to use the sum over industries")
        else:
            T[k] = vals[in_y & is_tot][0]
    return E, T


def _components(e0, e1, E0, E1, T0, T1, method):
    """All components for regions × industries arrays; the last one a residual."""
    G = T1 / T0 - 1.0
    started = e0 != 0
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(E0 != 0, E1 / E0 - 1.0, np.nan)
        c = {"observed_change": e1 - e0, "national_share": e0 * G}
        c["industry_mix"] = np.where(started, e0 * (g - G), 0.0)
        c["competitive_share"] = c["observed_change"] - np.where(started, e0 * g, 0.0)
        c["net_total_shift"] = c["industry_mix"] + c["competitive_share"]
        if method == "gerfin":
            return _gerfin(e0, e1, g, G, started, c)
        if method == "dunn":
            return c, g, G
        s0, s1 = e0.sum(axis=1, keepdims=True), e1.sum(axis=1, keepdims=True)
        hom = s0 * (E0 / E0.sum())  # homothetic start values: the reference's structure
        dr = np.where(started, e1 / e0 - 1.0 - g, 0.0)  # r_i - g_i
        if method == "esteban-marquillas":
            c["competitive_homothetic"] = np.where(started, hom * dr, 0.0)
            c["allocation_effect"] = c["competitive_share"] - c["competitive_homothetic"]
            return c, g, G
        r = s1 / s0 - 1.0
        c["regional_growth_effect"] = np.where(started, e0 * (r - G), 0.0)
        c["industry_mix_homothetic"] = np.where(hom != 0, hom * (g - G), 0.0)
        c["industry_mix_allocation"] = c["industry_mix"] - c["industry_mix_homothetic"]
        c["regional_mix"] = c["competitive_share"] - c["regional_growth_effect"]
        c["regional_mix_homothetic"] = np.where(started, hom * (dr - (r - G)), 0.0)
        c["regional_mix_allocation"] = c["regional_mix"] - c["regional_mix_homothetic"]
    return c, g, G


def _gerfin(e0, e1, g, G, started, c):
    expected = np.where(started, e0 * (1.0 + g), 0.0)
    c = {"expected_end": expected,
         "industry_mix_ratio": (1.0 + g) / (1.0 + G),
         "competitive_share_ratio": np.where(started, e1 / expected, np.nan),
         "net_total_shift_ratio": np.where(started, e1 / e0 / (1.0 + G), np.nan)}
    return c, g, G


def _gerfin_sums(e0, e1, expected, G):
    s0, s1, x = e0.sum(axis=1), e1.sum(axis=1), expected.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"expected_end": x, "industry_mix_ratio": x / (s0 * (1.0 + G)),
                "competitive_share_ratio": s1 / x, "net_total_shift_ratio": s1 / s0 / (1.0 + G)}


def _columns(method):
    return {
        "dunn": ["national_share", "industry_mix", "competitive_share"],
        "esteban-marquillas": ["national_share", "industry_mix", "competitive_share",
                               "competitive_homothetic", "allocation_effect"],
        "arcelus": ["national_share", "industry_mix", "industry_mix_homothetic",
                    "industry_mix_allocation", "competitive_share", "regional_growth_effect",
                    "regional_mix", "regional_mix_homothetic", "regional_mix_allocation"],
        "gerfin": ["expected_end", "industry_mix_ratio", "competitive_share_ratio",
                   "net_total_shift_ratio"],
    }[method] + ([] if method == "gerfin" else ["net_total_shift", "observed_change"])


def _check_method(method, allowed=METHODS):
    if method not in allowed:
        raise ValueError(f"method must be one of {', '.join(map(repr, allowed))}, not {method!r}")


def _tidy(a, e0, e1, comps, g, G, method, start, end, value, by, region, summed):
    """Long table of regions × industries (or per-region sums)."""
    cols = _columns(method)
    R, I = e0.shape
    if summed:
        with np.errstate(invalid="ignore"):
            data = ({k: comps[k].sum(axis=1) for k in cols} if method != "gerfin"
                    else _gerfin_sums(e0, e1, comps["expected_end"], G))
        keep = a.present.any(axis=1)
        out = {region: a.regions[keep], "start_year": start, "end_year": end,
               f"{value}_start": e0.sum(axis=1)[keep], f"{value}_end": e1.sum(axis=1)[keep],
               "reference_total_rate": G}
        out.update({k: data[k][keep] for k in cols})
        return pd.DataFrame(out)
    idx = np.flatnonzero(a.present.ravel())
    ri, ii = idx // I, idx % I
    out = {region: a.regions.take(ri), by: a.industries.take(ii), "start_year": start,
           "end_year": end, f"{value}_start": e0.ravel()[idx], f"{value}_end": e1.ravel()[idx],
           "reference_rate": g[ii], "reference_total_rate": G}
    out.update({k: np.broadcast_to(comps[k], (R, I)).ravel()[idx] for k in cols})
    return pd.DataFrame(out)


def _period(start, end):
    if int(end) <= int(start):
        raise ValueError(f"end year ({end}) must be after start year ({start})")
    return int(start), int(end)


def shift_share(
    df: pd.DataFrame,
    *,
    start: int,
    end: int,
    reference,
    method: str = "dunn",
    value: str = "employment",
    by: str = "industry",
    region: str = "region",
    year: str = "year",
    total: str = "auto",
    total_code: str = "TOTAL",
    summed: bool = False,
) -> pd.DataFrame:
    """Shift-share decomposition of every region's change between two years.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy panel or cluster table (for :func:`aggregate_clusters` output pass
        ``by="cluster", total_code="total"``). Rows with ``by == total_code``
        are not an industry; a region × industry without a row in a year
        counts as 0 (an industry that enters or leaves), a missing (NaN,
        suppressed) value makes its results and the region's sums missing.
    start, end : int
        The two years compared.
    reference : None, str or pandas.DataFrame
        Where the growth rates :math:`g_i` and :math:`G` come from: ``None``
        the sum of all regions in the table, a region code (e.g. ``"DG"``; its
        rows are not returned) or a DataFrame with ``year``, ``by`` and
        ``value`` columns (e.g. national employment by industry).
    method : {"dunn", "esteban-marquillas", "arcelus", "gerfin"}
        Decomposition (see Notes).
    value, by, region, year : str
        Measure and key columns.
    total : {"auto", "row", "sum"}
        Reference total for :math:`G`: ``"row"`` its ``total_code`` row (the
        sum of the regions' total rows for ``reference=None``), ``"sum"`` the
        sum over its industries, ``"auto"`` the row when there is one. The
        analysed regions' own total rows are never used.
    total_code : str
        Code of the total rows.
    summed : bool
        Return one row per region (components summed over industries) instead
        of one per region × industry.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``by`` (not when summed), ``start_year``, ``end_year``,
        ``{value}_start``, ``{value}_end``, ``reference_rate`` (:math:`g_i`,
        a fraction; not when summed), ``reference_total_rate`` (:math:`G`),
        then the components of ``method`` (in persons, or ratios for Gerfin):

        * ``"dunn"``: ``national_share``, ``industry_mix``,
          ``competitive_share``, ``net_total_shift``, ``observed_change``;
        * ``"esteban-marquillas"``: adds ``competitive_homothetic`` and
          ``allocation_effect`` (they sum to ``competitive_share``);
        * ``"arcelus"``: adds ``industry_mix_homothetic``,
          ``industry_mix_allocation``, ``regional_growth_effect``,
          ``regional_mix``, ``regional_mix_homothetic``,
          ``regional_mix_allocation``;
        * ``"gerfin"``: ``expected_end``, ``industry_mix_ratio``,
          ``competitive_share_ratio``, ``net_total_shift_ratio``.

    Notes
    -----
    With :math:`e_{i0}, e_{i1}` the region's and :math:`E_{i0}, E_{i1}` the
    reference's values, :math:`g_i = E_{i1}/E_{i0} - 1`, :math:`G` the growth
    of the reference total, :math:`r_i = e_{i1}/e_{i0} - 1`, :math:`r` the
    growth of the region's sum over industries and
    :math:`\\hat e_{i0} = e_0 E_{i0} / \\sum_k E_{k0}` the homothetic value:

    .. math::

        NS_i = e_{i0} G, \\quad IM_i = e_{i0}(g_i - G), \\quad
        CS_i = e_{i1} - e_{i0}(1 + g_i), \\quad
        NS_i + IM_i + CS_i = e_{i1} - e_{i0}

    Esteban-Marquillas: :math:`CS_i = \\hat e_{i0}(r_i - g_i) + (e_{i0} -
    \\hat e_{i0})(r_i - g_i)` (homothetic competitive + allocation effect).
    Arcelus: :math:`CS_i = e_{i0}(r - G) + RM_i` (regional growth effect +
    regional mix), and :math:`IM_i` and :math:`RM_i =
    e_{i0}[(r_i - r) - (g_i - G)]` are split into homothetic and allocation
    parts in the same way. Gerfin: :math:`(1+g_i)/(1+G)`,
    :math:`(1+r_i)/(1+g_i)` and their product; summed, :math:`\\sum e_{i0}(1+g_i)
    / (e_0(1+G))`, :math:`e_1 / \\sum e_{i0}(1+g_i)` and :math:`(e_1/e_0)/(1+G)`.

    :math:`CS_i` is computed as :math:`e_{i1} - e_{i0}(1+g_i)`, not as REAT's
    :math:`e_{i0}(e_{i1}/e_{i0} - g_i - 1)`, so an industry that starts at
    zero gets :math:`CS_i = e_{i1}` instead of NaN. Its growth rate
    :math:`r_i` is undefined: its homothetic parts are 0 and the allocation
    parts carry the rest, its Gerfin competitive and net ratios are missing.

    References
    ----------
    Dunn, E. S. (1960). A statistical and analytical technique for regional
    analysis. *Papers in Regional Science* 6(1), 97-112.
    Esteban-Marquillas, J. M. (1972). A reinterpretation of shift-share
    analysis. *Regional and Urban Economics* 2(3), 249-255.
    Arcelus, F. J. (1984). An extension of shift-share analysis. *Growth and
    Change* 15(1), 3-8.
    Gerfin, H. (1964). Gesamtwirtschaftliches Wachstum und regionale
    Entwicklung. *Kyklos* 17(4), 565-593.
    Farhauer, O. & Kröll, A. (2013). *Standorttheorien*. Springer.

    Examples
    --------
    Farhauer & Kröll (2013), region A against the nation:

    >>> region = pd.DataFrame({"region": "A", "year": [2000] * 4 + [2001] * 4,
    ...     "industry": list("1234") * 2,
    ...     "employment": [90.0, 20, 10, 60, 100, 40, 10, 55]})
    >>> nation = pd.DataFrame({"year": [2000] * 4 + [2001] * 4,
    ...     "industry": list("1234") * 2,
    ...     "employment": [400.0, 150, 150, 400, 440, 210, 135, 480]})
    >>> s = shift_share(region, start=2000, end=2001, reference=nation, summed=True)
    >>> s[["national_share", "industry_mix", "competitive_share", "observed_change"]].round(9)
       national_share  industry_mix  competitive_share  observed_change
    0            27.0           1.0               -3.0             25.0
    """
    _check_method(method)
    start, end = _period(start, end)
    a = _extract(df, [start, end], reference, value, by, region, year, total, total_code)
    e0, e1 = a.e[0], a.e[1]
    comps, g, G = _components(e0, e1, a.E[0], a.E[1], a.T[0], a.T[1], method)
    return _tidy(a, e0, e1, comps, g, G, method, start, end, value, by, region, summed)
